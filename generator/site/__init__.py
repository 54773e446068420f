"""What the site is made of: facts derived from the content, the pages, their views and the open data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..content.errors import ContentError, SourceError
from ..content.settings import Settings
from ..content.validate import ParseCache, ReportMap, load_content
from .derive import Site, derive_site

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path


__all__ = ["ContentError", "Settings", "Site", "SourceError", "derive_site", "load_content", "read_site"]


def read_site(
    content_dir: Path,
    settings: Settings,
    today: dt.date,
    *,
    shown_root: Path | None = None,
    cache: ParseCache | None = None,
    map_reports: ReportMap | None = None,
) -> Site:
    """Load, check and derive the whole site; raise ContentError listing every mistake."""
    content, errors = load_content(
        content_dir,
        settings,
        shown_root,
        cache,
        map_reports=map_reports,
    )
    if errors:
        raise ContentError(errors)
    return derive_site(content, today)
