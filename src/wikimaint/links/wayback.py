"""The Wayback Machine: the snapshot closest to a date, and whether a snapshot URL still serves.

:class:`WaybackClient` asks the availability API (before, then after the date, as
InternetArchiveBot does), with the CDX API as fallback, and verifies a snapshot URL,
recording the timestamp the Wayback Machine actually serves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, NoReturn
from urllib.parse import urlencode, urlsplit

from wikimaint.errors import FetchError, InputError, RateLimitedError
from wikimaint.jsontext import loads
from wikimaint.links.archives import parse_archive_url, wayback_snapshot_url
from wikimaint.links.snapshots import SnapshotCheck, SnapshotStatus, judge_failure, served_stamp

if TYPE_CHECKING:
    from wikimaint.net import Fetcher, FetchResult

__all__ = ["ArchiveHit", "SnapshotCheck", "SnapshotStatus", "WaybackClient"]


@dataclass(frozen=True)
class ArchiveHit:
    """Represents a snapshot found for a URL: where, when, and which API said so.

    ``source`` is ``available`` or ``cdx`` (the Wayback Machine), ``memento`` (the
    TimeTravel aggregator) or ``timegate`` (an archive's own TimeGate).
    """

    original_url: str
    archive_url: str
    timestamp: str
    when: datetime
    source: str

    @property
    def service(self) -> str:
        """Return the archive service's id (``wayback``, ``archive.today``…), else its host."""
        snapshot = parse_archive_url(self.archive_url)
        return snapshot.service if snapshot is not None else urlsplit(self.archive_url).netloc


_EARLIEST: Final = datetime(1996, 1, 1, tzinfo=UTC)


def _stamp_time(stamp: str) -> datetime | None:
    """Return the moment of a 14-digit Wayback timestamp, or None when it is not one."""
    if not (len(stamp) == 14 and stamp.isascii() and stamp.isdigit()):
        return None
    try:
        when = datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    return when if _EARLIEST <= when <= datetime.now(UTC) + timedelta(days=1) else None


class WaybackClient:
    """Represents the Wayback Machine's lookup and replay APIs, through one :class:`Fetcher`.

    *base* is where requests go (a test stand-in on 127.0.0.1, or the real service);
    archive URLs handed back always use *public_base*, the form that goes into articles.
    """

    def __init__(
        self,
        fetcher: Fetcher,
        base: str = "https://web.archive.org",
        *,
        public_base: str = "https://web.archive.org",
    ) -> None:
        """Build a client on *fetcher*."""
        self.fetcher = fetcher
        self.base = base.rstrip("/")
        self.public_base = public_base.rstrip("/")

    def closest(self, url: str, when: date | None = None) -> ArchiveHit | None:
        """Return the 200 snapshot of *url* closest to *when* (before, else after), or None.

        Without *when*, the newest. None means the archive answered and has nothing;
        :class:`~wikimaint.errors.RateLimitedError` or :class:`~wikimaint.errors.FetchError`
        mean it could not be asked (both APIs failed), with the reason ``malformed`` when
        it answered something that is not what its API returns.
        """
        stamp = when.strftime("%Y%m%d") if when else None
        failed: list[tuple[FetchResult, str]] = []
        for direction in ("before", "after") if stamp else (None,):
            query = {"url": url, "statuscodes": "200"}
            if stamp and direction:
                query |= {"timestamp": stamp, "closest": direction}
            got = self.fetcher.fetch(f"{self.base}/wayback/available?{urlencode(query)}")
            try:
                hit, ok = self._from_available(url, got)
            except _MalformedError:
                hit, ok = None, False
                failed.append((got, "malformed"))
            else:
                if not ok:
                    failed.append((got, _reason(got)))
            if hit is not None:
                return hit
            if not ok:
                break
        cdx_queries = (
            [{"to": stamp, "limit": "-1"}, {"from": stamp, "limit": "1"}]
            if stamp
            else [{"limit": "-1"}]
        )
        for extra in cdx_queries:
            query = {"url": url, "output": "json", "filter": "statuscode:200", **extra}
            query["fl"] = "timestamp,original,statuscode"
            got = self.fetcher.fetch(f"{self.base}/cdx/search/cdx?{urlencode(query)}")
            try:
                hit, ok = self._from_cdx(url, got)
            except _MalformedError:
                _raise_for([*failed, (got, "malformed")])
            if hit is not None:
                return hit
            if not ok:
                _raise_for([*failed, (got, _reason(got))])
        return None

    def hit(self, url: str, stamp: str, source: str) -> ArchiveHit | None:
        """Return the hit for *url* at 14-digit *stamp* (None for an impossible time)."""
        when = _stamp_time(stamp)
        if when is None:
            return None
        archive_url = wayback_snapshot_url(url, stamp, base=self.public_base)
        return ArchiveHit(url, archive_url, stamp, when, source)

    def _from_available(self, url: str, got: FetchResult) -> tuple[ArchiveHit | None, bool]:
        """Return the availability API's hit and whether it answered at all.

        The answer is ``{"archived_snapshots": {"closest": {"available": true, "status":
        "200", "timestamp": "YYYYMMDDhhmmss", …}}}``, ``closest`` absent when there is none;
        anything else raises _MalformedError.
        """
        answered, data = _json(got)
        if not answered:
            return None, False
        snapshots = data.get("archived_snapshots", {}) if isinstance(data, dict) else None
        closest = snapshots.get("closest") if isinstance(snapshots, dict) else False
        if closest is None:
            return None, True
        if not isinstance(closest, dict):
            raise _MalformedError
        if closest.get("available") is not True or str(closest.get("status")) != "200":
            return None, True
        stamp = closest.get("timestamp")
        found = self.hit(url, stamp, "available") if isinstance(stamp, str) else None
        if found is None:
            raise _MalformedError
        return found, True

    def _from_cdx(self, url: str, got: FetchResult) -> tuple[ArchiveHit | None, bool]:
        """Return the CDX API's hit (its last row is the closest) and whether it answered.

        The answer is a list of rows of strings, the first naming the columns (one of them
        ``timestamp``), or ``[]`` when there is none; anything else raises _MalformedError.
        """
        answered, rows = _json(got)
        if not answered:
            return None, False
        if not isinstance(rows, list) or not all(_strings(row) for row in rows):
            raise _MalformedError
        if not rows:
            return None, True
        header = rows[0]
        if "timestamp" not in header or any(len(row) != len(header) for row in rows):
            raise _MalformedError
        column = header.index("timestamp")
        status = header.index("statuscode") if "statuscode" in header else None
        good = [r for r in rows[1:] if status is None or r[status] == "200"]
        if not good:
            return None, True
        found = self.hit(url, good[-1][column], "cdx")
        if found is None:
            raise _MalformedError
        return found, True

    def verify(self, archive_url: str) -> SnapshotCheck:
        """Return whether *archive_url* (a Wayback snapshot) is served, and at which timestamp."""
        snapshot = parse_archive_url(archive_url)
        if snapshot is None or snapshot.service != "wayback" or not snapshot.original_url:
            return SnapshotCheck(archive_url, SnapshotStatus.ERROR, "not-a-wayback-snapshot")
        requested = snapshot.timestamp or ""
        if not (requested.isascii() and requested.isdigit() and 4 <= len(requested) <= 14):
            return SnapshotCheck(archive_url, SnapshotStatus.ERROR, "no-timestamp")
        target = wayback_snapshot_url(snapshot.original_url, requested, base=self.base)
        got = self.fetcher.fetch(target, "HEAD")
        if got.status is None or got.status in {405, 501}:
            got = self.fetcher.fetch(target, "GET")

        failed = judge_failure(archive_url, got, requested)
        if failed is not None:
            return failed
        served = served_stamp(got)
        same = served == requested
        return SnapshotCheck(
            archive_url,
            SnapshotStatus.OK if same else SnapshotStatus.REDIRECTED,
            "served-as-asked" if same else "served-another-time",
            requested,
            served,
            got.final_url,
            got.status,
        )


class _MalformedError(Exception):
    """Represents an answer that is not what the Wayback API returns (caught in this module)."""


def _strings(row: object) -> bool:
    return isinstance(row, list) and all(isinstance(cell, str) for cell in row)


def _json(got: FetchResult) -> tuple[bool, Any]:
    """Return whether *got* is a whole 200 answer, and its JSON (read strictly).

    Raises _MalformedError for a whole 200 answer that is not JSON, or JSON beyond the
    limits of :func:`wikimaint.jsontext.loads` (very deep, NaN, huge numbers).
    """
    if got.status != 200 or got.error is not None or got.truncated:
        return False, None
    try:
        return True, loads(got.body.decode("utf-8"))
    except (ValueError, InputError) as error:  # UnicodeError and JSONDecodeError included
        raise _MalformedError from error


def _reason(got: FetchResult) -> str:
    """Return why *got* is no answer: its failure code, or its HTTP status."""
    if got.error is not None:
        return str(got.error)
    if got.status == 200 and got.truncated:
        return "malformed"  # an answer bigger than any the API gives
    return f"http-{got.status}"


def _raise_for(failed: list[tuple[FetchResult, str]]) -> NoReturn:
    """Raise the error that says why the archive could not be asked."""
    for got, _ in failed:
        if got.status == 429:
            raise RateLimitedError(got.final_url, got.retry_after)
    last, reason = failed[-1]
    raise FetchError(last.final_url, reason)
