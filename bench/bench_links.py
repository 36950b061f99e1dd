"""Benchmark: link checks over many slow local hosts, against the ideal for the limits.

400 URLs over 20 hosts (127.0.0.2 … 127.0.0.21, so the per-host limit really applies), each
answering after 100 ms, served from a child process so the servers do not compete with the
client for the GIL. Global concurrency 32, 4 per host, no politeness delay.

    ideal = max(requests * 0.1 / 32, busiest_host_requests * 0.1 / 4)

Prints, for plain ``Fetcher.fetch_many`` and for ``LinkChecker.check`` (HEAD, plus one
random-path probe per host): wall time, ideal, ratio (target <= 1.3); then the requests sent
by a second, cached run (target 0) and peak memory.

Run: .venv/bin/python bench/bench_links.py
"""

from __future__ import annotations

import contextlib
import resource
import tempfile
import time
from datetime import UTC, datetime
from ipaddress import ip_network
from pathlib import Path

from slowhosts import DELAY, SlowHandler, counts, hosts_in_child
from wikimaint.links.checker import LinkChecker
from wikimaint.links.history import LinkHistory
from wikimaint.net import Fetcher, FetchPolicy

PER_HOST_URLS = 20
CONCURRENCY, PER_HOST = 32, 4
HANDLER = SlowHandler


def ideal(before: list[int], after: list[int]) -> tuple[int, int, float]:
    sent = [b - a for a, b in zip(before, after, strict=True)]
    total, busiest = sum(sent), max(sent)
    return total, busiest, max(total * DELAY / CONCURRENCY, busiest * DELAY / PER_HOST)


def main() -> int:
    """Run the benchmark and print its figures; return 0."""
    children = contextlib.ExitStack()
    bases = children.enter_context(hosts_in_child(HANDLER))
    urls = [f"{base}/page/{n}" for base in bases for n in range(PER_HOST_URLS)]
    policy = FetchPolicy(
        allow_networks=(ip_network("127.0.0.0/8"),),
        concurrency=CONCURRENCY,
        per_host=PER_HOST,
        per_host_delay=0.0,
        retries=0,
    )
    print(
        f"{len(urls)} URLs, {len(bases)} hosts, {DELAY * 1000:.0f} ms each, "
        f"concurrency {CONCURRENCY}, {PER_HOST} per host"
    )
    try:
        with Fetcher(policy) as fetcher, tempfile.TemporaryDirectory() as tmp:
            # Warm-up: imports and connection pools, not measured.
            fetcher.fetch_many(urls[::PER_HOST_URLS], method="HEAD")

            before = counts(bases)
            started = time.perf_counter()
            results = fetcher.fetch_many(urls, method="GET")
            wall = time.perf_counter() - started
            total, busiest, best = ideal(before, counts(bases))
            assert all(r.status == 200 for r in results.values())
            print(
                f"fetch_many GET    : {wall:6.3f} s for {total} requests (busiest host {busiest});"
                f" ideal {best:.3f} s; ratio {wall / best:.2f}"
            )

            with LinkHistory(Path(tmp) / "links.sqlite") as history:
                now = datetime(2024, 1, 1, tzinfo=UTC)
                before = counts(bases)
                started = time.perf_counter()
                reports = LinkChecker(fetcher, history, now=now).check(urls)
                wall = time.perf_counter() - started
                after = counts(bases)
                total, busiest, best = ideal(before, after)
                alive = sum(r.status == "alive" for r in reports.values())
                print(
                    f"LinkChecker.check : {wall:6.3f} s for {total} requests "
                    f"(busiest host {busiest}); ideal {best:.3f} s; ratio {wall / best:.2f}; "
                    f"{alive} alive"
                )

                started = time.perf_counter()
                again = LinkChecker(fetcher, history, now=now).check(urls)
                wall = time.perf_counter() - started
                sent = sum(counts(bases)) - sum(after)
                cached = sum(r.from_cache for r in again.values())
                print(f"second run        : {wall:6.3f} s, {sent} requests, {cached} from cache")
    finally:
        children.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (client process, max RSS): {peak:.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
