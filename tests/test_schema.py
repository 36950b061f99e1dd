"""The published schemas: valid against the metaschema, shipped once, every error reported."""

from __future__ import annotations

import copy
import json
import pickle

import pytest
from jsonschema import Draft202012Validator, FormatChecker

import wikimaint.cli.app  # noqa: F401 - registers every command's messages
from conftest import FEATURES, ROOT, TARGET
from wikimaint import SchemaValidationError, parse, validate
from wikimaint.i18n import LANGUAGES, MESSAGES, Localized, localize
from wikimaint.schema.messages import LIMIT, describe
from wikimaint.schema.validators import deepest, iter_errors, load_schema, schema_names, validator

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


# Messages in the user's language -----------------------------------------------------------

ARABIC = {chr(c) for c in range(0x0621, 0x064B)}


def told(schema: object, instance: object) -> list[tuple[str, str]]:
    """Return each violation of *schema* by *instance* as (English, Arabic)."""
    check = Draft202012Validator(schema, format_checker=FormatChecker())
    return [
        (describe(deepest(e), "en"), describe(deepest(e), "ar"))
        for e in check.iter_errors(instance)
    ]


KEYWORDS = [
    (
        "required",
        {"required": ["title"]},
        {},
        "'title' is a required property",
        'الخاصية المطلوبة "title" غير موجودة',
    ),
    (
        "type",
        {"type": "integer"},
        "5",
        "'5' is not of type 'integer'",
        'القيمة "5" يجب أن تكون من النوع عدد صحيح',
    ),
    (
        "type-list",
        {"type": ["string", "null"]},
        True,
        "True is not of type 'string', 'null'",
        "القيمة true يجب أن تكون من النوع نص أو فارغ",
    ),
    (
        "type-names",
        {"type": ["number", "boolean", "array", "object"]},
        None,
        "None is not of type 'number', 'boolean', 'array', 'object'",
        "القيمة null يجب أن تكون من النوع عدد أو قيمة منطقية أو مصفوفة أو كائن",
    ),
    (
        "enum",
        {"enum": ["ref", "template", None]},
        "رابط",
        "'رابط' is not one of ['ref', 'template', None]",
        'القيمة "رابط" ليست من القيم المسموح بها: "ref"، "template"، null',
    ),
    (
        "const",
        {"const": "article"},
        "report",
        "'article' was expected",
        'القيمة المتوقعة "article"، والموجودة "report"',
    ),
    (
        "additionalProperties",
        {"properties": {"a": {}}, "additionalProperties": False},
        {"a": 1, "ب": 2},
        "Additional properties are not allowed ('ب' was unexpected)",
        'الخاصية "ب" غير مسموح بها هنا',
    ),
    (
        "additionalProperties-many",
        {"properties": {"a": {}}, "additionalProperties": False},
        {"a": 1, "z": 2, "y": 3},
        "Additional properties are not allowed ('y', 'z' were unexpected)",
        'الخصائص "y"، "z" غير مسموح بها هنا',
    ),
    (
        "additionalProperties-patterns",
        {"patternProperties": {"^x-": {}}, "additionalProperties": False},
        {"x-a": 1, "b": 2},
        "'b' does not match any of the regexes: '^x-'",
        'اسم الخاصية "b" لا يطابق أيًّا من الأنماط المسموح بها: "^x-"',
    ),
    (
        "minimum",
        {"minimum": 1},
        0,
        "0 is less than the minimum of 1",
        "القيمة 0 أصغر من الحد الأدنى 1",
    ),
    (
        "maximum",
        {"maximum": 6},
        9,
        "9 is greater than the maximum of 6",
        "القيمة 9 أكبر من الحد الأقصى 6",
    ),
    (
        "exclusiveMinimum",
        {"exclusiveMinimum": 0},
        0,
        "0 is less than or equal to the minimum of 0",
        "القيمة 0 يجب أن تكون أكبر من 0",
    ),
    (
        "exclusiveMaximum",
        {"exclusiveMaximum": 1.5},
        2,
        "2 is greater than or equal to the maximum of 1.5",
        "القيمة 2 يجب أن تكون أصغر من 1.5",
    ),
    (
        "multipleOf",
        {"multipleOf": 2},
        3,
        "3 is not a multiple of 2",
        "القيمة 3 ليست من مضاعفات 2",
    ),
    (
        "minLength-empty",
        {"minLength": 1},
        "",
        "'' should be non-empty",
        "النص يجب ألا يكون فارغًا",
    ),
    (
        "minLength",
        {"minLength": 4},
        "بغد",
        "'بغد' is too short (length 3, minimum 4)",
        'النص "بغد" أقصر من اللازم: طوله 3 والحد الأدنى 4',
    ),
    (
        "maxLength",
        {"maxLength": 2},
        "بغداد",
        "'بغداد' is too long (length 5, maximum 2)",
        'النص "بغداد" أطول من اللازم: طوله 5 والحد الأقصى 2',
    ),
    (
        "minItems-empty",
        {"minItems": 1},
        [],
        "[] should be non-empty",
        "المصفوفة يجب ألا تكون فارغة",
    ),
    (
        "minItems",
        {"minItems": 2},
        ["أ"],
        "['أ'] has too few items (1, minimum 2)",
        'المصفوفة ["أ"] فيها عناصر أقل من اللازم: عددها 1 والحد الأدنى 2',
    ),
    (
        "maxItems",
        {"maxItems": 1},
        [1, 2],
        "[1, 2] has too many items (2, maximum 1)",
        "المصفوفة [1, 2] فيها عناصر أكثر من اللازم: عددها 2 والحد الأقصى 1",
    ),
    (
        "uniqueItems",
        {"uniqueItems": True},
        ["أ", 1, True, 1.0],
        "['أ', 1, True, 1.0] has non-unique elements (1 appears more than once)",
        'المصفوفة ["أ", 1, true, 1.0] فيها عنصر مكرر: 1',
    ),
    (
        "pattern",
        {"pattern": "^[0-9]{4}$"},
        "2024م",
        "'2024م' does not match '^[0-9]{4}$'",
        'النص "2024م" لا يطابق النمط "^[0-9]{4}$"',
    ),
    (
        "format",
        {"format": "date"},
        "2024-13-01",
        "'2024-13-01' is not a 'date'",
        'القيمة "2024-13-01" لا توافق صيغة تاريخ (date)',
    ),
    (
        "anyOf-types",
        {"anyOf": [{"type": "object", "required": ["value"]}, {"type": "null"}]},
        "يناير",
        "'يناير' is not of type 'object', 'null'",
        'القيمة "يناير" يجب أن تكون من النوع كائن أو فارغ',
    ),
    (
        "anyOf-no-branch",
        {"anyOf": [{"type": "string", "minLength": 3}, {"type": "integer"}]},
        "أ",
        "'أ' is not valid under any of the given schemas",
        'القيمة "أ" لا توافق أيًّا من البدائل التي يقبلها المخطط',
    ),
    (
        "oneOf-no-branch",
        {"oneOf": [{"type": "integer"}, {"minimum": 10}]},
        2.5,
        "2.5 is not valid under any of the given schemas",
        "القيمة 2.5 لا توافق أيًّا من البدائل التي يقبلها المخطط",
    ),
    (
        "oneOf-several",
        {"oneOf": [{"type": "integer"}, {"type": "number"}]},
        5,
        "5 is valid under more than one of the given schemas",
        "القيمة 5 توافق أكثر من بديل واحد، والمخطط يقبل بديلًا واحدًا فقط",
    ),
    (
        "not",
        {"not": {"type": "string"}},
        "x",
        "'x' should not be valid under {'type': 'string'}",
        'القيمة "x" يجب ألا توافق المخطط {"type": "string"}',
    ),
    (
        "dependentRequired",
        {"dependentRequired": {"archive-url": ["archive-date"]}},
        {"archive-url": "https://web.archive.org/web/2024/x"},
        "'archive-date' is a dependency of 'archive-url'",
        'الخاصية "archive-date" مطلوبة حين توجد الخاصية "archive-url"',
    ),
    (
        "$ref",
        {"$defs": {"level": {"type": "integer", "maximum": 6}}, "items": {"$ref": "#/$defs/level"}},
        [2, 7],
        "7 is greater than the maximum of 6",
        "القيمة 7 أكبر من الحد الأقصى 6",
    ),
    (
        "false",
        {"properties": {"old": False}},
        {"old": 1},
        "False schema does not allow 1",
        "لا تُقبل هنا أي قيمة، والموجودة 1",
    ),
    (
        "fallback",
        {"properties": {"list": {"contains": {"type": "string"}}}},
        {"list": [1, 2]},
        "[1, 2] fails the contains keyword of the schema (at /properties/list/contains)",
        "القيمة [1, 2] تخالف الشرط contains في المخطط (الموضع /properties/list/contains)",
    ),
]


@pytest.mark.parametrize(
    ("schema", "instance", "english", "arabic"),
    [pytest.param(*case[1:], id=case[0]) for case in KEYWORDS],
)
def test_each_keyword_is_told_in_english_and_arabic(schema, instance, english, arabic) -> None:
    assert told(schema, instance) == [(english, arabic)]


def test_every_message_has_both_languages_and_the_arabic_is_arabic() -> None:
    for key, texts in MESSAGES.items():
        assert set(texts) >= set(LANGUAGES), key
        assert all(texts[lang].strip() for lang in LANGUAGES), key
        if key.startswith("schema.") and not key.endswith("separator"):
            assert ARABIC & set(texts["ar"]), key
            assert not ARABIC & set(texts["en"]), key


def test_long_values_are_cut_short_in_both_languages() -> None:
    huge = {"text": "ن" * 10_000, "spans": list(range(10_000))}
    [(english, arabic)] = told({"type": "array"}, huge)
    assert english.startswith("{'text': 'نننن") and english.endswith(
        "…', …} is not of type 'array'"
    )
    assert arabic.startswith('القيمة {"text": "نننن') and arabic.endswith(
        '…", …} يجب أن تكون من النوع مصفوفة'
    )
    assert len(english) < 2 * LIMIT and len(arabic) < 2 * LIMIT
    [(english, _)] = told({"type": "object"}, list(range(1000)))
    assert english.startswith("[0, 1, 2, ") and english.endswith(", …] is not of type 'object'")


def article_with_mistakes() -> dict:
    document = parse(TARGET.read_text("utf-8")).to_dict()
    del document["lead"]  # a required property
    document["title"] = 5  # a wrong type
    document["surprise"] = True  # an extra property
    document["citations"][0]["index"] = 0  # under the minimum
    return document


ARTICLE_MISTAKES = [
    (
        "",
        "Additional properties are not allowed ('surprise' was unexpected)",
        'الخاصية "surprise" غير مسموح بها هنا',
    ),
    ("", "'lead' is a required property", 'الخاصية المطلوبة "lead" غير موجودة'),
    (
        "/citations/0/index",
        "0 is less than the minimum of 1",
        "القيمة 0 أصغر من الحد الأدنى 1",
    ),
    (
        "/title",
        "5 is not of type 'string', 'null'",
        "القيمة 5 يجب أن تكون من النوع نص أو فارغ",
    ),
]


def test_an_article_s_violations_are_told_in_either_language() -> None:
    document = article_with_mistakes()
    english = list(iter_errors(document))  # English by default, as it always was
    assert english == [(where, en) for where, en, _ in ARTICLE_MISTAKES]
    assert list(iter_errors(document, lang="en")) == english
    arabic = list(iter_errors(document, lang="ar"))
    assert arabic == [(where, ar) for where, _, ar in ARTICLE_MISTAKES]
    # Each message knows the other language too, and is still a plain string.
    assert [localize(text, "ar") for _, text in english] == [text for _, text in arabic]
    assert [localize(text, "en") for _, text in arabic] == [text for _, text in english]
    assert all(isinstance(text, Localized) for _, text in english + arabic)
    assert sorted(set(english)) == sorted(english)


def test_schema_validation_error_gives_its_messages_in_either_language() -> None:
    document = article_with_mistakes()
    with pytest.raises(SchemaValidationError) as raised:
        validate(document, what="مقالة")
    error = raised.value
    assert error.errors == [(where, en) for where, en, _ in ARTICLE_MISTAKES]
    assert error.messages("en") == error.errors
    assert error.messages("ar") == [(where, ar) for where, _, ar in ARTICLE_MISTAKES]
    assert "/title: 5 is not of type 'string', 'null'" in str(error)


def test_violations_behind_a_ref_are_told_too() -> None:
    document = parse(FEATURES.read_text("utf-8")).to_dict()
    document["sections"][0]["sections"][0]["level"] = 9  # a section's sections are a $ref
    assert list(iter_errors(document, lang="ar")) == [
        ("/sections/0/sections/0/level", "القيمة 9 أكبر من الحد الأقصى 6")
    ]
    assert list(iter_errors(document)) == [
        ("/sections/0/sections/0/level", "9 is greater than the maximum of 6")
    ]


def test_localized_messages_survive_copy_and_pickle() -> None:
    [(_, text)] = list(iter_errors({**parse("نص").to_dict(), "title": 5}, lang="ar"))
    for again in (copy.deepcopy(text), pickle.loads(pickle.dumps(text))):
        assert isinstance(again, Localized)
        assert again == text == "القيمة 5 يجب أن تكون من النوع نص أو فارغ"
        assert localize(again, "en") == "5 is not of type 'string', 'null'"
