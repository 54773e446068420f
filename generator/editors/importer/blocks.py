"""The shape every reader produces: a publication as a flat list of blocks, in reading order.

Readers differ in how they find headings, lists and tables; everything after them
(cleaning, finding the facts, writing Markdown) works on blocks only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

HEADING = "heading"
PARA = "para"
ITEM = "item"
ROW = "row"

_TERMINAL = tuple('.:;!?"”’)')
_FOOTNOTE = re.compile(r"^\d{1,2}\s+[A-Z]")
_SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True, slots=True)
class Block:
    """One heading, paragraph, list item or table row.

    Attributes:
        level: a heading's level (1 is the largest the document uses).
        bold: the whole paragraph is set in bold (often a heading the source did not style as one).
        ordered: a list item of a numbered list.
        cells: a table row's cells.
        page: the page the block starts on (PDF only; 0 elsewhere).
    """

    kind: str
    text: str
    level: int = 0
    bold: bool = False
    ordered: bool = False
    cells: tuple[str, ...] = field(default=())
    page: int = 0


def squash(text: str) -> str:
    """Text with runs of spaces made one and soft hyphens removed."""
    return _SPACES.sub(" ", text.replace("\u00ad", "")).strip()


def clean(blocks: list[Block]) -> list[Block]:
    """Blocks with empty ones dropped and paragraphs that a page break split joined again.

    A paragraph that does not end a sentence, followed (perhaps after footnotes) by one that
    starts in lower case, is one paragraph cut by the bottom of a page.
    """
    out: list[Block] = []
    for block in blocks:
        if not (block.text or block.cells):
            continue
        if block.kind == PARA and not block.bold:
            target = _continued(out)
            if target is not None and (block.text[:1].islower() or block.page > out[target].page):
                joined = replace(out[target], text=f"{out[target].text} {block.text}")
                out[target] = joined
                continue
        out.append(block)
    return out


def _continued(out: list[Block]) -> int | None:
    """The index of the cut paragraph a lower-case paragraph continues, skipping footnotes."""
    index = len(out) - 1
    while index >= 0 and out[index].kind == PARA and _FOOTNOTE.match(out[index].text):
        index -= 1
    if index < 0 or out[index].kind != PARA or out[index].bold:
        return None
    return None if out[index].text.endswith(_TERMINAL) else index


def plain_text(blocks: list[Block]) -> str:
    """All the text, one block a line (for searching the whole publication)."""
    return "\n".join(" ".join(b.cells) if b.kind == ROW else b.text for b in blocks)
