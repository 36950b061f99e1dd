"""What a scan checks each page with, imported as one: citation-check's parse, check and validate.

Importing these takes a fifth of a second, most of the package. :mod:`wikimaint.scan.work`
imports this module when it checks its first page, so that a process that only reads a
scan's results (``--resume`` of a finished scan) never pays for it; a pool's main process
imports it before its workers are forked, and a forkserver preloads it
(:mod:`wikimaint.scan.engines`), so that workers start with it.
"""

from __future__ import annotations

from wikimaint.citations.check import check_citations
from wikimaint.schema.validators import validate
from wikimaint.wikitext.parse import parse

__all__ = ["check_citations", "parse", "validate"]
