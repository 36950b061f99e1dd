"""wikimaint: maintain Arabic Wikipedia articles.

The public API is re-exported here; nothing else lives in this module. Each name is
imported when it is first used (PEP 562), so that ``import wikimaint`` and every command
that needs little (``wikimaint --help``, ``scan --resume`` of a finished scan) start fast.

>>> import wikimaint
>>> article = wikimaint.parse("'''بغداد''' عاصمة [[العراق]].")
>>> str(article)
"'''بغداد''' عاصمة [[العراق]]."
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wikimaint._version import __version__
from wikimaint.errors import SchemaValidationError, WikimaintError

if TYPE_CHECKING:
    from wikimaint import infobox
    from wikimaint.citations.check import LiveOptions, Report, check_citations
    from wikimaint.edit.fixes import FixResult, apply_fixes
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


def __getattr__(name: str) -> Any:
    """Return the public name *name*, imported from its module on first use."""
    value: Any
    if name in {"LiveOptions", "Report", "check_citations"}:
        from wikimaint.citations import check  # noqa: PLC0415

        value = getattr(check, name)
    elif name in {"FixResult", "apply_fixes"}:
        from wikimaint.edit import fixes  # noqa: PLC0415

        value = getattr(fixes, name)
    elif name in {"iter_errors", "validate"}:
        from wikimaint.schema import validators  # noqa: PLC0415

        value = getattr(validators, name)
    elif name == "Article":
        from wikimaint.wikitext.model import Article  # noqa: PLC0415

        value = Article
    elif name == "parse":
        from wikimaint.wikitext.parse import parse  # noqa: PLC0415

        value = parse
    elif name == "infobox":
        import wikimaint.infobox  # noqa: PLC0415 - not "from wikimaint import": that asks here

        value = wikimaint.infobox
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # the next use is a plain attribute
    return value


def __dir__() -> list[str]:
    """Return the module's names, the public ones not imported yet among them."""
    return sorted({*globals(), *__all__})
