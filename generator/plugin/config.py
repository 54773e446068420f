"""The options of the ``inspections`` plugin in ``mkdocs.yml``, and the benchmark's switches."""

from __future__ import annotations

import os

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from ..content.settings import DEFAULT_RATINGS, DEFAULT_REPORT_TYPES, Settings
from ..site.figures import DEFAULT_GRADES


class InspectionsConfig(Config):
    """Options of the ``inspections`` plugin in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    content_dir = c.Type(str, default="content")
    """The content folder, relative to ``mkdocs.yml``."""
    data_dir = c.Type(str, default="data")
    """Where the open data files go in the built site."""
    report_types = c.ListOfItems(c.Type(str), default=list(DEFAULT_REPORT_TYPES))
    ratings = c.ListOfItems(c.Type(str), default=list(DEFAULT_RATINGS))
    """Progress ratings, best first."""
    grades = c.ListOfItems(c.Type(str), default=list(DEFAULT_GRADES))
    """The quality-indicator grades, best first: the scale the grade charts draw (each one of the six grades
    reports may give)."""
    default_notice = c.Type(str, default="none")
    """The notice a report shows when it names none (``none`` for no notice)."""
    cache_fragments = c.Type(bool, default=True)
    """Render the theme's page-independent fragments once per build (``generator/build/fragment_cache.py``); the
    output is the same either way, only slower without."""
    processes = c.Type(int, default=0)
    """How many processes share the work of ``mkdocs build`` (``generator/build/workers.py``: checking the report
    files, rendering the generated pages): 0 for one per CPU core, 1 for the build's own process alone. The
    output is the same either way."""

    def settings(self) -> Settings:
        """What the content checks need of these options."""
        notice = None if self.default_notice == "none" else self.default_notice
        return Settings(report_types=tuple(self.report_types), ratings=tuple(self.ratings), default_notice=notice)


def turned_off(speedup: str) -> bool:
    """Whether the benchmark turned a speed-up off (``INSPECTIONS_BENCH_OFF=workers,fragments``), to measure it:
    ``benchmarks/speedups.py``. The switches: ``workers``; ``freeze`` (objects frozen before each fork);
    ``fragments``; ``templates`` (compiled templates kept); ``ahead`` (compiled ahead by a worker); ``charts``;
    ``search``. The output is the same either way, but for ``search``: the site without its index, to weigh what
    the index costs."""
    return speedup in os.environ.get("INSPECTIONS_BENCH_OFF", "").split(",")
