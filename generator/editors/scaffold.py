"""Starting files for editors: ``inspections new report AREA TYPE`` and ``inspections new area SLUG``.

The front matter comes with comments that say what each key means. For a
progress review the areas for improvement of the area are listed ready to
rate, and ``follows`` names the area's latest publication.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..content.validate import SLUG, UNKNOWN_DATE
from ..site.pages import rating_label

if TYPE_CHECKING:
    from pathlib import Path

    from ..content.dates import PartialDate
    from ..content.model import Report
    from ..content.settings import Settings
    from ..site.derive import Site


class ScaffoldError(ValueError):
    """The file cannot be written; the message says why and what to do."""


def new_area(content_dir: Path, slug: str, name: str) -> Path:
    """Write ``areas/<slug>.md``; refuse a bad slug or an existing file."""
    _check_slug(slug, "area")
    path = content_dir / "areas" / f"{slug}.md"
    _check_free(path)
    text = f"""---
name: {_quote(name)}
# kind: Community planning partnership
# council: Name of the council
# health_board: Name of the health board
# website: https://www.example.org/
---

A short introduction to {name}: who the partners are and what the publications on this site cover.
"""
    return _write(path, text)


def new_report(
    site: Site,
    settings: Settings,
    content_dir: Path,
    area: str,
    report_type: str,
    *,
    published: str,
    slug: str | None = None,
) -> Path:
    """Write ``reports/<area>/<slug>.md`` for a new publication of ``report_type``."""
    if area not in site.areas:
        known = ", ".join(site.areas) or "none yet"
        msg = f"there is no area {area!r} (areas: {known}): add it first with `inspections new area {area} --name ...`"
        raise ScaffoldError(msg)
    if report_type not in settings.report_types:
        msg = f"{report_type!r} is not a report type: use one of {', '.join(settings.report_types)}"
        raise ScaffoldError(msg)
    slug = slug or (report_type if published == UNKNOWN_DATE else f"{published}-{report_type}")
    _check_slug(slug, "report")
    path = content_dir / "reports" / area / f"{slug}.md"
    _check_free(path)
    latest = followed(site, area, report_type)
    lines = [
        "---",
        'title: ""  # the title as printed on the cover (check fails until it is filled in)',
        f"type: {report_type}  # one of: {', '.join(settings.report_types)}",
        f"published: {_quote(published)}  # YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source; or unknown"
        + ("" if published else " (check fails until it is filled in)"),
        "# fieldwork: {start: YYYY-MM-DD, end: YYYY-MM-DD}",
        "# bodies: [Care Inspectorate]",
        "# source: {url: https://..., format: PDF}",
        "# notice: alternative-formats  # a notice from notices.yml the publication carries",
    ]
    if latest is not None:
        lines.append(f"follows: {latest.id}  # the publication this one follows up ({_quote(latest.title)})")
    else:
        lines.append("# follows: AREA/REPORT  # the publication this one follows up")
    if report_type == "progress-review":
        lines += _progress_lines(site, area, settings)
    else:
        lines += [
            "# evaluations:  # each quality indicator and its grade",
            "#   - {indicator: Leadership, grade: good}  # excellent, very-good, good, adequate, weak, unsatisfactory",
            "# strengths:",
            "#   - A strength the report names",
            "# areas_for_improvement:",
            "#   - id: short-slug",
            "#     text: The area for improvement, as the report words it.",
            "#     themes: [leadership]",
        ]
    lines += [
        "# commitments:  # follow-ups this publication promises",
        "#   - id: next-review",
        "#     text: We will publish a progress review within 12 months.",
        "#     type: progress-review",
        "#     due: 12 months  # or a date",
        "---",
        "",
        "## First heading of the publication",
        "",
        "The text of the publication, in Markdown.",
        "",
    ]
    return _write(path, "\n".join(lines))


def followed(site: Site, area: str, report_type: str, *, before: PartialDate | None = None) -> Report | None:
    """What a new publication most likely follows: for a progress review the latest inspection or review.

    With ``before`` (the new publication's date), only publications that are not later than it count.
    An undated publication is never proposed: following one needs an editor_note.
    """
    reports = [
        r for r in site.reports_in(area) if r.published and (before is None or not r.published.is_later_than(before))
    ]
    if report_type == "progress-review":
        reports = [r for r in reports if r.type in {"joint-inspection", "progress-review"}] or reports
    return reports[-1] if reports else None


def _progress_lines(site: Site, area: str, settings: Settings) -> list[str]:
    states = site.improvements_in(area)
    if not states:
        return ["# progress: []  # this area has no areas for improvement yet"]
    lines = [
        "# progress: the finding on each area for improvement. Uncomment the entries the review reports on,",
        f"# give each a rating ({', '.join(settings.ratings)}), the review's own summary and the id of the",
        "# heading in the text below that holds the narrative ({#id} after the heading).",
        "# progress:",
    ]
    for state in states:
        afi = state.improvement
        lines += [
            f"#   - afi: {afi.id}",
            f"#     # {afi.text[:100]}{'…' if len(afi.text) > 100 else ''} (now: {rating_label(state.status)})",
            "#     rating: RATING",
            "#     summary: The review's own words.",
            f"#     section: {afi.slug}",
        ]
    return lines


def _check_slug(slug: str, kind: str) -> None:
    if not SLUG.match(slug):
        msg = f"{slug!r} is not a valid {kind} slug: use lowercase letters, digits and single hyphens"
        raise ScaffoldError(msg)


def _check_free(path: Path) -> None:
    if path.exists():
        msg = f"{path} already exists: choose another slug with --slug"
        raise ScaffoldError(msg)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
