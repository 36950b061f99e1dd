"""Benchmark: ``wikimaint report`` on a generated 100,000-page scan, and its index in Chromium.

The scan database follows the scan's contract and holds real findings: the fixtures and the
corpus are checked by the offline rules (``tests/scandb.py``), then their rows are copied
under new, unique titles up to 100,000 pages. Measured in the same run:

    read      every findings row joined to its page's title, read once (the baseline: any
              report has to read that much)
    report    write_scan_report(DIR): the index with its charts, the listings, the rules'
              pages and the articles' own pages
    open      Debian's chromium (headless, Playwright) opening index.html: navigation start
              to the load event, best of several; then a rule's page and a listing page

Targets (issue 15): the report builds in under a minute; its index opens in under 2 s; no
file is larger than a few MB.

Run: .venv/bin/python bench/bench_report.py [PAGES]   (default 100000)
"""

from __future__ import annotations

import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402

import scandb  # noqa: E402 - tests/scandb.py, the generator the tests use
from browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from wikimaint.reports.scan import write_scan_report  # noqa: E402

PAGES = 100_000
BUILD_LIMIT = 60.0
OPEN_LIMIT = 2.0
FILE_LIMIT = 5 * 1024 * 1024
ROUNDS = 5
_NAVIGATION = (
    "(() => { const n = performance.getEntriesByType('navigation')[0];"
    " return [n.domContentLoadedEventEnd, n.loadEventEnd]; })()"
)


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def generate(folder: Path, total: int) -> tuple[int, int, float]:
    started = time.perf_counter()
    fixtures = sorted((ROOT / "fixtures" / "articles").glob("*.wiki"))
    corpus = sorted((ROOT.parent / "shared" / "corpus").glob("*.wikitext"))
    db = scandb.create(folder / "scan.sqlite")
    scandb.add_pages(db, [scandb.Page(p.stem.replace("_", " "), p.read_text("utf-8"))
                          for p in [*fixtures, *corpus]])
    pages = scandb.replicate(db, total)
    findings = db.execute("SELECT count(*) FROM findings").fetchone()[0]
    db.close()
    return pages, findings, time.perf_counter() - started


def read_all(folder: Path) -> float:
    started = time.perf_counter()
    with sqlite3.connect(folder / "scan.sqlite") as db:
        for _row in db.execute(
            "SELECT findings.*, pages.title FROM findings JOIN pages ON pages.id = findings.page"
        ):
            pass
    return time.perf_counter() - started


def open_times(report: Path) -> dict[str, float]:
    found: dict[str, float] = {}
    targets = {
        "index.html": report / "index.html",
        "rules/missing-archive-1.html": report / "rules" / "missing-archive-1.html",
        "lists/articles-1.html": report / "lists" / "articles-1.html",
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        root = report.as_uri()
        context.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(root) else r.abort()
        )
        page = context.new_page()
        for name, path in targets.items():
            best = float("inf")
            for _ in range(ROUNDS):
                started = time.perf_counter()
                page.goto(path.as_uri(), wait_until="load")
                wall = time.perf_counter() - started
                _ready, loaded = page.evaluate(_NAVIGATION)
                best = min(best, max(wall, loaded / 1000))
            found[name] = best
        browser.close()
    return found


def main(argv: list[str] | None = None) -> int:
    total = int((argv or sys.argv[1:] or [PAGES])[0])
    with tempfile.TemporaryDirectory(prefix="bench-report-") as temp:
        folder = Path(temp)
        pages, findings, made = generate(folder, total)
        print(f"generated scan: {pages:,} pages, {findings:,} findings ({made:.1f} s)")
        baseline = min(read_all(folder) for _ in range(3))
        cpu = _cpu()
        done = write_scan_report(folder, "ar")
        cpu = _cpu() - cpu
        sizes = [p.stat().st_size for p in done.directory.rglob("*.html")]
        print(f"read every finding with its title (baseline): {baseline:6.2f} s")
        print(f"report build:                                {done.seconds:6.2f} s"
              f"  ({done.seconds / baseline:.1f}x the baseline; target < {BUILD_LIMIT:.0f} s)")
        load = os.getloadavg()[0]
        print(f"  CPU time, this process and its workers:    {cpu:6.2f} s"
              f"  (load average {load:.1f} on {os.cpu_count()} cores: a shared machine)")
        index = (done.directory / "index.html").stat().st_size / 1024
        print(f"files: {len(sizes):,}, {sum(sizes) / 2**20:.0f} MiB in all, largest "
              f"{max(sizes) / 2**20:.2f} MiB, index {index:.0f} KiB")
        opened = open_times(done.directory)
        for name, seconds in opened.items():
            print(f"open in chromium, {name:<30} {seconds:6.3f} s")
    ok = (
        done.seconds < BUILD_LIMIT and opened["index.html"] < OPEN_LIMIT and max(sizes) < FILE_LIMIT
    )
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
