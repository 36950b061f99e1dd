"""Reading a fetched page: its text in the right charset, its title, its words, and what they say.

Shared by the link checks (is this page really "not found", or the site's home page?) and by
anything that reads metadata from cited pages. Pure: it reads a
:class:`~wikimaint.net.FetchResult`, it fetches nothing.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from typing import TYPE_CHECKING, Final
from urllib.parse import unquote, urlsplit

from wikimaint.links.decode import decode_html
from wikimaint.links.titles import plain

if TYPE_CHECKING:
    from wikimaint.net import FetchResult

__all__ = [
    "NOT_FOUND_TITLE",
    "NOT_FOUND_URL",
    "decode_body",
    "fold_for_matching",
    "is_root_path",
    "page_title",
    "redirects_to_root",
    "same_site",
    "shingles",
    "visible_words",
]

_LANGUAGES: Final = "ar|arz|en|fr|de|es|it|ru|tr|fa|ur|he|zh|ja|ko|pt|nl|sv|id|ms|hi|ku|ckb"
_ROOT_PATH: Final = re.compile(  # /, /index.php, /ar/, /en-us/home.html
    rf"/?(?:(?:{_LANGUAGES})(?:[-_][a-z]{{2}})?/?)?(?:(?:index|default|home|main)(?:\.[a-z]{{2,5}})?/?)?",
    re.IGNORECASE,
)
NOT_FOUND_URL: Final = re.compile(  # a path segment: /404.html, /notfound.aspx, /errors/404/
    r"(?:^|/)(?:404|not[-_]?found|page[-_]?not[-_]?found|error[-_]?404|404[-_]?error"
    r"|error(?:page)?)(?:\.[a-z0-9]{2,5})?(?:/|$)",
    re.IGNORECASE,
)
NOT_FOUND_TITLE: Final = re.compile(
    r"(?:^|\b)(?:404|٤٠٤)(?:\b|$)|not found|page (?:cannot|can't|could not) be found"
    r"|does(?:n't| not) exist|no longer available"
    r"|الصفحه غير موجوده|صفحه غير موجوده|لم يتم العثور|الصفحه المطلوبه غير|غير متوفره حاليا"
    r"|خطا 404|عذرا.{0,20}(?:الصفحه|الرابط)",
    re.IGNORECASE,
)
_TITLE: Final = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_INVISIBLE: Final = re.compile(
    r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
_TAG: Final = re.compile(r"<[^>]+>")
_WORD: Final = re.compile(r"\w+")
_ARABIC_MARKS: Final = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
_SHINGLE: Final = 3


def fold_for_matching(text: str) -> str:
    """Return *text* folded for matching: NFKC, lower case, no Arabic marks, one alef/ha/ya."""
    text = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", text).lower())
    return text.translate(str.maketrans("أإآٱةى", "ااااهي"))


def decode_body(got: FetchResult) -> str:
    """Return the body as text, in its declared charset, else UTF-8, else windows-1256.

    The charset is read from a byte-order mark, Content-Type, then a ``<meta>`` or XML
    declaration; undeclared bytes that are not UTF-8 are windows-1256 or ISO-8859-6, the
    charsets older Arabic sites are written in (:func:`wikimaint.links.decode.decode_html`).
    """
    return decode_html(got.body, got.headers.get("content-type", ""))[0]


def page_title(html: str) -> str:
    """Return the page's ``<title>``, entities decoded and spaces folded ("" if none)."""
    found = _TITLE.search(html)
    return plain(found[1]) if found else ""


def visible_words(html: str, url: str) -> list[str]:
    """Return the visible words of *html*, folded, without the words of its own URL path.

    Error pages often echo the requested path; dropping it lets two of them compare equal.
    """
    echoed = set(_WORD.findall(fold_for_matching(unquote(urlsplit(url).path))))
    text = unescape(_TAG.sub(" ", _INVISIBLE.sub(" ", html)))
    return [word for word in _WORD.findall(fold_for_matching(text)) if word not in echoed]


def shingles(words: list[str]) -> set[tuple[str, ...]]:
    """Return the runs of three consecutive words of *words* (all of them if fewer)."""
    if len(words) < _SHINGLE:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}


def same_site(a: str, b: str) -> bool:
    """Return whether hosts *a* and *b* are one site (equal, ``www.``, or one inside the other)."""
    a, b = a.lower().removeprefix("www."), b.lower().removeprefix("www.")
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def is_root_path(path: str) -> bool:
    """Return whether *path* is a site's home (``/``, ``/index.php``, ``/ar/``, ``/en-us/``)."""
    return _ROOT_PATH.fullmatch(path) is not None


def redirects_to_root(original: str, final: str) -> bool:
    """Return whether a deeper page of a site (``/a/b``, ``/index.php?id=5``) ended on its home."""
    before, after = urlsplit(original), urlsplit(final)
    deeper = not is_root_path(before.path) or bool(before.query)
    if not deeper or not is_root_path(after.path) or after.query:
        return False
    return same_site(before.hostname or "", after.hostname or "")
