"""Web pages (HTML), read with lxml: headings, paragraphs, list items, table rows and links.

Navigation, headers, footers, scripts and forms are not part of a publication and are skipped.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree, html

from .blocks import HEADING, ITEM, PARA, ROW, Block, squash
from .errors import ImportFailed

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_SKIPPED = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template", "button"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {"p", "li", "tr", "blockquote", "div", "dd", "dt", "pre", "address", "figcaption", *_HEADINGS}


def read_html(source: bytes) -> list[Block]:
    """The blocks of a web page."""

    try:
        root = html.document_fromstring(source, parser=html.HTMLParser(encoding=_encoding(source)))
    except (etree.ParserError, ValueError) as error:
        msg = f"the web page cannot be read ({error}): save it again as HTML, or copy its text into a .txt file"
        raise ImportFailed(msg) from error
    main = next((found for tag in ("main", "article", "body") if (found := root.find(f".//{tag}")) is not None), root)
    blocks: list[Block] = []
    _walk(main, blocks)
    return blocks


def _encoding(source: bytes) -> str:
    """The page's declared character set, else UTF-8 when it decodes as such, else Windows-1252."""
    declared = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", source[:4096], re.IGNORECASE)
    if declared:
        return declared.group(1).decode("ascii")
    try:
        source.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _walk(element: HtmlElement, blocks: list[Block]) -> None:
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SKIPPED:
            continue
        if tag in _HEADINGS:
            blocks.append(Block(HEADING, _inline(child), level=_HEADINGS[tag]))
        elif tag == "tr":
            cells = tuple(_inline(cell) for cell in child if cell.tag in {"td", "th"})
            blocks.append(Block(ROW, "", cells=cells))
        elif tag == "li" and not _has_blocks(child):
            blocks.append(Block(ITEM, _inline(child), ordered=child.getparent().tag == "ol"))
        elif tag in _BLOCKS and not _has_blocks(child):
            text = _inline(child)
            strong = " ".join(squash(s.text_content()) for s in child.iter("strong", "b"))
            blocks.append(Block(PARA, text, bold=bool(text) and squash(strong) == squash(child.text_content())))
        else:
            if child.text and child.text.strip() and tag not in _BLOCKS:
                blocks.append(Block(PARA, squash(child.text)))
            _walk(child, blocks)


def _has_blocks(element: HtmlElement) -> bool:
    return any(isinstance(d.tag, str) and d.tag in _BLOCKS | {"ul", "ol", "table"} for d in element.iterdescendants())


def _inline(element: HtmlElement) -> str:
    """An element's text, with links kept as Markdown links and line breaks as spaces."""
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SKIPPED or tag == "sup":
            pass
        elif tag == "a" and child.get("href", "").startswith(("http://", "https://", "mailto:")):
            parts.append(f"[{squash(child.text_content())}]({child.get('href')})")
        elif tag == "br":
            parts.append(" ")
        else:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return squash("".join(parts))
