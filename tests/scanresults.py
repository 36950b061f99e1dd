"""What a scan's folder holds, read for comparison: its pages and findings, without timings."""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def findings(out: Path) -> list[dict[str, object]]:
    """Return ``findings.jsonl``'s findings, each without its page's source (a file name)."""
    lines = (out / "findings.jsonl").read_text("utf-8").splitlines()
    return [{k: v for k, v in json.loads(line).items() if k != "source"} for line in lines]


def page_rows(out: Path) -> list[tuple[object, ...]]:
    """Return every page row of ``scan.sqlite``, without its timing, row id and source."""
    db = sqlite3.connect(out / "scan.sqlite")
    rows = db.execute(
        "SELECT page_id, title, namespace, revision_id, sha1, status, bytes, errors, warnings,"
        " infos, findings FROM pages ORDER BY page_id, title"
    ).fetchall()
    db.close()
    return rows
