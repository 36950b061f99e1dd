"""Local stand-ins for archives other than the Wayback Machine, and for Save Page Now 2.

PYTEST_DONT_REWRITE

``archive`` answers like a Wayback-style archive (pywb/OpenWayback): ``/<ts>[mod_]/<orig>``
replays a capture with ``Memento-Datetime``, redirects a near stamp to the closest capture,
answers unknown pages the way :attr:`ArchiveData.not_found` says (a 404, a 200 "URL Not
Found" page, a 200 archive.today "No results" page), and is a Memento TimeGate on
``/timegate/<orig>`` (``Accept-Datetime``). ``timetravel`` answers the TimeTravel
aggregator's ``/api/json/<datetime>/<orig>`` as :attr:`AggregatorData.mode` says (found, a
404, a body that is not JSON, a 503). ``spn`` is Save Page Now 2: ``POST /save`` (with an
``Authorization: LOW key:secret`` header), ``GET /save/status/<job>``, including its errors
returned as HTTP 200 and its per-minute limit. Nothing here reaches beyond loopback.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from ipaddress import ip_network
from typing import TYPE_CHECKING
from urllib.parse import unquote

import pytest

from httpservers import serving
from wikimaint.links.live import LiveOptions

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from httpservers import LocalServer, Reply

NO_RESULTS = "<html><head><title>archive.today</title></head><body>No results</body></html>"
PYWB_404 = (
    "<html><head><title>Archive</title></head><body><h2>URL Not Found</h2>"
    "<p>The url <b>{url}</b> could not be found in this collection.</p></body></html>"
)


def _moment(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def _same(a: str, b: str) -> bool:
    def key(url: str) -> str:
        return unquote(url).split("://", 1)[-1].removeprefix("www.").rstrip("/")

    return key(a) == key(b)


@dataclass
class ArchiveData:
    """Represents the captures a Wayback-style stand-in holds and how it says "none"."""

    captures: dict[str, list[str]] = field(default_factory=dict)
    not_found: str = "404"  # "404", "pywb-200" or "no-results-200"
    error_captures: set[str] = field(default_factory=set)  # captured 404 pages (by stamp)
    short_ids: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (page, stamp)

    def find(self, url: str) -> list[str]:
        for original, stamps in self.captures.items():
            if _same(original, url):
                return sorted(stamps)
        return []


def archive_app(data: ArchiveData) -> Callable[[Reply], None]:
    def missing(reply: Reply, url: str) -> None:
        if data.not_found == "pywb-200":
            reply.send(200, PYWB_404.format(url=url))
        elif data.not_found == "no-results-200":
            reply.send(200, NO_RESULTS)
        else:
            reply.send(404, PYWB_404.format(url=url))

    def app(reply: Reply) -> None:
        rest = reply.raw_path.lstrip("/")
        start = min((i for i in (rest.find("http:/"), rest.find("https:/")) if i >= 0), default=-1)
        head, url = (rest[:start], rest[start:]) if start >= 0 else (rest, "")
        segment = head.strip("/").rpartition("/")[2]  # after any prefix or collection id
        if segment == "timegate":
            stamps = data.find(url)
            asked = parsedate_to_datetime(reply.header("Accept-Datetime") or "")
            if not stamps:
                reply.send(404, "no mementos")
                return
            best = min(stamps, key=lambda s: abs(_moment(s) - asked))
            reply.redirect(f"/{best}/{url}", headers={"Vary": "accept-datetime"})
            return
        if not url and segment in data.short_ids:  # archive.ph/AbCd1: the time is in a header
            page, stamp = data.short_ids[segment]
            when = format_datetime(_moment(stamp), usegmt=True)
            reply.send(200, f"<title>{page}</title>", {"Memento-Datetime": when})
            return
        digits = "".join(ch for ch in segment if ch.isdigit())
        stamps = data.find(url)
        if not stamps or not digits:
            missing(reply, url)
            return
        if digits in stamps:
            status = 404 if digits in data.error_captures else 200
            headers = {
                "Memento-Datetime": format_datetime(_moment(digits), usegmt=True),
                "Link": f'<{url}>; rel="original"',
            }
            reply.send(status, f"<title>{unquote(url)}</title><p>نسخة {digits}</p>", headers)
            return
        target = digits.ljust(14, "0")[:14]
        nearest = min(stamps, key=lambda s: abs(int(s) - int(target)))
        reply.redirect(f"/{nearest}/{url}")

    return app


@dataclass
class AggregatorData:
    """Represents what the TimeTravel stand-in answers: closest mementos by page, and a mode."""

    closest: dict[str, tuple[str, str]] = field(default_factory=dict)  # page -> (URI-M, ISO)
    mode: str = "json"  # "json", "404", "html-200", "503"
    asked: list[str] = field(default_factory=list)


def timetravel_app(data: AggregatorData) -> Callable[[Reply], None]:
    def app(reply: Reply) -> None:
        rest = reply.raw_path.removeprefix("/api/json/")
        _stamp, _, url = rest.partition("/")
        data.asked.append(url)
        if data.mode == "503":
            reply.send(503, "busy")
            return
        if data.mode == "html-200":
            reply.send(200, "<html><body>Service temporarily unavailable</body></html>")
            return
        found = next((v for k, v in data.closest.items() if _same(k, url)), None)
        if found is None or data.mode == "404":
            reply.send(404, "{}", content_type="application/json")
            return
        uri, when = found
        body = {
            "original_uri": url,
            "mementos": {"closest": {"datetime": when, "uri": [uri]}},
            "timegate_uri": "",
        }
        reply.send(200, json.dumps(body), content_type="application/json")

    return app


@dataclass
class SpnData:
    """Represents the SPN2 stand-in: the account, its jobs, the errors it is to give."""

    key: str = "LOW test-access:test-secret"
    per_minute: int = 12
    polls_before_done: int = 1
    refuse: dict[str, str] = field(default_factory=dict)  # url -> status_ext for an HTTP 200 error
    session_limit_times: int = 0  # how many submissions answer error:user-session-limit first
    fail_job: dict[str, str] = field(default_factory=dict)  # url -> status_ext of the job
    submitted: list[str] = field(default_factory=list)
    jobs: dict[str, dict[str, object]] = field(default_factory=dict)
    authorizations: list[str | None] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def spn_app(data: SpnData) -> Callable[[Reply], None]:
    def error(reply: Reply, ext: str, message: str) -> None:
        body = {"status": "error", "status_ext": ext, "message": message}
        reply.send(200, json.dumps(body), content_type="application/json")

    def save(reply: Reply) -> None:
        data.authorizations.append(reply.header("Authorization"))
        if reply.header("Authorization") != data.key:
            reply.send(401, json.dumps({"message": "You need to be logged in"}))
            return
        url = reply.form.get("url", "")
        with data.lock:
            if data.session_limit_times > 0:
                data.session_limit_times -= 1
                error(reply, "error:user-session-limit", "You have too many sessions active.")
                return
            if len(data.submitted) >= data.per_minute:
                reply.send(429, "Too Many Requests", {"Retry-After": "1"})
                return
            data.submitted.append(url)
            if url in data.refuse:
                error(reply, data.refuse[url], "Cannot save this URL.")
                return
            job = f"spn2-{len(data.jobs) + 1:04d}"
            data.jobs[job] = {"url": url, "polls": 0}
        reply.send(200, json.dumps({"url": url, "job_id": job}), content_type="application/json")

    def status(reply: Reply, job_id: str) -> None:
        with data.lock:
            job = data.jobs.get(job_id)
            if job is None:
                error(reply, "error:not-found", "Job not found")
                return
            job["polls"] = int(str(job["polls"])) + 1
            url = str(job["url"])
            done = int(str(job["polls"])) > data.polls_before_done
        if not done:
            body: dict[str, object] = {"status": "pending", "job_id": job_id, "resources": []}
        elif url in data.fail_job:
            body = {"status": "error", "status_ext": data.fail_job[url], "job_id": job_id,
                    "message": "Capture failed", "exception": "x"}  # fmt: skip
        else:
            body = {"status": "success", "job_id": job_id, "original_url": url,
                    "timestamp": "20261130101010", "duration_sec": 6.1}  # fmt: skip
        reply.send(200, json.dumps(body), content_type="application/json")

    def app(reply: Reply) -> None:
        if reply.path == "/save" and reply.method == "POST":
            save(reply)
        elif reply.path.startswith("/save/status/"):
            status(reply, reply.path.removeprefix("/save/status/"))
        else:
            reply.send(404, "not here")

    return app


@pytest.fixture
def every_archive(
    tmp_path: Path, wayback: LocalServer, timetravel: LocalServer, archive: LocalServer
) -> LiveOptions:
    """Return live options with every archive a stand-in: Wayback, aggregator, TimeGate.

    Arquivo.pt's and archive.today's snapshots are fetched at the ``archive`` stand-in.
    """
    return LiveOptions(
        wayback=wayback.base,
        memento=timetravel.base,
        timegates=(archive.url("/timegate/{url}"),),
        archive_bases=(("arquivo.pt", archive.base), ("archive.today", archive.base)),
        allow=(ip_network("127.0.0.0/8"),),
        state_db=tmp_path / "links.sqlite",
        now=datetime(2024, 3, 1, 9, 0, tzinfo=UTC),
        timeout=0.5,
        delay=0.0,
        retries=0,
    )


@pytest.fixture
def archive_data() -> ArchiveData:
    return ArchiveData()


@pytest.fixture
def archive(archive_data: ArchiveData) -> Iterator[LocalServer]:
    with serving(archive_app(archive_data), host="127.0.0.3") as server:
        yield server


@pytest.fixture
def aggregator_data() -> AggregatorData:
    return AggregatorData()


@pytest.fixture
def timetravel(aggregator_data: AggregatorData) -> Iterator[LocalServer]:
    with serving(timetravel_app(aggregator_data), host="127.0.0.4") as server:
        yield server


@pytest.fixture
def spn_data() -> SpnData:
    return SpnData()


@pytest.fixture
def spn(spn_data: SpnData) -> Iterator[LocalServer]:
    with serving(spn_app(spn_data), host="127.0.0.5") as server:
        yield server
