"""``wikimaint bot``: run the maintenance bot on wiki pages, or on a local wikitext file.

Arguments written pywikibot's way (``-page:…``, ``-cat:…``, ``-file:…``, ``-xml:…``,
``-family:…``, ``-lang:…``, ``-user:…``, ``-simulate``, ``-always``) go to pywikibot:
``pywikibot.handle_args`` for the global ones, ``pagegenerators.GeneratorFactory`` for
the page generators (``-xml:DUMP`` reads the titles of an XML dump). ``-wikitext:PATH``
runs the same pipeline on a file, with no wiki and no pywikibot at all.

Dry run is the default: nothing is saved and no write request is sent. ``--save`` saves;
without a terminal it never waits at a prompt (it acts as ``-always``). With no
pywikibot configuration anywhere, a throwaway one for Arabic Wikipedia is written under
the user's cache directory, so a dry run needs no account. Where the wiki cannot be
reached, one line says so and the exit code is 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import logging
import os
import re
import sys
import warnings
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from wikimaint import i18n
from wikimaint.citations.live import LiveOptions
from wikimaint.commands.online import network, parse_moment, wayback_base
from wikimaint.errors import DataError, UsageError
from wikimaint.fixes import TASKS
from wikimaint.infobox_data import explain, validate_data
from wikimaint.plan import LIVE_TASKS, plan_page, render_page
from wikimaint.sources import read_json, read_text

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["add_command", "default_config_dir", "prepare_pywikibot_config"]

for _key, _texts in {
    "bot.unreachable": {
        "ar": "تعذر الوصول إلى الويكي {site}: {detail}",
        "en": "cannot reach the wiki {site}: {detail}",
    },
    "bot.reason.dns": {
        "ar": "لا يُحلّ اسم الخادم {host} (هل الجهاز متصل بالشبكة؟)",
        "en": "the server name {host} does not resolve (is this machine online?)",
    },
    "bot.reason.refused": {
        "ar": "رفض الخادم {host} الاتصال",
        "en": "the server {host} refused the connection",
    },
    "bot.reason.retries": {
        "ar": "لم يُجب الخادم بعد كل المحاولات",
        "en": "the server did not answer after every retry",
    },
    "bot.reason.timeout": {
        "ar": "انتهت مهلة انتظار الخادم {host}",
        "en": "the server {host} did not answer in time",
    },
    "bot.wiki-error": {
        "ar": "خطأ من الويكي {site}: {detail}",
        "en": "the wiki {site} said: {detail}",
    },
    "usage.tasks.one": {
        "ar": "مهمة غير معروفة: {unknown}؛ المهام المتاحة: {tasks}",
        "en": "unknown task(s) {unknown}; choose from {tasks}",
    },
    "usage.tasks.many": {
        "ar": "مهام غير معروفة: {unknown}؛ المهام المتاحة: {tasks}",
        "en": "unknown task(s) {unknown}; choose from {tasks}",
    },
    "usage.bot.infobox-task": {
        "ar": "المهمة infobox تحتاج إلى ملف بيانات يُعطى بـ \u200e--infobox\u200e",
        "en": "the infobox task needs --infobox DATA.json",
    },
    "usage.bot.wikitext-alone": {
        "ar": "\u200e-wikitext:\u200e يعمل دون ويكي، فاحذف: {rest}",
        "en": "-wikitext: runs without a wiki; drop {rest}",
    },
    "usage.bot.wikitext-save": {
        "ar": "\u200e--save\u200e يحتاج إلى ويكي يحفظ فيه، أما \u200e-wikitext:\u200e"
        " فيعرض ما سيتغير فحسب",
        "en": "--save needs a wiki; -wikitext: only shows what would change",
    },
    "usage.bot.wikitext-path": {
        "ar": "\u200e-wikitext:\u200e يحتاج إلى مسار ملف، مثل \u200e-wikitext:مقالة\u200e",
        "en": "-wikitext: needs a path, e.g. -wikitext:article.wiki",
    },
    "usage.bot.infobox-object": {
        "ar": "{path}: يجب أن تكون بيانات صندوق المعلومات كائنًا من المفاتيح والقيم",
        "en": "{path}: infobox data must be a JSON object",
    },
    "usage.bot.infobox-data": {
        "ar": "{path}: {pointer}: {problem} (عدد الأخطاء: {count})",
        "en": "{path}: {pointer}: {problem} ({count} error(s))",
    },
    "usage.bot.unknown.one": {
        "ar": "وسيط لا يعرفه البوت: {arguments}",
        "en": "unknown argument(s) for the bot: {arguments}",
    },
    "usage.bot.unknown.many": {
        "ar": "وسائط لا يعرفها البوت: {arguments}",
        "en": "unknown argument(s) for the bot: {arguments}",
    },
    "usage.bot.no-pages": {
        "ar": "لا صفحات يعمل عليها البوت: اذكر \u200e-page:عنوان\u200e أو \u200e-cat:تصنيف\u200e أو"
        " \u200e-file:قائمة\u200e أو \u200e-xml:تفريغ\u200e أو \u200e-wikitext:مسار\u200e",
        "en": "no pages: give -page:TITLE, -cat:NAME, -file:LIST, -xml:DUMP or -wikitext:PATH",
    },
}.items():  # fmt: skip
    i18n.register(_key, _texts)

_DESCRIPTION = """\
Run the maintenance bot. Pages come from pywikibot's generators (-page:TITLE, -cat:NAME,
-file:LIST, -xml:DUMP, …) with its global options (-family:, -lang:, -user:, -simulate,
-always), or from a local file with -wikitext:PATH. Dry run by default: it prints the
findings, a diff and the edit summary, and saves nothing.
"""


def add_command(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``bot`` subcommand to *commands* (an argparse subparsers action)."""
    base = commands._parser_class  # noqa: SLF001 - the CLI's own parser class
    commands._parser_class = _passing_through(base)  # noqa: SLF001
    try:
        cmd = commands.add_parser(
            "bot",
            parents=[common],
            help="run the maintenance bot (dry run unless --save)",
            description=_DESCRIPTION,
        )
    finally:
        commands._parser_class = base  # noqa: SLF001
    cmd.add_argument("--save", action="store_true", help="save the edits (default: dry run)")
    cmd.add_argument(
        "--tasks",
        type=_tasks,
        help=f"comma-separated, from {','.join(TASKS)} (default: all that apply)",
    )
    cmd.add_argument("--infobox", metavar="DATA.json", help="infobox data for the infobox task")
    cmd.add_argument(
        "--wayback",
        metavar="BASE",
        type=wayback_base,
        help="Wayback Machine base URL (default: web.archive.org)",
    )
    cmd.add_argument(
        "--allow-address",
        metavar="CIDR",
        action="append",
        type=network,
        default=[],
        help="let the live checks reach these addresses (tests: 127.0.0.0/8)",
    )
    cmd.add_argument("--state-db", metavar="PATH", type=Path, help="the link-check history")
    cmd.add_argument(
        "--now",
        metavar="ISO-DATETIME",
        type=parse_moment,
        help="the time the live checks and their history judge by, as citation-check "
        "--now (default: now; without an offset, UTC)",
    )
    cmd.add_argument("--today", type=_date, help="judge dates against YYYY-MM-DD")
    cmd.set_defaults(handler=_bot, pywikibot_args=[])


def _passing_through(base: type[argparse.ArgumentParser]) -> type[argparse.ArgumentParser]:
    """Return a parser class that keeps unknown (pywikibot) arguments instead of failing."""

    class PassThrough(base):  # type: ignore[valid-type,misc]
        def parse_known_args(
            self, args: Sequence[str] | None = None, namespace: Any = None
        ) -> tuple[argparse.Namespace, list[str]]:
            parsed, extras = super().parse_known_args(args, namespace)
            parsed.pywikibot_args = [*getattr(parsed, "pywikibot_args", []), *extras]
            return parsed, []

    return PassThrough


def _tasks(text: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [t for t in chosen if t not in TASKS]
    if unknown:
        names = {"unknown": i18n.listing(unknown), "tasks": i18n.listing(TASKS)}
        raise argparse.ArgumentTypeError(i18n.localized_for("usage.tasks", unknown, **names))
    return chosen


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(i18n.localized("usage.date", value=repr(text))) from None


# --- the handler --------------------------------------------------------------------------


def _bot(args: argparse.Namespace, stdout: IO[str], stderr: IO[str], stdin: Any) -> int:
    extras: list[str] = list(args.pywikibot_args)
    files = [a.partition(":")[2] for a in extras if a.startswith("-wikitext:")]
    rest = [a for a in extras if not a.startswith("-wikitext:")]
    infobox = _infobox_data(args.infobox, args.lang)
    tasks = args.tasks or tuple(t for t in TASKS if t != "infobox" or infobox is not None)
    if "infobox" in tasks and infobox is None:
        raise UsageError(i18n.localized("usage.bot.infobox-task"))
    live = _live_options(args) if LIVE_TASKS & set(tasks) else None
    colour = stdout.isatty() and "NO_COLOR" not in os.environ
    if files:
        if rest:
            raise UsageError(i18n.localized("usage.bot.wikitext-alone", rest=i18n.listing(rest)))
        if args.save:
            raise UsageError(i18n.localized("usage.bot.wikitext-save"))
        for path in files:
            if not path:
                raise UsageError(i18n.localized("usage.bot.wikitext-path"))
            text, source = read_text(path, stdin)
            title = None if source == "<stdin>" else Path(source).stem.replace("_", " ")
            plan = plan_page(
                text, title, tasks=tasks, infobox=infobox, online=live, today=args.today
            )
            stdout.write(render_page(plan, lang=args.lang, colour=colour))
        return 0
    settings = {
        "save": args.save,
        "tasks": tasks,
        "infobox": infobox,
        "live": live,
        "today": args.today,
        "lang": args.lang,
        "colour": colour,
    }
    return _run_on_wiki(rest, settings, stdout, stderr, stdin)


def _infobox_data(path: str | None, lang: str) -> dict[str, Any] | None:
    """Return the infobox data in *path* (None without one); its first problem is an error."""
    if path is None:
        return None
    data = read_json(path, None)
    if not isinstance(data, dict):
        raise UsageError(i18n.localized("usage.bot.infobox-object", path=path))
    try:
        validate_data(data)
    except DataError as error:
        pointer, text = error.errors[0]
        problem = i18n.Localized({each: explain(text, each) for each in i18n.LANGUAGES}, lang)
        fields = {"path": path, "pointer": pointer or "/", "count": len(error.errors)}
        message = i18n.localized("usage.bot.infobox-data", problem=problem, **fields)
        raise UsageError(message) from None
    return data


def _live_options(args: argparse.Namespace) -> LiveOptions:
    fields: dict[str, Any] = {
        "allow": tuple(args.allow_address),
        "state_db": args.state_db,
        "now": args.now,
    }
    if args.wayback:
        fields["wayback"] = args.wayback
    try:
        return LiveOptions(**fields)
    except ValueError as error:
        raise UsageError(str(error)) from None


# --- pywikibot ------------------------------------------------------------------------------


def default_config_dir() -> Path:
    """Return where the throwaway pywikibot configuration for Arabic Wikipedia goes."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "wikimaint" / "pywikibot"


def prepare_pywikibot_config(args: Sequence[str] = ()) -> Path | None:
    """Point pywikibot at a throwaway config for Arabic Wikipedia if it has none; return it.

    Nothing changes when pywikibot is already imported, ``-dir:`` is given, or a
    ``user-config.py`` exists where pywikibot looks (``PYWIKIBOT_DIR``, the current
    directory, ``~/.pywikibot``). Otherwise a ``user-config.py`` with ``family =
    'wikipedia'`` and ``mylang = 'ar'`` (no user name: read only) is written once under
    :func:`default_config_dir`, and ``PYWIKIBOT_DIR`` points at it.
    """
    if "pywikibot" in sys.modules or any(a.startswith("-dir:") for a in args):
        return None
    candidates = [os.environ.get("PYWIKIBOT_DIR"), ".", str(Path.home() / ".pywikibot")]
    if any(c and (Path(c) / "user-config.py").is_file() for c in candidates):
        return None
    directory = default_config_dir()
    config = directory / "user-config.py"
    if not config.is_file():
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = directory / "user-config.py.tmp"
        partial.write_text(
            "# Written by wikimaint: read-only access to Arabic Wikipedia, no account.\n"
            "family = 'wikipedia'\nmylang = 'ar'\n",
            "utf-8",
        )
        partial.chmod(0o600)
        partial.replace(config)
    os.environ["PYWIKIBOT_DIR"] = str(directory)
    return directory


def _generator(pagegenerators: Any, site: Any, args: list[str]) -> Any:
    """Return the pages the pywikibot generator arguments name (``-xml:DUMP`` included)."""
    xml = [a.partition(":")[2] for a in args if a.startswith("-xml:")]
    factory = pagegenerators.GeneratorFactory(site=site)
    unknown = [a for a in args if not a.startswith("-xml:") and not factory.handle_arg(a)]
    if unknown:
        arguments = i18n.listing(unknown)
        raise UsageError(i18n.localized_for("usage.bot.unknown", unknown, arguments=arguments))
    for dump in xml:
        with warnings.catch_warnings():  # pywikibot's own note on a deprecated default
            warnings.simplefilter("ignore")
            factory.gens.append(pagegenerators.XMLDumpPageGenerator(dump, site=site))
    generator = factory.getCombinedGenerator(preload=True)
    if generator is None:
        raise UsageError(i18n.localized("usage.bot.no-pages"))
    return generator


def _run_on_wiki(
    rest: list[str], settings: dict[str, Any], stdout: IO[str], stderr: IO[str], stdin: Any
) -> int:
    prepare_pywikibot_config(rest)
    pywikibot = importlib.import_module("pywikibot")
    pagegenerators = importlib.import_module("pywikibot.pagegenerators")
    exceptions = importlib.import_module("pywikibot.exceptions")
    bot_module = importlib.import_module("wikimaint.bot")
    lang = settings["lang"]
    site_name = _site_name(rest, pywikibot.config)
    quiet = _QuietTracebacks()
    try:
        importlib.import_module("pywikibot.bot").init_handlers()
        quiet.install()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "Site objects … before arguments"
            local = pywikibot.handle_args(rest or ["-nolog"], do_help=False)
        always = "-always" in local
        local = [a for a in local if a != "-always"]
        site = pywikibot.Site()
        site_name = f"{site.family.name}:{site.code}"
        generator = _generator(pagegenerators, site, local)
        interactive = bool(stdin is not None and getattr(stdin, "isatty", lambda: False)())
        bot = bot_module.WikimaintBot(
            generator=generator,
            site=site,
            out=stdout,
            always=always or (settings["save"] and not interactive),
            **settings,
        )
        bot.run()
    except UsageError:
        raise
    except SystemExit:  # handle_args exits on an unknown family or site, having said so
        stderr.write(i18n.message("bot.wiki-error", lang, site=site_name, detail="?") + "\n")
        return 2
    except (OSError, exceptions.ServerError, exceptions.ApiTimeoutError) as error:
        detail = _reason(error, lang)
        stderr.write(i18n.message("bot.unreachable", lang, site=site_name, detail=detail) + "\n")
        return 2
    except exceptions.Error as error:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        stderr.write(i18n.message("bot.wiki-error", lang, site=site_name, detail=detail) + "\n")
        return 2
    finally:
        quiet.remove()
    return 0


_HOST = re.compile(r"host='([^']+)'|https?://([^/:\s]+(?::\d+)?)")


def _reason(error: BaseException, lang: str) -> str:
    """Return why the wiki could not be reached, in a few words (the host named)."""
    text = str(error)
    found = _HOST.search(text)
    host = next((g for g in found.groups() if g), "") if found else ""
    if "NameResolutionError" in text or "Name or service not known" in text:
        return i18n.message("bot.reason.dns", lang, host=host)
    if "Connection refused" in text:
        return i18n.message("bot.reason.refused", lang, host=host)
    if "Maximum retries attempted" in text:
        return i18n.message("bot.reason.retries", lang)
    if "timed out" in text.casefold() or "timeout" in type(error).__name__.casefold():
        return i18n.message("bot.reason.timeout", lang, host=host)
    first = text.splitlines()[0] if text else type(error).__name__
    return first if len(first) <= 200 else first[:199] + "…"


def _site_name(args: Sequence[str], config: Any) -> str:
    """Return ``family:code`` as the arguments (or else the configuration) name the wiki."""
    family, code = str(config.family), str(config.mylang)
    for arg in args:
        option, _, value = arg.partition(":")
        if option == "-family":
            family = value
        elif option in {"-lang", "-code"}:
            code = value
        elif option == "-site":
            family, _, code = value.partition(":")
            code = code or family
    return f"{family}:{code}"


class _QuietTracebacks(logging.Filter):
    """Keep pywikibot's tracebacks of failed requests off the terminal (we say it in a line)."""

    def __init__(self) -> None:
        super().__init__()
        self.handlers: list[logging.Handler] = []

    def filter(self, record: logging.LogRecord) -> bool:
        text = str(record.msg)
        return not (
            record.levelno >= logging.ERROR
            and (
                "Traceback (most recent call last)" in text or text.startswith("An error occurred")
            )
        )

    def install(self) -> None:
        for name in ("pywiki", ""):
            for handler in logging.getLogger(name).handlers:
                handler.addFilter(self)
                self.handlers.append(handler)

    def remove(self) -> None:
        for handler in self.handlers:
            handler.removeFilter(self)
        self.handlers.clear()
