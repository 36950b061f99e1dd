"""wikimaint: maintain Arabic Wikipedia articles.

The public API is re-exported here; nothing else lives in this module.
"""

from __future__ import annotations

from wikimaint.errors import WikimaintError

__all__ = ["WikimaintError"]
__version__ = "0.1.0"
