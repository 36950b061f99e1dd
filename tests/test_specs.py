"""Template specs: every spec fits its schema, names resolve, values read and write by type."""

from __future__ import annotations

import json

import mwparserfromhell
import pytest
from jsonschema import Draft202012Validator

from conftest import ROOT
from wikimaint.errors import SpecError
from wikimaint.names import lookup_template, template_names
from wikimaint.specs import (
    TYPES,
    data_schema,
    load_spec,
    read_value,
    same_typed,
    specs,
    write_value,
)
from wikimaint.specs import _build as build_spec

SPEC_FILES = sorted((ROOT / "schemas" / "templates").glob("*.json"))
SPEC_SCHEMA = json.loads((ROOT / "schemas" / "template-spec.schema.json").read_text("utf-8"))


def code(text: str) -> mwparserfromhell.wikicode.Wikicode:
    return mwparserfromhell.parse(text)


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


# Reading values by type -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "text", "typed"),
    [
        ("number", "٦", 6),
        ("number", "«١٬٢٣٤»", 1234),
        ("number", "1,234", 1234),
        ("number", "٢٫٥", 2.5),
        ("number", " 2 <!-- تقدير --> ", 2),
        ("date", "24 يناير 2024", {"value": "2024-01-24", "precision": "day", "style": "dmy-ar"}),
        ("date", "3 شباط 2021", {"value": "2021-02-03", "precision": "day", "style": "dmy-lev"}),
        (
            "date",
            "١٢ كانون الثاني ٢٠٢٠",
            {"value": "2020-01-12", "precision": "day", "style": "dmy-lev"},
        ),
        ("date", "أيار 2023", {"value": "2023-05", "precision": "month", "style": "my-lev"}),
        (
            "date",
            "{{تاريخ الميلاد والعمر|1944|5|14}}",
            {"value": "1944-05-14", "precision": "day", "style": "template"},
        ),
        (
            "wikilinks",
            "[[محافظة بابل|محافظتي بابل]] و[[محافظة الأنبار|الأنبار]]، {{علم|العراق}}",
            [
                {"target": "محافظة بابل", "label": "محافظتي بابل"},
                {"target": "محافظة الأنبار", "label": "الأنبار"},
            ],
        ),
        ("wikilink", "[[بغداد]]", {"target": "بغداد", "label": "بغداد"}),
        ("file", "[[ملف:Earth.jpg|تصغير]]", "Earth.jpg"),
        ("file", "The Blue Marble (remastered).jpg", "The Blue Marble (remastered).jpg"),
        ("url", "[https://www.iraqnla-iq.com الموقع]", "https://www.iraqnla-iq.com"),
        ("url", "http://www.assurancemaladie.ma", "http://www.assurancemaladie.ma"),
        ("string", "[[بغداد]]، [[العراق]]", "بغداد، العراق"),
    ],
)
def test_values_read_as_their_type(kind, text, typed) -> None:
    reading = read_value(kind, code(text))
    assert (reading.typed, reading.issue) == (typed, None)


@pytest.mark.parametrize(
    ("kind", "text", "issue"),
    [
        ("number", "كثير", "not-a-number"),
        ("number", "18296 نسمة", "not-a-number"),
        ("date", "منتصف ليل 23 يناير و24 يناير 2024.", "unrecognised"),
        ("date", "31 فبراير 2024", "invalid-day"),
        ("wikilinks", "بلا روابط", "no-wikilink"),
        ("url", "ليس عنوانًا", "not-a-url"),
        ("file", "صورة بلا امتداد", "not-a-file"),
    ],
)
def test_values_that_do_not_read_say_why_and_are_not_dropped(kind, text, issue) -> None:
    assert read_value(kind, code(text)).issue == issue


@pytest.mark.parametrize("kind", TYPES)
def test_empty_values_are_absent_not_errors(kind) -> None:
    reading = read_value(kind, code("  <!-- من ويكي بيانات -->\n"))
    assert (reading.typed, reading.issue) == (None, None)


# Writing values back ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "typed", "like", "written"),
    [
        ("number", 10, "٦", "١٠"),
        ("number", 10, "6", "10"),
        ("number", 12345, "١٬٢٣٤", "١٢٬٣٤٥"),
        ("number", 2.5, "3", "2.5"),
        ("date", {"value": "2024-02-03"}, "24 يناير 2024", "3 فبراير 2024"),
        ("date", {"value": "2024-02-03"}, "3 شباط 2021", "3 شباط 2024"),
        ("date", {"value": "2024-02-03"}, "٣ شباط ٢٠٢١", "٣ شباط ٢٠٢٤"),
        ("date", {"value": "2024-02"}, "أيار 2023", "شباط 2024"),
        ("date", {"value": "2024-02-03"}, "2021-01-01", "2024-02-03"),
        (
            "date",
            {"value": "1945-06-07"},
            "{{تاريخ الميلاد والعمر|1944|5|14}}",
            "{{تاريخ الميلاد والعمر|1945|6|7}}",
        ),
        (
            "wikilinks",
            [{"target": "أ", "label": "ا"}, {"target": "ب"}],
            "[[س]] و[[ص]]",
            "[[أ|ا]] و[[ب]]",
        ),
        ("wikilinks", [{"target": "أ"}, {"target": "ب", "label": "ب"}], None, "[[أ]]، [[ب]]"),
        ("file", "New.png", "ملف:Old.png", "ملف:New.png"),
        ("string", None, "قديم", ""),
    ],
)
def test_values_are_written_like_the_value_they_replace(kind, typed, like, written) -> None:
    assert write_value(kind, typed, code(like) if like is not None else None) == written
    if typed is not None:
        assert same_typed(kind, read_value(kind, code(written)).typed, typed)


def test_same_typed_compares_meaning_not_spelling() -> None:
    assert same_typed("number", 6, 6.0)
    assert not same_typed("number", json.loads("true"), 1)  # JSON true is no number
    assert same_typed("date", {"value": "2024-01-24", "style": "iso"}, {"value": "2024-01-24"})
    assert same_typed("wikilinks", [{"target": "أ"}], [{"target": "أ", "label": "أ"}])
    assert not same_typed("wikilink", {"target": "أ", "label": "ب"}, {"target": "أ"})
    assert same_typed("string", None, None) and not same_typed("string", "", None)
