"""Benchmark: how long commands take to start, against a bare ``python -c pass``.

Each command runs in a fresh interpreter, as a user runs it, best of ``--rounds`` wall
times, the commands taking turns: ``import wikimaint``, ``wikimaint --help``, and ``scan
--resume`` of a finished scan of the fixture articles (it reads the database and its
summary, and checks nothing). With ``--against SRC`` every command also runs with that
source tree first on ``PYTHONPATH`` (another checkout's ``src``, e.g. ``main``'s before a
change), in the same rounds, so that the two are compared on an equally loaded machine.

Run: .venv/bin/python bench/bench_startup.py [--rounds 10] [--against ../main/src]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "articles"


def _wall(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Print the best wall time of each command, and its ratio to a bare interpreter."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--against", metavar="SRC", help="another source tree to compare with")
    args = parser.parse_args(argv or [])
    python = sys.executable
    trees = {"this tree": dict(os.environ)}
    if args.against:
        trees[args.against] = {**os.environ, "PYTHONPATH": str(Path(args.against).resolve())}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "scan"
        made = subprocess.run(
            [python, "-m", "wikimaint", "scan", "--quiet", "--jobs", "1", "--out", str(out),
             str(FIXTURES)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if not (out / "summary.json").is_file():
            print(made.stderr)
            return 1
        commands = {
            "python -c pass": ["-c", "pass"],
            "import wikimaint": ["-c", "import wikimaint"],
            "wikimaint --help": ["-m", "wikimaint", "--help"],
            "scan --resume, finished": ["-m", "wikimaint", "scan", "--resume", "--quiet",
                                        "--out", str(out)],
        }  # fmt: skip
        best: dict[tuple[str, str], float] = {}
        for _ in range(args.rounds):
            for name, command in commands.items():
                for tree, env in trees.items():
                    wall = _wall([python, *command], env)
                    best[name, tree] = min(best.get((name, tree), wall), wall)
    mine, other = "this tree", args.against
    head = f"{'what (best of ' + str(args.rounds) + ')':<26} {'wall s':>7} {'vs bare':>8}"
    print(head + (f" {'against':>8} {'ratio':>6}" if other else ""))
    print("-" * (len(head) + (16 if other else 0)))
    bare = best["python -c pass", mine]
    for name in commands:
        wall = best[name, mine]
        line = f"{name:<26} {wall:7.3f} {wall / bare:7.1f}x"
        if other:
            line += f" {best[name, other]:8.3f} {wall / best[name, other]:5.2f}x"
        print(line)
    if other:
        print(f"(against: the same commands with {other} first on PYTHONPATH, in the same rounds)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
