"""wikimaint: maintain Arabic Wikipedia articles.

The public API is re-exported here; nothing else lives in this module.

>>> import wikimaint
>>> article = wikimaint.parse("'''بغداد''' عاصمة [[العراق]].")
>>> str(article)
"'''بغداد''' عاصمة [[العراق]]."
"""

from __future__ import annotations

from wikimaint import infobox
from wikimaint._version import __version__
from wikimaint.citations.check import LiveOptions, Report, check_citations
from wikimaint.edit.fixes import FixResult, apply_fixes
from wikimaint.errors import (
    SchemaValidationError,
    WikimaintError,
)
from wikimaint.schema.validators import iter_errors, validate
from wikimaint.wikitext.model import Article
from wikimaint.wikitext.parse import parse

__all__ = [
    "Article",
    "FixResult",
    "LiveOptions",
    "Report",
    "SchemaValidationError",
    "WikimaintError",
    "__version__",
    "apply_fixes",
    "check_citations",
    "infobox",
    "iter_errors",
    "parse",
    "validate",
]
