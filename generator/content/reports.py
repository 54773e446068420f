"""Read one area or report file into the content model, after its front matter is checked.

The front-matter models (``frontmatter``) check every field; what they refuse is reported by
``field_errors`` and left out here, so a report with one bad field still has its other fields (and
its references are still checked). What a model cannot say is checked here: real calendar days, a
report's folder and file name, ids unique within the report, durations after the publication date,
declared themes. All of it depends on the one file (and the themes): a function of one path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .body import check_body
from .dates import DateFormatError, Duration, PartialDate
from .errors import SourceError
from .field_errors import date_text, describe, did_you_mean, read_date, validate, value_at
from .files import KeyPath, format_key
from .frontmatter import LAST_YEAR, UNKNOWN_DATE, models
from .model import RAG, Area, Commitment, Evaluation, Grade, Improvement, NextStep, Outcome, Source, Span

if TYPE_CHECKING:
    from .files import RawDocument
    from .model import Theme
    from .settings import Settings

THEMES_FILE = "themes.yml"
# A report file's name may start with the date of the publication, at any precision: 2017, 2017-12, 2017-12-01.
_NAME_DATE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(\d{2}))?)?(?=-|$)")


@dataclass(slots=True)
class PendingReport:
    """A report read from disk whose references are not resolved yet."""

    doc: RawDocument
    fields: dict[str, Any]
    improvements: list[Improvement] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)


class _Reader:
    """The checked values of one document: ``None`` where the key is absent or its value was refused."""

    def __init__(self, doc: RawDocument, errors: list[SourceError], refused: set[KeyPath]) -> None:
        self.doc = doc
        self.errors = errors
        self.refused = refused

    def get(self, *path: str | int) -> Any:
        if self.refused and any(path[:n] in self.refused for n in range(1, len(path) + 1)):
            return None
        return value_at(self.doc.data, path)

    def text(self, *path: str | int) -> str | None:
        value = self.get(*path)
        return None if value is None else value.strip()

    def texts(self, *path: str | int) -> tuple[str, ...]:
        values = self.get(*path) or ()
        return tuple(t for i in range(len(values)) if (t := self.text(*path, i)))

    def items(self, *path: str | int) -> list[tuple[KeyPath, dict[str, Any]]]:
        values = self.get(*path) or ()
        return [((*path, i), item) for i, item in enumerate(values) if self.get(*path, i) is not None]

    def error(self, path: KeyPath, message: str) -> None:
        self.errors.append(SourceError(self.doc.path, self.doc.line(*path), format_key(path), message))

    def date(self, *path: str | int) -> PartialDate | None:
        value = self.get(*path)
        if value is None:
            return None
        date = read_date(value)
        if isinstance(date, str):
            self.error(path, date)
            return None
        return date

    def unique(self, path: KeyPath, seen: set[str]) -> str | None:
        slug = self.get(*path)
        if slug is not None and slug in seen:
            self.error(path, f"the id {slug!r} is used twice in this report — make each id unique")
            return None
        if slug is not None:
            seen.add(slug)
        return slug


def is_mapping(doc: RawDocument, errors: list[SourceError], what: str = "keys and values") -> bool:
    """Whether the document is a set of keys (else the error says so)."""
    if isinstance(doc.data, dict):
        return True
    errors.append(
        SourceError(
            doc.path, doc.line(), "", f"expected {what}, got {describe(doc.data)} — write them as key: value lines"
        )
    )
    return False


def read_area(doc: RawDocument, slug: str, settings: Settings) -> tuple[Area | None, list[SourceError]]:
    """The area of an area file, and the errors in it."""
    errors: list[SourceError] = []
    if not is_mapping(doc, errors):
        return None, errors
    area_model, _report_model = models(settings.report_types, settings.ratings)
    found, refused = validate(area_model, doc)
    errors.extend(found)
    errors.extend(check_body(doc))
    read = _Reader(doc, errors, refused)
    name = read.text("name")
    if name is None:
        return None, errors
    kind, council, board, website = (read.text(key) for key in ("kind", "council", "health_board", "website"))
    return Area(slug, name, doc.path, kind, council, board, website, doc.body), errors


def read_report(
    doc: RawDocument, folder: str, slug: str, settings: Settings, themes: dict[str, Theme] | None
) -> tuple[PendingReport, list[SourceError]]:
    """A report file's own fields (its references resolved later), and the errors in it. ``themes`` is None
    when there is no ``themes.yml`` to declare them (or it cannot be read): then any slug is a theme."""
    _area_model, report_model = models(settings.report_types, settings.ratings)
    errors, refused = validate(report_model, doc)
    read = _Reader(doc, errors, refused)
    rid = f"{folder}/{slug}"
    area = read.text("area")
    if area is not None and area != folder:
        read.error(
            ("area",),
            f"this report is in the folder reports/{folder}/ but says area {area!r} — "
            f"move the file to reports/{area}/ or correct the key",
        )
    published, written = _published(read, doc)
    if published is not None:
        _name_agrees(read, slug, published)
    f: dict[str, Any] = {"slug": slug, "area": folder, "id": rid, "published": published}
    f["published_written"] = written
    f["title"], f["type"] = read.text("title"), read.text("type")
    f["fieldwork"], f["period"] = _span(read, "fieldwork"), _span(read, "period")
    f["bodies"], f["strengths"] = read.texts("bodies"), read.texts("strengths")
    url = read.text("source", "url")
    f["source"] = Source(url, read.text("source", "format")) if url else None
    f["evaluations"] = tuple(
        Evaluation(indicator, Grade(grade))
        for key, _item in read.items("evaluations")
        if (indicator := read.text(*key, "indicator")) and (grade := read.get(*key, "grade"))
    )
    f["grade_summary"] = _grade_summary(read)
    f["outcomes"] = tuple(
        Outcome(text, RAG(rag) if (rag := read.get(*key, "rag")) else None)
        for key, _item in read.items("outcomes")
        if (text := read.text(*key, "text"))
    )
    f["next_steps"] = _next_steps(read)
    f["follows"], f["closes"] = _refs(read, "follows"), _refs(read, "closes")
    f["notice"] = read.text("notice")
    f["editor_note"] = read.text("editor_note")
    f["progress"] = [
        (key, read.text(*key, "afi"), read.get(*key, "rating"), read.text(*key, "summary"), read.text(*key, "section"))
        for key, _item in read.items("progress")
    ]
    errors.extend(check_body(doc))
    pending = PendingReport(doc, f)
    pending.improvements = _improvements(read, rid, folder, themes)
    pending.commitments = _commitments(read, f)
    return pending, errors


def _published(read: _Reader, doc: RawDocument) -> tuple[PartialDate | None, str | None]:
    value = read.get("published")
    if value == UNKNOWN_DATE:
        return None, UNKNOWN_DATE
    if value is None:
        return None, None
    date = read_date(value)
    if isinstance(date, str):
        read.error(("published",), date)
        return None, None
    return date, date.isoformat()


def _name_agrees(read: _Reader, slug: str, published: PartialDate) -> None:
    """A file name that starts with a date agrees with ``published`` (at the coarser of the two precisions)."""
    match = _NAME_DATE.match(slug)
    if match is None:
        return
    try:
        named = PartialDate.parse(match.group(0))
    except DateFormatError:
        return  # not a real date: the name is a free slug
    if named.is_later_than(published) or published.is_later_than(named):
        read.error(
            ("published",),
            f"the file name {slug}.md starts with the date {named}, but published is {published} — "
            f"correct published, or rename the file to start with {published}",
        )


def _span(read: _Reader, name: str) -> Span | None:
    start = read.date(name, "start")
    end = read.date(name, "end")
    if start and end and start.is_later_than(end):
        read.error((name, "end"), f"the end ({end}) is before the start ({start}) — swap them")
    return Span(start, end) if start else None


def _grade_summary(read: _Reader) -> tuple[tuple[Grade, int], ...]:
    counts = read.get("grade_summary")
    if not counts:
        return ()
    if read.doc.data.get("evaluations"):
        read.error(
            ("grade_summary",),
            "give either `evaluations` (each indicator with its grade) or `grade_summary` (counts only), not both",
        )
    pairs = [(Grade(g), read.get("grade_summary", g)) for g in counts if read.get("grade_summary", g) is not None]
    return tuple(sorted(pairs, key=lambda pair: -pair[0].score))


def _refs(read: _Reader, name: str) -> tuple[str, ...]:
    value = read.get(name)
    if value is None:
        return ()
    return (value.strip(),) if isinstance(value, str) else tuple(v.strip() for v in value)


def _next_steps(read: _Reader) -> tuple[NextStep, ...]:
    result = []
    seen: set[str] = set()
    for key, _item in read.items("next_steps"):
        slug = read.unique((*key, "id"), seen)
        text = read.text(*key, "text")
        due = read.date(*key, "due")
        if slug and text:
            result.append(NextStep(slug, text, read.text(*key, "comment"), due, read.text(*key, "due_text")))
    return tuple(result)


def _improvements(read: _Reader, rid: str, area: str, themes: dict[str, Theme] | None) -> list[Improvement]:
    result: list[Improvement] = []
    seen: set[str] = set()
    for key, _item in read.items("areas_for_improvement"):
        slug = read.unique((*key, "id"), seen)
        text = read.text(*key, "text")
        kept = []
        for index, theme in enumerate(read.get(*key, "themes") or ()):
            path = (*key, "themes", index)
            if read.get(*path) is None:
                continue  # refused (its own error is reported)
            if themes is not None and theme not in themes:
                read.error(
                    path,
                    f"the theme {theme!r} is not declared in {THEMES_FILE}{did_you_mean(theme, themes)} — "
                    "declare it there or correct it",
                )
            else:
                kept.append(theme)
        if slug and text:
            theme_slugs = tuple(dict.fromkeys(kept))
            result.append(Improvement(f"{rid}#{slug}", slug, rid, area, text, theme_slugs, read.text(*key, "title")))
    return result


def _commitments(read: _Reader, f: dict[str, Any]) -> list[Commitment]:
    result: list[Commitment] = []
    seen: set[str] = set()
    for key, _item in read.items("commitments"):
        slug = read.unique((*key, "id"), seen)
        text, kind = read.text(*key, "text"), read.get(*key, "type")
        due, written = _due(read, (*key, "due"), f["published"], unknown=f["published_written"] == UNKNOWN_DATE)
        if slug and text and kind:
            result.append(Commitment(f"{f['id']}#{slug}", slug, f["id"], f["area"], text, kind, due, written))
    return result


def _due(
    read: _Reader, path: KeyPath, published: PartialDate | None, *, unknown: bool
) -> tuple[PartialDate | None, str | None]:
    text = date_text(read.get(*path))
    if text is None:
        return None, None
    if not (text.isdigit() or "-" in text):
        return _after(read, path, text, published, unknown=unknown)
    date = read.date(*path)
    return (date, text) if date else (None, None)


def _after(
    read: _Reader, path: KeyPath, text: str, published: PartialDate | None, *, unknown: bool
) -> tuple[PartialDate | None, str | None]:
    """A duration after the publication date."""
    duration = Duration.parse(text)
    if published is None:
        if unknown:
            read.error(
                path, "a duration needs a dated publication — give `published` a date, or write the due date itself"
            )
        return None, None  # else `published` is missing or wrong: its own error is reported
    try:
        due = published.plus(duration)
    except DateFormatError as error:
        read.error(path, str(error))
        return None, None
    if not 1 <= due.year <= LAST_YEAR:
        read.error(path, f"{text} after {published} is after the year {LAST_YEAR} — write a shorter duration")
        return None, None
    return due, text
