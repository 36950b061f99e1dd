"""Offline rules on the structure of references: duplicates, undefined or conflicting names, no list.

Two citations of one book at different pages are not duplicates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wikimaint.citations.registry import Context, Finding, rule
from wikimaint.citations.rules.common import (
    localized,
)
from wikimaint.links.urls import normalize_url

if TYPE_CHECKING:
    from collections.abc import Iterator

    from wikimaint.wikitext.model import Citation


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
