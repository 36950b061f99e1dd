"""The whole-wiki scan: citation-check's offline check over dumps and folders, on every core.

:mod:`~wikimaint.scan.inputs` turns each SOURCE (a dump read by
:mod:`~wikimaint.scan.dumps`, a multistream dump through its index, a folder or wikitext
files) into units of about 100 pages; an engine of :mod:`~wikimaint.scan.engines` (a
local process pool, whose workers :mod:`~wikimaint.scan.forking` starts, or Dask
distributed) runs :func:`~wikimaint.scan.work.run_unit` on each, which reads the unit
where it can and checks its pages under the per-page guards with the check of
:mod:`~wikimaint.scan.pagecheck` (imported only once there are pages to check);
:mod:`~wikimaint.scan.runner` streams the results into the SQLite database of
:mod:`~wikimaint.scan.store` one committed unit at a time, which is what ``--resume`` and
``--since`` build on (``--changes``, on a copy of the earlier scan's database:
:mod:`~wikimaint.scan.changes`), shows :mod:`~wikimaint.scan.progress`, and writes the
exports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wikimaint.scan.runner import Outcome, ScanConfig, ScanInterruptedError, run_scan
    from wikimaint.scan.work import Settings

__all__ = ["Outcome", "ScanConfig", "ScanInterruptedError", "Settings", "run_scan"]


def __getattr__(name: str) -> Any:
    """Return *name* of :data:`__all__`, imported on first use (PEP 562).

    So the modules of the package import one another without running the whole scan's
    imports, and a finished scan, resumed, imports no more than it reads.
    """
    value: Any
    if name == "Settings":
        from wikimaint.scan.work import Settings  # noqa: PLC0415

        value = Settings
    elif name in __all__:
        from wikimaint.scan import runner  # noqa: PLC0415

        value = getattr(runner, name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """Return the module's names, those not imported yet among them."""
    return sorted({*globals(), *__all__})
