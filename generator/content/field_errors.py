"""Editors' messages for what the front-matter models refuse.

pydantic names each failure by its ``loc`` (the path of keys the loader read). That path is walked
through the model's types to the key the editor wrote (its line is the one the loader recorded) and
to the ``Check`` of its type; the message says what is wrong and how to fix it, in the editor's words.
A union that fails is reported once, as its field's kind, whichever members failed.
"""

from __future__ import annotations

import difflib
import re
import types
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .dates import DateFormatError, Duration, PartialDate
from .errors import SourceError
from .files import KeyPath, format_key
from .frontmatter import LAST_YEAR, TEXT_PATTERN, UNKNOWN_DATE, Check
from .model import Grade

if TYPE_CHECKING:
    from .files import RawDocument

_GRADES = tuple(g.value for g in Grade)
_TEXT = re.compile(TEXT_PATTERN)


@dataclass(frozen=True, slots=True)
class _Located:
    """Where a failure is: the editor's key path, the check of its type, the type, whose key it is."""

    path: KeyPath
    check: Check | None
    core: Any
    owner: type[BaseModel]
    required: bool = False


def validate(model: type[BaseModel], doc: RawDocument) -> tuple[list[SourceError], set[KeyPath]]:
    """Check ``doc.data`` against ``model``: the errors, and the key paths whose values are not to be used."""
    try:
        model.model_validate(doc.data)
    except ValidationError as error:
        return translate(model, doc, error)
    return [], set()


def translate(
    model: type[BaseModel], doc: RawDocument, error: ValidationError
) -> tuple[list[SourceError], set[KeyPath]]:
    """One message per key path that failed (the first failure of a union stands for all of its members)."""
    found: dict[KeyPath, SourceError] = {}
    for detail in error.errors(include_url=False, include_context=False, include_input=False):
        place = _locate(model, detail["loc"])
        path = place.path
        if detail["type"] == "extra_forbidden":
            path = (*path, str(detail["loc"][-1]))
        if path in found or any(path[:n] in found for n in range(len(path))):
            continue
        found[path] = _message(doc, detail["type"], detail["loc"], place, path)
    return list(found.values()), set(found)


def _locate(model: type[BaseModel], loc: tuple[int | str, ...]) -> _Located:
    path: list[str | int] = []
    node: Any = model
    owner = model
    required = False
    key_type: Any = None
    for part in loc:
        _check, core = resolve(node)
        if part == "[key]" and key_type is not None:
            node = key_type
            break
        if isinstance(core, type) and issubclass(core, BaseModel) and part in core.model_fields:
            info = core.model_fields[str(part)]
            owner, required = core, info.is_required()
            node = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        elif get_origin(core) is list and isinstance(part, int):
            node = get_args(core)[0]
        elif get_origin(core) is dict and isinstance(part, str):
            key_type, node = get_args(core)
        else:
            break  # a member of a union: its field's own check words the message
        path.append(part)
    check, core = resolve(node)
    if isinstance(core, type) and issubclass(core, BaseModel):
        owner = core  # an unknown key is one of this model's
    return _Located(tuple(path), check, core, owner, required)


def resolve(node: Any) -> tuple[Check | None, Any]:
    """The outermost ``Check`` of a type, and the type without ``Annotated`` layers and ``None``."""
    check = None
    while True:
        if get_origin(node) is Annotated:
            found = next((m for m in node.__metadata__ if isinstance(m, Check)), None)
            check = check or found
            node = node.__origin__
        elif get_origin(node) in (Union, types.UnionType) and type(None) in get_args(node):
            rest = [a for a in get_args(node) if a is not type(None)]
            if len(rest) != 1:
                return check, node
            node = rest[0]
        else:
            return check, node


def _message(doc: RawDocument, kind: str, loc: tuple[int | str, ...], place: _Located, path: KeyPath) -> SourceError:
    shown = format_key(path)
    if kind == "extra_forbidden":
        allowed = tuple(place.owner.model_fields)
        problem = f"unknown key{did_you_mean(str(path[-1]), allowed)} — the keys allowed here are {', '.join(allowed)}"
        return SourceError(doc.path, doc.line(*path), shown, problem)
    if loc[-1] == "[key]":
        key = str(path[-1])
        problem = f"{key!r} is not a grade{did_you_mean(key, _GRADES)} — use one of {', '.join(_GRADES)}"
        return SourceError(doc.path, doc.line(*path), shown, problem)
    value = value_at(doc.data, path)
    if kind == "missing" or value is None:
        return _missing(doc, place, path)
    return SourceError(doc.path, doc.line(*path), shown, _wrong(place, value))


def _missing(doc: RawDocument, place: _Located, path: KeyPath) -> SourceError:
    kind = place.check.kind if place.check else ""
    line = doc.line(*path[:-1])
    if kind == "published":
        fix = "write the publication date (YYYY, YYYY-MM or YYYY-MM-DD), or unknown"
        return SourceError(doc.path, 1, format_key(path), f"this key is required — {fix}")
    if kind == "date":
        problem = "this key is required — write a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    elif kind == "url":
        problem = "this key is required — add the address (https://...)"
    else:
        problem = "this key is required and is missing or empty — add it"
    return SourceError(doc.path, line, format_key(path), problem)


def _wrong(place: _Located, value: Any) -> str:
    core, kind = place.core, (place.check.kind if place.check else "")
    if isinstance(core, type) and issubclass(core, BaseModel):
        if isinstance(place.path[-1], int):
            return (
                f"expected an entry with keys {', '.join(core.model_fields)}, got {describe(value)} "
                "— write the entry as key: value lines"
            )
        return f"expected {core.shape}, got {describe(value)} — write its keys on the lines below it, indented"  # type: ignore[attr-defined]
    if get_origin(core) is list:
        _item_check, item = resolve(get_args(core)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return f"expected a list of entries, got {describe(value)} — start each entry on its own line with '- '"
        return f"expected a list, got {describe(value)} — put each item on its own line starting '- '"
    if get_origin(core) is dict:
        return "expected grade: count pairs, e.g. {adequate: 5, weak: 4}"
    if kind in {"date", "published"}:
        return date_problem(value, unknown=kind == "published") or "expected a date"
    if kind == "due":
        return due_problem(value) or "expected a date or a duration"
    if kind == "refs":
        return _refs_problem(place, value)
    if kind == "count":
        return f"expected a whole number of indicators (1 or more), got {value!r} — write the count"
    if not isinstance(value, str) or isinstance(value, bool):
        return f"expected text, got {describe(value)} — put the text in double quotes"
    if kind == "url":
        return (
            f"expected an absolute http(s) address, got {value!r} — "
            "write the full address, such as https://example.org/"
        )
    if kind in {"choice", "grade"}:
        allowed = [str(a) for a in get_args(core)]
        return f"{value!r} is not allowed{did_you_mean(value, allowed)} — use one of {', '.join(allowed)}"
    return _text_problem(kind, value, required=place.required)


def _text_problem(kind: str, value: str, *, required: bool) -> str:
    if not value.strip():
        return (
            "this key is required and is empty — add its text"
            if required
            else ("this key is empty — add its text, or remove the key")
        )
    if kind == "slug":
        suggestion = as_slug(value)
        return f"{value!r} is not a slug — use lowercase letters, digits and single hyphens, e.g. {suggestion!r}"
    if kind == "theme":
        return f"{value!r} is not a theme id — use lowercase words joined by hyphens"
    return "text fields are plain text — remove the HTML or script (<...>, javascript:)"


def _refs_problem(place: _Located, value: Any) -> str:
    form = "<area>/<report>#<commitment>" if place.path[-1] == "closes" else "<area>/<report>"
    if isinstance(value, list) and value:
        index, item = next(((i, v) for i, v in enumerate(value) if not _is_text(v)), (0, value[0]))
        return f"expected a list of ids, but entry {index} is {describe(item)} — write each id as text, {form}"
    return f"expected an id or a list of ids, got {describe(value)} — write {form}, or a list of them"


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(_TEXT.match(value))


def date_problem(value: Any, *, unknown: bool = False) -> str | None:
    """What is wrong with a date as written (None when it is a real date from year 1 to ``LAST_YEAR``)."""
    if unknown and value == UNKNOWN_DATE:
        return None
    date = read_date(value)
    return date if isinstance(date, str) else None


def read_date(value: Any) -> PartialDate | str:
    """The date as written, or what is wrong with it."""
    text = date_text(value)
    if text is None:
        return f"expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got {describe(value)}"
    try:
        date = PartialDate.parse(text)
    except DateFormatError as error:
        return str(error)
    return date if 1 <= date.year <= LAST_YEAR else out_of_range(text)


def due_problem(value: Any) -> str | None:
    """What is wrong with a due date or duration as written (None when it reads as one)."""
    text = date_text(value)
    if text is None:
        return f"expected a date or a duration such as '12 months', got {value!r} — write one of those"
    if text[:1].isdigit() and "-" in text:
        return date_problem(text)
    try:
        Duration.parse(text)
    except DateFormatError as error:
        return date_problem(text) if text.isdigit() else str(error)
    return None


def date_text(value: object) -> str | None:
    """A date value as text (YAML reads ``2019`` as a number), or None when it cannot be one."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value).strip()


def out_of_range(text: str) -> str:
    return f"{text!r} is out of range — write a year from 0001 to {LAST_YEAR}"


def value_at(data: Any, path: KeyPath) -> Any:
    """The value the editor wrote at ``path`` (None where there is none)."""
    for part in path:
        if not isinstance(data, dict | list):
            return None
        try:
            data = data[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def as_slug(name: str) -> str:
    """The slug a name most likely means: ``North Ayrshire`` -> ``north-ayrshire``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def did_you_mean(value: str, candidates: object) -> str:
    """`` (did you mean 'x'?)`` for the nearest candidate, or nothing."""
    matches = difflib.get_close_matches(value, [str(c) for c in candidates], n=1, cutoff=0.6)  # type: ignore[attr-defined]
    return f" (did you mean {matches[0]!r}?)" if matches else ""


def describe(value: object) -> str:
    """A value as an editor wrote it, for a message."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no values must be quoted to be text)"
    if isinstance(value, dict):
        return "a set of keys"
    if isinstance(value, list):
        return "a list"
    return repr(value)
