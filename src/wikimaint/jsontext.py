"""JSON read strictly: no NaN or Infinity, bounded nesting and integer size, a BOM allowed.

Python's :func:`json.loads` accepts ``NaN``, ``Infinity`` and ``1e999`` (as ``inf``), which
then end up in an article as ``nan`` or ``inf``; it recurses once per level of nesting, so
100,000 ``[`` end in a RecursionError; and an integer of more than 4,300 digits raises a
ValueError that is no JSON error at all. :func:`loads` refuses each of these with a
:class:`JSONLimitError` that says what and where (line and column), before any of it can
go further. A leading UTF-8 byte-order mark is skipped, as RFC 8259 allows a reader to.

>>> loads('\ufeff{"عدد": 6}')
{'عدد': 6}
>>> loads("[NaN]")
Traceback (most recent call last):
...
wikimaint.jsontext.JSONLimitError: not a finite number at line 1, column 2: NaN
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Final

from wikimaint.errors import InputError
from wikimaint.i18n import register

__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MOST_DEPTH",
    "MOST_DIGITS",
    "JSONLimitError",
    "loads",
    "where",
]

MAX_DEPTH: Final = 100
"""Deepest nesting of arrays and objects read by default (infobox data is 4 deep, Wayback
answers 3); ``--max-json-depth`` on the command line."""
MAX_DIGITS: Final = 100
"""Most digits in an integer read by default: any such integer also converts to a float
exactly enough; ``--max-json-digits`` on the command line."""
MOST_DEPTH: Final = 500
"""Highest depth limit allowed: :func:`json.loads` recurses once a level, and Python stops
a recursion at 1,000 frames, some of them the caller's."""
MOST_DIGITS: Final = 4300
"""Highest digit limit allowed: Python's own for an integer read from text
(``sys.int_info.default_max_str_digits``)."""

_BRACKETS: Final = re.compile(r'"(?:[^"\\]|\\.)*+"|[\[\]{}]', re.DOTALL)
_WORDS: Final = re.compile(r'"(?:[^"\\]|\\.)*+"|[^\s\[\]{},:"]+', re.DOTALL)


for _reason, _texts in {
    "json-depth": {
        "ar": "{source}: JSON متداخل أعمق من {limit} مستوى (\u200e--max-json-depth\u200e)"
        " في السطر {line}، العمود {column}",
        "en": "{source}: JSON nested more than {limit} deep (--max-json-depth) at line {line},"
        " column {column}",
    },
    "json-digits": {
        "ar": "{source}: عدد صحيح يزيد على {limit} رقمًا (\u200e--max-json-digits\u200e)"
        " في السطر {line}، العمود {column}: {token}",
        "en": "{source}: an integer of more than {limit} digits (--max-json-digits) at line"
        " {line}, column {column}: {token}",
    },
    "json-not-finite": {
        "ar": "{source}: ليس عددًا منتهيًا في السطر {line}، العمود {column}: {token}"
        " (لا يقبل JSON القيم NaN وInfinity)",
        "en": "{source}: not a finite number at line {line}, column {column}: {token}"
        " (JSON has no NaN or Infinity)",
    },
}.items():  # fmt: skip
    register(f"input.{_reason}", _texts)


class JSONLimitError(InputError):
    """Represents JSON that is well formed but beyond what is read: what, and where.

    ``reason`` is ``json-depth``, ``json-digits`` or ``json-not-finite``; the fields are
    ``line``, ``column``, ``limit`` and ``token``; ``source`` is filled in by the reader.
    """

    def __init__(self, reason: str, text: str, offset: int, token: str, limit: int) -> None:
        """Build the error for *token* at *offset* in *text*."""
        line, column = where(text, offset)
        shown = token if len(token) <= 20 else f"{token[:8]}…{token[-8:]} ({len(token)})"
        words = {
            "json-depth": f"nested more than {limit} deep",
            "json-digits": f"an integer of more than {limit} digits",
            "json-not-finite": "not a finite number",
        }[reason]
        super().__init__(
            f"{words} at line {line}, column {column}: {shown}",
            reason=reason,
            source="",
            line=line,
            column=column,
            limit=limit,
            token=shown,
        )


class _Refused(Exception):  # noqa: N818 - internal signal, caught below
    def __init__(self, reason: str, token: str) -> None:
        self.reason = reason
        self.token = token


def where(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of *offset* in *text*."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _check_depth(text: str, limit: int) -> None:
    depth = 0
    for found in _BRACKETS.finditer(text):
        mark = found[0]
        if mark in "[{":
            depth += 1
            if depth > limit:
                raise JSONLimitError("json-depth", text, found.start(), mark, limit)
        elif mark in "]}":
            depth -= 1


def loads(text: str, *, max_depth: int = MAX_DEPTH, max_digits: int = MAX_DIGITS) -> Any:
    """Return the JSON value in *text*, read strictly (see the module docstring).

    Raises:
        JSONLimitError: NaN or an infinite number, nesting or an integer beyond the limits.
        json.JSONDecodeError: text that is not JSON.

    """
    text = text.removeprefix("\ufeff")
    _check_depth(text, max_depth)

    def integer(token: str) -> int:
        if len(token.lstrip("-")) > max_digits:
            raise _Refused("json-digits", token)
        return int(token)

    def number(token: str) -> float:
        value = float(token)
        if not math.isfinite(value):
            raise _Refused("json-not-finite", token)
        return value

    def constant(token: str) -> Any:
        raise _Refused("json-not-finite", token)

    try:
        return json.loads(
            text, parse_int=integer, parse_float=number, parse_constant=constant
        )
    except _Refused as refused:
        # What json read before the token was well formed: its first bare occurrence is it.
        offset = next(
            (m.start() for m in _WORDS.finditer(text) if m[0] == refused.token), 0
        )
        limit = max_digits if refused.reason == "json-digits" else 0
        raise JSONLimitError(refused.reason, text, offset, refused.token, limit) from None
