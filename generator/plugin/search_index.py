"""Feeding Material's search index: the generated pages' entries, made from their sections (``search_sections.py``),
and the index of a dirty rebuild completed. Everything the plugin does for Material's search is here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from .search_sections import search_sections

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def search_index(config: MkDocsConfig) -> list[dict[str, Any]] | None:
    """The entries of Material's search index, if Material's search plugin is on (it makes the index anew in
    each build's on_config)."""
    search = config.plugins.get("material/search")
    if search is None or not search.config.get("enabled", True):
        return None
    return cast("list[dict[str, Any]] | None", getattr(getattr(search, "search_index", None), "entries", None))


def entries(url: str, title: str, content: str) -> list[dict[str, Any]]:
    """A page's search index entries, as Material's search plugin makes them (location, title, text), read with
    lxml (``search_sections.py``)."""
    return [
        {
            "location": f"{url}#{section.anchor}" if section.anchor else url,
            "title": section.title or title,
            "text": section.text,
        }
        for section in search_sections(content)
    ]


class DirtyIndex:
    """The search index of the live preview's dirty rebuilds, which index only the pages they build.

    Material merges in the previous index as if a rebuild built one page (it drops what the first entry's URL
    starts, and keeps all else twice over when more were built); here many are. So the index is completed here,
    page by page, from the previous build's entries of the pages not built this time, and Material is given
    nothing to merge.
    """

    def __init__(self) -> None:
        self.indexed: list[dict[str, Any]] = []  # the search index of the last build

    def complete(self, config: MkDocsConfig, pages: set[str], built: set[str]) -> None:
        """Before Material writes the index: the entries of ``pages`` (URLs) not ``built`` are added back."""
        index = search_index(config)
        if index is None:
            return
        kept = [
            entry for entry in self.indexed if (url := entry["location"].split("#", 1)[0]) in pages and url not in built
        ]
        index[:0] = kept
        self.indexed = list(index)
        search = config.plugins.get("material/search")
        if search is not None and hasattr(search, "search_index_prev"):
            search.search_index_prev = None
