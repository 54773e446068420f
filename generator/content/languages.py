"""Language tags (BCP 47): validity, autonyms and writing direction."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# Where CLDR's English name differs from the one UK public bodies use.
_ENGLISH_NAMES = {"bn": "Bengali", "zh-Hant": "Traditional Chinese", "zh-Hans": "Simplified Chinese"}
_WELL_FORMED = re.compile(r"[A-Za-z0-9]{1,8}(?:-[A-Za-z0-9]{1,8})*")
# Scripts written right to left (ISO 15924), for dir="rtl".
_RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", "Mand", "Samr"})


@dataclass(frozen=True, slots=True)
class Language:
    """A language as the site shows it.

    Attributes:
        tag: the BCP 47 tag as written (``zh-Hant``).
        autonym: its name in itself (``中文（繁體）``).
        english: its English name (``Traditional Chinese``).
        direction: ``ltr`` or ``rtl``.
        script: the ISO 15924 script it is written in (``Hant``).
    """

    tag: str
    autonym: str
    english: str
    direction: str
    script: str


class LanguageTagError(ValueError):
    """A tag that is malformed or names no known language."""


# The languages described so far in this process, by tag.
_described: dict[str, Language] = {}


def describe_language(tag: str) -> Language:
    """The language behind ``tag``; raise LanguageTagError for a malformed or unknown tag."""
    described = _described.get(tag)
    if described is None:
        described = _described[tag] = _describe(tag)
    return described


def _describe(tag: str) -> Language:
    # langcodes loads its names of every language on first use: only a build with notices pays for it.
    import langcodes  # noqa: PLC0415

    # langcodes also accepts POSIX-style "pa_IN"; BCP 47 subtags are ASCII letters and digits joined by hyphens.
    if not _WELL_FORMED.fullmatch(tag) or not langcodes.tag_is_valid(tag):
        msg = f"{tag!r} is not a valid BCP 47 language tag — use a tag such as en, gd, ur or zh-Hant"
        raise LanguageTagError(msg)
    standard = langcodes.standardize_tag(tag)
    if standard != tag:
        # "pol", "eng" or "EN" name a language, but pages must carry the standard tag screen readers expect.
        msg = f"{tag!r} is not the standard form of this language tag — write {standard!r}"
        raise LanguageTagError(msg)
    language = langcodes.Language.get(tag)
    if not language.language or not language.has_name_data():
        msg = f"{tag!r} names no known language — use a tag such as en, gd, ur or zh-Hant"
        raise LanguageTagError(msg)
    script = language.maximize().script or "Latn"
    english = _ENGLISH_NAMES.get(tag) or language.display_name("en")
    if "unknown" in english.lower():
        msg = f"{tag!r} names no known language — use a tag such as en, gd, ur or zh-Hant"
        raise LanguageTagError(msg)
    autonym = language.autonym()
    return Language(
        tag=tag,
        autonym=autonym[:1].upper() + autonym[1:],  # no change for scripts without capitals
        english=english,
        direction="rtl" if script in _RTL_SCRIPTS else "ltr",
        script=script,
    )


def known_tags() -> list[str]:
    """A few common tags, to suggest near misses from."""
    return ["en", "gd", "cy", "ga", "bn", "ur", "pa", "ar", "zh-Hant", "zh-Hans", "pl", "ro", "lt", "so", "fa", "he"]


def suggest_tags(tag: str) -> str:
    """' (did you mean 'gd' (Scottish Gaelic) or 'ga' (Irish)?)' for a near miss, or ''."""
    matches = difflib.get_close_matches(tag, known_tags(), n=2, cutoff=0.4)
    if not matches:
        return ""
    named = [f"{match!r} ({describe_language(match).english})" for match in matches]
    return f" (did you mean {' or '.join(named)}?)"
