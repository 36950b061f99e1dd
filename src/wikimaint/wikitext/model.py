"""The Article and its parts, and the JSON document they give (``Article.to_dict``).

Every part keeps the mwparserfromhell node it was read from; the tree stays the source of
truth and ``to_dict`` is a view of it. Offsets (``span``) count code points of the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wikimaint.gcpause import paused

if TYPE_CHECKING:
    from mwparserfromhell.nodes import Tag, Template
    from mwparserfromhell.nodes.extras import Parameter
    from mwparserfromhell.wikicode import Wikicode

    from wikimaint.wikitext.arabic import ParsedDate
    from wikimaint.wikitext.tree import LineIndex, TreeIndex

__all__ = [
    "SCHEMA_ID",
    "Article",
    "Category",
    "Citation",
    "ExternalLinkRef",
    "Infobox",
    "MaintenanceTag",
    "Param",
    "Portal",
    "RefUse",
    "ReferencesList",
    "Section",
    "TemplateCall",
    "Wikilink",
]

SCHEMA_ID = "https://wikimaint.example/schemas/article/1.0.0/article.schema.json"

Span = tuple[int, int]


def _span(span: Span) -> dict[str, int]:
    return {"start": span[0], "end": span[1]}


def date_dict(parsed: ParsedDate) -> dict[str, Any]:
    """Return the JSON form of a parsed date: ISO value and precision, or why it failed."""
    if parsed.ok:
        return {"value": parsed.value, "precision": parsed.precision, "style": parsed.style}
    return {"error": parsed.error}


@dataclass(slots=True)
class Param:
    """Represents one template parameter as written, and what it means."""

    name: str
    key: str | None
    value: str
    text: str
    positional: bool
    span: Span
    node: Parameter = field(repr=False)
    date: ParsedDate | None = None
    known: bool = True
    duplicate: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the parameter."""
        out: dict[str, Any] = {
            "name": self.name,
            "key": self.key,
            "value": self.value,
            "text": self.text,
            "positional": self.positional,
            "known": self.known,
            "span": _span(self.span),
        }
        if self.duplicate:
            out["duplicate"] = True
        if self.date is not None:
            out["date"] = date_dict(self.date)
        return out


@dataclass(slots=True)
class TemplateCall:
    """Represents a template call: its name as written, what it is, and its parameters."""

    name: str
    canonical: str | None
    kind: str | None
    span: Span
    node: Template = field(repr=False)
    params: list[Param] = field(default_factory=list)
    type: str | None = None

    def get(self, key: str) -> Param | None:
        """Return the parameter whose canonical key is *key*, or ``None``.

        When the key is given twice (``url=`` and ``مسار=``), the last one: MediaWiki uses
        the last occurrence, and so does mwparserfromhell's ``Template.get``.
        """
        for param in reversed(self.params):
            if param.key == key:
                return param
        return None

    def text(self, key: str) -> str:
        """Return the plain text of parameter *key*, or '' when absent."""
        param = self.get(key)
        return param.text if param else ""

    def to_dict(self, *, with_params: bool = True) -> dict[str, Any]:
        """Return the JSON form of the call."""
        out: dict[str, Any] = {
            "name": self.name,
            "canonical": self.canonical,
            "kind": self.kind,
            "span": _span(self.span),
        }
        if self.type is not None:
            out["type"] = self.type
        if with_params:
            out["params"] = [p.to_dict() for p in self.params]
        return out


@dataclass(slots=True)
class RefUse:
    """Represents one ``<ref>`` tag in the text: a definition or a reuse of a named ref."""

    span: Span
    node: Tag = field(repr=False)
    name: str | None
    group: str
    has_content: bool
    in_references_list: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the use."""
        return {
            "span": _span(self.span),
            "definition": self.has_content,
            "in_references_list": self.in_references_list,
        }


@dataclass(slots=True)
class Citation:
    """Represents one footnote as the reader sees it: its number, definition and uses."""

    index: int
    number: int
    label: str
    name: str | None
    group: str
    kind: str
    uses: list[RefUse] = field(default_factory=list)
    definition: RefUse | None = None
    conflicting: list[RefUse] = field(default_factory=list)
    template: TemplateCall | None = None
    extras: list[TemplateCall] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    text: str = ""
    raw: str = ""

    def source_dict(self) -> dict[str, Any]:
        """Return the JSON form of a citation template outside ``<ref>`` (kind ``source``)."""
        template = self.template.to_dict() if self.template else None
        return {"index": self.index, "template": template}

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the citation."""
        return {
            "index": self.index,
            "number": self.number,
            "label": self.label,
            "name": self.name,
            "group": self.group,
            "kind": self.kind,
            "defined": self.definition is not None,
            "definition": self.definition.to_dict() if self.definition else None,
            "uses": [u.to_dict() for u in self.uses],
            "conflicting_definitions": [u.to_dict() for u in self.conflicting],
            "template": self.template.to_dict() if self.template else None,
            "extras": [t.to_dict() for t in self.extras],
            "urls": self.urls,
            "text": self.text,
            "raw": self.raw,
        }


@dataclass(slots=True)
class Section:
    """Represents a section: its heading, level, own text and child sections."""

    title: str
    heading: str
    level: int
    span: Span
    text: str
    children: list[Section] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the section and its children."""
        return {
            "title": self.title,
            "heading": self.heading,
            "level": self.level,
            "span": _span(self.span),
            "text": self.text,
            "sections": [c.to_dict() for c in self.children],
        }


@dataclass(slots=True)
class Infobox:
    """Represents the article's infobox: a template call whose parameters are its rows."""

    call: TemplateCall

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the infobox."""
        return self.call.to_dict()


@dataclass(slots=True)
class Wikilink:
    """Represents an internal link (not a category)."""

    target: str
    text: str | None
    namespace: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the link."""
        return {
            "target": self.target,
            "text": self.text,
            "namespace": self.namespace,
            "span": _span(self.span),
        }


@dataclass(slots=True)
class ExternalLinkRef:
    """Represents an external link written in the text (not a template parameter)."""

    url: str
    title: str | None
    bracketed: bool
    citation: int | None
    span: Span

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the link."""
        return {
            "url": self.url,
            "title": self.title,
            "bracketed": self.bracketed,
            "citation": self.citation,
            "span": _span(self.span),
        }


@dataclass(slots=True)
class Category:
    """Represents a category link and its sort key."""

    name: str
    sort_key: str | None
    span: Span

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the category."""
        return {"name": self.name, "sort_key": self.sort_key, "span": _span(self.span)}


@dataclass(slots=True)
class MaintenanceTag:
    """Represents a maintenance template such as ``{{وصلة مكسورة}}`` or ``{{بحاجة لمصدر}}``."""

    call: TemplateCall
    tag: str
    date: ParsedDate | None
    citation: int | None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the tag."""
        out = self.call.to_dict(with_params=False)
        out["tag"] = self.tag
        out["citation"] = self.citation
        out["date"] = date_dict(self.date) if self.date is not None else None
        return out


@dataclass(slots=True)
class Portal:
    """Represents a portal named in a portal bar."""

    name: str
    template: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the portal."""
        return {"name": self.name, "template": self.template, "span": _span(self.span)}


@dataclass(slots=True)
class ReferencesList:
    """Represents a place where references are shown: ``{{مراجع}}`` or ``<references />``."""

    name: str
    kind: str
    group: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the list."""
        return {"name": self.name, "kind": self.kind, "group": self.group, "span": _span(self.span)}


@dataclass(slots=True)
class Article:
    """Represents a parsed article: the tree (source of truth) and a structured view of it.

    ``str(article)`` prints the tree, which gives back the input byte for byte.
    """

    title: str | None
    tree: Wikicode = field(repr=False)
    index: TreeIndex = field(repr=False)
    lines: LineIndex = field(repr=False)
    lead: Section
    sections: list[Section]
    infobox: Infobox | None
    citations: list[Citation]
    references_lists: list[ReferencesList]
    wikilinks: list[Wikilink]
    external_links: list[ExternalLinkRef]
    templates: list[TemplateCall]
    categories: list[Category]
    default_sort: str | None
    maintenance_tags: list[MaintenanceTag]
    portals: list[Portal]
    sources: list[Citation] = field(default_factory=list)
    """Citation templates outside ``<ref>`` (bibliographies for {{sfn}}, further reading),
    each a :class:`Citation` of kind ``source`` numbered in page order."""

    def __str__(self) -> str:
        """Return the article's wikitext, printed from the tree."""
        return str(self.tree)

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based ``(line, column)`` of a source offset."""
        return self.lines.position(offset)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON document of the article (see ``schemas/article.schema.json``)."""
        with paused():  # many small dicts, no cycles: see wikimaint.gcpause
            return self._document()

    def _document(self) -> dict[str, Any]:
        return {
            "$schema": SCHEMA_ID,
            "title": self.title,
            "length": self.index.span(self.tree)[1],
            "lead": self.lead.to_dict(),
            "sections": [s.to_dict() for s in self.sections],
            "infobox": self.infobox.to_dict() if self.infobox else None,
            "citations": [c.to_dict() for c in self.citations],
            "sources": [c.source_dict() for c in self.sources],
            "references_lists": [r.to_dict() for r in self.references_lists],
            "wikilinks": [w.to_dict() for w in self.wikilinks],
            "external_links": [e.to_dict() for e in self.external_links],
            "templates": [t.to_dict(with_params=False) for t in self.templates],
            "categories": [c.to_dict() for c in self.categories],
            "default_sort": self.default_sort,
            "maintenance_tags": [m.to_dict() for m in self.maintenance_tags],
            "portals": [p.to_dict() for p in self.portals],
        }
