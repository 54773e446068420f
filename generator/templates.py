"""Jinja templates compiled ahead, kept as bytes that another environment (or process) can load.

Compiling the theme's and the plugin's templates is a fixed cost of every build (some 0.4 s, more than a
plain Material site spends on its own). Two things avoid paying it again: the live preview keeps the
compiled code from one rebuild to the next, and ``mkdocs build`` has a forked process compile every template
while the build itself is still reading the content (see ``plugin.py``). Either way Jinja compares each
template's source with the checksum kept with its code, so a template that changed is compiled anew.

This module knows Jinja only, not MkDocs or the content.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateNotFound, nodes
from jinja2.bccache import Bucket, BytecodeCache

if TYPE_CHECKING:
    from jinja2 import Environment


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, by Jinja's cache key (template name and file), as bytes."""

    def __init__(self, code: dict[str, bytes] | None = None) -> None:
        self.code: dict[str, bytes] = dict(code or {})

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def compile_templates(env: Environment, names: Iterable[str], done: set[str]) -> dict[str, bytes]:
    """The code of ``names`` and of every template they extend, include or import by a name written in it, compiled
    in ``env`` and keyed as ``CompiledTemplates`` keeps it; a name in ``done`` (which this adds to) is skipped,
    and so is a name no template folder has (the build then reports it, if it is really used)."""
    compiled = CompiledTemplates()
    pending = list(names)[::-1]
    while pending:
        name = pending.pop()
        if name in done or env.loader is None:
            continue
        done.add(name)
        try:
            source, filename, _ = env.loader.get_source(env, name)
        except TemplateNotFound:
            continue
        tree = env.parse(source, name, filename)
        bucket = compiled.get_bucket(env, name, filename, source)
        bucket.code = env.compile(tree, name, filename)
        compiled.set_bucket(bucket)
        pending.extend(sorted(_referenced(tree), reverse=True))
    return compiled.code


def _referenced(tree: nodes.Template) -> set[str]:
    """The templates a template may extend, include or import: every constant text in those tags, such as
    both names of ``{% extends "a.html" if x else "b.html" %}`` (a text that is not a template is skipped)."""
    tags: Iterable[nodes.Extends | nodes.Include | nodes.Import | nodes.FromImport]
    tags = tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport))
    consts = (node for tag in tags for node in (tag.template, *tag.template.find_all(nodes.Const)))
    return {node.value for node in consts if isinstance(node, nodes.Const) and isinstance(node.value, str)}


def compile_settings(env: Environment, names: Iterable[str]) -> Hashable:
    """What, besides a template's source, makes the code Jinja compiles for it: code compiled in one environment
    may be used in another only if this is the same for both."""

    def passes(functions: dict[str, Any]) -> tuple[tuple[str, str], ...]:
        # A filter or test that takes the context is called differently.
        return tuple(sorted((name, str(getattr(f, "jinja_pass_arg", ""))) for name, f in functions.items()))

    options = (
        "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
        "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
        "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized", "is_async",
    )  # fmt: skip
    autoescape = env.autoescape
    return (
        tuple(getattr(env, option) for option in options),
        env.finalize is not None,
        tuple(sorted(env.extensions)),
        passes(env.filters),
        passes(env.tests),
        tuple(bool(autoescape(name) if callable(autoescape) else autoescape) for name in sorted(names)),
    )
