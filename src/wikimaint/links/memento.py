r"""Memento (RFC 7089): the snapshot closest to a date in any archive, and Link headers read.

:func:`parse_links` reads a ``Link`` header or a link-format TimeMap (RFC 8288 / RFC 6690
syntax) with a careful, bounded parser: commas and semicolons inside ``<…>`` or inside
quoted values do not split, ``\"`` escapes are honoured, garbage between entries is
skipped, and it stops after *limit* entries. :class:`MementoClient` asks the TimeTravel
aggregator's JSON API (``/api/json/<datetime>/<URI-R>``) and, when the aggregator cannot
be asked, each archive's own TimeGate with ``Accept-Datetime``, through the one
:class:`~wikimaint.net.Fetcher` (so its limits, politeness and address safety apply).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Final

from wikimaint.errors import FetchError, InputError, RateLimitedError
from wikimaint.jsontext import loads
from wikimaint.links.services import SERVICE_LIST

if TYPE_CHECKING:
    from collections.abc import Sequence

    from wikimaint.net import Fetcher, FetchResult

__all__ = [
    "AGGREGATOR",
    "TIMEGATES",
    "Link",
    "Memento",
    "MementoClient",
    "closest_memento",
    "mementos",
    "parse_links",
]

AGGREGATOR: Final = "https://timetravel.mementoweb.org"
TIMEGATES: Final[tuple[str, ...]] = tuple(
    s.timegate for s in SERVICE_LIST if s.timegate and s.name != "wayback"
)
"""The archives' own TimeGates asked when the aggregator cannot be (``{url}`` = URI-R)."""
_MAX_LINKS: Final = 10_000
_MAX_CHARS: Final = 4 * 1024 * 1024
_EARLIEST: Final = datetime(1996, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Link:
    """Represents one link of a Link header or TimeMap: its URI, rel values and parameters."""

    uri: str
    rels: frozenset[str] = frozenset()
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Memento:
    """Represents one capture: its URI-M, capture time (UTC) and who named it."""

    uri: str
    when: datetime
    source: str = "memento"


def _quoted(text: str, start: int) -> tuple[str, int]:
    """Return the quoted string opening at *start* (unescaped) and the index after it."""
    chars: list[str] = []
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            chars.append(text[index + 1])
            index += 2
            continue
        if char == '"':
            return "".join(chars), index + 1
        chars.append(char)
        index += 1
    return "".join(chars), index  # unterminated: the rest is the value


def _token(text: str, start: int, stops: str) -> tuple[str, int]:
    """Return the run of characters from *start* up to one of *stops* and the index there."""
    index = start
    while index < len(text) and text[index] not in stops:
        index += 1
    return text[start:index].strip(), index


def parse_links(text: str, *, limit: int = _MAX_LINKS) -> list[Link]:
    """Return the links of a ``Link`` header value or a link-format TimeMap body.

    At most *limit* links, read from at most 4 MiB of text; what cannot be read is skipped.

    >>> [(l.uri, sorted(l.rels)) for l in parse_links('<a,b>; rel="first memento", <c>;rel=x')]
    [('a,b', ['first', 'memento']), ('c', ['x'])]
    """
    text = text[:_MAX_CHARS]
    links: list[Link] = []
    index = 0
    while len(links) < limit:
        start = text.find("<", index)
        if start < 0:
            break
        end = text.find(">", start + 1)
        if end < 0:
            break
        uri = text[start + 1 : end].strip()
        params: dict[str, str] = {}
        index = end + 1
        while index < len(text):
            _gap, index = _token(text, index, ";,<")
            if index >= len(text) or text[index] != ";":
                index += 1 if index < len(text) and text[index] == "," else 0
                break
            name, index = _token(text, index + 1, "=;,<")
            value = ""
            if index < len(text) and text[index] == "=":
                index += 1
                while index < len(text) and text[index] in " \t\r\n":
                    index += 1
                if index < len(text) and text[index] == '"':
                    value, index = _quoted(text, index)
                else:
                    value, index = _token(text, index, ";,<")
            if name:
                params.setdefault(name.lower(), value)
        rels = frozenset(params.get("rel", "").lower().split())
        links.append(Link(uri, rels, params))
    return links


def _http_date(text: str) -> datetime | None:
    """Return an RFC 1123 date (``Thu, 31 May 2007 20:35:00 GMT``) in UTC, or None."""
    from email.utils import parsedate_to_datetime  # noqa: PLC0415 - see closest

    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def mementos(links: Sequence[Link]) -> list[Memento]:
    """Return the captures among *links* (``rel`` includes ``memento``, a readable datetime)."""
    found = []
    for link in links:
        when = _http_date(link.params.get("datetime", ""))
        if "memento" in link.rels and when is not None and link.uri:
            found.append(Memento(link.uri, when))
    return found


def closest_memento(captures: Sequence[Memento], when: datetime) -> Memento | None:
    """Return the capture closest to *when* (the earlier one on a tie), or None."""
    return min(captures, key=lambda m: (abs(m.when - when), m.when), default=None)


def _moment(day: date | None) -> datetime:
    """Return the moment a lookup aims at: the end of *day*, or now without one."""
    if day is None:
        return datetime.now(UTC)
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


class MementoClient:
    """Represents asking Memento for the capture of a page closest to a date, in any archive.

    *aggregator* is the TimeTravel service (or a stand-in); *timegates* are URL templates
    of archives' own TimeGates (``{url}`` is the page), asked only when the aggregator
    cannot be.
    """

    def __init__(
        self,
        fetcher: Fetcher,
        aggregator: str = AGGREGATOR,
        timegates: Sequence[str] = TIMEGATES,
    ) -> None:
        """Build a client on *fetcher*."""
        self.fetcher = fetcher
        self.aggregator = aggregator.rstrip("/")
        self.timegates = tuple(timegates)

    def closest(self, url: str, day: date | None = None) -> Memento | None:
        """Return the capture of *url* closest to *day* (its end; now without one), or None.

        None means it was asked and nothing was found. Raises
        :class:`~wikimaint.errors.RateLimitedError` or :class:`~wikimaint.errors.FetchError`
        when neither the aggregator nor any TimeGate could be asked.
        """
        target = _moment(day)
        got = self.fetcher.fetch(f"{self.aggregator}/api/json/{target:%Y%m%d%H%M%S}/{url}")
        found, answered = _from_aggregator(got)
        if answered:
            return found
        failed = [got]
        captures: list[Memento] = []
        # email.utils (a tenth of the command line's start-up) only when a TimeGate is asked
        from email.utils import format_datetime  # noqa: PLC0415

        header = {"Accept-Datetime": format_datetime(target, usegmt=True)}
        for template in self.timegates:
            got = self.fetcher.fetch(template.replace("{url}", url), headers=header)
            capture, answered = _from_timegate(got)
            if capture is not None:
                captures.append(capture)
            if not answered:
                failed.append(got)
        if len(failed) > len(self.timegates):  # nobody answered
            _raise_for(failed)
        return closest_memento(captures, target)


def _from_aggregator(got: FetchResult) -> tuple[Memento | None, bool]:
    """Return the aggregator's closest memento and whether it answered at all.

    A 404, or a 200 whose body is not a JSON object, means "nothing found" (as WaybackMedic
    reads it); ``mementos.closest.uri`` is a list (its first entry is taken) or a string.
    """
    if got.status == 404:
        return None, True
    if got.status != 200 or got.error is not None or got.truncated:
        return None, False
    try:
        data = loads(got.body.decode("utf-8"))
    except (ValueError, InputError):  # not JSON, or JSON beyond bounds (very deep, NaN…)
        return None, True
    mementos = data.get("mementos") if isinstance(data, dict) else None
    closest = mementos.get("closest") if isinstance(mementos, dict) else None
    if not isinstance(closest, dict):
        return None, True
    uris = closest.get("uri")
    uri = uris[0] if isinstance(uris, list) and uris else uris
    try:
        when = datetime.fromisoformat(str(closest.get("datetime", "")))
    except ValueError:
        return None, True
    when = when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
    if not isinstance(uri, str) or not uri.startswith(("http://", "https://")):
        return None, True
    return (Memento(uri, when) if when >= _EARLIEST else None), True


def _from_timegate(got: FetchResult) -> tuple[Memento | None, bool]:
    """Return the memento a TimeGate led to (final URL and its Memento-Datetime), if any."""
    if got.status in {404, 410}:
        return None, True
    if got.status != 200 or got.error is not None:
        return None, False
    when = _http_date(got.headers.get("memento-datetime", ""))
    if when is None:  # a 200 that is no memento: read its Link header's nearest one
        links = mementos(parse_links(got.headers.get("link", "")))
        return (Memento(links[0].uri, links[0].when, "timegate") if links else None), True
    return Memento(got.final_url, when, "timegate"), True


def _raise_for(failed: Sequence[FetchResult]) -> None:
    """Raise the error that says why nobody could be asked."""
    for got in failed:
        if got.status == 429:
            raise RateLimitedError(got.final_url, got.retry_after)
    last = failed[0]
    raise FetchError(last.final_url, str(last.error or f"http-{last.status}"))
