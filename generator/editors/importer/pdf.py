"""Text-based PDFs, read with pdfminer.six's layout analysis.

Font sizes tell headings from body text, bold fonts mark bold paragraphs,
boxes that share a baseline are table rows, and the lines repeated at the top
or bottom of most pages (running headers and footers, page numbers) are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .blocks import HEADING, ITEM, PARA, ROW, Block, squash
from .errors import ImportFailed

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

_BULLET = re.compile(r"^(?:[•●▪◦\-–*]|\d{1,2}[.)])\s+")
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
_BREAK = "\x1f"  # where a line ended in a hyphen, until the whole text shows which kind it was
_MARGIN = 0.09  # the share of the page at the top and at the bottom where running heads live


@dataclass(slots=True)
class _Line:
    text: str
    size: float
    bold: bool
    x0: float


@dataclass(slots=True)
class _Box:
    page: int
    top: float
    x0: float
    lines: list[_Line]
    zone: str  # "head", "foot" or "body"


def read_pdf(path: Path, progress: Callable[[int, int], None] | None = None) -> list[Block]:
    """The blocks of a text-based PDF; ImportFailed when it is encrypted, damaged or has no text layer."""
    boxes = list(_boxes(path, progress))
    if not any(line.text for box in boxes for line in box.lines):
        msg = "no text layer (a scanned PDF?): run OCR first, e.g. `ocrmypdf IN.pdf OUT.pdf`, and import OUT.pdf"
        raise ImportFailed(msg)
    pages = max(box.page for box in boxes) + 1
    boxes = _without_running_heads(boxes, pages)
    body_size = _body_size(boxes)
    sizes = sorted({round(line.size) for box in boxes for line in box.lines if line.size > body_size * 1.1}, reverse=True)
    return _mended(_blocks(boxes, body_size, sizes))


def _boxes(path: Path, progress: Callable[[int, int], None] | None) -> Iterator[_Box]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextBox, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        with path.open("rb") as handle:
            total = sum(1 for _ in PDFPage.get_pages(handle))
        for number, page in enumerate(extract_pages(path, laparams=LAParams(line_margin=0.4))):
            height = page.height or 1
            for element in page:
                if not isinstance(element, LTTextBox):
                    continue
                lines = [_line(line, LTChar) for line in element if isinstance(line, LTTextLine)]
                lines = [line for line in lines if line.text]
                if lines:
                    zone = "head" if element.y1 > height * (1 - _MARGIN) else "foot" if element.y0 < height * _MARGIN else "body"
                    yield _Box(number, round(height - element.y1, 1), element.x0, lines, zone)
            if progress is not None:
                progress(number + 1, total)
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        msg = f"the PDF is encrypted ({type(error).__name__}): save an unprotected copy (print to PDF) and import that"
        raise ImportFailed(msg) from error
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as error:
        msg = f"the PDF is damaged and cannot be read ({error or type(error).__name__}): export it again from its source"
        raise ImportFailed(msg) from error


def _line(line: object, char_type: type) -> _Line:
    chars = [c for c in line if isinstance(c, char_type)]  # type: ignore[attr-defined]
    text = squash(line.get_text())  # type: ignore[attr-defined]
    if not chars:
        return _Line(text, 0.0, bold=False, x0=0.0)
    sizes = Counter(round(c.size, 1) for c in chars)
    bold = sum(1 for c in chars if "bold" in c.fontname.lower()) > len(chars) / 2
    return _Line(text, sizes.most_common(1)[0][0], bold, chars[0].x0)


def _without_running_heads(boxes: list[_Box], pages: int) -> list[_Box]:
    """Boxes without page numbers and without the heads and feet that repeat on most pages."""
    seen: Counter[str] = Counter()
    for box in boxes:
        if box.zone != "body":
            seen.update({_shape(box) for _ in (0,)})
    repeated = {shape for shape, count in seen.items() if pages >= 2 and count >= max(2, pages // 2)}
    kept = []
    for box in boxes:
        if box.zone != "body" and (_shape(box) in repeated or all(_PAGE_NUMBER.match(l.text) for l in box.lines)):
            continue
        kept.append(box)
    return kept


def _shape(box: _Box) -> str:
    """A box's text with its numbers blanked, so 'Page 3' and 'Page 4' count as the same running foot."""
    return re.sub(r"\d+", "#", " ".join(line.text for line in box.lines).lower())


def _body_size(boxes: list[_Box]) -> float:
    weights: Counter[float] = Counter()
    for box in boxes:
        for line in box.lines:
            weights[round(line.size)] += len(line.text)
    return float(weights.most_common(1)[0][0]) if weights else 10.0


def _blocks(boxes: list[_Box], body_size: float, sizes: list[int]) -> list[Block]:
    blocks: list[Block] = []
    index = 0
    while index < len(boxes):
        box = boxes[index]
        row = [box]
        while index + len(row) < len(boxes) and _same_row(boxes[index + len(row)], box):
            row.append(boxes[index + len(row)])
        if len(row) > 1:
            cells = tuple(_joined([line.text for line in cell.lines]) for cell in sorted(row, key=lambda b: b.x0))
            blocks.append(Block(ROW, "", cells=cells, page=box.page))
        else:
            blocks.extend(_split(box, body_size, sizes))
        index += len(row)
    return blocks


def _same_row(other: _Box, box: _Box) -> bool:
    return other.page == box.page and abs(other.top - box.top) < 3 and abs(other.x0 - box.x0) > 20  # noqa: PLR2004


def _split(box: _Box, body_size: float, sizes: list[int]) -> Iterator[Block]:
    """A layout box as blocks: a new block where the font changes or a list item starts."""
    group: list[_Line] = []

    def emit() -> Iterator[Block]:
        if not group:
            return
        first = group[0]
        text = _joined([line.text for line in group])
        if round(first.size) in sizes and first.size > body_size * 1.1:
            yield Block(HEADING, text, level=sizes.index(round(first.size)) + 1, page=box.page)
        elif _BULLET.match(first.text):
            yield Block(ITEM, _BULLET.sub("", text, count=1), ordered=bool(_NUMBERED.match(first.text)), page=box.page)
        else:
            yield Block(PARA, text, bold=all(line.bold for line in group), page=box.page)

    for line in box.lines:
        if group and (
            abs(line.size - group[0].size) > 0.5  # noqa: PLR2004
            or (line.bold != group[-1].bold and len(group[-1].text) < 150)  # noqa: PLR2004
            or _BULLET.match(line.text)
        ):
            yield from emit()
            group = []
        group.append(line)
    yield from emit()


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
