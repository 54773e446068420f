"""Rule 0: only generator/plugin.py imports MkDocs; the core runs without it."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
CORE_MODULES = ["validate", "derive", "export", "pages", "view", "cli"]


def mkdocs_imports(path: Path) -> list[int]:
    """Lines of ``path`` that import mkdocs (``import mkdocs...`` or ``from mkdocs... import``), at any depth."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        if any(name == "mkdocs" or name.startswith("mkdocs.") for name in names):
            lines.append(node.lineno)
    return lines


def test_the_import_check_sees_imports():
    """The check finds plugin.py's own mkdocs imports (so a broken check cannot pass silently)."""
    assert mkdocs_imports(GENERATOR / "plugin.py") != []


def test_only_the_plugin_imports_mkdocs():
    """No module under generator/ but plugin.py imports mkdocs (even under TYPE_CHECKING or in a function)."""
    offenders = {
        path.relative_to(GENERATOR).as_posix(): lines
        for path in sorted(GENERATOR.rglob("*.py"))
        if path.name != "plugin.py" and (lines := mkdocs_imports(path))
    }

    assert {} == offenders


@pytest.fixture(name="imports_without_mkdocs", scope="module")
def _imports_without_mkdocs() -> dict[str, str]:
    """Import each core module in one fresh interpreter where mkdocs cannot be imported; each module's error or ""."""
    script = textwrap.dedent(
        f"""
        import importlib, json, sys
        sys.modules["mkdocs"] = None  # any "import mkdocs..." now raises ImportError
        results = {{}}
        for module in {CORE_MODULES!r}:
            try:
                importlib.import_module("generator." + module)
                results[module] = ""
            except Exception as error:
                results[module] = f"{{type(error).__name__}}: {{error}}"
        loaded = [name for name in sys.modules if name.startswith("mkdocs.")]
        print(json.dumps({{"results": results, "loaded": loaded}}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=GENERATOR.parent, capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(result.stdout)


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_imports_without_mkdocs(imports_without_mkdocs, module):
    """generator.<module> imports in an interpreter in which mkdocs cannot be imported."""
    assert "" == imports_without_mkdocs["results"][module]


def test_no_mkdocs_submodule_gets_loaded(imports_without_mkdocs):
    """Importing the core loads no mkdocs.* module."""
    assert [] == imports_without_mkdocs["loaded"]


def test_blocking_mkdocs_does_block_it():
    """The subprocess trick does make mkdocs unimportable (so the tests above can fail)."""
    script = 'import sys; sys.modules["mkdocs"] = None; import generator.plugin'
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=GENERATOR.parent, capture_output=True, text=True, check=False, timeout=60
    )

    assert (1, True) == (result.returncode, "ModuleNotFoundError" in result.stderr or "ImportError" in result.stderr)
