"""Run the live checks of an article's citations: every URL, every archive, every lookup.

:func:`run_live_checks` gathers the work first (each distinct cited URL, each archive URL,
and for each citation without an archive a lookup near its access date: the Wayback
Machine, then Memento), answers what it can from the history, and hands the rest to one
:class:`~wikimaint.net.Fetcher` as one batch, so link checks, snapshot checks on any
archive and lookups share the global and per-host limits, and each archive is one more
host waiting its turn. The online rules
(:mod:`wikimaint.citations.rules.online`) then read the :class:`LiveResults`.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, NamedTuple
from urllib.parse import urlencode, urlsplit

from wikimaint.errors import FetchCancelledError, FetchError, InputError, RateLimitedError
from wikimaint.links.archives import parse_archive_url, wayback_snapshot_url
from wikimaint.links.checker import LinkChecker
from wikimaint.links.history import LinkHistory, default_history_path
from wikimaint.links.lookups import ArchiveFinder, hit_from_value, hit_value
from wikimaint.links.memento import MementoClient
from wikimaint.links.options import LiveOptions, Stop
from wikimaint.links.snapshots import (
    SnapshotChecker,
    SnapshotStatus,
    check_from_value,
    check_value,
)
from wikimaint.links.wayback import WaybackClient
from wikimaint.net import Failure, Fetcher

if TYPE_CHECKING:
    from collections.abc import Callable, Collection
    from pathlib import Path

    from wikimaint.links.checker import LinkReport
    from wikimaint.links.snapshots import SnapshotCheck
    from wikimaint.links.wayback import ArchiveHit
    from wikimaint.wikitext.model import Article, Citation, TemplateCall

__all__ = [
    "MIN_FAILURES",
    "MIN_SPACING",
    "NEEDS",
    "LinkPlan",
    "LiveOptions",
    "LiveResults",
    "Targets",
    "archive_of",
    "link_of",
    "lookup_of",
    "run_live_checks",
]

MIN_FAILURES: Final = 3
"""Failed checks needed before a link is called dead (as InternetArchiveBot)."""
MIN_SPACING: Final = dt.timedelta(days=3)
"""Least time between two failures that both count."""
NEEDS: Final = {
    "links": frozenset({"link-dead", "link-redirect-to-root", "link-soft-404", "link-unknown",
                        "archive-unavailable", "archive-none-anywhere"}),
    "snapshots": frozenset({"archive-unavailable", "archive-found"}),
    "lookups": frozenset({"archive-found", "archive-none-anywhere"}),
}  # fmt: skip
"""Which work each online rule needs: links checked, snapshots verified, archive lookups."""
_UNREACHABLE: Final = frozenset(Failure) - {Failure.REDIRECT_LOOP, Failure.TOO_MANY_REDIRECTS}
"""Failure codes that mean the server was not reached (a redirect problem means it was)."""



def _http_url(text: str) -> bool:
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)


def link_of(citation: Citation) -> str | None:
    """Return the URL of *citation* to check live: its template's url, or its bare URL.

    An archive URL written in ``url=`` is not the page itself (``archive-in-url`` says so
    offline), so it is not checked as one.
    """
    template = citation.template
    if template is not None:
        url = template.text("url").strip()
    elif citation.kind in {"bare-url", "link"} and citation.urls:
        url = citation.urls[0].strip()
    else:
        return None
    if not url or not _http_url(url) or parse_archive_url(url) is not None:
        return None
    return url


def archive_of(citation: Citation) -> str | None:
    """Return the archive URL of *citation*'s template, when it is a live-checkable one."""
    template = citation.template
    if template is None:
        return None
    archive = template.text("archive-url").strip()
    if not archive or not _http_url(archive):
        return None
    snapshot = parse_archive_url(archive)
    if snapshot is None or snapshot.dead_service or snapshot.problem is not None:
        return None  # not a snapshot to fetch: the offline archive rules say why
    return archive


def _snapshot_target(archive_url: str, wayback: str, checker: SnapshotChecker) -> str | None:
    """Return where *archive_url* is fetched: the Wayback replay at *wayback*, or its archive."""
    snapshot = parse_archive_url(archive_url)
    if snapshot is None:
        return None
    stamp = snapshot.timestamp or ""
    if snapshot.service == "wayback" and snapshot.original_url and stamp.isdigit():
        return wayback_snapshot_url(snapshot.original_url, stamp, base=wayback)
    return checker.target(snapshot)


def lookup_of(citation: Citation) -> tuple[str, str] | None:
    """Return ``(url, YYYYMMDD or "")`` to ask the Wayback Machine about, or None.

    Only a templated citation with a URL and no archive of any kind gets a lookup; the
    date is the access date (its last possible day), else the publication date, else none
    (the newest snapshot).
    """
    template = citation.template
    url = link_of(citation)
    if template is None or url is None:
        return None
    if template.text("archive-url") or any(e.kind == "archive" for e in citation.extras):
        return None
    return url, _lookup_day(template)


def _lookup_day(template: TemplateCall) -> str:
    for key in ("access-date", "date"):
        param = template.get(key)
        parsed = param.date if param is not None else None
        day = parsed.latest if parsed is not None and parsed.ok else None
        if day is not None:
            return day.strftime("%Y%m%d")
    return ""


class Targets(NamedTuple):
    """Represents what one citation asks of the live checks (None: nothing of that kind)."""

    link: str | None
    archive: str | None
    lookup: tuple[str, str] | None


@dataclass
class LinkPlan:
    """Represents the work one article asks for: distinct URLs, archives and lookups."""

    links: list[str] = field(default_factory=list)
    snapshots: list[str] = field(default_factory=list)  # archive URLs, any service
    lookups: list[tuple[str, str]] = field(default_factory=list)
    targets: dict[int, Targets] = field(default_factory=dict)  # by citation index

    @classmethod
    def of(cls, article: Article, rules: Collection[str] | None = None) -> LinkPlan:
        """Return the plan for *article* (deduplicated, in reading order).

        With *rules*, only the work those online rules need (see :data:`NEEDS`).
        """

        def wanted(kind: str) -> bool:
            return rules is None or bool(NEEDS[kind] & set(rules))

        links: dict[str, None] = {}
        snapshots: dict[str, None] = {}
        lookups: dict[tuple[str, str], None] = {}
        targets: dict[int, Targets] = {}
        for citation in article.citations:
            url, archive, lookup = link_of(citation), archive_of(citation), lookup_of(citation)
            targets[citation.index] = Targets(url, archive, lookup)
            if url is not None and wanted("links"):
                links[url] = None
            if archive is not None and wanted("snapshots"):
                snapshots[archive] = None
            if lookup is not None and wanted("lookups"):
                lookups[lookup] = None
        return cls(list(links), list(snapshots), list(lookups), targets)


@dataclass
class LiveResults:
    """Represents what the live checks found, for the online rules and the report.

    ``links`` maps each checked URL to its report; ``snapshots`` each archive URL (any
    service) to its verification; ``closest`` each ``(url, day)`` lookup to the snapshot
    found in any archive (None: no archive has one). A key missing
    from ``snapshots`` or ``closest`` means it could not be asked (see ``errors``).
    """

    now: dt.datetime
    state_db: str
    wayback: str
    targets: dict[int, Targets] = field(default_factory=dict)
    links: dict[str, LinkReport] = field(default_factory=dict)
    snapshots: dict[str, SnapshotCheck] = field(default_factory=dict)
    closest: dict[tuple[str, str], ArchiveHit | None] = field(default_factory=dict)
    failures: dict[str, list[dt.datetime]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    requests: int = 0
    from_cache: int = 0
    fetched: int = 0
    seconds: float = 0.0
    partial: bool = False
    """The run was stopped (Ctrl-C, or the deadline): what is here was learned, the rest not."""
    deadline: float | None = None
    """The deadline in seconds, when it is what stopped the run."""

    def summary(self) -> dict[str, Any]:
        """Return the report's ``online`` section (see ``schemas/report.schema.json``)."""
        statuses: dict[str, int] = {}
        for report in self.links.values():
            statuses[report.status.value] = statuses.get(report.status.value, 0) + 1
        dead = sum(1 for r in self.links.values() if r.confirmed_dead)
        found = sum(1 for hit in self.closest.values() if hit is not None)
        return {
            **Stop(self.partial, self.deadline).summary(),
            "urls": len(self.links) + len(self.snapshots),
            "requests": self.requests,
            "from_cache": self.from_cache,
            "fetched": self.fetched,
            "state_db": self.state_db,
            "now": self.now.isoformat(),
            "wayback": self.wayback,
            "links": {**statuses, "confirmed_dead": dead},
            "snapshots": len(self.snapshots),
            "lookups": {"asked": len(self.closest), "found": found},
            "errors": len(self.errors),
            "seconds": round(self.seconds, 3),
        }


def _open_history(path: str | Path, lock_wait: float) -> LinkHistory:
    try:
        return LinkHistory(path, lock_wait=lock_wait)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(f"{path}: cannot open the link history ({reason})") from exc


def run_live_checks(
    article: Article, options: LiveOptions, rules: Collection[str] | None = None
) -> LiveResults:
    """Return the live results for *article*: check, verify and look up, politely, at once.

    *rules* (online rule ids) limits the work to what they need; default: everything.

    Interrupted (Ctrl-C), it stops asking within moments and returns what it learned,
    marked ``partial`` (the history keeps every answer that came); the caller reports it
    and exits as interrupted.

    Raises:
        InputError: the history file cannot be opened or written.
        FetchError: every question to the Wayback Machine failed to reach it.

    """
    started = dt.datetime.now(dt.UTC)
    now = options.now or started
    plan = LinkPlan.of(article, rules)
    path = options.state_db if options.state_db is not None else default_history_path()
    max_age = dt.timedelta(days=options.max_age_days)
    results = LiveResults(now, str(path), options.wayback.rstrip("/"), plan.targets)
    history = _open_history(path, options.lock_wait)
    try:
        with history, Fetcher(options.policy()) as fetcher:
            checker = LinkChecker(
                fetcher,
                history,
                now=now,
                max_age=max_age,
                min_failures=MIN_FAILURES,
                min_spacing=MIN_SPACING,
            )
            client = WaybackClient(fetcher, options.wayback)
            memento = (
                MementoClient(fetcher, options.memento, options.timegates)
                if options.memento
                else None
            )
            archives = _Archives(
                client,
                SnapshotChecker(fetcher, dict(options.archive_bases)),
                ArchiveFinder(client, memento),
            )
            tasks = _tasks(
                plan, results, history=history, checker=checker, archives=archives, max_age=max_age
            )
            lock = threading.Lock()
            wayback_tries = [0, 0]  # asked, failed to reach

            def work(key: str) -> None:
                kind, run = tasks[key]
                reached = run()
                if kind != "link":
                    with lock:
                        wayback_tries[0] += 1
                        wayback_tries[1] += 0 if reached else 1

            total = len(plan.links) + len(plan.snapshots) + len(plan.lookups)
            reused = total - len(tasks)

            def advance(done: int, _total: int) -> None:
                if options.progress is not None:
                    options.progress(reused + done, total)

            with options.stopping(fetcher) as stop:  # Ctrl-C or the deadline: keep what came
                fetcher.run_each(list(tasks), work, advance)
            results.partial, results.deadline = stop.partial, stop.deadline
            for url, report in results.links.items():
                if report.confirmed_dead:
                    results.failures[url] = history.counted_failures(url, now, MIN_SPACING)
            results.requests = fetcher.requests_sent
    except sqlite3.Error as exc:  # a full disk, a read-only file, a lock held too long
        raise InputError(f"{path}: cannot use the link history ({exc})") from exc
    results.from_cache = reused
    results.fetched = len(tasks)
    results.seconds = (dt.datetime.now(dt.UTC) - started).total_seconds()
    if wayback_tries[0] and wayback_tries[0] == wayback_tries[1] and not results.partial:
        reasons = sorted(set(results.errors.values()))
        raise FetchError(results.wayback, "wayback-silent", ", ".join(reasons))
    return results


class _Archives(NamedTuple):
    """Represents the archive clients one run shares (all on one fetcher)."""

    wayback: WaybackClient
    snapshots: SnapshotChecker
    finder: ArchiveFinder


def _tasks(
    plan: LinkPlan,
    results: LiveResults,
    *,
    history: LinkHistory,
    checker: LinkChecker,
    archives: _Archives,
    max_age: dt.timedelta,
) -> dict[str, tuple[str, Callable[[], bool]]]:
    """Return the work still to do, keyed by a URL on the host it goes to.

    Answers young enough are taken from the history into *results* instead. Each task
    returns whether it reached its server (for telling an unreachable Wayback Machine).
    """
    now = results.now
    tasks: dict[str, tuple[str, Callable[[], bool]]] = {}
    for url in plan.links:
        cached = checker.cached(url, now)
        if cached is not None:
            results.links[url] = cached
            continue

        def check(url: str = url) -> bool:
            results.links[url] = checker.observe(url, now)
            return True

        tasks[url] = ("link", check)
    for archive_url in plan.snapshots:
        remembered = history.recall("snapshot", archive_url, now, max_age)
        known = check_from_value(archive_url, remembered) if remembered else None
        if known is not None:
            results.snapshots[archive_url] = known
            continue
        target = _snapshot_target(archive_url, archives.wayback.base, archives.snapshots)
        if target is None:
            continue
        wayback = target.startswith(archives.wayback.base + "/web/")

        def verify(archive_url: str = archive_url, wayback: bool = wayback) -> bool:
            verifier = archives.wayback if wayback else archives.snapshots
            check = verifier.verify(archive_url)
            results.snapshots[archive_url] = check
            if check.status in {SnapshotStatus.OK, SnapshotStatus.REDIRECTED,
                                SnapshotStatus.MISSING}:  # fmt: skip
                history.remember("snapshot", archive_url, now, check_value(check))
                return True
            results.errors[archive_url] = check.reason
            return check.reason not in _UNREACHABLE

        tasks[f"{target}#verify"] = ("snapshot", verify)
    lookups: dict[str, tuple[str, Callable[[], bool]]] = {}
    for url, day in plan.lookups:
        lookup_key = f"{url} {day}"
        remembered = history.recall("closest", lookup_key, now, max_age)
        if remembered is not None:
            results.closest[(url, day)] = hit_from_value(url, remembered, archives.wayback)
            continue
        query = urlencode({"url": url, "timestamp": day})

        def look(url: str = url, day: str = day, lookup_key: str = lookup_key) -> bool:
            when = dt.datetime.strptime(day, "%Y%m%d").date() if day else None  # noqa: DTZ007
            try:
                hit = archives.finder.closest(url, when)
            except RateLimitedError:
                results.errors[lookup_key] = "rate-limited"
                return True
            except FetchCancelledError:
                raise  # the run was stopped: nothing to record
            except FetchError as exc:
                results.errors[lookup_key] = exc.reason
                return exc.reason not in _UNREACHABLE and not exc.reason.startswith("http-")
            results.closest[(url, day)] = hit
            history.remember("closest", lookup_key, now, hit_value(hit))
            return True

        # A lookup ends at the Wayback Machine or, when it has nothing, at the Memento
        # aggregator: the lookups take turns under both hosts, so the aggregator's slots
        # are not left idle while a lookup is still at the Wayback (the fetcher's per-host
        # limit still bounds the requests each host gets).
        hosts = [archives.wayback.base]
        if archives.finder.memento is not None:
            hosts.append(archives.finder.memento.aggregator)
        base = hosts[len(lookups) % len(hosts)]
        lookups[f"{base}/wayback/available?{query}#closest"] = ("lookup", look)
    # Lookups first: they are the longest chains (up to four Wayback requests, then Memento),
    # so on the Wayback's queue they go before the one-request snapshot checks.
    return {**lookups, **tasks}
