"""The whole-wiki scan: citation-check's offline check over dumps and folders, on every core.

:mod:`~wikimaint.scan.inputs` turns each SOURCE (a dump read by
:mod:`~wikimaint.scan.dumps`, a multistream dump through its index, a folder or wikitext
files) into units of about 100 pages; an engine of :mod:`~wikimaint.scan.engines` (a
local process pool, or Dask distributed) runs :func:`~wikimaint.scan.work.run_unit` on
each, which reads the unit where it can and checks its pages under the per-page guards;
:mod:`~wikimaint.scan.runner` streams the results into the SQLite database of
:mod:`~wikimaint.scan.store` one committed unit at a time, which is what ``--resume`` and
``--since`` build on, shows :mod:`~wikimaint.scan.progress`, and writes the exports.
"""

from __future__ import annotations

from wikimaint.scan.runner import Outcome, ScanConfig, ScanInterruptedError, run_scan
from wikimaint.scan.work import Settings

__all__ = ["Outcome", "ScanConfig", "ScanInterruptedError", "Settings", "run_scan"]
