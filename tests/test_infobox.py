"""Infobox data: extract, validate, render in the article's style, apply with a minimal diff."""

from __future__ import annotations

import copy
import difflib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FEATURES, TARGET, TARGET_TITLE, corpus_params, read
from wikimaint import parse, validate
from wikimaint.errors import DataError, InputError
from wikimaint.i18n import message
from wikimaint.infobox import (
    DATA_SCHEMA_ID,
    Style,
    apply,
    data_errors,
    detect_style,
    extract,
    render,
    validate_data,
)
from wikimaint.infobox import data as infobox_data
from wikimaint.infobox.data import explain
from wikimaint.infobox.specs import load_spec


def changed_lines(old: str, new: str) -> list[str]:
    """Return the lines difflib sees removed (-) and added (+)."""
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in {"+++", "---"}]


def round_trip(text: str) -> tuple[dict, str]:
    data = extract(parse(text))
    again = json.loads(json.dumps(data, ensure_ascii=False))  # what a data file holds
    return data, apply(parse(text), again)


@pytest.fixture
def target_text() -> str:
    return TARGET.read_text("utf-8")


@pytest.fixture
def target_data(target_text: str) -> dict:
    return extract(parse(target_text, TARGET_TITLE))


# Round trip ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [TARGET, FEATURES], ids=["target", "features"])
def test_fixtures_round_trip_byte_for_byte(path) -> None:
    text = path.read_text("utf-8")
    data, back = round_trip(text)
    assert back == text
    assert data_errors(data) == []
    validate(data, "infobox-data")
    assert render(data) == str(parse(text).infobox.call.node)


@pytest.mark.parametrize("path", corpus_params())
def test_every_corpus_infobox_round_trips_and_validates(path) -> None:
    text = read(path)
    article = parse(text)
    if article.infobox is None:
        with pytest.raises(InputError) as raised:
            extract(article)
        assert raised.value.reason == "no-infobox"
        return
    data, back = round_trip(text)
    assert back == text
    assert data_errors(data) == []
    assert data["canonical"] is not None  # every corpus infobox has a spec
    # Rendered from the data alone, the infobox comes back as written, hand spacing and all.
    assert render(data) == str(article.infobox.call.node)
    # Each parameter is kept, in order, under its key or beside the keyed ones.
    kept = len(data["parameters"]) + len(data.get("unknown", []))
    assert kept == len(article.infobox.call.node.params)


# The target ---------------------------------------------------------------------------------


def test_target_data_is_keyed_typed_and_valid(target_data: dict) -> None:
    assert target_data["$schema"] == DATA_SCHEMA_ID
    assert target_data["template"] == "صندوق معلومات هجوم"
    assert target_data["canonical"] == "infobox civilian attack"
    parameters = target_data["parameters"]
    assert list(parameters) == [
        "العنوان", "جزء من", "الموقع", "التاريخ", "الهدف", "الإصابات", "الضحايا", "المنفذون",
    ]  # fmt: skip
    assert parameters["الإصابات"] == {
        "name": "الإصابات",
        "wikitext": "6",
        "text": "6",
        "value": 6,
        "type": "number",
    }
    assert parameters["الضحايا"]["value"] == 2
    assert parameters["جزء من"]["value"] == [
        {
            "target": "الهجمات على القواعد الأمريكية في العراق وسوريا 2023",
            "label": "الهجمات على القواعد الأمريكية في العراق وسوريا 2023",
        }
    ]
    assert parameters["المنفذون"]["value"] == [
        {"target": "القوات الجوية الأمريكية", "label": "القوات الجوية الأمريكية"}
    ]
    location = parameters["الموقع"]
    assert location["wikitext"].startswith("[[محافظة بابل|محافظتي بابل]] و[[محافظة الأنبار")
    assert location["text"] == "محافظتي بابل والأنبار، العراق"
    # A range of days is not one date: kept as written, with the reason beside it.
    date = parameters["التاريخ"]
    assert date["value"] is None and date["issue"] == "unrecognised"
    assert date["wikitext"] == "منتصف ليل 23 يناير و24 يناير 2024."


@pytest.mark.parametrize("field", ["value", "wikitext"])
def test_changing_injuries_from_6_to_10_changes_exactly_one_line(
    target_text: str, target_data: dict, field: str
) -> None:
    target_data["parameters"]["الإصابات"][field] = 10 if field == "value" else "10"
    article = parse(target_text)
    new = apply(article, target_data)
    assert changed_lines(target_text, new) == ["-| الإصابات = 6", "+| الإصابات = 10"]
    assert str(article) == new  # the tree itself was edited
    again = extract(parse(new))
    assert again["parameters"]["الإصابات"]["value"] == 10


def test_arabic_indic_digits_stay_arabic_indic() -> None:
    text = "{{صندوق معلومات هجوم\n| التاريخ = 2024\n| الإصابات = ٦\n| الضحايا = «١٬٢٣٤»\n}}\nنص"
    data = extract(parse(text))
    assert data["parameters"]["الإصابات"]["value"] == 6
    assert data["parameters"]["الضحايا"]["value"] == 1234
    data["parameters"]["الإصابات"]["value"] = 16
    assert changed_lines(text, apply(parse(text), data)) == ["-| الإصابات = ٦", "+| الإصابات = ١٦"]


def test_a_changed_date_keeps_its_style_and_its_reference(target_text: str) -> None:
    text = FEATURES.read_text("utf-8")
    data = extract(parse(text))
    founded = data["parameters"]["تأسيس"]
    assert founded["value"] == {"value": "1961", "precision": "year", "style": "y"}
    founded["value"] = {"value": "1962"}
    lines = changed_lines(text, apply(parse(text), data))
    assert len(lines) == 2
    assert lines[1].startswith('+|تأسيس         = 1962<ref name="تأسيس">{{استشهاد بكتاب|')
    assert lines[0].replace("1961", "1962", 1)[1:] == lines[1][1:]


def test_levantine_dates_and_date_templates_are_written_back_alike() -> None:
    text = (
        "{{معلومات ممثل\n| الاسم = أ\n| تاريخ_الولادة = {{تاريخ الميلاد والعمر|1944|5|14}}\n"
        "| تاريخ_الوفاة = 3 شباط 2021\n}}"
    )
    data = extract(parse(text))
    born = data["parameters"]["تاريخ_الولادة"]["value"]
    assert born == {"value": "1944-05-14", "precision": "day", "style": "template"}
    assert data["parameters"]["تاريخ_الوفاة"]["value"]["style"] == "dmy-lev"
    data["parameters"]["تاريخ_الولادة"]["value"] = {"value": "1945-06-07"}
    data["parameters"]["تاريخ_الوفاة"]["value"] = {"value": "2022-08-09"}
    assert changed_lines(text, apply(parse(text), data)) == [
        "-| تاريخ_الولادة = {{تاريخ الميلاد والعمر|1944|5|14}}",
        "-| تاريخ_الوفاة = 3 شباط 2021",
        "+| تاريخ_الولادة = {{تاريخ الميلاد والعمر|1945|6|7}}",
        "+| تاريخ_الوفاة = 9 آب 2022",
    ]


TARGET_DATE = "| التاريخ = منتصف ليل 23 يناير و24 يناير 2024."


@pytest.mark.parametrize(
    ("old", "was", "value", "new"),
    [
        ("[[24 يناير]] [[2024]]", "2024-01-24", "2024-01-25", "[[25 يناير]] [[2024]]"),
        ("[[24 يناير]] [[2024]]م", "2024-01-24", "2023-02-24", "[[24 فبراير]] [[2023]]م"),
        ("[[يناير]] [[2024]]", "2024-01", "2024-02", "[[فبراير]] [[2024]]"),
        ("[[2024]]", "2024", "2023", "[[2023]]"),
        (
            "[[24 يناير]] [[2024 في العراق|2024]]",
            "2024-01-24",
            "2024-01-25",
            "[[25 يناير]] [[2024 في العراق|2024]]",
        ),
        (
            "[[24 يناير]] [[2024 في العراق|2024]]",
            "2024-01-24",
            "2025-01-24",
            "[[24 يناير]] [[2025]]",
        ),
        ("[[24 كانون الثاني]] [[2024]]م", "2024-01-24", "2024-03-01", "[[1 آذار]] [[2024]]م"),
        ("[[٢٤ يناير]] [[٢٠٢٤]]", "2024-01-24", "2024-01-25", "[[٢٥ يناير]] [[٢٠٢٤]]"),
        (
            '[[24 يناير]] [[2024]]<ref name="غارة"/>',
            "2024-01-24",
            "2024-01-23",
            '[[23 يناير]] [[2024]]<ref name="غارة"/>',
        ),
    ],
)
def test_a_date_written_as_links_keeps_its_links_and_its_line(
    target_text: str, old: str, was: str, value: str, new: str
) -> None:
    text = target_text.replace(TARGET_DATE, f"| التاريخ = {old}")
    assert text != target_text
    data = extract(parse(text))
    date = data["parameters"]["التاريخ"]
    assert "issue" not in date and date["value"]["value"] == was
    # Unchanged, or the same date in another style: the article comes back byte for byte.
    assert apply(parse(text), copy.deepcopy(data)) == text
    same = copy.deepcopy(data)
    same["parameters"]["التاريخ"]["value"] = {"value": was, "style": "iso"}
    assert apply(parse(text), same) == text
    # Changed: one line, the links where they were.
    date["value"]["value"] = value
    changed = apply(parse(text), data)
    assert changed_lines(text, changed) == [f"-| التاريخ = {old}", f"+| التاريخ = {new}"]
    assert extract(parse(changed))["parameters"]["التاريخ"]["value"]["value"] == value


def test_links_with_labels_are_written_as_links(target_text: str, target_data: dict) -> None:
    target_data["parameters"]["المنفذون"]["value"] = [
        {"target": "القوات الجوية الأمريكية", "label": "سلاح الجو الأمريكي"},
        {"target": "القيادة المركزية الأمريكية"},
    ]
    assert changed_lines(target_text, apply(parse(target_text), target_data))[1] == (
        "+| المنفذون = [[القوات الجوية الأمريكية|سلاح الجو الأمريكي]]، [[القيادة المركزية الأمريكية]]"
    )


# Adding and removing parameters -------------------------------------------------------------


def test_a_new_parameter_goes_where_the_spec_puts_it(target_text: str, target_data: dict) -> None:
    target_data["parameters"]["الأسلحة"] = {"value": "صواريخ"}
    new = apply(parse(target_text), target_data)
    assert changed_lines(target_text, new) == ["+| الأسلحة = صواريخ"]
    lines = new.splitlines()
    where = lines.index("| الأسلحة = صواريخ")
    assert lines[where - 1].startswith("| الهدف =") and lines[where + 1] == "| الإصابات = 6"


def test_a_new_first_or_last_parameter_keeps_the_layout() -> None:
    text = "{{صندوق معلومات هجوم\n| الموقع = بغداد\n| التاريخ = 2024\n}}\nنص"
    data = extract(parse(text))
    data["parameters"]["الدافع"] = {"wikitext": "انتقام"}
    data["parameters"]["العنوان"] = {"wikitext": "غارة"}
    assert apply(parse(text), data) == (
        "{{صندوق معلومات هجوم\n| العنوان = غارة\n| الموقع = بغداد\n| التاريخ = 2024\n"
        "| الدافع = انتقام\n}}\nنص"
    )


def test_a_parameter_left_out_of_the_data_is_removed_with_its_line(
    target_text: str, target_data: dict
) -> None:
    del target_data["parameters"]["الهدف"]
    new = apply(parse(target_text), target_data)
    assert changed_lines(target_text, new) == ["-| الهدف = رَدٌّ اِنتقاميٌّ"]


def test_spaces_around_new_wikitext_are_layout_not_value(
    target_text: str, target_data: dict
) -> None:
    target_data["parameters"]["الضحايا"]["wikitext"] = "  2\n"
    assert apply(parse(target_text), target_data) == target_text
    target_data["parameters"]["الضحايا"]["wikitext"] = " 3 "
    new = apply(parse(target_text), target_data)
    assert changed_lines(target_text, new) == ["-| الضحايا = 2", "+| الضحايا = 3"]


def test_an_empty_value_keeps_the_parameter(target_text: str, target_data: dict) -> None:
    target_data["parameters"]["الضحايا"]["value"] = None
    new = apply(parse(target_text), target_data)
    assert changed_lines(target_text, new) == ["-| الضحايا = 2", "+| الضحايا ="]


# Style --------------------------------------------------------------------------------------

ALIGNED = (
    "{{صندوق معلومات منظمة\n"
    "|اسم           = دار الكتب\n"
    "|صورة          = \n"
    "|تأسيس         = 1961\n"
    "|مقر           = [[بغداد]]\n"
    "}}"
)
INLINE = "{{صندوق معلومات منظمة|اسم=دار الكتب|تأسيس=1961|موقع=https://x.iq}} نص"
COMMENTED = (
    "{{قرية مصرية\n"
    "| الاسم = برنشت\n"
    "<!-- صورة -->\n"
    "| صورة =\n"
    "| مركز = [[العياط (مركز)|العياط]]\n"
    "<!-- معلومات -->\n"
    "| عمدة =\n"
    "}}"
)


@pytest.mark.parametrize("text", [ALIGNED, INLINE.removesuffix(" نص"), COMMENTED])
def test_render_gives_back_a_regular_infobox_exactly(text: str) -> None:
    data = extract(parse(text))
    assert "spacing" not in data["style"]  # every parameter follows the style
    assert render(data) == text


def test_hand_spacing_is_kept_where_it_departs_from_the_style() -> None:
    text = "{{قرية مصرية\n| الاسم = برنشت\n|البلد = {{علم مصر}}\n| محافظة ={{علم محافظة الجيزة}}\n\n| مركز = [[العياط]]\n}}"
    data = extract(parse(text))
    assert data["style"]["spacing"] == [
        None,
        {"before_name": "", "after_name": " "},
        {"after_equals": "", "trail": "\n\n"},
        None,
    ]
    assert render(data) == text
    data["parameters"]["لقب"] = {"wikitext": "أ"}  # new: written in the common style
    assert render(data) == text.replace("| مركز", "| لقب = أ\n| مركز")


def test_detected_styles() -> None:
    aligned = detect_style(parse(ALIGNED).infobox.call.node)
    assert (aligned.align, aligned.before_name, aligned.after_equals, aligned.empty) == (
        14,
        "",
        " ",
        " ",
    )
    inline = detect_style(parse(INLINE).infobox.call.node)
    assert (inline.after_template, inline.between, inline.end, inline.align) == ("", "", "", None)
    assert inline.name_field("مقر") == "مقر" and inline.value_field("x", "") == "x"


def test_a_new_parameter_is_aligned_in_an_aligned_box() -> None:
    data = extract(parse(ALIGNED))
    data["parameters"]["نوع"] = {"wikitext": "[[مكتبة وطنية]]"}
    new = apply(parse(ALIGNED), data)
    assert changed_lines(ALIGNED, new) == ["+|نوع           = [[مكتبة وطنية]]"]
    assert new.splitlines()[4] == "|نوع           = [[مكتبة وطنية]]"  # after تأسيس, before مقر


def test_inline_infobox_stays_inline() -> None:
    data = extract(parse(INLINE))
    data["parameters"]["مقر"] = {"wikitext": "[[بغداد]]"}
    data["parameters"]["تأسيس"]["value"] = {"value": "1962"}
    assert apply(parse(INLINE), data) == (
        "{{صندوق معلومات منظمة|اسم=دار الكتب|تأسيس=1962|مقر=[[بغداد]]|موقع=https://x.iq}} نص"
    )


def test_comments_and_empty_parameters_are_kept() -> None:
    data = extract(parse(COMMENTED))
    assert data["parameters"]["الاسم"]["wikitext"] == "برنشت\n<!-- صورة -->"
    assert data["parameters"]["الاسم"]["value"] == "برنشت"
    data["parameters"]["الاسم"]["value"] = "برنشت الكبرى"
    data["parameters"]["عمدة"]["wikitext"] = "فلان"
    new = apply(parse(COMMENTED), data)
    assert changed_lines(COMMENTED, new) == [
        "-| الاسم = برنشت",
        "+| الاسم = برنشت الكبرى",
        "-| عمدة =",
        "+| عمدة = فلان",
    ]
    assert "<!-- صورة -->\n| صورة =\n" in new and "<!-- معلومات -->" in new


def test_render_spells_names_as_written_and_takes_a_style() -> None:
    text = "{{Infobox civilian attack\n| title = غارة\n| injuries = ٣\n| date = 2024\n}}"
    data = extract(parse(text))
    assert list(data["parameters"]) == ["العنوان", "الإصابات", "التاريخ"]
    assert render(data) == text
    fresh = {
        "$schema": DATA_SCHEMA_ID,
        "template": "صندوق معلومات هجوم",
        "parameters": {
            "الإصابات": {"value": 6},
            "التاريخ": {"value": {"value": "2024-01-24"}},
            "العنوان": {"wikitext": "غارة"},
        },
    }
    # No recorded order: the spec's order; no style: one parameter a line.
    assert render(fresh) == (
        "{{صندوق معلومات هجوم\n| العنوان = غارة\n| التاريخ = 24 يناير 2024\n| الإصابات = 6\n}}"
    )
    assert render(fresh, style=INLINE) == (
        "{{صندوق معلومات هجوم|العنوان=غارة|التاريخ=24 يناير 2024|الإصابات=6}}"
    )
    assert render(fresh, style=Style(before_name="", after_name="", after_equals="")) == (
        "{{صندوق معلومات هجوم\n|العنوان=غارة\n|التاريخ=24 يناير 2024\n|الإصابات=6\n}}"
    )
    renamed = render(fresh, template="Infobox civilian attack")
    assert renamed.startswith("{{Infobox civilian attack\n| العنوان = غارة")


# Templates without a spec, unknown parameters -----------------------------------------------


def test_a_template_without_a_spec_works_untyped() -> None:
    text = "{{صندوق معلومات شيء\n| لون = أحمر\n| عدد = ٥\n}}\nنص"
    data = extract(parse(text))
    assert data["canonical"] is None
    assert data["parameters"] == {
        "لون": {"name": "لون", "wikitext": "أحمر", "text": "أحمر"},
        "عدد": {"name": "عدد", "wikitext": "٥", "text": "٥"},
    }
    assert apply(parse(text), data) == text
    data["parameters"]["عدد"]["wikitext"] = "٧"
    data["parameters"]["شكل"] = {"wikitext": "مربع"}
    assert apply(parse(text), data) == (
        "{{صندوق معلومات شيء\n| لون = أحمر\n| عدد = ٧\n| شكل = مربع\n}}\nنص"
    )
    data["parameters"]["عدد"] = {"value": 7}
    assert data_errors(data) == [
        ("/parameters/عدد/value", "untyped template: give wikitext, or a string value")
    ]


def test_unknown_repeated_and_positional_parameters_are_kept_beside() -> None:
    text = "{{صندوق معلومات هجوم|x|التاريخ=2024|لون=أحمر|date=2023}}"
    data = extract(parse(text))
    assert list(data["parameters"]) == ["التاريخ"]
    assert data["unknown"] == [
        {"name": "1", "wikitext": "x", "text": "x", "reason": "positional"},
        {"name": "لون", "wikitext": "أحمر", "text": "أحمر", "reason": "unknown"},
        {"name": "date", "wikitext": "2023", "text": "2023", "reason": "duplicate"},
    ]
    assert data_errors(data) == []
    assert render(data) == text
    del data["unknown"][1]
    data["unknown"][0]["wikitext"] = "y"
    assert apply(parse(text), data) == "{{صندوق معلومات هجوم|y|التاريخ=2024|date=2023}}"


# Validation ---------------------------------------------------------------------------------


def test_absent_wikidata_values_are_not_errors(target_data: dict) -> None:
    for key in ("جزء من", "الموقع", "الإصابات", "الضحايا", "المنفذون"):
        del target_data["parameters"][key]
    assert data_errors(target_data) == []


def test_bad_data_reports_every_error_with_its_key(target_text: str, target_data: dict) -> None:
    bad = copy.deepcopy(target_data)
    parameters = bad["parameters"]
    parameters["الإصابات"]["value"] = "ستة"
    parameters["جزء من"]["value"] = [{"label": "بلا هدف"}]
    parameters["لون"] = {"wikitext": "أحمر"}
    parameters["الضحايا"] = {}
    del parameters["التاريخ"]
    bad["surprise"] = True
    expected = {
        "/parameters/الإصابات/value",
        "/parameters/جزء من/value/0",
        "/parameters/لون",
        "/parameters/الضحايا",
        "/parameters/التاريخ",
        "/surprise",
    }
    assert {pointer for pointer, _ in data_errors(bad)} == expected
    with pytest.raises(DataError) as raised:
        validate_data(bad)
    assert {pointer for pointer, _ in raised.value.errors} == expected
    assert "6 violation(s)" in str(raised.value)
    messages = dict(raised.value.errors)
    assert messages["/parameters/لون"] == "not a parameter of {{صندوق معلومات هجوم}}"
    assert messages["/parameters/التاريخ"] == "required by {{صندوق معلومات هجوم}}, missing"
    assert messages["/parameters/الضحايا"] == "give wikitext, a value, or both"
    # apply refuses it whole and leaves the tree alone.
    article = parse(target_text)
    with pytest.raises(DataError):
        apply(article, bad)
    assert str(article) == target_text


def test_apply_does_not_blame_the_data_for_what_the_article_lacks() -> None:
    text = "{{صندوق معلومات هجوم\n| الإصابات = 6\n}}"
    data = extract(parse(text))
    assert [p for p, _ in data_errors(data)] == ["/parameters/التاريخ"]
    data["parameters"]["الإصابات"]["value"] = 7
    assert apply(parse(text), data) == "{{صندوق معلومات هجوم\n| الإصابات = 7\n}}"


@pytest.mark.parametrize(
    ("change", "pointer", "words"),
    [
        ({"value": 8, "wikitext": "9"}, "/parameters/الإصابات", "disagree"),
        ({"wikitext": "6 | الضحايا = 3"}, "/parameters/الإصابات/wikitext", "{{!}}"),
        ({"wikitext": "[[أ]] }} نص"}, "/parameters/الإصابات/wikitext", "break the template"),
    ],
)
def test_values_that_cannot_be_written_are_refused(
    target_text: str, target_data: dict, change: dict, pointer: str, words: str
) -> None:
    target_data["parameters"]["الإصابات"].update(change)
    article = parse(target_text)
    with pytest.raises(DataError) as raised:
        apply(article, target_data)
    [(where, message)] = raised.value.errors
    assert where == pointer and words in message
    assert str(article) == target_text


def test_data_for_another_template_is_refused(target_text: str) -> None:
    other = extract(parse(FEATURES.read_text("utf-8")))
    with pytest.raises(DataError) as raised:
        apply(parse(target_text), other)
    assert raised.value.errors[0][0] == "/template"


def test_the_data_schema_is_published_and_agrees(target_data: dict) -> None:
    validate(target_data, "infobox-data")
    target_data["parameters"]["الإصابات"]["colour"] = "أحمر"
    assert data_errors(target_data) == [
        ("/parameters/الإصابات/colour", "not a property of {{صندوق معلومات هجوم}}")
    ]


MUTATIONS = [
    lambda d: d["parameters"]["الإصابات"].update(value=True),
    lambda d: d["parameters"]["الإصابات"].update(value=6.5),
    lambda d: d["parameters"]["جزء من"].update(value=[]),
    lambda d: d["parameters"]["جزء من"].update(value=[{"target": " "}]),
    lambda d: d["parameters"]["جزء من"].update(value=None),
    lambda d: d["parameters"]["التاريخ"].update(value={"value": "2024-13"}),
    lambda d: d["parameters"]["التاريخ"].update(value={"value": "2024-01-24", "x": 1}),
    lambda d: d["parameters"]["التاريخ"].update(value={"value": "2024-01-24"}),
    lambda d: d["parameters"]["العنوان"].update(name="أ|ب"),
    lambda d: d["parameters"]["العنوان"].pop("wikitext"),
    lambda d: d["parameters"]["العنوان"].update(type="number"),
    lambda d: d["style"].update(between="\nx"),
    lambda d: d["style"].update(align=0),
    lambda d: d.update(unknown=[{"name": "لون", "wikitext": "أحمر", "reason": "other"}]),
    lambda d: d.update(canonical="infobox actor"),
    lambda d: d.update(template="a|b"),
    lambda d: d.pop("$schema"),
]


@pytest.mark.parametrize("mutate", MUTATIONS, ids=range(len(MUTATIONS)))
def test_the_quick_check_and_jsonschema_agree(target_data: dict, mutate) -> None:
    mutate(target_data)
    spec = infobox_data.spec_of(target_data)
    canonical = spec.canonical if spec else None
    quick = infobox_data._quick(canonical)
    assert quick is not None
    assert quick(target_data) == infobox_data._validator(canonical).is_valid(target_data)
    assert (data_errors(target_data) == []) == quick(target_data)


def test_a_changed_name_renames_in_place_keeping_the_column() -> None:
    data = extract(parse(ALIGNED))
    data["parameters"]["مقر"]["name"] = "headquarters"
    new = apply(parse(ALIGNED), data)
    assert changed_lines(ALIGNED, new) == [
        "-|مقر           = [[بغداد]]",
        "+|headquarters  = [[بغداد]]",
    ]
    data["parameters"]["مقر"]["name"] = "اسم"
    assert data_errors(data) == [
        ("/parameters/مقر/name", "'اسم' does not name 'مقر' in {{صندوق معلومات منظمة}}")
    ]


def test_parameters_can_be_added_to_an_empty_infobox() -> None:
    text = "{{صندوق معلومات هجوم}}\nنص"
    data = extract(parse(text))
    assert data["parameters"] == {} and data_errors(data) != []  # التاريخ is required
    data["parameters"]["التاريخ"] = {"value": {"value": "2024-01-24"}}
    data["parameters"]["العنوان"] = {"wikitext": "غارة"}
    assert apply(parse(text), data) == (
        "{{صندوق معلومات هجوم\n| العنوان = غارة\n| التاريخ = 24 يناير 2024\n}}\nنص"
    )


def test_unknown_parameters_added_to_the_data_are_written_at_the_end(target_text: str) -> None:
    data = extract(parse(target_text))
    data["unknown"] = [{"name": "لون", "wikitext": "أحمر"}]
    new = apply(parse(target_text), data)
    assert changed_lines(target_text, new) == ["+| لون = أحمر"]
    assert "| المنفذون = [[القوات الجوية الأمريكية]]\n| لون = أحمر\n}}" in new


SAFE_TEXT = st.text(
    alphabet=st.characters(
        blacklist_characters="|{}[]<>=&'\n\r\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e",
        blacklist_categories=("Cs", "Cc"),
    ),
    min_size=1,
    max_size=20,
).filter(lambda t: t.strip() == t and t.strip())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_one_changed_wikitext_changes_one_line_and_reads_back(
    target_text: str, data: st.DataObject
) -> None:
    document = extract(parse(target_text))
    key = data.draw(st.sampled_from(list(document["parameters"])), label="key")
    new = data.draw(SAFE_TEXT.filter(lambda t: t != document["parameters"][key]["wikitext"]))
    entry = document["parameters"][key]
    entry["wikitext"] = new
    entry.pop("value", None)
    text = apply(parse(target_text), document)
    lines = changed_lines(target_text, text)
    assert len(lines) == 2 and lines[0].startswith(f"-| {key} =")
    assert lines[1] == f"+| {key} = {new}"
    again = extract(parse(text))
    assert again["parameters"][key]["wikitext"] == new
    assert [k for k in again["parameters"] if k != key] == [
        k for k in document["parameters"] if k != key
    ]


ATTACK_NAMES = ["العنوان", "جزء من", "الموقع", "التاريخ", "الهدف", "injuries", "الضحايا", "لون"]
WORDS = st.sampled_from(["بغداد", "٦", "12", "[[العراق]]", "24 يناير 2024", "{{علم|العراق}}", ""])


@st.composite
def infoboxes(draw: st.DrawFn) -> str:
    """Return an attack infobox with hand-made spacing: aligned, inline, ragged, empty."""
    names = draw(st.lists(st.sampled_from(ATTACK_NAMES), max_size=6, unique=True))
    if "التاريخ" not in names:  # required: render wants it
        names.insert(draw(st.integers(0, len(names))), "التاريخ")
    space = st.sampled_from(["", " ", "  "])
    parts = ["{{صندوق معلومات هجوم", draw(st.sampled_from(["", "\n", " "]))]
    for name in names:
        value = " ".join(draw(st.lists(WORDS, min_size=1, max_size=2))).strip()
        trail = draw(st.sampled_from(["\n", "", " ", "\n\n"]))
        parts.append(f"|{draw(space)}{name}{draw(space)}={draw(space)}{value}{trail}")
    return "".join(parts) + "}}"


@settings(max_examples=150, deadline=None)
@given(box=infoboxes(), after=st.sampled_from(["", "\nنص المقالة."]))
def test_any_spacing_extracts_renders_and_applies_back_exactly(box: str, after: str) -> None:
    text = box + after
    data = extract(parse(text))
    assert render(json.loads(json.dumps(data))) == box
    assert apply(parse(text), data) == text


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_new_parameters_land_in_spec_order(data: st.DataObject) -> None:
    spec = load_spec("صندوق معلومات هجوم")
    names = [p.name for p in spec.params]
    present = data.draw(
        st.lists(st.sampled_from(names), min_size=1, max_size=len(names) - 3, unique=True),
        label="present",
    )
    present.sort(key=names.index)  # an article in documented order …
    missing = [n for n in names if n not in present]
    added = data.draw(st.lists(st.sampled_from(missing), min_size=1, max_size=3, unique=True))
    text = "{{صندوق معلومات هجوم\n" + "".join(f"| {n} = x\n" for n in present) + "}}"
    document = extract(parse(text))
    for name in added:  # … given new parameters in any order
        document["parameters"][name] = {"wikitext": "y"}
    new = apply(parse(text), document)
    assert list(extract(parse(new))["parameters"]) == sorted(present + added, key=names.index)
    assert sorted(changed_lines(text, new)) == sorted(f"+| {n} = y" for n in added)


# Several infoboxes --------------------------------------------------------------------------

ORGANIZATION = (
    "{{صندوق معلومات منظمة\n"
    "|اسم           = كتائب حزب الله\n"
    "|تأسيس         = 2003\n"
    "|مقر           = [[جرف الصخر]]، [[العراق]]\n"
    "|نوع           = [[فصيل مسلح]]\n"
    "}}\n"
)


def two_infoboxes(target_text: str, second: str = ORGANIZATION) -> str:
    """Return the target article with *second* right after its own infobox."""
    end = target_text.index("\n}}\n") + len("\n}}\n")
    return target_text[:end] + second + target_text[end:]


@pytest.fixture
def two_boxes(target_text: str) -> str:
    return two_infoboxes(target_text)


@pytest.mark.parametrize(
    ("name", "template", "first_key"),
    [
        (None, "صندوق معلومات هجوم", "العنوان"),
        ("صندوق معلومات هجوم", "صندوق معلومات هجوم", "العنوان"),
        ("Infobox civilian attack", "صندوق معلومات هجوم", "العنوان"),
        ("صندوق معلومات منظمة", "صندوق معلومات منظمة", "اسم"),
        ("Infobox organisation", "صندوق معلومات منظمة", "اسم"),
        ("قالب:صندوق_معلومات_منظمة", "صندوق معلومات منظمة", "اسم"),
        ("infobox organization", "صندوق معلومات منظمة", "اسم"),
    ],
)
def test_extract_takes_the_infobox_named(
    two_boxes: str, name: str | None, template: str, first_key: str
) -> None:
    data = extract(parse(two_boxes, TARGET_TITLE), name)
    assert data["template"] == template
    assert next(iter(data["parameters"])) == first_key
    assert data_errors(data) == []


@pytest.mark.parametrize(
    ("name", "template"),
    [("صندوق معلومات هجوم", "صندوق معلومات هجوم"), ("Infobox organization", "صندوق معلومات منظمة")],
)
def test_each_of_two_infoboxes_round_trips_byte_for_byte(
    two_boxes: str, name: str, template: str
) -> None:
    data = extract(parse(two_boxes), name)
    assert data["template"] == template
    again = json.loads(json.dumps(data, ensure_ascii=False))  # what a data file holds
    assert apply(parse(two_boxes), again) == two_boxes


def test_a_change_in_the_second_infobox_changes_one_line_of_it(two_boxes: str) -> None:
    data = extract(parse(two_boxes), "Infobox organisation")
    data["parameters"]["تأسيس"]["value"]["value"] = "2004"
    new = apply(parse(two_boxes), data)
    assert changed_lines(two_boxes, new) == ["-|تأسيس         = 2003", "+|تأسيس         = 2004"]
    start = two_boxes.index(ORGANIZATION)
    end = start + len(ORGANIZATION)
    assert new[:start] == two_boxes[:start]  # the first infobox and all before it
    assert new[end:] == two_boxes[end:]  # all after the second
    again = extract(parse(new), "صندوق معلومات منظمة")
    assert again["parameters"]["تأسيس"]["wikitext"] == "2004"


def test_a_change_in_the_first_infobox_leaves_the_second_alone(two_boxes: str) -> None:
    data = extract(parse(two_boxes))
    data["parameters"]["الإصابات"]["value"] = 10
    new = apply(parse(two_boxes), data)
    assert changed_lines(two_boxes, new) == ["-| الإصابات = 6", "+| الإصابات = 10"]
    assert ORGANIZATION in new


def test_the_first_of_two_infoboxes_of_one_template_is_taken(target_text: str) -> None:
    other = ORGANIZATION.replace("كتائب حزب الله", "الحشد الشعبي")
    text = two_infoboxes(target_text, ORGANIZATION + other)
    data = extract(parse(text), "صندوق معلومات منظمة")
    assert data["parameters"]["اسم"]["wikitext"] == "كتائب حزب الله"
    data["parameters"]["اسم"]["wikitext"] = "كتائب سيد الشهداء"
    new = apply(parse(text), data)
    assert changed_lines(text, new) == [
        "-|اسم           = كتائب حزب الله",
        "+|اسم           = كتائب سيد الشهداء",
    ]
    assert other in new


@pytest.mark.parametrize("name", ["Infobox person", "استشهاد ويب", "صندوق معلومات"])
def test_an_infobox_the_article_lacks_is_a_clear_error_in_both_languages(
    two_boxes: str, name: str
) -> None:
    with pytest.raises(InputError) as raised:
        extract(parse(two_boxes, TARGET_TITLE), name)
    error = raised.value
    assert error.reason == "no-such-infobox"
    english = message("input.no-such-infobox", "en", **error.fields)
    assert english == (
        f"{TARGET_TITLE}: the article has no {name} infobox; "
        "it has: صندوق معلومات هجوم, صندوق معلومات منظمة"
    )
    arabic = message("input.no-such-infobox", "ar", **error.fields)
    assert arabic.startswith(f"{TARGET_TITLE}: لا صندوق معلومات باسم ")
    assert arabic.endswith("صناديقها: صندوق معلومات هجوم، صندوق معلومات منظمة")
    assert name in arabic
    assert "\n" not in arabic + english


def test_data_for_an_infobox_the_article_lacks_is_refused_naming_its_infoboxes(
    two_boxes: str,
) -> None:
    data = {"$schema": DATA_SCHEMA_ID, "template": "معلومات ممثل", "parameters": {}}
    article = parse(two_boxes)
    with pytest.raises(DataError) as raised:
        apply(article, data)
    [(where, text)] = raised.value.errors
    assert where == "/template"
    assert explain(text, "en") == (
        "the data is for {{معلومات ممثل}}, the article's infoboxes are "
        "{{صندوق معلومات هجوم}}, {{صندوق معلومات منظمة}}"
    )
    assert explain(text, "ar") == (
        "البيانات لقالب {{معلومات ممثل}} وليس في المقالة صندوق منه؛ "
        "صناديقها: {{صندوق معلومات هجوم}}، {{صندوق معلومات منظمة}}"
    )
    assert str(article.tree) == two_boxes  # nothing written


def test_apply_to_an_article_without_an_infobox_is_still_refused(target_data: dict) -> None:
    with pytest.raises(InputError) as raised:
        apply(parse("'''بغداد''' عاصمة [[العراق]]."), target_data)
    assert raised.value.reason == "no-infobox"
