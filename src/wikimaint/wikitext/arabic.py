# (house style, shared/notes/style.md: no licence headers on files; CPY001 fires project-wide.)
"""Arabic text handling: digits, invisible marks, harakat, folding, month names and dates.

Everything here is pure: no I/O, no state. Dates are parsed to a :class:`ParsedDate` that
keeps the raw text, an ISO-8601 prefix with its precision, the style it was written in and,
instead of raising, a stable error code. :func:`format_date` writes a date back in a style,
so a fix can keep an article's own way of writing dates (:func:`dominant_style`).

>>> parse_date("24 أغسطس 2019").value
'2019-08-24'
>>> parse_date("كانون الأول 2018").precision
'month'
>>> parse_date("١٢ أغسطس ٢٠١٢").arabic_digits
True
>>> parse_date("23–24 يناير 2024").error
'range'
>>> format_date(dt.date(2024, 1, 25), "dmy-ar")
'25 يناير 2024'

Decisions, for the record:

* :func:`strip_marks` removes ZWNJ/ZWJ (and ZWSP, word joiner, soft hyphen): they are
  invisible in Arabic script, and two strings that render alike should compare alike.
* :func:`fold` maps ``ى`` (alef maqsura) and Persian ``ی`` to ``ي``: Egyptian orthography
  writes a final ``ي`` as ``ى``, so ``ماى`` and ``ماي`` must meet. ``ة`` stays ``ة``.
* Years: ISO dates and bare years need four digits. Three-digit years (100-999) are read
  only where a month name or the era suffix ``م`` says it is a year (``8 يونيو 632``,
  ``632م``); a bare ``632`` is ``unrecognised``, and so are one- and two-digit years with a
  month name and no ``م`` (``24 يناير 24`` is ambiguous). Year 0, more than four digits
  and BC years (``ق.م``) are ``year-out-of-range``.
* Egyptian and Maghrebi month spellings are styles ``*-ar``: writing back uses MSA names.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "DATE_STYLES",
    "DAY_STYLES",
    "MONTHS",
    "MONTH_NAMES",
    "ParsedDate",
    "dominant_style",
    "fold",
    "format_date",
    "normalize_digits",
    "parse_date",
    "strip_harakat",
    "strip_marks",
]

Precision = Literal["day", "month", "year"]

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")
_NON_ASCII_DIGIT = re.compile("[٠-٩۰-۹]")
# Tatweel, LRM, RLM, ALM, LRE..RLO, LRI..PDI, ZWSP, ZWNJ, ZWJ, word joiner, soft hyphen, BOM.
_INVISIBLE = "\u0640\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE += "\u200b\u200c\u200d\u2060\u00ad\ufeff"
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_SPACES += "\u202f\u205f\u3000"
_MARKS = str.maketrans(dict.fromkeys(_INVISIBLE, None) | dict.fromkeys(_SPACES, " "))
# str.translate looks every character up in a dict; finding out first whether there is
# anything to translate is several times cheaper on Arabic text, where usually there is not.
_ANY_MARK = re.compile(f"[{re.escape(_INVISIBLE + _SPACES)}]")
_ANY_DIGIT = re.compile("[٠-٩۰-۹٫٬]")
_HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_LETTERS = str.maketrans("أإآٱىیک", "ااااييك")


def normalize_digits(text: str) -> str:
    """Return *text* with Arabic-Indic and Persian digits as ASCII, ``٫``/``٬`` as ``.``/``,``.

    >>> normalize_digits("١٢ أغسطس ٢٠١٢")
    '12 أغسطس 2012'
    >>> normalize_digits("۳٫۵")
    '3.5'
    """
    if text.isascii() or _ANY_DIGIT.search(text) is None:
        return text
    return text.translate(_DIGITS)


def strip_marks(text: str) -> str:
    """Return *text* without tatweel and invisible marks, with Unicode spaces as ``' '``.

    Removes tatweel, the bidi marks and embeddings/isolates (LRM, RLM, ALM, LRE … PDI),
    ZWSP, ZWNJ, ZWJ, word joiner, soft hyphen and BOM. NBSP and the other Unicode space
    separators become an ASCII space; tabs and newlines are kept.

    >>> strip_marks("\u200fيـنـايـر\u200f")
    'يناير'
    >>> strip_marks("24\u00a0يناير")
    '24 يناير'
    """
    if text.isascii() or _ANY_MARK.search(text) is None:
        return text
    return text.translate(_MARKS)


def strip_harakat(text: str) -> str:
    """Return *text* without Arabic diacritics (harakat, tanween, shadda, sukun, Quranic marks).

    >>> strip_harakat("رَدٌّ اِنتقاميٌّ")
    'رد انتقامي'
    """
    return _HARAKAT.sub("", text)


def fold(text: str) -> str:
    """Return the comparison key of *text*: the forms a reader would call equal meet.

    Normalises digits, strips marks and harakat, unifies alef forms (``أ إ آ ٱ`` → ``ا``),
    maps ``ى``/``ی`` → ``ي`` and ``ک`` → ``ك``, case-folds, collapses whitespace and strips.
    ``ة`` is kept.

    >>> fold(" آذار ") == fold("اذار")
    True
    >>> fold("أغسطس ٢٠١٩")
    'اغسطس 2019'
    >>> fold("ماى") == fold("ماي")
    True
    """
    text = strip_harakat(strip_marks(normalize_digits(text)))
    return " ".join(text.translate(_LETTERS).casefold().split())


def _months(text: str) -> tuple[tuple[str, ...], ...]:
    """Return the spellings of each month in *text*: months split on ``،``, spellings on ``/``."""
    return tuple(tuple(filter(None, (n.strip() for n in m.split("/")))) for m in text.split("،"))


def _names(text: str) -> tuple[str, ...]:
    return tuple(spellings[0] for spellings in _months(text))


MONTH_NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "ar": _names(
            "يناير، فبراير، مارس، أبريل، مايو، يونيو، يوليو، أغسطس، سبتمبر، أكتوبر، نوفمبر، ديسمبر"
        ),
        "lev": _names(
            "كانون الثاني، شباط، آذار، نيسان، أيار، حزيران، تموز، آب، أيلول، تشرين الأول، "
            "تشرين الثاني، كانون الأول"
        ),
        "en": _names(
            "January، February، March، April، May، June، July، August، September، October، "
            "November، December"
        ),
    }
)
"""The names :func:`format_date` writes, per style family: MSA, Levantine, English."""

_MONTH_VARIANTS = {
    # Egyptian, Algerian/Tunisian and Moroccan spellings; alef/hamza variants fold together.
    "ar": _months(
        "جانفي/ينير، فيفري، ، أفريل، ماي، يونيه/جوان/يونيوز، يوليه/جويلية/جويلة/يوليوز، "
        "أوت/غشت، شتنبر، ، نونبر، دجنبر"
    ),
    # Informal Levantine forms without the article.
    "lev": _months("كانون ثاني، ، ، ، ، ، ، ، ، تشرين أول، تشرين ثاني، كانون أول"),
    "en": _months("Jan، Feb، Mar، Apr، ، Jun، Jul، Aug، Sep/Sept، Oct، Nov، Dec"),
}


def _month_table() -> dict[str, tuple[int, str]]:
    table: dict[str, tuple[int, str]] = {}
    for kind, names in MONTH_NAMES.items():
        for number, name in enumerate(names, 1):
            table[fold(name)] = (number, kind)
    for kind, months in _MONTH_VARIANTS.items():
        for number, spellings in enumerate(months, 1):
            for name in spellings:
                table.setdefault(fold(name), (number, kind))
    return table


_MONTH_INFO = _month_table()
MONTHS: Mapping[str, int] = MappingProxyType({k: v[0] for k, v in _MONTH_INFO.items()})
"""Folded month name → 1..12, for MSA, Levantine, Egyptian, Maghrebi and English names."""

_HIJRI_MONTHS = frozenset(
    fold(name)
    for spellings in _months(
        "محرم، صفر، ربيع الأول/ربيع الآخر/ربيع الثاني، جمادى الأولى/جمادى الأول، "
        "جمادى الآخرة/جمادى الثانية/جمادى الآخر، رجب، شعبان، رمضان، شوال، ذو القعدة/ذي القعدة، "
        "ذو الحجة/ذي الحجة"
    )
    for name in spellings
)

# fmt: off
DATE_STYLES: tuple[str, ...] = (
    "iso", "iso-unpadded", "dmy-ar", "dmy-lev", "dmy-en", "mdy-en", "mdy-ar", "mdy-lev",
    "my-ar", "my-lev", "my-en", "y",
)
"""Every style :func:`parse_date` reports and :func:`format_date` writes."""
# fmt: on
DAY_STYLES: tuple[str, ...] = DATE_STYLES[:8]
"""The styles that carry a day: ``parse_date(format_date(d, s)).date == d`` (years ≥ 100).

``iso-unpadded`` reads back as ``iso`` when month and day both have two digits."""


@dataclass(frozen=True)
class ParsedDate:
    """Represents one date value as written, and what it means.

    ``value`` is an ISO-8601 prefix (``'2024-01-24'``, ``'2024-01'``, ``'2024'``) and
    ``precision`` says which; ``style`` is one of :data:`DATE_STYLES`. When the text is not
    a supported single date, ``value``, ``precision`` and ``style`` are ``None`` and
    ``error`` is one of ``empty``, ``unrecognised``, ``unknown-month``, ``invalid-day``,
    ``invalid-month``, ``year-out-of-range``, ``range``, ``hijri``. ``arabic_digits`` is
    true when the text used Arabic-Indic or Persian digits (``١٢ أغسطس ٢٠١٢``).
    """

    raw: str
    value: str | None
    precision: Precision | None
    style: str | None
    error: str | None
    arabic_digits: bool = False

    @property
    def ok(self) -> bool:
        """Return whether the text was parsed to a date."""
        return self.error is None and self.value is not None

    @property
    def date(self) -> dt.date | None:
        """Return the first day the value could mean (``2024-01`` → 2024-01-01)."""
        if not self.ok or self.value is None:
            return None
        parts = [int(p) for p in self.value.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])

    @property
    def latest(self) -> dt.date | None:
        """Return the last day the value could mean (``2024-02`` → 2024-02-29)."""
        first = self.date
        if first is None or self.precision == "day":
            return first
        month = first.month if self.precision == "month" else 12
        return first.replace(month=month, day=calendar.monthrange(first.year, month)[1])


_NAME = r"(?P<name>[^\W\d_]+(?:\s*/\s*[^\W\d_]+|\s+[^\W\d_]+){0,3})\.?"
_YEAR = r"(?P<year>[0-9]+)(?P<era>\s*م\.?)?"
_ISO = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})(?:-(?P<day>[0-9]{1,2})"
    r"(?:[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:[.,][0-9]+)?)?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9])?)?)?",
    re.IGNORECASE,
)
_DMY = re.compile(rf"(?P<day>[0-9]{{1,2}})\s*{_NAME}\s*[,،]?\s*{_YEAR}")
_MDY = re.compile(rf"{_NAME}\s*(?P<day>[0-9]{{1,2}})(?:\s*[,،]\s*|\s+){_YEAR}")
_MY = re.compile(rf"{_NAME}\s*[,،]?\s*{_YEAR}")
_Y = re.compile(_YEAR)
_HIJRI = re.compile(r"هجري|(?<![^\W\d_])ه\.?(?![^\W\d_])")
_MAX_LENGTH = 100  # no single date is longer; keeps the range search cheap
_BC = re.compile(r"[0-9]\s*(?:ق\s*\.?\s*م|bce?|b\.\s*c\.)(?:\W|$)", re.IGNORECASE)
_DASH = re.compile(r"\s*[-‐‑‒–—―−]\s*")
_PARTIAL = re.compile(r"(?:[0-9]{1,2}\s*)?(?:[^\W\d_]+(?:\s+[^\W\d_]+)?\.?)?(?:\s*[0-9]{1,2})?")
_MDY_TAIL = re.compile(r"[0-9]{1,2}\s*[,،]\s*[0-9]{4}")
_DIGIT = re.compile("[0-9]")

_Fields = tuple[str, Precision, str]  # value, precision, style


def _year(match: re.Match[str], *, named: bool) -> int | str:
    """Return the year of *match*, or an error code (see the module docstring)."""
    digits, era = match["year"], bool(match["era"])
    if len(digits) > 4:
        return "year-out-of-range"
    if len(digits) < 4 and not era and (len(digits) < 3 or not named):
        return "unrecognised"
    year = int(digits)
    return year if year >= 1 else "year-out-of-range"


@lru_cache(maxsize=512)  # month names are few; folding them is most of a date's cost
def _month(name: str) -> tuple[int, str] | str:
    """Return ``(month, kind)`` for a month name as written, or an error code.

    ``كانون الثاني/يناير`` is accepted when both halves name the same month.
    """
    found = [_MONTH_INFO.get(fold(part)) for part in name.split("/")]
    if any(fold(part) in _HIJRI_MONTHS for part in name.split("/")):
        return "hijri"
    first = found[0]
    if first is None or any(f is None or f[0] != first[0] for f in found):
        return "unknown-month"
    return first


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _day_value(year: int, month: int, day: int) -> str | None:
    last = 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month - 1]
    if not 1 <= day <= last:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _parse_single(text: str) -> _Fields | str:
    """Return ``(value, precision, style)`` for one cleaned date, or an error code."""
    if match := _ISO.fullmatch(text):
        year, month = int(match["year"]), int(match["month"])
        unpadded = len(match["month"]) < 2 or (match["day"] is not None and len(match["day"]) < 2)
        style = "iso-unpadded" if unpadded else "iso"
        if year < 1:
            return "year-out-of-range"
        if not 1 <= month <= 12:
            return "invalid-month"
        if match["day"] is None:
            return f"{year:04d}-{month:02d}", "month", style
        value = _day_value(year, month, int(match["day"]))
        return (value, "day", style) if value else "invalid-day"
    for pattern, order in ((_DMY, "dmy"), (_MDY, "mdy"), (_MY, "my")):
        if match := pattern.fullmatch(text):
            month_kind = _month(match["name"])
            if isinstance(month_kind, str):
                return month_kind
            named_year = _year(match, named=True)
            if isinstance(named_year, str):
                return named_year
            (month, kind), year = month_kind, named_year
            if order == "my":
                return f"{year:04d}-{month:02d}", "month", f"my-{kind}"
            value = _day_value(year, month, int(match["day"]))
            return (value, "day", f"{order}-{kind}") if value else "invalid-day"
    if match := _Y.fullmatch(text):
        bare = _year(match, named=False)
        return bare if isinstance(bare, str) else (f"{bare:04d}", "year", "y")
    return "unrecognised"


def _is_range(text: str) -> bool:
    """Return whether *text* is two dates joined by a dash (``23–24 يناير 2024``, ``2020–21``)."""
    if (match := _ISO.fullmatch(text)) and match["day"] is None:
        # "2019-20" is a season, not month 20.
        return int(match["month"]) > 12 and int(match["month"]) > int(match["year"]) % 100
    for dash in _DASH.finditer(text):
        left, right = text[: dash.start()], text[dash.end() :]
        if not left or not right:
            continue
        letters = fold(re.sub(r"[0-9.]", " ", left))
        left_named = bool(letters) and letters in MONTHS
        if not isinstance(_parse_single(right), str):
            if not isinstance(_parse_single(left), str):
                return True
            if _PARTIAL.fullmatch(left) and (left_named or not letters):
                return True
        elif (re.fullmatch("[0-9]{4}", left) and re.fullmatch("[0-9]{2}", right)) or (
            left_named and _MDY_TAIL.fullmatch(right)
        ):
            return True
    return False


@lru_cache(maxsize=2048)  # an article repeats its access and archive dates; results are frozen
def parse_date(text: str) -> ParsedDate:
    """Return the :class:`ParsedDate` for a date value as written in an article; never raise.

    Accepts ISO (``2024-01-24``, ``2022-7-19``, ``2024-01``, ``2024-01-24T10:20:30Z``),
    ``D month YYYY`` (``24 يناير 2024``, ``1 نوفمبر، 2018م``, ``27 September 2018``),
    ``month D, YYYY`` (``يناير 24، 2024``), ``month YYYY`` (``ديسمبر 2018``) and ``YYYY``,
    with MSA, Levantine, Egyptian, Maghrebi or English month names, after stripping
    surrounding space, bidi marks and tatweel and normalising Arabic-Indic digits.

    >>> parse_date("\u200f24 كانون الثاني 2024\u200f").value
    '2024-01-24'
    >>> parse_date("31 فبراير 2024").error
    'invalid-day'
    >>> parse_date("15 رمضان 1445 هـ").error
    'hijri'
    """
    cleaned = strip_marks(text)  # a no-op on ASCII text
    arabic_digits = False
    if not cleaned.isascii():
        arabic_digits = _NON_ASCII_DIGIT.search(cleaned) is not None
        cleaned = normalize_digits(cleaned)
    cleaned = " ".join(cleaned.split())
    error = _reject(cleaned)
    result = _parse_single(cleaned) if error is None else error
    if isinstance(result, str):
        error = "range" if error is None and _is_range(cleaned) else result
        return ParsedDate(text, None, None, None, error, arabic_digits=arabic_digits)
    value, precision, style = result
    return ParsedDate(text, value, precision, style, None, arabic_digits=arabic_digits)


def _reject(cleaned: str) -> str | None:
    """Return why a cleaned date cannot be one supported date before parsing it, or None."""
    if not cleaned:
        return "empty"
    if len(cleaned) > _MAX_LENGTH:
        return "unrecognised"
    if cleaned.isascii():  # no Hijri marker, no «ق.م»: only an English era (BC, BCE) can be
        bc = ("b" in cleaned or "B" in cleaned) and _BC.search(cleaned) is not None
        return "year-out-of-range" if bc else None
    if "ه" in cleaned and _HIJRI.search(cleaned) and _DIGIT.search(cleaned):
        return "hijri"
    if ("ق" in cleaned or "b" in cleaned or "B" in cleaned) and _BC.search(cleaned):
        return "year-out-of-range"
    return None


def format_date(value: dt.date, style: str) -> str:
    """Return *value* written in *style* (one of :data:`DATE_STYLES`).

    The ``my-*`` and ``y`` styles drop the day (for maintenance tags such as
    ``{{مصدر|تاريخ=ديسمبر 2018}}``). Raises :class:`ValueError` for an unknown style.

    >>> format_date(dt.date(2019, 8, 24), "dmy-ar")
    '24 أغسطس 2019'
    >>> format_date(dt.date(2024, 1, 24), "mdy-ar")
    'يناير 24، 2024'
    >>> format_date(dt.date(2022, 7, 19), "iso-unpadded")
    '2022-7-19'
    """
    if style not in DATE_STYLES:
        raise ValueError(f"unknown date style {style!r}; expected one of {', '.join(DATE_STYLES)}")
    if style == "iso":
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if style == "iso-unpadded":
        return f"{value.year:04d}-{value.month}-{value.day}"
    if style == "y":
        return f"{value.year:04d}"
    order, kind = style.split("-")
    name = MONTH_NAMES[kind][value.month - 1]
    if order == "dmy":
        return f"{value.day} {name} {value.year}"
    if order == "mdy":
        comma = "," if kind == "en" else "،"
        return f"{name} {value.day}{comma} {value.year}"
    return f"{name} {value.year}"


def dominant_style(dates: Iterable[ParsedDate]) -> str | None:
    """Return the most common style among parsed day-precision dates; ties go to the first seen.

    >>> dominant_style([parse_date("24 أغسطس 2019"), parse_date("2007-08-14"),
    ...                 parse_date("1 نوفمبر 2018"), parse_date("ديسمبر 2018")])
    'dmy-ar'
    """
    counts: dict[str, int] = {}
    for parsed in dates:
        if parsed.ok and parsed.precision == "day" and parsed.style is not None:
            counts[parsed.style] = counts.get(parsed.style, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None
