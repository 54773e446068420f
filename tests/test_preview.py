"""The live preview: `mkdocs serve` rebuilds on content changes, shows content errors and keeps serving."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import SEEDS_CONTENT, repo_project

from generator.editors.cli import main as inspections

REPORT = "content/reports/moray/2019-progress-review.md"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - a loopback URL of this test
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(condition: Callable[[], bool], seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


@pytest.fixture(name="preview")
def _preview(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[bytes], Path]]:
    """The seeds site served by `mkdocs serve --dirty` (as `make serve` runs it) on a free port."""
    repo_project(tmp_path, SEEDS_CONTENT)
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
            cwd=tmp_path,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: "Inspections and progress reviews" in fetch(base)), log.read_text()
        yield tmp_path, base, process, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_content_error_is_shown_and_the_preview_keeps_serving(preview, capsys, monkeypatch) -> None:
    """A broken report prints check's message, and the pages say so; fixing it brings the page back."""
    root, base, process, log = preview
    report = root / REPORT
    original = report.read_text(encoding="utf-8")
    report.write_text(original.replace("type: progress-review", "type: progress-reveiw"), encoding="utf-8")

    monkeypatch.chdir(root)  # as an editor runs check, from the project folder
    assert 1 == inspections(["check"])
    expected = capsys.readouterr().out.strip()
    assert wait_for(lambda: expected in log.read_text(encoding="utf-8")), log.read_text(encoding="utf-8")
    assert wait_for(lambda: BANNER in fetch(base))
    assert "progress-reveiw" in fetch(base)
    assert "progress-reveiw" in fetch(base + "areas/moray/2019-progress-review/")
    assert process.poll() is None

    report.write_text(original.replace('title: "', 'title: "Revised — ', 1), encoding="utf-8")
    assert wait_for(lambda: "Revised —" in fetch(base + "areas/moray/2019-progress-review/")), log.read_text()
    assert BANNER not in fetch(base)
    assert process.poll() is None


def test_a_changed_report_leaves_only_unrelated_areas_unbuilt(tmp_path, write_tree) -> None:
    """Dirty rebuilds skip the areas a changed report cannot affect, and rebuild those it can (rated AFIs);
    a change to a report's text alone rebuilds that report's page only; any other file rebuilds everything."""
    from generator.content.settings import Settings
    from generator.plugin.preview import stamps_of, unaffected_pages
    from generator.site import read_site
    from generator.site.pages import plan_pages

    area = "---\nname: {}\n---\n"
    inspection = (
        "---\ntitle: I\ntype: joint-inspection\npublished: 2017\nareas_for_improvement:\n  - {id: x, text: X.}\n---\n"
    )
    review = (
        "---\ntitle: R\ntype: progress-review\npublished: 2018\nprogress:\n  - {afi: 'a/i#x', rating: early}\n---\n"
    )
    files = {f"content/areas/{slug}.md": area.format(slug) for slug in ("a", "b", "c")}
    files |= {
        "content/reports/a/i.md": inspection,
        "content/reports/b/r.md": review,
        "content/reports/c/i.md": inspection,
    }
    write_tree(tmp_path, files)
    content = tmp_path / "content"
    day = dt.date(2026, 11, 24)

    def rebuilt_after(change: Callable[[], None]) -> list[str] | None:
        before_site, before = read_site(content, Settings(), day), stamps_of(content)
        change()
        after_site, after = read_site(content, Settings(), day), stamps_of(content)
        unaffected = unaffected_pages(before_site, after_site, before, after)
        return None if unaffected is None else sorted(s.url for s in plan_pages(after_site) if not unaffected(s))

    def rewrite(path: str, old: str, new: str) -> Callable[[], None]:
        file = content / path
        return lambda: file.write_text(file.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    everything_but_area_c = rebuilt_after(rewrite("reports/a/i.md", "X.", "X reworded."))
    text_only = rebuilt_after(rewrite("reports/a/i.md", "X reworded.\n---\n", "X reworded.\n---\nNew text.\n"))
    area_changed = rebuilt_after(rewrite("areas/c.md", "name: c", "name: C"))

    assert everything_but_area_c is not None
    assert not any(url.startswith("areas/c/") for url in everything_but_area_c)
    assert {"", "areas/a/", "areas/a/i/", "areas/a/i/x/", "areas/b/", "areas/b/r/"} <= set(everything_but_area_c)
    assert (text_only, area_changed) == (["areas/a/i/"], None)


_DIRTY_BUILDS = """
import json, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
root = Path(sys.argv[1])
def config(site, dirty):
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / site), strict=not dirty)
    config.site_url = "http://127.0.0.1:8000/"
    return config
first = config("dirty", True)
first.plugins.on_startup(command="serve", dirty=True)
build(first, serve_url="http://127.0.0.1:8000/", dirty=True)
rebuilt = []
for edit in json.loads(sys.argv[2]):
    path = root / edit["path"]
    path.write_text(path.read_text(encoding="utf-8").replace(edit["old"], edit["new"], 1), encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in (root / "dirty").rglob("index.html")}
    build(config("dirty", True), serve_url="http://127.0.0.1:8000/", dirty=True)
    changed = [p for p, mtime in before.items() if p.stat().st_mtime_ns != mtime]
    rebuilt.append(sorted(str(p.parent.relative_to(root / "dirty")) for p in changed))
first.plugins.on_shutdown()
print(json.dumps(rebuilt))
"""


def test_dirty_rebuilds_give_the_site_a_full_build_gives(tmp_path) -> None:
    """After an edit to a report's text, then to its title (shown on many pages), `mkdocs serve --dirty` has
    rebuilt just the pages it must: its pages and search index are those of a full build of the same content."""
    repo_project(tmp_path, SEEDS_CONTENT)
    edits = [
        {"path": REPORT, "old": "## News release", "new": "An editor added this paragraph.\n\n## News release"},
        {"path": REPORT, "old": 'title: "', "new": 'title: "Retitled: '},
    ]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795478400"}
    run = subprocess.run(
        [sys.executable, "-c", _DIRTY_BUILDS, str(tmp_path), json.dumps(edits)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    text_edit, title_edit = json.loads(run.stdout.strip().splitlines()[-1])
    full = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "full")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert full.returncode == 0, full.stderr[-3000:]

    def pages(site: Path) -> dict[str, str]:
        # The preview's pages say the preview's address where a full build says the site's.
        return {
            str(p.relative_to(site)): p.read_text(encoding="utf-8").replace(
                "http://127.0.0.1:8000/", "https://example.org/"
            )
            for p in site.rglob("*.html")
        }

    def search_index(site: Path) -> dict[str, bytes]:
        # Made in the background after each rebuild of the preview; the preview's end waits for the last.
        return {str(p.relative_to(site)): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()}

    dirty, clean = pages(tmp_path / "dirty"), pages(tmp_path / "full")
    assert text_edit == ["areas/moray/2019-progress-review"]
    assert len(title_edit) > 10
    assert [name for name in clean if dirty.get(name) != clean[name]] == []
    assert search_index(tmp_path / "full")
    assert search_index(tmp_path / "dirty") == search_index(tmp_path / "full")


_SERVE_BUILDS = """
import json, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
root, dirty = Path(sys.argv[1]), sys.argv[3] == "dirty"
def config():
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=False)
    config.site_url = "http://127.0.0.1:8000/"
    return config
first = config()
first.plugins.on_startup(command="serve", dirty=dirty)
pages = []
for edit in [None, *json.loads(sys.argv[2])]:
    if edit is not None:
        path = root / edit["path"]
        path.write_text(path.read_text(encoding="utf-8").replace(edit["old"], edit["new"], 1), encoding="utf-8")
    build(config() if edit is not None else first, serve_url="http://127.0.0.1:8000/", dirty=dirty)
    site = root / "site"
    pages.append({str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in site.rglob("*.html")})
first.plugins.on_shutdown()
print(json.dumps(pages))
"""

BANNER = "This page may be out of date."
_BROKEN = {"path": REPORT, "old": "type: progress-review", "new": 'type: "<b>progress-reveiw</b>"'}
_FIXED = {"path": REPORT, "old": 'type: "<b>progress-reveiw</b>"', "new": "type: progress-review"}


def _serve_builds(
    tmp_path: Path, edits: list[dict[str, str]], *, dirty: bool, broken: bool = False
) -> list[dict[str, str]]:
    """The pages of the live preview (built in-process, as mkdocs serve does) after each edit, the first build
    included; with ``broken``, the content has the mistake from the start."""
    repo_project(tmp_path, SEEDS_CONTENT)
    if broken:
        path = tmp_path / _BROKEN["path"]
        path.write_text(path.read_text(encoding="utf-8").replace(_BROKEN["old"], _BROKEN["new"], 1), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795478400"}
    arguments = [str(tmp_path), json.dumps(edits), "dirty" if dirty else "full"]
    run = subprocess.run(
        [sys.executable, "-c", _SERVE_BUILDS, *arguments], env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def _error_line(root: Path) -> int:
    """The line of the broken key in the broken report."""
    lines = (root / REPORT).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith("type:"))


@pytest.mark.parametrize("dirty", [True, False], ids=["serve --dirty", "serve"])
def test_every_page_of_the_preview_says_the_content_has_errors_until_they_are_fixed(tmp_path, dirty) -> None:
    """While the content has errors, every page the preview serves carries a banner listing them (file, line,
    message, escaped) and saying the page may be out of date; the banner goes when they are fixed."""
    before, broken, fixed = _serve_builds(tmp_path, [_BROKEN, _FIXED], dirty=dirty)
    line = _error_line(tmp_path)

    assert len(before) > 40
    assert [name for name, page in before.items() if BANNER in page] == []
    assert sorted(broken) == sorted(before)  # the last site that could be built, every page of it
    without = [name for name, page in broken.items() if BANNER not in page or f"{REPORT}:{line}" not in page]
    assert without == []
    report = broken["areas/moray/2019-progress-review/index.html"]
    # The message quotes what the editor wrote, HTML and all: escaped, as all editor text.
    assert "&lt;b&gt;progress-reveiw&lt;/b&gt;" in report
    assert [name for name, page in broken.items() if "<b>progress-reveiw</b>" in page] == []
    assert [name for name, page in fixed.items() if BANNER in page] == []
    assert fixed == before


def test_a_preview_that_starts_with_errors_lists_them_on_every_page(tmp_path) -> None:
    """With no site built yet, the index pages list the errors, and every page has the banner."""
    (first,) = _serve_builds(tmp_path, [], dirty=True, broken=True)

    assert "Content errors" in first["index.html"]
    assert "&lt;b&gt;progress-reveiw&lt;/b&gt;" in first["index.html"]
    assert [name for name, page in first.items() if BANNER not in page] == []
