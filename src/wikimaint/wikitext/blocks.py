"""Pair openers with closers as a stack does, and cut a hostile page into blocks none spans.

Masking the openers that cannot close (:mod:`wikimaint.wikitext.unclosed`) leaves the ones
that can, and some of those still fail: a template whose name holds a link that takes its
``}}``, a tag whose attribute quote runs into the next tag. The tokenizer reads each to where
it fails before it writes it as text, and on random mixes of markup that is far, again and
again: seconds for 64 KB. A page with more than a few openers no closer pairs with is
hostile or broken, and its tree may differ from the library's anyway (see ``unclosed``): it
is read in blocks of :data:`BLOCK` to :data:`LONGEST` characters, cut at the end of a line
that no pair of opener and closer spans, or at :data:`LONGEST` when no line ends so. A
failed try reads to the end of its block at most, so the time grows with the page; each
block's tokens are whole, so the blocks' tokens in a row make a tree that prints the page.

>>> pairs("{{أ|[[ب]]}} <ref>ج</ref> {{د")
[(1, 9), (0, 10), (5, 7), (4, 8), (12, 18)]
"""

from __future__ import annotations

import re
from bisect import bisect_left

__all__ = [
    "BLOCK", "BRACKETS", "LONGEST", "SINGLE",
    "crossed", "cut_points", "pair_runs", "pair_tags", "pairs",
]  # fmt: skip

BLOCK = 2 * 1024
"""A block of a hostile page is at least this long (but the last)."""
LONGEST = 8 * 1024
"""A block of a hostile page is at most this long: cut there when no line ends outside pairs."""

# Runs of openers and of closers, in the groups pair_runs reads (a run at a time). The
# lookahead first lets the regex engine skip to the next bracket at C speed.
_BRACES = re.compile(r"(?=[{}])(?:(?P<open>\{+)|(?P<close>\}+))")
BRACKETS = re.compile(r"(?=[\[\]])(?:(?P<open>\[+)|(?P<close>\]+))")
_SEPARATORS = re.compile(r"[| ]")
_TAGS = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
# Tags the tokenizer closes by itself when no closing tag comes (mwparserfromhell's SINGLE).
SINGLE = frozenset({"br", "wbr", "hr", "meta", "link", "img", "li", "dt", "dd", "th", "td", "tr"})


Pairs = list[tuple[int, int]]


def pair_runs(text: str, pattern: re.Pattern[str]) -> tuple[Pairs, list[int]]:
    """Return the pairs of openers and closers that *pattern* finds, and the openers left.

    *pattern*'s group ``open`` matches a run of openers, ``close`` a run of closers; any
    other match is left out. Each closer pairs with the last opener not yet paired; a
    closer with none pairs with nothing.
    """
    stack: list[int] = []
    paired: list[tuple[int, int]] = []
    for match in pattern.finditer(text):
        kind = match.lastgroup
        start, end = match.span()
        if kind == "open":
            stack.extend(range(start, end))
        elif kind == "close" and stack:
            count = min(end - start, len(stack))
            openers = stack[-count:]
            del stack[-count:]
            paired.extend(zip(reversed(openers), range(start, start + count), strict=True))
    return paired, stack


def pair_tags(text: str) -> tuple[Pairs, list[int]]:
    """Return the pairs of opening and closing tags, and where the opening tags left are.

    A closing tag pairs with the last opening tag of its name; the tags opened after that
    one stay unpaired. Single tags (``<br>``) and self-closing ones pair with nothing, and
    a closing tag before the ``>`` of an opening one is in its attributes, not a close.
    """
    paired: list[tuple[int, int]] = []
    loose: list[int] = []
    opened: list[tuple[str, int]] = []
    by_name: dict[str, list[int]] = {}  # where in *opened* the tags of each name are
    in_open_tag = False  # no '>' yet since the last opening tag
    last = 0
    for match in _TAGS.finditer(text):
        name = match.group(2).casefold()
        in_open_tag = in_open_tag and text.find(">", last, match.start()) == -1
        last = match.end()
        if match.group(1):  # a closing tag: the last opening one of its name, if any
            if in_open_tag:  # in an attribute ('<div a="</div>'): text, not a close
                continue
            if by_name.get(name):
                index = by_name[name][-1]
                paired.append((opened[index][1], match.start()))
                for other, start in reversed(opened[index:]):
                    by_name[other].pop()
                    if start != opened[index][1]:
                        loose.append(start)
                del opened[index:]
        elif name not in SINGLE:
            limit = text.find("<", match.end())
            end = text.find(">", match.end(), len(text) if limit == -1 else limit)
            in_open_tag = True
            if end == -1 or text[end - 1] != "/":  # not self-closing
                by_name.setdefault(name, []).append(len(opened))
                opened.append((name, match.start()))
    return paired, loose + [start for _, start in opened]


def crossed(text: str, spans: Pairs, tags: Pairs) -> list[int]:
    """Return the openers whose closer an inner construct, closing after it, holds as text.

    When a construct opened inside another closes after it (``{{أ|<ref>}}</ref>``), the
    tokenizer is in the inner one at the outer one's closer. A tag's body holds anything as
    text, and so does what follows a template's or a link's '|' or an external link's
    space: there the outer construct fails, after a read to the end of the page. *spans*
    are all the pairs (stack pairs of each kind), *tags* the tags' among them.
    """
    tag_opens = {start for start, _ in tags}
    events = sorted([(start, start) for start, _ in spans] + [(end, start) for start, end in spans])
    stack: list[int] = []  # the openers still open, in order, and some closed (in done)
    done: set[int] = set()
    failed: list[int] = []
    for pos, start in events:
        if pos == start:
            stack.append(start)
            continue
        while stack[-1] in done:
            stack.pop()
        inner = stack[-1]
        if inner == start:
            stack.pop()
            continue
        done.add(start)
        if inner in tag_opens or _SEPARATORS.search(text, inner, pos):
            failed.append(start)
    return failed


def pairs(text: str) -> Pairs:
    """Return where each paired opener and its closer are: braces, brackets and tags."""
    braces, _ = pair_runs(text, _BRACES)
    brackets, _ = pair_runs(text, BRACKETS)
    tags, _ = pair_tags(text)
    return braces + brackets + tags


def cut_points(text: str) -> list[int]:
    """Return where to cut *text* into blocks: after a line end no pair spans, when one is near.

    Each block but the last is :data:`BLOCK` to :data:`LONGEST` characters long.
    """
    spans = pairs(text)
    opens = sorted(start for start, _ in spans)
    closes = sorted(end for _, end in spans)
    cuts: list[int] = []
    start = 0
    while len(text) - start > LONGEST:
        cut = start + LONGEST
        line = text.find("\n", start + BLOCK - 1, cut - 1)
        while line != -1:
            at = line + 1  # no pair spans 'at' when as many closed before it as opened
            if bisect_left(opens, at) == bisect_left(closes, at):
                cut = at
                break
            line = text.find("\n", at, cut - 1)
        cuts.append(cut)
        start = cut
    return cuts
