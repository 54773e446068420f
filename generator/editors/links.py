"""Every internal link of a built site leads somewhere: to a file of the site and, with a #fragment, to an id there.

``python -m generator.editors.links site`` reads the folder a build wrote, and nothing else: it works offline,
on any build of any content, and prints every broken link at once as ``page:line: attribute: what is wrong — how
to fix``, with exit status 1 (2 when the folder is not a built site).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html

# The elements and attributes by which a page loads or links another file of the site.
LINKING = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"))
EXTERNAL = ("http:", "https:", "mailto:", "tel:", "data:", "javascript:")
HOST = "https://site.invalid"  # any host: links are resolved as a browser would, then made site-relative


@dataclass(frozen=True)
class Reference:
    """A link of a page to a file of the site: where it is, what it says and the site-relative URL it means."""

    page: str  # the linking file, relative to the site folder
    line: int
    attribute: str
    value: str
    url: str | None  # relative to the site's root, with its #fragment; None when it leads out of the site's folder


def base_path(site: Path) -> str:
    """The path the site is served under ("/" or "/inspections/"), as the home page's canonical link says."""
    home = lxml.html.parse(str(site / "index.html")).getroot()
    canonical = home.xpath('//head/link[@rel="canonical"]/@href')
    path = urlsplit(str(canonical[0])).path if canonical else "/"
    return path if path.endswith("/") else path + "/"


def references(site: Path) -> list[Reference]:
    """Every link of every page of ``site`` to a file of the same site, in page and document order."""
    root_url = HOST + base_path(site)
    found = []
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        document = lxml.html.parse(str(path)).getroot()
        for tag, attribute in LINKING:
            for element in document.iter(tag):
                value = element.get(attribute)
                if value is None or value.strip().lower().startswith(EXTERNAL) or value.startswith("//"):
                    continue
                url = urljoin(root_url + page, value.strip())
                inside = url.removeprefix(root_url) if url.startswith(root_url) else None
                found.append(Reference(page, element.sourceline or 0, attribute, value, inside))
    return sorted(found, key=lambda r: (r.page, r.line))


def target_file(site: Path, url: str) -> Path:
    """The file a site-relative URL serves: a folder (or a URL ending in "/") serves its index.html."""
    part = urlsplit(url).path
    path = site / unquote(part)
    return path / "index.html" if part in {"", "."} or part.endswith("/") or path.is_dir() else path


class Ids:
    """The ids of the site's pages, each page parsed once."""

    def __init__(self) -> None:
        self._ids: dict[Path, frozenset[str]] = {}

    def of(self, page: Path) -> frozenset[str]:
        if page not in self._ids:
            self._ids[page] = frozenset(str(i) for i in lxml.html.parse(str(page)).getroot().xpath("//@id"))
        return self._ids[page]


def problem(site: Path, reference: Reference, ids: Ids) -> str | None:
    """What is wrong with a link and how to fix it, or None when it leads to a file (and an id) of the site."""
    if reference.url is None:
        return "leads out of the site's folder — link to a page of the site relatively"
    target = target_file(site, reference.url)
    if not target.is_file():
        return "leads to no file of the site — correct the link, or add the page it should lead to"
    fragment = unquote(urlsplit(reference.url).fragment)
    if fragment and target.suffix == ".html" and fragment not in ids.of(target):
        shown = target.relative_to(site).as_posix()
        return f"leads to {shown}, which has no id '{fragment}' — link to a heading or an item that is on that page"
    return None


def broken_links(site: Path, found: list[Reference] | None = None) -> list[tuple[Reference, str]]:
    """Every link of ``site`` (or of ``found``) that leads nowhere, with what is wrong."""
    ids = Ids()
    checked = ((r, problem(site, r, ids)) for r in (references(site) if found is None else found))
    return [(reference, message) for reference, message in checked if message is not None]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator.editors.links", description="Check every internal link of a built site."
    )
    parser.add_argument("site", nargs="?", default="site", help="the folder a build wrote (default: site)")
    site = Path(parser.parse_args(argv).site)
    if not (site / "index.html").is_file():
        print(f"{site}/ is not a built site (no index.html) — build it first: make build", file=sys.stderr)
        return 2
    broken = broken_links(site)
    for reference, message in broken:
        where = f"{(site / reference.page).as_posix()}:{reference.line}: {reference.attribute}"
        print(f"{where}: '{reference.value}' {message}")
    if broken:
        print(f"{len(broken)} broken link(s) in {site}/: see the messages above", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
