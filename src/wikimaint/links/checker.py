"""Live link checks: is a cited URL alive, dead, a soft 404, or sent to the home page.

:class:`LinkChecker` decides as InternetArchiveBot's CheckIfDead does, and then more
carefully, because a false "dead" costs an editor's trust:

- HEAD first; GET when HEAD fails or answers 4xx/5xx (only the GET counts, as IABot), to
  confirm a redirect to the home page, or when the content is needed for soft-404 detection.
- 401/402/403/429/451 and the like are a block, not a death: ``unknown``. A timeout,
  refusal, reset, TLS failure or 5xx is ``unknown`` the first time and counts as ``dead``
  only when the previous check of the URL also failed (a certificate that expired today is
  often renewed tomorrow; one broken for weeks is a dead site).
- A page counts only when it was received whole: headers cut off are no answer
  (:mod:`wikimaint.net.whole`), and a body cut short by the server or the deadline is a
  failure like a timeout (``unknown`` the first time), never ``alive``.
- Soft 404s are found by comparison, which neither IABot nor pywikibot do: one random,
  surely missing path is fetched per host and run. If it gets a real 404 the host is honest
  and no page of it is ever called a soft 404. If it gets a 200, a page is a soft 404 when it
  lands on the same URL, says nothing the random page does not (shingle containment), or
  has a not-found title (Arabic or English) or a not-found URL after a redirect.
- A result younger than ``max_age`` (``min_spacing`` for anything but alive) is reused with
  no request; every new observation is recorded in the :class:`LinkHistory`, which says
  whether the URL is *confirmed* dead (repeated, spaced failures).

Reading the pages themselves is :mod:`~wikimaint.links.pages`; the Wayback Machine is
:mod:`~wikimaint.links.wayback`.
"""

from __future__ import annotations

import re
import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit

from wikimaint.links.history import DEAD_VERDICTS
from wikimaint.links.pages import (
    NOT_FOUND_TITLE,
    NOT_FOUND_URL,
    decode_body,
    fold_for_matching,
    page_title,
    redirects_to_root,
    shingles,
    visible_words,
)
from wikimaint.links.urls import same_page
from wikimaint.net import Failure, FetchResult

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from wikimaint.links.history import Check, LinkHistory
    from wikimaint.net import Fetcher

__all__ = [
    "BLOCKED_TOO",
    "LinkChecker",
    "LinkReport",
    "LinkStatus",
]


class LinkStatus(StrEnum):
    """Represents what one check of a URL found."""

    ALIVE = "alive"
    DEAD = "dead"
    REDIRECT_TO_ROOT = "redirect-to-root"
    SOFT_404 = "soft-404"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class LinkReport:
    """Represents the answer for one URL: this run's verdict and what the history says.

    ``status`` is what this run observed (or reused); ``confirmed_dead`` comes from the
    history (repeated, spaced failures); ``reason`` is a stable code (``http-404``, ``dns``,
    ``soft-404-similar-to-random``, ``redirect-to-home``); ``checks`` counts the recorded
    checks of the URL.
    """

    url: str
    status: LinkStatus
    confirmed_dead: bool
    reason: str
    final_url: str | None
    http_status: int | None
    from_cache: bool
    checks: int
    checked_at: datetime


# Blocks, paywalls, geo-blocks, bot walls (LinkedIn's 999): the page may well be there.
_BLOCKED: Final = frozenset({401, 402, 403, 405, 406, 407, 408, 412, 418, 425, 428, 429, 440})
BLOCKED_TOO: Final = frozenset({449, 451, 999})
"""Codes beyond the 4xx blocks that also mean a wall, not a missing page."""
_UNKNOWN_FAILURES: Final = frozenset(
    {Failure.UNSAFE_ADDRESS, Failure.UNSAFE_SCHEME, Failure.INVALID_URL}
)
_TRANSIENT: Final = frozenset(
    {
        Failure.TIMEOUT,
        Failure.TLS,
        Failure.REFUSED,
        Failure.RESET,
        Failure.EMPTY_REPLY,
        Failure.PROTOCOL,
        Failure.CONNECTION,
        Failure.REDIRECT_LOOP,
        Failure.TOO_MANY_REDIRECTS,
    }
)
_NOVELTY: Final = 0.05  # a page whose shingles are 95% in the random page adds nothing
_MIN_SHINGLES: Final = 5



@dataclass(frozen=True)
class _Probe:
    """Represents what a random, surely missing path on a host answered."""

    kind: str  # "honest" (a real 4xx), "soft" (200), "unclear" (anything else)
    final_url: str = ""
    title: str = ""
    shingles: frozenset[tuple[str, ...]] = frozenset()
    body: str = ""


@dataclass
class _ProbeSlot:
    ready: threading.Event = field(default_factory=threading.Event)
    probe: _Probe = field(default_factory=lambda: _Probe("unclear"))


@dataclass(frozen=True)
class _Observation:
    status: LinkStatus
    reason: str
    final_url: str | None = None
    http_status: int | None = None
    transient: bool = False  # a failure that counts only when it repeats


def _from_failure(result: FetchResult) -> _Observation:
    """Return the observation for a fetch that got no usable answer."""
    error = result.error or Failure.CONNECTION
    if error in _UNKNOWN_FAILURES:
        return _Observation(LinkStatus.UNKNOWN, str(error), result.final_url)
    return _Observation(
        LinkStatus.DEAD, str(error), result.final_url, transient=error in _TRANSIENT
    )


def _from_status(result: FetchResult, status: int) -> _Observation:
    """Return the observation for a 4xx or 5xx answer to the GET."""
    reason = f"http-{status}"
    if status in _BLOCKED or status in BLOCKED_TOO:
        return _Observation(LinkStatus.UNKNOWN, reason, result.final_url, status)
    return _Observation(LinkStatus.DEAD, reason, result.final_url, status, transient=status >= 500)


class LinkChecker:
    """Represents a run of link checks sharing one fetcher, one history and one clock.

    *now* fixes the time of the run (default: the time of each :meth:`check` call);
    *max_age* is how long an alive result is reused; a result that is not alive is reused
    for ``min(max_age, min_spacing)``, so failing links are re-checked as soon as a new
    failure could count.
    """

    def __init__(
        self,
        fetcher: Fetcher,
        history: LinkHistory,
        *,
        now: datetime | None = None,
        max_age: timedelta = timedelta(days=7),
        min_failures: int = 3,
        min_spacing: timedelta = timedelta(days=3),
    ) -> None:
        """Build a checker; nothing is fetched until :meth:`check`."""
        self.fetcher = fetcher
        self.history = history
        self.now = now
        self.max_age = max_age
        self.min_failures = min_failures
        self.min_spacing = min_spacing
        self._probes: dict[str, _ProbeSlot] = {}
        self._lock = threading.Lock()

    def check(
        self, urls: Iterable[str], progress: Callable[[int, int], None] | None = None
    ) -> dict[str, LinkReport]:
        """Return a report for each distinct URL, fetching only those not checked recently."""
        now = self.now or datetime.now(UTC)
        ordered = list(dict.fromkeys(url.strip() for url in urls))
        reports: dict[str, LinkReport] = {}
        to_fetch: list[str] = []
        for url in ordered:
            cached = self.cached(url, now)
            if cached is None:
                to_fetch.append(url)
            else:
                reports[url] = cached
        total, reused = len(ordered), len(reports)
        if progress is not None and reused:
            progress(reused, total)
        self._probes = {}

        def advance(done: int, _total: int) -> None:
            if progress is not None:
                progress(reused + done, total)

        reports.update(self.fetcher.run_each(to_fetch, lambda url: self.observe(url, now), advance))
        return {url: reports[url] for url in ordered}

    def cached(self, url: str, now: datetime) -> LinkReport | None:
        """Return the report for *url* from a recent enough check, or None: it must be fetched."""
        check = self._reusable(url, now)
        return None if check is None else self._report(url, now, check, from_cache=True)

    def observe(self, url: str, now: datetime, got: FetchResult | None = None) -> LinkReport:
        """Return the report for *url* after asking its server now, and record the result.

        A first timeout, refusal or 5xx is recorded as ``unknown``: only a repeat counts.
        Callers that schedule URLs themselves (the online citation checks) use this and
        :meth:`cached` instead of :meth:`check`; one checker is meant for one run. *got* is
        a GET of *url* the caller made itself (fill-refs reads the page too): it is judged
        as the checker's own GET would be, with no HEAD first.
        """
        previous = self.history.latest(url, now)
        seen = self._observe(url) if got is None else self._judge(url, got)
        status = seen.status
        if seen.transient and not _was_failing(previous):
            status = LinkStatus.UNKNOWN  # a first timeout, refusal or 5xx: wait and see
        check = self.history.record(
            url,
            now,
            status.value,
            seen.reason,
            final_url=seen.final_url,
            http_status=seen.http_status,
        )
        return self._report(url, now, check, from_cache=False)

    def _reusable(self, url: str, now: datetime) -> Check | None:
        check = self.history.recent(url, now, self.max_age)
        if check is None or check.alive:
            return check
        return check if now - check.when < min(self.max_age, self.min_spacing) else None

    def _report(self, url: str, now: datetime, check: Check, *, from_cache: bool) -> LinkReport:
        return LinkReport(
            url=url,
            status=LinkStatus(check.verdict),
            confirmed_dead=self.history.is_confirmed_dead(
                url, now, min_failures=self.min_failures, min_spacing=self.min_spacing
            ),
            reason=check.detail,
            final_url=check.final_url,
            http_status=check.http_status,
            from_cache=from_cache,
            checks=self.history.count(url),
            checked_at=check.when,
        )

    def _observe(self, url: str) -> _Observation:
        """Return what the server says about *url* now: HEAD, then GET when needed."""
        head = self.fetcher.fetch(url, "HEAD")
        if head.error in _UNKNOWN_FAILURES or head.error == Failure.DNS:
            return _from_failure(head)  # a GET would not do better
        head_ok = head.error is None and head.status is not None and head.status < 400
        if head_ok and not redirects_to_root(url, head.final_url):
            probe = self._probe(url)
            if probe.kind == "honest":  # no soft 404s here: the HEAD says it all
                return _Observation(
                    LinkStatus.ALIVE, f"http-{head.status}", head.final_url, head.status
                )
        return self._judge(url, self.fetcher.fetch(url, "GET"))

    def _judge(self, url: str, got: FetchResult) -> _Observation:
        """Return the verdict on a GET: failure, status, home-page redirect, soft 404, alive."""
        if got.status is None:
            return _from_failure(got)
        if got.error is not None and got.status < 400:  # a page cut short is no page
            return _from_failure(got)
        if got.status >= 400:
            return _from_status(got, got.status)
        if redirects_to_root(url, got.final_url):
            return _Observation(
                LinkStatus.REDIRECT_TO_ROOT, "redirect-to-home", got.final_url, got.status
            )
        soft = self._soft_404(url, got)
        if soft is not None:
            return soft
        return _Observation(LinkStatus.ALIVE, f"http-{got.status}", got.final_url, got.status)

    def _soft_404(self, url: str, got: FetchResult) -> _Observation | None:
        """Return a soft-404 (or undecidable) observation for a 200 page, else None."""
        probe = self._probe(url)
        if probe.kind == "honest":
            return None
        html = decode_body(got)
        title = page_title(html)

        def verdict(reason: str, status: LinkStatus = LinkStatus.SOFT_404) -> _Observation:
            return _Observation(status, reason, got.final_url, got.status)

        if NOT_FOUND_TITLE.search(fold_for_matching(title)):
            return verdict("soft-404-title")
        path = urlsplit(got.final_url).path
        if (
            got.hops
            and NOT_FOUND_URL.search(path)
            and not NOT_FOUND_URL.search(urlsplit(url).path)
        ):
            return verdict("soft-404-url")
        if probe.kind != "soft":
            return None
        if got.hops and same_page(got.final_url, probe.final_url):
            return verdict("soft-404-same-url-as-random")
        seen = shingles(visible_words(html, got.final_url))
        if len(seen) < _MIN_SHINGLES:  # too little text: a script shell, an image page
            same = html.strip() == probe.body.strip()
            return verdict("same-as-random-no-text", LinkStatus.UNKNOWN) if same else None
        # Containment, not Jaccard: a short article inside a big site template shares most
        # shingles with the template's error page, but it adds its own; an error page does not.
        # A shared <title> is no evidence alone: many Arabic news sites name every page alike.
        novelty = len(seen - probe.shingles) / len(seen)
        return verdict("soft-404-similar-to-random") if novelty <= _NOVELTY else None

    def _probe(self, url: str) -> _Probe:
        """Return what a random missing path on *url*'s host gives (fetched once a host and run)."""
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc.rpartition('@')[2].lower()}"
        with self._lock:
            slot = self._probes.get(key)
            owner = slot is None
            if slot is None:
                slot = self._probes[key] = _ProbeSlot()
        if not owner:
            slot.ready.wait()
            return slot.probe
        try:
            slot.probe = self._run_probe(f"{key}/{secrets.token_hex(10)}")
        finally:
            slot.ready.set()
        return slot.probe

    def _run_probe(self, random_url: str) -> _Probe:
        got = self.fetcher.fetch(random_url, "GET")
        status = got.status
        if status is None or (got.error is not None and not got.body):
            return _Probe("unclear")
        if 400 <= status < 500 and status not in _BLOCKED and status not in BLOCKED_TOO:
            return _Probe("honest", got.final_url)
        if status >= 300:
            return _Probe("unclear", got.final_url)
        html = decode_body(got)
        return _Probe(
            "soft",
            got.final_url,
            page_title(html),
            frozenset(shingles(visible_words(html, got.final_url))),
            html,
        )


def _was_failing(previous: Check | None) -> bool:
    """Return whether the last check failed, or met a transient failure (timeout, 5xx)."""
    if previous is None:
        return False
    if previous.verdict in DEAD_VERDICTS:
        return True
    transient = {str(code) for code in _TRANSIENT}
    return previous.detail in transient or re.fullmatch(r"http-5\d\d", previous.detail) is not None

