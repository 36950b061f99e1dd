"""Offline rules on the structure of references: duplicates, undefined or conflicting names, no list.

Two citations of one book at different pages are not duplicates.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from wikimaint.citations.registry import Context, Finding, rule
from wikimaint.citations.rules.common import (
    localized,
)
from wikimaint.links.archives import parse_archive_url
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
    titled = _titled(ctx)
    for citation in ctx.article.citations:
        if citation.kind == "bare-url" or (
            citation.kind == "link" and citation.index not in titled
        ):
            yield ctx.at_citation(citation)


@rule(
    "titled-link", "info",
    ar="مرجع برابط معنون دون قالب استشهاد؛ القالب يحفظ تفاصيله (الناشر والتاريخ وتاريخ الوصول).",
    en="a reference holding only a titled link, with no citation template to keep its details (publisher, date, access date).",
    example="<ref>[https://www.france24.com/ar/a العراق يحذر من تصعيد غير مسؤول]</ref>",
)  # fmt: skip
def titled_link(ctx: Context) -> Iterator[Finding]:
    """Catch a <ref> holding only a titled link ``[https://… title]``: not bare, but bare of details.

    A note: the reader sees a title; ``fill-refs`` can make it a citation template.
    """
    titled = _titled(ctx)
    for citation in ctx.article.citations:
        if citation.kind == "link" and citation.index in titled:
            yield ctx.at_citation(citation)


def _titled(ctx: Context) -> set[int | None]:
    """Return the citations whose links carry a title the reader sees."""
    return {link.citation for link in ctx.article.external_links if (link.title or "").strip()}


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
_WORD = re.compile(r"[^\W_]{3,}|[0-9]+")
_IDENTITY = (("last", "last1", "author", "author1"), ("date", "year"))


def _different_works(ctx: Context, first: Citation, second: Citation) -> bool:
    """Return whether two footnotes sharing a link are evidently two works.

    They are when each keeps an archived copy of a different page; when untemplated notes
    cite different pages; or when their titles share less than half their words and the
    shared link is a site's front page (a link pasted for two works), the notes are
    untemplated, or an author or date given in both differs too.
    """
    one, two = first.template, second.template
    if one is not None and two is not None:
        kept = [_archived(t.text("archive-url")) for t in (one, two)]
        if all(kept) and kept[0] != kept[1]:
            return True
    if one is None and two is None:
        pages = [_PAGES.findall(c.text) for c in (first, second)]
        if all(pages) and pages[0] != pages[1]:
            return True  # one book, different pages
    titles = [set(_WORD.findall(_title(ctx, c))) for c in (first, second)]
    if not all(titles) or len(titles[0] & titles[1]) * 2 >= len(titles[0] | titles[1]):
        return False
    if one is None or two is None or _front_page(first.urls[0]):
        return True
    for keys in _IDENTITY:
        values = [next((t.text(k) for k in keys if t.text(k)), "") for t in (one, two)]
        if all(values) and _folded(values[0]) != _folded(values[1]):
            return True
    return False


def _archived(archive_url: str) -> str:
    """Return the page an archive URL keeps, as a comparison key ('' when unknown)."""
    if not archive_url:
        return ""
    snapshot = parse_archive_url(archive_url)
    original = snapshot.original_url if snapshot is not None else None
    return normalize_url(original or archive_url)


def _front_page(url: str) -> bool:
    """Return whether *url* is a site's front page or a top section (``/``, ``/arboretum/``)."""
    path = urlsplit(normalize_url(url)).path.strip("/")
    return "/" not in path


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
