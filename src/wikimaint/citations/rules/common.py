"""What several citation rules share: message arguments, date styles, a citation's URL and snapshot."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from wikimaint.links.archives import parse_archive_url
from wikimaint.wikitext.arabic import dominant_style

if TYPE_CHECKING:
    from wikimaint.citations.registry import Context
    from wikimaint.links.archives import Snapshot
    from wikimaint.wikitext.arabic import ParsedDate
    from wikimaint.wikitext.model import Article, Param, TemplateCall

__all__ = [
    "ARABIC_INDIC",
    "ARCHIVE_PROBLEMS",
    "DATE_KEYS",
    "DATE_REASONS",
    "PUBLISHED",
    "URL_SHAPE",
    "archive_date_style",
    "article_date_style",
    "has_value",
    "is_blank",
    "is_published",
    "localized",
    "own_archive_date_style",
    "snapshot_of",
    "url_of",
]


def localized(ar: str, en: str) -> dict[str, str]:
    """Return a message argument that reads differently in each language."""
    return {"ar": ar, "en": en}


DATE_REASONS = {
    "empty": localized("فارغ", "empty"),
    "unrecognised": localized("صيغة غير معروفة", "unrecognised format"),
    "unknown-month": localized("اسم شهر غير معروف", "unknown month name"),
    "invalid-day": localized("يوم لا وجود له في ذلك الشهر", "no such day in that month"),
    "invalid-month": localized("رقم شهر غير صالح", "invalid month number"),
    "year-out-of-range": localized("سنة خارج المدى", "year out of range"),
    "range": localized("مدى تاريخين لا تاريخ واحد", "a range, not one date"),
    "hijri": localized("تاريخ هجري لا تقبله قوالب الاستشهاد", "a Hijri date, not accepted"),
    "year-month": localized(
        "سنة وشهر بالأرقام (YYYY-MM) لا تقبلهما قوالب الاستشهاد",
        "a numeric year-month (YYYY-MM), which citation templates reject",
    ),
    "access-not-day": localized(
        "تاريخ الوصول يجب أن يكون يومًا كاملًا", "an access date must be one whole day"
    ),
}
ARCHIVE_PROBLEMS = {
    "not-an-archive": localized("ليس رابطًا إلى خدمة أرشفة معروفة", "not on a known archive"),
    "no-timestamp": localized("لا يحمل توقيت لقطة", "it has no snapshot timestamp"),
    "wildcard": localized(
        "قائمة لقطات (نجمة * أو مدى تواريخ أو خريطة زمنية) لا لقطة واحدة",
        "a list of captures (a * wildcard, a date range or a TimeMap), not one snapshot",
    ),
    "malformed-timestamp": localized("توقيت اللقطة مشوّه", "the snapshot timestamp is malformed"),
    "before-1996": localized("توقيت اللقطة قبل سنة 1996", "the snapshot is dated before 1996"),
    "in-future": localized("توقيت اللقطة في المستقبل", "the snapshot is dated in the future"),
    "no-original-url": localized("لا يذكر الصفحة المؤرشفة", "it does not name the archived page"),
}
DATE_KEYS = ("date", "year", "orig-date", "publication-date", "access-date", "archive-date")
ARABIC_INDIC = re.compile("[٠-٩۰-۹]")
URL_SHAPE = re.compile(
    r"^(?:[a-z][a-z0-9+.\-]*:)?//[^\s/?#]+\.[^\s]*$|^[a-z][a-z0-9+.\-]*://\[[0-9a-f:.]+\][^\s]*$",
    re.IGNORECASE,
)
"""A URL as the citation module takes it: any scheme (``ftp://`` too) and a dotted host."""
PUBLISHED = frozenset(
    {"book", "journal", "magazine", "encyclopedia", "thesis", "conference", "report", "map"}
)
"""Citation types of published works that do not change: no access date or archive needed."""


# Parameters that make a citation one of a published work (a {{citation}} of a book…).
_PUBLICATION = frozenset(
    {"isbn", "doi", "jstor", "oclc", "citeseerx", "pmid", "arxiv", "bibcode",
     "journal", "chapter", "contribution", "encyclopedia", "conference"}
)  # fmt: skip


def is_published(template: TemplateCall) -> bool:
    """Return whether *template* cites a published work that does not change.

    A book, journal, encyclopedia…, or any citation with an ISBN, a DOI, a journal or a
    chapter: it needs no access date and no archived copy.
    """
    return template.type in PUBLISHED or any(
        (p.key in _PUBLICATION or p.name.strip() in _PUBLICATION) and not is_blank(p)
        for p in template.params
    )


_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)


def is_blank(param: Param) -> bool:
    """Return whether *param* is empty as the template sees it (comments do not count)."""
    return not param.text and not _COMMENT.sub("", param.value).strip()


def has_value(template: TemplateCall, key: str) -> bool:
    """Return whether *template* gives *key* a value (text, or a template that makes one)."""
    param = template.get(key)
    return param is not None and not is_blank(param)


def url_of(template: TemplateCall) -> str:
    """Return the plain text of *template*'s url."""
    return template.text("url")


def snapshot_of(ctx: Context, template: TemplateCall) -> Snapshot | None:
    """Return *template*'s archive URL read as a snapshot, once per check (None: no archive)."""
    archive = template.get("archive-url")
    if archive is None or not archive.text:
        return None
    url = archive.text
    if url not in ctx.snapshots:
        now = dt.datetime.combine(ctx.today, dt.time.max, dt.UTC)
        ctx.snapshots[url] = parse_archive_url(url, now=now)
    return ctx.snapshots[url]


def archive_date_style(article: Article, template: TemplateCall | None = None) -> str:
    """Return how to write a new archive date: as this template or the article already does.

    The template's own archive-date first, then the article's archive dates, then all its
    citation dates; ISO when the article has none (it is what CS1 prints as written).
    """
    own = own_archive_date_style(template) if template is not None else None
    return own or article_date_style(article)


def own_archive_date_style(template: TemplateCall) -> str | None:
    """Return the style of *template*'s own archive-date, when it is one readable day."""
    own = template.get("archive-date")
    date = own.date if own is not None else None
    if date is not None and date.ok and date.style and date.precision == "day":
        return date.style
    return None


def article_date_style(article: Article) -> str:
    """Return the style of the article's archive dates, else of all its citation dates, else ISO."""
    archive_dates: list[ParsedDate] = []
    all_dates: list[ParsedDate] = []
    for citation in article.citations:
        if citation.template is None:
            continue
        for param in citation.template.params:
            if param.date is not None:
                all_dates.append(param.date)
                if param.key == "archive-date":
                    archive_dates.append(param.date)
    return dominant_style(archive_dates) or dominant_style(all_dates) or "iso"
