"""Benchmark: reading 100,000 archive URLs of every recognised service.

The URLs are generated from each service's own shapes (the examples in
``wikimaint.links.services``, with a random capture time, an Arabic or Latin page and,
for the replay shapes, a random replay modifier), the services taking turns so each is read
about as often. Each run reads them all with ``parse_archive_url`` and, as the baseline in
the same run, with ``urllib.parse.urlsplit`` (which splits a URL and understands nothing of
it). Printed: URLs per second and microseconds per URL for both, and the ratio. Also
checked: every URL is read as its own service (none missed, none taken for another).

Run: .venv/bin/python bench/bench_archives.py
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from urllib.parse import urlsplit

from wikimaint.links.archives import parse_archive_url
from wikimaint.links.services import SERVICE_LIST

COUNT = 100_000
ROUNDS = 3
PAGES = [
    "https://www.france24.com/ar/الشرق-الأوسط/20240124-العراق-يحذر",
    "http://www.iraqnla.gov.iq/news/2012/1",
    "https://www.alarabiya.net/ar/sport/2017/09/05/المونديال.html",
    "http://www.moi.gov.iq/index.php?name=News&file=article&sid=1",
    "https://example.com/a/b/c?x=1&y=2",
]
_STAMP = re.compile(r"(?<=/)\d{14}(?=(?:[a-z]{2}_)?/)")
_MODIFIERS = ["", "", "", "id_", "im_", "mp_", "if_", "cs_"]


def generate(count: int, seed: int = 16) -> list[tuple[str, str]]:
    """Return *count* ``(archive URL, service)`` pairs, the services taking turns."""
    rng = random.Random(seed)
    templates = [(s.name, e) for s in SERVICE_LIST for e in s.examples]
    by_service: dict[str, list[str]] = {}
    for name, example in templates:
        by_service.setdefault(name, []).append(example)
    names = sorted(by_service)
    out = []
    for n in range(count):
        name = names[n % len(names)]
        example = rng.choice(by_service[name])
        stamp = f"{rng.randint(1997, 2025)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        stamp += f"{rng.randint(0, 23):02d}{rng.randint(0, 59):02d}{rng.randint(0, 59):02d}"
        found = _STAMP.search(example)
        if found:
            modifier = rng.choice(_MODIFIERS)
            head = example[: found.start()] + stamp + modifier + "/"
            example = head + rng.choice(PAGES)
        out.append((example, name))
    return out


def timed(function: object, urls: list[str]) -> float:
    """Return the best of ROUNDS wall times of calling *function* on every URL."""
    best = float("inf")
    call = function  # a local name: the loop below is the measured work
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for url in urls:
            call(url)  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    """Generate the URLs, check they are read right, time both readers; return 0."""
    pairs = generate(COUNT)
    urls = [url for url, _ in pairs]
    wrong = Counter(
        name
        for url, name in pairs
        if (snapshot := parse_archive_url(url)) is None or snapshot.service != name
    )
    services = len({name for _, name in pairs})
    print(
        f"{COUNT} archive URLs of {services} services; misread: {sum(wrong.values())} {dict(wrong)}"
    )
    ours = timed(parse_archive_url, urls)
    base = timed(urlsplit, urls)
    for label, seconds in (("parse_archive_url", ours), ("urllib urlsplit  ", base)):
        print(
            f"{label}: {seconds:6.3f} s, {COUNT / seconds:10,.0f} URLs/s, "
            f"{seconds / COUNT * 1e6:6.2f} µs/URL"
        )
    print(f"ratio parse_archive_url / urlsplit: {ours / base:.1f}x (best of {ROUNDS})")
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
