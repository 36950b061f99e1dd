"""A whole run bounded by --deadline: a partial report that says so, exit 2 (issue 14)."""

from __future__ import annotations

import io
import json
import time
from typing import TYPE_CHECKING

from wikimaint import validate
from wikimaint.cli.app import run

if TYPE_CHECKING:
    from pathlib import Path

    from httpservers import LocalServer


def call(*argv: str) -> tuple[int, str, str, float]:
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    code = run(list(argv), out, err, None)
    return code, out.getvalue(), err.getvalue(), time.monotonic() - started


def article(tmp_path: Path, web: LocalServer, count: int = 30) -> Path:
    path = tmp_path / "مقالة.wiki"
    refs = "".join(
        f"<ref>{{{{استشهاد ويب|مسار={web.url(f'/pause/{i}')}|عنوان=صفحة {i}}}}}</ref>"
        for i in range(count)
    )
    path.write_text(f"نص.{refs}\n{{{{مراجع}}}}\n", "utf-8")
    return path


def live(tmp_path: Path, web: LocalServer) -> list[str]:
    return ["--wayback", web.base, "--allow-address", "127.0.0.0/8", "--state-db",
            str(tmp_path / "links.sqlite"), "--delay", "0", "--concurrency", "2",
            "--deadline", "2"]  # fmt: skip


def test_check_stops_at_the_deadline_with_a_partial_report(
    tmp_path: Path, web: LocalServer
) -> None:
    code, out, err, took = call("check", "--lang", "en", str(article(tmp_path, web)), "--format",
                                "json", "--online", *live(tmp_path, web))  # fmt: skip
    assert took < 4, took
    assert code == 2, err
    assert err.count("\n") == 1 and "--deadline" in err and "2 s" in err
    report = json.loads(out)
    validate(report, "report")
    assert report["online"]["partial"] is True
    assert report["online"]["deadline"] == 2
    assert 1 <= report["online"]["links"].get("alive", 0) < 30


def test_the_text_report_says_it_is_partial_in_arabic(tmp_path: Path, web: LocalServer) -> None:
    code, out, err, _ = call("check", str(article(tmp_path, web)), "--online",
                             *live(tmp_path, web))  # fmt: skip
    assert code == 2
    assert "تقرير جزئي" in out
    assert "\u200e--deadline\u200e" in err


def test_a_bot_run_stops_at_the_deadline(tmp_path: Path, web: LocalServer) -> None:
    code, out, err, took = call("bot", "--lang", "en", f"-wikitext:{article(tmp_path, web)}",
                                "--tasks", "dead-links", *live(tmp_path, web))  # fmt: skip
    assert took < 4
    assert code == 2
    assert "partial report" in out and "--deadline" in err


def test_a_deadline_needs_online(tmp_path: Path, web: LocalServer) -> None:
    code, _, err, _ = call("check", "--lang", "en", str(article(tmp_path, web, 1)),
                           "--deadline", "5")  # fmt: skip
    assert code == 2 and "--deadline needs --online" in err


def test_the_html_report_says_it_is_partial(tmp_path: Path, web: LocalServer) -> None:
    code, out, _, _ = call("check", "--lang", "en", str(article(tmp_path, web)), "--format",
                           "html", "--online", *live(tmp_path, web))  # fmt: skip
    assert code == 2
    assert "partial report: the live checks were stopped early" in out


def bare(tmp_path: Path, web: LocalServer, count: int = 30) -> Path:
    path = tmp_path / "مراجع_مجردة.wiki"
    refs = "".join(f"<ref>{web.url(f'/pause/{i}')}</ref>" for i in range(count))
    path.write_text(f"نص.{refs}\n{{{{مراجع}}}}\n", "utf-8")
    return path


def test_fill_refs_stops_at_the_deadline_and_writes_nothing(
    tmp_path: Path, web: LocalServer
) -> None:
    target = tmp_path / "ناتج.wiki"
    code, out, err, took = call("fill-refs", "--lang", "en", str(bare(tmp_path, web)),
                                "--no-archive", "-o", str(target), *live(tmp_path, web))  # fmt: skip
    assert took < 4, took
    assert code == 2, err
    assert err == "the live checks reached the --deadline of 2 s; the report above is partial.\n"
    assert out.splitlines()[1].startswith("partial report: reading the pages was stopped early")
    assert 1 <= out.count("] filled: ") < 30
    assert out.count("] filled: ") + out.count("(not-read)") == 30
    assert f"{target}: nothing written" in out
    assert not target.exists()


def test_a_bot_fill_refs_run_stops_at_the_deadline(tmp_path: Path, web: LocalServer) -> None:
    code, out, err, took = call("bot", "--lang", "en", f"-wikitext:{bare(tmp_path, web)}",
                                "--tasks", "fill-refs", *live(tmp_path, web))  # fmt: skip
    assert took < 4
    assert code == 2, err
    assert "partial report" in out and "--deadline" in err


def test_the_fill_refs_json_report_names_the_deadline(tmp_path: Path, web: LocalServer) -> None:
    code, out, err, _ = call("fill-refs", str(bare(tmp_path, web)), "--no-archive", "--format",
                             "json", *live(tmp_path, web))  # fmt: skip
    assert code == 2
    assert "\u200e--deadline\u200e" in err and "جزئي" in err
    report = json.loads(out)
    validate(report, "fill-refs")
    assert (report["partial"], report["deadline"], report["output"]) == (True, 2, None)
    assert 1 <= report["counts"]["filled"] < 30
    assert report["counts"]["left"] == 30 - report["counts"]["filled"]
