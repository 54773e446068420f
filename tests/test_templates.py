"""Templates compiled ahead (generator/templates.py): in another environment or process, and used by the build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from generator.build.cache import KEPT_TEMPLATES
from generator.build.template_cache import (
    CompiledTemplates,
    compile_settings,
    compile_templates,
    keep_templates,
    recall_templates,
)
from generator.plugin import InspectionsPlugin

TEMPLATES = {
    "page.html": '{% extends "alone.html" if alone else "base.html" %}{% block body %}{{ text }}{% endblock %}',
    "base.html": '{% import "macros.html" as m %}<main>{{ m.strong("x") }}{% block body %}{% endblock %}</main>',
    "alone.html": "{% block body %}{% endblock %}",
    "macros.html": "{% macro strong(t) %}<b>{{ t }}</b>{% endmacro %}",
    "icons.html": '{% include "icons/" ~ name ~ ".svg" %}',
    "icons/star.svg": "<svg></svg>",
    "unused.html": "never referenced",
}


def _env(templates: dict[str, str], **options: Any) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader(templates), autoescape=True, **options)


def test_every_template_a_template_names_is_compiled_once() -> None:
    env, done = _env(TEMPLATES), set[str]()
    code = compile_templates(env, ["page.html"], done)
    # Both templates of a conditional extends, what those import; not what is named at render time only.
    assert done >= {"page.html", "base.html", "alone.html", "macros.html"}
    assert "unused.html" not in done
    assert "icons/star.svg" not in done
    assert len(code) == 4
    assert sorted(name for name, *_ in code.values()) == ["alone.html", "base.html", "macros.html", "page.html"]
    assert compile_templates(env, ["page.html", "base.html"], done) == {}  # done already


def test_code_compiled_in_one_environment_renders_the_same_in_another() -> None:
    code = compile_templates(_env(TEMPLATES), ["page.html", "icons.html"], set())
    env = _env(TEMPLATES)
    compiled: list[str] = []
    real_compile = env.compile

    def compile(source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(name or "")
        return real_compile(source, name, *args, **kwargs)

    env.compile = compile  # type: ignore[method-assign]
    env.bytecode_cache = CompiledTemplates(code)
    assert env.get_template("page.html").render(text="<a>", alone=False) == "<main><b>x</b>&lt;a&gt;</main>"
    assert env.get_template("icons.html").render(name="star") == "<svg></svg>"
    assert compiled == ["icons/star.svg"]  # named at render time: compiled here


def test_a_template_whose_source_changed_is_compiled_again() -> None:
    code = compile_templates(_env(TEMPLATES), ["macros.html"], set())
    changed = _env({**TEMPLATES, "macros.html": "{% macro strong(t) %}<i>{{ t }}</i>{% endmacro %}"})
    changed.bytecode_cache = CompiledTemplates(code)
    assert getattr(changed.get_template("macros.html").module, "strong")("y") == "<i>y</i>"  # noqa: B009


def test_the_settings_that_change_the_code_tell_environments_apart() -> None:
    names = ["page.html", "base.html"]
    same = compile_settings(_env(TEMPLATES), names)
    assert compile_settings(_env(TEMPLATES), names) == same
    assert compile_settings(jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES)), names) != same  # noqa: S701
    assert compile_settings(_env(TEMPLATES, trim_blocks=True), names) != same
    with_filter = _env(TEMPLATES)
    with_filter.filters["shout"] = jinja2.pass_context(lambda context, value: value)
    assert compile_settings(with_filter, names) != same


class _CountingEnvironment(jinja2.Environment):
    """An environment that lists the templates it compiles."""

    def __init__(self, templates: dict[str, str], **options: Any) -> None:
        super().__init__(loader=jinja2.DictLoader(templates), **{"autoescape": True, **options})
        self.compiled: list[str] = []

    def compile(self, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self.compiled.append(name or "")
        return super().compile(source, name, *args, **kwargs)


def test_the_code_a_build_compiled_is_kept_for_the_next_build(tmp_path: Path) -> None:
    kept = tmp_path / "templates.marshal"
    assert recall_templates(kept, "theme 1") is None
    first = _CountingEnvironment(TEMPLATES)
    first.bytecode_cache = cache = CompiledTemplates()
    assert first.get_template("page.html").render(text="<a>", alone=False) == "<main><b>x</b>&lt;a&gt;</main>"
    keep_templates(kept, cache, "theme 1")
    assert recall_templates(kept, "theme 2") is None  # kept for another theme (or Python, or Jinja)
    # The next build compiles nothing it kept, and a template whose source changed.
    changed = {**TEMPLATES, "macros.html": "{% macro strong(t) %}<i>{{ t }}</i>{% endmacro %}"}
    second = _CountingEnvironment(changed)
    second.bytecode_cache = recall_templates(kept, "theme 1")
    assert second.get_template("page.html").render(text="<a>", alone=False) == "<main><i>x</i>&lt;a&gt;</main>"
    assert second.compiled == ["macros.html"]
    # Code compiled another way is not used: every template is compiled again.
    other = _CountingEnvironment(TEMPLATES, trim_blocks=True)
    other.bytecode_cache = recall_templates(kept, "theme 1")
    other.get_template("page.html").render(text="<a>", alone=False)
    assert sorted(other.compiled) == ["base.html", "macros.html", "page.html"]
    # Nothing compiled anew, nothing written; a damaged file is as no file.
    unchanged = recall_templates(kept, "theme 1")
    assert unchanged is not None
    before = kept.stat().st_mtime_ns
    keep_templates(kept, unchanged, "theme 1")
    assert kept.stat().st_mtime_ns == before
    kept.write_bytes(b"\x00 not marshal")
    assert recall_templates(kept, "theme 1") is None


def test_code_is_used_only_where_it_compiles_the_same_way() -> None:
    """Code compiled ahead or kept is checked as each template is loaded, against the environment loading it."""
    code = compile_templates(_env(TEMPLATES), ["page.html"], set())
    for different in ({"trim_blocks": True}, {"autoescape": False}, {"finalize": str}):
        env = _CountingEnvironment(TEMPLATES, **different)
        env.bytecode_cache = CompiledTemplates(code)
        env.get_template("page.html").render(text="t", alone=True)
        assert sorted(env.compiled) == ["alone.html", "page.html"]
    same = _CountingEnvironment(TEMPLATES)
    same.bytecode_cache = CompiledTemplates(code)
    same.get_template("page.html").render(text="t", alone=True)
    assert same.compiled == []


@pytest.mark.parametrize("processes", [1, 2])
def test_a_build_compiles_its_templates_ahead_in_a_forked_process(
    tmp_path: Path,
    *,
    make_project: Any,
    build_project: Any,
    minimal_content: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    processes: int,
) -> None:
    compiled: list[str] = []  # by the build's own process (a forked process keeps its own list)
    real_compile = jinja2.Environment.compile

    def compile(self: jinja2.Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(name or "")
        return real_compile(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    root = make_project(tmp_path, minimal_content, plugin_options={"processes": processes})
    site = build_project(root)
    assert "North" in (site / "areas" / "north" / "index.html").read_text(encoding="utf-8")
    files = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    ours = {"main.html", "base.html", "partials/header.html"} | {n for n in compiled if n.startswith("inspections/")}
    if processes == 1:
        assert {"main.html", "base.html", "inspections/area.html", "inspections/report.html"} <= set(compiled)
    else:
        assert ours & set(compiled) == set(), "compiled by the build although compiled ahead"
    # The next build compiles nothing (not even ahead): it has the code the first one kept.
    assert (root / KEPT_TEMPLATES).is_file()
    compiled.clear()
    monkeypatch.setattr(InspectionsPlugin, "_compile_ahead", _not_ahead)
    site = build_project(root)
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == files  # the same site
    # (Material's search plugin translates its labels in an environment of its own.)
    assert [name for name in compiled if not name.startswith("partials/language")] == []


def _not_ahead(*args: Any) -> None:
    raise AssertionError("no forked process is needed to compile the templates")
