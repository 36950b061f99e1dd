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

__all__ = ["PIECES", "mix"]

PIECES = (
    "{{", "}}", "{{{", "}}}", "[[", "]]", "[http://a.iq ", "]", "|", "=", "<ref>", "</ref>",
    "<div>", "</div>", '<div a="', "<!--", "-->", "{|", "|}", "\n", "''", "'''",
    "https://b.iq/س ", " بغداد ",
)  # fmt: skip
"""The 24 pieces a mix is made of."""


def mix(seed: int, size: int) -> str:
    """Return *size* characters of pieces drawn at random, with weights drawn from *seed*.

    Cubing the weights makes a few pieces dominate each seed's mix.
    """
    rng = random.Random(seed)
    weights = [rng.random() ** 3 for _ in PIECES]
    parts: list[str] = []
    length = 0
    while length < size:
        piece = rng.choices(PIECES, weights)[0]
        parts.append(piece)
        length += len(piece)
    return "".join(parts)[:size]
