"""Live link checks: is a cited URL alive, dead, a soft 404, or sent to the home page.

:class:`LinkChecker` decides as InternetArchiveBot's CheckIfDead does, and then more
carefully, because a false "dead" costs an editor's trust:

- HEAD first; GET when HEAD fails or answers 4xx/5xx (only the GET counts, as IABot), to
  confirm a redirect to the home page, or when the content is needed for soft-404 detection.
- 401/402/403/429/451 and the like are a block, not a death: ``unknown``. A timeout,
  refusal, reset, TLS failure or 5xx is ``unknown`` the first time and counts as ``dead``
  only when the previous check of the URL also failed (a certificate that expired today is
  often renewed tomorrow; one broken for weeks is a dead site).
- Soft 404s are found by comparison, which neither IABot nor pywikibot do: one random,
  surely missing path is fetched per host and run. If it gets a real 404 the host is honest
  and no page of it is ever called a soft 404. If it gets a 200, a page is a soft 404 when it
  lands on the same URL, says nothing the random page does not (shingle containment), or
  has a not-found title (Arabic or English) or a not-found URL after a redirect.
- A result younger than ``max_age`` (``min_spacing`` for anything but alive) is reused with
  no request; every new observation is recorded in the :class:`LinkHistory`, which says
  whether the URL is *confirmed* dead (repeated, spaced failures).

:class:`WaybackClient` finds the snapshot closest to a date (availability API before, then
after, as IABot; the CDX API as fallback) and verifies a snapshot URL, recording the
timestamp the Wayback Machine actually serves.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from enum import StrEnum
from html import unescape
from typing import TYPE_CHECKING, Final
from urllib.parse import unquote, urlencode, urlsplit

from wikimaint.errors import FetchError, RateLimitedError
from wikimaint.links.archives import parse_archive_url, wayback_snapshot_url
from wikimaint.links.history import DEAD_VERDICTS
from wikimaint.links.urls import same_page
from wikimaint.net import Failure, FetchResult

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from wikimaint.links.history import Check, LinkHistory
    from wikimaint.net import Fetcher

__all__ = [
    "ArchiveHit",
    "LinkChecker",
    "LinkReport",
    "LinkStatus",
    "SnapshotCheck",
    "SnapshotStatus",
    "WaybackClient",
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
_BLOCKED_TOO: Final = frozenset({449, 451, 999})
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
_LANGUAGES: Final = "ar|arz|en|fr|de|es|it|ru|tr|fa|ur|he|zh|ja|ko|pt|nl|sv|id|ms|hi|ku|ckb"
_ROOT_PATH: Final = re.compile(  # /, /index.php, /ar/, /en-us/home.html
    rf"/?(?:(?:{_LANGUAGES})(?:[-_][a-z]{{2}})?/?)?(?:(?:index|default|home|main)(?:\.[a-z]{{2,5}})?/?)?",
    re.IGNORECASE,
)
_NOT_FOUND_URL: Final = re.compile(  # a path segment: /404.html, /notfound.aspx, /errors/404/
    r"(?:^|/)(?:404|not[-_]?found|page[-_]?not[-_]?found|error[-_]?404|404[-_]?error"
    r"|error(?:page)?)(?:\.[a-z0-9]{2,5})?(?:/|$)",
    re.IGNORECASE,
)
_NOT_FOUND_TITLE: Final = re.compile(
    r"(?:^|\b)(?:404|٤٠٤)(?:\b|$)|not found|page (?:cannot|can't|could not) be found"
    r"|does(?:n't| not) exist|no longer available"
    r"|الصفحه غير موجوده|صفحه غير موجوده|لم يتم العثور|الصفحه المطلوبه غير|غير متوفره حاليا"
    r"|خطا 404|عذرا.{0,20}(?:الصفحه|الرابط)",
    re.IGNORECASE,
)
_TITLE: Final = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_INVISIBLE: Final = re.compile(
    r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
_TAG: Final = re.compile(r"<[^>]+>")
_CHARSET: Final = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_WORD: Final = re.compile(r"\w+")
_ARABIC_MARKS: Final = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
_SHINGLE: Final = 3
_NOVELTY: Final = 0.05  # a page whose shingles are 95% in the random page adds nothing
_MIN_SHINGLES: Final = 5


def _fold(text: str) -> str:
    """Return *text* folded for matching: NFKC, lower case, no Arabic marks, one alef/ha/ya."""
    text = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", text).lower())
    return text.translate(str.maketrans("أإآٱةى", "ااااهي"))


def _decode(got: FetchResult) -> str:
    """Return the body as text, in its declared charset, else UTF-8, else windows-1256.

    The charset is read from Content-Type, then from a ``<meta>``; windows-1256 is how many
    older Arabic sites are written.
    """
    declared = _CHARSET.search(got.headers.get("content-type", "")) or _CHARSET.search(
        got.body[:4096].decode("ascii", "replace")
    )
    if declared:
        try:
            return got.body.decode(declared[1], "replace")
        except LookupError:  # an unknown charset name
            pass
    try:
        return got.body.decode("utf-8")
    except UnicodeDecodeError:
        return got.body.decode("cp1256", "replace")


def _title(html: str) -> str:
    found = _TITLE.search(html)
    return " ".join(unescape(found[1]).split()) if found else ""


def _words(html: str, url: str) -> list[str]:
    """Return the visible words of *html*, folded, without the words of its own URL path.

    Error pages often echo the requested path; dropping it lets two of them compare equal.
    """
    echoed = set(_WORD.findall(_fold(unquote(urlsplit(url).path))))
    text = unescape(_TAG.sub(" ", _INVISIBLE.sub(" ", html)))
    return [word for word in _WORD.findall(_fold(text)) if word not in echoed]


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    if len(words) < _SHINGLE:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}


def _same_site(a: str, b: str) -> bool:
    """Return whether hosts *a* and *b* are one site (equal, ``www.``, or one inside the other)."""
    a, b = a.lower().removeprefix("www."), b.lower().removeprefix("www.")
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def _is_root(path: str) -> bool:
    return _ROOT_PATH.fullmatch(path) is not None


def _redirects_to_root(original: str, final: str) -> bool:
    """Return whether a deeper page of a site (``/a/b``, ``/index.php?id=5``) ended on its home."""
    before, after = urlsplit(original), urlsplit(final)
    deeper = not _is_root(before.path) or bool(before.query)
    if not deeper or not _is_root(after.path) or after.query:
        return False
    return _same_site(before.hostname or "", after.hostname or "")


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
    if status in _BLOCKED or status in _BLOCKED_TOO:
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

    def observe(self, url: str, now: datetime) -> LinkReport:
        """Return the report for *url* after asking its server now, and record the result.

        A first timeout, refusal or 5xx is recorded as ``unknown``: only a repeat counts.
        Callers that schedule URLs themselves (the online citation checks) use this and
        :meth:`cached` instead of :meth:`check`; one checker is meant for one run.
        """
        previous = self.history.latest(url, now)
        seen = self._observe(url)
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
        if head_ok and not _redirects_to_root(url, head.final_url):
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
        if got.status >= 400:
            return _from_status(got, got.status)
        if _redirects_to_root(url, got.final_url):
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
        html = _decode(got)
        title = _title(html)

        def verdict(reason: str, status: LinkStatus = LinkStatus.SOFT_404) -> _Observation:
            return _Observation(status, reason, got.final_url, got.status)

        if _NOT_FOUND_TITLE.search(_fold(title)):
            return verdict("soft-404-title")
        path = urlsplit(got.final_url).path
        if (
            got.hops
            and _NOT_FOUND_URL.search(path)
            and not _NOT_FOUND_URL.search(urlsplit(url).path)
        ):
            return verdict("soft-404-url")
        if probe.kind != "soft":
            return None
        if got.hops and same_page(got.final_url, probe.final_url):
            return verdict("soft-404-same-url-as-random")
        shingles = _shingles(_words(html, got.final_url))
        if len(shingles) < _MIN_SHINGLES:  # too little text: a script shell, an image page
            same = html.strip() == probe.body.strip()
            return verdict("same-as-random-no-text", LinkStatus.UNKNOWN) if same else None
        # Containment, not Jaccard: a short article inside a big site template shares most
        # shingles with the template's error page, but it adds its own; an error page does not.
        # A shared <title> is no evidence alone: many Arabic news sites name every page alike.
        novelty = len(shingles - probe.shingles) / len(shingles)
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
        if 400 <= status < 500 and status not in _BLOCKED and status not in _BLOCKED_TOO:
            return _Probe("honest", got.final_url)
        if status >= 300:
            return _Probe("unclear", got.final_url)
        html = _decode(got)
        return _Probe(
            "soft",
            got.final_url,
            _title(html),
            frozenset(_shingles(_words(html, got.final_url))),
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


# ---------------------------------------------------------------------------------------
# The Wayback Machine


@dataclass(frozen=True)
class ArchiveHit:
    """Represents a Wayback snapshot found for a URL: where, when, and which API said so."""

    original_url: str
    archive_url: str
    timestamp: str
    when: datetime
    source: str  # "available" or "cdx"


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


_SERVED: Final = re.compile(r"/web/(\d{4,14})(?:[a-z]{2}_)*/")
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
        mean it could not be asked (both APIs failed).
        """
        stamp = when.strftime("%Y%m%d") if when else None
        failed: list[FetchResult] = []
        for direction in ("before", "after") if stamp else (None,):
            query = {"url": url, "statuscodes": "200"}
            if stamp and direction:
                query |= {"timestamp": stamp, "closest": direction}
            got = self.fetcher.fetch(f"{self.base}/wayback/available?{urlencode(query)}")
            hit, ok = self._from_available(url, got)
            if hit is not None:
                return hit
            if not ok:
                failed.append(got)
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
            hit, ok = self._from_cdx(url, got)
            if hit is not None:
                return hit
            if not ok:
                _raise_for([*failed, got])
        return None

    def hit(self, url: str, stamp: str, source: str) -> ArchiveHit | None:
        """Return the hit for *url* at 14-digit *stamp* (None for an impossible time)."""
        when = _stamp_time(stamp)
        if when is None:
            return None
        archive_url = wayback_snapshot_url(url, stamp, base=self.public_base)
        return ArchiveHit(url, archive_url, stamp, when, source)

    def _from_available(self, url: str, got: FetchResult) -> tuple[ArchiveHit | None, bool]:
        """Return the availability API's hit and whether it answered at all."""
        data = _json(got)
        if not isinstance(data, dict):
            return None, False
        closest = (data.get("archived_snapshots") or {}).get("closest") or {}
        if not closest.get("available") or str(closest.get("status")) != "200":
            return None, True
        return self.hit(url, str(closest.get("timestamp", "")), "available"), True

    def _from_cdx(self, url: str, got: FetchResult) -> tuple[ArchiveHit | None, bool]:
        """Return the CDX API's hit (its last row is the closest) and whether it answered."""
        rows = _json(got)
        if not isinstance(rows, list):
            return None, False
        if len(rows) < 2 or not isinstance(rows[0], list) or "timestamp" not in rows[0]:
            return None, True
        header = rows[0]
        column = header.index("timestamp")
        status = header.index("statuscode") if "statuscode" in header else None
        good = [r for r in rows[1:] if status is None or str(r[status]) == "200"]
        return (self.hit(url, str(good[-1][column]), "cdx") if good else None), True

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

        def result(status: SnapshotStatus, reason: str, served: str | None = None) -> SnapshotCheck:
            return SnapshotCheck(
                archive_url, status, reason, requested, served, got.final_url, got.status
            )

        if got.status is None:
            failure = got.error or Failure.CONNECTION
            unknown = failure == Failure.TIMEOUT
            return result(SnapshotStatus.UNKNOWN if unknown else SnapshotStatus.ERROR, str(failure))
        if got.status in {404, 410}:
            captured = "memento-datetime" in got.headers
            return result(SnapshotStatus.MISSING, "captured-error" if captured else "not-archived")
        if got.status in {403, 429} or got.status in _BLOCKED_TOO:
            return result(SnapshotStatus.UNKNOWN, f"http-{got.status}")
        if got.status >= 300:
            return result(SnapshotStatus.ERROR, f"http-{got.status}")
        served = _served_timestamp(got)
        if served == requested:
            return result(SnapshotStatus.OK, "served-as-asked", served)
        return result(SnapshotStatus.REDIRECTED, "served-another-time", served)


def _served_timestamp(got: FetchResult) -> str | None:
    """Return the timestamp the Wayback served: from the final URL, else Memento-Datetime."""
    found = _SERVED.search(urlsplit(got.final_url).path)
    if found:
        return found[1]
    header = got.headers.get("memento-datetime", "")
    try:
        return parsedate_to_datetime(header).astimezone(UTC).strftime("%Y%m%d%H%M%S")
    except (TypeError, ValueError):
        return None


def _json(got: FetchResult) -> object:
    """Return the JSON body of a 200 answer, or None."""
    if got.status != 200 or got.error is not None or got.truncated:
        return None
    try:
        return json.loads(got.body)
    except ValueError:
        return None


def _raise_for(failed: list[FetchResult]) -> None:
    """Raise the error that says why the archive could not be asked."""
    for got in failed:
        if got.status == 429:
            raise RateLimitedError(got.final_url, got.retry_after)
    last = failed[-1]
    raise FetchError(last.final_url, str(last.error or f"http-{last.status}"))
