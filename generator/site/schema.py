"""JSON Schema of the front matter, for editors' YAML-aware editors and for tools.

Generated from the very models ``check`` validates every file against (``content/frontmatter.py``),
with the configured report types and ratings, so the published schema cannot drift from what ``check``
accepts. ``check`` also checks what a schema cannot (references, real calendar days, headings).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..content.frontmatter import AreaFrontMatter, models

if TYPE_CHECKING:
    from ..content.settings import Settings

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def area_schema() -> dict[str, Any]:
    """The schema of an area file's front matter."""
    return _published(AreaFrontMatter.model_json_schema(), "Area front matter")


def report_schema(settings: Settings) -> dict[str, Any]:
    """The schema of a report file's front matter, with the configured report types and ratings."""
    _area, report = models(settings.report_types, settings.ratings)
    return _published(report.model_json_schema(), "Report front matter")


def _published(schema: dict[str, Any], title: str) -> dict[str, Any]:
    return {"$schema": DIALECT, **schema, "title": title}
