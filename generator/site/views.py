"""What each kind of page shows: finished data for its template.

Templates only format and branch; every choice of what to list, in which
order, lives here (plain Python, testable without MkDocs).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ..content.dates import PartialDate
from ..content.languages import describe_language
from ..content.model import FollowUpStatus, Grade
from ..content.settings import DEFAULT_RATINGS
from .figures import DEFAULT_GRADES, chart_context, no_charts
from .pages import (
    SECTION_OF,
    Kind,
    PageSpec,
    afi_title,
    follow_up_years,
    notice_languages,
    publication_year,
    publication_years,
    rating_label,
    statuses,
    type_label,
)
from .publisher import Publisher, read_publisher
from .reading import STATUS_MEANINGS, Reading, breadcrumb_json, breadcrumbs, read_reading, status_note

if TYPE_CHECKING:
    from ..content.model import Finding, Report
    from .derive import FollowUp, ImprovementState, Site

LATEST_COUNT = 5
# No page grows with the size of the whole site: an index page lists at most FULL_LIST_LIMIT items; a longer
# list becomes a summary (how many each area has) and the LIST_LIMIT latest items, and each area's own page
# lists all of its records.
LIST_LIMIT = 50
FULL_LIST_LIMIT = 200


def template_globals(
    site: Site | None, reading: Reading | None = None, publisher: Publisher | None = None
) -> dict[str, Any]:
    """What every template of the site can use, besides its page's context: the site, the kinds of page, the
    words for types, ratings, grades, statuses and languages, the publisher, and when each AFI's status was set.
    (Globals, so that ``macros.html`` is imported once per build rather than once per page.)"""
    reading = reading or read_reading({}, DEFAULT_RATINGS)
    return {
        "site": site,
        "Kind": Kind,
        "rating_label": reading.rating_label,
        "grade_label": reading.grade_label,
        "type_label": type_label,
        "status_label": status_label,
        "language": describe_language,
        "reading": reading,
        "publisher": publisher or read_publisher({}),
        "afi_heading": lambda afi: afi_title(afi.title, afi.text),
        "status_note": (lambda state: status_note(site, state, reading.stale_years)) if site else None,
    }


def view_context(
    site: Site,
    spec: PageSpec,
    ratings: tuple[str, ...] = DEFAULT_RATINGS,
    site_url: str = "",
    grades: tuple[str, ...] = DEFAULT_GRADES,
    *,
    charts: bool = True,
) -> dict[str, Any]:
    """The template context of the page ``spec`` describes, with its charts (``ratings`` and ``grades``: best
    first, as configured; ``site_url``: the site's address, for the breadcrumbs' structured data; ``charts``
    off only for the benchmark, to weigh them)."""
    trail = breadcrumbs(site, spec.kind, spec.key, spec.title) if spec.kind in SECTION_OF else []
    context: dict[str, Any] = {
        "spec": spec,
        "today": PartialDate(site.reference_date.year, site.reference_date.month, site.reference_date.day),
        "crumbs": trail,
        "crumbs_json": breadcrumb_json(trail, site_url) if trail else "",
    }
    context.update(_BUILDERS[spec.kind](site, spec.key, ratings))
    context.update(chart_context(site, spec, ratings, grades) if charts else no_charts())
    return context


def status_label(status: FollowUpStatus, has_due: bool = True) -> str:
    """A follow-up's status in words; an open promise with no date is not "due" anything."""
    if status is FollowUpStatus.DUE and not has_due:
        return "Open, no date given"
    return status.label


def _home(site: Site, _key: str, _ratings: tuple[str, ...]) -> dict[str, Any]:
    follow_ups = list(site.follow_ups.values())
    overdue = [f for f in follow_ups if f.status is FollowUpStatus.OVERDUE]
    # Still to come: the dated promises not yet due, soonest first; those with no date are on the timeline.
    upcoming = [f for f in follow_ups if f.status is FollowUpStatus.DUE and f.commitment.due is not None]
    upcoming.sort(key=_due_order)
    return {
        "latest": [site.reports[rid] for rid in site.order[-LATEST_COUNT:]][::-1],
        "overdue": overdue[-LIST_LIMIT:],
        "upcoming": upcoming[:LIST_LIMIT],
        "more_overdue": max(0, len(overdue) - LIST_LIMIT),
        "more_upcoming": max(0, len(upcoming) - LIST_LIMIT),
        "undated": sum(f.status is FollowUpStatus.DUE and f.commitment.due is None for f in follow_ups),
        "areas": list(site.areas.values()),
        "counts": {
            "areas": len(site.areas),
            "reports": len(site.reports),
            "improvements": len(site.improvements),
            "follow_ups": len(site.follow_ups),
        },
    }


def _due_order(follow_up: FollowUp) -> tuple[dt.date, str]:
    """Soonest first: by the first day of the due date's period, then by id."""
    due = follow_up.commitment.due
    return (due.first_day if due else dt.date.max, follow_up.commitment.id)


def _areas(site: Site, _key: str, _ratings: tuple[str, ...]) -> dict[str, Any]:
    rows = []
    for area in site.areas.values():
        reports = site.reports_in(area.slug)
        rows.append(
            {
                "area": area,
                "reports": len(reports),
                "latest": reports[-1] if reports else None,
                "improvements": len(site.improvements_in(area.slug)),
                "overdue": sum(f.status is FollowUpStatus.OVERDUE for f in site.follow_ups_in(area.slug)),
            }
        )
    return {"rows": rows}


def _area(site: Site, slug: str, _ratings: tuple[str, ...]) -> dict[str, Any]:
    reports = site.reports_in(slug)
    follow_ups = site.follow_ups_in(slug)
    dated = [f for f in follow_ups if f.status is FollowUpStatus.DUE and f.commitment.due is not None]
    return {
        "area": site.areas[slug],
        "reports": reports,
        "latest_report": reports[-1] if reports else None,
        "graded": site.latest_evaluated(slug),
        "improvements": site.improvements_in(slug),
        "follow_ups": follow_ups,
        "next_due": dated[0] if dated else None,
        "overdue": [f for f in follow_ups if f.status is FollowUpStatus.OVERDUE],
    }


def _report(site: Site, rid: str, _ratings: tuple[str, ...]) -> dict[str, Any]:
    report = site.reports[rid]
    notice = site.content.notices.get(report.notice) if report.notice else None
    return {
        "report": report,
        "area": site.areas[report.area],
        "follows": [site.reports[r] for r in report.follows],
        "followed_by": [site.reports[r] for r in site.followed_by[rid]],
        "improvements": [site.improvements[afi.id] for afi in report.improvements],
        "findings": [_finding_row(site, rid, finding) for finding in report.findings],
        "commitments": [site.follow_ups[c.id] for c in report.commitments],
        "closes": [site.follow_ups[ref] for ref in report.closes],
        "resolves": site.resolved_by(rid),
        "notice": notice,
    }


def _finding_row(site: Site, rid: str, finding: Finding) -> tuple[Finding, ImprovementState, Report | None]:
    """A finding, its AFI, and the report that identified the AFI when that is another report."""
    state = site.improvements[finding.improvement]
    return finding, state, None if state.improvement.report == rid else site.reports[state.improvement.report]


def _improvement(site: Site, afi_id: str, _ratings: tuple[str, ...]) -> dict[str, Any]:
    state = site.improvements[afi_id]
    afi = state.improvement
    return {
        "state": state,
        "report": site.reports[afi.report],
        "area": site.areas[afi.area],
        "history": [(finding, site.reports[finding.report]) for finding in state.history],
        "themes": [site.content.themes[t] for t in afi.themes if t in site.content.themes],
        "unrated_later": [r for r in site.later_reports(afi.report) if r.id not in {f.report for f in state.history}],
        # The text below the heading, unless the heading (its one sentence) says it all already.
        "text_below": afi_title(afi.title, afi.text) != afi.text.strip().rstrip("."),
    }


def _reports(site: Site, _key: str, _ratings: tuple[str, ...]) -> dict[str, Any]:
    reports = [site.reports[rid] for rid in site.order[-LIST_LIMIT:]][::-1]
    return {"reports": reports, "complete": len(site.order) <= LIST_LIMIT, **_publication_choices(site, reports)}


def _reports_year(site: Site, year: str, _ratings: tuple[str, ...]) -> dict[str, Any]:
    reports = [site.reports[rid] for rid in reversed(site.order) if publication_year(site, rid) == int(year)]
    complete = len(reports) <= FULL_LIST_LIMIT
    shown = reports if complete else reports[:LIST_LIMIT]
    return {
        "reports": shown,
        "year": int(year),
        "complete": complete,
        "total": len(reports),
        **_publication_choices(site, shown),
    }


def _publication_choices(site: Site, reports: list[Report]) -> dict[str, Any]:
    areas = {r.area for r in reports}
    return {
        "years": publication_years(site),
        "filter_choices": [
            ("area", "Area", [(a.slug, a.name) for a in site.areas.values() if a.slug in areas]),
            ("type", "Type", [(t, type_label(t)) for t in sorted({r.type for r in reports})]),
        ],
    }


def _improvements(site: Site, _key: str, ratings: tuple[str, ...]) -> dict[str, Any]:
    filters = _filters(site, ratings)
    in_use = filters["statuses"]
    overview = _counts_by_area(site, list(site.improvements.values()), in_use)
    complete = len(site.improvements) <= FULL_LIST_LIMIT
    return {
        "groups": _by_area(site, list(site.improvements.values())) if complete else [],
        "complete": complete,
        "overview": overview,
        **filters,
    }


def _status(site: Site, status: str, ratings: tuple[str, ...]) -> dict[str, Any]:
    states = [state for state in site.improvements.values() if state.status == status]
    return {"status": status, **_filters(site, ratings), **_improvement_listing(site, states, ())}


def _improvement_listing(
    site: Site, states: list[ImprovementState], statuses_shown: list[str] | tuple[()]
) -> dict[str, Any]:
    """``states`` by area when they fit on one page; else how many each area has (by each of ``statuses_shown``,
    and in all) and the LIST_LIMIT found most recently."""
    if len(states) <= FULL_LIST_LIMIT:
        return {"complete": True, "groups": _by_area(site, states), "total": len(states)}
    overview = _counts_by_area(site, states, statuses_shown)
    position = {rid: index for index, rid in enumerate(site.order)}
    recent = sorted(states, key=lambda state: position[state.improvement.report], reverse=True)[:LIST_LIMIT]
    return {
        "complete": False,
        "total": len(states),
        "overview": overview,
        "overview_statuses": list(statuses_shown),
        "recent": recent,
    }


def _counts_by_area(
    site: Site, states: list[ImprovementState], statuses_shown: list[str] | tuple[()]
) -> list[tuple[Any, list[int], int]]:
    """For each area with any of ``states``: how many have each of ``statuses_shown``, and how many in all."""
    return [
        (area, [sum(state.status == status for state in members) for status in statuses_shown], len(members))
        for area, members in _by_area(site, states)
    ]


def _filters(site: Site, ratings: tuple[str, ...]) -> dict[str, Any]:
    """What the improvements can be narrowed down by: plain links, and choices for the filter script."""
    in_use = statuses(site, ratings)
    areas = [a for a in site.areas.values() if site.improvements_in(a.slug)]
    themes = [t for t in site.content.themes.values() if site.improvements_with_theme(t.slug)]
    return {
        "statuses": in_use,
        "filter_areas": areas,
        "filter_themes": themes,
        "filter_choices": [
            ("status", "Status", [(s, rating_label(s)) for s in in_use]),
            ("area", "Area", [(a.slug, a.name) for a in areas]),
            ("themes", "Theme", [(t.slug, t.name) for t in themes]),
        ],
    }


def _grades(site: Site, _key: str, _ratings: tuple[str, ...]) -> dict[str, Any]:
    graded = [
        site.reports[rid] for rid in site.order if site.reports[rid].evaluations or site.reports[rid].grade_summary
    ]
    complete = len(graded) <= FULL_LIST_LIMIT
    if not complete:  # each area's latest graded inspection; its page lists the earlier ones
        latest = {report.id for area in site.areas if (report := site.latest_evaluated(area))}
        graded = [report for report in graded if report.id in latest]
    indicators = list(dict.fromkeys(e.indicator for report in graded for e in report.evaluations))
    rows: list[dict[str, Any]] = []
    for report in graded:
        grade_of = {e.indicator: e.grade for e in report.evaluations}
        counts = dict(report.grade_summary)
        for e in report.evaluations:
            counts[e.grade] = counts.get(e.grade, 0) + 1
        rows.append(
            {
                "report": report,
                "area": site.areas[report.area],
                "cells": [grade_of.get(indicator) for indicator in indicators],
                "counts": [counts.get(grade, 0) for grade in Grade],
            }
        )
    itemised = [row for row in rows if row["report"].evaluations]
    by_indicator = [(indicator, [row["cells"][i] for row in itemised]) for i, indicator in enumerate(indicators)]
    return {
        "rows": rows,
        "grades": list(Grade),
        "itemised": itemised,
        "by_indicator": by_indicator,
        "complete": complete,
    }


def _themes(site: Site, _key: str, _ratings: tuple[str, ...]) -> dict[str, Any]:
    return {
        "themes": [(theme, len(site.improvements_with_theme(theme.slug))) for theme in site.content.themes.values()]
    }


def _theme(site: Site, slug: str, ratings: tuple[str, ...]) -> dict[str, Any]:
    listing = _improvement_listing(site, site.improvements_with_theme(slug), statuses(site, ratings))
    return {"theme": site.content.themes[slug], **listing}


def _timeline(site: Site, _key: str, _ratings: tuple[str, ...]) -> dict[str, Any]:
    follow_ups = list(site.follow_ups.values())
    dated = [f for f in follow_ups if f.commitment.due is not None]
    years = follow_up_years(site)
    return {
        "recent": dated[-LIST_LIMIT:],
        "complete": len(dated) <= LIST_LIMIT,
        "counts": _status_counts(follow_ups),
        "years": [
            (year, sum(1 for f in dated if f.commitment.due and f.commitment.due.year == year)) for year in years
        ],
        "undated": [f for f in follow_ups if f.commitment.due is None],
    }


def _status_counts(follow_ups: list[FollowUp]) -> list[tuple[str, str, int]]:
    """(status value, label, count) for each status, with open promises that name no date counted apart."""
    counts: dict[tuple[str, str], int] = {(s.value, status_label(s)): 0 for s in FollowUpStatus}
    counts[(FollowUpStatus.DUE.value, status_label(FollowUpStatus.DUE, has_due=False))] = 0
    for f in follow_ups:
        key = (f.status.value, status_label(f.status, has_due=f.commitment.due is not None))
        counts[key] += 1
    return [(value, label, count) for (value, label), count in counts.items()]


def _timeline_year(site: Site, year: str, _ratings: tuple[str, ...]) -> dict[str, Any]:
    follow_ups = [f for f in site.follow_ups.values() if f.commitment.due and f.commitment.due.year == int(year)]
    reports = [site.reports[rid] for rid in site.order if publication_year(site, rid) == int(year)]
    complete = len(follow_ups) <= FULL_LIST_LIMIT
    return {
        "year": int(year),
        # Too many for one page: the overdue and due first (what readers watch), then the latest met.
        "follow_ups": follow_ups if complete else _watched_first(follow_ups)[:FULL_LIST_LIMIT],
        "complete": complete,
        "total": len(follow_ups),
        # The year's publications are listed on their own page when they are many.
        "reports": reports if len(reports) <= LIST_LIMIT else [],
        "reports_total": len(reports),
        "years": follow_up_years(site),
    }


def _watched_first(follow_ups: list[FollowUp]) -> list[FollowUp]:
    """Overdue and due follow-ups first, then the others; by due date within each."""
    watched = {FollowUpStatus.OVERDUE, FollowUpStatus.DUE}
    return [f for f in follow_ups if f.status in watched] + [f for f in follow_ups if f.status not in watched]


def _notices(site: Site, _key: str, _ratings: tuple[str, ...]) -> dict[str, Any]:
    return {
        "notices": list(site.content.notices.values()),
        "languages": [describe_language(t) for t in notice_languages(site)],
    }


def _notice(site: Site, tag: str, _ratings: tuple[str, ...]) -> dict[str, Any]:
    entries = []
    for notice in site.content.notices.values():
        texts = {text.lang: text.text for text in notice.texts}
        if tag in texts:
            entries.append({"notice": notice, "text": texts[tag], "english": texts.get("en")})
    return {
        "lang": describe_language(tag),
        "entries": entries,
        "languages": [describe_language(t) for t in notice_languages(site)],
    }


def _reading(site: Site, _key: str, _ratings: tuple[str, ...]) -> dict[str, Any]:
    return {
        "statuses": [(status, status_label(status), STATUS_MEANINGS[status]) for status in FollowUpStatus],
        "themes": list(site.content.themes.values()),
    }


def _by_area(site: Site, states: list[ImprovementState]) -> list[tuple[Any, list[ImprovementState]]]:
    groups = []
    for area in site.areas.values():
        members = [s for s in states if s.improvement.area == area.slug]
        if members:
            groups.append((area, members))
    return groups


_BUILDERS = {
    Kind.HOME: _home,
    Kind.AREAS: _areas,
    Kind.AREA: _area,
    Kind.REPORT: _report,
    Kind.IMPROVEMENT: _improvement,
    Kind.REPORTS: _reports,
    Kind.IMPROVEMENTS: _improvements,
    Kind.ACCESSIBILITY: lambda _site, _key, _ratings: {},
    Kind.READING: _reading,
    Kind.STATUS: _status,
    Kind.REPORTS_YEAR: _reports_year,
    Kind.TIMELINE_YEAR: _timeline_year,
    Kind.GRADES: _grades,
    Kind.THEMES: _themes,
    Kind.THEME: _theme,
    Kind.TIMELINE: _timeline,
    Kind.NOTICES: _notices,
    Kind.NOTICE: _notice,
}
