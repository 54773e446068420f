"""The site's search: the search page, the facets of each searched page, and the index made after the build.

The index is Pagefind's (``generator/build/pagefind.py``), made from the finished site as the build's last step,
so it holds exactly what readers see. Every page but the few in Chinese or Japanese goes into one index read as
English: the notices in Urdu, Arabic, Polish, Gaelic and the rest stay findable by their own words, English keeps
its stemming, and a first query loads one index and one word-matching program (Pagefind makes one per language
of the index, some 70 KB each, so an index per notice language would multiply the first query's transfer).
Chinese and Japanese have no spaces between words: their pages get an index each, indexed in their own language
so that the extended indexer splits them into words, and the search page merges those small indexes in.
"""

from __future__ import annotations

import logging
import subprocess
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from ..build import IndexingError, IndexOptions, finish_index, start_index
from ..site.facets import FACETS, search_facets
from ..site.pages import Kind, url_for
from .config import turned_off

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

    from ..site.derive import Site
    from ..site.pages import PageSpec

log = logging.getLogger("mkdocs.plugins.inspections")

# The search page: its source, its URL and the template it is rendered with (overrides/finder.html).
SEARCH_PAGE = "search.md"
SEARCH_SOURCE = "---\ntemplate: finder.html\ntitle: Search\n---\n"

# The main bundle, and what the page marked to be indexed apart is marked with.
BUNDLE = "pagefind"
SEGMENTED_BODY = "data-search-segmented"


class SiteSearch:
    """What the inspections plugin does for search, event by event."""

    def __init__(self) -> None:
        self.bundles: list[IndexOptions] = []
        self.running: list[tuple[subprocess.Popen[bytes], Path, IndexOptions]] = []
        self.finishing: threading.Thread | None = None  # the live preview's, finishing the index in the background

    def add_page(self, files: Files, config: MkDocsConfig, site: Site | None, *, unchanged: bool = False) -> None:
        """Adds the search page (``unchanged``: a dirty rebuild leaves it as it is), and plans the bundles the
        index is made of."""
        if files.get_file_from_path(SEARCH_PAGE) is None:
            page = File.generated(config, SEARCH_PAGE, content=SEARCH_SOURCE, inclusion=InclusionLevel.NOT_IN_NAV)
            if unchanged:
                page.is_modified = _not_modified  # type: ignore[method-assign]
            files.append(page)
        self.bundles = [IndexOptions(BUNDLE, force_language="en")]
        if site is None:
            return
        for spec_key in sorted({text.lang for notice in site.content.notices.values() for text in notice.texts}):
            facets = search_facets(site, Kind.NOTICE, spec_key)
            if facets is not None and facets.segmented:
                url = url_for(Kind.NOTICE, spec_key)
                self.bundles.append(
                    IndexOptions(
                        f"{BUNDLE}-{spec_key.lower()}",
                        glob=f"{url}index.html",
                        root_selector=f"[{SEGMENTED_BODY}]",
                    )
                )

    def page_context(self, context: dict[str, Any], page: Page, spec: PageSpec | None, site: Site | None) -> None:
        """What main.html marks for the index on a searched page, and what the search page needs."""
        if page.file.src_uri == SEARCH_PAGE:
            context["finder"] = {
                "facets": FACETS,
                "bundles": [options.bundle + "/" for options in self.bundles],
            }
        elif spec is not None and site is not None:
            context["search_facets"] = search_facets(site, spec.kind, spec.key)

    def index(self, site_dir: Path, *, background: bool) -> None:
        """Indexes the finished site; the live preview's rebuilds leave it to finish in the background."""
        self.wait(stop=True)
        if turned_off("search"):  # the benchmark's build without the index, to compare with one from before it
            return
        self.running = [(start_index(site_dir, options), site_dir, options) for options in self.bundles]
        if background:
            # The preview serves the previous index until the new one is in place.
            log.info("The search index is being made in the background: search shows it in a few seconds.")
            self.finishing = threading.Thread(target=self._finish_quietly, args=(list(self.running),), daemon=True)
            self.finishing.start()
            return
        try:
            self.wait()
        except IndexingError as error:
            raise PluginError(f"search index: {error}") from None

    def _finish_quietly(self, running: list[tuple[subprocess.Popen[bytes], Path, IndexOptions]]) -> None:
        for process, site_dir, options in running:
            try:
                finish_index(process, site_dir, options)
            except (IndexingError, OSError) as error:
                if (process.returncode or 0) >= 0:  # not stopped for a newer rebuild's index
                    log.warning(f"search index: {error}")

    def wait(self, *, stop: bool = False) -> None:
        """Waits for the indexing started last (stops it first with ``stop``: a newer build replaces it)."""
        running, self.running = self.running, []
        finishing, self.finishing = self.finishing, None
        if finishing is not None:  # the preview's: finished in the background
            if stop:
                for process, _, _ in running:
                    process.kill()
            finishing.join()
            return
        for process, site_dir, options in running:
            if stop and process.poll() is None:
                process.kill()
                process.wait()
                continue
            try:
                finish_index(process, site_dir, options)
            except IndexingError as error:
                if not stop:
                    raise
                log.warning(f"search index: {error}")


def _not_modified() -> bool:
    return False
