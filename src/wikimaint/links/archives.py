"""Archive URLs: which service, which archived page, which moment.

Pure: no network and no I/O. :func:`parse_archive_url` reads an ``archive-url`` value
(``مسار أرشيف``) the way InternetArchiveBot's ``API::isArchive`` resolvers do, and says what
is wrong with it as a stable problem code (:data:`PROBLEMS`), so a rule can flag it and a fix
can replace it. It is strict where a snapshot can be judged offline (a missing, malformed,
wildcard, pre-1996 or future timestamp; a dead service) and silent where it cannot: short
ids (``archive.ph/AbCd1``, ``perma.cc/ABCD-1234``) are valid snapshots whose time and page
are only known online, marked ``needs_lookup``.

The services and their URL shapes are data in :mod:`~wikimaint.links.services`; comparing
URLs ("same page") is :mod:`~wikimaint.links.urls`.

Unlike IABot, times are never built with the month where the minutes belong (its
ghostarchive and perma resolvers format with ``YmdHms``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from wikimaint.links.services import SERVICE_LIST
from wikimaint.links.urls import PCT_RUN, escaped_bytes

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from wikimaint.links.services import ArchiveService, Route

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
        "wildcard": "a * in the timestamp or at the end of the archived URL: a listing of "
        "snapshots, not one snapshot",
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
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_BASE62: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


_COMPILED: Final = tuple(
    (service, route, re.compile(route.host), re.compile(route.prefix + r"(?:/|(?=[?#])|$)"))
    for service in SERVICE_LIST
    for route in service.routes
)


@dataclass(frozen=True)
class Snapshot:
    """Represents one archive URL read offline: the service, the archived page and the time.

    ``timestamp`` is the timestamp as written in the URL (``20240124``,
    ``2019.01.17-112233``); ``when`` is the moment it stands for, in UTC, with short Wayback
    timestamps right-padded to the earliest moment (``2024`` is 2024-01-01 00:00:00).
    ``problem`` is one of :data:`PROBLEMS` or ``None``. ``needs_lookup`` marks a valid
    snapshot whose time or page only the service can tell (short ids, wikiwix ``?url=``).
    ``replay_base`` is where :meth:`canonical_url` builds from.
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


@dataclass
class _Parts:
    """Represents what a shape reader found, before the common checks."""

    original: str | None = None
    timestamp: str | None = None
    when: datetime | None = None
    problem: str | None = None
    flags: str | None = None
    needs_lookup: bool = False


# ---------------------------------------------------------------------------------------
# Reading the pieces

_ARCHIVE_URL: Final = re.compile(r"(?:(?i:https?):)?/*(?P<netloc>[^/?#\s]*)(?P<rest>.*)", re.DOTALL)
_SCHEME_ENCODED: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*%3[Aa]")
_HTTP_MANGLED: Final = re.compile(r"(?i)(https?):/*")
_OTHER_SCHEME: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_FLAGS: Final = r"(?P<flags>(?:[a-z]{2}_)+)?"
_PLAIN_STAMP: Final = re.compile(r"(?P<ts>[0-9*]+)" + _FLAGS)
_DOTTED_STAMP: Final = re.compile(
    r"(?P<ts>[0-9*]+|[0-9]{4}\.[0-9]{2}\.[0-9]{2}(?:-[0-9]{4,6})?|[0-9]{8}-[0-9]{4,6})" + _FLAGS
)
_FREEZEPAGE_ID: Final = re.compile(r"/(?P<secs>[0-9]{10})[A-Z]+/?")
_GOOGLE_CACHE: Final = re.compile(r"(?i)cache:(?:[\w-]{12}:)?(?P<url>\S+)")


def _split_host(netloc: str) -> str:
    """Return the lowercased host of *netloc*, without user info, port or final dot."""
    host = netloc.rpartition("@")[2]
    if not host.startswith("["):
        name, colon, port = host.rpartition(":")
        if colon and (port.isdigit() or not port):
            host = name
    return host.lower().rstrip(".")


def _query_value(query: str, name: str) -> str | None:
    """Return the raw (still percent-encoded) value of the first *name* parameter in *query*."""
    for part in query.split("&"):
        key, equals, value = part.partition("=")
        if equals and key.lower() == name:
            return value
    return None


def _unquote(text: str) -> str:
    """Return *text* with percent escapes decoded as UTF-8 (bad bytes replaced)."""
    return PCT_RUN.sub(lambda m: escaped_bytes(m[0]).decode("utf-8", "replace"), text)


def _restore_original(raw: str | None) -> str | None:
    """Return the archived page's URL as written, scheme restored; None when there is none.

    ``http%3A%2F%2Fa.b%2F`` is decoded, ``http:/a.b`` gets its second slash back and a bare
    ``a.b/c`` gets ``http://``; anything else is kept as written (a raw Arabic path stays raw).
    """
    text = (raw or "").strip().lstrip("/")
    if not text:
        return None
    if _SCHEME_ENCODED.match(text):
        text = _unquote(text)
    mangled = _HTTP_MANGLED.match(text)
    if mangled:
        rest = text[mangled.end() :]
        return f"{mangled[1]}://{rest}" if rest else None
    if _OTHER_SCHEME.match(text):
        return text
    return f"http://{text}"


def _stamp_time(digits: str) -> datetime | None:
    """Return the UTC moment of a 4-14 digit timestamp, padded to the earliest; None if bad."""
    if not (digits.isascii() and digits.isdigit() and 4 <= len(digits) <= 14):
        return None
    padded = digits.ljust(14, "0")
    month = padded[4:6] if len(digits) >= 6 or padded[4:6] != "00" else "01"
    day = padded[6:8] if len(digits) >= 8 or padded[6:8] != "00" else "01"
    try:
        return datetime(
            int(padded[:4]),
            int(month),
            int(day),
            int(padded[8:10]),
            int(padded[10:12]),
            int(padded[12:14]),
            tzinfo=UTC,
        )
    except ValueError:
        return None


def _from_epoch(microseconds: int) -> datetime | None:
    """Return the UTC moment *microseconds* after the Unix epoch; None when out of range."""
    try:
        return _EPOCH + timedelta(microseconds=microseconds)
    except OverflowError:
        return None


def _base62(text: str) -> int | None:
    """Return the number written in base 62 (0-9, A-Z, a-z) by *text*; None if not base 62."""
    value = 0
    for char in text:
        digit = _BASE62.find(char)
        if digit < 0:
            return None
        value = value * 62 + digit
    return value


# ---------------------------------------------------------------------------------------
# Shape readers: one a URL kind, each given the service, the path after the route prefix
# and the archive URL's own query string.


def _read_replay(service: ArchiveService, after: str, _query: str) -> _Parts:
    """Return the parts of a ``<timestamp><flags>/<original>`` path (the Wayback shape)."""
    segment, _slash, remainder = after.partition("/")
    bare_segment = re.split(r"[?#]", segment, maxsplit=1)[0]
    pattern = _DOTTED_STAMP if service.dotted else _PLAIN_STAMP
    stamp = pattern.fullmatch(segment)
    if not after.strip():
        return _Parts(problem="no-original-url")
    if stamp:
        written = stamp["ts"]
        if "*" in written or remainder.rstrip().endswith("*"):
            return _Parts(_restore_original(remainder), written, problem="wildcard")
        if service.short_ids and not remainder.strip():  # archive.ph/12345: an id, or a stub
            return _Parts(needs_lookup=True)
        digits = re.sub(r"[.-]", "", written)
        when = _stamp_time(digits)
        return _Parts(
            _restore_original(remainder),
            written,
            when,
            problem=None if when else "malformed-timestamp",
            flags=stamp["flags"],
        )
    if bare_segment.lower() in service.timeless:
        return _Parts(_restore_original(remainder), problem="no-timestamp")
    looks_like_url = not bare_segment or "." in bare_segment or ":" in bare_segment
    if after.rstrip().endswith("*"):
        return _Parts(_restore_original(after), problem="wildcard")
    # An id (AbCd1, 9ABC-DEFG) or a view of one (o/AbCd1/…); a dated page is reported below.
    if (
        service.short_ids
        and not looks_like_url
        and (not remainder.strip() or not bare_segment[:1].isdigit())
    ):
        return _Parts(needs_lookup=True)
    if bare_segment[:1].isdigit() and not looks_like_url:  # 2024-01-01, 20240101abc
        return _Parts(_restore_original(remainder), bare_segment, problem="malformed-timestamp")
    return _Parts(_restore_original(after), problem="no-timestamp")


def _read_webcite(_service: ArchiveService, after: str, query: str) -> _Parts:
    """Return the parts of a WebCite URL: ``/<base-62 id>`` or ``/query?url=…&date=…``.

    A WebCite id is a base-62 number of microseconds since the Unix epoch (as IABot reads
    it); ``?id=`` gives the same number in decimal.
    """
    raw_url = _query_value(query, "url")
    parts = _Parts(_restore_original(_unquote(raw_url)) if raw_url else None)
    path_id = re.split(r"[/?#]", after, maxsplit=1)[0]
    query_id = _query_value(query, "id") or ""
    micros = _base62(path_id) if len(path_id) == 9 else None
    if micros is None and query_id.isascii() and query_id.isdigit():
        micros = int(query_id)
    if micros is not None:
        parts.when = _from_epoch(micros)
    date_value = re.sub(r"\D", "", _unquote(_query_value(query, "date") or ""))
    if date_value:
        parts.timestamp = date_value
        parts.when = parts.when or _stamp_time(date_value)
    return parts


def _read_wikiwix(service: ArchiveService, after: str, query: str) -> _Parts:
    """Return the parts of a wikiwix URL: ``/cache/?url=…`` (time unknown) or the replay form."""
    raw_url = _query_value(query, "url")
    if raw_url is not None:
        original = _restore_original(_unquote(raw_url))
        return _Parts(original, needs_lookup=original is not None)
    return _read_replay(service, after, query)


def _read_search(_service: ArchiveService, _after: str, query: str) -> _Parts:
    """Return the parts of a ghostarchive search page: a page, but no snapshot."""
    term = _query_value(query, "term")
    return _Parts(_restore_original(_unquote(term)) if term else None, problem="no-timestamp")


def _read_google_cache(_service: ArchiveService, _after: str, query: str) -> _Parts:
    """Return the parts of a Google cache URL: ``search?q=cache:<id>:<url>+<terms>``."""
    found = _GOOGLE_CACHE.match(_unquote((_query_value(query, "q") or "").split("+")[0]))
    return _Parts(_restore_original(found["url"]) if found else None)


def _read_freezepage(_service: ArchiveService, after: str, _query: str) -> _Parts:
    """Return the parts of a FreezePage URL, whose id starts with Unix seconds."""
    found = _FREEZEPAGE_ID.fullmatch("/" + re.split(r"[?#]", after, maxsplit=1)[0])
    when = _from_epoch(int(found["secs"]) * 1_000_000) if found else None
    return _Parts(timestamp=found["secs"] if found else None, when=when)


_READERS: Final[Mapping[str, Callable[[ArchiveService, str, str], _Parts]]] = MappingProxyType(
    {
        "replay": _read_replay,
        "webcite": _read_webcite,
        "wikiwix": _read_wikiwix,
        "search": _read_search,
        "google-cache": _read_google_cache,
        "freezepage": _read_freezepage,
    }
)


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
    for service, route, host_pattern, prefix_pattern in _COMPILED:
        if not host_pattern.fullmatch(host):
            continue
        prefix = prefix_pattern.match(rest)
        if prefix is None:
            continue
        query = rest.partition("?")[2].partition("#")[0]
        parts = _READERS[route.kind](service, rest[prefix.end() :], query)
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
    parts: _Parts,
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
