"""Page titles as sites write them, made citation titles: the site's name taken off.

Sites put their name before or after the headline, in either language, behind a spaced
separator (``|``, ``-``, ``–``, ``—``, ``«``, ``»``, ``•``, ``::``): «العراق يحذر من تصعيد
- فرانس 24», «BBC News عربي - …». :func:`clean_title` takes off a leading or trailing part
that names the site (its known name, its publisher, or its host name), and otherwise a
single short trailing part (at most four words) after a bar, or after a dash when the
headline is clearly longer, which it hands back as the site's probable name.

>>> clean_title("العراق يحذر من تصعيد غير مسؤول - فرانس 24", ["www.france24.com"])
('العراق يحذر من تصعيد غير مسؤول', 'فرانس 24')
>>> clean_title("Iraq condemns US strikes | Al Jazeera", ["www.aljazeera.com"])
('Iraq condemns US strikes', 'Al Jazeera')
>>> clean_title("بايدن - ترامب: مناظرة ثانية", [])
('بايدن - ترامب: مناظرة ثانية', None)
"""

from __future__ import annotations

import re
from html import unescape
from typing import TYPE_CHECKING, Final

from wikimaint.wikitext.arabic import fold

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["clean_title", "plain", "plain_key", "same_name"]

_SEPARATOR: Final = re.compile(r"(\s+(?:[|｜\-–—~•·»«]|::)\s+)")
_NOT_LETTER: Final = re.compile(r"[\W_]+")
_SECOND_LEVEL: Final = frozenset({"co", "com", "net", "org", "gov", "edu", "ac", "news"})
_MAX_SITE_WORDS: Final = 4
_MIN_KEY: Final = 4
_MIN_HOST_KEY: Final = 3


def plain(text: str) -> str:
    """Return *text* with entities read and runs of white space made one space."""
    return " ".join(unescape(text).split())


def plain_key(name: str) -> str:
    """Return the letters of *name*, folded: ``Al-Jazeera.net`` → ``aljazeeranet``."""
    return _NOT_LETTER.sub("", fold(name))


def _host_key(host: str) -> str:
    """Return the distinctive label of a host name: ``www.aljazeera.com.qa`` → ``aljazeera``."""
    labels = [label for label in host.lower().split(".") if label and label != "www"]
    if len(labels) > 1:
        labels.pop()  # the top-level domain
    if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels.pop()  # .com.qa, .co.uk
    return plain_key(labels[-1]) if labels else ""


def same_name(a: str, b: str) -> bool:
    """Return whether two names are one (folded letters equal, or one inside the other).

    >>> same_name("Al Jazeera", "aljazeera"), same_name("الجزيرة نت", "الجزيرة")
    (True, True)
    """
    first, second = plain_key(a), plain_key(b)
    if not first or not second:
        return False
    if first == second:
        return True
    short, long = sorted((first, second), key=len)
    return len(short) >= _MIN_KEY and short in long


def _names_site(part: str, sites: Sequence[str]) -> bool:
    """Return whether *part* names one of *sites* (a name, or a host: «BBC News عربي», bbc.com)."""
    for site in sites:
        if "." in site and " " not in site:  # a host name: its label may begin the part
            key = _host_key(site)
            if len(key) >= _MIN_HOST_KEY and (
                plain_key(part).startswith(key) or same_name(part, key)
            ):
                return True
        elif same_name(part, site):
            return True
    return False


def clean_title(title: str, sites: Sequence[str]) -> tuple[str, str | None]:
    """Return *title* without the site's name, and the part taken off (or None).

    *sites* are names the site is known by (site name, publisher, host name).
    """
    text = plain(title)
    pieces = _SEPARATOR.split(text)
    parts, separators = pieces[0::2], pieces[1::2]
    if len(parts) < 2:
        return text, None
    taken: str | None = None
    while len(parts) > 1 and _names_site(parts[-1], sites):
        taken = parts.pop()
        separators.pop()
    while len(parts) > 1 and _names_site(parts[0], sites):
        taken = taken or parts[0]
        parts.pop(0)
        separators.pop(0)
    if taken is None and len(parts) == 2:  # «headline | Site»: a short tail, a longer head
        head, tail = parts
        bar = separators[0].strip() in {"|", "｜"}  # a bar is rarely inside a headline
        short = len(tail.split()) <= _MAX_SITE_WORDS
        if short and (bar or len(head.split()) > len(tail.split()) + 1):
            return head, tail
    if taken is None:
        return text, None
    joined = parts[0] + "".join(sep + part for sep, part in zip(separators, parts[1:], strict=True))
    return joined, taken
