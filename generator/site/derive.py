"""Facts the generator computes and editors never write.

Pure functions of the content and a reference date: publication order,
"followed by" links, each AFI's history and status, each commitment's due
date and status. Nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..content.model import NOT_YET_REVIEWED, Content, Finding, FollowUpStatus

if TYPE_CHECKING:
    from ..content.dates import PartialDate
    from ..content.model import Area, Commitment, Improvement, Report


@dataclass(frozen=True, slots=True)
class ImprovementState:
    """An AFI with what later publications found.

    Attributes:
        history: every finding on it, oldest first.
        status: the latest finding's rating, or ``not-yet-reviewed``.
    """

    improvement: Improvement
    history: tuple[Finding, ...]
    status: str


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A commitment and where it stands at the reference date.

    Attributes:
        resolved_by: the id of the publication that met or withdrew it, or None.
    """

    commitment: Commitment
    status: FollowUpStatus
    resolved_by: str | None = None


@dataclass(frozen=True, slots=True)
class Site:
    """The content with every derived fact, ready for pages and open data.

    Attributes:
        order: report ids, oldest publication first.
        followed_by: for each report, the reports that follow it directly, oldest first.
        improvements: every AFI's state, by global id, in publication order.
        follow_ups: every commitment's state, by global id, in due-date order.
    """

    content: Content
    reference_date: dt.date
    order: tuple[str, ...]
    followed_by: dict[str, tuple[str, ...]]
    improvements: dict[str, ImprovementState]
    follow_ups: dict[str, FollowUp]
    sort_dates: dict[str, dt.date] = field(repr=False)
    # Lookups computed once (see _indexes), so that a page asks a dict instead of scanning every record:
    # scanning made each page's cost grow with the site, and the whole build quadratic.
    position: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    _by_area: dict[str, tuple[list[str], list[ImprovementState], list[FollowUp]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _by_theme: dict[str, list[ImprovementState]] = field(default_factory=dict, repr=False, compare=False)
    _resolved_by: dict[str, list[FollowUp]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        _index(self)

    @property
    def areas(self) -> dict[str, Area]:
        """Areas by slug."""
        return self.content.areas

    @property
    def reports(self) -> dict[str, Report]:
        """Reports by id."""
        return self.content.reports

    def reports_in(self, area: str) -> list[Report]:
        """An area's publications, oldest first."""
        return [self.reports[rid] for rid in self._by_area.get(area, _NOTHING)[0]]

    def improvements_in(self, area: str) -> list[ImprovementState]:
        """An area's AFIs, in publication order."""
        return list(self._by_area.get(area, _NOTHING)[1])

    def follow_ups_in(self, area: str) -> list[FollowUp]:
        """An area's follow-ups, by due date."""
        return list(self._by_area.get(area, _NOTHING)[2])

    def improvements_with_theme(self, theme: str) -> list[ImprovementState]:
        """AFIs of every area that carry ``theme``."""
        return list(self._by_theme.get(theme, ()))

    def resolved_by(self, rid: str) -> list[FollowUp]:
        """The follow-ups that publication ``rid`` met or withdrew, by due date."""
        return list(self._resolved_by.get(rid, ()))

    def later_reports(self, rid: str) -> list[Report]:
        """Publications that follow ``rid``, directly or not, each once, oldest first."""
        seen: set[str] = set()
        queue = list(self.followed_by.get(rid, ()))
        while queue:
            current = queue.pop()
            if current not in seen:
                seen.add(current)
                queue.extend(self.followed_by.get(current, ()))
        return [self.reports[r] for r in sorted(seen, key=self.position.__getitem__)]

    def latest_evaluated(self, area: str) -> Report | None:
        """The area's latest publication that graded quality indicators."""
        graded = [r for r in self.reports_in(area) if r.evaluations or r.grade_summary]
        return graded[-1] if graded else None


_NOTHING: tuple[list[str], list[ImprovementState], list[FollowUp]] = ([], [], [])


def _index(site: Site) -> None:
    """Fill the site's lookups (the dataclass is frozen: they are filled in place, once, at creation)."""
    if not site.position:
        site.position.update((rid, index) for index, rid in enumerate(site.order))
    for rid in site.order:
        site._by_area.setdefault(site.reports[rid].area, ([], [], []))[0].append(rid)
    for state in site.improvements.values():
        site._by_area.setdefault(state.improvement.area, ([], [], []))[1].append(state)
        for theme in state.improvement.themes:
            site._by_theme.setdefault(theme, []).append(state)
    for follow_up in site.follow_ups.values():
        site._by_area.setdefault(follow_up.commitment.area, ([], [], []))[2].append(follow_up)
        if follow_up.resolved_by is not None:
            site._resolved_by.setdefault(follow_up.resolved_by, []).append(follow_up)


def derive_site(content: Content, reference_date: dt.date) -> Site:
    """Compute every derived fact of ``content`` as of ``reference_date``."""
    sort_dates = _sort_dates(content.reports)
    order = tuple(sorted(content.reports, key=lambda rid: _order_key(content.reports[rid], sort_dates)))
    position = {rid: index for index, rid in enumerate(order)}
    followed_by: dict[str, list[str]] = defaultdict(list)
    for rid in order:
        for target in content.reports[rid].follows:
            followed_by[target].append(rid)
    improvements = _improvements(content, order)
    follow_ups = _follow_ups(content, order, position, followed_by, sort_dates=sort_dates, today=reference_date)
    return Site(
        content=content,
        reference_date=reference_date,
        order=order,
        followed_by={rid: tuple(followed_by.get(rid, ())) for rid in order},
        improvements=improvements,
        follow_ups=follow_ups,
        sort_dates=sort_dates,
        position=position,
    )


def _sort_dates(reports: dict[str, Report]) -> dict[str, dt.date]:
    """The first day of each publication's date; for an undated one, the earliest day it can be, from what
    it follows and the period it covers."""
    dates: dict[str, dt.date] = {}

    def date_of(rid: str) -> dt.date:
        if rid in dates:
            return dates[rid]
        report = reports[rid]
        if report.published is not None:
            dates[rid] = report.published.first_day
            return dates[rid]
        dates[rid] = dt.date.min  # guards against a circle while this one is computed
        bounds = [date_of(target) for target in report.follows if target in reports]
        bounds += [span.end.first_day for span in (report.period, report.fieldwork) if span and span.end]
        bounds += [span.start.first_day for span in (report.period, report.fieldwork) if span and not span.end]
        dates[rid] = max(bounds, default=dt.date.min)
        return dates[rid]

    for rid in sorted(reports):
        date_of(rid)
    return dates


def _order_key(report: Report, sort_dates: dict[str, dt.date]) -> tuple[dt.date, int, str]:
    # An undated publication comes after the dated ones of the same day it is placed at.
    return (sort_dates[report.id], report.published is None, report.id)


def _improvements(content: Content, order: tuple[str, ...]) -> dict[str, ImprovementState]:
    findings: dict[str, list[Finding]] = defaultdict(list)
    for rid in order:
        for finding in content.reports[rid].findings:
            findings[finding.improvement].append(finding)
    states = {}
    for rid in order:
        for afi in content.reports[rid].improvements:
            history = tuple(findings.get(afi.id, ()))
            states[afi.id] = ImprovementState(afi, history, history[-1].rating if history else NOT_YET_REVIEWED)
    return states


def _follow_ups(
    content: Content,
    order: tuple[str, ...],
    position: dict[str, int],
    followed_by: dict[str, list[str]],
    *,
    sort_dates: dict[str, dt.date],
    today: dt.date,
) -> dict[str, FollowUp]:
    closers: dict[str, list[str]] = defaultdict(list)
    for rid in order:
        for ref in content.reports[rid].closes:
            closers[ref].append(rid)
    result = []
    for rid in order:
        for commitment in content.reports[rid].commitments:
            meeting = _earliest_meeting(commitment, content, position, followed_by)
            closing = closers.get(commitment.id, [None])[0]
            result.append(_status(commitment, meeting, closing, sort_dates=sort_dates, content=content, today=today))
    result.sort(key=lambda f: _due_key(f.commitment, position))
    return {f.commitment.id: f for f in result}


def _earliest_meeting(
    commitment: Commitment, content: Content, position: dict[str, int], followed_by: dict[str, list[str]]
) -> str | None:
    """The earliest publication of the promised type, same area, that follows the committing one (transitively)."""
    seen: set[str] = set()
    queue = list(followed_by.get(commitment.report, ()))
    found: list[str] = []
    while queue:
        rid = queue.pop()
        if rid in seen:
            continue
        seen.add(rid)
        report = content.reports[rid]
        if report.type == commitment.type and report.area == commitment.area:
            found.append(rid)
        queue.extend(followed_by.get(rid, ()))
    return min(found, key=position.__getitem__) if found else None


def _status(
    commitment: Commitment,
    meeting: str | None,
    closing: str | None,
    *,
    sort_dates: dict[str, dt.date],
    content: Content,
    today: dt.date,
) -> FollowUp:
    if closing is not None and (meeting is None or _closed_first(closing, meeting, sort_dates, content)):
        return FollowUp(commitment, FollowUpStatus.WITHDRAWN, closing)
    if meeting is not None:
        late = commitment.due is not None and _is_later(
            content.reports[meeting].published, sort_dates[meeting], commitment.due
        )
        return FollowUp(commitment, FollowUpStatus.MET_LATE if late else FollowUpStatus.MET, meeting)
    if commitment.due is not None and commitment.due.is_before(today):
        return FollowUp(commitment, FollowUpStatus.OVERDUE)
    return FollowUp(commitment, FollowUpStatus.DUE)


def _closed_first(closing: str, meeting: str, sort_dates: dict[str, dt.date], content: Content) -> bool:
    """Whether the closing publication surely came before the meeting one, comparing whole periods.

    A closer of "2019" and a meeting review of "2019-06-15" are neither earlier than the other, and then
    the promise counts as met ("whichever happened first"; a tie is not a withdrawal).
    """
    closed = content.reports[closing].published
    return closed is not None and _is_later(content.reports[meeting].published, sort_dates[meeting], closed)


def _is_later(published: PartialDate | None, known_after: dt.date, due: PartialDate) -> bool:
    # An undated publication is late only when even the earliest day it can be is already past due.
    return published.is_later_than(due) if published is not None else known_after > due.last_day


def _due_key(commitment: Commitment, position: dict[str, int]) -> tuple[int, dt.date, int, str]:
    # Undated commitments go last: they have no place on a calendar.
    if commitment.due is None:
        return (1, dt.date.max, position[commitment.report], commitment.id)
    return (0, commitment.due.first_day, position[commitment.report], commitment.id)
