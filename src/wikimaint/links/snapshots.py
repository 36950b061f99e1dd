"""Whether a snapshot is there, on any archive: fetch it and read how the archive answered.

:class:`SnapshotChecker` fetches an archive URL of any recognised service (moved services
at their new home, see :mod:`~wikimaint.links.services`) through the one
:class:`~wikimaint.net.Fetcher`, within its limits, and says "there", "gone" or "could not
tell". Archives say "not archived" in their own ways: a 404 or 410, or a 200 page whose
title or opening text is the replay software's "not found" page (the Wayback Machine's
"Hrm.", pywb's "URL Not Found", OpenWayback's "Resource Not In Archive", archive.today's
"No results"). A 200 like that counts as gone, unless the answer carries
``Memento-Datetime``, which only a real capture has (RFC 7089 §2.1.1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit, urlunsplit

from wikimaint.links.archives import parse_archive_url
from wikimaint.links.checker import BLOCKED_TOO
from wikimaint.links.pages import decode_body, page_title
from wikimaint.links.services import ARCHIVE_SERVICES, REPLAY_NOT_ARCHIVED
from wikimaint.net import Failure

if TYPE_CHECKING:
    from collections.abc import Mapping

    from wikimaint.links.archives import Snapshot
    from wikimaint.net import Fetcher, FetchResult

__all__ = [
    "SnapshotCheck",
    "SnapshotChecker",
    "SnapshotStatus",
    "check_from_value",
    "check_value",
    "judge_failure",
    "memento_stamp",
    "served_stamp",
]

_OPENING: Final = 4096
"""How much of a 200 page is read for the archive's "not archived" words."""
_SERVED: Final = re.compile(r"/(\d{14})(?:[a-z]{2}\d?_)*/")
_TAG: Final = re.compile(r"<[^>]+>")


class SnapshotStatus(StrEnum):
    """Represents what verifying a snapshot URL found."""

    OK = "ok"
    MISSING = "missing"
    REDIRECTED = "redirected"
    ERROR = "error"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SnapshotCheck:
    """Represents a verified snapshot URL: the timestamp asked for and the one served."""

    archive_url: str
    status: SnapshotStatus
    reason: str
    requested_timestamp: str | None = None
    served_timestamp: str | None = None
    served_url: str | None = None
    http_status: int | None = None


def check_value(check: SnapshotCheck) -> dict[str, Any]:
    """Return the JSON form of *check*, for the history."""
    return {
        "status": check.status.value,
        "reason": check.reason,
        "requested": check.requested_timestamp,
        "served": check.served_timestamp,
        "served_url": check.served_url,
        "http_status": check.http_status,
    }


def check_from_value(archive_url: str, value: dict[str, Any]) -> SnapshotCheck | None:
    """Return the check a history *value* stands for, or None when it is unreadable."""
    try:
        return SnapshotCheck(
            archive_url,
            SnapshotStatus(value["status"]),
            str(value["reason"]),
            value.get("requested"),
            value.get("served"),
            value.get("served_url"),
            value.get("http_status"),
        )
    except (KeyError, ValueError):
        return None


def memento_stamp(header: str) -> str | None:
    """Return a ``Memento-Datetime`` (RFC 1123, GMT) as 14 digits, or None when it is not one.

    >>> memento_stamp("Thu, 31 May 2007 20:35:00 GMT")
    '20070531203500'
    """
    try:
        return parsedate_to_datetime(header).astimezone(UTC).strftime("%Y%m%d%H%M%S")
    except (TypeError, ValueError, IndexError, OverflowError):  # a header is no promise
        return None


def served_stamp(got: FetchResult) -> str | None:
    """Return the capture time an archive served: ``Memento-Datetime``, else the final URL."""
    header = memento_stamp(got.headers.get("memento-datetime", ""))
    if header is not None:
        return header
    found = _SERVED.search(urlsplit(got.final_url).path)
    return found[1] if found else None


def judge_failure(
    archive_url: str, got: FetchResult, requested: str | None
) -> SnapshotCheck | None:
    """Return the check an answer that is no 2xx page stands for; None for a page to read.

    No answer is ``unknown`` after a timeout, else an ``error``; 404 and 410 are ``missing``
    (``captured-error`` when the archive captured an error page, with ``Memento-Datetime``);
    401, 403, 429 and the blocking statuses are ``unknown``; anything else 3xx-5xx an error;
    a 2xx whose body was cut short is ``unknown`` (not received whole).
    """
    status: SnapshotStatus | None = None
    if got.status is None:
        reason = str(got.error or Failure.CONNECTION)
        status = SnapshotStatus.UNKNOWN if got.error == Failure.TIMEOUT else SnapshotStatus.ERROR
    elif got.status in {404, 410}:
        captured = "memento-datetime" in got.headers
        status, reason = SnapshotStatus.MISSING, "captured-error" if captured else "not-archived"
    elif got.status in {401, 403, 429} or got.status in BLOCKED_TOO:
        status, reason = SnapshotStatus.UNKNOWN, f"http-{got.status}"
    elif got.status >= 300:
        status, reason = SnapshotStatus.ERROR, f"http-{got.status}"
    elif got.error is not None:  # a 2xx whose body was cut short: not received whole
        status, reason = SnapshotStatus.UNKNOWN, str(got.error)
    if status is None:
        return None
    return SnapshotCheck(archive_url, status, reason, requested, None, got.final_url, got.status)


def _says_not_archived(got: FetchResult, phrases: tuple[str, ...]) -> bool:
    """Return whether a 200 page is the archive's "not archived" page (title or opening)."""
    if "memento-datetime" in got.headers:
        return False  # only a capture carries it
    html = decode_body(got)
    opening = " ".join(
        (page_title(html), _TAG.sub(" ", html[: _OPENING * 4])[:_OPENING])
    ).casefold()
    return any(phrase in opening for phrase in phrases)


class SnapshotChecker:
    """Represents checking snapshots on every recognised archive through one fetcher.

    *bases* maps a service id to where its requests go instead of its own host (a test
    stand-in on 127.0.0.1); the path and query of the archive URL are kept.
    """

    def __init__(self, fetcher: Fetcher, bases: Mapping[str, str] | None = None) -> None:
        """Build a checker on *fetcher*."""
        self.fetcher = fetcher
        self.bases = {name: base.rstrip("/") for name, base in (bases or {}).items()}

    def target(self, snapshot: Snapshot) -> str | None:
        """Return where *snapshot* is fetched (None: it cannot be judged by fetching).

        A moved service's URL goes to its new home; the rest as written, without fragment.
        """
        if snapshot.dead_service or snapshot.problem is not None:
            return None
        url = snapshot.canonical_url() if snapshot.moved_from else snapshot.archive_url
        if url is None:
            return None
        parts = urlsplit(url.strip())
        base = self.bases.get(snapshot.service)
        if base is not None:
            local = urlsplit(base)
            path = local.path + parts.path
            return urlunsplit((local.scheme, local.netloc, path, parts.query, ""))
        return urlunsplit((parts.scheme or "http", parts.netloc, parts.path, parts.query, ""))

    def verify(self, archive_url: str) -> SnapshotCheck:
        """Return whether the snapshot at *archive_url* is there, gone, or could not be told."""
        snapshot = parse_archive_url(archive_url)
        if snapshot is None:
            return SnapshotCheck(archive_url, SnapshotStatus.ERROR, "not-an-archive")
        target = self.target(snapshot)
        if target is None:
            reason = "service-dead" if snapshot.dead_service else snapshot.problem or "no-long-form"
            return SnapshotCheck(archive_url, SnapshotStatus.ERROR, reason)
        requested = f"{snapshot.when:%Y%m%d%H%M%S}" if snapshot.when else None
        got = self.fetcher.fetch(target)
        service = ARCHIVE_SERVICES[snapshot.service]

        def result(status: SnapshotStatus, reason: str, served: str | None = None) -> SnapshotCheck:
            return SnapshotCheck(
                archive_url, status, reason, requested, served, got.final_url, got.status
            )

        failed = judge_failure(archive_url, got, requested)
        if failed is not None:
            return failed
        if _says_not_archived(got, (*service.not_archived, *REPLAY_NOT_ARCHIVED)):
            return result(SnapshotStatus.MISSING, "not-archived-page")
        served = served_stamp(got)
        if served is None or requested is None or _same_capture(snapshot, served):
            return result(SnapshotStatus.OK, "served-as-asked", served)
        return result(SnapshotStatus.REDIRECTED, "served-another-time", served)


def _same_capture(snapshot: Snapshot, served: str) -> bool:
    """Return whether *served* (14 digits) is the capture *snapshot* asks for, to its precision."""
    digits = re.sub(r"\D", "", snapshot.timestamp or "")
    if snapshot.when is None:
        return True
    if snapshot.precision == "second" or len(digits) >= 14:
        return served == f"{snapshot.when:%Y%m%d%H%M%S}"
    return served.startswith(digits) if digits.isdigit() else True
