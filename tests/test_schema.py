"""The published schemas: valid against the metaschema, shipped once, every error reported."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from conftest import ROOT, TARGET
from wikimaint import SchemaValidationError, parse, validate
from wikimaint.schema import iter_errors, load_schema, schema_names, validator

TOP = sorted((ROOT / "schemas").glob("*.schema.json"))


@pytest.mark.parametrize("path", TOP, ids=lambda p: p.name)
def test_schema_is_valid_2020_12_with_versioned_id_and_descriptions(path) -> None:
    schema = json.loads(path.read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "/1.0.0/" in schema["$id"] or "/1." in schema["$id"]

    def walk(node, where):
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                assert "description" in sub, f"{path.name}: {where}/{name} has no description"
            for key, sub in node.items():
                if key != "if":  # conditions restate properties described elsewhere
                    walk(sub, f"{where}/{key}")
        elif isinstance(node, list):
            for n, sub in enumerate(node):
                walk(sub, f"{where}/{n}")

    walk(schema, "")


def test_packaged_schemas_are_the_top_level_ones() -> None:
    assert schema_names() == sorted(p.name.removesuffix(".schema.json") for p in TOP)
    for path in TOP:
        name = path.name.removesuffix(".schema.json")
        assert load_schema(name) == json.loads(path.read_text("utf-8"))


def test_validator_is_built_once() -> None:
    assert validator("article") is validator("article")


def test_every_violation_is_reported_with_its_pointer() -> None:
    document = parse(TARGET.read_text("utf-8")).to_dict()
    document["title"] = 5
    document["citations"][0]["index"] = 0
    document["citations"][1]["template"]["params"][0]["known"] = "نعم"
    document["lead"]["surprise"] = True
    with pytest.raises(SchemaValidationError) as raised:
        validate(document, what="وثيقة")
    pointers = [pointer for pointer, _ in raised.value.errors]
    assert pointers == sorted(
        ["/title", "/citations/0/index", "/citations/1/template/params/0/known", "/lead"]
    ) or set(pointers) == {
        "/title",
        "/citations/0/index",
        "/citations/1/template/params/0/known",
        "/lead",
    }
    assert len(pointers) == 4
    assert "وثيقة: 4 violation(s)" in str(raised.value)
    assert list(iter_errors(document)) == raised.value.errors


def test_dates_in_the_document_follow_the_date_shape() -> None:
    document = parse(
        "<ref>{{استشهاد ويب|مسار=https://x.iq|عنوان=أ|تاريخ=يناير 2024}}</ref>"
    ).to_dict()
    date = document["citations"][0]["template"]["params"][2]["date"]
    assert date == {"value": "2024-01", "precision": "month", "style": "my-ar"}
    date["value"] = "يناير"
    assert [p for p, _ in iter_errors(document)] == ["/citations/0/template/params/2/date/value"]
