"""Dates and sentences as publications write them: "15 September 2020", "3rd February", "December 2017"."""

from __future__ import annotations

import calendar
import re

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
DAY = r"(?:[12]?\d|3[01])(?:st|nd|rd|th)?"
DATE = rf"(?:{DAY}\s+{MONTH}(?:,?\s+\d{{4}})?|{MONTH}\s+{DAY},?\s+\d{{4}}|{MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
DATE_RE = re.compile(DATE, re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’']?\s+(?=[“\"‘']?[A-Z0-9])")
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "nine": 9, "twelve": 12, "eighteen": 18, "a": 1,
}  # fmt: skip


def iso(text: str, year: int | None = None) -> str | None:
    """A written date as ``YYYY-MM-DD`` or ``YYYY-MM`` (the precision it is written at), or None.

    ``year`` supplies the year a date written without one belongs to ("3rd February and 13th March 2020").
    """
    text = text.strip().lower().replace(",", "")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    words = [w.rstrip(".") for w in text.split()]
    day = month = None
    found_year = year
    for word in words:
        if word in _MONTHS:
            month = _MONTHS[word]
        elif re.fullmatch(r"\d{4}", word):
            found_year = int(word)
        elif m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", word):
            day = int(m.group(1))
    if month is None or found_year is None:
        return None
    if day is None:
        return f"{found_year:04d}-{month:02d}"
    if day > calendar.monthrange(found_year, month)[1]:
        return None
    return f"{found_year:04d}-{month:02d}-{day:02d}"


def sentences(text: str) -> list[str]:
    """A paragraph's sentences."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def duration(text: str) -> str | None:
    """``within 12 months`` -> ``12 months``; ``within a year`` -> ``1 year``; None when none is written."""
    match = re.search(r"\bwithin\s+(\d{1,2}|[a-z]+)\s+(month|months|year|years)\b", text, re.IGNORECASE)
    if not match:
        return None
    count_word = match.group(1).lower()
    count = int(count_word) if count_word.isdigit() else _NUMBER_WORDS.get(count_word)
    if count is None:
        return None
    unit = "month" if match.group(2).lower().startswith("month") else "year"
    return f"{count} {unit}{'s' if count != 1 else ''}"


def slug(text: str, words: int = 4) -> str:
    """A short slug from the first significant words of a text."""
    parts = [w for w in re.findall(r"[a-z0-9]+", text.lower().replace("'", "")) if w not in _STOP]
    return "-".join(list(dict.fromkeys(parts))[:words]) or "item"


# Words that say little about what an area for improvement is about, left out of the ids made from it.
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "to",
        "in",
        "for",
        "on",
        "by",
        "with",
        "that",
        "this",
        "their",
        "its",
        "it",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "should",
        "must",
        "will",
        "would",
        "could",
        "need",
        "needs",
        "make",
        "makes",
        "sure",
        "ensure",
        "partners",
        "partnership",
        "leaders",
        "they",
        "them",
        "how",
        "more",
        "all",
        "every",
        "while",
        "not",
        "yet",
        "there",
        "which",
        "who",
        "at",
        "as",
        "from",
    ]
)


def quote(text: str, limit: int = 90) -> str:
    """A text shortened for a comment."""
    text = " ".join(text.split())
    return f"“{text[: limit - 1]}…”" if len(text) > limit else f"“{text}”"
