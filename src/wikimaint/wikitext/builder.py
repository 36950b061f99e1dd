"""Build mwparserfromhell's tree from its tokens, the same tree its own builder makes, faster.

``mwparserfromhell.parse`` is a tokenizer in C and a tree builder in Python; the builder is
four fifths of the time. It makes every node through its public constructor, whose setters
pass each child wikicode through ``parse_anything``, and that function runs four import
statements per call: a third of the builder's time goes there. This builder reads the
same tokens and makes the same nodes of the same classes, with the same attributes, but
sets the attributes the setters would set directly for the common nodes (text, wikicode,
templates and their parameters, wikilinks, external links), and uses the public
constructors for the rest.

Setting attributes ties it to mwparserfromhell's internals, so it checks itself: on import
it builds a probe text holding every kind of node both ways and compares the trees
attribute by attribute (:func:`same_tree`). If they differ — a new mwparserfromhell
storing its nodes otherwise — :data:`FAST` is false and :func:`build_tree` uses the library's
builder. Any error on the way (tokens the builder does not expect) also falls back to the
library's builder, which says what is wrong in its own words.

>>> str(build_tree("{{استشهاد ويب|مسار=https://x.iq}} [[بغداد]]"))
'{{استشهاد ويب|مسار=https://x.iq}} [[بغداد]]'
"""

from __future__ import annotations

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
from mwparserfromhell.nodes.extras import Attribute, Parameter
from mwparserfromhell.parser import tokens as tk
from mwparserfromhell.parser.builder import Builder
from mwparserfromhell.parser.errors import ParserError
from mwparserfromhell.smart_list import SmartList
from mwparserfromhell.wikicode import Wikicode

try:
    from mwparserfromhell.parser._tokenizer import CTokenizer as _Tokenizer
except ImportError:  # pragma: no cover - a build of mwparserfromhell without its C tokenizer
    from mwparserfromhell.parser.tokenizer import Tokenizer as _Tokenizer

from wikimaint.wikitext.blocks import LONGEST, cut_points
from wikimaint.wikitext.unclosed import (
    MAX_DEPTH,
    Masked,
    hostile,
    mask_brace_runs,
    mask_unclosed,
    token_depth,
    unmask,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = ["FAST", "MAX_DEPTH", "bounded_tokens", "build_tree", "same_tree"]

_new = object.__new__


def _code(nodes: list[Any]) -> Wikicode:
    """Return the Wikicode of *nodes*, as ``Wikicode(SmartList(nodes))`` makes it."""
    code = _new(Wikicode)
    code._nodes = SmartList(nodes)  # type: ignore[no-untyped-call]
    return code


def _text(value: str) -> Text:
    node = _new(Text)
    node._value = value
    return node


_TEMPLATE_NAME_END = frozenset({tk.TemplateParamSeparator, tk.TemplateClose})
_PARAM_END = frozenset({tk.TemplateParamEquals, tk.TemplateParamSeparator, tk.TemplateClose})
_ARGUMENT_END = frozenset({tk.ArgumentSeparator, tk.ArgumentClose})
_WIKILINK_END = frozenset({tk.WikilinkSeparator, tk.WikilinkClose})
_EXTERNAL_LINK_END = frozenset({tk.ExternalLinkSeparator, tk.ExternalLinkClose})
_HEADING_END = frozenset({tk.HeadingEnd})
_COMMENT_END = frozenset({tk.CommentEnd})
_TAG_PART_END = frozenset(
    {tk.TagAttrStart, tk.TagCloseOpen, tk.TagOpenClose, tk.TagCloseSelfclose, tk.TagCloseClose}
)
_ATTRIBUTE_END = frozenset(
    {tk.TagAttrEquals, tk.TagAttrQuote, tk.TagAttrStart, tk.TagCloseOpen, tk.TagCloseSelfclose}
)
_NO_END: frozenset[type] = frozenset()


class _Build:
    """Reads tokens in order from one iterator; each construct reads up to its own close."""

    def __init__(self, tokens: Iterator[Any]) -> None:
        self.tokens = tokens

    def run(self, ends: frozenset[type]) -> tuple[list[Any], Any]:
        """Return the nodes up to the first token whose type is in *ends*, and that token.

        With no *ends*, read to the end of the tokens and return ``None`` as the token.
        """
        nodes: list[Any] = []
        append = nodes.append
        handlers = _HANDLERS
        for token in self.tokens:
            kind = type(token)
            if kind is tk.Text:
                node = _new(Text)
                node._value = token["text"]
                append(node)
            elif kind in ends:
                return nodes, token
            else:
                append(handlers[kind](self, token))
        if ends:
            raise ParserError("a construct is missing its close token")  # type: ignore[no-untyped-call]
        return nodes, None

    def split(self, ends: frozenset[type], separator: type) -> tuple[Any, Wikicode, Any, Any]:
        """Read up to a token in *ends* that is not *separator*; split at the last separator.

        Return the wikicode before the last separator (``None`` without one), the wikicode
        after it, that separator token (or ``None``) and the token that ended the run. As in
        the library's builder, a later separator makes what came before it the head.
        """
        nodes, token = self.run(ends)
        head = mark = None
        while type(token) is separator:
            head, mark = _code(nodes), token
            nodes, token = self.run(ends)
        return head, _code(nodes), mark, token

    def template(self, _: Any) -> Template:
        nodes, token = self.run(_TEMPLATE_NAME_END)
        name = _code(nodes)
        params: list[Parameter] = []
        default = 1
        while type(token) is tk.TemplateParamSeparator:
            key, value, _, token = self.split(_PARAM_END, tk.TemplateParamEquals)
            param = _new(Parameter)
            if key is None:
                param._name = _code([_text(str(default))])
                param._showkey = False
                default += 1
            else:
                param._name = key
                param._showkey = True
            param._value = value
            params.append(param)
        node = _new(Template)
        node._name = name
        node._params = params
        return node

    def argument(self, _: Any) -> Argument:
        name, default, _, _ = self.split(_ARGUMENT_END, tk.ArgumentSeparator)
        if name is None:
            return Argument(default)
        return Argument(name, default)

    def wikilink(self, _: Any) -> Wikilink:
        title, text, _, _ = self.split(_WIKILINK_END, tk.WikilinkSeparator)
        node = _new(Wikilink)
        node._title, node._text = (text, None) if title is None else (title, text)
        return node

    def external_link(self, opening: Any) -> ExternalLink:
        url, title, separator, _ = self.split(_EXTERNAL_LINK_END, tk.ExternalLinkSeparator)
        node = _new(ExternalLink)
        node._url, node._title = (title, None) if url is None else (url, title)
        node._brackets = bool(opening.get("brackets"))
        node.suppress_space = separator is not None and separator.get("suppress_space") is True
        return node

    def entity(self, _: Any) -> HTMLEntity:
        token = next(self.tokens)
        if type(token) is tk.HTMLEntityNumeric:
            token = next(self.tokens)
            if type(token) is tk.HTMLEntityHex:
                text = next(self.tokens)
                next(self.tokens)  # HTMLEntityEnd
                return HTMLEntity(
                    text.get("text"), named=False, hexadecimal=True, hex_char=token.get("char")
                )
            next(self.tokens)
            return HTMLEntity(token.get("text"), named=False, hexadecimal=False)
        next(self.tokens)
        return HTMLEntity(token.get("text"), named=True, hexadecimal=False)

    def heading(self, opening: Any) -> Heading:
        nodes, _ = self.run(_HEADING_END)
        return Heading(_code(nodes), opening.get("level"))

    def comment(self, _: Any) -> Comment:
        nodes, _ = self.run(_COMMENT_END)
        return Comment(_code(nodes))

    def attribute(self, opening: Any) -> tuple[Attribute, Any]:
        """Return the attribute and the token that ended it (the tag goes on from there)."""
        name: Wikicode | None = None
        quotes = None
        current: list[Any] = []
        while True:
            nodes, token = self.run(_ATTRIBUTE_END)
            current += nodes
            kind = type(token)
            if kind is tk.TagAttrEquals:
                name = _code(current)
                current = []
            elif kind is tk.TagAttrQuote:
                quotes = token.get("char")
            else:
                break
        value: Wikicode | None
        if name:  # an empty name is falsy: the library's builder then takes the text as name
            value = _code(current)
        else:
            name, value = _code(current), None
        attribute = Attribute(
            name,
            value,
            quotes,
            opening.get("pad_first"),
            opening.get("pad_before_eq"),
            opening.get("pad_after_eq"),
        )
        return attribute, token

    def tag(self, opening: Any) -> Tag:
        tag = padding = contents = closing_tag = None
        attrs: list[Attribute] = []
        implicit = False
        wiki_markup = opening.get("wiki_markup")
        invalid = opening.get("invalid") or False
        wiki_style_separator = None
        closing_wiki_markup = wiki_markup
        current: list[Any] = []
        nodes, token = self.run(_TAG_PART_END)
        while True:
            current += nodes
            kind = type(token)
            if kind is tk.TagAttrStart:
                attribute, token = self.attribute(token)
                attrs.append(attribute)
                nodes = []
                continue
            if kind is tk.TagCloseOpen:
                wiki_style_separator = token.get("wiki_markup")
                padding = token.get("padding") or ""
                tag = _code(current)
                current = []
            elif kind is tk.TagOpenClose:
                closing_wiki_markup = token.get("wiki_markup")
                contents = _code(current)
                current = []
            elif kind is tk.TagCloseSelfclose:
                closing_wiki_markup = token.get("wiki_markup")
                tag = _code(current)
                padding = token.get("padding") or ""
                implicit = token.get("implicit") or False
                self_closing = True
                break
            else:  # TagCloseClose
                self_closing = False
                closing_tag = _code(current)
                break
            nodes, token = self.run(_TAG_PART_END)
        if tag is None or padding is None:
            raise ParserError("a tag has no name")  # type: ignore[no-untyped-call]
        return Tag(
            tag,
            contents,
            attrs,
            wiki_markup,
            self_closing,
            invalid,
            implicit,
            padding,
            closing_tag,
            wiki_style_separator,
            closing_wiki_markup,
        )


_HANDLERS: dict[type, Callable[[_Build, Any], Any]] = {
    tk.TemplateOpen: _Build.template,
    tk.ArgumentOpen: _Build.argument,
    tk.WikilinkOpen: _Build.wikilink,
    tk.ExternalLinkOpen: _Build.external_link,
    tk.HTMLEntityStart: _Build.entity,
    tk.HeadingStart: _Build.heading,
    tk.CommentStart: _Build.comment,
    tk.TagOpenOpen: _Build.tag,
}


# What odd tokens make this builder raise: no handler for a token (KeyError), tokens that
# end inside a construct (ParserError, StopIteration), a token without the fields expected.
_BUILD_ERRORS = (ParserError, KeyError, StopIteration, TypeError, ValueError, AttributeError)


def tokenize(text: str) -> list[Any]:
    """Return mwparserfromhell's tokens for *text* (its C tokenizer where it has one)."""
    # The C tokenizer takes no keywords: context 0, style tags parsed.
    return _Tokenizer().tokenize(text, 0, False)  # type: ignore[no-any-return]  # noqa: FBT003


def fast_build(tokens: list[Any]) -> Wikicode:
    """Return the tree of *tokens* by this module's builder alone (raises on odd tokens)."""
    nodes, _ = _Build(iter(tokens)).run(_NO_END)
    return _code(nodes)


def bounded_tokens(text: str) -> list[Any] | None:
    """Return the tokens of *text*, read in linear time, nesting at most :data:`MAX_DEPTH`.

    Openers that cannot close are read as text without trying them (the library's tokens
    all the same, see :mod:`~wikimaint.wikitext.unclosed`), and so is NUL. Past the depth
    limit, which only brace runs exceed, runs of four or more braces are read as text; a
    text still nested deeper gives ``None``. A hostile page is read in blocks
    (:mod:`~wikimaint.wikitext.blocks`), each so, a block nested too deep as one text.
    """
    if len(text) <= LONGEST:
        return _masked_tokens(text, mask_unclosed(text))
    if not hostile(text):  # so no opener is masked for want of a partner
        return _masked_tokens(text, mask_unclosed(text, pair=False))
    cuts = cut_points(text)
    tokens: list[Any] = []
    for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True):
        block = text[start:end]
        part = _masked_tokens(block, mask_unclosed(block, anywhere=True))
        tokens += [tk.Text(text=block)] if part is None else part
    return tokens


def _masked_tokens(text: str, masked: Masked) -> list[Any] | None:
    """Return the tokens of *text* masked as *masked* says, or ``None`` if nested too deep."""
    tokens = tokenize(masked.text)
    if "{{{{" in text and token_depth(tokens) > MAX_DEPTH:
        masked = mask_brace_runs(masked)
        tokens = tokenize(masked.text)
        if token_depth(tokens) > MAX_DEPTH:
            return None
    unmask(tokens, masked.marks)
    return tokens


def build_tree(text: str) -> Wikicode:
    """Return the tree ``mwparserfromhell.parse(text)`` returns: same classes, same attributes.

    The tokens are :func:`bounded_tokens`: on text that never closes what it opens, nests
    past :data:`MAX_DEPTH` or holds NUL, the tree still prints *text* (one text node when
    nothing else does), where the library takes quadratic time, raises or stops at NUL.
    """
    tokens = bounded_tokens(text)
    if tokens is None:
        return _code([_text(text)])
    if FAST:
        try:
            return fast_build(tokens)
        except _BUILD_ERRORS:
            pass  # the library's builder says what is wrong, or copes
    return Builder().build(tokens)  # type: ignore[no-untyped-call, no-any-return]


def same_tree(one: Any, other: Any) -> bool:
    """Return whether two trees are alike: the same classes with equal attributes, all down.

    A tag's closing tag that is its opening tag's very object (as it is for a self-closing
    tag) must be so in both. The walk keeps its own stack, so a tree of any depth is
    compared.
    """
    pairs = [(one, other)]
    while pairs:
        one, other = pairs.pop()
        if type(one) is not type(other):
            return False
        if isinstance(one, list):
            if len(one) != len(other):
                return False
            pairs.extend(zip(one, other, strict=True))
        elif not hasattr(one, "__dict__"):
            if one != other:
                return False
        else:
            mine, theirs = vars(one), vars(other)
            if mine.keys() != theirs.keys():
                return False
            if isinstance(one, Tag) and (one.tag is one.closing_tag) != (
                other.tag is other.closing_tag
            ):
                return False
            pairs.extend((value, theirs[key]) for key, value in mine.items())
    return True


# Every kind of node, and the odd corners of each: unnamed and repeated parameters, a
# wikilink and an argument with and without text, bare and bracketed links with and without
# a space, entities of all three kinds, quoted, unquoted and empty attributes, self-closing,
# implicit, invalid and wiki-markup tags.
_PROBE = """== عنوان ==
{{قالب|أ|ب=ج|د=هـ=و||{{{1|{{{x}}}}}}}} [[بغداد]] [[العراق|عراق]] [[a|b|c]]
[https://a.iq] [https://a.iq عنوان] [https://a.iq''ملاصق''] https://b.iq/x <!-- تعليق -->
&amp; &#1575; &#x627; <ref name="أ" group=ب>نص</ref><ref name='c' />
<br> <br/> </br> <div style="a" class = 'b' hidden>x</div> ''مائل'' '''عريض'''
{| class="wikitable"
|+ c
! a !! b
|-
| 1 || 2
|}
* عنصر
# عنصر
; a : b
----
<nowiki>{{x}}</nowiki> <span title=>y</span> {{قالب
|مسار = https://c.iq
}}"""


def _self_check() -> bool:
    """Return whether this builder makes the library's tree from the probe text."""
    tokens = tokenize(_PROBE)
    try:
        ours = fast_build(list(tokens))
    except _BUILD_ERRORS:
        return False
    theirs = Builder().build(list(tokens))  # type: ignore[no-untyped-call]
    return str(ours) == _PROBE and same_tree(ours, theirs)


FAST = _self_check()
"""Whether :func:`build_tree` uses this module's builder (it makes the library's tree)."""
