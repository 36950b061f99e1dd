"""Run :class:`~wikimaint.bot.bot.WikimaintBot` on a wiki through pywikibot.

pywikibot reads its configuration when it is first imported, so the CLI calls
:func:`wikimaint.bot.config.prepare_pywikibot_config` before importing this module. Here
the global arguments go to ``pywikibot.handle_args``, the page generators to
``pagegenerators.GeneratorFactory`` (``-xml:DUMP`` reads the titles of an XML dump), and a
wiki that cannot be reached is one line and exit code 2.
"""

from __future__ import annotations

import logging
import re
import warnings
from typing import IO, TYPE_CHECKING, Any

import pywikibot
import pywikibot.bot
from pywikibot import exceptions, pagegenerators

from wikimaint import i18n
from wikimaint.bot.bot import WikimaintBot
from wikimaint.edit.plan import stopped_early
from wikimaint.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["run_on_wiki"]

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


def _generator(generators: Any, site: Any, args: list[str]) -> Any:
    """Return the pages the pywikibot generator arguments name (``-xml:DUMP`` included)."""
    xml = [a.partition(":")[2] for a in args if a.startswith("-xml:")]
    factory = generators.GeneratorFactory(site=site)
    unknown = [a for a in args if not a.startswith("-xml:") and not factory.handle_arg(a)]
    if unknown:
        arguments = i18n.listing(unknown)
        raise UsageError(i18n.localized_for("usage.bot.unknown", unknown, arguments=arguments))
    for dump in xml:
        with warnings.catch_warnings():  # pywikibot's own note on a deprecated default
            warnings.simplefilter("ignore")
            factory.gens.append(generators.XMLDumpPageGenerator(dump, site=site))
    generator = factory.getCombinedGenerator(preload=True)
    if generator is None:
        raise UsageError(i18n.localized("usage.bot.no-pages"))
    return generator


def run_on_wiki(
    rest: list[str], settings: dict[str, Any], stdout: IO[str], stderr: IO[str], stdin: Any
) -> int:
    """Run the bot over the pages *rest* names on the wiki it names; return the exit code.

    pywikibot must be configured first (:func:`wikimaint.bot.config.prepare_pywikibot_config`).
    """
    lang = settings["lang"]
    site_name = _site_name(rest, pywikibot.config)
    quiet = _QuietTracebacks()
    try:
        pywikibot.bot.init_handlers()
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
        bot = WikimaintBot(
            generator=generator,
            site=site,
            out=stdout,
            always=always or (settings["save"] and not interactive),
            **settings,
        )
        bot.run()
        early = stopped_early(bot.stopped, lang)
        if early is not None:
            stderr.write(early[0] + "\n")
            return early[1]
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
