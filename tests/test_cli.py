"""The editors' command line: `inspections check` and `inspections new`, run as editors run them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, build_project

GUIDE = REPO / "guide" / "editor-guide.md"


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` in ``cwd``, as an editor would run it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.fixture(name="project")
def _project(tmp_path: Path) -> Path:
    """A copy of the repository's site: mkdocs.yml, docs/ and content/, with the real templates."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(config.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}"))
    return tmp_path


def test_check_on_shipped_content_says_so_in_one_line_and_exits_0() -> None:
    """`check` on the shipped content succeeds and ends with how many files it checked (before it, at most
    notes on what is allowed but may be a mistake)."""
    result = run("check")
    *notes, last = result.stdout.splitlines()
    assert (0, "") == (result.returncode, result.stderr)
    assert re.fullmatch(r"\d+ files checked: no problems", last), result.stdout
    assert [] == [line for line in notes if not line.startswith("note: ")]


def test_without_themes_file_themes_are_named_from_their_ids_and_check_says_so(project: Path) -> None:
    """Without themes.yml any slug is a theme, named by its id in words (the content model): the content is
    valid, the site builds, and `check` says which themes got such names and how to name them properly."""
    (project / "content/themes.yml").unlink()
    result = run("check", cwd=project)
    notes = [line for line in result.stdout.splitlines() if line.startswith("note: ")]
    assert (0, 1) == (result.returncode, len(notes)), result.stdout + result.stderr
    assert "there is no content/themes.yml, so the themes are named from their ids: " in notes[0]
    assert "'leadership' (Leadership)" in notes[0]
    assert notes[0].endswith("— create content/themes.yml to give them names and descriptions")
    site = build_project(project)
    assert (site / "themes" / "leadership" / "index.html").is_file()


def test_check_prints_every_error_with_file_line_and_key(project: Path) -> None:
    """Two mistakes in two files: both printed as path:line: key: message, exit status 1."""
    report = project / "content/reports/moray/2019-progress-review.md"
    report.write_text(report.read_text().replace("type: progress-review", "type: progress-reveiw"), encoding="utf-8")
    (project / "content/areas/moray.md").write_text("---\nname: Moray\nwebsite: ftp://x\n---\n", encoding="utf-8")
    result = run("check", cwd=project)
    lines = result.stdout.splitlines()
    assert 1 == result.returncode
    assert [
        "content/areas/moray.md:3: website: expected an absolute http(s) address, got 'ftp://x' — "
        "write the full address, such as https://example.org/",
    ] == [line for line in lines if line.startswith("content/areas/")]
    type_line = next(line for line in lines if line.startswith("content/reports/moray/2019-progress-review.md"))
    assert re.match(
        r"content/reports/moray/2019-progress-review\.md:\d+: type: 'progress-reveiw' is not allowed", type_line
    )
    assert "did you mean 'progress-review'?" in type_line
    assert result.stderr.endswith("files checked: 2 content error(s)\n"), result.stderr


def test_check_json_format_lists_the_same_errors(project: Path) -> None:
    """`check --format json` gives path, line, key and message of each error."""
    (project / "content/areas/moray.md").write_text("---\nname: Moray\nwebsite: ftp://x\n---\n", encoding="utf-8")
    result = run("check", "--format", "json", cwd=project)
    errors = json.loads(result.stdout)["errors"]
    assert 1 == result.returncode
    assert [("content/areas/moray.md", 3, "website")] == [(e["path"], e["line"], e["key"]) for e in errors]


def test_new_area_writes_a_valid_area(project: Path) -> None:
    """`new area` writes areas/<slug>.md that check accepts."""
    result = run("new", "area", "east-lothian", "--name", "East Lothian", cwd=project)
    assert 0 == result.returncode, result.stderr
    assert 'name: "East Lothian"' in (project / "content/areas/east-lothian.md").read_text()
    assert 0 == run("check", cwd=project).returncode


def test_new_progress_review_prefills_follows_and_open_afis(project: Path) -> None:
    """A new progress review follows the area's latest inspection and lists its AFIs ready to rate."""
    result = run("new", "report", "midlothian", "progress-review", "--published", "2021-09", cwd=project)
    assert 0 == result.returncode, result.stderr
    text = (project / "content/reports/midlothian/2021-09-progress-review.md").read_text()
    assert "follows: midlothian/2020-09-joint-inspection" in text
    assert 4 == text.count("#   - afi: midlothian/2020-09-joint-inspection#")
    check = run("check", cwd=project)
    assert [(1, "content/reports/midlothian/2021-09-progress-review.md:2: title:")] == [
        (check.returncode, line.split(" this key")[0]) for line in check.stdout.splitlines()
    ]


def test_new_report_without_a_date_leaves_it_for_the_editor(project: Path) -> None:
    """Without --published the date is left empty, so check fails on it until the editor fills it in."""
    result = run("new", "report", "moray", "news-release", "--slug", "news", cwd=project)
    assert 0 == result.returncode, result.stderr
    assert 'published: ""' in (project / "content/reports/moray/news.md").read_text()
    check = run("check", cwd=project)
    assert {"title", "published"} == {line.split(": ")[1] for line in check.stdout.splitlines()}, check.stdout


def test_new_refuses_to_overwrite_and_unknown_area(project: Path) -> None:
    """`new report` never overwrites a file and names the areas when the area is unknown."""
    existing = run("new", "report", "moray", "progress-review", "--published", "2017-12", cwd=project)
    unknown = run("new", "report", "morray", "progress-review", cwd=project)
    assert (2, 2) == (existing.returncode, unknown.returncode)
    assert "already exists" in existing.stderr
    assert "there is no area 'morray'" in unknown.stderr


def test_worked_example_in_the_editor_guide_builds(project: Path) -> None:
    """Following the guide's worked example as a new editor would gives a valid report page."""
    guide = GUIDE.read_text(encoding="utf-8")
    example = guide[guide.index("## Worked example") :]
    command = re.search(r"```sh\n\s*\.venv/bin/(inspections new report [^\n]+)\n", example).group(1)
    markdown = re.search(r"```markdown\n(.*?)\n\s*```", example, re.DOTALL).group(1)
    target = project / "content/reports/moray/2017-12-progress-review.md"
    later = project / "content/reports/moray/2019-progress-review.md"
    later_text = later.read_text(encoding="utf-8")
    target.unlink()  # as before December 2017: neither this review nor the one that follows it exists yet
    later.unlink()
    created = run(*command.split()[1:], cwd=project)
    assert 0 == created.returncode, created.stderr
    assert target.is_file()
    target.write_text(markdown + "\n", encoding="utf-8")
    checked = run("check", cwd=project)
    assert (0, "no problems") == (checked.returncode, checked.stdout.strip().split(": ")[-1]), checked.stdout
    site = build_project(project)
    page = (site / "areas/moray/2017-12-progress-review/index.html").read_text(encoding="utf-8")
    assert 'href="#collective-vision"' in page
    assert "December 2018" in page
    follow_ups = json.loads((site / "data/follow-ups.json").read_text())["items"]
    status = {item["id"]: item["status"] for item in follow_ups}
    assert "overdue" == status["moray/2017-12-progress-review#second-progress-review"]
    assert "met-late" == status["moray/2017-02-joint-inspection#initial-progress-review"]
    later.write_text(later_text, encoding="utf-8")  # the 2019 review is published
    site = build_project(project)
    follow_ups = json.loads((site / "data/follow-ups.json").read_text())["items"]
    status = {item["id"]: item["status"] for item in follow_ups}
    assert "met-late" == status["moray/2017-12-progress-review#second-progress-review"]
