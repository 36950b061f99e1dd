"""One page through the pipeline, and what a dry run shows of it; no wiki needed.

:func:`plan_page` parses the text, checks its citations (with live checks when the chosen
tasks need them and live options are given) and applies the fixes of the chosen tasks;
:func:`render_page` draws the findings, a unified diff and the edit summary, the way the
bot's dry run prints them. :func:`bots_deny` reads ``{{nobots}}`` / ``{{bots|deny=…}}``
(and the Arabic ``{{بوتات|منع=…}}``) the way the bot-exclusion convention means them.

>>> plan = plan_page("نص.<ref>{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ|"
...                  "مسار أرشيف=https://web.archive.org/web/20240124120530/https://x.iq/a}}</ref>",
...                  "مثال", tasks=("archive-dates",))
>>> plan.result.summary
'بوت: إضافة تاريخ الأرشيف إلى مرجع واحد'
>>> bots_deny(plan.article, "WikimaintBot")
False
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wikimaint import i18n
from wikimaint.citations import report as _report  # noqa: F401 - registers the severity names
from wikimaint.citations.check import check_citations, select_rules
from wikimaint.edit.fillrefs import read_pages
from wikimaint.edit.fixes import TASKS, apply_fixes
from wikimaint.edit.snapshots import RULE as SNAPSHOT_RULE
from wikimaint.edit.snapshots import request_snapshots
from wikimaint.jsontext import MAX_DIGITS
from wikimaint.links.options import Stop
from wikimaint.terminal import printable
from wikimaint.wikitext.arabic import fold
from wikimaint.wikitext.parse import parse

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

    from wikimaint.citations.check import Report
    from wikimaint.edit.fixes import FixResult
    from wikimaint.edit.snapshots import SnapshotRequests
    from wikimaint.links.live import LiveOptions
    from wikimaint.links.spn import SavePageNow
    from wikimaint.wikitext.model import Article

__all__ = [
    "LIVE_TASKS",
    "PagePlan",
    "bots_deny",
    "plan_article",
    "plan_page",
    "render_diff",
    "render_page",
    "stopped_early",
]

#: Tasks whose fixes come from the live checks (fill-refs: from reading the cited pages).
LIVE_TASKS = frozenset({"archive", "save-snapshot", "dead-links", "fill-refs"})
_CHECK_TASKS = LIVE_TASKS - {"fill-refs"}

_RED, _GREEN, _CYAN, _BOLD, _RESET = "\033[31m", "\033[32m", "\033[36m", "\033[1m", "\033[0m"

for _key, _texts in {
    "plan.page": {"ar": "=== {title} ===", "en": "=== {title} ==="},
    "plan.findings": {"ar": "الملاحظات ({count}):", "en": "findings ({count}):"},
    "plan.no-findings": {"ar": "لا ملاحظات.", "en": "no findings."},
    "plan.partial": {
        "ar": "خطة جزئية: أُوقف الفحص الحي قبل تمامه، فلن يُحفظ شيء",
        "en": "partial report: the live checks were stopped early, so nothing is saved",
    },
    "plan.no-change": {
        "ar": "لا تعديل: لا شيء تصلحه المهام المختارة.",
        "en": "no change: nothing for the chosen tasks to fix.",
    },
    "plan.summary": {"ar": "ملخص التعديل: {summary}", "en": "edit summary: {summary}"},
    "plan.skipped": {
        "ar": "  تُرك: [{label}] {rule} ({reason})",
        "en": "  left alone: [{label}] {rule} ({reason})",
    },
    "plan.spn.would": {
        "ar": "Save Page Now: سيُطلب حفظ {count} (تشغيل تجريبي، لم يُرسل شيء):",
        "en": "Save Page Now: would submit {count} (dry run, nothing sent):",
    },
    "plan.spn.asked": {
        "ar": "Save Page Now: طُلب حفظ {count}:",
        "en": "Save Page Now: submitted {count}:",
    },
    "plan.spn.saved": {
        "ar": "  حُفظ: {url} ← {archive_url}",
        "en": "  saved: {url} -> {archive_url}",
    },
    "plan.spn.refused": {"ar": "رفضه الأرشيف", "en": "refused"},
    "plan.spn.exists": {"ar": "حُفظ مرات كثيرة اليوم", "en": "captured often today"},
    "plan.spn.failed": {"ar": "فشل الحفظ", "en": "capture failed"},
    "plan.spn.pending": {"ar": "لم ينته بعد", "en": "still pending"},
    "plan.spn.unreachable": {"ar": "تعذر الوصول إلى الخدمة", "en": "service unreachable"},
    "plan.spn.not-saved": {
        "ar": "  لم يُحفظ ({status}: {reason}): {url}",
        "en": "  not saved ({status}: {reason}): {url}",
    },
    "plan.before": {"ar": "قبل", "en": "before"},
    "plan.after": {"ar": "بعد", "en": "after"},
}.items():  # fmt: skip
    i18n.register(_key, _texts)


@dataclass
class PagePlan:
    """Represents one page planned: its title, the check report and the fix result."""

    title: str
    article: Article
    report: Report
    result: FixResult
    snapshots: SnapshotRequests | None = None
    reading: Stop = field(default_factory=Stop)
    """Whether reading the pages the bare references cite (``fill-refs``) stopped early."""

    @property
    def stopped(self) -> dict[str, Any] | None:
        """Return how the live work stopped early (``partial``, ``deadline``), or None.

        The live checks' ``online`` section when they were cut, else what the reading of
        the cited pages says (see :func:`stopped_early` for what follows).
        """
        online = self.report.online
        if online is not None and online.get("partial"):
            return online
        return self.reading.summary() or None


def plan_page(
    text: str,
    title: str | None,
    *,
    tasks: Sequence[str] = TASKS,
    infobox: dict[str, Any] | None = None,
    online: LiveOptions | None = None,
    today: dt.date | None = None,
    saver: SavePageNow | None = None,
    max_digits: int = MAX_DIGITS,
) -> PagePlan:
    """Return the plan for *text*: parse, check (live if *online* and a task needs it), fix.

    With *online* (how to run the live checks) the citations are also checked over HTTP,
    but only when a chosen task needs live data; otherwise no request is sent. The
    ``save-snapshot`` task submits to *saver* (Save Page Now 2); without one it only lists
    the URLs it would submit. *max_digits* is the digit limit *infobox* was read with.
    """
    article = parse(text, title)
    return plan_article(
        article,
        tasks=tasks,
        infobox=infobox,
        online=online,
        today=today,
        saver=saver,
        max_digits=max_digits,
    )


def plan_article(
    article: Article,
    *,
    tasks: Sequence[str] = TASKS,
    infobox: dict[str, Any] | None = None,
    online: LiveOptions | None = None,
    today: dt.date | None = None,
    saver: SavePageNow | None = None,
    max_digits: int = MAX_DIGITS,
) -> PagePlan:
    """Return the plan for an article already parsed (see :func:`plan_page`).

    With *online* and the ``fill-refs`` task, the pages the bare references cite are read
    (:func:`~wikimaint.edit.fillrefs.read_pages`) before the tree is edited; the
    ``save-snapshot`` task asks *saver* for captures (none: it only lists the URLs).
    """
    live = online if _CHECK_TASKS & set(tasks) else None
    rules = None
    if "save-snapshot" in tasks and live is not None:
        rules = [*select_rules(online=True), SNAPSHOT_RULE]
    report = check_citations(article, today=today, online=live, rules=rules)
    findings, requests = list(report.findings), None
    if "save-snapshot" in tasks and live is not None:
        findings, requests = request_snapshots(article, findings, saver)
    pages = None
    if online is not None and "fill-refs" in tasks:  # with the archive task, archives too
        pages = read_pages(article, online, archive="archive" in tasks)
    result = apply_fixes(
        article, findings, tasks=tasks, infobox=infobox, pages=pages, max_digits=max_digits
    )
    reading = pages.stop if pages is not None else Stop()
    return PagePlan(article.title or "", article, report, result, requests, reading)


def render_diff(
    old: str, new: str, *, name: str = "", lang: str = "ar", colour: bool = False
) -> str:
    """Return the unified diff from *old* to *new* ('' when equal), coloured if *colour*."""
    before = f"{printable(name)} ({i18n.message('plan.before', lang)})"
    after = f"{printable(name)} ({i18n.message('plan.after', lang)})"
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), before, after
    )
    out = []
    for line in lines:
        body = line.removesuffix("\n").removesuffix("\r")  # the page's own text, shown safely
        text = printable(body) + "\n"
        if not line.endswith("\n"):
            text += "\\ No newline at end of file\n"
        if colour:
            code = {"+": _GREEN, "-": _RED, "@": _CYAN}.get(line[:1], "")
            if line.startswith(("+++", "---")):
                code = _BOLD
            if code:
                text = code + text.rstrip("\n") + _RESET + "\n"
        out.append(text)
    return "".join(out)


def stopped_early(online: dict[str, Any] | None, lang: str) -> tuple[str, int] | None:
    """Return the line to show and the exit code when the live checks stopped early, or None.

    *online* is a report's ``online`` section: ``partial`` with a ``deadline`` means the
    run's ``--deadline`` passed (a limit: exit 2); ``partial`` alone, Ctrl-C (exit 130).
    """
    if online is None or not online.get("partial"):
        return None
    if online.get("deadline") is not None:
        return i18n.message("error.deadline", lang, seconds=f"{online['deadline']:g}"), 2
    return i18n.message("error.interrupted-partial", lang), 130


def render_page(plan: PagePlan, *, lang: str = "ar", colour: bool = False) -> str:
    """Return what the dry run prints for *plan*: findings, the diff, the edit summary."""
    report, result = plan.report, plan.result
    lines = [i18n.message("plan.page", lang, title=printable(plan.title or "-"))]
    if plan.stopped is not None:
        lines.append(i18n.message("plan.partial", lang))
    labels = {c.index: c.label for c in report.article.citations}
    if report.findings:
        lines.append(i18n.message("plan.findings", lang, count=len(report.findings)))
        for finding in report.findings:
            label = labels.get(finding.citation, "-") if finding.citation else "-"
            severity = i18n.message(f"severity.{finding.severity}", lang)
            message = printable(finding.message(lang))
            lines.append(f"  [{label}] {severity}: {finding.rule}: {message}")
    else:
        lines.append(i18n.message("plan.no-findings", lang))
    for skipped in result.skipped:
        label = labels.get(skipped.finding.citation or 0, "-")
        lines.append(
            i18n.message(
                "plan.skipped", lang, label=label, rule=skipped.finding.rule,
                reason=printable(skipped.reason),
            )
        )
    lines += _snapshot_lines(plan.snapshots, lang)
    text = "\n".join(lines) + "\n"
    if not result.changed:
        return text + i18n.message("plan.no-change", lang) + "\n"
    diff = render_diff(result.original, result.text, name=plan.title, lang=lang, colour=colour)
    summary = printable(result.summary)
    return text + diff + i18n.message("plan.summary", lang, summary=summary) + "\n"


def _snapshot_lines(requests: SnapshotRequests | None, lang: str) -> list[str]:
    """Return what the dry run says of the ``save-snapshot`` task: URLs, or what came of them."""
    if requests is None or not requests.urls:
        return []
    key = "plan.spn.would" if requests.dry_run else "plan.spn.asked"
    lines = [i18n.message(key, lang, count=len(requests.urls))]
    for url in requests.urls:
        result = requests.results.get(url)
        if result is None:
            lines.append(f"  {url}")
        elif result.status == "saved":
            lines.append(
                i18n.message("plan.spn.saved", lang, url=url, archive_url=result.archive_url)
            )
        else:
            status = i18n.message(f"plan.spn.{result.status}", lang)
            fields = {"url": url, "status": status, "reason": result.reason or "-"}
            lines.append(i18n.message("plan.spn.not-saved", lang, **fields))
    return lines


_DENY = {"deny", "منع"}
_ALLOW = {"allow", "سماح"}
_ALL = {"all", "الكل"}
_NONE = {"none", "لا شيء", "لاشيء"}


def bots_deny(article: Article, user: str | None) -> bool:
    """Return whether ``{{nobots}}`` or ``{{bots|…}}`` keeps bot *user* off the page.

    ``{{nobots}}`` and ``{{bots|deny=all}}`` keep every bot off; ``deny=`` naming the bot,
    or ``allow=`` not naming it (or ``allow=none``), keep this one off.

    >>> bots_deny(parse("نص {{بوتات|منع=الكل}}"), "WikimaintBot")
    True
    >>> bots_deny(parse("نص {{bots|allow=WikimaintBot}}"), "WikimaintBot")
    False
    """
    me = fold(user or "")
    for call in article.templates:
        if call.kind != "bots":
            continue
        params = {fold(p.name): {fold(n) for n in p.text.split(",")} for p in call.params}
        if call.canonical == "nobots":
            names = set().union(*params.values()) if params else set()
            if not params or names & _ALL or me in names:
                return True
            continue
        for key, names in params.items():
            if key in _DENY and (names & _ALL or me in names):
                return True
            if key in _ALLOW and (names & _NONE or not (names & _ALL or me in names)):
                return True
    return False
