"""Content checks (generator.validate): every mistake reported with its file, line, key and a fix.

Each test writes a valid base tree plus one faulty file and asserts the complete list of errors as
``(path, line, key, phrase)``, where ``phrase`` is a part of the message that says what to do.
"""

from __future__ import annotations

import datetime as dt

import pytest

from generator.content.settings import Settings
from generator.content.validate import load_content
from generator.site import read_site
from generator.site.export import export_data

REPORT = "content/reports/north/x.md"
INSPECTION = ("title: T", "type: joint-inspection", "published: 2018", "areas_for_improvement:")
REVIEW = ("title: T", "type: progress-review", "published: 2018")
FOLLOW_UP = (*REVIEW, "follows: north/2017-02-joint-inspection", "progress:")  # progress on the base inspection
BASE = {
    "content/areas/north.md": """
        ---
        name: North
        ---
        North is an area.
        """,
    "content/reports/north/2017-02-joint-inspection.md": """
        ---
        title: Joint inspection
        type: joint-inspection
        published: 2017-02-16
        areas_for_improvement:
          - id: leadership
            text: Strengthen leadership.
        commitments:
          - id: review
            text: We will come back.
            type: progress-review
            due: 6 months
        ---
        The inspection.
        """,
}


@pytest.fixture(name="check")
def _check(tmp_path, write_tree):
    def check(files: dict[str, str | bytes]):
        write_tree(tmp_path, {**BASE, **files})
        _content, errors = load_content(tmp_path / "content", Settings())
        return errors

    return check


def found(errors, expected) -> list[tuple[str, int, str, str]]:
    """Errors as (path, line, key, phrase): the expected phrase when the message contains it, else the message."""
    phrases = [item[3] for item in expected] + [""] * len(errors)
    return [
        (e.path, e.line, e.key, phrase if phrase and phrase in e.message else e.message)
        for e, phrase in zip(errors, phrases, strict=False)
    ]


def front(*lines: str, body: str = "Text.\n") -> str:
    """A report file from its front-matter lines (line 2 is the first of them)."""
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def test_base_content_is_valid(check):
    """The base tree the other tests add a mistake to has no errors."""
    assert [] == check({})


@pytest.mark.parametrize(
    "follows",
    ["north/2017-06-news", "[north/2017-06-news, north/2017-02-joint-inspection]"],
    ids=["transitively", "reached-twice"],
)
def test_bare_afi_slug_through_follows(check, follows):
    """A bare slug resolves through follows followed transitively; a report reached twice counts once."""
    files = {
        "content/reports/north/2017-06-news.md": front(
            "title: N", "type: news-release", "published: 2017-06", "follows: north/2017-02-joint-inspection"
        ),
        REPORT: front(
            "title: T",
            "type: progress-review",
            "published: 2018",
            f"follows: {follows}",
            "progress:",
            "  - {afi: leadership, rating: early}",
        ),
    }

    assert [] == check(files)


@pytest.mark.parametrize("text", ["", "  \n\n"])
def test_empty_file(check, text):
    """An empty (or blank) content file is an error, not a page with nothing on it."""
    expected = [(REPORT, 1, "", "the file is empty")]

    assert expected == found(check({REPORT: text}), expected)


def test_files_outside_the_content_model(check):
    """Files that are neither areas, reports, notices.yml nor themes.yml are errors, never silently dropped."""
    phrase = "this file is not part of the content model"
    expected = [
        ("content/areas/north.yml", 0, "", phrase),
        ("content/readme.md", 0, "", phrase),
        ("content/reports/north/notes.txt", 0, "", phrase),
    ]

    errors = check(
        {
            "content/reports/north/notes.txt": "notes",
            "content/areas/north.yml": "name: x",
            "content/readme.md": "# Read me",
        }
    )

    assert expected == found(errors, expected)


def test_html_and_script_links_in_the_body(check):
    """Raw HTML and javascript: links in a body are refused on their lines; HTML in code is fine."""
    expected = [
        (REPORT, 6, "body", "raw HTML is not allowed in the body"),
        (REPORT, 8, "body", "not a script"),
    ]

    body = "Text <script>x</script>\n\n[a](javascript:alert(1))\n\n`<b>` in code\n\n```\n<div>\n```\n"
    errors = check({REPORT: front("title: T", "type: news-release", "published: 2019", body=body)})

    assert expected == found(errors, expected)


def test_body_errors_are_on_their_lines_in_a_body_without_fences(check):
    """Without fences the checks visit only the lines that could match: each error still names its line,
    two on one line are both reported, indented code is left alone, and the last line counts too."""
    expected = [
        (REPORT, 8, "body", "not a script"),
        (REPORT, 8, "body", "raw HTML is not allowed in the body"),
        (REPORT, 12, "body", "images from other sites are not allowed"),
        (REPORT, 14, "body", "raw HTML is not allowed in the body"),
    ]

    body = "Plain: a colon.\n\nA <b>tag</b> and [a](javascript:x)\n\n    <i>code</i>\n\nToo ![i](https://e.org/i.png)\n\n<u>"
    errors = check({REPORT: front("title: T", "type: news-release", "published: 2019", body=body)})

    assert (expected, 4) == (found(errors, expected), len(errors))


def test_the_live_previews_cache_reads_as_a_fresh_read(tmp_path, write_tree):
    """With the cache the live preview keeps between rebuilds, an unchanged file is neither parsed nor checked
    again, yet every read gives what a fresh read gives: the same content and the same errors, including those
    of unchanged files, and errors that depend on other files (a missing area) go when those files appear."""
    files = {
        **BASE,
        REPORT: front("title: T", "type: news-release", "published: 2019", "titel: typo"),
        "content/reports/south/y.md": front("title: Y", "type: news-release", "published: 2020"),
    }
    write_tree(tmp_path, files)
    content, cache = tmp_path / "content", {}

    first = load_content(content, Settings(), cache=cache)
    again = load_content(content, Settings(), cache=cache)
    fresh = load_content(content, Settings())
    write_tree(tmp_path, {"content/areas/south.md": "---\nname: South\n---\n"})
    with_south, fresh_with_south = load_content(content, Settings(), cache=cache), load_content(content, Settings())

    assert first == again == fresh
    assert any("names no area" in e.message for e in first[1])
    assert with_south == fresh_with_south
    assert not any("names no area" in e.message for e in with_south[1])
    assert any(e.key == "titel" for e in with_south[1])


def test_section_accepts_explicit_and_default_heading_ids(check):
    """Both MkDocs' default heading id and an explicit {#id} are valid sections."""
    files = {
        "content/reports/north/2017-06-joint-inspection.md": front(
            "title: T",
            "type: joint-inspection",
            "published: 2017-06",
            "areas_for_improvement:",
            "  - {id: planning, text: P.}",
        ),
        REPORT: front(
            "title: T",
            "type: progress-review",
            "published: 2018",
            "follows: [north/2017-02-joint-inspection, north/2017-06-joint-inspection]",
            "progress:",
            "  - {afi: leadership, rating: early, section: 1-leadership-matters}",
            "  - {afi: planning, rating: none, section: plans}",
            body="## 1. Leadership matters\n\n#### Area for improvement: Plan together. {#plans}\n",
        ),
    }

    assert [] == check(files)


def test_comparison_signs_in_text_are_allowed(check):
    """ "a < b", "b > a" and "<3" are plain text, in front matter and in the body; only tags are refused."""
    files = {
        REPORT: front(
            'title: "Fish & Chips: a < b > c"',
            "type: news-release",
            "published: 2019",
            "strengths: ['<3 and 1 <2']",
            body="If a < b then b > a.\n",
        )
    }

    assert [] == check(files)


# Each case: the files laid over the base, and the complete list of (path, line, key, phrase) expected.
CASES = [
    pytest.param(
        {REPORT: front('title: "unclosed', "type: news-release", "published: 2018")},
        [(REPORT, 2, "", "the quote opened on this line is never closed")],
        id="broken_yaml_unclosed_quote",
    ),  # An unclosed quote is reported on the line where it opens, not where the parser gave up.
    pytest.param(
        {REPORT: front("title: Moray: a review", "type: news-release", "published: 2018")},
        [(REPORT, 2, "", "put text that contains ': ' in double quotes")],
        id="broken_yaml_colon_in_text",
    ),  # Text containing ': ' unquoted is a syntax error that says to quote it.
    pytest.param(
        {REPORT: front("title: T", "type: news-release", "published: 2018", "bodies:", "\t- Care Inspectorate")},
        [(REPORT, 6, "", "replace the tab characters with spaces")],
        id="tab_in_yaml",
    ),  # A tab used for indentation is reported on its line with the advice to use spaces.
    pytest.param(
        {REPORT: front("type: news-release", "published: 2018")},
        [(REPORT, 2, "title", "this key is required")],
        id="missing_required_key",
    ),  # A report without a title names the missing key.
    pytest.param(
        {REPORT: front("title: T", "type: news-release")},
        [(REPORT, 1, "published", "write the publication date (YYYY, YYYY-MM or YYYY-MM-DD), or unknown")],
        id="missing_published",
    ),  # A report without published asks for a date (or unknown).
    pytest.param(
        {"content/areas/south.md": front("kind: Community planning partnership")},
        [("content/areas/south.md", 2, "name", "this key is required")],
        id="missing_area_name",
    ),  # An area file without a name is an error.
    pytest.param(
        {REPORT: front("title: T", "type: news-release", "published: 2018", "strenghts:", "  - Good.")},
        [(REPORT, 5, "strenghts", "unknown key (did you mean 'strengths'?)")],
        id="unknown_key_suggests_the_nearest",
    ),  # A misspelt key is refused with a "did you mean" for the allowed key it resembles.
    pytest.param(
        {
            REPORT: front(
                *INSPECTION,
                "  - id: a",
                "    text: A.",
                "    theme: [leadership]",
            )
        },
        [(REPORT, 8, "areas_for_improvement[0].theme", "did you mean 'themes'?")],
        id="unknown_key_inside_a_list_entry",
    ),  # Unknown keys inside list entries are reported with their full key path.
    pytest.param(
        {REPORT: front("title: [a, b]", "type: news-release", "published: 2018", "bodies: Care Inspectorate")},
        [
            (REPORT, 2, "title", "expected text, got a list"),
            (REPORT, 5, "bodies", "expected a list"),
        ],
        id="wrong_types",
    ),  # A list where text is expected, and text where a list is expected, are both reported.
    pytest.param(
        {REPORT: front("title: yes", "type: news-release", "published: 2018")},
        [(REPORT, 2, "title", "yes/no values must be quoted to be text")],
        id="yes_no_value_is_not_text",
    ),  # An unquoted yes is a boolean to YAML, and the message says to quote it.
    pytest.param(
        {
            "content/areas/South Ayrshire.md": front("name: South Ayrshire"),
            "content/reports/north/Joint_Inspection.md": front("title: T", "type: news-release", "published: 2018"),
        },
        [
            ("content/areas/South Ayrshire.md", 0, "", "rename it to south-ayrshire.md"),
            ("content/reports/north/Joint_Inspection.md", 0, "", "rename it to joint-inspection.md"),
        ],
        id="file_names_must_be_slugs",
    ),  # Area and report files whose names are not slugs are errors that suggest the slug, never silent renames.
    pytest.param(
        {REPORT: front("title: T", "type: news-release", "published: 2017-02-30", "fieldwork:", "  start: 2017-13")},
        [
            (REPORT, 4, "published", "is not a real day: February 2017 has 28 days"),
            (REPORT, 6, "fieldwork.start", "has no month 13"),
        ],
        id="impossible_dates",
    ),  # 2017-02-30 and 2017-13 are errors on their own lines and keys.
    pytest.param(
        {REPORT: front("title: T", "type: inspection-report", "published: 2018")},
        [(REPORT, 3, "type", "use one of joint-inspection, progress-review")],
        id="unknown_report_type",
    ),  # A type that is not configured is refused with the allowed list.
    pytest.param(
        {
            REPORT: front(
                "title: T",
                "type: joint-inspection",
                "published: 2018",
                "evaluations:",
                "  - indicator: Leadership",
                "    grade: very good",
            )
        },
        [(REPORT, 7, "evaluations[0].grade", "'very good' is not allowed (did you mean 'very-good'?)")],
        id="unknown_grade",
    ),  # A grade off the six-point scale is refused with a suggestion.
    pytest.param(
        {
            REPORT: front(
                *FOLLOW_UP,
                "  - afi: leadership",
                "    rating: encouraged",
            )
        },
        [(REPORT, 8, "progress[0].rating", "'encouraged' is not allowed (did you mean 'encouraging'?)")],
        id="unknown_rating",
    ),  # A progress rating that is not configured is refused with a suggestion.
    pytest.param(
        {
            REPORT: front(
                *INSPECTION,
                "  - id: a",
                "    text: A.",
                "  - id: a",
                "    text: B.",
            )
        },
        [(REPORT, 8, "areas_for_improvement[1].id", "the id 'a' is used twice in this report")],
        id="duplicate_afi_id",
    ),  # Two AFIs with the same id in one report: the second is the error.
    pytest.param(
        {REPORT: front("title: T", "type: news-release", "published: 2018", "follows: north/2017-02-joint-inspectoin")},
        [(REPORT, 5, "follows", "(did you mean 'north/2017-02-joint-inspection'?)")],
        id="dangling_follows",
    ),  # follows naming no report is an error that suggests the nearest id.
    pytest.param(
        {REPORT: front("title: T", "type: news-release", "published: 2016", "follows: north/2017-02-joint-inspection")},
        [(REPORT, 5, "follows", "a report can only follow an earlier or same-date one")],
        id="follows_a_later_report",
    ),  # A report may not follow a report dated after it.
    pytest.param(
        {
            REPORT: front(
                *FOLLOW_UP,
                "  - afi: leadershp",
                "    rating: early",
            )
        },
        [(REPORT, 7, "progress[0].afi", "(did you mean 'leadership'?)")],
        id="dangling_progress_afi_suggests_the_slug",
    ),  # A bare AFI slug that no followed report defines is refused with a suggestion.
    pytest.param(
        {
            REPORT: front(
                *REVIEW,
                "progress:",
                "  - afi: north/2017-02-joint-inspection#leadershp",
                "    rating: early",
            )
        },
        [(REPORT, 6, "progress[0].afi", "(did you mean 'north/2017-02-joint-inspection#leadership'?)")],
        id="dangling_global_afi_id",
    ),  # A global AFI id that does not exist is refused with a suggestion.
    pytest.param(
        {
            "content/reports/north/2017-06-joint-inspection.md": front(
                "title: T",
                "type: joint-inspection",
                "published: 2017-06",
                "areas_for_improvement:",
                "  - {id: leadership, text: L.}",
            ),
            REPORT: front(
                *REVIEW,
                "follows: [north/2017-02-joint-inspection, north/2017-06-joint-inspection]",
                "progress:",
                "  - afi: leadership",
                "    rating: early",
            ),
        },
        [(REPORT, 7, "progress[0].afi", "'leadership' is ambiguous")],
        id="ambiguous_bare_afi_slug",
    ),  # A bare slug defined by two reports reached through follows must be written in full.
    pytest.param(
        {
            "content/reports/north/a.md": front(
                "title: A", "type: news-release", "published: 2018-03", "follows: north/b"
            ),
            "content/reports/north/b.md": front(
                "title: B", "type: news-release", "published: 2018-03", "follows: north/a"
            ),
        },
        [("content/reports/north/a.md", 5, "follows", "north/a -> north/b -> north/a")],
        id="cycle_in_follows",
    ),  # Reports that follow each other in a circle are one error, naming the circle.
    pytest.param(
        {
            REPORT: front("title: T", "type: news-release", "published: 2018", "area: south"),
            "content/reports/nowhere/y.md": front("title: T", "type: news-release", "published: 2018"),
            "content/reports/nort/z.md": front("title: T", "type: news-release", "published: 2018"),
        },
        [
            ("content/reports/nort/z.md", 0, "", "add content/areas/nort.md (did you mean 'north'?)"),
            (REPORT, 5, "area", "move the file to reports/south/ or correct the key"),
            ("content/reports/nowhere/y.md", 0, "", "the folder reports/nowhere/ names no area"),
        ],
        id="report_in_the_wrong_area_folder",
    ),  # An area key that differs from the folder, and a folder that names no area, are both errors.
    pytest.param(
        {
            "content/notices.yml": """
                alternative-formats:
                  en: Other formats on request.
                  zh-Hant: 本出版品有其他格式和其他語言備索。
                  pa_IN: Punjabi.
                  xx: Unknown.
                  english: English again.
                """
        },
        [
            ("content/notices.yml", 4, "alternative-formats.pa_IN", "is not a valid BCP 47 language tag"),
            ("content/notices.yml", 5, "alternative-formats.xx", "is not a valid BCP 47 language tag"),
            ("content/notices.yml", 6, "alternative-formats.english", "is not a valid BCP 47 language tag"),
        ],
        id="malformed_language_tags_in_notices",
    ),  # A POSIX-style pa_IN, an unknown xx and a word are not BCP 47 tags; well-formed tags pass.
    pytest.param(
        {"content/notices.yml": "alt:\n  gd: Gàidhlig.\n"},
        [("content/notices.yml", 1, "alt", "add `en: ...`")],
        id="notice_without_english",
    ),  # Every notice needs its English text.
    pytest.param(
        {
            "content/notices.yml": "alternative-formats:\n  en: Other formats.\n",
            REPORT: front("title: T", "type: news-release", "published: 2018", "notice: alternative-format"),
        },
        [(REPORT, 5, "notice", "no notice 'alternative-format' in notices.yml (did you mean 'alternative-formats'?)")],
        id="unknown_notice",
    ),  # A report naming a notice that notices.yml lacks is refused with a suggestion.
    pytest.param(
        {REPORT: b"---\ntitle: Caf\xe9\ntype: news-release\npublished: 2018\n---\n"},
        [(REPORT, 2, "", "the file is not UTF-8 (byte 0xe9)")],
        id="non_utf8_bytes",
    ),  # A file that is not UTF-8 is reported on the line of the first bad byte.
    pytest.param(
        {REPORT: "# Title\n\nText.\n"},
        [(REPORT, 1, "", "the file must start with a '---' line")],
        id="missing_front_matter",
    ),  # A Markdown file that does not open with --- is an error.
    pytest.param(
        {REPORT: "---\ntitle: T\n\nText.\n"},
        [(REPORT, 1, "", "the front matter is never closed")],
        id="unclosed_front_matter",
    ),  # Front matter that is never closed is an error.
    pytest.param(
        {
            REPORT: front(
                "title: <script>alert(1)</script>",
                "type: news-release",
                "published: 2018",
                "source:",
                "  url: javascript:alert(1)",
                "strengths:",
                "  - <b>Bold</b> claim",
            )
        },
        [
            (REPORT, 2, "title", "text fields are plain text"),
            (REPORT, 6, "source.url", "expected an absolute http(s) address"),
            (REPORT, 8, "strengths[0]", "text fields are plain text"),
        ],
        id="html_and_script_in_text_fields",
    ),  # HTML in a text field and a javascript: source url are refused.
    pytest.param(
        {REPORT: front("title: T", "type: news-release", "published: 2018", "title: U")},
        [(REPORT, 5, "title", "this key is given twice (first on line 2)")],
        id="duplicate_yaml_key",
    ),  # A key given twice (YAML would keep the last silently) is an error pointing at both lines.
    pytest.param(
        {
            REPORT: front(
                *FOLLOW_UP,
                "  - afi: leadership",
                "    rating: early",
                "    section: leadershp",
                body="## Leadership\n\nText.\n",
            )
        },
        [(REPORT, 9, "progress[0].section", "(did you mean 'leadership'?)")],
        id="section_pointing_to_no_heading",
    ),  # A progress section must be the id of a heading in the body; the nearest id is suggested.
    pytest.param(
        {
            REPORT: front(
                "title: T",
                "type: progress-review",
                "published: 2019",
                "commitments:",
                "  - id: next",
                "    text: Next.",
                "    type: progress-review",
                "    due: 6 months",
            )
        },
        [
            (
                REPORT,
                9,
                "commitments[0].due",
                "give `published` as YYYY-MM (or YYYY-MM-DD), or write the due date itself",
            )
        ],
        id="months_after_a_year_precision_date",
    ),  # 6 months after a year-precision published is an error asking for a month or an explicit due.
    pytest.param(
        {
            REPORT: front(
                "title: T",
                "type: progress-review",
                "published: 2019-03",
                "commitments:",
                "  - {id: next, text: Next., type: progress-review, due: soon}",
            )
        },
        [(REPORT, 6, "commitments[0].due", "or a duration such as '6 months'")],
        id="malformed_due",
    ),  # A due that is neither a date nor a duration asks for one of them.
    pytest.param(
        {
            REPORT: front(
                "title: T", "type: news-release", "published: 2019", "closes: [north/2017-02-joint-inspection#reviews]"
            )
        },
        [(REPORT, 5, "closes[0]", "(did you mean 'north/2017-02-joint-inspection#review'?)")],
        id="closes_an_unknown_commitment",
    ),  # closes must name an existing commitment.
    pytest.param(
        {
            "content/themes.yml": "leadership:\n  name: Leadership\nplanning:\n  name: Planning\n",
            REPORT: front(
                *INSPECTION,
                "  - id: a",
                "    text: A.",
                "    themes:",
                "      - planning",
                "      - leadershp",
            ),
        },
        [
            (
                REPORT,
                10,
                "areas_for_improvement[0].themes[1]",
                "the theme 'leadershp' is not declared in themes.yml (did you mean 'leadership'?)",
            )
        ],
        id="undeclared_theme",
    ),  # When themes.yml exists, every AFI theme must be declared in it.
    pytest.param(
        {
            "content/areas/south.md": front("nmae: South"),
            "content/notices.yml": "alt:\n  en: English.\n  pa_IN: Punjabi.\n",
            "content/reports/north/a.md": front(
                "title: A", "type: news-releas", "published: 2018-02-29", "follows: north/nothing"
            ),
            "content/reports/north/b.md": "",
            "content/reports/north/c.md": front("\ttitle: C"),
            "content/reports/north/d.md": front(
                "title: a < b <i>", "type: news-release", "published: 2018", "title: D"
            ),
        },
        [
            ("content/areas/south.md", 2, "name", "this key is required"),
            ("content/areas/south.md", 2, "nmae", "did you mean 'name'?"),
            ("content/notices.yml", 3, "alt.pa_IN", "is not a valid BCP 47 language tag"),
            ("content/reports/north/a.md", 3, "type", "did you mean 'news-release'?"),
            ("content/reports/north/a.md", 4, "published", "is not a real day"),
            ("content/reports/north/a.md", 5, "follows", "no report has the id 'north/nothing'"),
            ("content/reports/north/b.md", 1, "", "the file is empty"),
            ("content/reports/north/c.md", 2, "", "replace the tab characters with spaces"),
            ("content/reports/north/d.md", 2, "title", "text fields are plain text"),
            ("content/reports/north/d.md", 5, "title", "this key is given twice"),
        ],
        id="many_errors_in_one_run_in_file_order",
    ),  # Every mistake of every file is reported in one run, sorted by file, then line, then key.
    pytest.param(
        {
            REPORT: front(
                *REVIEW,
                "commitments:",
                "  - id: next",
                "    text: Next.",
                "    type: progress-review",
                "    due: 2019",
                "closes: north/x#next",
            )
        },
        [(REPORT, 10, "closes", "a publication cannot close its own commitment — remove the commitment instead")],
        id="a_publication_cannot_close_its_own_commitment",
    ),  # closes naming the report's own commitment is refused: withdrawn means a later publication closed it.
    pytest.param(
        {
            REPORT: front(
                "title: T", "type: news-release", "published: 2016", "closes: north/2017-02-joint-inspection#review"
            )
        },
        [(REPORT, 5, "closes", "a report can only close commitments of earlier or same-date publications")],
        id="closes_a_commitment_of_a_later_publication",
    ),  # closes may only name a commitment of an earlier or same-date publication.
    pytest.param(
        {REPORT: front("title: 2019", "type: news-release", "published: 2018")},
        [(REPORT, 2, "title", "expected text, got 2019 — put the text in double quotes")],
        id="number_as_title",
    ),  # A number is not text (the schema says so too): quoting it makes it text.
    pytest.param(
        {REPORT: front("title: T", "type: news-release", "published: 20170")},
        [(REPORT, 4, "published", "expected a date written YYYY, YYYY-MM or YYYY-MM-DD, got '20170'")],
        id="five_digit_year",
    ),  # A five-digit number is no year; reported once, though it fails each form a date may take.
    pytest.param(
        {REPORT: front("title: T", "type: news-release", "published: [2018]")},
        [(REPORT, 4, "published", "expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got a list")],
        id="date_as_a_list",
    ),  # A union's failure is one message, not one per member.
    pytest.param(
        {REPORT: front("title: T", "type: news-release", "published: 2018", "closes: [north/a#b, 7]")},
        [(REPORT, 5, "closes", "expected a list of ids, but entry 1 is 7 — write each id as text")],
        id="number_among_ids",
    ),  # A list of ids with a number in it names the entry, once.
    pytest.param(
        {REPORT: front("title: T", "type: news-release", "published: 2018", "editor_note: ''")},
        [(REPORT, 5, "editor_note", "this key is empty — add its text, or remove the key")],
        id="empty_optional_text",
    ),  # An empty text is refused (the schema refuses it too), with the choice to remove the key.
    pytest.param(
        {"content/reports/north/2018-03-news-release.md": front("title: T", "type: news-release", "published: 2018")},
        [],
        id="file_name_date_within_published_year",
    ),  # A file named for March 2018 agrees with a publication dated 2018 (compared at the coarser precision).
    pytest.param(
        {"content/reports/north/2018-news-release.md": front("title: T", "type: news-release", "published: 2019-01")},
        [("content/reports/north/2018-news-release.md", 4, "published", "starts with the date 2018, but published")],
        id="file_name_year_disagrees",
    ),  # A file named for 2018 but published in 2019: the message names both dates and both fixes.
    pytest.param(
        {
            "content/reports/north/undated.md": front("title: U", "type: news-release", "published: unknown"),
            REPORT: front(
                "title: T",
                "type: news-release",
                "published: 2018",
                "follows: north/undated",
                "editor_note: The statement was issued before this release, as the release itself says.",
            ),
        },
        [],
        id="follows_undated_with_editor_note",
    ),  # Following an undated report is allowed when the editors' note says how the order is known.
    pytest.param(
        {
            REPORT: front(
                *INSPECTION,
                "  - id: a",
                "    text: A.",
                "    title: <b>A</b>",
            )
        },
        [(REPORT, 8, "areas_for_improvement[0].title", "text fields are plain text")],
        id="html_in_afi_title",
    ),  # The new short title of an area for improvement is plain text like every text.
]


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_each_mistake_is_reported_with_its_line_key_and_fix(check, files, expected):
    """Each case of CASES: exactly its errors, each with its path, line, key and a phrase saying what to do."""
    assert expected == found(check(files), expected)


def test_new_fields_reach_the_model_and_the_open_data(tmp_path, write_tree):
    """An area for improvement's title and a report's editor_note are kept in the content model and given in the
    open data (``title`` of each area for improvement, ``editor_note`` of each report; null when not given)."""
    report = front(
        "title: T",
        "type: joint-inspection",
        "published: 2018",
        "editor_note: Dated from the covering letter.",
        "areas_for_improvement:",
        "  - id: a",
        "    text: Leaders should agree priorities. Then plan.",
        "    title: Agree priorities",
    )
    write_tree(tmp_path, {**BASE, REPORT: report})
    content, errors = load_content(tmp_path / "content", Settings())
    data = export_data(read_site(tmp_path / "content", Settings(), dt.date(2020, 1, 1)))
    notes = {item["id"]: item["editor_note"] for item in data["reports.json"]["items"]}
    titles = {item["id"]: item["title"] for item in data["areas-for-improvement.json"]["items"]}

    assert ([], "Dated from the covering letter.", "Agree priorities") == (
        errors,
        content.reports["north/x"].editor_note,
        content.reports["north/x"].improvements[0].title,
    )
    assert {"north/x": "Dated from the covering letter.", "north/2017-02-joint-inspection": None} == notes
    assert {"north/x#a": "Agree priorities", "north/2017-02-joint-inspection#leadership": None} == titles
