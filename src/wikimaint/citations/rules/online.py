"""Online citation rules: what asking the web about each cited URL and archive found.

The rules here run only when :func:`~wikimaint.citations.check.check_citations` is given
``online=LiveOptions(...)``; :func:`~wikimaint.links.live.run_live_checks` does the
asking and the rules read its results. They do not cry wolf: ``link-dead`` needs the
history to show repeated failures days apart; a first failure, a block (401/403/429) or a
timeout is ``link-unknown``, an info.

>>> from wikimaint import parse
>>> from wikimaint.citations.check import check_citations
>>> report = check_citations(parse("<ref>{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ}}</ref>"))
>>> [f.rule for f in report.findings if f.rule.startswith("link-")]  # no request sent
[]
"""



from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final

from wikimaint.citations.registry import Change, Context, Finding, Fix, rule, set_param
from wikimaint.citations.rules.common import (
    article_date_style,
    localized,
    own_archive_date_style,
)
from wikimaint.links.archives import parse_archive_url, wayback_snapshot_url
from wikimaint.links.checker import LinkStatus
from wikimaint.links.live import MIN_FAILURES, MIN_SPACING, Targets
from wikimaint.links.services import ARCHIVE_SERVICES
from wikimaint.links.wayback import SnapshotStatus
from wikimaint.wikitext.arabic import format_date

if TYPE_CHECKING:
    from collections.abc import Iterator

    from wikimaint.citations.registry import Severity
    from wikimaint.links.checker import LinkReport
    from wikimaint.links.live import LiveResults
    from wikimaint.links.wayback import ArchiveHit, SnapshotCheck
    from wikimaint.wikitext.model import Citation, Param, TemplateCall

__all__ = ["DEAD_LINK_TAG", "dead_link_tag", "describe"]

DEAD_LINK_TAG: Final = "وصلة مكسورة"
"""arwiki's dead-link tag (``{{Dead link}}``), placed right after the citation."""


_REASONS: Final = {
    "dns": localized("اسم النطاق لا يُحلّ إلى عنوان", "the host name does not resolve"),
    "refused": localized("الخادم رفض الاتصال", "the server refused the connection"),
    "reset": localized("انقطع الاتصال", "the connection was reset"),
    "timeout": localized("انتهت مهلة الانتظار", "the server did not answer in time"),
    "tls": localized("مشكلة في شهادة TLS", "a TLS (certificate) problem"),
    "empty-reply": localized("رد فارغ من الخادم", "an empty reply"),
    "protocol": localized("رد HTTP غير سليم", "a broken HTTP reply"),
    "connection": localized("تعذّر الاتصال", "the connection failed"),
    "redirect-loop": localized("حلقة تحويلات", "a redirect loop"),
    "too-many-redirects": localized("تحويلات كثيرة جدًا", "too many redirects"),
    "unsafe-address": localized(
        "عنوان خاص أو محجوز لا يُطلب (سلامة)", "refused: a private or reserved address"
    ),
    "unsafe-scheme": localized("ليس http أو https", "not http or https"),
    "invalid-url": localized("رابط غير صالح", "not a valid URL"),
    "redirect-to-home": localized("تحويل إلى الصفحة الرئيسية", "a redirect to the home page"),
    "soft-404-title": localized("عنوان الصفحة يقول إنها غير موجودة", "its title says not found"),
    "soft-404-url": localized(
        "حُوّلت إلى صفحة خطأ (404)", "it was redirected to an error (404) page"
    ),
    "soft-404-same-url-as-random": localized(
        "تنتهي إلى الصفحة نفسها التي ينتهي إليها مسار عشوائي",
        "it lands where a random path on the site lands",
    ),
    "soft-404-similar-to-random": localized(
        "محتواها محتوى صفحة مسار عشوائي لا وجود له",
        "it says what the page for a random, missing path says",
    ),
    "same-as-random-no-text": localized(
        "الصفحة بلا نص تقارن به", "the page has no text to compare"
    ),
    "not-archived": localized("الأرشيف لا يحفظ هذه اللقطة", "the archive has no such snapshot"),
    "not-archived-page": localized(
        "الأرشيف يجيب 200 بصفحة «غير مؤرشفة»", 'the archive answers 200 with a "not archived" page'
    ),
    "captured-error": localized("اللقطة المحفوظة صفحة خطأ", "the snapshot captured an error page"),
    "rate-limited": localized("طلبات كثيرة (429)", "rate-limited (429)"),
}  # fmt: skip


def describe(code: str) -> dict[str, str]:
    """Return the reason *code* of a check (``http-404``, ``timeout``, …) in both languages.

    >>> describe("http-404")["ar"]
    'HTTP 404'
    >>> describe("timeout")["ar"]
    'انتهت مهلة الانتظار'
    """
    if code in _REASONS:
        return _REASONS[code]
    if code.startswith("http-"):
        return localized(f"HTTP {code[5:]}", f"HTTP {code[5:]}")
    return localized(code, code)


def dead_link_tag(when: dt.date) -> str:
    """Return the ``{{وصلة مكسورة}}`` tag dated *when* (month and year, Arabic month name).

    >>> dead_link_tag(dt.date(2026, 11, 30))
    '{{وصلة مكسورة|تاريخ=نوفمبر 2026}}'
    """
    return f"{{{{{DEAD_LINK_TAG}|تاريخ={format_date(when, 'my-ar')}}}}}"


def _live(ctx: Context) -> LiveResults | None:
    live = ctx.extra.get("live")
    return live if live is not None and hasattr(live, "links") else None


_NOTHING: Final = Targets(None, None, None)


def _targets(live: LiveResults, citation: Citation) -> Targets:
    return live.targets.get(citation.index, _NOTHING)


def _style(ctx: Context, template: TemplateCall) -> str:
    """Return the archive-date style for *template* (see rules.archive_date_style), cached."""
    own = own_archive_date_style(template)
    if own is not None:
        return own
    style = ctx.extra.get("_online_archive_style")
    if not isinstance(style, str):
        style = ctx.extra["_online_archive_style"] = article_date_style(ctx.article)
    return style


def _linked(ctx: Context) -> Iterator[tuple[Citation, LinkReport, Param | None]]:
    """Yield each citation whose URL was checked, with the report and its url parameter."""
    live = _live(ctx)
    if live is None:
        return
    for citation in ctx.article.citations:
        url = _targets(live, citation).link
        report = live.links.get(url) if url is not None else None
        if report is not None:
            param = citation.template.get("url") if citation.template is not None else None
            yield citation, report, param


def _at(
    ctx: Context,
    citation: Citation,
    param: Param | None,
    *,
    severity: Severity | None = None,
    fix: Fix | None = None,
    **args: object,
) -> Finding:
    """Return a finding at *param* when the citation has it, else at the citation."""
    if param is not None:
        return ctx.at_param(citation, param, fix=fix, severity=severity, **args)
    args.setdefault("param", "url")
    return ctx.at_citation(citation, fix=fix, severity=severity, **args)


def _archive_changes(ctx: Context, template: TemplateCall, hit: ArchiveHit) -> tuple[Change, ...]:
    value = format_date(hit.when.date(), _style(ctx, template))
    return (
        set_param(template, "archive-url", hit.archive_url),
        set_param(template, "archive-date", value),
    )


def _found(ctx: Context, citation: Citation) -> ArchiveHit | None:
    live = _live(ctx)
    lookup = _targets(live, citation).lookup if live is not None else None
    return live.closest.get(lookup) if live is not None and lookup is not None else None


def _none_found(live: LiveResults, citation: Citation) -> bool:
    """Return whether the Wayback Machine was asked about *citation* and has nothing."""
    lookup = _targets(live, citation).lookup
    return lookup is not None and lookup in live.closest and live.closest[lookup] is None


@rule(
    "link-dead", "warning",
    ar="الرابط مكسور: {reason}؛ فشل {failures} مرات في فحوص يفصل بينها {days} أيام على الأقل (منذ {since}).",
    en="the link is dead: {reason}; it failed {failures} checks at least {days} days apart (since {since}).",
    example="<ref>{{استشهاد ويب|مسار=http://www.iraqnla.gov.iq/قديم/1|عنوان=تاريخ المكتبة}}</ref> (404 في ثلاثة فحوص متباعدة)",
    online=True,
)  # fmt: skip
def link_dead(ctx: Context) -> Iterator[Finding]:
    """Catch a URL the history shows dead: repeated failures spread in time, none alive since.

    The fix: with an archive (one written, or one just found) set url-status to dead (and
    the archive found); when the Wayback Machine has none, append
    ``{{وصلة مكسورة|تاريخ=<month> <year>}}``; when it could not be asked, no fix.
    """
    live = _live(ctx)
    if live is None:
        return
    tagged = {t.citation for t in ctx.article.maintenance_tags if t.tag == "dead-link"}
    for citation, report, param in _linked(ctx):
        if not report.confirmed_dead:
            continue
        failures = live.failures.get(report.url, [])
        since = failures[0].date().isoformat() if failures else report.checked_at.date().isoformat()
        template = citation.template
        fix = None
        archived = template is not None and (
            bool(template.text("archive-url")) or any(e.kind == "archive" for e in citation.extras)
        )
        if template is not None:
            hit = _found(ctx, citation)
            status = template.text("url-status").casefold()
            if hit is not None:
                fix = Fix(
                    (
                        *_archive_changes(ctx, template, hit),
                        set_param(template, "url-status", "dead"),
                    )
                )
            elif template.text("archive-url") and status not in {"dead", "ميت"}:
                fix = Fix((set_param(template, "url-status", "dead"),))
            elif not archived and citation.index not in tagged and _none_found(live, citation):
                tag = dead_link_tag(live.now.date())
                fix = Fix((Change("append", "dead link", DEAD_LINK_TAG, tag),))
        yield _at(
            ctx,
            citation,
            param,
            severity="info" if archived else None,
            fix=fix,
            reason=describe(report.reason),
            failures=len(failures) or MIN_FAILURES,
            days=MIN_SPACING.days,
            since=since,
        )


@rule(
    "link-redirect-to-root", "warning",
    ar="الرابط يحوّل إلى الصفحة الرئيسية للموقع ({final_url})؛ الصفحة المستشهد بها لم تعد في مكانها على الأرجح.",
    en="the link redirects to the site's home page ({final_url}); the cited page is most likely gone.",
    example="<ref>{{استشهاد بخبر|مسار=https://www.alsumaria.tv/news/2019/قصف|عنوان=قصف}}</ref> (يحوّل إلى https://www.alsumaria.tv/)",
    online=True,
)  # fmt: skip
def link_redirect_to_root(ctx: Context) -> Iterator[Finding]:
    """Catch a deep link that now lands on its site's home page (not yet confirmed dead)."""
    for citation, report, param in _linked(ctx):
        if report.status == LinkStatus.REDIRECT_TO_ROOT and not report.confirmed_dead:
            yield _at(ctx, citation, param, final_url=report.final_url or "")


@rule(
    "link-soft-404", "warning",
    ar="الصفحة تجيب 200 لكنها صفحة «غير موجودة»: {reason}.",
    en='the page answers 200 but is a "not found" page: {reason}.',
    example="<ref>{{استشهاد ويب|مسار=https://www.ina.iq/ar/قديم|عنوان=خبر}}</ref> (تعرض «الصفحة غير موجودة»)",
    online=True,
)  # fmt: skip
def link_soft_404(ctx: Context) -> Iterator[Finding]:
    """Catch a page that answers 200 yet is the site's "not found" page (soft 404)."""
    for citation, report, param in _linked(ctx):
        if report.status == LinkStatus.SOFT_404 and not report.confirmed_dead:
            yield _at(ctx, citation, param, reason=describe(report.reason))


@rule(
    "link-unknown", "info",
    ar="تعذّر الحكم على |{param}=: {reason} (الفحص {checks}؛ لا يُعدّ الرابط مكسورًا إلا بعد {needed} إخفاقات يفصل بينها {days} أيام على الأقل).",
    en="could not tell whether |{param}= works: {reason} (check {checks}; a link counts as dead only after {needed} failures at least {days} days apart).",
    example="<ref>{{استشهاد ويب|مسار=https://www.facebook.com/iraqnla/posts/1|عنوان=منشور}}</ref> (403: الموقع يحجب الفحص)",
    online=True,
)  # fmt: skip
def link_unknown(ctx: Context) -> Iterator[Finding]:
    """Catch a URL whose check could not tell: blocked (401/403/429), a first failure, a timeout.

    Never a verdict: the history counts the failures, and ``link-dead`` speaks when they
    are enough. Also said of an archive URL that could not be verified.
    """
    live = _live(ctx)
    if live is None:
        return
    for citation in ctx.article.citations:
        targets = _targets(live, citation)
        report = live.links.get(targets.link) if targets.link is not None else None
        if report is not None and not report.confirmed_dead and report.status in {
            LinkStatus.UNKNOWN, LinkStatus.DEAD
        }:  # fmt: skip
            param = citation.template.get("url") if citation.template is not None else None
            yield _unknown(ctx, citation, param, report.reason, report.checks)
        archive = targets.archive
        if archive is None or citation.template is None:
            continue
        param = citation.template.get("archive-url")
        other = live.links.get(archive)
        snapshot = live.snapshots.get(archive)
        if other is not None and other.status == LinkStatus.UNKNOWN:
            yield _unknown(ctx, citation, param, other.reason, other.checks)
        elif snapshot is not None and snapshot.status in {
            SnapshotStatus.UNKNOWN, SnapshotStatus.ERROR
        }:  # fmt: skip
            yield _unknown(ctx, citation, param, snapshot.reason, 1)
        elif snapshot is None and other is None and archive in live.errors:
            yield _unknown(ctx, citation, param, live.errors[archive], 1)


def _unknown(
    ctx: Context, citation: Citation, param: Param | None, reason: str, checks: int
) -> Finding:
    """Return the ``link-unknown`` finding: *reason* after *checks* checks, no verdict yet."""
    return _at(
        ctx,
        citation,
        param,
        reason=describe(reason),
        checks=checks,
        needed=MIN_FAILURES,
        days=MIN_SPACING.days,
    )


@rule(
    "archive-unavailable", "warning",
    ar="النسخة المؤرشفة في |{param}= غير متاحة: {reason}.",
    en="the archived copy in |{param}= is not available: {reason}.",
    example="{{استشهاد ويب|مسار=http://x.iq/a|عنوان=أ|مسار أرشيف=https://web.archive.org/web/20120101000000/http://x.iq/a|تاريخ أرشيف=1 يناير 2012}} (404)",
    online=True,
)  # fmt: skip
def archive_unavailable(ctx: Context) -> Iterator[Finding]:
    """Catch an archive URL whose snapshot is not there, on any recognised archive.

    The archive answers 404 or 410, or a 200 page that is its "not archived" page (the
    Wayback Machine's "Hrm.", pywb's "URL Not Found", archive.today's "No results").
    """
    live = _live(ctx)
    if live is None:
        return
    for citation, template in ctx.templated():
        archive = _targets(live, citation).archive
        if archive is None:
            continue
        snapshot = live.snapshots.get(archive)
        other = live.links.get(archive)
        param = template.get("archive-url")
        if snapshot is not None and snapshot.status == SnapshotStatus.MISSING:
            yield _at(ctx, citation, param, reason=describe(snapshot.reason))
        elif other is not None and (
            other.confirmed_dead or other.reason in {"http-404", "http-410"}
        ):
            yield _at(ctx, citation, param, reason=describe(other.reason))


_ARCHIVE_NAMES: Final = {"wayback": "آلة Wayback", "archive.today": "أرشيف archive.today"}


def _archive_name(name: str) -> dict[str, str]:
    """Return archive service *name* by name (Arabic and English); a host stays a host."""
    service = ARCHIVE_SERVICES.get(name)
    english = service.label if service is not None else name
    return localized(_ARCHIVE_NAMES.get(name, f"أرشيف {english}"), english)


@rule(
    "archive-found", "info",
    ar="في {archive} نسخة من {date}{note}: {archive_url}",
    en="{archive} has a snapshot from {date}{note}: {archive_url}",
    example="<ref>{{استشهاد بخبر|مسار=https://www.france24.com/ar/20240124-العراق|عنوان=العراق يحذر|تاريخ الوصول=25 يناير 2024}}</ref>",
    online=True,
)  # fmt: skip
def archive_found(ctx: Context) -> Iterator[Finding]:
    """Catch a citation without an archive that has a snapshot, or a snapshot served elsewhen.

    The snapshot is the one closest to the access date (before it, else after) in the
    Wayback Machine, else in any archive Memento knows (archive.today, Arquivo.pt, the
    national libraries' archives). The fix
    writes archive-url and archive-date with parameter names in the template's language
    and the date in the style the article already uses. When a written snapshot is served
    at another day than its archive-date says, the fix corrects the date (and the URL, when
    its own timestamp names another day); a short id (``archive.ph/AbCd1``), whose URL has
    no time, gets the capture time the archive gives (``Memento-Datetime``).
    """
    live = _live(ctx)
    if live is None:
        return
    for citation, template in ctx.templated():
        hit = _found(ctx, citation)
        if hit is not None:
            param = template.get("url")
            yield _at(
                ctx,
                citation,
                param,
                fix=Fix(_archive_changes(ctx, template, hit)),
                archive=_archive_name(hit.service),
                date=hit.when.date().isoformat(),
                archive_url=hit.archive_url,
                note=localized(" (الأقرب إلى تاريخ الوصول)", " (the closest to the access date)"),
            )
            continue
        archive = _targets(live, citation).archive
        snapshot = live.snapshots.get(archive) if archive is not None else None
        timeless = snapshot is not None and not snapshot.requested_timestamp  # a short id
        if snapshot is not None and (
            snapshot.status == SnapshotStatus.REDIRECTED
            or (timeless and snapshot.status == SnapshotStatus.OK)
        ):
            finding = _served_elsewhen(ctx, citation, template, snapshot)
            if finding is not None:
                yield finding


def _served_elsewhen(
    ctx: Context, citation: Citation, template: TemplateCall, snapshot: SnapshotCheck
) -> Finding | None:
    """Return the finding for a snapshot served at another day than the citation says."""
    served = snapshot.served_timestamp or ""
    requested = snapshot.requested_timestamp or ""
    if len(served) != 14 or not served.isdigit():
        return None
    try:
        when = dt.datetime.strptime(served, "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
    except ValueError:
        return None
    day = when.date()
    written = template.get("archive-date")
    parsed = written.date if written is not None else None
    first = parsed.date if parsed is not None and parsed.ok else None
    last = parsed.latest if parsed is not None and parsed.ok else None
    if (
        first is not None
        and last is not None
        and first - dt.timedelta(days=1) <= day <= last + dt.timedelta(days=1)
    ):
        return None  # the date written is the date served
    changes: list[Change] = []
    parsed_url = parse_archive_url(snapshot.archive_url)
    if requested[:8] != served[:8] and parsed_url is not None and parsed_url.original_url:
        if parsed_url.service == "wayback":
            public: str | None = wayback_snapshot_url(parsed_url.original_url, served)
        elif parsed_url.replay_base is not None:
            public = f"{parsed_url.replay_base}/{served}/{parsed_url.original_url}"
        else:
            public = None
        if public is not None:
            changes.append(set_param(template, "archive-url", public))
    value = format_date(day, _style(ctx, template))
    changes.append(set_param(template, "archive-date", value))
    archive = template.get("archive-url")
    return _at(
        ctx,
        citation,
        archive,
        fix=Fix(tuple(changes)),
        archive=_archive_name(parsed_url.service if parsed_url is not None else "wayback"),
        date=day.isoformat(),
        archive_url=changes[0].value if changes[0].key == "archive-url" else snapshot.archive_url,
        note=localized(
            f" (تعرضها بدل اللقطة المطلوبة {requested})",
            f" (served instead of the snapshot asked for, {requested})",
        )
        if requested
        else localized(" (وقت اللقطة كما يذكره الأرشيف)", " (the capture time the archive gives)"),
    )
