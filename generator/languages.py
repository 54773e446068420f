"""Language tags (BCP 47): validity, autonyms and writing direction."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import hashlib
import importlib.metadata
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .kept import read_kept, write_kept

# Where CLDR's English name differs from the one UK public bodies use.
_ENGLISH_NAMES = {"bn": "Bengali", "zh-Hant": "Traditional Chinese", "zh-Hans": "Simplified Chinese"}
_WELL_FORMED = re.compile(r"[A-Za-z0-9]{1,8}(?:-[A-Za-z0-9]{1,8})*")
# Scripts written right to left (ISO 15924), for dir="rtl".
_RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand", "Samr"})


@dataclass(frozen=True, slots=True)
class Language:
    """A language as the site shows it.

    Attributes:
        tag: the BCP 47 tag as written (``zh-Hant``).
        autonym: its name in itself (``中文（繁體）``).
        english: its English name (``Traditional Chinese``).
        direction: ``ltr`` or ``rtl``.
        script: the ISO 15924 script it is written in (``Hant``).
    """

    tag: str
    autonym: str
    english: str
    direction: str
    script: str


class LanguageTagError(ValueError):
    """A tag that is malformed or names no known language."""


# The languages described so far in this process, by tag.
_described: dict[str, Language] = {}


def describe_language(tag: str) -> Language:
    """The language behind ``tag``; raise LanguageTagError for a malformed or unknown tag."""
    described = _described.get(tag)
    if described is None:
        described = _described[tag] = _describe(tag)
    return described


def _describe(tag: str) -> Language:
    # langcodes and its names of languages take over a tenth of a second to load, for what comes out the same
    # every time with the same versions of them: what was described is kept (recall_languages) and only a
    # tag never described before loads them.
    import langcodes  # noqa: PLC0415

    # langcodes also accepts POSIX-style "pa_IN"; BCP 47 subtags are ASCII letters and digits joined by hyphens.
    if not _WELL_FORMED.fullmatch(tag) or not langcodes.tag_is_valid(tag):
        msg = f"{tag!r} is not a valid BCP 47 language tag — use a tag such as en, gd, ur or zh-Hant"
        raise LanguageTagError(msg)
    standard = langcodes.standardize_tag(tag)
    if standard != tag:
        # "pol", "eng" or "EN" name a language, but pages must carry the standard tag screen readers expect.
        msg = f"{tag!r} is not the standard form of this language tag — write {standard!r}"
        raise LanguageTagError(msg)
    language = langcodes.Language.get(tag)
    if not language.language or not language.has_name_data():
        msg = f"{tag!r} names no known language — use a tag such as en, gd, ur or zh-Hant"
        raise LanguageTagError(msg)
    script = language.maximize().script or "Latn"
    english = _ENGLISH_NAMES.get(tag) or language.display_name("en")
    if "unknown" in english.lower():
        msg = f"{tag!r} names no known language — use a tag such as en, gd, ur or zh-Hant"
        raise LanguageTagError(msg)
    autonym = language.autonym()
    return Language(
        tag=tag,
        autonym=autonym[:1].upper() + autonym[1:],  # no change for scripts without capitals
        english=english,
        direction="rtl" if script in _RTL_SCRIPTS else "ltr",
        script=script,
    )


def known_tags() -> list[str]:
    """A few common tags, to suggest near misses from."""
    return ["en", "gd", "cy", "ga", "bn", "ur", "pa", "ar", "zh-Hant", "zh-Hans", "pl", "ro", "lt", "so", "fa", "he"]


def suggest_tags(tag: str) -> str:
    """' (did you mean 'gd' (Scottish Gaelic) or 'ga' (Irish)?)' for a near miss, or ''."""
    matches = difflib.get_close_matches(tag, known_tags(), n=2, cutoff=0.4)
    if not matches:
        return ""
    named = [f"{match!r} ({describe_language(match).english})" for match in matches]
    return f" (did you mean {' or '.join(named)}?)"


def described_languages() -> dict[str, Language]:
    """The languages described so far in this process, by tag (for ``learn_languages`` in another)."""
    return dict(_described)


def learn_languages(languages: dict[str, Language]) -> None:
    """Takes languages another process described (``described_languages``) as described here."""
    for tag, language in languages.items():
        _described.setdefault(tag, language)


def recall_languages(path: Path) -> bool:
    """Learns the languages that ``keep_languages`` wrote into ``path``, if the same versions of langcodes, its
    data and this module described them; anything else in ``path`` (another version, a damaged file) is ignored.
    Whether the file was kept by the same versions (then what it lacks is what the last build did not need)."""
    try:
        kept = json.loads(read_kept(path) or b"null")
        if not (versions := _versions()) or kept["versions"] != versions:
            return False
        recalled = {tag: Language(**fields) for tag, fields in kept["languages"].items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return False
    valid = {
        tag: language
        for tag, language in recalled.items()
        if language.tag == tag and all(isinstance(value, str) for value in dataclasses.astuple(language))
    }
    learn_languages(valid)
    return True


def keep_languages(path: Path) -> None:
    """Writes the languages described so far into ``path`` for ``recall_languages``, unless it has them all
    already; a folder that cannot be written leaves them unkept."""
    described = {tag: dataclasses.asdict(language) for tag, language in sorted(_described.items())}
    if not (versions := _versions()):
        return
    try:
        kept = json.loads(read_kept(path) or b"null")
        if kept["versions"] == versions and described.items() <= kept["languages"].items():
            return
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    text = json.dumps({"versions": versions, "languages": described}, ensure_ascii=False, indent=1)
    write_kept(path, text.encode())


@functools.cache  # the same all through a process; a build asks twice, the live preview at every rebuild
def _versions() -> dict[str, str]:
    """The versions of what describes languages: langcodes, its data and this module (whose names and
    directions are its own); none if a library's version is unknown, and then nothing is kept or recalled."""
    versions = {"languages.py": hashlib.sha256(Path(__file__).read_bytes()).hexdigest()}
    for name in ("langcodes", "language-data"):
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return {}
    return versions
