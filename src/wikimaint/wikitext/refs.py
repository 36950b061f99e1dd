"""References: ``<ref>`` tags and reference lists read into numbered citations.

:class:`References` is handed the tree's index, a source slicer and the function that
reads a template call (the parser's, so each template is read once), and reads every
``<ref>`` the way MediaWiki numbers them: per group, a named reference reused under its
first number, list-defined references (inside ``<references>…</references>``) numbered by
their first use in the body. Each citation gets its template, URLs, text and kind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mwparserfromhell.nodes import ExternalLink, Tag, Template, Text

from wikimaint.wikitext.model import Citation, ReferencesList, RefUse
from wikimaint.wikitext.names import lookup_template
from wikimaint.wikitext.tree import plain_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from wikimaint.wikitext.model import TemplateCall
    from wikimaint.wikitext.tree import TreeIndex, Visit

__all__ = ["References", "group_of"]


class References:
    """Represents the reading of one article's references (see the module docstring)."""

    def __init__(
        self,
        index: TreeIndex,
        source: Callable[[object], str],
        call: Callable[[Template], TemplateCall],
    ) -> None:
        """Read with *index*, the *source* slicer and *call* for template calls."""
        self.index = index
        self.source = source
        self.call = call
        self.ref_citation: dict[int, Citation] = {}

    def read(self) -> tuple[list[Citation], list[ReferencesList]]:
        """Return the article's citations, numbered as the page numbers them, and its lists."""
        ref_lists: list[ReferencesList] = []
        list_spans: list[tuple[int, int]] = []
        refs: list[RefUse] = []
        for visit in self.index.tags:
            node = visit.node
            if node.wiki_markup:
                continue
            tag = self.source(node.tag).strip().casefold()
            if tag == "references":
                span = self.index.span(node)
                ref_lists.append(ReferencesList("references", "tag", _attr(node, "group"), span))
                if not node.self_closing:
                    list_spans.append(span)
            elif tag == "ref":
                span = self.index.span(node)
                inside = any(a <= span[0] and span[1] <= b for a, b in list_spans)
                content = not node.self_closing and bool(self.source(node.contents).strip())
                name = _attr(node, "name") or None
                refs.append(RefUse(span, node, name, _attr(node, "group"), content, inside))
        for visit in self.index.templates:
            call = self.call(visit.node)
            if call.kind == "references":
                ref_lists.append(ReferencesList(call.name, "template", group_of(call), call.span))
        ref_lists.sort(key=lambda r: r.span[0])
        return self.number(refs), ref_lists

    def number(self, refs: list[RefUse]) -> list[Citation]:
        """Return the citations *refs* make: reuses joined by name, numbered per group."""
        citations: list[Citation] = []
        by_name: dict[tuple[str, str], Citation] = {}
        counters: dict[str, int] = {}
        # Refs in the body are numbered in order; list-defined refs take the number of
        # their first use in the body, so they are read last.
        ordered = [r for r in refs if not r.in_references_list]
        ordered += [r for r in refs if r.in_references_list]
        for ref in ordered:
            key = (ref.group, ref.name) if ref.name else None
            citation = by_name.get(key) if key else None
            if citation is None:
                counters[ref.group] = number = counters.get(ref.group, 0) + 1
                label = f"{ref.group} {number}" if ref.group else str(number)
                citation = Citation(len(citations) + 1, number, label, ref.name, ref.group, "")
                citations.append(citation)
                if key:
                    by_name[key] = citation
            if not ref.in_references_list:
                citation.uses.append(ref)
            self.ref_citation[id(ref.node)] = citation
            if ref.has_content:
                if citation.definition is None:
                    citation.definition = ref
                elif self.norm(citation.definition.node) != self.norm(ref.node):
                    citation.conflicting.append(ref)
        for citation in citations:
            self.describe(citation)
        return citations

    def norm(self, ref: Tag) -> str:
        """Return the contents of *ref* with runs of white space made one space."""
        return " ".join(self.source(ref.contents).split())

    def describe(self, citation: Citation) -> None:
        """Fill in what *citation*'s definition holds: its template, URLs, text and kind."""
        definition = citation.definition
        if definition is None:
            citation.kind = "undefined" if citation.name else "empty"
            return
        contents = definition.node.contents
        citation.raw = self.source(contents)
        citation.text = plain_text(contents, self.source)
        calls = [self.call(v.node) for v in self.index.within(self.index.templates, contents)]
        main = next((c for c in calls if c.kind == "citation"), None)
        citation.template = main
        citation.extras = [c for c in calls if c is not main]
        urls = [main.text("url")] if main and main.text("url") else []
        for visit in self.index.within(self.index.external_links, contents):
            url = self.source(visit.node.url)
            if url not in urls:
                urls.append(url)
        citation.urls = urls
        if main is not None:
            citation.kind = "template"
            return
        rest = [
            n
            for n in contents.nodes
            if not (isinstance(n, Text) and not n.value.strip())
            and not (isinstance(n, Template) and self.call(n).kind in {"archive", "maintenance"})
        ]
        if len(rest) == 1 and isinstance(rest[0], ExternalLink):
            citation.kind = "link" if rest[0].brackets else "bare-url"
        else:
            citation.kind = "text"

    def citation_of(self, visit: Visit) -> int | None:
        """Return the index of the citation a node belongs to or directly follows."""
        for tag in (visit.ref, visit.previous):
            if isinstance(tag, Tag) and id(tag) in self.ref_citation:
                return self.ref_citation[id(tag)].index
        return None


def group_of(call: TemplateCall) -> str:
    """Return the ``<ref>`` group a reference list or footnote template shows or fills.

    ``|group=`` (``|مجموعة=``) when given, else the template's own (``{{Notelist}}``:
    lower-alpha), else the main group ("").
    """
    given = call.get("group") or call.get("مجموعة")
    if given is not None:
        return given.text
    info = lookup_template(call.name)
    return (info.group or "") if info else ""


def _attr(node: Tag, name: str) -> str:
    for attr in node.attributes:
        if str(attr.name).strip().casefold() == name:
            return str(attr.value).strip() if attr.value is not None else ""
    return ""
