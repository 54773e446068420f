"""Generated pages rendered by workers (generator/build/workers.py, generator/plugin/parallel.py): the same site
as one process builds, with the workers' warnings counted and their failures reported."""

from __future__ import annotations

import gc
import logging
import os
import re
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

import pytest
from mkdocs.exceptions import Abort
from synthetic_projects import repo_plugin_options, synthetic_project

from generator.build import workers as parallel
from generator.build.workers import Worker, Workers, split
from generator.content.settings import Settings
from generator.content.validate import load_content
from generator.plugin.parallel import MIN_PAGES
from generator.plugin.rendering import Renderer
from generator.plugin.site_build import MIN_FORKED_CHECKS

REPORTS = 120  # enough record pages for three processes at both stages (MIN_PAGES each)


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


def test_a_worker_gives_what_it_did_with_its_log_records(caplog: pytest.LogCaptureFixture) -> None:
    worker = Worker(["a", "b", "c"], _shout)
    assert worker.wait(timeout=30)
    with caplog.at_level(logging.WARNING, logger="tests.parallel"):
        assert [worker.take(key) for key in ["a", "b", "c"]] == ["A", "B", "C"]
    # Logged again here when taken, in the build's order (the forked process went from the last).
    assert [r.getMessage() for r in caplog.records if r.name == "tests.parallel"] == [
        "rendering a",
        "rendering b",
        "rendering c",
    ]
    worker.close()


def _fail_on_b(key: str) -> str:
    if key == "b":
        raise ValueError("cannot render b")
    return key.upper()


def test_a_worker_stops_at_a_failure_and_leaves_the_rest_to_the_build() -> None:
    worker = Worker(["a", "b", "c"], _fail_on_b)
    assert worker.wait(timeout=30)
    # From the last: c done, b failed, a never reached; the build renders a and b itself (and fails on b).
    assert [worker.take(key) for key in ["a", "b", "c"]] == [None, None, "C"]
    worker.close()


def test_a_forked_process_that_dies_leaves_everything_to_the_build() -> None:
    worker = Worker(["x", "y"], lambda key: os._exit(3))
    assert worker.wait(timeout=30)
    assert [worker.take(key) for key in ["x", "y"]] == [None, None]
    worker.close()


def test_a_worker_collects_everything_it_did(caplog: pytest.LogCaptureFixture) -> None:
    worker = Worker(["a", "b", "c"], _shout)
    with caplog.at_level(logging.WARNING, logger="tests.parallel"):
        assert worker.collect() == {"a": "A", "b": "B", "c": "C"}
    assert sorted(r.getMessage() for r in caplog.records if r.name == "tests.parallel") == [
        "rendering a",
        "rendering b",
        "rendering c",
    ]
    worker.close()
    failing = Worker(["a", "b", "c"], _fail_on_b)
    assert failing.collect() == {"c": "C"}
    failing.close()
    dying = Worker(["x", "y"], lambda key: os._exit(3))
    assert dying.collect() == {}
    dying.close()


def _large(key: str) -> str:
    return key * 300_000  # far more than a pipe holds


def test_results_larger_than_the_pipe_and_more_than_it_holds_all_arrive() -> None:
    worker = Worker([str(n) for n in range(20)], _large)
    assert worker.collect() == {str(n): str(n) * 300_000 for n in range(20)}
    worker.close()


def _write_slowly(path: str) -> bool:
    with parallel.uninterrupted():
        Path(path).write_text("started", encoding="utf-8")
        time.sleep(0.5)
        Path(path).write_text("finished", encoding="utf-8")
    return True


def test_what_a_forked_process_does_uninterrupted_it_finishes_when_stopped(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    worker = Worker([str(path)], _write_slowly)
    deadline = time.monotonic() + 30
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    worker.close()  # while it writes: it finishes the file, then stops
    assert path.read_text(encoding="utf-8") == "finished"


def test_workers_of_a_stage_are_taken_from_and_closed_together() -> None:
    workers = Workers(3)
    assert workers.processes == 3
    assert workers.start("stage", list(range(100)), [1] * 100, _slow, minimum=50)
    results = {}
    for key in range(100):  # as the build goes: what a worker has done, else the build's own
        results[key] = workers.take("stage", key)
        if results[key] is None:
            time.sleep(0.01)
    assert results[0] is None  # the build's own, done before a worker reached it
    assert results[99] == 99
    assert workers.take("stage", 99) is None  # taken once
    workers.close()
    assert not workers.start("small", [1, 2], [1, 1], _slow, minimum=50)  # too few to fork for
    assert Workers(3, enabled=False).processes == 1
    workers.close()


def _slow(key: int) -> int:
    time.sleep(0.01)
    return key


@pytest.mark.parametrize("freeze", [True, False])
def test_the_build_freezes_its_objects_before_it_forks(*, freeze: bool) -> None:
    """Frozen objects are left alone by the collections of both processes, so the memory they share is not copied
    (the worker does the same work either way)."""
    gc.unfreeze()
    try:
        worker = Worker(["a", "b"], _shout, freeze=freeze)
        assert (gc.get_freeze_count() > 0) is freeze
        assert sorted(worker.collect()) == ["a", "b"]
        worker.close()
    finally:
        gc.unfreeze()


def test_the_build_and_a_worker_meet_and_the_worker_stops() -> None:
    keys = list(range(200))
    worker = Worker(keys, _slow)
    taken = []
    for key in keys:  # as the build goes: what the process has done, else the build's own
        value = worker.take(key)
        taken.append("process" if value is not None else "build")
        if value is None:
            time.sleep(0.01)
    assert taken[0] == "build"
    assert taken[-1] == "process"
    # One meeting point: the build did a run from the first key, the process the rest.
    assert taken == sorted(taken)
    assert worker.wait(timeout=30)  # it stopped where they met, instead of doing the build's keys again
    worker.close()


class _CountedWorker(Worker[Any, Any]):
    made: ClassVar[list[int]] = []

    taken: ClassVar[int] = 0

    def __init__(self, keys: Any, work: Any, **options: Any) -> None:
        _CountedWorker.made.append(len(keys))
        super().__init__(keys, work, **options)

    def take(self, key: Any) -> Any:
        value = super().take(key)
        _CountedWorker.taken += value is not None
        return value


Project = Callable[[str, int], Path]


@pytest.fixture(name="project")
def _project(tmp_path_factory: pytest.TempPathFactory, make_project: Any) -> Project:
    """Writes the synthetic project of REPORTS reports in a new folder, built with that many processes."""

    def project(name: str, processes: int) -> Path:
        return synthetic_project(make_project, tmp_path_factory.mktemp(name), REPORTS, processes=processes)

    return project


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def test_forked_processes_build_the_same_site_as_one(
    project: Project,
    build_project: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    alone = build_project(project("alone", 1))
    monkeypatch.setattr(parallel, "Worker", _CountedWorker)
    _CountedWorker.made, _CountedWorker.taken = [], 0
    with caplog.at_level(logging.INFO):
        shared = build_project(project("shared", 3))
    # MkDocs wrote nothing over the pages workers wrote, and did not say it skipped them.
    assert [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()] == []
    # One worker compiling the templates (nothing is kept yet); two checking the report files, half each; then two
    # for each stage of the pages, each with half of that stage's pages: their Markdown, then the whole page.
    assert len(_CountedWorker.made) == 7
    assert _CountedWorker.made[:3] == [1, REPORTS // 2, REPORTS // 2]
    assert all(count >= MIN_PAGES // 2 for count in _CountedWorker.made[3:])
    assert _CountedWorker.taken > 0  # and the build took pages they rendered
    alone_files, shared_files = _files(alone), _files(shared)
    assert sorted(alone_files) == sorted(shared_files)
    different = [name for name in alone_files if alone_files[name] != shared_files[name]]
    assert different == []
    assert "pagefind/pagefind-entry.json" in alone_files


def test_forked_processes_check_the_content_as_one_does(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    content_dir = project("checked", 1) / "content"
    reports = sorted(content_dir.glob("reports/*/*.md"))
    assert len(reports) >= MIN_FORKED_CHECKS
    # Mistakes where each process starts and where they may meet.
    for path in (reports[0], reports[len(reports) // 2], reports[-1]):
        path.write_text(path.read_text(encoding="utf-8").replace("\ntitle:", "\ntitel:", 1), encoding="utf-8")
    settings = Settings(report_types=tuple(repo_plugin_options()["report_types"]))
    monkeypatch.setattr(parallel, "Worker", _CountedWorker)
    results = {}
    for processes in (1, 3):
        _CountedWorker.made, _CountedWorker.taken = [], 0
        shared = partial(parallel.ordered_map, processes=processes, minimum=MIN_FORKED_CHECKS)
        results[processes] = load_content(content_dir, settings, map_reports=shared)
    assert _CountedWorker.made == [len(reports) // 2, len(reports) // 2]
    assert _CountedWorker.taken > 0
    errors = results[1][1]
    assert [error.key for error in errors].count("titel") == 3
    assert results[3][1] == errors
    assert results[3][0] == results[1][0]


def test_warnings_in_forked_processes_count_in_strict_mode(project: Project, build_project: Any) -> None:
    messages = {}
    for processes in (1, 3):
        root = project(f"warned-{processes}", processes)
        for report in (root / "content" / "reports").glob("*/*.md"):
            # A link to a page that does not exist: MkDocs warns while rendering the Markdown.
            report.write_text(report.read_text(encoding="utf-8") + "\nSee [the missing page](missing.md).\n")
        with pytest.raises(Abort) as aborted:
            build_project(root)
        messages[processes] = str(aborted.value)
    assert messages[3] == messages[1]
    assert re.fullmatch(r"Aborted with \d+ warnings in strict mode!", messages[1])


def test_links_to_sections_of_other_pages_are_checked_as_in_one_process(
    project: Project, build_project: Any, caplog: pytest.LogCaptureFixture
) -> None:
    messages = {}
    for processes in (1, 3):
        root = project(f"anchors-{processes}", processes)
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
    project: Project,
    build_project: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    real = Renderer.render
    for processes in (1, 2):
        root = project(f"failing-{processes}", processes)
        # The last report: the forked process meets it first, and leaves it to the build.
        broken = sorted((root / "content" / "reports").glob("*/*.md"))[-1]
        broken_id = f"{broken.parent.name}/{broken.stem}"

        def render(self: Renderer, page: Any, spec: Any, config: Any, key: str = broken_id) -> Any:
            if spec.key == key:
                raise RuntimeError("the template broke")
            return real(self, page, spec, config)

        monkeypatch.setattr(Renderer, "render", render)
        caplog.clear()
        with pytest.raises(RuntimeError, match="the template broke"):
            build_project(root)
        errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
        assert errors == [f"Error building page 'areas/{broken_id}/index.md': the template broke"]


@pytest.mark.parametrize(("package", "version"), [("mkdocs", "1.6.1"), ("properdocs", "1.6.7")])
def test_the_private_code_the_plugin_follows_is_of_the_pinned_version(package: str, version: str) -> None:
    """generator/plugin/parallel.py builds a page in a worker as MkDocs' private ``_build_page`` does (a copy of
    its steps), and drops its one INFO record (a page skipped) for pages a worker wrote; preview.py drops the one
    warning of ``build`` (a dirty build). A new version of MkDocs or ProperDocs must be compared with them first."""
    import importlib
    import inspect

    module = importlib.import_module(f"{package}.commands.build")
    assert importlib.import_module(package).__version__ == version
    build_page = inspect.getsource(module._build_page)
    steps = [
        "get_context(",
        "env.get_template(",
        ".on_page_context(",
        "template.render(",
        ".on_post_page(",
        "write_file(",
    ]
    positions = [build_page.find(step) for step in steps]
    assert -1 not in positions
    assert positions == sorted(positions)
    assert build_page.count("log.info(") == 1
    assert inspect.getsource(module.build).count("log.warning(") == 1
