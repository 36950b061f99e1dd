"""How to fetch and what came back: :class:`FetchPolicy`, :class:`FetchResult`, :class:`Failure`."""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Final, TypeAlias, TypeVar

import requests

from wikimaint._version import __version__
from wikimaint.errors import FetchError, RateLimitedError, UnsafeURLError

__all__ = [
    "CONTACT_URL",
    "METHODS",
    "Failure",
    "FetchPolicy",
    "FetchResult",
    "IPAddress",
    "IPNetwork",
    "ProgressCallback",
    "Resolver",
    "default_user_agent",
    "parse_retry_after",
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
METHODS: Final = frozenset({"GET", "HEAD"})
"""The methods a fetch may use."""


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
        """Refuse limits that cannot work (a zero or endless timeout, no workers, a cap below 0)."""
        times = (self.connect_timeout, self.read_timeout, self.total_deadline,
                 self.per_host_delay, self.backoff_factor, self.max_retry_after)  # fmt: skip
        if not all(math.isfinite(value) for value in times):
            raise ValueError("timeouts, delays and the deadline must be finite numbers")
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
        return parse_retry_after(self.headers)

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


def parse_retry_after(headers: dict[str, str]) -> float | None:
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
