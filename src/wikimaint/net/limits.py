"""Politeness and patience: per-host limits and delays, bounded retries, and a host-fair runner."""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self, TypeVar
from urllib.parse import urlsplit

from urllib3.exceptions import (
    InvalidHeader,
    MaxRetryError,
    ResponseError,
)
from urllib3.util.retry import Retry

from wikimaint.errors import FetchCancelledError
from wikimaint.net.deadline import current_hop

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from types import TracebackType

    from urllib3.connectionpool import ConnectionPool
    from urllib3.response import BaseHTTPResponse

__all__ = ["HostLimiter", "PatientRetry", "host_key", "run_fair"]

T = TypeVar("T")

class PatientRetry(Retry):
    """Represents urllib3's Retry that will not wait longer than ``patience`` seconds.

    A ``Retry-After`` longer than that ends the retries and returns the answer (a 429 the
    caller can report), where plain Retry would sleep for hours or cut the wait short.
    """

    patience: float = 10.0

    def new(self, **kw: Any) -> Self:
        """Return the next Retry, with the same patience."""
        fresh = super().new(**kw)
        fresh.patience = self.patience
        return fresh

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> Self:
        """Count one more try; give up at once on a Retry-After longer than the patience."""
        if response is not None and _pool is not None:
            try:
                wait = self.get_retry_after(response)
            except InvalidHeader:  # junk is no request to wait
                wait = None
            if wait is not None and wait > self.patience:
                reason = ResponseError(f"Retry-After {wait:.0f} s exceeds {self.patience:.0f} s")
                raise MaxRetryError(_pool, url, reason)
        return super().increment(method, url, response, error, _pool, _stacktrace)

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        """Wait before the next try as Retry does, but stop waiting when the request is cut.

        A run stopped by Ctrl-C, or a fetch past its deadline, does not sit out a backoff
        or a ``Retry-After`` first.
        """
        wait = None
        if self.respect_retry_after_header and response is not None:
            try:
                wait = self.get_retry_after(response)
            except InvalidHeader:
                wait = None
        if not wait:
            wait = self.get_backoff_time()
        hop = current_hop()
        if hop is not None:
            hop.pause(wait)
        elif wait > 0:
            time.sleep(wait)


# ---------------------------------------------------------------------------------------
# Politeness


@dataclass
class _HostState:
    semaphore: threading.Semaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = float("-inf")


class HostLimiter:
    """Represents the per-host limit: at most *per_host* at once, starts *delay* apart."""

    def __init__(
        self,
        per_host: int,
        delay: float,
        clock: Callable[[], float],
        sleep: Callable[[float], object],
    ) -> None:
        """Build the limiter; *clock* and *sleep* drive the delay (tests pass their own)."""
        self._per_host = per_host
        self._delay = delay
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, _HostState] = {}
        self._lock = threading.Lock()

    def _state(self, host: str) -> _HostState:
        with self._lock:
            state = self._hosts.get(host)
            if state is None:
                state = _HostState(threading.Semaphore(self._per_host))
                self._hosts[host] = state
            return state

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of *host*'s slots, after waiting out its politeness delay."""
        state = self._state(host)
        with state.semaphore:
            with state.lock:
                now = self._clock()
                start = max(now, state.next_start)
                state.next_start = start + self._delay
            if start > now:
                self._sleep(start - now)
            yield

    def defer(self, host: str, seconds: float) -> None:
        """Start no new request to *host* for *seconds* (a server's ``Retry-After``)."""
        state = self._state(host)
        with state.lock:
            state.next_start = max(state.next_start, self._clock() + seconds)


def host_key(url: str) -> str:
    """Return the host that *url*'s requests count against (lower case; "" if none)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def run_fair(
    urls: Iterable[str],
    work: Callable[[str], T],
    *,
    concurrency: int,
    per_host: int,
    progress: Callable[[int, int], None] | None = None,
    on_stop: Callable[[], None] | None = None,
) -> dict[str, T]:
    """Return ``{url: work(url)}`` for each distinct URL, run in parallel politely.

    At most *concurrency* run at once and at most *per_host* for one host; hosts
    are served in turn, so a long run of one host's URLs does not idle the workers.
    *progress* is called with ``(done, total)`` after each URL.

    When the calling thread is interrupted (Ctrl-C: KeyboardInterrupt), no URL is started
    any more, *on_stop* is called to cut the ones in flight, and once the workers are
    done the interrupt goes on up; a URL whose work raised FetchCancelledError has no
    result. What the work recorded meanwhile stays recorded.
    """
    ordered = list(dict.fromkeys(urls))
    results: dict[str, T] = {}
    if not ordered:
        return results
    queues: dict[str, deque[str]] = {}
    for url in ordered:
        queues.setdefault(host_key(url), deque()).append(url)
    turn: deque[str] = deque(queues)
    active: Counter[str] = Counter()
    ready = threading.Condition()
    report = threading.Lock()
    total = len(ordered)
    stopped = threading.Event()

    def take() -> tuple[str, str] | None:
        with ready:
            while turn and not stopped.is_set():
                for _ in range(len(turn)):
                    host = turn[0]
                    turn.rotate(-1)
                    if active[host] < per_host:
                        url = queues[host].popleft()
                        if not queues[host]:
                            turn.remove(host)
                        active[host] += 1
                        return host, url
                ready.wait()
            return None

    def worker() -> None:
        while (taken := take()) is not None:
            host, url = taken
            try:
                value = work(url)
            except FetchCancelledError:
                continue
            finally:
                with ready:
                    active[host] -= 1
                    ready.notify_all()
            with report:
                results[url] = value
                if progress is not None:
                    progress(len(results), total)

    workers = min(concurrency, total)
    pool = ThreadPoolExecutor(workers, thread_name_prefix="wikimaint-fetch")
    try:
        futures = [pool.submit(worker) for _ in range(workers)]
        for future in futures:
            future.result()
    except BaseException:
        with ready:
            stopped.set()
            ready.notify_all()
        if on_stop is not None:
            on_stop()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return results
