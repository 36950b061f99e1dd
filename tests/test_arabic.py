# (house style, shared/notes/style.md: no licence headers on files; CPY001 fires project-wide.)
"""Tests for wikimaint.wikitext.arabic: digits, marks, folding, month names, date parsing and writing."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wikimaint.wikitext.arabic import (
    DATE_STYLES,
    DAY_STYLES,
    MONTH_NAMES,
    MONTHS,
    ParsedDate,
    dominant_style,
    fold,
    format_date,
    normalize_digits,
    parse_date,
    strip_harakat,
    strip_marks,
)

RLM, LRM, ALM = "\u200f", "\u200e", "\u061c"
ZWNJ, ZWJ, BOM, NBSP = "\u200c", "\u200d", "\ufeff", "\u00a0"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


# --- digits, marks, harakat, folding ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("١٢ أغسطس ٢٠١٢", "12 أغسطس 2012"),
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        ("٣٫١٤", "3.14"),
        ("١٬٠٠٠", "1,000"),
        ("2024-01-24", "2024-01-24"),
        ("الصفحة ٥", "الصفحة 5"),
    ],
)
def test_normalize_digits(text: str, expected: str) -> None:
    assert normalize_digits(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("يـنـايـر", "يناير"),
        (f"{RLM}24 أغسطس 2019{RLM}", "24 أغسطس 2019"),
        (f"{LRM}2024-01-24{LRM}", "2024-01-24"),
        (f"{ALM}مارس", "مارس"),
        ("\u202b2024\u202c", "2024"),  # RLE … PDF
        ("\u202d2024\u202e", "2024"),  # LRO, RLO
        ("\u2066a\u2067b\u2068c\u2069", "abc"),  # LRI RLI FSI PDI
        (f"استشهاد{ZWNJ}ويب{ZWJ}", "استشهادويب"),
        (f"{BOM}مراجع", "مراجع"),
        (f"24{NBSP}يناير\u202f2024", "24 يناير 2024"),
        ("a\u2009b\u3000c", "a b c"),
        ("سطر\nسطر\tآخر", "سطر\nسطر\tآخر"),  # ASCII whitespace is left alone
    ],
)
def test_strip_marks(text: str, expected: str) -> None:
    assert strip_marks(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("رَدٌّ اِنتقاميٌّ", "رد انتقامي"),
        ("انظر أيضًا", "انظر أيضا"),
        ("هٰذا", "هذا"),  # superscript alef
        ("مُحَمَّدٌ", "محمد"),
        ("ذَٰلِكَ ٱلْكِتَٰبُ", "ذلك ٱلكتب"),
        ("بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ ۝", "بسم ٱلله ٱلرحمن ٱلرحيم "),  # U+06DD end of ayah
        ("يناير", "يناير"),
    ],
)
def test_strip_harakat(text: str, expected: str) -> None:
    assert strip_harakat(text) == expected


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("آذار", "اذار"),
        ("أيار", "ايار"),
        ("إبريل", "ابريل"),
        ("ٱلكتاب", "الكتاب"),
        ("ماى", "ماي"),  # Egyptian final ى
        ("مصطفى", "مصطفي"),
        ("فارسی", "فارسي"),  # Persian yeh
        ("کتاب", "كتاب"),  # Persian kaf
        ("انظر أيضًا", "انظر ايضا"),
        (f"  يـنـاير{RLM}  ٢٠٢٤ ", "يناير 2024"),
        ("January", "JANUARY"),
        ("تشرين   الأول", "تشرين الاول"),
        (f"استشهاد{ZWNJ} ويب", "استشهاد ويب"),
    ],
)
def test_fold_makes_equal(left: str, right: str) -> None:
    assert fold(left) == fold(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("مدرسة", "مدرسه"),  # ة is kept
        ("ؤ", "و"),
        ("مارس", "مايو"),
        ("يناير 2024", "يناير 2025"),
    ],
)
def test_fold_keeps_apart(left: str, right: str) -> None:
    assert fold(left) != fold(right)


def test_fold_output() -> None:
    assert fold(" أغسطس ٢٠١٩ ") == "اغسطس 2019"
    assert fold("Sept.") == "sept."


# --- month names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "number"),
    [
        *((name, n) for names in MONTH_NAMES.values() for n, name in enumerate(names, 1)),
        ("ابريل", 4),
        ("اغسطس", 8),
        ("اكتوبر", 10),
        ("آب", 8),
        ("اب", 8),
        ("آذار", 3),
        ("اذار", 3),
        ("أيار", 5),
        ("ايار", 5),
        ("يونيه", 6),
        ("يوليه", 7),
        ("جانفي", 1),
        ("فيفري", 2),
        ("أفريل", 4),
        ("ماي", 5),
        ("جوان", 6),
        ("جويلية", 7),
        ("أوت", 8),
        ("ينير", 1),
        ("يونيوز", 6),
        ("يوليوز", 7),
        ("غشت", 8),
        ("شتنبر", 9),
        ("نونبر", 11),
        ("دجنبر", 12),
        ("كانون ثاني", 1),
        ("تشرين أول", 10),
        ("تشرين ثاني", 11),
        ("كانون أول", 12),
        ("jan", 1),
        ("feb", 2),
        ("sep", 9),
        ("sept", 9),
        ("dec", 12),
        ("MAY", 5),
    ],
)
def test_months(name: str, number: int) -> None:
    assert MONTHS[fold(name)] == number


def test_month_keys_are_folded_and_complete() -> None:
    assert all(fold(key) == key for key in MONTHS)
    assert set(MONTHS.values()) == set(range(1, 13))
    assert all(len(names) == 12 for names in MONTH_NAMES.values())
    assert "تشرين الأول" not in MONTHS  # keys are folded: look up with fold()
    assert fold("تشرين الأول") in MONTHS


# --- parse_date: accepted forms ---------------------------------------------------------------

ACCEPTED = [
    # ISO and ISO-like
    ("2007-08-14", "2007-08-14", "day", "iso"),
    ("2022-7-19", "2022-07-19", "day", "iso-unpadded"),
    ("2023-2-16", "2023-02-16", "day", "iso-unpadded"),
    ("2024-01-5", "2024-01-05", "day", "iso-unpadded"),
    ("2024-01", "2024-01", "month", "iso"),
    ("2024-1", "2024-01", "month", "iso-unpadded"),
    ("2024", "2024", "year", "y"),
    ("2024-01-24T10:20:30Z", "2024-01-24", "day", "iso"),
    ("2024-01-24T10:20", "2024-01-24", "day", "iso"),
    ("2024-01-24 10:20:30+03:00", "2024-01-24", "day", "iso"),
    # day month year
    ("24 أغسطس 2019", "2019-08-24", "day", "dmy-ar"),
    ("1 نوفمبر 2018", "2018-11-01", "day", "dmy-ar"),
    ("25 يناير 2022", "2022-01-25", "day", "dmy-ar"),
    ("24 اغسطس 2019", "2019-08-24", "day", "dmy-ar"),
    ("01 يناير 2024", "2024-01-01", "day", "dmy-ar"),
    ("24 يناير، 2024", "2024-01-24", "day", "dmy-ar"),
    ("24 يناير, 2024", "2024-01-24", "day", "dmy-ar"),
    ("24 يناير 2024م", "2024-01-24", "day", "dmy-ar"),
    ("24 يناير 2024 م", "2024-01-24", "day", "dmy-ar"),
    ("5 يونيه 2010", "2010-06-05", "day", "dmy-ar"),
    ("5 جويلية 2010", "2010-07-05", "day", "dmy-ar"),
    ("5 غشت 2010", "2010-08-05", "day", "dmy-ar"),
    ("24 كانون الثاني 2024", "2024-01-24", "day", "dmy-lev"),
    ("24 آب 2020", "2020-08-24", "day", "dmy-lev"),
    ("24 اب 2020", "2020-08-24", "day", "dmy-lev"),
    ("3 ايار 2020", "2020-05-03", "day", "dmy-lev"),
    ("1 August 2020", "2020-08-01", "day", "dmy-en"),
    ("27 September 2018", "2018-09-27", "day", "dmy-en"),
    ("1 Aug 2020", "2020-08-01", "day", "dmy-en"),
    ("1 aug. 2020", "2020-08-01", "day", "dmy-en"),
    ("8 يونيو 632", "0632-06-08", "day", "dmy-ar"),
    # month day, year
    ("January 24, 2024", "2024-01-24", "day", "mdy-en"),
    ("Sept. 5, 2024", "2024-09-05", "day", "mdy-en"),
    ("January 24 2024", "2024-01-24", "day", "mdy-en"),
    ("يناير 24، 2024", "2024-01-24", "day", "mdy-ar"),
    ("تشرين الأول 3، 2023", "2023-10-03", "day", "mdy-lev"),
    # month year
    ("ديسمبر 2018", "2018-12", "month", "my-ar"),
    ("أغسطس 2020", "2020-08", "month", "my-ar"),
    ("كانون الأول 2018", "2018-12", "month", "my-lev"),
    ("كانون الثاني/يناير 2024", "2024-01", "month", "my-lev"),
    ("December 2018", "2018-12", "month", "my-en"),
    ("Dec 2018", "2018-12", "month", "my-en"),
    # year
    ("2024م", "2024", "year", "y"),
    ("632 م", "0632", "year", "y"),
    # marks, tatweel, spaces
    ("يـنـايـر 2024", "2024-01", "month", "my-ar"),
    (f"{RLM}24 أغسطس 2019{RLM}", "2019-08-24", "day", "dmy-ar"),
    (f"{LRM}2024-01-24{LRM}", "2024-01-24", "day", "iso"),
    (f"  24{NBSP}يناير   2024\n", "2024-01-24", "day", "dmy-ar"),
    ("١٢ أغسطس ٢٠١٢", "2012-08-12", "day", "dmy-ar"),
    ("۲۰۲۴-۰۱-۲۴", "2024-01-24", "day", "iso"),
]


@pytest.mark.parametrize(("text", "value", "precision", "style"), ACCEPTED)
def test_parse_date_accepts(text: str, value: str, precision: str, style: str) -> None:
    parsed = parse_date(text)
    assert parsed.error is None
    assert parsed.ok
    assert (parsed.value, parsed.precision, parsed.style) == (value, precision, style)
    assert parsed.raw == text


@pytest.mark.parametrize(
    ("text", "arabic"),
    [("١٢ أغسطس ٢٠١٢", True), ("۲۰۲۴", True), ("12 أغسطس 2012", False), ("١٢ فو ٢٠١٢", True)],
)
def test_arabic_digits_flag(text: str, arabic: bool) -> None:
    assert parse_date(text).arabic_digits is arabic


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2024-01-24", dt.date(2024, 1, 24), dt.date(2024, 1, 24)),
        ("2024-01", dt.date(2024, 1, 1), dt.date(2024, 1, 31)),
        ("فبراير 2024", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("شباط 2023", dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
        ("2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("9999", dt.date(9999, 1, 1), dt.date(9999, 12, 31)),
    ],
)
def test_date_and_latest(text: str, first: dt.date, last: dt.date) -> None:
    parsed = parse_date(text)
    assert (parsed.date, parsed.latest) == (first, last)


# --- parse_date: errors -----------------------------------------------------------------------

ERRORS = [
    ("", "empty"),
    ("   ", "empty"),
    (f"{RLM}ـ{NBSP}", "empty"),
    ("hello", "unrecognised"),
    ("…", "unrecognised"),
    ("24/01/2024", "unrecognised"),
    ("24 يناير 2024.", "unrecognised"),
    ("632", "unrecognised"),  # a bare 3-digit number is not recognisably a year
    ("24 يناير 24", "unrecognised"),  # two-digit year
    ("632-06-08", "unrecognised"),  # ISO needs four digits
    ("2024-01-24T25:00", "unrecognised"),
    ("24 يناير 2024 " + "x" * 200, "unrecognised"),
    ("24 فو 2024", "unknown-month"),
    ("24 Janvier 2024", "unknown-month"),
    ("كانون الثاني/فبراير 2024", "unknown-month"),
    ("31 فبراير 2024", "invalid-day"),
    ("29 شباط 2023", "invalid-day"),
    ("2023-02-29", "invalid-day"),
    ("0 يناير 2024", "invalid-day"),
    ("2024-04-31", "invalid-day"),
    ("April 31, 2024", "invalid-day"),
    ("2024-13-01", "invalid-month"),
    ("2024-00-10", "invalid-month"),
    ("2024-13", "invalid-month"),
    ("0000", "year-out-of-range"),
    ("0000-01-01", "year-out-of-range"),
    ("24 يناير 12024", "year-out-of-range"),
    ("12345", "year-out-of-range"),
    ("500 ق.م", "year-out-of-range"),
    ("500 ق م", "year-out-of-range"),
    ("44 BC", "year-out-of-range"),
    ("23–24 يناير 2024", "range"),
    ("23-24 يناير 2024", "range"),
    ("2020–2021", "range"),
    ("2020-2021", "range"),
    ("2019–20", "range"),
    ("2019-20", "range"),
    ("يناير–فبراير 2024", "range"),
    ("23 يناير – 5 فبراير 2024", "range"),
    ("January 23–24, 2024", "range"),
    ("2024-01-23 — 2024-01-25", "range"),
    ("1445 هـ", "hijri"),
    ("15 رمضان 1445هـ", "hijri"),
    ("15 رمضان 1445", "hijri"),
    ("1 محرم 1445", "hijri"),
    ("ذو الحجة 1444", "hijri"),
    ("1445 هجرية", "hijri"),
]


@pytest.mark.parametrize(("text", "error"), ERRORS)
def test_parse_date_errors(text: str, error: str) -> None:
    parsed = parse_date(text)
    assert parsed.error == error
    assert not parsed.ok
    assert (parsed.value, parsed.precision, parsed.style) == (None, None, None)
    assert parsed.date is None
    assert parsed.latest is None
    assert parsed.raw == text


def test_parsed_date_is_frozen() -> None:
    parsed = parse_date("2024")
    with pytest.raises(AttributeError):
        parsed.value = "2025"  # type: ignore[misc]


# --- format_date and round trips --------------------------------------------------------------


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("iso", "2022-07-09"),
        ("iso-unpadded", "2022-7-9"),
        ("dmy-ar", "9 يوليو 2022"),
        ("dmy-lev", "9 تموز 2022"),
        ("dmy-en", "9 July 2022"),
        ("mdy-en", "July 9, 2022"),
        ("mdy-ar", "يوليو 9، 2022"),
        ("mdy-lev", "تموز 9، 2022"),
        ("my-ar", "يوليو 2022"),
        ("my-lev", "تموز 2022"),
        ("my-en", "July 2022"),
        ("y", "2022"),
    ],
)
def test_format_date(style: str, expected: str) -> None:
    assert format_date(dt.date(2022, 7, 9), style) == expected


def test_format_date_covers_every_style() -> None:
    assert set(DAY_STYLES) < set(DATE_STYLES)
    for style in DATE_STYLES:
        assert parse_date(format_date(dt.date(2019, 8, 24), style)).style == style


@pytest.mark.parametrize("style", ["dmy", "ISO", "dmy-fr", ""])
def test_format_date_unknown_style(style: str) -> None:
    with pytest.raises(ValueError, match="unknown date style"):
        format_date(dt.date(2024, 1, 1), style)


ROUND_TRIP_DATES = [
    dt.date(2024, 1, 24),
    dt.date(2019, 8, 24),
    dt.date(2024, 2, 29),
    dt.date(2018, 12, 31),
    dt.date(2000, 10, 1),
    dt.date(1000, 1, 1),
    dt.date(632, 6, 8),
    dt.date(9999, 12, 31),
]


def _style_read_back(day: dt.date, style: str) -> str:
    # "2018-12-31" has nothing to leave unpadded: written "iso-unpadded", it reads as "iso".
    text = format_date(day, style)
    return "iso" if style == "iso-unpadded" and text == format_date(day, "iso") else style


@pytest.mark.parametrize("style", DAY_STYLES)
@pytest.mark.parametrize("day", ROUND_TRIP_DATES, ids=str)
def test_round_trip(style: str, day: dt.date) -> None:
    parsed = parse_date(format_date(day, style))
    assert (parsed.date, parsed.precision) == (day, "day")
    assert parsed.style == _style_read_back(day, style)


@given(st.dates(min_value=dt.date(100, 1, 1)), st.sampled_from(DAY_STYLES))
def test_round_trip_property(day: dt.date, style: str) -> None:
    parsed = parse_date(format_date(day, style))
    assert parsed.date == day
    assert parsed.style == _style_read_back(day, style)


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_month_and_year_styles_keep_their_precision(day: dt.date) -> None:
    for kind in ("ar", "lev", "en"):
        parsed = parse_date(format_date(day, f"my-{kind}"))
        assert (parsed.date, parsed.precision) == (day.replace(day=1), "month")
    parsed = parse_date(format_date(day, "y"))
    assert parsed.date == day.replace(month=1, day=1)
    assert parsed.latest == day.replace(month=12, day=31)


# --- dominant_style ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["24 أغسطس 2019", "2007-08-14", "1 نوفمبر 2018", "ديسمبر 2018"], "dmy-ar"),
        (["2007-08-14", "24 أغسطس 2019", "2008-12-30"], "iso"),
        (["2007-08-14", "24 أغسطس 2019", "1 نوفمبر 2018"], "dmy-ar"),  # majority, not first
        (["2007-08-14", "24 أغسطس 2019", "1 نوفمبر 2018", "2008-12-30"], "iso"),  # 2-2 tie
        (["ديسمبر 2018", "أغسطس 2020", "2024-01-24"], "iso"),  # my-ar does not vote
        (["27 September 2018", "24 أغسطس 2019"], "dmy-en"),  # tie: first seen
        (["24 أغسطس 2019", "27 September 2018"], "dmy-ar"),
        (["2022-7-19", "2023-2-16", "2007-08-14"], "iso-unpadded"),
        # month-precision and failed dates do not vote
        (["ديسمبر 2018", "أغسطس 2020", "2024", "1 August 2020"], "dmy-en"),
        (["31 فبراير 2024", "31 فبراير 2023", "2024-01-24"], "iso"),
        (["ديسمبر 2018", "hello", ""], None),
        ([], None),
    ],
)
def test_dominant_style(texts: list[str], expected: str | None) -> None:
    assert dominant_style(parse_date(t) for t in texts) == expected


# --- properties over arbitrary text -----------------------------------------------------------

TOKENS = [
    *(name for names in MONTH_NAMES.values() for name in names),
    "2024",
    "1",
    "31",
    "29",
    "0",
    "٢٠١٢",
    "١٢",
    "-",
    "–",
    "—",
    "/",
    ",",
    "،",
    "م",
    "هـ",
    "ق.م",
    "T10:20:30Z",
    "2024-01-24",
    "2022-7-19",
    "02",
    "13",
    "12345",
    "Sept.",
    "جانفي",
    "رمضان",
    RLM,
    "ـ",
    NBSP,
    "",
    " ",
]


def _check(parsed: ParsedDate, text: str) -> None:
    assert parsed.raw == text
    assert parsed.ok is (parsed.error is None)
    if parsed.ok:
        assert parsed.value is not None
        assert parsed.style in DATE_STYLES
        padded = (parsed.value + "-01-01")[:10] if len(parsed.value) == 4 else parsed.value
        padded = padded + "-01" if len(padded) == 7 else padded
        first = dt.date.fromisoformat(padded)
        assert parsed.date == first
        assert parsed.latest is not None
        assert first <= parsed.latest
    else:
        assert parsed.error in {
            "empty",
            "unrecognised",
            "unknown-month",
            "invalid-day",
            "invalid-month",
            "year-out-of-range",
            "range",
            "hijri",
        }


@given(st.text())
def test_parse_date_never_raises(text: str) -> None:
    _check(parse_date(text), text)


@given(st.lists(st.sampled_from(TOKENS), max_size=6), st.sampled_from([" ", ""]))
def test_parse_date_never_raises_on_date_like_text(tokens: list[str], glue: str) -> None:
    text = glue.join(tokens)
    _check(parse_date(text), text)


# --- real arwiki date values ------------------------------------------------------------------

_DATE_PARAM = re.compile(
    r"\|\s*(?:تاريخ|تاريخ الوصول|تاريخ أرشيف|تاريخ الأرشيف|date|accessdate|access-date|"
    r"archivedate|archive-date)\s*=\s*([^|}\n]*)"
)


def _corpus_dates() -> list[str]:
    if not CORPUS.is_dir():
        return []
    found = []
    for path in sorted(CORPUS.glob("*.wikitext")):
        found += [v.strip() for v in _DATE_PARAM.findall(path.read_text(encoding="utf-8"))]
    return [v for v in found if re.search("[0-9]", v)]


@pytest.mark.skipif(not _corpus_dates(), reason="../shared/corpus is not available")
def test_every_corpus_date_parses() -> None:
    dates = _corpus_dates()
    failed = {d: parse_date(d).error for d in dates if not parse_date(d).ok}
    assert not failed
    assert len(dates) >= 20
