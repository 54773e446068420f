"""Zero console errors and zero failed requests on every kind of page, in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import served_chromium

pytestmark = pytest.mark.browser

PAGE_KINDS = {
    "home": "",
    "areas": "areas/",
    "area": "areas/moray/",
    "publications": "reports/",
    "publications of a year": "reports/2017/",
    "report": "areas/moray/2017-12-progress-review/",
    "report with an editors' note": "areas/moray/2019-progress-review/",
    "area for improvement": "areas/moray/2017-02-joint-inspection/collective-vision/",
    "areas for improvement": "improvements/",
    "areas for improvement by status": "improvements/encouraging/",
    "themes": "themes/",
    "theme": "themes/leadership/",
    "grades": "grades/",
    "follow-ups": "timeline/",
    "follow-ups of a year": "timeline/2017/",
    "notices": "notices/",
    "notice": "notices/ar/",
    "how to read": "how-to-read/",
    "accessibility": "accessibility/",
    "open data": "open-data/",
}


@pytest.fixture(name="visits", scope="module")
def _visits(seeds_site: Path) -> Iterator[dict[str, dict[str, list[str]]]]:
    """For each page kind: the console errors, the failed requests and the responses of 400 or more."""
    results: dict[str, dict[str, list[str]]] = {}
    with served_chromium(seeds_site) as (browser, base):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        seen: dict[str, list[str]] = {}

        def on_console(message: Any) -> None:
            if message.type == "error":
                seen["errors"].append(message.text)

        page.on("console", on_console)
        page.on("pageerror", lambda error: seen["errors"].append(str(error)))
        page.on("requestfailed", lambda request: seen["failed"].append(request.url))
        page.on("response", lambda response: response.status >= 400 and seen["failed"].append(response.url))
        for name, url in PAGE_KINDS.items():
            seen = {"errors": [], "failed": []}
            page.goto(base + url)
            page.wait_for_load_state("networkidle")
            results[name] = seen
        yield results


@pytest.mark.parametrize("name", PAGE_KINDS)
def test_page_has_no_console_error_and_no_failed_request(visits, name):
    """Nothing the page loads fails (no sitemap.xml next to an area's feed, say), and no script reports an error."""
    assert {"errors": [], "failed": []} == visits[name]
