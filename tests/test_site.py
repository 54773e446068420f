"""The repository's own site, built once (strict, reference date 2026-11-24): pages, links, dates, data, notices."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest
import yaml
from pages import article, page, resolve, text_of

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
SEED_LANGUAGES = ("en", "gd", "bn", "ur", "pa", "ar", "zh-Hant", "pl")
RTL = {"ur", "ar"}
REVIEW = "areas/moray/2017-12-progress-review/"
MORAY_FINDINGS = {
    "collective-vision": "Encouraging progress",
    "child-protection-committee": "Substantial progress",
    "corporate-parenting": "Encouraging progress",
    "joint-self-evaluation": "Early progress",
    "neglect-and-cumulative-harm": "Encouraging progress",
    "operational-practice": "Encouraging progress",
}


def front_matter(path: Path) -> dict:
    """A content file's front matter, every value read as a string (independent of the generator)."""
    text = path.read_text(encoding="utf-8")
    return yaml.load(text.split("\n---\n", 1)[0].removeprefix("---\n"), Loader=yaml.BaseLoader)  # noqa: S506


def content_urls() -> list[str]:
    """Every area, report and AFI page URL the content files promise, from the files themselves."""
    urls = [f"areas/{path.stem}/" for path in sorted((CONTENT / "areas").glob("*.md"))]
    for path in sorted((CONTENT / "reports").glob("*/*.md")):
        urls.append(f"areas/{path.parent.name}/{path.stem}/")
        urls += [
            f"areas/{path.parent.name}/{path.stem}/{afi['id']}/"
            for afi in front_matter(path).get("areas_for_improvement", [])
        ]
    return urls


def links(site: Path, url: str, element: lxml.html.HtmlElement | None = None) -> set[str]:
    """The targets of the links in ``element`` (default: the page's article), site-root-relative, with fragments."""
    root = article(site, url) if element is None else element
    return {target for href in root.xpath(".//a/@href") if (target := resolve(url, href)) is not None}


def data(site: Path, name: str) -> dict:
    """An open data file."""
    return json.loads((site / "data" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("url", content_urls())
def test_every_content_file_has_its_page(seeds_site, url):
    """Every area, report and AFI in content/ has a page at its contract URL."""
    assert (seeds_site / url / "index.html").is_file()


def test_content_urls_include_the_key_pages():
    """The derived URL list covers the key pages by name (so a loader bug cannot empty it)."""
    expected = {
        "areas/moray/",
        "areas/midlothian/",
        "areas/south-ayrshire/",
        "areas/moray/2017-02-joint-inspection/",
        REVIEW,
        "areas/moray/2019-progress-review/",
        "areas/moray/2017-02-joint-inspection/collective-vision/",
        "areas/moray/2017-02-joint-inspection/operational-practice/",
        "areas/midlothian/2020-09-joint-inspection/trauma-recovery-services/",
        "areas/south-ayrshire/progress-review/",
    }

    assert expected == expected & set(content_urls())


@pytest.mark.parametrize(
    "url",
    [
        "",
        "areas/",
        "reports/",
        "improvements/",
        "themes/",
        "themes/leadership/",
        "timeline/",
        "notices/",
        *(f"notices/{lang}/" for lang in SEED_LANGUAGES),
    ],
)
def test_index_pages_exist(seeds_site, url):
    """The home, index, theme, timeline and notice pages are at their contract URLs."""
    assert (seeds_site / url / "index.html").is_file()


def test_every_declared_theme_has_its_page(seeds_site):
    """Every theme in themes.yml has a page /themes/<theme>/."""
    themes = yaml.safe_load((CONTENT / "themes.yml").read_text(encoding="utf-8"))

    assert [] == [slug for slug in themes if not (seeds_site / "themes" / slug / "index.html").is_file()]


@pytest.mark.parametrize(("afi", "rating"), sorted(MORAY_FINDINGS.items()))
def test_moray_first_review_findings_on_afi_pages(seeds_site, afi, rating):
    """Each of the six Moray AFI pages links to its section of the December 2017 review and shows its rating."""
    url = f"areas/moray/2017-02-joint-inspection/{afi}/"

    assert (True, True) == (
        f"{REVIEW}#{afi}" in links(seeds_site, url),
        rating in text_of(article(seeds_site, url)),
    )


def test_moray_first_review_sections_exist(seeds_site):
    """The six sections the AFI pages link to are ids on the review page."""
    ids = set(page(seeds_site, REVIEW).xpath("//@id"))

    assert set(MORAY_FINDINGS) == set(MORAY_FINDINGS) & ids


def test_moray_review_links_each_afi_page(seeds_site):
    """The December 2017 review links to each of the six AFI pages it rates."""
    expected = {f"areas/moray/2017-02-joint-inspection/{afi}/" for afi in MORAY_FINDINGS}

    assert expected == expected & links(seeds_site, REVIEW)


def test_second_progress_review_commitment_in_open_data(seeds_site):
    """The 12-month commitment of December 2017 is due 2018-12 and met late by the 2019 review."""
    items = {item["id"]: item for item in data(seeds_site, "follow-ups.json")["items"]}
    item = items["moray/2017-12-progress-review#second-progress-review"]

    assert ("2018-12", "met-late", "moray/2019-progress-review", REVIEW) == (
        item["due"],
        item["status"],
        item["resolved_by"],
        item["url"],
    )


def test_second_progress_review_due_date_shown_on_the_report_page(seeds_site):
    """The review page shows the commitment's due date as "December 2018", machine-readable as 2018-12."""
    times = article(seeds_site, REVIEW).xpath('.//time[@datetime="2018-12"]')

    assert ["December 2018"] == [text_of(t) for t in times]


def test_second_progress_review_status_shown_on_the_report_page(seeds_site):
    """The review page's row for that follow-up says "Met late" and links the 2019 review that met it."""
    row = article(seeds_site, REVIEW).xpath('.//tr[.//time[@datetime="2018-12"]]')[0]

    assert (True, True) == (
        "Met late" in text_of(row),
        "areas/moray/2019-progress-review/" in links(seeds_site, REVIEW, row),
    )


MIDLOTHIAN_INDICATORS = [
    "3.1.1 Improvements in the safety, wellbeing and life chances of vulnerable children and young people",
    "3.2.1 Impact on children and young people",
    "3.2.2 Impact on families",
    "3.9 Leadership",
]


@pytest.mark.parametrize("url", ["areas/midlothian/2020-09-joint-inspection/", "areas/midlothian/"])
def test_midlothian_four_grades_are_good(seeds_site, url):
    """The report page and the area page list Midlothian's four quality indicators, each graded Good."""
    root = article(seeds_site, url)
    grades = [
        text_of(row.xpath("./td")[0])
        for indicator in MIDLOTHIAN_INDICATORS
        # the grades table; a chart's own table (in its figure) is tested in test_charts.py
        for row in root.xpath(".//tr[th[normalize-space()=$i]][not(ancestor::figure)]", i=indicator)
    ]

    assert ["Good (grade 4 of 6)"] * 4 == grades


@pytest.mark.parametrize(
    ("url", "datetime", "human"),
    [
        (REVIEW, "2017-12", "December 2017"),
        ("areas/midlothian/2020-09-joint-inspection/", "2020-09-01", "1 September 2020"),
        ("areas/moray/2019-progress-review/", "2019", "2019"),
        ("areas/moray/2017-02-joint-inspection/", "2017-02-16", "16 February 2017"),
        ("areas/moray/2017-02-joint-inspection/", "2016-08", "August 2016"),
    ],
)
def test_dates_read_as_people_write_them(seeds_site, url, datetime, human):
    """Dates keep their precision: <time datetime="2017-12">December 2017</time>, never a made-up day."""
    times = article(seeds_site, url).xpath(".//time[@datetime=$d]", d=datetime)

    assert {human} == {text_of(t) for t in times}


def test_no_page_shows_a_made_up_day(seeds_site):
    """No <time> on any page carries a day that the content does not state (e.g. 2017-12-01 for 2017-12)."""
    stated = set(
        re.findall(r"\b\d{4}-\d{2}-\d{2}\b", "".join(p.read_text(encoding="utf-8") for p in CONTENT.rglob("*.md")))
    )
    shown = {
        value
        for path in seeds_site.rglob("*.html")
        for value in lxml.html.parse(str(path)).getroot().xpath("//time/@datetime")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
    }
    derived = {"2017-08-16", "2026-11-24"}  # 2017-02-16 + 6 months; the reference date on the home page

    assert set() == shown - stated - derived


def test_undated_publication_says_so(seeds_site):
    """A publication with published: unknown says the source states no date."""
    assert "date not stated in the source" in text_of(article(seeds_site, "areas/south-ayrshire/progress-review/"))


@pytest.mark.parametrize("name", ["reports.json", "areas-for-improvement.json", "follow-ups.json"])
def test_open_data_generated_is_the_reference_date(seeds_site, name):
    """Each open data file says when it was generated: the reference date, 2026-11-24."""
    assert "2026-11-24" == data(seeds_site, name)["generated"]


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("reports.json", {"id", "area", "type", "title", "published", "follows", "url"}),
        ("areas-for-improvement.json", {"id", "area", "report", "text", "themes", "status", "history", "url"}),
        ("follow-ups.json", {"id", "area", "report", "text", "type", "due", "status", "resolved_by", "url"}),
    ],
)
def test_open_data_items_have_the_contract_keys(seeds_site, name, keys):
    """Every item carries at least the keys the contract promises."""
    items = data(seeds_site, name)["items"]

    assert [] == [item["id"] for item in items if not keys <= set(item)]


@pytest.mark.parametrize("name", ["reports.json", "areas-for-improvement.json", "follow-ups.json"])
def test_open_data_urls_are_pages(seeds_site, name):
    """Every item's url is a page of the site."""
    items = data(seeds_site, name)["items"]

    assert [] == [item["url"] for item in items if not (seeds_site / item["url"] / "index.html").is_file()]


def test_open_data_covers_all_content(seeds_site):
    """reports.json lists every report file and areas-for-improvement.json every AFI, once each."""
    reports = sorted(f"{p.parent.name}/{p.stem}" for p in (CONTENT / "reports").glob("*/*.md"))
    afis = sorted(
        f"{p.parent.name}/{p.stem}#{afi['id']}"
        for p in (CONTENT / "reports").glob("*/*.md")
        for afi in front_matter(p).get("areas_for_improvement", [])
    )

    assert (reports, afis) == (
        sorted(item["id"] for item in data(seeds_site, "reports.json")["items"]),
        sorted(item["id"] for item in data(seeds_site, "areas-for-improvement.json")["items"]),
    )


def test_open_data_moray_afi_history(seeds_site):
    """The Moray child-protection-committee AFI has one finding, substantial, from the December 2017 review."""
    items = {item["id"]: item for item in data(seeds_site, "areas-for-improvement.json")["items"]}
    item = items["moray/2017-02-joint-inspection#child-protection-committee"]

    assert (
        "substantial",
        [{"report": "moray/2017-12-progress-review", "published": "2017-12", "rating": "substantial"}],
    ) == (
        item["status"],
        item["history"],
    )


def test_open_data_follows_as_written(seeds_site):
    """reports.json keeps follows as a list of ids and published as written."""
    items = {item["id"]: item for item in data(seeds_site, "reports.json")["items"]}

    assert (["moray/2017-12-progress-review"], "2019", "2017-12") == (
        items["moray/2019-progress-review"]["follows"],
        items["moray/2019-progress-review"]["published"],
        items["moray/2017-12-progress-review"]["published"],
    )


def test_report_notice_in_eight_languages(seeds_site):
    """The December 2017 review shows the notice in its 8 languages, each text with its lang and direction."""
    notices = yaml.safe_load((CONTENT / "notices.yml").read_text(encoding="utf-8"))["alternative-formats"]
    root = article(seeds_site, REVIEW)
    found = []
    for lang in SEED_LANGUAGES:
        elements = root.xpath(".//*[@lang=$l][normalize-space()=$t]", l=lang, t=notices[lang])
        found.append((lang, [e.get("dir") for e in elements]))

    assert [(lang, ["rtl" if lang in RTL else "ltr"]) for lang in SEED_LANGUAGES] == found


def test_report_notice_names_each_language_in_itself(seeds_site):
    """Each language of the notice is labelled with its own name in its own language, linking to its page."""
    root = article(seeds_site, REVIEW)
    autonyms = {"gd": "Gàidhlig", "ur": "اردو", "ar": "العربية", "pl": "Polski", "zh-Hant": "中文（繁體）"}
    found = {}
    for lang, name in autonyms.items():
        for label in root.xpath(".//a[@hreflang=$l]//*[@lang=$l][normalize-space()=$n]", l=lang, n=name):
            found[lang] = resolve(REVIEW, label.xpath("ancestor::a[1]")[0].get("href"))

    assert {lang: f"notices/{lang}/" for lang in autonyms} == found


@pytest.mark.parametrize("lang", SEED_LANGUAGES)
def test_notice_page_html_carries_its_language(seeds_site, lang):
    """/notices/<lang>/ has <html lang="<lang>"> with dir="rtl" for Urdu and Arabic."""
    html = page(seeds_site, f"notices/{lang}/")

    assert (lang, "rtl" if lang in RTL else "ltr") == (html.get("lang"), html.get("dir") or "ltr")


def test_notice_page_shows_the_text_in_its_language(seeds_site):
    """The Urdu notice page contains the Urdu text."""
    notices = yaml.safe_load((CONTENT / "notices.yml").read_text(encoding="utf-8"))["alternative-formats"]

    assert notices["ur"] in text_of(article(seeds_site, "notices/ur/"))


def test_other_pages_stay_english(seeds_site):
    """Pages other than notice pages carry the site language, English."""
    assert ["en", "en", "en"] == [page(seeds_site, url).get("lang") for url in ("", REVIEW, "notices/")]


def test_home_lists_latest_publications(seeds_site):
    """The home page links the latest publications, newest dated ones included."""
    expected = {
        "areas/midlothian/2020-09-council-report/",
        "areas/midlothian/2020-09-joint-inspection/",
        "areas/moray/2019-progress-review/",
        "areas/moray/2017-12-progress-review/",
    }

    assert expected == expected & links(seeds_site, "")


def test_home_lists_open_follow_ups(seeds_site):
    """The home page shows the dated follow-ups still open, says how many open ones name no date, and links the
    timeline of all of them (tests/test_phone.py has a site with dated open ones)."""
    root = article(seeds_site, "")
    items = data(seeds_site, "follow-ups.json")["items"]
    dated = [item["text"] for item in items if item["status"] in {"due", "overdue"} and item["due"]]
    undated = [item for item in items if item["status"] == "due" and not item["due"]]

    assert ([True] * len(dated), True, True, True) == (
        [text in text_of(root) for text in dated],
        f"{len(undated)} open follow-ups promised without a date" in text_of(root),
        "timeline/#undated" in links(seeds_site, ""),
        "timeline/" in links(seeds_site, ""),
    )


def test_home_states_the_reference_date(seeds_site):
    """The home page says the date the statuses were worked out for."""
    times = article(seeds_site, "").xpath('.//time[@datetime="2026-11-24"]')

    assert ["24 November 2026"] == [text_of(t) for t in times]


def test_timeline_lists_every_follow_up(seeds_site):
    """Each commitment is on the timeline of its due year (undated ones on the timeline itself), linked to its page."""
    items = data(seeds_site, "follow-ups.json")["items"]
    missing = []
    for item in items:
        page = f"timeline/{item['due'][:4]}/" if item["due"] else "timeline/"
        if item["text"] not in text_of(article(seeds_site, page)) or item["url"] not in links(seeds_site, page):
            missing.append((item["id"], page))
    assert [] == missing


def test_timeline_links_each_year(seeds_site):
    """The timeline links the page of every year in which a follow-up falls due."""
    years = {item["due"][:4] for item in data(seeds_site, "follow-ups.json")["items"] if item["due"]}
    assert {f"timeline/{year}/" for year in years} <= links(seeds_site, "timeline/")


def test_area_page_links_its_publications(seeds_site):
    """The Moray page links each of Moray's publications."""
    expected = {f"areas/moray/{p.stem}/" for p in (CONTENT / "reports" / "moray").glob("*.md")}

    assert expected == expected & links(seeds_site, "areas/moray/")


def test_report_pages_link_both_ways_through_follows(seeds_site):
    """A report links the one it follows, and that one links back."""
    assert (True, True) == (
        "areas/moray/2017-02-joint-inspection/" in links(seeds_site, REVIEW),
        REVIEW in links(seeds_site, "areas/moray/2017-02-joint-inspection/"),
    )


def test_source_links_are_absolute(seeds_site):
    """A report's source url is linked as written."""
    url = front_matter(CONTENT / "reports/midlothian/2020-09-joint-inspection.md")["source"]["url"]
    hrefs = article(seeds_site, "areas/midlothian/2020-09-joint-inspection/").xpath(".//a/@href")

    assert url in hrefs


def test_generated_pages_are_not_empty_of_structure(seeds_site):
    """Every record page has exactly one <h1>."""
    urls = content_urls()

    assert [] == [url for url in urls if len(article(seeds_site, url).xpath(".//h1")) != 1]


def test_search_index_includes_generated_pages(seeds_site):
    """The search index holds the record pages (they are reachable by search, not only by links): every page
    marked for it, a review and an area among them."""
    entry = json.loads((seeds_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    marked = {
        page.parent.relative_to(seeds_site).as_posix() + "/"
        for page in seeds_site.rglob("index.html")
        if "data-pagefind-body" in page.read_text(encoding="utf-8")
    }

    assert {REVIEW, "areas/moray/"} <= marked
    assert entry["languages"]["en"]["page_count"] == len(marked)
