"""Alerts without a server: Atom feeds of publications and iCalendar files of follow-up due dates.

Checked on real builds: the repository's site with the seeds content (``seeds_site``) and a small project with a
commitment due on a day, in a month and in a year. Feeds are parsed as Atom with lxml, calendars
with ``icalendar``; every id, link and date is compared with the open data and the content.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import icalendar
import lxml.etree
import lxml.html
import pytest
from conftest import NORTH_AND_SOUTH, SEEDS_CONTENT

REPO = Path(__file__).resolve().parent.parent
CONTENT = SEEDS_CONTENT
AREAS = sorted(path.stem for path in (CONTENT / "areas").glob("*.md"))
REPORTS = sorted(f"{path.parent.name}/{path.stem}" for path in (CONTENT / "reports").glob("*/*.md"))
ATOM = "{http://www.w3.org/2005/Atom}"
ATOM_TYPE = "application/atom+xml"
MIN = dt.datetime.min.replace(tzinfo=dt.UTC)
ICAL_TYPE = "text/calendar"
FEEDS = ["feed.xml", *(f"areas/{area}/feed.xml" for area in AREAS)]
CALENDARS = ["follow-ups.ics", *(f"areas/{area}/follow-ups.ics" for area in AREAS)]
# Pages that announce the whole site's feed and calendar, and pages that announce their area's.
SITE_PAGES = ["", "timeline/", "reports/"]
AREA_PAGES = {f"areas/{area}/": area for area in AREAS} | {f"areas/{rid}/": rid.split("/")[0] for rid in REPORTS}


# --- helpers -------------------------------------------------------------------------------------


def data(site: Path, name: str) -> list[dict]:
    """The items of an open data file."""
    return json.loads((site / "data" / name).read_text(encoding="utf-8"))["items"]


def site_url(site: Path) -> str:
    """The build's site_url, as the home page's canonical link states it."""
    home = lxml.html.parse(str(site / "index.html")).getroot()
    (url,) = home.xpath('//head/link[@rel="canonical"]/@href')
    return url if url.endswith("/") else url + "/"


def local_path(site: Path, base: str, url: str) -> Path | None:
    """The built file an absolute URL of the site points at (a page's index.html), or None when it leaves it."""
    if not url.startswith(base):
        return None
    path = urlsplit(url.removeprefix(base)).path
    target = site / path
    return target / "index.html" if path == "" or path.endswith("/") else target


def atom(site: Path, path: str) -> lxml.etree._Element:
    """A feed file parsed with lxml; fails unless it is an Atom <feed>."""
    root = lxml.etree.parse(str(site / path)).getroot()
    assert root.tag == f"{ATOM}feed", f"{path} is not an Atom feed: root is {root.tag}"
    return root


def one(element: lxml.etree._Element, name: str) -> str:
    """The text of the single Atom child ``name``; fails when there is none or several."""
    found = element.findall(f"{ATOM}{name}")
    assert len(found) == 1, f"expected one <{name}>, found {len(found)}"
    return (found[0].text or "").strip()


def atom_links(element: lxml.etree._Element, rel: str) -> list[lxml.etree._Element]:
    """Atom <link> children with relation ``rel`` (a link without rel is an alternate link)."""
    return [link for link in element.findall(f"{ATOM}link") if (link.get("rel") or "alternate") == rel]


def moment(text: str) -> dt.datetime:
    """An Atom date (RFC 3339); fails unless it has a time zone."""
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert value.tzinfo is not None, f"{text!r} has no time zone"
    return value


def entries(feed: lxml.etree._Element) -> dict[str, lxml.etree._Element]:
    """A feed's entries by id; fails when two entries share an id."""
    ids = [one(entry, "id") for entry in feed.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids)), f"duplicate entry ids: {sorted(i for i in ids if ids.count(i) > 1)}"
    return dict(zip(ids, feed.findall(f"{ATOM}entry"), strict=True))


def human(written: str | None) -> str:
    """A date as the content wrote it, in words at its precision (independent of the generator)."""
    if written in {None, "unknown"}:
        return "date not stated"
    parts = [int(p) for p in written.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{calendar.month_name[parts[1]]} {parts[0]}"
    return f"{parts[2]} {calendar.month_name[parts[1]]} {parts[0]}"


def period(written: str) -> tuple[dt.date, dt.date]:
    """The all-day span a due date names: (first day, day after the last day), as DTSTART and DTEND."""
    parts = [int(p) for p in written.split("-")]
    if len(parts) == 3:
        first = dt.date(*parts)
        return first, first + dt.timedelta(days=1)
    if len(parts) == 2:
        year, month = parts
        return dt.date(year, month, 1), (dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1))
    return dt.date(parts[0], 1, 1), dt.date(parts[0] + 1, 1, 1)


def ical(site: Path, path: str) -> icalendar.Calendar:
    """A calendar file parsed with icalendar."""
    return icalendar.Calendar.from_ical((site / path).read_bytes())


def events(cal: icalendar.Calendar) -> dict[str, icalendar.Event]:
    """A calendar's events by UID; fails when two events share a UID."""
    uids = [str(event["UID"]) for event in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids)), f"duplicate UIDs: {sorted(u for u in uids if uids.count(u) > 1)}"
    return dict(zip(uids, cal.walk("VEVENT"), strict=True))


def event_for(cal_events: dict[str, icalendar.Event], commitment_id: str) -> icalendar.Event:
    """The event whose UID is built on the commitment's id."""
    found = [event for uid, event in cal_events.items() if uid.split("@")[0] == commitment_id]
    assert len(found) == 1, f"{len(found)} events for {commitment_id}: {sorted(cal_events)}"
    return found[0]


def all_day(event: icalendar.Event, name: str) -> dt.date:
    """A DTSTART/DTEND that must be a DATE value (all day), never a date-time."""
    value = event.decoded(name)
    assert type(value) is dt.date, f"{name} of {event['UID']} is {value!r}, not a DATE value"
    return value


def alternates(site: Path, url: str) -> dict[str, list[str]]:
    """The <link rel="alternate"> of a page by media type, as site-root-relative targets."""
    root = lxml.html.parse(str(site / url / "index.html")).getroot()
    found: dict[str, list[str]] = {}
    for link in root.xpath('//head/link[contains(concat(" ", @rel, " "), " alternate ")]'):
        target = urljoin("https://site.test/" + url, link.get("href"))
        found.setdefault(link.get("type"), []).append(target.removeprefix("https://site.test/"))
    return found


# --- feeds of the seeds site ---------------------------------------------------------------------


@pytest.mark.parametrize("path", FEEDS + CALENDARS)
def test_feed_and_calendar_files_exist(seeds_site, path):
    """The whole site and each area have a feed.xml and a follow-ups.ics."""
    assert (seeds_site / path).is_file()


@pytest.mark.parametrize("path", FEEDS)
def test_feed_has_id_title_updated_and_self_link(seeds_site, path):
    """Each feed is Atom with an id, a title, an updated date and a self link to its own absolute URL."""
    base = site_url(seeds_site)
    feed = atom(seeds_site, path)
    self_links = atom_links(feed, "self")

    assert (True, True, True, [(base + path, ATOM_TYPE)]) == (
        one(feed, "id").startswith(base),
        bool(one(feed, "title")),
        moment(one(feed, "updated"))
        >= max((moment(one(e, "updated")) for e in feed.findall(f"{ATOM}entry")), default=MIN),
        [(link.get("href"), link.get("type")) for link in self_links],
    )


@pytest.mark.parametrize("path", FEEDS)
def test_feed_links_the_page_it_follows(seeds_site, path):
    """A feed's alternate link is the page it concerns: the home page, or the area's page."""
    base = site_url(seeds_site)
    expected = base + (path.removesuffix("feed.xml"))
    hrefs = [link.get("href") for link in atom_links(atom(seeds_site, path), "alternate")]

    assert ([expected], True) == (hrefs, bool(hrefs) and local_path(seeds_site, base, hrefs[0]).is_file())


@pytest.mark.parametrize("path", FEEDS)
def test_feed_has_one_entry_per_publication(seeds_site, path):
    """The site feed has an entry per publication, an area's feed one per publication of that area.

    Each entry's id is the absolute URL of the publication's page.
    """
    base = site_url(seeds_site)
    area = path.split("/")[1] if path.startswith("areas/") else None
    expected = {base + item["url"] for item in data(seeds_site, "reports.json") if area in {None, item["area"]}}

    assert expected == set(entries(atom(seeds_site, path)))


@pytest.mark.parametrize("path", FEEDS)
def test_feed_entries_link_to_pages_of_the_site(seeds_site, path):
    """Each entry has a title and one alternate link: its id, a page that exists in the built site."""
    base = site_url(seeds_site)
    problems = []
    for entry_id, entry in entries(atom(seeds_site, path)).items():
        hrefs = [link.get("href") for link in atom_links(entry, "alternate")]
        target = local_path(seeds_site, base, hrefs[0]) if len(hrefs) == 1 else None
        if not one(entry, "title") or hrefs != [entry_id] or target is None or not target.is_file():
            problems.append((entry_id, hrefs))

    assert [] == problems


@pytest.mark.parametrize("path", FEEDS)
def test_feed_entry_dates_keep_the_precision_of_the_content(seeds_site, path):
    """A dated entry is published and updated on its first day (00:00 UTC); its summary says the date in words.

    "December 2017", "2019", "1 September 2020", or "date not stated" for a publication the source
    leaves undated.
    """
    base = site_url(seeds_site)
    items = {base + item["url"]: item for item in data(seeds_site, "reports.json")}
    found, expected = {}, {}
    for entry_id, entry in entries(atom(seeds_site, path)).items():
        written = items[entry_id]["published"]
        summary = one(entry, "summary")
        found[entry_id] = human(written) in summary
        expected[entry_id] = True
        if written != "unknown":
            first = dt.datetime.combine(period(written)[0], dt.time(), tzinfo=dt.UTC)
            found[entry_id] = (found[entry_id], moment(one(entry, "published")), moment(one(entry, "updated")))
            expected[entry_id] = (True, first, first)

    assert expected == found


def test_feed_summaries_read_as_written(seeds_site):
    """The Moray feed's summaries say the dates as the content states them."""
    base = site_url(seeds_site)
    moray = entries(atom(seeds_site, "areas/moray/feed.xml"))
    summaries = {entry_id.removeprefix(base + "areas/moray/"): one(e, "summary") for entry_id, e in moray.items()}

    assert (True, True, True, True) == (
        "16 February 2017" in summaries["2017-02-joint-inspection/"],
        "December 2017" in summaries["2017-12-progress-review/"],
        "2019" in summaries["2019-progress-review/"],
        "date not stated" in summaries["2021-06-performance-report/"],
    )


def test_undated_publications_have_no_made_up_published_date(seeds_site):
    """An entry for a publication whose source states no date has no <published> (Atom makes it optional).

    Its <updated> (required) may be the date it is known to follow, but a publication date would be
    invented: the site never shows a day that the content does not state.
    """
    base = site_url(seeds_site)
    undated = {base + item["url"] for item in data(seeds_site, "reports.json") if item["published"] == "unknown"}
    feed = entries(atom(seeds_site, "feed.xml"))

    assert {entry_id: [] for entry_id in undated} == {
        entry_id: [e.text for e in feed[entry_id].findall(f"{ATOM}published")] for entry_id in undated
    }


def test_area_feed_entries_are_the_site_feed_entries(seeds_site):
    """An area feed's entries carry the same ids and dates as the same entries in the site feed."""
    site_feed = entries(atom(seeds_site, "feed.xml"))
    mismatched = []
    for path in FEEDS[1:]:
        for entry_id, entry in entries(atom(seeds_site, path)).items():
            same = site_feed.get(entry_id)
            if same is None or one(same, "updated") != one(entry, "updated"):
                mismatched.append((path, entry_id))

    assert [] == mismatched


# --- calendars of the seeds site -----------------------------------------------------------------


@pytest.mark.parametrize("path", CALENDARS)
def test_calendar_has_one_event_per_dated_commitment(seeds_site, path):
    """The site calendar has an event per commitment with a due date; an area's, per commitment of that area.

    Each event's UID is built on the commitment's id, so it stays the same from build to build.
    """
    area = path.split("/")[1] if path.startswith("areas/") else None
    expected = sorted(
        item["id"] for item in data(seeds_site, "follow-ups.json") if item["due"] and area in {None, item["area"]}
    )
    cal = ical(seeds_site, path)

    assert ("2.0", True, expected) == (
        str(cal["VERSION"]),
        bool(str(cal.get("PRODID", ""))),
        sorted(uid.split("@")[0] for uid in events(cal)),
    )


@pytest.mark.parametrize("path", CALENDARS)
def test_calendar_is_written_as_icalendar_writes_it(seeds_site, path):
    """Each event is serialised once for the site's calendar and its area's; the files are still exactly
    what icalendar writes for the calendar they hold."""
    written = (seeds_site / path).read_bytes()

    assert icalendar.Calendar.from_ical(written).to_ical() == written


@pytest.mark.parametrize("path", CALENDARS)
def test_calendar_events_span_the_due_period(seeds_site, path):
    """Each event is all day, from the first day of the due period to the day after its last day."""
    cal_events = events(ical(seeds_site, path))
    due = {item["id"]: item["due"] for item in data(seeds_site, "follow-ups.json") if item["due"]}
    found = {uid: (all_day(event, "DTSTART"), all_day(event, "DTEND")) for uid, event in cal_events.items()}

    assert {uid: period(due[uid.split("@")[0]]) for uid in cal_events} == found


def test_moray_calendar_dates(seeds_site):
    """Moray's two dated commitments: 16 August 2017 (one day) and December 2018 (the whole month)."""
    cal_events = events(ical(seeds_site, "areas/moray/follow-ups.ics"))
    spans = {
        cid: (all_day(event_for(cal_events, cid), "DTSTART"), all_day(event_for(cal_events, cid), "DTEND"))
        for cid in (
            "moray/2017-02-joint-inspection#initial-progress-review",
            "moray/2017-12-progress-review#second-progress-review",
        )
    }

    assert {
        "moray/2017-02-joint-inspection#initial-progress-review": (dt.date(2017, 8, 16), dt.date(2017, 8, 17)),
        "moray/2017-12-progress-review#second-progress-review": (dt.date(2018, 12, 1), dt.date(2019, 1, 1)),
    } == spans


@pytest.mark.parametrize("path", CALENDARS)
def test_calendar_event_urls_are_pages_of_the_site(seeds_site, path):
    """Each event links (URL) the page of the publication that made the promise, which exists."""
    base = site_url(seeds_site)
    pages = {item["id"]: base + item["url"] for item in data(seeds_site, "follow-ups.json")}
    found = {}
    for uid, event in events(ical(seeds_site, path)).items():
        url = str(event.get("URL", ""))
        target = local_path(seeds_site, base, url)
        found[uid] = (url, target is not None and target.is_file())

    assert {uid: (pages[uid.split("@")[0]], True) for uid in found} == found


def test_uids_are_unique_across_the_site(seeds_site):
    """No two events of the site calendar share a UID, and area calendars reuse the site calendar's UIDs."""
    site_uids = set(events(ical(seeds_site, "follow-ups.ics")))
    area_uids = [uid for path in CALENDARS[1:] for uid in events(ical(seeds_site, path))]

    assert (len(area_uids), set()) == (len(set(area_uids)), set(area_uids) ^ site_uids)


# --- <link rel="alternate"> on the pages they concern ----------------------------------------------


@pytest.mark.parametrize("url", SITE_PAGES)
def test_site_pages_announce_the_site_feed_and_calendar(seeds_site, url):
    """Home, timeline and publications announce the site's feed and calendar, and the files exist."""
    found = alternates(seeds_site, url)

    assert (["feed.xml"], ["follow-ups.ics"], True) == (
        found.get(ATOM_TYPE),
        found.get(ICAL_TYPE),
        all((seeds_site / target).is_file() for targets in found.values() for target in targets),
    )


@pytest.mark.parametrize(("url", "area"), AREA_PAGES.items(), ids=AREA_PAGES.keys())
def test_area_and_report_pages_announce_their_area_feed_and_calendar(seeds_site, url, area):
    """Each area page and each report page announces its area's feed and calendar, which exist."""
    found = alternates(seeds_site, url)

    assert ([f"areas/{area}/feed.xml"], [f"areas/{area}/follow-ups.ics"], True) == (
        found.get(ATOM_TYPE),
        found.get(ICAL_TYPE),
        all((seeds_site / target).is_file() for targets in found.values() for target in targets),
    )


# --- a small project: a commitment due on a day, in a month and in a year -------------------------

SMALL = {
    "content/themes.yml": """
        leadership:
          name: Leadership
          description: How leaders lead.
        """,
    **NORTH_AND_SOUTH,
    "content/reports/north/2016-03-joint-inspection.md": """
        ---
        title: Joint inspection in North
        type: joint-inspection
        published: 2016-03-10
        areas_for_improvement:
          - id: leadership
            text: Strengthen leadership.
            themes: [leadership]
        commitments:
          - id: day
            text: We will review progress by 10 September 2016.
            type: progress-review
            due: "2016-09-10"
          - id: month
            text: The partners will publish a news release in February 2017.
            type: news-release
            due: "2017-02"
          - id: year
            text: The council will report on its response in 2018.
            type: council-report
            due: 2018
          - id: undated
            text: Inspectors will return some day.
            type: joint-inspection
        ---
        The inspection.
        """,
    "content/reports/north/2016-09-progress-review.md": """
        ---
        title: Progress review in North
        type: progress-review
        published: 2016-09
        follows: north/2016-03-joint-inspection
        commitments:
          - id: duration
            text: We will publish a second progress review within 12 months.
            type: progress-review
            due: 12 months
        ---
        The review.
        """,
    "content/reports/south/2026-05-joint-inspection.md": """
        ---
        title: Joint inspection in South
        type: joint-inspection
        published: 2026-05-20
        commitments:
          - id: review
            text: We will review progress by March 2027.
            type: progress-review
            due: "2027-03"
        ---
        The inspection in South.
        """,
}

LATER = {
    "content/reports/south/2026-11-progress-review.md": """
        ---
        title: Progress review in South
        type: progress-review
        published: 2026-11
        follows: south/2026-05-joint-inspection
        commitments:
          - id: next
            text: We will return in 2029.
            type: joint-inspection
            due: 2029
        ---
        The review in South.
        """,
}

SMALL_SPANS = {
    "north/2016-03-joint-inspection#day": (dt.date(2016, 9, 10), dt.date(2016, 9, 11)),
    "north/2016-03-joint-inspection#month": (dt.date(2017, 2, 1), dt.date(2017, 3, 1)),
    "north/2016-03-joint-inspection#year": (dt.date(2018, 1, 1), dt.date(2019, 1, 1)),
    "north/2016-09-progress-review#duration": (dt.date(2017, 9, 1), dt.date(2017, 10, 1)),  # 2016-09 + 12 months
    "south/2026-05-joint-inspection#review": (dt.date(2027, 3, 1), dt.date(2027, 4, 1)),
}


@pytest.fixture(name="small_sites", scope="module")
def _small_sites(tmp_path_factory, make_project, build_project) -> tuple[Path, Path]:
    """The small project built, then built again with one more publication (which adds a commitment)."""
    first = build_project(make_project(tmp_path_factory.mktemp("alerts-small"), SMALL))
    second = build_project(make_project(tmp_path_factory.mktemp("alerts-later"), SMALL | LATER))
    return first, second


def spans(site: Path, path: str) -> dict[str, tuple[dt.date, dt.date]]:
    """Each event's (DTSTART, DTEND), by the commitment id its UID is built on."""
    return {
        uid.split("@")[0]: (all_day(event, "DTSTART"), all_day(event, "DTEND"))
        for uid, event in events(ical(site, path)).items()
    }


def test_small_calendar_dates_at_day_month_and_year_precision(small_sites):
    """A day is one day; a month and a year span the whole period; an undated commitment has no event."""
    site, _ = small_sites

    assert SMALL_SPANS == spans(site, "follow-ups.ics")


@pytest.mark.parametrize("area", ["north", "south"])
def test_small_area_calendar_has_only_that_area(small_sites, area):
    """Each area's calendar holds the events of its own commitments, with the same dates."""
    site, _ = small_sites
    expected = {cid: span for cid, span in SMALL_SPANS.items() if cid.startswith(area + "/")}

    assert expected == spans(site, f"areas/{area}/follow-ups.ics")


def test_small_calendar_summaries_say_the_due_date_in_words(small_sites):
    """Each event's summary says when it is due at the date's precision."""
    site, _ = small_sites
    cal_events = events(ical(site, "follow-ups.ics"))
    words = {
        "north/2016-03-joint-inspection#day": "10 September 2016",
        "north/2016-03-joint-inspection#month": "February 2017",
        "north/2016-03-joint-inspection#year": "2018",
        "north/2016-09-progress-review#duration": "September 2017",
        "south/2026-05-joint-inspection#review": "March 2027",
    }

    assert dict.fromkeys(words, True) == {
        cid: text in str(event_for(cal_events, cid)["SUMMARY"]) for cid, text in words.items()
    }


def test_small_feed_dates(small_sites):
    """The small site's feed: entries published on their first day, summaries in words at their precision."""
    site, _ = small_sites
    base = site_url(site)
    words = {
        "areas/north/2016-03-joint-inspection/": (dt.date(2016, 3, 10), "10 March 2016"),
        "areas/north/2016-09-progress-review/": (dt.date(2016, 9, 1), "September 2016"),
        "areas/south/2026-05-joint-inspection/": (dt.date(2026, 5, 20), "20 May 2026"),
    }
    found = {
        url: (moment(one(entry, "published")).date(), words[url][1] if words[url][1] in one(entry, "summary") else None)
        for entry_id, entry in entries(atom(site, "feed.xml")).items()
        if (url := entry_id.removeprefix(base)) in words
    }

    assert (words, 3) == (found, len(entries(atom(site, "feed.xml"))))


def test_ids_and_uids_stay_the_same_when_content_grows(small_sites):
    """Adding a publication adds its entry and event; every existing entry id, UID and date stays as it was."""
    first, second = small_sites
    before_entries = {i: one(e, "updated") for i, e in entries(atom(first, "feed.xml")).items()}
    after_entries = {i: one(e, "updated") for i, e in entries(atom(second, "feed.xml")).items()}
    before_events = spans(first, "follow-ups.ics")
    after_events = spans(second, "follow-ups.ics")
    base = site_url(second)

    assert (
        before_entries,
        {base + "areas/south/2026-11-progress-review/"},
        before_events,
        {"south/2026-11-progress-review#next": (dt.date(2029, 1, 1), dt.date(2030, 1, 1))},
        set(events(ical(first, "follow-ups.ics"))),
    ) == (
        {i: after_entries[i] for i in before_entries if i in after_entries},
        set(after_entries) - set(before_entries),
        {cid: after_events[cid] for cid in before_events if cid in after_events},
        {cid: span for cid, span in after_events.items() if cid not in before_events},
        set(events(ical(second, "follow-ups.ics"))) & set(events(ical(first, "follow-ups.ics"))),
    )


def test_small_site_feed_ids_are_page_urls(small_sites):
    """In the small site too, each entry id is the absolute URL of an existing publication page."""
    site, _ = small_sites
    base = site_url(site)
    ids = set(entries(atom(site, "feed.xml")))

    assert (len(ids), set()) == (
        3,
        {i for i in ids if (target := local_path(site, base, i)) is None or not target.is_file()},
    )
