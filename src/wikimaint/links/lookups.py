"""Find a snapshot of a page in any archive: the Wayback Machine first, then Memento.

:class:`ArchiveFinder` asks the Wayback Machine (availability, then CDX, see
:class:`~wikimaint.links.wayback.WaybackClient`) for the snapshot closest to a day; where it
has none, or cannot be asked, it asks Memento (the TimeTravel aggregator, else each
archive's own TimeGate, see :class:`~wikimaint.links.memento.MementoClient`). The Wayback
Machine stays first where it answers: its snapshots are the ones arwiki editors and
InternetArchiveBot write, and its availability API answers in one request.

Answers go to and come from the history (:class:`~wikimaint.links.history.LinkHistory`,
kind ``closest``) with the archive URL, so a second run asks nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Final

from wikimaint.errors import FetchError
from wikimaint.links.archives import parse_archive_url
from wikimaint.links.wayback import ArchiveHit

if TYPE_CHECKING:
    from wikimaint.links.memento import MementoClient
    from wikimaint.links.wayback import WaybackClient

__all__ = ["ArchiveFinder", "ArchiveHit", "hit_from_value", "hit_value"]

_EARLIEST: Final = datetime(1996, 1, 1, tzinfo=UTC)


def hit_value(hit: ArchiveHit | None) -> dict[str, Any]:
    """Return the JSON form of a lookup's answer, for the history (None: nothing found)."""
    if hit is None:
        return {"timestamp": None}
    return {"timestamp": hit.timestamp, "source": hit.source, "archive_url": hit.archive_url}


def hit_from_value(url: str, value: dict[str, Any], wayback: WaybackClient) -> ArchiveHit | None:
    """Return the hit a history *value* stands for (None: nothing found, or unreadable)."""
    stamp = value.get("timestamp")
    if not isinstance(stamp, str):
        return None
    archive_url = value.get("archive_url")
    if not isinstance(archive_url, str):  # written before other archives were asked
        return wayback.hit(url, stamp, str(value.get("source", "cache")))
    try:
        when = datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    return ArchiveHit(url, archive_url, stamp, when, str(value.get("source", "cache")))


class ArchiveFinder:
    """Represents looking for a snapshot in every archive, the Wayback Machine first."""

    def __init__(self, wayback: WaybackClient, memento: MementoClient | None = None) -> None:
        """Build a finder on *wayback* and, when given, *memento*."""
        self.wayback = wayback
        self.memento = memento

    def closest(self, url: str, day: date | None = None) -> ArchiveHit | None:
        """Return the snapshot of *url* closest to *day*, in any archive; None if none has one.

        None means the Wayback Machine answered "none" and Memento found nothing or could
        not be asked. Raises :class:`~wikimaint.errors.RateLimitedError` or
        :class:`~wikimaint.errors.FetchError` when the Wayback Machine could not be asked
        and Memento found nothing either.
        """
        wayback_error: FetchError | None = None
        try:
            hit = self.wayback.closest(url, day)
        except FetchError as error:  # RateLimitedError included
            if self.memento is None:
                raise
            hit, wayback_error = None, error
        if hit is not None or self.memento is None:
            return hit
        try:
            found = self.memento.closest(url, day)
        except FetchError:
            if wayback_error is not None:
                raise wayback_error from None
            return None  # the Wayback said "none"; Memento is a second chance, not a must
        if found is None and wayback_error is not None:
            raise wayback_error  # "none" from Memento alone is no answer for the Wayback
        if found is None or found.when < _EARLIEST:
            return None
        # Only a snapshot our own rules accept goes into an article: a URI-M on an archive
        # we do not know, or on a dead one, would be flagged by archive-invalid next time.
        snapshot = parse_archive_url(found.uri)
        if snapshot is None or snapshot.problem is not None:
            return None
        stamp = f"{found.when:%Y%m%d%H%M%S}"
        return ArchiveHit(url, found.uri, stamp, found.when, found.source)
