"""The live checks with every archive: Memento finds snapshots, other archives' pages checked."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest

from test_online import article, cite, online
from wikimaint.citations.check import check_citations
from wikimaint.citations.registry import Change, Fix
from wikimaint.cli.app import run
from wikimaint.edit.plan import plan_page
from wikimaint.wikitext.parse import parse

if TYPE_CHECKING:
    from pathlib import Path

    from archiveservers import AggregatorData, ArchiveData
    from httpservers import LocalServer
    from wikimaint.citations.check import Report
    from wikimaint.links.live import LiveOptions


@pytest.fixture
def options(every_archive: LiveOptions) -> LiveOptions:
    return every_archive


def check(text: str, options: LiveOptions) -> Report:
    return check_citations(parse(text, title="اختبار"), online=options)


def test_a_snapshot_in_another_archive_is_found_through_memento(
    web: LocalServer,
    wayback: LocalServer,
    timetravel: LocalServer,
    aggregator_data: AggregatorData,
    options: LiveOptions,
) -> None:
    page = web.url("/ok")
    uri = f"https://archive.ph/20100620101010/{page}"
    aggregator_data.closest[page] = (uri, "2010-06-20T10:10:10Z")
    text = article(cite(page, **{"تاريخ الوصول": "20 يونيو 2010"}))
    (finding,) = [f for f in online(check(text, options)) if f.rule == "archive-found"]
    assert finding.fix == Fix(
        (
            Change("set", "archive-url", "مسار أرشيف", uri),
            Change("set", "archive-date", "تاريخ أرشيف", "20 يونيو 2010"),
        )
    )
    assert "في أرشيف archive.today" in finding.message("ar")
    assert wayback.hits() >= 1  # the Wayback Machine was asked first
    asked = (web.hits(), wayback.hits(), timetravel.hits())
    again = check(text, options)  # the history answers everything
    assert [f.rule for f in online(again)] == ["archive-found"]
    assert (web.hits(), wayback.hits(), timetravel.hits()) == asked


def test_nothing_anywhere_is_none_found(
    web: LocalServer, timetravel: LocalServer, options: LiveOptions
) -> None:
    report = check(article(cite(web.url("/ok"), **{"تاريخ الوصول": "1 مارس 2024"})), options)
    assert [f.rule for f in online(report)] == []
    assert report.online is not None
    assert report.online["lookups"] == {"asked": 1, "found": 0}
    assert timetravel.hits() == 1


def test_memento_can_be_switched_off(
    web: LocalServer, timetravel: LocalServer, options: LiveOptions
) -> None:
    check(article(cite(web.url("/ok"))), replace(options, memento=None))
    assert timetravel.hits() == 0


@pytest.mark.parametrize("not_found", ["404", "pywb-200"])
def test_a_missing_snapshot_on_another_archive_is_unavailable(
    web: LocalServer, archive_data: ArchiveData, options: LiveOptions, not_found: str
) -> None:
    archive_data.not_found = not_found
    page = web.url("/ok")
    archived = f"https://arquivo.pt/wayback/20120101120000/{page}"
    text = article(cite(page, **{"مسار أرشيف": archived, "تاريخ أرشيف": "1 يناير 2012"}))
    (finding,) = [f for f in online(check(text, options)) if f.rule == "archive-unavailable"]
    assert "مسار أرشيف" in finding.message("ar")
    assert ("غير مؤرشفة" in finding.message("ar")) == (not_found == "pywb-200")


def test_a_snapshot_there_on_another_archive_gives_no_finding(
    web: LocalServer, archive: LocalServer, archive_data: ArchiveData, options: LiveOptions
) -> None:
    page = web.url("/ok")
    archive_data.captures[page] = ["20120101120000"]
    archived = f"https://archive.ph/20120101120000/{page}"
    text = article(cite(page, **{"مسار أرشيف": archived, "تاريخ أرشيف": "1 يناير 2012"}))
    assert [f.rule for f in online(check(text, options))] == []
    assert archive.hits(f"/20120101120000/{page}") == 1


def test_the_archive_task_writes_a_snapshot_found_through_memento(
    web: LocalServer, aggregator_data: AggregatorData, options: LiveOptions
) -> None:
    page = web.url("/ok")
    uri = f"https://arquivo.pt/wayback/20100620101010/{page}"
    aggregator_data.closest[page] = (uri, "2010-06-20T10:10:10Z")
    text = article(cite(page, **{"تاريخ الوصول": "20 يونيو 2010"}))
    plan = plan_page(text, "اختبار", tasks=("archive",), online=options)
    assert f"|مسار أرشيف={uri}" in plan.result.text
    assert plan.result.summary == "بوت: إضافة أرشيف إلى مرجع واحد"


def test_the_cli_asks_memento_unless_told_off(
    tmp_path: Path, web: LocalServer, wayback: LocalServer, timetravel: LocalServer
) -> None:
    doc = tmp_path / "مكتبة.wiki"
    doc.write_text(article(cite(web.url("/ok"), **{"تاريخ الوصول": "1 مارس 2024"})), "utf-8")
    common = ["check", str(doc), "--online", "--wayback", wayback.base, "--allow-address",
              "127.0.0.0/8", "--state-db", str(tmp_path / "s.sqlite"), "--fail-on", "never",
              "--delay", "0", "--timeout", "1"]  # fmt: skip
    out, err = io.StringIO(), io.StringIO()
    assert run([*common, "--memento", "off"], out, err, None) == 0, err.getvalue()
    assert timetravel.hits() == 0
    assert run([*common, "--max-age", "0", "--memento", timetravel.base], out, err, None) == 0
    assert timetravel.hits() == 1
    assert run(["check", str(doc), "--memento", "off"], out, err, None) == 2
    assert "--online" in err.getvalue().splitlines()[-1]
    assert run(["check", str(doc), "--online", "--memento", "ftp://x"], out, err, None) == 2


def test_fill_refs_with_the_archive_task_finds_snapshots_through_memento(
    web: LocalServer, aggregator_data: AggregatorData, options: LiveOptions
) -> None:
    page = web.url("/ok")
    uri = f"https://archive.ph/20240301000000/{page}"
    aggregator_data.closest[page] = (uri, "2024-03-01T00:00:00Z")
    text = f"افتُتحت المكتبة.<ref>{page}</ref>\n== المراجع ==\n{{{{مراجع}}}}\n"
    plan = plan_page(text, "اختبار", tasks=("fill-refs", "archive"), online=options)
    assert uri in plan.result.text


def test_a_short_id_gets_the_capture_time_the_archive_gives(
    web: LocalServer, archive_data: ArchiveData, options: LiveOptions
) -> None:
    page = web.url("/ok")
    archive_data.short_ids["AbCd1"] = (page, "20230405060708")
    text = article(cite(page, **{"مسار أرشيف": "https://archive.ph/AbCd1"}))
    (finding,) = [f for f in online(check(text, options)) if f.rule == "archive-found"]
    assert finding.fix == Fix((Change("set", "archive-date", "تاريخ أرشيف", "2023-04-05"),))
    assert "وقت اللقطة كما يذكره الأرشيف" in finding.message("ar")
    dated = article(
        cite(page, **{"مسار أرشيف": "https://archive.ph/AbCd1", "تاريخ أرشيف": "5 أبريل 2023"})
    )
    assert [f.rule for f in online(check(dated, options))] == []
