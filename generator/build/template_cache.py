"""Jinja templates compiled ahead, kept as bytes that another environment (or process) can load.

Compiling the theme's and the plugin's templates is a fixed cost of every build (some 0.4 s, more than a
plain Material site spends on its own). Three things avoid paying it again: a build keeps the compiled code
in a file for the next one (``keep_templates``), the live preview keeps it from one rebuild to the next, and
a build with no code kept has a forked process compile every template while the build itself is still
reading the content (see ``plugin.py``). Either way Jinja compares each template's source with the checksum
kept with its code, so a template that changed is compiled anew; code is used only by an environment that
compiles it the same way (``compile_settings``), and kept code only with the same Python and Jinja.

This module knows Jinja only (and where a build keeps things, ``kept.py``), not MkDocs or the content.
"""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2 import TemplateNotFound, nodes
from jinja2.bccache import Bucket, BytecodeCache

from .cache import read_kept, write_kept

if TYPE_CHECKING:
    from pathlib import Path

    from jinja2 import Environment

# By Jinja's cache key: the template's name and file, what made its code (compile_settings) and the code (Jinja's
# bytes, with the checksum of the source).
Code = dict[str, tuple[str, str | None, Hashable, bytes]]


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates as bytes, each used only by an environment that compiles it the same way."""

    def __init__(self, code: Code | None = None) -> None:
        self.code: Code = dict(code or {})
        self.changed = False  # whether Jinja compiled anything anew
        self._looked_up: dict[str, tuple[str, str | None]] = {}

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        # As Jinja's own, noting which template each key is.
        bucket = Bucket(environment, self.get_cache_key(name, filename), self.get_source_checksum(source))
        self._looked_up[bucket.key] = (name, filename)
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        kept = self.code.get(bucket.key)
        if kept is not None and kept[2] == compile_settings(bucket.environment, [kept[0]]):
            bucket.bytecode_from_string(kept[3])

    def dump_bytecode(self, bucket: Bucket) -> None:
        name, filename = self._looked_up[bucket.key]
        settings = compile_settings(bucket.environment, [name])
        self.code[bucket.key] = (name, filename, settings, bucket.bytecode_to_string())
        self.changed = True


def compile_templates(env: Environment, names: Iterable[str], done: set[str]) -> Code:
    """The code of ``names`` and of every template they extend, include or import by a name written in it, compiled
    in ``env`` as ``CompiledTemplates`` keeps it; a name in ``done`` (which this adds to) is skipped, and so is a
    name no template folder has (the build then reports it, if it is really used)."""
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
    finalize = env.finalize
    return (
        tuple(getattr(env, option) for option in options),
        None if finalize is None else str(getattr(finalize, "jinja_pass_arg", "")),
        bool(getattr(env, "newstyle_gettext", False)),  # read by the i18n extension as it parses
        bool(env.policies.get("ext.i18n.trimmed", False)),
        tuple(sorted(env.extensions)),
        passes(env.filters),
        passes(env.tests),
        tuple(bool(autoescape(name) if callable(autoescape) else autoescape) for name in sorted(names)),
    )


def keep_templates(path: Path, compiled: CompiledTemplates, stamp: Hashable) -> None:
    """Writes the code of ``compiled`` into ``path`` for ``recall_templates`` with the same ``stamp`` (what the
    caller knows would make all of it useless, such as the theme's version); nothing if it compiled nothing
    anew, or if ``path`` cannot be written. Code of a template whose file is gone is left out."""
    if not compiled.changed:
        return
    code = {key: kept for key, kept in sorted(compiled.code.items()) if kept[1] is None or os.path.exists(kept[1])}
    try:
        data = marshal.dumps({"stamp": _stamp(stamp), "code": code})
    except ValueError:  # settings or a stamp that marshal cannot write: compiled anew next time
        return
    write_kept(path, data)
    compiled.changed = False


def recall_templates(path: Path, stamp: Hashable) -> CompiledTemplates | None:
    """The code ``keep_templates`` wrote into ``path`` with the same ``stamp`` (and the same Python and Jinja), or
    None if there is none."""
    data = read_kept(path)
    if data is None:
        return None
    try:
        kept = marshal.loads(data)  # noqa: S302 - the project's own file, as Jinja's bytecode caches are
        if kept["stamp"] != _stamp(stamp):
            return None
        code = {key: (name, filename, settings, code) for key, (name, filename, settings, code) in kept["code"].items()}
    except (EOFError, ValueError, TypeError, KeyError, AttributeError):
        return None
    if not all(isinstance(name, str) and isinstance(code, bytes) for name, _, _, code in code.values()):
        return None
    return CompiledTemplates(code)


def _stamp(stamp: Hashable) -> Hashable:
    # Jinja's code records the major and minor version of Python, and the format of Jinja's code, not Jinja's own
    # version, which may compile a template differently.
    return (sys.version, jinja2.__version__, stamp)
