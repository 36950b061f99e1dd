"""Cited pages fetched, judged and read: what fill-refs may write, or why it may not.

:class:`PageReader` fetches each URL once (a GET through the project's
:class:`~wikimaint.net.Fetcher`, with its limits, politeness and address safety), has the
live checks' :class:`~wikimaint.links.checker.LinkChecker` judge the answer (dead, soft
404, redirect to the home page: recorded in the link history like any live check), reads
the page's metadata (:func:`~wikimaint.links.pagemeta.read_page`) and screens it
(:func:`~wikimaint.links.junk.junk_reason`). Given a
:class:`~wikimaint.links.wayback.WaybackClient`, it also asks the Wayback Machine for the
snapshot of each usable page closest to the day it was read. Each :class:`PageResult` is
remembered in the history (lookup kind ``page``): a second run within ``max_age`` sends no
request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final

from wikimaint.errors import FetchError
from wikimaint.links.checker import LinkChecker, LinkStatus
from wikimaint.links.junk import HTML_TYPES, junk_reason
from wikimaint.links.pagemeta import PageMeta, read_page

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from wikimaint.links.history import LinkHistory
    from wikimaint.links.lookups import ArchiveFinder
    from wikimaint.links.wayback import WaybackClient
    from wikimaint.net import Fetcher, FetchResult

__all__ = ["LOOKUP_KIND", "PageReader", "PageResult"]

LOOKUP_KIND: Final = "page"
"""The kind under which page results are kept in the link history."""


@dataclass(frozen=True)
class PageResult:
    """Represents what fill-refs learnt of one cited URL.

    ``status`` is ``ok`` (``meta`` can fill a citation), ``junk`` (``reason`` says which
    kind, see :mod:`wikimaint.links.junk`) or the link checker's verdict (``dead``,
    ``soft-404``, ``redirect-to-root``, ``unknown``, with its reason code such as
    ``http-404``); ``confirmed_dead`` is the history's word (repeated, spaced failures);
    ``archive_url`` and ``archive_time`` (14 digits) the Wayback snapshot closest to the
    day the page was read, when one was asked for and found.
    """

    url: str
    status: str
    reason: str = ""
    meta: PageMeta | None = None
    confirmed_dead: bool = False
    checked_at: dt.datetime | None = None
    from_cache: bool = False
    archive_url: str | None = None
    archive_time: str | None = None
    archive_asked: bool = False

    @property
    def usable(self) -> bool:
        """Return whether the page may fill a citation."""
        return self.status == "ok" and self.meta is not None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form kept in the history."""
        return {
            "status": self.status,
            "reason": self.reason,
            "meta": self.meta.to_dict() if self.meta is not None else None,
            "confirmed_dead": self.confirmed_dead,
            "archive": [self.archive_url, self.archive_time] if self.archive_asked else None,
        }

    @classmethod
    def from_dict(cls, url: str, data: dict[str, Any], when: dt.datetime) -> PageResult | None:
        """Return the result remembered for *url*, or None when the record is unreadable."""
        try:
            meta = PageMeta.from_dict(data["meta"]) if data.get("meta") else None
            archive = data.get("archive")
            return cls(
                url,
                str(data["status"]),
                str(data.get("reason", "")),
                meta,
                bool(data.get("confirmed_dead")),
                when,
                from_cache=True,
                archive_url=archive[0] if archive else None,
                archive_time=archive[1] if archive else None,
                archive_asked=archive is not None,
            )
        except (KeyError, TypeError, ValueError):
            return None


class PageReader:
    """Represents one run of page reads sharing a fetcher, a history and a clock."""

    def __init__(
        self,
        fetcher: Fetcher,
        history: LinkHistory,
        *,
        now: dt.datetime | None = None,
        max_age: dt.timedelta = dt.timedelta(days=7),
        min_failures: int = 3,
        min_spacing: dt.timedelta = dt.timedelta(days=3),
        wayback: ArchiveFinder | WaybackClient | None = None,
    ) -> None:
        """Build a reader; nothing is fetched until :meth:`read`.

        With *wayback*, each usable page's closest snapshot is looked up too (an
        :class:`~wikimaint.links.lookups.ArchiveFinder` also asks Memento after the Wayback).
        """
        self.fetcher = fetcher
        self.wayback = wayback
        self.history = history
        self.now = now or dt.datetime.now(dt.UTC)
        self.max_age = max_age
        self.min_spacing = min_spacing
        self.checker = LinkChecker(
            fetcher, history, now=self.now, max_age=max_age,
            min_failures=min_failures, min_spacing=min_spacing,
        )  # fmt: skip

    def cached(self, url: str) -> PageResult | None:
        """Return the result for *url* from a recent enough read, or None."""
        data = self.history.recall(LOOKUP_KIND, url, self.now, self.max_age)
        result = PageResult.from_dict(url, data, self.now) if data is not None else None
        if result is None or (result.usable and self.wayback and not result.archive_asked):
            return None  # an archive is wanted and was not asked for then
        if result.status in {"ok", "junk"} or result.confirmed_dead:
            return result
        # a failure is asked again as soon as a new failure could count
        spacing = min(self.max_age, self.min_spacing)
        fresh = self.history.recall(LOOKUP_KIND, url, self.now, spacing)
        return result if fresh is not None else None

    def read(
        self,
        urls: Iterable[str],
        progress: Callable[[int, int], None] | None = None,
        *,
        into: dict[str, PageResult] | None = None,
    ) -> dict[str, PageResult]:
        """Return a result for each distinct URL, fetching only those not read recently.

        Each result is put in *into* (when given) as it comes, so that a read cut short
        by Ctrl-C leaves there what was read. A URL whose fetch was cancelled (the
        deadline) has no result.
        """
        ordered = list(dict.fromkeys(url.strip() for url in urls))
        results: dict[str, PageResult] = into if into is not None else {}
        to_fetch = []
        for url in ordered:
            cached = self.cached(url)
            if cached is None:
                to_fetch.append(url)
            else:
                results[url] = cached
        reused = len(results)

        def advance(done: int, total: int) -> None:
            if progress is not None:
                progress(reused + done, reused + total)

        def observe(url: str) -> PageResult:
            results[url] = self.observe(url)
            return results[url]

        self.fetcher.run_each(to_fetch, observe, advance)
        return {url: results[url] for url in ordered if url in results}

    def observe(self, url: str) -> PageResult:
        """Return the result for *url* after fetching it now, and remember it."""
        got = self.fetcher.fetch(url, "GET")
        report = self.checker.observe(url, self.now, got)
        if report.status != LinkStatus.ALIVE:
            result = PageResult(
                url,
                report.status.value,
                report.reason,
                confirmed_dead=report.confirmed_dead,
                checked_at=self.now,
            )
        else:
            result = _judge_page(url, got, self.now)
        if result.usable and self.wayback is not None:
            try:
                hit = self.wayback.closest(url, self.now.date())
            except FetchError:  # rate-limited or unreachable: say nothing, remember nothing
                return result
            result = replace(
                result,
                archive_url=hit.archive_url if hit else None,
                archive_time=hit.timestamp if hit else None,
                archive_asked=True,
            )
        self.history.remember(LOOKUP_KIND, url, self.now, result.to_dict())
        return result


def _judge_page(url: str, got: FetchResult, now: dt.datetime) -> PageResult:
    """Return the result for a live page: its metadata, or why it is junk."""
    content_type = got.headers.get("content-type", "text/html")
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind and kind not in HTML_TYPES:  # a PDF or an image: its bytes are not HTML
        code = junk_reason(PageMeta(got.final_url), "", content_type=content_type)
        return PageResult(url, "junk", code or "not-html", checked_at=now)
    meta, html = read_page(got.body, got.headers, got.final_url)
    why = junk_reason(meta, html, content_type=content_type, headers=got.headers)
    if why is not None:
        return PageResult(url, "junk", why, meta, checked_at=now)
    return PageResult(url, "ok", "", meta, checked_at=now)
