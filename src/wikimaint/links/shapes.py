"""How each kind of archive URL is read: the replay path, WebCite, wikiwix, Google cache….

Pure, like :mod:`~wikimaint.links.archives`, which picks the service and route of a URL and
hands the rest to the reader of the route's kind (:data:`READERS`). Each reader gets the
service, the path after the route's prefix and the URL's query string, and returns the
:class:`Parts` it found (page, stamp as written, time and precision, flags, problem)
before the checks common to every service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from wikimaint.links.stamps import from_epoch, nla_moment, stamp_moment, webcite_moment
from wikimaint.links.urls import PCT_RUN, escaped_bytes

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import datetime

    from wikimaint.links.services import ArchiveService
    from wikimaint.links.stamps import Moment

__all__ = ["READERS", "Parts"]


@dataclass
class Parts:
    """Represents what a shape reader found, before the common checks."""

    original: str | None = None
    timestamp: str | None = None
    when: datetime | None = None
    problem: str | None = None
    flags: str | None = None
    needs_lookup: bool = False
    precision: str | None = None

    def at(self, moment: Moment | None) -> Parts:
        """Return these parts with the time of *moment* (or a malformed-timestamp problem)."""
        if moment is None:
            self.problem = self.problem or "malformed-timestamp"
        else:
            self.when, self.precision = moment
        return self


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


def _read_replay(service: ArchiveService, after: str, _query: str) -> Parts:
    """Return the parts of a ``<timestamp><flags>/<original>`` path (the Wayback shape).

    ``*``, ``<ts>*``, ``<from>-<to>``, a trailing ``*`` and ``timemap/…`` are capture lists
    (``wildcard``); ``/im_/<orig>`` (modifier, no stamp) and ``/9999/<orig>`` mean the newest
    capture (``no-timestamp``, as the Alhadis notes say the Wayback Machine reads them).
    """
    if not after.strip():
        return Parts(problem="no-original-url")
    segment, _slash, remainder = after.partition("/")
    remainder = remainder.removeprefix("_embed/")  # IABot's /<ts>/_embed/<orig>
    bare_segment = re.split(r"[?#]", segment, maxsplit=1)[0]
    stamp = _STAMPS[service.stamps].fullmatch(segment)
    if stamp and (stamp["ts"] or stamp["flags"]):
        written, flags = stamp["ts"], stamp["flags"]
        original = _restore_original(remainder)
        if "*" in written or remainder.rstrip().endswith("*"):
            return Parts(original, written, problem="wildcard", flags=flags)
        if not written or written.startswith("9999"):
            return Parts(original, written or None, problem="no-timestamp", flags=flags)
        if service.short_ids and not remainder.strip():  # archive.ph/12345: an id, or a stub
            return Parts(needs_lookup=True)
        if service.requested:  # the time asked for, not a capture's: only the service knows
            return Parts(original, written, flags=flags, needs_lookup=original is not None)
        if service.stamps == "nla":
            moment = nla_moment(written)
        else:
            moment = stamp_moment(re.sub(r"[.-]", "", written))
        return Parts(original, written, flags=flags).at(moment)
    if _CAPTURE_RANGE.fullmatch(bare_segment):
        return Parts(_restore_original(remainder), bare_segment, problem="wildcard")
    if bare_segment.lower() == "timemap":
        form, _slash, page = remainder.partition("/")
        listed = page if form.lower() in _TIMEMAP_FORMATS else remainder
        return Parts(_restore_original(listed), problem="wildcard")
    if bare_segment.lower() in service.timeless:
        return Parts(_restore_original(remainder), problem="no-timestamp")
    looks_like_url = not bare_segment or "." in bare_segment or ":" in bare_segment
    if after.rstrip().endswith("*"):
        return Parts(_restore_original(after), problem="wildcard")
    # An id (AbCd1, 9ABC-DEFG) or a view of one (o/AbCd1/…); a dated page is reported below.
    if (
        service.short_ids
        and not looks_like_url
        and (not remainder.strip() or not bare_segment[:1].isdigit())
    ):
        return Parts(needs_lookup=True)
    if bare_segment[:1].isdigit() and not looks_like_url:  # 2024-01-01, 20240101abc
        return Parts(_restore_original(remainder), bare_segment, problem="malformed-timestamp")
    return Parts(_restore_original(after), problem="no-timestamp")


def _read_webcite(_service: ArchiveService, after: str, query: str) -> Parts:
    """Return the parts of a WebCite URL: ``/<id>``, ``?id=<id>`` or ``/query?url=…&date=…``.

    Ids are capture times (:func:`~wikimaint.links.stamps.webcite_moment`): base 62 of
    microseconds since 1970 when 9 characters long, decimal when numeric.
    """
    raw_url = _query_value(query, "url")
    parts = Parts(_restore_original(_unquote(raw_url)) if raw_url else None)
    path_id = re.split(r"[/?#]", after, maxsplit=1)[0]
    moment = webcite_moment(path_id) or webcite_moment(_query_value(query, "id") or "")
    date_value = re.sub(r"\D", "", _unquote(_query_value(query, "date") or ""))
    if date_value:
        parts.timestamp = date_value
        moment = moment or stamp_moment(date_value)
    if moment is not None:
        parts.at(moment)
    return parts


def _read_wikiwix(service: ArchiveService, after: str, query: str) -> Parts:
    """Return the parts of a wikiwix URL: ``/cache/?url=…`` (time unknown) or the replay form."""
    raw_url = _query_value(query, "url")
    if raw_url is not None:
        original = _restore_original(_unquote(raw_url))
        return Parts(original, needs_lookup=original is not None)
    return _read_replay(service, after, query)


def _read_search(_service: ArchiveService, _after: str, query: str) -> Parts:
    """Return the parts of a ghostarchive search page: a page, but no snapshot."""
    term = _query_value(query, "term")
    return Parts(_restore_original(_unquote(term)) if term else None, problem="no-timestamp")


def _read_google_cache(_service: ArchiveService, _after: str, query: str) -> Parts:
    """Return the parts of a Google cache URL: ``search?q=cache:<id>:<url>+<terms>``."""
    found = _GOOGLE_CACHE.match(_unquote((_query_value(query, "q") or "").split("+")[0]))
    return Parts(_restore_original(found["url"]) if found else None)


def _read_freezepage(_service: ArchiveService, after: str, _query: str) -> Parts:
    """Return the parts of a FreezePage URL, whose id starts with Unix seconds."""
    found = _FREEZEPAGE_ID.fullmatch("/" + re.split(r"[?#]", after, maxsplit=1)[0])
    # No peer reads a time from a FreezePage id (IABot scrapes the page); its first ten
    # digits are Unix seconds in every sample seen, so we read them, to the second.
    when = from_epoch(int(found["secs"]) * 1_000_000) if found else None
    precision = "second" if when is not None else None
    return Parts(timestamp=found["secs"] if found else None, when=when, precision=precision)


READERS: Final[Mapping[str, Callable[[ArchiveService, str, str], Parts]]] = MappingProxyType(
    {
        "replay": _read_replay,
        "webcite": _read_webcite,
        "wikiwix": _read_wikiwix,
        "search": _read_search,
        "google-cache": _read_google_cache,
        "freezepage": _read_freezepage,
    }
)
