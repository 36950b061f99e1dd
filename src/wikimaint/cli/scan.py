"""``wikimaint scan``: citation-check's offline check over a whole dump or folder, on every core.

``scan SOURCE… --out DIR`` reads MediaWiki dumps (``.xml``, ``.xml.bz2``, multistream with
its index), folders of wikitext files and wikitext files, checks every page of the chosen
namespaces as ``citation-check`` does, and keeps the results in ``DIR/scan.sqlite`` with
``findings.jsonl`` and ``summary.json`` beside it. ``--resume`` continues a stopped scan,
``--since OLD_DIR`` reuses an earlier scan's findings for unchanged pages, ``--engine
dask`` runs on Dask distributed. Exit codes are ``citation-check``'s (``--fail-on``); 2 for
a damaged dump (after keeping every page before the damage); 130 after Ctrl-C, with the
command that resumes.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import signal
import threading
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from wikimaint.citations.registry import SEVERITIES
from wikimaint.cli.online import _count, bounded_number, day, rule_ids
from wikimaint.i18n import localized, message, register
from wikimaint.scan.work import MAX_PAGE_BYTES

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import FrameType

__all__ = ["add_command"]

register(
    "scan.done",
    {
        "ar": "فُحصت {pages} صفحة ({mb} م.ب) في {seconds} ث ({rate} صفحة/ث، {speed} م.ب/ث)؛ "
        "{findings} ملاحظة (أخطاء {errors}، تحذيرات {warnings}، ملاحظات {infos})؛ "
        "لم تُفحص {not_checked} (تجاوز الوقت {timeout}، كبيرة جدًا {too_large}، "
        "استثناء {error})؛ تُخطيت {redirects} تحويلة و{other} صفحة من نطاقات أخرى؛ "
        "أُعيد استعمال {reused}؛ النتائج في {out}",
        "en": "checked {pages} pages ({mb} MB) in {seconds} s ({rate} pages/s, {speed} MB/s); "
        "{findings} findings ({errors} errors, {warnings} warnings, {infos} notes); "
        "{not_checked} not checked ({timeout} timed out, {too_large} too large, "
        "{error} raised); skipped {redirects} redirects and {other} pages of other "
        "namespaces; {reused} reused; results in {out}",
    },
)
register(
    "scan.interrupted",
    {
        "ar": "أُوقف الفحص بعد {pages} صفحة، وحُفظت نتائجها؛ للمتابعة: {command}",
        "en": "scan stopped after {pages} pages, which are saved; to resume: {command}",
    },
)


register(
    "usage.scan.whole",
    {"ar": "{value} ليس عددًا صحيحًا لا يقل عن 1", "en": "not a whole number of at least 1: {value}"},
)


def _whole(text: str) -> int:
    """Return *text* as a whole number of at least 1 (no upper bound: bytes, pages)."""
    value = int(text) if text.strip().isdigit() else 0
    if value < 1:
        raise argparse.ArgumentTypeError(localized("usage.scan.whole", value=repr(text)))
    return value


def _namespaces(text: str) -> list[int]:
    return [int(n) for n in rule_ids(text) if n.lstrip("-").isdigit()] or [0]


def add_command(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``scan``."""
    cmd = commands.add_parser(
        "scan",
        parents=[common],
        help="check every page of dumps or folders, on every core, into SQLite",
    )
    cmd.add_argument(
        "sources",
        nargs="*",
        metavar="SOURCE",
        help="a pages-articles dump (.xml, .xml.bz2, multistream), a folder or wikitext files",
    )
    cmd.add_argument("--out", required=True, metavar="DIR", help="folder for the results")
    cmd.add_argument("--index", help="the multistream index (default: the one beside the dump)")
    cmd.add_argument(
        "--namespaces", type=_namespaces, default=[0], help="namespace numbers (default: 0)"
    )
    cmd.add_argument(
        "--jobs", type=_count, default=os.cpu_count() or 1, help="worker processes (default: all)"
    )
    cmd.add_argument("--engine", choices=("local", "dask"), default="local")
    cmd.add_argument("--scheduler", metavar="ADDRESS", help="a Dask scheduler (tcp://host:8786)")
    cmd.add_argument("--batch", type=_whole, default=100, help="pages a unit (default: 100)")
    cmd.add_argument("--today", type=day, help="judge future dates against YYYY-MM-DD")
    cmd.add_argument("--rules", type=rule_ids, help="run only these rule ids (comma-separated)")
    cmd.add_argument("--skip-rules", type=rule_ids, default=[], help="do not run these rule ids")
    cmd.add_argument("--validate", action="store_true", help="also validate each document")
    cmd.add_argument(
        "--page-timeout",
        type=bounded_number(86_400, positive=True),
        default=30.0,
        help="seconds a page (default: 30)",
    )
    cmd.add_argument(
        "--max-page-bytes",
        type=_whole,
        default=MAX_PAGE_BYTES,
        help="larger pages are not checked (default: 2 MiB, MediaWiki's limit)",
    )
    cmd.add_argument("--resume", action="store_true", help="continue the stopped scan in --out")
    cmd.add_argument("--since", metavar="OLD_DIR", help="reuse an earlier scan's unchanged pages")
    cmd.add_argument(
        "--changes",
        action="store_true",
        help="the sources hold only the pages changed since --since's scan (an adds/changes"
        " dump): carry its other pages over",
    )
    cmd.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default="error",
        help="exit 1 when a finding is this bad or worse (default: error)",
    )
    cmd.add_argument("--quiet", action="store_true", help="no progress display")
    cmd.set_defaults(handler=_scan)


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Treat SIGTERM as Ctrl-C while the scan runs, so that it too stops cleanly."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _scan(args: argparse.Namespace, stdout: IO[str], stderr: IO[str], _stdin: Any) -> int:
    # The scan itself is imported when it runs, not when the parser of every command is built.
    from wikimaint.scan import ScanConfig, ScanInterruptedError, Settings, run_scan  # noqa: PLC0415

    settings = Settings(
        lang=args.lang,
        today=args.today or dt.datetime.now(dt.UTC).date(),
        rules=tuple(args.rules) if args.rules else None,
        skip=tuple(args.skip_rules),
        validate=args.validate,
        page_timeout=args.page_timeout,
        max_page_bytes=args.max_page_bytes,
        namespaces=frozenset(args.namespaces),
    )
    config = ScanConfig(
        tuple(args.sources), Path(args.out), settings, args.index, args.jobs, args.engine,
        args.scheduler, args.batch, args.resume, args.since, args.quiet, args.changes,
    )  # fmt: skip
    try:
        with _terminate_as_interrupt():
            outcome = run_scan(config, stderr)
    except ScanInterruptedError as stop:
        text = message("scan.interrupted", args.lang, pages=stop.summary["pages"], command=stop)
        stderr.write(text + "\n")
        return 130
    summary = outcome.summary
    stdout.write(_done_line(summary, args.lang, args.out) + "\n")
    if outcome.damage is not None:
        raise outcome.damage
    if args.fail_on == "never":
        return 0
    worst = SEVERITIES.index(args.fail_on)
    return 1 if any(summary["by_severity"][s] for s in SEVERITIES[: worst + 1]) else 0


def _done_line(summary: dict[str, Any], lang: str, out: str) -> str:
    statuses = summary["by_status"]
    return message(
        "scan.done",
        lang,
        pages=summary["pages"],
        mb=f"{summary['bytes'] / 1e6:.1f}",
        seconds=f"{summary['seconds']:.1f}",
        rate=summary["pages_per_second"] or 0,
        speed=summary["mb_per_second"] or 0,
        findings=summary["findings"],
        errors=summary["by_severity"]["error"],
        warnings=summary["by_severity"]["warning"],
        infos=summary["by_severity"]["info"],
        not_checked=summary["not_checked"],
        timeout=statuses["timeout"],
        too_large=statuses["too-large"],
        error=statuses["error"],
        redirects=summary["skipped"]["redirects"],
        other=summary["skipped"]["other_namespaces"],
        reused=summary["reused"],
        out=out,
    )
