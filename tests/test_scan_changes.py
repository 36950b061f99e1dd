"""wikimaint scan --since OLD_DIR --changes: an adds/changes dump on top of an earlier scan.

Wikimedia publishes, besides the full dumps, daily adds/changes dumps
(``arwiki-YYYYMMDD-pages-meta-hist-incr.xml.bz2``) that hold only the revisions made that
day. Scanned with ``--changes`` on top of an earlier scan, they must give what a full scan
of the wiki as it now is gives: the same pages, revisions, statuses and findings; only the
``source`` of a page that did not change is still the earlier dump it was read from.
"""

from __future__ import annotations

import bz2
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

from dumpwriter import DumpPage, corpus_pages, write_history, write_multistream, write_xml
from scanresults import findings, page_rows
from wikimaint.cli.app import run
from wikimaint.reports.scandb import open_scan
from wikimaint.scan.store import Store

if TYPE_CHECKING:
    from pathlib import Path

TODAY = "2026-12-01"
ARGS = ("--today", TODAY, "--jobs", "2", "--batch", "25")
ADDED = "\nنص جديد.<ref>https://www.bbc.com/arabic</ref>\n"


def scan(*argv: str, lang: str = "en") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["--lang", lang, "scan", "--quiet", *argv], out, err)
    return code, out.getvalue(), err.getvalue()


def results(out: Path) -> tuple[list[tuple[object, ...]], list[dict[str, object]]]:
    """Return every page row and finding, without their timing and the page's source."""
    return page_rows(out), findings(out)


def edit(page: DumpPage, revision: int, **change: object) -> DumpPage:
    """Return *page*'s next revision: a citation added, or the fields in *change*."""
    fields = {"text": page.text + ADDED, "revision_id": revision} | change
    return DumpPage(**{**page.__dict__, **fields})  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def pages() -> list[DumpPage]:
    return corpus_pages(400)


@pytest.fixture(scope="module")
def earlier(tmp_path_factory: pytest.TempPathFactory, pages: list[DumpPage]) -> Path:
    folder = tmp_path_factory.mktemp("earlier")
    dump = folder / "arwiki-20261201-pages-articles-multistream.xml.bz2"
    write_multistream(dump, pages)
    out = folder / "o"
    code, _, err = scan(str(dump), "--out", str(out), *ARGS)
    assert code == 1, err
    return out


def a_month_of_changes(pages: list[DumpPage]) -> tuple[list[DumpPage], list[list[DumpPage]]]:
    """Return the wiki's pages a month later, and the revisions made in that month by page.

    Every 40th article is edited, twice for some; one article becomes a redirect; one is
    moved (same id, new title); one gets a citation in another namespace's copy; a new
    article is created, and one deleted and made again under a new id.
    """
    now = list(pages)
    history: list[list[DumpPage]] = []
    revision = 500_000
    articles = [n for n, p in enumerate(pages) if not p.redirect and p.namespace == 0]
    for count, n in enumerate(articles[3::40]):
        revision += 1
        first = edit(now[n], revision)
        revisions = [first]
        if count % 3 == 0:  # edited again later the same month: the last revision counts
            revision += 1
            revisions.append(edit(first, revision, text=first.text + "\nوفقرة أخرى.\n"))
        now[n] = revisions[-1]
        history.append(revisions)
    redirected, moved, remade = articles[10], articles[20], articles[30]
    revision += 1
    now[redirected] = edit(now[redirected], revision, text="#تحويل [[بغداد]]", redirect="بغداد")
    revision += 1
    now[moved] = edit(now[moved], revision, text=now[moved].text, title=now[moved].title + " (نُقلت)")
    revision += 1
    remake = DumpPage(90_001, now[remade].title, now[remade].text + ADDED, 0, revision)
    now[remade] = remake
    revision += 1
    new = DumpPage(90_002, "مقالة جديدة عن الرمادي", pages[0].text + ADDED, 0, revision)
    now.append(new)
    history += [[now[redirected]], [now[moved]], [remake], [new]]
    return now, history


@pytest.fixture(scope="module")
def month(
    tmp_path_factory: pytest.TempPathFactory, pages: list[DumpPage]
) -> tuple[Path, Path, list[list[DumpPage]]]:
    """Return the adds/changes dump of the month, a fresh full scan of the month's end, and
    the history the dump holds."""
    now, history = a_month_of_changes(pages)
    folder = tmp_path_factory.mktemp("month")
    delta = write_history(folder / "arwiki-20261231-pages-meta-hist-incr.xml.bz2", history)
    full = write_multistream(folder / "arwiki-20270101-pages-articles-multistream.xml.bz2", now)
    fresh = folder / "fresh"
    code, _, err = scan(str(full.parent / "arwiki-20270101-pages-articles-multistream.xml.bz2"),
                        "--out", str(fresh), *ARGS)  # fmt: skip
    assert code == 1, err
    return delta, fresh, history


def test_changes_on_an_earlier_scan_equal_a_full_scan_of_the_wiki_now(
    earlier: Path, month: tuple[Path, Path, list[list[DumpPage]]], tmp_path: Path
) -> None:
    delta, fresh, history = month
    out = tmp_path / "o"
    code, stdout, err = scan(str(delta), "--out", str(out), *ARGS, "--since", str(earlier),
                             "--changes")  # fmt: skip
    assert code == 1, err
    assert results(out) == results(fresh)
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    fresh_summary = json.loads((fresh / "summary.json").read_text("utf-8"))
    for key in ("pages", "bytes", "by_status", "findings", "by_severity", "by_rule"):
        assert summary[key] == fresh_summary[key], key
    # Every page of the month was read; all but the redirect were checked or reused, and
    # every other page was carried over without being read.
    assert summary["carried_over"] == summary["pages"] - (len(history) - 1)
    assert f"{summary['reused']} reused" in stdout
    read = summary["pages"] - summary["carried_over"]  # its speed is of the pages it read
    assert summary["pages_per_second"] == pytest.approx(read / summary["seconds"], rel=0.02)
    db = sqlite3.connect(out / "scan.sqlite")
    sources = dict(db.execute("SELECT page_id, source FROM pages"))
    assert sources[90_002].endswith("pages-meta-hist-incr.xml.bz2")  # the new article
    assert sources[1].endswith("20261201-pages-articles-multistream.xml.bz2")  # unchanged
    db.close()


def test_the_latest_revision_stands_when_two_days_hold_the_same_page(
    pages: list[DumpPage], earlier: Path, tmp_path: Path
) -> None:
    first, second = pages[3], pages[5]
    day1 = write_history(tmp_path / "arwiki-20261202-pages-meta-hist-incr.xml.bz2",
                         [[edit(first, 600_001)], [edit(second, 600_002)]])  # fmt: skip
    # the next day: the first page edited again, the second made a redirect
    later = edit(first, 600_003, text=first.text + "\nتعديل اليوم الثاني.\n")
    redirect = edit(second, 600_004, text="#تحويل [[الرمادي]]", redirect="الرمادي")
    day2 = write_history(tmp_path / "arwiki-20261203-pages-meta-hist-incr.xml.bz2",
                         [[later], [redirect]])  # fmt: skip
    out = tmp_path / "o"
    code, _, err = scan(str(day1), str(day2), "--out", str(out), *ARGS, "--since", str(earlier),
                        "--changes")  # fmt: skip
    assert code == 1, err
    db = sqlite3.connect(out / "scan.sqlite")
    rows = db.execute(
        "SELECT page_id, revision_id, source FROM pages WHERE page_id IN (?, ?)",
        (first.page_id, second.page_id),
    ).fetchall()
    orphans = db.execute(
        "SELECT count(*) FROM findings WHERE page NOT IN (SELECT id FROM pages)"
    ).fetchone()[0]
    db.close()
    assert rows == [(first.page_id, 600_003, str(day2))]  # the redirect is not an article
    assert orphans == 0
    # the same as scanning the two days one after the other
    step = tmp_path / "step"
    assert scan(str(day1), "--out", str(step), *ARGS, "--since", str(earlier), "--changes")[0] == 1
    final = tmp_path / "final"
    code, _, err = scan(str(day2), "--out", str(final), *ARGS, "--since", str(step), "--changes")
    assert code == 1, err
    assert results(final) == results(out)


def test_a_changes_run_stopped_before_the_carry_over_resumes_to_the_same_results(
    earlier: Path,
    month: tuple[Path, Path, list[list[DumpPage]]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    delta, fresh, _ = month
    out = tmp_path / "o"
    carry_over = Store.carry_over

    def interrupted(self: Store) -> int:  # Ctrl-C just before it
        monkeypatch.setattr(Store, "carry_over", carry_over)
        raise KeyboardInterrupt

    monkeypatch.setattr(Store, "carry_over", interrupted)
    code, _, err = scan(str(delta), "--out", str(out), *ARGS, "--since", str(earlier),
                        "--changes")  # fmt: skip
    assert code == 130, err
    db = sqlite3.connect(out / "scan.sqlite")
    assert db.execute("SELECT status FROM runs").fetchone() == ("interrupted",)
    # the month's pages are stored; the earlier ones they replace are not yet gone
    assert db.execute("SELECT count(*) > count(DISTINCT page_id) FROM pages").fetchone() == (1,)
    db.close()
    code, _, err = scan("--resume", "--out", str(out), "--jobs", "2")
    assert code == 1, err
    assert results(out) == results(fresh)
    # and once more: the carry-over is done once
    assert scan("--resume", "--out", str(out))[0] == 1
    assert results(out) == results(fresh)


def test_the_carry_over_done_again_changes_nothing(
    earlier: Path, month: tuple[Path, Path, list[list[DumpPage]]], tmp_path: Path
) -> None:
    delta, fresh, _ = month
    out = tmp_path / "o"
    assert scan(str(delta), "--out", str(out), *ARGS, "--since", str(earlier), "--changes")[0] == 1
    carried = json.loads((out / "summary.json").read_text("utf-8"))["carried_over"]
    store = Store(out / "scan.sqlite")
    store.run_id = 1
    assert store.carry_over() == carried
    store.close()
    assert results(out) == results(fresh)


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "--changes needs --since OLD_DIR"), ("ar", "‎--changes‎ يحتاج إلى ‎--since‎")],
)
def test_changes_without_since_is_a_usage_error(
    month: tuple[Path, Path, list[list[DumpPage]]], tmp_path: Path, lang: str, said: str
) -> None:
    code, out, err = scan(str(month[0]), "--out", str(tmp_path / "o"), "--changes", lang=lang)
    assert (code, out) == (2, "")
    assert said in err
    assert "Traceback" not in err
    assert not (tmp_path / "o" / "scan.sqlite").exists()


def test_an_earlier_scan_by_another_version_is_not_reused(
    earlier: Path, month: tuple[Path, Path, list[list[DumpPage]]], tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "scan.sqlite").write_bytes((earlier / "scan.sqlite").read_bytes())
    db = sqlite3.connect(other / "scan.sqlite")
    db.execute("UPDATE runs SET versions = json_set(versions, '$.wikimaint', '0.0.1')")
    db.commit()
    db.close()
    code, out, err = scan(str(month[0]), "--out", str(tmp_path / "o"), *ARGS, "--since",
                          str(other), "--changes")  # fmt: skip
    assert (code, out) == (2, "")
    assert "was made by wikimaint 0.0.1" in err
    assert not (tmp_path / "o" / "scan.sqlite").exists()


def test_what_was_read_of_a_damaged_adds_changes_dump_replaces_its_pages(
    earlier: Path, month: tuple[Path, Path, list[list[DumpPage]]], tmp_path: Path
) -> None:
    xml = bz2.decompress(month[0].read_bytes())
    broken = tmp_path / "arwiki-20261231-pages-meta-hist-incr.xml"
    broken.write_bytes(xml[: len(xml) * 6 // 10])  # cut short: broken XML
    out = tmp_path / "o"
    code, _, err = scan(str(broken), "--out", str(out), *ARGS, "--since", str(earlier), "--changes")
    assert code == 2
    assert "the dump breaks" in err
    db = sqlite3.connect(out / "scan.sqlite")
    assert db.execute("SELECT status FROM runs").fetchone() == ("failed",)
    read = db.execute("SELECT count(*) FROM pages WHERE source = ?", (str(broken),)).fetchone()
    twice = db.execute("SELECT count(*) - count(DISTINCT page_id) FROM pages").fetchone()
    db.close()
    assert read[0] > 0  # the pages before the damage were checked…
    assert twice == (0,)  # …and replace the earlier ones: no page is there twice


def test_changes_reads_a_plain_xml_delta_too(
    pages: list[DumpPage], earlier: Path, tmp_path: Path
) -> None:
    edited = edit(pages[7], 700_001)
    delta = write_xml(tmp_path / "changes.xml", [edited])
    out = tmp_path / "o"
    code, _, err = scan(str(delta), "--out", str(out), *ARGS, "--since", str(earlier), "--changes")
    assert code == 1, err
    db = sqlite3.connect(out / "scan.sqlite")
    revisions = dict(db.execute("SELECT page_id, revision_id FROM pages"))
    db.close()
    assert revisions[edited.page_id] == 700_001
    assert len(revisions) == len([p for p in pages if not p.redirect])


def test_the_same_adds_changes_dump_given_again_changes_nothing(
    earlier: Path, month: tuple[Path, Path, list[list[DumpPage]]], tmp_path: Path
) -> None:
    delta, fresh, _ = month
    once, twice = tmp_path / "once", tmp_path / "twice"
    assert scan(str(delta), "--out", str(once), *ARGS, "--since", str(earlier), "--changes")[0] == 1
    code, stdout, err = scan(str(delta), "--out", str(twice), *ARGS, "--since", str(once),
                             "--changes")  # fmt: skip
    assert code == 1, err
    assert results(twice) == results(once) == results(fresh)
    summary = json.loads((twice / "summary.json").read_text("utf-8"))
    assert f"{summary['pages']} reused" in stdout  # every page read again was unchanged


def test_changes_needs_the_earlier_scans_namespaces(
    earlier: Path, month: tuple[Path, Path, list[list[DumpPage]]], tmp_path: Path
) -> None:
    code, out, err = scan(str(month[0]), "--out", str(tmp_path / "o"), *ARGS, "--since",
                          str(earlier), "--changes", "--namespaces", "0,10")  # fmt: skip
    assert (code, out) == (2, "")
    assert "used other options (namespaces)" in err
    # without --changes, pages of the other namespace are simply checked
    code, _, err = scan(str(month[0]), "--out", str(tmp_path / "p"), *ARGS, "--since",
                        str(earlier), "--namespaces", "0,10")  # fmt: skip
    assert code == 1, err


def test_the_copy_of_the_earlier_database_leaves_nothing_behind(
    earlier: Path, month: tuple[Path, Path, list[list[DumpPage]]], tmp_path: Path
) -> None:
    out = tmp_path / "o"
    out.mkdir()
    stale = out / ".scan.sqlite.999999999.wikimaint-tmp"  # a killed run's (no such process)
    stale.write_bytes(b"half a copy")
    assert scan(str(month[0]), "--out", str(out), *ARGS, "--since", str(earlier), "--changes")[0] == 1
    assert sorted(p.name for p in out.iterdir()) == ["findings.jsonl", "scan.sqlite", "summary.json"]
    # a copy that fails (not a database) leaves no temporary and no scan.sqlite
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_bytes(b"not a database" * 100)
    other = tmp_path / "other"
    other.mkdir()
    with pytest.raises(sqlite3.DatabaseError):
        Store.copy_of(other / "scan.sqlite", str(bogus), 1)
    assert list(other.iterdir()) == []


@pytest.mark.slow
def test_a_changes_run_killed_at_a_random_point_resumes_to_an_uninterrupted_runs_results(
    pages: list[DumpPage], earlier: Path, tmp_path: Path
) -> None:
    """SIGKILL (a power cut) anywhere: in the copy, among the units, in the carry-over."""
    edited = [[edit(p, 800_000 + n)] for n, p in enumerate(pages) if not p.redirect]
    delta = write_history(tmp_path / "arwiki-20261215-pages-meta-hist-incr.xml.bz2", edited)
    argv = (str(delta), *ARGS, "--since", str(earlier), "--changes")
    whole = tmp_path / "whole"
    assert scan(*argv[:1], "--out", str(whole), *argv[1:])[0] == 1
    out = tmp_path / "o"
    process = subprocess.Popen(
        [sys.executable, "-m", "wikimaint", "--lang", "en", "scan", "--quiet", argv[0],
         "--out", str(out), *argv[1:]],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    time.sleep(random.uniform(0.1, 1.0))  # the whole run takes about 1.2 s
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    if not (out / "scan.sqlite").exists():  # killed before its database was in place
        code, _, err = scan(*argv[:1], "--out", str(out), *argv[1:])
    else:
        code, _, err = scan("--resume", "--out", str(out), "--jobs", "2")
    assert code == 1, err
    assert results(out) == results(whole)
    assert [p.name for p in out.iterdir() if p.name.endswith("wikimaint-tmp")] == []


def test_the_reports_title_index_of_the_earlier_scan_is_made_again(
    earlier: Path, month: tuple[Path, Path, list[list[DumpPage]]], tmp_path: Path
) -> None:
    delta, _, history = month
    indexed = tmp_path / "earlier"
    indexed.mkdir()
    (indexed / "scan.sqlite").write_bytes((earlier / "scan.sqlite").read_bytes())
    scandb = open_scan(indexed)
    scandb.prepare()  # as `wikimaint report` and `browse` do: the title index is added
    scandb.close()
    out = tmp_path / "o"
    assert scan(str(delta), "--out", str(out), *ARGS, "--since", str(indexed), "--changes")[0] == 1
    scandb = open_scan(out)
    scandb.prepare()
    new = history[-1][0]  # the new article, «مقالة جديدة عن الرمادي»
    found = scandb.rows("SELECT p.page_id FROM pages_fts JOIN pages p ON p.id = pages_fts.rowid"
                        " WHERE pages_fts MATCH ?", '"الرمادي"')  # fmt: skip
    gone = scandb.rows("SELECT count(*) FROM pages_fts WHERE rowid NOT IN (SELECT id FROM pages)")
    scandb.close()
    assert (new.page_id,) in found
    assert gone == [(0,)]
