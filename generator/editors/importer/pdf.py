"""Text-based PDFs: their lines (``pdfpages``) made into headings, paragraphs, list items and table rows.

Font sizes tell headings from body text, bold fonts mark bold paragraphs,
lines that share a baseline are table rows, and the lines repeated at the top
or bottom of most pages (running headers and footers, page numbers) are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING

from .blocks import HEADING, ITEM, PARA, ROW, Block
from .errors import ImportFailed
from .pdfpages import Line, pdf_lines

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

_BULLET = re.compile(r"^(?:[•●▪◦\-–*]|\d{1,2}[.)])\s+")
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
_BREAK = "\x1f"  # where a line ended in a hyphen, until the whole text shows which kind it was


def read_pdf(path: Path, progress: Callable[[int, int], None] | None = None) -> list[Block]:
    """The blocks of a text-based PDF; ImportFailed when it is encrypted, damaged or has no text layer."""
    lines = list(pdf_lines(path, progress))
    if not any(line.text for line in lines):
        msg = "no text layer (a scanned PDF?): run OCR first, e.g. `ocrmypdf IN.pdf OUT.pdf`, and import OUT.pdf"
        raise ImportFailed(msg)
    pages = max(line.page for line in lines) + 1
    body_size = _body_size(lines)
    lines = _without_running_heads(lines, pages, body_size)
    sizes = sorted({round(line.size) for line in lines if line.size > body_size * 1.1}, reverse=True)
    return _mended(_blocks(lines, body_size, sizes))


def _without_running_heads(lines: list[Line], pages: int, body_size: float) -> list[Line]:
    """Lines without page numbers, without the heads and feet that repeat on most pages, and
    without small print at the very top or bottom of a page."""
    seen = Counter(_shape(line.text) for line in lines if line.zone != "body")
    repeated = {shape for shape, count in seen.items() if pages >= 2 and count >= max(2, pages // 2)}
    return [
        line
        for line in lines
        if line.zone == "body"
        or not (_shape(line.text) in repeated or _PAGE_NUMBER.match(line.text) or line.size < body_size * 0.9)
    ]


def _shape(text: str) -> str:
    """A line's text with its numbers blanked, so 'Page 3' and 'Page 4' count as the same running foot."""
    return re.sub(r"\d+", "#", text.lower())


def _body_size(lines: list[Line]) -> float:
    weights: Counter[float] = Counter()
    for line in lines:
        weights[round(line.size)] += len(line.text)
    return float(weights.most_common(1)[0][0]) if weights else 10.0


def _blocks(lines: list[Line], body_size: float, sizes: list[int]) -> list[Block]:
    """Lines as blocks: lines side by side are a table row; lines close under each other in the same
    font are one paragraph; a line that starts with a bullet or a number starts a list item."""
    blocks: list[Block] = []
    group: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        row = [line]
        while index + len(row) < len(lines) and _beside(lines[index + len(row)], line):
            row.append(lines[index + len(row)])
        index += len(row)
        if len(row) > 1 and _justified(row):
            line = replace(row[0], text=" ".join(piece.text for piece in row), x1=row[-1].x1)
        elif len(row) > 1:
            blocks += _emit(group, body_size, sizes)
            group = []
            cells, index = _cells(row, lines, index)
            blocks.append(Block(ROW, "", cells=cells, page=line.page))
            continue
        if group and not _continues(group, line):
            blocks += _emit(group, body_size, sizes)
            group = []
        group.append(line)
    return blocks + _emit(group, body_size, sizes)


def _justified(row: list[Line]) -> bool:
    """Pieces of one justified line that the layout analysis cut at wide spaces, rather than table cells."""
    return all(b.x0 - a.x1 < max(a.size, 1) for a, b in pairwise(row))


def _cells(row: list[Line], lines: list[Line], index: int) -> tuple[tuple[str, ...], int]:
    """A table row's cells, each with the lines that continue it below; and where the next row starts."""
    columns = [[cell] for cell in row]
    starts = [cell.x0 for cell in row]
    while index < len(lines):
        line = lines[index]
        column = max((i for i, x in enumerate(starts) if line.x0 >= x - 2), default=None)
        if column is None or line.page != row[0].page:
            break
        if index + 1 < len(lines) and _beside(lines[index + 1], line):
            break  # cells side by side again: the next row
        last = columns[column][-1]
        if not 0 <= line.top - last.bottom < 0.8 * max(line.size, 1):
            break
        columns[column].append(line)
        index += 1
    return tuple(_joined([part.text for part in column]) for column in columns), index


def _beside(other: Line, line: Line) -> bool:
    return other.page == line.page and abs(other.top - line.top) < 2 and other.x0 > line.x0 + 20


def _continues(group: list[Line], line: Line) -> bool:
    last = group[-1]
    return (
        line.page == last.page
        and 0 <= line.top - last.bottom < 0.8 * max(line.size, 1)
        and abs(line.size - group[0].size) <= 0.5
        and line.bold == last.bold
        and not _BULLET.match(line.text)
    )


def _emit(group: list[Line], body_size: float, sizes: list[int]) -> list[Block]:
    if not group:
        return []
    first = group[0]
    text = _joined([line.text for line in group])
    if round(first.size) in sizes and first.size > body_size * 1.1 and len(text) < 200:
        return [Block(HEADING, text, level=sizes.index(round(first.size)) + 1, page=first.page)]
    if _BULLET.match(first.text):
        item = _BULLET.sub("", text, count=1)
        return [Block(ITEM, item, ordered=bool(_NUMBERED.match(first.text)), page=first.page)]
    return [Block(PARA, text, bold=all(line.bold for line in group), page=first.page)]


def _joined(lines: list[str]) -> str:
    """Lines of a paragraph as one; a word broken by a hyphen at the end of a line is mended."""
    text = ""
    for line in lines:
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[:1].islower():
            text = text[:-1] + _BREAK + line
        else:
            text = f"{text} {line}" if text else line
    return text


def _mended(blocks: list[Block]) -> list[Block]:
    """Words broken at the end of a line joined again: with their hyphen where the
    publication writes the word with one elsewhere ("multi-agency"), without it otherwise."""
    words = Counter(re.findall(r"[\w-]+", " ".join(b.text + " ".join(b.cells) for b in blocks)))

    def mend(match: re.Match[str]) -> str:
        head, tail = match.group(1), match.group(2)
        hyphenated = f"{head}-{tail}"
        return hyphenated if words[hyphenated] > words[head + tail] else head + tail

    def fix(text: str) -> str:
        return re.sub(rf"(\w*){_BREAK}(\w*)", mend, text) if _BREAK in text else text

    return [replace(b, text=fix(b.text), cells=tuple(fix(c) for c in b.cells)) for b in blocks]
