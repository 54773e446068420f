"""Pages stay small as the site grows: counted on real builds of 100 and 300 synthetic reports.

The content comes from ``benchmarks/synthetic.py`` (the benchmark's generator: 32 areas, chains of
inspections, progress reviews and follow-ups). Both sites are built once for the module. Nothing here
is timed: the checks count bytes and links, so they hold on any machine. The time targets are the
benchmark's (``python -m benchmarks.run``).

* Every report page and every area-for-improvement page is below a fixed size and a fixed number of
  links, and the largest of them does not grow from 100 to 300 reports (beyond a small margin for the
  random text): nothing on a record page lists the whole site.
* The navigation is the same on a report page whatever the number of reports.
* The only pages that grow with the site are those that list it (``LISTING_PAGES``), and those too stop
  growing: past a fixed number of items they summarise (checked with small limits on a third build).
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path
from typing import Any

import pytest
from synthetic_projects import synthetic_project

from generator.site.figures import INDICATOR_LIMIT, PROMISE_LIMIT

SIZES = (100, 300)
MAX_REPORT_PAGE_BYTES = 80_000  # the largest synthetic body is ~21 KB; the page around it ~50 KB today
MAX_REPORT_PAGE_LINKS = 150  # ~80 today: header, navigation, related publications, AFIs, findings, footer
MAX_AFI_PAGE_BYTES = 50_000
MAX_AFI_PAGE_LINKS = 100
GROWTH = 1.10  # the largest page at 300 reports may exceed the largest at 100 by this factor (random text)

# Pages that list the whole site (or a whole area, or one year of it) and therefore grow with it. Any other
# page that grows is a page whose size depends on N, which is the bug this module guards against.
LISTING_PAGES = re.compile(
    r"^(?:|areas/[^/]+/|reports/|reports/\d{4}/|improvements/|improvements/[^/]+/|timeline/|timeline/\d{4}/"
    r"|grades/|themes/[^/]+/|.*\.(?:xml|ics|json))$"
)
_RECORD_PAGE = re.compile(r"^areas/[^/]+/[^/]+/")
_LINK = re.compile(rb"<a\s")
_NAV_LINK = re.compile(rb'class="md-nav__link[ "]')


class Built:
    """One built site and what is counted on it."""

    def __init__(self, root: Path, site: Path) -> None:
        self.root = root
        self.site = site
        reports = sorted((root / "content" / "reports").glob("*/*.md"))
        self.report_pages = [site / "areas" / r.parent.name / r.stem / "index.html" for r in reports]
        report_dirs = {p.parent for p in self.report_pages}
        self.afi_pages = [p for p in site.glob("areas/*/*/*/index.html") if p.parent.parent in report_dirs]

    def size(self, page: Path) -> int:
        return page.stat().st_size

    def links(self, page: Path) -> int:
        return len(_LINK.findall(page.read_bytes()))

    def nav_links(self, page: Path) -> int:
        """Links of the site navigation (the primary sidebar, not the page's own table of contents)."""
        html = page.read_bytes()
        start, end = html.find(b"md-sidebar--primary"), html.find(b"md-sidebar--secondary")
        assert 0 <= start < end, f"{page}: no primary sidebar"
        return len(_NAV_LINK.findall(html, start, end))

    def pages(self) -> dict[str, int]:
        """Every HTML page (and feed, calendar, data file) by URL, with its size."""
        result = {}
        for path in self.site.rglob("*"):
            if path.is_file() and path.suffix in {".html", ".xml", ".ics", ".json"} and "search" not in path.parts:
                url = path.relative_to(self.site).as_posix().removesuffix("index.html")
                result[url] = path.stat().st_size
        return result


@pytest.fixture(name="sites", scope="module")
def _sites(tmp_path_factory: pytest.TempPathFactory, make_project: Any, build_project: Any) -> dict[int, Built]:
    built = {}
    for n in SIZES:
        root = synthetic_project(make_project, tmp_path_factory.mktemp(f"scale-{n}"), n)
        built[n] = Built(root, build_project(root))
    return built


def test_every_report_has_a_page(sites: dict[int, Built]) -> None:
    for n, built in sites.items():
        assert len(built.report_pages) == n
        missing = [p for p in built.report_pages if not p.exists()]
        assert not missing, missing[:5]
        assert len(built.afi_pages) > n // 2, "the synthetic content defines AFIs in every joint inspection"


def test_report_pages_are_small(sites: dict[int, Built]) -> None:
    built = sites[max(SIZES)]
    too_big = [(p, built.size(p)) for p in built.report_pages if built.size(p) > MAX_REPORT_PAGE_BYTES]
    assert not too_big, too_big[:5]
    too_many = [(p, built.links(p)) for p in built.report_pages if built.links(p) > MAX_REPORT_PAGE_LINKS]
    assert not too_many, too_many[:5]


def test_afi_pages_are_small(sites: dict[int, Built]) -> None:
    built = sites[max(SIZES)]
    too_big = [(p, built.size(p)) for p in built.afi_pages if built.size(p) > MAX_AFI_PAGE_BYTES]
    assert not too_big, too_big[:5]
    too_many = [(p, built.links(p)) for p in built.afi_pages if built.links(p) > MAX_AFI_PAGE_LINKS]
    assert not too_many, too_many[:5]


@pytest.mark.parametrize("kind", ["report_pages", "afi_pages"])
def test_record_pages_do_not_grow_with_the_site(sites: dict[int, Built], kind: str) -> None:
    small, large = sites[min(SIZES)], sites[max(SIZES)]
    for measure in (small.size, small.links):
        name = measure.__name__
        before = [getattr(small, name)(p) for p in getattr(small, kind)]
        after = [getattr(large, name)(p) for p in getattr(large, kind)]
        assert max(after) <= max(before) * GROWTH, (
            f"largest {kind} {name}: {max(before)} at {min(SIZES)}, {max(after)} at {max(SIZES)}"
        )
        assert statistics.median(after) <= statistics.median(before) * GROWTH, f"median {kind} {name} grew"


def test_navigation_does_not_grow_with_the_site(sites: dict[int, Built]) -> None:
    counts = {n: {built.nav_links(p) for p in built.report_pages} for n, built in sites.items()}
    assert counts[min(SIZES)] == counts[max(SIZES)], counts
    assert max(counts[max(SIZES)]) < 40, "the navigation lists sections, not records"


def test_only_listing_pages_grow_with_the_site(sites: dict[int, Built]) -> None:
    # Report and AFI pages are compared above (the same URL may hold a different synthetic report at each size).
    small, large = sites[min(SIZES)].pages(), sites[max(SIZES)].pages()
    grown = {
        url: (small[url], size)
        for url, size in large.items()
        if url in small
        and size > small[url] * GROWTH + 2048
        and not LISTING_PAGES.match(url)
        and not _RECORD_PAGE.match(url)
    }
    assert not grown, f"pages that grow with the number of reports but do not list them: {grown}"


SMALL_FULL_LIST, SMALL_LIST = 10, 5  # limits small enough that 300 reports overflow every listing
_LISTED_ITEM = re.compile(rb'<li class="insp-item"|<tr(?: |>)')
_CHART_FIGURE = re.compile(rb'<figure [^>]*class="insp-chart.*?</figure>', re.DOTALL)


@pytest.fixture(name="small_limits_site", scope="module")
def _small_limits_site(tmp_path_factory: pytest.TempPathFactory, make_project: Any, build_project: Any) -> Path:
    from generator.site import views as view

    root = synthetic_project(make_project, tmp_path_factory.mktemp("limits"), max(SIZES))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(view, "FULL_LIST_LIMIT", SMALL_FULL_LIST)
        patch.setattr(view, "LIST_LIMIT", SMALL_LIST)
        return build_project(root)


@pytest.mark.parametrize("pattern", ["themes/*/", "improvements/*/", "grades/", "reports/*/", "timeline/*/"])
def test_listing_pages_summarise_past_their_limit(small_limits_site: Path, pattern: str) -> None:
    """Past FULL_LIST_LIMIT items, a theme, status, grades, year or timeline page lists no more than that (plus a
    row per area in its summary) and says where the rest are: the pages that list the site stop growing."""
    pages = sorted(small_limits_site.glob(f"{pattern}index.html"))
    areas = len(list(small_limits_site.glob("areas/*/index.html")))
    counted = {}
    for page in pages:
        html = page.read_bytes()
        article = html[html.find(b"<article") : html.find(b"</article>")]
        # A chart's table has limits of its own (figures.py), checked here; the listing is counted without it.
        for chart in _CHART_FIGURE.findall(article):
            assert len(_LISTED_ITEM.findall(chart)) <= max(INDICATOR_LIMIT, PROMISE_LIMIT) + 1, page
        listing = _CHART_FIGURE.sub(b"", article)
        counted[page.parent.relative_to(small_limits_site).as_posix()] = len(_LISTED_ITEM.findall(listing))
    summarised = [url for url in counted if b"too many" in (small_limits_site / url / "index.html").read_bytes()]

    assert pages, pattern
    assert summarised, f"no {pattern} page overflowed {SMALL_FULL_LIST} items at {max(SIZES)} reports"
    assert {url: n for url, n in counted.items() if n > SMALL_FULL_LIST + areas + 2} == {}
