"""Archive URLs: which service, which archived page, which moment.

Pure: no network and no I/O. :func:`parse_archive_url` reads an ``archive-url`` value
(``مسار أرشيف``) the way InternetArchiveBot's ``API::isArchive`` resolvers do, and says what
is wrong with it as a stable problem code (:data:`PROBLEMS`), so a rule can flag it and a fix
can replace it. It is strict where a snapshot can be judged offline (a missing, malformed,
wildcard, pre-1996 or future timestamp; a dead service) and silent where it cannot: short
ids (``archive.ph/AbCd1``, ``perma.cc/ABCD-1234``) are valid snapshots whose time and page
are only known online, marked ``needs_lookup``.

The services and their URL shapes are data in :mod:`~wikimaint.links.services`; each kind
of URL is read in :mod:`~wikimaint.links.shapes`, times in :mod:`~wikimaint.links.stamps`;
comparing URLs ("same page") is :mod:`~wikimaint.links.urls`.

Unlike IABot, times are never built with the month where the minutes belong (its
ghostarchive and perma resolvers format with ``YmdHms``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from wikimaint.links.services import SERVICE_LIST
from wikimaint.links.shapes import READERS

if TYPE_CHECKING:
    from collections.abc import Mapping

    from wikimaint.links.services import ArchiveService, Route
    from wikimaint.links.shapes import Parts

__all__ = [
    "PROBLEMS",
    "Snapshot",
    "is_archive_url",
    "parse_archive_url",
    "snapshot_date",
    "wayback_snapshot_url",
]

PROBLEMS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "no-timestamp": "the archive URL names a page but no snapshot time (a latest-copy "
        "redirect, a save link or a search page)",
        "wildcard": "a list of captures, not one snapshot: a * in the timestamp or at the end "
        "of the archived URL, a <from>-<to> range, or a TimeMap",
        "malformed-timestamp": "the timestamp is not 4 to 14 ASCII digits forming a real "
        "date and time",
        "before-1996": "the snapshot time is before 1996-01-01, when web archiving began",
        "in-future": "the snapshot time is later than now",
        "no-original-url": "the archive URL does not say which page was archived",
        "service-dead": "the archive service no longer serves snapshots",
    }
)
"""Every problem code :func:`parse_archive_url` can give, with what it means."""

_EARLIEST: Final = datetime(1996, 1, 1, tzinfo=UTC)


_COMPILED: Final = tuple(
    (service, route, re.compile(route.host), re.compile(route.prefix + r"(?:/|(?=[?#])|$)"))
    for service in SERVICE_LIST
    for route in service.routes
)


@lru_cache(maxsize=4096)
def _routes_for(host: str) -> tuple[tuple[ArchiveService, Route, re.Pattern[str]], ...]:
    """Return the routes whose host pattern *host* matches, in order (cached: hosts repeat)."""
    return tuple(
        (service, route, prefix)
        for service, route, host_pattern, prefix in _COMPILED
        if host_pattern.fullmatch(host)
    )


@dataclass(frozen=True)
class Snapshot:
    """Represents one archive URL read offline: the service, the archived page and the time.

    ``timestamp`` is the timestamp as written in the URL (``20240124``,
    ``2019.01.17-112233``); ``when`` is the moment it stands for, in UTC, with short Wayback
    timestamps right-padded to the earliest moment (``2024`` is 2024-01-01 00:00:00).
    ``precision`` is the last field the URL really gives (``year`` … ``second``, see
    :data:`~wikimaint.links.stamps.PRECISIONS`), None when it gives no time.
    ``problem`` is one of :data:`PROBLEMS` or ``None``. ``flags`` are the replay modifiers
    (``id_``, ``im_``, pywb's ``$br:…``), never part of the host or the page. ``needs_lookup``
    marks a valid snapshot whose time or page only the service can tell (short ids,
    wikiwix ``?url=``, a Memento aggregator link, whose time is only the one asked for).
    ``moved_from`` names the service the URL was written for when the snapshots now live on
    ``service`` (Europarchive's nli collection on Archive-It, say); ``replay_base`` is where
    :meth:`canonical_url` builds from.
    """

    service: str
    archive_url: str
    original_url: str | None = None
    timestamp: str | None = None
    when: datetime | None = None
    problem: str | None = None
    flags: str | None = None
    dead_service: bool = False
    needs_lookup: bool = False
    precision: str | None = None
    moved_from: str | None = None
    replay_base: str | None = field(default=None, repr=False)

    @property
    def valid(self) -> bool:
        """Return whether no problem was found."""
        return self.problem is None

    def canonical_url(self) -> str | None:
        """Return the long, flag-free form ``<base>/<14-digit time>/<original>``, or None.

        None when the snapshot is invalid, needs a lookup, or its service has no long form.
        """
        if not self.valid or self.needs_lookup or self.replay_base is None:
            return None
        if self.when is None or self.original_url is None:
            return None
        return f"{self.replay_base}/{self.when:%Y%m%d%H%M%S}/{self.original_url}"


_ARCHIVE_URL: Final = re.compile(r"(?:(?i:https?):)?/*(?P<netloc>[^/?#\s]*)(?P<rest>.*)", re.DOTALL)


def _split_host(netloc: str) -> str:
    """Return the lowercased host of *netloc*, without user info, port or final dot."""
    host = netloc.rpartition("@")[2]
    if not host.startswith("["):
        name, colon, port = host.rpartition(":")
        if colon and (port.isdigit() or not port):
            host = name
    return host.lower().rstrip(".")


def parse_archive_url(url: str, *, now: datetime | None = None) -> Snapshot | None:
    """Return what *url* says about its snapshot, or None when it is not an archive URL.

    Problems are reported in this order: a dead service; a wildcard; a missing page and
    timestamp; a missing timestamp; a malformed one; a time before 1996 or after *now*
    (default: the current time; a naive *now* is taken as UTC); a missing page.

    >>> parse_archive_url("https://web.archive.org/web/2024/https://a.example/").when.year
    2024
    """
    matched = _ARCHIVE_URL.match(url.strip())
    if matched is None:  # pragma: no cover - the pattern matches every string
        return None
    host = _split_host(matched["netloc"])
    rest = matched["rest"]
    for service, route, prefix_pattern in _routes_for(host):
        prefix = prefix_pattern.match(rest)
        if prefix is None:
            continue
        query = rest.partition("?")[2].partition("#")[0]
        parts = READERS[route.kind](service, rest[prefix.end() :], query)
        return _finish(
            service=service,
            route=route,
            host=host,
            prefix=rest[: prefix.end()].rstrip("/"),
            url=url,
            parts=parts,
            now=now,
        )
    return None


def _finish(
    *,
    service: ArchiveService,
    route: Route,
    host: str,
    prefix: str,
    url: str,
    parts: Parts,
    now: datetime | None,
) -> Snapshot:
    """Return the Snapshot for *parts*, after the checks common to every service."""
    problem = parts.problem
    if problem is None and parts.when is not None:
        moment = now or datetime.now(UTC)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        if parts.when < _EARLIEST:
            problem = "before-1996"
        elif parts.when > moment:
            problem = "in-future"
    if problem is None and parts.original is None and not parts.needs_lookup:
        problem = "no-original-url"
    if service.dead:
        problem = "service-dead"
    replay = route.replay if route.replay != "" else f"https://{host}{prefix}"
    return Snapshot(
        service=service.name,
        archive_url=url,
        original_url=parts.original,
        timestamp=parts.timestamp,
        when=parts.when,
        problem=problem,
        flags=parts.flags,
        dead_service=service.dead,
        needs_lookup=parts.needs_lookup and problem is None,
        precision=parts.precision if parts.when is not None else None,
        moved_from=route.moved_from,
        replay_base=replay,
    )


def is_archive_url(url: str) -> bool:
    """Return whether *url* is on a known archive service (valid snapshot or not)."""
    return parse_archive_url(url) is not None


def snapshot_date(snapshot: Snapshot | None) -> date | None:
    """Return the UTC date of *snapshot*, or None when there is no snapshot or no time."""
    if snapshot is None or snapshot.when is None:
        return None
    return snapshot.when.date()


def wayback_snapshot_url(
    original: str, timestamp: str, *, base: str = "https://web.archive.org"
) -> str:
    """Return the Wayback Machine URL of *original* at *timestamp* (4 to 14 digits).

    Raises ValueError for a timestamp that is not 4 to 14 ASCII digits: that is a bug in
    the caller, not a problem in an article.

    >>> wayback_snapshot_url("https://a.example/", "20240124120530")
    'https://web.archive.org/web/20240124120530/https://a.example/'
    """
    if not (timestamp.isascii() and timestamp.isdigit() and 4 <= len(timestamp) <= 14):
        raise ValueError(f"a Wayback timestamp is 4 to 14 digits, not {timestamp!r}")
    return f"{base.rstrip('/')}/web/{timestamp}/{original}"
