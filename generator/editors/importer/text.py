"""Plain text and Markdown-like text: ``#`` headings, ``**bold**`` lines, ``-``/``•``/``1.`` lists, tab tables.

Text copied out of a PDF or a web page often carries stray HTML (``<b>``, ``<p>``,
``<sup>``); it is taken as formatting and removed.
"""

from __future__ import annotations

import re

from .blocks import HEADING, ITEM, PARA, ROW, Block, squash

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_BULLET = re.compile(r"^\s*(?:[-*•●▪◦]|\d{1,2}[.)])\s+")
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+")
_BOLD_LINE = re.compile(r"^\*\*(.+?)\*\*$")
_PARA_TAG = re.compile(r"</p>\s*<p>|</li>\s*<li>|<br\s*/?>", re.IGNORECASE)
_FOOTNOTE_MARK = re.compile(r"<sup>\s*(\d{1,2})\s*</sup>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]{1,200}>")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_BOLD_PARA = re.compile(r"^(?:\*\*(?:(?!\*\*).)+\*\*|<b>(?:(?!</?b>).)+</b>)$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")


def inline(text: str) -> str:
    """One line of source text without HTML tags or Markdown emphasis; footnote marks dropped."""
    text = _FOOTNOTE_MARK.sub(lambda m: f"{m.group(1)} " if text.lstrip().startswith(m.group(0)) else "", text)
    text = _PARA_TAG.sub(" ", text)
    text = _TAG.sub("", text)
    return squash(_EMPHASIS.sub(r"\2", text))


def read_text(source: str) -> list[Block]:
    """The blocks of a plain-text or Markdown-like publication."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            raw = " ".join(line.strip() for line in paragraph)
            bold = bool(_BOLD_PARA.match(raw))
            blocks.append(Block(PARA, inline(raw), bold=bold))
            paragraph.clear()

    for raw in source.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip() or _RULE.match(line):
            flush()
        elif "\t" in line:
            flush()
            cells = _trim(tuple(inline(c) for c in line.split("\t")))
            if any(cells):
                blocks.append(Block(ROW, "", cells=cells))
        elif match := _HEADING.match(line.strip()):
            flush()
            blocks.append(Block(HEADING, inline(match.group(2)), level=len(match.group(1))))
        elif _BULLET.match(line):
            flush()
            blocks.append(Block(ITEM, inline(_BULLET.sub("", line, count=1)), ordered=bool(_NUMBERED.match(line))))
        else:
            paragraph.append(line)
    flush()
    return blocks


def _trim(cells: tuple[str, ...]) -> tuple[str, ...]:
    """Cells without the empty ones a tab-separated line ends with."""
    items = list(cells)
    while items and not items[-1]:
        items.pop()
    return tuple(items)
