"""What the charts show: their numbers and words, from the derived site (the same facts as the open data).

Each figure has the sentence that states its main finding (the SVG's title), the rows of the table or list
printed beside it, and its geometry from ``charts``. The templates (``inspections/charts.html``) draw both.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..content.model import FollowUpStatus, Grade
from . import charts
from .pages import Kind, rating_label, type_label

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..content.dates import PartialDate
    from ..content.model import Report
    from .derive import FollowUp, ImprovementState, Site
    from .pages import PageSpec

DEFAULT_GRADES = tuple(g.value for g in Grade)
# Charts stay readable and pages small at any size of site: past these counts a chart summarises.
PROMISE_LIMIT = 30
INDICATOR_LIMIT = 40
INSPECTION_LIMIT = 6
# The order of statuses in the summary by year: delivered first, then what readers watch.
YEAR_STATUSES = (
    FollowUpStatus.MET,
    FollowUpStatus.MET_LATE,
    FollowUpStatus.WITHDRAWN,
    FollowUpStatus.OVERDUE,
    FollowUpStatus.DUE,
)
STATUS_WORDS = {
    FollowUpStatus.MET: "met on time",
    FollowUpStatus.MET_LATE: "met late",
    FollowUpStatus.WITHDRAWN: "withdrawn",
    FollowUpStatus.OVERDUE: "overdue",
    FollowUpStatus.DUE: "not yet due",
}


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart and its words.

    Attributes:
        id: unique on its page; the SVG's title and description are ``<id>-title`` and ``<id>-desc``.
        title: the main finding in one sentence.
        rows: what the table or list beside the chart says, one entry per mark.
        geometry: from ``charts``.
        note: what the chart leaves out, in words, or "".
    """

    id: str
    title: str
    rows: list[dict[str, Any]]
    geometry: Any
    note: str = ""
    scale: str = ""  # a grade scale in words, best first: "6 excellent, 5 very good, ..."


def chart_context(
    site: Site, spec: PageSpec, ratings: tuple[str, ...], grades: tuple[str, ...] = DEFAULT_GRADES
) -> dict[str, Any]:
    """The charts of the page ``spec`` describes, by template key (none for most kinds of page)."""
    if spec.kind is Kind.IMPROVEMENT:
        return {"journey_chart": journey_figure(site, site.improvements[spec.key], ratings, "insp-chart-journey")}
    if spec.kind is Kind.AREA:
        states = site.improvements_in(spec.key)
        return {
            "journeys": {
                s.improvement.id: journey_figure(site, s, ratings, f"insp-chart-journey-{i}", small=True)
                for i, s in enumerate(states)
            },
            "promise_chart": promise_figure(site, site.follow_ups_in(spec.key)),
            "grade_chart": grade_history_figure(site, spec.key, grades),
        }
    if spec.kind is Kind.REPORT:
        report = site.reports[spec.key]
        return {"promise_chart": promise_figure(site, [site.follow_ups[c.id] for c in report.commitments])}
    if spec.kind is Kind.TIMELINE:
        return {"promise_chart": promise_figure(site, list(site.follow_ups.values()))}
    if spec.kind is Kind.GRADES:
        return {"grade_chart": grade_spread_figure(site, grades), "grade_scale": grades}
    return {}


def no_charts() -> dict[str, Any]:
    """What the templates find of the charts when there are none (the benchmark weighs the charts so)."""
    return {
        "journeys": defaultdict(lambda: None),
        "promise_chart": None,
        "grade_chart": None,
        "journey_chart": None,
        "grade_scale": (),
    }


# -- Progress journey ------------------------------------------------------------------------------------


def journey_figure(
    site: Site, state: ImprovementState, ratings: tuple[str, ...], chart_id: str, *, small: bool = False
) -> Figure | None:
    """An AFI's ratings from its finding to today; None when the publication that found it has no date."""
    found = site.reports[state.improvement.report].published
    if found is None:
        return None
    dated = [(f, site.reports[f.report]) for f in state.history if f.rating in ratings]
    drawn = [(f, r) for f, r in dated if r.published is not None]
    geometry = charts.journey(
        _period(found),
        [(_period(r.published), f.rating) for f, r in drawn if r.published],
        site.reference_date,
        ratings,
        small=small,
    )
    rows = [{"date": found, "report": site.reports[state.improvement.report], "rating": None, "latest": False}]
    rows += [{"date": r.published, "report": r, "rating": f.rating, "latest": False} for f, r in dated]
    if len(rows) > 1:
        rows[-1]["latest"] = True
    note = "" if len(drawn) == len(dated) else "A review without a date is listed, not drawn."
    return Figure(
        chart_id, _journey_title(found, [(f.rating, r.published) for f, r in dated], ratings), rows, geometry, note
    )


def _journey_title(
    found: PartialDate, ratings_given: list[tuple[str, PartialDate | None]], scale: tuple[str, ...]
) -> str:
    start = f"Found {_when(found)}"
    if not ratings_given:
        return f"{start}; not yet reviewed."
    first, last = ratings_given[0], ratings_given[-1]
    when = _when(last[1])
    if len(ratings_given) == 1:
        return f"{start}; rated {rating_label(last[0]).lower()} {when}, the only rating so far."
    change = scale.index(first[0]) - scale.index(last[0])
    trend = "better" if change > 0 else "worse" if change < 0 else "the same"
    return (
        f"{start}; rated {len(ratings_given)} times, from {rating_label(first[0]).lower()} {_when(first[1])} "
        f"to {rating_label(last[0]).lower()} {when}: {trend}."
    )


# -- Promise against delivery --------------------------------------------------------------------------------


def promise_figure(site: Site, follow_ups: list[FollowUp]) -> Figure | None:
    """Each follow-up as a bar from promise to due date to delivery, by due date; a summary by year of the
    due date instead when there are more than PROMISE_LIMIT. None when no follow-up has a due date."""
    dated = sorted(
        (f for f in follow_ups if f.commitment.due is not None),
        key=lambda f: f.commitment.due.first_day if f.commitment.due else dt.date.max,
    )
    if not dated:
        return None
    undated = len(follow_ups) - len(dated)
    if len(dated) > PROMISE_LIMIT:
        return _years_figure(dated, undated)
    drawable = [f for f in dated if _dates_known(site, f)]
    rows = [_promise_row(site, f) for f in dated]
    inputs = [
        charts.PromiseInput(
            promised=_period(row["promised"]),
            due=_period(row["due"]),
            ended=_period(row["ended"]) if row["ended"] else None,
            status=row["status"].value,
            title=row["short_title"],
            outcome=row["short_outcome"],
        )
        for row in rows
        if row["follow_up"] in drawable
    ]
    notes = []
    if len(drawable) < len(dated):
        notes.append("A follow-up whose promise or delivery has no date is listed, not drawn.")
    if undated:
        notes.append(f"{undated} promised with no date {'is' if undated == 1 else 'are'} not shown here.")
    title = _promise_title(rows, site.reference_date)
    return Figure("insp-chart-promises", title, rows, charts.promises(inputs, site.reference_date), " ".join(notes))


def _dates_known(site: Site, f: FollowUp) -> bool:
    return site.reports[f.commitment.report].published is not None and (
        f.resolved_by is None or site.reports[f.resolved_by].published is not None
    )


def _promise_row(site: Site, f: FollowUp) -> dict[str, Any]:
    c = f.commitment
    assert c.due is not None
    promised = site.reports[c.report].published
    ended_by: Report | None = site.reports[f.resolved_by] if f.resolved_by else None
    ended = ended_by.published if ended_by else None
    kind = type_label(c.type)
    today = site.reference_date
    return {
        "follow_up": f,
        "promised": promised,
        "due": c.due,
        "ended": ended,
        "ended_by": ended_by,
        "status": f.status,
        "late": lateness(c.due, ended) if f.status is FollowUpStatus.MET_LATE and ended else "",
        "title": f"{kind} promised {_when(promised)}",
        "outcome": _outcome(f, c.due, ended, today, shown=lambda d: d.human()),
        "short_title": f"{kind} promised {_short(promised, day=True)}",
        "short_outcome": _outcome(f, c.due, ended, today, shown=lambda d: _short(d, day=True), joint=" ·"),
    }


def _outcome(
    f: FollowUp,
    due: PartialDate,
    ended: PartialDate | None,
    today: dt.date,
    *,
    shown: Callable[[PartialDate], str],
    joint: str = ";",
) -> str:
    """``Due 16 August 2017; met December 2017, 4 months late``."""
    start = f"Due {shown(due)}{joint}"
    late_joint = " ·" if joint == " ·" else ","
    done = shown(ended) if ended else "on a date not stated"
    match f.status:
        case FollowUpStatus.MET:
            return f"{start} met {done}{late_joint} on time"
        case FollowUpStatus.MET_LATE:
            return f"{start} met {done}{late_joint} {lateness(due, ended) if ended else 'late'}"
        case FollowUpStatus.WITHDRAWN:
            return f"{start} withdrawn {done}"
        case FollowUpStatus.OVERDUE:
            return f"{start} overdue{late_joint} {_months(_month(today) - _month(due.last_day), 'past due')}"
    return f"{start} not yet due"


def lateness(due: PartialDate, met: PartialDate) -> str:
    """How late a delivery was, as exactly as both dates allow: ``4 months late``, ``1 to 12 months late``."""
    if due.day is not None and met.day is not None:
        days = (met.first_day - due.first_day).days
        if days < 62:
            return f"{days} day{'' if days == 1 else 's'} late"
    least = max(_month(met.first_day) - _month(due.last_day), 0)
    most = _month(met.last_day) - _month(due.first_day)
    if least == most:
        return _months(most, "late")
    if least == 0:
        return f"up to {_months(most, 'late')}"
    return f"{least} to {most} months late"


def _months(count: int, what: str) -> str:
    if count < 1:
        return f"less than a month {what}"
    if count >= 24:
        years, months = divmod(count, 12)
        return f"{years} years{f' {months} month' + ('' if months == 1 else 's') if months else ''} {what}"
    return f"{count} month{'' if count == 1 else 's'} {what}"


def _month(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _promise_title(rows: list[dict[str, Any]], today: dt.date) -> str:
    counts = Counter(row["status"] for row in rows)
    total = len(rows)
    parts = [f"{counts[s]} {STATUS_WORDS[s]}" for s in YEAR_STATUSES if counts[s]]
    if total == 1:
        row = rows[0]
        return f"{row['title']}: {row['outcome'][0].lower()}{row['outcome'][1:]}."
    late = [row["late"] for row in rows if row["late"]]
    if late and len(late) <= 3:
        parts[[s for s in YEAR_STATUSES if counts[s]].index(FollowUpStatus.MET_LATE)] += f" ({_join(late)})"
    return f"{total} follow-ups with a due date: {_join(parts)}."


def _years_figure(dated: list[FollowUp], undated: int) -> Figure:
    by_year: dict[int, Counter[FollowUpStatus]] = {}
    for f in dated:
        assert f.commitment.due is not None
        by_year.setdefault(f.commitment.due.year, Counter())[f.status] += 1
    years = sorted(by_year)
    counts = [(year, [(s.value, by_year[year][s]) for s in YEAR_STATUSES]) for year in years]
    rows = [
        {"year": year, "counts": [by_year[year][s] for s in YEAR_STATUSES], "total": sum(by_year[year].values())}
        for year in years
    ]
    totals = Counter(f.status for f in dated)
    parts = [f"{totals[s]:,} {STATUS_WORDS[s]}" for s in YEAR_STATUSES if totals[s]]
    title = f"{len(dated):,} follow-ups with a due date, by the year they fell due: {_join(parts)}."
    note = f"{undated:,} promised with no date {'is' if undated == 1 else 'are'} not counted here." if undated else ""
    return Figure("insp-chart-promise-years", title, rows, charts.year_bars(counts), note)


# -- Grades ----------------------------------------------------------------------------------------------


def grade_history_figure(site: Site, area: str, grades: tuple[str, ...]) -> Figure | None:
    """Each indicator the area's inspections graded, with its grade at each of them (the latest
    INSPECTION_LIMIT), on the grade scale; None when no inspection named its indicators' grades."""
    graded = [r for r in site.reports_in(area) if r.evaluations and r.published is not None][-INSPECTION_LIMIT:]
    history: dict[str, list[tuple[Report, str]]] = {}
    for report in graded:
        for e in report.evaluations:
            if e.grade.value in grades:
                history.setdefault(e.indicator, []).append((report, e.grade.value))
    if not history:
        return None
    indicators = list(history)[:INDICATOR_LIMIT]
    rows = [{"indicator": name, "grades": history[name]} for name in indicators]
    geometry = charts.grade_history(
        [(name, [(_short(r.published), g) for r, g in history[name]]) for name in indicators], grades
    )
    latest = Counter(history[name][-1][1] for name in indicators)
    parts = [
        f"{latest[g]} {grade_label(g).lower()} ({_score(g, grades)} of {len(grades)})" for g in grades if latest[g]
    ]
    again = sum(len(history[name]) > 1 for name in indicators)
    title = (
        f"{len(indicators)} quality indicator{'' if len(indicators) == 1 else 's'} graded; the latest grades: "
        f"{_join(parts)}." + (f" {again} {'was' if again == 1 else 'were'} graded more than once." if again else "")
    )
    note = f"Only the first {INDICATOR_LIMIT} indicators are drawn." if len(history) > INDICATOR_LIMIT else ""
    return Figure("insp-chart-grades", title, rows, geometry, note, scale_words(grades))


def grade_spread_figure(site: Site, grades: tuple[str, ...]) -> Figure | None:
    """For each indicator, how many areas' latest grade for it is each grade of the scale."""
    latest: dict[str, dict[str, str]] = {}  # indicator -> area -> grade, the latest inspection's
    for rid in site.order:
        report = site.reports[rid]
        for e in report.evaluations:
            if e.grade.value in grades:
                latest.setdefault(e.indicator, {})[report.area] = e.grade.value
    if not latest:
        return None
    indicators = sorted(latest, key=lambda name: -len(latest[name]))[:INDICATOR_LIMIT]
    indicators.sort(key=list(latest).index)
    counted = [[Counter(latest[name].values())[g] for g in grades] for name in indicators]
    rows = [{"indicator": name, "counts": counts} for name, counts in zip(indicators, counted, strict=True)]
    geometry = charts.grade_spread([(name, counts) for name, counts in zip(indicators, counted, strict=True)], grades)
    overall = Counter(g for name in indicators for g in latest[name].values())
    common = max(grades, key=lambda g: (overall[g], -grades.index(g)))
    areas = len({area for name in indicators for area in latest[name]})
    title = (
        f"Each area's latest grade for {len(indicators)} quality indicator{'' if len(indicators) == 1 else 's'}, "
        f"across {areas} area{'' if areas == 1 else 's'}: the most common grade is {grade_label(common).lower()} "
        f"({_score(common, grades)} of {len(grades)}), given {_count(overall[common], 'time')}."
    )
    note = f"The {INDICATOR_LIMIT} indicators graded in most areas are drawn." if len(latest) > INDICATOR_LIMIT else ""
    return Figure("insp-chart-grade-spread", title, rows, geometry, note, scale_words(grades))


def grade_label(grade: str) -> str:
    """``very-good`` -> ``Very good`` (a configured grade is always one of the six)."""
    return Grade(grade).label


def scale_words(grades: tuple[str, ...]) -> str:
    """``6 excellent, 5 very good, ..., 1 unsatisfactory``."""
    return ", ".join(f"{_score(g, grades)} {grade_label(g).lower()}" for g in grades)


def _score(grade: str, grades: tuple[str, ...]) -> int:
    return len(grades) - grades.index(grade)


# -- Words and dates -------------------------------------------------------------------------------------


def _period(date: PartialDate | None) -> charts.Period:
    assert date is not None
    return date.first_day, date.last_day


def _when(date: PartialDate | None) -> str:
    """``in December 2017``, ``on 1 September 2020``, or ``on a date not stated``."""
    if date is None:
        return "on a date not stated"
    return f"{'on' if date.day else 'in'} {date.human()}"


def _short(date: PartialDate | None, *, day: bool = False) -> str:
    """A date short enough for a chart: ``Sep 2020``, ``2019``, with ``day`` ``16 Feb 2017``."""
    if date is None:
        return "undated"
    if date.month is None:
        return str(date.year)
    month = f"{MONTH_ABBREVIATIONS[date.month - 1]} {date.year}"
    return f"{date.day} {month}" if day and date.day else month


MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _count(n: int, noun: str) -> str:
    """``1 time``, ``4 times``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _join(parts: list[str]) -> str:
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"
