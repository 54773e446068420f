"""The lines of a PDF's pages, from the characters pdfminer.six places on them.

pdfminer's own layout analysis is skipped: grouping characters into lines by
their baseline is all the importer needs, at a fraction of the cost (a 50-page
report reads in about two seconds of one processor).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from .blocks import squash
from .errors import ImportFailed

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

MARGIN = 0.075  # the share of the page at the top and at the bottom where running heads live (whole lines)
_CHUNK = 5  # pages read between two reports of progress


@dataclass(slots=True)
class Line:
    """One line of text (or one piece of a line, where a wide gap splits it, as between table cells)."""

    text: str
    size: float
    bold: bool
    x0: float
    x1: float
    top: float  # distance from the top of the page
    bottom: float
    page: int
    zone: str  # "head", "foot" or "body"


def pdf_lines(path: Path, progress: Callable[[int, int], None] | None = None) -> Iterator[Line]:
    """Every line of every page, page by page, top to bottom; ImportFailed when the file cannot be read."""
    total = _guarded(_page_count, str(path))
    for first in range(0, total, _CHUNK):
        last = min(first + _CHUNK, total)
        yield from _guarded(read_pages, str(path), first, last)
        if progress is not None:
            for page in range(first + 1, last + 1):
                progress(page, total)


def _guarded(function: Callable[..., Any], *args: Any) -> Any:
    """Run a reading function, turning pdfminer's errors into one ImportFailed that says what to do."""

    try:
        return function(*args)
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        msg = f"the PDF is encrypted ({type(error).__name__}): save an unprotected copy (print to PDF) and import that"
        raise ImportFailed(msg) from error
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        msg = (
            f"the PDF is damaged and cannot be read ({error or type(error).__name__}): export it again from its source"
        )
        raise ImportFailed(msg) from error


def _page_count(path: str) -> int:

    with open(path, "rb") as handle:
        return sum(1 for _ in PDFPage.get_pages(handle))


def read_pages(path: str, first: int, last: int) -> list[Line]:
    """The lines of pages ``first`` to ``last - 1`` (from 0)."""

    lines: list[Line] = []
    for offset, page in enumerate(extract_pages(path, page_numbers=range(first, last), laparams=None)):
        chars = [c for c in _flat(page) if isinstance(c, LTChar)]
        found = _page_lines(chars, first + offset, page.height or 1)
        lines += sorted(found, key=lambda line: (round(line.top), line.x0))
    return lines


def _flat(container: Any) -> Iterator[Any]:
    for item in container:
        if hasattr(item, "__iter__") and not hasattr(item, "fontname"):
            yield from _flat(item)
        else:
            yield item


def _page_lines(chars: list[Any], page: int, height: float) -> list[Line]:
    """Characters grouped by baseline, split where a gap is wider than a character's size."""
    rows: dict[int, list[Any]] = {}
    for char in chars:
        rows.setdefault(round(char.y0 / 2), []).append(char)
    lines: list[Line] = []
    for row in rows.values():
        row.sort(key=lambda c: c.x0)
        piece = [row[0]]
        for char in row[1:]:
            if char.x0 - piece[-1].x1 > max(piece[-1].size, 1):
                lines.append(_line(piece, page, height))
                piece = []
            piece.append(char)
        lines.append(_line(piece, page, height))
    return [line for line in lines if line.text]


def _line(chars: list[Any], page: int, height: float) -> Line:
    parts = [chars[0].get_text()]
    for before, char in pairwise(chars):
        if char.x0 - before.x1 > 0.2 * char.size and not parts[-1].endswith(" ") and char.get_text() != " ":
            parts.append(" ")
        parts.append(char.get_text())
    y0, y1 = min(c.y0 for c in chars), max(c.y1 for c in chars)
    zone = "head" if y0 > height * (1 - MARGIN) else "foot" if y1 < height * MARGIN else "body"
    size = Counter(round(c.size, 1) for c in chars).most_common(1)[0][0]
    bold = sum(1 for c in chars if "bold" in c.fontname.lower()) > len(chars) / 2
    return Line(squash("".join(parts)), size, bold, chars[0].x0, chars[-1].x1, height - y1, height - y0, page, zone)
