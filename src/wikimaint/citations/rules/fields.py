"""Offline rules on a citation's fields: what is missing, unknown, repeated or malformed.

A rule stays silent where the case is legitimate (a news citation to a print paper has
no URL).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wikimaint.citations.registry import Context, Finding, rule
from wikimaint.citations.rules.common import (
    URL_SHAPE,
    has_value,
    is_blank,
    is_published,
    localized,
    url_of,
)
from wikimaint.wikitext.names import cs1_whitelisted

if TYPE_CHECKING:
    from collections.abc import Iterator


@rule(
    "missing-title", "error",
    ar="الاستشهاد بلا عنوان (|عنوان=).",
    en="the citation has no title (|title=).",
    example="<ref>{{استشهاد ويب|مسار=https://www.france24.com/ar/|تاريخ الوصول=2024-01-25}}</ref>",
)  # fmt: skip
def missing_title(ctx: Context) -> Iterator[Finding]:
    """Catch a citation template without a title, as the citation module does.

    Not missing: a title built by a template (``|title={{lang|fr|…}}``), the encyclopedia
    of ``{{cite encyclopedia}}`` (the module makes it the title), a Wikidata citation's.
    """
    for citation, template in ctx.templated(sources=True):
        if template.type == "wikidata":
            continue
        if any(has_value(template, k) for k in ("title", "trans-title", "script-title")):
            continue
        if template.type in {"encyclopedia", "citation"} and has_value(template, "encyclopedia"):
            continue
        yield ctx.at_citation(citation)


@rule(
    "missing-url", "error",
    ar="استشهاد ويب بلا مسار (|مسار=).",
    en="a web citation without a URL (|url=).",
    example="<ref>{{استشهاد ويب|عنوان=العراق يحذر من تصعيد غير مسؤول|موقع=france24}}</ref>",
)  # fmt: skip
def missing_url(ctx: Context) -> Iterator[Finding]:
    """Catch ``{{cite web}}`` without a URL (the module shows an error).

    A URL built by a template (``|url={{Allmusic|…|pure_url=yes}}``) is one. Other types
    need none: a news citation may be to a print paper.
    """
    for citation, template in ctx.templated(sources=True):
        if template.type == "web" and not has_value(template, "url"):
            yield ctx.at_citation(citation)


@rule(
    "missing-access-date", "warning",
    ar="للاستشهاد مسار دون تاريخ وصول (|تاريخ الوصول=).",
    en="the citation has a URL but no access date (|access-date=).",
    example="<ref>{{استشهاد ويب|مسار=https://ar.farsnews.ir/news/1|عنوان=قصف امريكي}}</ref>",
)  # fmt: skip
def missing_access_date(ctx: Context) -> Iterator[Finding]:
    """Catch an online source (web, news…) with a URL but no access date.

    Stricter than the citation module on purpose (it never requires one), so a warning;
    published works that do not change (books, journals, encyclopedias, theses, reports,
    maps…, or any citation with an ISBN, a DOI or a chapter of a book) need none.
    """
    for citation, template in ctx.templated(sources=True):
        if is_published(template):
            continue
        if url_of(template) and not has_value(template, "access-date"):
            yield ctx.at_citation(citation)


@rule(
    "unknown-parameter", "warning",
    ar="الوسيط |{param}= غير معروف في القالب {template} (يتجاهله القالب).",
    en="|{param}= is not a parameter of {template} (the template ignores it).",
    example="{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ|عبر الارشيف=نعم}}",
)  # fmt: skip
def unknown_parameter(ctx: Context) -> Iterator[Finding]:
    """Catch a parameter the citation module does not support, blank ones aside.

    A name in Latin letters is judged by Module:Citation/CS1/Whitelist (as written: case
    counts); an Arabic one by the Arabic alias data. A Wikidata citation is not CS1.
    """
    for citation, template in ctx.templated(sources=True):
        for param in template.params:
            if is_blank(param):
                continue
            if param.positional or template.type == "wikidata" or not param.name.isascii():
                known = param.known
            else:
                known = cs1_whitelisted(param.name, template.type)
            if not known:
                yield ctx.at_param(citation, param, template=template.name)


@rule(
    "duplicate-parameter", "warning",
    ar="الوسيط |{param}= يكرر معنى |{first}= في القالب نفسه؛ لا يؤخذ إلا آخرهما.",
    en="|{param}= repeats |{first}= in the same template; only the last one is used.",
    example="{{استشهاد ويب|url=https://x.iq/a|مسار=https://x.iq/b|عنوان=أ}}",
)  # fmt: skip
def duplicate_parameter(ctx: Context) -> Iterator[Finding]:
    """Catch two parameters of one template with the same meaning (url= and مسار=)."""
    for citation, template in ctx.templated(sources=True):
        for param in template.params:
            if param.duplicate and param.key is not None:
                first = next(p for p in template.params if p.key == param.key)
                yield ctx.at_param(citation, param, first=first.name)


@rule(
    "invalid-url", "error",
    ar="قيمة |{param}= ليست رابطًا صالحًا (مثل https://…).",
    en="|{param}= is not a valid URL (such as https://…).",
    example="{{استشهاد ويب|مسار=www.france24.com/ar|عنوان=أ}}",
)  # fmt: skip
def invalid_url(ctx: Context) -> Iterator[Finding]:
    """Catch url= or archive-url= values that are not URLs as the module reads them.

    The module takes any ``scheme://host.domain`` (``ftp://`` too) or a protocol-relative
    ``//host``; a value built by a template cannot be judged offline.
    """
    for citation, template in ctx.templated(sources=True):
        for key in ("url", "archive-url"):
            param = template.get(key)
            if param is None or not param.text or "{{" in param.value:
                continue
            if not URL_SHAPE.match(param.text.strip()):
                yield ctx.at_param(citation, param)


@rule(
    "dead-link-tagged", "warning",
    ar="الرابط موسوم بأنه مكسور ({how}){archived}.",
    en="the link is marked dead ({how}){archived}.",
    example="<ref>{{استشهاد ويب|مسار=http://x.eg/a|عنوان=أ}}</ref>{{وصلة مكسورة|تاريخ=ديسمبر 2024}}",
)  # fmt: skip
def dead_link_tagged(ctx: Context) -> Iterator[Finding]:
    """Catch a citation tagged {{وصلة مكسورة}} or url-status=dead; info when it has an archive."""
    tagged = {t.citation: t.call.name for t in ctx.article.maintenance_tags if t.tag == "dead-link"}
    for citation in ctx.article.citations:
        template = citation.template
        status = template.text("url-status").casefold() if template else ""
        legacy = template.text("dead-url").casefold() if template else ""
        if citation.index in tagged:
            how = "{{" + tagged[citation.index] + "}}"
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
