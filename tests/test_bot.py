"""The bot against the real local MediaWiki: dry run, save, conflicts, nobots, -wikitext:.

Also ``--now``, and pywikibot's question before each save, asked on a pseudo-terminal.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import importlib
import io
import ipaddress
import json
import os
import pty
import re
import select
import shutil
import socket
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any

import pytest
import requests

from conftest import ROOT, TARGET, TARGET_TITLE
from httpservers import serving, web_app
from wikimaint.cli.app import run

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from httpservers import LocalServer, WaybackData
    from localwiki import LocalWiki

PAGE = "صفحة اختبار البوت"
FRANCE24_DATE = "| تاريخ أرشيف = 2024-01-24\n"
FIXED_DATE = "| تاريخ أرشيف = 24 يناير 2024\n"
SUMMARY = "بوت: إضافة تاريخ الأرشيف إلى مرجع واحد"
BOT_PASSWORD = re.compile(r"BotPassword\('[^']+', '([0-9a-w]{32,})'\)")


def broken() -> str:
    """Return the target article without the france24 archive date (the bot's work)."""
    text = TARGET.read_text("utf-8")
    assert FRANCE24_DATE in text
    return text.replace(FRANCE24_DATE, "")


def fixed() -> str:
    """Return what the archive-dates task makes of :func:`broken` (as MediaWiki stores it)."""
    return TARGET.read_text("utf-8").replace(FRANCE24_DATE, FIXED_DATE).rstrip()


def bot(*args: str, stdin: Any = None) -> tuple[int, str, str]:
    """Run ``wikimaint bot ARGS`` in-process; return the exit code, stdout and stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(["bot", *args], stdout, stderr, stdin)
    return code, stdout.getvalue(), stderr.getvalue()


@pytest.fixture
def page(wiki: LocalWiki, monkeypatch: pytest.MonkeyPatch) -> str:
    """Return the title of a page holding :func:`broken`, made by the other user."""
    pywikibot = importlib.import_module("pywikibot")
    monkeypatch.setattr(pywikibot.config, "simulate", False)
    wiki.edit_as_other(PAGE, broken(), "إعداد صفحة الاختبار")
    return PAGE


def python(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a fresh Python with *args* on the package in ``src/``, in *cwd*, with *env*."""
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=env | {"PYTHONPATH": str(ROOT / "src")},
        cwd=cwd,
        timeout=120,
        check=False,
    )


def password(wiki: LocalWiki) -> str:
    found = BOT_PASSWORD.search((wiki.pywikibot_dir / "user-password.py").read_text())
    assert found is not None
    return found.group(1)


def assert_no_password(wiki: LocalWiki, *texts: str) -> None:
    """Fail if the BotPassword is in one of *texts*, without showing it (or them)."""
    secret = password(wiki)
    leaked = [i for i, text in enumerate(texts) if secret in text]
    assert not leaked, f"the BotPassword appears in output(s) {leaked}"


# --- dry run and save -------------------------------------------------------------------------


def test_a_dry_run_shows_the_diff_and_saves_nothing(wiki: LocalWiki, page: str) -> None:
    before = wiki.revisions(page)
    code, out, err = bot(f"-page:{page}", "--tasks", "archive-dates")
    assert code == 0, err
    assert f"=== {page} ===" in out
    assert "archive-date-missing" in out  # the finding
    assert f"+{FIXED_DATE}" in out  # the diff
    assert f"--- {page} (قبل)" in out
    assert f"ملخص التعديل: {SUMMARY}" in out
    assert "تشغيل تجريبي" in out
    assert wiki.revisions(page) == before  # no new revision, checked through the API
    assert wiki.page_text(page) == broken().rstrip()


def test_save_makes_exactly_one_revision_and_a_second_run_none(wiki: LocalWiki, page: str) -> None:
    before = wiki.revisions(page)
    code, out, err = bot(f"-page:{page}", "--tasks", "archive-dates", "--save")
    assert code == 0, err
    after = wiki.revisions(page)
    assert after[1:] == before
    assert (after[0]["user"], after[0]["comment"]) == (wiki.bot_user, SUMMARY)
    assert wiki.page_text(page) == fixed()
    assert f"(المراجعة {after[0]['revid']})" in out

    code, out, err = bot(f"-page:{page}", "--tasks", "archive-dates", "--save")
    assert code == 0, err
    assert wiki.revisions(page) == after
    assert "لا تعديل" in out


def test_messages_in_english_summary_in_arabic(wiki: LocalWiki, page: str) -> None:
    code, out, err = bot(f"-page:{page}", "--lang", "en", "--tasks", "archive-dates")
    assert code == 0, err
    assert f"edit summary: {SUMMARY}" in out
    assert "dry run: nothing saved" in out


def test_infobox_data_and_archive_dates_in_one_edit(
    wiki: LocalWiki, page: str, tmp_path: Path
) -> None:
    infobox = importlib.import_module("wikimaint.infobox")
    parse = importlib.import_module("wikimaint.wikitext.parse").parse
    data = infobox.extract(parse(broken(), page))
    data["parameters"]["الإصابات"]["value"] = 7
    data_file = tmp_path / "صندوق.json"
    data_file.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    code, _out, err = bot(
        f"-page:{page}", "--tasks", "archive-dates,infobox", "--infobox", str(data_file), "--save"
    )
    assert code == 0, err
    assert wiki.page_text(page) == fixed().replace("| الإصابات = 6\n", "| الإصابات = 7\n")
    assert wiki.last_revision(page)["comment"] == SUMMARY + "، تحديث صندوق المعلومات"
    assert len(wiki.revisions(page)) == 2  # the set-up and one edit by the bot


def test_the_infobox_task_needs_data() -> None:
    code, _out, err = bot(f"-wikitext:{TARGET}", "--tasks", "infobox")
    assert code == 2
    assert "--infobox" in err


def test_bad_infobox_data_is_one_line_naming_the_file_and_the_place(tmp_path: Path) -> None:
    infobox = importlib.import_module("wikimaint.infobox")
    data = infobox.extract(importlib.import_module("wikimaint.wikitext.parse").parse(TARGET.read_text()))
    data["parameters"]["الإصابات"]["value"] = "كثير"  # a number, says the spec
    data_file = tmp_path / "صندوق.json"
    data_file.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    code, out, err = bot(f"-wikitext:{TARGET}", "--tasks", "infobox", "--infobox", str(data_file))
    assert code == 2
    assert out == ""
    assert err.startswith(f"استعمال خاطئ: {data_file}: /parameters/الإصابات/value: ")
    assert len(err.splitlines()) == 1


# --- someone else's edit ----------------------------------------------------------------------


def run_with_hook(wiki: LocalWiki, page: str, hook: Any) -> str:
    """Run the bot (save, archive-dates) on *page* with *hook* before each save; return its output."""
    pywikibot = importlib.import_module("pywikibot")
    wikimaint_bot = importlib.import_module("wikimaint.bot.bot")
    out = io.StringIO()
    site = wiki.site()
    wikimaint_bot.WikimaintBot(
        generator=[pywikibot.Page(site, page)],
        site=site,
        out=out,
        before_save=hook,
        save=True,
        always=True,
        tasks=("archive-dates",),
    ).run()
    return out.getvalue()


SNAPSHOT = "/web/20240124120530/"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # The same citation, the line next to the bot's: a real conflict, redone.
        (SNAPSHOT, "/web/20240124180000/"),
        # Far from the bot's change: MediaWiki merges, or the bot redoes; either way kept.
        ("[[تصنيف:2024 في العراق]]", "[[تصنيف:2024 في العراق]]\n[[تصنيف:غارات]]"),
    ],
    ids=["same-citation", "elsewhere"],
)
def test_an_edit_between_read_and_save_is_not_lost(
    wiki: LocalWiki, page: str, old: str, new: str
) -> None:
    theirs = broken().replace(old, new)
    assert theirs != broken()
    calls: list[str] = []

    def edit_in_between(current: Any) -> None:
        calls.append(current.title())
        if len(calls) == 1:
            wiki.edit_as_other(page, theirs, "تعديل في الأثناء")

    out = run_with_hook(wiki, page, edit_in_between)

    text = wiki.page_text(page)
    assert text == fixed().replace(old, new)  # their edit and the bot's fix, both
    users = [r["user"] for r in wiki.revisions(page)[:2]]
    assert users == [wiki.bot_user, wiki.other_user.name]
    assert f"(المراجعة {wiki.revision_id(page)})" in out
    if old == SNAPSHOT:
        assert "تعارض تحرير" in out
        assert len(calls) == 2  # the page was read again and the save tried once more


def test_a_second_conflict_skips_the_page(wiki: LocalWiki, page: str) -> None:
    stamps = iter(["/web/20240124180000/", "/web/20240124190000/"])

    def edit_every_time(_current: Any) -> None:
        wiki.edit_as_other(page, broken().replace(SNAPSHOT, next(stamps)), "تعديل")

    out = run_with_hook(wiki, page, edit_every_time)
    assert wiki.page_text(page) == broken().replace(SNAPSHOT, "/web/20240124190000/").rstrip()
    assert wiki.last_revision(page)["user"] == wiki.other_user.name
    assert "تُركت الصفحة دون تعديل" in out


# --- pages the bot must leave alone -----------------------------------------------------------


@pytest.mark.parametrize("tag", ["{{nobots}}", "{{bots|deny=all}}", "{{بوتات|منع=WikimaintBot}}"])
def test_a_page_that_keeps_bots_off_is_untouched(wiki: LocalWiki, page: str, tag: str) -> None:
    wiki.edit_as_other(page, tag + "\n" + broken(), "منع البوتات")
    before = wiki.revisions(page)
    code, out, err = bot(f"-page:{page}", "--tasks", "archive-dates", "--save")
    assert code == 0, err
    assert wiki.revisions(page) == before
    assert "يمنع هذا البوت" in out
    assert "+" + FIXED_DATE not in out


def test_a_bots_template_for_another_bot_does_not_stop_this_one(wiki: LocalWiki, page: str) -> None:
    wiki.edit_as_other(page, "{{bots|deny=OtherBot}}\n" + broken(), "منع بوت آخر")
    code, _out, err = bot(f"-page:{page}", "--tasks", "archive-dates", "--save")
    assert code == 0, err
    assert wiki.last_revision(page)["user"] == wiki.bot_user


# --- the archive task with the local Wayback stand-in -----------------------------------------


def test_the_archive_task_adds_the_closest_snapshot(
    wiki: LocalWiki,
    page: str,
    *,
    web: LocalServer,
    wayback: LocalServer,
    wayback_data: WaybackData,
    tmp_path: Path,
) -> None:
    url = web.url("/article")
    wayback_data.snapshots[url] = [("20240120080000", 200), ("20240127101010", 200)]
    text = (
        "نص.<ref>{{استشهاد ويب\n| مسار = " + url + "\n| عنوان = مكتبة بغداد\n"
        "| تاريخ = 20 يناير 2024\n| تاريخ الوصول = 2024-01-28\n}}</ref>\n\n== مراجع ==\n{{مراجع}}"
    )
    wiki.edit_as_other(page, text, "صفحة للأرشفة")
    args = [f"-page:{page}", "--tasks", "archive", "--wayback", wayback.base]
    args += ["--allow-address", "127.0.0.0/8", "--state-db", str(tmp_path / "links.sqlite")]
    code, out, err = bot(*args, "--save")
    assert code == 0, err
    archive = f"https://web.archive.org/web/20240127101010/{url}"
    assert wiki.page_text(page) == text.replace(
        "| تاريخ الوصول = 2024-01-28\n",
        f"| تاريخ الوصول = 2024-01-28\n| مسار أرشيف = {archive}\n| تاريخ أرشيف = 27 يناير 2024\n",
    )
    assert wiki.last_revision(page)["comment"] == "بوت: إضافة أرشيف إلى مرجع واحد"
    assert wayback.hits() > 0
    assert "archive-found" in out


# --- -wikitext: and errors --------------------------------------------------------------------


def test_wikitext_mode_needs_no_wiki(tmp_path: Path) -> None:
    source = tmp_path / "غارات.wiki"
    source.write_text(broken(), "utf-8")
    code, out, err = bot(f"-wikitext:{source}", "--tasks", "archive-dates")
    assert code == 0, err
    assert "=== غارات ===" in out
    assert f"+{FIXED_DATE}" in out
    assert f"ملخص التعديل: {SUMMARY}" in out
    assert source.read_text("utf-8") == broken()  # the file is not written


def test_wikitext_mode_refuses_save_and_generators(tmp_path: Path) -> None:
    source = tmp_path / "a.wiki"
    source.write_text("نص", "utf-8")
    code, _out, err = bot(f"-wikitext:{source}", "--save")
    assert code == 2
    assert err.count("\n") == 1
    code, _out, err = bot(f"-wikitext:{source}", "-page:س")
    assert code == 2
    assert "-page:س" in err


def test_wikitext_mode_reports_a_missing_file(tmp_path: Path) -> None:
    code, out, err = bot(f"-wikitext:{tmp_path / 'none.wiki'}", "--tasks", "archive-dates")
    assert (code, out) == (2, "")
    assert "none.wiki" in err
    assert "Traceback" not in err


def test_an_unknown_task_is_a_usage_error() -> None:
    code, _out, err = bot("-wikitext:x.wiki", "--tasks", "archive,links")
    assert code == 2
    assert "links" in err


def test_the_target_article_as_wikitext_is_clean(tmp_path: Path) -> None:
    code, out, err = bot(f"-wikitext:{TARGET}", "--tasks", "archive-dates")
    assert code == 0, err
    assert f"=== {TARGET_TITLE} ===" in out
    assert "لا تعديل" in out


# --- credentials and an unreachable wiki -----------------------------------------------------


def test_the_bot_password_never_appears_in_output(
    wiki: LocalWiki, page: str, capfd: pytest.CaptureFixture[str]
) -> None:
    code, out, err = bot(f"-page:{page}", "--tasks", "archive-dates", "--save", "-v")
    assert code == 0, err
    captured = capfd.readouterr()
    assert_no_password(wiki, out, err, captured.out, captured.err)
    assert wiki.last_revision(page)["user"] == wiki.bot_user


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_wiki_is_one_line_and_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "pywikibot"
    port = _free_port()  # nothing listens there
    (config / "families").mkdir(parents=True)
    (config / "families" / "nowhere_family.py").write_text(
        "from pywikibot import family\n\n"
        "class Family(family.SingleSiteFamily):\n"
        "    name = 'nowhere'\n    code = 'ar'\n"
        f"    domain = '127.0.0.1:{port}'\n\n"
        "    def protocol(self, code):\n        return 'http'\n\n"
        "    def scriptpath(self, code):\n        return ''\n"
    )
    (config / "user-config.py").write_text(
        "family = 'nowhere'\nmylang = 'ar'\nmax_retries = 0\nretry_wait = 0\n"
    )
    for path in (config / "user-config.py", config / "families" / "nowhere_family.py"):
        path.chmod(0o600)
    env = os.environ | {"PYWIKIBOT_DIR": str(config)}
    process = python(
        ["-m", "wikimaint", "bot", "-page:غارات", "--tasks", "archive-dates"], env, tmp_path
    )
    assert process.returncode == 2, process.stderr
    assert process.stderr.strip().splitlines() == [
        "تعذر الوصول إلى الويكي nowhere:ar: لم يُجب الخادم بعد كل المحاولات"
    ]
    assert "Traceback" not in process.stderr


def test_without_any_config_a_throwaway_one_for_arabic_wikipedia_is_written(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"PYWIKIBOT_DIR", "XDG_CACHE_HOME"}}
    env["HOME"] = str(tmp_path / "home")
    (tmp_path / "home").mkdir()
    code = (
        "from wikimaint.cli.bot import prepare_pywikibot_config\n"
        "import os\n"
        "print(prepare_pywikibot_config())\n"
        "print(os.environ['PYWIKIBOT_DIR'])\n"
        "import pywikibot\n"
        "print(pywikibot.config.family, pywikibot.config.mylang, pywikibot.config.base_dir)\n"
    )
    process = python(["-c", code], env, tmp_path)
    assert process.returncode == 0, process.stderr
    directory = tmp_path / "home" / ".cache" / "wikimaint" / "pywikibot"
    lines = process.stdout.splitlines()
    assert lines[:2] == [str(directory), str(directory)]
    assert lines[2] == f"wikipedia ar {directory}"
    assert (directory / "user-config.py").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (
            (
                "HTTPSConnectionPool(host='ar.wikipedia.org', port=443): Max retries exceeded "
                "(Caused by NameResolutionError(… [Errno -2] Name or service not known))"
            ),
            "لا يُحلّ اسم الخادم ar.wikipedia.org (هل الجهاز متصل بالشبكة؟)",
        ),
        (
            "HTTPConnectionPool(host='127.0.0.1', port=9): … [Errno 111] Connection refused",
            "رفض الخادم 127.0.0.1 الاتصال",
        ),
        ("Maximum retries attempted without success.", "لم يُجب الخادم بعد كل المحاولات"),
    ],
)
def test_why_a_wiki_cannot_be_reached_in_a_few_words(error: str, reason: str) -> None:
    wiki = importlib.import_module("wikimaint.bot.wiki")  # late: imports pywikibot
    assert wiki._reason(OSError(error), "ar") == reason


def test_simulate_with_save_writes_nothing(
    wiki: LocalWiki, page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pywikibot = importlib.import_module("pywikibot")
    monkeypatch.setattr(pywikibot.config, "simulate", False)  # -simulate sets it for good
    before = wiki.revisions(page)
    code, out, err = bot(f"-page:{page}", "--tasks", "archive-dates", "--save", "-simulate")
    assert code == 0, err
    assert f"+{FIXED_DATE}" in out
    assert wiki.revisions(page) == before


def test_a_category_generator_finds_the_target(wiki: LocalWiki) -> None:
    code, out, err = bot("-cat:غارات جوية أمريكية", "--tasks", "archive-dates")
    assert code == 0, err
    assert f"=== {TARGET_TITLE} ===" in out


def test_a_bot_run_with_no_pages_is_a_usage_error(wiki: LocalWiki) -> None:
    code, out, err = bot("--tasks", "archive-dates")
    assert (code, out) == (2, "")
    assert "-page:" in err


def test_an_xml_dump_names_the_pages(wiki: LocalWiki, page: str, tmp_path: Path) -> None:
    export = requests.get(
        wiki.api_url,
        params={"action": "query", "titles": page, "export": "1", "exportnowrap": "1"},
        timeout=(3, 30),
    )
    export.raise_for_status()
    dump = tmp_path / "dump.xml"
    dump.write_bytes(export.content)
    code, out, err = bot(f"-xml:{dump}", "--tasks", "archive-dates")
    assert code == 0, err
    assert f"=== {page} ===" in out
    assert f"+{FIXED_DATE}" in out


def test_a_link_dead_in_three_spaced_checks_is_tagged(
    wiki: LocalWiki, page: str, *, web: LocalServer, wayback: LocalServer, tmp_path: Path
) -> None:
    """A 404 seen once is unknown; three failures days apart make it dead, and tagged."""
    pywikibot = importlib.import_module("pywikibot")
    wikimaint_bot = importlib.import_module("wikimaint.bot.bot")
    live_module = importlib.import_module("wikimaint.links.live")
    text = (
        "نص.<ref>{{استشهاد ويب|مسار=" + web.url("/missing") + "|عنوان=صفحة حذفت}}</ref>\n{{مراجع}}"
    )
    wiki.edit_as_other(page, text, "وصلة ستموت")
    site = wiki.site()
    outputs = []
    for day in (1, 5, 9):
        live = live_module.LiveOptions(
            wayback=wayback.base,
            allow=(ipaddress.ip_network("127.0.0.0/8"),),
            state_db=tmp_path / "links.sqlite",
            now=dt.datetime(2026, 11, day, 12, tzinfo=dt.UTC),
            delay=0,
        )
        out = io.StringIO()
        wikimaint_bot.WikimaintBot(
            generator=[pywikibot.Page(site, page)],
            site=site,
            out=out,
            save=day == 9,
            always=True,
            tasks=("dead-links",),
            live=live,
        ).run()
        outputs.append(out.getvalue())
    assert "link-unknown" in outputs[0]
    assert "link-dead" not in outputs[0]
    assert "link-dead" in outputs[2]
    tagged = text.replace("}}</ref>", "}}{{وصلة مكسورة|تاريخ=نوفمبر 2026}}</ref>")
    assert wiki.page_text(page) == tagged
    assert wiki.last_revision(page)["comment"] == "بوت: تعليم وصلة مكسورة واحدة"


def test_wikitext_mode_does_not_even_import_pywikibot(tmp_path: Path) -> None:
    code = (
        "import io, sys\n"
        "from wikimaint.cli.app import run\n"
        f"status = run(['bot', '-wikitext:{TARGET}', '--tasks', 'archive-dates'], "
        "io.StringIO(), io.StringIO())\n"
        "print(status, 'pywikibot' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYWIKIBOT")}
    process = python(["-c", code], env | {"HOME": str(tmp_path)}, tmp_path)
    assert process.stdout.split() == ["0", "False"], process.stderr
    assert list(tmp_path.iterdir()) == []  # no config, cache or log written


# --- --now: the clock the live checks judge by ------------------------------------------------


def test_three_runs_with_now_three_days_apart_find_the_dead_link_and_tag_it(
    wiki: LocalWiki, page: str, *, web: LocalServer, wayback: LocalServer, tmp_path: Path
) -> None:
    """The runs take seconds; --now spaces them by days, as the history must see it."""
    text = (
        "نص.<ref>{{استشهاد ويب|مسار=" + web.url("/missing") + "|عنوان=صفحة حذفت}}</ref>\n{{مراجع}}"
    )
    wiki.edit_as_other(page, text, "وصلة ستموت")
    before = wiki.revisions(page)
    live = ["--tasks", "dead-links", "--wayback", wayback.base, "--allow-address", "127.0.0.0/8"]
    live += ["--state-db", str(tmp_path / "links.sqlite")]
    outputs, asked = [], []
    # The last one is 09:00 UTC too: exactly three days after the second, with its offset.
    for now in ("2024-03-01T09:00:00", "2024-03-04T09:00:00", "2024-03-07T02:00:00-07:00"):
        code, out, err = bot(f"-page:{page}", *live, "--now", now, "--save")
        assert (code, err) == (0, ""), err
        outputs.append(out)
        asked.append(web.hits("/missing"))
        if len(outputs) < 3:
            assert wiki.revisions(page) == before  # nothing to fix yet
    for checks, first in enumerate(outputs[:2], start=1):
        assert f"link-unknown: تعذّر الحكم على |مسار=: HTTP 404 (الفحص {checks}؛" in first
        assert "link-dead" not in first
        assert "لا تعديل" in first
    assert "link-dead" in outputs[2]
    assert "(منذ 2024-03-01)" in outputs[2]  # the first run's --now, where the finding says it
    tag = "{{وصلة مكسورة|تاريخ=مارس 2024}}"  # the month of the last run's --now
    tagged = text.replace("}}</ref>", "}}" + tag + "</ref>")
    assert "+" + tagged.splitlines()[0] + "\n" in outputs[2]  # the diff
    assert wiki.page_text(page) == tagged
    after = wiki.revisions(page)
    assert after[1:] == before
    assert after[0]["user"] == wiki.bot_user
    assert after[0]["comment"] == "بوت: تعليم وصلة مكسورة واحدة"
    assert 0 < asked[0] < asked[1] < asked[2]  # each run asked the site itself


def test_now_means_what_it_means_for_citation_check() -> None:
    from wikimaint.cli.app import build_parser  # noqa: PLC0415 - only this test needs it

    commands_bot = importlib.import_module("wikimaint.cli.bot")
    parser = build_parser()
    for now in (
        "2024-03-01T09:00:00",
        "2024-03-01 09:00+03:00",
        "2024-03-01",
        " 2024-03-01T09:00Z ",
    ):
        check = parser.parse_args(["check", "x.wiki", "--online", "--now", now])
        args = parser.parse_args(["bot", "-page:س", "--now", now])
        assert args.now == check.now
        assert args.now.utcoffset() is not None
        assert commands_bot._live_options(args).now == check.now
    args = parser.parse_args(["bot", "-page:س"])
    assert commands_bot._live_options(args).now is None  # the real time


NOT_A_MOMENT = {
    "ar": "استعمال خاطئ: \u200e--now\u200e: {bad!r} ليس تاريخًا ووقتًا بصيغة ISO 8601 (مثل 2024-03-01T09:00:00+03:00)",
    "en": "usage error: argument --now: not an ISO 8601 date and time (such as 2024-03-01T09:00:00+03:00): {bad!r}",
}


@pytest.mark.parametrize("bad", ["yesterday", "2024-02-30T09:00:00", "", "2024-03-01T25:00"])
def test_a_malformed_now_is_one_line_in_the_users_language(bad: str) -> None:
    for lang in ("ar", "en"):
        code, out, err = bot("-page:س", "--lang", lang, "--tasks", "dead-links", "--now", bad)
        assert (code, out) == (2, "")
        assert err == NOT_A_MOMENT[lang].format(bad=bad) + "\n"


def test_a_malformed_now_exits_2_without_a_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYWIKIBOT", "WIKIMAINT"))}
    process = python(
        ["-m", "wikimaint", "bot", "-page:س", "--now", "2024-03-01T09:00:00+3"],
        env | {"HOME": str(tmp_path)},
        tmp_path,
    )
    assert process.returncode == 2
    assert process.stdout == ""
    assert process.stderr.splitlines() == [NOT_A_MOMENT["ar"].format(bad="2024-03-01T09:00:00+3")]


# --- pywikibot's question before a save, on a terminal ---------------------------------------

# pywikibot 11.9, BaseBot.user_confirm and UI.input_choice/input (terminal_interface_base):
# options Yes/y, No/N (the default, so an empty answer is no), All/a, Quit/q; an answer is
# a shortcut or the whole word, in any case; the prompt goes to stderr, read by input().
PROMPT = "Do you want to accept these changes? ([y]es, [N]o, [a]ll, [q]uit): "
PTY_TIMEOUT = 60.0  # seconds for each wait on the child; a cold start takes about 2
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal:
    """Represents a child process on a pseudo-terminal: what it wrote, and a way to answer.

    Every wait has a deadline: on timeout, or when the child ends before writing what is
    awaited, the test fails showing everything the child wrote, *secret* blotted out.
    """

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path, secret: str) -> None:
        """Start *argv* with the terminal's other end as its stdin, stdout and stderr."""
        self.secret = secret
        self.fd, child_end = pty.openpty()
        try:
            self.process = subprocess.Popen(
                argv, stdin=child_end, stdout=child_end, stderr=child_end, env=env, cwd=cwd
            )
        except BaseException:
            os.close(self.fd)
            raise
        finally:
            os.close(child_end)
        self.raw = bytearray()
        self.ended = False  # the child's end is closed: nothing more will come

    def text(self) -> str:
        """Return what the child wrote so far, without colours, with plain newlines."""
        return _ANSI.sub("", self.raw.decode("utf-8", "replace")).replace("\r\n", "\n")

    def shown(self) -> str:
        """Return :meth:`text` fit for a failure message: never with the secret."""
        return self.text().replace(self.secret, "<secret>")

    def _read(self, deadline: float, awaited: str, within: float = PTY_TIMEOUT) -> None:
        left = deadline - time.monotonic()
        if left <= 0:
            pytest.fail(f"no {awaited} within {within} s; the bot wrote:\n{self.shown()}")
        ready, _, _ = select.select([self.fd], [], [], min(left, 0.5))
        if not ready:
            return
        try:
            chunk = os.read(self.fd, 65536)
        except OSError as error:  # Linux: EIO once every process has closed the other end
            if error.errno != errno.EIO:
                raise
            chunk = b""
        self.raw += chunk
        self.ended = not chunk

    def expect(self, needle: str) -> str:
        """Wait until the child has written *needle*; return everything written so far."""
        deadline = time.monotonic() + PTY_TIMEOUT
        while needle not in self.text():
            if self.ended:
                pytest.fail(f"the bot ended without writing {needle!r}:\n{self.shown()}")
            self._read(deadline, repr(needle))
        return self.text()

    def answer(self, line: str) -> None:
        """Type *line* and Enter."""
        os.write(self.fd, line.encode() + b"\n")

    def finish(self, within: float = PTY_TIMEOUT) -> int:
        """Wait for the child to close the terminal and exit, *within* seconds; return its code."""
        deadline = time.monotonic() + within
        while not self.ended:
            self._read(deadline, "end of output", within)
        return self.process.wait(timeout=max(deadline - time.monotonic(), 1.0))

    def close(self) -> None:
        """Kill the child if it still runs, and close the terminal."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        os.close(self.fd)


@contextlib.contextmanager
def terminal(argv: list[str], env: dict[str, str], cwd: Path, secret: str) -> Iterator[Terminal]:
    """Run *argv* on a pseudo-terminal for the ``with`` block; it never outlives the block."""
    term = Terminal(argv, env, cwd, secret)
    try:
        yield term
    finally:
        term.close()


@pytest.fixture
def own_config(wiki: LocalWiki, tmp_path: Path) -> Path:
    """Return a copy of the local wiki's pywikibot config with no login cookie.

    A bot started with it logs in afresh with its BotPassword, so the password is really
    used during the run whose output is searched for it.
    """
    source, target = wiki.pywikibot_dir, tmp_path / "pywikibot"
    (target / "families").mkdir(parents=True)
    for family in (source / "families").glob("*_family.py"):
        shutil.copy(family, target / "families" / family.name)
    shutil.copy(source / "user-password.py", target / "user-password.py")
    config = (source / "user-config.py").read_text("utf-8")
    moved = config.replace(
        repr(str(source / "user-password.py")), repr(str(target / "user-password.py"))
    )
    assert moved != config
    (target / "user-config.py").write_text(moved, "utf-8")
    for path in (target / "user-config.py", target / "user-password.py"):
        path.chmod(0o600)
    return target


def save_on_a_terminal(
    wiki: LocalWiki,
    titles: list[str],
    config: Path,
    cwd: Path,
    answer: str,
    *,
    options: tuple[str, ...] = (),
    within: float = PTY_TIMEOUT,
) -> tuple[str, str, int]:
    """Run ``wikimaint bot --save [OPTIONS]`` on *titles* on a terminal; answer its question.

    Only the first question is answered; the bot must then end *within* seconds. Return
    what was written up to the question, everything written, and the exit code.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYWIKIBOT", "WIKIMAINT"))}
    env |= {
        "PYWIKIBOT_DIR": str(config),
        "PYTHONPATH": str(ROOT / "src"),
        "HOME": str(cwd),
        "LC_ALL": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
    }
    pages = [f"-page:{title}" for title in titles]
    argv = [sys.executable, "-m", "wikimaint", "bot", *pages, "--tasks", "archive-dates"]
    with terminal([*argv, "--save", *options], env, cwd, password(wiki)) as term:
        asked = term.expect(PROMPT)
        term.answer(answer)
        code = term.finish(within)
    return asked, term.text(), code


@pytest.mark.parametrize("answer", ["n", ""], ids=["no", "enter"])
def test_answering_no_on_a_terminal_saves_nothing(
    wiki: LocalWiki, page: str, own_config: Path, tmp_path: Path, answer: str
) -> None:
    before = wiki.revision_id(page)
    asked, out, code = save_on_a_terminal(wiki, [page], own_config, tmp_path, answer)
    assert_no_password(wiki, out)  # first: the messages below may show the output
    assert code == 0, out
    assert asked.endswith(PROMPT)  # it waits at the question: nothing saved without asking
    assert f"+{FIXED_DATE}" in asked  # the diff and the summary come first
    assert f"ملخص التعديل: {SUMMARY}" in asked
    assert f"لم تُحفظ «{page}»." in out[len(asked) :]
    assert "حُفظت" not in out
    assert wiki.revision_id(page) == before
    assert wiki.page_text(page) == broken().rstrip()


def test_answering_yes_on_a_terminal_saves_one_revision(
    wiki: LocalWiki, page: str, own_config: Path, tmp_path: Path
) -> None:
    before = wiki.revisions(page)
    asked, out, code = save_on_a_terminal(wiki, [page], own_config, tmp_path, "y")
    assert_no_password(wiki, out)  # first: the messages below may show the output
    assert code == 0, out
    assert asked.endswith(PROMPT)
    after = wiki.revisions(page)
    assert after[1:] == before  # exactly one new revision
    assert (after[0]["user"], after[0]["comment"]) == (wiki.bot_user, SUMMARY)
    assert wiki.page_text(page) == fixed()
    assert f"حُفظت «{page}» (المراجعة {after[0]['revid']})." in out[len(asked) :]
    assert out.count(PROMPT) == 1
    assert f"Logging in to {wiki.family}:{wiki.code} as {wiki.bot_user}@" in out  # BotPassword
    assert (own_config / f"pywikibot-{wiki.bot_user}.lwp").is_file()


OTHER_PAGE = "صفحة اختبار البوت الثانية"


@pytest.fixture
def two_pages(wiki: LocalWiki, page: str) -> list[str]:
    """Return two titles of pages holding :func:`broken`, both made by the other user."""
    wiki.edit_as_other(OTHER_PAGE, broken(), "إعداد صفحة الاختبار الثانية")
    return [page, OTHER_PAGE]


def _headers(text: str) -> list[str]:
    """Return the titles of the pages the bot showed in *text*, in order."""
    return re.findall(r"^=== (.+) ===$", text, re.MULTILINE)


def test_answering_all_on_a_terminal_saves_every_page_once_asking_once(
    wiki: LocalWiki, two_pages: list[str], own_config: Path, tmp_path: Path
) -> None:
    before = {title: wiki.revisions(title) for title in two_pages}
    asked, out, code = save_on_a_terminal(wiki, two_pages, own_config, tmp_path, "a")
    assert_no_password(wiki, out)  # first: the messages below may show the output
    assert code == 0, out
    assert asked.endswith(PROMPT)
    assert len(_headers(asked)) == 1  # asked on the first page, before the second is shown
    assert sorted(_headers(out)) == sorted(two_pages)  # then the second, without asking
    assert out.count(PROMPT) == 1
    for title in two_pages:
        after = wiki.revisions(title)
        assert after[1:] == before[title], title  # exactly one new revision on each
        assert (after[0]["user"], after[0]["comment"]) == (wiki.bot_user, SUMMARY)
        assert wiki.page_text(title) == fixed()
        assert out.count(f"حُفظت «{title}» (المراجعة {after[0]['revid']}).") == 1, out
    assert "لم تُحفظ" not in out
    assert "Traceback" not in out
    assert f"Logging in to {wiki.family}:{wiki.code} as {wiki.bot_user}@" in out  # BotPassword


QUIT_WITHIN = 15.0  # seconds from "q" to the end of the process; it takes well under 1
QUIT = {  # our line on "q", and how our "saved …" line begins, in each language
    "ar": ("توقف البوت بطلبك (q): لم تُحفظ «{title}» ولا الصفحات التي بعدها.", "حُفظت «"),
    "en": (
        "stopped at your request (q): “{title}” and the pages after it were not saved.",
        "saved “",
    ),
}


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_answering_quit_on_a_terminal_saves_nothing_and_stops_at_once(
    wiki: LocalWiki, two_pages: list[str], own_config: Path, tmp_path: Path, lang: str
) -> None:
    before = {title: wiki.revision_id(title) for title in two_pages}
    asked, out, code = save_on_a_terminal(
        wiki, two_pages, own_config, tmp_path, "q", options=("--lang", lang), within=QUIT_WITHIN
    )
    assert_no_password(wiki, out)  # first: the messages below may show the output
    assert "Traceback" not in out, out
    assert code == 0, out  # pywikibot's run() takes "q" as a normal end of the run
    assert asked.endswith(PROMPT)
    [first] = _headers(asked)
    after = out[len(asked) :]
    quit_line, saved = QUIT[lang]
    # One line of ours, in the user's language, then pywikibot's own ending.
    assert quit_line.format(title=first) + "\n" in after
    assert "User quit WikimaintBot bot run..." in after
    assert _headers(after) == []  # the other page is never shown, let alone saved
    assert saved not in out
    assert "]] saved" not in out  # pywikibot's own line for a save
    assert PROMPT not in after
    assert {title: wiki.revision_id(title) for title in two_pages} == before
    for title in two_pages:
        assert wiki.page_text(title) == broken().rstrip()


# --- robustness (issue 14) ---------------------------------------------------------------------


def test_a_page_whose_archive_cannot_be_asked_is_left_alone_and_the_run_goes_on(
    wiki: LocalWiki, page: str, *, web: LocalServer, tmp_path: Path
) -> None:
    text = (
        "نص.<ref>{{استشهاد ويب|مسار=" + web.url("/article") + "|عنوان=مكتبة"
        "|تاريخ الوصول=2024-01-28}}</ref>\n{{مراجع}}"
    )
    wiki.edit_as_other(page, text, "صفحة لا يُسأل أرشيفها")
    before = wiki.revisions(page)
    with serving(web_app) as gone:
        closed = gone.base  # nothing listens there any more
    args = [f"-page:{page}", "--tasks", "archive", "--wayback", closed, "--allow-address",
            "127.0.0.0/8", "--state-db", str(tmp_path / "links.sqlite"), "--lang", "en",
            "--delay", "0", "--timeout", "0.5", "--save"]  # fmt: skip
    code, out, err = bot(*args)
    assert code == 0, err
    assert f"left “{page}” alone: could not ask {closed}" in out
    assert wiki.revisions(page) == before
