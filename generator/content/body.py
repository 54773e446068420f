"""Checks of a Markdown body: Markdown only, so raw HTML and script links are refused, not passed through."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .errors import SourceError
from .safe_html import as_browser_reads

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .files import RawDocument

_BODY_MARKUP = re.compile(r"<(?!https?://|mailto:)/?[A-Za-z!?]")
# A link to a script: inline, ``[text](javascript:...)``, or a reference, ``[name]: javascript:...``. Two
# patterns, because one starts with a literal ``](`` and the other is anchored (``.match``): either is
# scanned far faster than one alternation of both.
_SCRIPT_LINK = re.compile(r"\]\(\s*<?\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
_SCRIPT_REFERENCE = re.compile(r"\s*\[[^\]]+\]:\s*<?\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)  # .match
# Anything a line check below can match holds one of these (entities can spell a script scheme, and a
# scheme ends in a colon); str.find scans for each far faster than a pattern of the alternatives.
_LINE_CHECK_NEEDED = ("<", "{", "&", ":", "![")
# What str.splitlines() ends a line at besides "\n": a body holding one is read line by line.
_OTHER_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_ATTR_LIST = re.compile(r"\{:?[ ]*([^}\n ][^\n]*)[ ]*\}")  # as Python-Markdown's attr_list reads it
_ATTR_KEY = re.compile(r"([^\s=}]+)\s*=")
_ATTR_KEYS_ALLOWED = frozenset({"id", "class", "lang", "dir", "title"})
_FOREIGN_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?\s*(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def check_body(doc: RawDocument) -> list[SourceError]:
    """The body's errors; worked out once per document (the live preview keeps unchanged documents)."""
    if doc.body_errors is None:
        doc.body_errors = list(_body_errors(doc))
    return doc.body_errors


def _body_errors(doc: RawDocument) -> Iterator[SourceError]:
    for offset, line in _lines_to_check(doc.body):
        visible = _CODE_SPAN.sub("", line) if "`" in line else line
        number = doc.body_line + offset
        if "<" in visible and _BODY_MARKUP.search(visible):
            yield SourceError(
                doc.path,
                number,
                "body",
                "raw HTML is not allowed in the body — use Markdown (**bold**, footnotes [^1], "
                "links [text](https://...)) or put code in `backticks`",
            )
        # What a browser reads can only differ where an entity or a tab stands; links need "]", images "![".
        read = as_browser_reads(visible) if "&" in visible or "\t" in visible else visible
        if "]" in read and (_script_link(visible) or (read is not visible and _script_link(read))):
            yield SourceError(
                doc.path,
                number,
                "body",
                "links must go to http(s), mailto or a page of this site, not a script — change or remove the link",
            )
        if "![" in read and _FOREIGN_IMAGE.search(read):
            yield SourceError(
                doc.path,
                number,
                "body",
                "images from other sites are not allowed — every reader's browser would fetch them from that site",
            )
        for attr_list in _ATTR_LIST.finditer(visible) if "{" in visible else ():
            keys = sorted({k for k in _ATTR_KEY.findall(attr_list.group(1)) if k.lower() not in _ATTR_KEYS_ALLOWED})
            if keys:
                yield SourceError(
                    doc.path,
                    number,
                    "body",
                    f"{{: ...}} may only give an id, classes, lang, dir or title ({{#id .class lang=gd}}), "
                    f"not {', '.join(keys)}",
                )


def _script_link(line: str) -> bool:
    return bool(_SCRIPT_LINK.search(line) or _SCRIPT_REFERENCE.match(line))


def _lines_to_check(body: str) -> Iterator[tuple[int, str]]:
    """The lines of a body (0-based number, text) that a body check could match: outside fenced and
    indented code, holding a character one of them looks for."""
    if "```" not in body and "~~~" not in body and not any(brk in body for brk in _OTHER_LINE_BREAKS):
        # No fence can open: visit only the lines where a character the checks look for stands.
        starts = set()
        for needle in _LINE_CHECK_NEEDED:
            at = body.find(needle)
            while at >= 0:
                starts.add(body.rfind("\n", 0, at) + 1)
                end = body.find("\n", at)  # this line is checked already: go on from the next
                at = -1 if end < 0 else body.find(needle, end)
        number, counted = 0, 0
        for start in sorted(starts):
            number += body.count("\n", counted, start)
            counted = start
            end = body.find("\n", start)
            line = body[start:] if end < 0 else body[start:end]
            if not line.startswith(("    ", "\t")):
                yield number, line
        return
    fence = None
    for offset, line in enumerate(body.splitlines()):
        fenced = _FENCE.match(line)
        if fenced:
            fence = None if fence and fenced.group(1).startswith(fence) else (fence or fenced.group(1)[0] * 3)
            continue
        if not fence and not line.startswith(("    ", "\t")) and any(needle in line for needle in _LINE_CHECK_NEEDED):
            yield offset, line
