"""The published JSON Schema of the front matter matches what `check` accepts."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import SEEDS_CONTENT

from generator.content.errors import SourceError
from generator.content.files import load_markdown

CONTENT = SEEDS_CONTENT


@pytest.fixture(name="schemas", scope="module")
def _schemas(seeds_site: Path) -> dict[str, dict]:
    return {
        kind: json.loads((seeds_site / "data/schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        for kind in ("area", "report")
    }


def front_matter(path: Path) -> dict:
    errors: list[SourceError] = []
    document = load_markdown(path, str(path), errors)
    assert errors == []
    return document.data


def test_schemas_are_valid_draft_2020_12(schemas: dict[str, dict]) -> None:
    """Both published schemas are themselves valid JSON Schema (2020-12)."""
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", sorted(CONTENT.glob("reports/*/*.md")), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_seed_report_matches_the_schema(schemas: dict[str, dict], path: Path) -> None:
    """Each seed report's front matter is valid against report.schema.json."""
    errors = [e.message for e in jsonschema.Draft202012Validator(schemas["report"]).iter_errors(front_matter(path))]
    assert errors == []


@pytest.mark.parametrize("path", sorted(CONTENT.glob("areas/*.md")), ids=lambda p: p.stem)
def test_every_seed_area_matches_the_schema(schemas: dict[str, dict], path: Path) -> None:
    """Each seed area's front matter is valid against area.schema.json."""
    assert [] == [e.message for e in jsonschema.Draft202012Validator(schemas["area"]).iter_errors(front_matter(path))]


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"type": "progress-reveiw"}, "is not one of"),
        ({"colour": "red"}, "Additional properties"),
        ({"published": "December 2017"}, "is not valid"),
        ({"evaluations": [{"indicator": "x", "grade": "great"}]}, "is not one of"),
    ],
)
def test_schema_rejects_what_check_rejects(schemas: dict[str, dict], change: dict, complaint: str) -> None:
    """An unknown type, an unknown key, a date in words and an unknown grade are schema errors too."""
    data = {**front_matter(CONTENT / "reports/moray/2019-progress-review.md"), **change}
    messages = [e.message for e in jsonschema.Draft202012Validator(schemas["report"]).iter_errors(data)]
    assert any(complaint in m for m in messages), messages
