"""Benchmark: our parse of hostile wikitext of growing size against a bare parse of an article.

Each input is one construct repeated to the size: unclosed (``{{a|``, ``{{{a|``, ``[[a|``,
``[http://a.iq ``, ``<ref>``, ``<div>``, ``<div a="``, ``<!--``, ``{|``), the same with
one closer at the very end, nested deep (``{{`` … ``}}``, ``<div>`` … ``</div>``), two
constructs crossing (a ref across a template's close, a link across a ref's), and a
mix of all of them with Arabic text and closed citations between. The baseline is
``mwparserfromhell.parse`` of an ordinary article (the target article repeated) of the same
size, in the same run; the ratio is ours on the hostile input to that. Linear time shows
as times growing 4x from column to column, and ratios that stay put.

The library's own parse of the hostile inputs is timed at the two smallest sizes only: it
is quadratic on most of them (16 KB of ``{{a|`` takes it seconds).

Then random mixes (``tests/markupmix.py``: 24 pieces of markup with weights drawn per seed,
the inputs of the tests): the median and the worst of 30 seeds per size, the worst seed
named, with the library's own parse of the same mixes at 4 and 16 KB. Last, the patterns the
mixes were minimised to, each two or three pieces drawn at random: the shapes that were
quadratic before ``blocks`` and the fixes in ``unclosed``.

Times are process CPU time per call, the best of a few calls. Run:
.venv/bin/python bench/bench_pathological.py
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import mwparserfromhell

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from markupmix import PATTERNS, mix, pattern  # noqa: E402 - tests/markupmix.py, the generator the tests use
from wikimaint.wikitext.parse import parse  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable

TARGET = ROOT / "fixtures" / "articles" / "غارات_جوية_أمريكية_على_غرب_العراق.wiki"
KB = 1024
SIZES = [4 * KB, 16 * KB, 64 * KB, 256 * KB, 1024 * KB]
LIBRARY_SIZES = SIZES[:2]
BUDGET = 0.5  # seconds of repeated calls per measurement at most

MIX = (
    "{{استشهاد ويب|مسار=https://a.iq|عنوان=بغداد}} [[بغداد|"
    "<ref>نص \u200fعربي {| [http://a.iq <div a=\"{{{1| '''عريض'' <!-- "
)


def _fill(unit: str, size: int, tail: str = "") -> str:
    return unit * max(1, (size - len(tail)) // len(unit)) + tail


def _nested(opener: str, middle: str, closer: str, size: int) -> str:
    count = max(1, (size - len(middle)) // (len(opener) + len(closer)))
    return opener * count + middle + closer * count


INPUTS: dict[str, Callable[[int], str]] = {
    "unclosed {{a|": lambda n: _fill("{{a|", n),
    "unclosed {{{a|": lambda n: _fill("{{{a|", n),
    "unclosed [[a|": lambda n: _fill("[[a|", n),
    "unclosed [http://a.iq ": lambda n: _fill("[http://a.iq ", n),
    "unclosed <ref>": lambda n: _fill("<ref>", n),
    "unclosed <div>": lambda n: _fill("<div>", n),
    'unclosed <div a="': lambda n: _fill('<div a="', n),
    "unclosed <!--": lambda n: _fill("<!--", n),
    "unclosed {|": lambda n: _fill("{|\n", n),
    "{{a| … then }}": lambda n: _fill("{{a|", n, "}}"),
    "[[a| … then ]]": lambda n: _fill("[[a|", n, "]]"),
    "<ref> … then </ref>": lambda n: _fill("<ref>", n, "</ref>"),
    "{| … then |}": lambda n: _fill("{|\n", n, "|}"),
    "nested {{ … }}": lambda n: _nested("{{", "أ", "}}", n),
    "nested <div> … </div>": lambda n: _nested("<div>", "أ", "</div>", n),
    "crossed {{a|<ref>}}</ref>": lambda n: _fill("{{a|<ref>}}</ref>", n),
    "crossed <ref>[http…</ref>]": lambda n: _fill("<ref>[http://a.iq </ref>]", n),
    "mixed, Arabic": lambda n: _fill(MIX, n, "}}]]</ref>"),
}


def _best(action: Callable[[], object]) -> float:
    """Return the best CPU time of a few calls of *action* (one when a call is slow)."""
    best = math.inf
    spent = 0.0
    while spent < BUDGET:
        before = time.process_time()
        action()
        took = time.process_time() - before
        best = min(best, took)
        spent += took
        if took > BUDGET / 3:
            break
    return best


def _ordinary(size: int) -> str:
    article = TARGET.read_text("utf-8")
    return (article * (size // len(article) + 1))[:size]


def _cell(ms: float, ratio: float | None = None) -> str:
    text = f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"
    return f"{text} ({ratio:.2f}x)" if ratio is not None else text


def _library(text: str) -> str:
    """Return the library's time on *text* as a cell, or what it raised."""
    try:
        return _cell(_best(lambda: mwparserfromhell.parse(text)) * 1000)
    except RecursionError:
        return "RecursionError"


SEEDS = range(30)
MIX_SIZES = SIZES[:4]


def _once(text: str, action: Callable[[str], object] = parse) -> float:
    """Return the CPU time of one call of *action* on *text* (checking ours is lossless)."""
    before = time.process_time()
    result = action(text)
    took = time.process_time() - before
    assert action is not parse or str(result) == text
    return took


def _mixes(bare: dict[int, float]) -> None:
    """Print the random mixes: median and worst per size, and the library's at 4 and 16 KB."""
    print(
        "\nrandom mixes of 24 pieces, 30 seeds: median / worst ms (worst ratio to the bare parse)"
    )
    header = f"{'':24}" + "".join(f"{size // KB} KB".rjust(24) for size in MIX_SIZES)
    print(header)
    print("-" * len(header))
    cells = []
    library = []
    for size in MIX_SIZES:
        times = {seed: _once(mix(seed, size)) for seed in SEEDS}
        worst = max(times, key=times.__getitem__)
        median = statistics.median(times.values())
        ratio = times[worst] / bare[size]
        cells.append(f"{median * 1000:.0f} / {times[worst] * 1000:.0f} ({ratio:.1f}x) #{worst}")
        if size in LIBRARY_SIZES:
            theirs = [_once(mix(seed, size), mwparserfromhell.parse) for seed in SEEDS]
            library.append(f"{statistics.median(theirs) * 1000:.0f} / {max(theirs) * 1000:.0f}")
    print(f"{'ours (#worst seed)':24}" + "".join(f"{cell:>24}" for cell in cells))
    print(f"{'library':24}" + "".join(f"{cell:>24}" for cell in library))


def _patterns() -> None:
    """Print the minimised patterns: ours by size, the library's at 16 KB."""
    print("\nminimised patterns, pieces in equal parts: ms per parse")
    sizes = MIX_SIZES[1:]
    header = f"{'pieces':32}" + "".join(f"{s // KB} KB".rjust(10) for s in sizes)
    print(header + f"{'last 4x':>10}{'library 16 KB':>16}")
    print("-" * (len(header) + 26))
    for pieces in PATTERNS.values():
        times = [_once(pattern(pieces, size)) for size in sizes]
        theirs = _once(pattern(pieces, sizes[0]), mwparserfromhell.parse)
        name = " ".join(repr(p) for p in pieces)
        cells = "".join(f"{t * 1000:>10.0f}" for t in times)
        print(f"{name:32}{cells}{times[-1] / times[-2]:>9.1f}x{theirs * 1000:>16.0f}")


def main() -> int:
    """Print the table: ms per parse and the ratio to the bare parse, by input and size."""
    bare = {}
    for size in SIZES:
        article = _ordinary(size)
        bare[size] = _best(lambda t=article: mwparserfromhell.parse(t))
    heads = [f"{size // KB} KB" for size in SIZES]
    print("ms per parse (ratio to a bare mwparserfromhell.parse of an article of that size)")
    print("library = mwparserfromhell.parse of the same hostile input, at 4 and 16 KB\n")
    header = f"{'input':24}" + "".join(f"{h:>16}" for h in heads)
    header += f"{'library 4 KB':>15}{'16 KB':>10}{'last 4x size':>15}"
    print(header)
    print("-" * len(header))
    print(f"{'article, bare parse':24}" + "".join(f"{_cell(bare[s] * 1000):>16}" for s in SIZES))
    worst_ratio = 0.0
    for name, make in INPUTS.items():
        times = {}
        for size in SIZES:
            text = make(size)
            times[size] = _best(lambda t=text: parse(t))
            assert str(parse(text)) == text  # lossless on every input
        cells = "".join(f"{_cell(times[s] * 1000, times[s] / bare[s]):>16}" for s in SIZES)
        library = [_library(make(size)) for size in LIBRARY_SIZES]
        growth = times[SIZES[-1]] / times[SIZES[-2]]
        worst_ratio = max(worst_ratio, *(times[s] / bare[s] for s in SIZES))
        print(f"{name:24}{cells}{library[0]:>15}{library[1]:>10}{growth:>14.1f}x")
    print(f"\nworst ratio to the bare parse of an article: {worst_ratio:.2f}x")
    _mixes(bare)
    _patterns()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
