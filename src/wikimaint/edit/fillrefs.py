r"""Bare references filled from the pages they cite: ``<ref>URL</ref>`` → a citation template.

:func:`fill_refs` replaces, in the article's tree, the bare link of each reference the
``bare-url`` and ``titled-link`` rules find (``<ref>https://…</ref>`` or
``<ref>[https://… title]</ref>``) with
``{{استشهاد بخبر}}`` for a news article, else ``{{استشهاد ويب}}`` (``{{cite news}}`` /
``{{cite web}}`` where the article's citations are in English), holding what the page says
of itself (:class:`~wikimaint.links.pagemeta.PageMeta`): title, work or website,
publisher, authors, publication date, language, the URL, the access date (the day the page
was read) and, when asked, the Wayback snapshot closest to that day. Parameter names are
in the language the article's citations use; dates in the style they use
(:func:`~wikimaint.citations.rules.common.article_date_style`). Only the link node is replaced:
the ref's name, group, any other content and the rest of the article stay byte for byte;
a title an editor wrote in ``[url title]`` is kept.

A page that cannot fill a citation (:class:`~wikimaint.links.reader.PageResult` not usable:
junk, a soft 404, a redirect to the home page, a failure) leaves the reference as it was,
with the reason; a link the history confirms dead gets ``{{وصلة مكسورة|تاريخ=…}}`` after it
instead.

>>> import datetime as dt
>>> from wikimaint import parse
>>> from wikimaint.links.pagemeta import PageMeta
>>> from wikimaint.links.reader import PageResult
>>> article = parse('نص.<ref name="a">https://x.iq/1</ref>')
>>> meta = PageMeta("https://x.iq/1", "news", "قصف في القائم", "شبكة العراق",
...                 date="2024-01-24")
>>> when = dt.datetime(2024, 1, 25, tzinfo=dt.UTC)
>>> page = PageResult("https://x.iq/1", "ok", "", meta, checked_at=when)
>>> [o.action for o in fill_refs(article, {"https://x.iq/1": page})]
['filled']
>>> print(str(article.tree).replace("|", "\n|"))
نص.<ref name="a">{{استشهاد بخبر
|عنوان=قصف في القائم
|مسار=https://x.iq/1
|تاريخ=2024-01-24
|عمل=شبكة العراق
|تاريخ الوصول=2024-01-25}}</ref>
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from mwparserfromhell.nodes import ExternalLink

from wikimaint.citations.registry import Change
from wikimaint.citations.rules.common import article_date_style
from wikimaint.citations.rules.online import DEAD_LINK_TAG, dead_link_tag
from wikimaint.errors import InputError
from wikimaint.links.history import LinkHistory, default_history_path
from wikimaint.links.live import MIN_FAILURES, MIN_SPACING, link_of
from wikimaint.links.lookups import ArchiveFinder
from wikimaint.links.memento import MementoClient
from wikimaint.links.options import Stop
from wikimaint.links.reader import PageReader
from wikimaint.links.wayback import WaybackClient
from wikimaint.net import Fetcher
from wikimaint.wikitext.arabic import format_date, parse_date
from wikimaint.wikitext.names import param_name_for

if TYPE_CHECKING:
    from collections.abc import Mapping

    from mwparserfromhell.wikicode import Wikicode

    from wikimaint.links.live import LiveOptions
    from wikimaint.links.pagemeta import PageMeta
    from wikimaint.links.reader import PageResult
    from wikimaint.wikitext.model import Article, Citation

__all__ = [
    "BARE_KINDS",
    "COMPACT",
    "ONE_PER_LINE",
    "Layout",
    "PagesRead",
    "RefOutcome",
    "bare_refs",
    "citation_wikitext",
    "fill_refs",
    "layout_of",
    "read_pages",
    "uses_arabic",
]

BARE_KINDS: Final = frozenset({"bare-url", "link"})
"""Citation kinds the parser gives a reference that is only a link."""
_TEMPLATES: Final = {("news", True): "استشهاد بخبر", ("web", True): "استشهاد ويب",
                     ("news", False): "cite news", ("web", False): "cite web"}  # fmt: skip
_ARABIC: Final = re.compile("[\u0600-\u06ff]")
_ESCAPES: Final = str.maketrans({"|": "&#124;", "[": "&#91;", "]": "&#93;", "{": "&#123;",
                                 "}": "&#125;", "<": "&lt;", ">": "&gt;"})  # fmt: skip


@dataclass(frozen=True)
class Layout:
    """Represents how citation templates are laid out: before ``|``, around ``=``, before ``}}``."""

    bar: str
    equals: str
    end: str


COMPACT: Final = Layout("|", "=", "")
"""``{{استشهاد ويب|عنوان=…|مسار=…}}``, the layout when an article has no other."""
ONE_PER_LINE: Final = Layout("\n| ", " = ", "\n")
"""``{{استشهاد ويب\n| عنوان = …\n| مسار = …\n}}``, as many Arabic articles write them."""


def layout_of(article: Article) -> Layout:
    """Return the layout most of the article's citation templates use (compact on a tie)."""
    counts = {COMPACT: 0, ONE_PER_LINE: 0}
    for citation in article.citations:
        if citation.template is not None and citation.template.params:
            text = str(citation.template.node)
            counts[ONE_PER_LINE if "\n|" in text or "\n |" in text else COMPACT] += 1
    return ONE_PER_LINE if counts[ONE_PER_LINE] > counts[COMPACT] else COMPACT


@dataclass(frozen=True)
class RefOutcome:
    """Represents what became of one bare reference.

    ``action`` is ``filled`` (``changes`` lists the parameters written), ``dead-link`` (the
    tag was added) or ``left`` (``reason`` says why: a junk code, a link verdict such as
    ``soft-404-title`` or ``http-404``, ``not-read``, ``already-tagged``).
    """

    citation: int
    label: str
    url: str
    action: str
    reason: str = ""
    changes: tuple[Change, ...] = ()


def bare_refs(article: Article) -> list[tuple[Citation, str]]:
    """Return each defined reference that is only a link, with the URL to read."""
    out = []
    for citation in article.citations:
        if citation.kind in BARE_KINDS and citation.definition is not None:
            url = link_of(citation)
            if url is not None:
                out.append((citation, url))
    return out


def uses_arabic(article: Article) -> bool:
    """Return whether the article's citation templates are written in Arabic (the default).

    Counted over template and parameter names; a tie, or no citation template, is Arabic.
    """
    arabic = english = 0
    for citation in article.citations:
        template = citation.template
        if template is None:
            continue
        for name in (template.name, *(p.name for p in template.params if not p.positional)):
            if _ARABIC.search(name):
                arabic += 1
            else:
                english += 1
    return arabic >= english


def _value(text: str) -> str:
    """Return *text* safe as a template parameter value (no ``|``, brackets or braces)."""
    return " ".join(text.split()).translate(_ESCAPES)


def _date(value: str, style: str) -> str:
    """Return an ISO value (day, month or year) written in the article's *style*."""
    parsed = parse_date(value)
    day = parsed.date
    if day is None:
        return value
    if parsed.precision == "day":
        return format_date(day, style)
    if parsed.precision == "month":
        kind = style.rsplit("-", 1)[-1]
        return format_date(day, f"my-{kind}") if kind in {"ar", "lev", "en"} else value
    return format_date(day, "y")


def citation_wikitext(
    meta: PageMeta,
    url: str,
    *,
    accessed: dt.date,
    arabic: bool = True,
    style: str = "iso",
    layout: Layout = COMPACT,
    title: str | None = None,
    archive: tuple[str, dt.date] | None = None,
) -> tuple[str, tuple[Change, ...]]:
    """Return the citation template for *meta* and the parameters it sets.

    *title* (an editor's own, from ``[url title]``) wins over the page's; *archive* is a
    snapshot's URL and day; *layout* how the article's citations are laid out.
    """
    template = _TEMPLATES[(meta.kind if meta.kind == "news" else "web", arabic)]
    fields: list[tuple[str, str | None, str]] = [("title", None, title or meta.title or "")]
    fields.append(("url", None, url))
    authors = meta.authors
    for position, author in enumerate(authors, 1):
        fields.append(("author", str(position) if len(authors) > 1 else "", author))
    if meta.date:
        fields.append(("date", None, _date(meta.date, style)))
    fields.append(("work" if meta.kind == "news" else "website", None, meta.site or ""))
    fields.append(("publisher", None, meta.publisher or ""))
    fields.append(("language", None, meta.language or ""))
    fields.append(("access-date", None, format_date(accessed, style)))
    if archive is not None:
        fields.append(("archive-url", None, archive[0]))
        fields.append(("archive-date", None, format_date(archive[1], style)))
    changes = []
    for key, number, value in fields:
        if not value:
            continue
        name = param_name_for(key, arabic=arabic) + (number or "")
        text = value if key in {"url", "archive-url"} else _value(value)
        changes.append(Change("set", f"{key}{number or ''}", name, text))
    body = "".join(f"{layout.bar}{c.name}{layout.equals}{c.value}" for c in changes)
    return f"{{{{{template}{body}{layout.end}}}}}", tuple(changes)


def _snapshot(page: PageResult) -> tuple[str, dt.date] | None:
    """Return the page's Wayback snapshot URL and day, when one was found."""
    stamp = page.archive_time or ""
    if not page.archive_url or len(stamp) < 8 or not stamp[:8].isdigit():
        return None
    try:
        return page.archive_url, dt.date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))
    except ValueError:
        return None


def _link(citation: Citation) -> tuple[Wikicode, ExternalLink] | None:
    """Return the ref's contents and the bare link in them (None if there is none)."""
    definition = citation.definition
    if definition is None:
        return None
    contents = definition.node.contents
    link = next((n for n in contents.nodes if isinstance(n, ExternalLink)), None)
    return None if link is None else (contents, link)


def fill_refs(
    article: Article,
    pages: Mapping[str, PageResult],
    *,
    only: set[int] | None = None,
) -> list[RefOutcome]:
    """Fill the bare references of *article* from *pages* (by URL), editing its tree.

    *only* limits the work to these citation indexes. Returns one outcome a reference.
    """
    arabic = uses_arabic(article)
    style = article_date_style(article)
    layout = layout_of(article)
    tagged = {t.citation for t in article.maintenance_tags if t.tag == "dead-link"}
    outcomes = []
    for citation, url in bare_refs(article):
        if only is not None and citation.index not in only:
            continue
        found = _link(citation)
        page = pages.get(url)
        if found is None or page is None:
            outcomes.append(RefOutcome(citation.index, citation.label, url, "left", "not-read"))
            continue
        contents, link = found
        if page.confirmed_dead:
            if citation.index in tagged or any(e.canonical == "dead link" for e in citation.extras):
                outcomes.append(
                    RefOutcome(citation.index, citation.label, url, "left", "already-tagged")
                )
                continue
            day = (page.checked_at or dt.datetime.now(dt.UTC)).date()
            tag = dead_link_tag(day)
            # a space: right after a bare URL, the tag would be read as part of it
            contents.insert_after(link, " " + tag, recursive=False)
            change = Change("append", "dead link", DEAD_LINK_TAG, tag)
            outcomes.append(
                RefOutcome(citation.index, citation.label, url, "dead-link", page.reason, (change,))
            )
            continue
        if not page.usable or page.meta is None:
            outcomes.append(RefOutcome(citation.index, citation.label, url, "left", page.reason))
            continue
        own = " ".join(str(link.title).split()) if link.title is not None else ""
        accessed = (page.checked_at or dt.datetime.now(dt.UTC)).date()
        archived = any(e.kind == "archive" for e in citation.extras)  # one is beside it
        snapshot = _snapshot(page) if not archived else None
        text, changes = citation_wikitext(
            page.meta,
            url,
            accessed=accessed,
            arabic=arabic,
            style=style,
            title=own or None,
            archive=snapshot,
            layout=layout,
        )
        contents.replace(link, text, recursive=False)
        outcomes.append(RefOutcome(citation.index, citation.label, url, "filled", "", changes))
    return outcomes


class PagesRead(dict[str, "PageResult"]):
    """Represents what the pages say, by URL, and whether the reading stopped early.

    ``stop`` (a :class:`~wikimaint.links.options.Stop`) says ``partial`` when Ctrl-C or
    the deadline cut the reading short: the pages not read then are missing.
    """

    def __init__(
        self, pages: Mapping[str, PageResult] | None = None, stop: Stop | None = None
    ) -> None:
        """Hold *pages*, read until *stop* (default: to the end)."""
        super().__init__(pages or {})
        self.stop = stop if stop is not None else Stop()


def read_pages(
    article: Article,
    options: LiveOptions,
    *,
    only: set[int] | None = None,
    archive: bool = False,
) -> PagesRead:
    """Return what the pages the bare references of *article* cite say, read politely.

    Uses *options* as the live checks do (limits, politeness, the history file and its
    clock); a page read within ``max_age_days`` is taken from the history, unsent. With
    *archive*, the Wayback Machine (``options.wayback``) is asked for each usable page's
    snapshot closest to the day it is read. Ctrl-C or ``options.deadline`` stops the
    reading within moments (the requests in flight are cut); the pages read by then are
    returned, and kept in the history, with ``stop.partial`` set.

    Raises:
        InputError: the history file cannot be opened or used.

    """
    urls = [url for citation, url in bare_refs(article) if only is None or citation.index in only]
    if not urls:
        return PagesRead()
    path = options.state_db if options.state_db is not None else default_history_path()
    pages: dict[str, PageResult] = {}
    try:
        with (
            LinkHistory(path, lock_wait=options.lock_wait) as history,
            Fetcher(options.policy()) as fetcher,
        ):
            reader = PageReader(
                fetcher,
                history,
                now=options.now,
                max_age=dt.timedelta(days=options.max_age_days),
                min_failures=MIN_FAILURES,
                min_spacing=MIN_SPACING,
                wayback=_finder(fetcher, options) if archive else None,
            )
            with options.stopping(fetcher) as stop:  # pages not read by then are left alone
                reader.read(urls, options.progress, into=pages)
    except sqlite3.Error as exc:
        raise InputError(f"{path}: cannot use the link history ({exc})") from exc
    ordered = dict.fromkeys(url.strip() for url in urls)  # as the reader keys them
    return PagesRead({url: pages[url] for url in ordered if url in pages}, stop)


def _finder(fetcher: Fetcher, options: LiveOptions) -> ArchiveFinder:
    """Return the snapshot finder of *options*: the Wayback Machine, then Memento."""
    memento = None
    if options.memento:
        memento = MementoClient(fetcher, options.memento, options.timegates)
    return ArchiveFinder(WaybackClient(fetcher, options.wayback), memento)
