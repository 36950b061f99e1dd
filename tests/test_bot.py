"""The bot against the real local MediaWiki: dry run, save, conflicts, nobots, -wikitext:."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import ipaddress
import json
import os
import re
import socket
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest
import requests

from conftest import ROOT, TARGET, TARGET_TITLE
from wikimaint.cli import run

if TYPE_CHECKING:
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
    parse = importlib.import_module("wikimaint.parse").parse
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
    data = infobox.extract(importlib.import_module("wikimaint.parse").parse(TARGET.read_text()))
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
    wikimaint_bot = importlib.import_module("wikimaint.bot")
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
    secret = password(wiki)
    code, out, err = bot(f"-page:{page}", "--tasks", "archive-dates", "--save", "-v")
    assert code == 0, err
    captured = capfd.readouterr()
    for text in (out, err, captured.out, captured.err):
        assert secret not in text
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
        "from wikimaint.commands.bot import prepare_pywikibot_config\n"
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
    commands_bot = importlib.import_module("wikimaint.commands.bot")
    assert commands_bot._reason(OSError(error), "ar") == reason


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
    wikimaint_bot = importlib.import_module("wikimaint.bot")
    online = importlib.import_module("wikimaint.citations.online")
    text = (
        "نص.<ref>{{استشهاد ويب|مسار=" + web.url("/missing") + "|عنوان=صفحة حذفت}}</ref>\n{{مراجع}}"
    )
    wiki.edit_as_other(page, text, "وصلة ستموت")
    site = wiki.site()
    outputs = []
    for day in (1, 5, 9):
        live = online.LiveOptions(
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
        "from wikimaint.cli import run\n"
        f"status = run(['bot', '-wikitext:{TARGET}', '--tasks', 'archive-dates'], "
        "io.StringIO(), io.StringIO())\n"
        "print(status, 'pywikibot' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYWIKIBOT")}
    process = python(["-c", code], env | {"HOME": str(tmp_path)}, tmp_path)
    assert process.stdout.split() == ["0", "False"], process.stderr
    assert list(tmp_path.iterdir()) == []  # no config, cache or log written
