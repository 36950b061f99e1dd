"""Benchmark: fill-refs over 200 bare references on 20 slow local hosts, against the ideal.

An article of 200 bare references, 10 on each of 20 hosts (127.0.0.2 … 127.0.0.21), each
answering after 100 ms with a ~20 KB Arabic news page (JSON-LD, OpenGraph, a long body),
from a child process so the servers do not compete with the client for the GIL. Read as
the live checks read, at their politeness: concurrency 32, 4 per host, at least 1 s
between two requests to one host (``LiveOptions`` defaults). Each host also gets one
random-path probe (the soft-404 test), so 11 requests a host:

    ideal = max(requests * 0.1 / 32, busiest * 0.1 / 4, (busiest - 1) * delay + 0.1)

Prints the wall time of ``read_pages`` + ``fill_refs`` (fetch, judge, read metadata, edit
the tree), the ideal and their ratio (target <= 1.3); the requests of a second, cached run
(target 0); the same run with no politeness delay (for the record); and the metadata
reading alone, per page. Each run also prints the client's CPU time.

Run: .venv/bin/python bench/bench_fillrefs.py
"""

from __future__ import annotations

import contextlib
import json
import tempfile
import time
from datetime import UTC, datetime
from ipaddress import ip_network
from pathlib import Path

from slowhosts import DELAY, SlowHandler, counts, hosts_in_child
from wikimaint import parse
from wikimaint.edit.fillrefs import fill_refs, read_pages
from wikimaint.links.live import LiveOptions
from wikimaint.links.pagemeta import read_page

PER_HOST_URLS = 10
CONCURRENCY, PER_HOST, POLITE = 32, 4, 1.0
NOW = datetime(2024, 2, 1, 10, 0, tzinfo=UTC)


def news_page(path: str) -> bytes:
    article = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": f"قصف أمريكي يستهدف مقرات في القائم ({path})",
        "author": [{"@type": "Person", "name": "سامر الحلو"}],
        "datePublished": "2024-01-24T02:30:00+03:00", "inLanguage": "ar",
        "publisher": {"@type": "Organization", "name": "شبكة الأخبار"},
    }  # fmt: skip
    head = (
        f"<title>قصف أمريكي يستهدف مقرات في القائم | شبكة الأخبار</title>"
        f'<meta property="og:title" content="قصف أمريكي يستهدف مقرات في القائم">'
        f'<meta property="og:site_name" content="شبكة الأخبار">'
        f'<script type="application/ld+json">{json.dumps(article, ensure_ascii=False)}</script>'
    )
    body = "".join(
        f"<p>الفقرة {i}: نص الخبر الكامل مع تفاصيل الأحداث والتصريحات الرسمية وردود الفعل.</p>"
        for i in range(120)
    )
    return f"<!DOCTYPE html><html lang='ar'><head>{head}</head><body>{body}</body></html>".encode()


class NewsHandler(SlowHandler):
    """Represents a slow news site: an article under ``/page/``, a real 404 elsewhere."""

    def reply(self) -> tuple[int, bytes, dict[str, str]]:
        html = {"Content-Type": "text/html; charset=utf-8"}
        if self.path.startswith("/page/"):
            return 200, news_page(self.path), html
        return 404, b"<html><title>404 Not Found</title></html>", html


HANDLER = NewsHandler


def ideal(sent: list[int], delay: float) -> tuple[int, int, float]:
    total, busiest = sum(sent), max(sent)
    best = max(total * DELAY / CONCURRENCY, busiest * DELAY / PER_HOST)
    return total, busiest, max(best, (busiest - 1) * delay + DELAY)


def run(text: str, options: LiveOptions, bases: list[str]) -> tuple[float, list[int], int]:
    """Return the wall time, the requests each host got and how many refs were filled."""
    before = counts(bases)
    started, cpu = time.perf_counter(), time.process_time()
    article = parse(text)
    outcomes = fill_refs(article, read_pages(article, options))
    wall = time.perf_counter() - started
    print(f"  (client CPU time {time.process_time() - cpu:.3f} s)")
    sent = [b - a for a, b in zip(before, counts(bases), strict=True)]
    return wall, sent, sum(o.action == "filled" for o in outcomes)


def main() -> int:
    """Run the benchmark and print its figures; return 0."""
    children = contextlib.ExitStack()
    bases = children.enter_context(hosts_in_child(HANDLER))
    urls = [f"{base}/page/{n}" for n in range(PER_HOST_URLS) for base in bases]
    text = "".join(f"جملة {i}.<ref>{url}</ref>\n" for i, url in enumerate(urls)) + "{{مراجع}}\n"
    print(
        f"{len(urls)} bare references, {len(bases)} hosts, {DELAY * 1000:.0f} ms each, "
        f"concurrency {CONCURRENCY}, {PER_HOST} per host, {POLITE:.0f} s between requests to a host"
    )
    try:
        with tempfile.TemporaryDirectory() as tmp:
            loopback = (ip_network("127.0.0.0/8"),)
            settings = {"allow": loopback, "now": NOW, "concurrency": CONCURRENCY,
                        "per_host": PER_HOST, "retries": 0}  # fmt: skip
            polite = LiveOptions(**settings, delay=POLITE, state_db=Path(tmp) / "a.sqlite")  # type: ignore[arg-type]
            read_pages(parse(f"<ref>{bases[0]}/warm-up</ref>"), polite)  # imports, not measured

            wall, sent, filled = run(text, polite, bases)
            total, busiest, best = ideal(sent, POLITE)
            print(
                f"fill-refs (polite): {wall:6.3f} s for {total} requests (busiest host {busiest});"
                f" ideal {best:.3f} s; ratio {wall / best:.2f}; {filled} filled"
            )
            wall, sent, filled = run(text, polite, bases)
            print(f"second run        : {wall:6.3f} s, {sum(sent)} requests, {filled} filled")

            eager = LiveOptions(**settings, delay=0.0, state_db=Path(tmp) / "b.sqlite")  # type: ignore[arg-type]
            wall, sent, filled = run(text, eager, bases)
            total, busiest, best = ideal(sent, 0.0)
            print(
                f"fill-refs (no delay): {wall:6.3f} s for {total} requests; ideal {best:.3f} s;"
                f" ratio {wall / best:.2f}"
            )
    finally:
        children.close()
    body = news_page("/page/0")
    started = time.perf_counter()
    for _ in range(50):
        read_page(body, {"content-type": "text/html; charset=utf-8"}, "http://x.iq/page/0")
    per_page = (time.perf_counter() - started) / 50
    print(f"metadata of one {len(body) // 1024} KB page: {per_page * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
