"""Check every content file and build the content model from it.

Every problem in every file is collected (never only the first), each with its file, line, key and a
fix. Each file's own checks (``reports``: the front-matter models, then what they cannot say, and the
body) depend on that file only; cross-references (``references``) are resolved after all files are
read, so their order on disk never matters.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import SourceError
from .field_errors import as_slug, did_you_mean
from .files import RawDocument, load_markdown
from .frontmatter import SLUG_PATTERN, UNKNOWN_DATE
from .model import Area, Content, Report, Theme
from .references import References
from .reports import PendingReport, is_mapping, read_area, read_report
from .yaml_files import read_notices, read_themes

if TYPE_CHECKING:
    from collections.abc import Hashable

    from .settings import Settings

__all__ = ["SLUG", "UNKNOWN_DATE", "ParseCache", "ReportMap", "load_content"]

SLUG = re.compile(SLUG_PATTERN)
NOTICES_FILE = "notices.yml"
THEMES_FILE = "themes.yml"

# path -> ((mtime_ns, size), parsed document or None, the errors parsing it gave)
ParseCache = dict[Path, tuple[tuple[int, int], RawDocument | None, list[SourceError]]]

# Like ``map`` over report files: what checks them, in order (in this process, or shared with others).
ReportMap = Callable[[Callable[[Path], Any], list[Path]], Iterator[Any]]


def load_content(
    content_dir: Path,
    settings: Settings,
    shown_root: Path | None = None,
    cache: ParseCache | None = None,
    *,
    map_reports: ReportMap | None = None,
) -> tuple[Content, list[SourceError]]:
    """Read, check and cross-reference everything under ``content_dir``.

    Returns the content (complete only when the error list is empty) and every error found.
    Paths in messages are shown relative to ``shown_root`` (default: the content folder's parent).
    ``cache`` keeps parsed Markdown files between runs (the live preview): a file is parsed again
    only when its size or modification time changed. Without a cache, ``map_reports`` may check the report
    files elsewhere too (the build's worker processes): it is called like ``map`` and must give the results
    in order; the result is the same.
    """
    checker = _Checker(content_dir, settings, shown_root or content_dir.parent, cache)
    if cache is None and map_reports is not None:
        checker.map_reports = map_reports
    content = checker.run()
    return content, sorted(checker.errors)


class _Checker:
    """One validation run: sorts the files, has each read, resolves the references."""

    def __init__(self, content_dir: Path, settings: Settings, shown_root: Path, cache: ParseCache | None) -> None:
        self.cache = cache
        self.content_dir = content_dir
        self.settings = settings
        self.shown_root = shown_root
        self.shown_prefix = str(shown_root) + os.sep  # what _show cuts off, without pathlib's cost per file
        self.errors: list[SourceError] = []
        self.map_reports: ReportMap = map

    def run(self) -> Content:
        if not self.content_dir.is_dir():
            self.errors.append(SourceError(self._show(self.content_dir), 0, "", "the content folder does not exist"))
            return Content()
        area_files, report_files, notices_file, themes_file = self._survey()
        # No themes.yml (or one that cannot be read, whose error is reported): None, and any slug is a theme.
        themes = read_themes(themes_file, self._show(themes_file), self.errors) if themes_file else None
        # A report's folder is checked against the area files on disk: an area file with a mistake of its own
        # (or a file name to correct, which is reported) still names its area.
        area_slugs = {path.stem for path in area_files} | {as_slug(path.stem) for path in area_files}
        # What a report file's own checks depend on besides the file: reused while these stay the same.
        conditions = (frozenset(area_slugs), None if themes is None else tuple(themes.items()))
        # Forked processes may start on the report files now, while this one reads the areas.
        check_reports = self._checked_reports(report_files, area_slugs, themes, conditions)
        areas = {area.slug: area for path in area_files if (area := self._area(path))}
        pending = check_reports()
        notices = read_notices(notices_file, self._show(notices_file), self.errors) if notices_file else {}
        read = {p.fields["id"] for p in pending}
        unread = {f"{path.parent.name}/{path.stem}" for path in report_files} - read
        references = References(self.settings, unread, notices_unread=notices is None)
        reports = references.resolve(pending, notices or {})
        self.errors.extend(references.errors)
        return Content(
            areas=dict(sorted(areas.items())),
            reports=dict(sorted(reports.items())),
            notices=notices or {},
            themes=dict(sorted((themes if themes is not None else undeclared_themes(reports)).items())),
        )

    def _survey(self) -> tuple[list[Path], list[Path], Path | None, Path | None]:
        """Sort every file under the content folder into its kind; anything else is an error."""
        areas: list[Path] = []
        reports: list[Path] = []
        notices = themes = None
        for path in sorted(self.content_dir.rglob("*")):
            relative = path.relative_to(self.content_dir)
            if any(part.startswith(".") for part in relative.parts) or path.is_dir():
                continue
            parts = relative.parts
            if parts == (NOTICES_FILE,):
                notices = path
            elif parts == (THEMES_FILE,):
                themes = path
            elif len(parts) == 2 and parts[0] == "areas" and path.suffix == ".md":
                areas.append(path)
            elif len(parts) == 3 and parts[0] == "reports" and path.suffix == ".md":
                reports.append(path)
            else:
                self._error(
                    path,
                    "this file is not part of the content model — areas go in areas/<area>.md, reports in "
                    "reports/<area>/<report>.md, notices in notices.yml, themes in themes.yml; move or delete it",
                )
        return areas, reports, notices, themes

    def _area(self, path: Path) -> Area | None:
        doc = self._parse(path)
        if not self._check_slug(path, "area") or doc is None:
            return None
        area, errors = read_area(doc, path.stem, self.settings)
        self.errors.extend(errors)
        return area

    def _checked_reports(
        self, paths: list[Path], areas: set[str], themes: dict[str, Theme] | None, conditions: Hashable
    ) -> Callable[[], list[PendingReport]]:
        """What gives ``_checked_report`` of every path that gives one, in order."""

        def check(path: Path) -> tuple[PendingReport | None, list[SourceError]]:
            saved, self.errors = self.errors, []
            try:
                return self._checked_report(path, areas, themes, conditions), self.errors
            finally:
                self.errors = saved

        # A report file's own checks need no other report: they may start now, elsewhere too.
        results = self.map_reports(check, paths)

        def checked() -> list[PendingReport]:
            pending = []
            for report, errors in results:
                self.errors.extend(errors)
                if report is not None:
                    pending.append(report)
            return pending

        return checked

    def _checked_report(
        self, path: Path, areas: set[str], themes: dict[str, Theme] | None, conditions: Hashable
    ) -> PendingReport | None:
        """``_read_report``, or what it gave last time for the same parsed file under the same conditions (the
        live preview keeps parsed files between rebuilds: an unchanged report is not checked again)."""
        doc = self._parse(path)
        if doc is not None and doc.checked is not None and doc.checked[0] == conditions:
            _, pending, errors = doc.checked
        else:
            pending, errors = self._read_report(path, doc, areas, themes)
            if doc is not None:
                doc.checked = (conditions, pending, errors)
        self.errors.extend(errors)
        if pending is None:
            return None
        # Cross-referencing adjusts a report's fields: it gets its own copy.
        return PendingReport(pending.doc, dict(pending.fields), list(pending.improvements), list(pending.commitments))

    def _read_report(
        self, path: Path, doc: RawDocument | None, areas: set[str], themes: dict[str, Theme] | None
    ) -> tuple[PendingReport | None, list[SourceError]]:
        saved, self.errors = self.errors, []
        try:
            folder = path.parent.name
            ok = self._check_slug(path, "report")
            if folder not in areas:
                self._error(
                    path,
                    f"the folder reports/{folder}/ names no area — add content/areas/{folder}.md"
                    f"{did_you_mean(folder, areas)}, or move this file into the folder of its area",
                )
                ok = False
            if doc is None or not is_mapping(doc, self.errors) or not ok:
                return None, self.errors
            pending, errors = read_report(doc, folder, path.stem, self.settings, themes)
            self.errors.extend(errors)
            return pending, self.errors
        finally:
            self.errors = saved

    def _check_slug(self, path: Path, kind: str) -> bool:
        if SLUG.match(path.stem):
            return True
        article = "an" if kind[0] in "aeiou" else "a"
        self._error(
            path, f"the file name {path.name!r} is not {article} {kind} slug — rename it to {as_slug(path.stem)}.md"
        )
        return False

    def _parse(self, path: Path) -> RawDocument | None:
        """The parsed file, from the cache when the file has not changed since it was parsed."""
        try:
            stat = None if self.cache is None else path.stat()
        except OSError:  # a broken link: load_markdown reports that it cannot be read
            stat = None
        if self.cache is None or stat is None:
            return load_markdown(path, self._show(path), self.errors)
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = self.cache.get(path)
        if cached is None or cached[0] != stamp:
            errors: list[SourceError] = []
            cached = (stamp, load_markdown(path, self._show(path), errors), errors)
            self.cache[path] = cached
        self.errors.extend(cached[2])
        return cached[1]

    def _error(self, path: Path, message: str) -> None:
        self.errors.append(SourceError(self._show(path), 0, "", message))

    def _show(self, path: Path) -> str:
        text = str(path)
        if text.startswith(self.shown_prefix):
            return Path(text[len(self.shown_prefix) :]).as_posix()
        try:
            return path.relative_to(self.shown_root).as_posix()
        except ValueError:
            return path.as_posix()


def undeclared_themes(reports: dict[str, Report]) -> dict[str, Theme]:
    """Without ``themes.yml`` any slug is a theme (the content model), named by its slug in words."""
    return {
        slug: Theme(slug, slug.replace("-", " ").capitalize())
        for report in reports.values()
        for afi in report.improvements
        for slug in afi.themes
    }
