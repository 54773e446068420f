"""The ids the site gives to the headings of a Markdown body.

A progress finding's ``section`` must name one of them. Computed without
rendering the whole body: the heading text alone goes through
Python-Markdown and the ``toc`` extension's own ``slugify`` and de-duplication,
so the ids match what MkDocs renders (including explicit ``{#id}``).
"""

from __future__ import annotations

import re

import markdown
from markdown.extensions.toc import slugify, unique

_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_EXPLICIT_ID = re.compile(r"\s*\{[^}]*#([^\s}]+)[^}]*\}\s*$")
_TAGS = re.compile(r"<[^>]+>")
# Characters that Markdown's inline syntax acts on; a heading without any renders as its own text.
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]!<>&]")
_INLINE = markdown.Markdown()


def heading_ids(body: str) -> dict[str, int]:
    """Each heading id in ``body`` with the 0-based line it is on."""
    ids: dict[str, int] = {}
    used: set[str] = set()
    lines = body.splitlines()
    fence: str | None = None
    previous = ""
    for number, line in enumerate(lines):
        fenced = _FENCE.match(line)
        if fenced:
            marker = fenced.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
            previous = ""
            continue
        if fence is not None:
            continue
        atx = _ATX.match(line)
        if atx:
            _add(atx.group(2), number, ids, used)
        elif _SETEXT.match(line) and previous.strip() and not _ATX.match(previous):
            _add(previous.strip(), number - 1, ids, used)
        previous = line
    return ids


def _add(text: str, number: int, ids: dict[str, int], used: set[str]) -> None:
    explicit = _EXPLICIT_ID.search(text)
    if explicit:
        anchor = explicit.group(1)
        used.add(anchor)
    else:
        if _INLINE_SYNTAX.search(text):
            plain = _TAGS.sub("", _INLINE.reset().convert("# " + text)).strip()
        else:
            plain = text.strip()  # what rendering would give, without the cost of a Markdown conversion
        anchor = unique(slugify(_unescape(plain), "-"), used)
    ids.setdefault(anchor, number)


def _unescape(text: str) -> str:
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
