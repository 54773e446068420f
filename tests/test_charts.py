"""Charts: the geometry module's arithmetic, and on built pages, that each SVG draws what the words beside it say.

The fixture content has known answers: a promise met two months late, one met on time, one withdrawn and one
overdue; an area for improvement rated twice (early, then substantial); an indicator graded twice (weak, then
good) and an indicator graded in two areas.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import Abort, PluginError
from pages import article, text_of

from generator.content.dates import PartialDate
from generator.site import charts
from generator.site.figures import PROMISE_LIMIT, lateness

TODAY = dt.date(2026, 11, 24)  # the reference day of test builds (conftest.REFERENCE_DAY)

CONTENT = {
    "content/areas/north.md": "---\nname: North\n---\n",
    "content/areas/south.md": "---\nname: South\n---\n",
    "content/reports/north/2018-01-joint-inspection.md": """
        ---
        title: Joint inspection in North
        type: joint-inspection
        published: 2018-01-15
        evaluations:
          - {indicator: Leadership, grade: weak}
          - {indicator: Impact on families, grade: adequate}
        areas_for_improvement:
          - {id: planning, text: Plan better.}
          - {id: records, text: Keep better records.}
        commitments:
          - {id: first-review, text: We will review progress., type: progress-review, due: 6 months}
          - {id: council-plan, text: The council will publish a plan., type: council-report, due: 2018-03}
        ---
        """,
    "content/reports/north/2018-09-progress-review.md": """
        ---
        title: First progress review in North
        type: progress-review
        published: 2018-09
        follows: north/2018-01-joint-inspection
        progress:
          - {afi: planning, rating: early}
        closes: [north/2018-01-joint-inspection#council-plan]
        commitments:
          - {id: second-review, text: We will review again., type: progress-review, due: 12 months}
        ---
        """,
    "content/reports/north/2019-06-progress-review.md": """
        ---
        title: Second progress review in North
        type: progress-review
        published: 2019-06-10
        follows: north/2018-09-progress-review
        progress:
          - {afi: north/2018-01-joint-inspection#planning, rating: substantial}
        commitments:
          - {id: inspection, text: We will inspect again., type: joint-inspection, due: 2020-06}
        ---
        """,
    "content/reports/north/2021-03-joint-inspection.md": """
        ---
        title: Second joint inspection in North
        type: joint-inspection
        published: 2021-03
        evaluations:
          - {indicator: Leadership, grade: good}
        ---
        """,
    "content/reports/south/2020-05-joint-inspection.md": """
        ---
        title: Joint inspection in South
        type: joint-inspection
        published: 2020-05
        evaluations:
          - {indicator: Leadership, grade: good}
        ---
        """,
}


@pytest.fixture(name="site", scope="module")
def _site(tmp_path_factory: pytest.TempPathFactory, make_project: Any, build_project: Any) -> Path:
    return build_project(make_project(tmp_path_factory.mktemp("charts"), CONTENT))


# -- geometry and words, without a build -------------------------------------------------------------------


def test_time_axis_ticks_years_and_places_days_in_order() -> None:
    """An axis from a day in 2017 to one in 2026 starts on 1 January 2017, ticks every second year (at most
    six ticks), and places later days further right, the last day at the right edge."""
    axis = charts.time_axis(dt.date(2017, 2, 16), TODAY, max_ticks=6)

    assert [t.label for t in axis.ticks] == ["2018", "2020", "2022", "2024", "2026"]
    assert axis.x(dt.date(2017, 1, 1)) == charts.LEFT
    assert axis.x(TODAY) == charts.RIGHT
    assert axis.x(dt.date(2017, 2, 16)) < axis.x(dt.date(2017, 12, 1)) < axis.x(dt.date(2019, 1, 1))


@pytest.mark.parametrize(
    ("due", "met", "expected"),
    [
        ("2017-08-16", "2017-12", "4 months late"),  # a day against a month: whole months
        ("2018-12", "2019", "1 to 12 months late"),  # a year says no more than that
        ("2018-07-15", "2018-09", "2 months late"),
        ("2018-07-15", "2018-08-01", "17 days late"),
        ("2018", "2019", "1 to 23 months late"),
    ],
)
def test_lateness_is_as_exact_as_the_dates_allow(due: str, met: str, expected: str) -> None:
    """How late a delivery was never claims more precision than the dates were written with."""
    assert lateness(PartialDate.parse(due), PartialDate.parse(met)) == expected


def test_wrap_breaks_between_parts_first() -> None:
    """A chart's label is cut between its " · " parts where they fit, and at words otherwise."""
    assert charts.wrap("Due 16 Aug 2017 · met Dec 2017 · 4 months late", 32) == (
        "Due 16 Aug 2017 · met Dec 2017",
        "4 months late",
    )
    assert all(len(line) <= 20 for line in charts.wrap("A long indicator name that needs three lines", 20))


def test_overdue_bar_runs_to_today_and_late_bar_to_its_delivery() -> None:
    """An overdue promise's bar ends at today; a late one's at its delivery; an on-time one's at its due date."""
    day = (dt.date(2020, 6, 1), dt.date(2020, 6, 30))
    rows = [
        charts.PromiseInput(((dt.date(2019, 6, 10),) * 2), day, None, "overdue", "a", "b"),
        charts.PromiseInput(
            ((dt.date(2019, 6, 10),) * 2), day, (dt.date(2020, 9, 1), dt.date(2020, 9, 30)), "met-late", "a", "b"
        ),
    ]
    drawn = charts.promises(rows, TODAY)

    assert drawn.today_x == drawn.axis.x(TODAY)
    assert drawn.bars[0].due_x + drawn.bars[0].late_width == pytest.approx(drawn.today_x)
    assert drawn.bars[1].end_x == drawn.axis.span(dt.date(2020, 9, 1), dt.date(2020, 9, 30))[1]
    assert drawn.bars[0].y < drawn.bars[1].y


def test_year_bars_are_as_long_as_their_totals() -> None:
    """The longest year fills the width after the labels; another is as long as its share of that."""
    drawn = charts.year_bars([(2019, [("met", 3), ("overdue", 1)]), (2020, [("met", 1), ("overdue", 1)])], start=20)

    assert drawn.largest == 4
    assert sum(p.width for p in drawn.bars[0].pieces) == pytest.approx(80)
    assert sum(p.width for p in drawn.bars[1].pieces) == pytest.approx(40)
    assert [p.count for p in drawn.bars[0].pieces] == [3, 1]


# -- the built pages: what each SVG draws equals the words beside it ----------------------------------------


def svgs(root: Any) -> list[Any]:
    return root.xpath(".//svg[@role='img']")


def percent(value: str) -> float:
    return float(value.rstrip("%"))


def test_every_chart_is_a_named_image(site: Path) -> None:
    """Every chart is role="img", named by a non-empty <title> (and described) through aria-labelledby."""
    for url in ("areas/north/", "areas/north/2018-01-joint-inspection/planning/", "timeline/", "grades/"):
        root = article(site, url)
        assert svgs(root), url
        for svg in svgs(root):
            ids = svg.get("aria-labelledby").split()
            title = root.xpath(".//*[@id=$i]", i=ids[0])[0]
            assert title.tag == "title"
            assert text_of(title)
            assert all(root.xpath(".//*[@id=$i]", i=i) for i in ids)


def test_journey_draws_the_ratings_listed_beside_it(site: Path) -> None:
    """The AFI rated early, then substantial: two steps, each on its rating's line, left to right, the last one
    ringed as the latest; the list says the same, and the title says it got better."""
    root = article(site, "areas/north/2018-01-joint-inspection/planning/")
    figure = root.xpath(".//figure[contains(@class, 'insp-chart--journey')]")[0]
    svg = svgs(figure)[0]
    level_at = {float(t.get("y")) + 5: t.get("data-rating") for t in svg.xpath(".//text[@data-rating]")}
    steps = svg.xpath(".//circle[@class='insp-chart__step']")
    drawn = [level_at[float(c.get("cy"))] for c in steps]
    listed = [text_of(li) for li in figure.xpath(".//ol[@class='insp-chart__data']/li")]

    assert drawn == ["early", "substantial"]
    assert [percent(c.get("cx")) for c in steps] == sorted(percent(c.get("cx")) for c in steps)
    assert listed[0].startswith("15 January 2018: found")
    assert listed[1].startswith("September 2018: Early progress")
    assert listed[2].startswith("10 June 2019: Substantial progress (the latest rating)")
    ring = svg.xpath(".//circle[@class='insp-chart__latest']")[0]
    assert ring.get("cx") == steps[-1].get("cx")
    assert "from early progress in September 2018 to substantial progress on 10 June 2019: better" in text_of(
        svg.xpath(".//title")[0]
    )


def test_small_journeys_in_the_area_list(site: Path) -> None:
    """Beside each AFI of the area's list, a small journey with as many steps as its history lists ratings."""
    root = article(site, "areas/north/")
    items = root.xpath(".//section[@aria-labelledby='insp-areas-for-improvement']//li[@data-status]")
    counts = [
        (
            len(item.xpath(".//svg//circle[@class='insp-chart__step']")),
            len(item.xpath(".//ol[@class='insp-trail']/li")) - 1,
        )
        for item in items
    ]

    assert counts == [(2, 2), (0, 0)]
    assert "not yet reviewed" in text_of(items[1].xpath(".//svg/title")[0])


def test_promises_draw_what_the_list_says(site: Path) -> None:
    """By due date: withdrawn, met two months late, met on time, overdue; each bar's status is its list
    item's, the late part ends at the delivery mark, and the overdue bar runs on to today."""
    figure = article(site, "areas/north/").xpath(".//figure[contains(@class, 'insp-chart--promises')]")[0]
    svg = svgs(figure)[0]
    bars = svg.xpath(".//g[@class='insp-chart__promise']")
    items = figure.xpath(".//ol[@class='insp-chart__data']/li")

    assert [b.get("data-status") for b in bars] == ["withdrawn", "met-late", "met", "overdue"]
    assert [li.get("data-status") for li in items] == ["withdrawn", "met-late", "met", "overdue"]
    assert "due 15 July 2018; met September 2018, 2 months late" in text_of(items[1])
    assert "Due 15 Jul 2018 · met Sep 2018 · 2 months late" in " · ".join(
        text_of(t) for t in bars[1].xpath(".//text[contains(@class, 'insp-chart__outcome')]")
    )
    assert "overdue, 6 years 5 months past due" in text_of(items[3])
    late = bars[1].xpath(".//rect[@class='insp-chart__late']")[0]
    end = bars[1].xpath(".//use")[0]
    assert percent(late.get("x")) + percent(late.get("width")) == pytest.approx(percent(end.get("x")), abs=0.02)
    overdue = bars[3].xpath(".//rect[@class='insp-chart__overdue']")[0]
    today = svg.xpath(".//line[@class='insp-chart__today']")[0]
    assert percent(overdue.get("x")) + percent(overdue.get("width")) == pytest.approx(
        percent(today.get("x1")), abs=0.02
    )
    assert [u.get("href").rsplit("-", 1)[-1] for u in svg.xpath(".//use")] == ["withdrawn", "late", "met", "end"]


def test_report_page_charts_only_its_own_promises(site: Path) -> None:
    """The inspection's page draws its two promises; a page without promises has no chart."""
    figure = article(site, "areas/north/2018-01-joint-inspection/").xpath(".//figure[contains(@class, 'insp-chart')]")
    assert [b.get("data-status") for b in figure[0].xpath(".//g[@class='insp-chart__promise']")] == [
        "withdrawn",
        "met-late",
    ]
    assert not svgs(article(site, "areas/north/2021-03-joint-inspection/"))


def test_grades_over_inspections_match_the_table(site: Path) -> None:
    """Leadership, graded twice in North: weak, then good, each mark on its grade's column; the table too."""
    figure = article(site, "areas/north/").xpath(".//figure[contains(@class, 'insp-chart--grades')]")[0]
    svg = svgs(figure)[0]
    column = {t.text: percent(t.get("x")) for t in svg.xpath(".//text[@class='insp-chart__tick']") if t.text.isdigit()}
    drawn = {}
    for group in svg.xpath(".//g[@class='insp-chart__indicator']"):
        name = " ".join(t.text for t in group.xpath("./text[@class='insp-chart__name']"))
        marks = group.xpath(".//circle")
        drawn[name] = [m.get("data-grade") for m in marks]
        score = {"weak": "2", "adequate": "3", "good": "4"}
        assert [percent(m.get("cx")) for m in marks] == [column[score[m.get("data-grade")]] for m in marks]
    table = {
        text_of(row.xpath("./th")[0]): [c.get("data-grade") for c in row.xpath(".//span[@data-grade]")]
        for row in figure.xpath(".//tbody/tr")
    }

    assert drawn == table == {"Leadership": ["weak", "good"], "Impact on families": ["adequate"]}
    assert "Good, March 2021" in text_of(figure.xpath(".//tbody/tr")[0])


def test_grade_spread_counts_match_the_table(site: Path) -> None:
    """On the grades page, Leadership's latest grade is good in both areas: one bar of 2 at good."""
    figure = article(site, "grades/").xpath(".//figure[contains(@class, 'insp-chart--spread')]")[0]
    svg = svgs(figure)[0]
    drawn = {
        " ".join(t.text for t in g.xpath("./text[@class='insp-chart__name']")): {
            r.get("data-grade"): int(r.getnext().text) for r in g.xpath(".//rect[@class='insp-chart__count']")
        }
        for g in svg.xpath(".//g[@class='insp-chart__indicator']")
    }
    heads = [th.get("data-grade") for th in figure.xpath(".//thead/tr/th[@data-grade]")]
    table = {
        text_of(row.xpath("./th")[0]): {
            g: int(text_of(td)) for g, td in zip(heads, row.xpath("./td"), strict=True) if text_of(td) != "0"
        }
        for row in figure.xpath(".//tbody/tr")
    }

    assert drawn == table == {"Leadership": {"good": 2}, "Impact on families": {"adequate": 1}}


def test_many_promises_are_summarised_by_year(tmp_path: Path, make_project: Any, build_project: Any) -> None:
    """Past PROMISE_LIMIT follow-ups, the timeline draws a bar per year, not a bar per promise, and its table
    counts each year's statuses."""
    count = PROMISE_LIMIT + 5
    lines = "\n".join(
        f"  - {{id: c{i}, text: Promise {i}., type: progress-review, due: {2019 + i % 3}-0{1 + i % 9}}}"
        for i in range(count)
    )
    files = {
        "content/areas/north.md": "---\nname: North\n---\n",
        "content/reports/north/2018-01-joint-inspection.md": (
            "---\ntitle: Inspection\ntype: joint-inspection\npublished: 2018-01\ncommitments:\n" + lines + "\n---\n"
        ),
    }
    site = build_project(make_project(tmp_path, files))
    figure = article(site, "timeline/").xpath(".//figure[contains(@class, 'insp-chart')]")[0]

    assert not figure.xpath(".//g[@class='insp-chart__promise']")
    years = figure.xpath(".//g[@class='insp-chart__year']")
    assert [g.get("data-year") for g in years] == ["2019", "2020", "2021"]
    drawn = [sum(int(r.get("data-count")) for r in g.xpath(".//rect")) for g in years]
    table = [int(text_of(row.xpath("./td")[-1])) for row in figure.xpath(".//tbody/tr")]
    assert drawn == table
    assert sum(drawn) == count
    assert re.search(rf"{count} follow-ups with a due date", text_of(figure.xpath(".//figcaption")[0]))


def test_an_unknown_grade_in_the_configuration_stops_the_build(
    tmp_path: Path, make_project: Any, build_project: Any
) -> None:
    """The `grades` option names grades of the six-point scale; a misspelt one fails the build and says so."""
    project = make_project(tmp_path, CONTENT, plugin_options={"grades": ["excellent", "god"]})
    with pytest.raises(Abort) as aborted:
        build_project(project)
    assert isinstance(aborted.value.__context__, PluginError)
    assert "grades: 'god' not a grade" in str(aborted.value.__context__)


# -- the seed publications: what the issue asked readers to see -------------------------------------------


def test_seeds_moray_and_midlothian_as_pictures(seeds_site: Path) -> None:
    """Moray's six areas for improvement each move from finding to a rating; its two promised reviews were
    delivered late, by 4 months and by 1 to 12 months; Midlothian's four indicators are all graded good."""
    moray = article(seeds_site, "areas/moray/")
    items = moray.xpath(".//section[@aria-labelledby='insp-areas-for-improvement']//li[@data-status]")
    assert [len(i.xpath(".//svg//circle[@class='insp-chart__step']")) for i in items] == [1] * 6
    figure = moray.xpath(".//figure[contains(@class, 'insp-chart--promises')]")[0]
    assert [b.get("data-status") for b in figure.xpath(".//g[@class='insp-chart__promise']")] == ["met-late"] * 2
    words = [text_of(li) for li in figure.xpath(".//ol[@class='insp-chart__data']/li")]
    assert "met December 2017, 4 months late" in words[0]
    assert "met 2019, 1 to 12 months late" in words[1]

    grades = article(seeds_site, "areas/midlothian/").xpath(".//figure[contains(@class, 'insp-chart--grades')]")[0]
    assert [c.get("data-grade") for c in grades.xpath(".//svg//circle")] == ["good"] * 4
    assert "4 quality indicators graded; the latest grades: 4 good (4 of 6)" in text_of(
        grades.xpath(".//figcaption")[0]
    )


CHART_PAGES = [
    "areas/moray/",
    "areas/midlothian/",
    "areas/moray/2017-02-joint-inspection/",
    "areas/moray/2017-02-joint-inspection/collective-vision/",
    "timeline/",
    "grades/",
]


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 390, 1280])
def test_charts_fit_the_screen_with_their_text_whole(seeds_site: Path, width: int) -> None:
    """At phone and desktop widths every chart's text lies inside the chart's column and the page does not
    scroll sideways; its text is at least 12 px."""
    from browser import served_chromium

    with served_chromium(seeds_site) as (browser, base):
        page = browser.new_page(viewport={"width": width, "height": 800})
        for url in CHART_PAGES:
            page.goto(base + url)
            found = page.evaluate(
                """() => {
                  const out = [];
                  for (const svg of document.querySelectorAll("svg[role=img]")) {
                    const box = svg.parentElement.getBoundingClientRect();
                    for (const t of svg.querySelectorAll("text")) {
                      const r = t.getBoundingClientRect();
                      if (r.left < box.left - 1 || r.right > box.right + 1) out.push("outside: " + t.textContent);
                      if (parseFloat(getComputedStyle(t).fontSize) < 12) out.push("small: " + t.textContent);
                    }
                  }
                  if (document.documentElement.scrollWidth > window.innerWidth) out.push("page scrolls sideways");
                  return out;
                }"""
            )
            assert found == [], (url, found)
