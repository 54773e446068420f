"""What the search index knows of each page besides its words: the facets a reader filters by, what a result
shows (area, date, status) and the date results sort by.

The names of the filters are the parameters of the search page's URL (``/search/?q=...&status=Overdue``),
so they are part of the site's public promise, like its URLs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..content.languages import describe_language
from ..content.model import FollowUpStatus
from .pages import Kind, publication_year, rating_label, type_label
from .views import status_label

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..content.model import Report
    from .derive import FollowUp, Site

# The facets, in the order the search page offers them: (URL parameter, label).
FACETS = (
    ("area", "Area"),
    ("kind", "Page kind"),
    ("type", "Report type"),
    ("status", "Status"),
    ("theme", "Theme"),
    ("year", "Year"),
)

# The kinds of page searched, as the "Page kind" facet names them; listing pages only repeat what these say.
KIND_LABELS = {
    Kind.REPORT: "Publication",
    Kind.IMPROVEMENT: "Area for improvement",
    Kind.AREA: "Area",
    Kind.THEME: "Theme",
    Kind.NOTICE: "Notice",
}

# Languages Pagefind's extended indexer splits into words only when a page is indexed as that language:
# their pages get an index of their own (see generator/plugin/search.py).
SEGMENTED_LANGUAGES = ("zh", "ja")

# Follow-up statuses a result's badge shows, most pressing first.
_PRESSING = (FollowUpStatus.OVERDUE, FollowUpStatus.DUE)


@dataclass(frozen=True, slots=True)
class Facets:
    """A searched page's entry in the index besides its text.

    Attributes:
        filters: (facet, value) pairs; a facet may have several values.
        meta: (name, text) pairs a result shows: ``area``, ``date``, ``status`` (and ``badge``, its look).
        date: the ISO date results sort by, or "".
        segmented: the page is in a language indexed apart (see SEGMENTED_LANGUAGES).
    """

    filters: tuple[tuple[str, str], ...]
    meta: tuple[tuple[str, str], ...]
    date: str = ""
    segmented: bool = False


def search_facets(site: Site, kind: Kind, key: str) -> Facets | None:
    """The facets of the page of ``kind`` and ``key``; None for a page that is not searched."""
    label = KIND_LABELS.get(kind)
    if label is None:
        return None
    filters: list[tuple[str, str]] = [("kind", label)]
    meta: list[tuple[str, str]] = []
    date = ""
    if kind is Kind.REPORT:
        report = site.reports[key]
        area = site.areas[report.area].name
        filters += [("area", area), ("type", type_label(report.type)), ("year", str(publication_year(site, key)))]
        follow_ups = [site.follow_ups[c.id] for c in report.commitments]
        filters += _statuses(follow_ups)
        filters += _themes(site, [t for afi in report.improvements for t in afi.themes])
        meta += [("area", area), *_published(report), *_badge(follow_ups)]
        date = site.sort_dates[key].isoformat()
    elif kind is Kind.IMPROVEMENT:
        state = site.improvements[key]
        report = site.reports[state.improvement.report]
        area = site.areas[report.area].name
        status = rating_label(state.status)
        filters += [("area", area), ("type", type_label(report.type)), ("status", status)]
        filters += [("year", str(publication_year(site, report.id))), *_themes(site, state.improvement.themes)]
        meta += [("area", area), *_published(report), ("status", status)]
        meta += [("badge", f"insp-rating insp-rating--{state.status}")]
        date = site.sort_dates[report.id].isoformat()
    elif kind is Kind.AREA:
        area = site.areas[key].name
        follow_ups = site.follow_ups_in(key)
        filters += [("area", area), *_statuses(follow_ups)]
        meta += [("area", area), *_badge(follow_ups)]
    elif kind is Kind.THEME:
        filters += _themes(site, [key])
    segmented = kind is Kind.NOTICE and describe_language(key).tag.split("-")[0].lower() in SEGMENTED_LANGUAGES
    return Facets(tuple(dict.fromkeys(filters)), tuple(meta), date, segmented)


def _published(report: Report) -> list[tuple[str, str]]:
    return [("date", report.published.human())] if report.published else []


def _statuses(follow_ups: list[FollowUp]) -> list[tuple[str, str]]:
    return [("status", status_label(f.status, f.commitment.due is not None)) for f in follow_ups]


def _badge(follow_ups: list[FollowUp]) -> list[tuple[str, str]]:
    """The status a result shows for a page of follow-ups: the most pressing one, if any is open."""
    for status in _PRESSING:
        if any(f.status is status for f in follow_ups):
            return [("status", status.label), ("badge", f"insp-status--{status.value}")]
    return []


def _themes(site: Site, slugs: Iterable[str]) -> list[tuple[str, str]]:
    themes = site.content.themes
    return [("theme", themes[slug].name) for slug in slugs if slug in themes]
