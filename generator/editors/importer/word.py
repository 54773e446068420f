"""Word files (``.docx``), read with python-docx: heading styles, list styles, bold runs and tables.

Headers and footers live in their own parts of the file, so they never reach the body.
"""

from __future__ import annotations

import re
import zipfile
from typing import TYPE_CHECKING

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from .blocks import HEADING, ITEM, PARA, ROW, Block, squash
from .errors import ImportFailed

if TYPE_CHECKING:
    from pathlib import Path

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)


def read_docx(path: Path) -> list[Block]:
    """The blocks of a Word file; ImportFailed when it is damaged or protected."""

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        msg = (
            f"the Word file cannot be read ({error or type(error).__name__}): "
            "if it is password-protected save an unprotected copy, else save it again as .docx"
        )
        raise ImportFailed(msg) from error
    blocks: list[Block] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            block = _paragraph(Paragraph(element, document))
            if block is not None:
                blocks.append(block)
        elif tag == "tbl":
            for row in Table(element, document).rows:
                cells = tuple(squash(" ".join(p.text for p in cell.paragraphs)) for cell in row.cells)
                blocks.append(Block(ROW, "", cells=_distinct(cells)))
    return blocks


def _paragraph(paragraph: object) -> Block | None:
    text = squash(paragraph.text)  # type: ignore[attr-defined]
    if not text:
        return None
    style = (paragraph.style.name or "") if paragraph.style is not None else ""  # type: ignore[attr-defined]
    if match := _HEADING_STYLE.match(style):
        return Block(HEADING, text, level=int(match.group(1)))
    if style.lower() == "title":
        return Block(HEADING, text, level=1)
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None  # type: ignore[attr-defined]
    if style.lower().startswith("list") or numbered:
        return Block(ITEM, text, ordered="number" in style.lower())
    runs = [run for run in paragraph.runs if run.text.strip()]  # type: ignore[attr-defined]
    bold = bool(runs) and all(run.bold or (run.style is not None and run.style.font.bold) for run in runs)
    return Block(PARA, text, bold=bold)


def _distinct(cells: tuple[str, ...]) -> tuple[str, ...]:
    """A row's cells, a merged cell (which python-docx repeats) once."""
    out: list[str] = []
    for cell in cells:
        if not out or cell != out[-1]:
            out.append(cell)
    return tuple(out)
