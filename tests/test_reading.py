"""Readers can follow what happened: status, themes, grades, timeline, filters, search, area dashboards.

Checked on real builds: the repository's site with the seeds content (``seeds_site``) and a small project whose
follow-ups are met, met late, withdrawn, overdue and due at the reference date (2026-11-24). The
HTML is read as it ships (that is the page with JavaScript off); Chromium then checks the filter
script, the pages with JavaScript disabled, the print stylesheet and the search page.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest
import yaml
from browser import served_chromium
from conftest import NORTH_AND_SOUTH, SEEDS_CONTENT
from pages import article, page, resolve, text_of

CONTENT = SEEDS_CONTENT
AREAS = sorted(path.stem for path in (CONTENT / "areas").glob("*.md"))
THEMES = yaml.safe_load((CONTENT / "themes.yml").read_text(encoding="utf-8"))
STATUSES = ["substantial", "encouraging", "early", "not-yet-reviewed"]  # the ones the seeds content uses
FOLLOW_UP_WORDS = {"met": "Met", "met-late": "Met late", "withdrawn": "Withdrawn", "overdue": "Overdue", "due": "Due"}
MIDLOTHIAN_INDICATORS = [
    "3.1.1 Improvements in the safety, wellbeing and life chances of vulnerable children and young people",
    "3.2.1 Impact on children and young people",
    "3.2.2 Impact on families",
    "3.9 Leadership",
]


def front_matter(path: Path) -> dict:
    """A content file's front matter, every value read as a string (independent of the generator)."""
    text = path.read_text(encoding="utf-8")
    return yaml.load(text.split("\n---\n", 1)[0].removeprefix("---\n"), Loader=yaml.BaseLoader)  # noqa: S506


AFI_URLS = [
    f"areas/{path.parent.name}/{path.stem}/{afi['id']}/"
    for path in sorted((CONTENT / "reports").glob("*/*.md"))
    for afi in front_matter(path).get("areas_for_improvement", [])
]


# --- helpers -------------------------------------------------------------------------------------


def targets(url: str, element: lxml.html.HtmlElement) -> list[str]:
    """The site-root-relative targets of the links in ``element``, without fragments, in document order."""
    return [target.split("#")[0] for href in element.xpath(".//a/@href") if (target := resolve(url, href)) is not None]


def has_class(name: str) -> str:
    """An XPath predicate: the element has the class ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def data(site: Path, name: str) -> list[dict]:
    """The items of an open data file."""
    return json.loads((site / "data" / name).read_text(encoding="utf-8"))["items"]


def afis_by_url(site: Path) -> dict[str, dict]:
    """areas-for-improvement.json items by page URL."""
    return {item["url"]: item for item in data(site, "areas-for-improvement.json")}


def reports_by_id(site: Path) -> dict[str, dict]:
    """reports.json items by id."""
    return {item["id"]: item for item in data(site, "reports.json")}


def rating_label(status: str) -> str:
    """A progress rating in words, as readers see it."""
    if status == "not-yet-reviewed":
        return "Not yet reviewed"
    if status == "none":
        return "No progress"
    return f"{status.replace('-', ' ').capitalize()} progress"


def human(written: str | None) -> str:
    """A date as the content wrote it, in words at its precision."""
    if written in {None, "unknown"}:
        return "date not stated"
    parts = [int(p) for p in written.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{calendar.month_name[parts[1]]} {parts[0]}"
    return f"{parts[2]} {calendar.month_name[parts[1]]} {parts[0]}"


def shows_date(element: lxml.html.HtmlElement, written: str | None) -> bool:
    """Whether ``element`` shows the date as written: <time datetime="2017-12">December 2017</time>."""
    if written in {None, "unknown"}:
        return "date not stated" in text_of(element)
    return human(written) in [text_of(t) for t in element.xpath(".//time[@datetime=$d]", d=written)]


def badges(element: lxml.html.HtmlElement) -> list[str]:
    """The visible text of the badges in ``element`` (a label such as "Status:" removed)."""
    found = []
    for badge in element.xpath(f".//*[{has_class('insp-badge')}]"):
        if badge.get("aria-hidden") == "true" or badge.get("hidden") is not None:
            continue
        found.append(re.sub(r"^\w+:\s*", "", text_of(badge)))
    return found


def filter_items(root: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The elements the filter script narrows down."""
    return root.xpath(".//*[@data-filter-item]")


def afi_of(url: str, item: lxml.html.HtmlElement, afis: dict[str, dict]) -> dict:
    """The AFI a list item is about: the one AFI page it links."""
    (found,) = {t for t in targets(url, item) if t in afis}
    return afis[found]


def listing_pages(site: Path, folder: str) -> list[str]:
    """``folder/`` and every page directly under it (year pages and the like), as URLs."""
    return [f"{folder}/", *sorted(f"{folder}/{p.parent.name}/" for p in (site / folder).glob("*/index.html"))]


def status_words(item: dict) -> str:
    """A follow-up's status in words."""
    if item["status"] == "due" and not item["due"]:
        return "Open, no date given"
    return FOLLOW_UP_WORDS[item["status"]]


def follow_up_rows(site: Path, urls: list[str], text: str) -> list[tuple[str, lxml.html.HtmlElement]]:
    """The table rows or list items on ``urls`` that show the follow-up whose text is ``text``."""
    return [
        (url, row)
        for url in urls
        for row in article(site, url).xpath(".//tr | .//li")
        if text in text_of(row) and not row.xpath(".//tr | .//li")
    ]


def follow_up_problems(site: Path, urls: list[str], item: dict) -> list[str]:
    """What the pages ``urls`` fail to show about a follow-up: status, due date, who delivered it and when."""
    rows = follow_up_rows(site, urls, item["text"])
    if not rows:
        return ["not shown"]
    reports = reports_by_id(site)
    problems = []
    for url, row in rows:
        if status_words(item) not in badges(row):
            problems.append(f"{url}: status {status_words(item)!r} not among {badges(row)}")
        if item["due"] and not shows_date(row, item["due"]):
            problems.append(f"{url}: due date {human(item['due'])!r} not shown as <time datetime={item['due']}>")
        if item["resolved_by"]:
            delivered = reports[item["resolved_by"]]
            if delivered["url"] not in targets(url, row):
                problems.append(f"{url}: does not link {delivered['url']}, which delivered it")
            if not shows_date(row, delivered["published"]):
                problems.append(f"{url}: does not show when it was delivered ({delivered['published']})")
    return problems


# --- status at a glance: AFI pages ----------------------------------------------------------------


@pytest.mark.parametrize("url", AFI_URLS)
def test_afi_page_shows_its_status_as_a_badge_with_words(seeds_site, url):
    """Each AFI page shows its current status as a badge whose visible text names it (not colour alone)."""
    status = afis_by_url(seeds_site)[url]["status"]

    assert rating_label(status) in badges(article(seeds_site, url))


@pytest.mark.parametrize("url", AFI_URLS)
def test_afi_page_history_lists_found_then_each_finding_in_order(seeds_site, url):
    """The AFI page's history: when it was found, then each finding in order, each with its date."""
    afi = afis_by_url(seeds_site)[url]
    found_in = reports_by_id(seeds_site)[afi["report"]]
    (history,) = article(seeds_site, url).xpath(f".//ol[{has_class('insp-trail')} or {has_class('insp-history')}]")
    steps = history.xpath("./li")
    expected = [(True, True)] + [(True, True)] * len(afi["history"])
    found = [
        (
            shows_date(steps[0], found_in["published"]),
            found_in["url"] in targets(url, steps[0]) or "Found" in text_of(steps[0]),
        )
    ]
    found += [
        (shows_date(step, finding["published"]), rating_label(finding["rating"]) in text_of(step))
        for step, finding in zip(steps[1:], afi["history"], strict=False)
    ]

    assert (1 + len(afi["history"]), expected) == (len(steps), found)


def test_every_listed_afi_shows_a_compact_trail(seeds_site):
    """In the list of all AFIs, every AFI has a compact trail: "Found <date>", then each finding with its date.

    An AFI not reviewed yet still shows where its history starts ("Found 1 September 2020").
    """
    url = "improvements/"
    afis = afis_by_url(seeds_site)
    reports = reports_by_id(seeds_site)
    problems = {}
    for item in filter_items(article(seeds_site, url)):
        afi = afi_of(url, item, afis)
        trail = item.xpath(f".//ol[{has_class('insp-trail')}]")
        steps = trail[0].xpath("./li") if trail else []
        expected = [("Found", reports[afi["report"]]["published"])] + [
            (rating_label(f["rating"]), f["published"]) for f in afi["history"]
        ]
        if len(steps) != len(expected) or not all(
            text_of(step).startswith(words) and shows_date(step, written)
            for step, (words, written) in zip(steps, expected, strict=False)
        ):
            problems[afi["id"]] = [text_of(step) for step in steps]

    assert {} == problems


# --- filters by status, area and theme -------------------------------------------------------------

FILTER_PAGES = ["improvements/", *(f"improvements/{s}/" for s in STATUSES)]


@pytest.mark.parametrize("url", FILTER_PAGES)
def test_filter_links_resolve(seeds_site, url):
    """Every plain filter link (status, area, theme) leads to a page that exists, and its fragment to an id."""
    root = article(seeds_site, url)
    broken = []
    for href in root.xpath(".//nav//a/@href"):
        target = resolve(url, href)
        path, _, fragment = (target or "").partition("#")
        file = seeds_site / path / "index.html"
        if (
            target is None
            or not file.is_file()
            or (fragment and not page(seeds_site, path).xpath("//*[@id=$i]", i=fragment))
        ):
            broken.append(href)

    assert (True, []) == (bool(root.xpath(".//nav//a")), broken)


@pytest.mark.parametrize("url", FILTER_PAGES)
def test_filter_links_cover_every_status_area_and_theme_in_use(seeds_site, url):
    """The plain links name every status, every area with AFIs and every theme an AFI carries."""
    afis = data(seeds_site, "areas-for-improvement.json")
    linked = {t.split("#")[0] for nav in article(seeds_site, url).xpath(".//nav") for t in targets(url, nav)}
    wanted = (
        {f"improvements/{a['status']}/" for a in afis}
        | {f"areas/{a['area']}/" for a in afis}
        | {f"themes/{t}/" for a in afis for t in a["themes"]}
    )

    assert set() == wanted - linked - {url}


@pytest.mark.parametrize("status", STATUSES)
def test_status_page_lists_exactly_the_afis_with_that_status(seeds_site, status):
    """/improvements/<status>/ lists the AFIs whose latest rating is that status, and no other."""
    url = f"improvements/{status}/"
    afis = afis_by_url(seeds_site)
    listed = [afi_of(url, item, afis)["url"] for item in filter_items(article(seeds_site, url))]

    assert sorted(a["url"] for a in afis.values() if a["status"] == status) == sorted(listed)


LIST_PAGES = [
    "improvements/",
    *(f"improvements/{s}/" for s in STATUSES),
    *(f"themes/{t}/" for t in THEMES),
    *(f"areas/{a}/" for a in AREAS),
]


@pytest.mark.parametrize("url", LIST_PAGES)
def test_filter_item_data_match_open_data(seeds_site, url):
    """Each AFI list item's data-status, data-area and data-themes are that AFI's, as open data states them."""
    afis = afis_by_url(seeds_site)
    found, expected = {}, {}
    for item in filter_items(article(seeds_site, url)):
        afi = afi_of(url, item, afis)
        found[afi["id"]] = (
            item.get("data-status"),
            item.get("data-area"),
            sorted((item.get("data-themes") or "").split()),
        )
        expected[afi["id"]] = (afi["status"], afi["area"], sorted(afi["themes"]))

    assert expected == found


def test_filter_form_is_hidden_and_the_plain_list_is_complete(seeds_site):
    """Without JavaScript the improvements index is the plain, complete list: the form ships hidden.

    The form narrows the element its data-filter-scope names, which holds one item per AFI; every
    option of the form matches at least one item.
    """
    url = "improvements/"
    root = article(seeds_site, url)
    forms = root.xpath(".//form[@data-filter-scope]")
    afis = afis_by_url(seeds_site)
    selector = forms[0].get("data-filter-scope", "") if forms else ""
    scope = page(seeds_site, url).xpath("//*[@id=$i]", i=selector[1:]) if selector.startswith("#") else []
    items = filter_items(scope[0]) if scope else []
    unmatched = [
        (select.get("name"), value)
        for form in forms
        for select in form.xpath(".//select")
        for value in select.xpath("./option/@value")
        if value and not any(value in (i.get(f"data-{select.get('name')}") or "").split() for i in items)
    ]

    assert (1, [True], len(afis), sorted(afis), []) == (
        len(forms),
        [form.get("hidden") is not None for form in forms],
        len(items),
        sorted(afi_of(url, i, afis)["url"] for i in items),
        unmatched,
    )


def test_publication_rows_carry_their_area_and_type(seeds_site):
    """The publications pages' rows carry data-area and data-type as open data states them.

    Together the publications pages list every publication, and their filter forms ship hidden.
    """
    reports = {item["url"]: item for item in data(seeds_site, "reports.json")}
    found, forms_hidden = {}, []
    for url in listing_pages(seeds_site, "reports"):
        root = article(seeds_site, url)
        forms_hidden += [form.get("hidden") is not None for form in root.xpath(".//form[@data-filter-scope]")]
        for row in filter_items(root):
            (report,) = {t for t in targets(url, row) if t in reports}
            found[report] = (row.get("data-area"), row.get("data-type"))

    assert ({u: (r["area"], r["type"]) for u, r in reports.items()}, True) == (
        found,
        bool(forms_hidden) and all(forms_hidden),
    )


# --- themes --------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", THEMES)
def test_theme_page_lists_its_afis_across_areas_with_status(seeds_site, slug):
    """Each theme page names and describes the theme and lists, across all areas, its AFIs with their status."""
    url = f"themes/{slug}/"
    root = article(seeds_site, url)
    afis = afis_by_url(seeds_site)
    listed = {}
    for item in filter_items(root):
        afi = afi_of(url, item, afis)
        listed[afi["url"]] = rating_label(afi["status"]) in badges(item)

    assert (THEMES[slug]["name"], True, {a["url"]: True for a in afis.values() if slug in a["themes"]}) == (
        text_of(root.xpath(".//h1")[0]),
        THEMES[slug]["description"] in text_of(root),
        listed,
    )


def test_leadership_theme_spans_areas(seeds_site):
    """The leadership theme lists AFIs of both Moray and Midlothian."""
    url = "themes/leadership/"
    areas = {t.split("/")[1] for t in targets(url, article(seeds_site, url)) if t.count("/") == 4}

    assert {"moray", "midlothian"} <= areas


def test_themes_index_names_and_describes_every_theme(seeds_site):
    """The themes index links each theme of themes.yml, with its name and description."""
    root = article(seeds_site, "themes/")
    missing = [
        slug
        for slug, theme in THEMES.items()
        if f"themes/{slug}/" not in targets("themes/", root)
        or theme["name"] not in text_of(root)
        or theme["description"] not in text_of(root)
    ]

    assert [] == missing


# --- grades compared -----------------------------------------------------------------------------


def table_cells(root: lxml.html.HtmlElement) -> list[dict[str, lxml.html.HtmlElement]]:
    """Every body row of every table, as {column header text: cell}."""
    rows = []
    for table in root.xpath(".//table"):
        headers = [text_of(th) for th in table.xpath("./thead/tr/th")]
        for row in table.xpath("./tbody/tr"):
            rows.append(dict(zip(headers, row.xpath("./th | ./td"), strict=False)))
    return rows


def test_grades_page_uses_scale_words_and_numbers(seeds_site):
    """The grades page names each grade of the six-point scale in words and numbers."""
    text = text_of(article(seeds_site, "grades/"))
    scale = ["Excellent", "Very good", "Good", "Adequate", "Weak", "Unsatisfactory"]

    assert [] == [
        (word, 6 - i) for i, word in enumerate(scale) if not re.search(rf"{word} \((grade )?{6 - i}( of 6)?\)", text)
    ]


def test_grades_page_shows_midlothian_four_good_by_indicator(seeds_site):
    """Area x indicator: each of Midlothian's four indicators reads "Good (grade 4 of 6)" in Midlothian's column."""
    rows = table_cells(article(seeds_site, "grades/"))
    found = {}
    for row in rows:
        cells = list(row.items())
        if cells and cells[0][1].tag == "th" and text_of(cells[0][1]) in MIDLOTHIAN_INDICATORS:
            found[text_of(cells[0][1])] = [text_of(c) for h, c in cells[1:] if "Midlothian" in h]

    assert {i: ["Good (grade 4 of 6)"] for i in MIDLOTHIAN_INDICATORS} == found


def test_grades_page_shows_moray_counts(seeds_site):
    """Moray's inspection graded 5 indicators adequate and 4 weak; the grades page says so in its row."""
    url = "grades/"
    rows = [
        row
        for row in table_cells(article(seeds_site, url))
        if any("areas/moray/" in targets(url, cell) for cell in row.values())
    ]
    counts = [
        {h: text_of(c) for h, c in row.items() if h.startswith(("Adequate", "Weak", "Good", "Very good"))}
        for row in rows
    ]

    none = "\N{EN DASH}"  # how the table shows "no indicator at this grade"

    assert [{"Very good (5)": none, "Good (4)": none, "Adequate (3)": "5", "Weak (2)": "4"}] == counts


@pytest.mark.parametrize(
    "url",
    [
        "areas/moray/",
        "areas/midlothian/",
        "areas/moray/2017-02-joint-inspection/",
        "areas/midlothian/2020-09-joint-inspection/",
    ],
)
def test_grades_page_linked_from_pages_with_grades(seeds_site, url):
    """Area and report pages that show grades link the grades comparison."""
    assert "grades/" in targets(url, article(seeds_site, url))


# --- follow-up timeline --------------------------------------------------------------------------


def test_timeline_shows_every_follow_up_with_status_due_date_and_delivery(seeds_site):
    """The timeline (and its pages) shows each follow-up: status in words, due date as written, and for a
    met one the publication that delivered it with its date, so the gap between promise and delivery shows."""
    urls = listing_pages(seeds_site, "timeline")

    assert {} == {
        item["id"]: problems
        for item in data(seeds_site, "follow-ups.json")
        if (problems := follow_up_problems(seeds_site, urls, item))
    }


@pytest.mark.parametrize("area", AREAS)
def test_area_page_has_its_own_timeline(seeds_site, area):
    """Each area page shows its follow-ups (status, due date, delivery) and its publications oldest first."""
    url = f"areas/{area}/"
    root = article(seeds_site, url)
    problems = {
        item["id"]: problems
        for item in data(seeds_site, "follow-ups.json")
        if item["area"] == area and (problems := follow_up_problems(seeds_site, [url], item))
    }
    sections = [s for s in root.xpath(".//section") if "Publications" in text_of(s.xpath(".//h2")[0])]
    order = [r["url"] for r in data(seeds_site, "reports.json") if r["area"] == area]
    listed = [t for t in targets(url, sections[0]) if t in order] if sections else []

    assert ({}, order) == (problems, list(dict.fromkeys(listed)))


def test_timeline_print_stylesheet_hides_navigation(seeds_site):
    """A stylesheet the timeline loads has an @media print block that hides the header, tabs and sidebars."""
    hrefs = page(seeds_site, "timeline/").xpath('//head/link[@rel="stylesheet"]/@href')
    css = "".join(
        (seeds_site / path.split("?")[0]).read_text(encoding="utf-8")
        for href in hrefs
        if (path := resolve("timeline/", href))
    )
    blocks = re.findall(r"@media print\s*\{((?:[^{}]*\{[^{}]*\})*[^{}]*)\}", css)
    hidden = {
        selector.strip()
        for block in blocks
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", block)
        if re.search(r"display\s*:\s*none", body)
        for selector in selectors.split(",")
    }

    assert {".md-header", ".md-tabs", ".md-sidebar"} <= hidden


# --- area page as a dashboard ---------------------------------------------------------------------


def summary_line(site: Path, url: str) -> lxml.html.HtmlElement:
    """The at-a-glance summary line at the top of an area page."""
    (line,) = article(site, url).xpath(f".//*[{has_class('insp-summary')}]")
    return line


@pytest.mark.parametrize("area", AREAS)
def test_area_summary_line(seeds_site, area):
    """The summary says how many publications, links the latest with its date, counts AFIs and overdue follow-ups."""
    url = f"areas/{area}/"
    line = summary_line(seeds_site, url)
    reports = [r for r in data(seeds_site, "reports.json") if r["area"] == area]
    afis = [a for a in data(seeds_site, "areas-for-improvement.json") if a["area"] == area]
    overdue = [f for f in data(seeds_site, "follow-ups.json") if f["area"] == area and f["status"] == "overdue"]
    text = text_of(line)

    assert (True, True, True, True, True) == (
        f"{len(reports)} publication" in text,
        reports[-1]["url"] in targets(url, line),
        shows_date(line, reports[-1]["published"]),
        (f"{len(afis)} area" in text) if afis else ("no areas for improvement recorded on this site" in text),
        (f"{len(overdue)} follow-up" in text) if overdue else ("no follow-ups overdue" in text),
    )


@pytest.mark.parametrize(
    ("url", "grades"),
    [
        ("areas/midlothian/", ["Good (grade 4 of 6)"] * 4),
        ("areas/moray/", ["Adequate (grade 3 of 6)", "Weak (grade 2 of 6)"]),
    ],
)
def test_area_page_shows_latest_grades(seeds_site, url, grades):
    """The area page shows its latest grades, in words and numbers."""
    root = article(seeds_site, url)
    sections = [s for s in root.xpath(".//section") if "grades" in text_of(s.xpath(".//h2")[0]).lower()]
    shown = [text_of(g) for g in sections[0].xpath(f".//*[{has_class('insp-grade')}]")] if sections else []

    assert grades == shown


def test_moray_page_counts_its_grades(seeds_site):
    """Moray's latest grades: 5 indicators adequate, 4 weak."""
    root = article(seeds_site, "areas/moray/")

    assert (True, True) == (
        "5 indicators graded Adequate (grade 3 of 6)" in text_of(root),
        "4 indicators graded Weak (grade 2 of 6)" in text_of(root),
    )


@pytest.mark.parametrize("area", AREAS)
def test_area_page_lists_its_afis_with_status(seeds_site, area):
    """The area page lists each of its AFIs with its status in words."""
    url = f"areas/{area}/"
    afis = afis_by_url(seeds_site)
    shown = {afi_of(url, item, afis)["url"]: badges(item) for item in filter_items(article(seeds_site, url))}

    assert {a["url"]: True for a in afis.values() if a["area"] == area} == {
        u: rating_label(afis[u]["status"]) in b for u, b in shown.items()
    }


# --- a small project: follow-ups met, met late, withdrawn, overdue and due -------------------------

SMALL = {
    "content/themes.yml": """
        leadership:
          name: Leadership
          description: How leaders lead.
        planning:
          name: Planning
          description: How partners plan.
        """,
    **NORTH_AND_SOUTH,
    "content/reports/north/2016-03-joint-inspection.md": """
        ---
        title: Joint inspection in North
        type: joint-inspection
        published: 2016-03-10
        evaluations:
          - indicator: "9.4 Leadership of improvement"
            grade: very-good
          - indicator: "2.1 Impact on children"
            grade: weak
        areas_for_improvement:
          - id: leadership
            text: Strengthen leadership of the partnership.
            themes: [leadership]
          - id: planning
            text: Plan services together.
            themes: [planning]
        commitments:
          - id: review
            text: We will review progress by 10 September 2016.
            type: progress-review
            due: "2016-09-10"
          - id: release
            text: The partners will publish a news release in February 2017.
            type: news-release
            due: "2017-02"
          - id: council-report
            text: The council will report on its response in 2018.
            type: council-report
            due: 2018
        ---
        The inspection.
        """,
    "content/reports/north/2016-09-progress-review.md": """
        ---
        title: First progress review in North
        type: progress-review
        published: 2016-09
        follows: north/2016-03-joint-inspection
        progress:
          - afi: leadership
            rating: early
        commitments:
          - id: second-review
            text: We will publish a second progress review within 12 months.
            type: progress-review
            due: 12 months
        ---
        The first review.
        """,
    "content/reports/north/2018-progress-review.md": """
        ---
        title: Second progress review in North
        type: progress-review
        published: 2018
        follows: north/2016-09-progress-review
        closes: ["north/2016-03-joint-inspection#release"]
        progress:
          - afi: leadership
            rating: substantial
        commitments:
          - id: inspection
            text: Inspectors will return in 2030.
            type: joint-inspection
            due: 2030
        ---
        The second review.
        """,
    "content/reports/south/2026-05-joint-inspection.md": """
        ---
        title: Joint inspection in South
        type: joint-inspection
        published: 2026-05-20
        areas_for_improvement:
          - id: planning
            text: Plan for the future.
            themes: [planning]
        commitments:
          - id: review
            text: We will review progress by March 2027.
            type: progress-review
            due: "2027-03"
        ---
        The inspection in South.
        """,
}
SMALL_STATUSES = {
    "north/2016-03-joint-inspection#review": "met",
    "north/2016-09-progress-review#second-review": "met-late",
    "north/2016-03-joint-inspection#release": "withdrawn",
    "north/2016-03-joint-inspection#council-report": "overdue",
    "south/2026-05-joint-inspection#review": "due",
    "north/2018-progress-review#inspection": "due",
}


@pytest.fixture(name="small_site", scope="module")
def _small_site(tmp_path_factory, make_project, build_project) -> Path:
    return build_project(make_project(tmp_path_factory.mktemp("reading-small"), SMALL))


def test_small_site_has_every_follow_up_status(small_site):
    """The small project's follow-ups are met, met late, withdrawn, overdue and due on 24 November 2026."""
    assert SMALL_STATUSES == {item["id"]: item["status"] for item in data(small_site, "follow-ups.json")}


def test_small_timeline_shows_each_status_in_words(small_site):
    """The timeline pages show met, met late, withdrawn, overdue and due in words, each row with its dates."""
    urls = listing_pages(small_site, "timeline")
    words = {word for url in urls for word in badges(article(small_site, url))}

    assert (set(FOLLOW_UP_WORDS.values()), {}) == (
        set(FOLLOW_UP_WORDS.values()) & words,
        {
            item["id"]: problems
            for item in data(small_site, "follow-ups.json")
            if (problems := follow_up_problems(small_site, urls, item))
        },
    )


@pytest.mark.parametrize("area", ["north", "south"])
def test_small_area_page_timeline(small_site, area):
    """Each area page of the small project shows its own follow-ups with status, due date and delivery."""
    url = f"areas/{area}/"

    assert {} == {
        item["id"]: problems
        for item in data(small_site, "follow-ups.json")
        if item["area"] == area and (problems := follow_up_problems(small_site, [url], item))
    }


@pytest.mark.parametrize(
    ("area", "words", "latest", "next_due"),
    [
        (
            "north",
            ["3 publications", "2 areas for improvement", "1 follow-up overdue"],
            "areas/north/2018-progress-review/",
            "2030",
        ),
        (
            "south",
            ["1 publication", "1 area for improvement", "no follow-ups overdue"],
            "areas/south/2026-05-joint-inspection/",
            "2027-03",
        ),
    ],
)
def test_small_area_summary_line(small_site, area, words, latest, next_due):
    """The summary line counts publications, AFIs and overdue follow-ups, links the latest publication and
    names the next follow-up still to come (an overdue one is counted as overdue, not as next due)."""
    url = f"areas/{area}/"
    line = summary_line(small_site, url)

    assert ([], True, True) == (
        [w for w in words if w not in text_of(line)],
        latest in targets(url, line),
        "next follow-up due" in text_of(line) and shows_date(line, next_due),
    )


# --- in Chromium: the filter script, JavaScript off, print, search ---------------------------------


@pytest.fixture(name="browser", scope="module")
def _browser(seeds_site: Path) -> Iterator[tuple[Any, Any, str]]:
    """One Chromium for the module: a page with JavaScript, a page without, and the served site's base URL."""
    with served_chromium(seeds_site) as (chromium, base):
        with_js = chromium.new_context().new_page()
        without_js = chromium.new_context(java_script_enabled=False).new_page()
        yield with_js, without_js, base


def visible_links(pw_page: Any, selector: str) -> list[str]:
    """The site-root-relative targets of the first link of each visible element matching ``selector``."""
    return pw_page.eval_on_selector_all(
        selector,
        """(els) => els.filter((el) => el.checkVisibility())
                      .map((el) => new URL(el.querySelector('a').href).pathname.replace(/^\\//, ''))""",
    )


@pytest.mark.browser
def test_filter_form_narrows_the_afis_by_status(browser, seeds_site):
    """With JavaScript the form shows; choosing a status hides the other AFIs and the count says how many."""
    pw_page, _, base = browser
    pw_page.goto(base + "improvements/")
    form = pw_page.locator("form.insp-filter")
    form.wait_for(state="visible", timeout=10_000)
    pw_page.select_option("form.insp-filter select[name=status]", "encouraging")
    pw_page.wait_for_timeout(100)
    wanted = sorted(a["url"] for a in data(seeds_site, "areas-for-improvement.json") if a["status"] == "encouraging")
    shown = sorted(visible_links(pw_page, "[data-filter-item]"))
    count = pw_page.inner_text("[data-filter-count]")
    midlothian_shown = pw_page.locator("#area-midlothian").is_visible()
    pw_page.click("form.insp-filter button[type=reset]")
    pw_page.wait_for_timeout(100)
    after_reset = len(visible_links(pw_page, "[data-filter-item]"))

    assert (wanted, f"{len(wanted)} items shown", False, len(data(seeds_site, "areas-for-improvement.json"))) == (
        shown,
        count.strip(),
        midlothian_shown,
        after_reset,
    )


@pytest.mark.browser
def test_filter_form_narrows_the_publications_by_area(browser, seeds_site):
    """On the publications page, choosing an area leaves only that area's publications."""
    pw_page, _, base = browser
    pw_page.goto(base + "reports/")
    pw_page.locator("form.insp-filter").wait_for(state="visible", timeout=10_000)
    listed = {
        t
        for t in (
            resolve("reports/", h) for h in article(seeds_site, "reports/").xpath(".//*[@data-filter-item]//a/@href")
        )
        if t
    }
    pw_page.select_option("form.insp-filter select[name=area]", "moray")
    pw_page.wait_for_timeout(100)
    wanted = sorted(r["url"] for r in data(seeds_site, "reports.json") if r["area"] == "moray" and r["url"] in listed)

    assert wanted == sorted(visible_links(pw_page, "[data-filter-item]"))


@pytest.mark.browser
@pytest.mark.parametrize(
    "url", ["improvements/", "improvements/encouraging/", "themes/leadership/", "areas/moray/", "reports/"]
)
def test_without_javascript_lists_are_complete_and_no_form_shows(browser, seeds_site, url):
    """With JavaScript disabled the page shows no filter form and every item of its list."""
    _, pw_page, base = browser
    pw_page.goto(base + url)
    in_html = len(filter_items(article(seeds_site, url)))
    visible = len(visible_links(pw_page, "[data-filter-item]"))
    forms = pw_page.locator("form.insp-filter")
    forms_visible = [forms.nth(i).is_visible() for i in range(forms.count())]

    assert (True, in_html, []) == (in_html > 0, visible, [v for v in forms_visible if v])


@pytest.mark.browser
def test_without_javascript_improvements_index_lists_every_afi(browser, seeds_site):
    """With JavaScript disabled the improvements index shows every AFI."""
    _, pw_page, base = browser
    pw_page.goto(base + "improvements/")

    assert sorted(a["url"] for a in data(seeds_site, "areas-for-improvement.json")) == sorted(
        visible_links(pw_page, "[data-filter-item]")
    )


@pytest.mark.browser
def test_without_javascript_timeline_reads_whole(browser, seeds_site):
    """With JavaScript disabled every follow-up row of the timeline is visible."""
    _, pw_page, base = browser
    pw_page.goto(base + "timeline/")
    texts = [item["text"] for item in data(seeds_site, "follow-ups.json") if item["status"] in {"due", "overdue"}]
    body = pw_page.inner_text("article")

    assert [] == [t for t in texts if t not in body]


@pytest.mark.browser
def test_timeline_prints_without_navigation(browser):
    """Printed, the timeline keeps its content and drops the header, tabs and sidebars."""
    pw_page, _, base = browser
    pw_page.emulate_media(media="print")
    try:
        pw_page.goto(base + "timeline/")
        hidden = {
            sel: not pw_page.locator(sel).first.is_visible()
            for sel in (".md-header", ".md-tabs", ".md-sidebar--primary")
        }
        table_shown = pw_page.locator("article table").first.is_visible()
    finally:
        pw_page.emulate_media(media="screen")

    assert ({".md-header": True, ".md-tabs": True, ".md-sidebar--primary": True}, True) == (hidden, table_shown)


def search(pw_page: Any, base: str, query: str) -> list[tuple[str, str]]:
    """The search page's results for ``query``, all of them: (page URL relative to the site, visible text) each."""
    pw_page.goto(base)
    pw_page.keyboard.press("/")  # the shortcut focuses the header's search box
    pw_page.keyboard.type(query)
    pw_page.keyboard.press("Enter")  # which opens the search page
    pw_page.wait_for_function("document.getElementById('finder-count')?.textContent", timeout=10_000)
    while pw_page.is_visible("#finder-more"):
        count = len(pw_page.query_selector_all("#finder-results li"))
        pw_page.click("#finder-more")
        pw_page.wait_for_function(f"document.querySelectorAll('#finder-results li').length > {count}")
    results = []
    for item in pw_page.query_selector_all("#finder-results li"):
        link = item.query_selector("a")
        path = urlsplit(link.get_attribute("href")).path.removeprefix(urlsplit(base).path)
        results.append((path, " ".join(item.inner_text().split())))
    return results


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "url", "area", "status"),
    [
        (
            "corporate parenting",
            "areas/moray/2017-02-joint-inspection/corporate-parenting/",
            "Moray",
            "Encouraging progress",
        ),
        (
            "neglectful parenting",
            "areas/moray/2017-02-joint-inspection/neglect-and-cumulative-harm/",
            "Moray",
            "Encouraging progress",
        ),
        (
            "corporate parenting",
            "areas/midlothian/2020-09-joint-inspection/corporate-parenting-leadership/",
            "Midlothian",
            "Not yet reviewed",
        ),
    ],
    ids=["corporate-parenting-moray", "neglectful-parenting-moray", "corporate-parenting-midlothian"],
)
def test_search_finds_an_afi_and_shows_its_area_and_status(browser, query, url, area, status):
    """Searching an AFI's words finds its page; the result shows its area and status as words of their own."""
    pw_page, _, base = browser
    texts = [text for path, text in search(pw_page, base, query) if path == url]

    assert (1, True, True) == (
        len(texts),
        bool(texts) and re.search(rf"\b{area}\b", texts[0]) is not None,
        bool(texts) and re.search(rf"\b{status}\b", texts[0]) is not None,
    ), f"result text: {texts}"


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "url"),
    [
        ("Midlothian", "areas/midlothian/"),
        ("South Ayrshire", "areas/south-ayrshire/"),
        ("Champions Board", "areas/midlothian/2020-09-joint-inspection/"),
        ("second progress review", "areas/moray/2019-progress-review/"),
    ],
)
def test_search_finds_areas_and_reports(browser, query, url):
    """An area's name finds the area page; a report's words find the report."""
    pw_page, _, base = browser

    assert url in [path for path, _ in search(pw_page, base, query)]
