"""One scan from start to end: check the inputs, open the run, feed the engine, store, export.

:func:`run_scan` checks every source (and ``--out``, ``--since``) before it writes
anything, then streams units from the sources through an engine into the
:class:`~wikimaint.scan.store.Store`, one committed unit at a time. A resumed run takes its
sources and options from the database and skips the units it holds. However the run ends
(done, a damaged dump, Ctrl-C or SIGTERM), what is done stays in the database and the run
says how it ended.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from wikimaint._version import __version__
from wikimaint.errors import InputError, UsageError
from wikimaint.i18n import localized, register
from wikimaint.scan.dumps import DumpError
from wikimaint.scan.forking import start_early
from wikimaint.scan.inputs import Source, Unit, open_source
from wikimaint.scan.store import DB_NAME, Store
from wikimaint.scan.work import Settings, read_only

if TYPE_CHECKING:
    from collections.abc import Iterator

    from wikimaint.scan.engines import DaskEngine, LocalEngine
    from wikimaint.scan.progress import Progress

__all__ = ["Outcome", "ScanConfig", "ScanInterruptedError", "run_scan"]

register(
    "input.out-unwritable",
    {"ar": "{source}: لا يمكن الكتابة في هذا المجلد ({detail})",
     "en": "{source}: cannot write in this folder ({detail})"},
)  # fmt: skip
register(
    "usage.scan.exists",
    {"ar": "{out} فيه فحص سابق؛ استعمل ‎--resume‎ لمتابعته أو مجلدًا آخر",
     "en": "{out} already holds a scan; use --resume to continue it, or another folder"},
)  # fmt: skip
register(
    "usage.scan.nothing",
    {"ar": "{out}: لا فحص فيه لمتابعته", "en": "{out}: holds no scan to resume"},
)
register(
    "usage.scan.other-sources",
    {"ar": "الفحص في {out} كان على مصادر أخرى: {sources}",
     "en": "the scan in {out} was of other sources: {sources}"},
)  # fmt: skip
register(
    "usage.scan.since",
    {"ar": "{out}: لا فحص مكتمل فيه يُبنى عليه", "en": "{out}: holds no finished scan to build on"},
)
register(
    "usage.scan.since-options",
    {"ar": "الفحص في {out} استعمل خيارات أخرى ({names})؛ لا يمكن إعادة استعمال نتائجه",
     "en": "the scan in {out} used other options ({names}); its results cannot be reused"},
)  # fmt: skip
register(
    "usage.scan.changes",
    {"ar": "‎--changes‎ يحتاج إلى ‎--since‎ OLD_DIR: الفحص الذي تُنقل منه الصفحات التي لم تتغير",
     "en": "--changes needs --since OLD_DIR: the scan to carry the unchanged pages over from"},
)  # fmt: skip
register(
    "usage.scan.since-version",
    {"ar": "الفحص في {out} أجراه wikimaint {version}؛ "
           "لا يمكن إعادة استعمال نتائجه مع هذا الإصدار ({ours})",
     "en": "the scan in {out} was made by wikimaint {version}; "
           "its results cannot be reused by this version ({ours})"},
)  # fmt: skip
register(
    "usage.scan.sources", {"ar": "مصدر واحد على الأقل مطلوب", "en": "give at least one SOURCE"}
)

#: The options that decide a page's findings: an earlier scan is reused only if they agree.
_SAME_FINDINGS = ("lang", "rules", "skip", "validate", "today")


@dataclass(frozen=True)
class ScanConfig:
    """Represents a scan as asked for on the command line."""

    sources: tuple[str, ...]
    out: Path
    settings: Settings = field(default_factory=Settings)
    index: str | None = None
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    engine: str = "local"
    scheduler: str | None = None
    batch: int = 100
    resume: bool = False
    since: str | None = None
    quiet: bool = False
    changes: bool = False


@dataclass
class Outcome:
    """Represents how a scan ended: its summary, status and, for a damaged dump, where."""

    summary: dict[str, Any]
    status: str
    damage: InputError | None = None


class ScanInterruptedError(Exception):
    """Represents a scan stopped by Ctrl-C or SIGTERM; what was done is kept."""

    def __init__(self, out: Path, summary: dict[str, Any]) -> None:
        """Build the error for the scan in *out*."""
        self.out = out
        self.summary = summary
        super().__init__(f"wikimaint scan --resume --out {out}")


def _options(config: ScanConfig) -> dict[str, Any]:
    s = config.settings
    return {
        "lang": s.lang,
        "today": s.today.isoformat(),
        "rules": list(s.rules) if s.rules is not None else None,
        "skip": list(s.skip),
        "validate": s.validate,
        "page_timeout": s.page_timeout,
        "max_page_bytes": s.max_page_bytes,
        "namespaces": sorted(s.namespaces),
        "index": config.index,
        "batch": config.batch,
        "since": config.since,
        "changes": config.changes,
        "engine": config.engine,
        "jobs": config.jobs,
    }


def _settings(options: dict[str, Any], since: tuple[str, int] | None) -> Settings:
    return Settings(
        lang=options["lang"],
        today=dt.date.fromisoformat(options["today"]),
        rules=tuple(options["rules"]) if options["rules"] is not None else None,
        skip=tuple(options["skip"]),
        validate=options["validate"],
        page_timeout=options["page_timeout"],
        max_page_bytes=options["max_page_bytes"],
        namespaces=frozenset(options["namespaces"]),
        since=since[0] if since else None,
        since_run=since[1] if since else None,
        changes=bool(options.get("changes")),
    )


def _writable(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as error:
        detail = error.strerror or str(error)
        raise InputError(f"{out}: cannot write ({detail})", reason="out-unwritable",
                         source=str(out), detail=detail) from None  # fmt: skip


def _earlier(since: str, options: dict[str, Any]) -> tuple[str, int]:
    """Return the database and run of the finished scan in *since* that findings can come from."""
    path = Path(since) / DB_NAME
    row = None
    if path.is_file():
        db = sqlite3.connect(read_only(path), uri=True)
        try:
            row = db.execute(
                "SELECT id, options, versions FROM runs WHERE status = 'done'"
                " ORDER BY id DESC LIMIT 1"
            ).fetchone()
        except sqlite3.DatabaseError:
            row = None
        finally:
            db.close()
    if row is None:
        raise UsageError(localized("usage.scan.since", out=since))
    old, version = json.loads(row[1]), json.loads(row[2]).get("wikimaint")
    if version != __version__:  # other rules, or the same rules finding otherwise
        raise UsageError(localized("usage.scan.since-version", out=since, version=version,
                                   ours=__version__))  # fmt: skip
    # With --changes the earlier scan's pages are the results' too: of the same namespaces.
    same = (*_SAME_FINDINGS, "namespaces") if options.get("changes") else _SAME_FINDINGS
    differ = [name for name in same if old.get(name) != options[name]]
    if differ:
        raise UsageError(localized("usage.scan.since-options", out=since, names=", ".join(differ)))
    return str(path.resolve()), int(row[0])


def _versions() -> dict[str, str]:
    # a new run's alone: a finished scan, resumed, needs neither
    import platform  # noqa: PLC0415

    import mwparserfromhell  # noqa: PLC0415

    return {
        "wikimaint": __version__,
        "mwparserfromhell": mwparserfromhell.__version__,
        "python": platform.python_version(),
    }


def _open_run(config: ScanConfig) -> tuple[Store, list[Source], ScanConfig, bool]:
    """Return the store with its run open, the sources, the config in force, whether done."""
    db = config.out / DB_NAME
    if config.resume:
        if not db.is_file():
            raise UsageError(localized("usage.scan.nothing", out=str(config.out)))
        store = Store(db)
        last = store.last_run()
        if last is None:
            store.close()
            raise UsageError(localized("usage.scan.nothing", out=str(config.out)))
        if last[1] != "done" and config.engine == "local":
            start_early()
        sources = tuple(json.loads(last[2]))
        if config.sources and tuple(config.sources) != sources:
            store.close()
            raise UsageError(localized("usage.scan.other-sources", out=str(config.out),
                                       sources=" ".join(sources)))  # fmt: skip
        options = json.loads(last[3])
        since = _earlier(options["since"], options) if options["since"] else None
        config = ScanConfig(
            sources, config.out, _settings(options, since), options["index"], config.jobs,
            config.engine, config.scheduler, options["batch"], resume=True,
            since=options["since"], quiet=config.quiet, changes=bool(options.get("changes")),
        )  # fmt: skip
        finished = last[1] == "done"
        opened = [] if finished else [open_source(name, config.index) for name in sources]
        store.reopen(last[0], running=not finished)
        return store, opened, config, finished
    if not config.sources:
        raise UsageError(localized("usage.scan.sources"))
    if config.changes and not config.since:
        raise UsageError(localized("usage.scan.changes"))
    if config.engine == "local":
        start_early()
    s = config.settings
    from wikimaint.citations.check import select_rules  # noqa: PLC0415 - see scan/pagecheck.py

    select_rules(s.rules, s.skip)
    opened = [open_source(name, config.index) for name in config.sources]
    options = _options(config)
    since = _earlier(config.since, options) if config.since else None
    if since:
        config = ScanConfig(**{**config.__dict__, "settings": _settings(options, since)})
    _writable(config.out)
    if db.exists():
        raise UsageError(localized("usage.scan.exists", out=str(config.out)))
    wiki = next((s.wiki for s in opened if s.wiki), None)
    if config.changes and since:  # the earlier scan's pages, to be replaced by the changed
        store = Store.copy_of(db, *since)
        store.start(list(config.sources), options, _versions(), wiki)
        return store.publish(db), opened, config, False
    store = Store(db)
    store.start(list(config.sources), options, _versions(), wiki)
    return store, opened, config, False


def _units(
    sources: list[Source], config: ScanConfig, done: set[tuple[str, str]], progress: Progress
) -> Iterator[Unit]:
    for source in sources:
        for unit in source.units(config.batch):
            if (unit.source, unit.key) in done:
                progress.update(unit.size, 0, 0)
                continue
            yield unit


def _store_units(
    engine: LocalEngine | DaskEngine, units: Iterator[Unit], store: Store, progress: Progress
) -> InputError | None:
    """Check *units* on *engine* and store each result; return where a dump broke, if one did."""
    damage: InputError | None = None
    try:
        with engine:
            for result in engine.map(units):
                store.add([result])
                progress.update(result.size, len(result.pages),
                                sum(p.bytes for p in result.pages))  # fmt: skip
                if result.damage is not None and damage is None:
                    damage = DumpError(result.damage["text"], reason=result.damage["reason"],
                                       **result.damage["fields"])  # fmt: skip
    except InputError as error:  # a dump the main process reads, or an index that does not fit
        return error
    return damage


def run_scan(config: ScanConfig, stderr: IO[str]) -> Outcome:
    """Scan *config*'s sources into ``config.out``; return how it ended.

    Raises:
        UsageError, InputError: before anything is written, for bad arguments or input.
        ScanInterruptedError: on Ctrl-C (or SIGTERM turned into one), after saving.

    """
    store, sources, config, finished = _open_run(config)
    if config.settings.since and not finished:
        store.attach(config.settings.since)
    extra = {"sources": list(config.sources)}
    try:
        if finished:  # its exports are written again only if they are not there whole
            return Outcome(store.exported(config.out) or store.export(config.out, extra), "done")
        # for work only: a finished scan, resumed, needs neither processes nor tqdm
        from wikimaint.scan.engines import DaskEngine, LocalEngine  # noqa: PLC0415
        from wikimaint.scan.progress import Progress  # noqa: PLC0415

        progress = Progress(sum(s.size for s in sources), stderr, config.settings.lang,
                            quiet=config.quiet)  # fmt: skip
        engine = (
            DaskEngine(config.settings, config.jobs, config.scheduler)
            if config.engine == "dask"
            else LocalEngine(config.settings, config.jobs)
        )
        start = time.perf_counter()
        status = "interrupted"
        try:
            damage = _store_units(engine, _units(sources, config, store.done_units(), progress),
                                  store, progress)  # fmt: skip
            if config.settings.changes:  # what was read of a damaged dump replaces its pages
                store.carry_over()
            status = "failed" if damage else "done"
        except KeyboardInterrupt:
            raise
        except BaseException:
            status = "failed"
            raise
        finally:
            progress.close()
            store.finish(status, time.perf_counter() - start)
        summary = store.export(config.out, extra | {"replaced_workers": engine.replaced})
        return Outcome(summary, status, damage)
    except KeyboardInterrupt:
        raise ScanInterruptedError(config.out, store.summary()) from None
    finally:
        store.close()
