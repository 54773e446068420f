"""Compiled templates kept for the next build (and the live preview's next rebuild): Jinja's own
``FileSystemBytecodeCache``, in a folder of ``.cache/`` named after what makes the compiled code.

Jinja checks each template's source against the checksum kept with its code, so a template that changed is
compiled anew. What else makes the code (the environment's settings, its filters and tests, which templates it
autoescapes: ``compile_settings``; Python, Jinja and the caller's stamp, such as the theme's version) names the
folder: an environment that would compile differently uses another folder. Knows Jinja only, not MkDocs or the
content.

With nothing kept (as on CI), ``compile_ahead`` fills the same cache from a worker while the build reads the
content, so that the build loads the code Jinja's way instead of compiling it.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Hashable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2 import FileSystemBytecodeCache, TemplateNotFound, nodes

from .workers import uninterrupted

if TYPE_CHECKING:
    from jinja2 import Environment


def template_cache(folder: Path, env: Environment, names: Iterable[str], stamp: Hashable) -> FileSystemBytecodeCache:
    """Jinja's bytecode cache for ``env`` in a subfolder of ``folder``; ``names``: templates whose autoescaping
    tells the environment's rule apart (one of each kind)."""
    settings = repr((sys.version, jinja2.__version__, stamp, compile_settings(env, names)))
    path = folder / hashlib.sha256(settings.encode()).hexdigest()[:16]
    path.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(path))


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


def compile_ahead(env: Environment, roots: Iterable[str], cache: FileSystemBytecodeCache) -> list[str]:
    """Compiles ``roots`` and every template they name (include, import, extends; names made as the page renders
    are left to the build), first things first, into ``cache``, as ``env.get_template`` would; the names."""
    todo, tried, done = list(roots), set(), []
    while todo and env.loader is not None:
        name = todo.pop(0)
        if name in tried:
            continue
        tried.add(name)
        try:
            source, filename, _ = env.loader.get_source(env, name)
        except TemplateNotFound:
            continue
        tree = env.parse(source, name, filename)
        bucket = cache.get_bucket(env, name, filename, source)
        if bucket.code is None:
            bucket.code = env.compile(tree, name, filename)
            with uninterrupted():  # a file whole, even if the build stops this worker
                cache.set_bucket(bucket)
        done.append(name)
        # What this template names is needed before the next root.
        todo[:0] = [named for named in dict.fromkeys(_names(tree)) if named not in tried]
    return done


def _names(tree: nodes.Template) -> Iterator[str]:
    """The templates a template names in its extends, include and import tags, each choice of a condition too."""

    def choices(expr: nodes.Expr) -> Iterator[str]:
        if isinstance(expr, nodes.Const) and isinstance(expr.value, str):
            yield expr.value
        elif isinstance(expr, nodes.CondExpr):
            yield from choices(expr.expr1)
            if expr.expr2 is not None:
                yield from choices(expr.expr2)
        elif isinstance(expr, (nodes.List, nodes.Tuple)):
            for item in expr.items:
                yield from choices(item)

    for tag in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
        yield from choices(tag.template)  # type: ignore[attr-defined]  # each of these tags has one
