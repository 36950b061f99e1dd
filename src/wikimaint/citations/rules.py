"""Offline citation rules: what can be known about citations without the network.

Each rule is a generator registered under its id; ``wikimaint check --rules`` lists them.
Precision matters as much as recall: a rule stays silent where the case is legitimate
(a news citation to a print paper has no URL; a Wayback snapshot of a WebCite page is a
working archive; two citations of one book at different pages are not duplicates).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from wikimaint.arabic import dominant_style, format_date, normalize_digits
from wikimaint.citations.archives import normalize_url, parse_archive_url, same_page
from wikimaint.citations.registry import Change, Context, Finding, Fix, rule, set_param

if TYPE_CHECKING:
    from collections.abc import Iterator

    from wikimaint.arabic import ParsedDate
    from wikimaint.citations.archives import Snapshot
    from wikimaint.model import Article, Citation, Param, TemplateCall

__all__ = ["archive_date_style", "localized"]


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
}
ARCHIVE_PROBLEMS = {
    "not-an-archive": localized("ليس رابطًا إلى خدمة أرشفة معروفة", "not on a known archive"),
    "no-timestamp": localized("لا يحمل توقيت لقطة", "it has no snapshot timestamp"),
    "wildcard": localized("فيه نجمة (*) بدل لقطة واحدة", "a * wildcard, not one snapshot"),
    "malformed-timestamp": localized("توقيت اللقطة مشوّه", "the snapshot timestamp is malformed"),
    "before-1996": localized("توقيت اللقطة قبل سنة 1996", "the snapshot is dated before 1996"),
    "in-future": localized("توقيت اللقطة في المستقبل", "the snapshot is dated in the future"),
    "no-original-url": localized("لا يذكر الصفحة المؤرشفة", "it does not name the archived page"),
}
DATE_KEYS = ("date", "year", "orig-date", "publication-date", "access-date", "archive-date")
_ARABIC_INDIC = re.compile("[٠-٩۰-۹]")
_URL = re.compile(
    r"^(?:https?:)?//[^\s/?#]+\.[^\s]*$|^https?://\[[0-9a-fA-F:.]+\][^\s]*$", re.IGNORECASE
)


def _url(template: TemplateCall) -> str:
    return template.text("url")


def _snapshot(ctx: Context, template: TemplateCall) -> Snapshot | None:
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


# Missing fields --------------------------------------------------------------------------


@rule(
    "missing-title", "error",
    ar="الاستشهاد بلا عنوان (|عنوان=).",
    en="the citation has no title (|title=).",
    example="<ref>{{استشهاد ويب|مسار=https://www.france24.com/ar/|تاريخ الوصول=2024-01-25}}</ref>",
)  # fmt: skip
def missing_title(ctx: Context) -> Iterator[Finding]:
    """Catch a citation template without a title (wikidata citations take theirs from Wikidata)."""
    for citation, template in ctx.templated():
        if template.type == "wikidata":
            continue
        if not any(template.text(k) for k in ("title", "trans-title", "script-title")):
            yield ctx.at_citation(citation)


@rule(
    "missing-url", "error",
    ar="استشهاد ويب بلا مسار (|مسار=).",
    en="a web citation without a URL (|url=).",
    example="<ref>{{استشهاد ويب|عنوان=العراق يحذر من تصعيد غير مسؤول|موقع=france24}}</ref>",
)  # fmt: skip
def missing_url(ctx: Context) -> Iterator[Finding]:
    """Catch a web citation without a URL; a news one gets an info (print papers have none)."""
    for citation, template in ctx.templated():
        if template.type in {"web", "news"} and not _url(template):
            yield ctx.at_citation(citation, severity="error" if template.type == "web" else "info")


@rule(
    "missing-access-date", "warning",
    ar="للاستشهاد مسار دون تاريخ وصول (|تاريخ الوصول=).",
    en="the citation has a URL but no access date (|access-date=).",
    example="<ref>{{استشهاد ويب|مسار=https://ar.farsnews.ir/news/1|عنوان=قصف امريكي}}</ref>",
)  # fmt: skip
def missing_access_date(ctx: Context) -> Iterator[Finding]:
    """Catch a citation with a URL but no access date."""
    for citation, template in ctx.templated():
        if _url(template) and not template.text("access-date"):
            yield ctx.at_citation(citation)


# Dates -----------------------------------------------------------------------------------


def _dates(ctx: Context) -> Iterator[tuple[Citation, TemplateCall, Param, ParsedDate]]:
    for citation, template in ctx.templated():
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
    """Catch date, access-date or archive-date values that are not one readable date."""
    for citation, _template, param, date in _dates(ctx):
        if not date.ok:
            reason = DATE_REASONS.get(
                date.error or "", localized(date.error or "", date.error or "")
            )
            yield ctx.at_param(citation, param, value=param.text, reason=reason)


@rule(
    "date-arabic-indic-digits", "warning",
    ar="التاريخ في |{param}= مكتوب بالأرقام الهندية؛ قوالب الاستشهاد تقرؤه بالأرقام العربية: {value}.",
    en="the date in |{param}= uses Arabic-Indic digits, which citation templates do not read: {value}.",
    example="{{استشهاد ويب|مسار=https://x.iq|عنوان=أ|تاريخ=١٢ أغسطس ٢٠١٢}}",
)  # fmt: skip
def arabic_indic_digits(ctx: Context) -> Iterator[Finding]:
    """Catch a readable date written with Arabic-Indic digits; the fix writes ASCII digits."""
    for citation, template, param, date in _dates(ctx):
        if date.ok and _ARABIC_INDIC.search(param.value):
            value = normalize_digits(param.text)
            fix = Fix((set_param(template, param.key or "", value),))
            yield ctx.at_param(citation, param, value=value, fix=fix)


@rule(
    "future-date", "error",
    ar="التاريخ في |{param}=«{value}» بعد تاريخ اليوم ({today}).",
    en='the date in |{param}="{value}" is after today ({today}).',
    example="{{استشهاد ويب|مسار=https://x.iq|عنوان=أ|تاريخ الوصول=2099-01-01}}",
)  # fmt: skip
def future_date(ctx: Context) -> Iterator[Finding]:
    """Catch any citation date whose earliest possible day is after today."""
    for citation, _template, param, date in _dates(ctx):
        if date.date is not None and date.date > ctx.today:
            yield ctx.at_param(citation, param, value=param.text, today=ctx.today.isoformat())


@rule(
    "access-date-before-publication", "warning",
    ar="تاريخ الوصول ({access}) أقدم من تاريخ النشر ({date}).",
    en="the access date ({access}) is earlier than the publication date ({date}).",
    example="{{استشهاد بخبر|مسار=https://x.iq|عنوان=أ|تاريخ=24 يناير 2024|تاريخ الوصول=2023-01-28}}",
)  # fmt: skip
def access_before_publication(ctx: Context) -> Iterator[Finding]:
    """Catch an access date that cannot be on or after the publication date."""
    for citation, template in ctx.templated():
        access, published = template.get("access-date"), template.get("date")
        if not (access and published and access.date and published.date):
            continue
        latest, earliest = access.date.latest, published.date.date
        if latest is not None and earliest is not None and latest < earliest:
            yield ctx.at_param(citation, access, access=access.text, date=published.text)


# Archives --------------------------------------------------------------------------------


@rule(
    "missing-archive", "info",
    ar="لا نسخة مؤرشفة لهذا المسار (|مسار أرشيف=).",
    en="no archived copy of this URL (|archive-url=).",
    example="<ref>{{استشهاد بخبر|مسار=https://ar.farsnews.ir/news/1|عنوان=قصف امريكي|تاريخ الوصول=2024-01-28}}</ref>",
)  # fmt: skip
def missing_archive(ctx: Context) -> Iterator[Finding]:
    """Catch a URL with no archived copy (neither |archive-url= nor {{Webarchive}})."""
    for citation, template in ctx.templated():
        url = _url(template)
        if not url or template.text("archive-url") or template.text("archive-date"):
            continue
        if parse_archive_url(url) is not None:
            continue  # archive-in-url says it better
        if any(extra.kind == "archive" for extra in citation.extras):
            continue
        yield ctx.at_citation(citation)


@rule(
    "archive-date-missing", "error",
    ar="للاستشهاد مسار أرشيف دون تاريخ أرشيف (|تاريخ أرشيف=).",
    en="the citation has an archive URL but no archive date (|archive-date=).",
    example="{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ|مسار أرشيف=https://web.archive.org/web/20240124120530/https://x.iq/a}}",
)  # fmt: skip
def archive_date_missing(ctx: Context) -> Iterator[Finding]:
    """Catch an archive-url without archive-date; the fix takes the snapshot's date."""
    for citation, template in ctx.templated():
        if not template.text("archive-url") or template.text("archive-date"):
            continue
        snapshot = _snapshot(ctx, template)
        fix = None
        if snapshot is not None and snapshot.valid and _day_precise(snapshot):
            when = snapshot.when.date() if snapshot.when else None
            if when is not None:
                value = format_date(when, archive_date_style(ctx.article, template))
                fix = Fix((set_param(template, "archive-date", value),))
        archive = template.get("archive-url")
        assert archive is not None
        yield ctx.at_param(citation, archive, fix=fix)


@rule(
    "archive-url-missing", "error",
    ar="للاستشهاد تاريخ أرشيف دون مسار أرشيف (|مسار أرشيف=).",
    en="the citation has an archive date but no archive URL (|archive-url=).",
    example="{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ|تاريخ أرشيف=2024-01-24}}",
)  # fmt: skip
def archive_url_missing(ctx: Context) -> Iterator[Finding]:
    """Catch an archive-date without archive-url."""
    for citation, template in ctx.templated():
        archive_date = template.get("archive-date")
        if archive_date is not None and archive_date.text and not template.text("archive-url"):
            yield ctx.at_param(citation, archive_date)


def _day_precise(snapshot: Snapshot) -> bool:
    return snapshot.timestamp is not None and len(snapshot.timestamp) >= 8


@rule(
    "archive-invalid", "error",
    ar="مسار الأرشيف غير صالح: {problem}.",
    en="the archive URL is not valid: {problem}.",
    example="{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ|مسار أرشيف=https://web.archive.org/web/*/https://x.iq/a|تاريخ أرشيف=2024-01-24}}",
)  # fmt: skip
def archive_invalid(ctx: Context) -> Iterator[Finding]:
    """Catch an archive-url on no known archive, or whose snapshot time is unusable."""
    for citation, template in ctx.templated():
        archive = template.get("archive-url")
        if archive is None or not archive.text:
            continue
        snapshot = _snapshot(ctx, template)
        if snapshot is None:
            problem = "not-an-archive"
        elif snapshot.problem is not None and snapshot.problem != "service-dead":
            problem = snapshot.problem
        else:
            continue
        yield ctx.at_param(citation, archive, problem=ARCHIVE_PROBLEMS[problem])


@rule(
    "archive-date-mismatch", "warning",
    ar="تاريخ الأرشيف ({archive_date}) يبعد أكثر من يوم عن تاريخ اللقطة في مسار الأرشيف ({snapshot}).",
    en="the archive date ({archive_date}) is more than a day away from the snapshot in the archive URL ({snapshot}).",
    example="{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ|مسار أرشيف=https://web.archive.org/web/20240124120530/https://x.iq/a|تاريخ أرشيف=2024-02-24}}",
)  # fmt: skip
def archive_date_mismatch(ctx: Context) -> Iterator[Finding]:
    """Catch an archive-date more than one day from the snapshot timestamp; fix it to it."""
    for citation, template in ctx.templated():
        archive_date = template.get("archive-date")
        snapshot = _snapshot(ctx, template)
        if archive_date is None or archive_date.date is None or not archive_date.date.ok:
            continue
        if snapshot is None or not snapshot.valid or snapshot.when is None:
            continue
        if not _day_precise(snapshot):
            continue
        when = snapshot.when.date()
        first, last = archive_date.date.date, archive_date.date.latest
        if first is None or last is None:
            continue
        if first - dt.timedelta(days=1) <= when <= last + dt.timedelta(days=1):
            continue
        value = format_date(when, archive_date_style(ctx.article, template))
        fix = Fix((set_param(template, "archive-date", value),))
        yield ctx.at_param(
            citation,
            archive_date,
            archive_date=archive_date.text,
            snapshot=when.isoformat(),
            fix=fix,
        )


@rule(
    "archive-url-mismatch", "warning",
    ar="مسار الأرشيف يحفظ صفحة غير المسار المستشهد به: {archived}",
    en="the archive URL archives a different page than the cited URL: {archived}",
    example="{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ|مسار أرشيف=https://web.archive.org/web/20240124120530/https://y.iq/b|تاريخ أرشيف=2024-01-24}}",
)  # fmt: skip
def archive_url_mismatch(ctx: Context) -> Iterator[Finding]:
    """Catch an archive of another page (compared after normalising scheme, www, port, …).

    Another address on the same site is often the same page moved, so that is only an info;
    a snapshot of another archive (a Wayback copy of a WebCite page) cannot be judged offline.
    """
    for citation, template in ctx.templated():
        url = _url(template)
        snapshot = _snapshot(ctx, template)
        if not url or snapshot is None or snapshot.original_url is None:
            continue
        if snapshot.problem in {"no-original-url", "wildcard"}:
            continue
        if parse_archive_url(snapshot.original_url) is not None or same_page(
            url, snapshot.original_url
        ):
            continue
        archive = template.get("archive-url")
        assert archive is not None
        same_site = _host(url) == _host(snapshot.original_url)
        yield ctx.at_param(
            citation,
            archive,
            severity="info" if same_site else None,
            archived=snapshot.original_url,
        )


def _host(url: str) -> str:
    return urlsplit(normalize_url(url)).netloc


@rule(
    "archive-in-url", "warning",
    ar="في |{param}= رابط أرشيف؛ مكانه |مسار أرشيف= ويوضع المسار الأصلي في |مسار=.",
    en="|{param}= holds an archive URL; it belongs in |archive-url=, with the original in |url=.",
    example="{{استشهاد ويب|مسار=https://web.archive.org/web/20240124120530/https://x.iq/a|عنوان=أ}}",
)  # fmt: skip
def archive_in_url(ctx: Context) -> Iterator[Finding]:
    """Catch url= holding an archive URL; the fix moves it and restores the original."""
    for citation, template in ctx.templated():
        param = template.get("url")
        if param is None or not param.text:
            continue
        snapshot = parse_archive_url(param.text)
        if snapshot is None:
            continue
        fix = None
        if (
            snapshot.valid
            and snapshot.original_url
            and snapshot.when
            and not template.text("archive-url")
            and _day_precise(snapshot)
        ):
            value = format_date(snapshot.when.date(), archive_date_style(ctx.article))
            fix = Fix(
                (
                    Change("set", "url", param.name, snapshot.original_url),
                    set_param(template, "archive-url", param.text),
                    set_param(template, "archive-date", value),
                )
            )
        yield ctx.at_param(citation, param, fix=fix)


@rule(
    "archive-service-dead", "warning",
    ar="خدمة الأرشفة ({service}) متوقفة ولم تعد تعرض النسخ المحفوظة.",
    en="the archive service ({service}) is gone and no longer serves snapshots.",
    example="{{استشهاد ويب|مسار=http://x.eg/a|عنوان=أ|مسار أرشيف=http://www.webcitation.org/69rYPjwRN|تاريخ أرشيف=2012-08-12}}",
)  # fmt: skip
def archive_service_dead(ctx: Context) -> Iterator[Finding]:
    """Catch an archive on a service that is gone (WebCite, Google cache, …)."""
    for citation, template in ctx.templated():
        snapshot = _snapshot(ctx, template)
        if snapshot is not None and snapshot.dead_service:
            archive = template.get("archive-url")
            assert archive is not None
            yield ctx.at_param(citation, archive, service=snapshot.service)


# Reference structure ---------------------------------------------------------------------


@rule(
    "bare-url", "warning",
    ar="مرجع برابط مجرد دون قالب استشهاد.",
    en="a reference holding only a URL, with no citation template.",
    example="<ref>https://www.france24.com/ar/الشرق-الأوسط/20240124-العراق</ref>",
)  # fmt: skip
def bare_url(ctx: Context) -> Iterator[Finding]:
    """Catch a <ref> holding only a URL or [url title] (an archive template beside it allowed)."""
    for citation in ctx.article.citations:
        if citation.kind in {"bare-url", "link"}:
            yield ctx.at_citation(citation)


_PLACE_KEYS = ("page", "pages", "at", "chapter", "volume", "issue")


@rule(
    "duplicate-citation", "warning",
    ar="يستشهد بالصفحة نفسها التي يستشهد بها المرجع [{other}]؛ الأفضل مرجع واحد مسمّى يُعاد استعماله.",
    en="cites the same page as reference [{other}]; one named reference reused would be better.",
    example="<ref>{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ}}</ref> … <ref>{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ}}</ref>",
)  # fmt: skip
def duplicate_citation(ctx: Context) -> Iterator[Finding]:
    """Catch two footnotes citing one page at one place that are not one named ref."""
    seen: dict[tuple[str, ...], Citation] = {}
    for citation in ctx.article.citations:
        if citation.definition is None or not citation.urls:
            continue
        template = citation.template
        place = tuple(template.text(k) for k in _PLACE_KEYS) if template else ()
        key = (normalize_url(citation.urls[0]), *place)
        first = seen.setdefault(key, citation)
        if first is not citation:
            yield ctx.at_citation(citation, other=first.label)


@rule(
    "undefined-ref-name", "error",
    ar="المرجع المسمّى «{name}» مستعمل ولكنه غير معرّف في أي مكان.",
    en='the named reference "{name}" is used but never defined.',
    example='وقال وزير الدفاع…<ref name="france24" /> (ولا يوجد <ref name="france24">…</ref>)',
)  # fmt: skip
def undefined_ref_name(ctx: Context) -> Iterator[Finding]:
    """Catch <ref name=x/> whose name is never defined."""
    for citation in ctx.article.citations:
        if citation.kind == "undefined":
            yield ctx.at_citation(citation, name=citation.name or "")


@rule(
    "conflicting-ref-name", "error",
    ar="الاسم «{name}» معرّف أكثر من مرة بمحتوى مختلف.",
    en='the name "{name}" is defined more than once with different content.',
    example='<ref name="f24">{{استشهاد ويب|…|تاريخ=24 يناير 2024}}</ref> … <ref name="f24">{{استشهاد ويب|…|تاريخ=25 يناير 2024}}</ref>',
)  # fmt: skip
def conflicting_ref_name(ctx: Context) -> Iterator[Finding]:
    """Catch one ref name defined twice with different content."""
    for citation in ctx.article.citations:
        for use in citation.conflicting:
            yield ctx.at(
                use.span[0],
                f"/citations/{citation.index - 1}",
                citation=citation.index,
                name=citation.name or "",
            )


@rule(
    "no-references-list", "error",
    ar="لا يوجد ما يعرض مراجع {group} ({{{{مراجع}}}} أو <references />).",
    en="nothing shows the {group} references ({{{{Reflist}}}} or <references />).",
    example="نص.<ref>مرجع</ref> (ولا يوجد {{مراجع}} في المقالة)",
)  # fmt: skip
def no_references_list(ctx: Context) -> Iterator[Finding]:
    """Catch refs of a group with no {{مراجع}}/<references /> for it.

    For the main group MediaWiki still lists them at the end of the page, so it is a warning;
    for a named group Cite shows an error, so it is one.
    """
    shown = {r.group for r in ctx.article.references_lists}
    reported: set[str] = set()
    for citation in ctx.article.citations:
        group = citation.group
        if group in shown or group in reported:
            continue
        reported.add(group)
        label = (
            localized(f"المجموعة «{group}»", f'group "{group}"')
            if group
            else localized("المقالة", "main")
        )
        yield ctx.at_citation(citation, severity="error" if group else "warning", group=label)


# Parameters ------------------------------------------------------------------------------


@rule(
    "unknown-parameter", "warning",
    ar="الوسيط |{param}= غير معروف في القالب {template} (يتجاهله القالب).",
    en="|{param}= is not a parameter of {template} (the template ignores it).",
    example="{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ|عبر الارشيف=نعم}}",
)  # fmt: skip
def unknown_parameter(ctx: Context) -> Iterator[Finding]:
    """Catch a parameter the template does not know (per the alias data), blank ones aside."""
    for citation, template in ctx.templated():
        for param in template.params:
            if not param.known and (param.text or not param.positional):
                yield ctx.at_param(citation, param, template=template.name)


@rule(
    "duplicate-parameter", "warning",
    ar="الوسيط |{param}= يكرر معنى |{first}= في القالب نفسه؛ يؤخذ أحدهما فقط.",
    en="|{param}= repeats |{first}= in the same template; only one of them is used.",
    example="{{استشهاد ويب|url=https://x.iq/a|مسار=https://x.iq/b|عنوان=أ}}",
)  # fmt: skip
def duplicate_parameter(ctx: Context) -> Iterator[Finding]:
    """Catch two parameters of one template with the same meaning (url= and مسار=)."""
    for citation, template in ctx.templated():
        for param in template.params:
            if param.duplicate and param.key is not None:
                first = template.get(param.key)
                yield ctx.at_param(citation, param, first=first.name if first else param.name)


@rule(
    "invalid-url", "error",
    ar="قيمة |{param}= ليست رابطًا صالحًا يبدأ بـ http:// أو https://.",
    en="|{param}= is not a valid URL starting with http:// or https://.",
    example="{{استشهاد ويب|مسار=www.france24.com/ar|عنوان=أ}}",
)  # fmt: skip
def invalid_url(ctx: Context) -> Iterator[Finding]:
    """Catch url= or archive-url= values that are not http(s) URLs."""
    for citation, template in ctx.templated():
        for key in ("url", "archive-url"):
            param = template.get(key)
            if param is not None and param.text and not _URL.match(param.text.strip()):
                yield ctx.at_param(citation, param)


@rule(
    "dead-link-tagged", "warning",
    ar="الرابط موسوم بأنه مكسور ({how}){archived}.",
    en="the link is marked dead ({how}){archived}.",
    example="<ref>{{استشهاد ويب|مسار=http://x.eg/a|عنوان=أ}}</ref>{{وصلة مكسورة|تاريخ=ديسمبر 2024}}",
)  # fmt: skip
def dead_link_tagged(ctx: Context) -> Iterator[Finding]:
    """Catch a citation tagged {{وصلة مكسورة}} or url-status=dead; info when it has an archive."""
    tagged = {t.citation for t in ctx.article.maintenance_tags if t.tag == "dead-link"}
    for citation in ctx.article.citations:
        template = citation.template
        status = template.text("url-status").casefold() if template else ""
        legacy = template.text("dead-url").casefold() if template else ""
        if citation.index in tagged:
            how = "{{وصلة مكسورة}}"
        elif status == "dead" or legacy in {"yes", "true", "نعم"}:
            how = "url-status=dead" if status == "dead" else "dead-url=yes"
        else:
            continue
        archived = bool(template and template.text("archive-url")) or any(
            extra.kind == "archive" for extra in citation.extras
        )
        note = localized("، وله نسخة مؤرشفة", ", and has an archived copy") if archived else ""
        yield ctx.at_citation(
            citation,
            severity="info" if archived else "warning",
            how=how,
            archived=note or localized("", ""),
        )
