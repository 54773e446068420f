"""Reading built pages: parse a page, find its content, follow its links."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import lxml.html


def page(site: Path, url: str) -> lxml.html.HtmlElement:
    """The parsed page at ``url`` (relative to the site root)."""
    return lxml.html.parse(str(site / url / "index.html")).getroot()


def article(site: Path, url: str) -> lxml.html.HtmlElement:
    """The main content of a page."""
    return page(site, url).xpath("//article")[0]


def text_of(element: lxml.html.HtmlElement) -> str:
    """An element's text with whitespace collapsed."""
    return " ".join(element.text_content().split())


def resolve(url: str, href: str) -> str | None:
    """The site-root-relative URL (with fragment) that ``href`` on page ``url`` points to; None off the site."""
    base = "https://site.test/"
    target = urljoin(base + url, href)
    return target.removeprefix(base) if target.startswith(base) else None
