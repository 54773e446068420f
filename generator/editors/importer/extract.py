"""From blocks to a draft: what the publication is, when, by whom, about which area, following what.

The findings (areas for improvement, progress, grades, commitments) are in ``findings.py``.
Every value that comes from a guess rather than from a plain statement carries a ``check``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...content.dates import DateFormatError, PartialDate
from ..scaffold import followed
from .blocks import HEADING, ITEM, PARA, Block, plain_text
from .draft import Draft, Found
from .findings import find_findings
from .phrases import DATE, DATE_RE, iso, quote, sentences

if TYPE_CHECKING:
    from ...content.settings import Settings
    from ...site.derive import Site

# Inspectorates and scrutiny bodies, each as publications name it; the order is the text's, not this list's.
BODIES = (
    "Care Inspectorate Wales",
    "Care Inspectorate",
    "Education Scotland",
    "Healthcare Improvement Scotland",
    "Her Majesty's Inspectorate of Constabulary for Scotland",
    "HM Inspectorate of Constabulary in Scotland",
    "HMICS",
    "Audit Scotland",
    "Mental Welfare Commission for Scotland",
    "Scottish Housing Regulator",
    "HM Inspectorate of Prisons for Scotland",
    "Healthcare Inspectorate Wales",
    "Estyn",
    "Ofsted",
    "Care Quality Commission",
    "HM Inspectorate of Probation",
    "HMICFRS",
)
_TEAM = re.compile(
    r"team of inspectors|inspectors from|in partnership with|led by|carried out by|joint inspection team", re.IGNORECASE
)
_DATE_LABEL = re.compile(
    rf"^(?:(?:report )?published(?: on)?|date(?: of publication)?|publication date|issued)\s*:?\s*({DATE})\.?$",
    re.IGNORECASE,
)
_TYPE_WORDS = (
    ("performance-report", r"performance (?:monitoring )?report|quarter \d|\bRAG\b"),
    ("council-report", r"report by:|report for (?:information|decision|noting)|\bcommittee\b.*\breport\b"),
    ("progress-review", r"progress review|follow-up review|review of progress"),
    ("joint-inspection", r"joint inspection|inspection of services"),
)


class UnknownArea(ValueError):
    """The text names no area of the site, or several equally often."""


def draft_from(
    blocks: list[Block], site: Site, settings: Settings, *, area: str | None, report_type: str | None
) -> Draft:
    """A draft report file from a publication's blocks."""
    text = plain_text(blocks)
    area = area or guess_area(text, site)
    guessed = _guess_type(blocks, text, settings)
    kind = Found(report_type) if report_type else guessed
    title, used = _title(blocks, kind.value)
    published = _published(blocks, text, kind.value)
    if kind.value != guessed.value and not guessed.check:
        other = f"the cover reads as a {guessed.value}'s, not a {kind.value}'s"
        title.check = f"{other}: write this publication's own title"
        published.check = published.check or f"{other}: check the date is this publication's own"
    draft = Draft(area, title, kind, published, blocks, skipped=used)
    draft.skipped |= _contents(blocks)
    if kind.value == "performance-report":
        draft.period = _period(text)
    draft.fieldwork = _fieldwork(blocks, kind.value)
    draft.bodies = _bodies(text, kind.value, site.areas[area].name if area in site.areas else area)
    draft.follows = _follows(text, site, area, kind.value, draft.published.value)
    draft.notice = _notice(text, site)
    find_findings(draft, site, settings)
    return draft


def guess_area(text: str, site: Site) -> str:
    """The site's area the text names most often; UnknownArea when none or a tie."""
    counts = {slug: len(re.findall(rf"\b{re.escape(a.name)}\b", text, re.IGNORECASE)) for slug, a in site.areas.items()}
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] == 0:
        msg = "the text names no area of the site: give one with --area (add it first with `inspections new area`)"
        raise UnknownArea(msg)
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        msg = f"the text names {ranked[0][0]} and {ranked[1][0]} equally often: give the area with --area"
        raise UnknownArea(msg)
    return ranked[0][0]


def _guess_type(blocks: list[Block], text: str, settings: Settings) -> Found[str]:
    cover = " ".join(b.text for b in blocks[:6] if b.kind == HEADING or len(b.text) < 120).lower()
    for name, pattern in _TYPE_WORDS:
        if name in settings.report_types and re.search(pattern, cover, re.IGNORECASE):
            return Found(name, note="from the title")
    for name, pattern in _TYPE_WORDS:
        if name in settings.report_types and re.search(pattern, text, re.IGNORECASE):
            why = f"the text speaks of {quote(re.search(pattern, text, re.IGNORECASE).group(0))}"  # type: ignore[union-attr]
            news = " (it reads as a news release about one: use news-release to record the release itself)"
            return Found(name, f"{why}{news if not any(b.kind == HEADING for b in blocks) else ''}")
    fallback = settings.report_types[0]
    return Found(
        fallback,
        f"the text does not say what kind of publication it is: give --type ({', '.join(settings.report_types)})",
    )


def _title(blocks: list[Block], kind: str) -> tuple[Found[str], set[int]]:
    """The cover's title (joined with a subtitle printed under it), and the blocks it used."""
    for index, block in enumerate(blocks[:8]):
        if block.kind == HEADING or (block.kind == PARA and len(block.text) < 120 and not block.text.endswith(".")):
            if DATE_RE.fullmatch(block.text) or block.text.lower() in {"contents", "news release"}:
                continue
            if block.text.isupper():
                continue
            title, used = block.text.rstrip(":"), {index}
            for later in range(index + 1, min(index + 3, len(blocks))):
                other = blocks[later]
                if DATE_RE.fullmatch(other.text):
                    used.add(later)
                    continue
                styled = other.bold or other.kind == HEADING
                if (
                    other.kind in {HEADING, PARA}
                    and styled
                    and len(other.text) < 90
                    and other.text.lower() != "contents"
                ):
                    subtitle = other.text[0].lower() + other.text[1:] if not other.text[:2].isupper() else other.text
                    used.add(later)
                    return Found(f"{title}: {subtitle}", "joined from the cover's title and subtitle"), used
                break
            sure = block.kind == HEADING and index == 0
            return Found(title, None if sure else "the first short line of the text: check it is the whole title"), used
    first = sentences(blocks[0].text)[0] if blocks and blocks[0].text else ""
    return Found("", f"the text has no title (a news release?): write one, e.g. from {quote(first, 70)}"), set()


def _contents(blocks: list[Block]) -> set[int]:
    """A table of contents (its heading and its rows): the site makes its own."""
    for index, block in enumerate(blocks):
        if block.kind == HEADING and block.text.strip().lower() in {"contents", "table of contents"}:
            end = index + 1
            while end < len(blocks) and (blocks[end].kind != HEADING) and _toc_line(blocks[end]):
                end += 1
            return set(range(index, end))
    return set()


def _toc_line(block: Block) -> bool:
    last = block.cells[-1] if block.cells else block.text.rsplit(" ", 1)[-1]
    return last.strip().isdigit()


def _published(blocks: list[Block], text: str, kind: str) -> Found[str]:
    if kind == "joint-inspection":
        match = re.search(rf"report was (?:\w+ )?published on ({DATE})", text, re.IGNORECASE)
        if match and (value := iso(match.group(1))):
            return Found(value, f"from {quote(match.group(0))}: check it is this report's own date")
    for block in blocks[:15]:
        if block.kind in {PARA, HEADING} and DATE_RE.fullmatch(block.text.strip()):
            value = iso(block.text)
            if value:
                return Found(value, note="the date on the cover")
        labelled = _DATE_LABEL.match(block.text.strip()) if block.kind in {PARA, HEADING} else None
        if labelled and (value := iso(labelled.group(1))):
            return Found(value, note=f"from {quote(block.text)}")
    today = re.search(r"published today|published this week", text, re.IGNORECASE)
    why = "the text says it was " + quote(today.group(0)) + " but gives no date" if today else "the text states no date"
    return Found("", f"{why}: write YYYY, YYYY-MM or YYYY-MM-DD as precise as known, or unknown")


def _period(text: str) -> Found[dict[str, str]] | None:
    match = re.search(rf"period\s+({DATE}|[A-Za-z]+)\s+(?:to|-|–)\s+({DATE})", text, re.IGNORECASE)
    if not match:
        return None
    end = iso(match.group(2))
    start = iso(match.group(1), int(end[:4])) if end else None
    if not (start and end):
        return None
    return Found({"start": start, "end": end}, note=f"from {quote(match.group(0))}")


def _fieldwork(blocks: list[Block], kind: str) -> Found[dict[str, str]] | None:
    """The latest stretch of time the text says inspectors were at work."""
    candidates: list[tuple[str, dict[str, str], str]] = []
    for sentence in (s for b in blocks if b.kind in {PARA, ITEM} for s in sentences(b.text)):
        if not re.search(r"inspect|review|visit|fieldwork|activities", sentence, re.IGNORECASE):
            continue
        for match in re.finditer(rf"week (?:beginning|commencing) ({DATE})", sentence, re.IGNORECASE):
            if start := iso(match.group(1)):
                candidates.append((start, {"start": start}, sentence))
        for match in re.finditer(rf"(?:between|from) ({DATE}) (?:and|to|until) ({DATE})", sentence, re.IGNORECASE):
            end = iso(match.group(2))
            start = iso(match.group(1), int(end[:4])) if end else None
            if start and end:
                candidates.append((end, {"start": start, "end": end}, sentence))
    if not candidates:
        return None
    _, value, sentence = max(candidates, key=lambda c: (c[0][:7], len(c[0]) + sum(map(len, c[1].values()))))
    about = (
        "" if kind in {"joint-inspection", "progress-review"} else " (the fieldwork of the inspection it reports on?)"
    )
    return Found(value, f"from {quote(sentence, 110)}{about}")


def _bodies(text: str, kind: str, area_name: str) -> Found[list[str]] | None:
    flat = text.replace("’", "'").replace("\n", " ")
    if kind == "council-report" and re.search(rf"\b{re.escape(area_name)} Council\b", flat, re.IGNORECASE):
        return Found([f"{area_name} Council"], note="the council whose report this is")
    if kind == "performance-report" and re.search(
        rf"{re.escape(area_name)} community planning partnership", flat, re.IGNORECASE
    ):
        return Found([f"{area_name} Community Planning Partnership"], note="the partnership named on the cover")
    for sentence in sentences(flat):
        if _TEAM.search(sentence):
            named = _named_bodies(sentence)
            if named:
                return Found(named, note="the bodies the text says carried it out")
    named = _named_bodies(flat)
    return Found(named, "every inspectorate the text names: keep those that carried it out") if named else None


def _named_bodies(text: str) -> list[str]:
    found: list[tuple[int, str]] = []
    taken: list[range] = []
    for body in BODIES:
        for match in re.finditer(rf"\b{re.escape(body)}\b", text):
            if not any(match.start() in span for span in taken):
                found.append((match.start(), body))
                taken.append(range(match.start(), match.end()))
                break
    return [body for _, body in sorted(found)]


def _notice(text: str, site: Site) -> Found[str] | None:
    """The notice of notices.yml whose English text the publication prints, if any."""
    flat = " ".join(text.split()).lower()
    for notice in site.content.notices.values():
        english = next((t.text for t in notice.texts if t.lang == "en"), "")
        if english and " ".join(english.split()).lower().rstrip(".") in flat:
            return Found(notice.id, note=f"the publication prints {quote(english, 60)}")
    return None


def _follows(text: str, site: Site, area: str, kind: str, published: str) -> Found[str] | None:
    if kind in {"joint-inspection", "performance-report"} or area not in site.areas:
        return None
    if not re.search(
        r"\bfollow(?:s|ing|-up)?\b.{0,80}\b(?:inspection|review)|progress review|inspection report|joint inspection",
        text,
        re.IGNORECASE | re.DOTALL,
    ):
        return None
    try:
        before = PartialDate.parse(published) if published else None
    except DateFormatError:
        before = None
    latest = followed(site, area, kind, before=before)
    if latest is None:
        return Found("", "the text follows an earlier publication that is not on the site: add it, or remove follows")
    why = None if before else "the latest publication of the area; the text gives no date to check it is earlier"
    return Found(latest.id, why, note=latest.title)
