"""Values by type: read from wikitext (digits, dates, links, files, URLs) and written back alike."""

from __future__ import annotations

import json

import mwparserfromhell
import pytest

from wikimaint.values import TYPES, read_value, same_typed, write_value


def code(text: str) -> mwparserfromhell.wikicode.Wikicode:
    return mwparserfromhell.parse(text)


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
