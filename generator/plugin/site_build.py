"""One build of the site, from reading the content to the last page: what the plugin's events hand off to."""

from __future__ import annotations

import dataclasses
import os
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from ..build import TEMPLATES_CACHE, FragmentCache, Workers
from ..content.dates import DateFormatError, reference_date
from ..content.errors import ContentError, SourceError
from ..content.languages import describe_language
from ..site import read_site
from ..site.figures import DEFAULT_GRADES
from ..site.pages import INDEX_KINDS, SECTION_OF, Kind, PageSpec, plan_pages, url_for
from ..site.publisher import is_example_address, placeholder_problems, read_publisher
from ..site.reading import read_reading
from ..site.views import template_globals
from .config import InspectionsConfig, turned_off
from .data_files import data_files
from .parallel import ParallelPages
from .rendering import Links, RecordPage, RenderedPage, Renderer, chrome_key
from .templates import autoescape, bytecode_cache, compile_page_templates

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from ..site.derive import Site
    from .preview import Preview

log = get_plugin_logger("inspections")

# Fewer report files than this are checked faster than a worker is forked.
MIN_FORKED_CHECKS = 100


@dataclasses.dataclass
class SiteBuild:
    """The state of one build: the site read from the content, its pages, and their rendering."""

    plugin: BasePlugin[InspectionsConfig]
    root: Path  # the folder of mkdocs.yml
    preview: Preview | None  # None: mkdocs build
    site: Site | None = None
    errors: list[SourceError] = dataclasses.field(default_factory=list)
    specs: dict[str, PageSpec] = dataclasses.field(default_factory=dict)  # the generated pages, by src_uri
    env: Environment | None = None
    nav: Navigation | None = None
    files: Files | None = None
    renderer: Renderer | None = None
    unaffected: Callable[[PageSpec], bool] | None = None  # the pages a dirty rebuild leaves as they are
    last: RenderedPage | None = None  # what page_context made of the last page

    def __post_init__(self) -> None:
        self.options = self.plugin.config
        self.content_dir = (self.root / self.options.content_dir).resolve()
        self.settings = self.options.settings()
        # The live preview runs a web server's threads, which a forked process must not inherit.
        forking = self.preview is None and not turned_off("workers")
        self.workers = Workers(self.options.processes, enabled=forking, freeze=not turned_off("freeze"))
        self.parallel = ParallelPages(self.workers, self.plugin)
        self.fragments = FragmentCache()  # the theme's fragments rendered once (main.html)
        self.links = Links()

    def configure(self, config: MkDocsConfig) -> None:
        """``on_config``: how the site reads (``extra.reading``) and who publishes it (``extra.publisher``); a
        strict build for a real address fails while the publisher is a placeholder."""
        if unknown := [g for g in self.options.grades if g not in DEFAULT_GRADES]:
            msg = f"grades: {', '.join(map(repr, unknown))} not a grade — use grades from: {', '.join(DEFAULT_GRADES)}"
            raise PluginError(msg)
        self.reading = read_reading(dict(config.extra), self.settings.ratings)
        self.publisher = read_publisher(dict(config.extra), config.copyright)
        problems = placeholder_problems(self.publisher)
        if config.strict and problems and self.preview is None and not is_example_address(config.site_url or ""):
            raise PluginError(f"the site is built for {config.site_url} but " + "; ".join(problems))
        # With no compiled templates kept (as on CI), a worker compiles them while the build reads the content.
        kept = self.root / TEMPLATES_CACHE
        if not turned_off("templates") and not turned_off("ahead") and not any(kept.glob("*/*.cache")):
            self.workers.start("templates", [kept], [1], partial(compile_page_templates, config), 1)

    def add_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """``on_files``: reads the content and adds the generated pages and data files."""
        self.files = files
        self.site = self._read_or_log_errors()
        self.unaffected = unaffected = None
        if self.preview is not None:
            self.unaffected = unaffected = self.preview.built(self.content_dir, self.site, self.errors)
            # While the content has errors, the preview shows the last site it could build, with the errors.
            self.site = self.preview.site
            if self.preview.dirty and self.preview.errors_changed:
                for file in files.documentation_pages():
                    file.is_modified = _modified  # type: ignore[method-assign]  # its banner changes
        specs = plan_pages(self.site, self.settings.ratings) if self.site is not None else self._error_pages()
        for spec in specs:
            if (existing := files.get_file_from_path(spec.src_uri)) is not None:
                files.remove(existing)
            # Index pages are in the navigation; the many record pages are reached by links.
            listed = spec.key == "" or spec.kind is Kind.ERRORS
            inclusion = InclusionLevel.INCLUDED if listed else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, spec.src_uri, content=spec.markdown(), inclusion=inclusion)
            if not listed:
                RecordPage(spec, file, config)
            if unaffected is not None and unaffected(spec):
                file.is_modified = _not_modified  # type: ignore[method-assign]  # a dirty rebuild skips it
            files.append(file)
            self.specs[spec.src_uri] = spec
        if self.site is not None:
            events = self.preview.calendar_events if self.preview is not None else None
            made = data_files(
                self.site,
                self.settings,
                publisher=self.publisher.as_data(),
                data_dir=self.options.data_dir,
                site_url=config.site_url or "",
                site_name=config.site_name,
                events=events,
            )
            for url, content in made.items():
                files.append(File.generated(config, url, content=content))
        return files

    def _read_or_log_errors(self) -> Site | None:
        """The site, or None when the content has errors in the live preview (``mkdocs build`` fails)."""
        try:
            return self._read()
        except ContentError as error:
            self.errors = error.errors
            for item in error.errors:  # every mistake is logged before the build stops: fixed all at once
                log.error(str(item))
            if self.preview is None:
                msg = f"{len(error.errors)} content error(s) in {self.options.content_dir}/: see the messages above"
                raise PluginError(msg) from None
            return None
        except DateFormatError as error:
            raise PluginError(str(error)) from None

    def _read(self) -> Site:
        today = reference_date(dict(os.environ))
        cache = self.preview.parse_cache if self.preview is not None else None
        return read_site(
            self.content_dir,
            self.settings,
            today,
            shown_root=self.root,
            cache=cache,
            map_reports=partial(self.workers.map, minimum=MIN_FORKED_CHECKS),
        )

    def _error_pages(self) -> list[PageSpec]:
        """In the live preview, before any site could be built: every index page lists the content errors."""
        return [PageSpec(Kind.ERRORS, "", url_for(kind), "Content errors") for kind in INDEX_KINDS]

    def start_markdown(self, nav: Navigation, files: Files, config: MkDocsConfig) -> None:
        """``on_nav``: workers render the Markdown of record pages too."""
        self.nav = nav
        self.parallel.start_markdown(files, config, self.parallel.pages(files, config, self.specs))

    def prepare(self, env: Environment, files: Files, config: MkDocsConfig) -> None:
        """``on_env``: the templates' environment, then workers build generated pages too."""
        self.env = env
        env.autoescape = autoescape(env.autoescape)
        # Jinja's default cache keeps the 400 latest templates in a queue that every lookup reorders, in time
        # proportional to its length; the theme's templates fit in a plain dict.
        env.cache = {}
        if not turned_off("templates"):
            # The code Jinja compiled in the last build (or rebuild of the live preview), for what has not changed.
            env.bytecode_cache = bytecode_cache(env, config, self.root / TEMPLATES_CACHE)
        self.fragments = FragmentCache(enabled=self.options.cache_fragments and not turned_off("fragments"))
        env.globals["cached_fragment"] = self.fragments
        # Every page of the live preview lists the content errors (inspections/partials/content-errors.html).
        env.globals["content_errors"] = self.errors if self.preview is not None else []
        env.globals.update(template_globals(self.site, self.reading, self.publisher), href=self.links)
        if self.site is not None:
            self.renderer = Renderer(
                self.site,
                env,
                self.settings.ratings,
                tuple(self.options.grades),
                self.options.data_dir,
                self.publisher,
                self.links,
                charts=not turned_off("charts"),
            )
        pages = self.parallel.pages(files, config, self.specs) if self.site is not None else []
        if self.nav is not None:
            self.parallel.start_pages(files, config, self.nav, env, pages, rendered=lambda: self.last)

    def page_context(self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> None:
        """``on_page_context``: a generated page's content from the plugin's template (or a worker)."""
        spec = self.specs.get(page.file.src_uri)
        taken = self.parallel.take(page)
        variables = cast("dict[str, Any]", context)
        # A deeper page shows the tab of the index it belongs to as the current one (until post_page).
        tab = _section_page(nav, spec)
        if tab is not None:
            tab.active = True
        language = describe_language(spec.key) if spec is not None and spec.kind is Kind.NOTICE else None
        # The site's header, navigation and footer stay in its language on a page in another (main.html).
        variables["chrome_lang"] = config.theme["language"] if language is not None else None
        # A page a worker wrote needs none of the fragments main.html caches.
        key = None if taken is not None else chrome_key(page, nav, variables["chrome_lang"])
        variables["chrome_key"] = key if key is None or tab is None else (*key, tab.url)
        variables["prerendered"] = taken is not None  # main.html renders nothing: MkDocs writes nothing over it
        if spec is None:
            return
        if spec.kind is Kind.ERRORS or self.renderer is None:
            assert self.env is not None
            template = self.env.get_template(f"inspections/{spec.kind.value}.html")
            page.content = template.render(errors=self.errors, page=page, config=config)
            return
        rendered = self.last = taken if taken is not None else self.renderer.render(page, spec, config)
        page.content, page.toc = rendered.content, rendered.toc
        # MkDocs checks links to sections against the ids the Markdown made; the template's sections are there too.
        page.present_anchor_ids = (page.present_anchor_ids or set()) | rendered.anchors
        page.meta["title"] = rendered.title
        variables["alternates"] = rendered.subscriptions  # main.html announces feeds and calendars in <head>

    def post_page(self, output: str, page: Page, config: MkDocsConfig) -> str | None:
        """``on_post_page``: nothing over a page a worker wrote; a page in another language says so."""
        spec = self.specs.get(page.file.src_uri)
        if self.nav is not None and (tab := _section_page(self.nav, spec)) is not None:
            tab.active = False
        if self.parallel.skip(page):
            return ""
        if spec is None or spec.kind is not Kind.NOTICE:
            return None
        language = describe_language(spec.key)
        default = f'<html lang="{config.theme["language"]}"'
        return output.replace(default, f'<html lang="{language.tag}" dir="{language.direction}"', 1)

    def close(self) -> None:
        """At the end of the build, or on an error: the workers stop."""
        self.parallel.close()


def _section_page(nav: Navigation, spec: PageSpec | None) -> Page | None:
    """The navigation's index page that a deeper page (an area, a report...) belongs to, if any."""
    section = SECTION_OF.get(spec.kind) if spec is not None else None
    if section is None:
        return None
    url = url_for(section)
    return next((item for item in nav.pages if item.url == url), None)


def _not_modified() -> bool:
    return False


def _modified() -> bool:
    return True
