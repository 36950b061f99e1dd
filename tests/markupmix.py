"""Generate random mixes of wikitext markup, seeded: the fuzzing input of the parse tests and benchmark.

A mix is pieces of markup (openers, closers, a link's address, quotes, line ends, Arabic
words) drawn one after the other with weights drawn per seed, so that each seed stresses its
own few pieces: mostly ``{{`` and ``|}``, or ``<ref>`` and ``[http://a.iq ``. The same seed
and size give the same text, and a longer mix of a seed starts with the shorter one.

>>> mix(7, 60) == mix(7, 200)[:60]
True
"""

from __future__ import annotations

import random

__all__ = ["PATTERNS", "PIECES", "mix", "pattern"]

PIECES = (
    "{{", "}}", "{{{", "}}}", "[[", "]]", "[http://a.iq ", "]", "|", "=", "<ref>", "</ref>",
    "<div>", "</div>", '<div a="', "<!--", "-->", "{|", "|}", "\n", "''", "'''",
    "https://b.iq/س ", " بغداد ",
)  # fmt: skip
"""The 24 pieces a mix is made of."""

PATTERNS = {
    "template opener before a table close": ("{{", "|}"),
    "colon without a scheme": ("<ref>", ":"),
    "colon among bracketed links": ("[http://a.iq ", ":"),
    "closing tag in an attribute": ("</div>", '<div a="'),
    "tag in a template name": ("{{", "}}", "<ref>"),
    "attribute in a template name": ("{{", "}}", '<div a="'),
    "templates around links": ("{{", "[[", "]]"),
    "closing tags of another name": ("<div>", "</ref>"),
}
"""The shapes random mixes were minimised to, each quadratic on its own before the fixes."""


def mix(seed: int, size: int) -> str:
    """Return *size* characters of pieces drawn at random, with weights drawn from *seed*.

    Cubing the weights makes a few pieces dominate each seed's mix.
    """
    rng = random.Random(seed)
    weights = [rng.random() ** 3 for _ in PIECES]
    return _draw(rng, PIECES, weights, size)


def pattern(pieces: tuple[str, ...], size: int) -> str:
    """Return *size* characters of *pieces* drawn at random (seeded) in equal parts."""
    return _draw(random.Random(1), pieces, [1.0] * len(pieces), size)


def _draw(rng: random.Random, pieces: tuple[str, ...], weights: list[float], size: int) -> str:
    parts: list[str] = []
    length = 0
    while length < size:
        piece = rng.choices(pieces, weights)[0]
        parts.append(piece)
        length += len(piece)
    return "".join(parts)[:size]
