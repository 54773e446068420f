"""The open data, its JSON schemas, the feeds and the calendars: the files the site publishes besides pages."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from ..site.export import dumps, export_data
from ..site.feeds import alert_files
from ..site.schema import area_schema, report_schema

if TYPE_CHECKING:
    from ..content.settings import Settings
    from ..site.derive import Site

# The JSON schemas of the content, in the open data's schema/ folder.
SCHEMA_FILES = ("area.schema.json", "report.schema.json")


def data_files(
    site: Site,
    settings: Settings,
    *,
    publisher: dict[str, Any],
    data_dir: str,
    site_url: str,
    site_name: str,
    events: dict[Hashable, bytes] | None,
) -> dict[str, str | bytes]:
    """The files by URL; ``publisher``: who publishes the site, as data; ``events``: the calendar events of the
    last build, kept for the next (the live preview)."""
    made: dict[str, str | bytes] = {}
    for name, data in export_data(site, publisher).items():
        made[f"{data_dir}/{name}"] = dumps(data)
    schemas = dict(zip(SCHEMA_FILES, (area_schema(), report_schema(settings)), strict=True))
    for name, schema in schemas.items():
        made[f"{data_dir}/schema/{name}"] = dumps(schema)
    made.update(alert_files(site, site_url, site_name, events))
    return made
