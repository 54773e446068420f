"""The findings of a publication: areas for improvement, progress on earlier ones, grades, strengths, commitments.

Areas for improvement are recognised by how publications introduce them (an
"Area for improvement:" heading, a list after "areas for improvement were ...");
one that matches an area for improvement already on the site is that one, not a new one.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from .blocks import HEADING, ITEM, PARA, ROW, Block, plain_text
from .draft import Commitment, Draft, Found, Grade, Improvement, Progress
from .phrases import DATE, duration, iso, quote, sentences, slug

if TYPE_CHECKING:
    from ...content.model import Improvement as SiteImprovement
    from ...content.settings import Settings
    from ...site.derive import Site

_AFI_HEAD = re.compile(
    r"^(?:areas? for improvement|improvement areas?|areas? for development|priority for improvement|priority area|"
    r"recommendation)\s*\d*\s*[:.–-]\s*(.+)$",
    re.IGNORECASE,
)
_AFI_LEAD = re.compile(
    r"areas? for (?:improvement|development)|improvement areas|priorities for improvement|"
    r"(?:need|needs) to improve",
    re.IGNORECASE,
)
_STRENGTHS_LEAD = re.compile(r"\bstrengths\b", re.IGNORECASE)
# Progress phrases, strongest first; each rating is used only when the site's configuration has it.
_RATING_WORDS = (
    ("substantial", r"substantial|significant|considerable|very positive|very good|excellent|strong"),
    ("encouraging", r"encouraging|good|positive|steady"),
    ("early", r"early|initial"),
    ("limited", r"limited|some|slow|little|insufficient|modest|disappointing"),
)
RATING_PHRASES = (
    *(
        (
            rating,
            rf"(?<!very )\b(?:{words}) progress|progress (?:has been|was|is|remains|had been) (?:\w+ )?(?:{words})\b",
        )
        for rating, words in _RATING_WORDS
    ),
    ("encouraging", r"encouraging steps"),
    ("early", r"promising start|(?:made|making) a (?:good |positive )?start"),
    ("none", r"\bno (?:evidence of )?progress|not (?:yet )?made (?:any )?progress"),
)
GRADES = {
    "excellent": "excellent",
    "very good": "very-good",
    "good": "good",
    "adequate": "adequate",
    "weak": "weak",
    "unsatisfactory": "unsatisfactory",
}
_GRADED = re.compile(
    r"^(.{3,160}?)\s*(?:[-–:=|]\s*)?\b(?:\d\s*[-–]?\s*)?(excellent|very good|good|adequate|weak|unsatisfactory)\.?$",
    re.IGNORECASE,
)
_INDICATOR = re.compile(r"^(?:QI\s*)?(\d{1,2}(?:\.\d{1,2})+)\s+(.+)$")
_PROMISE = re.compile(
    r"\b(?:we|the care inspectorate|inspectors|an? (?:joint )?inspection team|the (?:joint )?inspection team|"
    r"partners|the partnership|the council)\b[^.]{0,60}?\b(?:will|shall|intend to|plan to)\s+"
    r"(?:now\s+|then\s+|also\s+)?"
    r"(?:publish|carry out|undertake|return|visit|conduct|produce|prepare|develop|report)\b",
    re.IGNORECASE,
)
_RECOMMENDED = re.compile(
    r"^(?:develop|prepare|produce|publish|agree)\s+(?:an?|the)\s+(?:\w+\s+){0,2}(?:action|improvement) plan\b",
    re.IGNORECASE,
)
_PROMISED_KIND = (
    (
        "progress-review",
        r"(?:(\w+)\s+)?(?:progress|follow-up) review|(?:(\w+)\s+)?review of progress|report on (?:\w+ )?progress",
    ),
    ("joint-inspection", r"(?:(\w+)\s+)?inspection|\bvisit\b"),
    ("action-plan", r"(?:(\w+)\s+)?(?:action|improvement) plan"),
)
_NEGATED = re.compile(r"\bwill not\b|\bwon't\b", re.IGNORECASE)
_WITHDRAWN = re.compile(
    r"will not (?:be )?(?:making|carry|carrying|publish|undertake)\w* (?:any )?further", re.IGNORECASE
)
_ORDINALS = {"first", "second", "third", "fourth", "further", "next", "final", "initial"}


def find_findings(draft: Draft, site: Site, settings: Settings) -> None:
    """Fill the draft's areas for improvement, progress, grades, strengths and commitments."""
    known = [state.improvement for state in site.improvements_in(draft.area)]
    followed = draft.follows.value if draft.follows else ""
    _improvements(draft, known, settings, _reached(site, followed))
    if draft.type.value == "progress-review" and not draft.progress:
        phrases = [
            m.group(0) for _, p in RATING_PHRASES for m in re.finditer(p, plain_text(draft.blocks), re.IGNORECASE)
        ]
        if phrases:
            said = ", ".join(quote(p) for p in dict.fromkeys(phrases))
            draft.notes.append(f"the text says {said} but rates no single area for improvement: no progress entries")
    _grades(draft, site, followed)
    _strengths(draft, site, followed)
    _commitments(draft, settings)


def _reached(site: Site, followed: str) -> set[str]:
    """The reports a publication that follows ``followed`` reaches, directly or not."""
    reached: set[str] = set()
    queue = [followed] if followed else []
    while queue:
        rid = queue.pop()
        if rid in site.reports and rid not in reached:
            reached.add(rid)
            queue.extend(site.reports[rid].follows)
    return reached


def _stated_improvements(blocks: list[Block]) -> list[tuple[int, str, bool]]:
    """(block index, text, heads a section) of every area for improvement the text states."""
    found: list[tuple[int, str, bool]] = []
    for index, block in enumerate(blocks):
        match = _AFI_HEAD.match(block.text) if block.kind in {PARA, HEADING} else None
        if match:
            found.append((index, match.group(1).strip(), True))
        elif (
            block.kind in {PARA, HEADING}
            and _AFI_LEAD.search(block.text)
            and (block.kind == HEADING or block.text.rstrip().endswith((":", ";")))
        ):
            item = index + 1
            while item < len(blocks) and blocks[item].kind == ITEM:
                found.append((item, blocks[item].text, False))
                item += 1
    return found


def _match(text: str, known: list[SiteImprovement]) -> SiteImprovement | None:
    """The area for improvement on the site that ``text`` states, in the same words (nearly)."""
    best = max(known, key=lambda afi: _ratio(text, afi), default=None)
    return best if best is not None and _ratio(text, best) >= 0.8 else None


def _closest(text: str, known: list[SiteImprovement]) -> SiteImprovement | None:
    """The area for improvement on the site that ``text`` most likely means in other words, if any clearly does."""
    ranked = sorted(known, key=lambda afi: -_shared(text, afi.text))
    if not ranked or _shared(text, ranked[0].text) < 0.4:
        return None
    if len(ranked) > 1 and _shared(text, ranked[1].text) >= _shared(text, ranked[0].text) - 0.1:
        return None
    return ranked[0]


def _ratio(text: str, afi: SiteImprovement) -> float:
    return SequenceMatcher(None, _norm(text), _norm(afi.text), autojunk=False).ratio()


def _shared(text: str, other: str) -> float:
    """The share of a heading's significant words that the other text also has."""
    mine, theirs = _words(text), _words(other)
    return len(mine & theirs) / max(1, len(mine))


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")))


def _improvements(draft: Draft, known: list[SiteImprovement], settings: Settings, reached: set[str]) -> None:
    reviewing = draft.type.value == "progress-review"
    seen: set[str] = set()
    repeated: set[str] = set()
    for index, text, heads in _stated_improvements(draft.blocks):
        afi = _match(text, known)
        if afi is not None:
            if heads and reviewing and afi.id not in seen:
                seen.add(afi.id)
                draft.progress.append(_progress(draft, index, afi=afi, settings=settings, reached=reached))
            elif not heads:
                repeated.add(afi.report)
            continue
        if reviewing:
            if heads:
                near = _closest(text, known)
                if near is not None and near.id not in seen:
                    seen.add(near.id)
                    why = f"the closest area for improvement on the site by its words ({quote(near.text, 60)}): confirm"
                    ref = Found(near.slug if near.report in reached else near.id, why)
                    draft.progress.append(
                        _progress(draft, index, afi=near, settings=settings, reached=reached, ref=ref)
                    )
                else:
                    why = "no area for improvement on the site matches this text: add it to its report, or correct afi"
                    draft.progress.append(
                        _progress(
                            draft, index, afi=None, settings=settings, reached=reached, ref=Found(slug(text), why)
                        )
                    )
            continue
        ids = {i.id.value for i in draft.improvements}
        new_id = slug(text)
        while new_id in ids:
            new_id += "-2"
        check = "a proposed id (it becomes a permanent URL): shorten or rename it now if you wish"
        draft.improvements.append(Improvement(Found(new_id, check), text, index))
        if heads:
            draft.anchors[index] = new_id
    for report in sorted(repeated):
        draft.notes.append(f"the text repeats the areas for improvement of {report}: they are not defined again here")


def _progress(
    draft: Draft,
    index: int,
    *,
    afi: SiteImprovement | None,
    settings: Settings,
    reached: set[str],
    ref: Found[str] | None = None,
) -> Progress:
    section = _section(draft.blocks, index)
    rating, summary = _rating(section, settings)
    if afi is not None and ref is None:
        ref = Found(afi.slug if afi.report in reached else afi.id, note=quote(afi.text, 60))
    anchor = afi.slug if afi is not None else (ref.value if ref else slug(draft.blocks[index].text))
    draft.anchors[index] = anchor
    return Progress(ref or Found(anchor), rating, summary, anchor, index)


def _section(blocks: list[Block], start: int) -> list[Block]:
    """The paragraphs after a finding's heading, up to the next heading or finding."""
    out: list[Block] = []
    for block in blocks[start + 1 :]:
        if block.kind == HEADING or _AFI_HEAD.match(block.text) or (block.bold and len(block.text) < 120):
            break
        if block.kind in {PARA, ITEM} and not re.match(r"^\d{1,2}\s+[A-Z]", block.text):
            out.append(block)
    return out


def _rating(section: list[Block], settings: Settings) -> tuple[Found[str], Found[str]]:
    """The rating a section's wording implies and the paragraph that says it."""
    hits: list[tuple[int, str, str]] = []
    for position, block in enumerate(section):
        for rating, pattern in RATING_PHRASES:
            for match in re.finditer(pattern, block.text, re.IGNORECASE):
                if not any(h[0] == position and match.group(0).lower() in h[2].lower() for h in hits):
                    hits.append((position, rating, match.group(0)))
    choices = ", ".join(settings.ratings)
    if not hits:
        return Found("", f"no progress phrase found: choose one of {choices}"), Found(
            "", "write the review's own summary"
        )
    kinds = {h[1] for h in hits}
    position, rating, phrase = next((h for h in reversed(hits) if h[0] == len(section) - 1), hits[-1])
    summary = section[position].text
    if rating not in settings.ratings:
        return Found(
            "", f"{quote(phrase)} found, but {rating!r} is not a configured rating: choose one of {choices}"
        ), Found(summary)
    if len(kinds) > 1:
        others = ", ".join(quote(h[2]) for h in hits if h[1] != rating)
        return Found(rating, f"from {quote(phrase)}, but the section also says {others}"), Found(summary)
    summary_check = (
        None if position == len(section) - 1 else "the paragraph with the rating phrase: shorten or extend it"
    )
    return Found(rating, note=f"from {quote(phrase)}"), Found(summary, summary_check)


def _grades(draft: Draft, site: Site, followed: str) -> None:
    indicators = [
        (m.group(1), m.group(0))
        for b in draft.blocks
        if b.kind in {ITEM, PARA} and (m := _INDICATOR.match(b.text)) and len(b.text) < 160
    ]
    found: list[Grade] = []
    for block in draft.blocks:
        if block.kind == ROW and len(block.cells) >= 2:
            line = f"{block.cells[0]} {block.cells[-1]}"
        elif block.kind == ITEM or (block.kind == PARA and len(block.text) < 120):
            line = block.text
        else:
            continue
        match = _GRADED.match(line.strip())
        if not match or re.search(r"scale|=", match.group(1), re.IGNORECASE):
            continue
        found.append(Grade(_indicator(match.group(1).strip(" -–:"), indicators), GRADES[match.group(2).lower()]))
    order = [full for _, full in indicators]
    found.sort(key=lambda g: order.index(g.indicator.value) if g.indicator.value in order else len(order))
    earlier = site.reports.get(followed)
    if (
        found
        and earlier is not None
        and {(e.indicator, str(e.grade)) for e in earlier.evaluations} >= {(g.indicator.value, g.grade) for g in found}
    ):
        draft.notes.append(f"the text repeats the grades of {followed}: they are not repeated here")
        return
    draft.evaluations = found


def _indicator(name: str, indicators: list[tuple[str, str]]) -> Found[str]:
    """The numbered quality indicator a graded name stands for, when the text lists them."""
    if _INDICATOR.match(name) or not indicators:
        return Found(name)
    words = _words(name)

    def overlap(full: str) -> float:
        theirs = _words(full)
        return len(words & theirs) / max(1, min(len(words), len(theirs)))

    ranked = sorted(indicators, key=lambda i: -overlap(i[1]))
    best = ranked[0][1]
    if overlap(best) < 0.6 or (len(ranked) > 1 and overlap(ranked[1][1]) == overlap(best)):
        return Found(name, "the text grades it under this name; name the quality indicator it stands for")
    return Found(best, None if overlap(best) >= 0.99 else f"the text grades {quote(name)}", note=None)


def _words(text: str) -> set[str]:
    stop = {
        "and",
        "of",
        "the",
        "on",
        "in",
        "for",
        "to",
        "a",
        "an",
        "with",
        "at",
        "by",
        "who",
        "are",
        "were",
        "was",
        "is",
    }
    return {w.rstrip("s") for w in re.findall(r"[a-z]+", text.lower()) if w not in stop and len(w) > 2}


def _strengths(draft: Draft, site: Site, followed: str) -> None:
    for index, block in enumerate(draft.blocks):
        if (
            block.kind in {PARA, HEADING}
            and _STRENGTHS_LEAD.search(block.text)
            and (block.kind == HEADING or block.text.rstrip().endswith((":", ";")))
        ):
            items = []
            for later in draft.blocks[index + 1 :]:
                if later.kind != ITEM:
                    break
                items.append(later.text)
            if not items:
                continue
            earlier = site.reports.get(followed)
            if earlier is not None and set(items) <= set(earlier.strengths):
                draft.notes.append(f"the text repeats the strengths of {followed}: they are not repeated here")
            elif draft.type.value == "joint-inspection":
                draft.strengths = items
            else:
                draft.notes.append(
                    f"the text lists an inspection's strengths (after {quote(block.text, 60)}): they belong in its file"
                )
            return


def _commitments(draft: Draft, settings: Settings) -> None:
    taken: set[str] = set()
    own_plan = draft.type.value in {"council-report", "action-plan"}
    for block in draft.blocks:
        if block.kind not in {PARA, ITEM}:
            continue
        for said in sentences(block.text):
            sentence = said.strip("“”\"' ")
            recommended = bool(_RECOMMENDED.match(sentence))
            if _WITHDRAWN.search(sentence):
                draft.notes.append(
                    f"the text says {quote(sentence, 100)}: if that withdraws a commitment, add it to closes"
                )
            if not (recommended or _PROMISE.search(sentence)) or _NEGATED.search(sentence):
                continue
            promised = _promised(sentence, settings)
            if promised is None or promised[0] in taken:
                continue
            kind, name = promised
            taken.add(kind)
            check = None
            if kind not in settings.report_types:
                check = f"{kind!r} is not a configured report type: use one of {', '.join(settings.report_types)}"
            elif recommended and not own_plan:
                check = "a recommendation to others, not a promise of this publication's authors: remove it if so"
            draft.commitments.append(Commitment(name, sentence, Found(kind, check), _due(sentence)))


def _due(sentence: str) -> Found[str]:
    """When a promise is due: a duration ("within 12 months") or a date ("by March 2020"), as written."""
    after = duration(sentence)
    if after:
        return Found(after)
    match = re.search(rf"\b(?:by|before|in|no later than)\s+(?:the end of\s+)?({DATE})", sentence, re.IGNORECASE)
    when = iso(match.group(1)) if match else None
    if match and when:
        return Found(when, note=f"from {quote(match.group(0))}")
    return Found("", note="the text gives no date")


def _promised(sentence: str, settings: Settings) -> tuple[str, str] | None:
    """(report type, proposed id) of what a promise is for."""
    for kind, pattern in _PROMISED_KIND:
        match = re.search(pattern, sentence, re.IGNORECASE)
        if match:
            qualifier = next((g for g in match.groups() if g), "").lower()
            base = {
                "progress-review": "progress-review",
                "joint-inspection": "inspection",
                "action-plan": "action-plan",
            }[kind]
            if qualifier in _ORDINALS - {"initial"}:
                return kind, f"{qualifier}-{base}"
            return kind, base if kind == "action-plan" else f"next-{base}"
    del settings
    return None
