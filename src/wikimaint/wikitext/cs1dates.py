"""Citation dates as the citation module reads them: Module:Citation/CS1/Date_validation.

The formats are the module's own ``patterns`` table and its English month, season,
quarter and holiday names (``Configuration``'s ``date_names``), generated into
``wikimaint/data/cs1_dates.json`` by ``scripts/cs1_tables.py``; this module repeats
``check_date()``'s checks on them (ranges in order, months of one style, seasons only in
|date=, real days, access dates one whole day from 2001-01-15 on). The local month names
are those MediaWiki gives Arabic Wikipedia's module (يناير … ديسمبر).

>>> cs1_date_ok("May 5–7, 2010", "date")
True
>>> cs1_date_ok("Spring 1984", "date"), cs1_date_ok("Spring 1984", "access-date")
(True, False)
>>> cs1_date_ok("2010-05", "date")
False
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import cache
from typing import Any

from wikimaint.wikitext.arabic import MONTH_NAMES
from wikimaint.wikitext.names import load_data

__all__ = ["cs1_date_ok", "cs1_sources"]

_WIKIPEDIA_START = dt.date(2001, 1, 15)
_CIRCA = re.compile(r"c\. ([1-9][0-9]{2,3})[^\W\d_]?")
_NO_DATE = re.compile(r"(?:n\.d\.|nd)[^\W\d_]?")
_YEAR_ONLY = re.compile(r"[1-9][0-9]{2,3}[^\W\d_]?")


@cache
def _tables() -> tuple[dict[str, tuple[re.Pattern[str], tuple[str, ...]]], dict[str, Any]]:
    data = load_data("cs1_dates")
    patterns = {p["id"]: (re.compile(p["regex"]), tuple(p["captures"])) for p in data["patterns"]}
    return patterns, data["date_names"]


def cs1_sources() -> list[dict[str, str]]:
    """Return where the date tables come from (module, repository, path, commit)."""
    return list(load_data("cs1_dates")["sources"])


@cache
def _local() -> dict[str, int]:
    return {name: number for number, name in enumerate(MONTH_NAMES["ar"], 1)}


def _month(name: str) -> int:
    names = _tables()[1]
    return _local().get(name) or names["long"].get(name) or names["short"].get(name) or 0


def _season(name: str, param: str) -> int:
    return int(_tables()[1]["season"].get(name, 0)) if param == "date" else 0


def _element(name: str, param: str) -> int:
    if number := _month(name):
        return number
    if param != "date":
        return 0
    names = _tables()[1]
    quarter = " ".join(name.split())
    return int(
        names["season"].get(name) or names["quarter"].get(quarter) or names["named"].get(name) or 0
    )


def _same_style(first: str, second: str) -> bool:
    names, local = _tables()[1], _local()
    return (
        (first in names["long"] and second in names["long"])
        or (first in names["short"] and second in names["short"])
        or (first in local and second in local)
    )


def _month_season_range(start: str, end: str, param: str) -> bool:
    first = _month(start)
    if first == 0:
        one, two = _season(start, param), _season(end, param)
        return 0 not in (one, two) and one != two
    return first < _month(end) and _same_style(start, end)


def _real_day(year: int, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    if month == 2:
        leap = year % 4 == 0 if year < 1582 else calendar.isleap(year)
        return day <= (29 if leap else 28)
    return day <= calendar.monthrange(2001, month)[1]


def _check(text: str, param: str, today: dt.date) -> bool:
    """Return whether check_date() accepts *text* for *param* (see the module docstring)."""
    patterns = _tables()[0]
    year_limit = today.year + 1
    for pattern_id, (regex, _captures) in patterns.items():
        match = regex.match(text)
        if match is None:
            continue
        g = match.groups()
        year = year2 = month = month2 = day = day2 = 0
        if pattern_id == "ymd":
            year, month, day = int(g[0]), int(g[1]), int(g[2])
            if not 1 <= month <= 12 or year < 1582 or day == 0:
                return False
        elif pattern_id in {"Mdy", "dMy"}:
            name, day = (g[0], int(g[1])) if pattern_id == "Mdy" else (g[1], int(g[0]))
            year, month = int(g[3]), _month(name)
            if month == 0:
                return False
        elif pattern_id in {"Md-dy", "d-dMy"}:
            if pattern_id == "Md-dy":
                name, day, day2, year = g[0], int(g[1]), int(g[2]), int(g[4])
            else:
                day, day2, name, year = int(g[0]), int(g[1]), g[2], int(g[4])
            month = month2 = _month(name)
            if day >= day2 or month == 0:
                return False
        elif pattern_id in {"dM-dMy", "Md-Mdy"}:
            if pattern_id == "dM-dMy":
                day, first, day2, second, year = int(g[0]), g[1], int(g[2]), g[3], int(g[5])
                allowed = _month_season_range(first, second, "")
            else:
                first, day, second, day2, year = g[0], int(g[1]), g[2], int(g[3]), int(g[5])
                allowed = _month_season_range(first, second, param)
            if not allowed or year > year_limit:
                return False
            month, month2 = _month(first), _month(second)
        elif pattern_id in {"dMy-dMy", "Mdy-Mdy"}:
            if pattern_id == "dMy-dMy":
                day, first, year, day2, second, year2 = (
                    int(g[0]), g[1], int(g[2]), int(g[3]), g[4], int(g[6])
                )  # fmt: skip
            else:
                first, day, year, second, day2, year2 = (
                    g[0], int(g[1]), int(g[2]), g[3], int(g[4]), int(g[6])
                )  # fmt: skip
            if year2 <= year or year2 > year_limit or not _same_style(first, second):
                return False
            month, month2 = _month(first), _month(second)
            if month == 0 or month2 == 0:
                return False
        elif pattern_id == "Sy4-y2":
            year, end = int(g[1]), int(g[2] + g[4])
            return g[0] in {"Winter", "Summer"} and end - year == 1 and end <= year_limit
        elif pattern_id == "Sy-y":
            season = _season(g[0], param)
            names = _tables()[1]["season"]
            if season not in {names["Winter"], names["Summer"]}:
                return False
            return int(g[3]) - int(g[1]) == 1 and int(g[3]) <= year_limit
        elif pattern_id == "My-My":
            first, year, second, year2 = g[0], int(g[1]), g[2], int(g[4])
            if year >= year2 or year2 > year_limit:
                return False
            months = _month(first) and _month(second) and _same_style(first, second)
            seasons = _season(first, param) and _season(second, param)
            return bool(months or seasons)
        elif pattern_id == "M-My":
            if not _month_season_range(g[0], g[1], param) or int(g[3]) > year_limit:
                return False
            return not (_month(g[0]) and _month(g[1]) == 0)
        elif pattern_id == "My":
            if int(g[2]) > year_limit:
                return False
            month = _element(g[0], param)
            if month == 0:
                return False
            if month > 12:
                return param != "access-date"
            year = int(g[2])
        elif pattern_id == "y-y":
            return int(g[0]) < int(g[2]) <= year_limit
        elif pattern_id == "y4-y2":
            short = int(g[3])
            end = int(g[1] + g[3])
            return short >= 13 and int(g[0]) < end <= year_limit
        elif pattern_id == "y":
            year = int(g[1])
            if year > year_limit:
                return False
        if param == "access-date":
            if not (year and month and day) or year2 or month2 or day2:
                return False
            if not _real_day(year, month, day):
                return False
            if not _WIKIPEDIA_START <= dt.date(year, month, day) <= today + dt.timedelta(days=1):
                return False
        if year and month and day and not _real_day(year, month, day):
            return False
        if year and month and day2 and not _real_day(year, month2 or month, day2):
            return False
        return not (year2 and month2 and day2 and not _real_day(year2, month2, day2))
    return False


def cs1_date_ok(
    text: str, param: str, today: dt.date | None = None, *, future: bool = False
) -> bool:
    """Return whether the citation module accepts *text* in date parameter *param*.

    *param* is the canonical key (``date``, ``year``, ``access-date``, ``archive-date``,
    ``publication-date``); *today* bounds years (no later than next year) and access dates,
    unless *future* lets any year through (a future date is a rule of its own). Digits are
    read as Western digits (the Arabic-Indic ones are a rule of their own).
    """
    day = dt.date(9998, 1, 1) if future else today or dt.datetime.now(dt.UTC).date()
    value = " ".join(text.split())
    if circa := _CIRCA.fullmatch(value):
        return param in {"date", "year"} and int(circa[1]) <= day.year + 1
    if param == "date" and _NO_DATE.fullmatch(value):
        return True
    if param == "year" and _YEAR_ONLY.fullmatch(value):
        return int(re.sub(r"\D", "", value)) <= day.year + 1
    return _check(value, param, day)
