"""The generated pages: their MkDocs page (``RecordPage``) and what the plugin's template makes of each
(``RenderedPage``), which ``on_page_context`` hands to the theme."""

from __future__ import annotations

import dataclasses
import html
import re
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import get_relative_url

from ..site.feeds import Alternate, alternates
from ..site.pages import Kind, PageSpec, relative_url, url_for
from ..site.views import view_context

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation

    from ..build import Workers
    from ..site.derive import Site
    from ..site.publisher import Publisher

# The pages that list records: each costs the build about as much as several record pages.
LISTINGS = frozenset(
    {Kind.HOME, Kind.AREAS, Kind.REPORTS, Kind.REPORTS_YEAR, Kind.IMPROVEMENTS, Kind.STATUS, Kind.THEMES, Kind.GRADES}
    | {Kind.TIMELINE, Kind.TIMELINE_YEAR}
)

# What Page.render sets on a page (MkDocs 1.6): what a worker that rendered one sends back.
RENDERED_BY_MARKDOWN = ("content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors")


@dataclasses.dataclass(frozen=True)
class RenderedPage:
    """A generated page as the plugin's template makes it: what ``on_page_context`` gives the page."""

    content: str
    toc: TableOfContents
    title: str  # escaped
    subscriptions: list[dict[str, str]]
    anchors: frozenset[str]  # the ids in the content, which links may point to


class RecordPage(Page):
    """A generated page outside the navigation (a report, an AFI, an area...): its source is its spec.

    Its title and body are known already, so no front matter is parsed, and a page with no body (an AFI)
    skips Python-Markdown altogether: its whole content comes from its template.
    """

    def __init__(self, spec: PageSpec, file: File, config: MkDocsConfig) -> None:
        super().__init__(None, file, config)
        self.spec = spec
        self.workers: Workers | None = None  # rendering its Markdown too

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = self.spec.body
        self.meta = {"title": self.spec.title}

    def render(self, config: MkDocsConfig, files: Files) -> None:
        workers, self.workers = self.workers, None
        rendered = workers.take("markdown", self.file.src_uri) if workers is not None else None
        if rendered is not None:
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

    def markdown_result(self, config: MkDocsConfig, files: Files) -> dict[str, Any]:
        """In a worker: renders the Markdown and returns what ``render`` sets, links by ``src_uri``."""
        self.read_source(config)
        self.render(config, files)
        rendered = {name: getattr(self, name) for name in RENDERED_BY_MARKDOWN if hasattr(self, name)}
        links = rendered.get("links_to_anchors") or {}
        rendered["links_to_anchors"] = {file.src_uri: anchors for file, anchors in links.items()}
        return rendered


class Links:
    """``href(kind, key)`` in the templates: the link to a generated page from the page being rendered.

    A template global rather than a variable of each page, so that ``macros.html`` is imported once per build
    (an import "with context" runs the whole file again for every page); ``base`` is the URL of the page
    being rendered.
    """

    def __init__(self) -> None:
        self.base = ""

    def __call__(self, kind: Kind | str, key: str = "") -> str:
        return link(url_for(Kind(kind), key), self.base)


def link(url: str, base: str) -> str:
    """The link to ``url`` from the page at ``base``: computed directly for the site's folder URLs, by MkDocs
    for any other."""
    return relative_url(url, base) if base == "" or base.endswith("/") else get_relative_url(url, base)


@dataclasses.dataclass
class Renderer:
    """Renders generated pages with the plugin's templates (``overrides/inspections/<kind>.html``)."""

    site: Site
    env: Environment
    ratings: tuple[str, ...]
    grades: tuple[str, ...]  # best first, as the grade charts draw them
    data_dir: str
    publisher: Publisher
    links: Links
    charts: bool = True  # off only for the benchmark, to weigh them

    def render(self, page: Page, spec: PageSpec, config: MkDocsConfig) -> RenderedPage:
        """What the plugin's template makes of a generated page, and its search entries."""
        template = self.env.get_template(f"inspections/{spec.kind.value}.html")
        subscriptions = [
            {"href": get_relative_url(alt.url, page.url), "type": alt.media_type, "title": alt.title, "kind": alt.kind}
            for alt in self._alternates(spec)
        ]
        self.links.base = page.url
        content = template.render(
            view_context(self.site, spec, self.ratings, config.site_url or "", self.grades, charts=self.charts),
            page=page,
            config=config,
            body=Markup(page.content or ""),  # noqa: S704 - Markdown that MkDocs rendered from a validated body
            data_url=get_relative_url(f"{self.data_dir}/", page.url),
            contact=self._contact(config),
            subscriptions=subscriptions,
        )
        # Material prints page titles as HTML, unescaped (header, <title>): from here on the
        # title is escaped text, so a title like "a < b & c" reads as written and can never be markup.
        title = html.escape(spec.title, quote=False)
        anchors = frozenset(_ID.findall(content))
        return RenderedPage(content, _contents(content, page.toc), title, subscriptions, anchors)

    def _contact(self, config: MkDocsConfig) -> dict[str, Any]:
        """Who readers contact about accessibility: ``extra.accessibility`` in mkdocs.yml, then the publisher."""
        p = self.publisher
        given: dict[str, Any] = {"organisation": p.name, "email": p.email, "phone": p.phone, "address": p.address}
        given["response_days"] = p.response_days
        return given | {k: v for k, v in dict(config.extra.get("accessibility") or {}).items() if v is not None}

    def _alternates(self, spec: PageSpec) -> list[Alternate]:
        """The feeds and calendars a page announces: its area's, or the whole site's."""
        if spec.kind is Kind.AREA:
            return alternates(self.site, spec.key)
        if spec.kind is Kind.REPORT:
            return alternates(self.site, self.site.reports[spec.key].area)
        if spec.kind in {Kind.HOME, Kind.REPORTS, Kind.TIMELINE}:
            return alternates(self.site)
        return []


def chrome_key(page: Page, nav: Navigation, language: str | None) -> tuple[str, ...] | None:
    """What the theme's navigation, tabs, footer and scripts depend on for this page (``main.html``).

    A page outside the navigation activates no item of it, so those fragments differ between two such
    pages only by the relative paths of their links (to the site root, to the assets and to each page in
    the navigation) and by the language they say they are in on a page in another language. A page in the
    navigation (or one that hides part of it) gets None: rendered afresh.
    """
    if page.meta.get("hide") or any(item is page for item in nav.pages):
        return None
    key = tuple(link(url, page.url) for url in ("", "assets/", *(item.url for item in nav.pages)))
    return (*key, language) if language else key


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
