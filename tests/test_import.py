"""`inspections import`: publications (PDF, Word, web page, text) to draft report files, run as editors run it.

The seed publications are imported from their texts and from PDF, Word and web renderings that
these tests make, and compared field by field with the frozen report files (tests/import_cases.py).
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from import_cases import (
    FORMATS,
    IMPORT_FIXTURES,
    RESULTS,
    all_results,
    make_project,
    measured_share,
    render_docx,
    render_html,
    render_pdf,
    table,
)

REPORT_LINE = re.compile(r"^(content/reports/[a-z0-9/-]+\.md):(\d+): ([\w\[\].]+): .+")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` in ``cwd``, as an editor would run it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def front_matter(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def imported(project: Path, source: Path, rid: str) -> tuple[subprocess.CompletedProcess[str], Path, dict[str, Any]]:
    """`inspections import SOURCE` in ``project``: the run, the report file ``rid`` it wrote, its front matter."""
    result = run("import", str(source), cwd=project)
    assert result.returncode == 0, result.stderr
    path = project / "content" / "reports" / f"{rid}.md"
    return result, path, front_matter(path)


@pytest.fixture(scope="module", name="results")
def _results(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Any]:
    return all_results(tmp_path_factory.mktemp("seeds"))


@pytest.mark.parametrize("fmt", [*FORMATS, None])
def test_seeds_recover_nine_in_ten_findings_exactly(results: dict[tuple[str, str], Any], fmt: str | None) -> None:
    """At least 90 % of the areas for improvement, ratings, grades and commitments come out exactly, in each format."""
    exact, total = measured_share(results, fmt)
    assert total >= 17
    assert exact / total >= 0.9


def test_seeds_leave_no_wrong_value_unflagged(results: dict[tuple[str, str], Any]) -> None:
    """Every value of every field that differs from the report file (or is extra) carries a `# check:` comment."""
    wrong = {case: [f for f, c in fields.items() if c["wrong"]] for case, fields in results.items()}
    assert {case: fields for case, fields in wrong.items() if fields} == {}


def test_committed_results_table_is_the_one_the_seeds_give(results: dict[tuple[str, str], Any]) -> None:
    """tests/fixtures/import/RESULTS.md is current (`make import-results` rewrites it)."""
    assert table(results) in RESULTS.read_text(encoding="utf-8")


def test_import_progress_review_writes_a_checked_draft_at_its_canonical_path(tmp_path: Path) -> None:
    """The seed progress review becomes content/reports/moray/2017-12-progress-review.md; the site's check passes."""
    project = make_project(tmp_path, ("moray/2017-12-progress-review", "moray/2019-progress-review"))
    source = render_pdf(
        (IMPORT_FIXTURES / "001-moray-progress-review.txt").read_text(encoding="utf-8"), tmp_path / "r.pdf"
    )
    result = run("import", str(source), cwd=project)
    assert result.returncode == 0, result.stderr
    path = project / "content" / "reports" / "moray" / "2017-12-progress-review.md"
    assert result.stdout.splitlines()[0] == "wrote content/reports/moray/2017-12-progress-review.md"
    todo = result.stdout.splitlines()[1:]
    assert todo, "the draft has values to check"
    lines = path.read_text(encoding="utf-8").splitlines()
    for item in todo:
        match = REPORT_LINE.match(item)
        assert match, item
        assert "# check:" in lines[int(match.group(2)) - 1], item
    data = front_matter(path)
    assert data["published"] == "2017-12"
    assert data["follows"] == "moray/2017-02-joint-inspection"
    assert [p["rating"] for p in data["progress"]] == [
        "encouraging",
        "substantial",
        "encouraging",
        "early",
        "encouraging",
        "encouraging",
    ]
    assert data["commitments"][0]["due"] == "12 months"
    body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
    assert "{#collective-vision}" in body
    assert "Inspection publication" not in body, "the running head is dropped"
    assert not re.search(r"Page \d+ of \d+", body), "page numbers are dropped"
    assert run("check", cwd=project).returncode == 0


def test_import_refuses_to_overwrite(tmp_path: Path) -> None:
    """A second import of the same publication stops, says so, and leaves the first file as it was."""
    project = make_project(tmp_path, ("moray/2017-12-progress-review", "moray/2019-progress-review"))
    source = IMPORT_FIXTURES / "001-moray-progress-review.txt"
    assert run("import", str(source), cwd=project).returncode == 0
    path = project / "content" / "reports" / "moray" / "2017-12-progress-review.md"
    before = path.read_text(encoding="utf-8")
    again = run("import", str(source), cwd=project)
    assert again.returncode != 0
    assert "already exists" in again.stderr
    assert "--slug" in again.stderr
    assert path.read_text(encoding="utf-8") == before


def test_import_takes_area_and_type_from_the_command_line(tmp_path: Path) -> None:
    """--area and --type win over what the text suggests; the draft flags the cover that does not fit."""
    project = make_project(tmp_path, ("midlothian/2020-09-council-report", "midlothian/2020-09-joint-inspection"))
    source = render_docx(
        (IMPORT_FIXTURES / "003-midlothian-council-report.txt").read_text(encoding="utf-8"), tmp_path / "c.docx"
    )
    result = run("import", str(source), "--area", "midlothian", "--type", "joint-inspection", cwd=project)
    assert result.returncode == 0, result.stderr
    path = project / "content" / "reports" / "midlothian" / "2020-09-01-joint-inspection.md"
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^title: .*# check: the cover reads as a council-report's", text, re.MULTILINE)
    data = front_matter(path)
    assert [e["grade"] for e in data["evaluations"]] == ["good"] * 4
    assert data["evaluations"][3]["indicator"] == "3.9 Leadership"
    assert len(data["areas_for_improvement"]) == 4
    assert data["fieldwork"] == {"start": "2020-02-03", "end": "2020-03-13"}


def test_import_web_page_skips_navigation_and_footer(tmp_path: Path) -> None:
    """A web page's navigation and footer are not part of the publication."""
    project = make_project(tmp_path, ("south-ayrshire/progress-review",))
    text = (IMPORT_FIXTURES / "002-south-ayrshire-progress-review-news.txt").read_text(encoding="utf-8")
    source = render_html(text, tmp_path / "news.html")
    result = run("import", str(source), cwd=project)
    assert result.returncode == 0, result.stderr
    written = project / "content" / "reports" / "south-ayrshire" / "progress-review.md"
    body = written.read_text(encoding="utf-8").split("---\n", 2)[2]
    assert "Home" not in body
    assert "©" not in body
    assert "Some progress has been made" in body
    data = front_matter(written)
    assert data["published"] == ""
    assert data["follows"] == "south-ayrshire/2017-10-joint-inspection"
    assert "progress" not in data, "a release that rates no single area for improvement gets no ratings"


def _scanned_pdf(path: Path) -> Path:
    from fpdf import FPDF
    from PIL import Image

    image = path.with_suffix(".png")
    Image.new("RGB", (400, 500), "white").save(image)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=180)
    pdf.output(str(path))
    return path


def _encrypted_pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Services for children and young people in Moray")
    pdf.set_encryption(owner_password="owner", user_password="reader")  # noqa: S106 - a test file's lock
    pdf.output(str(path))
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda d: _scanned_pdf(d / "scan.pdf"), "no text layer (a scanned PDF?): run OCR first"),
        (lambda d: _encrypted_pdf(d / "locked.pdf"), "the PDF is encrypted"),
        (
            lambda d: _write(d / "broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ntrailer garbage"),
            "the PDF is damaged",
        ),
        (lambda d: _write(d / "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)), "save it as .docx"),
        (lambda d: _write(d / "archive.docx", _zip_without_document()), "not a Word .docx file"),
        (lambda d: _write(d / "image.bin", bytes(range(256)) * 4), "cannot be imported"),
        (lambda d: _write(d / "empty.txt", b"   \n"), "is empty"),
    ],
    ids=["scanned", "encrypted", "corrupt", "doc", "zip", "binary", "empty"],
)
def test_unreadable_files_get_one_line_that_says_what_to_do(tmp_path: Path, make: Any, says: str) -> None:
    """A file that cannot be imported: one line on stderr saying what to do, a non-zero exit, nothing written."""
    project = make_project(tmp_path / "site")
    before = sorted(p.relative_to(project) for p in (project / "content").rglob("*"))
    source = make(tmp_path)
    result = run("import", str(source), "--area", "moray", cwd=project)
    assert result.returncode != 0
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert says in result.stderr
    assert sorted(p.relative_to(project) for p in (project / "content").rglob("*")) == before


def _zip_without_document() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a Word file")
    return buffer.getvalue()


def test_unknown_area_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path / "site")
    result = run("import", str(IMPORT_FIXTURES / "001-moray-progress-review.txt"), "--area", "fife", cwd=project)
    assert result.returncode != 0
    assert "there is no area 'fife'" in result.stderr


def test_pdf_headers_footers_page_numbers_and_hyphenation_are_removed(tmp_path: Path) -> None:
    """Running heads and page numbers go; words broken at a line end are joined, keeping real hyphens."""
    from fpdf import FPDF

    from generator.editors.importer.readers import read_publication

    class Paged(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", "", 8)
            self.cell(0, 6, "Joint inspection of services for children", align="C")
            self.ln(10)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", "", 8)
            self.cell(0, 6, str(self.page_no()), align="C")

    pdf = Paged()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, "Findings", align="L")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 10)
    for _ in range(3):
        pdf.multi_cell(
            0,
            5,
            "Partners set up a multi-agency group and agreed a plan of improve-\nment for every locality, "
            "with a multi-\nagency team in each of them.",
            align="L",
        )
        pdf.ln(4)
        pdf.add_page()
    source = Path(pdf.output(str(tmp_path / "paged.pdf")) or tmp_path / "paged.pdf")
    blocks, kind = read_publication(source)
    texts = [b.text for b in blocks]
    assert kind == "PDF"
    assert texts[0] == "Findings"
    assert blocks[0].kind == "heading"
    paragraph = (
        "Partners set up a multi-agency group and agreed a plan of improvement for every locality, "
        "with a multi-agency team in each of them."
    )
    assert texts[1:] == [paragraph] * 3
    assert not any(t.isdigit() or "Joint inspection" in t for t in texts)


def test_fifty_page_pdf_imports_in_a_few_seconds(tmp_path: Path) -> None:
    """A 50-page PDF: under 5 seconds of processor time (all processes), and a progress line per ten pages."""
    text = (IMPORT_FIXTURES / "001-moray-progress-review.txt").read_text(encoding="utf-8")
    source = render_pdf(text * 7, tmp_path / "long.pdf")
    from pdfminer.pdfpage import PDFPage

    with source.open("rb") as handle:
        pages = sum(1 for _ in PDFPage.get_pages(handle))
    assert pages >= 50
    project = make_project(tmp_path / "site", ("moray/2017-12-progress-review", "moray/2019-progress-review"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = run("import", str(source), "--slug", "long", cwd=project)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    assert result.returncode == 0, result.stderr
    assert cpu < 5.0, f"{cpu:.1f} s of processor time ({wall:.1f} s on the clock)"
    progress = [line for line in result.stderr.splitlines() if line.startswith("read page")]
    assert progress[-1] == f"read page {pages} of {pages}"
    assert len(progress) == pages // 10 + (pages % 10 > 0)


def test_unseen_progress_review_is_imported_honestly(tmp_path: Path) -> None:
    """A progress review worded unlike the seeds: paraphrased areas for improvement are matched but flagged,
    a section with mixed findings is flagged, one with no progress phrase is left empty and flagged."""
    project = make_project(tmp_path)
    source = render_docx(
        (IMPORT_FIXTURES / "unseen-progress-review.txt").read_text(encoding="utf-8"), tmp_path / "u.docx"
    )
    result, path, data = imported(project, source, "midlothian/2022-03-progress-review")
    assert data["type"] == "progress-review"
    assert data["published"] == "2022-03"
    assert data["fieldwork"] == {"start": "2022-02-07", "end": "2022-02-11"}
    assert data["bodies"] == ["Care Inspectorate", "Education Scotland"]
    assert data["follows"] == "midlothian/2020-09-joint-inspection"
    afis = [p["afi"] for p in data["progress"]]
    assert afis == [
        "trauma-recovery-services",
        "educational-attainment",
        "transitions-to-adulthood",
        "corporate-parenting-leadership",
    ]
    assert [p["rating"] for p in data["progress"]] == ["encouraging", "limited", "limited", ""]
    lines = path.read_text(encoding="utf-8").splitlines()
    afi_lines = [line for line in lines if line.strip().startswith("- afi:")]
    assert all("# check: the closest area for improvement" in line for line in afi_lines)
    ratings = [line for line in lines if line.strip().startswith("rating:")]
    assert "# check:" not in ratings[0]
    assert "# check:" not in ratings[1]
    assert "# check: from “insufficient progress”, but the section also says “encouraging progress”" in ratings[2]
    assert "# check: no progress phrase found" in ratings[3]
    assert data["commitments"] == [
        {
            "id": "further-progress-review",
            "text": "We will carry out a further review of progress within 18 months of this report.",
            "type": "progress-review",
            "due": "18 months",
        }
    ]
    todo = result.stdout.splitlines()[1:]
    assert any(": progress[3].rating: no progress phrase found" in item for item in todo)


def test_editor_guide_documents_import() -> None:
    guide = (Path(__file__).resolve().parent.parent / "guide" / "editor-guide.md").read_text(encoding="utf-8")
    assert "inspections import" in guide
    assert "# check:" in guide


def test_unseen_joint_inspection_web_page(tmp_path: Path) -> None:
    """An inspection worded unlike the seeds, as a web page: its grades table, its list of areas for
    improvement (with proposed ids, flagged, and themes left for the editor) and its commitment."""
    project = make_project(tmp_path)
    _result, path, data = imported(
        project, IMPORT_FIXTURES / "unseen-joint-inspection.html", "midlothian/2024-05-14-joint-inspection"
    )
    assert data["title"] == "Joint inspection of services for children and young people in Midlothian"
    assert data["published"] == "2024-05-14"
    assert data["fieldwork"] == {"start": "2024-01-08", "end": "2024-02-16"}
    assert data["bodies"] == ["Care Inspectorate", "Healthcare Improvement Scotland", "Education Scotland"]
    assert data["evaluations"] == [
        {"indicator": "2.1 Impact on children and young people", "grade": "very-good"},
        {"indicator": "2.2 Impact on families", "grade": "good"},
        {"indicator": "9.1 Leadership of improvement and change", "grade": "adequate"},
    ]
    assert [a["text"] for a in data["areas_for_improvement"]] == [
        "Partners should make sure that every child on the child protection register has an up-to-date plan.",
        "Leaders should agree how they will measure the difference their services make.",
    ]
    assert all(a["themes"] == [] for a in data["areas_for_improvement"])
    text = path.read_text(encoding="utf-8")
    assert text.count("# check: a proposed id") == 2
    assert text.count("# check: themes are left for the editor") == 2
    assert data["commitments"] == [
        {
            "id": "next-progress-review",
            "text": "We will carry out a progress review within 12 months of the publication of this report.",
            "type": "progress-review",
            "due": "12 months",
        }
    ]
    assert "follows" not in data
    assert "Publications" not in text.split("---\n", 2)[2]


def test_progress_is_a_bar_on_a_terminal_and_plain_lines_otherwise() -> None:
    """Long files report progress: a bar redrawn in place on a terminal, a line per ten pages in a log."""
    import io

    from generator.editors.importer.command import progress_reporter

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal, log = Terminal(), io.StringIO()
    for stream in (terminal, log):
        report = progress_reporter(stream)
        for page in range(1, 26):
            report(page, 25)
    assert terminal.getvalue().count("\r") == 25
    assert terminal.getvalue().endswith(f"\rreading page 25/25 [{'#' * 30}]\n")
    assert log.getvalue().splitlines() == ["read page 10 of 25", "read page 20 of 25", "read page 25 of 25"]
    short = io.StringIO()
    report = progress_reporter(short)
    for page in range(1, 4):
        report(page, 3)
    assert short.getvalue() == ""
