"""Every internal link of the shipped site resolves: to a file, and to an id when it has a #fragment."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import pytest

BASE = "https://site.test/"
EXTERNAL = ("http:", "https:", "mailto:", "tel:", "data:", "javascript:")


@cache
def _ids(path: Path) -> frozenset[str]:
    return frozenset(lxml.html.parse(str(path)).getroot().xpath("//@id"))


def target_file(site: Path, url: str) -> Path:
    """The file a site-root-relative URL serves: a directory URL serves its index.html."""
    path = site / unquote(url)
    return path / "index.html" if url.endswith("/") or url == "" or path.is_dir() else path


def internal_references(site: Path) -> list[tuple[str, str, str]]:
    """Every (page, attribute value, resolved URL) of an internal href or src in the site's HTML."""
    references = []
    for path in sorted(site.rglob("*.html")):
        page_url = path.relative_to(site).as_posix()
        root = lxml.html.parse(str(path)).getroot()
        for element, attribute in (
            ("a", "href"),
            ("link", "href"),
            ("script", "src"),
            ("img", "src"),
            ("source", "src"),
        ):
            for value in root.xpath(f"//{element}/@{attribute}"):
                if value.strip().lower().startswith(EXTERNAL) or value.startswith("//"):
                    continue
                references.append((page_url, value, urljoin(BASE + page_url, value).removeprefix(BASE)))
    return references


@pytest.fixture(name="references", scope="module")
def _references(seeds_site):
    return internal_references(seeds_site)


def test_the_crawl_finds_links(references):
    """The crawl sees the site's internal links (many hundreds), so an empty crawl cannot pass."""
    assert len(references) > 500


def test_every_internal_link_resolves_to_a_file(seeds_site, references):
    """Every internal href/src, relative or root-relative, points to a file of the built site."""
    broken = [
        (page, value) for page, value, url in references if not target_file(seeds_site, urlsplit(url).path).is_file()
    ]

    assert [] == broken


def test_every_fragment_exists_in_its_target(seeds_site, references):
    """Every #fragment on an internal link names an id in the target page."""
    broken = []
    for page, value, url in references:
        parts = urlsplit(url)
        target = target_file(seeds_site, parts.path)
        if (
            parts.fragment
            and target.suffix == ".html"
            and target.is_file()
            and unquote(parts.fragment) not in _ids(target)
        ):
            broken.append((page, value))

    assert [] == broken


def test_fragment_links_are_checked(references):
    """The crawl includes fragment links into other pages (such as AFI pages to review sections)."""
    assert any(
        page.endswith("collective-vision/index.html")
        and url == "areas/moray/2017-12-progress-review/#collective-vision"
        for page, _value, url in references
    )
