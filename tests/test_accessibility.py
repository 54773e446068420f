"""WCAG 2.2 AA in a real browser: axe-core in headless Chromium on every page type of the shipped site."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import served_chromium

REPO = Path(__file__).resolve().parent.parent
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

PAGE_TYPES = {
    "home": "",
    "areas": "areas/",
    "area": "areas/moray/",
    "area with grades": "areas/midlothian/",
    "report": "areas/moray/2017-12-progress-review/",
    "report with grades": "areas/midlothian/2020-09-joint-inspection/",
    "performance report": "areas/moray/2021-06-performance-report/",
    "improvement": "areas/moray/2017-02-joint-inspection/collective-vision/",
    "theme": "themes/leadership/",
    "themes": "themes/",
    "timeline": "timeline/",
    "publications": "reports/",
    "improvements": "improvements/",
    "improvements by status": "improvements/encouraging/",
    "grades": "grades/",
    "notices": "notices/",
    "accessibility statement": "accessibility/",
    "open data": "open-data/",
    "how to read": "how-to-read/",
    "not found": "404.html",
    "search": "search/",
    **{f"notice {tag}": f"notices/{tag}/" for tag in ("en", "gd", "bn", "ur", "pa", "ar", "zh-Hant", "pl")},
}


@pytest.fixture(name="browser_page", scope="module")
def _browser_page(seeds_site: Path) -> Iterator[tuple[Any, str]]:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does)")
    with served_chromium(seeds_site) as (browser, base):
        yield browser.new_page(), base


def run_axe(page: Any) -> list[dict[str, Any]]:
    """The axe-core violations of the page as it is now, WCAG A and AA rules only."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return result["violations"]


def describe(violations: list[dict[str, Any]]) -> str:
    """A readable summary for assertion messages."""
    return json.dumps(
        [{"rule": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in violations],
        indent=1,
    )


@pytest.mark.browser
@pytest.mark.parametrize("url", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_type_has_no_wcag_violations(browser_page: tuple[Any, str], url: str) -> None:
    """axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on the page."""
    page, base = browser_page
    page.goto(base + url)
    violations = run_axe(page)
    assert violations == [], describe(violations)
