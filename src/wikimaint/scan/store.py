"""The scan's results in SQLite (``DIR/scan.sqlite``), and the exports beside it.

The tables ``runs``, ``pages``, ``findings`` and ``rules`` are a contract with the report
side (``wikimaint report``/``browse``), which only reads them. Three more are the scan's own:
``run_counts`` (what a run passed over: redirects, other namespaces, and its wall time),
``units``, one row per unit done, which is how ``--resume`` knows what is left, and
``passed``, the pages a ``--changes`` run read without checking them (redirects, other
namespaces), which take the place of the earlier scan's pages all the same. A
unit's pages, findings and row are committed in one transaction, so a run stopped in any
way (Ctrl-C, SIGKILL, a power cut) holds whole units only, and resuming it redoes none
twice. ``findings.jsonl`` and ``summary.json`` are written from the database, whole or
not at all, so they are the same whichever engine or how many sittings made it.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wikimaint.files import temporary_beside, write_atomic
from wikimaint.scan import changes
from wikimaint.scan.work import read_only

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable

    from wikimaint.scan.work import UnitResult

__all__ = ["DB_NAME", "Store"]

DB_NAME = "scan.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  started TEXT NOT NULL,
  finished TEXT,
  status TEXT NOT NULL,
  sources TEXT NOT NULL,
  options TEXT NOT NULL,
  versions TEXT NOT NULL,
  wiki TEXT
);
CREATE TABLE IF NOT EXISTS pages (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  page_id INTEGER,
  title TEXT NOT NULL,
  namespace INTEGER NOT NULL DEFAULT 0,
  revision_id INTEGER,
  timestamp TEXT,
  sha1 TEXT NOT NULL,
  source TEXT NOT NULL,
  status TEXT NOT NULL,
  error TEXT,
  elapsed REAL NOT NULL,
  bytes INTEGER NOT NULL,
  errors INTEGER NOT NULL DEFAULT 0,
  warnings INTEGER NOT NULL DEFAULT 0,
  infos INTEGER NOT NULL DEFAULT 0,
  findings INTEGER NOT NULL DEFAULT 0,
  UNIQUE (run_id, source, page_id, title)
);
CREATE TABLE IF NOT EXISTS rules (
  id TEXT PRIMARY KEY, severity TEXT NOT NULL, description_ar TEXT, description_en TEXT
);
CREATE TABLE IF NOT EXISTS findings (
  id INTEGER PRIMARY KEY,
  page INTEGER NOT NULL REFERENCES pages(id),
  rule TEXT NOT NULL REFERENCES rules(id),
  severity TEXT NOT NULL,
  citation INTEGER,
  line INTEGER, column INTEGER,
  message TEXT NOT NULL,
  url TEXT,
  host TEXT
);
CREATE TABLE IF NOT EXISTS run_counts (
  run_id INTEGER NOT NULL REFERENCES runs(id), name TEXT NOT NULL, value REAL NOT NULL,
  PRIMARY KEY (run_id, name)
);
CREATE TABLE IF NOT EXISTS passed (
  run_id INTEGER NOT NULL REFERENCES runs(id), page_id INTEGER, namespace INTEGER NOT NULL,
  title TEXT NOT NULL, revision_id INTEGER
);
CREATE TABLE IF NOT EXISTS units (
  run_id INTEGER NOT NULL REFERENCES runs(id), source TEXT NOT NULL, key TEXT NOT NULL,
  pages INTEGER NOT NULL, PRIMARY KEY (run_id, source, key)
);
CREATE INDEX IF NOT EXISTS findings_page ON findings(page);
CREATE INDEX IF NOT EXISTS findings_rule ON findings(rule, severity);
CREATE INDEX IF NOT EXISTS pages_run_status ON pages(run_id, status);
CREATE INDEX IF NOT EXISTS pages_identity ON pages(run_id, page_id, title);
"""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store:
    """Represents a scan's database: one run in it, written unit by unit."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        """Open (or create) the database at *path*."""
        self.path = Path(path)
        self.db = sqlite3.connect(self.path, isolation_level=None, uri=True)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        self.run_id = 0
        self._replacing: bool | None = None

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def attach(self, earlier: str) -> None:
        """Open the database *earlier* (of the scan given to ``--since``) to copy findings from."""
        self.db.execute("ATTACH DATABASE ? AS earlier", (read_only(earlier),))

    def last_run(self) -> tuple[int, str, str, str] | None:
        """Return the last run: ``(id, status, sources, options)``, or ``None``."""
        row = self.db.execute(
            "SELECT id, status, sources, options FROM runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return (int(row[0]), str(row[1]), str(row[2]), str(row[3])) if row else None

    def start(
        self,
        sources: list[str],
        options: dict[str, Any],
        versions: dict[str, str],
        wiki: str | None = None,
    ) -> int:
        """Record a new run (of the wiki at *wiki*, if known) and the rules; return its id.

        In a copy of an earlier scan's database (:meth:`copy_of`), the earlier run becomes
        the new one, and keeps its pages until :meth:`carry_over` has replaced the changed.
        """
        from wikimaint.citations.rules import RULES  # noqa: PLC0415 - not to read a scan

        values = (
            _now(),
            json.dumps(sources, ensure_ascii=False),
            json.dumps(options, ensure_ascii=False, sort_keys=True),
            json.dumps(versions),
            wiki,
        )
        with self._transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO rules VALUES (?, ?, ?, ?)",
                [
                    (r.id, r.severity, None, r.doc.splitlines()[0] if r.doc else None)
                    for r in RULES.values()
                ],
            )
            if self.run_id:
                self.db.execute(
                    "UPDATE runs SET started = ?, finished = NULL, status = 'running',"
                    " sources = ?, options = ?, versions = ?, wiki = ? WHERE id = ?",
                    (*values, self.run_id),
                )
            else:
                cursor = self.db.execute(
                    "INSERT INTO runs (started, status, sources, options, versions, wiki)"
                    " VALUES (?, 'running', ?, ?, ?, ?)",
                    values,
                )
                self.run_id = int(cursor.lastrowid or 0)
        return self.run_id

    @classmethod
    def copy_of(cls, path: Path, earlier: str, earlier_run: int) -> Store:
        """Return a new database at *path*: the earlier scan's, holding run *earlier_run* alone.

        It is how a ``--changes`` run begins (call :meth:`start` next): SQLite's backup
        copies the database page by page, far faster than its rows could be copied one by
        one. The copy is made beside *path* and renamed into place by :meth:`publish`, so
        *path* holds a whole database of the new run or nothing.
        """
        temp = temporary_beside(path)
        try:
            source = sqlite3.connect(read_only(earlier), uri=True)
            target = sqlite3.connect(temp)
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
            store = cls(temp)
            try:
                store.run_id = earlier_run
                with store._transaction():
                    changes.keep_only(store.db, earlier_run)
            except BaseException:
                store.close()
                raise
        except BaseException:  # a full disk, Ctrl-C: nothing is left behind
            for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm")):
                leftover.unlink(missing_ok=True)
            raise
        return store

    def publish(self, path: Path) -> Store:
        """Close this database (made by :meth:`copy_of`), move it to *path*, and open it there."""
        temp, run = self.path, self.run_id
        self.close()
        temp.replace(path)
        store = Store(path)
        store.run_id = run
        return store

    def reopen(self, run_id: int, *, running: bool) -> None:
        """Take run *run_id* up again: to continue it when *running*, else to read it."""
        self.run_id = run_id
        if running:
            self.db.execute(
                "UPDATE runs SET status = 'running', finished = NULL WHERE id = ?", (run_id,)
            )

    def done_units(self) -> set[tuple[str, str]]:
        """Return the ``(source, key)`` of every unit of this run already stored."""
        rows = self.db.execute("SELECT source, key FROM units WHERE run_id = ?", (self.run_id,))
        return {(source, key) for source, key in rows}

    def _transaction(self) -> _Commit:
        self.db.execute("BEGIN")
        return _Commit(self.db)

    def add(self, results: Iterable[UnitResult]) -> None:
        """Store the pages and findings of *results*, and mark their units done, at once."""
        with self._transaction():
            for result in results:
                self._add(result)

    def _add(self, result: UnitResult) -> None:
        # A few statements a unit, not a few a page: the pages get their row ids here, and
        # the findings of the pages an earlier scan had are copied in one INSERT … SELECT.
        first = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM pages").fetchone()[0]
        rows, fresh, reused = [], [], []
        for row, page in enumerate(result.pages, first):
            counts = page.counts()
            rows.append((
                row, self.run_id, page.page_id, page.title, page.namespace, page.revision_id,
                page.timestamp, page.sha1, page.source, page.status, page.error,
                page.elapsed, page.bytes, counts["error"], counts["warning"],
                counts["info"], sum(counts.values()),
            ))  # fmt: skip
            if page.earlier is not None:
                reused.append((row, page.earlier[0]))
            fresh += [
                (row, f.rule, f.severity, f.citation, f.line, f.column, f.message, f.url, f.host)
                for f in page.findings
            ]
        if self._replaces():  # the same page read again from the same source: its key
            changes.drop_same(self.db, self.run_id, [(r[8], r[2], r[3]) for r in rows])
        self.db.executemany(
            "INSERT INTO pages (id, run_id, page_id, title, namespace, revision_id, timestamp,"
            " sha1, source, status, error, elapsed, bytes, errors, warnings, infos, findings)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        self.db.executemany(
            "INSERT INTO findings (page, rule, severity, citation, line, column, message,"
            " url, host) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            fresh,
        )
        if reused:
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS reuse (page INTEGER, earlier INTEGER)")
            self.db.executemany("INSERT INTO temp.reuse VALUES (?, ?)", reused)
            self.db.execute(
                "INSERT INTO findings (page, rule, severity, citation, line, column, message,"
                " url, host) SELECT r.page, rule, severity, citation, line, column, message, url,"
                " host FROM temp.reuse r JOIN earlier.findings f ON f.page = r.earlier"
                " ORDER BY r.page, f.id"
            )
            self.db.execute("DELETE FROM temp.reuse")
        self.db.executemany(
            "INSERT INTO passed VALUES (?, ?, ?, ?, ?)",
            [(self.run_id, *page) for page in result.passed],
        )
        self.db.execute(
            "INSERT INTO units VALUES (?, ?, ?, ?)",
            (self.run_id, result.source, result.key, len(result.pages)),
        )
        self._count("redirects", result.redirects)
        self._count("other_namespaces", result.other_namespaces)
        self._count("reused", sum(p.reused for p in result.pages))
        self._count("cpu_seconds", result.cpu)

    def _replaces(self) -> bool:
        """Return whether this run began as a copy of an earlier one (``--changes``)."""
        if self._replacing is None:
            self._replacing = changes.earlier_rows(self.db, self.run_id) is not None
        return self._replacing

    def carry_over(self) -> int:
        """Drop the earlier pages that this run's pages replace; return how many stay.

        This is how a ``--changes`` run ends (see :func:`~wikimaint.scan.changes.carry_over`),
        in one transaction, at the end of every sitting of the run, even one that stopped
        at a damaged dump (what was read of it replaces its pages, so no page is there
        twice); done again, it changes nothing but what was read since.
        """
        with self._transaction():
            return changes.carry_over(self.db, self.run_id)

    def _count(self, name: str, value: float) -> None:
        self.db.execute(
            "INSERT INTO run_counts VALUES (?, ?, ?) ON CONFLICT (run_id, name)"
            " DO UPDATE SET value = value + excluded.value",
            (self.run_id, name, value),
        )

    def finish(self, status: str, seconds: float) -> None:
        """Mark the run *status* (``done``, ``interrupted``, ``failed``), adding its time."""
        with self._transaction():
            self._count("seconds", seconds)
            finished = _now() if status != "interrupted" else None
            self.db.execute(
                "UPDATE runs SET status = ?, finished = ? WHERE id = ?",
                (status, finished, self.run_id),
            )

    def summary(self) -> dict[str, Any]:
        """Return the run's summary (``summary.json``): counts, sizes, speeds, wall time."""
        run = self.run_id
        counts = dict(
            self.db.execute("SELECT name, value FROM run_counts WHERE run_id = ?", (run,))
        )
        statuses = dict(
            self.db.execute(
                "SELECT status, count(*) FROM pages WHERE run_id = ? GROUP BY status", (run,)
            )
        )
        pages, size = self.db.execute(
            "SELECT count(*), coalesce(sum(bytes), 0) FROM pages WHERE run_id = ?", (run,)
        ).fetchone()
        by_rule: dict[str, dict[str, int]] = {}
        by_severity = {"error": 0, "warning": 0, "info": 0}
        # A scan's folder holds its one run: then every finding is the run's, and the
        # index on (rule, severity) counts them without a look at their pages.
        alone = not self.db.execute("SELECT 1 FROM runs WHERE id != ?", (run,)).fetchone()
        for rule, severity, count in self.db.execute(
            "SELECT rule, severity, count(*) FROM findings GROUP BY rule, severity ORDER BY rule"
            if alone
            else "SELECT rule, f.severity, count(*) FROM findings f JOIN pages p ON f.page = p.id"
            " WHERE p.run_id = ? GROUP BY rule, f.severity ORDER BY rule",
            () if alone else (run,),
        ):
            by_rule.setdefault(rule, dict.fromkeys(by_severity, 0))[severity] = count
            by_severity[severity] += count
        seconds = float(counts.get("seconds", 0.0))
        # the speeds are the run's own: pages carried over from an earlier scan were not read
        read = pages - counts.get("carried", 0), size - counts.get("carried_bytes", 0)
        return {
            "pages": pages,
            "bytes": size,
            "by_status": {s: statuses.get(s, 0) for s in ("ok", "error", "timeout", "too-large")},
            "not_checked": pages - statuses.get("ok", 0),
            "skipped": {
                "redirects": int(counts.get("redirects", 0)),
                "other_namespaces": int(counts.get("other_namespaces", 0)),
            },
            "reused": int(counts.get("reused", 0) + counts.get("carried", 0)),
            "carried_over": int(counts.get("carried", 0)),
            "findings": sum(by_severity.values()),
            "by_severity": by_severity,
            "by_rule": by_rule,
            "seconds": round(seconds, 3),
            "worker_cpu_seconds": round(float(counts.get("cpu_seconds", 0.0)), 3),
            "pages_per_second": round(read[0] / seconds, 1) if seconds else None,
            "mb_per_second": round(read[1] / 1e6 / seconds, 3) if seconds else None,
        }

    def findings_lines(self) -> Iterable[str]:
        """Yield ``findings.jsonl``'s lines, page by page in id and title order.

        SQLite writes each line (``json_object``), three times as fast as Python would.
        """
        rows = self.db.execute(
            "SELECT json_object('page_id', p.page_id, 'title', p.title, 'revision_id',"
            " p.revision_id, 'source', p.source, 'rule', f.rule, 'severity', f.severity,"
            " 'citation', f.citation, 'line', f.line, 'column', f.column, 'message', f.message,"
            " 'url', f.url, 'host', f.host)"
            " FROM findings f JOIN pages p ON f.page = p.id WHERE p.run_id = ?"
            " ORDER BY p.page_id, p.title, p.source, f.id",
            (self.run_id,),
        )
        for (line,) in rows:
            yield line + "\n"

    def export(self, folder: Path, extra: dict[str, Any]) -> dict[str, Any]:
        """Write ``findings.jsonl`` and ``summary.json`` into *folder*; return the summary."""
        summary = self.summary() | extra
        write_atomic(folder / "findings.jsonl", self.findings_lines())
        document = json.dumps(summary, ensure_ascii=False, indent=2)
        write_atomic(folder / "summary.json", document + "\n")
        self.db.execute(
            "INSERT OR REPLACE INTO run_counts VALUES (?, 'exported', 1)", (self.run_id,)
        )
        return summary

    def exported(self, folder: Path) -> dict[str, Any] | None:
        """Return the summary in *folder* if this (finished) run's exports are there, whole."""
        done = self.db.execute(
            "SELECT 1 FROM run_counts WHERE run_id = ? AND name = 'exported'", (self.run_id,)
        ).fetchone()
        if not done or not (folder / "findings.jsonl").is_file():
            return None
        try:
            summary = json.loads((folder / "summary.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return summary if isinstance(summary, dict) else None


class _Commit:
    """Represents an open transaction: committed on success, rolled back on any exception."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, kind: object, *_: object) -> None:
        self.db.execute("ROLLBACK" if kind is not None else "COMMIT")
