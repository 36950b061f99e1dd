"""Benchmark: ``check_citations(..., online=…)`` over an article of 400 citations.

The article cites 400 pages on 20 hosts (127.0.0.2 … 127.0.0.21, so the per-host limit
really applies), each answering after 100 ms, served from a child process so the servers
do not compete with the client for the GIL. Half the citations carry a Wayback archive-url
(verified), half none (looked up near their access date) on a Wayback stand-in at
127.0.0.22. Limits: global concurrency 32, 4 per host, no politeness delay, no retries.

Three runs, each with a fresh history:

- **slow Wayback** (it too answers after 100 ms): every request takes 100 ms, so
  ``ideal = max(requests * 0.1 / 32, busiest_host_requests * 0.1 / 4)``; the Wayback Machine,
  asked once per citation, is the busiest host, so this measures whether the checker keeps
  its 4 slots busy while checking the links beside it;
- **fast Wayback** (it answers at once): the 20 slow hosts bind, and
  ``ideal = max(slow_requests * 0.1 / 32, busiest_slow_host * 0.1 / 4)`` (the Wayback's own
  milliseconds are left out). Twice as many requests as the link checks alone, in Python
  threads on both sides: on a small machine this one is bound by CPU (user + system seconds
  of the client are printed beside it), not by the limits;
- **links only** (``skip=["archive-found", "archive-unavailable"]``, the Wayback never
  asked): the link checks of the full path, the case the 1.3 target is about;
- **Memento lookups** (fast Wayback that has no snapshot of any page, so each of the 200
  lookups goes on to the TimeTravel aggregator stand-in at 127.0.0.23, a slow host of
  100 ms like the others): the aggregator is then the busiest slow host, and
  ``ideal = max(slow_requests * 0.1 / 32, aggregator_requests * 0.1 / 4)``.

Then a second run over the same history (target: 0 requests, counted at the servers), and
peak memory. Target ratio: <= 1.3.

Run: .venv/bin/python bench/bench_online.py  (``--memento-only``: the last scenario alone)
"""

from __future__ import annotations

import json
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from ipaddress import ip_network
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from slowhosts import DELAY, HOSTS, SlowHandler, counts, start
from wikimaint import LiveOptions, check_citations, parse

if TYPE_CHECKING:
    from multiprocessing.queues import Queue
    from multiprocessing.synchronize import Event

WAYBACK_HOST = "127.0.0.22"
MEMENTO_HOST = "127.0.0.23"
PER_HOST_URLS = 20
CONCURRENCY, PER_HOST = 32, 4
SNAPSHOT = "20190101000000"


class WaybackHandler(SlowHandler):
    """Answers the availability API (a snapshot for every page) and replays snapshots."""

    empty = False  # True: the availability and CDX APIs know no page (Memento is asked)

    def reply(self) -> tuple[int, bytes, dict[str, str]]:
        parts = urlsplit(self.path)
        if self.empty and parts.path == "/wayback/available":
            return 200, b'{"archived_snapshots": {}}', {"Content-Type": "application/json"}
        if self.empty and parts.path == "/cdx/search/cdx":
            return 200, b"[]", {"Content-Type": "application/json"}
        if parts.path == "/wayback/available":
            url = parse_qs(parts.query)["url"][0]
            closest = {"status": "200", "available": True, "timestamp": SNAPSHOT,
                       "url": f"http://web.archive.org/web/{SNAPSHOT}/{url}"}  # fmt: skip
            data = json.dumps({"url": url, "archived_snapshots": {"closest": closest}})
            return 200, data.encode(), {"Content-Type": "application/json"}
        if parts.path.startswith(f"/web/{SNAPSHOT}/"):
            memento = {"Memento-Datetime": "Tue, 01 Jan 2019 00:00:00 GMT"}
            return 200, b"<title>snapshot</title>", memento
        return 404, b"not archived", {}


class EmptyWayback(WaybackHandler):
    """The Wayback Machine with no snapshot of any cited page."""

    empty = True


class TimeTravelHandler(SlowHandler):
    """Answers the TimeTravel aggregator's JSON API: an archive.today capture of every page."""

    def reply(self) -> tuple[int, bytes, dict[str, str]]:
        url = self.path.removeprefix("/api/json/").partition("/")[2]
        closest = {
            "datetime": "2019-01-01T00:00:00Z",
            "uri": [f"https://archive.ph/{SNAPSHOT}/{url}"],
        }
        body = json.dumps({"original_uri": url, "mementos": {"closest": closest}})
        return 200, body.encode(), {"Content-Type": "application/json"}


def serve(
    ready: Queue[tuple[list[str], str, str]], stop: Event, wayback_delay: float, memento: bool
) -> None:
    started = [start(host) for host in HOSTS]
    handler = EmptyWayback if memento else WaybackHandler
    wayback, wayback_base = start(WAYBACK_HOST, handler, wayback_delay)
    aggregator, aggregator_base = start(MEMENTO_HOST, TimeTravelHandler, DELAY)
    ready.put(([base for _, base in started], wayback_base, aggregator_base))
    stop.wait()
    for server in [*(server for server, _ in started), wayback, aggregator]:
        server.shutdown()


def article(bases: list[str]) -> str:
    """Return an article of 400 citations, half with a Wayback archive-url, half without."""
    refs = []
    for n in range(PER_HOST_URLS):
        for base in bases:
            url = f"{base}/page/{n}"
            params = f"مسار={url}|عنوان=صفحة {n}|تاريخ الوصول=1 يناير 2019"
            if len(refs) % 2:
                archive = f"https://web.archive.org/web/{SNAPSHOT}/{url}"
                params += f"|مسار أرشيف={archive}|تاريخ أرشيف=1 يناير 2019"
            refs.append(f"جملة {len(refs)}.<ref>{{{{استشهاد ويب|{params}}}}}</ref>\n")
    return "'''مقالة''' للقياس.\n" + "".join(refs) + "\n== المراجع ==\n{{مراجع}}\n"


def scenario(
    name: str, wayback_delay: float, skip: tuple[str, ...] = (), *, memento: bool = False
) -> None:
    ready: Queue[tuple[list[str], str, str]] = mp.Queue()
    stop = mp.Event()
    child = mp.Process(target=serve, args=(ready, stop, wayback_delay, memento), daemon=True)
    child.start()
    bases, wayback, aggregator = ready.get(timeout=10)
    try:
        text = article(bases)
        started = time.perf_counter()
        parsed = parse(text, title="قياس")
        parse_seconds = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as tmp:
            options = LiveOptions(
                wayback=wayback,
                memento=aggregator,
                timegates=(),
                allow=(ip_network("127.0.0.0/8"),),
                state_db=Path(tmp) / "links.sqlite",
                now=datetime(2024, 1, 1, tzinfo=UTC),
                concurrency=CONCURRENCY,
                per_host=PER_HOST,
                timeout=10.0,
                delay=0.0,
                retries=0,
            )
            everyone = [*bases, aggregator, wayback]
            before = counts(everyone)
            cpu = resource.getrusage(resource.RUSAGE_SELF)
            started = time.perf_counter()
            report = check_citations(parsed, skip=skip, online=options)
            wall = time.perf_counter() - started
            used = resource.getrusage(resource.RUSAGE_SELF)
            cpu_seconds = used.ru_utime - cpu.ru_utime + used.ru_stime - cpu.ru_stime
            after = counts(everyone)
            sent = [b - a for a, b in zip(before, after, strict=True)]
            slow = sent if wayback_delay else sent[:-1]  # links, aggregator (, Wayback)
            best = max(sum(slow) * DELAY / CONCURRENCY, max(slow) * DELAY / PER_HOST)
            assert report.online is not None
            found = sum(f.rule == "archive-found" for f in report.findings)
            print(
                f"{name}: {wall:6.3f} s for {sum(sent)} requests ({sent[-1]} to the Wayback, "
                f"{sent[-2]} to the Memento aggregator, busiest link host {max(sent[:-2])}); "
                f"ideal {best:.3f} s; "
                f"ratio {wall / best:.2f}; {report.online['links'].get('alive', 0)} alive, "
                f"{found} archives found; client CPU {cpu_seconds:.2f} s; "
                f"parse {parse_seconds:.3f} s"
            )
            assert report.online["requests"] == sum(sent)

            started = time.perf_counter()
            again = check_citations(parsed, skip=skip, online=options)
            wall = time.perf_counter() - started
            resent = sum(counts(everyone)) - sum(after)
            assert again.online is not None
            print(
                f"{name}, second run: {wall:6.3f} s, {resent} requests at the servers "
                f"({again.online['requests']} by the client), "
                f"{again.online['from_cache']} answers from the history"
            )
    finally:
        stop.set()
        child.join(timeout=5)


def main() -> int:
    """Run the three scenarios and print their figures; return 0."""
    print(
        f"{PER_HOST_URLS * len(HOSTS)} citations, {len(HOSTS)} hosts, {DELAY * 1000:.0f} ms "
        f"each, concurrency {CONCURRENCY}, {PER_HOST} per host"
    )
    if "--memento-only" in sys.argv:
        scenario("Memento lookups      ", 0.0, memento=True)
        return 0
    scenario("slow Wayback (100 ms)", DELAY)
    scenario("fast Wayback (0 ms)  ", 0.0)
    scenario("links only           ", 0.0, ("archive-found", "archive-unavailable"))
    scenario("Memento lookups      ", 0.0, memento=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (client process, max RSS): {peak:.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
