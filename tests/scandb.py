"""Scan databases for the report tests and benchmark, laid out as the scan contract says.

The tables are the ones ``wikimaint scan`` writes (``runs``, ``pages``, ``findings``,
``rules``; see the contract in ``/work/briefs/scan-db.md``), and the findings are real:
each page is parsed and checked by the offline citation check, as the scan does.
:func:`replicate` copies the checked pages under new, unique titles to reach a size (the
100,000-page benchmark), with SQL alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from wikimaint import parse
from wikimaint.citations.check import check_citations
from wikimaint.citations.rules import RULES
from wikimaint.i18n import MESSAGES

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

SCHEMA = """
CREATE TABLE runs (
  id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, status TEXT NOT NULL,
  sources TEXT NOT NULL, options TEXT NOT NULL, versions TEXT NOT NULL, wiki TEXT
);
CREATE TABLE pages (
  id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id), page_id INTEGER,
  title TEXT NOT NULL, namespace INTEGER NOT NULL DEFAULT 0, revision_id INTEGER,
  timestamp TEXT, sha1 TEXT NOT NULL, source TEXT NOT NULL, status TEXT NOT NULL,
  error TEXT, elapsed REAL NOT NULL, bytes INTEGER NOT NULL,
  errors INTEGER NOT NULL DEFAULT 0, warnings INTEGER NOT NULL DEFAULT 0,
  infos INTEGER NOT NULL DEFAULT 0, findings INTEGER NOT NULL DEFAULT 0,
  UNIQUE (run_id, source, page_id, title)
);
CREATE TABLE findings (
  id INTEGER PRIMARY KEY, page INTEGER NOT NULL REFERENCES pages(id),
  rule TEXT NOT NULL REFERENCES rules(id), severity TEXT NOT NULL, citation INTEGER,
  line INTEGER, column INTEGER, message TEXT NOT NULL, url TEXT, host TEXT
);
CREATE TABLE rules (id TEXT PRIMARY KEY, severity TEXT NOT NULL, description_ar TEXT, description_en TEXT);
CREATE INDEX IF NOT EXISTS findings_page ON findings(page);
CREATE INDEX IF NOT EXISTS findings_rule ON findings(rule, severity);
CREATE INDEX IF NOT EXISTS pages_run_status ON pages(run_id, status);
"""

HOSTILE_TITLE = '<script>alert("title")</script> «مقالة»'
HOSTILE_TEXT = (
    "نص.<ref>{{استشهاد ويب|مسار=javascript:alert(1)|عنوان=x}}</ref>"
    "<ref>{{استشهاد ويب|مسار=https://www.alsumaria.tv/news/1|عنوان=ي}}</ref>{{مراجع}}"
)
WIKI = "https://ar.wikipedia.org/wiki/"
TABLES = ("runs", "pages", "findings", "rules")
TODAY = dt.date(2026, 11, 24)


@dataclass(frozen=True)
class Page:
    """Represents one page to put in the scan: its title, text, and how its check ended."""

    title: str
    text: str
    source: str = "pages.xml"
    status: str = "ok"
    error: str | None = None


def host_of(url: str | None) -> str | None:
    """Return *url*'s host, lower case, without ``www.`` (None when it has none)."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _described(text: str) -> str:
    """Return a rule's message as a description: its placeholders as "…"."""
    return re.sub(r"\{[a-z_]+\}", "…", text)


def create(path: Path, *, wiki: str | None = WIKI, lang: str = "ar") -> sqlite3.Connection:
    """Create the scan database *path* with one finished run and every rule."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.executescript(SCHEMA)
    db.execute(
        "INSERT INTO runs VALUES (1, ?, ?, 'done', ?, ?, ?, ?)",
        (
            "2026-11-24T08:00:00Z",
            "2026-11-24T08:05:00Z",
            json.dumps(["arwiki-pages-articles.xml.bz2"]),
            json.dumps({"lang": lang, "namespaces": [0]}),
            json.dumps({"wikimaint": "0.1.0", "python": sys.version.split()[0]}),
            wiki,
        ),
    )
    db.executemany(
        "INSERT INTO rules VALUES (?, ?, ?, ?)",
        [
            (r.id, r.severity, _described(MESSAGES[f"rule.{r.id}"]["ar"]), r.doc.split("\n\n")[0])
            for r in RULES.values()
        ],
    )
    return db


def add_pages(db: sqlite3.Connection, pages: Iterable[Page], *, lang: str = "ar") -> int:
    """Check each page with the offline rules and add it and its findings; return the count."""
    count = 0
    for page in pages:
        count += 1
        article = parse(page.text, title=page.title)
        findings = check_citations(article, today=TODAY).findings if page.status == "ok" else []
        by = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
        data = page.text.encode("utf-8")
        cursor = db.execute(
            "INSERT INTO pages (run_id, page_id, title, namespace, revision_id, timestamp, sha1,"
            " source, status, error, elapsed, bytes, errors, warnings, infos, findings)"
            " VALUES (1, ?, ?, 0, ?, '2026-11-20T10:00:00Z', ?, ?, ?, ?, 0.01, ?, ?, ?, ?, ?)",
            (
                1000 + count, page.title, 90000 + count, hashlib.sha1(data).hexdigest(),
                page.source, page.status, page.error, len(data),
                by["error"], by["warning"], by["info"], len(findings),
            ),
        )
        citations = {c.index: c for c in article.citations}
        rows = []
        for finding in findings:
            line, column = article.position(finding.offset)
            citation = citations.get(finding.citation) if finding.citation else None
            url = None
            if citation is not None:
                template = citation.template
                url = (template.text("url") if template else "") or (
                    citation.urls[0] if citation.urls else None
                )
            rows.append((
                cursor.lastrowid, finding.rule, finding.severity, finding.citation,
                line, column, finding.message(lang), url or None, host_of(url),
            ))
        db.executemany(
            "INSERT INTO findings (page, rule, severity, citation, line, column, message, url, host)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    db.commit()
    return count


def replicate(db: sqlite3.Connection, total: int) -> int:
    """Copy the pages (and their findings) under new unique titles until there are *total*.

    Each round copies every page there is (titles get `` (ROUND)``), so the count doubles.
    """
    have = int(db.execute("SELECT max(id) FROM pages").fetchone()[0])
    round_ = 1
    while have < total:
        last = min(have, total - have)
        db.execute(
            "INSERT INTO pages SELECT id + :shift, run_id, page_id + :shift,"
            " title || ' (' || :n || ')', namespace, revision_id, timestamp, sha1, source,"
            " status, error, elapsed, bytes, errors, warnings, infos, findings"
            " FROM pages WHERE id <= :last",
            {"shift": have, "n": round_, "last": last},
        )
        db.execute(
            "INSERT INTO findings (page, rule, severity, citation, line, column, message, url, host)"
            " SELECT page + :shift, rule, severity, citation, line, column, message, url, host"
            " FROM findings WHERE page <= :last ORDER BY id",
            {"shift": have, "last": last},
        )
        have += last
        round_ += 1
    db.commit()
    return int(db.execute("SELECT count(*) FROM pages").fetchone()[0])


def sample_pages(files: Iterable[Path]) -> list[Page]:
    """Return a page for each wikitext file, then a hostile page, one that failed, one too slow."""
    return [
        *(Page(p.stem.replace("_", " "), p.read_text("utf-8")) for p in files),
        Page(HOSTILE_TITLE, HOSTILE_TEXT),
        Page("صفحة تعطل فحصها", "", status="error", error="RecursionError: too deep"),
        Page("صفحة طويلة", "", status="timeout"),
    ]


def build(folder: Path, files: Iterable[Path]) -> Path:
    """Write ``FOLDER/scan.sqlite`` with the sample pages of *files*; return *folder*."""
    db = create(folder / "scan.sqlite")
    add_pages(db, sample_pages(files))
    db.close()
    return folder
