"""How far a scan is: a tqdm bar on a terminal, a short status line every few seconds off one.

Progress is counted in bytes of the sources (compressed bytes for a dump), whose total is
known before the scan starts, so the ETA holds for a ``.bz2`` dump too; pages, pages/s
and MB/s of wikitext ride along. ``quiet`` says nothing at all.
"""

from __future__ import annotations

import time
from typing import IO, Any

from tqdm import tqdm

from wikimaint.i18n import message, register

__all__ = ["Progress"]

register(
    "scan.status",
    {
        "ar": "فحص: {pages} صفحة ({rate} صفحة/ث، {mb} م.ب/ث)، {percent}٪ من المصادر",
        "en": "scan: {pages} pages ({rate} pages/s, {mb} MB/s), {percent}% of the sources",
    },
)

STATUS_EVERY = 5.0  # seconds between two status lines off a terminal


class _Bar(tqdm):  # type: ignore[type-arg]
    """Represents tqdm's bar without its monitor thread.

    Workers are forked from a process with no other thread (:mod:`wikimaint.scan.engines`),
    and a bar updated once a unit has nothing for the monitor to correct.
    """

    monitor_interval = 0


class Progress:
    """Represents the progress display of one scan over *total* bytes of sources."""

    def __init__(self, total: int, stream: IO[str], lang: str, *, quiet: bool = False) -> None:
        """Start the display on *stream*: a bar where it is a terminal, else status lines."""
        self.total = max(total, 1)
        self.stream = stream
        self.lang = lang
        self.quiet = quiet
        self.done = 0
        self.pages = 0
        self.text_bytes = 0
        self.start = time.monotonic()
        self._last = self.start
        self._bar: tqdm[Any] | None = None
        if not quiet and stream.isatty():
            self._bar = _Bar(
                total=self.total, unit="B", unit_scale=True, file=stream, dynamic_ncols=True,
                smoothing=0.1,
            )  # fmt: skip

    def update(self, size: int, pages: int, text_bytes: int) -> None:
        """Count *size* more bytes of sources read, holding *pages* pages of *text_bytes*."""
        self.done += size
        self.pages += pages
        self.text_bytes += text_bytes
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate, mb = self.pages / elapsed, self.text_bytes / 1e6 / elapsed
        if self._bar is not None:
            self._bar.set_postfix_str(f"{self.pages} pages, {rate:.0f} p/s, {mb:.2f} MB/s",
                                      refresh=False)
            self._bar.update(size)
        elif not self.quiet and time.monotonic() - self._last >= STATUS_EVERY:
            self._last = time.monotonic()
            percent = min(100, round(100 * self.done / self.total))
            line = message("scan.status", self.lang, pages=self.pages, rate=f"{rate:.0f}",
                           mb=f"{mb:.2f}", percent=percent)  # fmt: skip
            self.stream.write(line + "\n")
            self.stream.flush()

    def close(self) -> None:
        """End the display."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
