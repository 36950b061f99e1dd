"""Turn wikitext into an :class:`~wikimaint.wikitext.model.Article`: pure, no I/O, lossless.

``str(parse(text)) == text`` for every input: the article keeps the mwparserfromhell tree
and prints it. Everything else (infobox, sections, citations, links, …) is read off the
tree in one walk (:func:`wikimaint.wikitext.tree.index_tree`).
"""

from __future__ import annotations

from typing import cast

from mwparserfromhell.nodes import Heading, Template, Text
from mwparserfromhell.wikicode import Wikicode

from wikimaint.gcpause import paused
from wikimaint.wikitext.arabic import parse_date
from wikimaint.wikitext.builder import build_tree
from wikimaint.wikitext.model import (
    Article,
    Category,
    Citation,
    ExternalLinkRef,
    Infobox,
    MaintenanceTag,
    Param,
    Portal,
    Section,
    TemplateCall,
    Wikilink,
)
from wikimaint.wikitext.names import fold_name, lookup_template, param_info
from wikimaint.wikitext.refs import References
from wikimaint.wikitext.tree import (
    CATEGORY_NAMESPACES,
    LineIndex,
    TreeIndex,
    index_tree,
    namespace_of,
    plain_text,
)

__all__ = ["parse"]

# Kinds of template whose parameters the document spells out.
_WITH_PARAMS = frozenset(
    {"citation", "archive", "infobox", "maintenance", "portal", "references", "quote", "bots"}
)
# Keys whose value is read as a date in any template (citations know theirs by type).
_DATE_KEYS = frozenset({"تاريخ", "date"})
_NAMESPACES = {
    "تصنيف": "Category", "category": "Category",
    "ملف": "File", "صورة": "File", "file": "File", "image": "File",
    "ميديا": "Media", "وسائط": "Media", "media": "Media",
    "قالب": "Template", "template": "Template",
    "بوابة": "Portal", "portal": "Portal",
    "ويكيبيديا": "Project", "وب": "Project", "نو": "Project", "wikipedia": "Project",
    "مستخدم": "User", "مستخدمة": "User", "user": "User",
    "مساعدة": "Help", "help": "Help", "خاص": "Special", "special": "Special",
    "وحدة": "Module", "module": "Module",
}  # fmt: skip


def parse(text: str, title: str | None = None) -> Article:
    """Return the Article for *text*; ``str(result) == text`` always holds.

    >>> article = parse("'''بغداد''' عاصمة [[العراق]].<ref>{{استشهاد ويب|مسار=https://x.iq|عنوان=بغداد}}</ref>")
    >>> article.citations[0].template.text("url")
    'https://x.iq'
    """
    with paused():  # many small objects, no cycles: see wikimaint.gcpause
        tree, index = _lossless_tree(text)
        return _Builder(text, tree, index, title).build()


def _lossless_tree(text: str) -> tuple[Wikicode, TreeIndex]:
    """Return a tree that prints *text* exactly, with its index.

    The tree is the one ``mwparserfromhell.parse`` makes, built by
    :mod:`wikimaint.wikitext.builder`, which keeps NUL characters, reads openers that cannot
    close as text and bounds the depth. Should any tree still come out short, the text is
    kept as one plain text node: less structure, never fewer bytes.
    """
    tree = build_tree(text)
    index = index_tree(tree)
    if index.span(tree)[1] != len(text):
        tree = Wikicode([Text(text)])
        index = index_tree(tree)
    return tree, index


class _Builder:
    def __init__(self, text: str, tree: Wikicode, index: TreeIndex, title: str | None) -> None:
        self.text = text
        self.tree = tree
        self.title = title
        self.index = index
        self.source = index.slicer(text)  # the text of a part of the tree, from the input
        self.calls: dict[int, TemplateCall] = {}
        self.refs = References(index, self.source, self.call)

    def build(self) -> Article:
        templates = [self.call(v.node) for v in self.index.templates]
        sources = [
            Citation(n, n, str(n), None, "", "source", template=call)
            for n, call in enumerate(
                (c for v, c in zip(self.index.templates, templates, strict=True)
                 if c.kind == "citation" and v.ref is None),
                1,
            )
        ]  # fmt: skip
        lead, sections = self.sections()
        citations, ref_lists = self.refs.read()
        links, categories = self.wikilinks()
        return Article(
            title=self.title,
            tree=self.tree,
            index=self.index,
            lines=LineIndex(self.text),
            lead=lead,
            sections=sections,
            infobox=self.infobox(),
            citations=citations,
            references_lists=ref_lists,
            wikilinks=links,
            external_links=self.external_links(),
            templates=templates,
            categories=categories,
            default_sort=self.default_sort(),
            maintenance_tags=self.maintenance_tags(),
            portals=self.portals(),
            sources=sources,
        )

    # Templates -------------------------------------------------------------------------

    def call(self, node: Template) -> TemplateCall:
        found = self.calls.get(id(node))
        if found is not None:
            return found
        name = self.source(node.name).strip()
        info = lookup_template(name)
        call = TemplateCall(
            name=name,
            canonical=info.canonical if info else None,
            kind=info.kind if info else None,
            span=self.index.span(node),
            node=node,
            type=info.type if info else None,
        )
        if info is not None and info.kind in _WITH_PARAMS:
            call.params = self.params(node, citation=info.kind == "citation", ctype=info.type)
        self.calls[id(node)] = call
        return call

    def params(self, node: Template, *, citation: bool, ctype: str | None) -> list[Param]:
        params: list[Param] = []
        seen: set[str] = set()
        span, source = self.index.span, self.source
        for param in node.params:
            showkey = param.showkey
            # A positional parameter's name is not in the source: it is its number.
            name = (source(param.name) if showkey else str(param.name)).strip()
            value = param.value
            text = plain_text(value, source)
            info = param_info(name) if citation and showkey else None
            if citation:
                key = info.key if info else None
                known = info is not None or (not showkey and ctype == "wikidata")
            else:
                key, known = fold_name(name), True
            duplicate = key in seen
            if key is not None:
                seen.add(key)
            is_date = (info is not None and info.type == "date") or key in _DATE_KEYS
            date = parse_date(text) if text and is_date else None
            raw, where = source(value), span(param)
            # In field order, without keywords: this runs for every parameter.
            item = Param(name, key, raw, text, not showkey, where, param, date, known, duplicate)
            params.append(item)
        return params

    def infobox(self) -> Infobox | None:
        candidates = [v for v in self.index.templates if self.call(v.node).kind == "infobox"]
        top = [v for v in candidates if v.depth == 0]
        chosen = top or candidates
        return Infobox(self.call(chosen[0].node)) if chosen else None

    def default_sort(self) -> str | None:
        for visit in self.index.templates:
            call = self.call(visit.node)
            if call.kind == "default-sort":
                return call.name.split(":", 1)[1].strip()
        return None

    def maintenance_tags(self) -> list[MaintenanceTag]:
        tags: list[MaintenanceTag] = []
        for visit in self.index.templates:
            call = self.call(visit.node)
            if call.kind != "maintenance":
                continue
            info = lookup_template(call.name)
            date_param = call.get("تاريخ") or call.get("date")
            date = parse_date(date_param.text) if date_param and date_param.text else None
            tag = info.tag or "" if info else ""
            tags.append(MaintenanceTag(call, tag, date, self.refs.citation_of(visit)))
        return tags

    def portals(self) -> list[Portal]:
        portals: list[Portal] = []
        for visit in self.index.templates:
            call = self.call(visit.node)
            if call.kind != "portal":
                continue
            portals.extend(
                Portal(p.text, call.name, p.span) for p in call.params if p.positional and p.text
            )
        return portals

    # Sections --------------------------------------------------------------------------

    def sections(self) -> tuple[Section, list[Section]]:
        nodes = list(self.tree.nodes)  # slices of a plain list, not SmartList views
        cuts = [i for i, node in enumerate(nodes) if isinstance(node, Heading)]
        end = self.index.span(self.tree)[1]
        lead_end = self.index.span(nodes[cuts[0]])[0] if cuts else end
        lead = Section(
            "", "", 0, (0, lead_end), plain_text(nodes[: cuts[0]] if cuts else nodes, self.source)
        )
        flat: list[Section] = []
        for n, cut in enumerate(cuts):
            heading = cast("Heading", nodes[cut])
            stop = cuts[n + 1] if n + 1 < len(cuts) else len(nodes)
            start = self.index.span(heading)[0]
            flat.append(
                Section(
                    title=plain_text(heading.title, self.source),
                    heading=str(heading.title).strip(),
                    level=heading.level,
                    span=(start, end),
                    text=plain_text(nodes[cut + 1 : stop], self.source),
                )
            )
        # Nest by level; a section runs until the next heading of its level or higher.
        roots: list[Section] = []
        stack: list[Section] = []
        for section in flat:
            while stack and stack[-1].level >= section.level:
                done = stack.pop()
                done.span = (done.span[0], section.span[0])
            (stack[-1].children if stack else roots).append(section)
            stack.append(section)
        return lead, roots

    # Links -----------------------------------------------------------------------------

    def wikilinks(self) -> tuple[list[Wikilink], list[Category]]:
        links: list[Wikilink] = []
        categories: list[Category] = []
        for visit in self.index.wikilinks:
            node = visit.node
            title = self.source(node.title).strip()
            text = self.source(node.text) if node.text is not None else None
            namespace, rest = namespace_of(title)
            span = self.index.span(node)
            if namespace in CATEGORY_NAMESPACES and not title.startswith(":"):
                categories.append(Category(rest.strip(), text, span))
                continue
            canonical = _NAMESPACES.get(namespace.lstrip(":"), "")
            links.append(Wikilink(title, text, canonical, span))
        return links, categories

    def external_links(self) -> list[ExternalLinkRef]:
        out: list[ExternalLinkRef] = []
        for visit in self.index.external_links:
            node = visit.node
            title = self.source(node.title) if node.title is not None else None
            out.append(
                ExternalLinkRef(
                    self.source(node.url),
                    title,
                    bool(node.brackets),
                    self.refs.citation_of(visit) if visit.ref is not None else None,
                    self.index.span(node),
                )
            )
        return out
