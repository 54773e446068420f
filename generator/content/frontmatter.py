"""The front matter of areas and reports, declared once as typed models.

These models are the single source of the field checks (``check`` and every build validate each file
against them) and of the published JSON Schema (``model_json_schema()``, written by ``site/schema.py``).
What a schema cannot say stays in Python: references between files, the body, real calendar days,
durations added to dates. The configured report types and ratings are part of the models, so they are
built once per set of choices (``models``).

Each constrained type carries a ``Check``: what kind of value it is, which ``field_errors`` turns into
the editor's message (the same message whichever part of a union failed).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from .model import RAG, Grade

UNKNOWN_DATE = "unknown"
LAST_YEAR = 9998  # Python's dates end in 9999, and the calendar feed needs the day after a due date
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# Plain text: something besides spaces, and no tag ("<" + letter, "</", "<!", "<?") nor script address.
# "a < b" is text. Written without inline flags, so that any JSON Schema tool reads it alike.
TEXT_PATTERN = r"^(?![\s\S]*(?:</?[A-Za-z!?]|\b[Jj][Aa][Vv][Aa][Ss][Cc][Rr][Ii][Pp][Tt]\s*:))[\s\S]*\S[\s\S]*$"
DATE_PATTERN = r"^\s*(?!0000)\d{4}(?:-\d{2}(?:-\d{2})?)?\s*$"
DURATION_PATTERN = r"^\s*[1-9]\d*\s+(?:[Mm][Oo][Nn][Tt][Hh][Ss]?|[Yy][Ee][Aa][Rr][Ss]?)\s*$"
URL_PATTERN = r"^\s*https?://[^\s<>\"']+\s*$"


@dataclass(frozen=True, slots=True)
class Check:
    """What kind of value a constrained type holds (``field_errors`` words its message from this)."""

    kind: str


Text = Annotated[str, Field(pattern=TEXT_PATTERN), Check("text")]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN), Check("slug")]
ThemeId = Annotated[str, Field(pattern=SLUG_PATTERN), Check("theme")]
Url = Annotated[str, Field(pattern=URL_PATTERN), Check("url")]
_Year = Annotated[int, Field(ge=1, le=LAST_YEAR)]
_DateText = Annotated[str, Field(pattern=DATE_PATTERN)]
DateValue = Annotated[_Year | _DateText, Check("date"), Field(description="YYYY, YYYY-MM or YYYY-MM-DD")]
Published = Annotated[
    _Year | _DateText | Literal["unknown"],
    Check("published"),
    Field(description="YYYY, YYYY-MM or YYYY-MM-DD at the source's precision, or unknown"),
]
Due = Annotated[
    _Year | _DateText | Annotated[str, Field(pattern=DURATION_PATTERN)],
    Check("due"),
    Field(description="a date (YYYY, YYYY-MM or YYYY-MM-DD) or a duration after `published`, e.g. 6 months"),
]
_RefText = Annotated[str, Field(pattern=TEXT_PATTERN)]
Refs = Annotated[_RefText | list[_RefText], Check("refs")]
GradeCount = Annotated[int, Field(ge=1), Check("count")]
if TYPE_CHECKING:  # the choices are the enums' values, known when the module runs
    GradeValue = str
    RagValue = str
else:
    GradeValue = Annotated[Literal[tuple(g.value for g in Grade)], Check("grade")]
    RagValue = Annotated[Literal[tuple(r.value for r in RAG)], Check("choice")]


class Entry(BaseModel):
    """A set of keys in front matter: strict (YAML gives real types), no keys but the declared ones."""

    model_config = ConfigDict(extra="forbid", strict=True, regex_engine="python-re")
    shape: ClassVar[str] = "key: value lines"


class Span(Entry):
    """``{start: DATE, end: DATE}``."""

    shape: ClassVar[str] = "{start: DATE, end: DATE}"
    start: DateValue
    end: DateValue | None = None


class Source(Entry):
    """Where the original is published."""

    shape: ClassVar[str] = "{url: https://..., format: PDF}"
    url: Url
    format: Text | None = None


class Evaluation(Entry):
    """A quality indicator and its grade."""

    indicator: Text
    grade: GradeValue


class AFI(Entry):
    """An area for improvement found by this report."""

    id: Slug
    text: Text
    themes: list[ThemeId] | None = None
    title: Text | None = Field(default=None, description="A short label for headings and lists")


class Outcome(Entry):
    """An outcome of a performance report, with its own red, amber or green status."""

    text: Text
    rag: RagValue | None = None


class NextStep(Entry):
    """A next step a performance report announces."""

    id: Slug
    text: Text
    comment: Text | None = None
    due: DateValue | None = None
    due_text: Text | None = None


class AreaFrontMatter(Entry):
    """An area file's front matter."""

    name: Text = Field(description="Display name, e.g. South Ayrshire")
    kind: Text | None = Field(default=None, description="e.g. Community planning partnership")
    council: Text | None = Field(default=None, description="The council among the partners")
    health_board: Text | None = Field(default=None, description="The health board among the partners")
    website: Url | None = Field(default=None, description="Absolute http(s) address")


@functools.cache
def models(report_types: tuple[str, ...], ratings: tuple[str, ...]) -> tuple[type[Entry], type[Entry]]:
    """The area and report front-matter models for these configured report types and ratings."""
    report_type = Annotated[Literal[report_types], Check("choice")]  # type: ignore[valid-type]
    rating = Annotated[Literal[ratings], Check("choice")]  # type: ignore[valid-type]
    progress = create_model(
        "Progress",
        __base__=Entry,
        __doc__="This publication's finding on an area for improvement.",
        afi=(Text, ...),
        rating=(rating, ...),
        summary=(Text | None, None),
        section=(Text | None, None),
    )
    commitment = create_model(
        "Commitment",
        __base__=Entry,
        __doc__="A follow-up promised in this publication.",
        id=(Slug, ...),
        text=(Text, ...),
        type=(report_type, ...),
        due=(Due | None, None),
    )
    fields: dict[str, Any] = {
        "title": (Text, Field(description="The publication's title")),
        "type": (report_type, Field(description="The kind of publication")),
        "published": (Published, ...),
        "area": (Slug | None, Field(default=None, description="Must equal the folder name")),
        "fieldwork": (Span | None, None),
        "period": (Span | None, Field(default=None, description="For performance reports: the period covered")),
        "bodies": (list[Text] | None, None),
        "follows": (Refs | None, Field(default=None, description="Report id(s) <area>/<report> this follows")),
        "source": (Source | None, None),
        "evaluations": (list[Evaluation] | None, None),
        "grade_summary": (dict[GradeValue, GradeCount] | None, None),
        "strengths": (list[Text] | None, None),
        "areas_for_improvement": (list[AFI] | None, None),
        "progress": (list[progress] | None, None),  # type: ignore[valid-type]
        "commitments": (list[commitment] | None, None),  # type: ignore[valid-type]
        "closes": (Refs | None, Field(default=None, description="Commitment id(s) <area>/<report>#<commitment>")),
        "outcomes": (list[Outcome] | None, None),
        "next_steps": (list[NextStep] | None, None),
        "notice": (Text | None, Field(default=None, description="A notice id from notices.yml, or none")),
        "editor_note": (
            Text | None,
            Field(default=None, description="A note by the site's editors, not part of the publication"),
        ),
    }
    report = create_model("ReportFrontMatter", __base__=Entry, __doc__="A report file's front matter.", **fields)
    return AreaFrontMatter, report
