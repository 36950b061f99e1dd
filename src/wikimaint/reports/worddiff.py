"""A finding's fix as a small word-level diff: what the citation's wikitext loses and gains.

Each :class:`~wikimaint.citations.registry.Change` is drawn as the parameter it touches,
``|name=value`` before and after (a new parameter or an appended tag is all gain, a removed
one all loss), and the two are compared word by word, so a date rewritten from
Arabic-Indic digits shows only the date changing.

>>> diff_words("|تاريخ=١٢ أغسطس ٢٠١٢", "|تاريخ=12 أغسطس 2012")
[('=', '|تاريخ='), ('-', '١٢'), ('+', '12'), ('=', ' أغسطس '), ('-', '٢٠١٢'), ('+', '2012')]
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from wikimaint.citations.registry import Change, Fix
    from wikimaint.wikitext.model import TemplateCall

__all__ = ["Piece", "change_diff", "diff_words", "fix_diff"]

Piece = tuple[Literal["=", "-", "+"], str]
"""One run of the diff: ``=`` kept, ``-`` removed, ``+`` added, and its text."""

# Words (letters and digits of any script), runs of spaces, and single marks.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def diff_words(old: str, new: str) -> list[Piece]:
    """Return the word-level diff that turns *old* into *new*, runs of a kind merged."""
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    pieces: list[Piece] = []

    def put(kind: Literal["=", "-", "+"], words: list[str]) -> None:
        text = "".join(words)
        if not text:
            return
        if pieces and pieces[-1][0] == kind:
            pieces[-1] = (kind, pieces[-1][1] + text)
        else:
            pieces.append((kind, text))

    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            put("=", before[i1:i2])
        else:
            put("-", before[i1:i2])
            put("+", after[j1:j2])
    return pieces


def change_diff(change: Change, template: TemplateCall | None) -> list[Piece]:
    """Return the diff of one *change* to the citation *template* (``None``: no template)."""
    if change.action == "append":
        return diff_words("", change.value or "")
    param = template.get(change.key) if template is not None else None
    old = f"|{param.name.strip()}={param.value.strip()}" if param is not None else ""
    new = f"|{change.name}={change.value or ''}" if change.action == "set" else ""
    return diff_words(old, new)


def fix_diff(fix: Fix, template: TemplateCall | None) -> list[list[Piece]]:
    """Return the diff of each change of *fix*, in order."""
    return [change_diff(change, template) for change in fix.changes]
