"""Shared fixtures: content trees written into temp dirs, real in-process MkDocs builds.

* ``write_tree(root, {relpath: text})`` writes files (texts are dedented; bytes are written as is).
* ``seeds_site`` builds the repository's own ``mkdocs.yml`` with the frozen copy of the seed publications'
  content in ``tests/fixtures/seeds/content/`` (never the shipped ``content/``, which editors change) once per
  session, strict, with ``SOURCE_DATE_EPOCH`` at 2026-11-24 00:00 UTC, and returns the site folder.
* ``make_build(config, site)`` runs what ``make build`` runs (``scripts/build.sh``, as make prints it) for
  another project and site folder, in a subprocess, and returns it.
* ``make_project(tmp_path, files)`` writes a minimal project (Material theme with the repository's
  ``overrides/``, the ``inspections`` plugin, strict) plus ``files``;
  ``build_project(path)`` builds it in process and returns its site folder.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

os.environ["NO_MKDOCS_2_WARNING"] = "1"

REPO = Path(__file__).resolve().parent.parent
REFERENCE_DAY = dt.date(2026, 11, 24)
REFERENCE_EPOCH = str(int(dt.datetime.combine(REFERENCE_DAY, dt.time(), tzinfo=dt.UTC).timestamp()))  # "1795478400"

# A publisher with a full contact: what a build for a real address needs (a strict one fails with placeholders).
PUBLISHER = {
    "name": "North Inspectorate",
    "email": "enquiries@north-inspectorate.org.uk",
    "phone": "0100 000 0001",
    "address": "1 High Street, North Town, NT1 1AA",
}

WriteTree = Callable[[Path, dict[str, str | bytes]], None]


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    """Write ``files`` under ``root``: text is dedented and written as UTF-8, bytes verbatim."""
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def repo_markdown_extensions() -> list[Any]:
    """The ``markdown_extensions`` of the repository's own mkdocs.yml (kept in step with it)."""

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_constructor("!ENV", lambda loader, node: None)
    with (REPO / "mkdocs.yml").open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=_Loader)["markdown_extensions"]  # noqa: S506 - SafeLoader subclass


def minimal_config(*, strict: bool = True, plugin_options: dict[str, Any] | None = None) -> str:
    """A minimal mkdocs.yml that uses the repository's templates and the inspections plugin."""
    config = {
        "site_name": "Test site",
        "site_url": "https://example.org/",
        "docs_dir": "docs",
        "strict": strict,
        "use_directory_urls": True,
        "theme": {"name": "material", "custom_dir": str(REPO / "overrides"), "language": "en", "font": False},
        "plugins": [{"inspections": {"content_dir": "content", **(plugin_options or {})}}],
        "markdown_extensions": repo_markdown_extensions(),
    }
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def make_project(
    root: Path, files: dict[str, str | bytes], *, strict: bool = True, plugin_options: dict[str, Any] | None = None
) -> Path:
    """Write a minimal project (mkdocs.yml, an empty docs/ and ``files``) into ``root``; return ``root``."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(minimal_config(strict=strict, plugin_options=plugin_options), encoding="utf-8")
    write_tree(root, files)
    return root


def build_site(config_file: Path, site_dir: Path, **overrides: Any) -> Path:
    """Build the project of ``config_file`` in process into ``site_dir``; return ``site_dir``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cfg = load_config(config_file=str(config_file), site_dir=str(site_dir), **overrides)
    build(cfg)
    return site_dir


def build_project(root: Path, **overrides: Any) -> Path:
    """Build the project in ``root`` (its mkdocs.yml) into ``root/site`` at the reference date; return the site."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", REFERENCE_EPOCH)
        return build_site(root / "mkdocs.yml", root / "site", **overrides)


@pytest.fixture(name="write_tree", scope="session")
def _write_tree() -> WriteTree:
    return write_tree


@pytest.fixture(name="make_project", scope="session")
def _make_project() -> Callable[..., Path]:
    return make_project


@pytest.fixture(name="build_project", scope="session")
def _build_project() -> Callable[..., Path]:
    return build_project


# One area, an inspection with one AFI and a review that rates it and meets its commitment.
MINIMAL_CONTENT: dict[str, str] = {
    "content/themes.yml": "leadership:\n  name: Leadership\n",
    "content/areas/north.md": """
        ---
        name: North
        kind: Community planning partnership
        ---
        North is an area.
        """,
    "content/reports/north/2017-02-joint-inspection.md": """
        ---
        title: Joint inspection of services in North
        type: joint-inspection
        published: 2017-02-16
        areas_for_improvement:
          - id: leadership
            text: Strengthen leadership.
            themes: [leadership]
        commitments:
          - id: review
            text: We will review progress.
            type: progress-review
            due: 12 months
        ---
        The inspection.
        """,
    "content/reports/north/2017-12-progress-review.md": """
        ---
        title: Progress review in North
        type: progress-review
        published: 2017-12
        follows: north/2017-02-joint-inspection
        progress:
          - afi: leadership
            rating: encouraging
            section: leadership
        ---
        ## Leadership

        Leaders improved.
        """,
}


NORTH_AND_SOUTH = {  # two areas for small projects to put reports in
    "content/areas/north.md": """
        ---
        name: North
        ---
        North is an area.
        """,
    "content/areas/south.md": """
        ---
        name: South
        ---
        South is an area.
        """,
}


@pytest.fixture(name="minimal_content")
def _minimal_content() -> dict[str, str]:
    """One area, an inspection with one AFI and a review that rates it and meets its commitment."""
    return dict(MINIMAL_CONTENT)


SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
SEEDS_CONTENT = SEEDS / "content"  # what tests assert facts on: the seeds as shipped first, frozen


def repo_project(root: Path, content: Path) -> Path:
    """A project in ``root`` that is the repository's own (its mkdocs.yml, docs/ and overrides/) with the content
    of ``content``; returns its mkdocs.yml."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("\ndocs_dir: docs\n", f"\ndocs_dir: {REPO / 'docs'}\n", 1)
    config = config.replace("custom_dir: overrides\n", f"custom_dir: {REPO / 'overrides'}\n", 1)
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(content, root / "content")
    return root / "mkdocs.yml"


@pytest.fixture(name="seeds_site", scope="session")
def _seeds_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site built from the frozen seeds content: what tests assert facts on."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = REFERENCE_EPOCH
    root = tmp_path_factory.mktemp("seeds")
    try:
        site = build_site(repo_project(root, SEEDS_CONTENT), root / "site", strict=True)
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return site


def shellcheck() -> str:
    """The shellcheck on PATH; fails in CI (.ci/run installs it) and skips elsewhere when it is missing."""
    found = shutil.which("shellcheck")
    if found is None:
        message = "shellcheck is not installed (apt-get install shellcheck); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return str(found)


def make_build_recipe(config: Path, site: Path) -> str:
    """The shell command ``make build`` runs to build the project of ``config`` into ``site`` with this
    interpreter's mkdocs, as make itself prints it (-n: print, do not run; -o: do not reinstall .venv/)."""
    variables = [f"CONFIG={config}", f"SITE={site}", f"BIN={Path(sys.executable).parent}"]
    return subprocess.run(
        ["make", "--no-print-directory", "-s", "-n", "-o", ".venv/.installed", "build", *variables],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def make_build(config: Path, site: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Build the project of ``config`` into ``site`` as ``make build`` does, in a subprocess run from the
    repository with ``env`` added to the environment; returns the finished process."""
    return subprocess.run(
        ["bash", "-c", make_build_recipe(config, site)],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
