"""The site-wide choices an operator makes once (in ``mkdocs.yml`` or on the command line)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_REPORT_TYPES = ("joint-inspection", "progress-review", "news-release", "council-report", "performance-report")
DEFAULT_RATINGS = ("substantial", "encouraging", "early", "limited", "none")


@dataclass(frozen=True, slots=True)
class Settings:
    """What the content is checked against.

    Attributes:
        report_types: the allowed report ``type`` values.
        ratings: the allowed progress ratings, best first.
        default_notice: the notice a report shows when it names none, or None.
    """

    report_types: tuple[str, ...] = DEFAULT_REPORT_TYPES
    ratings: tuple[str, ...] = DEFAULT_RATINGS
    default_notice: str | None = None
