"""Offline rules on archive links: missing, incomplete, invalid, or not matching the page or date.

A Wayback snapshot of a WebCite page is a working archive; a snapshot is read once per
check (:func:`~wikimaint.citations.rules.common.snapshot_of`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from wikimaint.citations.registry import Change, Context, Finding, Fix, rule, set_param
from wikimaint.citations.rules.common import (
    ARCHIVE_PROBLEMS,
    archive_date_style,
    is_published,
    snapshot_of,
    url_of,
)
from wikimaint.links.archives import parse_archive_url
from wikimaint.links.urls import normalize_url
from wikimaint.wikitext.arabic import format_date

if TYPE_CHECKING:
    from collections.abc import Iterator

    from wikimaint.links.archives import Snapshot


@rule(
    "missing-archive", "info",
    ar="لا نسخة مؤرشفة لهذا المسار (|مسار أرشيف=).",
    en="no archived copy of this URL (|archive-url=).",
    example="<ref>{{استشهاد بخبر|مسار=https://ar.farsnews.ir/news/1|عنوان=قصف امريكي|تاريخ الوصول=2024-01-28}}</ref>",
)  # fmt: skip
def missing_archive(ctx: Context) -> Iterator[Finding]:
    """Catch a URL with no archived copy (neither |archive-url= nor {{Webarchive}}).

    A URL that is itself an archive's item (``archive.org/details/…``) needs none, nor a
    published work that does not change (a book, a journal article: the work is the source).
    """
    for citation, template in ctx.templated(sources=True):
        url = url_of(template)
        if not url or template.text("archive-url") or template.text("archive-date"):
            continue
        if parse_archive_url(url) is not None:
            continue  # archive-in-url says it better
        if is_archive_item(url) or is_published(template):
            continue
        if any(extra.kind == "archive" for extra in citation.extras):
            continue
        yield ctx.at_citation(citation)


_ARCHIVE_ITEM = re.compile(
    r"^(?:https?:)?//(?:www\.)?archive\.org/(?:details|download|stream)/", re.IGNORECASE
)


def is_archive_item(url: str) -> bool:
    """Return whether *url* is an item kept by an archive (``https://archive.org/details/…``)."""
    return _ARCHIVE_ITEM.match(url.strip()) is not None


@rule(
    "archive-date-missing", "error",
    ar="للاستشهاد مسار أرشيف دون تاريخ أرشيف (|تاريخ أرشيف=).",
    en="the citation has an archive URL but no archive date (|archive-date=).",
    example="{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ|مسار أرشيف=https://web.archive.org/web/20240124120530/https://x.iq/a}}",
)  # fmt: skip
def archive_date_missing(ctx: Context) -> Iterator[Finding]:
    """Catch an archive-url without archive-date; the fix takes the snapshot's date."""
    for citation, template in ctx.templated(sources=True):
        if not template.text("archive-url") or template.text("archive-date"):
            continue
        snapshot = snapshot_of(ctx, template)
        fix = None
        if snapshot is not None and snapshot.valid and _day_precise(snapshot):
            when = snapshot.when.date() if snapshot.when else None
            if when is not None:
                value = format_date(when, archive_date_style(ctx.article, template))
                fix = Fix((set_param(template, "archive-date", value),))
        archive = template.get("archive-url")
        assert archive is not None
        yield ctx.at_param(citation, archive, fix=fix)


@rule(
    "archive-url-missing", "warning",
    ar="للاستشهاد تاريخ أرشيف دون مسار أرشيف (|مسار أرشيف=).",
    en="the citation has an archive date but no archive URL (|archive-url=).",
    example="{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ|تاريخ أرشيف=2024-01-24}}",
)  # fmt: skip
def archive_url_missing(ctx: Context) -> Iterator[Finding]:
    """Catch an archive-date without archive-url (the module ignores it: a warning)."""
    for citation, template in ctx.templated(sources=True):
        archive_date = template.get("archive-date")
        if archive_date is not None and archive_date.text and not template.text("archive-url"):
            yield ctx.at_param(citation, archive_date)


def _day_precise(snapshot: Snapshot) -> bool:
    return snapshot.timestamp is not None and len(snapshot.timestamp) >= 8


@rule(
    "archive-invalid", "error",
    ar="مسار الأرشيف غير صالح: {problem}.",
    en="the archive URL is not valid: {problem}.",
    example="{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ|مسار أرشيف=https://web.archive.org/web/*/https://x.iq/a|تاريخ أرشيف=2024-01-24}}",
)  # fmt: skip
def archive_invalid(ctx: Context) -> Iterator[Finding]:
    """Catch an archive-url on no known archive, or whose snapshot time is unusable.

    An error where the citation module shows one (a Wayback URL with a wildcard or a
    malformed or missing timestamp); the rest (an unknown archive host, a snapshot dated
    before 1996 or in the future, no page named) we judge more strictly: a warning.
    """
    for citation, template in ctx.templated(sources=True):
        archive = template.get("archive-url")
        if archive is None or not archive.text:
            continue
        snapshot = snapshot_of(ctx, template)
        if snapshot is None:
            problem = "not-an-archive"
        elif snapshot.problem is not None and snapshot.problem != "service-dead":
            problem = snapshot.problem
        else:
            continue
        yield ctx.at_param(
            citation,
            archive,
            severity=None if problem in _MODULE_ARCHIVE_ERRORS else "warning",
            problem=ARCHIVE_PROBLEMS[problem],
        )


# What Module:Citation/CS1 itself reports for an archive URL as "malformed".
_MODULE_ARCHIVE_ERRORS = frozenset({"wildcard", "malformed-timestamp", "no-timestamp"})


@rule(
    "archive-date-mismatch", "warning",
    ar="تاريخ الأرشيف ({archive_date}) يبعد أكثر من يوم عن تاريخ اللقطة في مسار الأرشيف ({snapshot}).",
    en="the archive date ({archive_date}) is more than a day away from the snapshot in the archive URL ({snapshot}).",
    example="{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ|مسار أرشيف=https://web.archive.org/web/20240124120530/https://x.iq/a|تاريخ أرشيف=2024-02-24}}",
)  # fmt: skip
def archive_date_mismatch(ctx: Context) -> Iterator[Finding]:
    """Catch an archive-date more than one day from the snapshot timestamp; fix it to it.

    Stricter than the citation module, which does not compare them: a warning.
    """
    for citation, template in ctx.templated(sources=True):
        archive_date = template.get("archive-date")
        snapshot = snapshot_of(ctx, template)
        if archive_date is None or archive_date.date is None or not archive_date.date.ok:
            continue
        if snapshot is None or not snapshot.valid or snapshot.when is None:
            continue
        if not _day_precise(snapshot):
            continue
        when = snapshot.when.date()
        first, last = archive_date.date.date, archive_date.date.latest
        if first is None or last is None:
            continue
        if first - dt.timedelta(days=1) <= when <= last + dt.timedelta(days=1):
            continue
        value = format_date(when, archive_date_style(ctx.article, template))
        fix = Fix((set_param(template, "archive-date", value),))
        yield ctx.at_param(
            citation,
            archive_date,
            archive_date=archive_date.text,
            snapshot=when.isoformat(),
            fix=fix,
        )


@rule(
    "archive-url-mismatch", "warning",
    ar="مسار الأرشيف يحفظ عنوانًا غير المسار المستشهد به: {archived}",
    en="the archive URL keeps another address than the cited URL: {archived}",
    example="{{استشهاد ويب|مسار=https://x.iq/a|عنوان=أ|مسار أرشيف=https://web.archive.org/web/20240124120530/https://y.iq/b|تاريخ أرشيف=2024-01-24}}",
)  # fmt: skip
def archive_url_mismatch(ctx: Context) -> Iterator[Finding]:
    """Catch an archive of another page.

    Compared after normalising scheme, www, port, percent escapes (``%2C`` is ``,``) and
    doubled slashes. The same site under another address (a changed slug or date path, guardian.co.uk become
    theguardian.com) is most often the same article moved: only a note. A snapshot of
    another archive (a Wayback copy of a WebCite page) cannot be judged offline. The
    citation module does not compare them, so a warning at most.
    """
    for citation, template in ctx.templated(sources=True):
        url = url_of(template)
        snapshot = snapshot_of(ctx, template)
        if not url or snapshot is None or snapshot.original_url is None:
            continue
        if snapshot.problem in {"no-original-url", "wildcard"}:
            continue
        original = snapshot.original_url
        if parse_archive_url(original) is not None or parse_archive_url(url) is not None:
            continue  # an archive of an archive, or archive-in-url's case
        if _same_address(url, original, template.text("archive-url")):
            continue
        archive = template.get("archive-url")
        assert archive is not None
        yield ctx.at_param(
            citation,
            archive,
            severity="info" if same_site(url, original) else None,
            archived=original,
        )


_SLASHES = re.compile(r"(?<!:)//+")
_DOT_SEGMENTS = re.compile(r"/\.(?=/|$)")


def loose_url(url: str) -> str:
    """Return :func:`normalize_url`'s key loosened: escapes decoded, case folded.

    ``/./`` and slash runs are one slash; case is folded (the servers whose addresses
    differ only by case are old ones that ignore it).

    >>> loose_url("http://www.spiegel.de/politik//0%2C1518%2C357997%2C00.html")
    '//spiegel.de/politik/0,1518,357997,00.html'
    """
    key = normalize_url(url)
    head, _sep, rest = key.partition("//")
    host, slash, path = rest.partition("/")
    path = "/" + unquote(path) if slash else ""
    path = _DOT_SEGMENTS.sub("", _SLASHES.sub("/", path)).rstrip("/")
    return f"{head}//{host}{path}".casefold()


def _same_address(url: str, original: str, archive_url: str) -> bool:
    """Return whether the archived *original* is the cited *url*, loosely compared.

    Also when the cited URL has no query and the archive added one (a session ticket), and
    when the archive URL ends with the cited URL (WebCite's ``?url=…&…`` read short).
    """
    cited, kept = loose_url(url), loose_url(original)
    if cited == kept or ("?" not in cited and kept.partition("?")[0] == cited):
        return True
    whole = unquote(archive_url).casefold()
    return whole.endswith(url.strip().casefold().split("://", 1)[-1].split("#")[0])


_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "gv", "or", "ne"})


def _site(url: str) -> str:
    """Return the name a site is known by: ``guardian`` for www.guardian.co.uk."""
    labels = urlsplit(normalize_url(url)).hostname or ""
    parts = labels.split(".")
    if len(parts) >= 3 and parts[-2] in _SECOND_LEVEL and len(parts[-1]) == 2:
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else labels


def same_site(first: str, second: str) -> bool:
    """Return whether two URLs are evidently one site, or one page moved.

    One site: ``guardian.co.uk`` and ``theguardian.com``, ``eia.doe.gov`` and ``eia.gov``,
    ``businesspost.ie`` and ``archives.tcm.ie/businesspost/…``; one page moved to a renamed
    site: the same last path segment (``/dafydd-ap-gwilym-eng/``).
    """
    one, two = _site(first), _site(second)
    if not (one and two):
        return False
    if one == two or one in two or two in one:
        return True
    keys = [loose_url(first).partition("?")[0], loose_url(second).partition("?")[0]]
    hosts = [k.partition("//")[2].partition("/")[0].split(".") for k in keys]
    if one in hosts[1] or two in hosts[0] or one in keys[1] or two in keys[0]:
        return True
    slugs = [k.rstrip("/").rpartition("/")[2] for k in keys]
    return len(slugs[0]) >= 8 and slugs[0] == slugs[1]


@rule(
    "archive-in-url", "warning",
    ar="في |{param}= رابط أرشيف؛ مكانه |مسار أرشيف= ويوضع المسار الأصلي في |مسار=.",
    en="|{param}= holds an archive URL; it belongs in |archive-url=, with the original in |url=.",
    example="{{استشهاد ويب|مسار=https://web.archive.org/web/20240124120530/https://x.iq/a|عنوان=أ}}",
)  # fmt: skip
def archive_in_url(ctx: Context) -> Iterator[Finding]:
    """Catch url= holding an archive URL; the fix moves it and restores the original.

    Stricter than the citation module, which shows no error for it: a warning.
    """
    for citation, template in ctx.templated(sources=True):
        param = template.get("url")
        if param is None or not param.text:
            continue
        snapshot = parse_archive_url(param.text)
        if snapshot is None:
            continue
        fix = None
        if (
            snapshot.valid
            and snapshot.original_url
            and snapshot.when
            and not template.text("archive-url")
            and _day_precise(snapshot)
        ):
            value = format_date(snapshot.when.date(), archive_date_style(ctx.article))
            fix = Fix(
                (
                    Change("set", "url", param.name, snapshot.original_url),
                    set_param(template, "archive-url", param.text),
                    set_param(template, "archive-date", value),
                )
            )
        yield ctx.at_param(citation, param, fix=fix)


@rule(
    "archive-service-dead", "warning",
    ar="خدمة الأرشفة ({service}) متوقفة ولم تعد تعرض النسخ المحفوظة.",
    en="the archive service ({service}) is gone and no longer serves snapshots.",
    example="{{استشهاد ويب|مسار=http://x.eg/a|عنوان=أ|مسار أرشيف=http://www.webcitation.org/69rYPjwRN|تاريخ أرشيف=2012-08-12}}",
)  # fmt: skip
def archive_service_dead(ctx: Context) -> Iterator[Finding]:
    """Catch an archive on a service that is gone (WebCite, Google cache, …).

    The citation module shows no error (the link is well formed, only dead): a warning.
    """
    for citation, template in ctx.templated(sources=True):
        snapshot = snapshot_of(ctx, template)
        if snapshot is not None and snapshot.dead_service:
            archive = template.get("archive-url")
            assert archive is not None
            yield ctx.at_param(citation, archive, service=snapshot.service)
