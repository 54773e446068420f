"""Compiled templates kept for the next build (and the live preview's next rebuild): Jinja's own
``FileSystemBytecodeCache``, in a folder of ``.cache/`` named after what makes the compiled code.

Jinja checks each template's source against the checksum kept with its code, so a template that changed is
compiled anew. What else makes the code (the environment's settings, its filters and tests, which templates it
autoescapes: ``compile_settings``; Python, Jinja and the caller's stamp, such as the theme's version) names the
folder: an environment that would compile differently uses another folder. Knows Jinja only, not MkDocs or the
content.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2 import FileSystemBytecodeCache

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
