"""``wikimaint report DIR`` and ``wikimaint browse DIR``: a scan's results, to look at.

``report`` writes ``DIR/report/`` (static pages, open ``DIR/report/index.html``);
``browse`` serves ``DIR/scan.sqlite`` with Datasette on 127.0.0.1 until interrupted.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import threading
from typing import IO, TYPE_CHECKING, Any

from wikimaint.i18n import message, register

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator

__all__ = ["add_command"]

register("argument.directory", {"ar": "مجلد الفحص", "en": "directory"})
register(
    "report.written",
    {
        "ar": "كُتب التقرير: {path} ({files} ملفًا، أكبرها {largest} ك.ب، {seconds} ث)",
        "en": "report written: {path} ({files} files, the largest {largest} KB, {seconds} s)",
    },
)
register(
    "browse.serving",
    {
        "ar": "Datasette على http://127.0.0.1:{port}/scan (Ctrl-C للإيقاف)",
        "en": "Datasette at http://127.0.0.1:{port}/scan (Ctrl-C to stop)",
    },
)


def add_command(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``report`` and ``browse``."""
    cmd = commands.add_parser(
        "report", parents=[common], help="write a scan's results as HTML pages in DIR/report/"
    )
    cmd.add_argument("directory", help="the scan's folder DIR (with scan.sqlite)")
    cmd.set_defaults(handler=_report)

    cmd = commands.add_parser(
        "browse", parents=[common], help="explore a scan's database with Datasette on 127.0.0.1"
    )
    cmd.add_argument("directory", help="the scan's folder DIR (with scan.sqlite)")
    cmd.add_argument("--port", type=int, default=8001, help="the port (default: 8001)")
    cmd.set_defaults(handler=_browse)


def _report(args: argparse.Namespace, stdout: IO[str], _stderr: IO[str], _stdin: Any) -> int:
    # The report's modules (jinja2, pygal) load when a report is asked for, not at start-up.
    from wikimaint.reports.scan import write_scan_report  # noqa: PLC0415

    done = write_scan_report(args.directory, args.lang)
    stdout.write(
        message(
            "report.written",
            args.lang,
            path=done.directory / "index.html",
            files=done.files,
            largest=round(done.largest / 1024),
            seconds=round(done.seconds, 1),
        )
        + "\n"
    )
    return 0


def _browse(args: argparse.Namespace, stdout: IO[str], _stderr: IO[str], _stdin: Any) -> int:
    from wikimaint.reports.browse import browse_command, prepare_browse  # noqa: PLC0415

    database, meta = prepare_browse(args.directory, args.lang)
    command = browse_command(database, meta, args.port)
    stdout.write(message("browse.serving", args.lang, port=args.port) + "\n")
    stdout.flush()
    with _exit_on_sigterm():
        server = subprocess.Popen(command)  # noqa: S603 - our own command
        try:
            return server.wait()
        finally:  # interrupted or terminated: Datasette goes with us, never left behind
            if server.poll() is None:
                server.terminate()
                server.wait(timeout=30)


@contextlib.contextmanager
def _exit_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into SystemExit while inside, so that ``finally`` blocks run."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, leave)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
