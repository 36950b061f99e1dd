"""wikimaint scan over a real dump: the local MediaWiki's ``dumpBackup.php --current``."""

from __future__ import annotations

import io
import json
import os
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


def dump_of(wiki: LocalWiki, path: Path) -> Path:
    """Write the wiki's current revisions with MediaWiki's own dumpBackup.php."""
    env = {**os.environ, "MW_CONFIG_FILE": str(wiki.directory / "LocalSettings.php")}
    with path.open("wb") as out:
        subprocess.run(
            ["php", "maintenance/dumpBackup.php", "--current", "--quiet"],
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
