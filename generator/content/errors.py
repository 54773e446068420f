"""Content errors: each names the file, the line, the key and the fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class SourceError:
    """One mistake in one content file.

    Attributes:
        path: the file, relative to the project (e.g. ``content/reports/moray/x.md``).
        line: 1-based line number, or 0 when no line can be known.
        key: the front-matter key path (``progress[2].afi``), or ``""`` for the file as a whole.
        message: what is wrong and how to fix it.
    """

    path: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form, for ``check --format json``."""
        return {"path": self.path, "line": self.line, "key": self.key, "message": self.message}


class ContentError(Exception):
    """The content has mistakes; ``errors`` lists every one of them, in file order."""

    def __init__(self, errors: list[SourceError]) -> None:
        self.errors = sorted(errors)
        super().__init__(f"{len(self.errors)} content error(s)")
