"""The local test wiki: Arabic, pywikibot logs in and saves, reset and the other user work."""

from __future__ import annotations

import importlib
import os
import re
import socket
import stat
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from localwiki import LocalWiki

# Loaded here too, so that this file runs without the conftest wiring; importing the
# plugin's names directly would stop pytest from rewriting its asserts.

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "local-wiki.sh"

TARGET = "غارات جوية أمريكية على غرب العراق"
TARGET_FILE = REPO / "fixtures" / "articles" / "غارات_جوية_أمريكية_على_غرب_العراق.wiki"
FALLBACK = "قالب:استشهاد ويب"  # one of fixtures/wiki, while the target article is not there
TITLE = TARGET if TARGET_FILE.exists() else FALLBACK
INNER_PYTEST_OPTIONS = ["-p", "localwiki", "-p", "no:cacheprovider", "-rs", "-q"]
BOT_PASSWORD = re.compile(r"BotPassword\('[^']+', '([0-9a-w]{32,})'\)")


def fixture_pages() -> list[tuple[str, Path]]:
    """Return (title, file) for every page the script imports."""
    files = sorted((REPO / "fixtures" / "wiki").glob("*.wiki"))
    files += sorted((REPO / "fixtures" / "articles").glob("*.wiki"))
    return [(file.stem.replace("_", " "), file) for file in files]


def saved_form(text: str) -> str:
    """Return ``text`` as MediaWiki stores it (trailing whitespace trimmed)."""
    return text.rstrip()


@pytest.fixture
def pywikibot(wiki: LocalWiki) -> Any:
    """Return the pywikibot module, imported only once PYWIKIBOT_DIR points at the wiki."""
    return importlib.import_module("pywikibot")


@pytest.fixture
def site(wiki: LocalWiki, pywikibot: Any) -> Any:
    """Return the local wiki's pywikibot site, logged in as the bot."""
    site = wiki.site()
    site.login()
    return site


@pytest.fixture
def busy_port() -> Iterator[int]:
    """Yield a loopback port that something which is not our wiki listens on."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def free_port() -> int:
    """Return a loopback port that nothing listens on (now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_script(command: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``local-wiki.sh COMMAND`` with extra environment variables."""
    return subprocess.run(
        ["/bin/bash", str(SCRIPT), command],
        capture_output=True,
        text=True,
        timeout=600,
        env=os.environ | env,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def bot_password(local_wiki: LocalWiki) -> str:
    """Return the bot password from the generated password file."""
    found = BOT_PASSWORD.search((local_wiki.pywikibot_dir / "user-password.py").read_text())
    assert found is not None
    return found.group(1)


# --- the wiki itself -------------------------------------------------------------------------


def test_siteinfo_is_arabic_with_arabic_namespaces(local_wiki: LocalWiki) -> None:
    data = local_wiki.api(action="query", meta="siteinfo", siprop="general|namespaces")
    general, namespaces = data["query"]["general"], data["query"]["namespaces"]
    assert general["lang"] == "ar"
    assert general["wikiid"] == "wikimainttest"
    assert general["generator"].startswith("MediaWiki 1.")
    assert (namespaces["10"]["name"], namespaces["10"]["canonical"]) == ("قالب", "Template")
    assert (namespaces["14"]["name"], namespaces["14"]["canonical"]) == ("تصنيف", "Category")


@pytest.mark.parametrize(("title", "file"), fixture_pages(), ids=str)
def test_every_fixture_file_is_a_page(wiki: LocalWiki, title: str, file: Path) -> None:
    assert wiki.page_text(title) == saved_form(file.read_text("utf-8"))


def test_fixture_templates_render(wiki: LocalWiki) -> None:
    text = "<ref>{{استشهاد ويب|مسار=https://example.org/|عنوان=مثال|تاريخ=2024}}</ref>{{مراجع}}"
    html = wiki.api(action="parse", text=text, contentmodel="wikitext", prop="text")
    rendered = html["parse"]["text"]
    assert 'href="https://example.org/"' in rendered
    assert "مثال" in rendered
    assert 'class="references"' in rendered  # Cite, through {{مراجع}}
    assert "[١]" in rendered.replace("&#91;", "[").replace("&#93;", "]")  # Arabic digits


# --- pywikibot with the generated config -----------------------------------------------------


def test_bot_logs_in_and_reads_the_target(wiki: LocalWiki, site: Any, pywikibot: Any) -> None:
    assert (site.code, site.family.name, site.lang) == (wiki.code, wiki.family, "ar")
    assert site.user() == wiki.bot_user
    assert "bot" in site.userinfo["groups"]
    page = pywikibot.Page(site, TITLE)
    assert page.exists()
    assert page.text == wiki.page_text(TITLE)
    if TARGET_FILE.exists():
        assert page.text == saved_form(TARGET_FILE.read_text("utf-8"))


def test_a_save_makes_exactly_one_revision(wiki: LocalWiki, site: Any, pywikibot: Any) -> None:
    before = wiki.revisions(TITLE)
    page = pywikibot.Page(site, TITLE)
    page.text += "\n<!-- تعديل اختباري -->"
    page.save(summary="اختبار", asynchronous=False, quiet=True)

    after = wiki.revisions(TITLE)
    assert after[1:] == before
    assert after[0] == {
        "user": wiki.bot_user,
        "comment": "اختبار",
        "revid": page.latest_revision_id,
    }
    assert wiki.page_text(TITLE) == page.text


def test_reset_brings_the_old_revision_back(wiki: LocalWiki, site: Any, pywikibot: Any) -> None:
    original = wiki.last_revision(TITLE)
    original_text = wiki.page_text(TITLE)
    page = pywikibot.Page(site, TITLE)
    page.text = "نص مؤقت"
    page.save(summary="اختبار", asynchronous=False, quiet=True)
    assert wiki.revision_id(TITLE) != original["revid"]

    wiki.reset()

    assert wiki.last_revision(TITLE) == original
    assert wiki.page_text(TITLE) == original_text
    # The bot's session and tokens still work on the restored database.
    page = pywikibot.Page(site, TITLE)
    page.text = "نص بعد الاستعادة"
    page.save(summary="بعد الاستعادة", asynchronous=False, quiet=True)
    assert wiki.last_revision(TITLE)["comment"] == "بعد الاستعادة"


def test_edit_as_other_is_an_edit_by_the_other_user(wiki: LocalWiki) -> None:
    revid = wiki.edit_as_other(TITLE, "نص من مستخدم آخر", "تعديل من مستخدم آخر")
    assert wiki.last_revision(TITLE) == {
        "user": wiki.other_user.name,
        "comment": "تعديل من مستخدم آخر",
        "revid": revid,
    }
    assert wiki.page_text(TITLE) == "نص من مستخدم آخر"
    assert wiki.other_user.password not in repr(wiki.other_user)


def test_an_edit_in_between_makes_the_bots_save_conflict(
    wiki: LocalWiki, site: Any, pywikibot: Any
) -> None:
    page = pywikibot.Page(site, TITLE)
    page.text = "نص البوت"  # the bot has read the page (page.text loads it) and changed it
    wiki.edit_as_other(TITLE, "نص المستخدم الآخر", "تعديل في الأثناء")
    exceptions = importlib.import_module("pywikibot.exceptions")
    with pytest.raises(exceptions.EditConflictError):
        page.save(summary="اختبار", asynchronous=False, quiet=True)
    assert wiki.page_text(TITLE) == "نص المستخدم الآخر"


# --- the script -----------------------------------------------------------------------------


def test_start_again_is_a_no_op(local_wiki: LocalWiki) -> None:
    process = run_script("start")
    assert process.returncode == 0, process.stderr
    assert "WIKI_SERVER=running" in process.stdout.splitlines()
    assert f"WIKI_API={local_wiki.api_url}" in process.stdout.splitlines()


def test_the_bot_password_is_never_printed(local_wiki: LocalWiki) -> None:
    password = bot_password(local_wiki)
    password_file = local_wiki.pywikibot_dir / "user-password.py"
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    outputs = [local_wiki.start_output]
    for command in ("start", "status", "env", "config", "reset"):
        process = run_script(command)
        outputs.append(process.stdout + process.stderr)
    outputs += [(local_wiki.directory / log).read_text() for log in ("install.log", "server.log")]
    assert not [output for output in outputs if password in output]


@pytest.mark.slow
def test_start_from_nothing_then_no_op_then_stop(local_wiki: LocalWiki, tmp_path: Path) -> None:
    env = {"WIKIMAINT_WIKI_DIR": str(tmp_path / "wiki"), "WIKIMAINT_WIKI_PORT": str(free_port())}
    first = run_script("start", **env)
    try:
        assert first.returncode == 0, first.stderr
        assert "WIKI_SERVER=started" in first.stdout.splitlines()
        second = run_script("start", **env)
        assert second.returncode == 0, second.stderr
        assert "WIKI_SERVER=running" in second.stdout.splitlines()
        password = BOT_PASSWORD.search(
            (tmp_path / "wiki" / "pywikibot" / "user-password.py").read_text()
        )
        assert password is not None
        for process in (first, second):
            assert password.group(1) not in process.stdout + process.stderr
    finally:
        stop = run_script("stop", **env)
    assert stop.returncode == 0, stop.stderr
    assert run_script("status", **env).returncode != 0


def test_a_busy_port_is_refused(busy_port: int, tmp_path: Path) -> None:
    process = run_script(
        "start", WIKIMAINT_WIKI_DIR=str(tmp_path / "wiki"), WIKIMAINT_WIKI_PORT=str(busy_port)
    )
    assert process.returncode != 0
    assert f"port {busy_port} is taken" in process.stderr
    assert not (tmp_path / "wiki" / "data").exists()  # refused before installing anything


# --- the skip policy ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ci", "outcome", "returncode"),
    [("true", "1 error", 1), ("", "1 skipped", 0)],
    ids=["CI=true errors", "no CI skips"],
)
def test_a_wiki_that_cannot_start_errors_only_under_ci(
    busy_port: int, tmp_path: Path, ci: str, outcome: str, returncode: int
) -> None:
    test_file = tmp_path / "test_needs_wiki.py"
    test_file.write_text("def test_needs_wiki(local_wiki):\n    pass\n")
    env = os.environ | {
        "CI": ci,
        "PYTHONPATH": str(REPO / "tests"),
        "WIKIMAINT_WIKI_DIR": str(tmp_path / "wiki"),
        "WIKIMAINT_WIKI_PORT": str(busy_port),
    }
    process = subprocess.run(
        [sys.executable, "-m", "pytest", *INNER_PYTEST_OPTIONS, str(test_file)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert process.returncode == returncode, process.stdout
    assert outcome in process.stdout
    assert f"port {busy_port} is taken" in process.stdout
