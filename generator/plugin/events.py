"""The MkDocs plugin: thin glue that turns the content model into pages.

All content logic lives in the plain-Python core (``load``, ``validate``,
``derive``, ``pages``, ``export``); this is the only module that imports MkDocs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import importlib.metadata
import logging
import os
import re
from collections.abc import Callable, Hashable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from markupsafe import Markup
from mkdocs.commands.build import get_context
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import CountHandler, get_relative_url, write_file

from ..build.cache import KEPT_TEMPLATES
from ..build.fragment_cache import FragmentCache
from ..build.template_cache import (
    Code,
    CompiledTemplates,
    compile_templates,
    keep_templates,
    recall_templates,
)
from ..build.workers import (
    Share,
    can_fork,
    exiting,
    ordered_map,
    processes_wanted,
    release,
    shares,
    stopping,
    uninterrupted,
)
from ..content.dates import DateFormatError, reference_date
from ..content.errors import ContentError, SourceError
from ..content.languages import describe_language
from ..content.safe_html import SafeHtmlExtension
from ..content.settings import DEFAULT_RATINGS, DEFAULT_REPORT_TYPES, Settings
from ..content.validate import ParseCache
from ..site import read_site
from ..site.export import DATA_FILES, dumps, export_data
from ..site.feeds import Alternate, alert_files, alert_urls, alternates
from ..site.figures import DEFAULT_GRADES
from ..site.pages import INDEX_KINDS, SECTION_OF, Kind, PageSpec, plan_pages, relative_url, url_for
from ..site.publisher import is_example_address, placeholder_problems, read_publisher
from ..site.reading import read_reading
from ..site.schema import area_schema, report_schema
from ..site.views import template_globals, view_context
from .search import SiteSearch

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.utils.templates import TemplateContext

    from ..site.derive import Site

log = get_plugin_logger("inspections")

# The listing pages: each costs the build about as much as several record pages.
LISTING_KINDS = frozenset(
    {Kind.HOME, Kind.AREAS, Kind.REPORTS, Kind.REPORTS_YEAR, Kind.IMPROVEMENTS, Kind.STATUS, Kind.THEMES, Kind.GRADES}
    | {Kind.TIMELINE, Kind.TIMELINE_YEAR}
)

# The start tags of Material's landmarks that stay English on a page in another language.
ENGLISH_LANDMARKS = (
    '<header class="md-header"',
    '<nav class="md-tabs"',
    '<div class="md-sidebar md-sidebar--primary"',
    '<div class="md-sidebar md-sidebar--secondary"',
    '<footer class="md-footer"',
)


class InspectionsConfig(Config):
    """Options of the ``inspections`` plugin in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    content_dir = c.Type(str, default="content")
    """The content folder, relative to ``mkdocs.yml``."""
    data_dir = c.Type(str, default="data")
    """Where the open data files go in the built site."""
    report_types = c.ListOfItems(c.Type(str), default=list(DEFAULT_REPORT_TYPES))
    ratings = c.ListOfItems(c.Type(str), default=list(DEFAULT_RATINGS))
    """Progress ratings, best first."""
    grades = c.ListOfItems(c.Type(str), default=list(DEFAULT_GRADES))
    """The quality-indicator grades, best first: the scale the grade charts draw (each one of the six grades
    reports may give)."""
    default_notice = c.Type(str, default="none")
    """The notice a report shows when it names none (``none`` for no notice)."""
    cache_fragments = c.Type(bool, default=True)
    """Render the theme's page-independent fragments once per build (see ``fragments.py``); the output is
    the same either way, only slower without."""
    processes = c.Type(int, default=0)
    """How many processes share the work of ``mkdocs build`` (see ``parallel.py``: checking the report files,
    compiling the templates, making the data files, rendering the generated pages): 0 for one per CPU core, 1
    for the build's own process alone. The output is the same either way."""


class InspectionsPlugin(BasePlugin[InspectionsConfig]):
    """Generates the area, report, AFI, index, timeline and notice pages and the open data."""

    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        self.parse_cache: ParseCache = {}
        self.stamps: dict[Path, tuple[int, int]] = {}
        self.errors: list[SourceError] = []
        self.site: Site | None = None
        self.specs: dict[str, PageSpec] = {}
        self.env: Environment | None = None
        self.fragments = FragmentCache()
        self.search = SiteSearch()
        self.links = Links()
        self.compiled_templates = CompiledTemplates()
        self.calendar_events: dict[Hashable, bytes] = {}
        self.shares: dict[str, Share[str, Any]] = {}  # the forked process rendering a page's templates, by path
        self.markdown_shares: list[Share[str, Any]] = []  # the forked processes rendering Markdown
        self.output_files: list[Share[str, bool]] = []  # the forked process creating the pages' files
        self.compiling: Share[str, Any] | None = None  # the forked process compiling the templates
        self.data_files: Share[str, dict[str, str | bytes]] | None = None  # the one making the data files
        self.nav: Navigation | None = None
        self.record: RecordContent | None = None  # what on_page_context made of the last page
        self.written: set[str] = set()  # the pages forked processes built and wrote whole in this build
        self.skipped = _SkippedFilter(self.written)  # on MkDocs' build log while they write pages

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this plugin alive across the live preview's rebuilds,
        # so the parsed files and the last site can be reused by the next rebuild.
        self.serving = command == "serve"
        self.dirty = self.serving and dirty
        if self.dirty:
            # This plugin decides what a change affects (see _unaffected_pages); MkDocs' generic warning
            # that dirty builds may leave stale navigation would only alarm editors at every rebuild.
            _build_log().addFilter(_DirtyWarningFilter())

    def on_shutdown(self) -> None:
        self.search.wait()
        # The very end of the mkdocs command: the process exits next. After a build of a large site, a last
        # look at every object would take a noticeable part of the build's time.
        exiting()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path or ".").resolve().parent
        self.content_dir = (root / self.config.content_dir).resolve()
        if self.serving:
            # The live preview prints warnings and content errors but keeps serving (the errors are
            # shown in the browser too); strict mode's counter would stop it. `mkdocs build` stays strict.
            mkdocs_logger = logging.getLogger("mkdocs")
            for handler in [h for h in mkdocs_logger.handlers if isinstance(h, CountHandler)]:
                mkdocs_logger.removeHandler(handler)
        self.root = root
        if unknown := [g for g in self.config.grades if g not in DEFAULT_GRADES]:
            msg = f"grades: {', '.join(map(repr, unknown))} not a grade — use grades from: {', '.join(DEFAULT_GRADES)}"
            raise PluginError(msg)
        self.settings = Settings(
            report_types=tuple(self.config.report_types),
            ratings=tuple(self.config.ratings),
            default_notice=None if self.config.default_notice == "none" else self.config.default_notice,
        )
        self.reading = read_reading(dict(config.extra), self.settings.ratings)
        self.publisher = read_publisher(dict(config.extra), config.copyright)
        problems = placeholder_problems(self.publisher)
        if config.strict and problems and not self.serving and not is_example_address(config.site_url or ""):
            raise PluginError(f"the site is built for {config.site_url} but " + "; ".join(problems))
        # Every Markdown body renders without raw HTML, script links or event attributes (safe_html.py).
        config.markdown_extensions.append(SafeHtmlExtension())
        # The code of the templates as the last build kept it spares compiling them (templates.py); without it,
        # a forked process compiles them while the build reads the content.
        self.theme_stamp = _theme_stamp(config)
        self.kept_templates = None
        if not (self.serving and self.compiled_templates.code):  # (the live preview keeps its own)
            self.kept_templates = recall_templates(root / KEPT_TEMPLATES, self.theme_stamp)
        self.compiling = self._compile_ahead(config) if self.kept_templates is None else None
        return config

    def _compile_ahead(self, config: MkDocsConfig) -> Share[str, Any] | None:
        """While the build reads the content, a forked process compiles the templates (see ``templates.py``)."""
        if processes_wanted(self.config.processes) < 2 or not self._may_fork():
            return None
        if any(getattr(handler, "__self__", None) is not self for handler in config.plugins.events["env"]):
            return None  # another plugin changes the environment, maybe its compiled code too
        names = [
            "main.html",
            *sorted(config.theme.static_templates),
            *(f"inspections/{kind.value}.html" for kind in Kind),
        ]
        done: set[str] = set()
        envs: list[Environment] = []

        def compile_ahead(name: str) -> Code:
            if not envs:  # as MkDocs makes it, with what on_env changes that matters to the code
                envs.append(config.theme.get_env())
                envs[0].autoescape = _autoescape(envs[0].autoescape)
            return compile_templates(envs[0], [name], done)

        # The process starts from the last name; the page template and its theme are most of the work.
        return Share(names[::-1], compile_ahead)

    def _compiled_ahead(self) -> CompiledTemplates:
        """The code the last build kept or the forked process compiled (the environment uses what it compiled
        the same way, and compiles the rest)."""
        share, self.compiling = self.compiling, None
        compiled, self.kept_templates = self.kept_templates or CompiledTemplates(), None
        if share is not None:
            # It is done by now (it has had all the time the build took to read the content), or nearly.
            for code in share.collect().values():
                compiled.code.update(code)
                compiled.changed = True  # to keep
            share.close()
        return compiled

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer | None:
        if self.config.enabled:
            server.watch(str(self.content_dir))
        return server

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        self.errors = []
        previous, self.site = self.site, None
        stamps = _stamps(self.content_dir) if self.serving else {}
        try:
            today = reference_date(dict(os.environ))
            cache = self.parse_cache if self.serving else None
            processes = self.config.processes if self._may_fork() else 1
            self.site = read_site(
                self.content_dir,
                self.settings,
                today,
                shown_root=self.root,
                cache=cache,
                map_reports=partial(ordered_map, processes=processes, minimum=MIN_FORKED_CHECKS),
            )
        except ContentError as error:
            self.errors = error.errors
            # Every mistake is logged before the build stops, so editors fix them all at once.
            for item in error.errors:
                log.error(str(item))
            if self.serving:
                return self._error_pages(files, config)
            msg = f"{len(error.errors)} content error(s) in {self.config.content_dir}/: see the messages above"
            raise PluginError(msg) from None
        except DateFormatError as error:
            raise PluginError(str(error)) from None
        unaffected = _unaffected_pages(previous, self.site, self.stamps, stamps) if self.dirty else None
        self.stamps = stamps
        self.specs = {}
        for spec in plan_pages(self.site, self.settings.ratings):
            if (existing := files.get_file_from_path(spec.src_uri)) is not None:
                files.remove(existing)
            # Index pages are in the navigation; the many record pages are reached by links.
            inclusion = InclusionLevel.INCLUDED if spec.key == "" else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, spec.src_uri, content=spec.markdown(), inclusion=inclusion)
            if inclusion is InclusionLevel.NOT_IN_NAV:
                RecordPage(spec, file, config)
            if unaffected is not None and unaffected(spec):
                file.is_modified = _not_modified  # type: ignore[method-assign]  # a dirty rebuild skips it
            files.append(file)
            self.specs[spec.src_uri] = spec
        self._add_data_files(files, config)
        self.search.add_page(files, config, self.site, unchanged=unaffected is not None)
        return files

    def _add_data_files(self, files: Files, config: MkDocsConfig) -> None:
        self.data_files = None
        if self._may_fork():
            # Nothing reads these files before MkDocs writes them, after on_env: a forked process makes them
            # meanwhile. Until then they are empty (links to them are checked by name).
            self.data_files = Share(["data"], lambda _: self._data_files(config))
            for url in self._data_urls():
                files.append(File.generated(config, url, content=b""))
        else:
            for url, content in self._data_files(config).items():
                files.append(File.generated(config, url, content=content))

    def _data_urls(self) -> list[str]:
        """The URLs of what ``_data_files`` makes."""
        assert self.site is not None
        data = self.config.data_dir
        return [
            *(f"{data}/{name}" for name in DATA_FILES),
            *(f"{data}/schema/{name}" for name in SCHEMA_FILES),
            *alert_urls(self.site),
        ]

    def _data_files(self, config: MkDocsConfig) -> dict[str, str | bytes]:
        """The open data, its schemas, the feeds and the calendars, by URL."""
        assert self.site is not None
        made: dict[str, str | bytes] = {}
        for name, data in export_data(self.site, self.publisher.as_data()).items():
            made[f"{self.config.data_dir}/{name}"] = dumps(data)
        schemas = dict(zip(SCHEMA_FILES, (area_schema(), report_schema(self.settings)), strict=True))
        for name, schema in schemas.items():
            made[f"{self.config.data_dir}/schema/{name}"] = dumps(schema)
        events = self.calendar_events if self.serving else None
        made.update(alert_files(self.site, config.site_url or "", config.site_name, events))
        return made

    def _error_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """In the live preview, every index page lists the content errors instead."""
        self.specs = {}
        for kind in INDEX_KINDS:
            spec = PageSpec(Kind.ERRORS, "", url_for(kind), "Content errors")
            if (existing := files.get_file_from_path(spec.src_uri)) is not None:
                files.remove(existing)
            files.append(File.generated(config, spec.src_uri, content=spec.markdown()))
            self.specs[spec.src_uri] = spec
        return files

    # The last handler of the event: the forked processes that render Markdown start from the finished navigation.
    @event_priority(-100)
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        """Before MkDocs reads the pages: forked processes render the Markdown of record pages too."""
        self.nav = nav
        generated = self._shareable_pages(files, config)
        # Creating a file costs some file systems (and virtual machines) far more than writing to it, and
        # MkDocs creates each page's folder and file as it writes the page: a forked process creates them
        # empty beforehand, in the order MkDocs writes them, never over a file that exists.
        paths = [page.file.abs_dest_path for page, _ in generated]
        self.output_files = shares(
            paths[::-1], [1] * len(paths), _create_empty, self.config.processes, MIN_SHARE, send=False
        )
        pages = [page for page, _ in generated if isinstance(page, RecordPage)]
        pages = [page for page in pages if page.spec.body.strip()]

        def markdown(src_uri: str) -> dict[str, Any]:
            page = cast("RecordPage", files.src_uris[src_uri].page)
            page.read_source(config)
            page.render(config, files)
            rendered = {name: getattr(page, name) for name in RENDERED_BY_MARKDOWN if hasattr(page, name)}
            # The pages a page links to sections of, by src_uri: the build checks those links against its own.
            links = rendered.get("links_to_anchors") or {}
            rendered["links_to_anchors"] = {file.src_uri: anchors for file, anchors in links.items()}
            return rendered

        keys, weights = [p.file.src_uri for p in pages], [len(p.spec.body) for p in pages]
        self.markdown_shares = shares(keys, weights, markdown, self.config.processes, MIN_SHARE)
        for share in self.markdown_shares:
            for src_uri in share.keys:
                cast("RecordPage", files.src_uris[src_uri].page).rendered_by = share
        return nav

    # The last handler of the event: the forked processes that render pages start from the finished environment.
    @event_priority(-100)
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment | None:
        self._close_shares(markdown=True)  # every page's Markdown is rendered by now
        if self.data_files is not None:  # what MkDocs writes next, with the theme's files
            share, self.data_files = self.data_files, None
            made = share.collect().get("data")
            share.close()
            for url, content in (made if made is not None else self._data_files(config)).items():
                file = files.get_file_from_path(url)
                assert file is not None, url  # one of _data_urls
                file.content_bytes = content.encode() if isinstance(content, str) else content
        env.autoescape = _autoescape(env.autoescape)
        # Jinja's default cache keeps the 400 latest templates in a queue that every lookup reorders, in time
        # proportional to its length; a page includes some thirty templates, so a build spent more time
        # finding templates than rendering some of them. The theme's templates fit in a plain dict.
        env.cache = {}
        if self.serving:
            # MkDocs makes a new environment for every rebuild of the live preview, which compiled every
            # template again; the compiled code is kept instead, and a template whose source changed compiles anew.
            if not self.compiled_templates.code:
                self.compiled_templates = self._compiled_ahead()
            env.bytecode_cache = self.compiled_templates
        else:
            env.bytecode_cache = self._compiled_ahead()
        self.fragments = FragmentCache(enabled=self.config.cache_fragments)
        env.globals["cached_fragment"] = self.fragments
        env.globals.update(template_globals(self.site, self.reading, self.publisher), href=self.links)
        self.env = env
        self._share_templates(files, config)
        return env

    def _share_templates(self, files: Files, config: MkDocsConfig) -> None:
        """Before MkDocs builds the pages: forked processes build and write generated pages too, as MkDocs'
        ``_build_page`` does; the build takes what the navigation, the search index and the <head> of a page
        they built need, and writes nothing over it."""
        self.shares = {}
        self.written.clear()
        pages = self._shareable_pages(files, config)
        doc_files = files.documentation_pages()
        nav, env = self.nav, self.env
        if nav is None or env is None:
            return

        def build_page(src_uri: str) -> RecordContent:
            self.shares = {}  # what a forked process is given, it renders itself
            page = cast("Page", files.src_uris[src_uri].page)
            page.active = True  # as MkDocs does: the theme's signal that this is the current page
            try:
                context = get_context(nav, doc_files, config, page)
                template = env.get_template(page.meta.get("template", "main.html"))
                context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
                output = config.plugins.on_post_page(template.render(context), page=page, config=config)
            finally:
                page.active = False
            if not output.strip():
                raise ValueError(src_uri)  # MkDocs would skip the page, and say so: the build does it itself
            if stopping():
                raise ValueError(src_uri)  # the build has built this page itself
            # Written as MkDocs writes a page, and whole even if the build stops this process meanwhile (the
            # build may be writing the same page, the same bytes, if it got there first).
            with uninterrupted():
                write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
            assert self.record is not None
            return dataclasses.replace(self.record, content="")

        # About what each page costs: a listing several record pages, a record page more for a longer text.
        weights = [8 if spec.kind in LISTING_KINDS else 1 + len(page.content or "") / 20_000 for page, spec in pages]
        keys = [page.file.src_uri for page, _ in pages]
        for share in shares(keys, weights, build_page, self.config.processes, MIN_SHARE):
            self.shares.update(dict.fromkeys(share.keys, share))
        if self.shares:
            _build_log().addFilter(self.skipped)

    def _close_shares(self, *, markdown: bool = False, templates: bool = False) -> None:
        """Stops the forked processes of a stage that has ended."""
        if markdown:
            for share in self.markdown_shares:
                share.close()
            self.markdown_shares = []
        if templates:
            for share in [*set(self.shares.values()), *self.output_files]:
                share.close()
            self.shares, self.output_files = {}, []
            _build_log().removeFilter(self.skipped)
            release()

    def _may_fork(self) -> bool:
        # The live preview runs a web server's threads, which a forked process must not inherit.
        return self.config.enabled and not self.serving and can_fork()

    def _shareable_pages(self, files: Files, config: MkDocsConfig) -> list[tuple[Page, PageSpec]]:
        """The generated pages, in MkDocs' order, if forked processes may render them; else none."""
        if not self._may_fork():
            return []
        # What a forked process renders must be all any plugin does to those pages at those stages.
        own = {self}
        for event in ("pre_page", "page_markdown", "page_content", "page_context", "post_page"):
            if any(getattr(handler, "__self__", None) not in own for handler in config.plugins.events[event]):
                log.debug(f"record pages rendered in one process: another plugin handles {event}")
                return []
        return [
            (file.page, spec)
            for file in files.documentation_pages()
            if file.page is not None
            and (spec := self.specs.get(file.src_uri)) is not None
            and spec.kind is not Kind.ERRORS
        ]

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        spec = self.specs.get(page.file.src_uri)
        share = self.shares.pop(page.file.src_uri, None)
        taken = share.take(page.file.src_uri) if share is not None else None
        # A deeper page shows the tab of the index it belongs to as the current one (until on_post_page).
        tab = _section_page(nav, spec)
        if tab is not None:
            tab.active = True
        # A page built and written whole needs none of the fragments main.html caches.
        key = None if taken is not None else _chrome_key(page, nav)
        cast("dict[str, Any]", context)["chrome_key"] = key if key is None or tab is None else (*key, tab.url)
        self.search.page_context(cast("dict[str, Any]", context), page, spec, self.site)
        if spec is None or self.env is None:
            return context
        if spec.kind is Kind.ERRORS:
            template = self.env.get_template(f"inspections/{spec.kind.value}.html")
            page.content = template.render(errors=self.errors, page=page, config=config)
            return context
        if taken is not None:
            # Built and written whole by a forked process: main.html renders nothing for it, so MkDocs writes
            # nothing over it. Its record has no content.
            record = taken
            cast("dict[str, Any]", context)["page_written"] = True
            self.written.add(page.file.src_uri)
        else:  # not built by a forked process (yet)
            record = self._record_content(page, spec, config)
        self.record = record
        page.content, page.toc = record.content, record.toc
        # MkDocs checks links to sections against the ids the Markdown made; the template's sections are there too.
        page.present_anchor_ids = (page.present_anchor_ids or set()) | record.anchors
        page.meta["title"] = record.title
        # main.html announces the page's feeds and calendars in <head>.
        cast("dict[str, Any]", context)["alternates"] = record.subscriptions
        return context

    def _record_content(self, page: Page, spec: PageSpec, config: MkDocsConfig) -> RecordContent:
        """What the plugin's template makes of a generated page."""
        assert self.site is not None
        assert self.env is not None
        template = self.env.get_template(f"inspections/{spec.kind.value}.html")
        subscriptions = [
            {"href": get_relative_url(alt.url, page.url), "type": alt.media_type, "title": alt.title, "kind": alt.kind}
            for alt in self._alternates(spec)
        ]
        self.links.base = page.url
        content = template.render(
            view_context(self.site, spec, self.settings.ratings, config.site_url or "", tuple(self.config.grades)),
            page=page,
            config=config,
            body=Markup(page.content or ""),  # noqa: S704 - Markdown that MkDocs rendered from a validated body
            data_url=get_relative_url(f"{self.config.data_dir}/", page.url),
            contact=self._contact(config),
            subscriptions=subscriptions,
        )
        # Material prints page titles as HTML, unescaped (header, <title>): from here on the
        # title is escaped text, so a title like "a < b & c" reads as written and can never be markup.
        title = html.escape(spec.title, quote=False)
        anchors = frozenset(_ID.findall(content))
        return RecordContent(content, _contents(content, page.toc), title, subscriptions, anchors)

    def _contact(self, config: MkDocsConfig) -> dict[str, Any]:
        """Who readers contact about accessibility: ``extra.accessibility`` in mkdocs.yml, then the publisher."""
        p = self.publisher
        given: dict[str, Any] = {"organisation": p.name, "email": p.email, "phone": p.phone, "address": p.address}
        given["response_days"] = p.response_days
        return given | {k: v for k, v in dict(config.extra.get("accessibility") or {}).items() if v is not None}

    def _alternates(self, spec: PageSpec) -> list[Alternate]:
        """The feeds and calendars a page announces: its area's, or the whole site's."""
        assert self.site is not None
        if spec.kind is Kind.AREA:
            return alternates(self.site, spec.key)
        if spec.kind is Kind.REPORT:
            return alternates(self.site, self.site.reports[spec.key].area)
        if spec.kind in {Kind.HOME, Kind.REPORTS, Kind.TIMELINE}:
            return alternates(self.site)
        return []

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._close_shares(templates=True)
        if self.env is not None and isinstance(self.env.bytecode_cache, CompiledTemplates):
            keep_templates(self.root / KEPT_TEMPLATES, self.env.bytecode_cache, self.theme_stamp)
        self.search.index(Path(config.site_dir), background=self.serving)

    def on_build_error(self, *, error: Exception) -> None:
        for share in (self.compiling, self.data_files):
            if share is not None:
                share.close()
        self.compiling = self.data_files = None
        self._close_shares(markdown=True, templates=True)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        spec = self.specs.get(page.file.src_uri)
        if self.nav is not None and (tab := _section_page(self.nav, spec)) is not None:
            tab.active = False
        if page.file.src_uri in self.written:
            return ""  # a forked process wrote the page: MkDocs writes nothing over it
        if spec is None or spec.kind is not Kind.NOTICE:
            return None
        # A notice language page is in that language: its <html> says so, with the right direction, and
        # the site's English header, navigation and footer say they are English.
        language = describe_language(spec.key)
        default = f'<html lang="{config.theme["language"]}"'
        output = output.replace(default, f'<html lang="{language.tag}" dir="{language.direction}"', 1)
        for start in ENGLISH_LANDMARKS:
            output = output.replace(start, f'{start} lang="en"', 1)
        return output


class Links:
    """``href(kind, key)`` in the templates: the link to a generated page from the page being rendered.

    A template global rather than a variable of each page, so that ``macros.html`` is imported once per build
    (an import "with context" runs the whole file again for every page); the plugin sets ``base`` to the URL
    of each page before rendering it.
    """

    def __init__(self) -> None:
        self.base = ""

    def __call__(self, kind: Kind | str, key: str = "") -> str:
        return _link(url_for(Kind(kind), key), self.base)


def _create_empty(path: str) -> bool:
    """Creates the folder of ``path`` and ``path`` itself, empty, unless it exists (then it is left alone)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with contextlib.suppress(FileExistsError), open(path, "xb"):
        pass
    return True


def _build_log() -> logging.Logger:
    """MkDocs' build log, under whichever name its module is loaded (ProperDocs loads it as its own)."""
    return logging.getLogger(get_context.__module__)


def _theme_stamp(config: MkDocsConfig) -> Hashable:
    """What makes the theme's kept compiled templates useless when it changes: the theme and its version."""
    name = config.theme.name or ""
    try:
        version = importlib.metadata.version(f"mkdocs-{name}")
    except (importlib.metadata.PackageNotFoundError, ValueError):
        version = ""
    return (name, version, tuple(config.theme.dirs))


def _autoescape(theme_autoescape: Any) -> Callable[[str | None], bool]:
    """MkDocs renders Material's templates without autoescaping; ours escape every value."""
    return lambda name: (
        (name or "").startswith("inspections/")
        or (theme_autoescape(name) if callable(theme_autoescape) else bool(theme_autoescape))
    )


def _link(url: str, base: str) -> str:
    """The link to ``url`` from the page at ``base``: computed directly for the site's folder URLs, by MkDocs
    for any other."""
    return relative_url(url, base) if base == "" or base.endswith("/") else get_relative_url(url, base)


@dataclasses.dataclass(frozen=True)
class RecordContent:
    """A generated page as the plugin's template makes it: what ``on_page_context`` gives the page."""

    content: str
    toc: TableOfContents
    title: str  # escaped
    subscriptions: list[dict[str, str]]
    anchors: frozenset[str]  # the ids in the content, which links may point to


# What Page.render sets on a page (MkDocs 1.6): what a forked process that rendered one sends back.
RENDERED_BY_MARKDOWN = ("content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors")

# The JSON schemas of the content, in the open data's schema/ folder.
SCHEMA_FILES = ("area.schema.json", "report.schema.json")

# Fewer pages than this are not worth a process of their own.
MIN_SHARE = 50

# Fewer report files than this are checked faster than a process is forked.
MIN_FORKED_CHECKS = 100


class RecordPage(Page):
    """A generated page outside the navigation (a report, an AFI, an area...): its source is its spec.

    Its title and body are known already, so no front matter is parsed, and a page with no body (an AFI)
    skips Python-Markdown altogether: its whole content comes from its template.
    """

    def __init__(self, spec: PageSpec, file: File, config: MkDocsConfig) -> None:
        super().__init__(None, file, config)
        self.spec = spec
        self.rendered_by: Share[str, dict[str, Any]] | None = None  # a forked process rendering its Markdown too

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = self.spec.body
        self.meta = {"title": self.spec.title}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        share, self.rendered_by = self.rendered_by, None
        if share is not None and (rendered := share.take(self.file.src_uri)) is not None:
            links = rendered.pop("links_to_anchors")
            for name, value in rendered.items():
                setattr(self, name, value)
            self.links_to_anchors = {files.src_uris[src_uri]: anchors for src_uri, anchors in links.items()}
            return
        if self.spec.body.strip():
            super().render(config, files)
            return
        self.content = ""
        self.toc = TableOfContents([])
        self.present_anchor_ids = set()


_ID = re.compile(r'\sid="([^"]+)"')
_SECTION_HEADING = re.compile(r'<h2 id="([^"]+)"([^>]*)>(.*?)</h2>', re.DOTALL)
_LANGUAGE_ATTRIBUTES = re.compile(r'\s(?:lang|dir)="[^"]*"')


def _contents(html: str, body_toc: TableOfContents) -> TableOfContents:
    """The page's contents: the sections our templates add, with the publication's own headings
    nested under "Text of the publication" (MkDocs only knows the headings of the Markdown body)."""
    body_ids = {item.id for item in body_toc}
    items = []
    for anchor, attributes, title in _SECTION_HEADING.findall(html):
        if anchor in body_ids:
            continue
        # A heading in another language keeps its lang and dir in the contents too.
        language = "".join(_LANGUAGE_ATTRIBUTES.findall(attributes))
        link = AnchorLink(f"<span{language}>{title.strip()}</span>" if language else title.strip(), anchor, 2)
        if anchor == "insp-publication-text":
            link.children = list(body_toc)
        items.append(link)
    return TableOfContents(items) if items else body_toc


def _section_page(nav: Navigation, spec: PageSpec | None) -> Page | None:
    """The navigation's index page that a deeper page (an area, a report...) belongs to, if any."""
    section = SECTION_OF.get(spec.kind) if spec is not None else None
    if section is None:
        return None
    url = url_for(section)
    return next((item for item in nav.pages if item.url == url), None)


def _chrome_key(page: Page, nav: Navigation) -> tuple[str, ...] | None:
    """What the theme's navigation, tabs, footer and scripts depend on for this page (see ``fragments.py``).

    A page outside the navigation activates no item of it, so those fragments differ between two such
    pages only by the relative paths of their links: to the site root, to the assets and to each page in
    the navigation. A page in the navigation (or one that hides part of it) gets None: rendered afresh.
    """
    if page.meta.get("hide") or any(item is page for item in nav.pages):
        return None
    return tuple(_link(url, page.url) for url in ("", "assets/", *(item.url for item in nav.pages)))


def _stamps(content_dir: Path) -> dict[Path, tuple[int, int]]:
    """Size and modification time of every content file, to see what a rebuild changed."""
    stamps = {}
    for path in content_dir.rglob("*"):
        if path.is_file():
            stat = path.stat()
            stamps[path] = (stat.st_mtime_ns, stat.st_size)
    return stamps


def _unaffected_pages(
    previous: Site | None, site: Site, before: dict[Path, tuple[int, int]], after: dict[Path, tuple[int, int]]
) -> Callable[[PageSpec], bool] | None:
    """Which generated pages a dirty rebuild can leave as they are, or None to rebuild them all.

    Only report files are followed precisely. When only the text (the body) of reports changed, which is
    what editors change most, only those reports' pages show it: every other page stays. Otherwise a changed
    report touches its area, the areas of the reports it follows or is followed by, of the AFIs it reports
    on, of the commitments it closes, and of the publications that rate its AFIs or met or withdrew its
    commitments; the pages of every other area stay. Any other change (an area, notices, themes) rebuilds
    everything.
    """
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    if previous is None or not changed or any(path.parent.parent.name != "reports" for path in changed):
        return None
    texts = _changed_texts(previous, site, changed)
    if texts is not None:
        return lambda spec: not (spec.kind is Kind.REPORT and spec.key in texts)
    unchanged = _unchanged_areas(previous, site, changed)
    return lambda spec: _area_of(site, spec) in unchanged


def _changed_texts(previous: Site, site: Site, changed: set[Path]) -> set[str] | None:
    """The ids of the changed reports if all that changed in them is their body, else None."""
    ids = set()
    for path in changed:
        rid = f"{path.parent.name}/{path.stem}"
        before, after = previous.reports.get(rid), site.reports.get(rid)
        if before is None or after is None or dataclasses.replace(before, body=after.body) != after:
            return None
        ids.add(rid)
    return ids


def _unchanged_areas(previous: Site, site: Site, changed: set[Path]) -> set[str]:
    """The areas none of whose pages can show anything the changed report files changed."""
    touched = set()
    for path in changed:
        rid = f"{path.parent.name}/{path.stem}"
        touched.add(path.parent.name)
        for known in (previous, site):
            report = known.reports.get(rid)
            if report is None:
                continue
            related = [*report.follows, *known.followed_by.get(rid, ()), *report.closes]
            related += [finding.improvement for finding in report.findings]
            # Publications elsewhere that rate this report's AFIs, or met or withdrew its promises.
            related += [f.report for afi in report.improvements for f in known.improvements[afi.id].history]
            related += [known.follow_ups[c.id].resolved_by or rid for c in report.commitments]
            touched |= {ref.split("/", 1)[0] for ref in related}
    return set(site.areas) - touched


def _area_of(site: Site, spec: PageSpec) -> str | None:
    """The area a record page belongs to; None for pages about the whole site."""
    match spec.kind:
        case Kind.AREA:
            return spec.key
        case Kind.REPORT | Kind.IMPROVEMENT:
            return spec.key.split("/", 1)[0]
        case _:
            return None


def _not_modified() -> bool:
    return False


class _SkippedFilter(logging.Filter):
    """Drops MkDocs' message that it skipped writing a page whose output is empty, for the pages (by ``src_uri``)
    a forked process wrote: their output is empty in the build's own process."""

    def __init__(self, written: set[str]) -> None:
        super().__init__()
        self.written = written

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        skipped = message.startswith(_SKIPPED[0]) and message.endswith(_SKIPPED[1])
        return not (skipped and message[len(_SKIPPED[0]) : -len(_SKIPPED[1])] in self.written)


# MkDocs' message for a page whose output is empty (mkdocs.commands.build._build_page).
_SKIPPED = ("Page skipped: '", "'. Generated empty output.")


class _DirtyWarningFilter(logging.Filter):
    """Drops MkDocs' "A 'dirty' build is being performed" warning in the live preview."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")
