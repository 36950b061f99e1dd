"""Snapshot times as archive URLs write them: digit stamps, dotted stamps, ids that are times.

Pure: each reader returns the UTC moment a written stamp stands for and its precision (the
last field the URL really gives: ``year`` … ``second``), or None when the text is not a
time. Short stamps are right-padded to the earliest moment, as the Wayback Machine does
(``2024`` is 2024-01-01 00:00:00, precision ``year``).

Where the peers disagree on short stamps we follow the Wayback Machine and pywb (pad), not
InternetArchiveBot's ``strtotime`` outside its Wayback resolver, which reads ``2015`` as
today at 20:15 (archive-services note §1.7): padding is what the archives themselves do
when they replay a short stamp.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Final, NamedTuple

__all__ = [
    "PRECISIONS",
    "Moment",
    "from_base62",
    "from_epoch",
    "nla_moment",
    "stamp_moment",
    "webcite_moment",
]

PRECISIONS: Final = ("year", "month", "day", "hour", "minute", "second")
"""Every precision a snapshot time can have, coarsest first."""

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_BASE62: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_MONTHS: Final = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_NLA_NAMED: Final = re.compile(r"(?P<y>\d{4})-(?P<m>[A-Za-z]{3})-(?P<d>\d{1,2})")
_NLA_DASHED: Final = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")


class Moment(NamedTuple):
    """Represents a snapshot time read from a URL: the UTC moment and how precise it is."""

    when: datetime
    precision: str


def _precision(digits: int) -> str:
    """Return the precision of a stamp of *digits* digits (4-5 year, 6-7 month, …)."""
    return PRECISIONS[min(5, max(0, (digits - 4) // 2))]


def stamp_moment(digits: str) -> Moment | None:
    """Return the moment of a 4-14 digit stamp, padded to the earliest; None if not a time.

    A lone month or day digit pads to the first value it can be (``20241`` is October).

    >>> stamp_moment("20240315")
    Moment(when=datetime.datetime(2024, 3, 15, 0, 0, tzinfo=datetime.timezone.utc), precision='day')
    """
    if not (digits.isascii() and digits.isdigit() and 4 <= len(digits) <= 14):
        return None
    if len(digits) == 14 and "00" in (digits[4:6], digits[6:8]):
        return _repaired(digits)
    padded = digits.ljust(14, "0")
    month = padded[4:6] if len(digits) >= 6 or padded[4:6] != "00" else "01"
    day = padded[6:8] if len(digits) >= 8 or padded[6:8] != "00" else "01"
    try:
        when = datetime(
            int(padded[:4]),
            int(month),
            int(day),
            int(padded[8:10]),
            int(padded[10:12]),
            int(padded[12:14]),
            tzinfo=UTC,
        )
    except ValueError:
        return None
    return Moment(when, _precision(len(digits)))


def _repaired(digits: str) -> Moment | None:
    """Return the moment of a 14-digit stamp with a month or day ``00``, repaired.

    Some of the Wayback Machine's own 2000-era captures carry an inserted ``00`` as month
    or day and lose their seconds (archive-services note §4). edgi's ``parse_timestamp``
    drops the ``00`` and pads the end; IABot's ``strtotime`` fails on them. We repair, as
    edgi does, since the archive replays these stamps; the seconds are lost, so the
    precision is the minute.
    """
    fixed = digits
    for start in (6, 4):  # the day first: dropping it must not shift the month
        if fixed[start : start + 2] == "00":
            fixed = fixed[:start] + fixed[start + 2 :] + "00"
    moment = stamp_moment(fixed) if "00" not in (fixed[4:6], fixed[6:8]) else None
    return Moment(moment.when, "minute") if moment is not None else None


def from_epoch(microseconds: int) -> datetime | None:
    """Return the UTC moment *microseconds* after the Unix epoch; None when out of range."""
    try:
        return _EPOCH + timedelta(microseconds=microseconds)
    except OverflowError:
        return None


def from_base62(text: str) -> int | None:
    """Return the number written in base 62 (0-9, A-Z, a-z) by *text*; None if not base 62."""
    value = 0
    for char in text:
        digit = _BASE62.find(char)
        if digit < 0:
            return None
        value = value * 62 + digit
    return value


def webcite_moment(identifier: str) -> Moment | None:
    """Return the capture time a WebCite id stands for, or None.

    A 9-character id is base 62 of the capture time in microseconds since 1970 (IABot and
    Citation bot agree). A numeric id is decimal microseconds; IABot reads its first ten
    digits as Unix seconds, the same moment to the second: we keep the microseconds when
    all sixteen digits are there, and read a shorter id IABot's way.

    >>> webcite_moment("69rYPjwRN").when.date()
    datetime.date(2012, 8, 12)
    >>> webcite_moment("1344794281316462").when.isoformat()
    '2012-08-12T17:58:01.316462+00:00'
    """
    micros: int | None = None
    if identifier.isascii() and identifier.isdigit() and len(identifier) >= 10:
        micros = int(identifier) if len(identifier) == 16 else int(identifier[:10]) * 1_000_000
    elif len(identifier) == 9:
        micros = from_base62(identifier)
    when = from_epoch(micros) if micros is not None else None
    return Moment(when, "second") if when is not None else None


def nla_moment(text: str) -> Moment | None:
    """Return the moment of an NLA Australia stamp (``2005-Apr-8``, ``2005-04-08``, digits).

    ``YYYYMMDD-hhmm`` and plain 4-14 digit stamps are read as digits.

    >>> nla_moment("2005-Apr-8").when.date()
    datetime.date(2005, 4, 8)
    """
    named = _NLA_NAMED.fullmatch(text)
    dashed = _NLA_DASHED.fullmatch(text)
    if named or dashed:
        found = named or dashed
        assert found is not None
        month = _MONTHS.get(found["m"].lower()) if named else int(found["m"])
        if month is None:
            return None
        try:
            when = datetime(int(found["y"]), month, int(found["d"]), tzinfo=UTC)
        except ValueError:
            return None
        return Moment(when, "day")
    return stamp_moment(re.sub(r"[.-]", "", text))
