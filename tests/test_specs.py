"""Template specs: every spec fits its schema, names resolve, the data schema is generated."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from conftest import ROOT
from wikimaint.errors import SpecError
from wikimaint.infobox.specs import _build as build_spec
from wikimaint.infobox.specs import data_schema, load_spec, specs
from wikimaint.wikitext.names import lookup_template, template_names

SPEC_FILES = sorted((ROOT / "schemas" / "templates").glob("*.json"))
SPEC_SCHEMA = json.loads((ROOT / "schemas" / "template-spec.schema.json").read_text("utf-8"))


def test_the_spec_schema_is_a_valid_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SPEC_SCHEMA)


@pytest.mark.parametrize("path", SPEC_FILES, ids=lambda p: p.name)
def test_every_spec_file_validates_against_the_spec_schema(path) -> None:
    document = json.loads(path.read_text("utf-8"))
    errors = list(Draft202012Validator(SPEC_SCHEMA).iter_errors(document))
    assert errors == []
    assert document["$schema"] == SPEC_SCHEMA["$id"]


def test_specs_load_once_and_cover_every_file() -> None:
    loaded = specs()
    assert sorted(s.path for s in loaded) == [p.name for p in SPEC_FILES]
    assert len(SPEC_FILES) >= 3
    assert specs()[0] is loaded[0]


@pytest.mark.parametrize("spec", specs(), ids=lambda s: s.canonical)
def test_every_spec_is_an_infobox_the_alias_table_knows_by_every_name(spec) -> None:
    names = template_names(spec.canonical)
    for name in (spec.name, *spec.aliases):
        info = lookup_template(name)
        assert info is not None and info.kind == "infobox", name
        assert info.canonical == spec.canonical
        assert name in names
        assert load_spec(name) is spec


@pytest.mark.parametrize("spec", specs(), ids=lambda s: s.canonical)
def test_generated_data_schema_is_valid_and_types_every_parameter(spec) -> None:
    schema = data_schema(spec)
    Draft202012Validator.check_schema(schema)
    properties = schema["properties"]["parameters"]["properties"]
    assert list(properties) == [p.name for p in spec.params]
    for param in spec.params:
        assert properties[param.name]["properties"]["type"] == {
            "const": param.type,
            "description": "The parameter's type.",
        }
    assert schema["properties"]["parameters"]["required"] == [
        p.name for p in spec.params if p.required
    ]
    assert not any(p.required and p.wikidata for p in spec.params)


def test_the_attack_spec_has_the_rows_the_target_page_shows() -> None:
    spec = load_spec("قالب:صندوق_معلومات_هجوم")
    assert spec is not None and spec.canonical == "infobox civilian attack"
    labels = [p.label for p in spec.params if p.label]
    shown = ["جزء من", "الموقع", "التاريخ", "الهدف", "الإصابات", "الضحايا", "المنفذون"]
    assert [label for label in labels if label in shown] == shown
    assert spec.params[0].name == "العنوان" and spec.params[0].label is None
    assert spec.param("injuries") is spec.param("الإصابات")
    assert spec.param("جزء_من").name == "جزء من"
    assert spec.param("injuries").type == "number"
    assert spec.position("الإصابات") < spec.position("الضحايا")


def test_an_unknown_template_has_no_spec() -> None:
    assert load_spec("صندوق معلومات شيء لا يوجد") is None


def test_a_broken_spec_is_refused_with_every_problem() -> None:
    good = json.loads(SPEC_FILES[0].read_text("utf-8"))
    bad = dict(good, canonical="Not Lower", params=[{"name": "x", "type": "colour"}])
    with pytest.raises(SpecError) as raised:
        build_spec(bad, "bad.json")
    assert "bad.json: 2 problem(s)" in str(raised.value)
    assert "/canonical: 'Not Lower' does not match" in str(raised.value)
    assert "/params/0/type: 'colour' is not one of" in str(raised.value)
    clash = dict(
        good,
        params=[
            {"name": "أ", "aliases": ["b"], "type": "string"},
            {"name": "ب", "aliases": ["B"], "type": "string"},
            {"name": "ج", "type": "number", "required": True, "wikidata": "P1"},
        ],
    )
    with pytest.raises(SpecError) as raised:
        build_spec(clash, "clash.json")
    assert "'B' names both 'أ' and 'ب'" in str(raised.value)
    assert "'ج' is required but falls back to Wikidata (P1)" in str(raised.value)
