"""Compiled templates kept for the next build (generator/build/template_cache.py): Jinja's own bytecode cache,
in a folder named after what makes the code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest
from mkdocs.config import load_config

from generator.build import TEMPLATES_CACHE, compile_ahead, template_cache
from generator.build.template_cache import compile_settings
from generator.plugin.templates import compile_page_templates

TEMPLATES = {
    "page.html": '{% extends "alone.html" if alone else "base.html" %}{% block body %}{{ text }}{% endblock %}',
    "base.html": '{% import "macros.html" as m %}<main>{{ m.strong("x") }}{% block body %}{% endblock %}</main>',
    "alone.html": "{% block body %}{% endblock %}",
    "macros.html": "{% macro strong(t) %}<b>{{ t }}</b>{% endmacro %}",
}


def _env(templates: dict[str, str], **options: Any) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader(templates), autoescape=True, **options)


class _CountingEnvironment(jinja2.Environment):
    """An environment that lists the templates it compiles."""

    def __init__(self, templates: dict[str, str], **options: Any) -> None:
        super().__init__(loader=jinja2.DictLoader(templates), **{"autoescape": True, **options})
        self.compiled: list[str] = []

    def compile(self, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self.compiled.append(name or "")
        return super().compile(source, name, *args, **kwargs)


def _cached(env: jinja2.Environment, folder: Path, stamp: str = "theme 1") -> jinja2.Environment:
    env.bytecode_cache = template_cache(folder, env, ["page.html"], stamp)
    return env


def test_the_code_a_build_compiled_is_used_by_the_next(tmp_path: Path) -> None:
    first = _cached(_CountingEnvironment(TEMPLATES), tmp_path)
    assert first.get_template("page.html").render(text="<a>", alone=False) == "<main><b>x</b>&lt;a&gt;</main>"
    assert sorted(first.compiled) == ["base.html", "macros.html", "page.html"]
    # The next build compiles only a template whose source changed.
    changed = {**TEMPLATES, "macros.html": "{% macro strong(t) %}<i>{{ t }}</i>{% endmacro %}"}
    second = _cached(_CountingEnvironment(changed), tmp_path)
    assert second.get_template("page.html").render(text="<a>", alone=False) == "<main><i>x</i>&lt;a&gt;</main>"
    assert second.compiled == ["macros.html"]


@pytest.mark.parametrize(
    ("options", "stamp"),
    [
        ({"trim_blocks": True}, "theme 1"),
        ({"autoescape": False}, "theme 1"),
        ({"finalize": str}, "theme 1"),
        ({}, "theme 2"),
    ],
)
def test_code_is_used_only_where_it_compiles_the_same_way(tmp_path: Path, options: dict[str, Any], stamp: str) -> None:
    """Other settings, another rule of autoescaping or another theme: another folder, every template compiled."""
    _cached(_CountingEnvironment(TEMPLATES), tmp_path).get_template("page.html").render(text="t", alone=True)
    other = _cached(_CountingEnvironment(TEMPLATES, **options), tmp_path, stamp)
    other.get_template("page.html").render(text="t", alone=True)
    assert sorted(other.compiled) == ["alone.html", "page.html"]
    assert len(list(tmp_path.iterdir())) == 2


def test_the_settings_that_change_the_code_tell_environments_apart() -> None:
    names = ["page.html", "base.html"]
    same = compile_settings(_env(TEMPLATES), names)
    assert compile_settings(_env(TEMPLATES), names) == same
    assert compile_settings(jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES)), names) != same  # noqa: S701
    assert compile_settings(_env(TEMPLATES, trim_blocks=True), names) != same
    with_filter = _env(TEMPLATES)
    with_filter.filters["shout"] = jinja2.pass_context(lambda context, value: value)
    assert compile_settings(with_filter, names) != same


@pytest.fixture(name="root")
def _root(tmp_path: Path, make_project: Any, minimal_content: dict[str, str]) -> Path:
    """A small project built in one process (what compiles in a worker does not show in this one)."""
    return make_project(tmp_path, minimal_content, plugin_options={"processes": 1})


def compiled_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates every environment of this process compiles from now on (a build's own)."""
    compiled: list[str] = []
    real_compile = jinja2.Environment.compile

    def compile(self: jinja2.Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(name or "")
        return real_compile(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    return compiled


def test_templates_compiled_ahead_are_those_the_page_names(tmp_path: Path) -> None:
    """A worker compiles a template and each it names (every choice of a condition, every item of a list), first
    things first; the build's environment then compiles none of them."""
    templates = {
        **TEMPLATES,
        "page.html": '{% include ["nav.html", "alone.html"] %}' + TEMPLATES["page.html"],
        "nav.html": '{% include "icons/" ~ icon ~ ".svg" ignore missing %}<nav></nav>',
    }
    ahead = _CountingEnvironment(templates)
    cache = template_cache(tmp_path, ahead, ["page.html"], "theme 1")
    done = compile_ahead(ahead, ["page.html", "missing.html", "macros.html"], cache)
    assert done == ["page.html", "nav.html", "alone.html", "base.html", "macros.html"]
    assert ahead.compiled == done
    build = _cached(_CountingEnvironment(templates), tmp_path)
    assert build.get_template("page.html").render(text="<a>", alone=False, icon="x") == (
        "<nav></nav><main><b>x</b>&lt;a&gt;</main>"
    )
    assert build.compiled == []
    again = _CountingEnvironment(templates)
    assert compile_ahead(again, ["page.html"], cache) == done
    assert again.compiled == []  # kept: compiled once


def test_the_templates_compiled_ahead_are_those_a_build_uses(
    root: Path, build_project: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the worker compiles from the configuration alone, the build's environment finds: the same folder (the
    same settings) and every template a page names, but those named as the page renders (icons, languages)."""
    names = compile_page_templates(load_config(str(root / "mkdocs.yml")), root / TEMPLATES_CACHE)
    assert {"main.html", "base.html", "404.html", "inspections/area.html", "inspections/macros.html"} <= set(names)
    compiled = compiled_here(monkeypatch)
    build_project(root)
    assert [name for name in compiled if not name.startswith((".icons/", "partials/language"))] == []
    assert "main.html" not in compiled


def test_a_build_keeps_its_compiled_templates_for_the_next(
    root: Path, build_project: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = compiled_here(monkeypatch)
    site = build_project(root)
    files = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    assert {"main.html", "base.html", "inspections/area.html", "inspections/report.html"} <= set(compiled)
    assert any((root / TEMPLATES_CACHE).rglob("*.cache"))
    compiled.clear()
    site = build_project(root)
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == files  # the same site
    # (Material's search plugin translates its labels in an environment of its own.)
    assert [name for name in compiled if not name.startswith("partials/language")] == []
