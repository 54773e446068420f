"""The live preview (``mkdocs serve``): what a change affects, and what it keeps from one rebuild to the next.

With ``--dirty`` (``make serve``) MkDocs rebuilds only the pages whose source file changed; the generated pages
have none, so ``Preview`` decides which of them a change to the content affects. While the content has errors,
the preview keeps serving the last site it could build, every page with a banner listing the errors.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.errors import SourceError
from ..site.pages import Kind, PageSpec

if TYPE_CHECKING:
    from ..content.validate import ParseCache
    from ..site.derive import Site

Stamps = dict[Path, tuple[int, int]]


class Preview:
    """What the live preview keeps between rebuilds, and which pages a rebuild may leave as they are."""

    def __init__(self, *, dirty: bool) -> None:
        self.dirty = dirty
        self.parse_cache: ParseCache = {}  # the content files as last parsed
        self.calendar_events: dict[Hashable, bytes] = {}  # the calendars' events as last made
        self.site: Site | None = None  # the last site built without errors
        self.errors: list[SourceError] = []  # the content errors of the last build
        self._stamps: Stamps = {}
        self._errors_before: list[SourceError] = []

    def built(
        self, content_dir: Path, site: Site | None, errors: list[SourceError]
    ) -> Callable[[PageSpec], bool] | None:
        """After reading the content (``site``, or None with ``errors``): which generated pages a dirty rebuild
        can leave as they are (None: rebuild all of them, and every other page too)."""
        previous, self._errors_before, self.errors = self.site, self.errors, errors
        stamps = stamps_of(content_dir)
        before, self._stamps = self._stamps, stamps
        if site is not None:
            self.site = site
        if not self.dirty or site is None or self.errors_changed:
            return None
        return unaffected_pages(previous, site, before, stamps)

    @property
    def errors_changed(self) -> bool:
        """Whether the banner of every page changes in this build (errors came, went or changed)."""
        return self.errors != self._errors_before


def stamps_of(content_dir: Path) -> Stamps:
    """Size and modification time of every content file, to see what a rebuild changed."""
    stamps = {}
    for path in content_dir.rglob("*"):
        if path.is_file():
            stat = path.stat()
            stamps[path] = (stat.st_mtime_ns, stat.st_size)
    return stamps


def unaffected_pages(
    previous: Site | None, site: Site, before: Stamps, after: Stamps
) -> Callable[[PageSpec], bool] | None:
    """Which generated pages a dirty rebuild can leave as they are, or None to rebuild them all.

    Only report files are followed precisely. When only the text (the body) of reports changed, which is
    what editors change most, only those reports' pages show it: every other page stays. Otherwise a changed
    report touches its area, the areas of the reports it follows or is followed by, of the AFIs it reports
    on, of the commitments it closes, and of the publications that rate its AFIs or met or withdrew its
    commitments; the pages of every other area stay. Any other change (an area, notices, themes) rebuilds
    everything.
    """
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    if previous is None or not changed or any(path.parent.parent.name != "reports" for path in changed):
        return None
    texts = _changed_texts(previous, site, changed)
    if texts is not None:
        return lambda spec: not (spec.kind is Kind.REPORT and spec.key in texts)
    unchanged = _unchanged_areas(previous, site, changed)
    return lambda spec: _area_of(site, spec) in unchanged


def _changed_texts(previous: Site, site: Site, changed: set[Path]) -> set[str] | None:
    """The ids of the changed reports if all that changed in them is their body, else None."""
    ids = set()
    for path in changed:
        rid = f"{path.parent.name}/{path.stem}"
        before, after = previous.reports.get(rid), site.reports.get(rid)
        if before is None or after is None or dataclasses.replace(before, body=after.body) != after:
            return None
        ids.add(rid)
    return ids


def _unchanged_areas(previous: Site, site: Site, changed: set[Path]) -> set[str]:
    """The areas none of whose pages can show anything the changed report files changed."""
    touched = set()
    for path in changed:
        rid = f"{path.parent.name}/{path.stem}"
        touched.add(path.parent.name)
        for known in (previous, site):
            report = known.reports.get(rid)
            if report is None:
                continue
            related = [*report.follows, *known.followed_by.get(rid, ()), *report.closes]
            related += [finding.improvement for finding in report.findings]
            # Publications elsewhere that rate this report's AFIs, or met or withdrew its promises.
            related += [f.report for afi in report.improvements for f in known.improvements[afi.id].history]
            related += [known.follow_ups[c.id].resolved_by or rid for c in report.commitments]
            touched |= {ref.split("/", 1)[0] for ref in related}
    return set(site.areas) - touched


def _area_of(site: Site, spec: PageSpec) -> str | None:
    """The area a record page belongs to; None for pages about the whole site."""
    match spec.kind:
        case Kind.AREA:
            return spec.key
        case Kind.REPORT | Kind.IMPROVEMENT:
            return spec.key.split("/", 1)[0]
        case _:
            return None


class DirtyWarningFilter(logging.Filter):
    """Drops MkDocs' warning that a dirty build may leave stale navigation (the one warning of its ``build``
    function): the plugin decides what a change affects, and the warning would alarm editors at every rebuild."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno == logging.WARNING and record.funcName == "build")
