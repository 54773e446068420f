"""What the suite checks on the shipped content/: only what must hold for any valid content.

Editors change content/ with every publication, so no test asserts its facts: those are asserted on the frozen
seeds in tests/fixtures/seeds/. The shipped content, and a copy of it to which a progress review was added as
an editor adds one (``inspections new report``, then filled in), must each pass ``inspections check`` (and the
published JSON Schemas), build with the command ``make build`` runs (strict), have no broken internal link (the
check CI runs on every pull request) and pass axe-core's WCAG 2.2 A and AA rules on a page of every kind. With
that review in content/ of a copy of the repository, the tests that once asserted the shipped content's facts
pass as well.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from browser import AXE, describe, run_axe, served_chromium
from conftest import REPO, make_build, repo_project
from test_schema import verdicts

from generator.editors import links
from generator.editors.cli import read_plugin_options

SHIPPED = REPO / "content"
RATINGS = ["encouraging", "early", "substantial", "limited"]
# The tests that asserted facts of the shipped content until it was frozen in tests/fixtures/seeds/.
FACT_TESTS = [
    "tests/test_site.py::test_home_lists_latest_publications",
    "tests/test_reading.py::test_filter_form_narrows_the_afis_by_status",
    "tests/test_cli.py::test_new_progress_review_prefills_follows_and_open_afis",
]
DOCS_PAGES = {"accessibility", "editor-guide", "open-data"}
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", ".cache", "site", "site.*", "__pycache__", "*_cache", "work", "test-results"
)


class Project(NamedTuple):
    root: Path
    review: Path | None  # the review an editor added, if any


def inspections(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The editors' command line (``inspections ARGS``) run in ``cwd``, on today's date as an editor runs it."""
    command = [sys.executable, "-m", "generator", *args]
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300)


def area_to_review(content: Path) -> str:
    """Midlothian while the content has an inspection of it, else the first area with an inspection that found
    areas for improvement (whatever editors have done to content/ since)."""
    inspected = sorted(
        {p.parent.name for p in (content / "reports").glob("*/*.md") if "\nareas_for_improvement:" in p.read_text()}
    )
    return "midlothian" if "midlothian" in inspected else inspected[0]


def add_a_review_as_an_editor(root: Path) -> Path:
    """Add a progress review, published today, to the project in ``root`` as the editor guide says: start it
    with ``inspections new report``, give it a title, uncomment the findings it prefills, rate each, write the
    text. Returns its file."""
    area = area_to_review(root / "content")
    today = dt.datetime.now(dt.UTC).date().isoformat()
    slug = f"{today}-progress-review"
    started = inspections("new", "report", area, "progress-review", "--published", today, "--slug", slug, cwd=root)
    assert 0 == started.returncode, started.stderr
    path = root / "content" / "reports" / area / f"{slug}.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    end = lines.index("---", 1)
    front, sections = [], []
    inside_progress = False
    for written in lines[1:end]:
        line = written
        inside_progress = line == "# progress:" or (inside_progress and line.startswith("#  "))
        if line.startswith("title:"):
            line = f'title: "Services for children and young people in {area}: progress review"'
        elif inside_progress:
            line = line.removeprefix("# ")
            if line.strip() == "rating: RATING":
                line = line.replace("RATING", RATINGS[len(sections) % len(RATINGS)])
            elif line.strip().startswith("section:"):
                sections.append(line.split(":", 1)[1].strip())
            line = line.replace("The review's own words.", "Partners have made progress in this area.")
        front.append(line)
    body = [
        f"## Progress with {section.replace('-', ' ')} {{#{section}}}\n\nWhat the review found.\n"
        for section in sections
    ] or ["## Progress\n\nWhat the review found.\n"]
    path.write_text("\n".join(["---", *front, "---", "", *body]), encoding="utf-8")
    return path


@pytest.fixture(name="project", scope="module", params=["as shipped", "with a new review"])
def _project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The repository's site with a copy of the shipped content/, and the same with an editor's new review."""
    root = tmp_path_factory.mktemp("shipped")
    repo_project(root, SHIPPED)
    review = add_a_review_as_an_editor(root) if request.param == "with a new review" else None
    return Project(root, review)


@pytest.fixture(name="built", scope="module")
def _built(project: Project) -> tuple[subprocess.CompletedProcess[str], Path]:
    """The project built by what `make build` runs, dated today as a deployment is."""
    site = project.root / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        return make_build(project.root / "mkdocs.yml", site), site


def test_check_finds_nothing(project: Project) -> None:
    """`inspections check` reports no mistake and succeeds."""
    result = inspections("check", cwd=project.root)
    mistakes = [line for line in result.stdout.splitlines() if re.match(r"\S+:\d+: ", line)]

    assert (0, []) == (result.returncode, mistakes), result.stdout + result.stderr


def test_builds_strictly(project: Project, built: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    """The strict build succeeds and writes the site, with a page for every publication file."""
    result, site = built
    reports = (project.root / "content/reports").glob("*/*.md")
    publications = sorted(f"areas/{p.parent.name}/{p.stem}/" for p in reports)

    assert 0 == result.returncode, result.stderr[-3000:]
    assert [] == [url for url in publications if not (site / url / "index.html").is_file()]


def test_the_schemas_accept_every_file(project: Project) -> None:
    """The published JSON Schemas accept every area and report file, as check does (editors' tools that use the
    schemas agree with check on real content, an editor's new review included)."""
    found = verdicts(project.root, read_plugin_options(project.root / "mkdocs.yml"))

    assert (True, []) == (len(found) > 0, [(p, ok, s) for p, ok, s, _kept in found if not (ok and s)])


def test_every_internal_link_resolves(built: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    """The link check CI runs on pull requests finds links, and none of them broken."""
    _, site = built
    found = links.references(site)

    assert (True, []) == (len(found) > 100, [(r.page, r.value, m) for r, m in links.broken_links(site, found)])


def pages_of_every_kind(site: Path) -> list[str]:
    """A page of each kind the content makes, chosen from the site itself: the index of each section, the first
    page in each section's folders, the first publication of each type and area for improvement, the 404 page.
    (The pages of docs/ do not change with the content: the seeds site's test checks them.)"""
    sections = sorted(p.parent.name for p in site.glob("*/index.html") if p.parent.name not in DOCS_PAGES)
    firsts = [
        min(p.parent.relative_to(site).as_posix() for p in (site / section).glob("*/index.html"))
        for section in sections
        if any((site / section).glob("*/index.html"))
    ]
    reports = json.loads((site / "data/reports.json").read_text(encoding="utf-8"))["items"]
    types = {item["type"]: item["url"] for item in sorted(reports, key=lambda item: item["url"], reverse=True)}
    afis = json.loads((site / "data/areas-for-improvement.json").read_text(encoding="utf-8"))["items"]
    kinds = {"", "404.html", *(f"{s}/" for s in sections), *(f"{f}/" for f in firsts), *types.values()}
    kinds |= {item["url"] for item in afis[:1]}
    return sorted(kinds)


@pytest.fixture(name="browser_page", scope="module")
def _browser_page(built: tuple[subprocess.CompletedProcess[str], Path]) -> Iterator[tuple[Any, str]]:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does)")
    result, site = built
    assert 0 == result.returncode, result.stderr[-3000:]
    with served_chromium(site) as (browser, base):
        yield browser.new_page(), base


def pages_of_the_review(review: Path) -> list[str]:
    """The pages the editor's new review changes: its own, its area's, those of the areas for improvement it
    rates, and the lists it joins."""
    front = yaml.safe_load(review.read_text(encoding="utf-8").split("---")[1])
    rated = [f"areas/{entry['afi'].replace('#', '/')}/" for entry in front.get("progress") or []]
    area = review.parent.name
    return [f"areas/{area}/{review.stem}/", f"areas/{area}/", *rated, "", "reports/", "improvements/", "timeline/"]


@pytest.mark.browser
def test_a_page_of_every_kind_passes_axe(browser_page: tuple[Any, str], project: Project, built) -> None:
    """axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on a page of each kind of the shipped content, or on
    the pages the editor's new review changes."""
    page, base = browser_page
    review = project.review is not None
    urls = pages_of_the_review(project.review) if project.review else pages_of_every_kind(built[1])
    violations = {}
    for url in urls:
        page.goto(base + url)
        if found := run_axe(page):
            violations[url] = describe(found)

    assert (True, {}) == (len(urls) > 6 if review else len(urls) > 12, violations)


def test_the_fact_tests_pass_with_a_new_review_in_content(tmp_path: Path) -> None:
    """In a copy of the repository whose content/ has the editor's new review, the tests that used to assert
    the shipped content's facts pass: they read the frozen seeds, never content/."""
    clone = tmp_path / "clone"
    shutil.copytree(REPO, clone, ignore=NOT_COPIED)
    add_a_review_as_an_editor(clone)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp", str(tmp_path / "t")]
    result = subprocess.run(
        [*command, *FACT_TESTS], cwd=clone, capture_output=True, text=True, check=False, timeout=600
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
    browsers = os.environ.get("CHROMIUM") or shutil.which("chromium") or os.environ.get("CI")

    assert 0 == result.returncode, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.match(rf"{3 if browsers else 2} passed", summary), summary


def test_no_other_test_reads_the_shipped_content() -> None:
    """Only this module names the shipped content/; every other test builds fixture content under tests/."""
    shipped = re.compile(r"""REPO\s*/\s*["']content\b""")
    readers = [
        path.name
        for path in sorted((REPO / "tests").glob("*.py"))
        if path.name != Path(__file__).name and shipped.search(path.read_text(encoding="utf-8"))
    ]

    assert [] == readers


def test_the_guard_above_sees_a_reader() -> None:
    """The guard's pattern matches how a test would name the shipped content (so it can fail)."""
    assert re.search(r"""REPO\s*/\s*["']content\b""", 'shutil.copytree(REPO / "content", tmp_path)')
