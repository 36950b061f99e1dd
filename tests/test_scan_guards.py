"""wikimaint scan's per-page guards: a page that hangs, a huge page, a page that raises, a dead worker."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from typing import TYPE_CHECKING

import pytest

from dumpwriter import HUGE, SLOW_LIMIT, DumpPage, corpus_pages, slow_text, write_xml
from wikimaint.cli.app import run
from wikimaint.scan.dumps import Page
from wikimaint.scan.engines import LocalEngine
from wikimaint.scan.inputs import open_source
from wikimaint.scan.work import Settings, check_page

if TYPE_CHECKING:
    from pathlib import Path

TODAY = dt.date(2026, 12, 1)
HANG = slow_text()


def statuses(out: Path) -> dict[str, tuple[str, str | None]]:
    db = sqlite3.connect(out / "scan.sqlite")
    rows = db.execute("SELECT title, status, error FROM pages").fetchall()
    db.close()
    return {title: (status, error) for title, status, error in rows}


def test_a_hanging_page_and_a_huge_page_do_not_stop_the_scan(tmp_path: Path) -> None:
    pages = corpus_pages(30, redirect_every=0)
    pages[4] = DumpPage(5, "صفحة معلقة", HANG, revision_id=77)
    pages[9] = DumpPage(10, "صفحة ضخمة", HUGE, revision_id=78)
    dump = write_xml(tmp_path / "guards.xml", pages)
    out, err = io.StringIO(), io.StringIO()
    start = time.monotonic()
    code = run(["--lang", "en", "scan", str(dump), "--out", str(tmp_path / "o"), "--quiet",
                "--jobs", "2", "--today", TODAY.isoformat(), "--page-timeout", "0.3",
                "--max-page-bytes", str(SLOW_LIMIT)], out, err)  # fmt: skip
    assert time.monotonic() - start < 60  # the hanging page alone would take longer
    assert code == 1, err.getvalue()
    found = statuses(tmp_path / "o")
    assert len(found) == 30
    assert found["صفحة معلقة"] == ("timeout", None)
    assert found["صفحة ضخمة"] == ("too-large", None)
    assert all(s == "ok" for t, (s, _) in found.items() if t not in {"صفحة معلقة", "صفحة ضخمة"})
    summary = json.loads((tmp_path / "o" / "summary.json").read_text("utf-8"))
    assert summary["not_checked"] == 2
    assert summary["by_status"] == {"ok": 28, "error": 0, "timeout": 1, "too-large": 1}
    assert "2 not checked (1 timed out, 1 too large, 0 raised)" in out.getvalue()


def test_a_page_that_raises_is_kept_with_the_exception_s_kind() -> None:
    page = Page("بغداد", 0, "نص.<ref>https://www.france24.com/ar/</ref>{{مراجع}}", "x.wiki")
    settings = Settings(today=TODAY, rules=("no-such-rule",))
    result = check_page(page, settings)
    assert result.status == "error"
    assert result.error is not None
    assert result.error.startswith("UnknownRuleError: ")
    assert result.findings == []
    good = check_page(page, Settings(today=TODAY))
    assert good.status == "ok"
    assert [f.rule for f in good.findings] == ["bare-url"]


def test_every_page_that_raises_in_a_worker_is_kept(tmp_path: Path) -> None:
    dump = write_xml(tmp_path / "d.xml", corpus_pages(120, redirect_every=0))
    settings = Settings(today=TODAY, rules=("no-such-rule",))
    with LocalEngine(settings, 2) as engine:
        results = list(engine.map(open_source(str(dump)).units(50)))
    pages = [p for r in results for p in r.pages]
    assert len(pages) == 120
    assert {p.status for p in pages} == {"error"}
    assert all(p.error and p.error.startswith("UnknownRuleError") for p in pages)


def _kill_a_worker(engine: LocalEngine, done: threading.Event) -> None:
    """SIGKILL one worker process of *engine*'s pool as soon as it has one."""
    while not done.is_set():
        pool = engine._pools.get(engine.jobs)
        workers = list((getattr(pool, "_processes", None) or {}).values())
        if workers:
            os.kill(workers[0].pid, signal.SIGKILL)
            return
        time.sleep(0.005)


def test_a_worker_that_dies_is_replaced_and_no_page_is_lost(tmp_path: Path) -> None:
    pages = corpus_pages(1500, redirect_every=0)  # seconds of work: the kill comes first
    dump = write_xml(tmp_path / "d.xml", pages)
    settings = Settings(today=TODAY)
    done = threading.Event()
    with LocalEngine(settings, 2) as engine:
        killer = threading.Thread(target=_kill_a_worker, args=(engine, done))
        killer.start()
        try:
            results = list(engine.map(open_source(str(dump)).units(20)))
        finally:
            done.set()
            killer.join()
        replaced = engine.replaced
    assert replaced >= 1
    checked = sorted(p.page_id for r in results for p in r.pages if p.page_id is not None)
    assert checked == [p.page_id for p in pages]
    assert {p.status for r in results for p in r.pages} == {"ok"}
    with LocalEngine(settings, 2) as engine:
        again = {p.page_id: p.findings for r in engine.map(open_source(str(dump)).units(20))
                 for p in r.pages}  # fmt: skip
    assert {p.page_id: p.findings for r in results for p in r.pages} == again


@pytest.mark.parametrize("size", [0, 1])
def test_the_size_limit_is_in_utf8_bytes(size: int) -> None:
    text = "ب" * 50  # 100 bytes in UTF-8
    result = check_page(Page("ب", 0, text, "x"), Settings(today=TODAY, max_page_bytes=99 + size))
    assert result.bytes == 100
    assert result.status == ("too-large" if size == 0 else "ok")


_STUCK = """
import signal
from wikimaint.scan import work
work.enter_worker()
signal.signal(signal.SIGALRM, signal.SIG_IGN)  # as if no signal handler could run
with work._deadline(0.5, 2.0):  # a page's guards: 0.5 s, then 2 s of CPU time
    while True:  # stuck, burning CPU
        pass
print("not ended")
"""


def test_a_worker_stuck_where_no_handler_runs_is_ended_by_the_kernel() -> None:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", _STUCK], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == -signal.SIGPROF
    assert "not ended" not in done.stdout
    assert time.monotonic() - started < 60
