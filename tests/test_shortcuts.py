"""The build's shortcuts change nothing a reader sees; they only save time.

* Theme fragments rendered once and reused (``generator/build/fragment_cache.py``): a build that renders every
  fragment afresh gives the same bytes in every file.
* Links between pages computed directly (``relative_url`` in ``generator/pages.py``): the same as MkDocs'
  ``get_relative_url`` for every pair of the seeds site's pages, and for its files.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import REFERENCE_EPOCH, REPO, SEEDS_CONTENT, repo_project


def _build(site_dir: Path, *, cache_fragments: bool) -> tuple[Path, int]:
    """Build the seeds site; the site and how many fragments the build cached."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = repo_project(site_dir.parent / "project", SEEDS_CONTENT)
    config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
    plugin = config.plugins["inspections"]
    plugin.config.cache_fragments = cache_fragments
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = REFERENCE_EPOCH
    try:
        build(config)
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return site_dir, len(plugin.build.fragments)


@pytest.fixture(name="both_builds", scope="module")
def _both_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    cached, fragments = _build(tmp_path_factory.mktemp("cached") / "site", cache_fragments=True)
    fresh, _ = _build(tmp_path_factory.mktemp("fresh") / "site", cache_fragments=False)
    return cached, fresh, fragments


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_cached_fragments_give_the_same_bytes(both_builds):
    """Every file of the site is the same whether the theme's fragments are cached or rendered for each page."""
    cached, fresh, _ = both_builds
    cached_files, fresh_files = _files(cached), _files(fresh)

    assert (sorted(fresh_files), []) == (
        sorted(cached_files),
        [name for name, data in cached_files.items() if fresh_files.get(name) != data],
    )


def test_fragments_are_reused(both_builds):
    """The cache serves the record pages: each fragment is rendered once per shape of URL (its first folder
    and depth, which fix every relative link), not once per page."""
    cached, _, fragments = both_builds
    urls = [p.parent.relative_to(cached).as_posix() for p in cached.rglob("index.html")]
    shapes = {(url.split("/")[0], url.count("/")) for url in urls}
    per_shape = 8  # styles, header (two), tabs, navigation, footer, config, scripts

    assert 0 < fragments <= per_shape * len(shapes), (fragments, len(shapes), len(urls))


def test_relative_urls_are_mkdocs_relative_urls(seeds_site):
    """From every page of the seeds site to every page, feed and data file: MkDocs' own relative URL."""
    from mkdocs.utils import get_relative_url

    from generator.site.pages import relative_url

    pages = sorted(p.parent.relative_to(seeds_site).as_posix() + "/" for p in seeds_site.rglob("index.html"))
    pages = ["" if page == "./" else page for page in pages]
    targets = [*pages, "feed.xml", "areas/moray/follow-ups.ics", "data/reports.json", "assets/"]
    differ = [(t, b) for b in pages for t in targets if relative_url(t, b) != get_relative_url(t, b)]

    assert (len(pages) > 40, differ) == (True, [])


# How the site's header, tabs, sidebars and footer say they are in its language on a page in another.
CHROME_LANG = '{% if chrome_lang %} lang="{{ chrome_lang }}"{% endif %}'


@pytest.mark.parametrize("partial", ["header.html", "tabs.html"])
def test_overridden_partials_are_materials_own(partial):
    """The header override only caches, says its language and has the site's own search, the tabs override only
    says its language: without those, they are Material's own partials, so an update of Material that changes
    them shows here first."""
    import material

    ours = (REPO / "overrides/partials" / partial).read_text(encoding="utf-8")
    theirs = (Path(material.__file__).parent / "templates/partials" / partial).read_text(encoding="utf-8")
    assert ours.count(CHROME_LANG) == 1
    ours = ours.replace(CHROME_LANG, "")
    for tag in re.findall(r'{% call cached_fragment\("header-(?:start|end)", chrome_key\) %}|{% endcall %}', ours):
        ours = ours.replace(tag, "", 1)
    if partial == "header.html":  # the site's own search in place of the search plugin's
        start, end = (
            theirs.index('    {% if "material/search" in config.plugins %}'),
            theirs.index("    {% if config.repo_url %}"),
        )
        theirs = theirs[:start] + '    {% include "partials/site-search.html" %}\n' + theirs[end:]

    assert ours.split("-#}\n", 1)[1] == theirs.split("-#}\n", 1)[1]
