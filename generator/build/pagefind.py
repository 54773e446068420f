"""Runs Pagefind's indexer over a finished folder of HTML: a static, chunked search index.

The indexer is Pagefind's own binary (the ``pagefind[extended]`` wheel, whose
extended build splits Chinese and Japanese text into words), started as
``python -m pagefind``; it reads nothing but the folder and writes nothing but
the bundle. This module knows neither MkDocs nor the content: it indexes a folder
with the options it is given, and makes the bundle reproducible and small.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .pagefind_files import canonical_bundle

# What Pagefind writes that a page using its JavaScript API (pagefind.js) never loads: its ready-made
# interfaces. They are left out of the site.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class IndexingError(RuntimeError):
    """The indexer failed; the message is what it printed."""


@dataclass(frozen=True)
class IndexOptions:
    """How one bundle is made.

    Attributes:
        bundle: the bundle's folder, relative to the site (``pagefind``).
        force_language: index every page as this language (ISO 639-1), or None for one index per ``<html lang>``.
        glob: which HTML files to read, relative to the site.
        root_selector: the element Pagefind reads of each page, or None for the page (or its ``data-pagefind-body``).
    """

    bundle: str = "pagefind"
    force_language: str | None = None
    glob: str = "**/*.html"
    root_selector: str | None = None

    def arguments(self, site: Path) -> list[str]:
        """The command line that makes this bundle from ``site``."""
        command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", self.bundle]
        command += ["--glob", self.glob, "--silent"]
        if self.force_language:
            command += ["--force-language", self.force_language]
        if self.root_selector:
            command += ["--root-selector", self.root_selector]
        return command


def start_index(site: Path, options: IndexOptions) -> subprocess.Popen[bytes]:
    """Starts indexing ``site`` into a folder beside the bundle; ``finish_index`` waits for it and puts it in the
    bundle's place, so that the bundle being replaced serves searches meanwhile."""
    shutil.rmtree(site / _next(options), ignore_errors=True)
    return subprocess.Popen(  # noqa: S603 - our own interpreter running the locked indexer, no shell
        dataclasses.replace(options, bundle=_next(options)).arguments(site),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def finish_index(process: subprocess.Popen[bytes], site: Path, options: IndexOptions) -> None:
    """Waits for the indexer, makes its bundle reproducible and puts it in place; raises IndexingError if it
    failed."""
    output, _ = process.communicate()
    if process.returncode != 0:
        shutil.rmtree(site / _next(options), ignore_errors=True)
        msg = f"pagefind exited with {process.returncode}: {output.decode(errors='replace').strip()}"
        raise IndexingError(msg)
    tidy_bundle(site / _next(options))
    shutil.rmtree(site / options.bundle, ignore_errors=True)
    (site / _next(options)).rename(site / options.bundle)


def _next(options: IndexOptions) -> str:
    return f"{options.bundle}.next"


def index_site(site: Path, options: IndexOptions) -> None:
    """Indexes ``site`` into ``options.bundle`` and waits for it."""
    finish_index(start_index(site, options), site, options)


def tidy_bundle(bundle: Path) -> None:
    """Leaves out what no page loads, and writes what Pagefind lists in varying order (its languages, each
    filter's values, the filters) in one order, so that the same site gives the same bytes."""
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    if (bundle / "pagefind-entry.json").is_file():
        canonical_bundle(bundle)
