"""``wikimaint browse DIR``: the scan's database in Datasette, on 127.0.0.1 only.

Datasette already does what exploring millions of findings needs (faceting, sorting,
filtering, SQL, CSV and JSON), so nothing of it is written here: this module prepares the
database (:meth:`~wikimaint.reports.scandb.ScanDatabase.prepare`: indexes, the views
``findings_detail`` and ``rule_summary``, the full-text index ``pages_fts`` of titles),
writes Datasette's metadata beside it (facets by rule, severity and site, titles as the
label of a page, the full-text index for the pages table) and says how to start it.
Datasette is the optional extra ``browse`` (``pip install 'wikimaint[browse]'``).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

from wikimaint.errors import UsageError
from wikimaint.files import write_atomic
from wikimaint.i18n import localized, message, register
from wikimaint.reports.scandb import open_scan

__all__ = ["METADATA", "browse_command", "metadata", "prepare_browse"]

METADATA = "datasette.json"
"""Datasette's metadata, written beside ``scan.sqlite``."""

register(
    "usage.no-datasette",
    {
        "ar": "Datasette غير مثبّت؛ ثبّته مع wikimaint: pip install 'wikimaint[browse]'",
        "en": "Datasette is not installed; install it with: pip install 'wikimaint[browse]'",
    },
)


def metadata(lang: str = "ar") -> dict[str, Any]:
    """Return Datasette's metadata for a scan database (database ``scan``)."""
    facets = ["rule", "severity", "host"]
    return {
        "title": message("html.scan-title", lang),
        "databases": {
            "scan": {
                "tables": {
                    "findings": {"facets": facets, "label_column": "message"},
                    "findings_detail": {"facets": facets},
                    "pages": {
                        "facets": ["status"],
                        "label_column": "title",
                        "fts_table": "pages_fts",
                        "fts_pk": "id",
                        "sort_desc": "findings",
                    },
                    "rules": {"label_column": "id"},
                    "rule_summary": {"sort_desc": "findings"},
                    "pages_fts": {"hidden": True},
                },
            },
        },
    }


def prepare_browse(directory: str | Path, lang: str = "ar") -> tuple[Path, Path]:
    """Prepare ``DIRECTORY/scan.sqlite`` for Datasette; return it and the metadata file."""
    scan = open_scan(directory)
    try:
        scan.prepare()
    finally:
        scan.close()
    path = Path(directory) / METADATA
    write_atomic(path, json.dumps(metadata(lang), ensure_ascii=False, indent=2) + "\n")
    return scan.path, path


def browse_command(database: Path, meta: Path, port: int) -> list[str]:
    """Return the command that serves *database* with *meta* on 127.0.0.1:*port*.

    Raises:
        UsageError: Datasette is not installed.

    """
    if importlib.util.find_spec("datasette") is None:
        raise UsageError(localized("usage.no-datasette"))
    return [
        sys.executable, "-m", "datasette", "serve", str(database),
        "--metadata", str(meta),
        "--host", "127.0.0.1",
        "--port", str(port),
        "--setting", "facet_time_limit_ms", "5000",
        "--setting", "sql_time_limit_ms", "10000",
        "--setting", "suggest_facets", "off",
    ]  # fmt: skip
