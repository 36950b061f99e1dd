"""Benchmark: ``wikimaint scan`` against a bare ``mwparserfromhell.parse`` of the same pages.

The dump is generated (``tests/dumpwriter.py``): the fixture articles and the shared corpus
cycled, every copy made unique (its ref names and its years changed, a comment added), so
that no cache by content helps (the date parser's cache among them); every 50th page is a
redirect. It is written as a multistream ``.xml.bz2`` with its index and as a
single-stream ``.xml.bz2``.

Measured in the same run, each the best of ``--rounds`` wall times, the runs taking turns:

- ``bare``: ``mwparserfromhell.parse`` of every page text, in this process, one core;
- ``scan --jobs 1`` and ``--jobs 2`` of the multistream dump (reading, decompression,
  XML, check, SQLite and exports included), and ``--jobs 2`` of the single-stream dump;
- ``--resume`` of the finished scan, and ``--since`` it of a dump with 1% of pages edited,
  and ``--since`` it ``--changes`` of the adds/changes dump that holds just those pages;
- the peak RSS of the scan's main process (``ru_maxrss``; workers not counted) for two
  dump sizes, to show it flat;
- on a dump ``--big`` (9) times as large: ``--jobs 2``, ``--resume``, ``--since`` and
  ``--changes`` again.

Each scan runs as ``python -m wikimaint scan`` in a subprocess. The projection for a full
Arabic Wikipedia (about 1.2 M articles, 4.8 GB of wikitext) on 8 cores takes the measured
``--jobs 1`` MB/s times 8 (the ``--jobs 2`` speed-up says how near linear that is here).

Run: .venv/bin/python bench/bench_scan.py [--pages 5000] [--rounds 3] [--big 9]
"""

from __future__ import annotations

import argparse
import bz2
import json
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import mwparserfromhell

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from dumpwriter import (  # noqa: E402
    DumpPage,
    corpus_pages,
    write_history,
    write_multistream,
    write_xml,
)

TODAY = "2026-12-01"
ARWIKI_BYTES = 4.8e9
ARWIKI_PAGES = 1.2e6
_YEAR = re.compile(r"\b(1[5-9]\d\d|20[0-2]\d)\b")
_REF_NAME = re.compile(r'name\s*=\s*"?([^">/]+?)"?\s*(/?>)')


def unique(pages: list[DumpPage]) -> list[DumpPage]:
    """Return *pages* with each copy's ref names and years its own."""
    out = []
    for n, page in enumerate(pages):
        if page.redirect:
            out.append(page)
            continue
        text = _REF_NAME.sub(rf'name="\1-{n}"\2', page.text)
        text = _YEAR.sub(lambda m, n=n: str(1400 + (int(m[1]) + n * 7) % 620), text)
        out.append(DumpPage(page.page_id, page.title, text, page.namespace, page.revision_id))
    return out


def edited(pages: list[DumpPage], share: float) -> list[DumpPage]:
    """Return *pages* with *share* of them given a new revision with one more citation."""
    every = round(1 / share)
    return [
        DumpPage(p.page_id, p.title, p.text + "\n<ref>https://www.bbc.com/arabic</ref>\n",
                 p.namespace, p.revision_id + 1_000_000)
        if n % every == 0 and not p.redirect else p
        for n, p in enumerate(pages)
    ]  # fmt: skip


def changes(folder: Path, name: str, old: list[DumpPage], new: list[DumpPage]) -> Path:
    """Write the adds/changes dump that takes *old* to *new* (the pages whose revision moved)."""
    moved = [[b] for a, b in zip(old, new, strict=True) if a.revision_id != b.revision_id]
    return write_history(folder / f"{name}-pages-meta-hist-incr.xml.bz2", moved)


def write(folder: Path, name: str, pages: list[DumpPage]) -> tuple[Path, Path]:
    """Write *pages* as a multistream dump and a single-stream ``.bz2``; return both."""
    multistream = folder / f"{name}-pages-articles-multistream.xml.bz2"
    write_multistream(multistream, pages)
    single = write_xml(folder / f"{name}-pages-articles.xml.bz2", pages)
    return multistream, single


# The peak RSS is /proc's VmHWM: ru_maxrss would count this (large) process, forked
# before the exec, as the scan's own.
_WRAPPER = (
    "import re, sys; from pathlib import Path; from wikimaint.cli import main; "
    "code = main(sys.argv[1:]); "
    "peak = re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text())[1]; "
    "sys.stderr.write(f'\\nmaxrss={peak}\\n'); sys.exit(code)"
)


@dataclass(frozen=True)
class Run:
    """Represents one scan: wall seconds, CPU seconds (main + workers), peak RSS of the main."""

    wall: float
    cpu: float
    rss: float
    workers: float = 0.0
    """The workers' CPU seconds alone."""


def scan(out: Path, *argv: str) -> Run:
    """Run a scan into *out* (emptied first)."""
    shutil.rmtree(out, ignore_errors=True)
    return rescan(out, *argv)


def rescan(out: Path, *argv: str) -> Run:
    """Run a scan into *out* as it is.

    The CPU time is this process's children's: the scan, and its workers, which it forks
    and waits for (its main thread is its only one), so their time is the scan's children's.
    Workers from a forkserver would not be counted there; their own count (the CPU time of
    checking, in ``summary.json``) is kept beside it, and is checked to be within it.
    """
    command = [sys.executable, "-c", _WRAPPER, "--lang", "en", "scan", "--quiet",
               "--today", TODAY, "--fail-on", "never", "--out", str(out), *argv]  # fmt: skip
    summary = out / "summary.json"
    earlier = 0.0
    if summary.exists():
        earlier = json.loads(summary.read_text("utf-8"))["worker_cpu_seconds"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"scan failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    maxrss = int(done.stderr.rsplit("maxrss=", 1)[1])
    workers = json.loads(summary.read_text("utf-8"))["worker_cpu_seconds"] - earlier
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if cpu < workers:
        raise SystemExit(f"the workers' CPU time ({workers:.2f} s) is not in the scan's "
                         f"({cpu:.2f} s): were they not forked by it?")  # fmt: skip
    return Run(seconds, cpu, maxrss / 1024, workers)


def decompressed(path: Path) -> Run:
    """Return the time it takes just to decompress *path*: a floor for any reader of it."""
    data = path.read_bytes()
    start, cpu = time.perf_counter(), time.process_time()
    bz2.decompress(data)
    return Run(time.perf_counter() - start, time.process_time() - cpu, 0.0)


REALWORLD = ROOT.parent / "shared" / "realworld"


def real_decompression() -> tuple[float, float] | None:
    """Return the compression ratio of real pages in streams of 400 KB, and their MB/s out.

    The generated dump repeats its pages, so it compresses far better than a real one;
    ``../shared/realworld``'s 114 real pages say how fast a real dump decompresses.
    """
    files = sorted(p for p in REALWORLD.rglob("*") if p.is_file() and p.suffix in {".txt", ".wiki"})
    data = b"".join(p.read_bytes() for p in files)
    if not data:
        return None
    streams = [bz2.compress(data[n : n + 400_000]) for n in range(0, len(data), 400_000)]
    cpu = time.process_time()
    for stream in streams:
        bz2.decompress(stream)
    seconds = time.process_time() - cpu
    return len(data) / sum(map(len, streams)), len(data) / 1e6 / seconds


def same_results(one: Path, other: Path) -> bool:
    """Return whether two scans hold the same pages and findings (a page's source aside)."""
    def rows(out: Path) -> tuple[list[tuple[object, ...]], list[str]]:
        db = sqlite3.connect(out / "scan.sqlite")
        pages = db.execute("SELECT page_id, title, revision_id, sha1, status, findings FROM pages"
                           " ORDER BY page_id").fetchall()  # fmt: skip
        findings = db.execute(
            "SELECT p.page_id, f.rule, f.line, f.column, f.message FROM findings f"
            " JOIN pages p ON p.id = f.page ORDER BY p.page_id, f.id"
        ).fetchall()
        db.close()
        return pages, [repr(f) for f in findings]

    return rows(one) == rows(other)


def bare(texts: list[str]) -> Run:
    """Return the wall and CPU seconds of a bare parse of every text, in this process."""
    start, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        mwparserfromhell.parse(text)
    return Run(time.perf_counter() - start, time.process_time() - cpu, 0.0)


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--big", type=int, default=9, help="the larger dump, in times --pages")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-scan-"))
    try:
        run(folder, args.pages, args.rounds, args.big)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(folder: Path, count: int, rounds: int, times: int) -> None:
    """Measure in *folder* over dumps of *count* and *times* × *count* pages, best of *rounds*."""
    pages = unique(corpus_pages(count))
    texts = [p.text for p in pages if not p.redirect]
    mb = sum(len(t.encode()) for t in texts) / 1e6
    multistream, single = write(folder, "arwiki-20261201", pages)
    newer_pages = edited(pages, 0.01)
    newer, _ = write(folder, "arwiki-20270101", newer_pages)
    delta = changes(folder, "arwiki-20270101", pages, newer_pages)
    print(f"dump: {count} pages ({len(texts)} articles, {count - len(texts)} redirects), "
          f"{mb:.1f} MB of wikitext; multistream {multistream.stat().st_size / 1e6:.1f} MB, "
          f"single-stream {single.stat().st_size / 1e6:.1f} MB")  # fmt: skip
    out = folder / "out"
    runs: dict[str, Run] = {}
    pairs: dict[str, list[float]] = {
        "jobs1/bare cpu": [],
        "jobs1/bare wall": [],
        "jobs1/jobs2 wall": [],
        "cores the jobs 2 workers got": [],
    }

    def keep(name: str, run: Run) -> Run:
        best = runs.get(name)
        runs[name] = Run(min(run.wall, best.wall), min(run.cpu, best.cpu), 0) if best else run
        return run

    # The machine is shared: each ratio is also taken within a round, from runs made one
    # right after the other, and the table's best-of figures are checked against those.
    for _ in range(rounds):
        base = keep("bare", bare(texts))
        one = keep("jobs1", scan(out / "j1", str(multistream), "--jobs", "1"))
        two = keep("jobs2", scan(out / "j2", str(multistream), "--jobs", "2"))
        pairs["jobs1/bare cpu"].append(one.cpu / base.cpu)
        pairs["jobs1/bare wall"].append(one.wall / base.wall)
        pairs["jobs1/jobs2 wall"].append(one.wall / two.wall)
        pairs["cores the jobs 2 workers got"].append(two.workers / two.wall)
        keep("jobs2-bz2", scan(out / "j2b", str(single), "--jobs", "2"))
        keep("resume", rescan(out / "j2", "--resume"))
        keep("since", scan(out / "since", str(newer), "--jobs", "2", "--since", str(out / "j2")))
        keep("changes", scan(out / "changes", str(delta), "--jobs", "2", "--since",
                             str(out / "j2"), "--changes"))  # fmt: skip
        keep("floor", decompressed(newer))
    summary = json.loads((out / "since" / "summary.json").read_text("utf-8"))
    if not same_results(out / "since", out / "changes"):
        raise SystemExit("--changes did not give the results --since gave")
    small = scan(out / "m1", str(single), "--jobs", "2").rss
    # More pages: the peak memory again, and --resume, --since and --changes, whose fixed
    # cost (the start-up) weighs less against a longer scan, as it does on a real dump.
    big_pages = unique(corpus_pages(count * times))
    big_multistream, big_single = write(folder, "arwiki-big", big_pages)
    big_newer_pages = edited(big_pages, 0.01)
    big_newer, _ = write(folder, "arwiki-big-newer", big_newer_pages)
    big_delta = changes(folder, "arwiki-big-newer", big_pages, big_newer_pages)
    big = scan(out / "m2", str(big_single), "--jobs", "2").rss
    for _ in range(rounds):
        keep("big-jobs2", scan(out / "b2", str(big_multistream), "--jobs", "2"))
        keep("big-resume", rescan(out / "b2", "--resume"))
        keep("big-since", scan(out / "bs", str(big_newer), "--jobs", "2", "--since",
                               str(out / "b2")))  # fmt: skip
        keep("big-changes", scan(out / "bc", str(big_delta), "--jobs", "2", "--since",
                                 str(out / "b2"), "--changes"))  # fmt: skip
    big_mb = sum(len(p.text.encode()) for p in big_pages if not p.redirect) / 1e6

    def row(label: str, name: str, base: str, size: float = mb) -> None:
        run, ratio = runs[name], runs[name].wall / runs[base].wall
        cpu = runs[name].cpu / runs[base].cpu
        print(f"{label:<46} {run.wall:7.2f} {ratio:7.2f}x {run.cpu:7.2f} {cpu:7.2f}x "
              f"{size / run.wall:6.2f}")  # fmt: skip

    print(f"\n{'what (best of ' + str(rounds) + ')':<46} {'wall s':>7} {'ratio':>8} "
          f"{'cpu s':>7} {'ratio':>8} {'MB/s':>6}")  # fmt: skip
    print("-" * 87)
    row("bare mwparserfromhell.parse, 1 core", "bare", "bare")
    row("scan --jobs 1, multistream (vs bare)", "jobs1", "bare")
    row("scan --jobs 2, multistream (vs --jobs 1)", "jobs2", "jobs1")
    row("scan --jobs 2, single-stream .bz2 (vs jobs 1)", "jobs2-bz2", "jobs1")
    row("--resume of the finished scan (vs jobs 2)", "resume", "jobs2")
    row("--since, 1% of pages edited (vs jobs 2)", "since", "jobs2")
    row("--since --changes, their adds/changes dump", "changes", "jobs2")
    row("(only bz2-decompressing the new dump, 1 core)", "floor", "jobs2")
    print(f"{count * times} pages, {big_mb:.1f} MB of wikitext:")
    row("scan --jobs 2, multistream", "big-jobs2", "big-jobs2", big_mb)
    row("--resume of the finished scan (vs jobs 2)", "big-resume", "big-jobs2", big_mb)
    row("--since, 1% of pages edited (vs jobs 2)", "big-since", "big-jobs2", big_mb)
    row("--since --changes, their adds/changes dump", "big-changes", "big-jobs2", big_mb)
    jobs1, jobs2 = runs["jobs1"], runs["jobs2"]
    print(f"\n--jobs 2 is {jobs1.wall / jobs2.wall:.2f}x faster than --jobs 1 in wall time "
          f"(target >= 1.8x); --jobs 1 costs {jobs1.wall / runs['bare'].wall:.2f}x a bare "
          f"parse in wall time, {jobs1.cpu / runs['bare'].cpu:.2f}x in CPU time "
          f"(target <= 1.5x)")  # fmt: skip
    for name, values in pairs.items():
        print(f"within a round, {name}: " + ", ".join(f"{v:.2f}" for v in values))
    print(f"--since reused {summary['reused']} of {summary['pages']} pages; --changes gave the "
          "same pages and findings")  # fmt: skip
    print(f"peak RSS of the main process: {small:.0f} MiB at {count} pages, "
          f"{big:.0f} MiB at {count * times} pages (target <= 200 MiB, flat)")  # fmt: skip
    per_core = mb / jobs1.cpu
    real = real_decompression()
    if real is not None:
        print(f"real pages (../shared/realworld) compress {real[0]:.1f}x in 400 KB streams and "
              f"decompress at {real[1]:.0f} MB/s: on a real dump, decompressing alone is "
              f"{per_core / real[1]:.0%} of a scan's CPU time (the generated dump's: "
              f"{runs['floor'].cpu / runs['jobs2'].cpu:.0%})")  # fmt: skip
    minutes = ARWIKI_BYTES / 1e6 / (per_core * 8) / 60
    print(f"projection: {ARWIKI_PAGES / 1e6:.1f} M articles, {ARWIKI_BYTES / 1e9:.1f} GB of "
          f"wikitext at {per_core:.2f} MB/s a core (--jobs 1, CPU time) x 8 cores = "
          f"{minutes:.1f} min (target < 15 min)")  # fmt: skip


if __name__ == "__main__":
    main()
