"""The site's pages: their permanent URLs and the plan of every page to generate.

URLs are a public promise (see the content model): they come from this one
module and nowhere else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from ..content.languages import describe_language
from ..content.model import NOT_YET_REVIEWED
from ..content.settings import DEFAULT_RATINGS

if TYPE_CHECKING:
    from .derive import Site


class Kind(StrEnum):
    """The kinds of generated page; each has its own template, ``inspections/<kind>.html``."""

    HOME = "home"
    AREAS = "areas"
    AREA = "area"
    REPORT = "report"
    IMPROVEMENT = "improvement"
    REPORTS = "reports"
    IMPROVEMENTS = "improvements"
    REPORTS_YEAR = "reports-year"
    TIMELINE_YEAR = "timeline-year"
    STATUS = "status"
    GRADES = "grades"
    THEMES = "themes"
    THEME = "theme"
    TIMELINE = "timeline"
    NOTICES = "notices"
    NOTICE = "notice"
    ACCESSIBILITY = "accessibility"
    READING = "how-to-read"
    ERRORS = "errors"


# The pages that list things; they are in the navigation.
INDEX_KINDS = (
    Kind.HOME,
    Kind.AREAS,
    Kind.REPORTS,
    Kind.IMPROVEMENTS,
    Kind.THEMES,
    Kind.GRADES,
    Kind.TIMELINE,
    Kind.NOTICES,
    Kind.ACCESSIBILITY,
    Kind.READING,
)

# The index page (and navigation tab) each kind of deeper page belongs to.
SECTION_OF = {
    Kind.AREA: Kind.AREAS,
    Kind.REPORT: Kind.AREAS,
    Kind.IMPROVEMENT: Kind.AREAS,
    Kind.REPORTS_YEAR: Kind.REPORTS,
    Kind.STATUS: Kind.IMPROVEMENTS,
    Kind.THEME: Kind.THEMES,
    Kind.TIMELINE_YEAR: Kind.TIMELINE,
    Kind.NOTICE: Kind.NOTICES,
}


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One page to generate.

    Attributes:
        kind: which template renders it.
        key: the record it shows (area slug, report id, AFI id, theme slug, language tag), or "".
        url: its URL relative to the site root (``areas/moray/``).
        title: its title.
        body: Markdown rendered below the structured part (a report's own text), or "".
    """

    kind: Kind
    key: str
    url: str
    title: str
    body: str = ""

    @property
    def src_uri(self) -> str:
        """The virtual source path MkDocs knows the page by."""
        return f"{self.url}index.md"

    def markdown(self) -> str:
        """The page's Markdown source: its title as front matter, then its body."""
        # A JSON string is a YAML string too, and far cheaper to write than yaml.safe_dump.
        return f"---\ntitle: {json.dumps(self.title, ensure_ascii=False)}\n---\n\n{self.body}"


def url_for(kind: Kind, key: str = "") -> str:
    """The permanent URL of a page, relative to the site root."""
    match kind:
        case Kind.HOME:
            return ""
        case Kind.AREA:
            return f"areas/{key}/"
        case Kind.REPORT:
            return f"areas/{key}/"
        case Kind.IMPROVEMENT:
            report, afi = key.split("#")
            return f"areas/{report}/{afi}/"
        case Kind.THEME:
            return f"themes/{key}/"
        case Kind.STATUS:
            return f"improvements/{key}/"
        case Kind.REPORTS_YEAR:
            return f"reports/{key}/"
        case Kind.TIMELINE_YEAR:
            return f"timeline/{key}/"
        case Kind.NOTICE:
            return f"notices/{key}/"
        case _:
            return f"{kind.value}/"


def relative_url(url: str, base: str) -> str:
    """The link to ``url`` (a page or a file, relative to the site root) from the page at ``base`` ("" for the
    home page, else a folder URL ending in "/"): what MkDocs' ``get_relative_url`` gives, computed directly (a
    page links to dozens of others, and MkDocs' general function normalises both paths each time)."""
    target = url.split("/") if url else []
    if url.endswith("/"):
        target.pop()
    here = base.split("/")[:-1]
    common = 0
    for mine, theirs in zip(target, here, strict=False):
        if mine != theirs:
            break
        common += 1
    path = "/".join([".."] * (len(here) - common) + target[common:]) or "."
    return f"{path}/" if url.endswith("/") else path


def plan_pages(site: Site, ratings: tuple[str, ...] = DEFAULT_RATINGS) -> list[PageSpec]:
    """Every generated page of the site, in a stable order (``ratings``: best first, as configured)."""
    content = site.content
    specs = [
        PageSpec(Kind.HOME, "", url_for(Kind.HOME), "Inspections and progress reviews"),
        PageSpec(Kind.AREAS, "", url_for(Kind.AREAS), "Areas"),
        PageSpec(Kind.REPORTS, "", url_for(Kind.REPORTS), "Publications"),
        PageSpec(Kind.IMPROVEMENTS, "", url_for(Kind.IMPROVEMENTS), "Areas for improvement"),
        PageSpec(Kind.THEMES, "", url_for(Kind.THEMES), "Themes"),
        PageSpec(Kind.GRADES, "", url_for(Kind.GRADES), "Grades compared"),
        PageSpec(Kind.TIMELINE, "", url_for(Kind.TIMELINE), "Follow-up timeline"),
        PageSpec(Kind.NOTICES, "", url_for(Kind.NOTICES), "Notices"),
        PageSpec(Kind.ACCESSIBILITY, "", url_for(Kind.ACCESSIBILITY), "Accessibility statement"),
        PageSpec(Kind.READING, "", url_for(Kind.READING), "How to read this site"),
    ]
    specs += [PageSpec(Kind.AREA, a.slug, url_for(Kind.AREA, a.slug), a.name, a.body) for a in content.areas.values()]
    for rid in site.order:
        report = content.reports[rid]
        specs.append(PageSpec(Kind.REPORT, rid, url_for(Kind.REPORT, rid), report.title, report.body))
        specs += [
            PageSpec(Kind.IMPROVEMENT, afi.id, url_for(Kind.IMPROVEMENT, afi.id), afi_title(afi.title, afi.text))
            for afi in report.improvements
        ]
    specs += [
        PageSpec(Kind.STATUS, status, url_for(Kind.STATUS, status), f"Areas for improvement: {rating_label(status)}")
        for status in statuses(site, ratings)
    ]
    specs += [
        PageSpec(Kind.REPORTS_YEAR, str(year), url_for(Kind.REPORTS_YEAR, str(year)), f"Publications of {year}")
        for year in publication_years(site)
    ]
    specs += [
        PageSpec(Kind.TIMELINE_YEAR, str(year), url_for(Kind.TIMELINE_YEAR, str(year)), f"Follow-ups due in {year}")
        for year in follow_up_years(site)
    ]
    specs += [PageSpec(Kind.THEME, t.slug, url_for(Kind.THEME, t.slug), t.name) for t in content.themes.values()]
    specs += [
        PageSpec(Kind.NOTICE, lang, url_for(Kind.NOTICE, lang), _language_title(lang))
        for lang in notice_languages(site)
    ]
    return specs


def publication_year(site: Site, rid: str) -> int:
    """The year a publication is listed under: its own, or for an undated one the year it is placed in."""
    report = site.reports[rid]
    return report.published.year if report.published else site.sort_dates[rid].year


def publication_years(site: Site) -> list[int]:
    """Every year with a publication, newest first."""
    return sorted({publication_year(site, rid) for rid in site.order}, reverse=True)


def follow_up_years(site: Site) -> list[int]:
    """Every year in which a follow-up falls due, oldest first."""
    return sorted({f.commitment.due.year for f in site.follow_ups.values() if f.commitment.due})


def statuses(site: Site, ratings: tuple[str, ...] = DEFAULT_RATINGS) -> list[str]:
    """Every AFI status in use, best rating first, ``not-yet-reviewed`` last."""
    used = {state.status for state in site.improvements.values()}
    return [status for status in (*ratings, NOT_YET_REVIEWED) if status in used]


def type_label(report_type: str) -> str:
    """``joint-inspection`` -> ``Joint inspection``."""
    return report_type.replace("-", " ").capitalize()


def rating_label(rating: str) -> str:
    """``encouraging`` -> ``Encouraging progress``; ``none`` -> ``No progress``."""
    if rating == NOT_YET_REVIEWED:
        return "Not yet reviewed"
    if rating == "none":
        return "No progress"
    return f"{rating.replace('-', ' ').capitalize()} progress"


def notice_languages(site: Site) -> list[str]:
    """Every language any notice is written in, English first, then in order of first appearance."""
    tags: dict[str, None] = {}
    for notice in site.content.notices.values():
        for text in notice.texts:
            tags.setdefault(text.lang, None)
    return list(tags)


def afi_title(title: str | None, text: str) -> str:
    """An AFI's heading: its short ``title`` if it has one, else the first sentence of its text, whole."""
    if title:
        return title
    return text.split(". ", maxsplit=1)[0].rstrip(".")


def _language_title(tag: str) -> str:
    # In English: the title also appears in the site's English header and in <title>.
    return f"Notices in {describe_language(tag).english}"
