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
from datetime import UTC, date, datetime
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from wikimaint.links.services import SERVICE_LIST
from wikimaint.links.stamps import from_epoch, nla_moment, stamp_moment, webcite_moment
from wikimaint.links.urls import PCT_RUN, escaped_bytes

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from wikimaint.links.services import ArchiveService, Route
    from wikimaint.links.stamps import Moment

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


@dataclass
class _Parts:
    """Represents what a shape reader found, before the common checks."""

    original: str | None = None
    timestamp: str | None = None
    when: datetime | None = None
    problem: str | None = None
    flags: str | None = None
    needs_lookup: bool = False
    precision: str | None = None

    def at(self, moment: Moment | None) -> _Parts:
        """Return these parts with the time of *moment* (or a malformed-timestamp problem)."""
        if moment is None:
            self.problem = self.problem or "malformed-timestamp"
        else:
            self.when, self.precision = moment
        return self


# ---------------------------------------------------------------------------------------
# Reading the pieces

_ARCHIVE_URL: Final = re.compile(r"(?:(?i:https?):)?/*(?P<netloc>[^/?#\s]*)(?P<rest>.*)", re.DOTALL)
_SCHEME_ENCODED: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*%3[Aa]")
_HTTP_MANGLED: Final = re.compile(r"(?i)(https?):/*")
_OTHER_SCHEME: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
# pywb's replay grammar (wburl.py): an optional stamp, optional modifiers (``id_``, ``cm1_``,
# ``$br:…``), then the original. edgi accepts only two letters + ``_``; we follow pywb, the
# broader of the two, since a modifier never changes which capture is meant.
_FLAGS: Final = r"(?P<flags>(?:[a-z]{2}[0-9]?_|\$[a-z0-9:.-]+)+)?"
_STAMPS: Final = {
    "plain": re.compile(r"(?P<ts>[0-9*]*)" + _FLAGS),
    "dotted": re.compile(
        r"(?P<ts>[0-9*]*|[0-9]{4}\.[0-9]{2}\.[0-9]{2}(?:-[0-9]{4,6})?|[0-9]{8}-[0-9]{4,6})" + _FLAGS
    ),
    # NLA: an optional single letter, then 2005-Apr-8, 2005-04-08, 20120727-0512 or digits.
    "nla": re.compile(
        r"[A-Za-z]?(?P<ts>[0-9*]*|[0-9]{4}-(?:[A-Za-z]{3}-[0-9]{1,2}|[0-9]{2}-[0-9]{2})"
        r"|[0-9]{8}-[0-9]{4,6})" + _FLAGS
    ),
}
# pywb's query form: <from>-<to> (with an optional trailing *) asks for a list of captures.
_CAPTURE_RANGE: Final = re.compile(r"[0-9]+-[0-9]*\*?|-[0-9]+\*?")
_TIMEMAP_FORMATS: Final = frozenset({"link", "json", "cdxj"})
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

    Peers disagree on both rules. A bare original: the Wayback Machine takes ``https://``
    and matches either scheme, pywb and IABot's ``parseURL`` add ``http://``; we follow pywb
    and IABot, since every replay archive serves it and the Wayback finds it either way.
    Encoded originals: we decode only when the scheme itself is encoded (``http%3A``), as
    edgi's ``clean_memento_url_component`` does, rather than DeadlinkChecker's "``://``
    encoded" test, so a ``%2F`` or ``%20`` inside a path or query stays data.
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


# ---------------------------------------------------------------------------------------
# Shape readers: one a URL kind, each given the service, the path after the route prefix
# and the archive URL's own query string.


def _read_replay(service: ArchiveService, after: str, _query: str) -> _Parts:
    """Return the parts of a ``<timestamp><flags>/<original>`` path (the Wayback shape).

    ``*``, ``<ts>*``, ``<from>-<to>``, a trailing ``*`` and ``timemap/…`` are capture lists
    (``wildcard``); ``/im_/<orig>`` (modifier, no stamp) and ``/9999/<orig>`` mean the newest
    capture (``no-timestamp``, as the Alhadis notes say the Wayback Machine reads them).
    """
    if not after.strip():
        return _Parts(problem="no-original-url")
    segment, _slash, remainder = after.partition("/")
    remainder = remainder.removeprefix("_embed/")  # IABot's /<ts>/_embed/<orig>
    bare_segment = re.split(r"[?#]", segment, maxsplit=1)[0]
    stamp = _STAMPS[service.stamps].fullmatch(segment)
    if stamp and (stamp["ts"] or stamp["flags"]):
        written, flags = stamp["ts"], stamp["flags"]
        original = _restore_original(remainder)
        if "*" in written or remainder.rstrip().endswith("*"):
            return _Parts(original, written, problem="wildcard", flags=flags)
        if not written or written.startswith("9999"):
            return _Parts(original, written or None, problem="no-timestamp", flags=flags)
        if service.short_ids and not remainder.strip():  # archive.ph/12345: an id, or a stub
            return _Parts(needs_lookup=True)
        if service.requested:  # the time asked for, not a capture's: only the service knows
            return _Parts(original, written, flags=flags, needs_lookup=original is not None)
        if service.stamps == "nla":
            moment = nla_moment(written)
        else:
            moment = stamp_moment(re.sub(r"[.-]", "", written))
        return _Parts(original, written, flags=flags).at(moment)
    if _CAPTURE_RANGE.fullmatch(bare_segment):
        return _Parts(_restore_original(remainder), bare_segment, problem="wildcard")
    if bare_segment.lower() == "timemap":
        form, _slash, page = remainder.partition("/")
        listed = page if form.lower() in _TIMEMAP_FORMATS else remainder
        return _Parts(_restore_original(listed), problem="wildcard")
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
    """Return the parts of a WebCite URL: ``/<id>``, ``?id=<id>`` or ``/query?url=…&date=…``.

    Ids are capture times (:func:`~wikimaint.links.stamps.webcite_moment`): base 62 of
    microseconds since 1970 when 9 characters long, decimal when numeric.
    """
    raw_url = _query_value(query, "url")
    parts = _Parts(_restore_original(_unquote(raw_url)) if raw_url else None)
    path_id = re.split(r"[/?#]", after, maxsplit=1)[0]
    moment = webcite_moment(path_id) or webcite_moment(_query_value(query, "id") or "")
    date_value = re.sub(r"\D", "", _unquote(_query_value(query, "date") or ""))
    if date_value:
        parts.timestamp = date_value
        moment = moment or stamp_moment(date_value)
    if moment is not None:
        parts.at(moment)
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
    # No peer reads a time from a FreezePage id (IABot scrapes the page); its first ten
    # digits are Unix seconds in every sample seen, so we read them, to the second.
    when = from_epoch(int(found["secs"]) * 1_000_000) if found else None
    precision = "second" if when is not None else None
    return _Parts(timestamp=found["secs"] if found else None, when=when, precision=precision)


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
    for service, route, prefix_pattern in _routes_for(host):
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
