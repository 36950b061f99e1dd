"""Tests for wikimaint.links.history: the SQLite history and "confirmed dead" over time."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from wikimaint.errors import InputError
from wikimaint.links.history import (
    SCHEMA_VERSION,
    LinkHistory,
    default_history_path,
)

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

URL = "https://www.example.com/ar/خبر/1"
DAY0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def day(n: float) -> datetime:
    return DAY0 + timedelta(days=n)


@pytest.fixture
def history(tmp_path: Path) -> Iterator[LinkHistory]:
    with LinkHistory(tmp_path / "links.sqlite") as opened:
        yield opened


def test_default_path_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_history_path() == tmp_path / "wikimaint" / "links.sqlite"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_history_path() == tmp_path / "home" / ".cache" / "wikimaint" / "links.sqlite"


def test_created_on_demand_with_version_and_wal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with LinkHistory() as opened:
        opened.record(URL, DAY0, "alive")
    path = tmp_path / "cache" / "wikimaint" / "links.sqlite"
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_keeps_the_history(tmp_path: Path) -> None:
    with LinkHistory(tmp_path / "h.sqlite") as first:
        first.record(URL, DAY0, "dead", "http-404", final_url=URL, http_status=404)
    with LinkHistory(tmp_path / "h.sqlite") as second:
        (check,) = second.history(URL)
    assert (check.verdict, check.detail, check.http_status, check.when) == (
        "dead",
        "http-404",
        404,
        DAY0,
    )


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    LinkHistory(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(InputError, match="newer"):
        LinkHistory(path)


def test_a_file_that_is_not_a_database_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(InputError, match="not a wikimaint link history"):
        LinkHistory(path)


def test_naive_times_and_unknown_verdicts_are_refused(history: LinkHistory) -> None:
    with pytest.raises(ValueError, match="time zone"):
        history.record(URL, datetime(2024, 1, 1), "dead")  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="verdict"):
        history.record(URL, DAY0, "deadish")


def test_history_is_in_time_order(history: LinkHistory) -> None:
    history.record(URL, day(2), "dead")
    history.record(URL, day(0), "alive")
    history.record(URL, day(1), "unknown", "http-403")
    assert [c.verdict for c in history.history(URL)] == ["alive", "unknown", "dead"]
    assert history.count(URL) == 3
    assert history.history("http://other.example/") == []


def test_recent_reuses_only_fresh_results(history: LinkHistory) -> None:
    history.record(URL, day(0), "alive")
    week = timedelta(days=7)
    assert history.recent(URL, day(6.9), week) is not None
    assert history.recent(URL, day(7), week) is None
    assert history.recent(URL, day(-1), week) is None  # nothing known before day 0
    assert history.recent("http://other.example/", day(1), week) is None


def test_confirmed_only_after_spaced_failures(history: LinkHistory) -> None:
    """Checks on days 0, 1, 4 and 8: day 1 is too close to day 0, so day 8 is the third."""
    for n in (0, 1, 4):
        history.record(URL, day(n), "dead", "http-404")
        assert not history.is_confirmed_dead(URL, day(n))
    assert not history.is_confirmed_dead(URL, day(7.99))
    history.record(URL, day(8), "dead", "http-404")
    assert history.is_confirmed_dead(URL, day(8))
    assert history.counted_failures(URL, day(8)) == [day(0), day(4), day(8)]


def test_confirmation_looks_only_at_checks_up_to_now(history: LinkHistory) -> None:
    for n in (0, 4, 8):
        history.record(URL, day(n), "dead")
    assert not history.is_confirmed_dead(URL, day(5))
    assert history.is_confirmed_dead(URL, day(9))


def test_an_alive_check_resets(history: LinkHistory) -> None:
    for n, verdict in [(0, "dead"), (4, "dead"), (5, "alive"), (8, "dead"), (12, "dead")]:
        history.record(URL, day(n), verdict)
    assert not history.is_confirmed_dead(URL, day(12))
    history.record(URL, day(16), "soft-404")
    assert history.is_confirmed_dead(URL, day(16))


def test_unknown_neither_counts_nor_resets(history: LinkHistory) -> None:
    history.record(URL, day(0), "dead", "dns")
    history.record(URL, day(3), "unknown", "http-403")
    history.record(URL, day(6), "unknown", "http-429")
    history.record(URL, day(7), "redirect-to-root", "redirect-to-home")
    assert not history.is_confirmed_dead(URL, day(7))
    history.record(URL, day(10), "dead", "dns")
    assert history.is_confirmed_dead(URL, day(10))


def test_thresholds_are_parameters(history: LinkHistory) -> None:
    history.record(URL, day(0), "dead")
    history.record(URL, day(1), "dead")
    assert history.is_confirmed_dead(URL, day(1), min_failures=2, min_spacing=timedelta(hours=1))
    assert not history.is_confirmed_dead(URL, day(1), min_failures=2)
    with pytest.raises(ValueError, match="min_failures"):
        history.is_confirmed_dead(URL, day(1), min_failures=0)


def test_safe_for_a_thread_pool(history: LinkHistory) -> None:
    def work(n: int) -> None:
        for i in range(50):
            history.record(f"http://h{n}.example/{i}", day(i), "alive")
            history.recent(f"http://h{n}.example/{i}", day(i), timedelta(days=1))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (
        sum(history.count(f"http://h{n}.example/{i}") for n in range(8) for i in range(50)) == 400
    )


def test_in_memory_history() -> None:
    with LinkHistory(":memory:") as memory:
        memory.record(URL, DAY0, "alive")
        assert memory.count(URL) == 1


def test_lookups_are_remembered_for_a_while(tmp_path: Path) -> None:
    with LinkHistory(tmp_path / "h.sqlite") as history:
        assert (
            history.recall("closest", "http://a.example/ 20240101", DAY0, timedelta(days=7)) is None
        )
        history.remember(
            "closest", "http://a.example/ 20240101", DAY0, {"timestamp": "20231231000000"}
        )
        history.remember("closest", "http://b.example/ ", DAY0, {"timestamp": None})
    with LinkHistory(tmp_path / "h.sqlite") as history:
        later = DAY0 + timedelta(days=6)
        assert history.recall(
            "closest", "http://a.example/ 20240101", later, timedelta(days=7)
        ) == {"timestamp": "20231231000000"}
        assert history.recall("closest", "http://b.example/ ", later, timedelta(days=7)) == {
            "timestamp": None
        }
        assert (
            history.recall("snapshot", "http://a.example/ 20240101", later, timedelta(days=7))
            is None
        )
        assert (
            history.recall("closest", "http://a.example/ 20240101", later, timedelta(days=6))
            is None
        )
        assert (
            history.recall(
                "closest", "http://a.example/ 20240101", DAY0 - timedelta(1), timedelta(9)
            )
            is None
        )
        history.remember("closest", "http://a.example/ 20240101", later, {"timestamp": "x"})
        assert history.recall(
            "closest", "http://a.example/ 20240101", later, timedelta(days=1)
        ) == {"timestamp": "x"}


def test_a_version_1_file_gains_the_lookups_table(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE schema_version (version INTEGER NOT NULL);"
            "INSERT INTO schema_version VALUES (1);"
            "CREATE TABLE checks (id INTEGER PRIMARY KEY, url TEXT NOT NULL, checked_at INTEGER NOT NULL,"
            " verdict TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '', final_url TEXT, http_status INTEGER);"
        )
        db.execute("INSERT INTO checks (url, checked_at, verdict) VALUES (?, 0, 'dead')", (URL,))
    db.close()
    with LinkHistory(path) as history:
        assert history.count(URL) == 1  # the checks of version 1 are kept
        history.remember("snapshot", "k", DAY0, {"status": "ok"})
        assert history.recall("snapshot", "k", DAY0, timedelta(days=1)) == {"status": "ok"}
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(2,)]
    db.close()


def test_a_history_under_a_file_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="cannot create the link history"):
        LinkHistory(tmp_path / "file" / "h.sqlite")
