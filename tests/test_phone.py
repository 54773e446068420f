"""Phones first: at 320 and 390 CSS px every table that carries a status reflows (WCAG 2.2 1.4.10), so that
each row's due date, promise, area and status are in view without scrolling sideways; and the page itself
never scrolls sideways. Measured in Chromium on every kind of page with a status table."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import served_chromium
from conftest import REFERENCE_EPOCH, SEEDS_CONTENT, build_site, repo_project, write_tree

pytestmark = pytest.mark.browser

# The seeds' promises are all settled or undated by the reference day: one more publication promises a
# follow-up that is overdue and one still to come, so the home page has its tables too.
PROMISES = {
    "reports/moray/2025-01-council-report.md": """
        ---
        title: Council report on services for children and young people in Moray
        type: council-report
        published: 2025-01
        commitments:
          - id: overdue-review
            text: We will report on progress with the improvement plan to the partnership board.
            type: council-report
            due: 12 months
          - id: next-plan
            text: A new children's services plan will be published after consultation with families.
            type: action-plan
            due: 2027-06
        ---
        The report.
        """,
}

# Every kind of page with a status table.
PAGES = {
    "home": "",
    "areas": "areas/",
    "area": "areas/moray/",
    "report": "areas/moray/2017-02-joint-inspection/",
    "follow-ups": "timeline/",
    "follow-ups of a year": "timeline/2017/",
    "improvements": "improvements/",
    "grades": "grades/",
}
WIDTHS = (320, 390)

# Each status table's cells: where they are, whether they are shown, and whether a scroller around them
# hides part of them.
MEASURE = """
() => {
  const width = document.documentElement.clientWidth;
  const cells = [...document.querySelectorAll("article .insp-table--stack td, article .insp-table--stack tbody th")];
  const clipped = (cell) => {
    for (let node = cell.parentElement; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (/(auto|scroll|hidden)/.test(style.overflowX) && node.scrollWidth > node.clientWidth + 1) return true;
    }
    return false;
  };
  return {
    width,
    pageWidth: document.documentElement.scrollWidth,
    tables: document.querySelectorAll("article .insp-table--stack").length,
    cells: cells.map((cell) => {
      const box = cell.getBoundingClientRect();
      return {
        label: cell.dataset.label || "row",
        hidden: cell.classList.contains("insp-none"),
        text: cell.textContent.trim().slice(0, 40),
        left: box.left, right: box.right, height: box.height, clipped: clipped(cell),
      };
    }),
  };
}
"""


@pytest.fixture(name="promises_site", scope="module")
def _promises_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("promises")
    content = root / "source"
    shutil.copytree(SEEDS_CONTENT, content)
    write_tree(content, PROMISES)
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = REFERENCE_EPOCH
    try:
        return build_site(repo_project(root / "project", content), root / "site", strict=True)
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


@pytest.fixture(name="measured", scope="module")
def _measured(promises_site: Path) -> Iterator[dict[tuple[str, int], dict[str, Any]]]:
    results: dict[tuple[str, int], dict[str, Any]] = {}
    with served_chromium(promises_site) as (browser, base):
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 800})
            for name, url in PAGES.items():
                page.goto(base + url)
                page.wait_for_load_state("load")
                results[(name, width)] = page.evaluate(MEASURE)
            page.close()
        yield results


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_every_status_table_cell_is_in_view_on_a_phone(measured, name, width):
    """Each cell of each status table (due date, promise, area, promised in, status) lies inside the viewport,
    is shown, and is not cut off by a scroller."""
    result = measured[(name, width)]
    outside = [
        cell
        for cell in result["cells"]
        if not cell["hidden"]
        and (cell["left"] < 0 or cell["right"] > result["width"] + 0.5 or cell["height"] == 0 or cell["clipped"])
    ]
    statuses = [cell for cell in result["cells"] if cell["label"] == "Status"]

    assert (True, []) == (result["tables"] > 0 and bool(result["cells"]), outside)
    if name not in {"areas", "improvements", "grades"}:
        assert statuses, "no Status cell measured"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_does_not_scroll_sideways_on_a_phone(measured, name, width):
    """The page is no wider than the phone's screen."""
    result = measured[(name, width)]

    assert result["pageWidth"] <= result["width"], result


def test_home_lists_promises_still_to_come_soonest_first(promises_site):
    """The home page's "still to come" table lists the dated open promise; the overdue one is in its own table."""
    from pages import article, text_of

    tables = article(promises_site, "").xpath(".//table")
    captions = [text_of(t.xpath("./caption")[0]) for t in tables]
    texts = [text_of(t) for t in tables]

    assert (2, True, True) == (
        len(tables),
        "partnership board" in texts[captions.index("Overdue follow-ups")],
        "children's services plan" in texts[next(i for i, c in enumerate(captions) if "still to come" in c)],
    )
