"""Record pages rendered in forked processes (generator/parallel.py): the same site as one process builds,
with the forked processes' warnings counted and their failures reported."""

from __future__ import annotations

import logging
import os
import re
import time
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

import pytest
from mkdocs.exceptions import Abort
from synthetic_projects import repo_plugin_options, synthetic_project

from generator.build import workers as parallel
from generator.build.workers import Share, split
from generator.content.settings import Settings
from generator.content.validate import load_content
from generator.plugin import events as plugin

REPORTS = 120  # enough record pages for three processes at both stages (plugin.MIN_SHARE each)


def test_split_keeps_the_order_and_shares_the_weight() -> None:
    keys = list(range(100))
    for parts in (1, 2, 3, 4):
        runs = split(keys, [1] * 100, parts)
        assert len(runs) == parts
        assert [key for run in runs for key in run] == keys
        sizes = [len(run) for run in runs]
        assert max(sizes) - min(sizes) <= 1
    assert split(list(range(10)), [1] * 9 + [91], 2) == [list(range(9)), [9]]


def _shout(key: str) -> str:
    logging.getLogger("tests.parallel").warning("rendering %s", key)
    return key.upper()


def test_a_share_gives_what_it_did_with_its_log_records(caplog: pytest.LogCaptureFixture) -> None:
    share = Share(["a", "b", "c"], _shout)
    assert share.wait(timeout=30)
    with caplog.at_level(logging.WARNING, logger="tests.parallel"):
        assert [share.take(key) for key in ["a", "b", "c"]] == ["A", "B", "C"]
    # Logged again here when taken, in the build's order (the forked process went from the last).
    assert [r.getMessage() for r in caplog.records if r.name == "tests.parallel"] == [
        "rendering a",
        "rendering b",
        "rendering c",
    ]
    share.close()


def _fail_on_b(key: str) -> str:
    if key == "b":
        raise ValueError("cannot render b")
    return key.upper()


def test_a_share_stops_at_a_failure_and_leaves_the_rest_to_the_build() -> None:
    share = Share(["a", "b", "c"], _fail_on_b)
    assert share.wait(timeout=30)
    # From the last: c done, b failed, a never reached; the build renders a and b itself (and fails on b).
    assert [share.take(key) for key in ["a", "b", "c"]] == [None, None, "C"]
    share.close()


def test_a_forked_process_that_dies_leaves_everything_to_the_build() -> None:
    share = Share(["x", "y"], lambda key: os._exit(3))
    assert share.wait(timeout=30)
    assert [share.take(key) for key in ["x", "y"]] == [None, None]
    share.close()


def test_a_share_collects_everything_it_did(caplog: pytest.LogCaptureFixture) -> None:
    share = Share(["a", "b", "c"], _shout)
    with caplog.at_level(logging.WARNING, logger="tests.parallel"):
        assert share.collect() == {"a": "A", "b": "B", "c": "C"}
    assert sorted(r.getMessage() for r in caplog.records if r.name == "tests.parallel") == [
        "rendering a",
        "rendering b",
        "rendering c",
    ]
    share.close()
    failing = Share(["a", "b", "c"], _fail_on_b)
    assert failing.collect() == {"c": "C"}
    failing.close()
    dying = Share(["x", "y"], lambda key: os._exit(3))
    assert dying.collect() == {}
    dying.close()


def _large(key: str) -> str:
    return key * 300_000  # far more than a pipe holds


def test_results_larger_than_the_pipe_and_more_than_it_holds_all_arrive() -> None:
    share = Share([str(n) for n in range(20)], _large)
    assert share.collect() == {str(n): str(n) * 300_000 for n in range(20)}
    share.close()


def _mark(path: str) -> bool:
    with open(path, "x", encoding="utf-8"):
        return True


def test_a_share_that_sends_nothing_does_its_work(tmp_path: Path) -> None:
    paths = [str(tmp_path / f"{n}.txt") for n in range(5)]
    share = Share(paths, _mark, send=False)
    assert share.collect() == {}
    assert all(Path(path).is_file() for path in paths)
    share.close()


def _write_slowly(path: str) -> bool:
    with parallel.uninterrupted():
        Path(path).write_text("started", encoding="utf-8")
        time.sleep(0.5)
        Path(path).write_text("finished", encoding="utf-8")
    return True


def test_what_a_forked_process_does_uninterrupted_it_finishes_when_stopped(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    share = Share([str(path)], _write_slowly)
    deadline = time.monotonic() + 30
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    share.close()  # while it writes: it finishes the file, then stops
    assert path.read_text(encoding="utf-8") == "finished"


def _slow(key: int) -> int:
    time.sleep(0.01)
    return key


def test_the_build_and_a_share_meet_and_the_share_stops() -> None:
    keys = list(range(200))
    share = Share(keys, _slow)
    taken = []
    for key in keys:  # as the build goes: what the process has done, else the build's own
        value = share.take(key)
        taken.append("process" if value is not None else "build")
        if value is None:
            time.sleep(0.01)
    assert taken[0] == "build"
    assert taken[-1] == "process"
    # One meeting point: the build did a run from the first key, the process the rest.
    assert taken == sorted(taken)
    assert share.wait(timeout=30)  # it stopped where they met, instead of doing the build's keys again
    share.close()


class _CountedShare(Share[Any, Any]):
    made: ClassVar[list[int]] = []

    taken: ClassVar[int] = 0

    def __init__(self, keys: Any, work: Any, **options: Any) -> None:
        _CountedShare.made.append(len(keys))
        super().__init__(keys, work, **options)

    def take(self, key: Any) -> Any:
        value = super().take(key)
        _CountedShare.taken += value is not None
        return value


def _project(tmp_path_factory: pytest.TempPathFactory, make_project: Any, name: str, processes: int) -> Path:
    return synthetic_project(make_project, tmp_path_factory.mktemp(name), REPORTS, processes=processes)


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def test_forked_processes_build_the_same_site_as_one(
    tmp_path_factory: pytest.TempPathFactory,
    make_project: Any,
    build_project: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    alone = build_project(_project(tmp_path_factory, make_project, "alone", 1))
    monkeypatch.setattr(plugin, "Share", _CountedShare)
    monkeypatch.setattr(parallel, "Share", _CountedShare)
    _CountedShare.made, _CountedShare.taken = [], 0
    with caplog.at_level(logging.INFO):
        shared = build_project(_project(tmp_path_factory, make_project, "shared", 3))
    # MkDocs wrote nothing over the pages forked processes wrote, and did not say it skipped them.
    assert [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()] == []
    # One forked process compiling the templates (one for each kind of page, main.html and the theme's static
    # pages); two checking the report files, half each; one making the data files;
    # then two for each stage of the pages, each with half of that stage's pages: creating their files, their
    # Markdown, their templates.
    assert len(_CountedShare.made) == 10
    assert _CountedShare.made[0] > len(plugin.Kind) + 1
    assert _CountedShare.made[1:4] == [REPORTS // 2, REPORTS // 2, 1]
    assert all(count >= plugin.MIN_SHARE // 2 for count in _CountedShare.made[4:])
    assert _CountedShare.taken > 0  # and the build took pages they rendered
    alone_files, shared_files = _files(alone), _files(shared)
    assert sorted(alone_files) == sorted(shared_files)
    different = [name for name in alone_files if alone_files[name] != shared_files[name]]
    assert different == []
    assert "pagefind/pagefind-entry.json" in alone_files


def test_forked_processes_check_the_content_as_one_does(
    tmp_path_factory: pytest.TempPathFactory, make_project: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    content_dir = _project(tmp_path_factory, make_project, "checked", 1) / "content"
    reports = sorted(content_dir.glob("reports/*/*.md"))
    assert len(reports) >= plugin.MIN_FORKED_CHECKS
    # Mistakes where each process starts and where they may meet.
    for path in (reports[0], reports[len(reports) // 2], reports[-1]):
        path.write_text(path.read_text(encoding="utf-8").replace("\ntitle:", "\ntitel:", 1), encoding="utf-8")
    settings = Settings(report_types=tuple(repo_plugin_options()["report_types"]))
    monkeypatch.setattr(parallel, "Share", _CountedShare)
    results = {}
    for processes in (1, 3):
        _CountedShare.made, _CountedShare.taken = [], 0
        shared = partial(parallel.ordered_map, processes=processes, minimum=plugin.MIN_FORKED_CHECKS)
        results[processes] = load_content(content_dir, settings, map_reports=shared)
    assert _CountedShare.made == [len(reports) // 2, len(reports) // 2]
    assert _CountedShare.taken > 0
    errors = results[1][1]
    assert [error.key for error in errors].count("titel") == 3
    assert results[3][1] == errors
    assert results[3][0] == results[1][0]


def test_warnings_in_forked_processes_count_in_strict_mode(
    tmp_path_factory: pytest.TempPathFactory, make_project: Any, build_project: Any
) -> None:
    messages = {}
    for processes in (1, 3):
        root = _project(tmp_path_factory, make_project, f"warned-{processes}", processes)
        for report in (root / "content" / "reports").glob("*/*.md"):
            # A link to a page that does not exist: MkDocs warns while rendering the Markdown.
            report.write_text(report.read_text(encoding="utf-8") + "\nSee [the missing page](missing.md).\n")
        with pytest.raises(Abort) as aborted:
            build_project(root)
        messages[processes] = str(aborted.value)
    assert messages[3] == messages[1]
    assert re.fullmatch(r"Aborted with \d+ warnings in strict mode!", messages[1])


def test_links_to_sections_of_other_pages_are_checked_as_in_one_process(
    tmp_path_factory: pytest.TempPathFactory, make_project: Any, build_project: Any, caplog: pytest.LogCaptureFixture
) -> None:
    messages = {}
    for processes in (1, 3):
        root = _project(tmp_path_factory, make_project, f"anchors-{processes}", processes)
        reports = sorted((root / "content" / "reports").glob("*/*.md"))
        for report in reports:
            # Each report links to a section of the next that does not exist, and to one that does.
            other = reports[(reports.index(report) + 1) % len(reports)]
            page = f"../../{other.parent.name}/{other.stem}/index.md"
            text = f"\nSee [a missing section]({page}#no-such-section) and [its text]({page}#insp-publication-text).\n"
            report.write_text(report.read_text(encoding="utf-8") + text, encoding="utf-8")
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs"):
            build_project(root)
        messages[processes] = sorted(r.getMessage() for r in caplog.records if "#" in r.getMessage())
    # MkDocs checks every link to a section once all pages are rendered, wherever their Markdown was rendered.
    assert len(messages[1]) == REPORTS
    assert all("no-such-section" in message for message in messages[1])
    assert messages[3] == messages[1]


def test_a_failure_while_rendering_stops_the_build_as_in_one_process(
    tmp_path_factory: pytest.TempPathFactory,
    make_project: Any,
    build_project: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    real = plugin.InspectionsPlugin._record_content
    for processes in (1, 2):
        root = _project(tmp_path_factory, make_project, f"failing-{processes}", processes)
        # The last report: the forked process meets it first, and leaves it to the build.
        broken = sorted((root / "content" / "reports").glob("*/*.md"))[-1]
        broken_id = f"{broken.parent.name}/{broken.stem}"

        def record_content(
            self: plugin.InspectionsPlugin, page: Any, spec: Any, config: Any, key: str = broken_id
        ) -> Any:
            if spec.key == key:
                raise RuntimeError("the template broke")
            return real(self, page, spec, config)

        monkeypatch.setattr(plugin.InspectionsPlugin, "_record_content", record_content)
        caplog.clear()
        with pytest.raises(RuntimeError, match="the template broke"):
            build_project(root)
        errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
        assert errors == [f"Error building page 'areas/{broken_id}/index.md': the template broke"]


def test_the_files_of_pages_are_created_empty_and_never_over_a_page(tmp_path: Path) -> None:
    written = tmp_path / "areas" / "north" / "index.html"
    written.parent.mkdir(parents=True)
    written.write_text("<html>the page</html>", encoding="utf-8")
    plugin._create_empty(str(written))  # the build wrote it first: it stays as written
    assert written.read_text(encoding="utf-8") == "<html>the page</html>"
    ahead = tmp_path / "areas" / "south" / "report" / "index.html"
    plugin._create_empty(str(ahead))
    assert ahead.read_bytes() == b""


def test_at_the_end_of_the_command_the_objects_are_frozen_for_the_exit() -> None:
    import gc

    gc.unfreeze()
    try:
        plugin.InspectionsPlugin().on_shutdown()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
