"""Benchmark: our parse, document, validation and offline check against a bare parse.

The baseline is ``mwparserfromhell.parse(text)`` on the same text, measured in the same run.
Our parse builds that same tree with :mod:`wikimaint.wikitext.builder`, which is faster than the
library's builder, so the table also shows that build alone (``tree``), and the line under
it what our model, the JSON view and the schema validation add on top of it.

Inputs: the target article, the features fixture, the shared corpus (when ``../shared`` is
beside the project) file by file and as a whole (every file in one call), and two synthetic
articles of about 300 KB and 1 MB made by repeating those texts with distinct ref names.

Times are per call, the best of several batches of calls in process CPU time (the least
disturbed); see :func:`best` for why batches and what each starts from. Peak memory is
traced with ``tracemalloc`` for the 1 MB article, ours against the bare parse.

Run: .venv/bin/python bench/bench_parse.py
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import re
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import mwparserfromhell

from wikimaint.citations.check import check_citations
from wikimaint.schema.validators import validate
from wikimaint.wikitext.arabic import parse_date
from wikimaint.wikitext.builder import build_tree
from wikimaint.wikitext.parse import parse

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "articles"
CORPUS = ROOT.parent / "shared" / "corpus"
TODAY = dt.date(2026, 11, 30)


def _texts() -> list[tuple[str, str]]:
    files = sorted(FIXTURES.glob("*.wiki"))
    if CORPUS.is_dir():
        files += sorted(CORPUS.glob("*.wikitext"))
    return [(p.name, p.read_text("utf-8")) for p in files]


def _grown(texts: list[str], size: int) -> str:
    """Return an article of about *size* UTF-8 bytes: the texts repeated, ref names made unique."""
    parts: list[str] = []
    total = 0
    copy = 0
    while total < size:
        for text in texts:
            renamed = re.sub(r'name\s*=\s*"?([^">/]+?)"?\s*(/?>)', rf'name="\1-{copy}"\2', text)
            parts.append(renamed)
            total += len(renamed.encode("utf-8"))
        copy += 1
    return "\n".join(parts)


BATCH = 0.05  # seconds of calls per timed batch
ROUNDS = 7  # at least this many batches of each action, taken in turn
BUDGET = 4.0  # seconds a row may take for more rounds (small articles get more)


def best(actions: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Return the best per-call CPU time of each action, timed in batches taken in turn.

    A batch repeats the call for about ``BATCH`` seconds with the cyclic collector running as
    usual, so each call pays for the collections its own allocations cause. Timing one call
    alone would not: a bare parse of a small article allocates fewer objects than the
    collector's threshold and leaves that work to whatever runs next, while our parse pauses
    the collector and settles the debt when it re-enables it. The actions take turns, one
    batch each per round, so a slow spell of the machine touches them all alike. Each batch
    starts from a collected heap.
    """
    calls: dict[str, int] = {}
    batch = 0.0
    for name, action in actions.items():
        gc.collect()
        before = time.process_time()
        action()
        once = max(time.process_time() - before, 1e-6)
        calls[name] = max(1, math.ceil(BATCH / once))
        batch += calls[name] * once
    times = dict.fromkeys(actions, math.inf)
    for _ in range(max(ROUNDS, int(BUDGET / batch))):
        for name, action in actions.items():
            gc.collect()
            before = time.process_time()
            for _ in range(calls[name]):
                action()
            times[name] = min(times[name], (time.process_time() - before) / calls[name])
    return times


def _pipeline(text: str, *, document: bool, valid: bool, check: bool) -> None:
    article = parse(text, title="مقالة")
    if document or valid:
        data = article.to_dict()
        if valid:
            validate(data)
    if check:
        check_citations(article, today=TODAY)


@dataclass(frozen=True)
class Row:
    """Represents one input's bare time and our ratios to it."""

    name: str
    size: float
    bare: float
    tree: float
    parse: float
    dict: float
    valid: float
    check: float


def _row(name: str, texts: list[str]) -> Row:
    """Return the ratios for *texts*, each action handling all of them in one call."""

    def each(action: Callable[[str], object]) -> Callable[[], None]:
        def run() -> None:
            for text in texts:
                # No article reuses the dates of the one before (within one, its repeated
                # dates are parsed once, as they are in use).
                parse_date.cache_clear()
                action(text)

        return run

    times = best(
        {
            "bare": each(mwparserfromhell.parse),
            "tree": each(build_tree),
            "parse": each(parse),
            "dict": each(lambda t: _pipeline(t, document=True, valid=False, check=False)),
            "valid": each(lambda t: _pipeline(t, document=True, valid=True, check=False)),
            "check": each(lambda t: _pipeline(t, document=False, valid=False, check=True)),
        }
    )
    bare = times["bare"]
    return Row(
        name=name,
        size=sum(len(text.encode("utf-8")) for text in texts) / 1024,
        bare=bare,
        tree=times["tree"] / bare,
        parse=times["parse"] / bare,
        dict=times["dict"] / bare,
        valid=times["valid"] / bare,
        check=times["check"] / bare,
    )


def _peak(action: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    kept = action()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del kept
    return peak


def main() -> int:
    """Print the table of ratios and the peak memory; return 0."""
    texts = _texts()
    sources = [text for _, text in texts]
    rows = [_row(name, [text]) for name, text in texts]
    corpus = [text for name, text in texts if name.endswith(".wikitext")]
    if corpus:
        rows.append(_row("the corpus, every file in one call", corpus))
    rows.append(_row("synthetic, about 300 KB", [_grown(sources, 300_000)]))
    big = _grown(sources, 1_000_000)
    rows.append(_row("synthetic, about 1 MB", [big]))

    print("Ratios to a bare mwparserfromhell.parse of the same text")
    print("(CPU time per call, best of several batches of calls).")
    print("tree = wikimaint.wikitext.builder.build_tree, the same tree as the bare parse;")
    print("parse = wikimaint.wikitext.parse; +dict = parse + to_dict; +validate = + JSON Schema;")
    print("check = parse + check_citations (offline rules).\n")
    head = (
        f"{'input':<44} {'KB':>7} {'bare ms':>8} {'tree':>5} "
        f"{'parse':>6} {'+dict':>6} {'+valid':>7} {'check':>6}"
    )
    print(head)
    print("-" * len(head))
    for row in rows:
        print(
            f"{row.name:<44} {row.size:>7.1f} {row.bare * 1000:>8.2f} {row.tree:>5.2f} "
            f"{row.parse:>6.2f} {row.dict:>6.2f} {row.valid:>7.2f} {row.check:>6.2f}"
        )
    over_tree = [row.valid / row.tree for row in rows]
    print(
        f"\nparse + to_dict + validate against building the same tree with our builder: "
        f"{min(over_tree):.2f}x to {max(over_tree):.2f}x"
    )
    check_over_parse = [row.check / row.parse - 1 for row in rows]
    print(
        f"offline check on top of our parse: {min(check_over_parse):+.0%} to "
        f"{max(check_over_parse):+.0%} (target ≤ +50%)"
    )
    bare_peak = _peak(lambda: mwparserfromhell.parse(big))
    ours_peak = _peak(lambda: parse(big))
    print(
        f"peak traced memory on the 1 MB article: bare {bare_peak / 2**20:.1f} MiB, "
        f"ours {ours_peak / 2**20:.1f} MiB ({ours_peak / bare_peak:.2f}x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
