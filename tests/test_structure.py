"""Keyboard and structure on every built page: skip link, one h1, landmarks, heading order, tables, dates."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest

DATETIME = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
HUMAN = {
    1: re.compile(r"^\d{4}$"),
    2: re.compile(rf"^({MONTHS}) \d{{4}}$"),
    3: re.compile(rf"^\d{{1,2}} ({MONTHS}) \d{{4}}$"),
}


def pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if p.name != "404.html" or p.parent == site]


@pytest.fixture(name="parsed", scope="module")
def _parsed(seeds_site: Path) -> dict[str, lxml.html.HtmlElement]:
    return {str(p.relative_to(seeds_site)): lxml.html.parse(str(p)).getroot() for p in pages(seeds_site)}


def test_every_page_has_one_h1_and_the_landmarks(parsed: dict[str, lxml.html.HtmlElement]) -> None:
    """Each page has exactly one h1, a banner, a main, a navigation and a footer."""
    problems = []
    for name, root in parsed.items():
        found = (
            len(root.xpath("//h1")),
            len(root.xpath("//header")) >= 1,
            len(root.xpath("//main")) == 1,
            len(root.xpath("//nav")) >= 1,
            len(root.xpath("//footer")) >= 1,
        )
        if found != (1, True, True, True, True):
            problems.append((name, found))
    assert problems == []


def test_every_page_has_a_working_skip_link(parsed: dict[str, lxml.html.HtmlElement]) -> None:
    """The first link of each page skips to an element that exists on the page."""
    problems = []
    for name, root in parsed.items():
        first = root.xpath("//body//a[@href]")[0]
        target = first.get("href").removeprefix("#")
        if not first.get("href").startswith("#") or not root.xpath(f'//*[@id="{target}"]'):
            problems.append((name, first.get("href")))
    assert problems == []


def test_headings_never_skip_a_level(parsed: dict[str, lxml.html.HtmlElement]) -> None:
    """Inside the page content, each heading is at most one level deeper than the one before it."""
    problems = []
    for name, root in parsed.items():
        levels = [
            int(h.tag[1])
            for h in root.xpath("//article//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]")
        ]
        for before, after in pairwise(levels):
            if after > before + 1:
                problems.append((name, before, after))
                break
    assert problems == []


def test_tables_have_captions_and_header_cells(parsed: dict[str, lxml.html.HtmlElement]) -> None:
    """Every data table the site generates has a caption and column headers with a scope."""
    problems = []
    for name, root in parsed.items():
        for table in root.xpath("//article//div[contains(@class, 'insp-table')]//table"):
            headers = table.xpath(".//th")
            if (
                not table.xpath("./caption")
                or not headers
                or any(th.get("scope") not in {"col", "row"} for th in headers)
            ):
                problems.append(name)
    assert problems == []


def test_dates_are_time_elements_at_their_precision(parsed: dict[str, lxml.html.HtmlElement]) -> None:
    """Each <time> says its date machine-readably at the precision shown ("December 2017" is 2017-12)."""
    problems = []
    count = 0
    for name, root in parsed.items():
        for time in root.xpath("//article//time"):
            count += 1
            value, text = time.get("datetime", ""), time.text_content().strip()
            precision = value.count("-") + 1
            if not DATETIME.match(value) or not HUMAN[precision].match(text):
                problems.append((name, value, text))
    assert count > 50
    assert problems == []


def test_status_badges_carry_words_not_only_colour(parsed: dict[str, lxml.html.HtmlElement]) -> None:
    """Every status or rating badge has visible text."""
    badges = [b for root in parsed.values() for b in root.xpath("//*[contains(@class, 'insp-badge')]")]
    assert len(badges) > 20
    assert [] == [lxml.html.tostring(b) for b in badges if not b.text_content().strip()]


def test_footer_links_to_the_accessibility_statement_on_every_page(parsed: dict[str, lxml.html.HtmlElement]) -> None:
    """Every page's footer links to the accessibility statement."""
    missing = [
        name
        for name, root in parsed.items()
        if "accessibility/" not in {urljoin(name, a.get("href")).lstrip("/") for a in root.xpath("//footer//a[@href]")}
    ]
    assert missing == []
