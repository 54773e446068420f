"""The live preview: `mkdocs serve` rebuilds on content changes, shows content errors and keeps serving."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.cli import main as inspections

REPO = Path(__file__).resolve().parent.parent
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
    """A copy of the site served by `mkdocs serve --dirty` (as `make serve` runs it) on a free port."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(config.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}"))
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
    """A broken report prints check's message and an error page; fixing it brings the page back."""
    root, base, process, log = preview
    report = root / REPORT
    original = report.read_text(encoding="utf-8")
    report.write_text(original.replace("type: progress-review", "type: progress-reveiw"), encoding="utf-8")

    monkeypatch.chdir(root)  # as an editor runs check, from the project folder
    assert 1 == inspections(["check"])
    expected = capsys.readouterr().out.strip()
    assert wait_for(lambda: expected in log.read_text(encoding="utf-8")), log.read_text(encoding="utf-8")
    assert wait_for(lambda: "Content errors" in fetch(base))
    assert "progress-reveiw" in fetch(base)
    assert process.poll() is None

    report.write_text(original.replace('title: "', 'title: "Revised — ', 1), encoding="utf-8")
    assert wait_for(lambda: "Revised —" in fetch(base + "areas/moray/2019-progress-review/")), log.read_text()
    assert "Content errors" not in fetch(base)
    assert process.poll() is None


def test_a_changed_report_leaves_only_unrelated_areas_unbuilt(tmp_path, write_tree) -> None:
    """Dirty rebuilds skip the areas a changed report cannot affect, and rebuild those it can (rated AFIs)."""
    from generator import Settings, read_site
    from generator.plugin import _stamps, _unchanged_areas

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
    before_site, before = read_site(content, Settings(), day), _stamps(content)
    (content / "reports/a/i.md").write_text(inspection.replace("X.", "X reworded."), encoding="utf-8")
    after_site, after = read_site(content, Settings(), day), _stamps(content)

    assert {"c"} == _unchanged_areas(before_site, after_site, before, after)
    (content / "areas/c.md").write_text(area.format("C"), encoding="utf-8")
    assert set() == _unchanged_areas(after_site, read_site(content, Settings(), day), after, _stamps(content))
