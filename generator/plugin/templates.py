"""The templates of the site's pages: how they escape, and their compiled code kept in ``.cache/`` for the next
build (``generator/build/template_cache.py``), compiled there ahead by a worker when nothing is kept."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..build import compile_ahead, template_cache
from ..site.pages import Kind

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import Environment, FileSystemBytecodeCache
    from mkdocs.config.defaults import MkDocsConfig


def autoescape(theme_autoescape: Any) -> Callable[[str | None], bool]:
    """MkDocs renders Material's templates without autoescaping; ours escape every value."""
    return lambda name: (
        (name or "").startswith("inspections/")
        or (theme_autoescape(name) if callable(theme_autoescape) else bool(theme_autoescape))
    )


def bytecode_cache(env: Environment, config: MkDocsConfig, folder: Path) -> FileSystemBytecodeCache:
    """The code compiled for ``env`` in earlier builds, kept in a subfolder of ``folder``."""
    names = ["main.html", f"inspections/{Kind.HOME.value}.html"]  # the theme's, and the plugin's: how each escapes
    return template_cache(folder, env, names, _theme_stamp(config))


def compile_page_templates(config: MkDocsConfig, folder: Path) -> list[str]:
    """In a worker: the templates of the site's pages compiled into the cache (in ``folder``) that the build's
    environment will read; the names compiled."""
    env = config.theme.get_env()  # as MkDocs makes it, then as the plugin's ``on_env`` changes it
    env.autoescape = autoescape(env.autoescape)
    # The page templates (the project's own among them, such as a page's ``template:``), then the plugin's.
    custom = config.theme.custom_dir
    own = sorted(path.name for path in Path(custom).glob("*.html")) if custom else []
    roots = ["main.html", *own, *config.theme.static_templates, *(f"inspections/{kind.value}.html" for kind in Kind)]
    roots.append(f"partials/languages/{config.theme['language']}.html")  # Material names it as the page renders
    return compile_ahead(env, roots, bytecode_cache(env, config, folder))


def _theme_stamp(config: MkDocsConfig) -> Hashable:
    """What makes the theme's compiled templates useless when it changes: the theme, its version, its folders."""
    name = config.theme.name or ""
    try:
        version = importlib.metadata.version(f"mkdocs-{name}")
    except (importlib.metadata.PackageNotFoundError, ValueError):
        version = ""
    return (name, version, tuple(config.theme.dirs))
