"""Text from content reaches HTML and JSON literally (escaped), and markup or script URLs fail the build."""

from __future__ import annotations

import json
import logging

import lxml.html
import pytest
from mkdocs.exceptions import Abort, PluginError

AREA = """
    ---
    name: Fish & Chips "quoted" 'single'
    ---
    Intro.
    """
TRICKY_TITLE = """Fish & Chips "quoted" 'single': a < b > c"""
TRICKY_AFI = "Make sure a < b & b > c, \"always\" and 'everywhere' {{ not_jinja }} {% raw %}"
REPORT = f"""
    ---
    title: '{TRICKY_TITLE.replace("'", "''")}'
    type: joint-inspection
    published: 2017-02-16
    strengths:
      - "Tom & Jerry's <3 club"
    areas_for_improvement:
      - id: tricky
        text: '{TRICKY_AFI.replace("'", "''")}'
    commitments:
      - id: review
        text: "Review in 6 months & report on progress if 1 < 2"
        type: progress-review
        due: 6 months
    ---
    Fish & chips, 1 < 2, and `<b>code</b>` shown as code.
    """


def _article(site, url):
    return lxml.html.parse(str(site / url / "index.html")).getroot().xpath("//article")[0]


def _text(element):
    return " ".join(element.text_content().split())


@pytest.fixture(name="tricky_site", scope="module")
def _tricky_site(tmp_path_factory, make_project, build_project):
    root = make_project(
        tmp_path_factory.mktemp("tricky"),
        {"content/areas/north.md": AREA, "content/reports/north/2017-02-joint-inspection.md": REPORT},
    )
    return build_project(root)


def test_titles_and_texts_show_literally_in_html(tricky_site):
    """&, quotes, < and > in titles and texts read literally on the page (escaped in the source)."""
    root = _article(tricky_site, "areas/north/2017-02-joint-inspection/")

    assert ([TRICKY_TITLE], True, True, True) == (
        [_text(h1) for h1 in root.xpath(".//h1")],
        TRICKY_AFI in _text(root),
        "Tom & Jerry's <3 club" in _text(root),
        "Review in 6 months & report on progress if 1 < 2" in _text(root),
    )


def test_markup_in_texts_creates_no_elements(tricky_site):
    """ "a < b > c" and "<3" are escaped in the HTML source, so they create no element."""
    html = (tricky_site / "areas/north/2017-02-joint-inspection/index.html").read_text(encoding="utf-8")

    assert (True, True) == ("a &lt; b &gt; c" in html, "&lt;3 club" in html)


def test_template_syntax_in_texts_is_not_evaluated(tricky_site):
    """Jinja-like text in content is shown as written, never rendered as a template."""
    root = _article(tricky_site, "areas/north/2017-02-joint-inspection/tricky/")

    assert "{{ not_jinja }} {% raw %}" in _text(root)


def test_title_escaped_in_the_head(tricky_site):
    """The <title> of the page carries the report title literally."""
    title = (
        lxml.html.parse(str(tricky_site / "areas/north/2017-02-joint-inspection/index.html"))
        .getroot()
        .findtext(".//title")
    )

    assert title.startswith(TRICKY_TITLE)


def test_area_name_escaped_in_html(tricky_site):
    """The area name with & and quotes is the area page's heading, literally."""
    assert ["""Fish & Chips "quoted" 'single'"""] == [
        _text(h1) for h1 in _article(tricky_site, "areas/north/").xpath(".//h1")
    ]


def test_body_markdown_escapes_ampersands_and_code(tricky_site):
    """The body's "&" and "1 < 2" read literally; HTML inside backticks is shown as code, not markup."""
    root = _article(tricky_site, "areas/north/2017-02-joint-inspection/")

    assert (True, ["<b>code</b>"], []) == (
        "Fish & chips, 1 < 2" in _text(root),
        [c.text_content() for c in root.xpath(".//p/code")],
        root.xpath(".//p/b"),
    )


def test_texts_are_literal_in_json(tricky_site):
    """Open data carries the texts exactly as written (JSON escaping only)."""
    reports = json.loads((tricky_site / "data/reports.json").read_text(encoding="utf-8"))["items"]
    afis = json.loads((tricky_site / "data/areas-for-improvement.json").read_text(encoding="utf-8"))["items"]
    follow_ups = json.loads((tricky_site / "data/follow-ups.json").read_text(encoding="utf-8"))["items"]

    assert ([TRICKY_TITLE], [TRICKY_AFI], ["Review in 6 months & report on progress if 1 < 2"]) == (
        [r["title"] for r in reports],
        [a["text"] for a in afis],
        [f["text"] for f in follow_ups],
    )


@pytest.fixture(name="build_failing")
def _build_failing(tmp_path, make_project, build_project):
    def build_failing(report_text: str) -> Abort:
        area = "---\nname: North\n---\nNorth.\n"
        root = make_project(tmp_path, {"content/areas/north.md": area, "content/reports/north/x.md": report_text})
        with pytest.raises(Abort) as excinfo:
            build_project(root)
        return excinfo.value

    return build_failing


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "title: <script>alert(1)</script>\ntype: news-release\npublished: 2018",
            "content/reports/north/x.md:2: title: "
            "text fields are plain text — remove the HTML or script (<...>, javascript:)",
        ),
        (
            "title: T\ntype: news-release\npublished: 2018\nsource:\n  url: javascript:alert(1)",
            "content/reports/north/x.md:6: source.url: "
            "expected an absolute http(s) address, got 'javascript:alert(1)' — write the full address, such as https://example.org/",
        ),
        (
            "title: T\ntype: news-release\npublished: 2018\nstrengths:\n  - 'Click <a href=\"javascript:x\">here</a>'",
            "content/reports/north/x.md:6: strengths[0]: "
            "text fields are plain text — remove the HTML or script (<...>, javascript:)",
        ),
    ],
)
def test_markup_or_script_fails_the_build(build_failing, caplog, front, expected):
    """<script> in a title or javascript: in source.url stops the build with a PluginError; the error line is logged."""
    caplog.set_level(logging.ERROR)

    error = build_failing(f"---\n{front}\n---\nText.\n")
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]

    assert (PluginError, [f"inspections: {expected}", "1 content error(s) in content/: see the messages above"]) == (
        type(error.__context__),
        messages,
    )
