"""The open data files: plain JSON that anyone can reuse, stable across builds."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .pages import Kind, url_for
from .publisher import OGL_NAME, OGL_URL

if TYPE_CHECKING:
    from .derive import Site


DATA_FILES = ("reports.json", "areas-for-improvement.json", "follow-ups.json")


def export_data(site: Site, licence: dict[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """Each open data file's content by name; every file states its ``licence`` (name and URL)."""
    generated = site.reference_date.isoformat()
    items = (_reports(site), _improvements(site), _follow_ups(site))
    terms = licence or {"name": OGL_NAME, "url": OGL_URL}
    return {
        name: {"generated": generated, "licence": terms, "items": listed}
        for name, listed in zip(DATA_FILES, items, strict=True)
    }


def dumps(data: object) -> str:
    """Deterministic JSON: sorted keys, real characters, a final newline."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def _reports(site: Site) -> list[dict[str, Any]]:
    items = []
    for rid in site.order:
        report = site.reports[rid]
        items.append(
            {
                "id": rid,
                "area": report.area,
                "type": report.type,
                "title": report.title,
                "editor_note": report.editor_note,
                "published": report.published_written,
                "follows": list(report.follows),
                "followed_by": list(site.followed_by[rid]),
                "url": url_for(Kind.REPORT, rid),
            }
        )
    return items


def _improvements(site: Site) -> list[dict[str, Any]]:
    items = []
    for state in site.improvements.values():
        afi = state.improvement
        history = [
            {"report": f.report, "published": _published(site, f.report), "rating": f.rating} for f in state.history
        ]
        items.append(
            {
                "id": afi.id,
                "area": afi.area,
                "report": afi.report,
                "text": afi.text,
                "title": afi.title,
                "themes": list(afi.themes),
                "status": state.status,
                "history": history,
                "url": url_for(Kind.IMPROVEMENT, afi.id),
            }
        )
    return items


def _follow_ups(site: Site) -> list[dict[str, Any]]:
    items = []
    for follow_up in site.follow_ups.values():
        commitment = follow_up.commitment
        items.append(
            {
                "id": commitment.id,
                "area": commitment.area,
                "report": commitment.report,
                "text": commitment.text,
                "type": commitment.type,
                "due": commitment.due.isoformat() if commitment.due else None,
                "status": follow_up.status.value,
                "resolved_by": follow_up.resolved_by,
                "url": url_for(Kind.REPORT, commitment.report),
            }
        )
    return items


def _published(site: Site, rid: str) -> str:
    return site.reports[rid].published_written
