"""Where the time of one build goes, by kind of page and by phase (in process, CPU time).

    .venv/bin/python -m benchmarks.breakdown path/to/mkdocs.yml [site_dir]

Wraps MkDocs' page phases (Markdown rendering, the plugins' ``page_context``
handlers, the theme template, writing), the wait for the search index (Pagefind) and the
``inspections`` plugin's ``on_files``, and prints the CPU seconds of each, split by
kind of page: report, area for improvement (``afi``), area, other generated
pages, and the documentation pages. Complements ``cProfile``: the same build,
in one process (``processes: 1``, so no work is shared with forked processes),
with totals a reader can compare with the plain site's.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.commands import build as build_module
from mkdocs.config import load_config
from mkdocs.structure.pages import Page

from generator.plugin import events as inspections
from generator.plugin import rendering

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

TOTALS: dict[tuple[str, str], float] = defaultdict(float)
COUNTS: dict[str, int] = defaultdict(int)
_current: list[str] = ["-"]


def kind_of(src_uri: str) -> str:
    parts = src_uri.split("/")
    if parts[0] == "areas" and len(parts) == 5:
        return "afi"
    if parts[0] == "areas" and len(parts) == 4:
        return "report"
    if parts[0] == "areas" and len(parts) == 3:
        return "area"
    return "other"


@contextmanager
def timed(phase: str, kind: str | None = None):
    start = time.process_time()
    try:
        yield
    finally:
        TOTALS[(kind or _current[0], phase)] += time.process_time() - start


def wrap(owner: Any, name: str, phase: str, *, kind_from_page: bool = False, site_wide: bool = False) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)  # keeps MkDocs' event priority (an attribute of the method) and its name
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if kind_from_page:
            page = kwargs.get("page") or next(a for a in args if hasattr(a, "file"))
            _current[0] = kind_of(page.file.src_uri)
        with timed(phase, "-" if site_wide else None):
            return original(*args, **kwargs)

    setattr(owner, name, wrapper)


def main() -> None:
    config_file = sys.argv[1]
    site_dir = sys.argv[2] if len(sys.argv) > 2 else str(Path(config_file).parent / "site-breakdown")

    wrap(build_module, "_populate_page", "1 markdown (read + render)", kind_from_page=True)
    wrap(Page, "render", "1a   of which Python-Markdown")
    wrap(build_module, "_build_page", "2 build page (context, template, write)", kind_from_page=True)
    wrap(inspections.InspectionsPlugin, "on_page_context", "2a   inspections on_page_context")
    wrap(rendering.Renderer, "render", "2a2    the plugin's template")
    wrap(build_module, "_build_template", "2c   theme template (main.html)")
    wrap(build_module.utils, "write_file", "2d   writing")
    wrap(build_module, "_build_theme_template", "3 theme templates (404, sitemap)", site_wide=True)
    wrap(inspections.InspectionsPlugin, "on_files", "0 inspections on_files (load, validate, plan)", site_wide=True)
    wrap(inspections.SiteSearch, "index", "4 search index (Pagefind)", site_wide=True)

    original_build_page = build_module._build_page

    def counting(page: Any, *args: Any, **kwargs: Any) -> Any:
        COUNTS[kind_of(page.file.src_uri)] += 1
        return original_build_page(page, *args, **kwargs)

    build_module._build_page = counting

    start, wall = time.process_time(), time.perf_counter()
    config = load_config(config_file=config_file, site_dir=site_dir)
    if (plugin := config.plugins.get("inspections")) is not None:
        plugin.config.processes = 1  # one process, so that its CPU time is the whole build's
    build_module.build(config)
    total, wall = time.process_time() - start, time.perf_counter() - wall

    kinds = ["report", "afi", "area", "other", "-"]
    phases = sorted({phase for _, phase in TOTALS})
    print(f"total CPU {total:.2f} s (wall {wall:.2f} s); pages: " + ", ".join(f"{k} {COUNTS[k]}" for k in kinds[:-1]))
    print(f"{'phase':48}" + "".join(f"{k:>10}" for k in kinds) + f"{'all':>10}")
    for phase in phases:
        row = [TOTALS.get((k, phase), 0.0) for k in kinds]
        print(f"{phase:48}" + "".join(f"{v:10.2f}" for v in row) + f"{sum(row):10.2f}")
    print(
        f"{'per page, ms (markdown + build page)':48}"
        + "".join(
            f"{1000 * (TOTALS.get((k, phases[1]), 0) + TOTALS.get((k, phases[3]), 0)) / COUNTS[k]:10.2f}"
            if COUNTS.get(k)
            else f"{'':10}"
            for k in kinds
        )
    )


if __name__ == "__main__":
    main()
