"""Utilities over the mwparserfromhell tree: source spans, plain text, line numbers.

The tree is the source of truth; these functions only read it. :func:`index_tree` walks it
once and records, for every node, parameter and wikicode, the ``(start, end)`` offsets of
its text in ``str(tree)``, computed from the same rules the nodes use to print themselves,
so ``text[start:end] == str(node)`` holds for each of them without printing any twice.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Tag,
    Template,
    Text,
    Wikilink,
)

from wikimaint.wikitext.names import fold_name, lookup_template

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from mwparserfromhell.wikicode import Wikicode

__all__ = ["LineIndex", "TreeIndex", "index_tree", "plain_text"]

Span = tuple[int, int]

# Namespaces whose links do not show as text: categories, files, and their English names.
CATEGORY_NAMESPACES = frozenset({"تصنيف", "category"})
FILE_NAMESPACES = frozenset({"ملف", "صورة", "file", "image", "ميديا", "وسائط", "media"})
INVISIBLE_TAGS = frozenset(
    {"ref", "references", "gallery", "math", "score", "templatedata", "timeline", "graph"}
)


@dataclass(slots=True)
class Visit:
    """Represents one node met on the walk, with where it stands."""

    node: Any
    start: int
    depth: int
    ref: Tag | None
    previous: Any


# A span is kept as one int, ``start << _SHIFT | end``: unlike a tuple, an int is not
# tracked by the cyclic collector, and it takes a third of the memory.
_SHIFT = 40  # offsets are below 2**40
_MASK = (1 << _SHIFT) - 1


@dataclass
class TreeIndex:
    """Represents the spans of every part of a tree and its nodes grouped by type."""

    packed: dict[int, int] = field(default_factory=dict)
    templates: list[Visit] = field(default_factory=list)
    wikilinks: list[Visit] = field(default_factory=list)
    external_links: list[Visit] = field(default_factory=list)
    tags: list[Visit] = field(default_factory=list)
    headings: list[Visit] = field(default_factory=list)

    def span(self, obj: object) -> Span:
        """Return the ``(start, end)`` offsets of a node, parameter or wikicode of the tree."""
        packed = self.packed[id(obj)]
        return packed >> _SHIFT, packed & _MASK

    def slicer(self, text: str) -> Callable[[object], str]:
        """Return a function giving the text of a part of the tree, sliced from *text*.

        *text* must be what the tree prints. A part the walk did not enter (the hidden name
        of a wiki-markup tag such as ``''``) is printed instead.
        """
        get = self.packed.get

        def source(obj: object) -> str:
            packed = get(id(obj))
            return str(obj) if packed is None else text[packed >> _SHIFT : packed & _MASK]

        return source

    def spans(self) -> Iterator[tuple[int, Span]]:
        """Yield ``(id(obj), span)`` for every part of the tree the walk entered."""
        for key, packed in self.packed.items():
            yield key, (packed >> _SHIFT, packed & _MASK)

    def within(self, visits: list[Visit], code: Wikicode) -> list[Visit]:
        """Return the visits of *visits* (one of the lists above) whose node lies in *code*.

        The walk is depth-first in text order, so the nodes inside a wikicode are the run of
        visits starting in its span, in the order ``code.ifilter(recursive=True)`` gives.
        The one node that starts where its own child wikicode does, a bare URL, is left out.
        """
        start, end = self.span(code)
        first = bisect.bisect_left(visits, start, key=_start)
        last = bisect.bisect_left(visits, end, lo=first, key=_start)
        if first < last and getattr(visits[first].node, "url", None) is code:
            first += 1
        return visits[first:last]


def _start(visit: Visit) -> int:
    return visit.start


class _Walker:
    def __init__(self) -> None:
        self.index = TreeIndex()
        self.packed = self.index.packed
        self.ref: Tag | None = None

    def code(self, code: Wikicode, pos: int, depth: int) -> int:
        start = pos
        previous = None
        packed = self.packed
        visit = self.node
        for node in code.nodes:
            if type(node) is Text:  # most nodes: measured here, without a call
                end = pos + len(node.value)
                packed[id(node)] = pos << _SHIFT | end
                pos = end
            else:
                pos = visit(node, pos, depth, previous)
            previous = node
        packed[id(code)] = start << _SHIFT | pos
        return pos

    def node(self, node: Any, pos: int, depth: int, previous: Any) -> int:
        start = pos
        kind = type(node)
        index = self.index
        if kind is Text:
            pos += len(node.value)
        elif kind is Template:
            index.templates.append(Visit(node, pos, depth, self.ref, previous))
            pos = self.code(node.name, pos + 2, depth + 1)
            for param in node.params:
                param_start = pos = pos + 1
                if param.showkey:
                    pos = self.code(param.name, pos, depth + 1) + 1
                pos = self.code(param.value, pos, depth + 1)
                self.packed[id(param)] = param_start << _SHIFT | pos
            pos += 2
        elif kind is Wikilink:
            index.wikilinks.append(Visit(node, pos, depth, self.ref, previous))
            pos = self.code(node.title, pos + 2, depth + 1)
            if node.text is not None:
                pos = self.code(node.text, pos + 1, depth + 1)
            pos += 2
        elif kind is ExternalLink:
            index.external_links.append(Visit(node, pos, depth, self.ref, previous))
            if node.brackets:
                pos = self.code(node.url, pos + 1, depth + 1)
                if node.title is not None:
                    pos += 0 if node.suppress_space else 1
                    pos = self.code(node.title, pos, depth + 1)
                pos += 1
            else:
                pos = self.code(node.url, pos, depth + 1)
        elif kind is Tag:
            pos = self.tag(node, pos, depth, previous)
        elif kind is Heading:
            index.headings.append(Visit(node, pos, depth, self.ref, previous))
            pos = self.code(node.title, pos + node.level, depth + 1) + node.level
        elif kind is Argument:
            pos = self.code(node.name, pos + 3, depth + 1)
            if node.default is not None:
                pos = self.code(node.default, pos + 1, depth + 1)
            pos += 3
        else:  # Comment, HTMLEntity: leaves
            pos += len(str(node))
        self.packed[id(node)] = start << _SHIFT | pos
        return pos

    def attributes(self, node: Tag, pos: int, depth: int) -> int:
        for attr in node.attributes:
            pos = self.code(attr.name, pos + len(attr.pad_first), depth + 1)
            pos += len(attr.pad_before_eq)
            if attr.value is not None:
                quote = len(attr.quotes or "")
                pos = self.code(attr.value, pos + 1 + len(attr.pad_after_eq) + quote, depth + 1)
                pos += quote
        return pos

    def tag(self, node: Tag, pos: int, depth: int, previous: Any) -> int:
        self.index.tags.append(Visit(node, pos, depth, self.ref, previous))
        outer_ref = self.ref
        if not node.wiki_markup and str(node.tag).strip().casefold() == "ref":
            self.ref = node
        if node.wiki_markup:
            pos = self.attributes(node, pos + len(node.wiki_markup), depth)
            pos += len(node.padding or "") + len(node.wiki_style_separator or "")
            if not node.self_closing:
                pos = self.code(node.contents, pos, depth + 1)
                pos += len(node.closing_wiki_markup or "")
        else:
            pos = self.code(node.tag, pos + (2 if node.invalid else 1), depth + 1)
            pos = self.attributes(node, pos, depth)
            if node.self_closing:
                pos += len(node.padding) + (1 if node.implicit else 2)
            else:
                pos = self.code(node.contents, pos + len(node.padding) + 1, depth + 1)
                pos = self.code(node.closing_tag, pos + 2, depth + 1) + 1
        self.ref = outer_ref
        return pos


def index_tree(tree: Wikicode) -> TreeIndex:
    """Return the spans of every part of *tree* and its nodes grouped by type, in one walk."""
    walker = _Walker()
    walker.code(tree, 0, 0)
    return walker.index


def namespace_of(title: str) -> tuple[str, str]:
    """Return ``(namespace, rest)`` of a link title; the namespace is folded, '' for articles."""
    head, sep, rest = title.partition(":")
    if not sep:
        return "", title
    return fold_name(head), rest


def plain_text(
    code: Wikicode | Sequence[Any] | None, source: Callable[[Wikicode], str] = str
) -> str:
    """Return the text a reader sees for *code*, roughly: links as their text, no markup.

    Templates give nothing, except quotes (their text and who said it) and flags (the
    country name). References, categories and files give nothing. *source* gives the text
    of a wikicode inside *code* (a link's title, a tag's or template's name); a caller that
    has the source and its spans passes a slicer, which is cheaper than printing.

    >>> import mwparserfromhell
    >>> plain_text(mwparserfromhell.parse("في [[العراق|العراق]]<ref>x</ref>."))
    'في العراق.'
    """
    if code is None:
        return ""
    nodes = getattr(code, "nodes", code)
    first = next(iter(nodes), None) if len(nodes) == 1 else None  # SmartList[0] is slow
    if type(first) is Text:  # most parameter values
        text = first.value.strip()
    else:
        parts: list[str] = []
        _plain(nodes, parts, source)
        text = "".join(parts).strip()
    if "\n" not in text and "  " not in text and "\t" not in text:
        return text
    return _tidy(text)


def _tidy(text: str) -> str:
    """Return *text* with space runs as one space, lines stripped, blank lines not repeated.

    Spaces and tabs in a row become one space and each line is stripped; of several blank
    lines in a row one stays. String methods do it: on a 1.9 K-character Arabic section
    ``re.sub`` took 56 µs to squeeze its spaces, these 4 µs.
    """
    lines: list[str] = []
    blank = False
    for raw in text.split("\n"):
        line = raw.replace("\t", " ") if "\t" in raw else raw
        if "  " in line:
            line = " ".join(filter(None, line.split(" ")))
        line = line.strip()
        if line or not blank:
            lines.append(line)
        blank = not line
    return "\n".join(lines).strip()


def _plain(nodes: Iterable[Any], parts: list[str], source: Callable[[Wikicode], str]) -> None:
    for node in nodes:
        kind = type(node)
        if kind is Text:
            parts.append(node.value)
        elif kind is Wikilink:
            title = source(node.title)
            bare = title.lstrip()
            namespace = "" if bare.startswith(":") else namespace_of(bare)[0]
            if namespace in CATEGORY_NAMESPACES or namespace in FILE_NAMESPACES:
                continue
            if node.text is not None:
                _plain(node.text.nodes, parts, source)
            else:
                parts.append(title.lstrip(":"))
        elif kind is ExternalLink:
            if not node.brackets:
                parts.append(source(node.url))
            elif node.title is not None:
                _plain(node.title.nodes, parts, source)
        elif kind is Tag:
            name = source(node.tag).strip().casefold()
            if name in {"br", "p"}:
                parts.append("\n")
            elif name not in INVISIBLE_TAGS and not node.self_closing:
                _plain(node.contents.nodes, parts, source)
        elif kind is HTMLEntity:
            parts.append(node.normalize())
        elif kind is Heading:
            _plain(node.title.nodes, parts, source)
        elif kind is Template:
            _plain_template(node, parts, source)
        elif kind is Comment or kind is Argument:
            continue


_FLAGS = frozenset({"علم", "flag", "flagcountry", "علم دولة"})


def _plain_template(node: Template, parts: list[str], source: Callable[[Wikicode], str]) -> None:
    name = source(node.name)
    info = lookup_template(name)
    quote = info is not None and info.kind == "quote"
    if not quote and fold_name(name) not in _FLAGS:
        return
    positional = [p for p in node.params if not p.showkey]
    if not positional:
        return
    _plain(positional[0].value.nodes, parts, source)
    if quote and len(positional) > 1:
        parts.append("\n–")
        _plain(positional[1].value.nodes, parts, source)


class LineIndex:
    """Represents where each line of a text starts, to turn offsets into line:column.

    The line starts are found on the first question, so parsing pays nothing for them.
    """

    def __init__(self, text: str) -> None:
        """Keep *text* to index its line starts when first asked."""
        self.text = text
        self._starts: list[int] | None = None

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based ``(line, column)`` of *offset* (columns count code points)."""
        if self._starts is None:
            self._starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
