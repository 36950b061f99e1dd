"""The fetcher: one URL hop by hop, or many at once, safely and politely.

One :class:`Fetcher` owns one :class:`requests.Session` (:mod:`~wikimaint.net.session`) and
everything that makes a fetch safe and polite: explicit timeouts and a total deadline per
fetch (:mod:`~wikimaint.net.deadline`), a cap on the body, retries with backoff, a per-host
limit and politeness delay (:mod:`~wikimaint.net.limits`), and address safety
(:mod:`~wikimaint.net.guard`).

Redirects are followed here, one hop at a time, and every hop is screened again: only
``http``/``https``; user info is stripped (no credentials are ever sent); and the host must
resolve only to global addresses (not private, loopback, link-local, multicast, reserved or
unspecified) unless the address is inside :attr:`FetchPolicy.allow_networks`. The same check
runs inside urllib3 when a connection is opened, on the very addresses the socket connects
to, so a resolver that changes its answer between the check and the connection (DNS
rebinding), or a host spelled so that two URL parsers disagree, changes nothing.

A fetch never raises for a network problem: :class:`FetchResult` carries the status, or a
stable :class:`Failure` code, and :meth:`FetchResult.raise_for_error` turns that into the
exceptions of :mod:`wikimaint.errors` for callers that want them.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Self, TypeVar
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from requests.cookies import RequestsCookieJar
from requests.utils import requote_uri
from urllib3.exceptions import (
    LocationValueError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)
from urllib3.exceptions import SSLError as Urllib3SSLError
from urllib3.exceptions import TimeoutError as Urllib3TimeoutError

from wikimaint.errors import FetchCancelledError, FetchError, UnsafeURLError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence


from wikimaint.net.deadline import CURRENT, Hop
from wikimaint.net.guard import AddressGuard, system_resolver
from wikimaint.net.limits import HostLimiter, host_key, run_fair
from wikimaint.net.policy import METHODS, Failure, FetchPolicy, FetchResult, parse_retry_after
from wikimaint.net.session import build_session

__all__ = ["Fetcher"]

T = TypeVar("T")

_CHUNK: Final = 64 * 1024
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})


# ---------------------------------------------------------------------------------------
# Errors to codes


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """Yield *exc* and every exception it wraps (causes, contexts, reasons, args)."""
    seen: set[int] = set()
    todo: deque[BaseException] = deque([exc])
    while todo:
        item = todo.popleft()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        linked = [item.__cause__, item.__context__, getattr(item, "reason", None), *item.args]
        todo.extend(e for e in linked if isinstance(e, BaseException))


_CODES: Final[tuple[tuple[tuple[type[BaseException], ...], Failure], ...]] = (
    ((UnsafeURLError,), Failure.UNSAFE_ADDRESS),
    ((FetchError,), Failure.TIMEOUT),  # raised by Hop.watch once the deadline has passed
    ((http.client.RemoteDisconnected,), Failure.EMPTY_REPLY),
    ((ConnectionRefusedError,), Failure.REFUSED),
    ((ConnectionResetError, ConnectionAbortedError, BrokenPipeError), Failure.RESET),
    ((NameResolutionError, socket.gaierror), Failure.DNS),
    ((ssl.SSLError, Urllib3SSLError, requests.exceptions.SSLError), Failure.TLS),
    ((ReadTimeoutError, TimeoutError, requests.exceptions.Timeout), Failure.TIMEOUT),
    ((LocationValueError, requests.exceptions.InvalidURL, UnicodeError), Failure.INVALID_URL),
    ((http.client.HTTPException, ProtocolError), Failure.PROTOCOL),
)


def _failure(exc: BaseException) -> Failure:
    """Return the stable code for an exception raised while fetching."""
    chain = list(_causes(exc))
    for kinds, code in _CODES:
        if any(isinstance(item, kinds) for item in chain):
            return code
    if any(
        isinstance(item, Urllib3TimeoutError) and not isinstance(item, NewConnectionError)
        for item in chain
    ):
        return Failure.TIMEOUT
    return Failure.CONNECTION


# ---------------------------------------------------------------------------------------
# The fetcher


@dataclass
class _Answer:
    """Represents one hop's outcome."""

    url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    truncated: bool = False
    error: Failure | None = None
    sent: int = 0
    queued: float = 0.0  # seconds spent waiting for the host's slot: not the server's fault


def _header_text(value: str) -> str:
    """Return a header value with raw UTF-8 restored (http.client reads headers as Latin-1).

    Arabic sites often send ``Location: /مقالة`` unencoded; read as Latin-1 it is mojibake.
    """
    try:
        return value.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return value


def _origin(url: str) -> tuple[str, str, int | None]:
    """Return the origin (scheme, host, port) of a sanitized *url*."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "", "", None
    return parts.scheme, parts.hostname or "", port


def _sanitize(url: str) -> tuple[str, Failure | None]:
    """Return *url* without user info or fragment, and why it cannot be fetched (if so)."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        _ = parts.port  # raises ValueError for a port that is not a number
    except ValueError:
        return text, Failure.INVALID_URL
    netloc = parts.netloc.rpartition("@")[2]
    clean = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
    if not parts.scheme:
        return clean, Failure.INVALID_URL
    if parts.scheme.lower() not in {"http", "https"}:
        return clean, Failure.UNSAFE_SCHEME
    if not parts.hostname:
        return clean, Failure.INVALID_URL
    return clean, None


class Fetcher:
    """Represents the one place wikimaint talks HTTP: a session, its limits and its guard.

    *resolver* maps ``(host, port)`` to addresses (default: the system resolver); *clock*
    and *sleep* drive the politeness delay, so tests can run it without waiting.
    """

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        resolver: Callable[[str, int], Sequence[str]] = system_resolver,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        """Build the session for *policy* (default: :class:`FetchPolicy` defaults).

        *sleep* waits out the politeness delay (default: a wait that :meth:`cancel` ends).
        """
        self.policy = policy or FetchPolicy()
        self._stopping = threading.Event()
        self._in_flight: set[Hop] = set()
        self._guard = AddressGuard(tuple(self.policy.allow_networks), resolver)
        pause = sleep if sleep is not None else self._stopping.wait
        self._limiter = HostLimiter(self.policy.per_host, self.policy.per_host_delay, clock, pause)
        session = build_session(self.policy, self._guard)
        self._session = session
        self._sent = 0
        self._sent_lock = threading.Lock()

    @property
    def requests_sent(self) -> int:
        """Return how many HTTP requests this fetcher has put on the wire, retries included."""
        with self._sent_lock:
            return self._sent

    def close(self) -> None:
        """Close the session's connections."""
        self._session.close()

    @property
    def cancelled(self) -> bool:
        """Return whether :meth:`cancel` was called."""
        return self._stopping.is_set()

    def cancel(self) -> None:
        """Stop: cut every request in flight; every fetch from now on raises FetchCancelledError.

        Called when a run is interrupted (Ctrl-C). A fetch cut this way raises too, rather
        than return a timeout that would be recorded as the server's fault.
        """
        self._stopping.set()
        with self._sent_lock:
            hops = list(self._in_flight)
        for hop in hops:
            hop.expire()

    def __enter__(self) -> Self:
        """Return the fetcher, to be closed at the end of the ``with`` block."""
        return self

    def __exit__(self, *_exc: object) -> None:
        """Close the session."""
        self.close()

    def fetch(
        self,
        url: str,
        method: str = "GET",
        *,
        headers: Mapping[str, str] | None = None,
        form: Mapping[str, str] | None = None,
    ) -> FetchResult:
        """Return what a *method* request for *url* gives, redirects followed one by one.

        *headers* go with the request (``Accept-Datetime``, ``Authorization``), but only to
        the origin (scheme, host, port) of *url*: a redirect elsewhere drops them, so no
        credential follows a redirect. *form* is a POST body (``application/x-www-form-
        urlencoded``); a 301, 302 or 303 answer to a POST is followed with a GET and no
        body, as browsers do. POSTs are never retried. Never raises for a network or server
        problem; raises ValueError for a method other than GET, HEAD or POST (with *form*),
        and FetchCancelledError once :meth:`cancel` was called.
        """
        method = method.upper()
        if method not in METHODS and not (method == "POST" and form is not None):
            raise ValueError(f"only GET, HEAD and POST (with a form) are fetched, not {method}")
        started = time.perf_counter()
        deadline = started + self.policy.total_deadline
        current, problem = _sanitize(url)
        requested = current
        origin = _origin(current)
        hops: list[tuple[str, int]] = []
        visited: dict[str, int] = {}
        jar = RequestsCookieJar()
        sent = 0
        while True:
            if self._stopping.is_set():
                raise FetchCancelledError(requested)
            answer = (
                _Answer(current, error=problem)
                if problem
                else self._hop(
                    current,
                    method,
                    jar,
                    deadline,
                    headers=headers if _origin(current) == origin else None,
                    form=form if method == "POST" else None,
                )
            )
            sent += answer.sent
            if self._stopping.is_set():
                with self._sent_lock:
                    self._sent += sent  # what went on the wire still counts
                raise FetchCancelledError(requested)
            deadline += answer.queued
            location = _header_text(answer.headers.get("location", ""))
            status = answer.status
            if answer.error or status is None or status not in _REDIRECTS or not location:
                with self._sent_lock:
                    self._sent += sent
                return FetchResult(
                    url=requested,
                    final_url=answer.url,
                    status=answer.status,
                    hops=tuple(hops),
                    headers=answer.headers,
                    body=answer.body,
                    truncated=answer.truncated,
                    error=answer.error,
                    elapsed=time.perf_counter() - started,
                    requests_sent=sent,
                )
            visited[requote_uri(answer.url)] = len(jar)
            hops.append((answer.url, status))
            if method == "POST" and status in {301, 302, 303}:
                method = "GET"
            current, problem = _sanitize(urljoin(answer.url, location))
            if problem is None and visited.get(requote_uri(current)) == len(jar):  # no new cookie
                problem = Failure.REDIRECT_LOOP
            elif problem is None and len(hops) > self.policy.max_redirects:
                problem = Failure.TOO_MANY_REDIRECTS

    def _hop(
        self,
        url: str,
        method: str,
        jar: RequestsCookieJar,
        deadline: float,
        *,
        headers: Mapping[str, str] | None = None,
        form: Mapping[str, str] | None = None,
    ) -> _Answer:
        """Return one request's answer, without following a redirect."""
        try:
            request = requests.Request(
                method, url, cookies=jar, headers=dict(headers or {}), data=dict(form or {})
            )
            prepared = self._session.prepare_request(request)
        except (requests.RequestException, LocationValueError, UnicodeError, ValueError):
            return _Answer(url, error=Failure.INVALID_URL)
        target = prepared.url or url
        queued = time.perf_counter()
        with self._limiter.slot(host_key(target)):
            queued = time.perf_counter() - queued
            deadline += queued
            hop = Hop(target, deadline - time.perf_counter())
            CURRENT.hop = hop
            with self._sent_lock:
                self._in_flight.add(hop)
            try:
                if self._stopping.is_set():  # cancelled while this one waited for its slot
                    raise FetchCancelledError(url)
                answer = self._exchange(prepared, target, jar, hop, deadline)
            finally:
                hop.cancel()
                CURRENT.hop = None
                with self._sent_lock:
                    self._in_flight.discard(hop)
        answer.queued = queued
        return answer

    def _exchange(
        self,
        prepared: requests.PreparedRequest,
        target: str,
        jar: RequestsCookieJar,
        hop: Hop,
        deadline: float,
    ) -> _Answer:
        """Return the answer to *prepared*: screen the address, send, read the capped body."""
        answer = _Answer(target)
        try:
            parts = urlsplit(target)
            port = parts.port or (443 if parts.scheme == "https" else 80)
            self._guard.vet(parts.hostname or "", port)
        except UnsafeURLError:
            answer.error = Failure.UNSAFE_ADDRESS
            return answer
        except socket.gaierror:
            answer.error = Failure.DNS
            return answer
        except (ValueError, UnicodeError):
            answer.error = Failure.INVALID_URL
            return answer
        try:
            response = self._session.send(
                prepared,
                stream=True,
                allow_redirects=False,
                timeout=(self.policy.connect_timeout, self.policy.read_timeout),
            )
        except Exception as exc:  # noqa: BLE001 - every transport error becomes a code here
            answer.error = Failure.TIMEOUT if hop.expired else _failure(exc)
            answer.sent = hop.sent
            return answer
        answer.status = response.status_code
        answer.headers = {key.lower(): value for key, value in response.headers.items()}
        jar.update(response.cookies)  # kept for this fetch's later hops only
        if prepared.method != "HEAD":
            self._read_body(response, answer, hop, deadline)
        hop.cancel()  # before the connection can go back to the pool
        if answer.error is None and not answer.truncated:
            response.raw.drain_conn()  # the body is all read: keep the connection alive
            response.raw.release_conn()
        else:
            response.close()
        answer.sent = hop.sent
        wait = parse_retry_after(answer.headers) if answer.status in {429, 503} else None
        if wait:
            self._limiter.defer(host_key(target), min(wait, self.policy.max_retry_after))
        return answer

    def _read_body(
        self, response: requests.Response, answer: _Answer, hop: Hop, deadline: float
    ) -> None:
        """Read at most ``max_bytes`` of the body into *answer*, stopping at the deadline."""
        limit = self.policy.max_bytes
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.raw.stream(_CHUNK, decode_content=True):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    answer.truncated = True
                    break
                if time.perf_counter() >= deadline:
                    answer.truncated, answer.error = True, Failure.TIMEOUT
                    break
        except Exception as exc:  # noqa: BLE001 - a broken body is reported, not raised
            answer.truncated = True
            answer.error = Failure.TIMEOUT if hop.expired else _failure(exc)
        if hop.expired and answer.error is None:
            answer.truncated, answer.error = True, Failure.TIMEOUT
        answer.body = b"".join(chunks)[:limit]

    def run_each(
        self,
        urls: Iterable[str],
        work: Callable[[str], T],
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, T]:
        """Return ``{url: work(url)}`` for each distinct URL, hosts in turn (:func:`run_fair`).

        Interrupted (Ctrl-C), it cancels the fetches in flight (:meth:`cancel`) and lets the
        KeyboardInterrupt go on once its workers have stopped.
        """
        policy = self.policy
        return run_fair(
            urls,
            work,
            concurrency=policy.concurrency,
            per_host=policy.per_host,
            progress=progress,
            on_stop=self.cancel,
        )

    def fetch_many(
        self,
        urls: Iterable[str],
        method: str = "GET",
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, FetchResult]:
        """Return ``{url: FetchResult}`` for each distinct URL, fetched as :meth:`run_each` does."""
        return self.run_each(urls, lambda url: self.fetch(url, method), progress)
