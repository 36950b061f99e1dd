"""Offline rules on citation dates: unreadable, Arabic-Indic digits, in the future, out of order."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from wikimaint.citations.registry import Context, Finding, Fix, rule, set_param
from wikimaint.citations.rules.common import (
    ARABIC_INDIC,
    DATE_KEYS,
    DATE_REASONS,
    localized,
)
from wikimaint.wikitext.arabic import normalize_digits
from wikimaint.wikitext.cs1dates import cs1_date_ok

if TYPE_CHECKING:
    from collections.abc import Iterator

    from wikimaint.wikitext.arabic import ParsedDate
    from wikimaint.wikitext.model import Citation, Param, TemplateCall


def _dates(ctx: Context) -> Iterator[tuple[Citation, TemplateCall, Param, ParsedDate]]:
    for citation, template in ctx.templated(sources=True):
        for param in template.params:
            if param.date is not None and param.key in DATE_KEYS:
                yield citation, template, param, param.date


@rule(
    "invalid-date", "error",
    ar="تعذرت قراءة التاريخ في |{param}=«{value}» ({reason}).",
    en='cannot read the date in |{param}="{value}" ({reason}).',
    example="{{استشهاد ويب|مسار=https://x.iq|عنوان=أ|تاريخ=31 فبراير 2024}}",
)  # fmt: skip
def invalid_date(ctx: Context) -> Iterator[Finding]:
    """Catch a date the citation module rejects (Module:Citation/CS1/Date_validation).

    Accepted: what the module accepts (``n.d.``, seasons, ``c. 1900``, ranges, ``2010a``…,
    see :mod:`wikimaint.wikitext.cs1dates`), and the Arabic single dates Arabic Wikipedia's
    citations carry without an error (``1 نوفمبر، 2018م``, ``كانون الثاني 2020``,
    ``2022-7-19``). |orig-date= is free text for the module, and a value built by a
    template cannot be read offline; neither is judged. A future year is future-date's.
    """
    for citation, _template, param, date in _dates(ctx):
        if param.key == "orig-date" or "{{" in param.value:
            continue
        problem = date_problem(param.key or "", date)
        if problem is not None:
            reason = DATE_REASONS.get(problem, localized(problem, problem))
            yield ctx.at_param(citation, param, value=param.text, reason=reason)


_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)  # a bot's note beside the date


def date_problem(key: str, date: ParsedDate) -> str | None:
    """Return why the citation module rejects *date* in parameter *key*, or None."""
    text = normalize_digits(_COMMENT.sub("", date.raw))
    if cs1_date_ok(text, key, future=True):
        return None
    if date.ok and date.precision == "month" and (date.style or "").startswith("iso"):
        return "year-month"
    if date.ok and key == "access-date" and date.precision != "day":
        return "access-not-day"
    if date.ok:
        return None
    return date.error or "unrecognised"


@rule(
    "date-arabic-indic-digits", "warning",
    ar="التاريخ في |{param}= مكتوب بالأرقام الهندية؛ قوالب الاستشهاد تقرؤه بالأرقام العربية: {value}.",
    en="the date in |{param}= uses Arabic-Indic digits, which citation templates do not read: {value}.",
    example="{{استشهاد ويب|مسار=https://x.iq|عنوان=أ|تاريخ=١٢ أغسطس ٢٠١٢}}",
)  # fmt: skip
def arabic_indic_digits(ctx: Context) -> Iterator[Finding]:
    """Catch a readable date written with Arabic-Indic digits; the fix writes ASCII digits."""
    for citation, template, param, date in _dates(ctx):
        if date.ok and ARABIC_INDIC.search(param.value):
            value = normalize_digits(param.text)
            fix = Fix((set_param(template, param.key or "", value),))
            yield ctx.at_param(citation, param, value=value, fix=fix)


@rule(
    "future-date", "warning",
    ar="التاريخ في |{param}=«{value}» بعد تاريخ اليوم ({today}).",
    en='the date in |{param}="{value}" is after today ({today}).',
    example="{{استشهاد ويب|مسار=https://x.iq|عنوان=أ|تاريخ الوصول=2099-01-01}}",
)  # fmt: skip
def future_date(ctx: Context) -> Iterator[Finding]:
    """Catch any citation date whose earliest possible day is after today.

    An error where the citation module shows one (an access date after tomorrow, a year
    after next year); a date later this year or next is only a warning: we are stricter.
    """
    for citation, _template, param, date in _dates(ctx):
        if date.date is None or date.date <= ctx.today:
            continue
        module_error = (
            date.date > ctx.today + dt.timedelta(days=1)
            if param.key == "access-date"
            else date.date.year > ctx.today.year + 1
        )
        yield ctx.at_param(
            citation,
            param,
            severity="error" if module_error else None,
            value=param.text,
            today=ctx.today.isoformat(),
        )


@rule(
    "access-date-before-publication", "warning",
    ar="تاريخ الوصول ({access}) أقدم من تاريخ النشر ({date}).",
    en="the access date ({access}) is earlier than the publication date ({date}).",
    example="{{استشهاد بخبر|مسار=https://x.iq|عنوان=أ|تاريخ=24 يناير 2024|تاريخ الوصول=2023-01-28}}",
)  # fmt: skip
def access_before_publication(ctx: Context) -> Iterator[Finding]:
    """Catch an access date that cannot be on or after the publication date.

    Stricter than the citation module, which does not compare them: a warning.
    """
    for citation, template in ctx.templated(sources=True):
        access, published = template.get("access-date"), template.get("date")
        if not (access and published and access.date and published.date):
            continue
        latest, earliest = access.date.latest, published.date.date
        if latest is not None and earliest is not None and latest < earliest:
            yield ctx.at_param(citation, access, access=access.text, date=published.text)
