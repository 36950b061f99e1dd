"""Findings for people: a table grouped by citation, in the order and numbering the reader sees.

The JSON form is :meth:`wikimaint.citations.check.Report.to_dict`; this module only draws
the terminal table. Colour is used only when asked (the CLI asks on a TTY). Text taken
from the page shows its control and bidi-override characters as escapes
(:func:`~wikimaint.terminal.printable`); the JSON keeps them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wikimaint import i18n
from wikimaint.terminal import printable

if TYPE_CHECKING:
    from wikimaint.citations.check import Report
    from wikimaint.citations.registry import Change, Finding

__all__ = ["online_summary", "render_text"]

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"

i18n.MESSAGES.update({
    "report.heading": {
        "ar": "«{title}» — المراجع: {citations}، مواضع الاستشهاد: {uses} — الأخطاء: {errors}، "
              "التحذيرات: {warnings}، الملاحظات: {infos}",
        "en": "“{title}”: {citations} citation(s), {uses} use(s) — {errors} error(s), "
              "{warnings} warning(s), {infos} note(s)",
    },
    "report.untitled": {"ar": "مقالة بلا عنوان", "en": "untitled article"},
    "report.article": {"ar": "المقالة", "en": "article"},
    "report.clean": {"ar": "لا ملاحظات", "en": "no findings"},
    "report.line": {"ar": "السطر {line}", "en": "line {line}"},
    "report.fix": {"ar": "الإصلاح: {changes}", "en": "fix: {changes}"},
    "report.online": {
        "ar": "الفحص الحي: {urls} رابطًا، {requests} طلب HTTP، {from_cache} من السجل دون طلب، "
              "{confirmed_dead} مكسورة مؤكدة، {found} نسخة مؤرشفة وُجدت من {asked} بحثًا "
              "في آلة Wayback ثم سائر الأرشيفات ({seconds} ث؛ السجل: {state_db})",
        "en": "live checks: {urls} URL(s), {requests} HTTP request(s), {from_cache} answered "
              "from the history, {confirmed_dead} confirmed dead, {found} snapshot(s) found in "
              "{asked} lookup(s), Wayback then other archives ({seconds} s; history: {state_db})",
    },
    "report.partial": {
        "ar": "تقرير جزئي: أُوقف الفحص الحي قبل تمامه، فما لم يُفحص لا يظهر هنا",
        "en": "partial report: the live checks were stopped early; what was not checked is"
              " not shown",
    },
    "severity.error": {"ar": "خطأ", "en": "error"},
    "severity.warning": {"ar": "تحذير", "en": "warning"},
    "severity.info": {"ar": "ملاحظة", "en": "info"},
})  # fmt: skip


def _change_text(change: Change) -> str:
    """Return one change as wikitext: ``|name=value``, ``-|name=``, or ``+{{tag}}``."""
    if change.action == "set":
        return f"|{change.name}={change.value}"
    if change.action == "append":
        return f"+{change.value}"
    return f"-|{change.name}="


def _row(report: Report, finding: Finding, lang: str, colour: bool) -> list[str]:
    line, column = report.article.position(finding.offset)
    severity = i18n.message(f"severity.{finding.severity}", lang)
    label = severity.ljust(7)
    if colour:
        label = f"{_COLOURS[finding.severity]}{label}{_RESET}"
    text = printable(finding.message(lang))
    rows = [f"    {label} {finding.rule:<30} {line}:{column:<5} {text}"]
    if finding.fix is not None:
        changes = printable("، ".join(_change_text(c) for c in finding.fix.changes))
        rows.append(" " * 8 + i18n.message("report.fix", lang, changes=changes))
    return rows


def online_summary(online: dict[str, Any], lang: str) -> str:
    """Return the line that says what the live checks did (and that they were cut short)."""
    links = online.get("links") or {}
    lookups = online.get("lookups") or {}
    partial = " — " + i18n.message("report.partial", lang) if online.get("partial") else ""
    said = i18n.message(
        "report.online",
        lang,
        urls=online.get("urls", 0),
        requests=online.get("requests", 0),
        from_cache=online.get("from_cache", 0),
        confirmed_dead=links.get("confirmed_dead", 0),
        found=lookups.get("found", 0),
        asked=lookups.get("asked", 0),
        seconds=online.get("seconds", 0),
        state_db=online.get("state_db") or "-",
    )
    return said + partial


def render_text(report: Report, lang: str = "ar", *, colour: bool = False) -> str:
    """Return the report as a terminal table in *lang*, coloured if *colour*."""
    article = report.article
    counts = report.counts()
    title = printable(article.title or i18n.message("report.untitled", lang))
    lines = [
        i18n.message(
            "report.heading",
            lang,
            title=title,
            citations=len(article.citations),
            uses=sum(len(c.uses) for c in article.citations),
            errors=counts["error"],
            warnings=counts["warning"],
            infos=counts["info"],
        )
    ]
    if report.online is not None:
        lines.append(online_summary(report.online, lang))
    by_citation: dict[int | None, list[Finding]] = {}
    for finding in report.findings:
        by_citation.setdefault(finding.citation, []).append(finding)
    if None in by_citation:
        lines.append(i18n.message("report.article", lang))
        for finding in by_citation[None]:
            lines.extend(_row(report, finding, lang, colour))
    for citation in article.citations:
        template = citation.template
        what = (template.text("title") if template else "") or citation.text or citation.name or ""
        if len(what) > 70:
            what = what[:69] + "…"
        what = printable(what)
        use = citation.definition or (citation.uses[0] if citation.uses else None)
        where = (
            i18n.message("report.line", lang, line=article.position(use.span[0])[0])
            if (use)
            else ""
        )
        lines.append(f"[{citation.label}] {what}  ({where})")
        found = by_citation.get(citation.index, [])
        if not found:
            lines.append("    ✓ " + i18n.message("report.clean", lang))
        for finding in found:
            lines.extend(_row(report, finding, lang, colour))
    return "\n".join(lines) + "\n"
