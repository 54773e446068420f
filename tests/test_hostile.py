"""Hostile content: what validation refuses stops the build with a clear message; what it accepts reaches every
output (pages, <title>, header, search index, JSON, feed, calendar) as text, never as markup or template code.

Validation refuses HTML and script in text fields, non-http(s) addresses and, in bodies, raw HTML, script
links (also spelled with entities), attribute lists that set anything but ids, classes, lang, dir or title,
and images from other sites. Text it accepts can still look dangerous: quotes that would close an attribute,
``a < b``, entity text such as ``&lt;script&gt;``, ``</ title>``, Jinja-like ``{{ 7*7 }}``, Markdown in a
title. One small site full of such text is built (in process, with the network and process creation cut
off) and every file it writes is checked.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import lxml.etree
import lxml.html
import pytest
import yaml
from conftest import REFERENCE_EPOCH, build_site, make_project
from mkdocs.exceptions import Abort

# Text that validation accepts and that would be markup, an attribute or template code if it were not escaped.
TRICKY = (
    "Fish & Chips \"quoted\" 'single' a < b > c &lt;script&gt;alert(1)&lt;/script&gt; &amp; "
    "\" onmouseover=\"alert(2)\" ' onfocus='alert(3)' </ title> < script > "
    "Z7Q{{ 7*7 }}Q7Z K9{% if 1 %}J1{% endif %}K9 ${7*7} "
    '[link](https://evil.test/) ![img](https://evil.test/p.png) {: onclick="alert(4)" } *em* `code`'
)


def text(label: str) -> str:
    """The tricky text, led by a label naming the field it is in."""
    return f"{label} {TRICKY}"


AREA_NAME = text("Area")
REPORT_TITLE = text("Report")
AFI_TEXT = text("Improvement")
COMMITMENT_TEXT = text("Commitment")
SUMMARY = text("Summary")
NOTICE_EN = text("Notice")
NOTICE_AR = "هذه الوثيقة " + TRICKY
THEME_NAME = text("Theme")
BODY = """\
Fish & chips, a < b > c, "quotes", 'single', Z7Q{{ 7*7 }}Q7Z, K9{% if 1 %}J1{% endif %}K9,
&lt;script&gt;alert(5)&lt;/script&gt;.

Code is shown as code: `<script>alert(6)</script>` and `<img src=x onerror=alert(7)>`.

## Leadership {#leadership}

Tha seo ann an Gàidhlig.
{: lang="gd" }

A link to [the council](https://council.test/?a=1&b=2 "a \\" title") and <https://council.test/plain>.
"""


def document(front: dict[str, Any], body: str = "Text.\n") -> str:
    """A content file: the front matter written by a YAML dumper (so any text is quoted correctly), then the body."""
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000) + "---\n" + body


def tricky_files() -> dict[str, str]:
    area = {
        "name": AREA_NAME,
        "kind": text("Kind"),
        "council": text("Council"),
        "health_board": text("Board"),
        "website": "https://council.test/?a=1&b=2",
    }
    inspection = {
        "title": REPORT_TITLE,
        "type": "joint-inspection",
        "published": "2017-02-16",
        "bodies": [text("Body")],
        "source": {"url": "https://council.test/report.pdf?x=1&y=2", "format": text("Format")},
        "evaluations": [{"indicator": text("Indicator"), "grade": "good"}],
        "strengths": [text("Strength")],
        "areas_for_improvement": [{"id": "leadership", "text": AFI_TEXT, "themes": ["leadership"]}],
        "commitments": [{"id": "review", "text": COMMITMENT_TEXT, "type": "progress-review", "due": "12 months"}],
        "notice": "formats",
    }
    review = {
        "title": text("Review"),
        "type": "progress-review",
        "published": "2017-12",
        "follows": "north/2017-02-joint-inspection",
        "progress": [{"afi": "leadership", "rating": "encouraging", "summary": SUMMARY, "section": "leadership"}],
        "outcomes": [{"text": text("Outcome"), "rag": "green"}],
        "next_steps": [{"id": "next", "text": text("Next"), "comment": text("Comment")}],
    }
    return {
        "content/areas/north.md": document(area, BODY),
        "content/reports/north/2017-02-joint-inspection.md": document(inspection, BODY),
        "content/reports/north/2017-12-progress-review.md": document(review, BODY),
        "content/themes.yml": yaml.safe_dump(
            {"leadership": {"name": THEME_NAME, "description": text("Description")}}, allow_unicode=True
        ),
        "content/notices.yml": yaml.safe_dump({"formats": {"en": NOTICE_EN, "ar": NOTICE_AR}}, allow_unicode=True),
    }


@contextlib.contextmanager
def cut_off() -> Iterator[list[str]]:
    """While active, any network connection or new process but the search indexer is refused and recorded."""
    attempts: list[str] = []

    def refuse(what: str):
        def refused(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{what}{args[:2]!r}")
            raise OSError(f"{what} is not allowed during a build")

        return refused

    popen = subprocess.Popen
    refused_popen = refuse("subprocess.Popen")

    def indexer_only(*args: Any, **kwargs: Any) -> Any:
        # The search indexer, the locked pagefind package run by this interpreter, is the one process allowed.
        command = args[0] if args else kwargs.get("args")
        if isinstance(command, list) and command[:3] == [sys.executable, "-m", "pagefind"]:
            return popen(*args, **kwargs)
        return refused_popen(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse("socket.connect"))
        patch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
        patch.setattr(subprocess, "Popen", indexer_only)
        patch.setattr(os, "system", refuse("os.system"))
        patch.setattr(os, "execv", refuse("os.execv"))
        yield attempts


@pytest.fixture(name="hostile_site", scope="module")
def _hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = make_project(tmp_path_factory.mktemp("hostile"), tricky_files())
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = REFERENCE_EPOCH
    try:
        with cut_off() as attempts:
            site = build_site(root / "mkdocs.yml", root / "site")
            recorded = list(attempts)
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return site, recorded


@pytest.fixture(name="site")
def _site(hostile_site: tuple[Path, list[str]]) -> Path:
    return hostile_site[0]


def pages(site: Path) -> dict[str, Any]:
    return {p.relative_to(site).as_posix(): lxml.html.parse(str(p)).getroot() for p in sorted(site.rglob("*.html"))}


def flat(element: Any) -> str:
    return " ".join(element.text_content().split())


def page(site: Path, url: str) -> Any:
    return lxml.html.parse(str(site / url / "index.html")).getroot()


REPORT = "areas/north/2017-02-joint-inspection"


# -- the build itself ----------------------------------------------------------------------------------


def test_the_build_contacts_nothing_and_runs_nothing(hostile_site):
    """Content names addresses (website, source); the build never fetches them, nor starts any process but
    the search indexer (which reads the built site and writes its index, no more)."""
    assert [] == hostile_site[1]


def test_every_page_of_the_tricky_site_was_built(site):
    """The hostile text is all accepted: each area, report, improvement, theme and notice page exists."""
    expected = ["areas/north/", f"{REPORT}/", f"{REPORT}/leadership/", "themes/leadership/", "notices/ar/"]

    assert [] == [url for url in expected if not (site / url / "index.html").is_file()]


# -- no markup, attribute or template code comes out of the text ---------------------------------------


def test_no_event_handler_attribute_anywhere(site):
    """No element of any page has an on* attribute (Material's pages have none: any would be injected)."""
    found = [
        (url, element.tag, name)
        for url, root in pages(site).items()
        for element in root.iter()
        if isinstance(element.tag, str)
        for name in element.attrib
        if name.lower().startswith("on")
    ]

    assert [] == found


def test_no_script_link_or_foreign_image_anywhere(site):
    """No href or src of any page is a script (javascript:, data:) and no image comes from another host."""
    found = [
        (url, element.tag, name, value)
        for url, root in pages(site).items()
        for element in root.iter()
        if isinstance(element.tag, str)
        for name, value in element.attrib.items()
        if name in {"href", "src", "action", "formaction", "srcset"}
        and (value.strip().lower().startswith(("javascript:", "vbscript:", "data:")) or "evil.test" in value)
    ]

    assert [] == found


def test_text_makes_no_elements(site):
    """No <script>, <img>, <iframe>, <a> to the attacker, or second <title> is made from text; scripts hold no
    injected code; a structured data block (JSON-LD) is JSON with no "<", so no text can end it early."""
    found = []
    for url, root in pages(site).items():
        found += [(url, "title", n) for n in [len(root.xpath("//title[not(ancestor::svg)]"))] if n != 1]
        # a chart's <title> (its name) is text only
        found += [(url, "svg title", flat(t)[:60]) for t in root.xpath("//svg//title") if len(t)]
        code = root.xpath("//script[not(@type='application/ld+json')]")
        found += [(url, "script", flat(s)[:60]) for s in code if "alert(" in (s.text or "")]
        for block in root.xpath("//script[@type='application/ld+json']"):
            if "<" in (block.text or "") or not isinstance(json.loads(block.text or "null"), dict):
                found.append((url, "ld+json", (block.text or "")[:60]))
        found += [(url, "img", i.get("src")) for i in root.xpath("//img") if "evil" in (i.get("src") or "")]
        found += [(url, e.tag, "") for e in root.xpath("//iframe | //object | //embed | //em[normalize-space(.)='em']")]
        found += [(url, "a", a.get("href")) for a in root.xpath("//a") if "evil" in (a.get("href") or "")]

    assert [] == found


def test_template_syntax_is_never_evaluated(site):
    """{{ 7*7 }} and {% if %} in content come out as written in every file: nothing renders them."""
    rendered = [
        (path.relative_to(site).as_posix(), marker)
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".ics"}
        for marker in ("Z7Q49Q7Z", "K9J1K9")
        if marker.encode() in path.read_bytes()
    ]
    literal = flat(page(site, REPORT))

    assert ([], True, True) == (rendered, "Z7Q{{ 7*7 }}Q7Z" in literal, "K9{% if 1 %}J1{% endif %}K9" in literal)


# -- the text reads as written, wherever it is shown ---------------------------------------------------


def test_report_title_reads_as_written_in_h1_title_and_header(site):
    """The report's title, literally, in its heading, in <title> and in Material's header (which prints the
    page title as HTML: the plugin hands it over escaped)."""
    root = page(site, REPORT)
    header_topics = [flat(t) for t in root.xpath("//*[contains(@class, 'md-header__topic')]")]

    assert ([REPORT_TITLE], True, True) == (
        [flat(h) for h in root.xpath("//article//h1")],
        root.findtext(".//title").startswith(REPORT_TITLE + " - "),
        REPORT_TITLE in header_topics,
    )


@pytest.mark.parametrize(
    ("url", "label"),
    [
        (REPORT, AFI_TEXT),
        (REPORT, COMMITMENT_TEXT),
        (REPORT, text("Strength")),
        (REPORT, text("Body")),
        (REPORT, text("Indicator")),
        (REPORT, NOTICE_EN),
        (REPORT, NOTICE_AR),
        ("areas/north", AREA_NAME),
        ("areas/north", text("Kind")),
        ("areas/north", text("Council")),
        ("areas/north", text("Board")),
        ("areas/north/2017-12-progress-review", SUMMARY),
        ("areas/north/2017-12-progress-review", text("Outcome")),
        ("areas/north/2017-12-progress-review", text("Next")),
        ("areas/north/2017-12-progress-review", text("Comment")),
        ("themes/leadership", THEME_NAME),
        ("notices/ar", NOTICE_AR),
    ],
    ids=lambda value: value.split(" ", 1)[0][:24],
)
def test_text_fields_read_as_written(site, url, label):
    """Each field's text is in its page's text exactly as the editor wrote it."""
    assert label in flat(page(site, url))


def test_body_markdown_stays_text_and_code(site):
    """In a body, markup in backticks is code, an entity is a character of text (Markdown's rule), never an
    element, and lang= from {: ...} is kept."""
    article = page(site, REPORT).xpath("//article")[0]
    codes = [c.text_content() for c in article.xpath(".//p/code")]

    assert (True, True, ["<script>alert(6)</script>", "<img src=x onerror=alert(7)>"], ["gd"]) == (
        "<script>alert(5)</script>" in flat(article),
        "a < b > c" in flat(article),
        codes,
        [p.get("lang") for p in article.xpath(".//p[@lang][contains(., 'Gàidhlig')]")],
    )


def test_urls_from_content_are_escaped_in_attributes(site):
    """An address with & is a single, correctly escaped attribute value (the parser reads it back intact)."""
    hrefs = page(site, REPORT).xpath("//a/@href")

    assert {"https://council.test/report.pdf?x=1&y=2", "https://council.test/?a=1&b=2"} <= set(hrefs)


# -- JSON and feeds ---------------------------------------------------------------------------------------


def test_open_data_carries_the_text_exactly(site):
    """JSON holds the texts as written (JSON escaping only): no HTML entities, nothing dropped."""
    reports = json.loads((site / "data/reports.json").read_text(encoding="utf-8"))["items"]
    afis = json.loads((site / "data/areas-for-improvement.json").read_text(encoding="utf-8"))["items"]
    follow_ups = json.loads((site / "data/follow-ups.json").read_text(encoding="utf-8"))["items"]

    assert (True, [AFI_TEXT], [COMMITMENT_TEXT]) == (
        REPORT_TITLE in [r["title"] for r in reports],
        [a["text"] for a in afis],
        [f["text"] for f in follow_ups],
    )


def test_search_facets_read_as_written(site):
    """What the search index takes from a page's marks (its area, theme, status) is the text as written, in
    attribute values that hold it as text: the search page shows it as text (finder.js), never as markup."""
    root = page(site, f"{REPORT}/leadership")
    filters = [e.get("data-pagefind-filter") for e in root.xpath("//*[@data-pagefind-filter]")]
    meta = [e.get("data-pagefind-meta") for e in root.xpath("//*[@data-pagefind-meta]")]
    handlers = [n for e in root.xpath("//*[@data-pagefind-body]//*") for n in e.attrib if n.startswith("on")]

    assert (f"area:{AREA_NAME}" in filters, f"theme:{THEME_NAME}" in filters, f"area:{AREA_NAME}" in meta) == (
        True,
        True,
        True,
    )
    assert handlers == []


def test_material_config_json_in_html_holds_no_content(site):
    """The JSON Material embeds in each page (<script id="__config">) parses and carries none of the text."""
    configs = [s.text for s in page(site, REPORT).xpath("//script[@id='__config']")]

    assert (1, False) == (len(configs), "Z7Q" in configs[0] or "alert(" in json.dumps(json.loads(configs[0])))


def test_feed_is_well_formed_with_literal_titles(site):
    """The Atom feed parses as XML and its entry titles are the reports' titles as written."""
    feed = lxml.etree.fromstring((site / "feed.xml").read_bytes())
    titles = feed.xpath("//a:entry/a:title/text()", namespaces={"a": "http://www.w3.org/2005/Atom"})

    assert REPORT_TITLE in titles


def test_calendar_parses_with_literal_text(site):
    """The iCalendar file parses and the follow-up's summary carries the commitment text as written."""
    calendar = icalendar.Calendar.from_ical((site / "follow-ups.ics").read_bytes())
    summaries = [str(event.get("summary")) for event in calendar.walk("VEVENT")]

    assert [True] == [summary.endswith(COMMITMENT_TEXT) for summary in summaries]


# -- what validation refuses stops the build, with the file, line and key ----------------------------------

VALID_AREA = document({"name": "North"})
VALID_REPORT = {"title": "Inspection", "type": "joint-inspection", "published": "2017-02-16"}
AREA_FILE = "content/areas/north.md"
REPORT_FILE = "content/reports/north/2017-02-joint-inspection.md"
REFUSED = {
    "script in a title": (REPORT_FILE, {"title": "<script>alert(1)</script>"}, "", "title"),
    "closing </title> in a title": (REPORT_FILE, {"title": "x</title><script>alert(1)</script>"}, "", "title"),
    "event attribute in an area name": (AREA_FILE, {"name": '<img src=x onerror="alert(1)">'}, "", "name"),
    "javascript: in a strength": (REPORT_FILE, {"strengths": ["see javascript:alert(1)"]}, "", "strengths[0]"),
    "HTML in a source format": (
        REPORT_FILE,
        {"source": {"url": "https://ok.test/", "format": "<b>PDF</b>"}},
        "",
        "source.format",
    ),
    "javascript: website": (AREA_FILE, {"name": "North", "website": "javascript:alert(1)"}, "", "website"),
    "JavaScript: website in capitals": (AREA_FILE, {"name": "North", "website": " JaVaScRiPt:alert(1)"}, "", "website"),
    "data: source": (REPORT_FILE, {"source": {"url": "data:text/html,<script>alert(1)</script>"}}, "", "source.url"),
    "protocol-relative source": (REPORT_FILE, {"source": {"url": "//evil.test/r.pdf"}}, "", "source.url"),
    "quote breaking out of a website": (
        AREA_FILE,
        {"name": "North", "website": 'https://ok.test/" onmouseover="alert(1)'},
        "",
        "website",
    ),
    "script element in a body": (REPORT_FILE, {}, "Text.\n\n<script>alert(1)</script>\n", "body"),
    "HTML with an event in a body": (REPORT_FILE, {}, 'See <img src="x" onerror="alert(1)">.\n', "body"),
    "javascript: link in a body": (REPORT_FILE, {}, "[click](javascript:alert(1))\n", "body"),
    "entity-spelt javascript: link": (REPORT_FILE, {}, "[click](java&#115;cript:alert(1))\n", "body"),
    "javascript: reference definition": (REPORT_FILE, {}, "[click][1]\n\n[1]: javascript:alert(1)\n", "body"),
    "javascript: autolink": (REPORT_FILE, {}, "<javascript:alert(1)>\n", "body"),
    # Bodies with a code fence, or line breaks other than "\n", are read line by line.
    "javascript: link after a code block": (
        REPORT_FILE,
        {},
        "```\n[fine](javascript:alert(1))\n```\n\nSee: [click](javascript:alert(1))\n",
        "body",
    ),
    "indented reference definition, Windows line ends": (
        REPORT_FILE,
        {},
        "[click][1]\r\n\r\n  [1]: JavaScript:alert(1)\r\n",
        "body",
    ),
    "data: link in a body": (REPORT_FILE, {}, "[x](data:text/html;base64,PHNjcmlwdD4=)\n", "body"),
    "event attribute list on a heading": (REPORT_FILE, {}, '## Heading {: onclick="alert(1)" }\n', "body"),
    "href attribute list on a link": (
        REPORT_FILE,
        {},
        '[ok](https://ok.test/){: href="javascript:alert(1)" }\n',
        "body",
    ),
    "style attribute list": (REPORT_FILE, {}, 'Text.\n{: style="background:url(https://evil.test/x.png)" }\n', "body"),
    "image from another site": (REPORT_FILE, {}, "![pixel](https://evil.test/pixel.png)\n", "body"),
}


@pytest.mark.parametrize("case", REFUSED.values(), ids=REFUSED.keys())
def test_refused_content_stops_the_build_with_a_clear_error(tmp_path, caplog, case):
    """The build fails; the log names the file, the line and the key; no page carries the hostile input."""
    path, front, body, key = case
    files = {AREA_FILE: VALID_AREA, REPORT_FILE: document(VALID_REPORT)}
    if path == AREA_FILE:
        files[AREA_FILE] = document(front, body or "North.\n")
    else:
        files[REPORT_FILE] = document({**VALID_REPORT, **front}, body or "Text.\n")
    root = make_project(tmp_path, files)
    caplog.set_level(logging.ERROR)
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = REFERENCE_EPOCH
    try:
        with pytest.raises(Abort):
            build_site(root / "mkdocs.yml", root / "site")
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    named = [m for m in messages if f"{path}:" in m and f": {key}: " in m]
    written = [p for p in (root / "site").rglob("*.html") if "alert(1)" in p.read_text(encoding="utf-8")]

    assert (1, []) == (len(named), written), messages


def test_yaml_tags_cannot_run_code(tmp_path, caplog):
    """A front-matter tag asking YAML to call Python (os.system) is a syntax error, never a call."""
    marker = tmp_path / "ran"
    report = (
        f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n"
        "type: joint-inspection\npublished: 2017\n---\nText.\n"
    )
    root = make_project(tmp_path / "project", {AREA_FILE: VALID_AREA, REPORT_FILE: report})
    caplog.set_level(logging.ERROR)
    with pytest.raises(Abort):
        build_site(root / "mkdocs.yml", root / "site")
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]

    assert (False, True) == (marker.exists(), any(f"{REPORT_FILE}:2" in m for m in messages)), messages


# -- the Markdown backstop behind validation (generator/safe_html.py) ------------------------------------

BACKSTOP = {  # Markdown -> (HTML, whether a warning is logged)
    "raw HTML is text": ("<script>alert(1)</script>", ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", False)),
    "inline HTML is text": (
        'Hi <b onclick="alert(1)">x</b>',
        ('<p>Hi &lt;b onclick="alert(1)"&gt;x&lt;/b&gt;</p>', False),
    ),
    "event attribute list": ('## Title {: onclick="alert(1)" }', ('<h2 id="title">Title</h2>', True)),
    "href attribute list": ('[ok](https://ok.test/){: href="javascript:alert(1)" }', ("<p><a>ok</a></p>", True)),
    "entity-spelt javascript:": ("[x](java&#115;cript:alert(1))", ("<p><a>x</a></p>", True)),
    "named entity colon": ("[x](javascript&colon;alert(1))", ("<p><a>x</a></p>", True)),
    "tab inside the scheme": ("[x](java&Tab;script:alert(1))", ("<p><a>x</a></p>", True)),
    "image from elsewhere": ("![p](https://evil.test/p.png)", ('<p><img alt="p" /></p>', True)),
    "protocol-relative image": ("![p](//evil.test/p.png)", ('<p><img alt="p" /></p>', True)),
    "style attribute list": ('Text\n{: style="background:url(https://evil.test/x.png)" }', ("<p>Text</p>", True)),
    "mermaid class (Material would load unpkg.com)": ("Text\n{: .mermaid }", ("<p>Text</p>", True)),
    "kept: links, ids, classes, lang": (
        '[a](https://ok.test/?a=1&b=2 "t") [m](mailto:x@ok.test) [r](../x/) ![i](img/p.png)\n{: #i .c lang=gd }',
        (
            '<p class="c" id="i" lang="gd"><a href="https://ok.test/?a=1&amp;b=2" title="t">a</a> '
            '<a href="mailto:x@ok.test">m</a> <a href="../x/">r</a> <img alt="i" src="img/p.png" /></p>',
            False,
        ),
    ),
}


@pytest.mark.parametrize("case", BACKSTOP.values(), ids=BACKSTOP.keys())
def test_markdown_backstop_removes_what_validation_refuses(case, caplog):
    """Even if a validation pattern missed it, Markdown renders no raw HTML, event attribute, script link,
    foreign image or style; each removal is logged as a warning (so a strict build stops)."""
    import markdown

    from generator.content.safe_html import SafeHtmlExtension

    source, expected = case
    caplog.set_level(logging.WARNING)
    rendered = markdown.markdown(source, extensions=["attr_list", "toc", SafeHtmlExtension()])
    warned = any(r.levelno == logging.WARNING and r.name.startswith("mkdocs.") for r in caplog.records)

    assert expected == (rendered, warned)
