"""Alerts without a server: an Atom feed of publications and an iCalendar file of follow-up due dates.

Both are built from the derived site and nothing else, so two builds with the
same reference date give the same bytes: no clock, stable ids, sorted entries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .pages import Kind, type_label, url_for

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable, Iterator

    import icalendar

    from ..content.model import Report
    from .derive import FollowUp, Site

FEED_NAME = "feed.xml"
CALENDAR_NAME = "follow-ups.ics"
FEED_LIMIT = 50


@dataclass(frozen=True, slots=True)
class Alternate:
    """A feed or calendar file, for pages to announce with ``<link rel="alternate">``.

    Attributes:
        url: where it is, relative to the site root.
        media_type: ``application/atom+xml`` or ``text/calendar``.
        title: what a feed reader or calendar shows.
    """

    url: str
    media_type: str
    title: str

    @property
    def kind(self) -> str:
        """What the file is, in words: ``Atom feed`` or ``calendar file``."""
        return "Atom feed" if self.media_type == "application/atom+xml" else "calendar file"


def feed_url(area: str | None = None) -> str:
    """The Atom feed of the whole site, or of one area."""
    return f"{url_for(Kind.AREA, area)}{FEED_NAME}" if area else FEED_NAME


def calendar_url(area: str | None = None) -> str:
    """The follow-up calendar of the whole site, or of one area."""
    return f"{url_for(Kind.AREA, area)}{CALENDAR_NAME}" if area else CALENDAR_NAME


def alternates(site: Site, area: str | None = None) -> list[Alternate]:
    """The feed and calendar of the whole site or of one area."""
    where = site.areas[area].name if area else "all areas"
    return [
        Alternate(feed_url(area), "application/atom+xml", f"New publications: {where}"),
        Alternate(calendar_url(area), "text/calendar", f"Follow-up due dates: {where}"),
    ]


def alert_files(
    site: Site, site_url: str, site_name: str, serialised: dict[Hashable, bytes] | None = None
) -> dict[str, bytes]:
    """Every feed and calendar file, by URL relative to the site root.

    ``serialised`` keeps serialised calendar events by what they say, from one build to the next (the live
    preview): an event that has not changed is not serialised again.
    """
    # Each follow-up is in two calendars, the site's and its area's: it is serialised once for both.
    events: dict[str, bytes] = {}
    written: dict[Hashable, bytes] = {}
    for follow_up, fields in _events(site, site_url):
        data = serialised.get(fields) if serialised is not None else None
        written[fields] = events[follow_up.commitment.id] = data or _event(fields).to_ical()
    if serialised is not None:  # what this build wrote, and nothing it no longer needs
        serialised.clear()
        serialised.update(written)
    files = {}
    for area in (None, *site.areas):
        files[feed_url(area)] = atom_feed(site, area, site_url, site_name)
        files[calendar_url(area)] = _calendar_file(site, area, site_name, events)
    return files


def alert_urls(site: Site) -> list[str]:
    """The URLs of the files ``alert_files`` makes, without making them."""
    return [url for area in (None, *site.areas) for url in (feed_url(area), calendar_url(area))]


def atom_feed(site: Site, area: str | None, site_url: str, site_name: str) -> bytes:
    """An Atom feed of the publications of one area (or all), newest first."""
    base = _base(site_url)
    reports = site.reports_in(area) if area else [site.reports[rid] for rid in site.order]
    reports = reports[-FEED_LIMIT:]  # a feed carries news: the latest entries, whatever the site's size
    from feedgen.feed import FeedGenerator  # noqa: PLC0415 - see _calendar

    feed = FeedGenerator()
    feed.id(base + feed_url(area))
    feed.title(f"{site_name}: {site.areas[area].name}" if area else site_name)
    feed.subtitle("New inspection reports, progress reviews and related publications.")
    feed.link(href=base + feed_url(area), rel="self", type="application/atom+xml")
    feed.link(href=base + (url_for(Kind.AREA, area) if area else ""), rel="alternate", type="text/html")
    feed.language("en")
    feed.updated(_moment(max((site.sort_dates[r.id] for r in reports), default=site.reference_date)))
    for report in reports:  # feedgen lists entries newest first when added oldest first
        entry = feed.add_entry()
        entry.id(base + url_for(Kind.REPORT, report.id))
        entry.title(report.title)
        entry.link(href=base + url_for(Kind.REPORT, report.id), rel="alternate", type="text/html")
        if report.published is not None:  # undated: <published> is optional, a date would be made up
            entry.published(_moment(site.sort_dates[report.id]))
        entry.updated(_moment(site.sort_dates[report.id]))
        entry.summary(_summary(site, report))
        entry.category(term=report.type, label=type_label(report.type))
    return feed.atom_str(pretty=True)


def _calendar_file(site: Site, area: str | None, site_name: str, events: dict[str, bytes]) -> bytes:
    """An iCalendar file with one all-day event per dated follow-up of the site (or of an area), from the
    events serialised already: the bytes icalendar would write for the whole calendar (tests/test_alerts.py)."""
    empty = _calendar(site, area, site_name).to_ical()
    end = b"END:VCALENDAR\r\n"
    assert empty.endswith(end)
    dated = [events[f.commitment.id] for f in _follow_ups(site, area) if f.commitment.id in events]
    return empty[: -len(end)] + b"".join(dated) + end


def _calendar(site: Site, area: str | None, site_name: str) -> icalendar.Calendar:
    # icalendar and feedgen take a tenth of a second to import: only what writes these files pays for it.
    import icalendar  # noqa: PLC0415

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//inspections-site//follow-ups//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{site_name}: follow-ups{' in ' + site.areas[area].name if area else ''}")
    return calendar


def _follow_ups(site: Site, area: str | None) -> Iterable[FollowUp]:
    return site.follow_ups_in(area) if area else site.follow_ups.values()


def _events(site: Site, site_url: str) -> Iterator[tuple[FollowUp, tuple[tuple[str, Any], ...]]]:
    """What the event of each dated follow-up of the site says (property, value), in site order: an
    all-day event spanning its due period."""
    base = _base(site_url)
    stamp = dt.datetime.combine(site.reference_date, dt.time(), tzinfo=dt.UTC)
    for follow_up in site.follow_ups.values():
        commitment = follow_up.commitment
        if commitment.due is None:
            continue
        yield (
            follow_up,
            (
                ("uid", f"{commitment.id}@{_host(base)}"),
                ("dtstamp", stamp),
                ("dtstart", commitment.due.first_day),
                ("dtend", commitment.due.last_day + dt.timedelta(days=1)),
                ("summary", f"Due {commitment.due.human()}: {commitment.text}"),
                ("description", _event_description(site, follow_up)),
                ("url", base + url_for(Kind.REPORT, commitment.report)),
                ("categories", (follow_up.status.value,)),
                ("transp", "TRANSPARENT"),
            ),
        )


def _event(fields: tuple[tuple[str, Any], ...]) -> icalendar.Event:
    import icalendar  # noqa: PLC0415 - see _calendar

    event = icalendar.Event()
    for name, value in fields:
        event.add(name, list(value) if isinstance(value, tuple) else value)
    return event


def _summary(site: Site, report: Report) -> str:
    kind = type_label(report.type)
    when = report.published.human() if report.published else "date not stated in the source"
    return f"{kind} about {site.areas[report.area].name}, {when}."


def _event_description(site: Site, follow_up: FollowUp) -> str:
    commitment = follow_up.commitment
    report = site.reports[commitment.report]
    lines = [
        f"Promised in: {report.title} ({site.areas[commitment.area].name})",
        f"Due: {commitment.due.human() if commitment.due else 'no date given'}",
        f"Status on {site.reference_date.isoformat()}: {follow_up.status.label}",
    ]
    if follow_up.resolved_by:
        lines.append(f"Resolved by: {site.reports[follow_up.resolved_by].title}")
    return "\n".join(lines)


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(max(day, dt.date(1970, 1, 1)), dt.time(), tzinfo=dt.UTC)


def _base(site_url: str) -> str:
    return site_url if site_url.endswith("/") else site_url + "/"


def _host(base: str) -> str:
    return base.split("://", 1)[-1].split("/", 1)[0] or "localhost"
