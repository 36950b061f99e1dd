"""Archive URLs: which service, which archived page, which moment; and a key for "same page".

Pure: no network and no I/O. :func:`parse_archive_url` reads an ``archive-url`` value
(``مسار أرشيف``) the way InternetArchiveBot's ``API::isArchive`` resolvers do, and says what
is wrong with it as a stable problem code (:data:`PROBLEMS`), so a rule can flag it and a fix
can replace it. It is strict where a snapshot can be judged offline (a missing, malformed,
wildcard, pre-1996 or future timestamp; a dead service) and silent where it cannot: short
ids (``archive.ph/AbCd1``, ``perma.cc/ABCD-1234``) are valid snapshots whose time and page
are only known online, marked ``needs_lookup``.

:func:`normalize_url` gives a comparison key for "is this the same page", so that an
archived original compares equal to the cited URL whether its Arabic path is written raw
(``/ar/الشرق-الأوسط/``) or percent-encoded (``/ar/%D8%A7%D9%84…``).

Unlike IABot, times are never built with the month where the minutes belong (its
ghostarchive and perma resolvers format with ``YmdHms``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = [
    "ARCHIVE_SERVICES",
    "DEAD_SERVICES",
    "PROBLEMS",
    "ArchiveService",
    "Route",
    "Snapshot",
    "is_archive_url",
    "normalize_url",
    "parse_archive_url",
    "same_page",
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


@dataclass(frozen=True)
class Route:
    """Represents one place on an archive's hosts where its snapshot URLs live.

    ``host`` is a regular expression matched in full against the lowercased host (port and
    user info removed). ``prefix`` is matched at the start of the path and must end at a
    ``/``, a ``?``, a ``#`` or the end; what follows it is the timestamp segment (the
    ``replay`` kind) or is read by the kind's own reader. ``replay`` is the base a canonical
    snapshot URL is built on: ``""`` means ``https://<host><prefix as written>``, ``None``
    means the service has no long form to build.
    """

    host: str
    prefix: str = ""
    kind: str = "replay"
    replay: str | None = ""


@dataclass(frozen=True)
class ArchiveService:
    """Represents an archive service: its stable id, its URL shapes and whether it is alive.

    ``short_ids`` says the service also has short snapshot ids (``/AbCd1``) that only the
    service can resolve; an unknown path segment is then taken for one (valid, to be looked
    up) rather than reported. ``dotted`` allows ``2012.12.21-123456``-style timestamps.
    ``timeless`` lists path words that name a page but no snapshot (``newest``, ``save``).
    """

    name: str
    label: str
    routes: tuple[Route, ...]
    examples: tuple[str, ...] = ()
    dead: bool = False
    dotted: bool = False
    short_ids: bool = False
    timeless: frozenset[str] = frozenset()


_WAYBACK_REPLAY: Final = "https://web.archive.org/web"

_SERVICE_LIST: Final[tuple[ArchiveService, ...]] = (
    ArchiveService(
        "wayback",
        "Internet Archive Wayback Machine",
        (
            Route(
                r"(?:web|wayback|www\.web|web-beta|classic-web|replay(?:\.web)?|web\.wayback"
                r"|liveweb|wik)\.archive\.org",
                r"(?:/web)?",
                replay=_WAYBACK_REPLAY,
            ),
            # archive.org itself also serves items (/details/…), which are not snapshots.
            Route(r"(?:www\.)?archive\.org", r"/(?:web|wayback)", replay=_WAYBACK_REPLAY),
        ),
        (
            "https://web.archive.org/web/20181101175745/http://www.webcitation.org/69rYPjwRN",
            "https://web.archive.org/web/2016id_/http://example.com/",
            "https://www.archive.org/web/20051125112048/http://example.com/",
        ),
        timeless=frozenset({"save"}),
    ),
    ArchiveService(
        "archive.today",
        "archive.today (archive.ph, .is, .li, .vn, .fo, .md)",
        (Route(r"(?:www\.)?archive\.(?:today|is|ph|li|vn|fo|md)"),),
        (
            "https://archive.ph/2019.01.17-112233/https://example.com/",
            "https://archive.is/20190117112233/https://example.com/",
            "https://archive.ph/AbCd1",
        ),
        dotted=True,
        short_ids=True,
        timeless=frozenset({"newest", "oldest", "latest", "timegate", "timemap"}),
    ),
    ArchiveService(
        "webcite",
        "WebCite",
        (Route(r"(?:www\.)?webcitation\.org", kind="webcite", replay=None),),
        (
            "http://www.webcitation.org/69rYPjwRN",
            "http://www.webcitation.org/query?url=http://example.com/&date=2012-08-12",
        ),
        dead=True,
    ),
    ArchiveService(
        "ghostarchive",
        "Ghostarchive",
        (
            Route(r"(?:www\.)?ghostarchive\.org", "/search", kind="search", replay=None),
            Route(r"(?:www\.)?ghostarchive\.org", r"(?:/v?archive)?", replay=None),
        ),
        ("https://ghostarchive.org/archive/kKmZL",),
        short_ids=True,
    ),
    ArchiveService(
        "archive-it",
        "Archive-It",
        (Route(r"wayback\.archive-it\.org", r"(?:/(?:all|\d+))?"),),
        ("https://wayback.archive-it.org/all/20130420084626/http://example.com/",),
    ),
    ArchiveService(
        "arquivo.pt",
        "Arquivo.pt",
        (
            Route(
                r"(?:www\.)?arquivo\.pt",
                r"/(?:noFrame/replay|wayback(?:/wayback|/all|/web)?)",
            ),
        ),
        ("https://arquivo.pt/wayback/20091010102944/http://example.pt/",),
    ),
    ArchiveService(
        "loc",
        "Library of Congress Web Archives",
        (Route(r"webarchive\.loc\.gov", r"(?:/[a-z][a-z0-9_-]*)?"),),
        (
            "https://webarchive.loc.gov/all/20111109051100/http://example.com/",
            "https://webarchive.loc.gov/lcwa0010/20111109051100/http://example.com/",
        ),
    ),
    ArchiveService(
        "ukwa",
        "UK Web Archive (British Library)",
        (
            Route(
                r"(?:www\.)?webarchive\.org\.uk",
                r"(?:/ukwa)?(?:/wayback)?(?:/[a-z]{2})?(?:/archive)?",
            ),
        ),
        (
            "https://www.webarchive.org.uk/wayback/archive/20110324230020/http://example.co.uk/",
            "https://www.webarchive.org.uk/ukwa/wayback/en/archive/20200101000000/http://example.co.uk/",
        ),
    ),
    ArchiveService(
        "ukgwa",
        "UK Government Web Archive (The National Archives)",
        (Route(r"webarchives?\.nationalarchives\.gov\.uk", r"(?:/ukgwa)?"),),
        ("https://webarchive.nationalarchives.gov.uk/ukgwa/20091204115554/http://example.gov.uk/",),
    ),
    ArchiveService(
        "ukparliament",
        "UK Parliament Web Archive",
        (Route(r"webarchive\.parliament\.uk"),),
        ("http://webarchive.parliament.uk/20110714070703/http://example.parliament.uk/",),
    ),
    ArchiveService(
        "bibalex",
        "Bibliotheca Alexandrina Internet Archive",
        (Route(r"(?:web\.)?(?:archive|petabox)\.bibalex\.org", r"(?:/web|/all)?"),),
        ("http://web.archive.bibalex.org/web/20011007083709/http://example.com/",),
    ),
    ArchiveService(
        "nla",
        "National Library of Australia (Australian Web Archive, Trove, Pandora)",
        (
            Route(
                r"(?:content\.)?webarchive\.nla\.gov\.au|web\.archive\.org\.au",
                r"(?:/awa|/gov(?:/wayback)?)?",
            ),
            # Pandora writes 20120727-0512 and drops the scheme; there is no long form to build.
            Route(r"pandora\.nla\.gov\.au", r"/(?:pan/\d+|nph-wb)", replay=None),
        ),
        (
            "https://webarchive.nla.gov.au/awa/20120326012340/http://example.gov.au/",
            "http://pandora.nla.gov.au/pan/14231/20120727-0512/www.example.com.au/a.htm",
        ),
        dotted=True,
    ),
    ArchiveService(
        "vefsafn",
        "Icelandic Web Archive (Vefsafn)",
        (Route(r"(?:wayback\.)?vefsafn\.is", r"/(?:wayback|is)"),),
        ("http://wayback.vefsafn.is/wayback/20060413000000/http://example.is/",),
    ),
    ArchiveService(
        "perma.cc",
        "Perma.cc",
        (
            Route(r"perma-archives\.org", r"/warc"),
            Route(r"(?:www\.)?perma\.cc", replay=None),
        ),
        ("https://perma.cc/F9NT-22AK", "http://perma-archives.org/warc/20140729143852/http://a.b/"),
        short_ids=True,
    ),
    ArchiveService(
        "wikiwix",
        "Wikiwix",
        (Route(r"archive\.wikiwix\.com", r"(?:/cache)?", kind="wikiwix"),),
        (
            "http://archive.wikiwix.com/cache/?url=http://example.fr/&title=Example",
            "http://archive.wikiwix.com/cache/20180329074145/http://www.linterweb.fr",
        ),
    ),
    ArchiveService(
        "google-cache",
        "Google cache",
        (Route(r"webcache\.googleusercontent\.com", kind="google-cache", replay=None),),
        ("https://webcache.googleusercontent.com/search?q=cache:example.com/page",),
        dead=True,
    ),
    ArchiveService(
        "freezepage",
        "FreezePage",
        (Route(r"(?:www\.)?freezepage\.com", kind="freezepage", replay=None),),
        ("http://www.freezepage.com/1249681324ZHFROBOEGE",),
        dead=True,
    ),
    ArchiveService(
        "internet-memory",
        "Internet Memory Foundation / Europarchive",
        (Route(r"collections?\.(?:europarchive|internetmemory)\.org", r"(?:/[a-z]+)?"),),
        ("http://collection.europarchive.org/nli/20160525150342/http://example.ie/",),
        dead=True,
    ),
    ArchiveService(
        "webrecorder",
        "Webrecorder / Conifer",
        (Route(r"(?:www\.)?webrecorder\.io|conifer\.rhizome\.org", r"/[^/?#]+/[^/?#]+"),),
        ("https://webrecorder.io/user/coll/20170101000000/http://example.com/",),
    ),
    ArchiveService(
        "stanford",
        "Stanford Web Archive Portal",
        (Route(r"(?:swap|sul-swap-prod)\.stanford\.edu", r"(?:/was|/web)?"),),
        ("https://swap.stanford.edu/20091122200123/http://example.edu/",),
    ),
    ArchiveService(
        "lac",
        "Library and Archives Canada",
        (
            Route(
                r"webarchive\.bac-lac\.gc\.ca|webarchiveweb\.wayback\.bac-lac\.canada\.ca",
                r"(?:/wayback|/web)?",
            ),
        ),
        ("http://webarchive.bac-lac.gc.ca:8080/wayback/20080116045132/http://example.ca/",),
    ),
    ArchiveService(
        "estonia",
        "Estonian Web Archive",
        (Route(r"veebiarhiiv\.digar\.ee", r"(?:/a)?"),),
        ("http://veebiarhiiv.digar.ee/a/20131014091520/http://example.ee/",),
    ),
    ArchiveService(
        "singapore",
        "National Library Board Singapore Web Archive",
        (Route(r"eresources\.nlb\.gov\.sg", r"/webarchives/wayback"),),
        ("http://eresources.nlb.gov.sg/webarchives/wayback/20100708034526/http://example.sg/",),
    ),
    ArchiveService(
        "webharvest",
        "US National Archives web harvests",
        (Route(r"(?:www\.)?webharvest\.gov", r"/[a-z][a-z0-9_-]*"),),
        ("http://webharvest.gov/peth04/20041022004143/http://example.gov/",),
    ),
    ArchiveService(
        "webarchiv.cz",
        "Czech Web Archive",
        (Route(r"wayback\.webarchiv\.cz", r"(?:/wayback)?"),),
        ("https://wayback.webarchiv.cz/wayback/20140404212712/http://example.cz/",),
    ),
    ArchiveService(
        "padicat",
        "Catalan Web Archive (PADICAT)",
        (Route(r"www\.padi\.cat|wayback\.padicat\.cat", r"(?:/wayback)?"),),
        ("http://www.padi.cat:8080/wayback/20140404212712/http://example.cat/",),
    ),
)

ARCHIVE_SERVICES: Final[Mapping[str, ArchiveService]] = MappingProxyType(
    {service.name: service for service in _SERVICE_LIST}
)
"""Every recognised archive service by stable id, with its hosts, URL shapes and examples."""

DEAD_SERVICES: Final[frozenset[str]] = frozenset(s.name for s in _SERVICE_LIST if s.dead)
"""Ids of the services that no longer serve snapshots."""

_COMPILED: Final = tuple(
    (service, route, re.compile(route.host), re.compile(route.prefix + r"(?:/|(?=[?#])|$)"))
    for service in _SERVICE_LIST
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
_PCT_RUN: Final = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
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
    return _PCT_RUN.sub(lambda m: _escaped_bytes(m[0]).decode("utf-8", "replace"), text)


def _escaped_bytes(run: str) -> bytes:
    """Return the bytes a run of percent escapes (``%D8%B9``) stands for."""
    return bytes.fromhex(run.replace("%", ""))


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


# ---------------------------------------------------------------------------------------
# Comparison keys

_UNRESERVED: Final = frozenset(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
)
_ABSOLUTE: Final = re.compile(
    r"(?:(?P<scheme>(?i:https?)):/*|(?P<other>[A-Za-z][A-Za-z0-9+.-]*):/+|//)"
    r"(?P<netloc>[^/?#]*)(?P<rest>.*)",
    re.DOTALL,
)
_BARE_HOST: Final = re.compile(r"[^\s/?#:@]+\.[^\s/?#:@.]+(?::\d*)?(?:[/?#]|$)")


def _utf8_length(lead: int) -> int:
    """Return how many bytes a UTF-8 sequence starting with *lead* has (0 if not a lead)."""
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _decode_run(run: str) -> str:
    """Return a run of percent escapes with unreserved and UTF-8 text decoded, the rest kept.

    ``%D8%B9`` becomes ``ع`` and ``%7E`` becomes ``~``; ``%2F``, ``%3F``, ``%26`` and other
    reserved or invalid bytes stay escaped, in upper case.
    """
    data = _escaped_bytes(run)
    out: list[str] = []
    index = 0
    while index < len(data):
        byte = data[index]
        size = _utf8_length(byte)
        if byte in _UNRESERVED:
            out.append(chr(byte))
            index += 1
            continue
        if size:
            try:
                out.append(data[index : index + size].decode())
            except UnicodeDecodeError:
                pass
            else:
                index += size
                continue
        out.append(f"%{byte:02X}")
        index += 1
    return "".join(out)


def _normal_text(text: str) -> str:
    """Return *text* with escapes normalised (see :func:`_decode_run`) and spaces escaped."""
    return _PCT_RUN.sub(lambda m: _decode_run(m[0]), text).replace(" ", "%20")


def _normal_host(host: str) -> str:
    """Return *host* IDNA-decoded to Unicode, NFC, casefolded, without a leading ``www.``."""
    labels = []
    for label in host.rstrip(".").split("."):
        if label[:4].lower() == "xn--":
            try:
                labels.append(label.encode("ascii").decode("idna"))
                continue
            except UnicodeError:
                pass
        labels.append(label)
    folded = unicodedata.normalize("NFC", ".".join(labels).casefold())
    return folded.removeprefix("www.")


def normalize_url(url: str) -> str:
    """Return a key that two URLs of the same page share; never raises.

    http and https are the same; host case, a leading ``www.``, default ports (80, 443), the
    fragment and a trailing slash do not count; IDNA hosts are decoded; percent-encoded and
    raw UTF-8 (``%D8%A7%D9%84`` and ``ال``) and unreserved characters are the same, while
    encoded delimiters (``%2F``, ``%3F``, ``%23``, ``%26``, ``%3D``, ``%25``) stay distinct.
    The query is kept in its order. Text that is not a URL gives a best-effort key.

    >>> normalize_url("HTTPS://WWW.France24.com:443/ar/%D8%A7/#top")
    '//france24.com/ar/ا'
    """
    text = url.strip()
    found = _ABSOLUTE.match(text)
    if found is None and _BARE_HOST.match(text):
        found = _ABSOLUTE.match("//" + text)
    if found is None:
        return _normal_text(text.partition("#")[0].strip())
    netloc = found["netloc"].rpartition("@")[2]
    if netloc.startswith("["):  # [2001:db8::1]:8080
        inside, _bracket, tail = netloc.partition("]")
        host, port = f"{inside}]", tail.removeprefix(":")
    else:
        name, colon, maybe_port = netloc.rpartition(":")
        host, port = (name, maybe_port) if colon else (netloc, "")
    if port in {"80", "443"}:
        port = ""
    path, _mark, query = found["rest"].partition("#")[0].partition("?")
    path = _normal_text(path)
    path = path.removesuffix("/") or "/"
    query = _normal_text(query)
    scheme = f"{found['other'].lower()}:" if found["other"] else ""
    return (
        f"{scheme}//{_normal_host(host)}{':' + port if port else ''}{path}"
        f"{'?' + query if query else ''}"
    )


def same_page(a: str, b: str) -> bool:
    """Return whether URLs *a* and *b* name the same page, by :func:`normalize_url`."""
    return normalize_url(a) == normalize_url(b)
