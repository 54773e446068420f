"""Markdown that cannot carry script or fetch from elsewhere: the backstop behind content validation.

Validation refuses raw HTML, script links and attribute lists in bodies with a message for each line; this
Python-Markdown extension makes the same promise hold for whatever a pattern there might miss:

* raw HTML is not passed through: ``<b>`` in Markdown comes out as the text ``<b>``;
* only known, inert attributes survive (``id``, ``class``, ``lang``, ``title``...): event handlers
  (``{: onclick=...}``), ``style`` other than a table's alignment, and anything unknown are removed;
* a link keeps its address only if it is relative, http(s) or mailto, and an image only if it is a
  file of this site, as a browser would read them (entities decoded, tabs and newlines dropped).

Each removal is logged as a warning, so a strict build (``make build``, CI) stops on it.
"""

from __future__ import annotations

import html
import logging
import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

log = logging.getLogger("mkdocs.plugins.inspections")

ALLOWED_ATTRIBUTES = frozenset(
    {"id", "class", "href", "src", "alt", "title", "lang", "dir", "start", "align", "width", "height", "style"}
)
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
_IGNORED_BY_BROWSERS = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))  # what a browser trims from both ends of a URL
_TABLE_ALIGN = re.compile(r"^text-align:\s*(?:left|right|center);?$")


def as_browser_reads(value: str) -> str:
    """An attribute value as a browser resolves it: entities decoded, tabs and newlines gone, trimmed."""
    decoded = html.unescape(value.replace(AMP_SUBSTITUTE, "&"))
    return _IGNORED_BY_BROWSERS.sub("", decoded).strip(_C0_AND_SPACE)


def url_scheme(value: str) -> str | None:
    """The scheme of an address (``javascript``, ``https``), or None for a relative one."""
    match = _SCHEME.match(as_browser_reads(value).lower())
    return match.group(1) if match else None


def is_site_file(value: str) -> bool:
    """Whether an address stays on this site: relative, with no scheme and no other host."""
    read = as_browser_reads(value)
    return url_scheme(read) is None and not read.startswith(("//", "\\", "/\\"))


def unsafe_attribute(name: str, value: str) -> str | None:
    """Why an attribute must go (a short reason), or None when it is safe to keep."""
    if name.lower() not in ALLOWED_ATTRIBUTES or name != name.lower():
        return "only ids, classes, lang, dir and title may be set on an element"
    if name == "class" and "mermaid" in value.split():
        return "Material would load its diagram script for this class from another site (unpkg.com)"
    if name == "style" and not _TABLE_ALIGN.match(value.strip()):
        return "styles are set by the site's stylesheet, not in the text"
    if name == "href" and url_scheme(value) not in {None, *LINK_SCHEMES}:
        return "links go to http(s), mailto or a page of this site, never to a script"
    if name == "src" and not is_site_file(value):
        return "images come from this site: an image from elsewhere would be fetched from that site"
    return None


class SafeTreeprocessor(Treeprocessor):
    """Removes every attribute ``unsafe_attribute`` refuses, with a warning naming it."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for name, value in list(element.attrib.items()):
                reason = unsafe_attribute(name, value)
                if reason:
                    del element.attrib[name]
                    log.warning("removed %s=%r from <%s> in Markdown: %s", name, value, element.tag, reason)


class SafeHtmlExtension(Extension):
    """Register with ``markdown_extensions`` (the ``inspections`` plugin adds it to every build)."""

    def extendMarkdown(self, md: Markdown) -> None:
        # Raw HTML is text: without these two, "<b>" and HTML blocks are escaped, never passed through.
        for registry, name in ((md.preprocessors, "html_block"), (md.inlinePatterns, "html")):
            if name in registry:
                registry.deregister(name)
        # After every other tree processor, including the unescaping of backslash escapes (priority 0).
        md.treeprocessors.register(SafeTreeprocessor(md), "inspections_safe_html", -100)
