"""How a scan's worker processes start: forked from this process, or from a forkserver.

A fork starts at once with everything this process has imported, the whole check
(:mod:`wikimaint.scan.pagecheck`) among it: :func:`preload` imports it before a pool of
forked workers starts. A fork of a process with threads (a Dask worker, a test suite's
servers) may copy a lock another thread holds; there workers start from a forkserver, a
clean process that imports the check once, started early (:func:`start_early`) so that
it does so while this process opens the sources and the database. ``multiprocessing`` is
imported when workers are wanted: a finished scan, resumed, needs none.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

__all__ = ["preload", "start_early", "worker_context"]


def worker_context() -> Any:
    """Return how to start workers: forked from this process when it runs no other thread."""
    import multiprocessing  # noqa: PLC0415 - see the module's docstring

    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["wikimaint.scan.work", "wikimaint.scan.pagecheck"])
    return context


def preload() -> None:
    """Import the whole check in this process, before workers are forked from it.

    They then start with it, at once: :mod:`wikimaint.scan.work` itself imports it only
    when a page is checked.
    """
    import wikimaint.scan.pagecheck  # noqa: F401, PLC0415


def start_early() -> None:
    """Start the forkserver, where workers will come from one, without waiting for it.

    It imports the whole check (a fifth of a second) while this process opens the
    sources and the database; the first worker then starts at once.
    """
    import multiprocessing.forkserver  # noqa: PLC0415

    if worker_context().get_start_method() == "forkserver":
        multiprocessing.forkserver.ensure_running()
