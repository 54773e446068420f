"""Check every content file and build the content model from it.

Every problem in every file is collected (never only the first), each with
its file, line, key and a fix. Cross-references (``follows``, ``progress.afi``,
``closes``, notices, themes) are resolved only after all files are read, so
their order on disk never matters.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .anchors import heading_ids
from .dates import DateFormatError, Duration, PartialDate
from .errors import SourceError
from .files import RawDocument, format_key, load_markdown, load_yaml_file
from .languages import (
    LanguageTagError,
    describe_language,
    suggest_tags,
)
from .model import (
    RAG,
    Area,
    Commitment,
    Content,
    Evaluation,
    Finding,
    Grade,
    Improvement,
    NextStep,
    Notice,
    NoticeText,
    Outcome,
    Report,
    Source,
    Span,
    Theme,
)
from .safe_html import as_browser_reads

if TYPE_CHECKING:
    from collections.abc import Hashable

    from .settings import Settings

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
UNKNOWN_DATE = "unknown"
_LAST_YEAR = 9998  # Python's dates end in 9999, and the calendar feed needs the day after a due date
NO_NOTICE = "none"
NOTICES_FILE = "notices.yml"
# A tag starts "<" + letter, "</", "<!" or "<?" with no space (as in HTML); "a < b" is plain text.
_MARKUP = re.compile(r"</?[A-Za-z!?]|\bjavascript\s*:", re.IGNORECASE)
_BODY_MARKUP = re.compile(r"<(?!https?://|mailto:)/?[A-Za-z!?]")
# A link to a script: inline, ``[text](javascript:...)``, or a reference, ``[name]: javascript:...``. Two
# patterns, because one starts with a literal ``](`` and the other is anchored (``.match``): either is
# scanned far faster than one alternation of both.
_SCRIPT_LINK = re.compile(r"\]\(\s*<?\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
_SCRIPT_REFERENCE = re.compile(r"\s*\[[^\]]+\]:\s*<?\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)  # .match
# Anything a line check below can match holds one of these (entities can spell a script scheme, and a
# scheme ends in a colon); str.find scans for each far faster than a pattern of the alternatives.
_LINE_CHECK_NEEDED = ("<", "{", "&", ":", "![")
# What str.splitlines() ends a line at besides "\n": a body holding one is read line by line.
_OTHER_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_ATTR_LIST = re.compile(r"\{:?[ ]*([^}\n ][^\n]*)[ ]*\}")  # as Python-Markdown's attr_list reads it
_ATTR_KEY = re.compile(r"([^\s=}]+)\s*=")
_ATTR_KEYS_ALLOWED = frozenset({"id", "class", "lang", "dir", "title"})
_FOREIGN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?\s*(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")

AREA_KEYS = ("name", "kind", "council", "health_board", "website")
REPORT_KEYS = (
    "title",
    "type",
    "published",
    "area",
    "fieldwork",
    "period",
    "bodies",
    "follows",
    "source",
    "evaluations",
    "grade_summary",
    "strengths",
    "areas_for_improvement",
    "progress",
    "commitments",
    "closes",
    "outcomes",
    "next_steps",
    "notice",
    "editor_note",
)


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


# path -> ((mtime_ns, size), parsed document or None, the errors parsing it gave)
ParseCache = dict[Path, tuple[tuple[int, int], RawDocument | None, list[SourceError]]]

# Like ``map`` over report files: what checks them, in order (in this process, or shared with others).
ReportMap = Callable[[Callable[[Path], Any], list[Path]], Iterator[Any]]


@dataclass(slots=True)
class _PendingReport:
    """A report read from disk whose references are not resolved yet."""

    doc: RawDocument
    fields: dict[str, Any]
    improvements: list[Improvement] = field(default_factory=list)


class _Checker:
    """One validation run: reads files, collects errors, builds the model."""

    def __init__(self, content_dir: Path, settings: Settings, shown_root: Path, cache: ParseCache | None) -> None:
        self.cache = cache
        self.content_dir = content_dir
        self.settings = settings
        self.shown_root = shown_root
        self.shown_prefix = str(shown_root) + os.sep  # what _show cuts off, without pathlib's cost per file
        self.errors: list[SourceError] = []
        # Reports and notices that exist but could not be read: their own errors are reported, and
        # references to them are not reported again as dangling.
        self.unread_reports: set[str] = set()
        self.notices_unread = False
        self.map_reports: ReportMap = map

    def run(self) -> Content:
        if not self.content_dir.is_dir():
            self.errors.append(SourceError(self._show(self.content_dir), 0, "", "the content folder does not exist"))
            return Content()
        area_files, report_files, notices_file, themes_file = self._survey()
        themes = self._themes(themes_file) if themes_file else None
        # A report's folder is checked against the area files on disk: an area file with a mistake of its own
        # (or a file name to correct, which is reported) still names its area.
        area_slugs = {path.stem for path in area_files} | {_as_slug(path.stem) for path in area_files}
        # What a report file's own checks depend on besides the file: reused while these stay the same.
        conditions = (frozenset(area_slugs), None if themes is None else tuple(themes.items()))
        # Forked processes may start on the report files now, while this one reads the areas.
        check_reports = self._checked_reports(report_files, area_slugs, themes, conditions)
        areas = {area.slug: area for path in area_files if (area := self._area(path))}
        pending = check_reports()
        notices = self._notices(notices_file) if notices_file else {}
        read = {p.fields["id"] for p in pending}
        self.unread_reports = {f"{path.parent.name}/{path.stem}" for path in report_files} - read
        reports = self._resolve_reports(pending, notices)
        if themes is None:
            themes = {
                slug: Theme(slug, slug.replace("-", " ").capitalize())
                for report in reports.values()
                for afi in report.improvements
                for slug in afi.themes
            }
        return Content(
            areas=dict(sorted(areas.items())),
            reports=dict(sorted(reports.items())),
            notices=notices,
            themes=dict(sorted(themes.items())),
        )

    # -- files ------------------------------------------------------------------------------

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
            elif parts == ("themes.yml",):
                themes = path
            elif len(parts) == 2 and parts[0] == "areas" and path.suffix == ".md":
                areas.append(path)
            elif len(parts) == 3 and parts[0] == "reports" and path.suffix == ".md":
                reports.append(path)
            else:
                self._error(
                    path,
                    0,
                    "",
                    "this file is not part of the content model — areas go in areas/<area>.md, reports in "
                    "reports/<area>/<report>.md, notices in notices.yml, themes in themes.yml; move or delete it",
                )
        return areas, reports, notices, themes

    def _area(self, path: Path) -> Area | None:
        slug = path.stem
        doc = self._parse(path)
        if not self._check_slug(path, slug, "area") or doc is None or not self._is_mapping(doc):
            return None
        data = doc.data
        self._unknown_keys(doc, data, AREA_KEYS, ())
        name = self._text(doc, data, "name", required=True)
        website = self._url(doc, data, "website")
        self._body(doc)
        if name is None:
            return None
        return Area(
            slug=slug,
            name=name,
            path=doc.path,
            kind=self._text(doc, data, "kind"),
            council=self._text(doc, data, "council"),
            health_board=self._text(doc, data, "health_board"),
            website=website,
            body=doc.body,
        )

    def _checked_reports(
        self, paths: list[Path], areas: set[str], themes: dict[str, Theme] | None, conditions: Hashable
    ) -> Callable[[], list[_PendingReport]]:
        """What gives ``_checked_report`` of every path that gives one, in order."""

        def check(path: Path) -> tuple[_PendingReport | None, list[SourceError]]:
            with self._errors_apart() as errors:
                return self._checked_report(path, areas, themes, conditions), errors

        # A report file's own checks need no other report: they may start now, elsewhere too.
        results = self.map_reports(check, paths)

        def checked() -> list[_PendingReport]:
            pending = []
            for report, errors in results:
                self.errors.extend(errors)
                if report is not None:
                    pending.append(report)
            return pending

        return checked

    def _checked_report(
        self, path: Path, areas: set[str], themes: dict[str, Theme] | None, conditions: Hashable
    ) -> _PendingReport | None:
        """``_read_report``, or what it gave last time for the same parsed file under the same conditions (the
        live preview keeps parsed files between rebuilds: an unchanged report is not checked again)."""
        doc = self._parse(path)
        if doc is not None and doc.checked is not None and doc.checked[0] == conditions:
            _, pending, errors = doc.checked
        else:
            with self._errors_apart() as errors:
                pending = self._read_report(path, doc, areas, themes)
            if doc is not None:
                doc.checked = (conditions, pending, errors)
        self.errors.extend(errors)
        if pending is None:
            return None
        # Cross-referencing adjusts a report's fields: it gets its own copy.
        return _PendingReport(pending.doc, dict(pending.fields), list(pending.improvements))

    def _read_report(
        self, path: Path, doc: RawDocument | None, areas: set[str], themes: dict[str, Theme] | None
    ) -> _PendingReport | None:
        folder, slug = path.parent.name, path.stem
        ok = self._check_slug(path, slug, "report")
        if folder not in areas:
            hint = _did_you_mean(folder, areas)
            self._error(
                path,
                0,
                "",
                f"the folder reports/{folder}/ names no area — add content/areas/{folder}.md{hint}, "
                "or move this file into the folder of its area",
            )
            ok = False
        if doc is None or not self._is_mapping(doc) or not ok:
            return None
        data = doc.data
        self._unknown_keys(doc, data, REPORT_KEYS, ())
        fields: dict[str, Any] = {"slug": slug, "area": folder, "id": f"{folder}/{slug}"}
        area = self._text(doc, data, "area")
        if area is not None and area != folder:
            self._error(
                path,
                doc.line("area"),
                "area",
                f"this report is in the folder reports/{folder}/ but says area {area!r} — "
                f"move the file to reports/{area}/ or correct the key",
            )
        fields["title"] = self._text(doc, data, "title", required=True)
        fields["type"] = self._choice(doc, data, "type", self.settings.report_types, required=True)
        fields["published"], fields["published_written"] = self._published(doc, data)
        fields["fieldwork"] = self._span(doc, data, "fieldwork")
        fields["period"] = self._span(doc, data, "period")
        fields["bodies"] = tuple(self._text_list(doc, data, "bodies"))
        fields["strengths"] = tuple(self._text_list(doc, data, "strengths"))
        fields["source"] = self._source(doc, data)
        fields["evaluations"] = self._evaluations(doc, data)
        fields["grade_summary"] = self._grade_summary(doc, data)
        fields["outcomes"] = self._outcomes(doc, data)
        fields["next_steps"] = self._next_steps(doc, data)
        fields["follows"] = self._ref_list(doc, data, "follows")
        fields["closes"] = self._ref_list(doc, data, "closes")
        fields["notice"] = data.get("notice")
        fields["editor_note"] = self._text(doc, data, "editor_note")
        self._body(doc)
        pending = _PendingReport(doc, fields)
        pending.improvements = self._improvements(doc, data, fields, themes)
        return pending

    # -- cross-references -------------------------------------------------------------------

    def _resolve_reports(self, pending: list[_PendingReport], notices: dict[str, Notice]) -> dict[str, Report]:
        by_id = {p.fields["id"]: p for p in pending}
        self._check_follows(by_id)
        afis = {afi.id: afi for p in pending for afi in p.improvements}
        commitments: dict[str, Commitment] = {}
        made_in: dict[str, list[Commitment]] = {}  # report id -> its commitments (a lookup, not a scan per report)
        for p in pending:
            for commitment in self._commitments(p):
                commitments[commitment.id] = commitment
                made_in.setdefault(commitment.report, []).append(commitment)
        reports: dict[str, Report] = {}
        for p in pending:
            findings = self._findings(p, by_id, afis)
            closes = self._closes(p, by_id, commitments)
            notice = self._notice(p, notices)
            f = p.fields
            if None in (f["title"], f["type"], f["published_written"]):
                continue
            reports[f["id"]] = Report(
                id=f["id"],
                area=f["area"],
                slug=f["slug"],
                path=p.doc.path,
                title=f["title"],
                type=f["type"],
                published=f["published"],
                published_written=f["published_written"],
                fieldwork=f["fieldwork"],
                period=f["period"],
                bodies=f["bodies"],
                follows=f["follows"],
                source=f["source"],
                evaluations=f["evaluations"],
                grade_summary=f["grade_summary"],
                strengths=f["strengths"],
                improvements=tuple(p.improvements),
                findings=findings,
                commitments=tuple(made_in.get(f["id"], ())),
                closes=closes,
                outcomes=f["outcomes"],
                next_steps=f["next_steps"],
                notice=notice,
                body=p.doc.body,
                editor_note=f["editor_note"],
            )
        return reports

    def _check_follows(self, by_id: dict[str, _PendingReport]) -> None:
        valid: dict[str, tuple[str, ...]] = {}
        for report_id, p in by_id.items():
            kept = []
            for index, ref in enumerate(p.fields["follows"]):
                line = (
                    p.doc.line("follows", index)
                    if isinstance(p.doc.data.get("follows"), list)
                    else p.doc.line("follows")
                )
                key = f"follows[{index}]" if isinstance(p.doc.data.get("follows"), list) else "follows"
                target = by_id.get(ref)
                if target is None or ref == report_id or _later(target.fields["published"], p.fields["published"]):
                    p.fields["follows_dropped"] = True
                if target is None and ref in self.unread_reports:
                    pass  # the file exists; its own error is reported
                elif target is None:
                    hint = _did_you_mean(ref, by_id) or _did_you_mean(f"{p.fields['area']}/{ref}", by_id)
                    self._error_at(p.doc, line, key, f"no report has the id {ref!r}{hint} — write <area>/<report>")
                elif ref == report_id:
                    self._error_at(p.doc, line, key, "a report cannot follow itself — remove it from follows")
                elif _later(target.fields["published"], p.fields["published"]):
                    self._error_at(
                        p.doc,
                        line,
                        key,
                        f"{ref} is dated {target.fields['published_written']}, later than this report "
                        f"({p.fields['published_written']}) — a report can only follow an earlier or same-date one",
                    )
                else:
                    kept.append(ref)
            valid[report_id] = tuple(kept)
        for cycle in _find_cycles(valid):
            p = by_id[cycle[0]]
            self._error_at(
                p.doc,
                p.doc.line("follows"),
                "follows",
                f"these reports follow each other in a circle: {' -> '.join([*cycle, cycle[0]])} — remove one link",
            )
        for report_id, p in by_id.items():
            p.fields["follows"] = valid[report_id]

    def _findings(
        self, p: _PendingReport, by_id: dict[str, _PendingReport], afis: dict[str, Improvement]
    ) -> tuple[Finding, ...]:
        doc, data = p.doc, p.doc.data
        items = self._list_of_mappings(doc, data, "progress", ("afi", "rating", "summary", "section"))
        reachable = _reachable(p.fields["id"], by_id)
        # When a follows link of this report (or of one it follows) was dropped, a bare AFI slug cannot be
        # resolved for sure: the follows error is reported, not a second one for each finding.
        unsure = any(by_id[rid].fields.get("follows_dropped") for rid in (p.fields["id"], *reachable))
        anchors = heading_ids(doc.body) if items else {}
        findings: list[Finding] = []
        seen: dict[str, int] = {}
        for index, item in items:
            key = ("progress", index)
            rating = self._choice(doc, item, "rating", self.settings.ratings, required=True, path=key)
            summary = self._text(doc, item, "summary", path=key)
            section = self._text(doc, item, "section", path=key)
            if section is not None and section not in anchors:
                hint = _did_you_mean(section, anchors)
                self._error_at(
                    doc,
                    doc.line(*key, "section"),
                    format_key((*key, "section")),
                    f"no heading in this report's body has the id {section!r}{hint} — "
                    "give the heading an id with {#" + section + "} or correct the value",
                )
            afi = self._resolve_afi(doc, item, key, reachable, afis, by_id=by_id, unsure=unsure)
            if afi is None or rating is None:
                continue
            if afi.id in seen:
                self._error_at(
                    doc,
                    doc.line(*key, "afi"),
                    format_key((*key, "afi")),
                    f"this report already gives a finding on {afi.id} (progress[{seen[afi.id]}]) — merge them",
                )
                continue
            seen[afi.id] = index
            defining = by_id[afi.report].fields["published"]
            if _later(defining, p.fields["published"]):
                self._error_at(
                    doc,
                    doc.line(*key, "afi"),
                    format_key((*key, "afi")),
                    f"{afi.id} is defined by a later report — a finding must come from a publication "
                    "not earlier than the report that found the area for improvement",
                )
                continue
            findings.append(Finding(afi.id, p.fields["id"], rating, summary, section))
        return tuple(findings)

    def _resolve_afi(
        self,
        doc: RawDocument,
        item: dict[str, Any],
        key: tuple[str | int, ...],
        reachable: list[str],
        afis: dict[str, Improvement],
        *,
        by_id: dict[str, _PendingReport],
        unsure: bool = False,
    ) -> Improvement | None:
        ref = self._text(doc, item, "afi", required=True, path=key)
        if ref is None:
            return None
        line, shown = doc.line(*key, "afi"), format_key((*key, "afi"))
        if "#" in ref:
            if ref in afis:
                return afis[ref]
            if ref.split("#")[0] in self.unread_reports:
                return None  # that report's own error is reported
            hint = _did_you_mean(ref, afis)
            self._error_at(
                doc,
                line,
                shown,
                f"no area for improvement has the id {ref!r}{hint} "
                "— write the id of an existing one, <area>/<report>#<afi>",
            )
            return None
        candidates = [f"{rid}#{ref}" for rid in reachable if f"{rid}#{ref}" in afis]
        if len(candidates) == 1:
            return afis[candidates[0]]
        if candidates:
            self._error_at(
                doc,
                line,
                shown,
                f"{ref!r} is ambiguous: it is defined by {', '.join(c.split('#')[0] for c in candidates)} — "
                f"write the full id, e.g. {candidates[0]!r}",
            )
            return None
        if unsure:
            return None
        within = [afi.slug for rid in reachable for afi in by_id[rid].improvements]
        hint = _did_you_mean(ref, within)
        if reachable:
            where = f"the reports this one follows ({', '.join(reachable)})"
        else:
            where = "any report this one follows (it follows none: add `follows`)"
        self._error_at(
            doc,
            line,
            shown,
            f"no area for improvement {ref!r} is defined in {where}{hint} — check the spelling, "
            "or write the full id <area>/<report>#<afi>",
        )
        return None

    def _commitments(self, p: _PendingReport) -> list[Commitment]:
        doc, data, f = p.doc, p.doc.data, p.fields
        result: list[Commitment] = []
        seen: set[str] = set()
        for index, item in self._list_of_mappings(doc, data, "commitments", ("id", "text", "type", "due")):
            key = ("commitments", index)
            slug = self._slug_value(doc, item, "id", key, seen)
            text = self._text(doc, item, "text", required=True, path=key)
            kind = self._choice(doc, item, "type", self.settings.report_types, required=True, path=key)
            due, written = self._due(doc, item, key, f["published"], unknown=f["published_written"] == UNKNOWN_DATE)
            if slug and text and kind:
                result.append(Commitment(f"{f['id']}#{slug}", slug, f["id"], f["area"], text, kind, due, written))
        return result

    def _closes(
        self, p: _PendingReport, by_id: dict[str, _PendingReport], commitments: dict[str, Commitment]
    ) -> tuple[str, ...]:
        kept = []
        for index, ref in enumerate(p.fields["closes"]):
            as_list = isinstance(p.doc.data.get("closes"), list)
            line = p.doc.line("closes", index) if as_list else p.doc.line("closes")
            key = f"closes[{index}]" if as_list else "closes"
            commitment = commitments.get(ref)
            if commitment is None and ref.split("#")[0] in self.unread_reports:
                pass  # that report's own error is reported
            elif commitment is None:
                hint = _did_you_mean(ref, commitments)
                self._error_at(
                    p.doc, line, key, f"no commitment has the id {ref!r}{hint} — write <area>/<report>#<commitment>"
                )
            elif commitment.report == p.fields["id"]:
                self._error_at(
                    p.doc, line, key, "a publication cannot close its own commitment — remove the commitment instead"
                )
            elif _later(by_id[commitment.report].fields["published"], p.fields["published"]):
                self._error_at(
                    p.doc,
                    line,
                    key,
                    f"{ref} was made in a later publication — a report can only close commitments of "
                    "earlier or same-date publications",
                )
            else:
                kept.append(ref)
        return tuple(kept)

    def _notice(self, p: _PendingReport, notices: dict[str, Notice]) -> str | None:
        value = p.fields["notice"]
        if value is None:
            value = self.settings.default_notice
            if value is None or value == NO_NOTICE:
                return None
            if value not in notices and not self.notices_unread:
                self._error_at(
                    p.doc,
                    1,
                    "notice",
                    f"the default notice {value!r} (plugin option default_notice) is not in notices.yml — "
                    "add it there, or give this report `notice: none`",
                )
                return None
            return value
        if value == NO_NOTICE:
            return None
        if self.notices_unread and isinstance(value, str):
            return None  # notices.yml has an error of its own
        if not isinstance(value, str) or value not in notices:
            hint = _did_you_mean(str(value), notices)
            self._error_at(
                p.doc,
                p.doc.line("notice"),
                "notice",
                f"no notice {value!r} in notices.yml{hint} "
                f"— use one of {', '.join(sorted(notices)) or '(none defined)'}, or none",
            )
            return None
        return value

    # -- report parts -----------------------------------------------------------------------

    def _improvements(
        self, doc: RawDocument, data: dict[str, Any], fields: dict[str, Any], themes: dict[str, Theme] | None
    ) -> list[Improvement]:
        result: list[Improvement] = []
        seen: set[str] = set()
        afi_keys = ("id", "text", "themes", "title")
        for index, item in self._list_of_mappings(doc, data, "areas_for_improvement", afi_keys):
            key = ("areas_for_improvement", index)
            slug = self._slug_value(doc, item, "id", key, seen)
            text = self._text(doc, item, "text", required=True, path=key)
            theme_slugs = self._themes_of(doc, item, key, themes)
            title = self._text(doc, item, "title", path=key)
            if slug and text:
                result.append(
                    Improvement(f"{fields['id']}#{slug}", slug, fields["id"], fields["area"], text, theme_slugs, title)
                )
        return result

    def _themes_of(
        self, doc: RawDocument, item: dict[str, Any], key: tuple[str | int, ...], themes: dict[str, Theme] | None
    ) -> tuple[str, ...]:
        values = self._text_list(doc, item, "themes", path=key)
        kept = []
        for index, value in enumerate(values):
            line, shown = doc.line(*key, "themes", index), format_key((*key, "themes", index))
            if not SLUG.match(value):
                self._error_at(doc, line, shown, f"{value!r} is not a theme id — use lowercase words joined by hyphens")
            elif themes is not None and value not in themes:
                hint = _did_you_mean(value, themes)
                self._error_at(
                    doc,
                    line,
                    shown,
                    f"the theme {value!r} is not declared in themes.yml{hint} — declare it there or correct it",
                )
            else:
                kept.append(value)
        return tuple(dict.fromkeys(kept))

    def _evaluations(self, doc: RawDocument, data: dict[str, Any]) -> tuple[Evaluation, ...]:
        result = []
        for index, item in self._list_of_mappings(doc, data, "evaluations", ("indicator", "grade")):
            key = ("evaluations", index)
            indicator = self._text(doc, item, "indicator", required=True, path=key)
            grade = self._choice(doc, item, "grade", [g.value for g in Grade], required=True, path=key)
            if indicator and grade:
                result.append(Evaluation(indicator, Grade(grade)))
        return tuple(result)

    def _grade_summary(self, doc: RawDocument, data: dict[str, Any]) -> tuple[tuple[Grade, int], ...]:
        value = data.get("grade_summary")
        if value is None:
            return ()
        if not isinstance(value, dict):
            self._error_at(
                doc,
                doc.line("grade_summary"),
                "grade_summary",
                "expected grade: count pairs, e.g. {adequate: 5, weak: 4}",
            )
            return ()
        if data.get("evaluations"):
            self._error_at(
                doc,
                doc.line("grade_summary"),
                "grade_summary",
                "give either `evaluations` (each indicator with its grade) or `grade_summary` (counts only), not both",
            )
        result = []
        for grade, count in value.items():
            line, shown = doc.line("grade_summary", grade), f"grade_summary.{grade}"
            if grade not in {g.value for g in Grade}:
                hint = _did_you_mean(grade, [g.value for g in Grade])
                self._error_at(
                    doc, line, shown, f"{grade!r} is not a grade{hint} — use one of {', '.join(g.value for g in Grade)}"
                )
            elif not isinstance(count, int) or isinstance(count, bool) or count < 1:
                self._error_at(
                    doc,
                    line,
                    shown,
                    f"expected a whole number of indicators (1 or more), got {count!r} — write the count",
                )
            else:
                result.append((Grade(grade), count))
        return tuple(sorted(result, key=lambda pair: -pair[0].score))

    def _outcomes(self, doc: RawDocument, data: dict[str, Any]) -> tuple[Outcome, ...]:
        result = []
        for index, item in self._list_of_mappings(doc, data, "outcomes", ("text", "rag")):
            key = ("outcomes", index)
            text = self._text(doc, item, "text", required=True, path=key)
            rag = self._choice(doc, item, "rag", [r.value for r in RAG], path=key)
            if text:
                result.append(Outcome(text, RAG(rag) if rag else None))
        return tuple(result)

    def _next_steps(self, doc: RawDocument, data: dict[str, Any]) -> tuple[NextStep, ...]:
        result = []
        seen: set[str] = set()
        for index, item in self._list_of_mappings(
            doc, data, "next_steps", ("id", "text", "comment", "due", "due_text")
        ):
            key = ("next_steps", index)
            slug = self._slug_value(doc, item, "id", key, seen)
            text = self._text(doc, item, "text", required=True, path=key)
            due = self._date(doc, item, "due", path=key)
            if slug and text:
                result.append(
                    NextStep(
                        slug,
                        text,
                        self._text(doc, item, "comment", path=key),
                        due,
                        self._text(doc, item, "due_text", path=key),
                    )
                )
        return tuple(result)

    def _published(self, doc: RawDocument, data: dict[str, Any]) -> tuple[PartialDate | None, str | None]:
        if data.get("published") == UNKNOWN_DATE:
            return None, UNKNOWN_DATE
        if "published" not in data:
            self._error_at(
                doc,
                1,
                "published",
                "this key is required — write the publication date (YYYY, YYYY-MM or YYYY-MM-DD), or unknown",
            )
            return None, None
        date = self._date(doc, data, "published")
        return date, (date.isoformat() if date else None)

    def _due(
        self,
        doc: RawDocument,
        item: dict[str, Any],
        key: tuple[str | int, ...],
        published: PartialDate | None,
        *,
        unknown: bool = True,
    ) -> tuple[PartialDate | None, str | None]:
        value = item.get("due")
        if value is None:
            return None, None
        line, shown = doc.line(*key, "due"), format_key((*key, "due"))
        text = _date_text(value)
        if text is None:
            self._error_at(
                doc,
                line,
                shown,
                f"expected a date or a duration such as '12 months', got {value!r} — write one of those",
            )
            return None, None
        try:
            date = PartialDate.parse(text)
        except DateFormatError as date_error:
            if text[:1].isdigit() and "-" in text:
                self._error_at(doc, line, shown, str(date_error))
                return None, None
        else:
            if not 1 <= date.year <= _LAST_YEAR:
                self._error_at(doc, line, shown, _out_of_range(text))
                return None, None
            return date, text
        try:
            duration = Duration.parse(text)
        except DateFormatError as error:
            self._error_at(doc, line, shown, str(error))
            return None, None
        if published is None:
            if not unknown:
                return None, None  # `published` is missing or wrong: its own error is reported
            self._error_at(
                doc,
                line,
                shown,
                "a duration needs a dated publication — give `published` a date, or write the due date itself",
            )
            return None, None
        try:
            due = published.plus(duration)
        except DateFormatError as error:
            self._error_at(doc, line, shown, str(error))
            return None, None
        if not 1 <= due.year <= _LAST_YEAR:
            self._error_at(
                doc, line, shown, f"{text} after {published} is after the year {_LAST_YEAR} — write a shorter duration"
            )
            return None, None
        return due, text

    def _span(self, doc: RawDocument, data: dict[str, Any], name: str) -> Span | None:
        value = data.get(name)
        if value is None:
            return None
        if not isinstance(value, dict):
            self._error_at(doc, doc.line(name), name, "expected {start: DATE, end: DATE}")
            return None
        self._unknown_keys(doc, value, ("start", "end"), (name,))
        start = self._date(doc, value, "start", required=True, path=(name,))
        end = self._date(doc, value, "end", path=(name,))
        if start and end and start.is_later_than(end):
            self._error_at(
                doc, doc.line(name, "end"), f"{name}.end", f"the end ({end}) is before the start ({start}) — swap them"
            )
        return Span(start, end) if start else None

    def _source(self, doc: RawDocument, data: dict[str, Any]) -> Source | None:
        value = data.get("source")
        if value is None:
            return None
        if not isinstance(value, dict):
            self._error_at(doc, doc.line("source"), "source", "expected {url: https://..., format: PDF}")
            return None
        self._unknown_keys(doc, value, ("url", "format"), ("source",))
        url = self._url(doc, value, "url", required=True, path=("source",))
        fmt = self._text(doc, value, "format", path=("source",))
        return Source(url, fmt) if url else None

    def _body(self, doc: RawDocument) -> None:
        """Bodies are Markdown only: raw HTML and script links are refused, not passed through."""
        if doc.body_errors is None:
            with self._errors_apart() as doc.body_errors:
                self._check_body(doc)
        self.errors.extend(doc.body_errors)

    def _check_body(self, doc: RawDocument) -> None:
        for offset, line in _lines_to_check(doc.body):
            visible = _CODE_SPAN.sub("", line) if "`" in line else line
            number = doc.body_line + offset
            if "<" in visible and _BODY_MARKUP.search(visible):
                self._error_at(
                    doc,
                    number,
                    "body",
                    "raw HTML is not allowed in the body — use Markdown (**bold**, footnotes [^1], "
                    "links [text](https://...)) or put code in `backticks`",
                )
            # What a browser reads can only differ where an entity or a tab stands; links need "]", images "![".
            read = as_browser_reads(visible) if "&" in visible or "\t" in visible else visible
            if "]" in read and (_script_link(visible) or (read is not visible and _script_link(read))):
                self._error_at(
                    doc,
                    number,
                    "body",
                    "links must go to http(s), mailto or a page of this site, not a script — change or remove the link",
                )
            if "![" in read and _FOREIGN_IMAGE.search(read):
                self._error_at(
                    doc,
                    number,
                    "body",
                    "images from other sites are not allowed — every reader's browser would fetch them from that site",
                )
            for attr_list in _ATTR_LIST.finditer(visible) if "{" in visible else ():
                keys = sorted({k for k in _ATTR_KEY.findall(attr_list.group(1)) if k.lower() not in _ATTR_KEYS_ALLOWED})
                if keys:
                    self._error_at(
                        doc,
                        number,
                        "body",
                        f"{{: ...}} may only give an id, classes, lang, dir or title ({{#id .class lang=gd}}), "
                        f"not {', '.join(keys)}",
                    )

    # -- notices and themes -----------------------------------------------------------------

    def _notices(self, path: Path) -> dict[str, Notice]:
        doc = load_yaml_file(path, self._show(path), self.errors)
        if doc is None or not self._is_mapping(doc, "notice ids, each mapping language tags to texts"):
            self.notices_unread = True
            return {}
        notices = {}
        for notice_id, texts in doc.data.items():
            line = doc.line(notice_id)
            if not SLUG.match(notice_id):
                self._error_at(
                    doc, line, notice_id, "a notice id must be a slug — use lowercase words joined by hyphens"
                )
                continue
            if not isinstance(texts, dict) or not texts:
                self._error_at(doc, line, notice_id, "expected language tags mapped to texts, e.g. en: ..., gd: ...")
                continue
            if "en" not in texts:
                self._error_at(doc, line, notice_id, "every notice needs its English text first — add `en: ...`")
            entries = []
            for tag in texts:
                shown, tag_line = f"{notice_id}.{tag}", doc.line(notice_id, tag)
                try:
                    describe_language(tag)
                except LanguageTagError as error:
                    problem, _, fix = str(error).partition(" — ")
                    hint = suggest_tags(tag)
                    self._error_at(doc, tag_line, shown, f"{problem}{hint} — {fix}")
                    continue
                checked = self._text(doc, texts, tag, required=True, path=(notice_id,))
                if checked:
                    entries.append(NoticeText(tag, checked))
            entries.sort(key=lambda entry: entry.lang != "en")
            notices[notice_id] = Notice(notice_id, tuple(entries))
        return dict(sorted(notices.items()))

    def _themes(self, path: Path) -> dict[str, Theme] | None:
        """The declared themes; None when the file cannot be read (its error is reported, references are not)."""
        doc = load_yaml_file(path, self._show(path), self.errors)
        if doc is None or not self._is_mapping(doc, "theme ids, each with a name and a description"):
            return None
        themes = {}
        for slug, value in doc.data.items():
            if not SLUG.match(slug):
                self._error_at(
                    doc, doc.line(slug), slug, "a theme id must be a slug — use lowercase words joined by hyphens"
                )
                continue
            if not isinstance(value, dict):
                self._error_at(doc, doc.line(slug), slug, "expected {name: ..., description: ...}")
                continue
            self._unknown_keys(doc, value, ("name", "description"), (slug,))
            name = self._text(doc, value, "name", required=True, path=(slug,))
            if name:
                themes[slug] = Theme(slug, name, self._text(doc, value, "description", path=(slug,)))
        return themes

    # -- field helpers ----------------------------------------------------------------------

    def _text(
        self,
        doc: RawDocument,
        data: dict[str, Any],
        name: str,
        *,
        required: bool = False,
        path: tuple[str | int, ...] = (),
    ) -> str | None:
        value = data.get(name)
        if value is None:
            if required:
                shown = format_key((*path, name))
                self._error_at(doc, doc.line(*path), shown, "this key is required and is missing or empty — add it")
            return None
        # The line and the key are looked up only for an error: most text is fine.
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            problem = f"expected text, got {_describe(value)} — put the text in double quotes"
        elif not (text := str(value).strip()):
            if not required:
                return None
            problem = "this key is required and is empty — add its text"
        elif _MARKUP.search(text):
            problem = "text fields are plain text — remove the HTML or script (<...>, javascript:)"
        else:
            return text
        self._error_at(doc, doc.line(*path, name), format_key((*path, name)), problem)
        return None

    def _text_list(
        self, doc: RawDocument, data: dict[str, Any], name: str, path: tuple[str | int, ...] = ()
    ) -> list[str]:
        value = data.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self._error_at(
                doc,
                doc.line(*path, name),
                format_key((*path, name)),
                f"expected a list, got {_describe(value)} — put each item on its own line starting '- '",
            )
            return []
        holder = dict(enumerate(value))
        return [t for index in holder if (t := self._text(doc, holder, index, required=True, path=(*path, name)))]  # type: ignore[arg-type]

    def _choice(
        self,
        doc: RawDocument,
        data: dict[str, Any],
        name: str,
        allowed: tuple[str, ...] | list[str],
        *,
        required: bool = False,
        path: tuple[str | int, ...] = (),
    ) -> str | None:
        value = self._text(doc, data, name, required=required, path=path)
        if value is None or value in allowed:
            return value
        hint = _did_you_mean(value, allowed)
        self._error_at(
            doc,
            doc.line(*path, name),
            format_key((*path, name)),
            f"{value!r} is not allowed{hint} — use one of {', '.join(allowed)}",
        )
        return None

    def _date(
        self,
        doc: RawDocument,
        data: dict[str, Any],
        name: str,
        *,
        required: bool = False,
        path: tuple[str | int, ...] = (),
    ) -> PartialDate | None:
        value = data.get(name)
        if value is None:
            if required:
                shown = format_key((*path, name))
                self._error_at(
                    doc, doc.line(*path), shown, "this key is required — write a date (YYYY, YYYY-MM or YYYY-MM-DD)"
                )
            return None
        text = _date_text(value)
        if text is None:
            problem = f"expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got {_describe(value)}"
        else:
            try:
                date = PartialDate.parse(text)
            except DateFormatError as error:
                problem = str(error)
            else:
                if 1 <= date.year <= _LAST_YEAR:
                    return date
                problem = _out_of_range(text)
        self._error_at(doc, doc.line(*path, name), format_key((*path, name)), problem)
        return None

    def _url(
        self,
        doc: RawDocument,
        data: dict[str, Any],
        name: str,
        *,
        required: bool = False,
        path: tuple[str | int, ...] = (),
    ) -> str | None:
        value = data.get(name)
        if value is None and not required:
            return None
        if isinstance(value, str) and re.match(r"^https?://[^\s<>\"']+$", value.strip()):
            return value.strip()
        line, shown = doc.line(*path, name), format_key((*path, name))
        if value is None:
            self._error_at(doc, doc.line(*path), shown, "this key is required — add the address (https://...)")
        else:
            self._error_at(
                doc,
                line,
                shown,
                f"expected an absolute http(s) address, got {value!r} — write the full address, such as https://example.org/",
            )
        return None

    def _ref_list(self, doc: RawDocument, data: dict[str, Any], name: str) -> tuple[str, ...]:
        value = data.get(name)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value.strip(),)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(v.strip() for v in value)
        self._error_at(doc, doc.line(name), name, "expected an id or a list of ids")
        return ()

    def _slug_value(
        self, doc: RawDocument, item: dict[str, Any], name: str, key: tuple[str | int, ...], seen: set[str]
    ) -> str | None:
        value = self._text(doc, item, name, required=True, path=key)
        if value is None:
            return None
        if not SLUG.match(value):
            suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
            problem = f"{value!r} is not a slug — use lowercase letters, digits and single hyphens, e.g. {suggestion!r}"
        elif value in seen:
            problem = f"the id {value!r} is used twice in this report — make each id unique"
        else:
            seen.add(value)
            return value
        self._error_at(doc, doc.line(*key, name), format_key((*key, name)), problem)
        return None

    def _list_of_mappings(
        self, doc: RawDocument, data: dict[str, Any], name: str, keys: tuple[str, ...]
    ) -> list[tuple[int, dict[str, Any]]]:
        value = data.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self._error_at(
                doc,
                doc.line(name),
                name,
                f"expected a list of entries, got {_describe(value)} — start each entry on its own line with '- '",
            )
            return []
        result = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self._error_at(
                    doc,
                    doc.line(name, index),
                    f"{name}[{index}]",
                    f"expected an entry with keys {', '.join(keys)}, got {_describe(item)} "
                    "— write the entry as key: value lines",
                )
                continue
            self._unknown_keys(doc, item, keys, (name, index))
            result.append((index, item))
        return result

    def _unknown_keys(
        self, doc: RawDocument, data: dict[str, Any], allowed: tuple[str, ...], path: tuple[str | int, ...]
    ) -> None:
        for key in data:
            if key not in allowed:
                hint = _did_you_mean(key, allowed)
                self._error_at(
                    doc,
                    doc.line(*path, key),
                    format_key((*path, key)),
                    f"unknown key{hint} — the keys allowed here are {', '.join(allowed)}",
                )

    def _is_mapping(self, doc: RawDocument, what: str = "keys and values") -> bool:
        if isinstance(doc.data, dict):
            return True
        self._error_at(
            doc, doc.line(), "", f"expected {what}, got {_describe(doc.data)} — write them as key: value lines"
        )
        return False

    def _check_slug(self, path: Path, slug: str, kind: str) -> bool:
        if SLUG.match(slug):
            return True
        article = "an" if kind[0] in "aeiou" else "a"
        self._error(
            path, 0, "", f"the file name {path.name!r} is not {article} {kind} slug — rename it to {_as_slug(slug)}.md"
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

    def _error(self, path: Path, line: int, key: str, message: str) -> None:
        self.errors.append(SourceError(self._show(path), line, key, message))

    @contextmanager
    def _errors_apart(self) -> Iterator[list[SourceError]]:
        """The errors found inside, kept in their own list (for a file's results to be kept) and not added to
        this run's: the caller adds them."""
        saved, self.errors = self.errors, []
        try:
            yield self.errors
        finally:
            self.errors = saved

    def _error_at(self, doc: RawDocument, line: int, key: str, message: str) -> None:
        self.errors.append(SourceError(doc.path, line, key, message))

    def _show(self, path: Path) -> str:
        text = str(path)
        if text.startswith(self.shown_prefix):
            return Path(text[len(self.shown_prefix) :]).as_posix()
        try:
            return path.relative_to(self.shown_root).as_posix()
        except ValueError:
            return path.as_posix()


def _date_text(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value).strip()


def _as_slug(name: str) -> str:
    """The slug a file name most likely means: ``North Ayrshire`` -> ``north-ayrshire``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _out_of_range(text: str) -> str:
    return f"{text!r} is out of range — write a year from 0001 to {_LAST_YEAR}"


def _later(a: PartialDate | None, b: PartialDate | None) -> bool:
    """Whether ``a`` is surely later than ``b``; unknown dates are never surely later."""
    return a is not None and b is not None and a.is_later_than(b)


def _reachable(report_id: str, by_id: dict[str, _PendingReport]) -> list[str]:
    """Every report reached through ``follows``, transitively, each once, nearest first."""
    seen: dict[str, None] = {}
    queue = list(by_id[report_id].fields["follows"])
    while queue:
        current = queue.pop(0)
        if current in seen or current == report_id or current not in by_id:
            continue
        seen[current] = None
        queue.extend(by_id[current].fields["follows"])
    return list(seen)


def _find_cycles(follows: dict[str, tuple[str, ...]]) -> list[list[str]]:
    """Each circle of ``follows`` once, starting at its smallest id (one iterative depth-first pass)."""
    on_path: dict[str, int] = {}  # node -> its index in path
    finished: set[str] = set()
    cycles: list[list[str]] = []
    for root in sorted(follows):
        if root in finished:
            continue
        path = [root]
        on_path[root] = 0
        stack = [iter(follows.get(root, ()))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                node = path.pop()
                del on_path[node]
                finished.add(node)
            elif nxt in on_path:
                cycle = path[on_path[nxt] :]
                turn = cycle.index(min(cycle))
                cycles.append(cycle[turn:] + cycle[:turn])
            elif nxt not in finished:
                on_path[nxt] = len(path)
                path.append(nxt)
                stack.append(iter(follows.get(nxt, ())))
    return sorted(cycles)


def _did_you_mean(value: str, candidates: object) -> str:
    matches = difflib.get_close_matches(value, [str(c) for c in candidates], n=1, cutoff=0.6)  # type: ignore[attr-defined]
    return f" (did you mean {matches[0]!r}?)" if matches else ""


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no values must be quoted to be text)"
    if isinstance(value, dict):
        return "a set of keys"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _script_link(line: str) -> bool:
    return bool(_SCRIPT_LINK.search(line) or _SCRIPT_REFERENCE.match(line))


def _lines_to_check(body: str) -> Iterator[tuple[int, str]]:
    """The lines of a body (0-based number, text) that a body check could match: outside fenced and
    indented code, holding a character one of them looks for."""
    if "```" not in body and "~~~" not in body and not any(brk in body for brk in _OTHER_LINE_BREAKS):
        # No fence can open: visit only the lines where a character the checks look for stands.
        starts = set()
        for needle in _LINE_CHECK_NEEDED:
            at = body.find(needle)
            while at >= 0:
                starts.add(body.rfind("\n", 0, at) + 1)
                end = body.find("\n", at)  # this line is checked already: go on from the next
                at = -1 if end < 0 else body.find(needle, end)
        number, counted = 0, 0
        for start in sorted(starts):
            number += body.count("\n", counted, start)
            counted = start
            end = body.find("\n", start)
            line = body[start:] if end < 0 else body[start:end]
            if not line.startswith(("    ", "\t")):
                yield number, line
        return
    fence = None
    for offset, line in enumerate(body.splitlines()):
        fenced = _FENCE.match(line)
        if fenced:
            fence = None if fence and fenced.group(1).startswith(fence) else (fence or fenced.group(1)[0] * 3)
            continue
        if not fence and not line.startswith(("    ", "\t")) and any(needle in line for needle in _LINE_CHECK_NEEDED):
            yield offset, line
