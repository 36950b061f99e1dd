"""Benchmark: the bot's dry run per page against a bare pywikibot read of the same pages.

A local wiki of its own (``scripts/local-wiki.sh start`` with ``WIKIMAINT_WIKI_DIR`` =
``.local-wiki/bench`` and port 8799 unless set) gets 50 pages made from the fixture
articles (half of them missing an archive date, so the dry run has a diff to show). Then,
in the same run and on the same pages:

- bare read: a new ``pywikibot.Page`` per title and ``page.text`` (one request each);
- bare preloaded read: ``site.preloadpages`` (batched requests, as the bot's generator does);
- dry run: ``wikimaint bot -file:TITLES --tasks archive-dates`` in-process (read, parse,
  check, fix, diff, summary; nothing saved).

Times are the best of several rounds. The ratios say what the library and the bot add on
top of reading the pages. The server is stopped at the end if this run started it.

Run: .venv/bin/python bench/bench_bot.py
"""

from __future__ import annotations

import importlib
import io
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "local-wiki.sh"
FIXTURES = ROOT / "fixtures" / "articles"
PAGES = 50
ROUNDS = 3
ARCHIVE_DATE = "| تاريخ أرشيف = 2024-01-24\n"


def _start_wiki() -> dict[str, str]:
    """Start the benchmark's own wiki and return the script's variables."""
    os.environ.setdefault("WIKIMAINT_WIKI_DIR", str(ROOT / ".local-wiki" / "bench"))
    os.environ.setdefault("WIKIMAINT_WIKI_PORT", "8799")
    process = subprocess.run(
        ["/bin/bash", str(SCRIPT), "start"],
        capture_output=True,
        text=True,
        timeout=900,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    if process.returncode != 0:
        raise RuntimeError(f"local-wiki.sh start failed:\n{process.stderr[-2000:]}")
    pairs = (line.partition("=") for line in process.stdout.splitlines())
    return {key: value for key, sep, value in pairs if sep}


def _texts() -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted(FIXTURES.glob("*.wiki"))]
    broken = [t.replace(ARCHIVE_DATE, "") for t in texts if ARCHIVE_DATE in t]
    return texts + broken


def _make_pages(pywikibot: Any, site: Any) -> list[str]:
    """Create (or keep) the benchmark pages; return their titles."""
    texts = _texts()
    titles = [f"صفحة قياس الأداء {n + 1}" for n in range(PAGES)]
    for n, title in enumerate(titles):
        page = pywikibot.Page(site, title)
        text = texts[n % len(texts)]
        if not page.exists() or page.text.rstrip() != text.rstrip():
            page.text = text
            page.save(summary="صفحات قياس الأداء", asynchronous=False, quiet=True)
    return titles


def _best(action: Any) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    """Run the benchmark and print time per page and the ratios; return 0."""
    values = _start_wiki()
    loaded = sys.modules.get("pywikibot")
    if loaded is not None and Path(loaded.config.base_dir) != Path(values["PYWIKIBOT_DIR"]):
        raise RuntimeError("pywikibot was imported with another config; run this file on its own")
    os.environ["PYWIKIBOT_DIR"] = values["PYWIKIBOT_DIR"]
    pywikibot = importlib.import_module("pywikibot")
    cli = importlib.import_module("wikimaint.cli.app")
    try:
        site = pywikibot.Site(values["WIKI_CODE"], values["WIKI_FAMILY"])
        site.login()
        titles = _make_pages(pywikibot, site)
        for handler in logging.getLogger("pywiki").handlers:
            handler.setLevel(logging.WARNING)  # no "Working on …" lines in the figures
        with tempfile.TemporaryDirectory() as tmp:
            listing = Path(tmp) / "titles.txt"
            listing.write_text("".join(f"[[{t}]]\n" for t in titles), "utf-8")

            def bare() -> None:
                for title in titles:
                    assert pywikibot.Page(site, title).text

            def preloaded() -> None:
                pages = [pywikibot.Page(site, t) for t in titles]
                for page in site.preloadpages(pages):
                    assert page.text

            outputs: list[str] = []

            def dry_run() -> None:
                out, err = io.StringIO(), io.StringIO()
                args = ["bot", f"-file:{listing}", "--tasks", "archive-dates"]
                code = cli.run(args, out, err)
                if code != 0:
                    raise RuntimeError(f"wikimaint bot failed ({code}): {err.getvalue()}")
                outputs.append(out.getvalue())

            t_bare, t_pre, t_bot = _best(bare), _best(preloaded), _best(dry_run)
        shown = outputs[-1].count("=== صفحة قياس الأداء")
        diffs = outputs[-1].count("ملخص التعديل:")
        print(f"{PAGES} pages on {values['WIKI_API']} (best of {ROUNDS} rounds)")
        print(f"  bare read (page.text, one request each): {t_bare / PAGES * 1000:7.2f} ms/page")
        print(f"  bare preloaded read (preloadpages):      {t_pre / PAGES * 1000:7.2f} ms/page")
        print(f"  wikimaint bot dry run (-file:, preload): {t_bot / PAGES * 1000:7.2f} ms/page")
        print(f"    pages shown {shown}, with a diff {diffs}")
        print(f"  ratio dry run / bare read:           {t_bot / t_bare:5.2f}")
        print(f"  ratio dry run / bare preloaded read: {t_bot / t_pre:5.2f}")
    finally:
        if values.get("WIKI_SERVER") == "started":
            subprocess.run(
                ["/bin/bash", str(SCRIPT), "stop"], capture_output=True, timeout=60, check=False
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
