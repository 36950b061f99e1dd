"""wikimaint scan: the same findings as citation-check, from every kind of source."""

from __future__ import annotations

import io
import json
import sqlite3
import threading
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from dumpwriter import DumpPage, corpus_pages, write_multistream, write_xml
from scanresults import findings, page_rows
from wikimaint.cli.app import run
from wikimaint.scan import forking
from wikimaint.wikitext.parse import parse

TODAY = "2026-12-01"
PAGES = 240  # fixtures and corpus cycled: more than two units of 100, redirects, templates


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def scan(*argv: str) -> tuple[int, str, str]:
    return call("--lang", "en", "scan", "--today", TODAY, "--quiet", "--jobs", "2", *argv)


def by_title(out: Path) -> dict[str, list[tuple[object, ...]]]:
    grouped: dict[str, list[tuple[object, ...]]] = {}
    for f in findings(out):
        key = (f["rule"], f["severity"], f["citation"], f["line"], f["column"], f["message"])
        grouped.setdefault(str(f["title"]), []).append(key)
    return grouped


@pytest.fixture(scope="module")
def pages() -> list[DumpPage]:
    return corpus_pages(PAGES, redirect_every=50, other_every=37)


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory, pages: list[DumpPage]) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("dumps")
    multistream = folder / "arwiki-20261201-pages-articles-multistream.xml.bz2"
    write_multistream(multistream, pages)
    articles = folder / "articles"
    articles.mkdir()
    for page in pages:
        if page.namespace == 0 and not page.redirect:
            (articles / f"{page.title.replace(' ', '_')}.wiki").write_text(page.text, "utf-8")
    return {
        "xml": write_xml(folder / "arwiki-pages-articles.xml", pages),
        "bz2": write_xml(folder / "arwiki-pages-articles.xml.bz2", pages),
        "multistream": multistream,
        "folder": articles,
    }


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, dumps: dict[str, Path]) -> Path:
    out = tmp_path_factory.mktemp("scans") / "xml"
    code, stdout, stderr = scan(str(dumps["xml"]), "--out", str(out))
    assert code == 1, stderr  # the corpus has errors: --fail-on error
    assert "checked" in stdout
    return out


def test_every_page_has_citation_checks_findings(
    reference: Path, pages: list[DumpPage], tmp_path: Path
) -> None:
    scanned = by_title(reference)
    checked = [p for p in pages if p.namespace == 0 and not p.redirect]
    assert len(page_rows(reference)) == len(checked)
    for page in checked[:12]:  # every fixture and corpus text, under its own title
        path = tmp_path / "page.wiki"
        path.write_text(page.text, "utf-8")
        code, out, err = call(
            "--lang", "en", "check", str(path), "--title", page.title, "--today", TODAY,
            "--format", "json",
        )  # fmt: skip
        assert code in (0, 1), err
        numbers = {c.index: c.number for c in parse(page.text).citations}
        expected = [
            (f["rule"], f["severity"], numbers.get(f["citation"]), f["line"], f["column"],
             f["message"])
            for f in json.loads(out)["findings"]
        ]  # fmt: skip
        assert scanned.get(page.title, []) == expected, page.title


def test_redirects_and_other_namespaces_are_skipped_and_counted(
    reference: Path, pages: list[DumpPage]
) -> None:
    summary = json.loads((reference / "summary.json").read_text("utf-8"))
    assert summary["skipped"] == {
        "redirects": sum(1 for p in pages if p.redirect),
        "other_namespaces": sum(1 for p in pages if p.namespace != 0),
    }
    assert summary["by_status"]["ok"] == summary["pages"]
    assert summary["findings"] == len(findings(reference))
    assert sum(summary["by_severity"].values()) == summary["findings"]
    titles = {row[1] for row in page_rows(reference)}
    assert not any(t.startswith(("تحويلة", "قالب:")) for t in titles)


@pytest.mark.parametrize("kind", ["bz2", "multistream"])
def test_bz2_and_multistream_give_the_same_results(
    kind: str, dumps: dict[str, Path], reference: Path, tmp_path: Path
) -> None:
    code, _, err = scan(str(dumps[kind]), "--out", str(tmp_path))
    assert code == 1, err
    assert findings(tmp_path) == findings(reference)
    assert page_rows(tmp_path) == page_rows(reference)


@pytest.mark.parametrize("threads", [0, 1])
def test_workers_forked_or_from_a_forkserver_give_the_same_results(
    threads: int, dumps: dict[str, Path], reference: Path, tmp_path: Path
) -> None:
    # Workers are forked from a process that runs no other thread, and come from a
    # forkserver where one runs (a Dask worker): both ways must check alike.
    stop = threading.Event()
    helpers = [threading.Thread(target=stop.wait) for _ in range(threads)]
    for helper in helpers:
        helper.start()
    try:
        alone = threading.active_count() == 1
        method = forking.worker_context().get_start_method()
        assert method == ("fork" if alone else "forkserver")
        code, _, err = scan(str(dumps["multistream"]), "--out", str(tmp_path))
    finally:
        stop.set()
        for helper in helpers:
            helper.join()
    assert code == 1, err
    assert findings(tmp_path) == findings(reference)
    assert page_rows(tmp_path) == page_rows(reference)
    if threads:
        assert method == "forkserver"


def test_a_folder_gives_the_same_findings_as_the_dump(
    dumps: dict[str, Path], reference: Path, tmp_path: Path
) -> None:
    code, _, err = scan(str(dumps["folder"]), "--out", str(tmp_path))
    assert code == 1, err
    assert by_title(tmp_path) == by_title(reference)


def test_namespaces_option_takes_other_namespaces(dumps: dict[str, Path], tmp_path: Path) -> None:
    code, _, err = scan(str(dumps["xml"]), "--out", str(tmp_path), "--namespaces", "10")
    assert code in (0, 1), err
    titles = {row[1] for row in page_rows(tmp_path)}
    assert titles
    assert all(t.startswith("قالب:") for t in titles)


def test_rules_and_skip_rules_select_as_citation_check_does(
    dumps: dict[str, Path], reference: Path, tmp_path: Path
) -> None:
    code, _, _ = scan(str(dumps["xml"]), "--out", str(tmp_path), "--skip-rules", "missing-archive")
    assert code == 1
    expected = [f for f in findings(reference) if f["rule"] != "missing-archive"]
    assert findings(tmp_path) == expected
    code, _, err = scan(str(dumps["xml"]), "--out", str(tmp_path / "x"), "--rules", "no-such")
    assert code == 2
    assert err.count("\n") == 1
    assert "no-such" in err
    assert not (tmp_path / "x").exists()


def test_the_database_follows_the_contract(reference: Path) -> None:
    db = sqlite3.connect(reference / "scan.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    run_row = db.execute(
        "SELECT status, sources, options, versions, finished, wiki FROM runs"
    ).fetchone()
    assert run_row[5] == "https://ar.wikipedia.org/wiki/"  # from the dump's <siteinfo><base>
    assert run_row[0] == "done"
    assert run_row[4] is not None
    assert json.loads(run_row[1])[0].endswith("arwiki-pages-articles.xml")
    assert json.loads(run_row[2])["today"] == TODAY
    assert set(json.loads(run_row[3])) == {"wikimaint", "mwparserfromhell", "python"}
    columns = {r[1] for r in db.execute("PRAGMA table_info(findings)")}
    assert columns == {"id", "page", "rule", "severity", "citation", "line", "column", "message",
                       "url", "host"}  # fmt: skip
    orphan = db.execute(
        "SELECT count(*) FROM findings WHERE rule NOT IN (SELECT id FROM rules)"
    ).fetchone()[0]
    assert orphan == 0
    hosts = dict(db.execute("SELECT url, host FROM findings WHERE url IS NOT NULL LIMIT 50"))
    assert hosts
    assert all(host and not host.startswith("www.") and host in url for url, host in hosts.items())
    counted = db.execute(
        "SELECT count(*) FROM pages p WHERE findings !="
        " (SELECT count(*) FROM findings f WHERE f.page = p.id)"
        " OR findings != errors + warnings + infos"
    ).fetchone()[0]
    assert counted == 0


def test_findings_jsonl_follows_its_schema(reference: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    schema = json.loads((root / "schemas" / "scan-finding.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    lines = (reference / "findings.jsonl").read_text("utf-8").splitlines()
    assert lines
    for line in lines:
        assert not list(validator.iter_errors(json.loads(line))), line


def test_arabic_messages_by_default(dumps: dict[str, Path], tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = run(["scan", str(dumps["bz2"]), "--out", str(tmp_path), "--today", TODAY, "--quiet",
                "--jobs", "1", "--fail-on", "never"], out, err)  # fmt: skip
    assert code == 0, err.getvalue()
    assert "فُحصت" in out.getvalue()
    assert any("\u0600" <= ch <= "\u06ff" for ch in findings(tmp_path)[0]["message"])  # type: ignore[union-attr]


def test_wikitext_files_are_sources_too(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    target = next((root / "fixtures" / "articles").glob("غارات*.wiki"))
    code, out, err = scan(str(target), "--out", str(tmp_path / "o"), "--fail-on", "warning")
    expected, report, _ = call("--lang", "en", "check", str(target), "--today", TODAY,
                               "--format", "json", "--fail-on", "warning")  # fmt: skip
    assert code == expected, err
    assert "checked 1 pages" in out
    assert len(findings(tmp_path / "o")) == len(json.loads(report)["findings"]) > 0
    assert {f["title"] for f in findings(tmp_path / "o")} == {"غارات جوية أمريكية على غرب العراق"}


def test_an_existing_scan_is_not_overwritten(reference: Path, dumps: dict[str, Path]) -> None:
    before = (reference / "findings.jsonl").read_bytes()
    code, _, err = scan(str(dumps["xml"]), "--out", str(reference))
    assert code == 2
    assert "--resume" in err
    assert (reference / "findings.jsonl").read_bytes() == before


def test_several_files_in_citation_check(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    files = sorted(str(p) for p in (root / "fixtures" / "articles").glob("*.wiki"))
    code, out, err = call("--lang", "en", "check", *files, "--format", "json", "--today", TODAY)
    assert code == 1, err
    documents = [json.loads(line) for line in out.splitlines()]
    assert [d["title"] for d in documents] == [Path(f).stem.replace("_", " ") for f in files]
    for file, document in zip(files, documents, strict=True):
        _, alone, _ = call("--lang", "en", "check", file, "--format", "json", "--today", TODAY)
        assert json.loads(alone) == document
    code, text, _ = call("--lang", "en", "check", *files, "--today", TODAY)
    assert code == 1
    assert text.count("citation(s)") == len(files)
    code, out, err = call("--lang", "en", "check", files[0], str(tmp_path / "missing.wiki"))
    assert code == 2
    assert out == ""
    assert "missing.wiki" in err
