"""Benchmark: instructions our pipeline executes against a bare parse, counted by callgrind.

CPU time on a shared VM moves by ±20% from one run to the next, which is as wide as the
margin this benchmark is about; the number of machine instructions a process executes does
not move. Each figure here is counted by valgrind's callgrind: a process that warms up
(imports, name tables, the compiled schema, one call of every action) and then makes N
calls, minus the same process making none, divided by N. The ratios compare the same
texts as ``bench_parse.py``: our tree build alone, our parse, parse + to_dict + validate,
and parse + the offline check, against a bare ``mwparserfromhell.parse``. Instructions are
not time — memory stalls and the cyclic collector's walks cost more per instruction — so
read these beside ``bench_parse.py``.

Needs valgrind (Debian package ``valgrind``; ``make bench`` installs it). About 6 minutes
on 2 cores.

Run: .venv/bin/python bench/bench_instructions.py
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_parse import TODAY, _grown, _texts  # noqa: E402 - a sibling script, found through HERE

ACTIONS = ("bare", "tree", "parse", "pipeline", "check")
# Input, calls counted: few calls suffice, since the count does not vary.
INPUTS = {"target": 10, "corpus": 2, "synthetic, about 300 KB": 1}
_COLLECTED = re.compile(r"Collected : (\d+)")


def _inputs() -> dict[str, list[str]]:
    texts = _texts()
    sources = [text for _, text in texts]
    return {
        "target": [text for name, text in texts if name.startswith("غارات")],
        "corpus": [text for name, text in texts if name.endswith(".wikitext")],
        "synthetic, about 300 KB": [_grown(sources, 300_000)],
    }


def _action(name: str, texts: list[str]) -> Callable[[], None]:
    def bare() -> None:
        for text in texts:
            mwparserfromhell.parse(text)

    def tree() -> None:
        for text in texts:
            build_tree(text)

    def ours() -> None:
        for text in texts:
            parse_date.cache_clear()  # every call starts cold, as in bench_parse.py
            parse(text)

    def pipeline() -> None:
        for text in texts:
            parse_date.cache_clear()
            validate(parse(text).to_dict())

    def check() -> None:
        for text in texts:
            parse_date.cache_clear()
            check_citations(parse(text), today=TODAY)

    return {"bare": bare, "tree": tree, "parse": ours, "pipeline": pipeline, "check": check}[name]


def _drive(action: str, source: str, calls: int) -> None:
    """Run inside valgrind: warm up, then make *calls* calls of *action* on *source*."""
    texts = _inputs()[source]
    for name in ACTIONS:
        _action(name, texts)()
    run = _action(action, texts)
    for _ in range(calls):
        run()


def _count(action: str, source: str, calls: int) -> int:
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--drive",
        action,
        source,
        str(calls),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    found = _COLLECTED.search(done.stderr)
    if done.returncode or found is None:
        raise RuntimeError(f"callgrind failed for {action} on {source}: {done.stderr[-500:]}")
    return int(found.group(1))


def main() -> int:
    """Print instructions per call and their ratios to the bare parse; return 0."""
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: `make bench` installs it (Debian package valgrind)")
        return 1
    jobs = [(source, action, calls) for source, calls in INPUTS.items() for action in ACTIONS]
    jobs += [(source, "bare", 0) for source in INPUTS]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        found = pool.map(lambda job: _count(job[1], job[0], job[2]), jobs)
        counts = dict(zip(jobs, found, strict=True))
    print("Instructions per call (callgrind); ratios to a bare mwparserfromhell.parse.")
    print("tree = wikimaint.wikitext.builder.build_tree (the same tree); pipeline = parse +")
    print("to_dict + validate; check = parse + check_citations;")
    print("corpus = every corpus file in one call.\n")
    head = (
        f"{'input':<26} {'bare':>13} {'tree':>6} {'parse':>6} {'pipe':>6} {'check':>6}"
        f" {'pipe/tree':>9} {'check/parse':>11}"
    )
    print(head)
    print("-" * len(head))
    for source, calls in INPUTS.items():
        base = counts[(source, "bare", 0)]
        per = {a: (counts[(source, a, calls)] - base) / calls for a in ACTIONS}
        ratio = {a: per[a] / per["bare"] for a in ACTIONS}
        print(
            f"{source:<26} {per['bare']:>13,.0f} {ratio['tree']:>6.2f} {ratio['parse']:>6.2f} "
            f"{ratio['pipeline']:>6.2f} {ratio['check']:>6.2f} "
            f"{per['pipeline'] / per['tree']:>9.2f} {per['check'] / per['parse']:>11.2f}"
        )
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--drive"]:
        _drive(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        raise SystemExit(0)
    raise SystemExit(main())
