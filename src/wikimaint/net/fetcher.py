"""HTTP for wikimaint: the only module that imports requests.

One :class:`Fetcher` owns one :class:`requests.Session` and everything that makes a fetch
safe and polite: explicit timeouts and a total deadline per fetch, a cap on the body,
retries with backoff through urllib3's ``Retry``, a per-host limit and politeness delay,
and address safety.

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

import heapq
import http.client
import ipaddress
import itertools
import re
import socket
import ssl
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from enum import StrEnum
from http.cookiejar import DefaultCookiePolicy
from typing import TYPE_CHECKING, Any, ClassVar, Final, Self, TypeAlias, TypeVar
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from requests.cookies import RequestsCookieJar
from requests.utils import requote_uri
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    InvalidHeader,
    LocationValueError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    ResponseError,
)
from urllib3.exceptions import SSLError as Urllib3SSLError
from urllib3.exceptions import TimeoutError as Urllib3TimeoutError
from urllib3.util import connection as urllib3_connection
from urllib3.util.retry import Retry

from wikimaint._version import __version__
from wikimaint.errors import FetchError, RateLimitedError, UnsafeURLError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from types import TracebackType

    from urllib3.connectionpool import ConnectionPool
    from urllib3.response import BaseHTTPResponse

__all__ = [
    "CONTACT_URL",
    "Failure",
    "FetchPolicy",
    "FetchResult",
    "Fetcher",
    "ProgressCallback",
    "Resolver",
    "address_allowed",
    "default_user_agent",
    "literal_address",
    "system_resolver",
]

CONTACT_URL: Final = "https://example.org/wikimaint/contact"
"""Placeholder contact page for the User-Agent; an operator passes their own."""

IPAddress: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork: TypeAlias = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver: TypeAlias = Callable[[str, int], Sequence[str]]
"""Maps ``(host, port)`` to IP address strings; raises socket.gaierror when there are none."""
ProgressCallback: TypeAlias = Callable[[int, int], None]
"""Called with ``(done, total)`` as a batch goes on."""
T = TypeVar("T")

_CHUNK: Final = 64 * 1024
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
_METHODS: Final = frozenset({"GET", "HEAD"})
_NUMERIC_HOST: Final = re.compile(r"[0-9a-fA-FxX.]+")
_NAT64: Final = ipaddress.IPv6Network("64:ff9b::/96")


def default_user_agent(contact: str = CONTACT_URL) -> str:
    """Return a descriptive User-Agent, in the Wikimedia form ``name/version (contact) lib``."""
    library = f"python-requests/{requests.__version__}"
    return f"wikimaint/{__version__} ({contact}; citation link checker) {library}"


class Failure(StrEnum):
    """Represents why a fetch got no usable answer; the values are stable codes."""

    DNS = "dns"
    REFUSED = "refused"
    RESET = "reset"
    TIMEOUT = "timeout"
    TLS = "tls"
    EMPTY_REPLY = "empty-reply"
    PROTOCOL = "protocol"
    CONNECTION = "connection"
    REDIRECT_LOOP = "redirect-loop"
    TOO_MANY_REDIRECTS = "too-many-redirects"
    UNSAFE_SCHEME = "unsafe-scheme"
    UNSAFE_ADDRESS = "unsafe-address"
    INVALID_URL = "invalid-url"


@dataclass(frozen=True)
class FetchPolicy:
    """Represents the limits of every fetch: timeouts, sizes, retries, politeness, safety.

    Times are in seconds. ``total_deadline`` bounds one :meth:`Fetcher.fetch` (all its hops,
    retries and the body read, but not time spent queueing for a host); ``per_host_delay``
    is the least time between the starts of two requests to one host; ``retry_statuses``
    are retried (idempotent methods only), but a ``Retry-After`` longer than
    ``max_retry_after`` is not waited for: the answer is returned.
    """

    user_agent: str = field(default_factory=default_user_agent)
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_deadline: float = 30.0
    max_bytes: int = 2 * 1024 * 1024
    max_redirects: int = 10
    allow_networks: tuple[IPNetwork, ...] = ()
    retries: int = 2
    backoff_factor: float = 0.5
    retry_statuses: frozenset[int] = frozenset({429, 502, 503, 504})
    max_retry_after: float = 10.0
    concurrency: int = 16
    per_host: int = 2
    per_host_delay: float = 1.0
    verify_tls: bool = True

    def __post_init__(self) -> None:
        """Refuse limits that cannot work (a zero timeout, no workers, a negative cap)."""
        if min(self.connect_timeout, self.read_timeout, self.total_deadline) <= 0:
            raise ValueError("timeouts and the deadline must be positive")
        if self.max_bytes < 0 or self.max_redirects < 0 or self.retries < 0:
            raise ValueError("max_bytes, max_redirects and retries cannot be negative")
        if self.concurrency < 1 or self.per_host < 1:
            raise ValueError("concurrency and per_host must be at least 1")
        if self.per_host_delay < 0 or self.backoff_factor < 0 or self.max_retry_after < 0:
            raise ValueError("delays cannot be negative")


@dataclass(frozen=True)
class FetchResult:
    """Represents what one fetch saw, redirects included.

    ``status`` is the last response's HTTP status (None when no response came). ``hops``
    holds ``(url, status)`` for each redirect followed. ``error`` is a :class:`Failure` or
    None; it can come with a status when the body read failed (``timeout``, ``reset``).
    ``truncated`` says the body is incomplete: cut at ``max_bytes`` or by an error.
    ``requests_sent`` counts the HTTP requests put on the wire, retries included.
    """

    url: str
    final_url: str
    status: int | None
    hops: tuple[tuple[str, int], ...] = ()
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    truncated: bool = False
    error: Failure | None = None
    elapsed: float = 0.0
    requests_sent: int = 0

    @property
    def retry_after(self) -> float | None:
        """Return the server's ``Retry-After`` in seconds (from seconds or a date), or None."""
        return _retry_after(self.headers)

    def raise_for_error(self) -> None:
        """Raise the :mod:`wikimaint.errors` exception for a failed fetch; return if it worked.

        Unsafe URLs raise :class:`UnsafeURLError`, 429 raises :class:`RateLimitedError`, any
        other failure or a status of 400 or more raises :class:`FetchError`.
        """
        if self.error in {Failure.UNSAFE_ADDRESS, Failure.UNSAFE_SCHEME}:
            raise UnsafeURLError(self.final_url, str(self.error))
        if self.status == 429:
            raise RateLimitedError(self.final_url, self.retry_after)
        if self.error is not None:
            raise FetchError(self.final_url, str(self.error))
        if self.status is None or self.status >= 400:
            raise FetchError(self.final_url, f"http-{self.status}")


def _retry_after(headers: dict[str, str]) -> float | None:
    """Return the ``Retry-After`` of lower-cased *headers* in seconds, or None."""
    value = headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


# ---------------------------------------------------------------------------------------
# Address safety


def literal_address(host: str) -> IPAddress | None:
    """Return the IP address *host* spells, or None when it is a name.

    Besides the usual forms (``127.0.0.1``, ``[::1]``) this reads the ones resolvers accept
    and filters forget: decimal ``2130706433``, octal ``0177.0.0.1``, hex ``0x7f.1``, short
    ``127.1``.
    """
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if _NUMERIC_HOST.fullmatch(bare) and any(char.isdigit() for char in bare):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(bare))
        except OSError:
            return None
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """Return the IPv4 address an IPv6 address carries (mapped, 6to4, Teredo, NAT64), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64 or int(address) >> 32 == 0:  # NAT64 and the old ::a.b.c.d form
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _is_public(address: IPAddress) -> bool:
    """Return whether *address* is a global unicast address (and so is what it embeds)."""
    if (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    ):
        return False
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        return embedded is None or _is_public(embedded)
    return True


def address_allowed(address: IPAddress, allow: Sequence[IPNetwork] = ()) -> bool:
    """Return whether a fetch may connect to *address*: a public one, or one in *allow*."""
    candidates: list[IPAddress] = [address]
    if isinstance(address, ipaddress.IPv6Address) and (mapped := _embedded_ipv4(address)):
        candidates.append(mapped)
    for candidate in candidates:
        if any(candidate.version == net.version and candidate in net for net in allow):
            return True
    return _is_public(address)


def system_resolver(host: str, port: int) -> list[str]:
    """Return every address the system resolver gives for *host* (raises socket.gaierror)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _Hop:
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
            for sock in self._sockets:
                # The base method: SSLSocket.shutdown would drop its SSL object under a reader.
                with suppress(OSError):
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)

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
        self._heap: list[tuple[float, int, _Hop]] = []
        self._order = itertools.count()
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def watch(self, when: float, hop: _Hop) -> None:
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
_current = threading.local()


def _current_hop() -> _Hop | None:
    hop = getattr(_current, "hop", None)
    return hop if isinstance(hop, _Hop) else None


@dataclass(frozen=True)
class _AddressGuard:
    """Represents the address rule: resolve, and refuse unless every address is allowed."""

    allow: tuple[IPNetwork, ...]
    resolver: Callable[[str, int], Sequence[str]]

    def vet(self, host: str, port: int) -> list[str]:
        """Return the addresses to connect to; raise UnsafeURLError or socket.gaierror."""
        literal = literal_address(host)
        hop = _current_hop()
        if literal is not None:
            addresses = [str(literal)]
        elif hop is not None and (host, port) in hop.resolved:
            addresses = hop.resolved[(host, port)]
        else:
            addresses = list(self.resolver(host, port))
            if hop is not None:
                hop.resolved[(host, port)] = addresses
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, f"no address for {host}")
        for text in addresses:
            if not address_allowed(ipaddress.ip_address(text), self.allow):
                raise UnsafeURLError(host, f"unsafe-address {text}")
        return addresses


def _guarded_socket(conn: HTTPConnection, guard: _AddressGuard) -> socket.socket:
    """Return a socket to a vetted address of ``conn.host`` (urllib3's ``_new_conn``)."""
    hop = _current_hop()
    if hop is not None:
        hop.watch(None)
    try:
        addresses = guard.vet(conn.host, conn.port)
    except socket.gaierror as exc:
        raise NameResolutionError(conn.host, conn, exc) from exc
    last: OSError | None = None
    for address in addresses:
        try:
            sock = urllib3_connection.create_connection(
                (address, conn.port),
                conn.timeout,
                source_address=conn.source_address,
                socket_options=conn.socket_options,
            )
        except TimeoutError as exc:
            raise ConnectTimeoutError(conn, f"connection to {conn.host} timed out") from exc
        except OSError as exc:
            last = exc
        else:
            if hop is not None:
                hop.watch(sock)
            return sock
    raise NewConnectionError(conn, f"failed to connect: {last}") from last


def _count_request(conn: HTTPConnection) -> None:
    """Count a request about to be sent on *conn* and watch its (TLS) socket."""
    hop = _current_hop()
    if hop is not None:
        hop.watch(conn.sock)
        hop.sent += 1


class _GuardedHTTPConnection(HTTPConnection):
    guard: ClassVar[_AddressGuard]

    def _new_conn(self) -> socket.socket:
        return _guarded_socket(self, self.guard)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _count_request(self)
        super().request(*args, **kwargs)


class _GuardedHTTPSConnection(HTTPSConnection):
    guard: ClassVar[_AddressGuard]

    def _new_conn(self) -> socket.socket:
        return _guarded_socket(self, self.guard)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _count_request(self)  # after urllib3's early connect: the socket is the TLS one
        super().request(*args, **kwargs)


def _pool_classes(address_guard: _AddressGuard) -> dict[str, type[HTTPConnectionPool]]:
    """Return urllib3 pool classes whose connections go through *address_guard*."""

    class Connection(_GuardedHTTPConnection):
        guard = address_guard

    class SecureConnection(_GuardedHTTPSConnection):
        guard = address_guard

    class Pool(HTTPConnectionPool):
        ConnectionCls = Connection

    class SecurePool(HTTPSConnectionPool):
        ConnectionCls = SecureConnection

    return {"http": Pool, "https": SecurePool}


class _GuardedAdapter(HTTPAdapter):
    """Represents requests' adapter with guarded connections."""

    def __init__(self, guard: _AddressGuard, **kwargs: Any) -> None:
        self._guard = guard
        super().__init__(**kwargs)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = _pool_classes(self._guard)


class _PatientRetry(Retry):
    """Represents urllib3's Retry that will not wait longer than ``patience`` seconds.

    A ``Retry-After`` longer than that ends the retries and returns the answer (a 429 the
    caller can report), where plain Retry would sleep for hours or cut the wait short.
    """

    patience: float = 10.0

    def new(self, **kw: Any) -> Self:
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
        if response is not None and _pool is not None:
            try:
                wait = self.get_retry_after(response)
            except InvalidHeader:  # junk is no request to wait
                wait = None
            if wait is not None and wait > self.patience:
                reason = ResponseError(f"Retry-After {wait:.0f} s exceeds {self.patience:.0f} s")
                raise MaxRetryError(_pool, url, reason)
        return super().increment(method, url, response, error, _pool, _stacktrace)


# ---------------------------------------------------------------------------------------
# Politeness


@dataclass
class _HostState:
    semaphore: threading.Semaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = float("-inf")


class _HostLimiter:
    """Represents the per-host limit: at most *per_host* at once, starts *delay* apart."""

    def __init__(
        self,
        per_host: int,
        delay: float,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
    ) -> None:
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


def _host_key(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


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
    ((FetchError,), Failure.TIMEOUT),  # raised by _Hop.watch once the deadline has passed
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
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Build the session for *policy* (default: :class:`FetchPolicy` defaults)."""
        self.policy = policy or FetchPolicy()
        self._guard = _AddressGuard(tuple(self.policy.allow_networks), resolver)
        self._limiter = _HostLimiter(self.policy.per_host, self.policy.per_host_delay, clock, sleep)
        retry = _PatientRetry(
            total=self.policy.retries,
            connect=self.policy.retries,
            read=self.policy.retries,
            status=self.policy.retries,
            other=0,
            allowed_methods=_METHODS,
            status_forcelist=self.policy.retry_statuses,
            backoff_factor=self.policy.backoff_factor,
            respect_retry_after_header=True,
            raise_on_status=False,
            raise_on_redirect=False,
        )
        retry.patience = self.policy.max_retry_after
        adapter = _GuardedAdapter(
            self._guard,
            max_retries=retry,
            pool_connections=max(64, self.policy.concurrency),
            pool_maxsize=self.policy.per_host,
        )
        session = requests.Session()
        session.trust_env = False  # no proxies, .netrc credentials or CA bundles from the env
        session.verify = self.policy.verify_tls
        session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))  # keep none
        session.headers.update(
            {
                "User-Agent": self.policy.user_agent,
                "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                "Accept-Language": "ar,en;q=0.8",
            }
        )
        session.mount("http://", adapter)
        session.mount("https://", adapter)
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

    def __enter__(self) -> Self:
        """Return the fetcher, to be closed at the end of the ``with`` block."""
        return self

    def __exit__(self, *_exc: object) -> None:
        """Close the session."""
        self.close()

    def fetch(self, url: str, method: str = "GET") -> FetchResult:
        """Return what a *method* request for *url* gives, redirects followed one by one.

        Never raises for a network or server problem; raises ValueError for a method other
        than GET or HEAD.
        """
        method = method.upper()
        if method not in _METHODS:
            raise ValueError(f"only GET and HEAD are fetched, not {method}")
        started = time.perf_counter()
        deadline = started + self.policy.total_deadline
        current, problem = _sanitize(url)
        requested = current
        hops: list[tuple[str, int]] = []
        visited: dict[str, int] = {}
        jar = RequestsCookieJar()
        sent = 0
        while True:
            answer = (
                _Answer(current, error=problem)
                if problem
                else self._hop(current, method, jar, deadline)
            )
            sent += answer.sent
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
            current, problem = _sanitize(urljoin(answer.url, location))
            if problem is None and visited.get(requote_uri(current)) == len(jar):  # no new cookie
                problem = Failure.REDIRECT_LOOP
            elif problem is None and len(hops) > self.policy.max_redirects:
                problem = Failure.TOO_MANY_REDIRECTS

    def _hop(self, url: str, method: str, jar: RequestsCookieJar, deadline: float) -> _Answer:
        """Return one request's answer, without following a redirect."""
        try:
            prepared = self._session.prepare_request(requests.Request(method, url, cookies=jar))
        except (requests.RequestException, LocationValueError, UnicodeError, ValueError):
            return _Answer(url, error=Failure.INVALID_URL)
        target = prepared.url or url
        queued = time.perf_counter()
        with self._limiter.slot(_host_key(target)):
            queued = time.perf_counter() - queued
            deadline += queued
            hop = _Hop(target, deadline - time.perf_counter())
            _current.hop = hop
            try:
                answer = self._exchange(prepared, target, jar, hop, deadline)
            finally:
                hop.cancel()
                _current.hop = None
        answer.queued = queued
        return answer

    def _exchange(
        self,
        prepared: requests.PreparedRequest,
        target: str,
        jar: RequestsCookieJar,
        hop: _Hop,
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
        if prepared.method == "GET":
            self._read_body(response, answer, hop, deadline)
        hop.cancel()  # before the connection can go back to the pool
        if answer.error is None and not answer.truncated:
            response.raw.drain_conn()  # the body is all read: keep the connection alive
            response.raw.release_conn()
        else:
            response.close()
        answer.sent = hop.sent
        wait = _retry_after(answer.headers) if answer.status in {429, 503} else None
        if wait:
            self._limiter.defer(_host_key(target), min(wait, self.policy.max_retry_after))
        return answer

    def _read_body(
        self, response: requests.Response, answer: _Answer, hop: _Hop, deadline: float
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
        """Return ``{url: work(url)}`` for each distinct URL, run in parallel politely.

        At most ``concurrency`` run at once and at most ``per_host`` for one host; hosts
        are served in turn, so a long run of one host's URLs does not idle the workers.
        *progress* is called with ``(done, total)`` after each URL.
        """
        ordered = list(dict.fromkeys(urls))
        results: dict[str, T] = {}
        if not ordered:
            return results
        queues: dict[str, deque[str]] = {}
        for url in ordered:
            queues.setdefault(_host_key(url), deque()).append(url)
        turn: deque[str] = deque(queues)
        active: Counter[str] = Counter()
        ready = threading.Condition()
        report = threading.Lock()
        total = len(ordered)

        def take() -> tuple[str, str] | None:
            with ready:
                while turn:
                    for _ in range(len(turn)):
                        host = turn[0]
                        turn.rotate(-1)
                        if active[host] < self.policy.per_host:
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
                finally:
                    with ready:
                        active[host] -= 1
                        ready.notify_all()
                with report:
                    results[url] = value
                    if progress is not None:
                        progress(len(results), total)

        workers = min(self.policy.concurrency, total)
        with ThreadPoolExecutor(workers, thread_name_prefix="wikimaint-fetch") as pool:
            futures = [pool.submit(worker) for _ in range(workers)]
            for future in futures:
                future.result()
        return results

    def fetch_many(
        self,
        urls: Iterable[str],
        method: str = "GET",
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, FetchResult]:
        """Return ``{url: FetchResult}`` for each distinct URL, fetched as :meth:`run_each` does."""
        return self.run_each(urls, lambda url: self.fetch(url, method), progress)
