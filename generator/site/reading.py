"""What helps a reader read a page: the scales' words and meanings, when a status was set, where a page is.

The progress ratings and the grade scale are described in mkdocs.yml (``extra.reading``), so another
inspectorate's words need no change of code; what is not described there falls back to plain defaults.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..content.dates import PartialDate
from ..content.model import NOT_YET_REVIEWED, FollowUpStatus, Grade
from .pages import SECTION_OF, Kind, url_for
from .pages import rating_label as default_rating_label

if TYPE_CHECKING:
    from datetime import date

    from ..content.model import Report
    from .derive import ImprovementState, Site

DEFAULT_STALE_YEARS = 3

# What each follow-up status means: the derived facts of the content model, in words.
STATUS_MEANINGS = {
    FollowUpStatus.MET: "a later publication of the promised kind followed up the promise by its due date",
    FollowUpStatus.MET_LATE: "a later publication of the promised kind followed it up, but after its due date",
    FollowUpStatus.WITHDRAWN: "a later publication withdrew the promise or declared it no longer needed",
    FollowUpStatus.OVERDUE: "its due date has passed and no publication on this site has followed it up yet",
    FollowUpStatus.DUE: "its due date has not come yet (or the promise named no date)",
}


@dataclass(frozen=True, slots=True)
class Step:
    """One value of a scale: its id, its words and what it means."""

    value: str
    label: str
    meaning: str = ""


@dataclass(frozen=True, slots=True)
class Reading:
    """The scales and the age at which a finding is called old, as mkdocs.yml describes them."""

    ratings: tuple[Step, ...] = ()
    grades: tuple[Step, ...] = ()
    stale_years: int = DEFAULT_STALE_YEARS
    labels: dict[str, str] = field(default_factory=dict)

    def rating_label(self, rating: str) -> str:
        """``encouraging`` -> ``Encouraging progress`` (or the label mkdocs.yml gives it)."""
        return self.labels.get(rating) or default_rating_label(rating)

    def grade_label(self, grade: Grade | str) -> str:
        """A grade in words, as configured."""
        value = str(grade)
        for step in self.grades:
            if step.value == value:
                return step.label
        return Grade(value).label


def read_reading(extra: dict[str, Any], ratings: tuple[str, ...]) -> Reading:
    """The reading aids from ``extra.reading`` in mkdocs.yml, for the progress ``ratings`` configured."""
    given = dict(extra.get("reading") or {})
    described = dict(given.get("ratings") or {})
    steps = []
    for rating in (*ratings, NOT_YET_REVIEWED):
        entry = dict(described.get(rating) or {})
        label = str(entry.get("label") or default_rating_label(rating))
        steps.append(Step(rating, label, str(entry.get("meaning") or "")))
    grade_words = dict(given.get("grades") or {})
    grades = []
    for grade in Grade:
        entry = dict(grade_words.get(grade.value) or {})
        grades.append(Step(grade.value, str(entry.get("label") or grade.label), str(entry.get("meaning") or "")))
    return Reading(
        ratings=tuple(steps),
        grades=tuple(grades),
        stale_years=int(given.get("stale_after_years") or DEFAULT_STALE_YEARS),
        labels={step.value: step.label for step in steps},
    )


@dataclass(frozen=True, slots=True)
class StatusNote:
    """When and by which publication an AFI's current status was set, and whether that is long ago.

    Attributes:
        status: the rating, or ``not-yet-reviewed``.
        report: the publication that set it (for an AFI not yet reviewed: the one that found it).
        date: that publication's date, or None when the source states none.
        stale: the finding is older than the configured age on the build's reference date.
    """

    status: str
    report: Report
    date: PartialDate | None
    stale: bool
    years: int


def status_note(site: Site, state: ImprovementState, stale_years: int = DEFAULT_STALE_YEARS) -> StatusNote:
    """What set ``state``'s status, and whether it is older than ``stale_years`` on the reference date."""
    rid = state.history[-1].report if state.history else state.improvement.report
    report = site.reports[rid]
    when = report.published or site.sort_dates.get(rid)
    stale = when is not None and _is_older(when, site.reference_date, stale_years)
    return StatusNote(state.status, report, report.published, stale, stale_years)


def _is_older(when: PartialDate | date, today: date, years: int) -> bool:
    """Whether the whole period ``when`` ended more than ``years`` years before ``today``."""
    if isinstance(when, PartialDate):
        last = (when.year, when.month or 12, when.day or 31)
    else:
        last = (when.year, when.month, when.day)
    return last < (today.year - years, today.month, today.day)


@dataclass(frozen=True, slots=True)
class Crumb:
    """One step of a breadcrumb trail: a page's title and its URL relative to the site root."""

    title: str
    url: str
    kind: Kind
    key: str = ""


def breadcrumbs(site: Site, kind: Kind, key: str, title: str) -> list[Crumb]:
    """The trail from the home page to the page (``kind``, ``key``), the page itself last."""
    if kind is Kind.HOME:
        return []
    trail = [Crumb("Home", url_for(Kind.HOME), Kind.HOME)]
    section = SECTION_OF.get(kind)
    if section is not None:
        trail.append(Crumb(_SECTION_TITLES[section], url_for(section), section))
    if kind in {Kind.REPORT, Kind.IMPROVEMENT}:
        report = site.reports[key.split("#", maxsplit=1)[0]]
        area = site.areas[report.area]
        trail.append(Crumb(area.name, url_for(Kind.AREA, area.slug), Kind.AREA, area.slug))
        if kind is Kind.IMPROVEMENT:
            trail.append(Crumb(report.title, url_for(Kind.REPORT, report.id), Kind.REPORT, report.id))
    trail.append(Crumb(title, url_for(kind, key), kind, key))
    return trail


def breadcrumb_json(trail: list[Crumb], site_url: str) -> str:
    """The trail as schema.org BreadcrumbList JSON-LD, safe inside a <script> element: no ``<``, ``>`` or ``&``
    is left as such, so no text can close the element or open a comment."""
    base = site_url if site_url.endswith("/") else f"{site_url}/"
    data = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": crumb.title, "item": base + crumb.url}
            for index, crumb in enumerate(trail, start=1)
        ],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_SECTION_TITLES = {
    Kind.AREAS: "Areas",
    Kind.REPORTS: "Publications",
    Kind.IMPROVEMENTS: "Areas for improvement",
    Kind.THEMES: "Themes",
    Kind.TIMELINE: "Follow-ups",
    Kind.NOTICES: "Notices",
}
