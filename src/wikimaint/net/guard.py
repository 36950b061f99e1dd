"""Address safety: refuse private, loopback, link-local and reserved addresses on every connection.

The check runs inside urllib3 when a connection is opened, on the very addresses the
socket connects to, so DNS rebinding or a host spelled so that two URL parsers disagree
changes nothing.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Final

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    NameResolutionError,
    NewConnectionError,
)
from urllib3.util import connection as urllib3_connection

from wikimaint.errors import UnsafeURLError
from wikimaint.net.deadline import current_hop
from wikimaint.net.whole import WholeResponse

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from wikimaint.net.policy import IPAddress, IPNetwork

__all__ = [
    "AddressGuard",
    "GuardedAdapter",
    "address_allowed",
    "literal_address",
    "system_resolver",
]

_NUMERIC_HOST: Final = re.compile(r"[0-9a-fA-FxX.]+")
_NAT64: Final = ipaddress.IPv6Network("64:ff9b::/96")


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


@dataclass(frozen=True)
class AddressGuard:
    """Represents the address rule: resolve, and refuse unless every address is allowed."""

    allow: tuple[IPNetwork, ...]
    resolver: Callable[[str, int], Sequence[str]]

    def vet(self, host: str, port: int) -> list[str]:
        """Return the addresses to connect to; raise UnsafeURLError or socket.gaierror."""
        literal = literal_address(host)
        hop = current_hop()
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


def _guarded_socket(conn: HTTPConnection, guard: AddressGuard) -> socket.socket:
    """Return a socket to a vetted address of ``conn.host`` (urllib3's ``_new_conn``)."""
    hop = current_hop()
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
    hop = current_hop()
    if hop is not None:
        hop.watch(conn.sock)
        hop.sent += 1


class _GuardedHTTPConnection(HTTPConnection):
    guard: ClassVar[AddressGuard]
    response_class = WholeResponse  # headers cut off mid-way are no answer

    def _new_conn(self) -> socket.socket:
        return _guarded_socket(self, self.guard)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _count_request(self)
        super().request(*args, **kwargs)


class _GuardedHTTPSConnection(HTTPSConnection):
    guard: ClassVar[AddressGuard]
    response_class = WholeResponse  # headers cut off mid-way are no answer

    def _new_conn(self) -> socket.socket:
        return _guarded_socket(self, self.guard)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _count_request(self)  # after urllib3's early connect: the socket is the TLS one
        super().request(*args, **kwargs)


def _pool_classes(address_guard: AddressGuard) -> dict[str, type[HTTPConnectionPool]]:
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


class GuardedAdapter(HTTPAdapter):
    """Represents requests' adapter with guarded connections."""

    def __init__(self, guard: AddressGuard, **kwargs: Any) -> None:
        """Build the adapter; its pools' connections go through *guard*."""
        self._guard = guard
        super().__init__(**kwargs)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        """Make the pool manager, with pools whose connections are guarded."""
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = _pool_classes(self._guard)
