"""The draft as a report file: front matter with a ``# check:`` comment on every doubtful value, and a Markdown body."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from .blocks import HEADING, ITEM, PARA, ROW, Block

if TYPE_CHECKING:
    from .draft import Draft, Found

CHECK = "# check: "
_LIST_START = re.compile(r"^(\d+)([.)])(\s)")


def render(draft: Draft) -> str:
    """The whole file."""
    return "---\n" + "\n".join(front_matter(draft)) + "\n---\n" + body(draft)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _comment(found: Found[Any]) -> str:
    if found.check:
        return f"  {CHECK}{_one_line(found.check)}"
    return f"  # {_one_line(found.note)}" if found.note else ""


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _scalar(key: str, found: Found[str], indent: str = "") -> str:
    return f"{indent}{key}: {_q(found.value)}{_comment(found)}"


def front_matter(draft: Draft) -> list[str]:
    """The front matter's lines (without the ``---`` fences)."""
    lines = [
        _scalar("title", draft.title),
        f"type: {draft.type.value}{_comment(draft.type)}",
        _scalar("published", draft.published),
    ]
    for key, span in (("fieldwork", draft.fieldwork), ("period", draft.period)):
        if span is not None:
            lines.append(f"{key}:{_comment(span)}")
            lines += [f"  {part}: {_q(value)}" for part, value in span.value.items()]
    if draft.bodies is not None:
        lines.append(f"bodies:{_comment(draft.bodies)}")
        lines += [f"  - {_q(body)}" for body in draft.bodies.value]
    if draft.follows is not None:
        lines.append(_scalar("follows", draft.follows))
    if draft.source_format:
        lines.append(
            f"# source: {{url: https://..., format: {draft.source_format}}}  # where the original is published"
        )
    lines += _evaluations(draft) + _strengths(draft) + _improvements(draft) + _progress(draft) + _commitments(draft)
    if draft.notice is not None:
        lines.append(f"notice: {draft.notice.value}{_comment(draft.notice)}")
    else:
        lines.append("notice: none  # or a notice from notices.yml the publication carries, e.g. alternative-formats")
    lines += [f"# note: {_one_line(note)}" for note in draft.notes]
    return lines


def _evaluations(draft: Draft) -> list[str]:
    if not draft.evaluations:
        return []
    lines = ["evaluations:"]
    for grade in draft.evaluations:
        lines += [f"  - indicator: {_q(grade.indicator.value)}{_comment(grade.indicator)}", f"    grade: {grade.grade}"]
    return lines


def _strengths(draft: Draft) -> list[str]:
    return ["strengths:", *(f"  - {_q(text)}" for text in draft.strengths)] if draft.strengths else []


def _improvements(draft: Draft) -> list[str]:
    if not draft.improvements:
        return []
    lines = ["areas_for_improvement:"]
    for afi in draft.improvements:
        lines += [
            f"  - id: {afi.id.value}{_comment(afi.id)}",
            f"    text: {_q(afi.text)}",
            f"    themes: []  {CHECK}themes are left for the editor: add theme ids (see themes.yml)",
        ]
    return lines


def _progress(draft: Draft) -> list[str]:
    if not draft.progress:
        return []
    lines = ["progress:"]
    for finding in draft.progress:
        lines += [
            f"  - afi: {finding.afi.value}{_comment(finding.afi)}",
            f"    rating: {finding.rating.value or _q('')}{_comment(finding.rating)}",
            _scalar("summary", finding.summary, "    "),
            f"    section: {finding.section}",
        ]
    return lines


def _commitments(draft: Draft) -> list[str]:
    if not draft.commitments:
        return []
    lines = ["commitments:"]
    for item in draft.commitments:
        lines += [
            f"  - id: {item.id}",
            f"    text: {_q(item.text)}",
            f"    type: {item.type.value}{_comment(item.type)}",
        ]
        lines.append(
            f"    due: {item.due.value}{_comment(item.due)}"
            if item.due.value
            else f"    # due: none{_comment(item.due)}"
        )
    return lines


def body(draft: Draft) -> str:
    """The publication's text as Markdown: headings (with the findings' anchors), paragraphs, lists, tables."""
    out: list[str] = []
    shift = _shift(draft.blocks, draft.skipped)
    level = 2
    width = 1
    previous = ""
    for index, block in enumerate(draft.blocks):
        if index in draft.skipped:
            continue
        anchor = draft.anchors.get(index)
        if block.kind == HEADING or anchor or _looks_like_heading(block):
            numbered = re.match(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s", block.text)
            if numbered and not anchor:
                level = min(6, 1 + len(numbered.group(1).split(".")))
                shown = level
            elif block.kind == HEADING:
                level = max(2, min(6, block.level + shift, level + 1))
                shown = level
            else:
                shown = min(6, level + 1)
            suffix = f" {{#{anchor}}}" if anchor else ""
            out += ["", f"{'#' * shown} {block.text.rstrip(':;').replace('<', '&lt;')}{suffix}", ""]
        elif block.kind == ITEM:
            marker = "1." if block.ordered else "-"
            out.append(f"{marker} {_escape(block.text)}")
        elif block.kind == ROW:
            if all(re.fullmatch(r"[-–—:\s]*", c) for c in block.cells):
                continue
            if previous != ROW:
                width = _width(draft.blocks, index)
                out += ["", _row(block.cells, width), "|" + " --- |" * width]
            else:
                out.append(_row(block.cells, width))
        else:
            out += ["", _escape(block.text), ""]
        previous = block.kind
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
    return text + "\n"


def _shift(blocks: list[Block], skipped: set[int]) -> int:
    """How much to add to the headings' levels so the largest kept one is ``##`` (the title is the page's ``#``)."""
    levels = [b.level for i, b in enumerate(blocks) if b.kind == HEADING and i not in skipped]
    return 2 - min(levels) if levels else 0


def _looks_like_heading(block: Block) -> bool:
    """A short bold paragraph, or a short numbered line ("4.1 Resource"), is a heading the source did not style."""
    if block.kind != PARA or len(block.text) > 100 or block.text.endswith((".", ",", ";")):
        return False
    return block.bold or (
        bool(re.match(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z][^.]*$", block.text))
        and not re.match(r"^\d{1,2}\s+\w+\s+\d{4}$", block.text)
    )


def _width(blocks: list[Block], start: int) -> int:
    """The number of columns of the table that starts at ``start``: its widest row's."""
    width = 1
    for block in blocks[start:]:
        if block.kind != ROW:
            break
        width = max(width, len(block.cells))
    return width


def _row(cells: tuple[str, ...], width: int) -> str:
    padded = [*cells, *([""] * (width - len(cells)))]
    return "| " + " | ".join(_escape(c).replace("|", "\\|") for c in padded) + " |"


def _escape(text: str) -> str:
    """Editor text as Markdown text: no raw HTML, and a leading "3." is not a list."""
    text = text.replace("<", "&lt;")
    return _LIST_START.sub(r"\1\\\2\3", text)
