"""``wikimaint browse DIR``: the scan database laid out for Datasette, served on 127.0.0.1."""

from __future__ import annotations

import importlib.util
import io
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from typing import TYPE_CHECKING

import pytest

import scandb
from browser import screenshot
from conftest import CORPUS_FILES, FIXTURE_FILES, ROOT
from wikimaint.cli.app import run
from wikimaint.reports.browse import METADATA, prepare_browse

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

FILES = [*FIXTURE_FILES, *CORPUS_FILES]


@pytest.fixture(scope="module")
def scan_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scandb.build(tmp_path_factory.mktemp("browse"), FILES)


def rows(folder: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(folder / "scan.sqlite") as db:
        return db.execute(sql).fetchall()


def test_prepare_is_idempotent_and_adds_facets_views_and_title_search(scan_dir: Path) -> None:
    before = {t: rows(scan_dir, f"SELECT * FROM {t}") for t in scandb.TABLES}
    prepare_browse(scan_dir, "ar")
    schema = rows(scan_dir, "SELECT type, name, sql FROM sqlite_master ORDER BY name")
    database, meta = prepare_browse(scan_dir, "en")
    assert rows(scan_dir, "SELECT type, name, sql FROM sqlite_master ORDER BY name") == schema
    assert {t: rows(scan_dir, f"SELECT * FROM {t}") for t in scandb.TABLES} == before
    assert database == scan_dir / "scan.sqlite" and meta == scan_dir / METADATA
    tables = json.loads(meta.read_text("utf-8"))["databases"]["scan"]["tables"]
    assert tables["findings"]["facets"] == ["rule", "severity", "host"]
    assert tables["pages"]["fts_table"] == "pages_fts"
    (earth,) = rows(scan_dir, "SELECT id FROM pages WHERE title = '01 earth lead'")
    assert rows(scan_dir, "SELECT rowid FROM pages_fts WHERE pages_fts MATCH 'earth'") == [earth]
    by_rule = dict(rows(scan_dir, "SELECT rule, count(*) FROM findings GROUP BY rule"))
    summary = {r: n for r, n in rows(scan_dir, "SELECT rule, findings FROM rule_summary") if n}
    assert summary == by_rule


def test_browse_without_a_scan_is_a_one_line_error(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run(["browse", str(tmp_path), "--lang", "en"], out, err) == 2
    assert err.getvalue().count("\n") == 1 and "no scan database" in err.getvalue()


def test_browse_without_datasette_says_how_to_install_it(
    scan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "datasette" else real(name, *a)
    )
    out, err = io.StringIO(), io.StringIO()
    assert run(["browse", str(scan_dir)], out, err) == 2
    assert "pip install 'wikimaint[browse]'" in err.getvalue() and err.getvalue().count("\n") == 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(scan_dir: Path) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "wikimaint", "browse", str(scan_dir), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "-/versions.json", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.stdout else ""
                    pytest.fail(f"wikimaint browse did not start: {output}")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
    # Datasette went with it: its port no longer answers
    with pytest.raises(OSError):
        urllib.request.urlopen(base + "-/versions.json", timeout=2)


def test_browse_shows_the_scan_counts_in_the_rule_facet(scan_dir: Path, served: str, open_page) -> None:
    page = open_page(served + "scan/findings", (served,))
    facet = page.locator("#facet-rule li")
    shown = {}
    for text in facet.all_inner_texts():
        name, count = text.rsplit(" ", 1)
        shown[name.strip()] = int(count)
    assert shown == dict(rows(scan_dir, "SELECT rule, count(*) FROM findings GROUP BY rule"))
    severities = {t.rsplit(" ", 1)[0].strip() for t in page.locator("#facet-severity li").all_inner_texts()}
    assert severities == {s for (s,) in rows(scan_dir, "SELECT DISTINCT severity FROM findings")}
    assert "alsumaria.tv" in page.locator("#facet-host").inner_text()
    screenshot(page, "browse.png", mask=("footer.ft",))
    # full-text search over titles, on the pages table
    page.goto(served + "scan/pages?_search=earth")
    assert page.locator("table.rows-and-columns tbody tr").count() == 1
    assert "01 earth lead" in page.locator("table.rows-and-columns").inner_text()
