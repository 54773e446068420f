"""What an import found: each value with the reason to check it, if the importer is unsure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .blocks import Block

T = TypeVar("T")


@dataclass(slots=True)
class Found(Generic[T]):
    """A value read from the text; ``check`` says why an editor should look at it (None when sure).

    ``note`` is a plain comment for the editor (where the value came from), not a doubt.
    """

    value: T
    check: str | None = None
    note: str | None = None


@dataclass(slots=True)
class Improvement:
    """An area for improvement this publication defines."""

    id: Found[str]
    text: str
    block: int  # the index of the block that states it


@dataclass(slots=True)
class Progress:
    """This publication's finding on an area for improvement of an earlier one."""

    afi: Found[str]
    rating: Found[str]
    summary: Found[str]
    section: str
    block: int  # the block that heads the section


@dataclass(slots=True)
class Grade:
    """A quality indicator and its grade."""

    indicator: Found[str]
    grade: str


@dataclass(slots=True)
class Commitment:
    """A follow-up the publication promises."""

    id: str
    text: str
    type: Found[str]
    due: Found[str]


@dataclass(slots=True)
class Draft:
    """A report file's contents before it is written."""

    area: str
    title: Found[str]
    type: Found[str]
    published: Found[str]
    blocks: list[Block]
    fieldwork: Found[dict[str, str]] | None = None
    period: Found[dict[str, str]] | None = None
    bodies: Found[list[str]] | None = None
    follows: Found[str] | None = None
    source_format: str = ""
    notice: Found[str] | None = None
    evaluations: list[Grade] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    improvements: list[Improvement] = field(default_factory=list)
    progress: list[Progress] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # remarks on the whole file, written as comments at its end
    anchors: dict[int, str] = field(default_factory=dict)  # block index -> the {#id} its heading gets
    skipped: set[int] = field(default_factory=set)  # blocks used for the front matter only (cover, contents)
