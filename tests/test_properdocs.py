"""The site builds under ProperDocs, the maintained fork of MkDocs 1.x, and comes out the same.

MkDocs 1.x is frozen and its successor drops plugins; ProperDocs (``properdocs`` on PyPI) runs MkDocs themes
and plugins unchanged: it reads ``mkdocs.yml``, loads the ``mkdocs.plugins`` and ``mkdocs.themes`` entry
points (the ``inspections`` plugin, Material) and serves every ``import mkdocs...`` from its own modules.
The shipped project is built by ``properdocs build --strict`` in a subprocess and compared with the MkDocs
build of the same content and SOURCE_DATE_EPOCH: the same files, every non-HTML file (JSON, search index,
sitemaps, feeds, calendars) byte-identical, and every page identical but for the generator it names.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from conftest import REFERENCE_EPOCH, REPO

GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')
# Runs the ProperDocs command line, then reports which modules answered to "mkdocs..." and where the
# plugin's base class came from: the build must not have used the mkdocs package at all.
RUN_PROPERDOCS = textwrap.dedent(
    """
    import json, sys
    from properdocs.__main__ import cli
    try:
        cli(args=sys.argv[1:], prog_name="properdocs")
        code = 0
    except SystemExit as stop:
        code = stop.code or 0
    plugin = sys.modules.get("generator.plugin.events")
    report = {
        "mkdocs_modules_not_from_properdocs": sorted(
            name for name, module in sys.modules.items()
            if (name == "mkdocs" or name.startswith("mkdocs.")) and module is not None
            and not module.__name__.startswith("properdocs")
        ),
        "plugin_base": plugin.BasePlugin.__module__ if plugin else None,
        "build_log": plugin.get_context.__module__ if plugin else None,
        "theme": sorted(name for name in sys.modules if name == "material" or name.startswith("material.")),
    }
    print("PROPERDOCS-REPORT " + json.dumps(report))
    sys.exit(code)
    """
)


@pytest.fixture(name="properdocs_build", scope="module")
def _properdocs_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The repository's site built by ProperDocs (strict) in a subprocess; the site folder and the report."""
    site = tmp_path_factory.mktemp("properdocs") / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": REFERENCE_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-c", RUN_PROPERDOCS, "build", "--strict", "-f", "mkdocs.yml", "-d", str(site)]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False)
    reports = [
        line.removeprefix("PROPERDOCS-REPORT ")
        for line in result.stdout.splitlines()
        if line.startswith("PROPERDOCS-REPORT ")
    ]
    if result.returncode != 0 or not reports:
        pytest.fail(f"properdocs build --strict failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return site, json.loads(reports[-1])


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(name="outputs", scope="module")
def _outputs(
    seeds_site: Path, properdocs_build: tuple[Path, dict[str, Any]]
) -> tuple[dict[str, bytes], dict[str, bytes]]:
    return files(seeds_site), files(properdocs_build[0])


def test_properdocs_is_the_cli_that_built_it(properdocs_build):
    """The pages name ProperDocs as their generator (so this is not MkDocs's output under another name)."""
    site, _ = properdocs_build
    generator = GENERATOR_META.search((site / "index.html").read_bytes())

    assert (True, True) == (generator is not None, b"ProperDocs" in generator.group(0))


def test_properdocs_ran_the_plugin_and_theme_without_mkdocs(properdocs_build):
    """Under ProperDocs the inspections plugin subclasses ProperDocs' BasePlugin, Material is the theme, and no
    module of the mkdocs package was imported: the site would build with MkDocs uninstalled."""
    _, report = properdocs_build

    assert ([], "properdocs.plugins", True) == (
        report["mkdocs_modules_not_from_properdocs"],
        report["plugin_base"],
        "material" in report["theme"],
    )
    # The log whose messages about pages the plugin filters is ProperDocs' own.
    assert report["build_log"] == "properdocs.commands.build"


def test_same_files(outputs):
    """Both builds write the same pages, assets and data files."""
    mkdocs, properdocs = outputs

    assert ([], [], True) == (
        sorted(mkdocs.keys() - properdocs.keys()),
        sorted(properdocs.keys() - mkdocs.keys()),
        len(mkdocs) > 50,
    )


def test_same_json_and_data_files(outputs):
    """Open data, schemas, search index, sitemaps, feeds and calendars: byte-identical."""
    mkdocs, properdocs = outputs
    data = sorted(name for name in mkdocs.keys() & properdocs.keys() if not name.endswith(".html"))

    assert (True, True, []) == (
        "pagefind/pagefind-entry.json" in data,
        "data/reports.json" in data,
        [name for name in data if mkdocs[name] != properdocs[name]],
    )


def test_same_pages_but_for_the_generator_named(outputs):
    """Every page is identical once the <meta name="generator"> (MkDocs' or ProperDocs' version) is set aside."""
    mkdocs, properdocs = outputs
    pages = sorted(name for name in mkdocs.keys() & properdocs.keys() if name.endswith(".html"))

    def normal(page: bytes) -> bytes:
        return GENERATOR_META.sub(b"", page)

    assert (True, []) == (len(pages) > 50, [name for name in pages if normal(mkdocs[name]) != normal(properdocs[name])])
