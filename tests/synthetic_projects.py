"""Projects of synthetic content, as the benchmark writes it (benchmarks/synthetic.py), for tests at scale."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent


def synthetic() -> Any:
    spec = importlib.util.spec_from_file_location("benchmarks_synthetic", REPO / "benchmarks" / "synthetic.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def repo_plugin_options() -> dict[str, Any]:
    """The repository's own ``inspections`` options (its report types include ``action-plan``)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    with (REPO / "mkdocs.yml").open(encoding="utf-8") as stream:
        config = yaml.load(stream, Loader=Loader)  # noqa: S506 - a SafeLoader subclass
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "inspections" in plugin:
            return {k: v for k, v in plugin["inspections"].items() if k != "content_dir"}
    return {}


def synthetic_project(make_project: Any, root: Path, reports: int, **options: Any) -> Path:
    """A project in ``root`` with the repository's plugin options (and ``options``) and ``reports`` synthetic
    reports in its content folder."""
    project = make_project(root, {}, plugin_options={**repo_plugin_options(), **options})
    synthetic().write_synthetic_content(project / "content", reports)
    return project
