"""A link history locked by another process: a bounded wait, then one clear line (issue 14)."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
import time
from typing import TYPE_CHECKING

import pytest

from wikimaint.cli.app import run
from wikimaint.errors import InputError
from wikimaint.links.history import LinkHistory

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from httpservers import LocalServer


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """Return a history file another connection holds an exclusive lock on."""
    path = tmp_path / "links.sqlite"
    LinkHistory(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        yield path
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.mark.parametrize(("lang", "words"), [("en", "locked by another process"), ("ar", "مقفل")])
def test_a_locked_history_is_one_line_after_the_wait(
    locked: Path, tmp_path: Path, web: LocalServer, lang: str, words: str
) -> None:
    page = tmp_path / "مقالة.wiki"
    page.write_text(
        f"نص.<ref>{{{{استشهاد ويب|مسار={web.url('/ok')}|عنوان=أ}}}}</ref>\n{{{{مراجع}}}}\n", "utf-8"
    )
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    code = run(["check", "--lang", lang, str(page), "--online", "--wayback", web.base,
                "--allow-address", "127.0.0.0/8", "--state-db", str(locked), "--delay", "0",
                "--lock-wait", "1"], out, err, None)  # fmt: skip
    took = time.monotonic() - started
    assert (code, out.getvalue()) == (2, "")
    assert err.getvalue().count("\n") == 1
    assert words in err.getvalue() and "--lock-wait" in err.getvalue()
    assert 0.9 < took < 5


def test_the_library_waits_as_long_as_it_is_told(locked: Path) -> None:
    history = LinkHistory(locked, lock_wait=0.5)
    started = time.monotonic()
    with pytest.raises(InputError, match="locked") as caught:
        history.remember("closest", "x", dt.datetime.now(dt.UTC), {})
    assert caught.value.reason == "history-locked"
    assert time.monotonic() - started < 3
    history.close()
