"""The content model: what editors write, as typed, immutable values.

No I/O and no MkDocs here. ``validate`` builds these from raw documents;
``derive`` computes the facts editors never write (statuses, due dates).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .dates import PartialDate


class Grade(StrEnum):
    """The six-point scale of quality-indicator evaluations."""

    EXCELLENT = "excellent"
    VERY_GOOD = "very-good"
    GOOD = "good"
    ADEQUATE = "adequate"
    WEAK = "weak"
    UNSATISFACTORY = "unsatisfactory"

    @property
    def score(self) -> int:
        """6 for excellent down to 1 for unsatisfactory."""
        return 6 - list(Grade).index(self)

    @property
    def label(self) -> str:
        """``Very good``."""
        return self.value.replace("-", " ").capitalize()


class RAG(StrEnum):
    """Red, amber or green: a performance report's own status of an outcome."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class FollowUpStatus(StrEnum):
    """Where a promised follow-up stands at the build's reference date."""

    MET = "met"
    MET_LATE = "met-late"
    WITHDRAWN = "withdrawn"
    OVERDUE = "overdue"
    DUE = "due"

    @property
    def label(self) -> str:
        """``Met late``."""
        return self.value.replace("-", " ").capitalize()

    @property
    def resolved_by_phrase(self) -> str:
        """How the publication that resolved it is introduced: ``withdrawn by`` or ``by``."""
        return "withdrawn by" if self is FollowUpStatus.WITHDRAWN else "by"


NOT_YET_REVIEWED = "not-yet-reviewed"


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of time such as fieldwork or a reporting period; ``end`` may be unknown."""

    start: PartialDate
    end: PartialDate | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """Where the original publication can be read."""

    url: str
    format: str | None = None


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One quality indicator and its grade."""

    indicator: str
    grade: Grade


@dataclass(frozen=True, slots=True)
class Improvement:
    """An area for improvement (AFI), defined by the report that found it.

    Attributes:
        id: global id, ``<report-id>#<slug>``.
        slug: the id within its report.
        report: the defining report's id.
        area: the area's slug.
        text: what must improve.
        themes: theme slugs.
        title: a short label for headings and lists, or None (the first sentence of ``text`` then serves).
    """

    id: str
    slug: str
    report: str
    area: str
    text: str
    themes: tuple[str, ...] = ()
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One publication's finding on an AFI: its progress rating and where the narrative is."""

    improvement: str
    report: str
    rating: str
    summary: str | None = None
    section: str | None = None


@dataclass(frozen=True, slots=True)
class Commitment:
    """A follow-up publication promised in a report.

    Attributes:
        id: global id, ``<report-id>#<slug>``.
        due: the due date (already computed from a duration), or None when no date was given.
        due_written: what the editor wrote (``12 months``, ``2018-12``), or None.
    """

    id: str
    slug: str
    report: str
    area: str
    text: str
    type: str
    due: PartialDate | None = None
    due_written: str | None = None

    @property
    def due_after(self) -> str | None:
        """The time after publication the due date was written as (``12 months``), or None for a date."""
        if self.due is None or self.due_written in (None, self.due.isoformat()):
            return None
        return self.due_written


@dataclass(frozen=True, slots=True)
class NextStep:
    """A next step or target named by a performance report (shown, not tracked)."""

    slug: str
    text: str
    comment: str | None = None
    due: PartialDate | None = None
    due_text: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """An outcome a performance report monitors, with its RAG status when stated."""

    text: str
    rag: RAG | None = None


@dataclass(frozen=True, slots=True)
class Area:
    """A community planning partnership."""

    slug: str
    name: str
    path: str
    kind: str | None = None
    council: str | None = None
    health_board: str | None = None
    website: str | None = None
    body: str = ""


@dataclass(frozen=True, slots=True)
class Report:
    """One publication about one area.

    Attributes:
        id: ``<area>/<slug>``.
        published: the date at the precision written, or None when the source states none.
        published_written: the value as written (``2017-12``, ``unknown``).
        follows: ids of the reports this one follows up, responds to or announces.
        closes: ids of commitments this publication withdraws.
        notice: the notice id to show, or None.
        editor_note: a note by the site's editors, not part of the publication, or None.
    """

    id: str
    area: str
    slug: str
    path: str
    title: str
    type: str
    published: PartialDate | None
    published_written: str
    fieldwork: Span | None = None
    period: Span | None = None
    bodies: tuple[str, ...] = ()
    follows: tuple[str, ...] = ()
    source: Source | None = None
    evaluations: tuple[Evaluation, ...] = ()
    grade_summary: tuple[tuple[Grade, int], ...] = ()
    strengths: tuple[str, ...] = ()
    improvements: tuple[Improvement, ...] = ()
    findings: tuple[Finding, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    closes: tuple[str, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    next_steps: tuple[NextStep, ...] = ()
    notice: str | None = None
    body: str = ""
    editor_note: str | None = None


@dataclass(frozen=True, slots=True)
class NoticeText:
    """A notice in one language."""

    lang: str
    text: str


@dataclass(frozen=True, slots=True)
class Notice:
    """A notice (such as the alternative-formats notice) in all its languages, English first."""

    id: str
    texts: tuple[NoticeText, ...]


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme that AFIs in many areas share."""

    slug: str
    name: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Content:
    """Everything editors wrote, validated and cross-referenced."""

    areas: dict[str, Area] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)
    notices: dict[str, Notice] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
