"""JSON Schema of the front matter, for editors' YAML-aware editors and for tools.

Built from the same key lists and choices the validator uses (``AREA_KEYS``,
``REPORT_KEYS``, the configured report types and ratings, the grade scale), so
the published schema cannot drift from what ``check`` accepts. The validator
stays the authority: it also checks what a schema cannot (references, dates
that exist, headings).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..content.model import RAG, Grade
from ..content.validate import AREA_KEYS, REPORT_KEYS, UNKNOWN_DATE

if TYPE_CHECKING:
    from ..content.settings import Settings

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_DATE = {
    "type": ["string", "integer"],
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "description": "YYYY, YYYY-MM or YYYY-MM-DD",
}
_TEXT = {"type": "string", "minLength": 1}
_SLUG = {"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$"}
_URL = {"type": "string", "pattern": r"^https?://", "format": "uri"}
_SPAN = {
    "type": "object",
    "properties": {"start": _DATE, "end": _DATE},
    "required": ["start"],
    "additionalProperties": False,
}


def area_schema() -> dict[str, Any]:
    """The schema of an area file's front matter."""
    properties = {
        "name": {**_TEXT, "description": "Display name, e.g. South Ayrshire"},
        "kind": {**_TEXT, "description": "e.g. Community planning partnership"},
        "council": {**_TEXT, "description": "The council among the partners"},
        "health_board": {**_TEXT, "description": "The health board among the partners"},
        "website": {**_URL, "description": "Absolute http(s) address"},
    }
    return _object("Area front matter", properties, ["name"], AREA_KEYS)


def report_schema(settings: Settings) -> dict[str, Any]:
    """The schema of a report file's front matter, with the configured report types and ratings."""
    types = {"enum": list(settings.report_types)}
    ref_list = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    properties = {
        "title": {**_TEXT, "description": "The publication's title"},
        "type": {**types, "description": "The kind of publication"},
        "published": {
            "oneOf": [_DATE, {"const": UNKNOWN_DATE}],
            "description": "Date at the source's precision, or unknown",
        },
        "area": {**_SLUG, "description": "Must equal the folder name"},
        "fieldwork": _SPAN,
        "period": {**_SPAN, "description": "For performance reports: the period covered"},
        "bodies": {"type": "array", "items": _TEXT},
        "follows": {**ref_list, "description": "Report id(s) <area>/<report> this publication follows"},
        "source": {
            "type": "object",
            "properties": {"url": _URL, "format": _TEXT},
            "required": ["url"],
            "additionalProperties": False,
        },
        "evaluations": _items(
            {"indicator": _TEXT, "grade": {"enum": [g.value for g in Grade]}}, ["indicator", "grade"]
        ),
        "grade_summary": {
            "type": "object",
            "propertyNames": {"enum": [g.value for g in Grade]},
            "additionalProperties": {"type": "integer", "minimum": 1},
        },
        "strengths": {"type": "array", "items": _TEXT},
        "areas_for_improvement": _items(
            {"id": _SLUG, "text": _TEXT, "themes": {"type": "array", "items": _SLUG}, "title": _TEXT}, ["id", "text"]
        ),
        "progress": _items(
            {"afi": _TEXT, "rating": {"enum": list(settings.ratings)}, "summary": _TEXT, "section": _TEXT},
            ["afi", "rating"],
        ),
        "commitments": _items(
            {"id": _SLUG, "text": _TEXT, "type": types, "due": {"type": ["string", "integer"]}}, ["id", "text", "type"]
        ),
        "closes": {"type": "array", "items": {"type": "string", "pattern": "#"}},
        "outcomes": _items({"text": _TEXT, "rag": {"enum": [r.value for r in RAG]}}, ["text"]),
        "next_steps": _items(
            {"id": _SLUG, "text": _TEXT, "comment": _TEXT, "due": _DATE, "due_text": _TEXT}, ["id", "text"]
        ),
        "notice": {"type": "string", "description": "A notice id from notices.yml, or none"},
        "editor_note": {**_TEXT, "description": "A note by the site's editors, not part of the publication"},
    }
    return _object("Report front matter", properties, ["title", "type", "published"], REPORT_KEYS)


def _items(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "object", "properties": properties, "required": required, "additionalProperties": False},
    }


def _object(title: str, properties: dict[str, Any], required: list[str], keys: tuple[str, ...]) -> dict[str, Any]:
    missing = set(keys) ^ set(properties)
    if missing:  # a programmer error: the schema and the validator must list the same keys
        msg = f"schema and validator disagree on keys: {sorted(missing)}"
        raise AssertionError(msg)
    return {
        "$schema": DIALECT,
        "title": title,
        "type": "object",
        "properties": {key: properties[key] for key in keys},
        "required": required,
        "additionalProperties": False,
    }
