"""Benchmark: infobox extract and apply, against a bare mwparserfromhell parse of the same text.

For the target article and every corpus file with an infobox, measured in the same run:

    baseline  mwparserfromhell.parse(text)
    parse     wikimaint.parse(text) alone (the tree, its index and the article view)
    extract   wikimaint.parse(text) + infobox.extract
    apply     wikimaint.parse(text) + infobox.apply of data with one value changed
    infobox   infobox.extract + infobox.apply alone, on an article parsed beforehand

Each is the best of several rounds of many calls; the ratios are against the baseline (the
work any tool must do to read the text). The last column says what the infobox code itself
adds on top of parsing.

Run: .venv/bin/python bench/bench_infobox.py
"""

from __future__ import annotations

import copy
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import mwparserfromhell

from wikimaint import parse
from wikimaint.infobox import apply, extract

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "fixtures" / "articles" / "غارات_جوية_أمريكية_على_غرب_العراق.wiki"
CORPUS = ROOT.parent / "shared" / "corpus"
ROUNDS = 7


def best(actions: list[Callable[[], object]], calls: int) -> list[float]:
    """Return each action's best time per call in microseconds, over interleaved rounds.

    The actions take turns within each round, so a busy machine slows them alike.
    """
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(ROUNDS):
        for action, spent in zip(actions, times, strict=True):
            start = time.perf_counter()
            for _ in range(calls):
                action()
            spent.append((time.perf_counter() - start) / calls)
    return [min(spent) * 1e6 for spent in times]


def changed(text: str) -> dict:
    """Return the text's infobox data with its first non-empty wikitext changed."""
    data = copy.deepcopy(extract(parse(text)))
    for entry in data["parameters"].values():
        if entry.get("wikitext"):
            entry["wikitext"] += " (معدل)"
            entry.pop("value", None)
            break
    return data


def main() -> int:
    """Print the figures; return 0."""
    files = [TARGET, *sorted(CORPUS.glob("*.wikitext"))] if CORPUS.is_dir() else [TARGET]
    heads = ("parse", "extract", "apply", "infobox")
    print(f"{'file':<34} {'chars':>6} {'base µs':>9} " + " ".join(f"{h:>8}" for h in heads))
    ratios: list[tuple[float, ...]] = []
    for path in files:
        text = path.read_text("utf-8")
        if parse(text).infobox is None:
            continue
        calls = max(10, 60_000 // max(len(text), 1))
        data = changed(text)
        article = parse(text)
        unchanged = extract(article)
        base, mine, ext, app, own = best(
            [
                lambda text=text: mwparserfromhell.parse(text),
                lambda text=text: parse(text),
                lambda text=text: extract(parse(text)),
                lambda text=text, data=data: apply(parse(text), data),
                lambda a=article, d=unchanged: apply(a, extract(a) and d),
            ],
            calls,
        )
        row = (mine / base, ext / base, app / base, own / base)
        ratios.append(row)
        name = path.name if len(path.name) <= 34 else path.name[:31] + "…"
        print(f"{name:<34} {len(text):>6} {base:>9.0f} " + " ".join(f"{r:>7.2f}x" for r in row))
    if ratios:
        count = len(ratios)
        means = [sum(r[i] for r in ratios) / count for i in range(len(heads))]
        print(f"{'mean ratio':<34} {'':>6} {'':>9} " + " ".join(f"{m:>7.2f}x" for m in means))
    return 0


if __name__ == "__main__":
    sys.exit(main())
