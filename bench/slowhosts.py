"""Slow, counting HTTP servers on loopback hosts, shared by the link benchmarks.

Each server answers every request after ``delay`` seconds (``/page/…``: 200 with a small
HTML page; anything else: 404) and counts the requests it served; ``GET /__count`` returns
the count without being counted or delayed. A subclass of :class:`SlowHandler` changes the
answers by overriding ``reply``. Not a benchmark itself (``run_all.py`` runs ``bench_*.py``).
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Lock, Thread
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from multiprocessing.queues import Queue
    from multiprocessing.synchronize import Event

__all__ = ["DELAY", "HOSTS", "CountingServer", "SlowHandler", "counts", "hosts_in_child", "start"]

HOSTS = [f"127.0.0.{i}" for i in range(2, 22)]
"""Twenty loopback addresses, so that a per-host limit really applies."""
DELAY = 0.1
"""Seconds each slow server waits before answering."""


class CountingServer(ThreadingHTTPServer):
    """Represents a threaded server that counts the requests it answers."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type, delay: float) -> None:
        super().__init__(address, handler)
        self.count = 0
        self.delay = delay
        self.lock = Lock()


class SlowHandler(BaseHTTPRequestHandler):
    """Represents the answers of a slow site: a page under ``/page/``, 404 elsewhere."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: CountingServer

    def do_GET(self) -> None:
        self.answer(body=True)

    def do_HEAD(self) -> None:
        self.answer(body=False)

    def send(self, status: int, data: bytes, *, body: bool, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def answer(self, *, body: bool) -> None:
        if self.path == "/__count":
            self.send(200, str(self.server.count).encode(), body=True, headers={})
            return
        with self.server.lock:
            self.server.count += 1
        if self.server.delay:
            time.sleep(self.server.delay)
        status, data, headers = self.reply()
        self.send(status, data, body=body, headers=headers)

    def reply(self) -> tuple[int, bytes, dict[str, str]]:
        """Return the status, body and headers for ``self.path``."""
        page = b"<html><title>page</title><body>" + b"text " * 200 + b"</body></html>"
        html = {"Content-Type": "text/html; charset=utf-8"}
        return (200 if self.path.startswith("/page/") else 404), page, html

    def log_message(self, *_args: object) -> None:
        pass


def start(
    host: str, handler: type[SlowHandler] = SlowHandler, delay: float = DELAY
) -> tuple[CountingServer, str]:
    """Return a server on *host* (any free port), already serving, and its base URL."""
    server = CountingServer((host, 0), handler, delay)
    Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}"


def counts(bases: list[str]) -> list[int]:
    """Return how many requests each server at *bases* has answered so far."""
    result = []
    for base in bases:
        with urllib.request.urlopen(f"{base}/__count", timeout=5) as answer:
            result.append(int(answer.read()))
    return result


def _serve(handler: type[SlowHandler], ready: Queue[list[str]], stop: Event) -> None:
    started = [start(host, handler) for host in HOSTS]
    ready.put([base for _, base in started])
    stop.wait()
    for server, _ in started:
        server.shutdown()


@contextlib.contextmanager
def hosts_in_child(handler: type[SlowHandler] = SlowHandler) -> Iterator[list[str]]:
    """Serve *handler* on every host of :data:`HOSTS` from a child process; yield the bases.

    A child process, so that the servers do not compete with the client for the GIL.
    """
    ready: Queue[list[str]] = mp.Queue()
    stop = mp.Event()
    child = mp.Process(target=_serve, args=(handler, ready, stop), daemon=True)
    child.start()
    try:
        yield ready.get(timeout=10)
    finally:
        stop.set()
        child.join(timeout=5)
