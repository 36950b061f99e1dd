"""Find the openers in wikitext that can never close, so the tokenizer reads them as text.

mwparserfromhell's tokenizer tries each ``{{``, ``[[``, ``[``, ``<tag`` and ``{|`` as the
start of its construct. One that never closes is read to the end of the text before the
tokenizer gives up, writes it as text and goes on; the failure is remembered by position,
so the next opener is read to the end again. Text full of them costs a read of the rest of
the text per opener: quadratic, 5 s for 16 KB of ``{{a|``, minutes for 100 KB.

An opener with no closer of its kind anywhere after it can never close: a ``{{`` (template,
argument) after the last ``}}``, a ``{`` (table) after the last ``}}`` and ``|}``, a ``[``
(wikilink, external link) after the last ``]``, a ``<`` (tag, comment) after the last
``</``, ``/>`` and ``-->``. When a page has more than :data:`UNMASKED_AT_MOST` of them, so
is an opener no closer pairs with (:func:`_unpaired`: ``{{a|`` 25,000 times, then one
``}}``). :func:`mask_unclosed` finds
them in one pass and swaps each for a character the tokenizer reads as plain text (a
Unicode noncharacter the text does not hold); :func:`unmask` puts the original characters
back into the tokens. Pages with fewer are left as they are, so the library's own tree
comes out, whatever the corner.

Openers that can close may still fail far from where they open, and on hostile pages
(:func:`hostile`) the tokenizer reads them again and again: such a page longer than a block
is read in blocks (:mod:`~wikimaint.wikitext.blocks`), each masked on its own.

The tokens are the ones of the original text, because the tokenizer writes a failed opener
as text and goes on from the same place in the same state, except where a construct around
the opener reacts to the character itself. Those openers are left alone: a ``{`` or
``<`` in a wikilink title or ``[`` link that may still close (it fails the link), a ``[``
or ``<`` in a template name that may still close (it fails the template: the template's
``{{`` is masked instead, when the ``<`` or ``[`` could be), in a free link (after a URI
scheme and its ':'; it ends the address), inside a tag's own ``<…>`` (attributes, a
closing tag), and single tags (``<br>``, ``<li>``), which need no close. Tests compare the
trees with the library's on generated text biased to these cases, on real pages and on the
library's own test inputs; the corners left are in ``tests/test_unclosed.py``.

The NUL character is masked too: the C tokenizer reads a string only up to it. And
:func:`mask_brace_runs` bounds the depth (:data:`MAX_DEPTH`), which only brace runs pass.

>>> masked = mask_unclosed("{{أ|[[ب]]}} {{ج|", keep=0)  # even one
>>> masked.text.count("{"), [hex(ord(c)) for c in masked.marks], list(masked.marks.values())
(2, ['0xfdd0'], ['{'])
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from mwparserfromhell.definitions import URI_SCHEMES
from mwparserfromhell.parser import tokens as tk

from wikimaint.wikitext.blocks import (
    BRACKETS,
    LONGEST,
    SINGLE,
    crossed,
    pair_runs,
    pair_tags,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "MAX_DEPTH", "Masked", "hostile", "mask_brace_runs", "mask_unclosed", "token_depth", "unmask",
]  # fmt: skip

# What a scan stops at: brace runs, openers, what ends a line or an address, tag ends.
_STOPS = re.compile(r'\{+|\}+|[|\[<\n:>\]" \x00]')
_TAG_NAME = re.compile(r"[A-Za-z0-9]*")
_BRACE_RUN = re.compile(r"\{{4,}")
# Characters that end a free link's address (mwparserfromhell's _is_uri_end, in any context).
_URI_END = frozenset(' \n[]<>"')
_LONGEST_SCHEME = max(map(len, URI_SCHEMES))


class Masked(NamedTuple):
    """Represents a text with its unclosable openers masked, and how to unmask them."""

    text: str
    """The text with each masked character swapped for its stand-in (same length)."""
    marks: dict[str, str]
    """Each stand-in used and the character it stands for; empty when nothing is masked."""


UNMASKED_AT_MOST = 16
"""Up to this many characters of unclosable openers are left for the tokenizer to try.

Each costs a read of the rest of the text, a few milliseconds at most; left alone, they
give the library's tree exactly, even where it remembers a failed try (mwparserfromhell
keeps a failed route by position and context, so after a ``{{`` that cannot close,
``''a''''`` stays text where on its own it is italic). Pages with more are hostile or
broken, and get all their unclosable openers masked.
"""


def _stand_ins(text: str) -> Iterator[str]:
    """Yield characters *text* does not hold: noncharacters first, then private use ones."""
    held = set(text)
    for code in (*range(0xFDD0, 0xFDF0), *range(0xE000, 0xF900)):
        if chr(code) not in held:
            yield chr(code)


def mask_unclosed(
    text: str, keep: int = UNMASKED_AT_MOST, *, pair: bool = True, anywhere: bool = False
) -> Masked:
    """Return *text* with the openers that cannot close (and NUL) masked as plain text.

    Openers are masked only when they are more than *keep* characters. With *pair*, so are
    the openers no closer pairs with (:func:`_unpaired`), when there are more than *keep*;
    with *anywhere* too, those are masked even where a construct around them reacts to
    them (a block of a hostile page, whose tree is not the library's anyway).
    """
    brace_end = max(text.rfind("}}"), text.rfind("|}"))
    bracket_end = text.rfind("]")
    tag_end = max(text.rfind("</"), text.rfind("/>"), text.rfind("-->"))
    # The first opener after the last closer of its kind, if any (C speed: most pages
    # have none, or one at the very end).
    firsts = [
        text.find("{", brace_end + 1),
        text.find("{{", text.rfind("}}") + 1),
        text.find("[", bracket_end + 1),
        text.find("<", tag_end + 1),
        text.find("<!--", text.rfind("-->") + 1),
    ]
    start = min((first for first in firsts if first != -1), default=len(text))
    crossings = anywhere or len(text) > LONGEST  # where they cost
    loose = _unpaired(text, keep, crossings=crossings) if pair else frozenset()
    if loose or "\x00" in text:  # read from the start, where the state is known
        start = 0
    elif start >= len(text):
        return Masked(text, {})
    scan = _Scan(text, brace_end, bracket_end, tag_end, loose)
    scan.anywhere = anywhere
    return scan.run(start, keep)


def hostile(text: str) -> bool:
    """Return whether more openers than :data:`UNMASKED_AT_MOST` pair with no closer in *text*.

    Such a page is hostile or broken: its tree need not be the library's in every corner.
    """
    return bool(_unpaired(text, UNMASKED_AT_MOST, crossings=len(text) > LONGEST))


# A brace, or a run of braces a '}}' closes with nothing between: a template with no name,
# which fails, so that run pairs with nothing and the '}}' closes what is open before it.
# A run of three or more makes an argument, which may have no name, with a '}}}'.
_BRACES = re.compile(  # the lookahead first: see blocks.BRACKETS
    r"(?=[{}])(?:(?<!\{)(?:\{\{(?!\{)\s*(?=\}\})|\{+\s*(?=\}\}(?!\})))"
    r"|(?P<open>\{+)|(?P<close>\}+))"
)
_CLOSER_RUNS = re.compile(r"\}{3,}")


def _unpaired(text: str, keep: int, *, crossings: bool = False) -> frozenset[int]:
    """Return where the openers are that no closer pairs with, if more than *keep* are.

    Each '}' pairs with the last '{' not yet paired, each ']' with the last '[', each
    closing tag with the last opening tag of its name (the tags opened after that one stay
    unpaired). MediaWiki's preprocessor pairs them so, and so does the tokenizer but on odd
    text, where an inner construct fails for a reason of its own and the outer one takes
    its closer (``{{a|{{[[b]]}}``, or a run of braces before a ``}}`` that would make a
    template with no name: ``{{a|{{}}``). A page with more than *keep* unpaired openers is hostile
    or broken; with fewer, they are left for the tokenizer to try. Counting the characters
    (in C) says whether a page can have that many, so other pages cost no pass here. With
    *crossings*, so are the openers an inner construct takes the closer of (:func:`crossed`).
    """
    loose: list[int] = []
    spans: list[tuple[int, int]] = []
    for opener, closer, pattern in (("{", "}", _BRACES), ("[", "]", BRACKETS)):
        if crossings or text.count(opener) - text.count(closer) > keep:
            paired, stack = pair_runs(text, pattern)
            if opener == "{":
                stack = _without_run_heads(text, stack, paired)
            loose += stack
            spans += paired
    if crossings or text.count("<") > keep:  # a closing tag in an attribute closes nothing
        tags, stack = pair_tags(text)
        loose += stack
        if crossings:
            loose += crossed(text, spans + tags, tags)
    return frozenset(loose) if len(loose) > keep else frozenset()


def _without_run_heads(text: str, loose: list[int], paired: list[tuple[int, int]]) -> list[int]:
    """Return *loose* less the two braces before one a ``}}}`` closes, in its run of braces.

    A ``}}}`` closes an argument, ``{{{``, so it may take two more of the opener's run than
    the brace it pairs with one by one: in ``{{{{ء{{}}}`` it closes ``{{{ء{{``. Only before
    a run of three or more closers, so ``{{{a|}}`` (a template after a brace that never
    closes) keeps its brace masked and its linear time.
    """
    in_long_runs = {
        pos for run in _CLOSER_RUNS.finditer(text) for pos in range(run.start(), run.end())
    }
    unpaired = set(loose)
    kept: set[int] = set()
    for end, closer in paired:
        if closer not in in_long_runs:
            continue
        for back in (end - 1, end - 2):
            if back >= 0 and text[back] == "{" and back in unpaired:
                kept.add(back)
            else:
                break
    return [pos for pos in loose if pos not in kept]


class _Scan:
    """One pass from *start* to the end, with what the text before each position says."""

    def __init__(
        self, text: str, brace_end: int, bracket_end: int, tag_end: int, loose: frozenset[int]
    ) -> None:
        self.text = text
        self.loose = loose
        self.anywhere = False  # whether the loose openers are masked whatever is around
        self.brace_end = brace_end
        self.bracket_end = bracket_end
        self.tag_end = tag_end
        self.template_end = text.rfind("}}")
        self.comment_end = text.rfind("-->")

    def run(self, start: int, keep: int) -> Masked:
        text = self.text
        # The state at *start*: where the line began, the last '[' and '<' left as they
        # are, the last '>', the last character that ends an address, the last ':', and
        # where a comment being read ends. The templates and arguments left as they are
        # and still open are a stack: whether a '|' ended the name, whether an address
        # may have run into it. Before *start*, one is supposed open, in an address.
        line = text.rfind("\n", 0, start)
        bracket = text.rfind("[", 0, start)
        angle = text.rfind("<", 0, start)
        greater = text.rfind(">", 0, start)
        uri_end = max(text.rfind(c, 0, start) for c in _URI_END)
        colon = text.rfind(":", 0, start)
        quiet_until = -1
        named: list[bool] = []
        linked: list[int] = []  # how many of those up to here an address may run into
        opened: list[int] = []  # where a template ('{{' alone) opened, or -1
        if text.find("{{", 0, start) != -1:  # perhaps a template open, perhaps in an address
            named.append(False)
            linked.append(1)
            opened.append(-1)
        masked: list[int] = []
        for match in _STOPS.finditer(text, start):
            pos = match.start()
            char = text[pos]
            if self.anywhere and char in "[<" and pos in self.loose:
                masked.append(pos)
                continue
            # Whether a '[' link (or a wikilink title) that may still close is around.
            in_link = bracket > line and pos < self.bracket_end
            in_tag = angle > greater  # inside a tag's own '<…>'
            # Whether a template that may still close may have its name here.
            in_name = bool(named) and not named[-1] and pos < self.template_end
            # Whether a free link may run here: a ':' since the last end of an address, or
            # a template open that may have started in one (an address goes on through
            # templates and comments, whatever they hold).
            in_free_link = colon > uri_end or bool(linked and linked[-1])
            ends_address = pos >= quiet_until
            if char == "{":
                kept = 0
                # A run of two or more opens a template or an argument, closed by '}}'
                # alone; a single '{' may open a table, closed by '|}'.
                end = self.template_end if match.end() - pos > 1 else self.brace_end
                for at in range(pos, match.end()):
                    if (self.anywhere and at in self.loose) or (
                        (at > end or at in self.loose) and not in_link and not in_tag
                    ):
                        masked.append(at)
                    else:
                        kept += 1
                for _ in range(kept // 2):  # a template or argument a pair (one is text)
                    named.append(False)
                    linked.append((linked[-1] if linked else 0) + in_free_link)
                    opened.append(pos if match.end() - pos == kept == 2 else -1)
            elif char == "}":
                for _ in range(min(len(named), (match.end() - pos) // 2)):
                    named.pop()
                    opened.pop()
                    if linked.pop() > (linked[-1] if linked else 0):
                        colon = pos  # the address may go on after the template
            elif char == "|":
                if named:
                    named[-1] = True
            elif char == "[":
                if in_name and not in_tag and self.dead_bracket(pos, in_free_link):
                    in_name = _fail_names(named, linked, opened, masked)
                if not in_tag and not in_name and self.dead_bracket(pos, in_free_link):
                    masked.append(pos)
                    continue
                bracket = pos
            elif char == "<":
                if (
                    in_name
                    and not (in_link or in_tag or text.startswith("<!", pos))
                    and self.dead_tag(pos, in_free_link)
                ):
                    in_name = _fail_names(named, linked, opened, masked)
                if not (in_link or in_tag or in_name) and self.dead_tag(pos, in_free_link):
                    masked.append(pos)
                    continue
                if not text.startswith("<!", pos):  # the tokenizer tries a tag there
                    angle = pos
                if text.startswith("<!--", pos) and quiet_until < pos < self.comment_end:
                    # A comment: what it holds ends no address.
                    quiet_until = text.find("-->", pos)
                    ends_address = False
            elif char == "\x00":
                masked.append(pos)
                ends_address = False
            elif char == ":":
                if _after_scheme(text, pos):  # the tokenizer tries a free link only there
                    colon = pos
                ends_address = False
            elif char == "]":
                bracket = -1  # the link closes, or its title fails at what comes next
            elif char == "\n":
                line = pos
            elif char == ">":
                greater = pos
            if ends_address and char in _URI_END:
                uri_end = pos
        if sum(text[pos] != "\x00" for pos in masked) <= keep:
            masked = [pos for pos in masked if text[pos] == "\x00"]
        return _swap(Masked(text, {}), masked)

    def dead_bracket(self, pos: int, in_free_link: bool) -> bool:
        """Return whether the '[' at *pos* can be masked."""
        if pos <= self.bracket_end and pos not in self.loose:
            return False
        return not in_free_link

    def dead_tag(self, pos: int, in_free_link: bool) -> bool:
        """Return whether the '<' at *pos* can be masked."""
        if in_free_link:
            return False
        if self.text.startswith("<!--", pos):  # a comment closes at any '-->' after it
            return pos > self.comment_end
        if pos <= self.tag_end and pos not in self.loose:
            return False
        name = _TAG_NAME.match(self.text, pos + 1)
        return name is None or name.group().casefold() not in SINGLE


def _fail_names(named: list[bool], linked: list[int], opened: list[int], masked: list[int]) -> bool:
    """Mask the templates open in their name, as a '<' or '[' there fails them; say if one is left.

    The tokenizer fails a template whose name holds a tag or a link, and reads its ``{{``
    as text of the construct around it, whose name it may be in too. Masked, the ``{{``
    reads as that text at once, and the '<' or '[' is left to the construct around. An
    open argument, or a brace run longer than two, stops the unwinding (return true).
    """
    while named and not named[-1]:
        if opened[-1] < 0:
            return True
        masked += (opened[-1], opened[-1] + 1)
        named.pop()
        linked.pop()
        opened.pop()
    return False


def _after_scheme(text: str, colon: int) -> bool:
    """Return whether the ':' at *colon* may start a free link: a URI scheme ends before it.

    The tokenizer reads the scheme back from the ':' as far as its text buffer goes, which
    may start anywhere in a word: any scheme ending right before the ':' may be taken, with
    the '//' after it that the scheme needs.
    """
    head = text[max(0, colon - _LONGEST_SCHEME) : colon].casefold()
    slashes = text.startswith("//", colon + 1)
    return any(
        head.endswith(scheme) and (slashes or not needs) for scheme, needs in URI_SCHEMES.items()
    )


def mask_brace_runs(masked: Masked) -> Masked:
    """Return *masked* with every run of four or more '{' masked too.

    A run of braces nests one template or argument inside the next without the tokenizer's
    depth limit (``{{{{{{`` 10,000 times nests 3,000 deep). Runs of up to three make one
    construct each, so with the longer ones read as text the tree is no deeper than the
    tokenizer's limit. Real pages have runs of four or five (``{{{{{1}}}}}``) in template
    code at most, and only pages nested past the limit are masked so.
    """
    positions = [
        pos for run in _BRACE_RUN.finditer(masked.text) for pos in range(run.start(), run.end())
    ]
    return _swap(masked, positions)


def _swap(masked: Masked, positions: list[int]) -> Masked:
    """Return *masked* with the characters at *positions* masked too."""
    if not positions:
        return masked
    text = masked.text
    swap = {char: stand_in for stand_in, char in masked.marks.items()}
    stand_ins = _stand_ins(text)
    for char in sorted({text[pos] for pos in positions} - swap.keys()):
        swap[char] = next(stand_ins)
    table = list(text)
    for pos in positions:
        table[pos] = swap[table[pos]]
    return Masked("".join(table), {stand_in: char for char, stand_in in swap.items()})


def unmask(tokens: list[dict[str, object]], marks: dict[str, str]) -> None:
    """Put the masked characters back into *tokens* (mwparserfromhell's, changed in place)."""
    if not marks:
        return
    table = str.maketrans(marks)
    stand_ins = tuple(marks)
    for token in tokens:
        for key, value in token.items():
            if isinstance(value, str) and any(s in value for s in stand_ins):
                token[key] = value.translate(table)


MAX_DEPTH = 100
"""The deepest nesting of constructs a tree may have: the tokenizer's own limit.

Printing a tree takes five Python frames a level, so at this depth ``str(tree)`` needs 500
of the 1,000 Python allows, and the callers keep the rest.
"""

_OPENS = frozenset(
    {tk.TemplateOpen, tk.ArgumentOpen, tk.WikilinkOpen, tk.ExternalLinkOpen, tk.HeadingStart}
    | {tk.HTMLEntityStart, tk.CommentStart, tk.TagOpenOpen}
)
_CLOSES = frozenset(
    {tk.TemplateClose, tk.ArgumentClose, tk.WikilinkClose, tk.ExternalLinkClose, tk.HeadingEnd}
    | {tk.HTMLEntityEnd, tk.CommentEnd, tk.TagCloseClose, tk.TagCloseSelfclose}
)


def token_depth(tokens: list[dict[str, object]]) -> int:
    """Return how deep the constructs in *tokens* nest (0 for plain text)."""
    depth = deepest = 0
    for token in tokens:
        kind = type(token)
        if kind in _OPENS:
            depth += 1
            deepest = max(deepest, depth)
        elif kind in _CLOSES:
            depth -= 1
    return deepest
