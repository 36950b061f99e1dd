"""The rows of the scan report's tables, shaped for the templates with every link made once.

A scan report writes millions of cells. Calls from a Jinja2 template cost far more than
the same calls in Python, so each row reaches its template as a flat tuple of values ready
to print (escaped there, as everything is): the address of the article's own section, its
address on the wiki, the URL as a link target or ``""`` where it must stay text, and
``""`` for what is missing.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from wikimaint.i18n import message
from wikimaint.reports.templating import status_name, web_url

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["Links", "article_rows", "finding_rows", "section_findings", "section_rows"]

_WIKI_CACHE = 50_000


class Links:
    """Represents where each article's section is, and its address on the wiki.

    *starts* holds the first page id of each ``articles/NNNNN.html`` file; *wiki* is the
    run's wiki address (a link only if :func:`~wikimaint.reports.templating.web_url`
    accepts it).
    """

    def __init__(self, wiki: str | None, starts: list[int]) -> None:
        """Keep the wiki's address and the files' first page ids."""
        self.base = web_url(wiki) if wiki else None
        self.starts = starts
        self._wiki: dict[str, str] = {}

    def own(self, page: int) -> str:
        """Return the address of page *page*'s own section, from the report's root."""
        return f"articles/{bisect.bisect_right(self.starts, page) - 1:05d}.html#p{page}"

    def wiki(self, title: str) -> str:
        """Return the article's address on the wiki, or ``""`` when the run has none."""
        if self.base is None:
            return ""
        found = self._wiki.get(title)
        if found is None:
            if len(self._wiki) >= _WIKI_CACHE:
                self._wiki.clear()
            found = self.base + quote(title.replace(" ", "_"), safe="/:(),'!*")
            self._wiki[title] = found
        return found


def _text(value: Any) -> Any:
    return "" if value is None else value


def article_rows(rows: Iterable[tuple[Any, ...]], links: Links, root: str, lang: str) -> list[
    tuple[Any, ...]
]:
    """Return ``(own, title, wiki, status, status label, errors, warnings, infos, findings)``.

    *rows* are ``(id, title, status, error, errors, warnings, infos, findings, bytes)``.
    """
    return [
        (root + links.own(page), title, links.wiki(title), status, status_name(status, lang),
         errors, warnings, infos, findings)
        for page, title, status, _error, errors, warnings, infos, findings, _size in rows
    ]  # fmt: skip


def section_rows(rows: Iterable[tuple[Any, ...]], links: Links, lang: str) -> list[
    tuple[Any, ...]
]:
    """Return ``(id, title, wiki, summary)``: *summary* says the status, counts and size.

    *rows* are ``(id, title, status, error, errors, warnings, infos, findings, bytes)``.
    """
    keys = ("status", "errors", "warnings", "infos", "bytes")
    words = {k: message(f"html.{k}", lang) for k in keys}
    sep = "، " if lang == "ar" else ", "
    shaped = []
    for page, title, status, error, errors, warnings, infos, _findings, size in rows:
        said = status_name(status, lang) + (f" ({error})" if error else "")
        summary = (
            f"{words['status']}: {said} — {words['errors']} {errors}{sep}"
            f"{words['warnings']} {warnings}{sep}{words['infos']} {infos} — {words['bytes']} {size}"
        )
        shaped.append((page, title, links.wiki(title), summary))
    return shaped


def finding_rows(rows: Iterable[tuple[Any, ...]], links: Links, root: str) -> list[
    tuple[Any, ...]
]:
    """Return ``(own, title, severity, citation, place, message, url, is_link)`` of a rule page.

    *rows* are ``(page, title, severity, citation, line, column, message, url)``; *place* is
    ``line:column``, and *is_link* says whether *url* may be a link (then it is its target).
    """
    return [
        (root + links.own(page), title, severity, _text(citation), _place(line, column),
         message, _link_or_text(url))
        for page, title, severity, citation, line, column, message, url in rows
    ]  # fmt: skip


def _place(line: int | None, column: int | None) -> str:
    return "" if line is None else f"{line}:{_text(column)}"


def _link_or_text(url: str | None) -> tuple[str, bool]:
    """Return ``(url, True)`` for a URL that may be a link (its target), else ``(url, False)``."""
    if not url:
        return "", False
    href = web_url(url)
    return (href, True) if href is not None else (url, False)


def section_findings(rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Return ``(rule, severity, place, message, (url, is_link))`` for an article's section.

    *rows* are ``(page, rule, severity, citation, line, column, message, url)``.
    """
    return [
        (rule, severity, _place(line, column), message, _link_or_text(url))
        for _page, rule, severity, _citation, line, column, message, url in rows
    ]
