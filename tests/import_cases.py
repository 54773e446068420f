"""The seed publications as the importer meets them: texts, and PDF, Word and web renderings of them.

Each case imports one seed into a copy of the frozen seed content without the report
it became (and without what came after it in its area), then compares the draft with that
report file, field by field. Run as a script to rewrite the results table:
``.venv/bin/python tests/import_cases.py`` (``make import-results``).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
IMPORT_FIXTURES = HERE / "fixtures" / "import"
SEED_CONTENT = HERE / "fixtures" / "seeds" / "content"
RESULTS = IMPORT_FIXTURES / "RESULTS.md"
FORMATS = ("text", "pdf", "docx", "html")
MEASURED = ("areas for improvement", "ratings", "grades", "commitments")
FONT_PATHS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
)


@dataclass(frozen=True)
class Case:
    """One seed, the report file it should become, and the reports that did not exist yet when it was published."""

    seed: str
    expected: str
    removed: tuple[str, ...]
    report_type: str | None = None

    @property
    def name(self) -> str:
        suffix = f" as {self.report_type}" if self.report_type else ""
        return f"{self.seed.split('-', 1)[0]}{suffix}"


CASES = (
    Case("000-moray-second-progress-review-news.txt", "moray/2019-progress-review", ("moray/2019-progress-review",)),
    Case(
        "001-moray-progress-review.txt",
        "moray/2017-12-progress-review",
        ("moray/2017-12-progress-review", "moray/2019-progress-review"),
    ),
    Case(
        "002-south-ayrshire-progress-review-news.txt",
        "south-ayrshire/progress-review",
        ("south-ayrshire/progress-review",),
    ),
    Case(
        "003-midlothian-council-report.txt", "midlothian/2020-09-council-report", ("midlothian/2020-09-council-report",)
    ),
    Case(
        "003-midlothian-council-report.txt",
        "midlothian/2020-09-joint-inspection",
        ("midlothian/2020-09-council-report", "midlothian/2020-09-joint-inspection"),
        "joint-inspection",
    ),
    Case("004-moray-performance-report.txt", "moray/2021-06-performance-report", ("moray/2021-06-performance-report",)),
)


def make_project(root: Path, removed: tuple[str, ...] = ()) -> Path:
    """A site in ``root``: the repository's mkdocs.yml and the frozen seed content without ``removed`` reports."""
    shutil.copytree(SEED_CONTENT, root / "content")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for rid in removed:
        (root / "content" / "reports" / f"{rid}.md").unlink()
    return root


# Renderings ---------------------------------------------------------------------------------------------------


def blocks_of(text: str) -> list[Any]:
    from generator.editors.importer.blocks import clean
    from generator.editors.importer.text import read_text

    return clean(read_text(text))


def grouped(text: str) -> list[tuple[Any, list[tuple[str, ...]]]]:
    """A text's blocks, each table's rows gathered into one entry: (None, rows) for a table, (block, []) else."""
    from generator.editors.importer.blocks import ROW

    out: list[tuple[Any, list[tuple[str, ...]]]] = []
    for block in blocks_of(text):
        if block.kind == ROW and out and out[-1][0] is None:
            out[-1][1].append(block.cells)
        elif block.kind == ROW:
            out.append((None, [block.cells]))
        else:
            out.append((block, []))
    return out


def render_pdf(text: str, path: Path, title: str = "Inspection publication") -> Path:
    """A PDF of a text: headings in larger type, bold paragraphs, bullets, tables, a running head and page numbers."""
    from fpdf import FPDF

    from generator.editors.importer.blocks import HEADING, ITEM

    font = next((p for p in FONT_PATHS if p.exists()), None)

    class Publication(FPDF):
        def header(self) -> None:
            self.set_font(family, "", 8)
            self.cell(0, 6, fit(title), align="C")
            self.ln(10)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(family, "", 8)
            self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Publication(format="A4")
    if font is not None:
        family = "Body"
        pdf.add_font(family, "", str(font))
        bold = font.with_name(font.name.replace("Sans.ttf", "Sans-Bold.ttf").replace("-Regular", "-Bold"))
        pdf.add_font(family, "B", str(bold if bold.exists() else font))
    else:
        family = "Helvetica"

    def fit(value: str) -> str:
        if font is not None:
            return value
        table = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "•": "-", "…": "..."})
        return value.translate(table).encode("latin-1", "ignore").decode("latin-1")

    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    sizes = {1: 18, 2: 15, 3: 13, 4: 12, 5: 11, 6: 11}
    for block, rows in grouped(text):
        if block is None:
            width = max(len(r) for r in rows)
            pdf.set_font(family, "", 8)
            with pdf.table(first_row_as_headings=False, line_height=4, padding=2, v_align="TOP") as table:
                for cells in rows:
                    row = table.row()
                    for cell in (*cells, *([""] * (width - len(cells)))):
                        row.cell(fit(cell))
            pdf.ln(3)
        elif block.kind == HEADING:
            pdf.set_font(family, "B", sizes[block.level])
            pdf.multi_cell(0, sizes[block.level] * 0.5, fit(block.text), align="L")
        elif block.kind == ITEM:
            pdf.set_font(family, "", 10)
            pdf.multi_cell(0, 5, fit(("1. " if block.ordered else "• ") + block.text), align="L")
        else:
            pdf.set_font(family, "B" if block.bold else "", 10)
            pdf.multi_cell(0, 5, fit(block.text), align="L")
        if block is not None:
            pdf.ln(3)
    pdf.output(str(path))
    return path


def render_docx(text: str, path: Path, title: str = "Inspection publication") -> Path:
    """A Word file of a text: heading styles, bold runs, list styles, tables, and a header and footer."""
    import docx

    from generator.editors.importer.blocks import HEADING, ITEM

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = title
    section.footer.paragraphs[0].text = "Care Inspectorate"
    for block, rows in grouped(text):
        if block is None:
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for row, cells in zip(table.rows, rows, strict=True):
                for cell, value in zip(row.cells, cells, strict=False):
                    cell.text = value
            continue
        if block.kind == HEADING:
            document.add_heading(block.text, level=min(block.level, 9))
        elif block.kind == ITEM:
            document.add_paragraph(block.text, style="List Number" if block.ordered else "List Bullet")
        else:
            paragraph = document.add_paragraph()
            paragraph.add_run(block.text).bold = block.bold
    document.save(str(path))
    return path


def render_html(text: str, path: Path, title: str = "Inspection publication") -> Path:
    """A web page of a text, inside a site's navigation and footer."""
    from html import escape

    from generator.editors.importer.blocks import HEADING, ITEM, ROW

    parts = [f"<!doctype html><html lang='en'><head><title>{escape(title)}</title></head><body>"]
    parts.append("<header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></header><main>")
    blocks = blocks_of(text)
    open_list = ""
    in_table = False
    for block in blocks:
        tag = ("ol" if block.ordered else "ul") if block.kind == ITEM else ""
        if open_list and tag != open_list:
            parts.append(f"</{open_list}>")
            open_list = ""
        if in_table and block.kind != ROW:
            parts.append("</table>")
            in_table = False
        if block.kind == HEADING:
            parts.append(f"<h{block.level}>{escape(block.text)}</h{block.level}>")
        elif block.kind == ITEM:
            if not open_list:
                parts.append(f"<{tag}>")
                open_list = tag
            parts.append(f"<li>{escape(block.text)}</li>")
        elif block.kind == ROW:
            if not in_table:
                parts.append("<table>")
                in_table = True
            parts.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in block.cells) + "</tr>")
        elif block.bold:
            parts.append(f"<p><strong>{escape(block.text)}</strong></p>")
        else:
            parts.append(f"<p>{escape(block.text)}</p>")
    parts.append(f"</{open_list}>" if open_list else "")
    parts.append("</table>" if in_table else "")
    parts.append("</main><footer>© Care Inspectorate</footer></body></html>")
    path.write_text("".join(parts), encoding="utf-8")
    return path


def rendering(case: Case, fmt: str, folder: Path) -> Path:
    """The seed of ``case`` in format ``fmt``, written in ``folder``."""
    source = IMPORT_FIXTURES / case.seed
    if fmt == "text":
        return source
    text = source.read_text(encoding="utf-8")
    stem = folder / Path(case.seed).stem
    if fmt == "pdf":
        return render_pdf(text, stem.with_suffix(".pdf"))
    if fmt == "docx":
        return render_docx(text, stem.with_suffix(".docx"))
    return render_html(text, stem.with_suffix(".html"))


# Comparison -----------------------------------------------------------------------------------------------------


def run_case(case: Case, fmt: str, workdir: Path) -> tuple[Any, dict[str, Any]]:
    """Import one case in one format; the draft and the expected front matter."""
    from generator.content.settings import Settings
    from generator.editors.cli import read_plugin_options, settings_from
    from generator.editors.importer import import_publication
    from generator.site import read_site

    project = make_project(workdir / "project", case.removed)
    settings: Settings = settings_from(read_plugin_options(project / "mkdocs.yml"))
    site = read_site(project / "content", settings, dt.date(2026, 1, 1))
    source = rendering(case, fmt, workdir)
    area = case.expected.split("/")[0]
    _path, draft = import_publication(
        source, site, settings, project / "content", area=None, report_type=case.report_type, slug="imported"
    )
    assert draft.area == area, (draft.area, area)
    return draft, expected_front_matter(case.expected)


def expected_front_matter(rid: str) -> dict[str, Any]:
    text = (SEED_CONTENT / "reports" / f"{rid}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def _s(value: object) -> str:
    return "" if value is None else str(value)


def compare(draft: Any, expected: dict[str, Any]) -> dict[str, Counter[str]]:
    """Per field: how many values the draft recovered ``exact``, ``flagged`` (a check comment on it), ``missed``
    (an expected value the draft left out, unflagged), or got ``wrong`` (a value that differs or is extra,
    unflagged)."""
    result: dict[str, Counter[str]] = {}

    def scalar(field: str, got: str, check: str | None, want: str) -> None:
        if check:
            outcome = "flagged"
        elif got == want:
            outcome = "exact"
        elif not got:
            outcome = "missed"
        else:
            outcome = "wrong"
        if want or got or check:
            result.setdefault(field, Counter())[outcome] += 1

    scalar("title", draft.title.value, draft.title.check, _s(expected.get("title")))
    scalar("type", draft.type.value, draft.type.check, _s(expected.get("type")))
    want_published = _s(expected.get("published"))
    scalar(
        "published", draft.published.value, draft.published.check, "" if want_published == "unknown" else want_published
    )
    for key in ("fieldwork", "period"):
        found = getattr(draft, key)
        want = {k: _s(v) for k, v in (expected.get(key) or {}).items()}
        scalar(key, str(found.value) if found else "", found.check if found else None, str(want) if want else "")
    bodies = draft.bodies
    scalar(
        "bodies",
        str(bodies.value) if bodies else "",
        bodies.check if bodies else None,
        str(expected.get("bodies") or ""),
    )
    notice = draft.notice
    scalar("notice", notice.value if notice else "none", notice.check if notice else None, _s(expected.get("notice")))
    follows = draft.follows
    scalar("follows", follows.value if follows else "", follows.check if follows else None, _s(expected.get("follows")))

    def items(field: str, got: list[tuple[tuple[str, ...], bool]], want: list[tuple[str, ...]]) -> None:
        counter = result.setdefault(field, Counter())
        counter["expected"] += len(want)
        remaining = list(want)
        for key, flagged in got:
            if key in remaining:
                remaining.remove(key)
                counter["flagged" if flagged else "exact"] += 1
            else:
                counter["flagged" if flagged else "wrong"] += 1
        counter["missed"] += len(remaining)

    items(
        "areas for improvement",
        [((a.text,), False) for a in draft.improvements],
        [(a["text"],) for a in expected.get("areas_for_improvement") or []],
    )
    items(
        "ratings",
        [((p.afi.value, p.rating.value, p.section), bool(p.afi.check or p.rating.check)) for p in draft.progress],
        [(p["afi"], p["rating"], p.get("section")) for p in expected.get("progress") or []],
    )
    items(
        "grades",
        [((g.indicator.value, g.grade), bool(g.indicator.check)) for g in draft.evaluations],
        [(e["indicator"], e["grade"]) for e in expected.get("evaluations") or []],
    )
    items(
        "commitments",
        [((c.text, c.type.value, c.due.value), bool(c.type.check or c.due.check)) for c in draft.commitments],
        [(c["text"], c["type"], _s(c.get("due"))) for c in expected.get("commitments") or []],
    )
    return result


def all_results(workdir: Path) -> dict[tuple[str, str], dict[str, Counter[str]]]:
    """Every case in every format."""
    results = {}
    for number, case in enumerate(CASES):
        for fmt in FORMATS:
            folder = workdir / f"{number}-{fmt}"
            folder.mkdir(parents=True)
            draft, expected = run_case(case, fmt, folder)
            results[(case.name, fmt)] = compare(draft, expected)
    return results


def measured_share(results: dict[tuple[str, str], dict[str, Counter[str]]], fmt: str | None = None) -> tuple[int, int]:
    """(exact, expected) over the measured fields, for one format or all."""
    exact = total = 0
    for (_name, f), fields in results.items():
        if fmt is not None and f != fmt:
            continue
        for field in MEASURED:
            counter = fields.get(field, Counter())
            exact += counter["exact"]
            total += counter["expected"]
    return exact, total


def table(results: dict[tuple[str, str], dict[str, Counter[str]]]) -> str:
    """The results as a Markdown table, one row per case and format."""
    fields = ("title", "type", "published", "fieldwork", "period", "bodies", "follows", "notice", *MEASURED)
    lines = [
        "| seed | format | " + " | ".join(fields) + " |",
        "|---|---|" + "---|" * len(fields),
    ]
    for (name, fmt), found in results.items():
        cells = []
        for field in fields:
            c = found.get(field)
            shown = c and (c["exact"] or c["flagged"] or c["wrong"] or c["missed"])
            cells.append(f"{c['exact']} / {c['flagged']} / {c['wrong'] + c['missed']}" if shown else "–")
        lines.append(f"| {name} | {fmt} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def long_pdf_seconds(workdir: Path) -> tuple[int, float, float]:
    """(pages, seconds on the clock, seconds of processor time) to import a PDF of seven copies of seed 001."""
    import time

    from pdfminer.pdfpage import PDFPage

    text = (IMPORT_FIXTURES / "001-moray-progress-review.txt").read_text(encoding="utf-8")
    source = render_pdf(text * 7, workdir / "long.pdf")
    with source.open("rb") as handle:
        pages = sum(1 for _ in PDFPage.get_pages(handle))
    case = Case("001-moray-progress-review.txt", "moray/2017-12-progress-review", CASES[1].removed)
    clock, cpu = time.perf_counter(), time.process_time()
    run_case_source(case, source, workdir / "long")
    return pages, time.perf_counter() - clock, time.process_time() - cpu


def run_case_source(case: Case, source: Path, workdir: Path) -> Any:
    """Import ``source`` for ``case`` into a fresh copy of the seed content; the draft."""
    from generator.editors.cli import read_plugin_options, settings_from
    from generator.editors.importer import import_publication
    from generator.site import read_site

    project = make_project(workdir, case.removed)
    settings = settings_from(read_plugin_options(project / "mkdocs.yml"))
    site = read_site(project / "content", settings, dt.date(2026, 1, 1))
    return import_publication(source, site, settings, project / "content", slug="imported")[1]


def write_results(workdir: Path) -> str:
    results = all_results(workdir)
    pages, clock, cpu = long_pdf_seconds(workdir)
    summary = []
    for fmt in (*FORMATS, None):
        exact, total = measured_share(results, fmt)
        share = 100 * exact / total if total else 100.0
        summary.append(f"| {fmt or 'all'} | {exact} of {total} | {share:.0f} % |")
    wrong = sum(c["wrong"] for fields in results.values() for c in fields.values())
    text = f"""# Importing the seed publications: results

Written by `make import-results` (`tests/import_cases.py`); `tests/test_import.py` asserts the same figures.
Each seed text in `tests/fixtures/import/` is imported as text and as a PDF, a Word file and a web page that the
tests render from it, into a copy of the frozen seed content without the report it became (and without the
reports that came after it in its area). The draft is compared with the frozen report file, field by field.

Each cell is **exact / flagged / wrong or missed**: *exact* is the value of the report file with no `# check:`
comment on it; *flagged* is a value with a `# check:` comment (right or not: the editor is told to look);
*wrong or missed* is a value that differs from the report file, or is extra, or is missing, with no comment.
Areas for improvement are compared by their text (their ids are proposals, always flagged); ratings by
area for improvement, rating and section; grades by indicator and grade; commitments by text, type and due.
Seed 003 is a council report that quotes its inspection: it is imported twice, as the council report and as
the inspection (`--type joint-inspection`, compared with the inspection's file), since it is that file's source.

## Recovered exactly: areas for improvement, ratings, grades and commitments

| format | exact | share |
|---|---|---|
{chr(10).join(summary)}

Values left wrong or missing without a `# check:` comment, all fields: **{wrong} wrong**.

A generated PDF of {pages} pages (seven copies of seed 001) imports in {cpu:.1f} s of processor time
({clock:.1f} s on the clock, on the machine that wrote this table); `test_fifty_page_pdf_imports_in_a_few_seconds`
holds it under 5 s of processor time.

## Per seed and format

{table(results)}
"""
    RESULTS.write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    import tempfile

    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory() as folder:
        print(write_results(Path(folder)))
