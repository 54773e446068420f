"""Synthetic but valid content at any scale, for the benchmark and the scale test.

``write_synthetic_content(root, n_reports)`` writes a complete ``content/`` tree
(the layout of the content model) into ``root``: the 32 Scottish community
planning partnerships, ``themes.yml``, ``notices.yml`` and ``n_reports``
publications spread over the areas. Every area is a series of cycles, each
cycle a chain of publications that follow one another, as in the seed content:

* a joint inspection with evaluations (or a grade summary), strengths, 3 to 6
  areas for improvement (AFIs) and a commitment to a progress review (sometimes
  a second commitment, which a later publication withdraws with ``closes``);
* a first progress review that follows it, with a finding on every AFI
  (bare AFI slugs, ``section`` ids that name headings of its body, explicit
  ``{#id}`` or MkDocs' default id) and a commitment to a second review;
* a news release, a second progress review (findings on some AFIs, reached
  through ``follows`` transitively), a council report, an action plan and a
  performance report with outcomes and next steps.

The bodies are sized like the seed reports' (``BODY_BYTES``: by type, the same mean as the
shipped content's, about 8 KB over a cycle) and written like them: headings, paragraphs, block
quotes, lists, emphasis, links, an occasional table or footnote.

Commitments end up met, met late, withdrawn, overdue or due. Everything is a
pure function of ``(n_reports, seed)``: the same call writes the same bytes.

Run as a script to write a tree: ``python -m benchmarks.synthetic DIR N``.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

AREAS = (
    ("aberdeen-city", "Aberdeen City", "Aberdeen City Council", "NHS Grampian"),
    ("aberdeenshire", "Aberdeenshire", "Aberdeenshire Council", "NHS Grampian"),
    ("angus", "Angus", "Angus Council", "NHS Tayside"),
    ("argyll-and-bute", "Argyll and Bute", "Argyll and Bute Council", "NHS Highland"),
    ("clackmannanshire", "Clackmannanshire", "Clackmannanshire Council", "NHS Forth Valley"),
    ("dumfries-and-galloway", "Dumfries and Galloway", "Dumfries and Galloway Council", "NHS Dumfries and Galloway"),
    ("dundee-city", "Dundee City", "Dundee City Council", "NHS Tayside"),
    ("east-ayrshire", "East Ayrshire", "East Ayrshire Council", "NHS Ayrshire and Arran"),
    ("east-dunbartonshire", "East Dunbartonshire", "East Dunbartonshire Council", "NHS Greater Glasgow and Clyde"),
    ("east-lothian", "East Lothian", "East Lothian Council", "NHS Lothian"),
    ("east-renfrewshire", "East Renfrewshire", "East Renfrewshire Council", "NHS Greater Glasgow and Clyde"),
    ("edinburgh", "Edinburgh", "City of Edinburgh Council", "NHS Lothian"),
    ("eilean-siar", "Eilean Siar", "Comhairle nan Eilean Siar", "NHS Western Isles"),
    ("falkirk", "Falkirk", "Falkirk Council", "NHS Forth Valley"),
    ("fife", "Fife", "Fife Council", "NHS Fife"),
    ("glasgow", "Glasgow", "Glasgow City Council", "NHS Greater Glasgow and Clyde"),
    ("highland", "Highland", "The Highland Council", "NHS Highland"),
    ("inverclyde", "Inverclyde", "Inverclyde Council", "NHS Greater Glasgow and Clyde"),
    ("midlothian", "Midlothian", "Midlothian Council", "NHS Lothian"),
    ("moray", "Moray", "Moray Council", "NHS Grampian"),
    ("north-ayrshire", "North Ayrshire", "North Ayrshire Council", "NHS Ayrshire and Arran"),
    ("north-lanarkshire", "North Lanarkshire", "North Lanarkshire Council", "NHS Lanarkshire"),
    ("orkney", "Orkney", "Orkney Islands Council", "NHS Orkney"),
    ("perth-and-kinross", "Perth and Kinross", "Perth and Kinross Council", "NHS Tayside"),
    ("renfrewshire", "Renfrewshire", "Renfrewshire Council", "NHS Greater Glasgow and Clyde"),
    ("scottish-borders", "Scottish Borders", "Scottish Borders Council", "NHS Borders"),
    ("shetland", "Shetland", "Shetland Islands Council", "NHS Shetland"),
    ("south-ayrshire", "South Ayrshire", "South Ayrshire Council", "NHS Ayrshire and Arran"),
    ("south-lanarkshire", "South Lanarkshire", "South Lanarkshire Council", "NHS Lanarkshire"),
    ("stirling", "Stirling", "Stirling Council", "NHS Forth Valley"),
    ("west-dunbartonshire", "West Dunbartonshire", "West Dunbartonshire Council", "NHS Greater Glasgow and Clyde"),
    ("west-lothian", "West Lothian", "West Lothian Council", "NHS Lothian"),
)

THEMES = {
    "leadership": (
        "Leadership and direction",
        "How leaders set a shared vision and direct, govern and are accountable for services.",
    ),
    "planning": (
        "Strategic planning",
        "How partners plan services together, based on needs and performance information.",
    ),
    "child-protection": ("Child protection", "How children and young people at risk of harm are kept safe."),
    "corporate-parenting": (
        "Corporate parenting",
        "How partners meet their responsibilities to care experienced children.",
    ),
    "involving-children-and-families": (
        "Involving children and families",
        "How children and families take part in decisions.",
    ),
    "quality-assurance": (
        "Quality assurance and self-evaluation",
        "How partners check and improve the quality of practice.",
    ),
    "risk-and-need": ("Assessment of risk and need", "How risks and needs are recognised, assessed and responded to."),
    "outcomes-and-impact": ("Outcomes and impact", "Whether services can show the difference they make."),
    "recovery-and-wellbeing": ("Recovery and wellbeing", "Support that helps children recover from trauma."),
    "education": ("Education and attainment", "How children and young people are helped to learn and attain."),
    "transitions": ("Transitions to adulthood", "How young people are supported into adulthood."),
}

# AFI slug -> (text, themes). Each joint inspection picks a few of these.
AFIS = (
    (
        "collective-vision",
        "Strengthen collective vision and collaborative leadership of integrated children's services.",
        ("leadership", "planning"),
    ),
    (
        "child-protection-committee",
        "Strengthen the governance, leadership and accountability of the child protection committee.",
        ("child-protection", "leadership"),
    ),
    (
        "corporate-parenting",
        "Strengthen the approach to corporate parenting, participation and children's rights.",
        ("corporate-parenting", "involving-children-and-families"),
    ),
    (
        "joint-self-evaluation",
        "Implement a framework of joint self-evaluation focused on improved outcomes.",
        ("quality-assurance", "outcomes-and-impact"),
    ),
    (
        "neglect-and-cumulative-harm",
        "Improve the initial response to children at risk of neglect or cumulative harm.",
        ("risk-and-need", "child-protection"),
    ),
    (
        "operational-practice",
        "Improve standards of operational practice, quality assurance and staff supervision.",
        ("quality-assurance",),
    ),
    (
        "trauma-recovery-services",
        "Make specialist services that help children recover from trauma available when needed.",
        ("recovery-and-wellbeing",),
    ),
    (
        "educational-attainment",
        "Raise educational attainment and reduce exclusions of care experienced children.",
        ("education",),
    ),
    (
        "transitions-to-adulthood",
        "Improve outcomes for care experienced young people moving into adulthood.",
        ("transitions",),
    ),
    (
        "strategic-needs-assessment",
        "Base children's services planning on a robust strategic needs assessment.",
        ("planning", "outcomes-and-impact"),
    ),
    (
        "chronologies",
        "Improve the quality and use of chronologies for children in need of protection.",
        ("risk-and-need",),
    ),
    (
        "voice-of-the-child",
        "Make sure the views of children and families shape the services they receive.",
        ("involving-children-and-families",),
    ),
)

INDICATORS = (
    "1.1 Improvements in the wellbeing of children and young people",
    "2.1 Impact on children and young people",
    "2.2 Impact on families",
    "5.1 Providing help and support at an early stage",
    "5.2 Assessing and responding to risks and needs",
    "6.5 Self-evaluation and quality assurance",
    "9.1 Vision, values and aims",
    "9.4 Leadership of improvement and change",
)
GRADES = ("excellent", "very-good", "good", "adequate", "weak", "unsatisfactory")
RATINGS = ("substantial", "encouraging", "early", "limited", "none")
BODIES = ("Care Inspectorate", "Education Scotland", "Healthcare Improvement Scotland", "HMICS")

WORDS = [
    "partners",
    "leaders",
    "staff",
    "children",
    "young",
    "people",
    "families",
    "services",
    "plans",
    "assessments",
    "outcomes",
    "improvement",
    "quality",
    "assurance",
    "governance",
    "practice",
    "support",
    "protection",
    "wellbeing",
    "risk",
    "needs",
    "evidence",
    "review",
    "progress",
    "approach",
    "framework",
    "strategy",
    "community",
    "planning",
    "partnership",
    "council",
    "health",
    "board",
    "committee",
    "managers",
    "frontline",
    "workers",
    "records",
    "audit",
    "supervision",
    "engagement",
    "participation",
    "rights",
    "voices",
    "carers",
    "schools",
    "attainment",
    "transitions",
    "recovery",
    "trauma",
    "neglect",
    "harm",
    "referrals",
    "decisions",
    "meetings",
    "training",
    "culture",
    "change",
    "capacity",
    "priorities",
    "actions",
    "measures",
    "data",
    "performance",
    "reporting",
    "scrutiny",
    "accountability",
    "resources",
]
VERBS = [
    "strengthened",
    "improved",
    "developed",
    "introduced",
    "reviewed",
    "agreed",
    "established",
    "monitored",
    "supported",
    "embedded",
    "delivered",
    "prioritised",
    "extended",
    "evaluated",
    "clarified",
    "published",
]
ADJECTIVES = [
    "clear",
    "consistent",
    "effective",
    "early",
    "robust",
    "shared",
    "strategic",
    "local",
    "multi-agency",
    "helpful",
    "systematic",
    "new",
]
NOTICE_LANGUAGES = {
    "en": "This publication is available in other formats and other languages on request.",
    "gd": "Tha am foillseachadh seo ri fhaighinn ann an cruthannan is cànan eile ma nithear iartras.",
    "ur": "یہ اشاعت درخواست کرنے پر دیگر شکلوں اور دیگر زبانوں میں فراہم کی جاسکتی ہے۔",
    "pl": "Na życzenie niniejsza publikacja dostępna jest także w innych formatach oraz językach.",
}

# Body sizes (bytes of Markdown) by type, drawn evenly from a range whose middle is the mean body of that type
# in the shipped content (the seed publications): joint inspections 2.3 KB (1 to 3.3 KB), progress reviews 12 KB
# (3.2 to 28.6 KB), the council report 10.4 KB, the performance report 15.5 KB. The seeds have no news release or
# action plan; theirs are short. Over a cycle of publications a body averages about 8 KB, as the seeds' do.
BODY_BYTES = {
    "joint-inspection": (1000, 3600),
    "progress-review": (3000, 21000),
    "news-release": (1200, 2500),
    "council-report": (7000, 14000),
    "action-plan": (2500, 5000),
    "performance-report": (10000, 21000),
}

# The publications of one cycle, in order; a cycle starts with a joint inspection.
CYCLE = (
    "joint-inspection",
    "progress-review",
    "news-release",
    "progress-review",
    "council-report",
    "action-plan",
    "performance-report",
)
FIRST_MONTH = 2008 * 12  # January 2008
LAST_MONTH = 2026 * 12 + 9  # October 2026


@dataclass
class _Report:
    slug: str
    type: str
    month: int  # months since year 0
    follows: list[str] = field(default_factory=list)

    @property
    def published(self) -> str:
        return f"{self.month // 12:04d}-{self.month % 12 + 1:02d}"


def write_synthetic_content(root: Path, n_reports: int, seed: int = 0) -> Path:
    """Write a valid content tree with ``n_reports`` publications over 32 areas into ``root``; return ``root``."""
    root = Path(root)
    (root / "areas").mkdir(parents=True, exist_ok=True)
    (root / "reports").mkdir(parents=True, exist_ok=True)
    _write(
        root / "themes.yml",
        "".join(f'{slug}:\n  name: "{name}"\n  description: "{text}"\n' for slug, (name, text) in THEMES.items()),
    )
    _write(
        root / "notices.yml",
        "alternative-formats:\n" + "".join(f'  {tag}: "{text}"\n' for tag, text in NOTICE_LANGUAGES.items()),
    )
    per_area = [n_reports // len(AREAS) + (index < n_reports % len(AREAS)) for index in range(len(AREAS))]
    for (slug, name, council, board), count in zip(AREAS, per_area, strict=True):
        _write(
            root / "areas" / f"{slug}.md",
            f'---\nname: "{name}"\nkind: "Community planning partnership"\n'
            f'council: "{council}"\nhealth_board: "{board}"\n---\n'
            f"{name} is a community planning partnership area: {council}, {board} and their partners plan services "
            "for children and young people together. This synthetic area exists for the benchmark.\n",
        )
        _write_area(root / "reports" / slug, slug, count, random.Random(f"{seed}:{slug}"))  # noqa: S311 - not for security
    return root


def _write_area(folder: Path, area: str, count: int, rng: random.Random) -> None:
    if count == 0:
        return
    folder.mkdir(parents=True, exist_ok=True)
    span = LAST_MONTH - FIRST_MONTH
    months = sorted(FIRST_MONTH + (span * i) // count + rng.randrange(max(1, span // count // 2)) for i in range(count))
    slugs: set[str] = set()
    cycle: dict[str, object] = {}
    for index, month in enumerate(months):
        kind = CYCLE[index % len(CYCLE)]
        report = _Report(_unique(f"{month // 12:04d}-{month % 12 + 1:02d}-{kind}", slugs), kind, month)
        if kind == "joint-inspection":
            cycle = {"ji": report.slug, "afis": [], "last_review": None, "closable": None}
        text = _report_file(area, report, cycle, rng)
        _write(folder / f"{report.slug}.md", text)


def _report_file(area: str, report: _Report, cycle: dict[str, object], rng: random.Random) -> str:  # noqa: PLR0912, PLR0915
    """The front matter and body of one publication; updates ``cycle`` (the chain it belongs to)."""
    ji = f"{area}/{cycle['ji']}"
    lines = [f'title: "{_title(report.type, area)}"', f"type: {report.type}", f"published: {report.published}"]
    lines += ["bodies:", *(f'  - "{b}"' for b in rng.sample(BODIES, rng.randint(1, 3)))]
    sections: list[tuple[str, str | None, str]] = []  # (heading, explicit id or None, about)
    if report.type == "joint-inspection":
        start = report.month - rng.randint(5, 8)
        lines += [
            "fieldwork:",
            f"  start: {start // 12:04d}-{start % 12 + 1:02d}",
            f"  end: {(start + 2) // 12:04d}-{(start + 2) % 12 + 1:02d}",
        ]
        lines += ["source:", f'  url: "https://example.org/publications/{area}/{report.slug}.pdf"', "  format: PDF"]
        if rng.random() < 0.5:
            lines += ["evaluations:"]
            for indicator in rng.sample(INDICATORS, rng.randint(3, 6)):
                lines += [f'  - indicator: "{indicator}"', f"    grade: {rng.choice(GRADES[1:5])}"]
        else:
            lines += ["grade_summary:", f"  adequate: {rng.randint(1, 5)}", f"  weak: {rng.randint(1, 4)}"]
        lines += ["strengths:", *(f'  - "{_sentence(rng, 14)}"' for _ in range(rng.randint(2, 4)))]
        afis = rng.sample(AFIS, rng.randint(3, 6))
        cycle["afis"] = [slug for slug, _, _ in afis]
        lines += ["areas_for_improvement:"]
        for slug, text, themes in afis:
            lines += [
                f"  - id: {slug}",
                f'    text: "{text} {_sentence(rng, 10)}"',
                f"    themes: [{', '.join(themes)}]",
            ]
        lines += [
            "commitments:",
            "  - id: initial-progress-review",
            '    text: "We will return to report on initial progress within twelve months of publication."',
            "    type: progress-review",
            f"    due: {rng.choice(('6 months', '12 months', '12 months', '18 months'))}",
        ]
        if rng.random() < 0.3:
            lines += [
                "  - id: council-response",
                '    text: "The council will publish its response."',
                "    type: council-report",
                "    due: 9 months",
            ]
            cycle["closable"] = f"{ji}#council-response"
        sections = [
            ("What the inspection found", None, "findings"),
            ("Grades", None, "grades"),
            ("Areas for improvement", None, "afis"),
        ]
    elif report.type == "progress-review":
        previous = cycle["last_review"] or cycle["ji"]
        report.follows = [f"{area}/{previous}"]
        first = cycle["last_review"] is None
        afis = list(cycle["afis"]) if first else rng.sample(cycle["afis"], max(1, len(cycle["afis"]) // 2))  # type: ignore[arg-type]
        lines += [f"follows: {area}/{previous}", "progress:"]
        for number, slug in enumerate(afis):
            explicit = number % 2 == 0
            heading = f"Area for improvement: {slug.replace('-', ' ')}" + ("" if explicit else f" ({report.slug[:7]})")
            anchor = f"finding-{slug}" if explicit else _default_id(heading)
            sections.append((heading, anchor if explicit else None, "finding"))
            lines += [
                f"  - afi: {slug}",
                f"    rating: {rng.choice(RATINGS)}",
                f'    summary: "{_sentence(rng, 24)} {_sentence(rng, 16)}"',
                f"    section: {anchor}",
            ]
        if first:
            lines += [
                "commitments:",
                "  - id: second-progress-review",
                '    text: "We will publish a second progress review within 12 months of this report."',
                "    type: progress-review",
                "    due: 12 months",
            ]
        elif cycle["closable"]:
            lines += ["closes:", f"  - {cycle['closable']}"]
            cycle["closable"] = None
        cycle["last_review"] = report.slug
        sections = [("Background to this progress review", None, "text"), *sections, ("Conclusion", None, "text")]
    elif report.type == "news-release":
        target = cycle["last_review"] or cycle["ji"]
        lines += [f"follows: {area}/{target}"]
        sections = [("Summary", None, "text")]
    elif report.type in {"council-report", "action-plan"}:
        lines += [f"follows: {ji}"]
        sections = [
            ("Purpose of the report", None, "text"),
            ("Background", None, "text"),
            ("Recommendations", None, "list"),
        ]
    else:  # performance-report
        start = report.month - 3
        lines += [
            "period:",
            f"  start: {start // 12:04d}-{start % 12 + 1:02d}",
            f"  end: {(report.month - 1) // 12:04d}-{(report.month - 1) % 12 + 1:02d}",
        ]
        lines += ["outcomes:"]
        for _ in range(rng.randint(2, 4)):
            lines += [f'  - text: "{_sentence(rng, 10)}"', f"    rag: {rng.choice(('red', 'amber', 'green'))}"]
        lines += ["next_steps:"]
        for number in range(rng.randint(1, 3)):
            lines += [
                f"  - id: step-{number + 1}",
                f'    text: "{_sentence(rng, 9)}"',
                f"    due: {(report.month + 6) // 12:04d}",
            ]
        sections = [("Progress this quarter", None, "text"), ("Next steps", None, "list")]
    lines += [f"notice: {'alternative-formats' if rng.random() < 0.25 else 'none'}"]
    low, high = BODY_BYTES[report.type]
    return "---\n" + "\n".join(lines) + "\n---\n" + _body(rng, sections, rng.randint(low, high))


def _body(rng: random.Random, sections: list[tuple[str, str | None, str]], budget: int) -> str:
    """About ``budget`` bytes of Markdown: an introduction, then the sections (``##``, ``###`` for findings)."""
    parts = [_paragraph(rng, 3)]
    level = "##"
    for heading, anchor, about in sections:
        marker = "###" if about == "finding" else level
        parts.append(f"{marker} {heading}" + (f" {{#{anchor}}}" if anchor else ""))
        if about == "list":
            parts.append("\n".join(f"- {_sentence(rng, rng.randint(6, 14))}" for _ in range(rng.randint(3, 5))))
        elif about == "grades":
            parts.append(
                "| Quality indicator | Grade |\n| --- | --- |\n"
                + "\n".join(f"| {i} | {rng.choice(GRADES[1:5]).replace('-', ' ')} |" for i in rng.sample(INDICATORS, 3))
            )
        else:
            parts.append(_paragraph(rng, rng.randint(2, 4)))
            if rng.random() < 0.35:
                parts.append("> " + _paragraph(rng, 2) + "\n>\n> " + _sentence(rng, 12))
    if rng.random() < 0.3:
        parts.append("During this review we:\n\n" + "\n".join(f"1. {_sentence(rng, 10)}" for _ in range(3)))
    if rng.random() < 0.2:
        parts[0] += " More detail is in the published report.[^1]"
        parts.append("[^1]: The full report is published by the scrutiny bodies.")
    text = "\n\n".join(parts)
    while len(text.encode()) < budget:
        text += "\n\n" + _paragraph(rng, rng.randint(2, 4))
    return text + "\n"


def _paragraph(rng: random.Random, sentences: int) -> str:
    text = " ".join(_sentence(rng, rng.randint(12, 26)) for _ in range(sentences))
    if rng.random() < 0.3:
        text += " See [the published report](https://example.org/reports) for **the full findings**."
    return text


def _sentence(rng: random.Random, words: int) -> str:
    picked = [rng.choice(WORDS) for _ in range(words)]
    picked.insert(min(2, len(picked)), rng.choice(VERBS))
    picked.insert(min(4, len(picked)), rng.choice(ADJECTIVES))
    return " ".join(picked).capitalize() + "."


def _title(kind: str, area: str) -> str:
    name = next(name for slug, name, _, _ in AREAS if slug == area)
    return {
        "joint-inspection": f"Joint inspection of services for children and young people in {name}",
        "progress-review": f"Services for children and young people in {name}: progress review",
        "news-release": f"News release: progress in {name}",
        "council-report": f"{name} Council: response to the joint inspection",
        "action-plan": f"{name} improvement action plan",
        "performance-report": f"{name} community planning partnership performance report",
    }[kind]


def _default_id(heading: str) -> str:
    """MkDocs' default heading id for the plain ASCII headings written here (``toc``'s slugify)."""
    kept = "".join(c for c in heading.lower() if c.isalnum() or c in " -")
    return "-".join(kept.split())


def _unique(slug: str, used: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in used:
        candidate, number = f"{slug}-{number}", number + 1
    used.add(candidate)
    return candidate


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    target, count = Path(sys.argv[1]), int(sys.argv[2])
    write_synthetic_content(target, count, int(sys.argv[3]) if len(sys.argv) > 3 else 0)
    print(f"wrote {count} reports into {target}")
