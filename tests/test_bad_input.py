"""Bad input: every malformed content tree is refused with its file, line and key, never with a traceback.

``tests/bad_input/_base/`` is a small valid site (two areas; a joint inspection with AFIs, grades and a
commitment; a progress review following it; a second area's inspection and a council report closing its
commitment; ``notices.yml``; ``themes.yml``). Each other folder there is one case: the files that differ from
the base (a file named ``X.delete`` removes ``X``) and ``expected.json``::

    {"plugin_options": {...},                                  # optional, for mkdocs.yml
     "errors": [[path, line, key, "phrase in the message"], ...]}

Each case is checked three ways: ``inspections check --format json`` (exact path, line and key of every error,
each message containing its phrase), the text format (``path:line: key: what is wrong — how to fix it``), and a
real in-process MkDocs build (it fails with the PluginError and logs the same lines). The base itself checks and
builds clean, so each case holds exactly its own mistake; one test combines many cases in one tree.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REFERENCE_EPOCH, build_project, make_project
from mkdocs.exceptions import Abort, PluginError

from generator.editors.cli import main

CASES_DIR = Path(__file__).resolve().parent / "bad_input"
BASE = CASES_DIR / "_base"
CASES = sorted(path.name for path in CASES_DIR.iterdir() if path.is_dir() and not path.name.startswith("_"))
DELETE = ".delete"
FIX = " — "  # separates what is wrong from how to fix it

# Cases whose files differ and whose mistakes do not hide one another, for the all-at-once test.
COMBINED = (
    "unknown-key-area",  # content/areas/north.md
    "html-in-body",  # content/areas/south.md
    "unknown-grade",  # content/reports/north/2017-02-joint-inspection.md
    "unknown-rating",  # content/reports/north/2017-12-progress-review.md
    "unknown-theme",  # content/reports/south/2016-05-joint-inspection.md
    "bad-date-format",  # content/reports/south/2016-09-council-report.md
    "bad-theme-id",  # content/themes.yml
    "unknown-language-tag",  # content/notices.yml
    "not-markdown-in-content",
    "area-as-yaml-file",
    "follows-cycle",
    "afi-without-follows",
    "ambiguous-afi",
)

# Near misses are answered with the likely intended value.
NEAR_MISSES = {
    "AFI slug": ("dangling-afi", "(did you mean 'leadership'?)"),
    "report id": ("dangling-follows", "(did you mean 'north/2017-02-joint-inspection'?)"),
    "theme": ("unknown-theme", "(did you mean 'planning'?)"),
    "grade": ("unknown-grade", "(did you mean 'weak'?)"),
    "rating": ("unknown-rating", "(did you mean 'encouraging'?)"),
    "language tag": ("unknown-language-tag", "(did you mean 'gd' (Scottish Gaelic)"),
}

Row = tuple[str, int, str, str]


def expected_of(case: str) -> dict[str, Any]:
    return json.loads((CASES_DIR / case / "expected.json").read_text(encoding="utf-8"))


def overlay_files(case: str) -> list[Path]:
    """The case's files (relative to its folder), without expected.json."""
    folder = CASES_DIR / case
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file() and p.name != "expected.json")


def assemble(root: Path, *cases: str) -> Path:
    """The base tree with the cases' files laid over it, as a project (mkdocs.yml, docs/) in ``root``."""
    shutil.copytree(BASE, root, dirs_exist_ok=True)
    options: dict[str, Any] = {}
    for case in cases:
        options.update(expected_of(case).get("plugin_options", {}))
        for relative in overlay_files(case):
            if relative.name.endswith(DELETE):
                (root / relative.parent / relative.name.removesuffix(DELETE)).unlink()
            else:
                (root / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(CASES_DIR / case / relative, root / relative)
    return make_project(root, {}, plugin_options=options)


def check(root: Path, fmt: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple:
    """``inspections check --config root/mkdocs.yml --format fmt``, in process from ``root``: status, out, err."""
    monkeypatch.chdir(root)
    capsys.readouterr()
    status = main(["check", "--config", str(root / "mkdocs.yml"), "--format", fmt])
    out, err = capsys.readouterr()
    return status, out, err


def as_text(error: dict[str, Any]) -> str:
    """An error as the text format prints it: ``path:line: key: message`` (no line 0, no empty key)."""
    where = f"{error['path']}:{error['line']}" if error["line"] else error["path"]
    return f"{where}: {error['key']}: {error['message']}" if error["key"] else f"{where}: {error['message']}"


def failed_build(root: Path, caplog: pytest.LogCaptureFixture) -> tuple[type[BaseException] | None, list[str]]:
    """Build ``root``; the exception MkDocs' Abort carries, and every error logged. Any other exception fails."""
    caplog.set_level(logging.ERROR)
    caplog.clear()
    try:
        build_project(root)
    except Abort as abort:
        cause = type(abort.__context__) if abort.__context__ else None
    except Exception as error:  # exactly what must never happen
        pytest.fail(f"the build crashed: {type(error).__name__}: {error}")
    else:
        pytest.fail("the build succeeded")
    return cause, [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def summary(root: Path, errors: list[dict[str, Any]]) -> str:
    """The last line of a failed check: how many files it read, how many errors it found."""
    files = [p for p in (root / "content").rglob("*") if p.is_file()]
    return f"{len(files)} file{'' if len(files) == 1 else 's'} checked: {len(errors)} content error(s)\n"


def rows(errors: list[dict[str, Any]]) -> list[tuple[str, int, str]]:
    return [(e["path"], e["line"], e["key"]) for e in errors]


def matches(errors: list[dict[str, Any]], expected: list[list[Any]]) -> list[str]:
    """The expected phrases that are not in the message of their error (all errors present, in order)."""
    return [phrase for e, (*_, phrase) in zip(errors, expected, strict=True) if phrase not in e["message"]]


# -- the base ---------------------------------------------------------------------------------------------------


def test_base_is_valid_checks_and_builds(tmp_path, capsys, monkeypatch):
    """The shared base checks clean (exit 0, no output) and builds, so each case holds only its own mistake."""
    root = assemble(tmp_path)
    status, out, err = check(root, "text", capsys, monkeypatch)
    site = build_project(root)

    assert (0, "8 files checked: no problems\n", "", True) == (
        status,
        out,
        err,
        (site / "areas/north/2017-12-progress-review/index.html").is_file(),
    )


def test_there_are_enough_cases_and_each_differs_from_the_base():
    """At least 32 cases; each has an expected.json and a change (or a plugin option) of its own."""
    changes = [case for case in CASES if overlay_files(case) or expected_of(case).get("plugin_options")]
    assert (True, CASES) == (len(CASES) >= 32, changes)


# -- each case ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_check_json_names_file_line_and_key(case, tmp_path, capsys, monkeypatch):
    """`check --format json`: exit 1, exactly the expected (path, line, key) list, each message with its phrase."""
    expected = expected_of(case)["errors"]
    status, out, err = check(assemble(tmp_path, case), "json", capsys, monkeypatch)
    errors = json.loads(out)["errors"]

    assert (1, [tuple(row[:3]) for row in expected]) == (status, rows(errors)), out
    assert [] == matches(errors, expected), out
    assert "Traceback" not in out + err


@pytest.mark.parametrize("case", CASES)
def test_check_text_prints_path_line_key_and_fix(case, tmp_path, capsys, monkeypatch):
    """The text format prints each error as `path:line: key: what is wrong — how to fix it`, and a count."""
    root = assemble(tmp_path, case)
    _, json_out, _ = check(root, "json", capsys, monkeypatch)
    errors = json.loads(json_out)["errors"]
    status, out, err = check(root, "text", capsys, monkeypatch)
    # What is wrong, then (where the message gives one) the fix after a single em dash: both parts are words.
    malformed = [
        e["message"]
        for e in errors
        if e["message"].count(FIX) > 1 or not all(part.strip() for part in e["message"].split(FIX))
    ]

    assert (1, [as_text(e) for e in errors], summary(root, errors), []) == (
        status,
        out.splitlines(),
        err,
        malformed,
    )
    assert "Traceback" not in out + err


@pytest.mark.parametrize("case", CASES)
def test_build_fails_the_same_way(case, tmp_path, capsys, monkeypatch, caplog):
    """The build stops with a PluginError after logging `inspections: ` + each line the check prints."""
    root = assemble(tmp_path, case)
    _, out, _ = check(root, "json", capsys, monkeypatch)
    errors = json.loads(out)["errors"]
    cause, logged = failed_build(root, caplog)

    assert (PluginError, [f"inspections: {as_text(e)}" for e in errors]) == (cause, logged[:-1])
    assert f"{len(errors)} content error(s) in content/: see the messages above" == logged[-1]


@pytest.mark.parametrize("case", CASES)
def test_truncated_files_never_crash_the_check(case, tmp_path, capsys, monkeypatch):
    """Fuzz-ish: each file of the case, cut at a third and at two thirds (even mid-character), never crashes."""
    root = assemble(tmp_path, case)
    files = [root / f for f in overlay_files(case) if not f.name.endswith(DELETE)] or [root / "content/notices.yml"]
    results = []
    for path in files:
        whole = path.read_bytes()
        for cut in (len(whole) // 3, 2 * len(whole) // 3):
            path.write_bytes(whole[:cut])
            status, out, err = check(root, "text", capsys, monkeypatch)
            results.append((status in {0, 1}, "Traceback" in out + err))
        path.write_bytes(whole)

    assert {(True, False)} == set(results)


@pytest.mark.parametrize("kind", NEAR_MISSES)
def test_near_misses_suggest_the_intended_value(kind, tmp_path, capsys, monkeypatch):
    """An AFI slug, report id, theme, grade, rating or language tag that is nearly right says "did you mean"."""
    case, suggestion = NEAR_MISSES[kind]
    _, out, _ = check(assemble(tmp_path, case), "json", capsys, monkeypatch)

    assert [True] == [suggestion in e["message"] for e in json.loads(out)["errors"]]


# -- many mistakes at once --------------------------------------------------------------------------------------


def test_many_mistakes_are_all_reported_in_one_run_sorted(tmp_path, capsys, monkeypatch, caplog):
    """Thirteen cases in one tree: every error of each, in one run, sorted by file and line; the build agrees."""
    touched = [{str(f).removesuffix(DELETE) for f in overlay_files(case)} for case in COMBINED]
    assert sum(map(len, touched)) == len(set().union(*touched)), "the combined cases must touch different files"
    root = assemble(tmp_path, *COMBINED)
    expected = sorted(tuple(row) for case in COMBINED for row in expected_of(case)["errors"])
    status, out, _ = check(root, "json", capsys, monkeypatch)
    errors = json.loads(out)["errors"]
    cause, logged = failed_build(root, caplog)
    # The real command line, as an editor runs it.
    env = {**os.environ, "SOURCE_DATE_EPOCH": REFERENCE_EPOCH}
    cli = subprocess.run(
        [sys.executable, "-m", "generator", "check"], cwd=root, capture_output=True, text=True, check=False, env=env
    )

    assert (1, [row[:3] for row in expected]) == (status, rows(errors))
    assert [] == matches(errors, [list(row) for row in expected])
    assert rows(errors) == sorted(rows(errors), key=lambda row: (row[0], row[1]))
    assert (PluginError, [f"inspections: {as_text(e)}" for e in errors]) == (cause, logged[:-1])
    assert (1, [as_text(e) for e in errors], summary(root, errors)) == (
        cli.returncode,
        cli.stdout.splitlines(),
        cli.stderr,
    )


# -- inputs that once crashed or hung the generator -------------------------------------------------------------

REPORT = "content/reports/south/2018-01-news-release.md"


def news_release(front: str) -> str:
    return f"---\ntitle: News\ntype: news-release\npublished: 2018-01\n{front}---\nText.\n"


HOSTILE = {
    # libyaml's composer recursed until the process died (a segmentation fault, no message at all).
    "100,000 nested brackets": (
        news_release("bodies: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        (5, "", "nested more than 50 levels deep"),
    ),
    # Each alias stood for nine of the one before: a billion values, minutes of work, for a few lines.
    "billion laughs": (
        news_release(
            "strengths: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"s{i}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
        ),
        (6, "s0[0]", "aliases of lists or keys (*name) are not allowed"),
    ),
    # A list that contains itself made the conversion recurse until RecursionError.
    "recursive alias": (
        news_release("bodies: &a [*a]\n"),
        (5, "bodies[0]", "aliases of lists or keys (*name) are not allowed"),
    ),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_yaml_is_refused_quickly(case, tmp_path, capsys, monkeypatch):
    """Nesting and aliases that crashed or hung the loader now give one error for the file, quickly."""
    text, (line, key, phrase) = HOSTILE[case]
    root = assemble(tmp_path)
    (root / REPORT).write_text(text, encoding="utf-8")
    status, out, _ = check(root, "json", capsys, monkeypatch)
    found = [e for e in json.loads(out)["errors"] if phrase in e["message"]]

    assert (1, [(REPORT, line, key)]) == (status, rows(found)), out[:2000]


def test_broken_link_in_the_content_tree(tmp_path, capsys, monkeypatch, caplog):
    """A link to a missing file is reported as unreadable (it raised FileNotFoundError); the build fails the same."""
    root = assemble(tmp_path)
    (root / "content/areas/ghost.md").symlink_to(root / "nowhere.md")
    status, out, _ = check(root, "json", capsys, monkeypatch)
    errors = json.loads(out)["errors"]
    cause, logged = failed_build(root, caplog)

    assert (1, [("content/areas/ghost.md", 0, "")], True) == (
        status,
        rows(errors),
        "the file cannot be read" in errors[0]["message"],
    )
    assert (PluginError, [f"inspections: {as_text(errors[0])}"]) == (cause, logged[:-1])


def checksums(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder``: its SHA-256 and modification time."""
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("cases", [(), COMBINED], ids=["valid", "many-mistakes"])
def test_check_never_rewrites_content(cases, tmp_path, capsys, monkeypatch):
    """`inspections check` reads the content folder and changes nothing in it, whether it finds mistakes or not."""
    root = assemble(tmp_path, *cases)
    before = checksums(root / "content")
    status, _out, _err = check(root, "text", capsys, monkeypatch)
    check(root, "json", capsys, monkeypatch)

    assert (1 if cases else 0, before) == (status, checksums(root / "content"))
