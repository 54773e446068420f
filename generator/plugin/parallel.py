"""Generated pages rendered by worker processes too (``generator/build/workers.py``), so a build uses every core.

MkDocs renders one page after another. From ``on_nav``, workers render the Markdown of record pages from the
last while MkDocs goes on from the first; from ``on_env``, workers build whole generated pages from the last and
write them, as MkDocs' ``_build_page`` would. When MkDocs reaches a page a worker did, the build takes its
result: for a page a worker wrote, the plugin's part (what the navigation, the search index and the <head>
need), then ``main.html`` renders nothing (``prerendered``) and MkDocs writes nothing over it. A page no worker
did, the build renders itself, as it would alone; the output is the same either way.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING, Any, cast

from mkdocs.commands.build import get_context
from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import write_file

from ..build import Workers, stopping, uninterrupted
from .rendering import LISTINGS, RecordPage, RenderedPage

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from ..site.pages import PageSpec

log = get_plugin_logger("inspections")

# Fewer pages than this are not worth a worker.
MIN_PAGES = 50


class ParallelPages:
    """The generated pages of one build that workers render too."""

    def __init__(self, workers: Workers, plugin: BasePlugin[Any]) -> None:
        self.workers = workers
        self.plugin = plugin
        self.prerendered: set[str] = set()  # the pages (src_uri) a worker built and wrote whole
        self._skipping = False  # whether MkDocs is skipping the page a worker wrote
        self.skip_filter = _SkippedFilter(self)

    def pages(self, files: Files, config: MkDocsConfig, specs: dict[str, PageSpec]) -> list[tuple[Page, PageSpec]]:
        """The generated pages, in MkDocs' order, if workers may render them; else none."""
        if self.workers.processes < 2:
            return []
        # What a worker renders must be all any plugin does to those pages at those stages.
        own = {self.plugin}
        for event in ("pre_page", "page_markdown", "page_content", "page_context", "post_page"):
            if any(getattr(handler, "__self__", None) not in own for handler in config.plugins.events[event]):
                log.debug(f"record pages rendered in one process: another plugin handles {event}")
                return []
        return [
            (file.page, spec)
            for file in files.documentation_pages()
            if file.page is not None and (spec := specs.get(file.src_uri)) is not None
        ]

    def start_markdown(self, files: Files, config: MkDocsConfig, pages: list[tuple[Page, PageSpec]]) -> None:
        """Workers render the Markdown of the record pages with a body; ``RecordPage.render`` takes it."""
        records = [page for page, _ in pages if isinstance(page, RecordPage) and page.spec.body.strip()]

        def markdown(src_uri: str) -> dict[str, Any]:
            return cast("RecordPage", files.src_uris[src_uri].page).markdown_result(config, files)

        keys, weights = [p.file.src_uri for p in records], [len(p.spec.body) for p in records]
        if self.workers.start("markdown", keys, weights, markdown, MIN_PAGES):
            for page in records:
                page.workers = self.workers

    def start_pages(
        self,
        files: Files,
        config: MkDocsConfig,
        nav: Navigation,
        env: Environment,
        pages: list[tuple[Page, PageSpec]],
        *,
        rendered: Callable[[], RenderedPage | None],
    ) -> None:
        """Workers build and write whole generated pages, as MkDocs' ``_build_page`` does (without its
        ``excluded`` marker: generated pages are never drafts); ``rendered()`` is what the plugin's
        ``on_page_context`` made of the last page."""
        self.workers.close("markdown")  # every page's Markdown is rendered by now
        self.prerendered.clear()
        doc_files = files.documentation_pages()

        def build_page(src_uri: str) -> RenderedPage:
            self.workers.forget()  # what a worker is given, it renders itself
            page = cast("Page", files.src_uris[src_uri].page)
            page.active = True  # as MkDocs does: the theme's signal that this is the current page
            try:
                context = get_context(nav, doc_files, config, page)
                template = env.get_template(page.meta.get("template", "main.html"))
                context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
                output = config.plugins.on_post_page(template.render(context), page=page, config=config)
            finally:
                page.active = False
            if not output.strip() or stopping():
                raise ValueError(src_uri)  # MkDocs would skip it, or the build has built it: left to the build
            # Whole even if the build stops this worker meanwhile (the build may be writing the same bytes).
            with uninterrupted():
                write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
            made = rendered()
            assert made is not None
            return dataclasses.replace(made, content="")  # the build needs no content: the page is written

        # About what each page costs: a listing several record pages, a record page more for a longer text.
        weights = [8 if spec.kind in LISTINGS else 1 + len(page.content or "") / 20_000 for page, spec in pages]
        keys = [page.file.src_uri for page, _ in pages]
        if self.workers.start("pages", keys, weights, build_page, MIN_PAGES):
            _build_log().addFilter(self.skip_filter)

    def take(self, page: Page) -> RenderedPage | None:
        """In ``on_page_context``: what a worker made of the page if it built and wrote it, else None."""
        self._skipping = False
        taken = self.workers.take("pages", page.file.src_uri)
        if taken is not None:
            self.prerendered.add(page.file.src_uri)
        return cast("RenderedPage | None", taken)

    def skip(self, page: Page) -> bool:
        """In ``on_post_page``: whether MkDocs is to write nothing for the page (a worker wrote it)."""
        self._skipping = page.file.src_uri in self.prerendered
        return self._skipping

    def close(self) -> None:
        """At the end of the build (or on an error): every worker stops."""
        self.workers.close()
        _build_log().removeFilter(self.skip_filter)


class _SkippedFilter(logging.Filter):
    """Drops the note MkDocs' ``_build_page`` logs (its one INFO record) when it writes nothing for a page a
    worker wrote: the page is not skipped, only written already."""

    def __init__(self, pages: ParallelPages) -> None:
        super().__init__()
        self.pages = pages

    def filter(self, record: logging.LogRecord) -> bool:
        skipped = record.levelno == logging.INFO and record.funcName == "_build_page"
        return not (skipped and self.pages._skipping)


def _build_log() -> logging.Logger:
    """MkDocs' build log, under whichever name its module is loaded (ProperDocs loads it as its own)."""
    return logging.getLogger(get_context.__module__)
