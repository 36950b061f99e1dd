"""Values by type: read from wikitext (digits, dates, links, files, URLs) and written back alike."""

from __future__ import annotations

import datetime as dt
import json

import mwparserfromhell
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikimaint.infobox.values import TYPES, Reading, read_value, same_typed, write_value


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


# Dates written as links ---------------------------------------------------------------------
# Older articles link the day and month to its page and the year to its own:
# [[24 يناير]] [[2024]]. Such a date reads as the date the reader sees, and a changed date is
# written back with the same parts linked, the same era and the same digits and month names.


@pytest.mark.parametrize(
    ("text", "value", "precision", "style"),
    [
        ("[[24 يناير]] [[2024]]", "2024-01-24", "day", "dmy-ar"),
        ("[[24 يناير]] [[2024]]م", "2024-01-24", "day", "dmy-ar"),
        ("[[24 يناير]]، [[2024]]", "2024-01-24", "day", "dmy-ar"),
        ("24 يناير [[2024]]", "2024-01-24", "day", "dmy-ar"),
        ("[[يناير]] [[2024]]", "2024-01", "month", "my-ar"),
        ("[[2024]]", "2024", "year", "y"),
        ("[[2024]]م", "2024", "year", "y"),
        ("[[2024 في العراق|2024]]", "2024", "year", "y"),
        ("[[24 يناير]] [[2024 في العراق|2024]]", "2024-01-24", "day", "dmy-ar"),
        ("[[24 كانون الثاني]] [[2024]]", "2024-01-24", "day", "dmy-lev"),
        ("[[كانون الثاني]] [[2024]]م", "2024-01", "month", "my-lev"),
        ("[[٢٤ يناير]] [[٢٠٢٤]]", "2024-01-24", "day", "dmy-ar"),
        ("[[٢٤ كانون الثاني]]، [[٢٠٢٤]]م", "2024-01-24", "day", "dmy-lev"),
        ("[[٢٠٢٤]]", "2024", "year", "y"),
        ("[[24 يناير|٢٤ يناير]] [[2024|٢٠٢٤]]", "2024-01-24", "day", "dmy-ar"),
    ],
)
def test_a_date_written_as_links_reads_as_the_date_it_shows(text, value, precision, style) -> None:
    reading = read_value("date", code(text))
    assert reading == Reading({"value": value, "precision": precision, "style": style})


@pytest.mark.parametrize(
    ("like", "value", "written"),
    [
        # Day and month linked, year linked: both follow the new date.
        ("[[24 يناير]] [[2024]]", "2024-01-25", "[[25 يناير]] [[2024]]"),
        ("[[24 يناير]] [[2024]]", "2025-02-03", "[[3 فبراير]] [[2025]]"),
        ("[[24 يناير]] [[2024]]م", "2025-02-03", "[[3 فبراير]] [[2025]]م"),
        ("[[24 يناير]]، [[2024]]", "2025-02-03", "[[3 فبراير]]، [[2025]]"),
        # Month and year; the precision may change, the links stay on their parts.
        ("[[يناير]] [[2024]]", "2025-02", "[[فبراير]] [[2025]]"),
        ("[[يناير]] [[2024]]", "2024-01-05", "[[5 يناير]] [[2024]]"),
        ("[[24 يناير]] [[2024]]م", "2025", "[[2025]]م"),
        # The year alone linked; a day and month it never had are not linked.
        ("[[2024]]", "2025", "[[2025]]"),
        ("[[2024]]م", "2025", "[[2025]]م"),
        ("[[2024]]", "2024-03-05", "5 مارس [[2024]]"),
        ("24 يناير [[2024]]", "2024-01-25", "25 يناير [[2024]]"),
        ("24 يناير [[2024]]", "2025-01-24", "24 يناير [[2025]]"),
        # A link to a page that is not the date: kept while the year is, else a year link.
        ("[[2024 في العراق|2024]]", "2025", "[[2025]]"),
        ("[[2024 في العراق|2024]]م", "2024-05", "مايو [[2024 في العراق|2024]]م"),
        (
            "[[24 يناير]] [[2024 في العراق|2024]]",
            "2024-01-25",
            "[[25 يناير]] [[2024 في العراق|2024]]",
        ),
        ("[[24 يناير]] [[2024 في العراق|2024]]", "2023-01-24", "[[24 يناير]] [[2023]]"),
        # A link that shows its target in other digits follows the date, target and label.
        ("[[2024|٢٠٢٤]]", "2025", "[[2025|٢٠٢٥]]"),
        (
            "[[24 يناير|٢٤ يناير]] [[2024|٢٠٢٤]]",
            "2025-02-03",
            "[[3 فبراير|٣ فبراير]] [[2025|٢٠٢٥]]",
        ),
        # Levantine month names stay Levantine.
        ("[[24 كانون الثاني]] [[2024]]", "2025-08-09", "[[9 آب]] [[2025]]"),
        ("[[كانون الثاني]] [[2024]]م", "2025-10", "[[تشرين الأول]] [[2025]]م"),
        # Arabic-Indic digits stay Arabic-Indic.
        ("[[٢٤ يناير]] [[٢٠٢٤]]", "2025-02-03", "[[٣ فبراير]] [[٢٠٢٥]]"),
        ("[[٢٤ شباط]]، [[٢٠٢٤]]م", "2025-12-13", "[[١٣ كانون الأول]]، [[٢٠٢٥]]م"),
        ("[[٢٠٢٤]]", "2025", "[[٢٠٢٥]]"),
    ],
)
def test_a_changed_linked_date_keeps_its_links(like, value, written) -> None:
    assert write_value("date", {"value": value}, code(like)) == written
    reading = read_value("date", code(written))
    assert reading.issue is None and reading.typed["value"] == value


@pytest.mark.parametrize(
    ("like", "typed", "written"),
    [
        # Not a linked date: written plain, as any other date.
        ("[[24 يناير 2024]]", {"value": "2025-02-03"}, "3 فبراير 2025"),
        ("[[24 يناير 2024]]م", {"value": "2025-02-03"}, "3 فبراير 2025"),
        ("{{ش}} [[2024]]", {"value": "2025"}, "2025"),
        ("[[تصنيف:2024]] 2024", {"value": "2025"}, "2025"),
        ("[[يناير 24]]، [[2024]]", {"value": "2025-02-03"}, "فبراير 3، 2025"),  # month first
        ("2024م", {"value": "2025"}, "2025"),
        # A style the data asks for that links cannot carry.
        ("[[24 يناير]] [[2024]]", {"value": "2025-02-03", "style": "iso"}, "2025-02-03"),
    ],
)
def test_a_date_that_is_not_a_linked_date_is_written_plain(like, typed, written) -> None:
    assert write_value("date", typed, code(like)) == written


MONTHS = {
    "ar": [
        *("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر"),
        *("أكتوبر", "نوفمبر", "ديسمبر"),
    ],
    "lev": [
        *("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول"),
        *("تشرين الأول", "تشرين الثاني", "كانون الأول"),
    ],
}
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@st.composite
def linked_styles(draw: st.DrawFn) -> dict:
    """Return one way of writing a date with links: which parts, names, digits, era."""
    precision = draw(st.sampled_from(["day", "month", "year"]))
    link_head = precision != "year" and draw(st.booleans())
    return {
        "precision": precision,
        "family": draw(st.sampled_from(["ar", "lev"])),
        "indic": draw(st.booleans()),
        "link_head": link_head,
        "link_year": not link_head or draw(st.booleans()),  # at least one part is a link
        "pipe_year": draw(st.booleans()),  # [[2024|2024]], [[2024|٢٠٢٤]]
        "sep": draw(st.sampled_from([" ", "، ", "،  "])),
        "era": draw(st.sampled_from(["", "م", " م", "م."])),
    }


def spell(style: dict, date: dt.date) -> str:
    """Return *date* written in the linked *style*, as an editor would have."""

    def digits(text: str) -> str:
        return text.translate(INDIC) if style["indic"] else text

    year = digits(str(date.year))
    if style["link_year"]:
        year = f"[[{date.year}|{year}]]" if style["pipe_year"] else f"[[{year}]]"
    if style["precision"] == "year":
        return year + style["era"]
    head = MONTHS[style["family"]][date.month - 1]
    if style["precision"] == "day":
        head = digits(f"{date.day} {head}")
    if style["link_head"]:
        head = f"[[{head}]]"
    return head + style["sep"] + year + style["era"]


def iso(date: dt.date, precision: str) -> str:
    return date.isoformat()[: {"day": 10, "month": 7, "year": 4}[precision]]


DATES = st.dates(dt.date(1000, 1, 1), dt.date(2100, 12, 31))


@settings(max_examples=300, deadline=None)
@given(style=linked_styles(), date=DATES, other=DATES)
def test_linked_dates_round_trip_their_style(style: dict, date: dt.date, other: dt.date) -> None:
    precision = style["precision"]
    text = spell(style, date)
    reading = read_value("date", code(text))
    expected_style = {"day": "dmy-", "month": "my-", "year": "y"}[precision]
    if precision != "year":
        expected_style += style["family"]
    assert reading == Reading(
        {"value": iso(date, precision), "precision": precision, "style": expected_style}
    )
    # What was read writes back as it was ...
    assert write_value("date", reading.typed, code(text)) == text
    # ... and another date of the same precision is written the same way.
    changed = {"value": iso(other, precision), "style": reading.typed["style"]}
    assert write_value("date", changed, code(text)) == spell(style, other)
    assert write_value("date", {"value": iso(other, precision)}, code(text)) == spell(style, other)
