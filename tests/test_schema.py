"""The published JSON Schema of the front matter gives the same verdict as `check`, file by file.

Both come from the same models (generator/content/frontmatter.py); what a schema cannot express (references
between files, the body, real calendar days, file names) is listed below with the reason, and only those
rules may make `check` refuse a file that the schema accepts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import MINIMAL_CONTENT, write_tree
from test_bad_input import CASES, assemble, expected_of

from generator.content.errors import SourceError
from generator.content.files import load_markdown
from generator.content.validate import load_content
from generator.editors.cli import settings_from
from generator.site.schema import area_schema, report_schema

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
SEEDS = REPO / "tests/fixtures/seeds/content"

# Rules of `check` that no JSON Schema of one file's front matter can express: a phrase of the message, and why.
BEYOND_A_SCHEMA = {
    "no report has the id": "a reference to another file",
    "a report cannot follow itself": "a reference to another file (its own id)",
    "later than this report": "compares the dates of two files",
    "follow each other in a circle": "a reference cycle across files",
    "is not dated (published: unknown)": "depends on the report followed",
    "no area for improvement": "a reference to another file",
    "is ambiguous: it is defined by": "a reference resolved through follows",
    "no commitment has the id": "a reference to another file",
    "no heading in this report's body": "refers to the body",
    "no notice": "a reference to notices.yml",
    "the default notice": "a reference to notices.yml and the plugin options",
    "not declared in themes.yml": "a reference to themes.yml",
    "raw HTML is not allowed in the body": "a body rule",
    "links must go to http(s)": "a body rule",
    "has no month": "a real calendar date (a pattern cannot know month lengths)",
    "is not a real day": "a real calendar date (a pattern cannot know month lengths)",
    "is before the start": "compares two values",
    "is used twice in this report": "ids unique within a list (uniqueItems compares whole entries)",
    "after the year 9998": "a duration added to a date",
    "a duration needs a dated publication": "depends on another key's value",
    "not both": "two keys that exclude each other (kept out of the schema for editors' autocompletion)",
    "but says area": "compares with the folder name",
    "starts with the date": "compares with the file name",
    "names no area": "the folder name",
    "is not a report slug": "the file name",
    "is not an area slug": "the file name",
    "aliases of lists or keys": "the YAML loader refuses it; a schema sees only the values the alias stands for",
    "a key must be a plain word": "the YAML loader refuses it; JSON has no keys but text",
}


def front_matter(path: Path) -> Any:
    errors: list[SourceError] = []
    document = load_markdown(path, str(path), errors)
    return None if document is None else document.data


def schema_errors(schema: dict[str, Any], data: Any) -> list[str]:
    return [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]


def verdicts(root: Path, options: dict[str, Any]) -> list[tuple[str, bool, bool, list[str]]]:
    """Each area and report file under ``root/content`` whose front matter parses: (path, check accepts it,
    the schema accepts it, check's messages beyond a schema's reach removed)."""
    settings = settings_from(options)
    _content, errors = load_content(root / "content", settings, root)
    schemas = {"areas": area_schema(), "reports": report_schema(settings)}
    found = []
    for path in sorted((root / "content").rglob("*.md")):
        kind = path.relative_to(root / "content").parts[0]
        data = front_matter(path)
        shown = path.relative_to(root).as_posix()
        messages = [e.message for e in errors if e.path == shown]
        if data is None or kind not in schemas or any("YAML" in m or "given twice" in m for m in messages):
            continue  # not read as front matter: nothing for a schema to see
        schema_ok = not schema_errors(schemas[kind], data)
        kept = [m for m in messages if not any(phrase in m for phrase in BEYOND_A_SCHEMA)]
        found.append((shown, not messages, schema_ok, kept))
    return found


def disagreements(root: Path, options: dict[str, Any]) -> list[tuple[str, bool, list[str]]]:
    """Files where the schema and `check` (without the rules beyond a schema) disagree."""
    return [
        (path, schema_ok, kept) for path, _ok, schema_ok, kept in verdicts(root, options) if schema_ok != (not kept)
    ]


@pytest.mark.parametrize("case", CASES)
def test_schema_and_check_agree_on_every_bad_input_case(case: str, tmp_path: Path) -> None:
    """Each file of each bad-input case: refused by both or by neither (but for the rules listed above)."""
    root = assemble(tmp_path, case)
    assert [] == disagreements(root, expected_of(case).get("plugin_options", {}))


@pytest.mark.parametrize("tree", [SEEDS, CONTENT, REPO / "tests/bad_input/_base/content"], ids=lambda p: p.parent.name)
def test_schema_and_check_accept_every_valid_file(tree: Path, tmp_path: Path) -> None:
    """The frozen seeds, the shipped content and the bad-input base: every file accepted by both."""
    (tmp_path / "content").symlink_to(tree)
    found = verdicts(tmp_path, {"report_types": [*settings_from({}).report_types, "action-plan"]})
    assert (True, []) == (len(found) >= 6, [(p, ok, s) for p, ok, s, _kept in found if not (ok and s)])


def test_schemas_are_valid_draft_2020_12() -> None:
    """Both published schemas are themselves valid JSON Schema (2020-12), with the configured choices as enums."""
    settings = settings_from({"report_types": ["inspection", "action-plan"], "ratings": ["good", "poor"]})
    for schema in (area_schema(), report_schema(settings)):
        jsonschema.Draft202012Validator.check_schema(schema)
    text = json.dumps(report_schema(settings))
    assert ('"enum": ["inspection", "action-plan"]', '"enum": ["good", "poor"]') == tuple(
        e for e in ('"enum": ["inspection", "action-plan"]', '"enum": ["good", "poor"]') if e in text
    )


def test_published_schemas_are_the_models(seeds_site: Path) -> None:
    """The files the build publishes are exactly the models' schemas under the site's settings."""
    published = {
        kind: json.loads((seeds_site / "data/schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        for kind in ("area", "report")
    }
    assert published["area"] == area_schema()
    assert published["report"]["properties"]["editor_note"]["anyOf"][0]["type"] == "string"
    assert "title" in published["report"]["$defs"]["AFI"]["properties"]


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"type": "progress-reveiw"}, "is not one of"),
        ({"colour": "red"}, "Additional properties"),
        ({"published": "December 2017"}, "is not valid"),
        ({"published": 20170}, "is not valid"),
        ({"title": 2019}, "is not of type 'string'"),
        ({"title": "a <b>x</b>"}, "does not match"),
        ({"evaluations": [{"indicator": "x", "grade": "great"}]}, "is not one of"),
    ],
)
def test_schema_rejects_what_check_rejects(change: dict, complaint: str, tmp_path: Path) -> None:
    """An unknown type or key, a date in words or of five digits, a number or HTML as a title, an unknown grade:
    refused by the schema (the complaint is in the error or one of its causes) and by `check`."""
    base = front_matter(SEEDS / "reports/moray/2019-progress-review.md")
    data = {**base, **change}
    errors = list(jsonschema.Draft202012Validator(report_schema(settings_from({}))).iter_errors(data))
    causes = [m.message for e in errors for m in [e, *e.context, *(c for s in e.context for c in s.context)]]
    folder = tmp_path / "content/reports/moray"
    folder.mkdir(parents=True)
    (tmp_path / "content/areas").mkdir()
    (tmp_path / "content/areas/moray.md").write_text("---\nname: Moray\n---\n", encoding="utf-8")
    text = "---\n" + json.dumps(data) + "\n---\n"
    (folder / "2019-progress-review.md").write_text(text, encoding="utf-8")
    _content, check_errors = load_content(tmp_path / "content", settings_from({}))
    assert (True, True) == (any(complaint in m for m in causes), bool(check_errors)), (causes, check_errors)


def test_schema_and_check_accept_the_minimal_test_content(tmp_path: Path) -> None:
    """The minimal content the build tests start from: every file accepted by both."""
    write_tree(tmp_path, MINIMAL_CONTENT)
    found = verdicts(tmp_path, {})
    assert (3, []) == (len(found), [(p, ok, s) for p, ok, s, _kept in found if not (ok and s)])
