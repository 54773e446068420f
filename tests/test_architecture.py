"""The layers of ``generator/`` import only what they may: the pipeline shows in the tree and stays so.

* ``content`` (read, check, model) imports no other layer, no MkDocs and nothing that starts processes;
* ``site`` (derive, pages, views, open data) imports ``content``;
* ``build`` (worker processes, caches) imports no other layer: it knows neither MkDocs nor the content;
* ``editors`` (the command line) imports ``content`` and ``site``;
* ``plugin`` imports any layer, and is the only one that imports MkDocs; of ``build`` only what its package
  offers (``generator/build/__init__.py``: the workers and caches behind one small interface).

The plugin and the build layer keep their modules and classes small, and the plugin's events thin.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parent.parent / "generator"

# What each layer may import of the others (itself always).
ALLOWED = {
    "content": set(),
    "site": {"content"},
    "build": set(),
    "editors": {"content", "site"},
    "plugin": {"content", "site", "build"},
}
LAYERS = sorted(ALLOWED)
# Libraries only some layers may import: MkDocs (and Material) only in the plugin, processes only in build.
RESTRICTED = {
    "mkdocs": {"plugin"},
    "material": {"plugin"},
    "multiprocessing": {"build"},
    "concurrent": {"build"},
}


def imports(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, at any depth (functions, TYPE_CHECKING), as absolute names with lines."""
    package = ".".join(path.relative_to(GENERATOR.parent).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                found.append((node.lineno, node.module or ""))
                continue
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            module = ".".join([*base, node.module] if node.module else base)
            # "from .. import x" may import a subpackage x.
            names = [f"{module}.{alias.name}" for alias in node.names] if not node.module else [module]
            found += [(node.lineno, name) for name in names]
    return found


def layer_of(module: str) -> str | None:
    """The layer a module of this project belongs to (``generator.site.pages`` -> ``site``); None for others."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "generator" and parts[1] in ALLOWED else None


def offenders() -> dict[str, list[str]]:
    """Every import that breaks the rules, by file: ``line: module``."""
    found: dict[str, list[str]] = {}
    for path in sorted(GENERATOR.rglob("*.py")):
        own = layer_of(".".join(path.relative_to(GENERATOR.parent).with_suffix("").parts))
        for line, module in imports(path):
            target = layer_of(module)
            top = module.split(".")[0]
            if own is None:  # generator/__init__.py and __main__.py: the command line's entry
                bad = target not in {None, "editors"}
            else:
                bad = (target is not None and target != own and target not in ALLOWED[own]) or (
                    top in RESTRICTED and own not in RESTRICTED[top]
                )
            if bad:
                found.setdefault(path.relative_to(GENERATOR).as_posix(), []).append(f"{line}: {module}")
    return found


def test_every_module_is_in_a_layer():
    """Every module of generator/ but the package's entry points lives in one of the layers."""
    loose = sorted(
        path.relative_to(GENERATOR).as_posix()
        for path in GENERATOR.rglob("*.py")
        if len(path.relative_to(GENERATOR).parts) == 1 and path.name not in {"__init__.py", "__main__.py"}
    )

    assert [] == loose
    assert set(ALLOWED) == {path.name for path in GENERATOR.iterdir() if (path / "__init__.py").is_file()}


def test_the_import_check_sees_imports():
    """The check resolves relative imports and sees MkDocs imported by the plugin (so it cannot pass silently)."""
    plugin_imports = {module for path in (GENERATOR / "plugin").rglob("*.py") for _, module in imports(path)}

    assert "mkdocs.plugins" in plugin_imports
    assert {"generator.content.errors", "generator.site.pages", "generator.build"} <= plugin_imports


def test_layers_import_only_what_they_may():
    """No module imports a layer (or MkDocs, or a process library) its layer may not."""
    assert {} == offenders()


def test_the_plugin_uses_the_build_layer_through_its_package_only():
    """The plugin imports ``generator.build`` (its ``__init__``), never one of its modules."""
    inner = sorted(
        f"{path.name}: {module}"
        for path in (GENERATOR / "plugin").rglob("*.py")
        for _, module in imports(path)
        if module.startswith("generator.build.")
    )

    assert [] == inner


def _sizes(layer: str) -> tuple[dict[str, int], dict[str, int]]:
    """The lines of each module of ``layer`` and of each class in it, by name."""
    modules, classes = {}, {}
    for path in sorted((GENERATOR / layer).rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        modules[path.name] = len(source.splitlines())
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef):
                classes[f"{path.name}:{node.name}"] = (node.end_lineno or node.lineno) - node.lineno + 1
    return modules, classes


@pytest.mark.parametrize("layer", ["plugin", "build"])
def test_modules_and_classes_stay_small(layer):
    """No module of the plugin or the build layer over 500 lines, no class over 300."""
    modules, classes = _sizes(layer)

    assert len(modules) > 3
    assert {} == {name: lines for name, lines in modules.items() if lines > 500}
    assert {} == {name: lines for name, lines in classes.items() if lines > 300}


def test_the_events_only_hand_off():
    """The plugin's events module is small, and each event a few lines that hand off to the build's state."""
    modules, _ = _sizes("plugin")
    tree = ast.parse((GENERATOR / "plugin" / "events.py").read_text(encoding="utf-8"))
    plugin = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "InspectionsPlugin")
    events = {
        node.name: (node.end_lineno or node.lineno) - node.lineno + 1
        for node in plugin.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("on_")
    }

    assert modules["events.py"] < 300
    assert len(events) >= 10
    assert {} == {name: lines for name, lines in events.items() if lines > 20}


@pytest.fixture(name="imports_without_mkdocs", scope="module")
def _imports_without_mkdocs() -> dict[str, object]:
    """Import every module of every layer but the plugin in one fresh interpreter where mkdocs cannot be imported."""
    modules = sorted(
        ".".join(path.relative_to(GENERATOR.parent).with_suffix("").parts).removesuffix(".__init__")
        for layer in LAYERS
        if layer != "plugin"
        for path in (GENERATOR / layer).rglob("*.py")
    )
    script = textwrap.dedent(
        f"""
        import importlib, json, sys
        sys.modules["mkdocs"] = None  # any "import mkdocs..." now raises ImportError
        sys.modules["material"] = None
        results = {{}}
        for module in {modules!r}:
            try:
                importlib.import_module(module)
                results[module] = ""
            except Exception as error:
                results[module] = f"{{type(error).__name__}}: {{error}}"
        loaded = [name for name in sys.modules if name.startswith(("mkdocs.", "material."))]
        print(json.dumps({{"results": results, "loaded": loaded}}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=GENERATOR.parent, capture_output=True, text=True, check=True, timeout=60
    )
    return json.loads(result.stdout)


def test_every_layer_but_the_plugin_imports_without_mkdocs(imports_without_mkdocs):
    """Every module outside the plugin imports where MkDocs cannot be imported, and loads none of it."""
    results = imports_without_mkdocs["results"]

    assert len(results) > 10
    assert {} == {module: error for module, error in results.items() if error}
    assert [] == imports_without_mkdocs["loaded"]


def test_blocking_mkdocs_does_block_it():
    """The subprocess trick does make mkdocs unimportable (so the test above can fail)."""
    script = 'import sys; sys.modules["mkdocs"] = None; import generator.plugin'
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=GENERATOR.parent, capture_output=True, text=True, check=False, timeout=60
    )

    assert (1, True) == (result.returncode, "ModuleNotFoundError" in result.stderr or "ImportError" in result.stderr)
