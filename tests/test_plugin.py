"""The MkDocs plugin in real in-process builds of tiny projects."""

from __future__ import annotations

import json
import logging

import lxml.html
import pytest
from mkdocs.exceptions import Abort, PluginError

BROKEN = {
    "content/areas/north.md": "---\nname: North\n---\nNorth.\n",
    "content/areas/south.md": "---\nnmae: South\n---\n",
    "content/reports/north/a.md": "---\ntitle: A\ntype: news-releas\npublished: 2018-02-30\n---\nText.\n",
    "content/reports/north/b.md": "",
}
BROKEN_LOG = [
    "inspections: content/areas/south.md:2: name: this key is required and is missing or empty — add it",
    "inspections: content/areas/south.md:2: nmae: unknown key (did you mean 'name'?) — "
    "the keys allowed here are name, kind, council, health_board, website",
    "inspections: content/reports/north/a.md:3: type: 'news-releas' is not allowed (did you mean 'news-release'?) — "
    "use one of joint-inspection, progress-review, news-release, council-report, performance-report",
    "inspections: content/reports/north/a.md:4: published: '2018-02-30' is not a real day: February 2018 has 28 days "
    "— correct the day",
    "inspections: content/reports/north/b.md:1: the file is empty — add its front matter, or delete the file",
    "5 content error(s) in content/: see the messages above",
]


def _errors(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


def test_minimal_project_builds(tmp_path, make_project, build_project, minimal_content):
    """A minimal project builds its record pages, index pages and open data."""
    site = build_project(make_project(tmp_path, minimal_content))
    pages = [
        "index.html",
        "areas/index.html",
        "areas/north/index.html",
        "areas/north/2017-02-joint-inspection/index.html",
        "areas/north/2017-02-joint-inspection/leadership/index.html",
        "areas/north/2017-12-progress-review/index.html",
        "reports/index.html",
        "improvements/index.html",
        "themes/index.html",
        "themes/leadership/index.html",
        "timeline/index.html",
        "notices/index.html",
        "data/reports.json",
        "data/areas-for-improvement.json",
        "data/follow-ups.json",
    ]

    assert [] == [page for page in pages if not (site / page).is_file()]


def test_minimal_project_derives_statuses(tmp_path, make_project, build_project, minimal_content):
    """The built open data carries the derived status and the reference date from SOURCE_DATE_EPOCH."""
    site = build_project(make_project(tmp_path, minimal_content))
    follow_ups = json.loads((site / "data/follow-ups.json").read_text(encoding="utf-8"))

    assert ("2026-11-24", [("north/2017-02-joint-inspection#review", "2018-02-16", "met")]) == (
        follow_ups["generated"],
        [(item["id"], item["due"], item["status"]) for item in follow_ups["items"]],
    )


def test_minimal_project_review_links_its_section(tmp_path, make_project, build_project, minimal_content):
    """The AFI page links to the review's section, and the review page has that id."""
    site = build_project(make_project(tmp_path, minimal_content))
    afi = lxml.html.parse(str(site / "areas/north/2017-02-joint-inspection/leadership/index.html")).getroot()
    review = lxml.html.parse(str(site / "areas/north/2017-12-progress-review/index.html")).getroot()

    assert (["../../2017-12-progress-review/#leadership"], ["leadership"]) == (
        afi.xpath('//article//a[contains(@href, "#leadership")]/@href'),
        review.xpath('//article//*[@id="leadership"]/@id'),
    )


@pytest.mark.parametrize("strict", [True, False])
def test_content_errors_fail_the_build_and_are_all_logged_first(tmp_path, make_project, build_project, caplog, strict):
    """Content errors stop the build (PluginError), strict or not, after logging each as path:line: key: message."""
    caplog.set_level(logging.ERROR)
    root = make_project(tmp_path, BROKEN, strict=strict)

    with pytest.raises(Abort) as excinfo:
        build_project(root)

    assert (PluginError, BROKEN_LOG, False) == (
        type(excinfo.value.__context__),
        _errors(caplog),
        (root / "site/index.html").exists(),
    )


def test_configured_report_types_are_accepted(tmp_path, make_project, build_project, minimal_content):
    """A report type added in the plugin's report_types option is valid and shown."""
    files = {
        **minimal_content,
        "content/reports/north/2018-03-action-plan.md": "---\ntitle: P\ntype: action-plan\npublished: 2018-03\n---\n",
    }
    types = ["joint-inspection", "progress-review", "action-plan"]
    site = build_project(make_project(tmp_path, files, plugin_options={"report_types": types}))
    reports = json.loads((site / "data/reports.json").read_text(encoding="utf-8"))["items"]

    assert ["joint-inspection", "progress-review", "action-plan"] == [item["type"] for item in reports]


def test_default_notice_missing_from_notices_is_an_error(
    tmp_path, make_project, build_project, minimal_content, caplog
):
    """A default_notice that notices.yml lacks is reported for each report that relies on it."""
    caplog.set_level(logging.ERROR)
    root = make_project(tmp_path, minimal_content, plugin_options={"default_notice": "alternative-formats"})

    with pytest.raises(Abort):
        build_project(root)

    assert [
        f"inspections: content/reports/north/{slug}.md:1: notice: the default notice 'alternative-formats' "
        "(plugin option default_notice) is not in notices.yml — add it there, or give this report `notice: none`"
        for slug in ("2017-02-joint-inspection", "2017-12-progress-review")
    ] + ["2 content error(s) in content/: see the messages above"] == _errors(caplog)


def test_default_notice_is_shown(tmp_path, make_project, build_project, minimal_content):
    """With default_notice set, a report that names none shows that notice with its languages."""
    files = {**minimal_content, "content/notices.yml": "alternative-formats:\n  en: Other formats.\n  ar: صيغ أخرى.\n"}
    site = build_project(make_project(tmp_path, files, plugin_options={"default_notice": "alternative-formats"}))
    root = lxml.html.parse(str(site / "areas/north/2017-12-progress-review/index.html")).getroot()

    assert [("en", "ltr", "Other formats."), ("ar", "rtl", "صيغ أخرى.")] == [
        (p.get("lang"), p.get("dir"), p.text_content().strip()) for p in root.xpath("//article//p[@lang]")
    ]


def test_missing_content_dir_fails_the_build(tmp_path, make_project, build_project, caplog):
    """A project whose content folder does not exist fails with an error naming it."""
    caplog.set_level(logging.ERROR)
    root = make_project(tmp_path, {})

    with pytest.raises(Abort):
        build_project(root)

    assert [
        "inspections: content: the content folder does not exist",
        "1 content error(s) in content/: see the messages above",
    ] == _errors(caplog)


def test_docs_pages_survive_next_to_generated_pages(tmp_path, make_project, build_project, minimal_content):
    """A hand-written page in docs/ is built alongside the generated ones."""
    site = build_project(make_project(tmp_path, {**minimal_content, "docs/about.md": "# About\n\nHand-written.\n"}))

    assert "Hand-written." in (site / "about/index.html").read_text(encoding="utf-8")


LANDMARKS = "//header | //footer | //nav[contains(@class, 'md-tabs')] | //div[contains(@class, 'md-sidebar ')]"


@pytest.mark.parametrize(
    "features",
    [["navigation.tabs"], [], ["navigation.tabs", "navigation.tabs.sticky"]],
    ids=["tabs", "no tabs", "sticky tabs"],
)
def test_the_sites_landmarks_on_a_page_in_another_language_say_they_are_english(tmp_path, features):
    """Whatever Material's features, on a notice page in Urdu the page says it is Urdu (right to left) and the
    site's header, tabs, sidebars and footer say they are English; on English pages nothing is marked."""
    from conftest import SEEDS_CONTENT, build_site, repo_project

    config = repo_project(tmp_path, SEEDS_CONTENT)
    text = config.read_text(encoding="utf-8")
    listed = "".join(f"    - {feature}\n" for feature in features)
    config.write_text(text.replace("    - navigation.tabs\n", listed, 1), encoding="utf-8")
    site = build_site(config, tmp_path / "site", strict=True)

    def landmarks(page: str) -> tuple[dict[str, str | None], dict[str, str | None]]:
        root = lxml.html.parse(str(site / page / "index.html")).getroot()
        html = {"lang": root.get("lang"), "dir": root.get("dir")}
        marked = {" ".join(element.get("class").split()[:2]): element.get("lang") for element in root.xpath(LANDMARKS)}
        return html, marked

    expected = {"md-header": "en", "md-sidebar md-sidebar--primary": "en", "md-sidebar md-sidebar--secondary": "en"}
    expected["md-footer"] = "en"
    if features:
        expected["md-tabs"] = "en"
    html, marked = landmarks("notices/ur")
    assert html == {"lang": "ur", "dir": "rtl"}
    # The header's class says whether the tabs are inside it (sticky): compare by its first class.
    assert {key.split()[0] if key.startswith("md-header") else key: v for key, v in marked.items()} == expected
    if "navigation.tabs.sticky" in features:
        assert (
            lxml.html.parse(str(site / "notices/ur/index.html"))
            .getroot()
            .xpath("//header//nav[contains(@class, 'md-tabs')]")
        )
    # An English page at the same depth, whose fragments the notice page must not share.
    html, marked = landmarks("areas/moray")
    assert html == {"lang": "en", "dir": None}
    assert set(marked.values()) == {None}
