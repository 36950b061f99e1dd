"""The work of a scan, page by page: ``citation-check``'s offline check, under guards.

:func:`check_page` parses one page and runs the citation rules exactly as
``citation-check`` does (:func:`~wikimaint.citations.check.check_citations`, then the
report's JSON findings), so a page's findings, severities, positions and messages are the
ones ``citation-check`` prints for that text and title. Guards come first: a page larger
than the size limit is not parsed (``too-large``); a page that runs past the time limit
is interrupted by ``SIGALRM`` (``timeout``), which works because workers run pages in
their main thread (see :mod:`wikimaint.scan.engines`); a page that raises is kept with the
exception's kind (``error``). :func:`run_unit` does that for every page of a
:class:`~wikimaint.scan.inputs.Unit`, in the process that reads it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import signal
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from wikimaint.errors import InputError

if TYPE_CHECKING:
    import os
    from collections.abc import Iterator
    from types import FrameType

    from wikimaint.scan.dumps import Page
    from wikimaint.scan.inputs import Unit

__all__ = [
    "FindingRow",
    "PageResult",
    "PageTimeoutError",
    "Settings",
    "UnitResult",
    "blank_result",
    "check_page",
    "enter_worker",
    "open_unit",
    "read_only",
    "run_unit",
    "select",
]

#: MediaWiki's default article size limit ($wgMaxArticleSize, 2048 KiB).
MAX_PAGE_BYTES = 2048 * 1024


@dataclass(frozen=True)
class Settings:
    """Represents what every page is checked with; the same in every worker."""

    lang: str = "ar"
    today: dt.date = field(default_factory=lambda: dt.datetime.now(dt.UTC).date())
    rules: tuple[str, ...] | None = None
    skip: tuple[str, ...] = ()
    validate: bool = False
    page_timeout: float = 30.0
    max_page_bytes: int = MAX_PAGE_BYTES
    namespaces: frozenset[int] = frozenset({0})
    since: str | None = None
    """The database of an earlier scan whose findings unchanged pages reuse."""
    since_run: int | None = None
    changes: bool = False
    """The sources hold only what changed since the earlier scan (an adds/changes dump):
    every page read, checked or not, takes the place of the earlier scan's page."""

    @property
    def hard_limit(self) -> float:
        """Return the CPU seconds after which a worker stuck in C code is ended by the kernel."""
        return self.page_timeout * 2 + 5


@dataclass(frozen=True)
class FindingRow:
    """Represents one finding as stored: citation-check's JSON finding, plus its URL."""

    rule: str
    severity: str
    citation: int | None
    """The citation's number as the page numbers it (citation-check's JSON gives its index)."""
    line: int
    column: int
    message: str
    url: str | None = None
    host: str | None = None


@dataclass
class PageResult:
    """Represents what became of one page: its identity, status, counts and findings."""

    title: str
    namespace: int
    source: str
    sha1: str
    bytes: int
    status: str = "ok"
    error: str | None = None
    elapsed: float = 0.0
    page_id: int | None = None
    revision_id: int | None = None
    timestamp: str | None = None
    findings: list[FindingRow] = field(default_factory=list)
    earlier: tuple[int, int, int, int] | None = None
    """For a page whose findings an earlier scan had: its row there, and its counts of
    errors, warnings and notes. The findings stay in that database, which the store copies
    them from, so that they are neither read nor sent here."""

    @property
    def reused(self) -> bool:
        """Return whether the page's findings are an earlier scan's."""
        return self.earlier is not None

    def counts(self) -> dict[str, int]:
        """Return the number of findings of each severity."""
        if self.earlier is not None:
            return dict(zip(("error", "warning", "info"), self.earlier[1:], strict=True))
        counts = {"error": 0, "warning": 0, "info": 0}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts


@dataclass
class UnitResult:
    """Represents the results of one unit: its pages and what was passed over, and why."""

    source: str
    key: str
    size: int
    pages: list[PageResult] = field(default_factory=list)
    redirects: int = 0
    other_namespaces: int = 0
    passed: list[tuple[int | None, int, str, int | None]] = field(default_factory=list)
    """With :attr:`Settings.changes`, the pages read but not checked (redirects, other
    namespaces): ``(page_id, namespace, title, revision_id)``."""
    damage: dict[str, Any] | None = None
    """Where the unit's input broke: an :class:`InputError`'s English text, reason, fields."""
    cpu: float = 0.0
    """The worker's CPU seconds for the unit: reading, decompressing, checking."""


class PageTimeoutError(Exception):
    """Represents a page that ran past its time limit (raised by the ``SIGALRM`` handler)."""


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise PageTimeoutError


@contextlib.contextmanager
def _deadline(seconds: float, hard: float) -> Iterator[None]:
    """Interrupt the block after *seconds*, where a signal can (the main thread).

    In a worker, the block also gets *hard* seconds of CPU time: past them the kernel ends
    the process (``SIGPROF``, whose default action is to terminate), which needs no Python
    code to run, so it holds where C code never returns to the interpreter.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = None if _WORKER else signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    if _WORKER:
        signal.setitimer(signal.ITIMER_PROF, hard)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        if _WORKER:
            signal.setitimer(signal.ITIMER_PROF, 0)
        if previous is not None:
            signal.signal(signal.SIGALRM, previous)


def _host(url: str | None) -> str | None:
    """Return the host of *url* in lower case, without ``www.``.

    >>> _host("https://WWW.Aljazeera.net/news")
    'aljazeera.net'
    """
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _findings(page: Page, settings: Settings) -> list[FindingRow]:
    """Return the findings of *page*: citation-check's JSON findings, in its order."""
    # imported when the first page is checked, not with this module (see pagecheck)
    from wikimaint.scan.pagecheck import check_citations, parse, validate  # noqa: PLC0415

    article = parse(page.text, title=page.title)
    report = check_citations(
        article, today=settings.today, rules=settings.rules, skip=settings.skip
    )
    document = report.to_dict(settings.lang)
    if settings.validate:
        validate(article.to_dict(), what=page.title)
    urls = {c["index"]: c["url"] for c in document["citations"]}
    numbers = {c.index: c.number for c in article.citations}
    rows = []
    for found in document["findings"]:
        url = urls.get(found["citation"])
        rows.append(
            FindingRow(
                rule=found["rule"],
                severity=found["severity"],
                citation=numbers.get(found["citation"]),
                line=found["line"],
                column=found["column"],
                message=found["message"],
                url=url,
                host=_host(url),
            )
        )
    return rows


def blank_result(page: Page) -> PageResult:
    """Return the result of *page* before it is checked: its identity, hash and size."""
    data = page.text.encode("utf-8", "surrogatepass")
    return PageResult(
        title=page.title,
        namespace=page.namespace,
        source=page.source,
        sha1=hashlib.sha1(data).hexdigest(),  # noqa: S324 - an identity, not a security measure
        bytes=len(data),
        page_id=page.page_id,
        revision_id=page.revision_id,
        timestamp=page.timestamp,
    )


def check_page(page: Page, settings: Settings) -> PageResult:
    """Return the result of checking *page*: its findings, or why it has none."""
    result = blank_result(page)
    if settings.since and _reuse(result, settings):
        return result
    if result.bytes > settings.max_page_bytes:
        result.status = "too-large"
        return result
    start = time.perf_counter()
    try:
        with _deadline(settings.page_timeout, settings.hard_limit):
            result.findings = _findings(page, settings)
    except PageTimeoutError:
        result.status = "timeout"
    except Exception as error:  # noqa: BLE001 - a page that raises is kept with its kind
        result.status, result.error = "error", _kind(error)
    finally:
        result.elapsed = time.perf_counter() - start
    return result


def _kind(error: BaseException) -> str:
    first = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {first[:200]}".rstrip(": ")


_WORKER = False


def enter_worker() -> None:
    """Make this process a worker of a pool.

    Ctrl-C is the main process's business. ``SIGALRM`` interrupts a page past its time
    limit; a page stuck where no signal handler runs (C code that never checks) ends the
    process after :attr:`Settings.hard_limit` seconds of CPU time (``SIGPROF``), so that
    its pool replaces it.
    """
    global _WORKER  # noqa: PLW0603 - one flag per process, set once by the pool
    _WORKER = True
    # A forked worker holds every object of the process it was forked from (a whole test
    # suite's, say): frozen, the garbage collector never walks them again, so that no
    # page pays for a collection of someone else's heap, nor copies its memory to do it.
    gc.freeze()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker had the main process's
    signal.signal(signal.SIGALRM, _alarm)
    signal.signal(signal.SIGPROF, signal.SIG_DFL)


def read_only(path: str | os.PathLike[str]) -> str:
    """Return the URI that opens the database at *path* for reading only (with ``uri=True``).

    >>> read_only("/tmp/scans/2026-12 #1/scan.sqlite")
    'file:///tmp/scans/2026-12%20%231/scan.sqlite?mode=ro'
    """
    return Path(path).resolve().as_uri() + "?mode=ro"


_EARLIER: dict[str, sqlite3.Connection] = {}


def _reuse(result: PageResult, settings: Settings) -> bool:
    """Point *result* at the earlier scan's page when it checked the same text; return whether."""
    assert settings.since is not None
    db = _EARLIER.get(settings.since)
    if db is None:
        db = sqlite3.connect(read_only(settings.since), uri=True, check_same_thread=False)
        _EARLIER[settings.since] = db
    row = db.execute(
        "SELECT id, elapsed, errors, warnings, infos FROM pages WHERE run_id = ?"
        " AND page_id IS ? AND title = ? AND sha1 = ? AND status = 'ok'",
        (settings.since_run, result.page_id, result.title, result.sha1),
    ).fetchone()
    if row is None:
        return False
    result.elapsed = row[1]
    result.earlier = (row[0], row[2], row[3], row[4])
    return True


def select(pages: list[Page], settings: Settings) -> tuple[list[Page], int, int]:
    """Return the pages to check of *pages*, and how many were redirects or in other namespaces."""
    wanted = [p for p in pages if p.namespace in settings.namespaces]
    checked = [p for p in wanted if not p.redirect]
    return checked, len(wanted) - len(checked), len(pages) - len(wanted)


def open_unit(unit: Unit, settings: Settings) -> tuple[UnitResult, list[Page]]:
    """Return *unit*'s result before any check, and the pages to check.

    The result says what the unit passes over (redirects, other namespaces), or where it broke.
    """
    result = UnitResult(unit.source, unit.key, unit.size)
    try:
        pages = unit.load()
    except InputError as error:
        result.damage = {"text": str(error), "reason": error.reason, "fields": error.fields}
        return result, []
    checked, result.redirects, result.other_namespaces = select(pages, settings)
    if settings.changes and len(checked) < len(pages):
        kept = {id(p) for p in checked}
        result.passed = [
            (p.page_id, p.namespace, p.title, p.revision_id) for p in pages if id(p) not in kept
        ]
    return result, checked


def run_unit(unit: Unit, settings: Settings) -> UnitResult:
    """Return the results of reading and checking every page of *unit*."""
    start = time.process_time()
    result, checked = open_unit(unit, settings)
    result.pages = [check_page(page, settings) for page in checked]
    result.cpu = time.process_time() - start
    return result
