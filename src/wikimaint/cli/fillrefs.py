"""``wikimaint fill-refs ARTICLE``: bare references filled from the pages they cite.

A dry run by default: for each bare reference one line (filled, tagged dead, or left alone
and why), then the unified diff and the Arabic edit summary. Ctrl-C (exit 130) or the
``--deadline`` (exit 2) stops the reading within moments: the report says it is partial,
shows what was filled from the pages read by then, and ``-o`` writes nothing. Each page's Wayback snapshot closest to the day it is read is
asked for (``--wayback``; ``--no-archive`` skips it). ``-o FILE`` writes the whole
new article to FILE (whole or not at all) instead of printing the diff. The pages are read
as the live checks read them (``--state-db``, ``--allow-address``, ``--delay``, …): through
the one fetcher, politely, and remembered, so a second run sends nothing.
"""

# ruff: noqa: E501 - the messages are data, one line each in both languages (as in online.py)

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final

from wikimaint import i18n
from wikimaint.cli import online
from wikimaint.edit.tasks import TASK_RULES
from wikimaint.files import read_text, write_atomic

if TYPE_CHECKING:
    import argparse

    from wikimaint.edit.fixes import FixResult
    from wikimaint.links.options import Stop
    from wikimaint.wikitext.model import Article

__all__ = ["FILL_SCHEMA_ID", "add_command", "reason_text"]

FILL_SCHEMA_ID: Final = "https://wikimaint.example/schemas/fill-refs/1.0.0/fill-refs.schema.json"

for _key, _texts in {
    "fill.head": {
        "ar": "«{title}» — مراجع مجردة: {bare}، مُلئت: {filled}، وُسمت مكسورة: {dead}، تُركت: {left}",
        "en": "«{title}» — bare references: {bare}, filled: {filled}, tagged dead: {dead}, left: {left}",
    },
    "fill.filled": {"ar": "[{label}] مُلئ من الصفحة: {url}", "en": "[{label}] filled: {url}"},
    "fill.dead": {
        "ar": "[{label}] وصلة مكسورة (مؤكدة بالسجل): {url}",
        "en": "[{label}] dead link (confirmed by the history): {url}",
    },
    "fill.left": {"ar": "[{label}] تُرك كما هو: {url} — {reason}", "en": "[{label}] left alone: {url} — {reason}"},
    "fill.none": {"ar": "لا مراجع مجردة في هذه المقالة.", "en": "the article has no bare references."},
    "fill.written": {"ar": "{path}: كُتبت المقالة", "en": "{path}: article written"},
    "fill.partial": {
        "ar": "تقرير جزئي: أُوقفت قراءة الصفحات قبل تمامها، فما لم تُقرأ صفحته من المراجع تُرك كما هو",
        "en": "partial report: reading the pages was stopped early; the references whose pages were not read are left alone",
    },
    "fill.unwritten": {
        "ar": "{path}: لم يُكتب شيء لأن التقرير جزئي (أعد التشغيل: ما قُرئ محفوظ في السجل)",
        "en": "{path}: nothing written, as the report is partial (run again: what was read is in the history)",
    },
}.items():  # fmt: skip
    i18n.register(_key, _texts)

_JUNK: dict[str, dict[str, str]] = {
    "pdf": {"ar": "ملف PDF لا صفحة ويب", "en": "a PDF, not a web page"},
    "image": {"ar": "صورة لا صفحة ويب", "en": "an image, not a web page"},
    "not-html": {"ar": "ليست صفحة HTML", "en": "not an HTML page"},
    "challenge": {"ar": "صفحة تحقق من البوتات (مثل Cloudflare)", "en": "a bot challenge (such as Cloudflare's)"},
    "error-title": {"ar": "عنوان الصفحة يقول إنها خطأ أو غير موجودة", "en": "its title says error or not found"},
    "login-wall": {"ar": "صفحة تسجيل دخول", "en": "a login wall"},
    "cookie-wall": {"ar": "صفحة موافقة على ملفات تعريف الارتباط", "en": "a cookie wall"},
    "parked": {"ar": "نطاق معروض للبيع أو مركون", "en": "a parked domain, or one for sale"},
    "generic-title": {"ar": "عنوانها اسم الموقع أو صفحته الرئيسية فقط", "en": "its title names only the site or its home page"},
    "no-title": {"ar": "لا عنوان يصلح", "en": "nothing that could be a title"},
    "not-read": {"ar": "لم تُقرأ الصفحة", "en": "the page was not read"},
    "already-tagged": {"ar": "موسومة مكسورة من قبل", "en": "already tagged dead"},
}  # fmt: skip


def reason_text(code: str, lang: str) -> str:
    """Return why a reference was left alone, in *lang* (a junk code or a link reason)."""
    from wikimaint.citations.rules.online import describe  # noqa: PLC0415 - see _fill

    texts = _JUNK.get(code) or describe(code)
    return f"{texts.get(lang, texts['ar'])} ({code})"


def add_command(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``fill-refs``."""
    cmd = commands.add_parser(
        "fill-refs",
        parents=[common],
        help="fill bare references from the pages they cite (a dry run unless -o)",
    )
    cmd.add_argument("path", help="wikitext file, or - for standard input")
    cmd.add_argument("--title", help="the article title (default: from the file name)")
    cmd.add_argument(
        "-o", "--output", metavar="FILE", help="write the new article here (whole or not at all)"
    )
    cmd.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="json: the report as JSON (schemas/fill-refs.schema.json), without the diff",
    )
    cmd.add_argument(
        "--no-archive",
        dest="archive",
        action="store_false",
        help="do not ask the Wayback Machine for a snapshot of each page",
    )
    online.add_arguments(cmd, always_online=True)
    cmd.set_defaults(handler=_fill)


# The handler imports the check, the fixes and HTTP when it runs, not when the parser is built.
def _fill(args: argparse.Namespace, stdout: IO[str], stderr: IO[str], stdin: Any) -> int:
    from wikimaint.citations.check import check_citations  # noqa: PLC0415
    from wikimaint.edit.fillrefs import bare_refs, read_pages  # noqa: PLC0415
    from wikimaint.edit.fixes import apply_fixes  # noqa: PLC0415
    from wikimaint.edit.plan import stopped_early  # noqa: PLC0415
    from wikimaint.schema.validators import validate  # noqa: PLC0415
    from wikimaint.wikitext.parse import parse  # noqa: PLC0415

    options = online.live_options(args, stderr)
    assert options is not None  # always online
    text, source = read_text(args.path, stdin, max_bytes=args.max_input)
    title = args.title or (None if source == "<stdin>" else Path(source).stem.replace("_", " "))
    article = parse(text, title)
    bare = {citation.index: url for citation, url in bare_refs(article)}
    lang = args.lang
    if not bare and args.format == "text":
        stdout.write(i18n.message("fill.none", lang) + "\n")
        if args.output:
            write_atomic(args.output, text)
        return 0
    pages = read_pages(article, options, archive=args.archive)
    findings = check_citations(article, rules=list(TASK_RULES["fill-refs"])).findings
    result = apply_fixes(article, findings, tasks=("fill-refs",), pages=pages)
    early = stopped_early(pages.stop.summary(), lang)  # Ctrl-C, or the --deadline passed
    written = args.output if args.output and early is None else None  # partial: never written
    if written is not None:  # first: a report says so only once it is done
        write_atomic(written, result.text)
    if args.format == "json":
        document = _document(article, bare, result, pages.stop, lang) | {"output": written}
        validate(document, "fill-refs", what="fill-refs report")
        stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        name = article.title or source
        _write_text(name, bare, result, partial=early is not None, args=args, stdout=stdout)
    if written is not None:
        stderr.write(i18n.message("fill.written", lang, path=written) + "\n")
    if early is not None:
        stdout.flush()
        stderr.write(early[0] + "\n")
        return early[1]
    return 0


def _references(bare: dict[int, str], result: FixResult) -> list[dict[str, Any]]:
    """Return what became of each bare reference, in the article's order (JSON-ready)."""
    labels = {c.index: c.label for c in result.article.citations}
    refs = []
    for fix in result.applied:
        action = "filled" if fix.rule == "bare-url" else "dead-link"
        index = fix.citation or 0
        changes = [c.to_dict() for c in fix.changes]
        refs.append({"citation": index, "label": fix.label, "url": bare.get(index, ""),
                     "action": action, "changes": changes})  # fmt: skip
    for skipped in result.skipped:
        index = skipped.finding.citation or 0
        refs.append({"citation": index, "label": labels.get(index, "-"),
                     "url": bare.get(index, ""), "action": "left", "reason": skipped.reason})  # fmt: skip
    return refs


def _counts(refs: list[dict[str, Any]], bare: int) -> dict[str, int]:
    actions = [ref["action"] for ref in refs]
    return {"bare": bare, "filled": actions.count("filled"), "dead": actions.count("dead-link"),
            "left": actions.count("left")}  # fmt: skip


def _write_text(
    name: str,
    bare: dict[int, str],
    result: FixResult,
    *,
    partial: bool,
    args: argparse.Namespace,
    stdout: IO[str],
) -> None:
    """Write the text report: the counts, a line a reference, the diff and the summary."""
    lang = args.lang
    refs = _references(bare, result)
    lines = [i18n.message("fill.head", lang, title=name, **_counts(refs, len(bare)))]
    if partial:
        lines.append(i18n.message("fill.partial", lang))
    for ref in refs:
        key = {"filled": "fill.filled", "dead-link": "fill.dead"}.get(ref["action"], "fill.left")
        reason = reason_text(ref["reason"], lang) if "reason" in ref else ""
        lines.append(i18n.message(key, lang, label=ref["label"], url=ref["url"], reason=reason))
    stdout.write("\n".join(lines) + "\n")
    if args.output and partial:
        stdout.write(i18n.message("fill.unwritten", lang, path=args.output) + "\n")
    elif result.changed and not args.output:
        from wikimaint.edit.plan import render_diff  # noqa: PLC0415 - see _fill

        stdout.write(render_diff(result.original, result.text, name=name, lang=lang))
    if result.changed:
        stdout.write(i18n.message("plan.summary", lang, summary=result.summary) + "\n")


def _document(
    article: Article, bare: dict[int, str], result: FixResult, stop: Stop, lang: str
) -> dict[str, Any]:
    """Return the JSON report (``schemas/fill-refs.schema.json``) but its ``output``."""
    refs = _references(bare, result)
    for ref in refs:
        if "reason" in ref:
            ref["explanation"] = reason_text(ref["reason"], lang)
    return {
        "$schema": FILL_SCHEMA_ID,
        "title": article.title,
        "language": lang,
        "partial": stop.partial,
        **({"deadline": stop.deadline} if stop.deadline is not None else {}),
        "counts": _counts(refs, len(bare)),
        "references": sorted(refs, key=lambda ref: ref["citation"]),
        "changed": result.changed,
        "summary": result.summary if result.changed else None,
    }
