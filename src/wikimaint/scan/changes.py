"""``--changes``: adds/changes dumps on top of an earlier scan, in the scan's database.

Wikimedia's daily adds/changes dumps hold only the revisions made that day. A scan of them
with ``--since OLD_DIR --changes`` begins with a copy of the earlier scan's database
(:meth:`Store.copy_of <wikimaint.scan.store.Store.copy_of>`), whose run becomes the new
one (:func:`keep_only`); the pages read are stored after the earlier ones, past the row
:func:`earlier_rows` says; and at the end :func:`carry_over` drops the earlier pages that
they replace. Every other earlier page stays as it was, findings and all, with not a row
copied. These functions run inside the caller's transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3

__all__ = ["carry_over", "drop_same", "earlier_rows", "keep_only"]


def keep_only(db: sqlite3.Connection, run: int) -> None:
    """Keep run *run*'s pages and findings alone in *db*, and none of its bookkeeping.

    Its last page row is noted (``earlier_rows``): the rows up to it are the earlier
    scan's, those after it the new run's.
    """
    db.execute(
        "DELETE FROM findings WHERE page IN (SELECT id FROM pages WHERE run_id != ?)", (run,)
    )
    db.execute("DELETE FROM pages WHERE run_id != ?", (run,))
    db.execute("DELETE FROM passed")
    db.execute("DELETE FROM units")
    db.execute("DELETE FROM run_counts")
    db.execute("DELETE FROM runs WHERE id != ?", (run,))
    # The reports' title index (``wikimaint report``/``browse`` add it, and make it again
    # when it is missing): kept, it would go on naming the pages this run replaces.
    db.execute("DROP TABLE IF EXISTS pages_fts")
    db.execute(
        "INSERT INTO run_counts SELECT ?, 'earlier_rows', coalesce(max(id), 0) FROM pages", (run,)
    )


def earlier_rows(db: sqlite3.Connection, run: int) -> int | None:
    """Return the last row of the earlier scan's pages in run *run*, or ``None`` (no copy)."""
    row = db.execute(
        "SELECT value FROM run_counts WHERE run_id = ? AND name = 'earlier_rows'", (run,)
    ).fetchone()
    return None if row is None else int(row[0])


def drop_same(db: sqlite3.Connection, run: int, keys: list[tuple[object, ...]]) -> None:
    """Drop run *run*'s pages with the ``(source, page_id, title)`` of *keys*, and their findings.

    They are earlier pages read again from the same source (the same dump given twice):
    replaced all the same by :func:`carry_over`, they leave their key to the new rows.
    """
    db.execute("CREATE TEMP TABLE IF NOT EXISTS incoming (source, page_id, title)")
    db.executemany("INSERT INTO temp.incoming VALUES (?, ?, ?)", keys)
    db.execute("DROP TABLE IF EXISTS temp.same")
    db.execute(
        "CREATE TEMP TABLE same AS SELECT p.id FROM pages p JOIN temp.incoming i"
        " ON p.source = i.source AND p.page_id IS i.page_id AND p.title = i.title"
        " WHERE p.run_id = ?",
        (run,),
    )
    _drop_pages(db, "same")
    db.execute("DELETE FROM temp.incoming")


def carry_over(db: sqlite3.Connection, run: int) -> int:
    """Drop the earlier pages of run *run* that its own pages replace; return how many stay.

    A page read replaces the earlier one with its id, or with its namespace and title (a
    page deleted and made again); checked or not (a page that became a redirect, or moved
    to another namespace, leaves the results). Where several sources hold the same page,
    its latest revision stands. Done again, it changes nothing but what was read since.
    """
    last = earlier_rows(db, run)
    if last is None:
        return 0
    _latest_revisions_only(db, run, last)
    db.execute("DROP TABLE IF EXISTS temp.replaced")
    db.execute("CREATE TEMP TABLE replaced (page_id INTEGER, namespace INTEGER, title)")
    db.execute(
        "INSERT INTO temp.replaced SELECT page_id, namespace, title FROM pages"
        " WHERE run_id = ?1 AND id > ?2 UNION ALL SELECT page_id, namespace, title"
        " FROM passed WHERE run_id = ?1",
        (run, last),
    )
    db.execute("CREATE INDEX temp.replaced_id ON replaced (page_id)")
    db.execute("CREATE INDEX temp.replaced_title ON replaced (namespace, title)")
    db.execute("DROP TABLE IF EXISTS temp.gone")
    db.execute(
        "CREATE TEMP TABLE gone AS SELECT e.id FROM pages e WHERE e.id <= ?"
        " AND (EXISTS (SELECT 1 FROM temp.replaced r WHERE r.page_id = e.page_id)"
        " OR EXISTS (SELECT 1 FROM temp.replaced r"
        " WHERE r.namespace = e.namespace AND r.title = e.title))",
        (last,),
    )
    _drop_pages(db, "gone")
    carried, size = db.execute(
        "SELECT count(*), coalesce(sum(bytes), 0) FROM pages WHERE id <= ?", (last,)
    ).fetchone()
    db.executemany(
        "INSERT OR REPLACE INTO run_counts VALUES (?, ?, ?)",
        [(run, "carried", carried), (run, "carried_bytes", size)],
    )
    return int(carried)


def _latest_revisions_only(db: sqlite3.Connection, run: int, last: int) -> None:
    """Drop run *run*'s own pages (past row *last*) that a later revision, read too, replaces."""
    db.execute("DROP TABLE IF EXISTS temp.latest")
    db.execute(
        "CREATE TEMP TABLE latest AS SELECT page_id, max(revision_id) AS revision_id FROM"
        " (SELECT page_id, revision_id FROM pages WHERE run_id = ?1 AND id > ?2 UNION ALL"
        " SELECT page_id, revision_id FROM passed WHERE run_id = ?1)"
        " WHERE page_id IS NOT NULL GROUP BY page_id",
        (run, last),
    )
    db.execute("DROP TABLE IF EXISTS temp.stale")
    db.execute(
        "CREATE TEMP TABLE stale AS SELECT p.id FROM pages p JOIN temp.latest l"
        " ON l.page_id = p.page_id WHERE p.id > ? AND p.revision_id < l.revision_id",
        (last,),
    )
    _drop_pages(db, "stale")
    db.execute(
        "DELETE FROM passed WHERE run_id = ? AND revision_id < (SELECT l.revision_id"
        " FROM temp.latest l WHERE l.page_id = passed.page_id)",
        (run,),
    )


def _drop_pages(db: sqlite3.Connection, listed: str) -> None:
    """Drop the pages whose row ids the temporary table *listed* holds, and their findings."""
    db.execute(f"DELETE FROM findings WHERE page IN (SELECT id FROM temp.{listed})")  # noqa: S608 - our own tables
    db.execute(f"DELETE FROM pages WHERE id IN (SELECT id FROM temp.{listed})")  # noqa: S608 - our own tables
