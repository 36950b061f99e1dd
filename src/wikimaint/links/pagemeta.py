"""A web page's own description of itself, merged from every place it may be written.

:func:`read_page` takes what a fetch returned (bytes and headers) and gives one
:class:`PageMeta`: the title, the site, the publisher, the authors, the publication date,
the language, and whether it is a news article. Pure: no network, no state.

Where each value is read, in the order of trust (the first place that has a usable value
wins, field by field, and :attr:`PageMeta.sources` says which one it was):

1. JSON-LD (``<script type="application/ld+json">``) items of a ``NewsArticle`` or
   ``Article`` type (``@graph`` included), then a ``WebSite`` item for the site's name;
2. microdata items of the same types;
3. Highwire Press tags (``citation_title``, ``citation_author``, ``citation_publication_date``,
   ``citation_journal_title``, ``citation_publisher``, ``citation_language``), written by
   publishers and repositories for Google Scholar;
4. OpenGraph (``og:title``, ``og:site_name``, ``og:locale``, ``article:published_time``,
   ``article:author``);
5. Dublin Core (``DC.title``, ``DC.creator``, ``DC.date``, ``DCTERMS.issued``,
   ``DC.publisher``, ``DC.language``);
6. the page itself: ``<title>`` (with the site's name taken off, in either language), the
   ``lang`` of ``<html>``; the date, last, from htmldate (``<time>`` elements, dates in the
   URL such as ``/2024/01/24/``) when no metadata names one.

JSON-LD, microdata, OpenGraph and Dublin Core are read with extruct; Highwire tags and the
rest straight from the lxml tree extruct is given. Every date goes through
:func:`wikimaint.wikitext.arabic.parse_date`, so ``٢٤ كانون الثاني ٢٠٢٤`` reads as well as
``2024-01-24T09:30:00+03:00``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

import lxml.html
from lxml.etree import ParserError

from wikimaint.links.decode import decode_html
from wikimaint.links.titles import clean_title, plain, plain_key, same_name
from wikimaint.wikitext.arabic import parse_date

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["NEWS_TYPES", "SOURCES", "PageMeta", "read_date", "read_metadata", "read_page"]

SOURCES: Final = ("json-ld", "microdata", "highwire", "opengraph", "dublin-core", "page")
"""Where metadata is read from, most trusted first."""
NEWS_TYPES: Final = frozenset(
    {"NewsArticle", "ReportageNews", "AnalysisNewsArticle", "OpinionNewsArticle",
     "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "LiveBlogPosting"}
)  # fmt: skip
"""schema.org types that make a page a news article (``{{استشهاد بخبر}}``)."""
_ARTICLE_TYPES: Final = NEWS_TYPES | {
    "Article", "BlogPosting", "ScholarlyArticle", "Report", "TechArticle", "SocialMediaPosting",
    "WebPage", "AboutPage", "Book", "CreativeWork",
}  # fmt: skip
_LANGUAGES: Final = {
    "العربية": "ar", "عربي": "ar", "arabic": "ar", "english": "en", "الإنجليزية": "en",
    "الانجليزية": "en", "français": "fr", "french": "fr",
}  # fmt: skip
_LANGUAGE_CODE: Final = re.compile(r"([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*")
_SLASHED: Final = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_BYLINE: Final = re.compile(r"^(?:by|بقلم|كتبه|كتب|إعداد|اعداد)\s*[:：]?\s+", re.IGNORECASE)
_NOT_A_NAME: Final = re.compile(r"^(?:https?://|www\.)|@|^\W*$")
_XML_DECLARATION: Final = re.compile(r"^\s*<\?xml[^>]*>")


@dataclass(frozen=True)
class PageMeta:
    """Represents what a page says of itself, merged; ``sources`` names each value's origin.

    ``kind`` is ``news`` or ``web``; ``date`` an ISO-8601 prefix (``2024-01-24``, ``2024-01``
    or ``2024``); ``language`` a language code (``ar``); ``raw_title`` the ``<title>`` as
    written (what the junk tests look at).
    """

    url: str
    kind: str = "web"
    title: str | None = None
    site: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    language: str | None = None
    raw_title: str = ""
    sources: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (kept in the link history)."""
        return {
            "url": self.url, "kind": self.kind, "title": self.title, "site": self.site,
            "publisher": self.publisher, "authors": list(self.authors), "date": self.date,
            "language": self.language, "raw_title": self.raw_title, "sources": self.sources,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PageMeta:
        """Return the metadata saved by :meth:`to_dict` (raises KeyError/TypeError if broken)."""
        return cls(
            url=str(data["url"]),
            kind=str(data["kind"]),
            title=data.get("title"),
            site=data.get("site"),
            publisher=data.get("publisher"),
            authors=tuple(str(a) for a in data.get("authors", ())),
            date=data.get("date"),
            language=data.get("language"),
            raw_title=str(data.get("raw_title", "")),
            sources=dict(data.get("sources", {})),
        )


def read_date(text: str) -> str | None:
    """Return the ISO value of a date as a page writes it, or None.

    >>> read_date("٢٤ كانون الثاني ٢٠٢٤"), read_date("Wed, 24 Jan 2024 10:00:00 GMT")
    ('2024-01-24', '2024-01-24')
    >>> read_date("2024/01/24"), read_date("قبل ساعتين")
    ('2024-01-24', None)
    """
    text = " ".join(str(text).split())
    if not text:
        return None
    parsed = parse_date(text)
    if parsed.ok:
        return parsed.value
    slashed = _SLASHED.fullmatch(text)
    if slashed:
        try:
            return dt.date(*(int(part) for part in slashed.groups())).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _types(item: Mapping[str, Any]) -> set[str]:
    kind = item.get("@type", ())
    names = [kind] if isinstance(kind, str) else list(kind) if isinstance(kind, list) else []
    return {str(name).rsplit("/", 1)[-1] for name in names}


def _name(value: Any) -> str | None:
    """Return the name in a schema.org value: a string, or an object's ``name``."""
    if isinstance(value, list):
        return next((n for v in value if (n := _name(v))), None)
    if isinstance(value, dict):
        value = value.get("name")
        return _name(value) if isinstance(value, list | dict) else _text(value)
    return _text(value)


def _text(value: Any) -> str | None:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):  # NaN, Infinity, 1e999
        return None
    text = " ".join(str(value).split())
    return text or None


def _items(data: Iterable[Any]) -> list[dict[str, Any]]:
    """Return the items of JSON-LD or microdata, ``@graph`` and lists flattened."""
    out: list[dict[str, Any]] = []
    todo = list(data)
    while todo:
        item = todo.pop(0)
        if isinstance(item, list):
            todo[:0] = item
        elif isinstance(item, dict):
            if isinstance(item.get("@graph"), list):
                todo[:0] = item["@graph"]
            out.append(item)
    return out


def _people(value: Any) -> list[str]:
    """Return the names of the persons in a schema.org ``author`` (organisations left out)."""
    values = value if isinstance(value, list) else [value]
    names = []
    for one in values:
        if isinstance(one, dict) and _types(one) & {"Organization", "NewsMediaOrganization"}:
            continue
        name = _name(one)
        if name:
            names.append(name)
    return names


def _schema_layer(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the fields of the first article item (and the site's name) of a schema layer."""
    layer: dict[str, Any] = {}
    articles = [i for i in items if _types(i) & _ARTICLE_TYPES]
    pages = {"WebPage", "AboutPage"}  # a page item only when no article item says more
    article = next((i for i in articles if _types(i) - pages), None) or next(iter(articles), None)
    if article is not None:
        layer["kind"] = "news" if _types(article) & NEWS_TYPES else None
        layer["title"] = _name({"name": article.get("headline")}) or _name(article)
        layer["authors"] = _people(article.get("author") or article.get("creator"))
        layer["date"] = _text(article.get("datePublished") or article.get("dateCreated"))
        layer["publisher"] = _name(article.get("publisher"))
        layer["language"] = _name(article.get("inLanguage"))
        part = article.get("isPartOf")
        if isinstance(part, dict) and _types(part) & {"WebSite", "Periodical", "Newspaper"}:
            layer["site"] = _name(part)
    website = next((i for i in items if _types(i) & {"WebSite"}), None)
    if website is not None and not layer.get("site"):
        layer["site"] = _name(website)
    return layer


def _meta_tags(tree: Any) -> list[tuple[str, str]]:
    """Return ``(name or property, content)`` of every ``<meta>``, the key lower-cased."""
    tags = []
    for meta in tree.iter("meta"):
        key = meta.get("name") or meta.get("property") or ""
        content = meta.get("content")
        if key and content is not None:
            tags.append((key.strip().lower(), " ".join(content.split())))
    return tags


def _first(tags: list[tuple[str, str]], *keys: str) -> str | None:
    for key in keys:
        for name, content in tags:
            if name == key and content:
                return content
    return None


def _all(tags: list[tuple[str, str]], *keys: str) -> list[str]:
    return [content for name, content in tags if name in keys and content]


def _highwire_layer(tags: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "title": _first(tags, "citation_title"),
        "authors": _all(tags, "citation_author"),
        "date": _first(tags, "citation_publication_date", "citation_date", "citation_online_date"),
        "site": _first(tags, "citation_journal_title", "citation_conference_title"),
        "publisher": _first(tags, "citation_publisher"),
        "language": _first(tags, "citation_language"),
    }


def _opengraph_layer(tags: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "title": _first(tags, "og:title"),
        "site": _first(tags, "og:site_name"),
        "authors": _all(tags, "article:author"),
        "date": _first(tags, "article:published_time", "og:published_time"),
        "language": _first(tags, "og:locale"),
    }


def _dublin_core_layer(elements: list[dict[str, Any]]) -> dict[str, Any]:
    pairs = [(str(e.get("name", "")).lower().rsplit(".", 1)[-1], str(e.get("content", "")))
             for e in elements]  # fmt: skip
    return {
        "title": _first(pairs, "title"),
        "authors": _all(pairs, "creator"),
        "date": _first(pairs, "issued", "created", "date"),
        "publisher": _first(pairs, "publisher"),
        "language": _first(pairs, "language"),
    }


def _language(value: str | None) -> str | None:
    if not value:
        return None
    text = value.strip()
    if text.casefold() in _LANGUAGES:
        return _LANGUAGES[text.casefold()]
    code = _LANGUAGE_CODE.fullmatch(text)
    return code[1].lower() if code else None


def _authors(names: Iterable[str], *organisations: str | None) -> tuple[str, ...]:
    out: list[str] = []
    for raw in names:
        name = _BYLINE.sub("", " ".join(raw.split()))
        if not name or _NOT_A_NAME.search(name) or len(name) > 80:
            continue
        if any(org and same_name(name, org) for org in organisations):
            continue
        if not any(same_name(name, seen) for seen in out):
            out.append(name)
    return tuple(out)


def _parse(html: str) -> Any:
    try:
        return lxml.html.fromstring(_XML_DECLARATION.sub("", html, count=1) or "<html></html>")
    except (ParserError, ValueError):
        return lxml.html.fromstring("<html></html>")


def read_metadata(html: str, url: str) -> PageMeta:
    """Return the merged metadata of the page *html* found at *url* (see the module doc)."""
    import extruct  # noqa: PLC0415 - 0.1 s of imports, paid only by a command that reads pages

    tree = _parse(html)
    data = extruct.extract(
        tree,
        base_url=url,
        syntaxes=["json-ld", "microdata", "opengraph", "dublincore"],
        uniform=True,
        errors="ignore",
        with_og_array=True,
    )
    tags = _meta_tags(tree)
    title_node = tree.find(".//title")
    raw_title = plain(title_node.text_content()) if title_node is not None else ""
    dublin = [e for d in data.get("dublincore", []) for e in d.get("elements", [])]
    layers: list[tuple[str, dict[str, Any]]] = [
        ("json-ld", _schema_layer(_items(data.get("json-ld", [])))),
        ("microdata", _schema_layer(_items(data.get("microdata", [])))),
        ("highwire", _highwire_layer(tags)),
        ("opengraph", _opengraph_layer(tags)),
        ("dublin-core", _dublin_core_layer(dublin)),
        ("page", {"title": raw_title, "language": tree.get("lang")}),
    ]
    merged: dict[str, Any] = {}
    sources: dict[str, str] = {}

    def take(key: str, value: Any, source: str) -> None:
        if key not in merged and value:
            merged[key], sources[key] = value, source

    for source, layer in layers:
        for key in ("kind", "site", "publisher", "authors"):
            take(key, layer.get(key), source)
        take("date", read_date(layer.get("date") or ""), source)
        take("language", _language(layer.get("language")), source)
    host = urlsplit(url).hostname or ""
    sites = [merged.get("site"), merged.get("publisher"), host]
    for source, layer in layers:
        title = layer.get("title")
        if title:
            cleaned, suffix = clean_title(title, [s for s in sites if s])
            take("title", cleaned, source)
            publisher = merged.get("publisher")
            if source == "page" and suffix and not (publisher and same_name(suffix, publisher)):
                take("site", suffix, "page")  # the name a title ends with, if no better one
    if "date" not in merged:
        from htmldate import find_date  # noqa: PLC0415 - as extruct above

        found = find_date(tree, url=url, original_date=True, extensive_search=False)
        take("date", read_date(found or ""), "htmldate")
    publisher = merged.get("publisher")
    if publisher and merged.get("site") and plain_key(publisher) == plain_key(merged["site"]):
        del merged["publisher"]  # CS1: the publisher is not repeated when it is the site
        del sources["publisher"]
    authors = _authors(merged.get("authors", ()), merged.get("site"), publisher)
    if not authors:
        sources.pop("authors", None)
    return PageMeta(
        url=url,
        kind=merged.get("kind") or "web",
        title=merged.get("title"),
        site=merged.get("site"),
        publisher=merged.get("publisher"),
        authors=authors,
        date=merged.get("date"),
        language=merged.get("language"),
        raw_title=raw_title,
        sources=sources,
    )


def read_page(body: bytes, headers: Mapping[str, str], url: str) -> tuple[PageMeta, str]:
    """Return the metadata of a fetched page and its decoded HTML (headers lower-cased)."""
    html, _codec = decode_html(body, headers.get("content-type", ""))
    return read_metadata(html, url), html
