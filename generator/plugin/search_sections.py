"""The search index sections of a generated page, read from its HTML with lxml.

Material's search plugin splits every page into sections at its headings with
Python's ``html.parser``, which on the site's many record pages costs more than
rendering them. This reads the same sections from the same HTML with lxml (C),
by the same rules, so the index comes out byte for byte the same: a section
starts at each heading that has an id; its title is the heading's text without
the permalink; its text keeps paragraphs, lists, code and sub/superscripts as
markup and everything else as escaped text; ``data-search-exclude`` elements,
scripts and styles are left out; when the element that holds a heading ends,
what follows belongs to the section around it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from lxml import etree

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
KEPT = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
SKIPPED = frozenset({"script", "style", "object"})


@dataclass(slots=True)
class SearchSection:
    """One entry of the search index: the part of a page from one heading to the next.

    Attributes:
        anchor: the heading's id, or None for the start of the page.
        title: the heading's text, as escaped HTML ("" before the first heading).
        depth: how deep in the page the heading stands; when the element holding it ends, the text
            that follows belongs to the section around it again.
    """

    anchor: str | None
    title: str = ""
    depth: float = 0
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """What the section says, as escaped HTML with paragraphs, lists and code kept."""
        return "".join(self.parts).strip()


def search_sections(page_html: str) -> list[SearchSection]:
    """The search sections of ``page_html`` (a page's content, not a whole document), in order."""
    # lxml's plain elements: lxml.html's element classes cost a Python call for every element read.
    document = etree.fromstring(f"<html><body><div>{page_html}</div></body></html>", _PARSER)
    root = document[0][0]
    splitter = _Splitter(_structure(root))
    splitter.walk(root, depth=1)
    return splitter.sections


_PARSER = etree.HTMLParser(collect_ids=False)

# The elements that shape the sections: headings with ids, kept and skipped elements, exclusions.
_STRUCTURAL = etree.XPath(
    " | ".join(
        [f"descendant::{tag}[@id]" for tag in sorted(HEADINGS)]
        + [f"descendant::{tag}" for tag in sorted(KEPT | SKIPPED)]
        + ["descendant::*[@data-search-exclude]"]
    )
)


def _structure(root: etree._Element) -> set[etree._Element]:
    """The structural elements and every element that holds one; the text of any other element is read
    in one go (by lxml, in C) rather than element by element."""
    needed: set[etree._Element] = set()
    for found in _STRUCTURAL(root):
        element = found
        while element is not None and element not in needed:
            needed.add(element)
            element = element.getparent()
    return needed


class _Splitter:
    def __init__(self, structure: set[etree._Element]) -> None:
        self.structure = structure
        self.sections: list[SearchSection] = []
        self.current: SearchSection | None = None

    def walk(self, element: etree._Element, *, depth: int, pre: bool = False) -> None:
        """Reads the children of ``element``, which stand ``depth`` elements deep."""
        for child in element:
            tag = child.tag
            if child not in self.structure:
                # Links, badges, dates, definitions, table cells: only their text counts (not a permalink's).
                if isinstance(tag, str) and not _left_out(child):
                    for text in child.itertext():
                        self.add(text, pre)
            elif isinstance(tag, str) and tag not in SKIPPED and not _left_out(child):
                if tag in HEADINGS and child.get("id") is not None:
                    self.heading(child, tag, depth)
                else:
                    self.element(child, tag, depth, pre)
            if child.tail:
                self.add(child.tail, pre)

    def heading(self, heading: etree._Element, tag: str, depth: int) -> None:
        title = _Splitter(self.structure)
        title.current = SearchSection(None)
        if heading.text:
            title.add(heading.text, False)
        title.walk(heading, depth=depth + 1)
        # An h1 that opens the page names the page; it has no anchor of its own.
        anchor = None if tag == "h1" and not self.sections else heading.get("id")
        if tag != "h1" and not self.sections:
            self.sections.append(SearchSection(None))
        self.current = SearchSection(anchor, title.current.text, depth)
        self.sections.append(self.current)

    def element(self, element: etree._Element, tag: str, depth: int, pre: bool) -> None:
        kept = tag in KEPT
        if kept:
            self.section().parts.append(f"<{tag}>")
        pre = pre or tag == "pre"
        if element.text:
            self.add(element.text, pre)
        self.walk(element, depth=depth + 1, pre=pre)
        section = self.section()
        if section.depth > depth:
            # The element that held the section's heading ends: back to the section around it.
            section.depth = float("inf")
            self.current = next((s for s in reversed(self.sections) if s.depth <= depth), section)
        if kept:
            _close(self.section().parts, tag)

    def section(self) -> SearchSection:
        if self.current is None:
            self.current = SearchSection(None)
            self.sections.append(self.current)
        return self.current

    def add(self, text: str, pre: bool) -> None:
        parts = self.section().parts
        if pre:
            parts.append(escape(text, quote=False))
        elif text.isspace():
            if not parts or not parts[-1].isspace():
                parts.append(" ")
        else:
            parts.append(escape(text.replace("\n", " "), quote=False))


def _left_out(element: etree._Element) -> bool:
    """Marked ``data-search-exclude``, or a heading's permalink."""
    if element.get("data-search-exclude") is not None:
        return True
    return element.tag == "a" and "headerlink" in (element.get("class") or "").split()


def _close(parts: list[str], tag: str) -> None:
    """Closes a kept element, as Material does: unless nothing but white space follows the section's first
    opening of that tag, in which case all from there is dropped (so an empty element late in a section
    whose first one had text is kept)."""
    try:
        start = parts.index(f"<{tag}>") + 1
    except ValueError:  # opened in a section that has ended since
        return
    if all(part.isspace() for part in parts[start:]):
        del parts[start - 1 :]
    else:
        parts.append(f"</{tag}>")
