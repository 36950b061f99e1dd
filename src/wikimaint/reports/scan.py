"""``wikimaint report DIR``: the scan's results as static HTML pages in ``DIR/report/``.

``index.html`` has the counts, four charts and two sortable, filterable tables (the rules
that fired, the articles with the most problems); :mod:`~wikimaint.reports.overview` says
what is in them. Behind it are the listings, the rules' pages and the articles' own
sections (:mod:`~wikimaint.reports.listings`), written by worker processes, one a core,
when the scan is large.

The pages are written into a temporary folder first and then put in place, so a failed run
leaves the last report as it was.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from wikimaint.files import unwritable
from wikimaint.reports.listings import (
    ARTICLE_COLUMNS,
    Job,
    Task,
    Writer,
    rule_file,
    run_task,
    section_starts,
)
from wikimaint.reports.overview import charts, rule_counts
from wikimaint.reports.rows import Links, article_rows
from wikimaint.reports.scandb import open_scan

__all__ = ["INDEX_ROWS", "PARALLEL_FINDINGS", "ReportSummary", "write_scan_report"]

INDEX_ROWS = 100
"""Articles the index's table shows (the worst); the rest are in ``lists/``."""
PARALLEL_FINDINGS = 50_000
"""From this many findings on, the pages are written by worker processes."""
_SECTION_FILES = 20  # articles/ files a task writes


@dataclass(frozen=True)
class ReportSummary:
    """Represents what ``wikimaint report`` wrote: where, how many files, the largest."""

    directory: Path
    files: int
    largest: int
    pages: int
    findings: int
    seconds: float


def _run_tasks(job: Job, tasks: list[Task], *, parallel: bool) -> tuple[int, int]:
    """Do *tasks*, in worker processes if *parallel*; return the files written and the largest."""
    workers = min(4, os.cpu_count() or 1)
    if not parallel or workers < 2:
        done = [run_task(job, task) for task in tasks]
    else:
        spawn = multiprocessing.get_context("spawn")  # no fork: the caller may have threads
        with ProcessPoolExecutor(max_workers=workers, mp_context=spawn) as pool:
            futures = [pool.submit(run_task, job, task) for task in tasks]
            done = [future.result() for future in futures]
    return sum(files for files, _ in done), max((largest for _, largest in done), default=0)


def write_scan_report(directory: str | Path, lang: str = "ar") -> ReportSummary:
    """Write ``DIRECTORY/report/`` from ``DIRECTORY/scan.sqlite``; return what was written.

    Raises:
        InputError: there is no scan database in *directory*, or it is not one; or the
            report cannot be written (the last report is then left as it was).

    """
    started = time.perf_counter()
    folder = Path(directory)
    scan = open_scan(folder)
    out: Path | None = None
    try:
        scan.prepare()
        run = scan.run()
        rules = rule_counts(scan, run)
        starts = section_starts(scan, run)
        pages, listed, errors, warnings, infos, findings = scan.rows(
            "SELECT count(*), coalesce(sum(findings > 0 OR status != 'ok'), 0),"
            " coalesce(sum(errors), 0), coalesce(sum(warnings), 0), coalesce(sum(infos), 0),"
            " coalesce(sum(findings), 0) FROM pages WHERE run_id = ?",
            run.id,
        )[0]
        worst = scan.rows(
            f"SELECT {ARTICLE_COLUMNS} FROM pages WHERE run_id = ?"  # noqa: S608 - our own columns
            " AND (findings > 0 OR status != 'ok') ORDER BY findings DESC, errors DESC, id LIMIT ?",
            run.id,
            INDEX_ROWS,
        )
        out = Path(tempfile.mkdtemp(prefix=".report-", dir=folder))
        writer = Writer(out, lang)
        writer.page(
            "index.html",
            "index.html.j2",
            run=run,
            totals=(pages, listed, errors, warnings, infos, findings),
            charts=charts(scan, run, lang, rules),
            rules=rules,
            rule_file=lambda r: rule_file(r, 1),
            worst=article_rows(worst, Links(run.wiki, starts), "", lang),
        )
        sections = list(range(len(starts)))
        tasks = [
            *(Task("rule", rule=rule) for rule in rules),
            Task("lists", listed=listed),
            *(
                Task("sections", files=tuple(sections[n : n + _SECTION_FILES]))
                for n in range(0, len(sections), _SECTION_FILES)
            ),
        ]
        job = Job(str(folder), str(out), lang, run, tuple(starts))
        files, largest = _run_tasks(job, tasks, parallel=findings >= PARALLEL_FINDINGS)
        _replace(out, folder / "report")
    except OSError as error:
        _remove(out)
        raise unwritable(folder / "report", error) from None
    except BaseException:
        _remove(out)
        raise
    finally:
        scan.close()
    return ReportSummary(
        folder / "report",
        writer.files + files,
        max(writer.largest, largest),
        pages,
        findings,
        time.perf_counter() - started,
    )


def _remove(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def _replace(new: Path, target: Path) -> None:
    """Put the folder *new* in *target*'s place, the old report removed only afterwards."""
    old = None
    if target.exists():
        old = target.with_name(f".report-old-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    target.chmod(0o755)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
