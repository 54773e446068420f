"""Cross-references between files: ``follows``, ``progress.afi``, ``closes``, ``notice``, cycles.

Resolved only after every file is read, so the order of files on disk never matters. A reference to
a file that exists but could not be read is not reported again: that file's own error is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .anchors import heading_ids
from .errors import SourceError
from .field_errors import did_you_mean
from .frontmatter import UNKNOWN_DATE
from .model import Commitment, Finding, Improvement, Report

if TYPE_CHECKING:
    from .dates import PartialDate
    from .files import RawDocument
    from .model import Notice
    from .reports import PendingReport
    from .settings import Settings

NO_NOTICE = "none"
# A report's fields that its own file gives, as read (``reports.read_report``).
_OWN_FIELDS = (
    "title",
    "type",
    "published",
    "published_written",
    "fieldwork",
    "period",
    "bodies",
    "follows",
    "source",
    "evaluations",
    "grade_summary",
    "strengths",
    "outcomes",
    "next_steps",
    "editor_note",
)


class References:
    """Resolves the references of every report read; ``errors`` collects what does not resolve."""

    def __init__(self, settings: Settings, unread_reports: set[str], *, notices_unread: bool) -> None:
        self.settings = settings
        self.unread_reports = unread_reports
        self.notices_unread = notices_unread
        self.errors: list[SourceError] = []

    def resolve(self, pending: list[PendingReport], notices: dict[str, Notice]) -> dict[str, Report]:
        """The reports whose own fields are complete, with their references resolved."""
        by_id = {p.fields["id"]: p for p in pending}
        self._check_follows(by_id)
        afis = {afi.id: afi for p in pending for afi in p.improvements}
        commitments = {c.id: c for p in pending for c in p.commitments}
        reports: dict[str, Report] = {}
        for p in pending:
            findings = self._findings(p, by_id, afis)
            closes = self._closes(p, by_id, commitments)
            notice = self._notice(p, notices)
            f = p.fields
            if None in (f["title"], f["type"], f["published_written"]):
                continue
            own = {key: f[key] for key in _OWN_FIELDS}
            reports[f["id"]] = Report(
                id=f["id"],
                area=f["area"],
                slug=f["slug"],
                path=p.doc.path,
                improvements=tuple(p.improvements),
                findings=findings,
                commitments=tuple(p.commitments),
                closes=closes,
                notice=notice,
                body=p.doc.body,
                **own,
            )
        return reports

    def _error(self, doc: RawDocument, line: int, key: str, message: str) -> None:
        self.errors.append(SourceError(doc.path, line, key, message))

    def _check_follows(self, by_id: dict[str, PendingReport]) -> None:
        valid: dict[str, tuple[str, ...]] = {}
        for report_id, p in by_id.items():
            kept = []
            for ref, line, key in _places(p, "follows"):
                target = by_id.get(ref)
                if target is None or ref == report_id or _later(target.fields["published"], p.fields["published"]):
                    p.fields["follows_dropped"] = True
                if target is None and ref in self.unread_reports:
                    pass  # the file exists; its own error is reported
                elif target is None:
                    hint = did_you_mean(ref, by_id) or did_you_mean(f"{p.fields['area']}/{ref}", by_id)
                    self._error(p.doc, line, key, f"no report has the id {ref!r}{hint} — write <area>/<report>")
                elif ref == report_id:
                    self._error(p.doc, line, key, "a report cannot follow itself — remove it from follows")
                elif _later(target.fields["published"], p.fields["published"]):
                    self._error(
                        p.doc,
                        line,
                        key,
                        f"{ref} is dated {target.fields['published_written']}, later than this report "
                        f"({p.fields['published_written']}) — a report can only follow an earlier or same-date one",
                    )
                else:
                    if target.fields["published_written"] == UNKNOWN_DATE and p.fields["editor_note"] is None:
                        self._error(
                            p.doc,
                            line,
                            key,
                            f"{ref} is not dated (published: unknown), so nothing shows that this report comes "
                            "after it — give it its date, or say in this report's editor_note how the order is known",
                        )
                    kept.append(ref)
            valid[report_id] = tuple(kept)
        for cycle in _find_cycles(valid):
            p = by_id[cycle[0]]
            self._error(
                p.doc,
                p.doc.line("follows"),
                "follows",
                f"these reports follow each other in a circle: {' -> '.join([*cycle, cycle[0]])} — remove one link",
            )
        for report_id, p in by_id.items():
            p.fields["follows"] = valid[report_id]

    def _findings(
        self, p: PendingReport, by_id: dict[str, PendingReport], afis: dict[str, Improvement]
    ) -> tuple[Finding, ...]:
        doc = p.doc
        items = p.fields["progress"]
        reachable = _reachable(p.fields["id"], by_id)
        # When a follows link of this report (or of one it follows) was dropped, a bare AFI slug cannot be
        # resolved for sure: the follows error is reported, not a second one for each finding.
        unsure = any(by_id[rid].fields.get("follows_dropped") for rid in (p.fields["id"], *reachable))
        anchors = heading_ids(doc.body) if items else {}
        findings: list[Finding] = []
        seen: dict[str, int] = {}
        for key, ref, rating, summary, section in items:
            line, shown = doc.line(*key, "afi"), f"progress[{key[1]}].afi"
            if section is not None and section not in anchors:
                self._error(
                    doc,
                    doc.line(*key, "section"),
                    f"progress[{key[1]}].section",
                    f"no heading in this report's body has the id {section!r}{did_you_mean(section, anchors)} — "
                    "give the heading an id with {#" + section + "} or correct the value",
                )
            afi = (
                None
                if ref is None
                else self._resolve_afi(
                    doc, ref, (line, shown), reachable=reachable, afis=afis, by_id=by_id, unsure=unsure
                )
            )
            if afi is None or rating is None:
                continue
            if afi.id in seen:
                self._error(
                    doc,
                    line,
                    shown,
                    f"this report already gives a finding on {afi.id} (progress[{seen[afi.id]}]) — merge them",
                )
                continue
            seen[afi.id] = key[1]
            if _later(by_id[afi.report].fields["published"], p.fields["published"]):
                self._error(
                    doc,
                    line,
                    shown,
                    f"{afi.id} is defined by a later report — a finding must come from a publication "
                    "not earlier than the report that found the area for improvement",
                )
                continue
            findings.append(Finding(afi.id, p.fields["id"], rating, summary, section))
        return tuple(findings)

    def _resolve_afi(
        self,
        doc: RawDocument,
        ref: str,
        where: tuple[int, str],
        *,
        reachable: list[str],
        afis: dict[str, Improvement],
        by_id: dict[str, PendingReport],
        unsure: bool,
    ) -> Improvement | None:
        line, shown = where
        if "#" in ref:
            if ref in afis:
                return afis[ref]
            if ref.split("#", maxsplit=1)[0] in self.unread_reports:
                return None  # that report's own error is reported
            self._error(
                doc,
                line,
                shown,
                f"no area for improvement has the id {ref!r}{did_you_mean(ref, afis)} "
                "— write the id of an existing one, <area>/<report>#<afi>",
            )
            return None
        candidates = [f"{rid}#{ref}" for rid in reachable if f"{rid}#{ref}" in afis]
        if len(candidates) == 1:
            return afis[candidates[0]]
        if candidates:
            self._error(
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
        if reachable:
            where_text = f"the reports this one follows ({', '.join(reachable)})"
        else:
            where_text = "any report this one follows (it follows none: add `follows`)"
        self._error(
            doc,
            line,
            shown,
            f"no area for improvement {ref!r} is defined in {where_text}{did_you_mean(ref, within)} — check the "
            "spelling, or write the full id <area>/<report>#<afi>",
        )
        return None

    def _closes(
        self, p: PendingReport, by_id: dict[str, PendingReport], commitments: dict[str, Commitment]
    ) -> tuple[str, ...]:
        kept = []
        for ref, line, key in _places(p, "closes"):
            commitment = commitments.get(ref)
            if commitment is None and ref.split("#")[0] in self.unread_reports:
                pass  # that report's own error is reported
            elif commitment is None:
                hint = did_you_mean(ref, commitments)
                self._error(
                    p.doc, line, key, f"no commitment has the id {ref!r}{hint} — write <area>/<report>#<commitment>"
                )
            elif commitment.report == p.fields["id"]:
                self._error(
                    p.doc, line, key, "a publication cannot close its own commitment — remove the commitment instead"
                )
            elif _later(by_id[commitment.report].fields["published"], p.fields["published"]):
                self._error(
                    p.doc,
                    line,
                    key,
                    f"{ref} was made in a later publication — a report can only close commitments of "
                    "earlier or same-date publications",
                )
            else:
                kept.append(ref)
        return tuple(kept)

    def _notice(self, p: PendingReport, notices: dict[str, Notice]) -> str | None:
        value = p.fields["notice"]
        if value is None and "notice" in p.doc.data:
            return None  # refused: its own error is reported
        if value is None:
            value = self.settings.default_notice
            if value is None or value == NO_NOTICE:
                return None
            if value not in notices and not self.notices_unread:
                self._error(
                    p.doc,
                    1,
                    "notice",
                    f"the default notice {value!r} (plugin option default_notice) is not in notices.yml — "
                    "add it there, or give this report `notice: none`",
                )
                return None
            return value
        if value == NO_NOTICE or self.notices_unread:
            return None  # notices.yml has an error of its own
        if value not in notices:
            self._error(
                p.doc,
                p.doc.line("notice"),
                "notice",
                f"no notice {value!r} in notices.yml{did_you_mean(value, notices)} "
                f"— use one of {', '.join(sorted(notices)) or '(none defined)'}, or none",
            )
            return None
        return value


def _places(p: PendingReport, name: str) -> list[tuple[str, int, str]]:
    """Each reference under ``name`` (one id, or a list of them) with its line and key as messages show them."""
    if isinstance(p.doc.data.get(name), list):
        return [(ref, p.doc.line(name, i), f"{name}[{i}]") for i, ref in enumerate(p.fields[name])]
    return [(ref, p.doc.line(name), name) for ref in p.fields[name]]


def _later(a: PartialDate | None, b: PartialDate | None) -> bool:
    """Whether ``a`` is surely later than ``b``; unknown dates are never surely later."""
    return a is not None and b is not None and a.is_later_than(b)


def _reachable(report_id: str, by_id: dict[str, PendingReport]) -> list[str]:
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
