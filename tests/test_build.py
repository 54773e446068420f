"""`make build` is atomic: the new site is built beside the last good one and swapped in only when the build
succeeded. A failed or interrupted build leaves site/ byte for byte as it was and removes what it wrote, so
a deployment that copies site/ never publishes an empty or half-built site."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import REPO, make_build, make_build_recipe

BROKEN = ("type: joint-inspection", "type: joint-inspecton")
REPORT = "content/reports/north/2017-02-joint-inspection.md"


def digest(site: Path) -> dict[str, str]:
    """Every file under ``site`` with the sha256 of its bytes (and every folder, so an emptied one shows)."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        for path in sorted(site.rglob("*"))
    }


def leftovers(site: Path) -> list[str]:
    """What a build left beside the site folder (its new or old copy)."""
    return sorted(path.name for path in site.parent.iterdir() if path.name.startswith(f"{site.name}."))


def edit(root: Path, old: str, new: str) -> None:
    path = root / REPORT
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


@pytest.fixture(name="project")
def _project(tmp_path: Path, make_project, minimal_content) -> Path:
    return make_project(tmp_path / "project", minimal_content)


def test_the_makefile_builds_through_the_atomic_script() -> None:
    """`make build` runs scripts/build.sh with the virtual environment's mkdocs, and the script builds strictly."""
    recipe = subprocess.run(
        ["make", "--no-print-directory", "-s", "-n", "-o", ".venv/.installed", "build"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    script = (REPO / "scripts" / "build.sh").read_text(encoding="utf-8")

    assert "MKDOCS=.venv/bin/mkdocs bash scripts/build.sh mkdocs.yml site\n" == recipe
    assert '"${MKDOCS:-mkdocs}" build --strict --config-file "$config" --site-dir "$new"' in script


def test_a_failed_build_leaves_the_last_good_site_untouched(project: Path) -> None:
    """Build, break a content file, build again: non-zero exit, the content error shown, site/ the same files
    with the same bytes, and nothing left beside it."""
    site = project / "site"
    first = make_build(project / "mkdocs.yml", site)
    assert 0 == first.returncode, first.stderr[-3000:]
    before = digest(site)
    edit(project, *BROKEN)

    failed = make_build(project / "mkdocs.yml", site)

    assert (True, True) == (failed.returncode != 0, "joint-inspecton" in failed.stdout + failed.stderr)
    assert ("areas/north/index.html" in before, before, []) == (True, digest(site), leftovers(site))
    assert "site/ is unchanged" in failed.stderr


def test_a_good_build_replaces_the_site(project: Path) -> None:
    """After a failed build, fixing the content and building again swaps in the new site, pages removed from
    the content included, with nothing left beside it."""
    site = project / "site"
    assert 0 == make_build(project / "mkdocs.yml", site).returncode
    (site / "stale.html").write_text("from an older build", encoding="utf-8")
    edit(project, *BROKEN)
    assert 0 != make_build(project / "mkdocs.yml", site).returncode
    edit(project, BROKEN[1], BROKEN[0])
    edit(project, "title: Joint inspection of services in North", "title: Joint inspection, revised")

    rebuilt = make_build(project / "mkdocs.yml", site)
    page = (site / "areas/north/2017-02-joint-inspection/index.html").read_text(encoding="utf-8")

    assert (0, True, False, []) == (
        rebuilt.returncode,
        "Joint inspection, revised" in page,
        (site / "stale.html").exists(),
        leftovers(site),
    )


def test_a_first_build_that_fails_writes_nothing(project: Path) -> None:
    """Without a site yet, a failed build leaves no site/ and no partial output."""
    edit(project, *BROKEN)
    failed = make_build(project / "mkdocs.yml", project / "site")

    assert (True, False, []) == (failed.returncode != 0, (project / "site").exists(), leftovers(project / "site"))


def test_an_interrupted_build_leaves_the_last_good_site_untouched(project: Path) -> None:
    """Stopping a build half-way (as a cancelled CI job or Ctrl-C does) leaves site/ as it was and removes the
    half-written new one."""
    site = project / "site"
    assert 0 == make_build(project / "mkdocs.yml", site).returncode
    before = digest(site)
    recipe = make_build_recipe(project / "mkdocs.yml", site)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Its own process group, so the signal reaches the script and mkdocs alike, as a terminal's Ctrl-C does.
    build = subprocess.Popen(["bash", "-c", recipe], cwd=REPO, env=env, start_new_session=True)
    deadline = time.monotonic() + 120
    while not (site.parent / "site.new").exists() and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(build.pid, signal.SIGTERM)
    status = build.wait(timeout=120)

    assert (True, before, []) == (status != 0, digest(site), leftovers(site))


def test_a_swap_cut_short_is_put_right_by_the_next_build(project: Path) -> None:
    """If a build was stopped between its two renames (the last good site moved aside, the new one not yet in
    place), the next build puts the last good site back before it starts, so a failure then still leaves it."""
    site = project / "site"
    assert 0 == make_build(project / "mkdocs.yml", site).returncode
    before = digest(site)
    site.rename(site.parent / "site.old")
    edit(project, *BROKEN)

    failed = make_build(project / "mkdocs.yml", site)

    assert (True, before, []) == (failed.returncode != 0, digest(site), leftovers(site))
