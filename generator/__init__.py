"""Turns inspection reports and progress reviews, written as Markdown, into a cross-linked site.

The core (``load``, ``validate``, ``derive``, ``pages``, ``export``) is plain Python;
``generator.plugin`` is the MkDocs glue and the only module that imports MkDocs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .derive import Site, derive_site
from .errors import ContentError, SourceError
from .settings import Settings
from .validate import ParseCache, load_content

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable
    from pathlib import Path

    from .languages import Language

__all__ = ["ContentError", "Settings", "Site", "SourceError", "derive_site", "load_content", "read_site"]


def read_site(
    content_dir: Path,
    settings: Settings,
    today: dt.date,
    *,
    shown_root: Path | None = None,
    cache: ParseCache | None = None,
    processes: int = 1,
    languages: Path | None = None,
    languages_ahead: Callable[[], dict[str, Language]] | None = None,
) -> Site:
    """Load, check and derive the whole site; raise ContentError listing every mistake."""
    content, errors = load_content(
        content_dir,
        settings,
        shown_root,
        cache,
        processes=processes,
        languages=languages,
        languages_ahead=languages_ahead,
    )
    if errors:
        raise ContentError(errors)
    return derive_site(content, today)
