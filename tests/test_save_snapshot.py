"""The ``save-snapshot`` task: Save Page Now 2 for live links no archive has, and its dry run."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from test_spn import KEYS, Clock
from wikimaint.cli.app import run
from wikimaint.edit.plan import plan_page, render_page
from wikimaint.links.spn import ENV_KEY, SavePageNow

if TYPE_CHECKING:
    from pathlib import Path

    from archiveservers import AggregatorData, SpnData
    from httpservers import LocalServer
    from wikimaint.links.live import LiveOptions
    from wikimaint.net import Fetcher

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def page_text(url: str) -> str:
    cite = f"{{{{استشهاد ويب|مسار={url}|عنوان=افتتاح مكتبة|تاريخ الوصول=30 نوفمبر 2026}}}}"
    return f"افتُتحت المكتبة.<ref>{cite}</ref>\n== المراجع ==\n{{{{مراجع}}}}\n"


@pytest.fixture
def options(every_archive: LiveOptions) -> LiveOptions:
    return replace(every_archive, now=NOW)


@pytest.fixture
def saver(fetcher: Fetcher, spn: LocalServer) -> SavePageNow:
    clock = Clock()
    return SavePageNow(fetcher, KEYS, spn.base, clock=clock, sleep=clock.sleep)


def test_a_live_link_no_archive_has_is_saved_and_added(
    web: LocalServer, spn: LocalServer, options: LiveOptions, saver: SavePageNow
) -> None:
    url = web.url("/ok")
    plan = plan_page(page_text(url), "مكتبة", tasks=("save-snapshot",), online=options, saver=saver)
    archive_url = f"https://web.archive.org/web/20261130101010/{url}"
    assert f"|مسار أرشيف={archive_url}" in plan.result.text
    assert "|تاريخ أرشيف=30 نوفمبر 2026" in plan.result.text
    assert plan.result.summary == "بوت: حفظ نسخة جديدة في أرشيف الإنترنت لـمرجع واحد"
    assert spn.hits("/save", "POST") == 1
    shown = render_page(plan)
    assert f"حُفظ: {url} ← {archive_url}" in shown


def test_the_dry_run_only_says_which_urls_it_would_submit(
    web: LocalServer, spn: LocalServer, options: LiveOptions
) -> None:
    url = web.url("/ok")
    plan = plan_page(page_text(url), "مكتبة", tasks=("save-snapshot",), online=options)
    assert plan.snapshots is not None
    assert (plan.snapshots.urls, plan.snapshots.dry_run) == ([url], True)
    assert not plan.result.changed
    assert spn.hits() == 0
    shown = render_page(plan, lang="en")
    assert "Save Page Now: would submit 1 (dry run, nothing sent):" in shown
    assert f"  {url}" in shown


def test_a_link_with_a_snapshot_somewhere_is_not_submitted(
    web: LocalServer,
    spn: LocalServer,
    options: LiveOptions,
    saver: SavePageNow,
    aggregator_data: AggregatorData,
) -> None:
    url = web.url("/ok")
    found = (f"https://archive.ph/20261101000000/{url}", "2026-11-01T00:00:00Z")
    aggregator_data.closest[url] = found
    plan = plan_page(page_text(url), "مكتبة", tasks=("save-snapshot",), online=options, saver=saver)
    assert plan.snapshots is not None
    assert plan.snapshots.urls == []
    assert spn.hits() == 0


def test_a_refusal_adds_nothing_and_says_why(
    web: LocalServer, spn_data: SpnData, options: LiveOptions, saver: SavePageNow
) -> None:
    url = web.url("/ok")
    spn_data.refuse[url] = "error:no-access"
    plan = plan_page(page_text(url), "مكتبة", tasks=("save-snapshot",), online=options, saver=saver)
    assert not plan.result.changed
    assert f"لم يُحفظ (رفضه الأرشيف: error:no-access): {url}" in render_page(plan)
    assert f"not saved (refused: error:no-access): {url}" in render_page(plan, lang="en")


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err, None)
    return code, out.getvalue(), err.getvalue()


def test_the_cli_dry_run_lists_and_never_shows_the_keys(
    *,
    tmp_path: Path,
    web: LocalServer,
    wayback: LocalServer,
    timetravel: LocalServer,
    spn: LocalServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_KEY, "access-key:سر-لا-يُطبع")
    path = tmp_path / "مكتبة.wiki"
    path.write_text(page_text(web.url("/ok")), encoding="utf-8")
    code, out, err = call(
        "bot", f"-wikitext:{path}", "--tasks", "save-snapshot", "--wayback", wayback.base,
        "--memento", timetravel.base, "--spn", spn.base, "--allow-address", "127.0.0.0/8",
        "--state-db", str(tmp_path / "s.sqlite"), "--now", "2026-11-30T09:00:00",
    )  # fmt: skip
    assert code == 0, err
    assert "سيُطلب حفظ 1" in out
    assert web.url("/ok") in out
    assert "سر-لا-يُطبع" not in out + err
    assert spn.hits() == 0


def test_saving_without_keys_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_KEY, raising=False)
    code, out, err = call("bot", "-page:مكتبة", "--save", "--tasks", "save-snapshot")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "WIKIMAINT_SPN_KEY" in err


def test_save_snapshot_is_never_a_default_task(
    tmp_path: Path, web: LocalServer, wayback: LocalServer, timetravel: LocalServer
) -> None:
    path = tmp_path / "مكتبة.wiki"
    path.write_text(page_text(web.url("/ok")), encoding="utf-8")
    code, out, err = call(
        "bot", f"-wikitext:{path}", "--wayback", wayback.base, "--memento", timetravel.base,
        "--allow-address", "127.0.0.0/8", "--state-db", str(tmp_path / "s.sqlite"),
    )  # fmt: skip
    assert code == 0, err
    assert timetravel.hits() == 1  # the archive task looked everywhere
    assert "Save Page Now" not in out


def test_bad_keys_are_one_line_in_arabic_without_the_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_KEY, "only-the-secret-part")
    code, out, err = call("bot", "-page:مكتبة", "--save", "--tasks", "save-snapshot")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "المتوقع مفتاحا archive.org" in err
    assert "only-the-secret-part" not in err
    code, _out, err = call("bot", "-page:مكتبة", "--save", "--tasks", "save-snapshot",
                           "--spn-keys", str(tmp_path / "لا-يوجد.keys"))  # fmt: skip
    assert code == 2
    assert "تعذرت قراءة مفاتيح Save Page Now" in err
