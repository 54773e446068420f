"""Record pages rendered in forked processes (generator/parallel.py): the same site as one process builds,
with the forked processes' warnings counted and their failures reported."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any, ClassVar

import pytest
from mkdocs.exceptions import Abort
from synthetic_projects import repo_plugin_options, synthetic

from generator import plugin
from generator.parallel import Share, WorkerError, split

REPORTS = 120  # enough record pages for three processes at both stages (plugin.MIN_SHARE each)


def test_split_keeps_the_order_and_shares_the_weight() -> None:
    keys = list(range(100))
    for parts, first in [(2, None), (3, None), (2, 0.2), (4, 0.05)]:
        runs = split(keys, [1] * 100, parts, first)
        assert len(runs) == parts
        assert [key for run in runs for key in run] == keys
        expected = 100 / parts if first is None else 100 * first
        assert abs(len(runs[0]) - expected) <= 1
        rest = [len(run) for run in runs[1:]]
        assert max(rest) - min(rest) <= 1
    heavy_last = split(list(range(10)), [1] * 9 + [91], 2)
    assert heavy_last == [list(range(9)), [9]]


def _shout(key: str) -> str:
    logging.getLogger("tests.parallel").warning("rendering %s", key)
    return key.upper()


def test_a_share_gives_results_and_their_log_records_here(caplog: pytest.LogCaptureFixture) -> None:
    share = Share(["a", "b", "c"], _shout)
    assert "b" in share
    with caplog.at_level(logging.WARNING, logger="tests.parallel"):
        assert [share.result(key) for key in ["a", "b", "c"]] == ["A", "B", "C"]
    assert [r.getMessage() for r in caplog.records if r.name == "tests.parallel"] == [
        "rendering a",
        "rendering b",
        "rendering c",
    ]
    assert "a" not in share


def _fail(key: str) -> str:
    raise ValueError(f"cannot render {key}")


def test_a_failure_in_a_forked_process_is_raised_with_its_traceback() -> None:
    share = Share(["x"], _fail)
    with pytest.raises(WorkerError, match=r"(?s)Traceback.*ValueError: cannot render x"):
        share.result("x")


def test_a_forked_process_that_dies_is_reported() -> None:
    share = Share(["x"], lambda key: os._exit(3))
    with pytest.raises(WorkerError, match="exit code 3"):
        share.result("x")


class _CountedShare(Share[Any, Any]):
    made: ClassVar[list[int]] = []

    def __post_init__(self) -> None:
        _CountedShare.made.append(len(self.keys))
        super().__post_init__()


def _project(tmp_path_factory: pytest.TempPathFactory, make_project: Any, name: str, processes: int) -> Path:
    options = {**repo_plugin_options(), "processes": processes}
    root = make_project(tmp_path_factory.mktemp(name), {}, plugin_options=options)
    synthetic().write_synthetic_content(root / "content", REPORTS)
    return root


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def test_forked_processes_build_the_same_site_as_one(
    tmp_path_factory: pytest.TempPathFactory, make_project: Any, build_project: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = build_project(_project(tmp_path_factory, make_project, "alone", 1))
    monkeypatch.setattr(plugin, "Share", _CountedShare)
    _CountedShare.made = []
    shared = build_project(_project(tmp_path_factory, make_project, "shared", 3))
    # Two forked processes for the Markdown, two for the templates, each with its share of the record pages.
    assert len(_CountedShare.made) == 4
    assert all(count >= plugin.MIN_SHARE // 2 for count in _CountedShare.made)
    alone_files, shared_files = _files(alone), _files(shared)
    assert sorted(alone_files) == sorted(shared_files)
    different = [name for name in alone_files if alone_files[name] != shared_files[name]]
    assert different == []
    assert "search/search_index.json" in alone_files


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


def test_a_failure_while_rendering_stops_the_build(
    tmp_path_factory: pytest.TempPathFactory,
    make_project: Any,
    build_project: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    root = _project(tmp_path_factory, make_project, "failing", 2)
    broken = sorted((root / "content" / "reports").glob("*/*.md"))[-1]
    real = plugin.InspectionsPlugin._record_content

    def record_content(self: plugin.InspectionsPlugin, page: Any, spec: Any, config: Any) -> Any:
        if spec.key == f"{broken.parent.name}/{broken.stem}":
            raise RuntimeError("the template broke")
        return real(self, page, spec, config)

    monkeypatch.setattr(plugin.InspectionsPlugin, "_record_content", record_content)
    with pytest.raises(Abort, match="Aborted with a BuildError"):
        build_project(root)
    failed = r"(?s)Rendering areas/.*/index\.md failed:.*RuntimeError: the template broke"
    assert any(re.match(failed, record.getMessage()) for record in caplog.records if record.levelno == logging.ERROR)
