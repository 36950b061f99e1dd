"""``wikimaint check --online``, run in-process against local servers."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

import pytest

from httpservers import serving, web_app
from wikimaint import validate
from wikimaint.cli.app import run
from wikimaint.cli.online import ProgressBar

if TYPE_CHECKING:
    from pathlib import Path

    from httpservers import LocalServer, WaybackData


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err, None)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def page(tmp_path: Path, web: LocalServer, wayback_data: WaybackData) -> Path:
    """Return an article citing a page with a snapshot, a missing page and a blocked one."""
    ok = web.url("/ok")
    wayback_data.snapshots[ok] = [("20100615120000", 200)]
    path = tmp_path / "مقالة.wiki"
    path.write_text(
        "'''مكتبة''' في بغداد."
        f"<ref>{{{{استشهاد ويب|مسار={ok}|عنوان=أ|تاريخ الوصول=20 يونيو 2010}}}}</ref>"
        f"<ref>{{{{استشهاد ويب|مسار={web.url('/missing')}|عنوان=ب|تاريخ الوصول=20 يونيو 2010}}}}</ref>"
        f"<ref>{{{{استشهاد ويب|مسار={web.url('/forbidden')}|عنوان=ج|تاريخ الوصول=20 يونيو 2010}}}}</ref>"
        "\n{{مراجع}}\n",
        "utf-8",
    )
    return path


def online_args(wayback: LocalServer, state: Path, now: str = "2024-03-01T09:00:00") -> list[str]:
    return [
        "--online", "--wayback", wayback.base, "--allow-address", "127.0.0.0/8",
        "--state-db", str(state), "--now", now, "--timeout", "0.5", "--delay", "0",
        "--concurrency", "8", "--per-host", "2", "--max-age", "7",
    ]  # fmt: skip


def test_json_report_with_the_online_section(
    page: Path, tmp_path: Path, web: LocalServer, wayback: LocalServer
) -> None:
    state = tmp_path / "links.sqlite"
    code, out, err = call("check", str(page), "--format", "json", "--lang", "en",
                          "--fail-on", "never", *online_args(wayback, state))  # fmt: skip
    assert (code, err) == (0, "")  # stderr is no TTY: no progress bar
    document = json.loads(out)
    validate(document, "report")
    assert document["online"]["urls"] == 3
    assert document["online"]["requests"] == web.hits() + wayback.hits()
    assert document["online"]["state_db"] == str(state)
    assert document["online"]["now"] == "2024-03-01T09:00:00+00:00"
    found = {(f["rule"], f["citation"]) for f in document["findings"]}
    assert {("archive-found", 1), ("link-unknown", 2), ("link-unknown", 3)} <= found
    assert not any(f["rule"] == "link-dead" for f in document["findings"])
    fix = next(f["fix"] for f in document["findings"] if f["rule"] == "archive-found")
    assert fix["changes"][1] == {
        "action": "set", "key": "archive-date", "name": "تاريخ أرشيف", "value": "15 يونيو 2010"
    }  # fmt: skip
    assert state.exists()


def test_dead_after_three_runs_days_apart_and_cached_in_between(
    page: Path, tmp_path: Path, web: LocalServer, wayback: LocalServer
) -> None:
    state = tmp_path / "links.sqlite"
    days = ["2024-03-01T09:00:00", "2024-03-04T09:00:00", "2024-03-07T09:00:00"]
    for now in days[:2]:
        code, out, _ = call("check", str(page), *online_args(wayback, state, now))
        assert "link-dead" not in out
    sent = web.hits() + wayback.hits()
    code, out, _ = call("check", str(page), *online_args(wayback, state, "2024-03-02T09:00:00"))
    assert web.hits() + wayback.hits() == sent  # everything answered from the history
    assert (
        "0 HTTP request(s)"
        in call(
            "check", "--lang", "en", str(page), *online_args(wayback, state, "2024-03-02T10:00:00")
        )[1]
    )
    code, out, _ = call("check", str(page), "--fail-on", "warning",
                        *online_args(wayback, state, days[2]))  # fmt: skip
    assert code == 1
    assert "link-dead" in out
    assert "+{{وصلة مكسورة|تاريخ=مارس 2024}}" in out  # the fix: the dead-link tag
    assert out.count("link-dead") == 1  # the blocked page is still only unknown
    assert "الفحص الحي" in out


def test_the_help_documents_the_online_options() -> None:
    code, out, _ = call("check", "--help")
    assert code == 0
    for flag in ("--online", "--wayback", "--allow-address", "--state-db", "--now",
                 "--concurrency", "--per-host", "--timeout", "--max-age", "--delay"):  # fmt: skip
        assert flag in out


def test_list_rules_marks_the_online_ones() -> None:
    _, out, _ = call("check", "--list-rules")
    line = next(line for line in out.splitlines() if line.startswith("link-dead "))
    assert line.endswith("(--online)")


@pytest.mark.parametrize(
    ("argv", "english", "arabic"),
    [
        (["--online", "--allow-address", "10.0.0.300/8"], "CIDR", "ولا نطاقًا من العناوين"),
        (["--online", "--now", "yesterday"], "ISO", "ليس تاريخًا ووقتًا"),
        (["--online", "--concurrency", "0"], "from 1 to 256", "من 1 إلى 256"),
        (["--online", "--timeout", "-1"], "greater than 0", "أكبر من 0"),
        (["--online", "--timeout", "0"], "greater than 0", "أكبر من 0"),
        (["--online", "--wayback", "ftp://archive.example"], "http(s) URL", "عنوان ويب"),
        (["--wayback", "http://127.0.0.1:1"], "needs --online", "إلا مع \u200e--online"),
        (["--state-db", "x.sqlite", "--max-age", "1"], "--state-db, --max-age", "لا تعمل"),
    ],
)
def test_bad_options_are_usage_errors_in_one_line(
    page: Path, argv: list[str], english: str, arabic: str, web: LocalServer
) -> None:
    for lang, needle in (("en", english), ("ar", arabic)):
        code, out, err = call("check", "--lang", lang, str(page), *argv)
        assert (code, out) == (2, "")
        assert err.count("\n") == 1 and "Traceback" not in err
        assert needle in err
    assert web.hits() == 0


def test_an_unreachable_wayback_is_exit_2_in_one_line(
    page: Path, tmp_path: Path, wayback: LocalServer
) -> None:
    with serving(web_app) as gone:
        base = gone.base
    argv = online_args(wayback, tmp_path / "links.sqlite")
    argv[argv.index("--wayback") + 1] = base
    code, out, err = call("check", "--lang", "en", str(page), *argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "the Wayback Machine did not answer" in err
    code, out, err = call("check", str(page), *argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("تعذر الجلب") and "آلة Wayback لم تُجب" in err


def test_an_unwritable_history_is_exit_2_in_one_line(
    page: Path, tmp_path: Path, wayback: LocalServer, web: LocalServer
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out, err = call("check", str(page), *online_args(wayback, blocker / "links.sqlite"))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "link history" in err
    assert web.hits() == 0


def test_a_history_that_is_not_one_is_exit_2(
    page: Path, tmp_path: Path, wayback: LocalServer
) -> None:
    bogus = tmp_path / "links.sqlite"
    bogus.write_bytes(b"not sqlite at all" * 100)
    code, out, err = call("check", str(page), *online_args(wayback, bogus))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and f"{bogus}: not a wikimaint link history" in err
    assert wayback.hits() == 0


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_stays_quiet_on_short_runs_and_clears_its_line() -> None:
    quiet = _Terminal()
    bar = ProgressBar(quiet, after=60.0)
    bar(1, 2)
    bar(2, 2)
    assert quiet.getvalue() == ""
    shown = _Terminal()
    bar = ProgressBar(shown, after=0.0, width=10)
    bar(1, 4)
    bar(4, 4)
    assert "[##--------] 1/4" in shown.getvalue()
    assert "[##########] 4/4" in shown.getvalue()
    assert shown.getvalue().endswith("\r")


def test_a_tty_gets_the_progress_bar_wired_in(
    page: Path, tmp_path: Path, wayback: LocalServer
) -> None:
    from wikimaint.cli.app import build_parser  # noqa: PLC0415 - only this test needs it
    from wikimaint.cli.online import live_options  # noqa: PLC0415

    args = build_parser().parse_args(
        ["check", str(page), *online_args(wayback, tmp_path / "links.sqlite")]
    )
    assert isinstance(live_options(args, _Terminal()).progress, ProgressBar)  # type: ignore[union-attr]
    assert live_options(args, io.StringIO()).progress is None  # type: ignore[union-attr]
