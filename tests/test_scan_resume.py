"""wikimaint scan: --resume after SIGKILL, Ctrl-C and SIGTERM ends as an uninterrupted run; --since."""

from __future__ import annotations

import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from dumpwriter import DumpPage, corpus_pages, write_multistream, write_xml
from wikimaint.cli.app import run

if TYPE_CHECKING:
    from pathlib import Path

TODAY = "2026-12-01"
ARGS = ("--today", TODAY, "--jobs", "2", "--batch", "25")


def scan(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["--lang", "en", "scan", "--quiet", *argv], out, err)
    return code, out.getvalue(), err.getvalue()


def results(out: Path) -> tuple[list[tuple[object, ...]], bytes]:
    """Return every page row (without its timing) and the findings export."""
    db = sqlite3.connect(out / "scan.sqlite")
    rows = db.execute(
        "SELECT page_id, title, revision_id, sha1, source, status, bytes, errors, warnings,"
        " infos, findings FROM pages ORDER BY page_id"
    ).fetchall()
    db.close()
    return rows, (out / "findings.jsonl").read_bytes()


def units_done(db_path: Path) -> int:
    if not db_path.exists():
        return 0
    try:
        db = sqlite3.connect(db_path, timeout=0.1)
        count = db.execute("SELECT count(*) FROM units").fetchone()[0]
        db.close()
    except sqlite3.Error:
        return 0
    return int(count)


def start(*argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "wikimaint", "--lang", "en", "scan", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for_units(process: subprocess.Popen[str], db: Path, at_least: int) -> None:
    deadline = time.monotonic() + 120
    while units_done(db) < at_least:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)


@pytest.fixture(scope="module")
def pages() -> list[DumpPage]:
    return corpus_pages(1200)


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory, pages: list[DumpPage]) -> Path:
    return write_xml(tmp_path_factory.mktemp("dump") / "arwiki-pages-articles.xml.bz2", pages)


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory, dump: Path) -> Path:
    out = tmp_path_factory.mktemp("whole") / "o"
    code, _, err = scan(str(dump), "--out", str(out), *ARGS)
    assert code == 1, err
    return out


@pytest.mark.slow
def test_resume_after_sigkill_equals_an_uninterrupted_run(
    dump: Path, whole: Path, tmp_path: Path
) -> None:
    out = tmp_path / "o"
    process = start(str(dump), "--out", str(out), *ARGS)
    wait_for_units(process, out / "scan.sqlite", 1)
    time.sleep(random.uniform(0, 1.5))
    os.killpg(process.pid, signal.SIGKILL)  # the main process and its workers: a power cut
    process.wait()
    before = units_done(out / "scan.sqlite")
    code, stdout, err = scan("--resume", "--out", str(out), "--jobs", "2")
    assert code == 1, err
    assert "checked 1176 pages" in stdout
    assert results(out) == results(whole)
    db = sqlite3.connect(out / "scan.sqlite")
    assert db.execute("SELECT count(*), min(status) FROM runs").fetchone() == (1, "done")
    assert db.execute("SELECT count(*) FROM units").fetchone()[0] >= before
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["skipped"]["redirects"] == 24


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_and_sigterm_stop_soon_keep_what_is_done_and_say_how_to_resume(
    how: signal.Signals, dump: Path, whole: Path, tmp_path: Path
) -> None:
    out = tmp_path / "o"
    process = start(str(dump), "--out", str(out), *ARGS)
    wait_for_units(process, out / "scan.sqlite", 2)
    sent = time.monotonic()
    process.send_signal(how)
    _, stderr = process.communicate(timeout=30)
    assert time.monotonic() - sent < 2.0
    assert process.returncode == 130
    assert f"to resume: wikimaint scan --resume --out {out}" in stderr
    assert "Traceback" not in stderr
    db = sqlite3.connect(out / "scan.sqlite")
    assert db.execute("SELECT status, finished FROM runs").fetchone() == ("interrupted", None)
    db.close()
    code, _, err = scan("--resume", "--out", str(out), "--jobs", "2")
    assert code == 1, err
    assert results(out) == results(whole)


def test_resume_of_a_finished_scan_changes_nothing(whole: Path) -> None:
    before = results(whole)
    code, stdout, _ = scan("--resume", "--out", str(whole))
    assert code == 1
    assert "checked 1176 pages" in stdout
    assert results(whole) == before
    db = sqlite3.connect(whole / "scan.sqlite")
    assert db.execute("SELECT status, finished IS NOT NULL FROM runs").fetchall() == [("done", 1)]
    db.close()


def test_resume_of_a_finished_scan_writes_its_exports_only_when_they_are_missing(
    whole: Path, tmp_path: Path
) -> None:
    out = tmp_path / "o"
    out.mkdir()
    for name in ("scan.sqlite", "findings.jsonl", "summary.json"):
        (out / name).write_bytes((whole / name).read_bytes())
    exports = {name: (out / name).stat().st_mtime_ns for name in ("findings.jsonl", "summary.json")}
    assert scan("--resume", "--out", str(out))[0] == 1
    assert {name: (out / name).stat().st_mtime_ns for name in exports} == exports
    (out / "findings.jsonl").unlink()
    (out / "summary.json").write_text("{", "utf-8")  # cut short by hand
    code, stdout, _ = scan("--resume", "--out", str(out))
    assert code == 1
    assert "checked 1176 pages" in stdout
    assert results(out) == results(whole)
    assert json.loads((out / "summary.json").read_text("utf-8"))["pages"] == 1176


def test_resume_needs_a_scan_and_the_same_sources(whole: Path, tmp_path: Path) -> None:
    code, out, err = scan("--resume", "--out", str(tmp_path))
    assert (code, out) == (2, "")
    assert "holds no scan to resume" in err
    code, _, err = scan(str(tmp_path / "other.xml"), "--resume", "--out", str(whole))
    assert code == 2
    assert "was of other sources" in err


def changed(pages: list[DumpPage], every: int) -> list[DumpPage]:
    """Return *pages* with one in *every* edited (a new revision), one removed and one added."""
    edited = [
        DumpPage(p.page_id, p.title, p.text + "\nنص جديد.<ref>https://www.bbc.com/arabic</ref>\n",
                 p.namespace, p.revision_id + 50_000, p.redirect)
        if n % every == 3 and not p.redirect else p
        for n, p in enumerate(pages)
    ]  # fmt: skip
    extra = DumpPage(99_999, "مقالة جديدة", pages[0].text + "\n<!-- جديدة -->\n", 0, 99_999)
    return [*edited[:-1], extra]


def test_since_reuses_unchanged_pages_and_checks_changed_ones(
    pages: list[DumpPage], whole: Path, tmp_path: Path
) -> None:
    newer = changed(pages, 100)
    dump = tmp_path / "arwiki-20270101-pages-articles-multistream.xml.bz2"
    write_multistream(dump, newer)
    code, stdout, err = scan(str(dump), "--out", str(tmp_path / "since"), *ARGS,
                             "--since", str(whole))  # fmt: skip
    assert code == 1, err
    fresh = tmp_path / "fresh"
    assert scan(str(dump), "--out", str(fresh), *ARGS)[0] == 1
    assert results(tmp_path / "since") == results(fresh)
    summary = json.loads((tmp_path / "since" / "summary.json").read_text("utf-8"))
    edited = sum(1 for n, p in enumerate(pages) if n % 100 == 3 and not p.redirect)
    assert summary["reused"] == summary["pages"] - edited - 1  # the edited pages, the new one
    assert f"{summary['reused']} reused" in stdout


def test_since_reads_an_earlier_scan_in_a_folder_named_with_spaces_and_a_hash(
    whole: Path, dump: Path, tmp_path: Path
) -> None:
    earlier = tmp_path / "فحص كانون الأول #1 100%"  # '#' and '%' mean something in a URI
    earlier.mkdir()
    (earlier / "scan.sqlite").write_bytes((whole / "scan.sqlite").read_bytes())
    code, stdout, err = scan(str(dump), "--out", str(tmp_path / "o"), *ARGS,
                             "--since", str(earlier))  # fmt: skip
    assert code == 1, err
    assert results(tmp_path / "o") == results(whole)
    summary = json.loads((tmp_path / "o" / "summary.json").read_text("utf-8"))
    assert summary["reused"] == summary["pages"]
    assert f"{summary['pages']} reused" in stdout


def test_since_refuses_an_earlier_scan_with_other_rules(whole: Path, dump: Path, tmp_path: Path) -> None:
    code, out, err = scan(str(dump), "--out", str(tmp_path / "o"), *ARGS,
                          "--skip-rules", "missing-archive", "--since", str(whole))  # fmt: skip
    assert (code, out) == (2, "")
    assert "used other options (skip)" in err
    assert not (tmp_path / "o" / "scan.sqlite").exists()
    code, _, err = scan(str(dump), "--out", str(tmp_path / "p"), *ARGS, "--since", str(tmp_path))
    assert code == 2
    assert "no finished scan" in err
