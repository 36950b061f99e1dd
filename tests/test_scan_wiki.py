"""wikimaint scan over a real dump: the local MediaWiki's ``dumpBackup.php --current``."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
from typing import TYPE_CHECKING

from wikimaint.cli.app import run
from wikimaint.scan.dumps import iter_dump
from wikimaint.wikitext.parse import parse

if TYPE_CHECKING:
    from pathlib import Path

    from localwiki import LocalWiki

TODAY = "2026-12-01"
MW_DIR = "/usr/share/mediawiki"


def dump_of(wiki: LocalWiki, path: Path, *what: str) -> Path:
    """Write the wiki's current revisions (or *what* says which) with MediaWiki's dumpBackup.php."""
    env = {**os.environ, "MW_CONFIG_FILE": str(wiki.directory / "LocalSettings.php")}
    with path.open("wb") as out:
        subprocess.run(
            ["php", "maintenance/dumpBackup.php", *(what or ("--current",)), "--quiet"],
            cwd=MW_DIR, env=env, stdout=out, stderr=subprocess.PIPE, check=True, timeout=300,
        )  # fmt: skip
    return path


def test_a_real_dump_scans_with_citation_checks_findings(
    local_wiki: LocalWiki, tmp_path: Path
) -> None:
    dump = dump_of(local_wiki, tmp_path / "localwiki-pages-articles.xml")
    pages = [p for p in iter_dump(dump) if p.namespace == 0 and not p.redirect]
    assert pages, "the local wiki has articles"
    assert any(p.namespace == 10 for p in iter_dump(dump))  # templates are in the dump too
    out, err = io.StringIO(), io.StringIO()
    code = run(["--lang", "en", "scan", str(dump), "--out", str(tmp_path / "o"), "--quiet",
                "--jobs", "2", "--today", TODAY, "--fail-on", "never"], out, err)  # fmt: skip
    assert code == 0, err.getvalue()
    lines = (tmp_path / "o" / "findings.jsonl").read_text("utf-8").splitlines()
    scanned: dict[str, list[tuple[object, ...]]] = {}
    for line in lines:
        f = json.loads(line)
        scanned.setdefault(f["title"], []).append(
            (f["rule"], f["severity"], f["citation"], f["line"], f["column"], f["message"])
        )
    for page in pages:
        source = tmp_path / "page.wiki"
        source.write_text(page.text, "utf-8")
        report = io.StringIO()
        run(["--lang", "en", "check", str(source), "--title", page.title, "--today", TODAY,
             "--format", "json"], report, io.StringIO())  # fmt: skip
        numbers = {c.index: c.number for c in parse(page.text).citations}
        expected = [
            (f["rule"], f["severity"], numbers.get(f["citation"]), f["line"], f["column"],
             f["message"])
            for f in json.loads(report.getvalue())["findings"]
        ]  # fmt: skip
        assert scanned.get(page.title, []) == expected, page.title


def _rows(out: Path) -> tuple[list[tuple[object, ...]], list[dict[str, object]]]:
    """Return the page rows and findings of the scan in *out*, without timing and source."""
    db = sqlite3.connect(out / "scan.sqlite")
    rows = db.execute(
        "SELECT page_id, title, revision_id, sha1, status, findings FROM pages ORDER BY page_id"
    ).fetchall()
    db.close()
    lines = (out / "findings.jsonl").read_text("utf-8").splitlines()
    return rows, [{k: v for k, v in json.loads(x).items() if k != "source"} for x in lines]


def test_an_adds_changes_dump_of_real_edits_on_an_earlier_scan_equals_a_new_full_scan(
    wiki: LocalWiki, tmp_path: Path
) -> None:
    """MediaWiki's own ``dumpBackup.php --revrange`` (how adds/changes dumps are made)."""
    args = ("--quiet", "--jobs", "2", "--today", TODAY, "--fail-on", "never")
    before = dump_of(wiki, tmp_path / "before.xml")
    assert run(["--lang", "en", "scan", str(before), "--out", str(tmp_path / "a"), *args],
               io.StringIO(), io.StringIO()) == 0  # fmt: skip
    article = next(p for p in iter_dump(before) if p.namespace == 0 and not p.redirect)
    first = wiki.edit_as_other(
        article.title, article.text + "\nإضافة.<ref>https://www.bbc.com/arabic</ref>\n", "تحديث"
    )
    last = wiki.edit_as_other(
        "غارة جديدة على القائم",
        "'''غارة جديدة''' على القائم.<ref>{{استشهاد ويب|عنوان=خبر|تاريخ=٢٤ يناير ٢٠٢٤}}</ref>",
        "إنشاء",
    )
    delta = dump_of(wiki, tmp_path / "changes.xml", "--revrange", f"--revstart={first}",
                    f"--revend={last + 1}")  # fmt: skip
    assert {p.title for p in iter_dump(delta)} == {article.title, "غارة جديدة على القائم"}
    err = io.StringIO()
    code = run(["--lang", "en", "scan", str(delta), "--out", str(tmp_path / "b"), *args,
                "--since", str(tmp_path / "a"), "--changes"], io.StringIO(), err)  # fmt: skip
    assert code == 0, err.getvalue()
    after = dump_of(wiki, tmp_path / "after.xml")
    assert run(["--lang", "en", "scan", str(after), "--out", str(tmp_path / "c"), *args],
               io.StringIO(), io.StringIO()) == 0  # fmt: skip
    assert _rows(tmp_path / "b") == _rows(tmp_path / "c")
    revisions = {row[1]: row[2] for row in _rows(tmp_path / "b")[0]}
    assert revisions[article.title] == first
    assert revisions["غارة جديدة على القائم"] == last
