"""wikimaint scan's progress: a tqdm bar on a terminal, status lines off one, nothing when quiet."""

from __future__ import annotations

import fcntl
import io
import os
import select
import struct
import termios
from typing import TYPE_CHECKING

from wikimaint.scan import progress
from wikimaint.scan.progress import Progress

if TYPE_CHECKING:
    import pytest


def test_off_a_terminal_a_status_line_every_few_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    shown = Progress(4_000_000, stream, "en")
    shown.update(1_000_000, 100, 400_000)
    assert stream.getvalue() == ""  # not yet: one line every STATUS_EVERY seconds
    monkeypatch.setattr(progress, "STATUS_EVERY", 0.0)
    shown.update(1_000_000, 150, 600_000)
    line = stream.getvalue()
    assert line.startswith("scan: 250 pages (")
    assert "pages/s" in line
    assert "MB/s" in line
    assert line.endswith("50% of the sources\n")
    shown.close()


def test_status_lines_speak_arabic(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "STATUS_EVERY", 0.0)
    stream = io.StringIO()
    Progress(100, stream, "ar").update(25, 3, 300)
    assert stream.getvalue().startswith("فحص: 3 صفحة")
    assert "25٪" in stream.getvalue()


def test_quiet_says_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "STATUS_EVERY", 0.0)
    stream = io.StringIO()
    shown = Progress(100, stream, "en", quiet=True)
    shown.update(50, 5, 500)
    shown.close()
    assert stream.getvalue() == ""


def test_on_a_terminal_a_bar_with_pages_rate_and_eta() -> None:
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 160, 0, 0))
    with os.fdopen(follower, "w", encoding="utf-8") as terminal:
        shown = Progress(2_000_000, terminal, "en")
        shown.update(500_000, 120, 480_000)
        shown.update(500_000, 130, 520_000)
        shown.close()
        terminal.flush()
        # One read gives what one write put there: read until the terminal has no more.
        output = b""
        while select.select([leader], [], [], 0.5)[0]:
            output += os.read(leader, 65536)
        drawn = output.decode("utf-8", "replace")
    os.close(leader)
    assert "50%" in drawn
    assert "250 pages" in drawn
    assert "p/s" in drawn
    assert "MB/s" in drawn
    assert "<" in drawn  # tqdm's elapsed<remaining: the ETA
