"""Offline rules on a citation's fields: what is missing, unknown, repeated or malformed.

A rule stays silent where the case is legitimate (a news citation to a print paper has
no URL).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wikimaint.citations.registry import Context, Finding, rule
from wikimaint.citations.rules.common import (
    URL_SHAPE,
    localized,
    url_of,
)

if TYPE_CHECKING:
    from collections.abc import Iterator



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
        if template.type in {"web", "news"} and not url_of(template):
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
        if url_of(template) and not template.text("access-date"):
            yield ctx.at_citation(citation)





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
            if param is not None and param.text and not URL_SHAPE.match(param.text.strip()):
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
