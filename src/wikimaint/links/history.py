"""SQLite history of link checks: what each URL answered and when, and when it is really dead.

One row per observation (URL, UTC time, verdict, detail code, final URL, HTTP status), in a
file under the user's cache directory by default (``$XDG_CACHE_HOME/wikimaint/links.sqlite``,
else ``~/.cache/wikimaint/links.sqlite``). The file is created on demand, carries a schema
version, runs in WAL mode so several processes can read while one writes, and one
:class:`LinkHistory` can be shared by a thread pool (one connection behind a lock).

:meth:`LinkHistory.is_confirmed_dead` is InternetArchiveBot's rule made explicit: a link is
dead only after ``min_failures`` failed checks, each at least ``min_spacing`` after the
previous failure that counted (failures closer together count once), with no alive check
since. Checks that could not tell (``unknown``: blocked, rate-limited, a first timeout)
neither count nor reset. IABot reaches the same point through states 4 → 2 → 1 → 0 spaced
three days apart; pywikibot's weblinkchecker needs two sightings seven days apart.

Since schema version 2 the file also remembers the answers to archive lookups (the
snapshot closest to a date, whether a snapshot is served) with :meth:`LinkHistory.remember`
and :meth:`LinkHistory.recall`, so a second run over an article asks the archive nothing
either. A version 1 file gains the table when it is opened.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Self

from wikimaint.errors import InputError
from wikimaint.i18n import register

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

__all__ = [
    "ALIVE_VERDICTS",
    "DEAD_VERDICTS",
    "LOCK_WAIT",
    "SCHEMA_VERSION",
    "VERDICTS",
    "Check",
    "LinkHistory",
    "default_history_path",
]

SCHEMA_VERSION: Final = 2
LOCK_WAIT: Final = 10.0
"""Seconds to wait for another process's lock on the history before giving up."""
register(
    "input.history-locked",
    {
        "ar": "{source}: سجل الروابط مقفل من عملية أخرى، وقد انتُظر {seconds} ث"
        " (\u200e--lock-wait\u200e)",
        "en": "{source}: the link history is locked by another process; waited {seconds} s"
        " (--lock-wait)",
    },
)
DEAD_VERDICTS: Final = frozenset({"dead", "soft-404", "redirect-to-root"})
"""Verdicts that count as a failure towards "confirmed dead"."""
ALIVE_VERDICTS: Final = frozenset({"alive"})
"""Verdicts that reset the count."""
VERDICTS: Final = DEAD_VERDICTS | ALIVE_VERDICTS | {"unknown"}
"""Every verdict a check can record; ``unknown`` neither counts nor resets."""

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS checks (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    checked_at INTEGER NOT NULL,  -- microseconds since 1970-01-01 UTC
    verdict TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    final_url TEXT,
    http_status INTEGER
);
CREATE INDEX IF NOT EXISTS checks_by_url ON checks (url, checked_at);
CREATE TABLE IF NOT EXISTS lookups (  -- version 2: remembered archive lookups
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    checked_at INTEGER NOT NULL,
    value TEXT NOT NULL,  -- JSON
    PRIMARY KEY (kind, key)
);
"""


def default_history_path() -> Path:
    """Return where the history lives unless told otherwise (XDG cache directory)."""
    cache = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(cache) if cache and Path(cache).is_absolute() else Path.home() / ".cache"
    return root / "wikimaint" / "links.sqlite"


def _micros(when: datetime) -> int:
    """Return *when* as microseconds since the epoch; a naive time is refused."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{when!r} has no time zone; give an aware (UTC) datetime")
    return (when - _EPOCH) // timedelta(microseconds=1)


@dataclass(frozen=True)
class Check:
    """Represents one recorded observation of a URL.

    ``verdict`` is one of :data:`VERDICTS`; ``detail`` a stable reason code (``http-404``,
    ``dns``, ``soft-404-title``); ``when`` is an aware UTC datetime.
    """

    url: str
    when: datetime
    verdict: str
    detail: str = ""
    final_url: str | None = None
    http_status: int | None = None

    @property
    def failed(self) -> bool:
        """Return whether this check counts as a failure."""
        return self.verdict in DEAD_VERDICTS

    @property
    def alive(self) -> bool:
        """Return whether this check found the URL alive (which resets the count)."""
        return self.verdict in ALIVE_VERDICTS


def _row_to_check(row: Sequence[object]) -> Check:
    url, micros, verdict, detail, final_url, status = row
    return Check(
        url=str(url),
        when=_EPOCH + timedelta(microseconds=int(str(micros))),
        verdict=str(verdict),
        detail=str(detail),
        final_url=None if final_url is None else str(final_url),
        http_status=None if status is None else int(str(status)),
    )


class LinkHistory:
    """Represents the history file: record checks, read them back, decide "confirmed dead".

    *path* defaults to :func:`default_history_path`; ``":memory:"`` keeps it in memory.
    Raises :class:`~wikimaint.errors.InputError` for a file that is not a history (or is
    from a newer wikimaint).
    """

    def __init__(self, path: str | Path | None = None, *, lock_wait: float = LOCK_WAIT) -> None:
        """Open (creating on demand) the history at *path*.

        Another process writing to it makes each read or write wait at most *lock_wait*
        seconds; then :class:`~wikimaint.errors.InputError` (reason ``history-locked``).
        """
        self.path = default_history_path() if path is None else path
        self.lock_wait = lock_wait
        if str(self.path) != ":memory:":
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
                raise InputError(f"{self.path}: cannot create the link history ({reason})") from exc
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(
                str(self.path), timeout=lock_wait, isolation_level=None, check_same_thread=False
            )
            with self._using():
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._migrate()
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{self.path}: not a wikimaint link history ({exc})") from exc

    def _migrate(self) -> None:
        # Idempotent: two processes creating the file at once both end up with version 1.
        self._db.executescript(_SCHEMA)
        version = self._db.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        if version is None:
            self._db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
        elif version < SCHEMA_VERSION:  # version 1 lacked the lookups table, now created
            self._db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))
        elif version > SCHEMA_VERSION:
            raise InputError(
                f"{self.path}: history schema {version} is newer than this wikimaint's "
                f"({SCHEMA_VERSION}); upgrade wikimaint or use another file"
            )

    @contextmanager
    def _using(self) -> Iterator[None]:
        """Hold the connection; a lock another process held too long is an InputError."""
        with self._lock:
            try:
                yield
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                raise InputError(
                    f"{self.path}: the link history is locked by another process "
                    f"(waited {self.lock_wait:g} s, --lock-wait)",
                    reason="history-locked",
                    source=str(self.path),
                    seconds=f"{self.lock_wait:g}",
                ) from None

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> Self:
        """Return the history, to be closed at the end of the ``with`` block."""
        return self

    def __exit__(self, *_exc: object) -> None:
        """Close the database."""
        self.close()

    def record(
        self,
        url: str,
        when: datetime,
        verdict: str,
        detail: str = "",
        *,
        final_url: str | None = None,
        http_status: int | None = None,
    ) -> Check:
        """Record that *url* gave *verdict* (for reason *detail*) at *when*; return the row."""
        if verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}; expected one of {sorted(VERDICTS)}")
        micros = _micros(when)
        with self._using():
            self._db.execute(
                "INSERT INTO checks (url, checked_at, verdict, detail, final_url, http_status)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (url, micros, verdict, detail, final_url, http_status),
            )
        return Check(
            url, _EPOCH + timedelta(microseconds=micros), verdict, detail, final_url, http_status
        )

    def history(self, url: str) -> list[Check]:
        """Return every check of *url*, oldest first."""
        with self._using():
            rows = self._db.execute(
                "SELECT url, checked_at, verdict, detail, final_url, http_status FROM checks"
                " WHERE url = ? ORDER BY checked_at, id",
                (url,),
            ).fetchall()
        return [_row_to_check(row) for row in rows]

    def count(self, url: str) -> int:
        """Return how many checks of *url* are recorded."""
        with self._using():
            row = self._db.execute("SELECT count(*) FROM checks WHERE url = ?", (url,)).fetchone()
        return int(row[0])

    def latest(self, url: str, now: datetime) -> Check | None:
        """Return the last check of *url* made at or before *now*, or None."""
        with self._using():
            row = self._db.execute(
                "SELECT url, checked_at, verdict, detail, final_url, http_status FROM checks"
                " WHERE url = ? AND checked_at <= ? ORDER BY checked_at DESC, id DESC LIMIT 1",
                (url, _micros(now)),
            ).fetchone()
        return None if row is None else _row_to_check(row)

    def recent(self, url: str, now: datetime, max_age: timedelta) -> Check | None:
        """Return the last check of *url* if it is younger than *max_age* at *now*, else None.

        A result this fresh can be reused instead of asking the server again.
        """
        check = self.latest(url, now)
        if check is None or now - check.when >= max_age:
            return None
        return check

    def remember(self, kind: str, key: str, when: datetime, value: Mapping[str, Any]) -> None:
        """Record the answer *value* (JSON-ready) to lookup *kind* of *key* at *when*.

        Lookups are what is asked of an archive (the snapshot closest to a date, whether a
        snapshot is served); only the latest answer to each is kept.
        """
        micros = _micros(when)
        text = json.dumps(dict(value), ensure_ascii=False, sort_keys=True)
        with self._using():
            self._db.execute(
                "INSERT OR REPLACE INTO lookups (kind, key, checked_at, value) VALUES (?, ?, ?, ?)",
                (kind, key, micros, text),
            )

    def recall(
        self, kind: str, key: str, now: datetime, max_age: timedelta
    ) -> dict[str, Any] | None:
        """Return the answer to lookup *kind* of *key* if younger than *max_age* at *now*."""
        with self._using():
            row = self._db.execute(
                "SELECT checked_at, value FROM lookups WHERE kind = ? AND key = ?", (kind, key)
            ).fetchone()
        if row is None:
            return None
        when = _EPOCH + timedelta(microseconds=int(row[0]))
        if when > now or now - when >= max_age:
            return None
        value = json.loads(row[1])
        return value if isinstance(value, dict) else None

    def counted_failures(
        self, url: str, now: datetime, min_spacing: timedelta = timedelta(days=3)
    ) -> list[datetime]:
        """Return the times of the failures of *url* that count, since it was last alive.

        A failure counts when it is at least *min_spacing* after the previous one that
        counted; an alive check empties the list; ``unknown`` checks are skipped.
        """
        counted: list[datetime] = []
        for check in self.history(url):
            if check.when > now:
                break
            if check.alive:
                counted = []
            elif check.failed and (not counted or check.when - counted[-1] >= min_spacing):
                counted.append(check.when)
        return counted

    def is_confirmed_dead(
        self,
        url: str,
        now: datetime,
        *,
        min_failures: int = 3,
        min_spacing: timedelta = timedelta(days=3),
    ) -> bool:
        """Return whether *url* failed *min_failures* times, spaced, with no alive check since.

        >>> from datetime import datetime, UTC
        >>> h = LinkHistory(":memory:")
        >>> for day in (1, 2, 5, 9):
        ...     _ = h.record("http://a.example/", datetime(2024, 1, day, tzinfo=UTC), "dead")
        >>> h.is_confirmed_dead("http://a.example/", datetime(2024, 1, 8, tzinfo=UTC))
        False
        >>> h.is_confirmed_dead("http://a.example/", datetime(2024, 1, 9, tzinfo=UTC))
        True
        """
        if min_failures < 1:
            raise ValueError("min_failures must be at least 1")
        return len(self.counted_failures(url, now, min_spacing)) >= min_failures
