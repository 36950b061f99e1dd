"""wikimaint scan --engine dask: a LocalCluster of 2 worker processes gives the local engine's results."""

from __future__ import annotations

import io
import json
import sqlite3
from typing import TYPE_CHECKING

import pytest

from dumpwriter import (
    HUGE,
    SLOW_LIMIT,
    DumpPage,
    corpus_pages,
    slow_text,
    write_history,
    write_multistream,
    write_xml,
)
from wikimaint.cli.app import run

if TYPE_CHECKING:
    from pathlib import Path

TODAY = "2026-12-01"
HANG = slow_text()


def scan(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["--lang", "en", "scan", "--quiet", "--today", TODAY, "--jobs", "2",
                "--batch", "40", *argv], out, err)  # fmt: skip
    return code, out.getvalue(), err.getvalue()


def results(out: Path) -> tuple[list[tuple[object, ...]], list[dict[str, object]]]:
    db = sqlite3.connect(out / "scan.sqlite")
    rows = db.execute(
        "SELECT page_id, title, revision_id, sha1, status, error, bytes, errors, warnings,"
        " infos, findings FROM pages ORDER BY page_id"
    ).fetchall()
    db.close()
    lines = (out / "findings.jsonl").read_text("utf-8").splitlines()
    findings = [json.loads(line) for line in lines]
    return rows, [{k: v for k, v in f.items() if k != "source"} for f in findings]


@pytest.mark.slow
def test_dask_gives_the_local_engines_results_with_the_guards(tmp_path: Path) -> None:
    pages = corpus_pages(300)
    pages[7] = DumpPage(8, "صفحة معلقة", HANG, revision_id=88)
    pages[11] = DumpPage(12, "صفحة ضخمة", HUGE, revision_id=89)
    multistream = tmp_path / "arwiki-multistream.xml.bz2"
    write_multistream(multistream, pages, per_stream=50)
    plain = write_xml(tmp_path / "arwiki.xml", pages)
    guards = ("--page-timeout", "0.3", "--max-page-bytes", str(SLOW_LIMIT))
    local = tmp_path / "local"
    assert scan(str(multistream), "--out", str(local), *guards)[0] == 1
    for source, name in ((multistream, "dask-ms"), (plain, "dask-xml")):
        code, out, err = scan(str(source), "--out", str(tmp_path / name), "--engine", "dask",
                              *guards)  # fmt: skip
        assert code == 1, err
        assert "2 not checked (1 timed out, 1 too large, 0 raised)" in out
        rows, findings = results(tmp_path / name)
        assert (rows, findings) == results(local)
    statuses = {r[1]: r[4] for r in results(local)[0]}
    assert statuses["صفحة معلقة"] == "timeout"
    assert statuses["صفحة ضخمة"] == "too-large"
    # an adds/changes dump on top of it: the same on Dask as locally
    edited = [[DumpPage(p.page_id, p.title, p.text + "\n<ref>https://www.bbc.com/arabic</ref>\n",
                        revision_id=p.revision_id + 900_000)] for p in pages[20:200:30]]  # fmt: skip
    delta = write_history(tmp_path / "arwiki-20261202-pages-meta-hist-incr.xml.bz2", edited)
    for engine, name in (("local", "changes-local"), ("dask", "changes-dask")):
        code, _, err = scan(str(delta), "--out", str(tmp_path / name), "--engine", engine,
                            "--since", str(local), "--changes", *guards)  # fmt: skip
        assert code == 1, err
    assert results(tmp_path / "changes-dask") == results(tmp_path / "changes-local")
    revisions = {r[0]: r[2] for r in results(tmp_path / "changes-dask")[0]}
    assert all(revisions[p[0].page_id] == p[0].revision_id for p in edited)
