"""One Ctrl-C stops ``check --online`` within 2 s and keeps what was learned (issue 14, item 8).

The command runs in a child process (a real SIGINT needs one) against a local server whose
pages each take a second; the interrupt comes while most are still waiting.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from typing import TYPE_CHECKING

from wikimaint import validate

if TYPE_CHECKING:
    from pathlib import Path

    from httpservers import LocalServer

PROGRAM = "import sys; from wikimaint.cli.app import main; sys.exit(main(sys.argv[1:]))"


def article(tmp_path: Path, urls: list[str]) -> Path:
    path = tmp_path / "مقالة.wiki"
    refs = "".join(
        f"<ref>{{{{استشهاد ويب|مسار={url}|عنوان=صفحة {i}|تاريخ الوصول=20 يونيو 2010"
        f"|مسار الأرشيف=https://web.archive.org/web/2010/{url}|تاريخ الأرشيف=20 يونيو 2010}}}}</ref>"
        for i, url in enumerate(urls)
    )
    path.write_text(f"'''مكتبة''' في بغداد.{refs}\n{{{{مراجع}}}}\n", "utf-8")
    return path


def interrupt(argv: list[str], after: float) -> tuple[int, str, str, float]:
    """Run the CLI, send SIGINT *after* seconds; return code, output and the seconds it took."""
    child = subprocess.Popen(
        [sys.executable, "-c", PROGRAM, *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(after)
    assert child.poll() is None, "the run ended before the interrupt"
    child.send_signal(signal.SIGINT)
    sent = time.monotonic()
    try:
        out, err = child.communicate(timeout=30)
    finally:
        child.kill()  # a no-op once it has ended
        child.wait()
    return child.returncode, out, err, time.monotonic() - sent


def online(tmp_path: Path, web: LocalServer, *more: str) -> list[str]:
    return ["--online", "--wayback", web.base, "--allow-address", "127.0.0.0/8",
            "--state-db", str(tmp_path / "links.sqlite"), "--timeout", "5", *more]  # fmt: skip


def test_ctrl_c_stops_the_run_and_reports_what_was_found(tmp_path: Path, web: LocalServer) -> None:
    urls = [web.url(f"/pause/{i}") for i in range(30)]
    argv = ["check", str(article(tmp_path, urls)), "--format", "json", "--lang", "en",
            "--fail-on", "never", *online(tmp_path, web, "--concurrency", "2", "--per-host",
            "2", "--delay", "0")]  # fmt: skip
    code, out, err, took = interrupt(argv, after=3.5)
    assert took < 2.0, err
    assert code == 130, err
    assert err.count("\n") == 1 and "partial" in err
    report = json.loads(out)
    validate(report, "report")
    assert report["online"]["partial"] is True
    checked = report["online"]["links"]
    assert 1 <= checked.get("alive", 0) < len(urls)
    with sqlite3.connect(tmp_path / "links.sqlite") as db:
        kept = db.execute("SELECT count(DISTINCT url) FROM checks").fetchone()[0]
    assert kept == checked.get("alive", 0) + checked.get("unknown", 0) + checked.get("dead", 0)
    assert web.hits() < 2 * len(urls)


def test_ctrl_c_during_a_politeness_delay_stops_at_once(tmp_path: Path, web: LocalServer) -> None:
    urls = [web.url(f"/ok?{i}") for i in range(5)]
    argv = ["check", str(article(tmp_path, urls)), "--lang", "ar", *online(tmp_path, web,
            "--per-host", "1", "--delay", "600")]  # fmt: skip
    code, out, err, took = interrupt(argv, after=2.5)
    assert took < 2.0, err
    assert code == 130
    assert err.count("\n") == 1 and "جزئي" in err
    assert "مكتبة" in out or out  # the text report came out


def test_ctrl_c_stops_a_bot_run_on_a_file(tmp_path: Path, web: LocalServer) -> None:
    urls = [web.url(f"/pause/{i}") for i in range(30)]
    argv = ["bot", f"-wikitext:{article(tmp_path, urls)}", "--tasks", "dead-links", "--lang",
            "en", "--wayback", web.base, "--allow-address", "127.0.0.0/8", "--state-db",
            str(tmp_path / "links.sqlite"), "--concurrency", "2", "--delay", "0"]  # fmt: skip
    code, out, err, took = interrupt(argv, after=3.5)
    assert took < 2.0, err
    assert code == 130, err
    assert err.count("\n") == 1 and "partial" in err
    assert "partial report" in out


def bare_article(tmp_path: Path, web: LocalServer) -> Path:
    """Return an article of bare references: four pages that come a second late, then ten
    that never finish sending their headers (the interrupt must cut them)."""
    urls = [web.url(f"/pause/{i}") for i in range(4)]
    urls += [web.url(f"/drip-headers?{i}") for i in range(10)]
    path = tmp_path / "مقالة.wiki"
    path.write_text("نص." + "".join(f"<ref>{url}</ref>" for url in urls) + "\n{{مراجع}}\n", "utf-8")
    return path


def fill_refs(tmp_path: Path, web: LocalServer, *more: str) -> list[str]:
    return ["fill-refs", str(bare_article(tmp_path, web)), "--no-archive", "--allow-address",
            "127.0.0.0/8", "--state-db", str(tmp_path / "links.sqlite"), "--concurrency", "2",
            "--delay", "0", "--timeout", "60", *more]  # fmt: skip


def test_ctrl_c_stops_fill_refs_and_reports_what_was_filled(
    tmp_path: Path, web: LocalServer
) -> None:
    target = tmp_path / "الناتج.wiki"
    target.write_text("نسخة سابقة\n", "utf-8")
    argv = fill_refs(tmp_path, web, "--lang", "en", "--format", "json", "-o", str(target))
    code, out, err, took = interrupt(argv, after=4.0)
    assert took < 2.0, err
    assert code == 130, err
    assert err == "interrupted; the report above is partial.\n"
    report = json.loads(out)
    validate(report, "fill-refs")
    assert report["partial"] is True and "deadline" not in report
    filled = [r["url"] for r in report["references"] if r["action"] == "filled"]
    assert 1 <= len(filled) <= 4
    assert all("/pause/" in url for url in filled)
    left = [r for r in report["references"] if r["action"] == "left"]
    assert len(left) == 14 - len(filled)
    assert {r["reason"] for r in left} == {"not-read"}
    assert report["output"] is None
    assert target.read_text("utf-8") == "نسخة سابقة\n"  # untouched, and no temporary beside it
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".wikimaint-tmp")]
    with sqlite3.connect(tmp_path / "links.sqlite") as db:  # what was read is kept
        kept = {row[0] for row in db.execute("SELECT key FROM lookups")}
    assert set(filled) <= kept


def test_ctrl_c_stops_fill_refs_in_arabic_with_the_diff(tmp_path: Path, web: LocalServer) -> None:
    code, out, err, took = interrupt(fill_refs(tmp_path, web, "--lang", "ar"), after=4.0)
    assert took < 2.0, err
    assert code == 130, err
    assert err == "أوقفه المستخدم؛ التقرير أعلاه جزئي.\n"
    assert out.splitlines()[1].startswith("تقرير جزئي: أُوقفت قراءة الصفحات قبل تمامها")
    assert "+نص.<ref>{{استشهاد ويب|عنوان=" in out  # the diff of what was filled
    assert "ملخص التعديل: بوت: ملء " in out
