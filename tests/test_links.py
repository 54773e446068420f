"""The link check of built sites (``python -m generator.editors.links``, which CI runs on every pull request):
every internal link of the seeds site resolves, to a file and to an id when it has a #fragment; a site
served under a base path passes too; broken links are each reported with page, line and a fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.editors.links import broken_links, main, references


@pytest.fixture(name="seed_references", scope="module")
def _seed_references(seeds_site):
    return references(seeds_site)


def test_the_crawl_finds_links(seed_references):
    """The crawl sees the site's internal links (many hundreds), so an empty crawl cannot pass."""
    assert len(seed_references) > 500


def test_every_internal_link_of_the_seeds_site_resolves(seeds_site, seed_references):
    """Every internal href/src, relative or root-relative, points to a file of the built site, and every
    #fragment to an id on it."""
    assert [] == [(r.page, r.value, message) for r, message in broken_links(seeds_site, seed_references)]


def test_fragment_links_are_checked(seed_references):
    """The crawl includes fragment links into other pages (such as AFI pages to review sections)."""
    assert any(
        r.page.endswith("collective-vision/index.html")
        and r.url == "areas/moray/2017-12-progress-review/#collective-vision"
        for r in seed_references
    )


def test_a_site_under_a_base_path_passes(tmp_path, make_project, build_project, minimal_content):
    """404.html links absolutely under the base path of site_url (/inspections/): those links resolve too; a link
    to the same host outside that path is reported."""
    # The footer links the open data page, which the repository's docs/ holds.
    root = make_project(tmp_path, {**minimal_content, "docs/open-data.md": "# Open data\n"})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("https://example.org/", "https://example.org/inspections/"))
    site = build_project(root)
    rooted = [r for r in references(site) if r.page == "404.html" and r.value.startswith("/inspections/")]
    passed = main([str(site)])
    page = site / "areas" / "index.html"
    page.write_text(page.read_text().replace("</body>", '<a href="/elsewhere/">x</a></body>'))
    found = [(r.value, message) for r, message in broken_links(site)]

    assert (True, 0) == (len(rooted) > 5, passed)
    assert [("/elsewhere/", "leads out of the site's folder — link to a page of the site relatively")] == found


def test_broken_links_are_each_reported_with_page_line_and_fix(tmp_path, seeds_site, capsys):
    """A missing page, a missing id on the page itself and on another page, and a missing image: four messages,
    a count, exit status 1."""
    site = tmp_path / "site"
    shutil.copytree(seeds_site, site)
    areas = site / "areas" / "index.html"
    html = areas.read_text(encoding="utf-8")
    links = (
        '<a href="../nowhere/">a</a>\n<a href="#nope">b</a>\n<a href="moray/#nope">c</a>\n<img src="x.png" alt="d">\n'
    )
    areas.write_text(html.replace("</body>", links + "</body>"), encoding="utf-8")
    line = html[: html.index("</body>")].count("\n") + 1

    assert 1 == main([str(site)])
    out, err = capsys.readouterr()
    assert [
        f"{site.as_posix()}/areas/index.html:{line}: href: '../nowhere/' leads to no file of the site — "
        "correct the link, or add the page it should lead to",
        f"{site.as_posix()}/areas/index.html:{line + 1}: href: '#nope' leads to areas/index.html, which has no id "
        "'nope' — link to a heading or an item that is on that page",
        f"{site.as_posix()}/areas/index.html:{line + 2}: href: 'moray/#nope' leads to areas/moray/index.html, which "
        "has no id 'nope' — link to a heading or an item that is on that page",
        f"{site.as_posix()}/areas/index.html:{line + 3}: src: 'x.png' leads to no file of the site — "
        "correct the link, or add the page it should lead to",
    ] == out.splitlines()
    assert f"4 broken link(s) in {site}/: see the messages above" == err.strip()


def test_a_folder_that_is_not_a_built_site_is_refused(tmp_path: Path, capsys):
    """Pointing the check at a folder without a built site fails with exit status 2 and says how to build one."""
    assert 2 == main([str(tmp_path)])
    assert "make build" in capsys.readouterr().err
