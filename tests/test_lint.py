"""Lint is part of the suite: ruff finds nothing to report and nothing to reformat in the code, mypy no type
error, shellcheck nothing in the shell scripts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import shellcheck

REPO = Path(__file__).resolve().parent.parent
PATHS = ["generator", "tests", "benchmarks"]


def ruff() -> str:
    """The ruff of this virtual environment (it comes with the test extra)."""
    beside_python = Path(sys.executable).parent / "ruff"
    if not beside_python.is_file():
        pytest.fail(f"no ruff next to {sys.executable}: it comes with the test extra (make test installs it)")
    return str(beside_python)


@pytest.mark.parametrize(
    "command",
    [["check", *PATHS], ["format", "--check", *PATHS]],
    ids=["check", "format"],
)
def test_ruff_is_clean(command: list[str]) -> None:
    """`ruff check` and `ruff format --check` pass with pyproject.toml's settings (``--no-cache``: no side effects)."""
    result = subprocess.run(
        [ruff(), *command, "--no-cache"], cwd=REPO, capture_output=True, text=True, check=False, timeout=300
    )
    assert 0 == result.returncode, f"ruff {' '.join(command)} failed:\n{result.stdout}{result.stderr}"


def test_mypy_finds_no_type_errors_in_the_generator() -> None:
    """mypy type-checks generator/ with pyproject.toml's settings and finds nothing."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", "/dev/null"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert 0 == result.returncode, f"mypy failed:\n{result.stdout}{result.stderr}"


def test_shell_scripts_pass_shellcheck() -> None:
    """The scripts `make build` and the workflow run (scripts/*.sh) pass shellcheck."""
    scripts = sorted(str(path) for path in (REPO / "scripts").glob("*.sh"))
    result = subprocess.run([shellcheck(), *scripts], cwd=REPO, capture_output=True, text=True, check=False)
    assert (True, 0) == (len(scripts) >= 2, result.returncode), result.stdout
