"""Read a scan's SQLite database (``DIR/scan.sqlite``) for the reports and for Datasette.

The scan owns the tables ``runs``, ``pages``, ``findings`` and ``rules`` (the contract
between ``wikimaint scan`` and the reports); this module only reads them, and adds what
reading at scale needs, each ``IF NOT EXISTS`` so that doing it twice changes nothing:
indexes by host and by findings per page, the views ``findings_detail`` (a finding with
its page's title) and ``rule_summary``, and ``pages_fts``, a full-text index of titles.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wikimaint.errors import InputError
from wikimaint.i18n import register

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "DATABASE",
    "HOST_RULES",
    "Run",
    "ScanDatabase",
    "open_scan",
]

DATABASE = "scan.sqlite"

#: The rules whose findings say a site lost links or lacks archives, for "sites with the most".
HOST_RULES = (
    "link-dead",
    "link-soft-404",
    "link-redirect-to-root",
    "archive-unavailable",
    "missing-archive",
)

_TABLES = ("runs", "pages", "findings", "rules")

register(
    "input.no-scan",
    {
        "ar": "{source}: لا قاعدة بيانات فحص هنا (scan.sqlite)؛ شغّل wikimaint scan أولًا",
        "en": "{source}: no scan database here (scan.sqlite); run wikimaint scan first",
    },
)
register(
    "input.not-a-scan",
    {
        "ar": "{source}: ليست قاعدة بيانات فحص صالحة ({detail})",
        "en": "{source}: not a valid scan database ({detail})",
    },
)

_PREPARE = """
CREATE INDEX IF NOT EXISTS findings_host ON findings(host, rule);
CREATE INDEX IF NOT EXISTS findings_severity ON findings(severity);
CREATE INDEX IF NOT EXISTS pages_worst ON pages(run_id, findings DESC, errors DESC);
CREATE VIEW IF NOT EXISTS findings_detail AS
  SELECT findings.id, pages.run_id, findings.page, pages.title, findings.rule,
         findings.severity, findings.citation, findings.line, findings.column,
         findings.message, findings.url, findings.host
  FROM findings JOIN pages ON pages.id = findings.page;
CREATE VIEW IF NOT EXISTS rule_summary AS
  SELECT rules.id AS rule, rules.severity, rules.description_ar, rules.description_en,
         count(findings.id) AS findings, count(DISTINCT findings.page) AS pages
  FROM rules LEFT JOIN findings ON findings.rule = rules.id
  GROUP BY rules.id ORDER BY findings DESC;
CREATE VIRTUAL TABLE IF NOT EXISTS pages_fts USING fts5(title, content='pages', content_rowid='id');
"""


@dataclass(frozen=True)
class Run:
    """Represents the run a report is about."""

    id: int
    started: str
    finished: str | None
    status: str
    wiki: str | None


class ScanDatabase:
    """Represents an open scan database, with the questions the scan report asks it."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        """Wrap *connection* to the database at *path*."""
        self.db = connection
        self.path = path

    def prepare(self) -> None:
        """Add the indexes, views and title index the reports and Datasette read (idempotent)."""
        self.db.executescript(_PREPARE)
        indexed = self.db.execute("SELECT count(*) FROM pages_fts_docsize").fetchone()[0]
        pages = self.db.execute("SELECT count(*) FROM pages").fetchone()[0]
        if indexed != pages:
            self.db.execute("INSERT INTO pages_fts(pages_fts) VALUES ('rebuild')")
        self.db.commit()

    def run(self) -> Run:
        """Return the latest run."""
        row = self.db.execute(
            "SELECT id, started, finished, status, wiki FROM runs ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            raise _not_a_scan(self.path, "no run")
        return Run(*row)

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Return every row of *sql* with *params*."""
        return self.db.execute(sql, params).fetchall()

    def stream(self, sql: str, *params: Any) -> Iterator[tuple[Any, ...]]:
        """Yield the rows of *sql* with *params* one by one."""
        yield from self.db.execute(sql, params)

    def value(self, sql: str, *params: Any) -> Any:
        """Return the first column of the first row of *sql*."""
        row = self.db.execute(sql, params).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        """Close the connection."""
        self.db.close()


def _not_a_scan(path: Path, detail: str) -> InputError:
    return InputError(
        f"{path}: not a valid scan database ({detail})",
        reason="not-a-scan",
        source=str(path),
        detail=detail,
    )


def open_scan(directory: str | Path) -> ScanDatabase:
    """Open ``DIRECTORY/scan.sqlite``, or raise InputError saying why it is not a scan."""
    path = Path(directory) / DATABASE
    if not path.is_file():
        raise InputError(
            f"{directory}: no scan database here ({DATABASE})",
            reason="no-scan",
            source=str(directory),
        )
    try:
        db = sqlite3.connect(path)
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise _not_a_scan(path, str(error)) from None
    missing = [t for t in _TABLES if t not in names]
    if missing:
        db.close()
        raise _not_a_scan(path, "missing tables: " + ", ".join(missing))
    return ScanDatabase(db, path)
