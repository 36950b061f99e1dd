"""How to run the live checks: :class:`LiveOptions`, and the limits of each option.

Every option is a bounded, finite number (the command line refuses anything else before
it gets here; the library raises ValueError): a timeout of ``inf`` or a delay of ``1e308``
would end in an overflow deep in a socket call, not in a message.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from wikimaint.links.history import LOCK_WAIT
from wikimaint.links.memento import AGGREGATOR, TIMEGATES

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from wikimaint.net import Fetcher, FetchPolicy, IPNetwork

__all__ = [
    "MAX_AGE_DAYS",
    "MAX_DEADLINE",
    "MAX_DELAY",
    "MAX_LOCK_WAIT",
    "MAX_TIMEOUT",
    "MAX_WORKERS",
    "LiveOptions",
    "Stop",
]

MAX_TIMEOUT: Final = 300.0
"""Longest connect or read timeout in seconds (a whole fetch gets three times that)."""
MAX_DELAY: Final = 600.0
"""Longest politeness delay in seconds between two requests to one host."""
MAX_AGE_DAYS: Final = 3650.0
"""Oldest result reused, in days (ten years)."""
MAX_LOCK_WAIT: Final = 600.0
"""Longest wait for another process's lock on the history, in seconds."""
MAX_DEADLINE: Final = 7 * 24 * 3600.0
"""Longest run a deadline can allow, in seconds (a week)."""
MAX_WORKERS: Final = 256
"""Most requests in flight at once, and to one host."""


@dataclass
class Stop:
    """Represents whether a run of live work stopped early, and what stopped it.

    ``partial``: Ctrl-C or the deadline stopped it, so what was learned is not everything;
    ``deadline``: the deadline in seconds, when it was what stopped the run.
    """

    partial: bool = False
    deadline: float | None = None

    def summary(self) -> dict[str, Any]:
        """Return what a report's ``online`` section says of it: ``partial``, ``deadline``."""
        said: dict[str, Any] = {"partial": True} if self.partial else {}
        if self.deadline is not None:
            said["deadline"] = self.deadline
        return said


@dataclass(frozen=True)
class LiveOptions:
    """Represents how to run the live checks: where, how fast, how safely, with what memory.

    ``wayback`` is where the Wayback Machine is asked (``BASE/wayback/available``,
    ``BASE/cdx/search/cdx``, ``BASE/web/<timestamp>/<url>``); archive URLs written into
    articles always use ``https://web.archive.org``. ``allow`` lists networks exempt from
    the address-safety rule (tests allow ``127.0.0.0/8``). ``state_db`` is the SQLite
    history (None: :func:`~wikimaint.links.history.default_history_path`); ``now`` the
    clock the history uses (None: the real time). ``concurrency`` and ``per_host`` bound
    requests in flight; ``timeout`` is the connect and read timeout in seconds (a whole
    fetch, redirects included, gets three times that); a result younger than
    ``max_age_days`` is reused without a request. ``progress`` is called with
    ``(done, total)``. ``delay`` is the least time in seconds between two requests to one
    host and ``retries`` how often a transient error is retried. ``memento`` is the Memento
    aggregator asked when the Wayback Machine has no snapshot (None: ask no other archive),
    ``timegates`` the archives' own TimeGates asked when the aggregator cannot be, and
    ``archive_bases`` maps a service id to where its snapshots are fetched instead of its
    own host (tests: a local stand-in). ``lock_wait`` is how long to wait for another
    process's lock on the history before giving up. ``deadline`` bounds the whole run in
    seconds from ``started`` (when the options were made): the bot shares one deadline
    over all its pages; when it passes, what was learned is reported as partial.
    """

    wayback: str = "https://web.archive.org"
    allow: tuple[IPNetwork, ...] = ()
    state_db: Path | None = None
    now: dt.datetime | None = None
    concurrency: int = 32
    per_host: int = 4
    timeout: float = 10.0
    max_age_days: float = 7.0
    progress: Callable[[int, int], None] | None = None
    delay: float = 1.0
    retries: int = 2
    memento: str | None = AGGREGATOR
    timegates: tuple[str, ...] = TIMEGATES
    archive_bases: tuple[tuple[str, str], ...] = ()
    lock_wait: float = LOCK_WAIT
    deadline: float | None = None
    started: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        """Refuse options that cannot work (raises ValueError saying which)."""
        bases = (self.wayback, self.memento or self.wayback, *dict(self.archive_bases).values())
        for base in bases:
            parts = urlsplit(base)
            if parts.scheme not in {"http", "https"} or not parts.hostname:
                message = f"an archive base (Wayback, Memento) must be an http(s) URL, not {base!r}"
                raise ValueError(message)
        if not (1 <= self.concurrency <= MAX_WORKERS and 1 <= self.per_host <= MAX_WORKERS):
            raise ValueError(f"concurrency and per-host limits must be between 1 and {MAX_WORKERS}")
        if not 0 < self.timeout <= MAX_TIMEOUT:  # also refuses nan
            raise ValueError(f"the timeout must be finite, above 0 and at most {MAX_TIMEOUT:g} s")
        ranges = {
            "max age": (self.max_age_days, MAX_AGE_DAYS),
            "delay": (self.delay, MAX_DELAY),
            "lock wait": (self.lock_wait, MAX_LOCK_WAIT),
        }
        for name, (value, most) in ranges.items():
            if not 0 <= value <= most:
                raise ValueError(f"the {name} must be finite, between 0 and {most:g}")
        if self.retries < 0:
            raise ValueError("retries cannot be negative")
        if self.deadline is not None and not 0 < self.deadline <= MAX_DEADLINE:
            raise ValueError(f"the deadline must be finite, above 0 and at most {MAX_DEADLINE:g} s")
        if self.now is not None and self.now.utcoffset() is None:
            raise ValueError("now must be an aware datetime (with a time zone)")

    def remaining(self) -> float | None:
        """Return the seconds left before the deadline (None: no deadline), at least 0."""
        if self.deadline is None:
            return None
        return max(0.0, self.started + self.deadline - time.monotonic())

    @contextmanager
    def deadline_for(self, fetcher: Fetcher) -> Iterator[None]:
        """Cancel *fetcher* (:meth:`~wikimaint.net.Fetcher.cancel`) if the deadline passes."""
        left = self.remaining()
        if left is None:
            yield
            return
        timer = threading.Timer(left, fetcher.cancel)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()

    @contextmanager
    def stopping(self, fetcher: Fetcher) -> Iterator[Stop]:
        """Run the ``with`` block until it ends, Ctrl-C comes or the deadline passes.

        Ctrl-C (KeyboardInterrupt) ends the block and goes no further: the :class:`Stop`
        yielded then says ``partial``, and the caller reports what was learned as such. The
        deadline cancels *fetcher* (:meth:`deadline_for`), and the Stop says ``partial``
        and the ``deadline``.
        """
        stop = Stop()
        try:
            with self.deadline_for(fetcher):
                yield stop
        except KeyboardInterrupt:
            stop.partial = True
        if fetcher.cancelled and not stop.partial:
            stop.partial, stop.deadline = True, self.deadline

    def policy(self) -> FetchPolicy:
        """Return the fetch policy these options stand for."""
        from wikimaint.net import FetchPolicy  # noqa: PLC0415 - the options alone need no HTTP

        return FetchPolicy(
            connect_timeout=self.timeout,
            read_timeout=self.timeout,
            total_deadline=3 * self.timeout,
            allow_networks=tuple(self.allow),
            retries=self.retries,
            concurrency=self.concurrency,
            per_host=self.per_host,
            per_host_delay=self.delay,
        )
