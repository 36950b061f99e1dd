"""Where pages are checked: a local pool of worker processes, or Dask distributed.

:class:`LocalEngine` keeps a few units in flight per worker of a
:class:`~concurrent.futures.ProcessPoolExecutor`, so the main process holds only those
(it streams). Workers run pages in their main thread, where ``SIGALRM`` interrupts a page
that runs too long (:mod:`wikimaint.scan.work`); a worker that dies all the same (a crash,
or a page stuck in C code that never checks for signals, ended by the kernel after
:attr:`~wikimaint.scan.work.Settings.hard_limit` seconds of CPU time) breaks the pool: it
is replaced, and the units that were in flight are checked again one page at a time in a
pool of one, so that the page that kills its worker is found and kept with its status, and
no other page lost. Workers are forked from the main process when it runs no other
thread (they start at once, with the check it has already imported), and otherwise come
from a forkserver, started early (:mod:`wikimaint.scan.forking`).

:class:`DaskEngine` sends the same units to Dask workers (a ``LocalCluster``, or the
cluster at ``--scheduler``). A Dask task runs in a thread, where no signal can interrupt
it, so each task hands its unit to a :class:`LocalEngine` of one process that the Dask
worker keeps (:func:`run_guarded`): the guards are the same on both engines. Workers must
be allowed children (``distributed.worker.daemon: false``).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Self

from wikimaint.errors import InputError, WikimaintError
from wikimaint.i18n import register
from wikimaint.scan.forking import preload, worker_context
from wikimaint.scan.inputs import Unit
from wikimaint.scan.work import (
    PageResult,
    Settings,
    UnitResult,
    blank_result,
    enter_worker,
    open_unit,
    run_unit,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from types import TracebackType

__all__ = ["DaskEngine", "LocalEngine", "close_guards", "run_guarded"]

register(
    "input.dask-daemon",
    {
        "ar": "عمّال Dask لا يُسمح لهم بعمليات فرعية؛ شغّلهم مع "
        "DASK_DISTRIBUTED__WORKER__DAEMON=False",
        "en": "the Dask workers may not start processes; start them with "
        "DASK_DISTRIBUTED__WORKER__DAEMON=False",
    },
)


class LocalEngine:
    """Represents a pool of *jobs* worker processes that check units, guarded, in parallel."""

    def __init__(self, settings: Settings, jobs: int) -> None:
        """Build the engine; no process starts before :meth:`map` needs one."""
        self.settings = settings
        self.jobs = max(1, jobs)
        self.window = 2 * self.jobs + 1
        self.replaced = 0
        """How many times a dead worker's pool was replaced."""
        self._pools: dict[int, ProcessPoolExecutor] = {}

    def __enter__(self) -> Self:
        """Return the engine."""
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        """End every worker, at once when leaving on an exception (Ctrl-C among them)."""
        self.close(kill=kind is not None)

    def _pool(self, size: int) -> ProcessPoolExecutor:
        pool = self._pools.get(size)
        if pool is None:
            context = worker_context()
            if context.get_start_method() == "fork":
                preload()  # once, here, rather than in every worker
            pool = ProcessPoolExecutor(size, mp_context=context, initializer=enter_worker)
            self._pools[size] = pool
        return pool

    def _replace(self, size: int) -> None:
        pool = self._pools.pop(size, None)
        if pool is not None:
            _kill(pool)
            self.replaced += 1

    def close(self, *, kill: bool = False) -> None:
        """Stop the workers: let them finish, or with *kill* end them now."""
        for pool in self._pools.values():
            if kill:
                _kill(pool)
            else:
                pool.shutdown(wait=True)
        self._pools.clear()

    def map(self, units: Iterable[Unit]) -> Iterator[UnitResult]:
        """Yield the result of every unit of *units*, as each is done (not in order).

        An error raised while *units* is read (a damaged dump) is raised again once
        every unit before it has been yielded.
        """
        pending = iter(units)
        inflight: dict[Future[UnitResult], Unit] = {}
        failure: BaseException | None = None
        while True:
            broken: list[Unit] = []
            while failure is None and not broken and len(inflight) < self.window:
                try:
                    unit = next(pending, None)
                except InputError as error:
                    failure = error
                    break
                if unit is None:
                    break
                try:
                    inflight[self._pool(self.jobs).submit(run_unit, unit, self.settings)] = unit
                except (BrokenProcessPool, OSError):  # a worker died since the last results
                    broken.append(unit)  # (OSError: the pool was being torn down as we asked)
            if not inflight and not broken:
                break
            done, _ = wait(inflight, return_when=FIRST_COMPLETED) if inflight else (set(), set())
            for future in done:
                unit = inflight.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    broken.append(unit)
                    continue
                yield result
            if broken:
                broken += inflight.values()  # the pool is gone: every unit in it is lost
                inflight.clear()
                self._replace(self.jobs)
                for unit in broken:
                    yield self._isolate(unit)
        if failure is not None:
            raise failure

    def _isolate(self, unit: Unit) -> UnitResult:
        """Return *unit*'s result, its pages checked one by one in a pool of one process."""
        result, checked = open_unit(unit, self.settings)
        for page in checked:
            alone = Unit(unit.source, unit.key, 0, pages=(page,))
            start = time.perf_counter()
            try:
                done = self._pool(1).submit(run_unit, alone, self.settings).result()
                result.pages += done.pages
                result.cpu += done.cpu
            except BrokenProcessPool:
                self._replace(1)
                result.pages.append(self._died(blank_result(page), time.perf_counter() - start))
        return result

    def _died(self, result: PageResult, elapsed: float) -> PageResult:
        """Return *result* for a page whose worker died: stuck past the hard limit, or crashed."""
        result.elapsed = elapsed
        if elapsed >= self.settings.hard_limit * 0.9:
            result.status = "timeout"
        else:
            result.status, result.error = "error", "WorkerDied: the worker process died"
        return result


def _kill(pool: ProcessPoolExecutor) -> None:
    """End *pool*'s processes now, whatever they are doing."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(5)


_GUARDS: dict[Settings, LocalEngine] = {}


def run_guarded(unit: Unit, settings: Settings) -> UnitResult:
    """Return *unit*'s result, checked in a guarded child of this process (a Dask task)."""
    if multiprocessing.current_process().daemon:
        raise WikimaintError(
            "the Dask workers may not start processes; "
            "start them with DASK_DISTRIBUTED__WORKER__DAEMON=False"
        )
    engine = _GUARDS.get(settings)
    if engine is None:
        engine = _GUARDS[settings] = LocalEngine(settings, 1)
    return next(engine.map([unit]))


def close_guards() -> None:
    """End the guarded children of this process (run on every Dask worker at the end)."""
    for engine in _GUARDS.values():
        engine.close(kill=True)
    _GUARDS.clear()


class DaskEngine:
    """Represents Dask distributed: a ``LocalCluster`` of *jobs* workers, or *scheduler*'s."""

    def __init__(self, settings: Settings, jobs: int, scheduler: str | None = None) -> None:
        """Build the engine; the cluster starts (or is joined) in :meth:`map`."""
        self.settings = settings
        self.jobs = max(1, jobs)
        self.scheduler = scheduler
        self.replaced = 0

    def __enter__(self) -> Self:
        """Return the engine."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Nothing to end: :meth:`map` closes what it starts."""

    def map(self, units: Iterable[Unit]) -> Iterator[UnitResult]:
        """Yield the result of every unit of *units*, as each is done, from Dask workers."""
        import dask  # noqa: PLC0415 - only a Dask scan pays for importing Dask
        from distributed import Client, LocalCluster, as_completed  # noqa: PLC0415

        with dask.config.set({"distributed.worker.daemon": False}):
            if self.scheduler:
                client = Client(self.scheduler)
                cluster = None
            else:
                cluster = LocalCluster(
                    n_workers=self.jobs,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                client = Client(cluster)
        try:
            window = 2 * max(1, len(client.scheduler_info()["workers"])) + 1
            pending = iter(units)
            futures = as_completed()
            failure: BaseException | None = None

            def feed(count: int) -> None:
                nonlocal failure
                for _ in range(count):
                    try:
                        unit = next(pending, None)
                    except InputError as error:
                        failure = error
                        return
                    if unit is None:
                        return
                    futures.add(client.submit(run_guarded, unit, self.settings, pure=False))

            feed(window)
            for future in futures:
                result: UnitResult = future.result()
                future.release()
                if failure is None:
                    feed(1)
                yield result
            if failure is not None:
                raise failure
        finally:
            with contextlib.suppress(Exception):
                client.run(close_guards)
            client.close()
            if cluster is not None:
                cluster.close()
