"""No foreign requests: no page of the shipped site loads a script, style, font, image or frame from another host.

Two checks: every built page and stylesheet read statically (every attribute and CSS rule that makes a browser
fetch something), and a sample of pages opened in headless Chromium, search included, with every request that
leaves the local server recorded and refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest
from browser import served_chromium

# Attributes whose URL a browser fetches (or sends a form to) without the reader clicking anything.
FETCHED = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "form": ("action",),
    "base": ("href",),
    "image": ("href", "{http://www.w3.org/1999/xlink}href"),
    "use": ("href", "{http://www.w3.org/1999/xlink}href"),
    "feimage": ("href", "{http://www.w3.org/1999/xlink}href"),
}
# <link> relations that are not fetched when the page loads (the rest are: stylesheet, icon, preload...).
NOT_FETCHED_LINKS = {"canonical", "alternate", "next", "prev", "author", "license", "help", "bookmark", "me", "search"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.IGNORECASE)
REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.IGNORECASE)


def css_urls(css: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(css)]


def srcset_urls(value: str) -> list[str]:
    return [candidate.strip().split()[0] for candidate in value.split(",") if candidate.strip()]


def fetched_urls(html: str) -> list[tuple[str, str]]:
    """Every (what, URL) a browser would request while loading this HTML."""
    root = lxml.html.fromstring(html)
    found: list[tuple[str, str]] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rsplit("}", 1)[-1].lower()
        for attribute in FETCHED.get(tag, ()):
            value = element.get(attribute)
            if value is not None:
                urls = srcset_urls(value) if attribute == "srcset" else [value]
                found += [(f"<{tag} {attribute}>", url) for url in urls]
        if tag == "link" and element.get("href") is not None:
            relations = set((element.get("rel") or "").lower().split())
            if not relations <= NOT_FETCHED_LINKS:
                found.append((f"<link rel={' '.join(sorted(relations))}>", element.get("href")))
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found += [("<meta refresh>", m) for m in REFRESH_URL.findall(element.get("content") or "")]
        if element.get("style"):
            found += [(f"<{tag} style>", url) for url in css_urls(element.get("style"))]
        if tag == "style":
            found += [("<style>", url) for url in css_urls(element.text_content())]
    return found


def is_foreign(url: str) -> bool:
    """Whether fetching ``url`` from a page of the site would contact another host (or run a script)."""
    url = url.strip()
    if url.lower().startswith("data:"):
        return False  # inline: nothing is fetched
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc or url.startswith("\\"))


@pytest.fixture(name="site_requests", scope="module")
def _site_requests(seeds_site: Path) -> list[tuple[str, str, str]]:
    """Every (file, what, URL) fetched by an HTML page or stylesheet of the shipped site."""
    found = []
    for path in sorted(seeds_site.rglob("*.html")):
        page = path.relative_to(seeds_site).as_posix()
        found += [(page, what, url) for what, url in fetched_urls(path.read_text(encoding="utf-8"))]
    for path in sorted(seeds_site.rglob("*.css")):
        sheet = path.relative_to(seeds_site).as_posix()
        found += [(sheet, "url()", url) for url in css_urls(path.read_text(encoding="utf-8"))]
    return found


def test_the_reader_finds_what_pages_load():
    """The static reader sees every kind of fetch, and flags a foreign one (so an empty result means something)."""
    html = """<html><head><link rel="stylesheet" href="https://cdn.test/a.css"><link rel="canonical" href="https://x/">
      <link rel="icon" href="f.png"><meta http-equiv="refresh" content="0; url=https://other.test/">
      <style>@import "https://fonts.test/f.css"; body { background: url('/bg.png') }</style></head>
      <body><script src="//cdn.test/s.js"></script><img src="a.png" srcset="b.png 2x, https://img.test/c.png 3x">
      <svg><image href="https://img.test/d.svg"/></svg><iframe src="https://frame.test/"></iframe>
      <p style="background:url(https://img.test/e.png)">x</p><a href="https://elsewhere.test/">a link is no fetch</a>
      </body></html>"""
    urls = [url for _, url in fetched_urls(html)]

    assert (
        [
            "https://cdn.test/a.css",
            "https://other.test/",
            "https://fonts.test/f.css",
            "//cdn.test/s.js",
            "https://img.test/c.png",
            "https://img.test/d.svg",
            "https://frame.test/",
            "https://img.test/e.png",
        ],
        ["f.png", "/bg.png", "a.png", "b.png"],
    ) == ([u for u in urls if is_foreign(u)], [u for u in urls if not is_foreign(u)])


def test_pages_load_things(site_requests):
    """Pages load the theme's stylesheets and scripts, the site's stylesheet and the favicon (locally)."""
    loaded = {url.rsplit("/", 1)[-1].split(".")[0] for _, _, url in site_requests}

    assert {"main", "bundle", "inspections", "favicon"} <= loaded


def test_no_page_or_stylesheet_loads_from_another_host(site_requests):
    """Every script, stylesheet, font, image, frame or form target of every page (and every stylesheet's url())
    is on this site: relative, root-relative or inline data."""
    assert [] == [(page, what, url) for page, what, url in site_requests if is_foreign(url)]


# -- in a browser ----------------------------------------------------------------------------------------

SAMPLE = {  # one page of each layout (every page is read statically above)
    "home": "",
    "area": "areas/moray/",
    "report with grades": "areas/midlothian/2020-09-joint-inspection/",
    "improvement": "areas/moray/2017-02-joint-inspection/collective-vision/",
    "timeline": "timeline/",
    "notice ar": "notices/ar/",
    "not found": "404.html",
}


@pytest.fixture(name="browser_requests", scope="module")
def _browser_requests(seeds_site: Path) -> Iterator[dict[str, Any]]:
    """Opens the sample pages and runs a search in Chromium; every request, local or refused, by page."""
    local: dict[str, list[str]] = {}
    foreign: dict[str, list[str]] = {}
    current = {"page": ""}

    with served_chromium(seeds_site) as (browser, base):
        origin = urlsplit(base).netloc
        context = browser.new_context(service_workers="block")

        def on_request(request: Any) -> None:
            into = local if urlsplit(request.url).netloc == origin else foreign
            into.setdefault(current["page"], []).append(request.url)

        def refuse_foreign(route: Any) -> None:
            if urlsplit(route.request.url).netloc == origin or route.request.url.startswith("data:"):
                route.continue_()
            else:
                route.abort()

        context.on("request", on_request)
        context.route("**/*", refuse_foreign)
        page = context.new_page()
        for name, url in SAMPLE.items():
            current["page"] = name
            page.goto(base + url, wait_until="networkidle")
        current["page"] = "search"
        page.goto(base, wait_until="networkidle")
        page.keyboard.press("/")  # the shortcut focuses the header's search box
        page.keyboard.type("collective vision")
        page.keyboard.press("Enter")  # which opens the search page
        page.wait_for_selector("#finder-results li", timeout=10_000)
        page.wait_for_load_state("networkidle")
        yield {"local": local, "foreign": foreign}


@pytest.mark.browser
def test_browser_loads_the_sample_and_search_locally(browser_requests):
    """The browser really loaded each sample page's assets and the search index (so no foreign request means
    something)."""
    local = browser_requests["local"]

    assert ([], True) == (
        [name for name in [*SAMPLE, "search"] if not local.get(name)],
        any("/pagefind/index/" in url for url in local.get("search", [])),
    )


@pytest.mark.browser
def test_browser_makes_no_foreign_request(browser_requests):
    """Opening pages of every kind and searching contacts no host but the site's own."""
    assert {} == browser_requests["foreign"]
