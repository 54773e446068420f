"""The MkDocs plugin's events: each hands off to the build's state (``site_build.py``) or the live preview
(``preview.py``). This package is the only one that imports MkDocs."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from mkdocs.commands.build import get_context
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.utils import CountHandler

from ..content.safe_html import SafeHtmlExtension
from .config import InspectionsConfig
from .preview import DirtyWarningFilter, Preview
from .search import SiteSearch
from .site_build import SiteBuild

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext


class InspectionsPlugin(BasePlugin[InspectionsConfig]):
    """Generates the area, report, AFI, index, timeline and notice pages and the open data."""

    def __init__(self) -> None:
        self.preview: Preview | None = None  # in the live preview (mkdocs serve)
        self.search = SiteSearch()
        self.build: SiteBuild | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this plugin alive across the live preview's rebuilds.
        if command == "serve":
            self.preview = Preview(dirty=dirty)
            if dirty:
                logging.getLogger(get_context.__module__).addFilter(DirtyWarningFilter())

    def on_shutdown(self) -> None:
        self.search.wait()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.build = None
        if not self.config.enabled:
            return None
        if self.preview is not None:
            # The live preview logs content errors and shows them on every page, but keeps serving; strict mode's
            # counter would stop it. `mkdocs build` stays strict.
            mkdocs_logger = logging.getLogger("mkdocs")
            for handler in [h for h in mkdocs_logger.handlers if isinstance(h, CountHandler)]:
                mkdocs_logger.removeHandler(handler)
        # Every Markdown body renders without raw HTML, script links or event attributes (safe_html.py).
        config.markdown_extensions.append(SafeHtmlExtension())
        root = Path(config.config_file_path or ".").resolve().parent
        self.build = SiteBuild(self, root, self.preview)
        self.build.configure(config)
        return config

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer | None:
        if self.build is not None:
            server.watch(str(self.build.content_dir))
        return server

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if self.build is None:
            return None
        self.build.add_pages(files, config)
        self.search.add_page(files, config, self.build.site, unchanged=self.build.unaffected is not None)
        return files

    # The last handler: the workers that render Markdown start from the finished navigation.
    @event_priority(-100)
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if self.build is not None:
            self.build.start_markdown(nav, files, config)
        return nav

    # The last handler: the workers that build pages start from the finished environment.
    @event_priority(-100)
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment | None:
        if self.build is not None:
            self.build.prepare(env, files, config)
        return env

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        if self.build is not None:
            self.build.page_context(context, page, config, nav)
            spec = self.build.specs.get(page.file.src_uri)
            self.search.page_context(cast("dict[str, Any]", context), page, spec, self.build.site)
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        return self.build.post_page(output, page, config) if self.build is not None else None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.build is None:
            return
        self.build.close()
        self.search.index(Path(config.site_dir), background=self.preview is not None)

    def on_build_error(self, *, error: Exception) -> None:
        if self.build is not None:
            self.build.close()
