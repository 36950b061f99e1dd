"""The pywikibot bot: dry run by default, saves only through ``put_current``.

:class:`WikimaintBot` is thin on purpose: for each page it calls the library
(parse, :func:`~wikimaint.edit.plan.bots_deny`, :func:`~wikimaint.edit.plan.plan_article`:
check, fix),
prints the findings, the diff and the Arabic edit summary, and with ``save`` writes the
new text through :meth:`~pywikibot.bot.CurrentPageBot.put_current`. Without ``save`` it
sends no write
request at all. Pages that keep bots off (``{{nobots}}``, ``{{bots|deny=…}}``,
``{{بوتات|منع=…}}``) are skipped. When someone else saved the page after the bot read it
(an edit conflict), the bot reads the page again and redoes its work on the fresh text
once; if that conflicts too, it skips the page and says so. Nobody's edit is overwritten.
Answering ``q`` to pywikibot's question before a save stops the run there: the bot says
that this page and the ones after it are not saved; pywikibot's ``run`` ends the run
(``User quit …``) and ``wikimaint bot`` exits 0. Ctrl-C during a page's live checks shows
that page's partial plan, saves nothing and ends the run (``stopped``; exit 130); so does
the run's ``--deadline`` passing (exit 2).

Options (``update_options``): ``save`` (False), ``tasks`` (every task), ``infobox`` (the
data the infobox task applies), ``max_digits`` (the digit limit that data was read with),
``live`` (a ``LiveOptions`` for the archive and dead-link
tasks, or None), ``today``, ``lang`` (``ar``/``en``, for the messages), ``colour``.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from pywikibot.bot import ExistingPageBot, QuitKeyboardInterrupt, SingleSiteBot
from pywikibot.exceptions import EditConflictError, PageSaveRelatedError

from wikimaint import i18n
from wikimaint.edit.fixes import TASKS
from wikimaint.edit.plan import bots_deny, plan_article, render_page
from wikimaint.errors import FetchError
from wikimaint.jsontext import MAX_DIGITS
from wikimaint.terminal import printable
from wikimaint.wikitext.parse import parse

if TYPE_CHECKING:
    from collections.abc import Callable

    from wikimaint.edit.plan import PagePlan

__all__ = ["WikimaintBot"]

for _key, _texts in {
    "bot.nobots": {
        "ar": "تُركت «{title}»: في الصفحة قالب يمنع هذا البوت ({{{{nobots}}}} أو {{{{bots}}}}).",
        "en": "skipped “{title}”: the page keeps this bot off ({{{{nobots}}}} or {{{{bots}}}}).",
    },
    "bot.dry-run": {
        "ar": "تشغيل تجريبي: لم يُحفظ شيء (أضف ‎--save‎ للحفظ).",
        "en": "dry run: nothing saved (add --save to save).",
    },
    "bot.saved": {
        "ar": "حُفظت «{title}» (المراجعة {revid}).",
        "en": "saved “{title}” (revision {revid}).",
    },
    "bot.not-saved": {"ar": "لم تُحفظ «{title}».", "en": "“{title}” was not saved."},
    "bot.conflict-redo": {
        "ar": "تعارض تحرير في «{title}»: عدّلها غيرنا بعد قراءتها؛ نعيد العمل على النص الجديد.",
        "en": "edit conflict on “{title}”: someone saved it after we read it; "
        "redoing on the fresh text.",
    },
    "bot.conflict-skip": {
        "ar": "تعارض تحرير ثانٍ في «{title}»: تُركت الصفحة دون تعديل.",
        "en": "a second edit conflict on “{title}”: the page is left alone.",
    },
    "bot.quit": {
        "ar": "توقف البوت بطلبك (q): لم تُحفظ «{title}» ولا الصفحات التي بعدها.",
        "en": "stopped at your request (q): “{title}” and the pages after it were not saved.",
    },
    "bot.not-checked": {
        "ar": "تُركت «{title}» دون تعديل: تعذر سؤال {url} ({reason}).",
        "en": "left “{title}” alone: could not ask {url} ({reason}).",
    },
    "bot.save-error": {
        "ar": "تعذر حفظ «{title}»: {detail}",
        "en": "could not save “{title}”: {detail}",
    },
}.items():  # fmt: skip
    i18n.register(_key, _texts)


class WikimaintBot(SingleSiteBot, ExistingPageBot):  # type: ignore[misc]
    """Represents the maintenance bot: one page at a time through the library's pipeline."""

    use_redirects = False
    update_options = {  # noqa: RUF012 - pywikibot's class attribute, merged by OptionHandler
        "save": False,
        "tasks": TASKS,
        "infobox": None,
        "max_digits": MAX_DIGITS,
        "live": None,
        "saver": None,
        "today": None,
        "lang": "ar",
        "colour": False,
    }

    def __init__(
        self,
        *,
        out: IO[str],
        before_save: Callable[[Any], None] | None = None,
        **kwargs: Any,
    ) -> None:
        """Make the bot; it writes its report to *out*.

        *before_save* is called with the page right before each save (tests use it to
        make someone else's edit between the bot's read and its save).
        """
        super().__init__(**kwargs)
        self.out = out
        self.before_save = before_save
        self.stopped: dict[str, Any] | None = None
        """The ``online`` section of the page whose live checks were stopped (Ctrl-C, deadline)."""
        self._base_revid: int | None = None

    def _say(self, key: str, **fields: Any) -> None:
        shown = {name: printable(str(value)) for name, value in fields.items()}  # page titles
        self.out.write(i18n.message(key, self.opt.lang, **shown) + "\n")

    def treat_page(self) -> None:
        """Plan the current page, show the plan, and save it when asked to."""
        page = self.current_page
        plan = self._plan(page)
        if plan is None:
            return
        if not plan.result.changed:
            return
        if not self.opt.save:
            self._say("bot.dry-run")
            return
        self._save(page, plan, retry=True)

    def _plan(self, page: Any) -> PagePlan | None:
        """Return the page's plan, printed; None (and a message) if bots are kept off."""
        title = page.title()
        text = page.text
        # The revision the plan is based on: MediaWiki detects a conflict by its id (the
        # timestamp alone misses an edit made within the same second).
        self._base_revid = page.latest_revision_id
        article = parse(text, title)
        if bots_deny(article, self.site.username() or "WikimaintBot"):
            self._say("bot.nobots", title=title)
            self.counter["skip"] += 1
            return None
        try:
            plan = plan_article(
                article,
                tasks=self.opt.tasks,
                infobox=self.opt.infobox,
                online=self.opt.live,
                today=self.opt.today,
                saver=self.opt.saver,
                max_digits=self.opt.max_digits,
            )
        except FetchError as error:  # the archive could not be asked: this page only
            self._say("bot.not-checked", title=title, url=error.url, reason=error.reason)
            self.counter["skip"] += 1
            return None
        self.out.write(render_page(plan, lang=self.opt.lang, colour=self.opt.colour))
        if plan.stopped is not None:
            self.stopped = plan.stopped  # Ctrl-C or the deadline: save nothing, stop
            raise KeyboardInterrupt
        return plan

    def _save(self, page: Any, plan: PagePlan, *, retry: bool) -> None:
        """Save *plan*'s text; on an edit conflict redo once on the fresh text, else skip."""
        title = page.title()
        if self.before_save is not None:
            self.before_save(page)
        try:
            saved = self.put_current(
                plan.result.text,
                summary=plan.result.summary,
                show_diff=False,
                asynchronous=False,
                ignore_save_related_errors=False,
                ignore_server_errors=False,
                # Conflicts by revision id only: with a base timestamp too, MediaWiki takes
                # an edit made in the same second as the base for the bot's own.
                baserevid=self._base_revid,
                basetimestamp=None,
            )
        except QuitKeyboardInterrupt:  # "q": run() catches it and stops
            self._say("bot.quit", title=title)
            raise
        except EditConflictError:
            if not retry:
                self._say("bot.conflict-skip", title=title)
                self.counter["skip"] += 1
                return
            self._say("bot.conflict-redo", title=title)
            del page.text  # drop the unsaved text, then read the latest revision
            page.get(force=True)
            again = self._plan(page)
            if again is not None and again.result.changed:
                self._save(page, again, retry=False)
            return
        except PageSaveRelatedError as error:
            self._say("bot.save-error", title=title, detail=str(error).splitlines()[0])
            return
        if saved:
            self._say("bot.saved", title=title, revid=page.latest_revision_id)
        else:
            self._say("bot.not-saved", title=title)
