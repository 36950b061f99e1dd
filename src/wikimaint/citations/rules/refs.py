"""Offline rules on the structure of references: duplicates, undefined or conflicting names, no list.

Two citations of one book at different pages are not duplicates.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from wikimaint.citations.registry import Context, Finding, rule
from wikimaint.citations.rules.common import (
    localized,
)
from wikimaint.links.urls import normalize_url
from wikimaint.wikitext.refs import group_of

if TYPE_CHECKING:
    from collections.abc import Iterator

    from wikimaint.wikitext.model import Citation


@rule(
    "bare-url", "warning",
    ar="مرجع برابط مجرد دون عنوان ولا قالب استشهاد.",
    en="a reference holding only a URL, with no title and no citation template.",
    example="<ref>https://www.france24.com/ar/الشرق-الأوسط/20240124-العراق</ref>",
)  # fmt: skip
def bare_url(ctx: Context) -> Iterator[Finding]:
    """Catch a <ref> holding only an untitled URL (an archive template beside it allowed).

    ``[https://… a title]`` is not bare: the reader sees a title (the convention calls only
    untitled links bare).
    """
    titled = {link.citation for link in ctx.article.external_links if (link.title or "").strip()}
    for citation in ctx.article.citations:
        if citation.kind == "bare-url" or (
            citation.kind == "link" and citation.index not in titled
        ):
            yield ctx.at_citation(citation)


_PLACE_KEYS = ("page", "pages", "at", "chapter", "volume", "issue")


@rule(
    "duplicate-citation", "warning",
    ar="يستشهد بالصفحة نفسها التي يستشهد بها المرجع [{other}]؛ الأفضل مرجع واحد مسمّى يُعاد استعماله.",
    en="cites the same page as reference [{other}]; one named reference reused would be better.",
    example="<ref>{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ}}</ref> … <ref>{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ}}</ref>",
)  # fmt: skip
def duplicate_citation(ctx: Context) -> Iterator[Finding]:
    """Catch two footnotes citing one page at one place that are not one named ref.

    Not duplicates: a bundled footnote (several sources in one <ref>) and one of its
    sources, nor two works with different titles that share a link (one of them mis-pasted).
    """
    seen: dict[tuple[str, ...], Citation] = {}
    for citation in ctx.article.citations:
        if citation.definition is None or not citation.urls or _bundled(citation):
            continue
        template = citation.template
        place = tuple(template.text(k) for k in _PLACE_KEYS) if template else ()
        key = (normalize_url(citation.urls[0]), *place)
        first = seen.setdefault(key, citation)
        if first is not citation and not _different_works(ctx, first, citation):
            yield ctx.at_citation(citation, other=first.label)


def _bundled(citation: Citation) -> bool:
    """Return whether one footnote holds several sources (templates, or links in text)."""
    templates = [t for t in (citation.template, *citation.extras) if t and t.kind == "citation"]
    return len(templates) > 1 or (citation.template is None and len(citation.urls) > 1)


_PAGES = re.compile(r"\bpp?\.\s*[0-9][0-9,–\- ]*(?:and [0-9]+)?")
_IDENTITY = (
    ("last", "last1", "author", "author1"),
    ("date", "year"),
    ("work", "website", "newspaper", "journal", "publisher"),
)


def _different_works(ctx: Context, first: Citation, second: Citation) -> bool:
    """Return whether two footnotes sharing a link are evidently two works.

    They are when each keeps a different archived copy; when untemplated notes cite
    different pages; when two titles of two words or more differ and neither is part of the
    other; or when titles differ and an author, date or work given in both differs too.
    """
    one, two = first.template, second.template
    if one is not None and two is not None:
        archives = (one.text("archive-url"), two.text("archive-url"))
        if all(archives) and normalize_url(archives[0]) != normalize_url(archives[1]):
            return True
    if one is None and two is None:
        pages = [_PAGES.findall(c.text) for c in (first, second)]
        if all(pages) and pages[0] != pages[1]:
            return True  # one book, different pages
    title_one, title_two = _title(ctx, first), _title(ctx, second)
    if not title_one or not title_two or title_one == title_two:
        return False
    if one is None or two is None:
        return True
    apart = title_one not in title_two and title_two not in title_one
    if apart and min(len(title_one.split()), len(title_two.split())) >= 2:
        return True  # two real titles, neither a part of the other
    for keys in _IDENTITY:
        values = [next((t.text(k) for k in keys if t.text(k)), "") for t in (one, two)]
        if all(values) and _folded(values[0]) != _folded(values[1]):
            return True
    return False


def _title(ctx: Context, citation: Citation) -> str:
    """Return the citation's title (its template's, or its first link's text), folded."""
    if citation.template is not None:
        return _folded(citation.template.text("title"))
    for link in ctx.article.external_links:
        if link.citation == citation.index and link.title:
            return _folded(link.title)
    return ""


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


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
    """Catch refs of a group with no {{مراجع}}/<references /> for it, {{efn}} notes too.

    An ``{{efn}}`` is a ref of group lower-alpha, shown by ``{{Notelist}}``.

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
        yield ctx.at_citation(
            citation, severity="error" if group else "warning", group=_group_label(group)
        )
    for position, call in enumerate(ctx.article.templates):
        if call.kind != "footnote":
            continue
        group = group_of(call)
        if group in shown or group in reported:
            continue
        reported.add(group)
        yield ctx.at(
            call.span[0],
            f"/templates/{position}",
            severity="error" if group else "warning",
            group=_group_label(group),
        )


def _group_label(group: str) -> dict[str, str]:
    if group:
        return localized(f"المجموعة «{group}»", f'group "{group}"')
    return localized("المقالة", "main")
