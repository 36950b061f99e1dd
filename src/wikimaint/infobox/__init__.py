"""Infobox: template spec <-> data <-> wikitext, edited in place for a minimal diff.

``specs`` loads the template specs (``schemas/templates/*.json``); ``values`` reads and
writes one parameter's value (numbers, dates, lists, links) as the article writes it;
``style`` reads how an infobox is laid out (spacing, alignment) so that new lines look like
old ones; ``data`` checks data against the spec's schema; ``read`` finds and extracts
infoboxes; ``write`` applies data to the tree; ``render`` writes a new one. This face is
the public API (``wikimaint.infobox.extract`` …).
"""

from __future__ import annotations

from wikimaint.infobox.data import DATA_SCHEMA_ID, data_errors, data_schema, validate_data
from wikimaint.infobox.read import extract
from wikimaint.infobox.render import render
from wikimaint.infobox.style import Style, detect_style
from wikimaint.infobox.write import apply

__all__ = [
    "DATA_SCHEMA_ID",
    "Style",
    "apply",
    "data_errors",
    "data_schema",
    "detect_style",
    "extract",
    "render",
    "validate_data",
]
