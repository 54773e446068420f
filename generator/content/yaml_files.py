"""The two YAML files of the content folder: ``notices.yml`` and ``themes.yml``.

Their messages speak of YAML keys (these files have no front matter and no body).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .errors import SourceError
from .field_errors import describe, did_you_mean
from .files import format_key, load_yaml_file
from .frontmatter import SLUG_PATTERN, TEXT_PATTERN
from .languages import LanguageTagError, describe_language, suggest_tags
from .model import Notice, NoticeText, Theme

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from .files import RawDocument

_SLUG = re.compile(SLUG_PATTERN)
_TEXT = re.compile(TEXT_PATTERN)


def _slug_entries(doc: RawDocument, errors: list[SourceError], kind: str) -> Iterator[tuple[str, Any]]:
    """The entries of a YAML file of ids (notices, themes) whose id is a slug; an error for each other."""
    for key, value in doc.data.items():
        if _SLUG.match(key):
            yield key, value
        else:
            problem = f"a {kind} id must be a slug — use lowercase words joined by hyphens"
            errors.append(SourceError(doc.path, doc.line(key), key, problem))


def read_notices(path: Path, shown: str, errors: list[SourceError]) -> dict[str, Notice] | None:
    """The notices by id; None when the file cannot be read (its error is recorded)."""
    what = "a notice (an id, then its text in each language: en: ..., gd: ...)"
    doc = _load_mapping(path, shown, errors, what, "notice ids, each mapping language tags to texts")
    if doc is None:
        return None
    notices = {}
    for notice_id, texts in _slug_entries(doc, errors, "notice"):
        line = doc.line(notice_id)
        if not isinstance(texts, dict) or not texts:
            problem = "expected language tags mapped to texts, e.g. en: ..., gd: ..."
            errors.append(SourceError(doc.path, line, notice_id, problem))
            continue
        if "en" not in texts:
            problem = "every notice needs its English text first — add `en: ...`"
            errors.append(SourceError(doc.path, line, notice_id, problem))
        entries = []
        for tag in texts:
            shown_key, tag_line = f"{notice_id}.{tag}", doc.line(notice_id, tag)
            try:
                describe_language(tag)
            except LanguageTagError as error:
                problem, _, fix = str(error).partition(" — ")
                errors.append(SourceError(doc.path, tag_line, shown_key, f"{problem}{suggest_tags(tag)} — {fix}"))
                continue
            text = _text(doc, errors, texts, (notice_id, tag), required=True)
            if text:
                entries.append(NoticeText(tag, text))
        entries.sort(key=lambda entry: entry.lang != "en")
        notices[notice_id] = Notice(notice_id, tuple(entries))
    return dict(sorted(notices.items()))


def read_themes(path: Path, shown: str, errors: list[SourceError]) -> dict[str, Theme] | None:
    """The declared themes; None when the file cannot be read (its error is recorded, references are not)."""
    what = "a theme (an id, then name: ... and description: ...)"
    doc = _load_mapping(path, shown, errors, what, "theme ids, each with a name and a description")
    if doc is None:
        return None
    themes = {}
    for slug, value in _slug_entries(doc, errors, "theme"):
        if not isinstance(value, dict):
            errors.append(SourceError(doc.path, doc.line(slug), slug, "expected {name: ..., description: ...}"))
            continue
        for key in value:
            if key not in ("name", "description"):
                hint = did_you_mean(key, ("name", "description"))
                problem = f"unknown key{hint} — the keys allowed here are name, description"
                errors.append(SourceError(doc.path, doc.line(slug, key), f"{slug}.{key}", problem))
        name = _text(doc, errors, value, (slug, "name"), required=True)
        if name:
            themes[slug] = Theme(slug, name, _text(doc, errors, value, (slug, "description")))
    return themes


def _text(
    doc: RawDocument, errors: list[SourceError], data: dict[str, Any], path: tuple[str, str], *, required: bool = False
) -> str | None:
    value = data.get(path[-1])
    if value is None:
        if required:
            problem = "this key is required and is missing or empty — add it"
            errors.append(SourceError(doc.path, doc.line(*path[:-1]), format_key(path), problem))
        return None
    if not isinstance(value, str):
        problem = f"expected text, got {describe(value)} — put the text in double quotes"
    elif not value.strip():
        problem = "this key is empty — add its text" + ("" if required else ", or remove the key")
    elif not _TEXT.match(value):
        problem = "text fields are plain text — remove the HTML or script (<...>, javascript:)"
    else:
        return value.strip()
    errors.append(SourceError(doc.path, doc.line(*path), format_key(path), problem))
    return None


def _load_mapping(path: Path, shown: str, errors: list[SourceError], what: str, keys: str) -> RawDocument | None:
    """The YAML file when it reads as a mapping of ``keys``; None when not (its error is recorded)."""
    doc = load_yaml_file(path, shown, errors, what)
    if doc is None or isinstance(doc.data, dict):
        return doc
    problem = f"expected {keys}, got {describe(doc.data)} — write them as key: value lines"
    errors.append(SourceError(doc.path, doc.line(), "", problem))
    return None
