"""``wikimaint bot``: run the maintenance bot on wiki pages, or on a local wikitext file.

Arguments written pywikibot's way (``-page:…``, ``-cat:…``, ``-file:…``, ``-xml:…``,
``-family:…``, ``-lang:…``, ``-user:…``, ``-simulate``, ``-always``) go to pywikibot:
``pywikibot.handle_args`` for the global ones, ``pagegenerators.GeneratorFactory`` for
the page generators (``-xml:DUMP`` reads the titles of an XML dump). ``-wikitext:PATH``
runs the same pipeline on a file, with no wiki and no pywikibot at all.

Dry run is the default: nothing is saved and no write request is sent (``--tasks
save-snapshot`` then only lists the URLs it would submit to Save Page Now). ``--save`` saves;
without a terminal it never waits at a prompt (it acts as ``-always``). With no
pywikibot configuration anywhere, a throwaway one for Arabic Wikipedia is written under
the user's cache directory, so a dry run needs no account. Where the wiki cannot be
reached, one line says so and the exit code is 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from wikimaint import i18n
from wikimaint.bot.config import prepare_pywikibot_config
from wikimaint.cli.jsonlimits import add_json_limits, json_reading
from wikimaint.cli.online import (
    add_limits,
    limit_settings,
    memento_base,
    memento_setting,
    network,
    parse_moment,
    wayback_base,
)
from wikimaint.edit.tasks import TASKS
from wikimaint.errors import DataError, FetchError, InputError, MissingPartError, UsageError
from wikimaint.files import read_json, read_text
from wikimaint.links.options import LiveOptions
from wikimaint.terminal import printable

if TYPE_CHECKING:
    from collections.abc import Sequence

    from wikimaint.links.spn import SpnCredentials

__all__ = ["add_command"]

for _key, _texts in {
    "usage.bot.no-pywikibot": {
        "ar": "pywikibot غير مثبت أو لا يُستورد ({detail})؛ ثبّته بـ pip install pywikibot",
        "en": "pywikibot is not installed or cannot be imported ({detail}); pip install pywikibot",
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
    "usage.bot.spn-keys": {
        "ar": "المهمة save-snapshot مع \u200e--save\u200e تحتاج إلى مفاتيح Save Page Now: "
        "\u200e--spn-keys FILE\u200e أو متغير البيئة \u200eWIKIMAINT_SPN_KEY\u200e",
        "en": "save-snapshot with --save needs Save Page Now keys: --spn-keys FILE or the "
        "WIKIMAINT_SPN_KEY environment variable",
    },
    "usage.bot.infobox-object": {
        "ar": "{path}: يجب أن تكون بيانات صندوق المعلومات كائنًا من المفاتيح والقيم",
        "en": "{path}: infobox data must be a JSON object",
    },
    "usage.bot.infobox-data": {
        "ar": "{path}: {pointer}: {problem} (عدد الأخطاء: {count})",
        "en": "{path}: {pointer}: {problem} ({count} error(s))",
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
    add_json_limits(cmd)
    cmd.add_argument(
        "--wayback",
        metavar="BASE",
        type=wayback_base,
        help="Wayback Machine base URL (default: web.archive.org)",
    )
    cmd.add_argument(
        "--memento",
        metavar="BASE|off",
        type=memento_base,
        help="Memento aggregator asked where the Wayback Machine has no snapshot "
        "(default: timetravel.mementoweb.org; off: only the Wayback Machine)",
    )
    cmd.add_argument(
        "--allow-address",
        metavar="CIDR",
        action="append",
        type=network,
        default=[],
        help="let the live checks reach these addresses (tests: 127.0.0.0/8)",
    )
    cmd.add_argument(
        "--spn-keys",
        metavar="FILE",
        help="file holding archive.org S3 keys '<access>:<secret>' for the save-snapshot task "
        "(default: $WIKIMAINT_SPN_KEY); the keys themselves never go on the command line",
    )
    cmd.add_argument(
        "--spn",
        metavar="BASE",
        type=wayback_base,
        help="where Save Page Now 2 is (default: https://web.archive.org)",
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
    add_limits(cmd.add_argument_group("live checks", "how the archive and dead-links tasks ask"))
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


# --- the handler: it imports what it needs (the bot's pipeline, HTTP) only when it runs -------


def _bot(args: argparse.Namespace, stdout: IO[str], stderr: IO[str], stdin: Any) -> int:
    from wikimaint.edit.plan import LIVE_TASKS  # noqa: PLC0415

    extras: list[str] = list(args.pywikibot_args)
    files = [a.partition(":")[2] for a in extras if a.startswith("-wikitext:")]
    rest = [a for a in extras if not a.startswith("-wikitext:")]
    infobox = _infobox_data(args)
    # save-snapshot asks a third party for captures: only when named.
    tasks = args.tasks or tuple(
        t for t in TASKS if t != "save-snapshot" and (t != "infobox" or infobox is not None)
    )
    if "infobox" in tasks and infobox is None:
        raise UsageError(i18n.localized("usage.bot.infobox-task"))
    live = _live_options(args) if LIVE_TASKS & set(tasks) else None
    colour = stdout.isatty() and "NO_COLOR" not in os.environ
    if files:
        if rest:
            raise UsageError(i18n.localized("usage.bot.wikitext-alone", rest=i18n.listing(rest)))
        if args.save:
            raise UsageError(i18n.localized("usage.bot.wikitext-save"))
        if not all(files):
            raise UsageError(i18n.localized("usage.bot.wikitext-path"))
        live_tasks = {"tasks": tasks, "infobox": infobox, "online": live, "today": args.today,
                      "max_digits": args.max_json_digits}  # fmt: skip
        return _run_files(files, args, live_tasks, colour, (stdout, stderr, stdin))
    keys = _spn_keys(args.spn_keys) if args.save and "save-snapshot" in tasks else None
    settings = {
        "save": args.save,
        "tasks": tasks,
        "infobox": infobox,
        "max_digits": args.max_json_digits,
        "live": live,
        "today": args.today,
        "lang": args.lang,
        "colour": colour,
    }
    prepare_pywikibot_config(rest)
    try:
        # pywikibot reads its configuration on import, so only now
        from wikimaint.bot.wiki import run_on_wiki  # noqa: PLC0415
    except ImportError as error:
        missing = i18n.localized("usage.bot.no-pywikibot", detail=str(error))
        raise MissingPartError(missing) from None
    if keys is None:
        return run_on_wiki(rest, settings, stdout, stderr, stdin)
    from wikimaint.links.spn import SavePageNow  # noqa: PLC0415
    from wikimaint.net import Fetcher  # noqa: PLC0415

    with Fetcher((live or LiveOptions()).policy()) as fetcher:
        base = args.spn or "https://web.archive.org"
        settings["saver"] = SavePageNow(fetcher, keys, base)
        return run_on_wiki(rest, settings, stdout, stderr, stdin)


def _run_files(
    files: list[str],
    args: argparse.Namespace,
    planning: dict[str, Any],
    colour: bool,
    streams: tuple[IO[str], IO[str], Any],
) -> int:
    """Plan each ``-wikitext:`` file; one that cannot be read or checked is a line, not the end.

    Returns 0, or 2 when a page could not be done (each said on standard error), or the
    code of a run stopped early (Ctrl-C: 130, the deadline: 2).
    """
    from wikimaint.edit.plan import plan_page, render_page, stopped_early  # noqa: PLC0415

    stdout, stderr, stdin = streams
    failed = 0
    for path in files:
        try:
            text, source = read_text(path, stdin, max_bytes=args.max_input)
            title = None if source == "<stdin>" else Path(source).stem.replace("_", " ")
            plan = plan_page(text, title, **planning)
        except (InputError, FetchError) as error:  # this page's status; the run goes on
            if len(files) == 1:
                raise
            stderr.write(_said(error, path, args.lang) + "\n")
            failed += 1
            continue
        stdout.write(render_page(plan, lang=args.lang, colour=colour))
        early = stopped_early(plan.stopped, args.lang)
        if early is not None:  # Ctrl-C or the --deadline: this plan is partial, stop here
            stdout.flush()
            stderr.write(early[0] + "\n")
            return early[1]
    return 2 if failed else 0


def _said(error: InputError | FetchError, path: str, lang: str) -> str:
    """Return the line that says why the page in *path* was not done, in *lang*."""
    if isinstance(error, FetchError):
        key = f"fetch.{error.reason}"
        known = key in i18n.MESSAGES
        reason = i18n.message(key, lang, detail=error.detail) if known else error.reason
        detail = i18n.message("error.fetch", lang, url=error.url, reason=reason)
        return f"{printable(path)}: {detail}"
    key = f"input.{error.reason}"
    text = i18n.message(key, lang, **error.fields) if key in i18n.MESSAGES else str(error)
    return i18n.message("error.input", lang, detail=text)


def _infobox_data(args: argparse.Namespace) -> dict[str, Any] | None:
    """Return the infobox data in ``--infobox`` (None without); its first problem is an error."""
    path, lang = args.infobox, args.lang
    if path is None:
        return None
    from wikimaint.infobox.data import explain, validate_data  # noqa: PLC0415

    data = read_json(path, None, **json_reading(args))
    if not isinstance(data, dict):
        raise UsageError(i18n.localized("usage.bot.infobox-object", path=path))
    try:
        validate_data(data, max_digits=args.max_json_digits)
    except DataError as error:
        pointer, text = error.errors[0]
        problem = i18n.Localized({each: explain(text, each) for each in i18n.LANGUAGES}, lang)
        fields = {"path": path, "pointer": pointer or "/", "count": len(error.errors)}
        message = i18n.localized("usage.bot.infobox-data", problem=problem, **fields)
        raise UsageError(message) from None
    return data


def _spn_keys(path: str | None) -> SpnCredentials:
    """Return the Save Page Now keys for a saving run: from *path*, else the environment."""
    from wikimaint.links.spn import SpnCredentials  # noqa: PLC0415

    keys = SpnCredentials.load(path)
    if keys is None:
        raise UsageError(i18n.localized("usage.bot.spn-keys"))
    return keys


def _live_options(args: argparse.Namespace) -> LiveOptions:
    fields: dict[str, Any] = {
        **limit_settings(args),
        "allow": tuple(args.allow_address),
        "state_db": args.state_db,
        "now": args.now,
    }
    if args.wayback:
        fields["wayback"] = args.wayback
    if args.memento:
        fields["memento"] = memento_setting(args.memento)
    try:
        return LiveOptions(**fields)
    except ValueError as error:
        raise UsageError(str(error)) from None
