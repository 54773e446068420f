"""Jinja templates compiled ahead, kept as bytes that another environment (or process) can load.

Compiling the theme's and the plugin's templates is a fixed cost of every build (some 0.4 s, more than a
plain Material site spends on its own). Three things avoid paying it again: a build keeps the compiled code
in a file for the next one (``keep_templates``), the live preview keeps it from one rebuild to the next, and
a build with no code kept has a forked process compile every template while the build itself is still
reading the content (see ``plugin.py``). Either way Jinja compares each template's source with the checksum
kept with its code (and its own version and Python's), so a template that changed is compiled anew; code is
used only in an environment that compiles it the same way (``compile_settings``).

This module knows Jinja only (and where a build keeps things, ``kept.py``), not MkDocs or the content.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateNotFound, nodes
from jinja2.bccache import Bucket, BytecodeCache

from .kept import read_kept, write_kept

if TYPE_CHECKING:
    from pathlib import Path

    from jinja2 import Environment

# Template name and compiled code (Jinja's bytes, with the checksum of the source), by Jinja's cache key.
Code = dict[str, tuple[str, bytes]]


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, by Jinja's cache key (template name and file), as bytes."""

    def __init__(self, code: Code | None = None) -> None:
        self.code: Code = dict(code or {})
        self.names: dict[str, str] = {}  # the name of each template Jinja looked for, by key
        self.changed = False  # whether Jinja compiled anything anew

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        bucket = super().get_bucket(environment, name, filename, source)
        self.names[bucket.key] = name
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        if (kept := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(kept[1])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = (self.names[bucket.key], bucket.bytecode_to_string())
        self.changed = True


def compile_templates(env: Environment, names: Iterable[str], done: set[str]) -> Code:
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


def keep_templates(path: Path, compiled: CompiledTemplates, env: Environment) -> None:
    """Writes the code of ``compiled`` into ``path``, with what made it (``compile_settings`` in ``env``), for
    ``recall_templates``; nothing if it compiled nothing anew, or if ``path`` cannot be written."""
    if not compiled.changed:
        return
    kept = {key: (name, compile_settings(env, [name]), code) for key, (name, code) in sorted(compiled.code.items())}
    try:
        data = marshal.dumps(kept)
    except ValueError:  # settings that marshal cannot write: compiled anew next time
        return
    write_kept(path, data)
    compiled.changed = False


def recall_templates(path: Path) -> Callable[[Environment], CompiledTemplates] | None:
    """The code ``keep_templates`` wrote into ``path``, or None if there is none: called with an environment,
    the templates of it that this environment compiles the same way."""
    data = read_kept(path)
    if data is None:
        return None
    try:
        kept = marshal.loads(data)  # noqa: S302 - the project's own file, as Jinja's bytecode caches are
        entries = [(key, name, settings, code) for key, (name, settings, code) in kept.items()]
    except (EOFError, ValueError, TypeError, AttributeError):
        return None
    if not all(isinstance(name, str) and isinstance(code, bytes) for _, name, _, code in entries):
        return None

    def usable(env: Environment) -> CompiledTemplates:
        same = [(key, name, code) for key, name, settings, code in entries if compile_settings(env, [name]) == settings]
        return CompiledTemplates({key: (name, code) for key, name, code in same})

    return usable
