"""The scan report's pages behind the index: listings of articles, rules' pages, sections.

- ``lists/articles-N.html``: every article with findings (or whose check failed), worst
  first, :data:`PAGE_ROWS` a page;
- ``rules/RULE-N.html``: one rule's findings with their articles, :data:`PAGE_ROWS` a page;
- ``articles/NNNNN.html#pID``: each article's own section; a file holds at most
  :data:`ARTICLES_PER_FILE` articles and :data:`ARTICLE_FINDINGS` findings (an article with
  more stands alone), so that no file grows past a few MB.

Each writing step is a :class:`Task` that opens the database itself, so that
:func:`run_task` can run it in a worker process of its own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wikimaint.reports.rows import (
    Links,
    article_rows,
    finding_rows,
    section_findings,
    section_rows,
)
from wikimaint.reports.scandb import Run, ScanDatabase, open_scan
from wikimaint.reports.templating import render

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "ARTICLES_PER_FILE",
    "ARTICLE_COLUMNS",
    "ARTICLE_FINDINGS",
    "PAGE_ROWS",
    "Job",
    "Task",
    "Writer",
    "rule_file",
    "run_task",
    "section_starts",
]

PAGE_ROWS = 1000
"""Rows a listing page holds (articles, or one rule's findings)."""
ARTICLE_FINDINGS = 3000
"""Findings an ``articles/`` file holds at most (one article with more stands alone)."""
ARTICLES_PER_FILE = 500
"""Articles an ``articles/`` file holds at most."""
ARTICLE_COLUMNS = "id, title, status, error, errors, warnings, infos, findings, bytes"
_LISTED = "(findings > 0 OR status != 'ok')"


class Writer:
    """Writes report pages under *out*, counting the files and the largest's size."""

    def __init__(self, out: Path, lang: str) -> None:
        """Write under *out*, in *lang*."""
        self.out = out
        self.lang = lang
        self.files = 0
        self.largest = 0

    def page(self, file: str, template: str, **context: Any) -> None:
        """Write *file* (relative to the report's root) from *template* and *context*."""
        root = "../" * file.count("/")
        data = render(template, self.lang, script=True, root=root, **context).encode("utf-8")
        path = self.out / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.files += 1
        self.largest = max(self.largest, len(data))


def rule_file(rule: str, page: int) -> str:
    """Return the file of page *page* of *rule*'s listing (a safe name, whatever the id)."""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in rule)
    return f"rules/{safe}-{page}.html"


def section_starts(scan: ScanDatabase, run: Run) -> list[int]:
    """Return the first page id of each ``articles/`` file."""
    starts: list[int] = []
    articles = findings = 0
    for page, count in scan.stream(
        f"SELECT id, findings FROM pages WHERE run_id = ? AND {_LISTED} ORDER BY id",  # noqa: S608 - our own condition
        run.id,
    ):
        if not starts or articles >= ARTICLES_PER_FILE or findings + count > ARTICLE_FINDINGS:
            starts.append(page)
            articles = findings = 0
        articles += 1
        findings += count
    return starts


def _chunks(rows: Iterator[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _write_rule(
    scan: ScanDatabase, run: Run, writer: Writer, links: Links, rule: dict[str, Any]
) -> None:
    pages = -(-rule["findings"] // PAGE_ROWS)
    rows = scan.stream(
        "SELECT findings.page, pages.title, findings.severity, findings.citation,"
        " findings.line, findings.column, findings.message, findings.url"
        " FROM findings JOIN pages ON pages.id = findings.page"
        " WHERE pages.run_id = ? AND findings.rule = ? ORDER BY findings.page, findings.id",
        run.id,
        rule["rule"],
    )
    for number, chunk in enumerate(_chunks(rows, PAGE_ROWS), 1):
        writer.page(
            rule_file(rule["rule"], number),
            "rule.html.j2",
            rule=rule,
            rows=finding_rows(chunk, links, "../"),
            page=number,
            pages=pages,
            name=lambda n, r=rule["rule"]: rule_file(r, n).removeprefix("rules/"),
        )


def _write_lists(scan: ScanDatabase, run: Run, writer: Writer, links: Links, listed: int) -> None:
    pages = -(-listed // PAGE_ROWS)
    rows = scan.stream(
        f"SELECT {ARTICLE_COLUMNS} FROM pages WHERE run_id = ? AND {_LISTED}"  # noqa: S608 - our own columns
        " ORDER BY findings DESC, errors DESC, id",
        run.id,
    )
    for number, chunk in enumerate(_chunks(rows, PAGE_ROWS), 1):
        writer.page(
            f"lists/articles-{number}.html",
            "articles.html.j2",
            rows=article_rows(chunk, links, "../", writer.lang),
            page=number,
            pages=pages,
            first=(number - 1) * PAGE_ROWS + 1,
            name=lambda n: f"articles-{n}.html",
        )


def _write_sections(
    scan: ScanDatabase, run: Run, writer: Writer, links: Links, files: list[int]
) -> None:
    starts = links.starts
    for number in files:
        low = starts[number]
        high = starts[number + 1] if number + 1 < len(starts) else None
        limit = "" if high is None else " AND id < ?"
        bounds = [low] if high is None else [low, high]
        articles = scan.rows(
            # +run_id: the range of page ids is the index to use, not the run's
            f"SELECT {ARTICLE_COLUMNS} FROM pages WHERE +run_id = ? AND {_LISTED}"  # noqa: S608 - our own columns
            f" AND id >= ?{limit} ORDER BY id",
            run.id,
            *bounds,
        )
        found: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for row in scan.stream(
            "SELECT page, rule, severity, citation, line, column, message, url FROM findings"  # noqa: S608 - our own bounds
            f" WHERE page >= ?{limit.replace('id', 'page')} ORDER BY page, id",
            *bounds,
        ):
            found[row[0]].append(row)
        writer.page(
            f"articles/{number:05d}.html",
            "sections.html.j2",
            articles=section_rows(articles, links, writer.lang),
            found=defaultdict(list, {page: section_findings(rows) for page, rows in found.items()}),
        )


@dataclass(frozen=True)
class Task:
    """Represents one writing step: a rule's pages, the lists, or some ``articles/`` files."""

    kind: str  # "rule" | "lists" | "sections"
    rule: dict[str, Any] | None = None
    listed: int = 0
    files: tuple[int, ...] = ()


@dataclass(frozen=True)
class Job:
    """Represents what every task of one report shares: where, in what language, which run."""

    directory: str
    out: str
    lang: str
    run: Run
    starts: tuple[int, ...]


def run_task(job: Job, task: Task) -> tuple[int, int]:
    """Do *task* of *job* with a connection of its own; return the files written, the largest."""
    scan = open_scan(job.directory)
    try:
        writer = Writer(Path(job.out), job.lang)
        links = Links(job.run.wiki, list(job.starts))
        if task.kind == "rule" and task.rule is not None:
            _write_rule(scan, job.run, writer, links, task.rule)
        elif task.kind == "lists":
            _write_lists(scan, job.run, writer, links, task.listed)
        else:
            _write_sections(scan, job.run, writer, links, list(task.files))
        return writer.files, writer.largest
    finally:
        scan.close()
