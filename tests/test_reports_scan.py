"""``wikimaint report DIR``: the scan report's pages, their limits, and a real browser."""

from __future__ import annotations

import io
import re
import sqlite3
from typing import TYPE_CHECKING

import pytest

import scandb
from browser import screenshot
from conftest import CORPUS_FILES, FIXTURE_FILES
from wikimaint.cli.app import run
from wikimaint.reports import listings
from wikimaint.reports import scan as scan_report
from wikimaint.reports.scan import write_scan_report

if TYPE_CHECKING:
    from pathlib import Path

HOSTILE_TITLE = scandb.HOSTILE_TITLE
FILES = [*FIXTURE_FILES, *CORPUS_FILES]


def pages() -> list[scandb.Page]:
    assert len(FILES) >= 8, "the fixtures and ../shared/corpus are the scan's pages"
    return scandb.sample_pages(FILES)


@pytest.fixture(scope="module")
def scan_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scandb.build(tmp_path_factory.mktemp("scan"), FILES)


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err, None)
    return code, out.getvalue(), err.getvalue()


def counts(folder: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(folder / "scan.sqlite") as db:
        return db.execute(sql).fetchall()


def contents(folder: Path) -> dict[str, list[tuple[object, ...]]]:
    return {t: counts(folder, f"SELECT * FROM {t} ORDER BY 1") for t in scandb.TABLES}


def test_report_command_writes_the_index_and_leaves_the_scan_tables_alone(scan_dir: Path) -> None:
    before = contents(scan_dir)
    for _ in range(2):  # the second run finds the indexes, views and title index in place
        code, out, err = call("report", str(scan_dir), "--lang", "en")
        assert (code, err) == (0, "")
        assert out.startswith(f"report written: {scan_dir / 'report' / 'index.html'} (")
    assert contents(scan_dir) == before
    names = {n for (n,) in counts(scan_dir, "SELECT name FROM sqlite_master")}
    assert {"findings_detail", "rule_summary", "pages_fts", "findings_host"} <= names
    index = (scan_dir / "report" / "index.html").read_text("utf-8")
    assert '<html lang="en" dir="ltr">' in index
    assert [p.name for p in scan_dir.iterdir() if p.name.startswith(".report")] == []


def test_every_rule_and_finding_is_listed_once(scan_dir: Path) -> None:
    write_scan_report(scan_dir, "ar")
    report = scan_dir / "report"
    for rule, total in counts(scan_dir, "SELECT rule, count(*) FROM findings GROUP BY rule"):
        files = sorted(report.glob(f"rules/{rule}-*.html"))
        rows = sum(f.read_text("utf-8").count("<tr><td>") for f in files)
        assert rows == total, rule
    sections = "".join(f.read_text("utf-8") for f in report.glob("articles/*.html"))
    assert sections.count('<li class="finding"') == counts(scan_dir, "SELECT count(*) FROM findings")[0][0]


def test_listings_are_split_so_no_file_grows_without_bound(
    scan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listings, "PAGE_ROWS", 3)
    monkeypatch.setattr(listings, "ARTICLE_FINDINGS", 5)
    done = write_scan_report(scan_dir, "ar")
    report = done.directory
    listed = counts(scan_dir, "SELECT count(*) FROM pages WHERE findings > 0 OR status != 'ok'")[0][0]
    lists = sorted(report.glob("lists/articles-*.html"))
    assert len(lists) == -(-listed // 3) >= 3
    first = lists[0].read_text("utf-8")
    assert first.count("<tr data-page>") == 3 and 'href="articles-2.html"' in first
    (rule, total), = counts(scan_dir, "SELECT rule, count(*) FROM findings GROUP BY rule ORDER BY 2 DESC LIMIT 1")
    assert len(list(report.glob(f"rules/{rule}-*.html"))) == -(-total // 3)
    for section in report.glob("articles/*.html"):
        text = section.read_text("utf-8")
        assert text.count('<li class="finding"') <= 5 or text.count('<section class="citation article"') == 1
    # every link to an article's own section points at a file that has it
    for listing in lists:
        for file, anchor in re.findall(r'href="\.\./(articles/\d+\.html)#(p\d+)"', listing.read_text("utf-8")):
            assert f'id="{anchor}"' in (report / file).read_text("utf-8")
    assert done.files == len(list(report.rglob("*.html")))
    assert done.largest == max(p.stat().st_size for p in report.rglob("*.html"))


def test_a_failed_report_leaves_the_last_one_in_place(
    scan_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_scan_report(scan_dir, "ar")
    index = (scan_dir / "report" / "index.html").read_bytes()

    def broken(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(listings, "_write_sections", broken)
    code, _, err = call("report", str(scan_dir))
    assert code == 2 and err.count("\n") == 1
    assert (scan_dir / "report" / "index.html").read_bytes() == index
    assert [p.name for p in scan_dir.iterdir() if p.name.startswith(".report")] == []


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_no_scan_is_a_one_line_error(tmp_path: Path, lang: str) -> None:
    code, out, err = call("report", str(tmp_path), "--lang", lang)
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert ("scan.sqlite" in err) and (("لا قاعدة بيانات" in err) if lang == "ar" else ("no scan database" in err))
    (tmp_path / "scan.sqlite").write_bytes(b"not a database at all, just bytes" * 100)
    code, _, err = call("report", str(tmp_path), "--lang", lang)
    assert code == 2 and err.count("\n") == 1 and "scan.sqlite" in err
    assert not (tmp_path / "report").exists()


# --- in the browser -------------------------------------------------------------------------


def test_scan_report_in_the_browser(scan_dir: Path, open_page) -> None:
    write_scan_report(scan_dir, "ar")
    report = scan_dir / "report"
    root = report.as_uri() + "/"
    page = open_page(root + "index.html", (root,))
    fired = counts(scan_dir, "SELECT count(DISTINCT rule) FROM findings")[0][0]
    listed = counts(scan_dir, "SELECT count(*) FROM pages WHERE findings > 0 OR status != 'ok'")[0][0]
    assert page.locator("#rules tbody tr").count() == fired
    assert page.locator("#worst tbody tr").count() == min(listed, 100)
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.locator("[data-count=pages]").inner_text() == str(len(pages()))
    # four charts, each drawn (bars with an area) in a left-to-right box
    charts = page.locator("figure.chart")
    assert charts.count() == 4
    for n in range(4):
        chart = charts.nth(n)
        assert chart.evaluate("e => getComputedStyle(e).direction") == "ltr"
        bars = chart.locator("svg rect.rect")
        assert bars.count() > 0, chart.get_attribute("data-chart")
        assert max(bars.nth(i).bounding_box()["width"] for i in range(bars.count())) > 10
    host_labels = page.eval_on_selector_all(
        "figure[data-chart=by-host] svg .axis text", "els => els.map(e => e.textContent)"
    )
    assert "alsumaria.tv" in host_labels and "www.alsumaria.tv" not in host_labels
    # the hostile title is text, its javascript: URL never a link, no script of its but ours
    assert HOSTILE_TITLE in page.locator("#worst").inner_text()
    assert page.locator("script").count() == 1
    hrefs = page.eval_on_selector_all("a", "els => els.map(e => e.href)")
    assert all(h.startswith(("file://", "https://ar.wikipedia.org/wiki/")) for h in hrefs), hrefs
    wiki = page.locator("#worst a.wiki").first.get_attribute("href")
    assert wiki.startswith("https://ar.wikipedia.org/wiki/") and " " not in wiki
    # filter and sort, client-side
    page.fill("input[data-table=worst]", "earth")
    assert page.locator("#worst tbody tr:visible").count() == 1
    assert page.locator("[data-shown-for=worst]").inner_text() == "1"
    page.fill("input[data-table=worst]", "")
    findings_header = page.locator("#worst th").nth(6)
    findings_header.click()
    ascending = [int(x) for x in page.locator("#worst tbody td:nth-child(7)").all_inner_texts()]
    assert ascending == sorted(ascending) and ascending[0] < ascending[-1]
    findings_header.click()
    descending = [int(x) for x in page.locator("#worst tbody td:nth-child(7)").all_inner_texts()]
    assert descending == sorted(ascending, reverse=True)
    page.locator("#worst th").nth(6).click()  # back to ascending, then the screenshot as built
    page.reload()
    shot = screenshot(page, "scan-report.png")
    assert shot.stat().st_size > 50_000
    # an article's own section, reached from the index
    page.locator("#worst a.own").first.click()
    target = page.locator("section:target")
    assert target.count() == 1 and target.locator("li.finding").count() > 0
    # a rule's page lists its findings with links back to the articles
    page.goto(root + "rules/missing-archive-1.html")
    total = counts(scan_dir, "SELECT count(*) FROM findings WHERE rule = 'missing-archive'")[0][0]
    assert page.locator("#findings tbody tr").count() == total
    assert page.locator("#findings a.own").count() == total


def test_worker_processes_write_the_same_pages(scan_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_scan_report(scan_dir, "ar")
    report = scan_dir / "report"
    alone = {p.relative_to(report): p.read_bytes() for p in report.rglob("*.html")}
    monkeypatch.setattr(scan_report, "PARALLEL_FINDINGS", 0)
    monkeypatch.setattr(scan_report.os, "cpu_count", lambda: 2)
    done = write_scan_report(scan_dir, "ar")
    together = {p.relative_to(report): p.read_bytes() for p in report.rglob("*.html")}
    assert together.keys() == alone.keys() and done.files == len(alone)
    index = report.relative_to(report) / "index.html"
    assert {k: v for k, v in together.items() if k != index} == {k: v for k, v in alone.items() if k != index}


def test_a_database_without_the_scan_tables_or_a_run_is_a_one_line_error(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "scan.sqlite") as db:
        db.execute("CREATE TABLE pages (id INTEGER PRIMARY KEY)")
    code, _, err = call("report", str(tmp_path), "--lang", "en")
    assert code == 2 and err.count("\n") == 1
    assert "not a valid scan database (missing tables: runs, findings, rules)" in err
    (tmp_path / "scan.sqlite").unlink()
    scandb.create(tmp_path / "scan.sqlite").execute("DELETE FROM runs").connection.commit()
    code, _, err = call("report", str(tmp_path), "--lang", "en")
    assert code == 2 and "not a valid scan database (no run)" in err
    assert not (tmp_path / "report").exists()


def test_a_real_scan_makes_a_report_of_every_rule_it_found(tmp_path: Path) -> None:
    out = tmp_path / "scan"
    stdout, stderr = io.StringIO(), io.StringIO()
    sources = [str(path) for path in (*FIXTURE_FILES, *CORPUS_FILES)]
    code = run(["scan", *sources, "--out", str(out), "--quiet", "--jobs", "1"], stdout, stderr)
    assert code in {0, 1}, stderr.getvalue()
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run(["report", str(out)], stdout, stderr) == 0, stderr.getvalue()
    with sqlite3.connect(out / "scan.sqlite") as db:
        rules = {rule for (rule,) in db.execute("SELECT DISTINCT rule FROM findings")}
        pages = db.execute("SELECT count(*) FROM pages WHERE status = 'ok'").fetchone()[0]
    assert rules
    assert pages == len(sources)
    index = (out / "report" / "index.html").read_text("utf-8")
    for rule in rules:
        assert rule in index
        assert list((out / "report" / "rules").glob(f"{rule}-*.html")), rule
