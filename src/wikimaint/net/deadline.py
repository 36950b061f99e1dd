"""Wall-time bounds: each request in flight (a :class:`Hop`) has a deadline a watchdog enforces."""

from __future__ import annotations

import heapq
import itertools
import socket
import threading
import time
from contextlib import suppress

from wikimaint.errors import FetchError

__all__ = [
    "CURRENT",
    "Hop",
    "current_hop",
]

class Hop:
    """Represents one request in flight on this thread: its deadline, counts and addresses.

    A timer shuts the sockets down when the deadline passes, so neither a slow-drip header
    nor a slow-drip body holds a worker past ``total_deadline``. Sockets are kept, not the
    connection: http.client forgets ``conn.sock`` once a ``Connection: close`` reply starts.
    """

    def __init__(self, url: str, seconds: float) -> None:
        """Start the clock for a request to *url*: *seconds* until the sockets are cut."""
        self.url = url
        self.expired = False
        self.sent = 0
        self.resolved: dict[tuple[str, int], list[str]] = {}
        self._sockets: list[socket.socket] = []
        self._done = False
        self._lock = threading.Lock()
        self._cut = threading.Event()
        _WATCHDOG.watch(time.monotonic() + max(seconds, 0.0), self)

    def watch(self, sock: object) -> None:
        """Cut *sock* at the deadline; refuse to go on when it has already passed."""
        with self._lock:
            if self.expired:  # not an OSError, so urllib3 does not retry: it goes straight up
                raise FetchError(self.url, "timeout")
            if isinstance(sock, socket.socket):
                self._sockets.append(sock)

    def expire(self) -> None:
        """Cut the sockets now, unless the request is already done (the watchdog calls it)."""
        with self._lock:
            if self._done:
                return
            self.expired = True
            self._cut.set()
            for sock in self._sockets:
                # The base method: SSLSocket.shutdown would drop its SSL object under a reader.
                with suppress(OSError):
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def pause(self, seconds: float) -> None:
        """Wait *seconds* (a retry's backoff), or less when the request is cut meanwhile."""
        self._cut.wait(max(seconds, 0.0))

    def cancel(self) -> None:
        """Stop the clock; once this returns no socket will be cut (it may go back to a pool)."""
        with self._lock:
            self._done = True


class _Watchdog:
    """Represents one thread that expires every request's deadline, in deadline order.

    One shared thread instead of a timer thread per request: starting a thread costs more
    than a request to a fast server. A finished request stays in the heap until its
    deadline, when expiring it does nothing.
    """

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Hop]] = []
        self._order = itertools.count()
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def watch(self, when: float, hop: Hop) -> None:
        """Expire *hop* at monotonic time *when*."""
        with self._wake:
            heapq.heappush(self._heap, (when, next(self._order), hop))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="wikimaint-deadlines", daemon=True
                )
                self._thread.start()
            elif self._heap[0][2] is hop:
                self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._heap:
                    self._wake.wait()
                when = self._heap[0][0]
                wait = when - time.monotonic()
                if wait > 0:
                    self._wake.wait(wait)
                    continue
                hop = heapq.heappop(self._heap)[2]
            hop.expire()


_WATCHDOG = _Watchdog()
CURRENT = threading.local()


def current_hop() -> Hop | None:
    """Return the request in flight on this thread (None outside a fetch)."""
    hop = getattr(CURRENT, "hop", None)
    return hop if isinstance(hop, Hop) else None
