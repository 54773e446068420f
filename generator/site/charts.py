"""The geometry of the site's charts: where each mark goes, from plain numbers and dates.

Pure arithmetic, no content model and no markup: ``figures`` hands in the numbers, the templates
(``inspections/charts.html``) draw the SVG. Horizontal positions are percentages of the chart's width, so
that one drawing fits a phone and a desktop with its text at its own size; vertical positions are pixels.
"""

from __future__ import annotations

import datetime as dt
import itertools
import textwrap
from dataclasses import dataclass

# Horizontal room of a time axis, in percent of the chart's width: its marks and their halos stay inside.
LEFT, RIGHT = 2.0, 98.0
LINE = 16  # one line of chart text, in pixels
WRAP = 44  # characters per line of a label: what fits a 320 px wide phone at the chart's text size


@dataclass(frozen=True, slots=True)
class Tick:
    """A labelled mark on an axis."""

    x: float
    label: str


@dataclass(frozen=True, slots=True)
class TimeAxis:
    """A time axis from ``start`` to ``end`` (days), drawn between LEFT and RIGHT percent."""

    start: dt.date
    end: dt.date
    ticks: tuple[Tick, ...]

    def x(self, day: dt.date) -> float:
        """Where ``day`` is, in percent of the width."""
        span = max((self.end - self.start).days, 1)
        return round(LEFT + (RIGHT - LEFT) * (day - self.start).days / span, 2)

    def span(self, first: dt.date, last: dt.date) -> tuple[float, float, float]:
        """A period's start, middle and end: a publication of "2019" is somewhere in that year."""
        x0, x1 = self.x(first), self.x(last + dt.timedelta(days=1))
        return x0, round((x0 + x1) / 2, 2), x1


def time_axis(start: dt.date, end: dt.date, max_ticks: int = 6) -> TimeAxis:
    """An axis from the first of January of ``start``'s year to ``end``, a tick at the start of every year, or
    of every second, fifth or tenth year when there are more than ``max_ticks``; over two years or less, a
    tick at the start of every quarter, the axis running on to the next one."""
    first = dt.date(start.year, 1, 1)
    last = max(end, first + dt.timedelta(days=1))
    if (last - first).days <= 731:
        quarters = [dt.date(first.year + q // 4, 1 + 3 * (q % 4), 1) for q in range(12)]
        last = next(q for q in quarters if q >= last)
        axis = TimeAxis(first, last, ())
        names = dict(zip((1, 4, 7, 10), QUARTERS, strict=True))
        ticks = tuple(Tick(axis.x(q), str(q.year) if q.month == 1 else names[q.month]) for q in quarters if q <= last)
        return TimeAxis(first, last, ticks)
    years = range(first.year, last.year + 1)
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 10_000) if len(years) <= max_ticks * s)
    axis = TimeAxis(first, last, ())
    ticks = tuple(Tick(axis.x(dt.date(y, 1, 1)), str(y)) for y in years if y % step == 0 or step == 1)
    return TimeAxis(first, last, ticks)


QUARTERS = ("Jan", "Apr", "Jul", "Oct")


def wrap(text: str, width: int = WRAP) -> tuple[str, ...]:
    """A label cut into lines (a chart's text does not wrap by itself): between its parts joined by " · "
    where it can, else at words."""
    lines: list[str] = []
    for part in text.split(" · "):
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines += textwrap.wrap(part, width, break_long_words=True)
    return tuple(lines) or ("",)


# -- Progress journey ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Level:
    """One rating of the scale: its line."""

    value: str
    y: float


@dataclass(frozen=True, slots=True)
class Step:
    """One publication's rating: where it is, and the period its date covers (``x0`` to ``x1``)."""

    x: float
    x0: float
    x1: float
    y: float
    rating: str
    latest: bool


@dataclass(frozen=True, slots=True)
class Segment:
    """A line of the journey: ``held`` from one rating to the next, ``since`` from the latest to today."""

    x1: float
    y1: float
    x2: float
    y2: float
    kind: str


@dataclass(frozen=True, slots=True)
class Journey:
    """An AFI's ratings over time: the scale's lines, the finding, each rating, and today."""

    height: int
    levels: tuple[Level, ...]
    found_x: float
    today_x: float
    steps: tuple[Step, ...]
    segments: tuple[Segment, ...]
    axis: TimeAxis
    axis_y: float
    top: float


Period = tuple[dt.date, dt.date]  # the first and the last day a date can be


def journey(
    found: Period, findings: list[tuple[Period, str]], today: dt.date, ratings: tuple[str, ...], *, small: bool = False
) -> Journey:
    """The journey of an AFI found in ``found`` and rated ``findings`` (oldest first), on ``ratings`` (best
    first, drawn top down); ``small`` for the compact version in lists (no labels, tighter rows)."""
    row, top = (9, 8) if small else (34, 40)
    axis = time_axis(found[0], max(today, *(p[1] for p, _ in findings), found[1]), max_ticks=6)
    levels = tuple(Level(value, top + i * row) for i, value in enumerate(ratings))
    y_of = {level.value: level.y for level in levels}
    steps = []
    for index, ((first, last), rating) in enumerate(findings):
        x0, x, x1 = axis.span(first, last)
        steps.append(Step(x, x0, x1, y_of[rating], rating, index == len(findings) - 1))
    segments = [Segment(a.x, a.y, b.x, a.y, "held") for a, b in itertools.pairwise(steps)] + [
        Segment(b.x, a.y, b.x, b.y, "held") for a, b in itertools.pairwise(steps) if a.y != b.y
    ]
    today_x = axis.x(today)
    if steps and steps[-1].x < today_x:
        segments.append(Segment(steps[-1].x, steps[-1].y, today_x, steps[-1].y, "since"))
    bottom = top + (len(ratings) - 1) * row
    axis_y = bottom + (6 if small else 20)
    height = axis_y + (4 if small else 22)
    found_x = axis.span(*found)[1]
    return Journey(height, levels, found_x, today_x, tuple(steps), tuple(segments), axis, axis_y, top)


# -- Promise against delivery --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PromiseInput:
    """What a promise bar is made of: when it was promised, due, and ended (met, withdrawn, or None)."""

    promised: Period
    due: Period
    ended: Period | None
    status: str
    title: str
    outcome: str


@dataclass(frozen=True, slots=True)
class PromiseBar:
    """One commitment's row: its label lines, the promised stretch, the late or overdue stretch and its end."""

    y: float
    title: tuple[str, ...]
    outcome: tuple[str, ...]
    bar_y: float
    outcome_y: float
    promised_x: float
    due_x: float
    end_x: float
    status: str
    end_span: tuple[float, float] | None = None  # the period a delivery dated by its year or month covers

    @property
    def late_width(self) -> float:
        """How far the bar runs past its due date (late, or overdue until today)."""
        return round(max(self.end_x - self.due_x, 0), 2)


@dataclass(frozen=True, slots=True)
class Promises:
    """Bars of promises against their delivery, on a shared time axis with today marked."""

    height: int
    bars: tuple[PromiseBar, ...]
    axis: TimeAxis
    axis_y: float
    today_x: float | None  # None when every promise was settled before today: the axis ends with them


BAR = 12  # the height of a promise bar


def promises(rows: list[PromiseInput], today: dt.date) -> Promises:
    """A bar per row, in the order given: from the promise to its due date, then on to the day it was met or
    withdrawn, or to ``today`` when it is overdue."""
    dates = [d for r in rows for d in (r.promised[0], r.due[1], *(r.ended or ()))]
    open_ = any(r.ended is None for r in rows)
    axis = time_axis(min(dates, default=today), max([*dates, today] if open_ else dates), max_ticks=6)
    today_x = axis.x(today) if open_ else None
    bars, y = [], 24.0
    for r in rows:
        title, outcome = wrap(r.title), wrap(r.outcome)
        bar_y = y + LINE * len(title) - 4
        outcome_y = bar_y + BAR + LINE + 4
        due_x, end_span = axis.span(*r.due)[2], None
        if r.ended is not None:
            x0, end_x, x1 = axis.span(*r.ended)
            end_span = (x0, x1) if r.ended[1] > r.ended[0] else None
        elif r.status == "overdue":
            end_x = axis.x(today)
        else:
            end_x = due_x
        promised_x = axis.span(*r.promised)[1]
        bars.append(PromiseBar(y, title, outcome, bar_y, outcome_y, promised_x, due_x, end_x, r.status, end_span))
        y = outcome_y + LINE * (len(outcome) - 1) + LINE + 8
    axis_y = y
    return Promises(int(axis_y + 22), tuple(bars), axis, axis_y, today_x)


@dataclass(frozen=True, slots=True)
class Piece:
    """A part of a stacked bar: ``count`` records with one status, from ``x`` for ``width`` percent."""

    status: str
    count: int
    x: float
    width: float


@dataclass(frozen=True, slots=True)
class YearBar:
    """One year's stacked bar of follow-up statuses."""

    year: int
    total: int
    y: float
    pieces: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class YearBars:
    """Stacked bars of statuses, one per year, on a common count scale."""

    height: int
    bars: tuple[YearBar, ...]
    start: float
    largest: int


def year_bars(counts: list[tuple[int, list[tuple[str, int]]]], start: float = 16.0) -> YearBars:
    """For each (year, [(status, count), ...]) a bar from ``start`` percent, as long as its total against the
    largest year's; its pieces in the order given."""
    largest = max((sum(n for _, n in pieces) for _, pieces in counts), default=0)
    bars, y = [], 8.0
    for year, year_counts in counts:
        x, pieces = start, []
        for status, count in year_counts:
            width = round((100 - start) * count / largest, 2) if largest else 0.0
            if count:
                pieces.append(Piece(status, count, round(x, 2), width))
            x += width
        bars.append(YearBar(year, sum(n for _, n in year_counts), y, tuple(pieces)))
        y += 26
    return YearBars(int(y), tuple(bars), start, largest)


# -- Grades ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mark:
    """A grade on a row of the scale: ``label`` names the inspection (its date) or is empty."""

    label: str
    grade: str
    x: float
    y: float
    anchor: str  # where the grade's words go: "start" (right of the mark) or "end" (left of it)


@dataclass(frozen=True, slots=True)
class GradeRow:
    """An indicator: its name's lines, then one line per inspection that graded it."""

    y: float
    name: tuple[str, ...]
    marks: tuple[Mark, ...]
    bars: tuple[Piece, ...] = ()  # a spread's: how many got each grade (x: the grade's place, width: bar height)
    base: float = 0.0  # where a spread's bars stand


@dataclass(frozen=True, slots=True)
class GradeScale:
    """Indicators against the grade scale: ``columns`` is where each grade is, worst to best."""

    height: int
    columns: tuple[Tick, ...]
    rows: tuple[GradeRow, ...]
    top: float
    bottom: float


SCALE_LEFT, SCALE_RIGHT = 30.0, 94.0  # where the grade scale runs, in percent; inspection dates are left of it
SPREAD_HEIGHT = 30  # the tallest bar of a spread, in pixels


def grade_columns(grades: tuple[str, ...]) -> dict[str, float]:
    """Where each grade of ``grades`` (best first) goes: worst on the left, best on the right."""
    count = len(grades)
    step = (SCALE_RIGHT - SCALE_LEFT) / max(count - 1, 1)
    return {grade: round(SCALE_RIGHT - i * step, 2) for i, grade in enumerate(grades)}


def grade_history(rows: list[tuple[str, list[tuple[str, str]]]], grades: tuple[str, ...]) -> GradeScale:
    """For each (indicator, [(inspection label, grade), ...] oldest first) a row with a mark per inspection."""
    x_of = grade_columns(grades)
    result, y = [], 40.0
    for name, marks in rows:
        lines = wrap(name)
        first = y + LINE * len(lines)
        placed = tuple(
            Mark(label, grade, x_of[grade], first + i * LINE, "end" if x_of[grade] > 70 else "start")
            for i, (label, grade) in enumerate(marks)
        )
        result.append(GradeRow(y, lines, placed))
        y = first + LINE * len(marks) + 14
    return _scale(grades, x_of, result, y)


def grade_spread(rows: list[tuple[str, list[int]]], grades: tuple[str, ...]) -> GradeScale:
    """For each (indicator, [count per grade, best first]) a row of bars as tall as each count is against the
    largest count of any row."""
    x_of = grade_columns(grades)
    largest = max((max(counts, default=0) for _, counts in rows), default=0) or 1
    result, y = [], 40.0
    for name, counts in rows:
        lines = wrap(name)
        base = y + LINE * len(lines) + SPREAD_HEIGHT + 14
        bars = tuple(
            Piece(grade, count, x_of[grade], round(SPREAD_HEIGHT * count / largest, 2))
            for grade, count in zip(grades, counts, strict=True)
        )
        result.append(GradeRow(y, lines, (), bars, base))
        y = base + 28
    return _scale(grades, x_of, result, y)


def _scale(grades: tuple[str, ...], x_of: dict[str, float], rows: list[GradeRow], y: float) -> GradeScale:
    columns = tuple(Tick(x_of[g], str(len(grades) - i)) for i, g in enumerate(grades))[::-1]
    return GradeScale(int(y), columns, tuple(rows), 16.0, y)
