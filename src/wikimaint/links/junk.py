"""Pages that must not become a citation as they are: error pages, walls, parked domains.

:func:`junk_reason` looks at one fetched page (its status, content type, final URL, decoded
HTML and merged :class:`~wikimaint.links.pagemeta.PageMeta`) and returns a stable reason
code, or None when the page can be cited. Filling a reference from junk writes a lie into
an article ("Just a moment…" as the title of a news story), so every test errs on the side
of leaving the reference alone. Codes:

``pdf``, ``image``, ``not-html``
    not a web page (its metadata is not read here);
``challenge``
    a bot check: Cloudflare's "Just a moment…", "Attention Required!", DDoS-Guard;
``error-title``
    a title that says not found, error, forbidden: "404", "Page not found",
    "الصفحة غير موجودة", "خطأ 404";
``login-wall``
    a sign-in page ("Log in", "تسجيل الدخول", or a ``/login`` URL);
``cookie-wall``
    a consent page ("Before you continue", "ملفات تعريف الارتباط") that hides the article;
``parked``
    a domain for sale or parked ("This domain is for sale", "هذا النطاق للبيع");
``generic-title``
    a title that names only the site or its home page ("الصفحة الرئيسية", "Home");
``no-title``
    nothing that could be a title.

The live checks' verdicts (a soft 404, a redirect to the home page, a dead link) come from
:class:`~wikimaint.links.checker.LinkChecker`, not from here; its not-found titles
(:data:`wikimaint.links.pages.NOT_FOUND_TITLE`) count here too.

>>> from wikimaint.links.pagemeta import PageMeta
>>> junk_reason(PageMeta("https://x.iq/a", title="Just a moment..."), "<html></html>")
'challenge'
>>> junk_reason(PageMeta("https://x.iq/a", title="قصف أمريكي على القائم"), "<p>نص الخبر</p>")
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit

from wikimaint.links.pages import NOT_FOUND_TITLE, fold_for_matching
from wikimaint.wikitext.arabic import fold

if TYPE_CHECKING:
    from collections.abc import Mapping

    from wikimaint.links.pagemeta import PageMeta

__all__ = ["HTML_TYPES", "junk_reason"]

HTML_TYPES: Final = ("text/html", "application/xhtml+xml")
"""Content types whose metadata is read; any other is not filled from."""

_CHALLENGE: Final = re.compile(
    r"just a moment|attention required|checking (?:your|if the site connection is) "
    r"|ddos[- ]guard|please (?:wait|enable javascript and cookies)|are you a robot|captcha"
    r"|لحظة من فضلك|يرجى الانتظار|التحقق من انك انسان"
)
_CHALLENGE_BODY: Final = re.compile(
    r"challenge-platform|cf-chl-|__cf_chl_|cf_chl_opt|ddos-guard", re.IGNORECASE
)
_ERROR_TITLE: Final = re.compile(  # beyond the link checks' own not-found titles
    r"(?:^|\b)(?:403|410|500|502|503)(?:\b|$)|^error\b|\berror$|access denied|forbidden"
    r"|service unavailable|internal server error|bad gateway|page unavailable"
    r"|(?:الصفح|الرابط|المقال|الخبر|المحتوي|المحتوى)\S* (?:المطلوب\S* )?غير (?:موجود|متوفر|متاح)"
    r"|^غير موجود|^خطا\b|\bخطا$|خطا \d|تعذر العثور"
)
_LOGIN: Final = re.compile(
    r"^(?:log ?in|sign ?in|sign up|login required|members? (?:only|login))\b|\blog ?in$"
    r"|\bsign in to\b|subscribe to (?:continue|read)|تسجيل الدخول|سجل الدخول|للمشتركين فقط"
)
_LOGIN_PATH: Final = re.compile(r"/(?:log-?in|sign-?in|auth|account/login|users?/login)\b")
_COOKIE: Final = re.compile(
    r"cookie|consent (?:form|manager|preferences|required)|before you continue"
    r"|privacy (?:settings|choices|preferences)"
    r"|ملفات تعريف الارتباط|الكوكيز|ملفات الارتباط|قبل المتابع|اعدادات الخصوصي"
)
_PARKED: Final = re.compile(
    r"(?:domain|this site) (?:is|may be) for sale|buy this domain|domain (?:name )?parking"
    r"|parked (?:free|domain|by)|sedoparking|this domain (?:has expired|is parked)"
    r"|(?:هذا )?النطاق (?:معروض )?للبيع|اسم النطاق للبيع|هذا الدومين للبيع"
)
_GENERIC: Final = frozenset(
    {"home", "homepage", "home page", "index", "untitled", "welcome", "main page", "news",
     "الصفحة الرئيسية", "الرئيسية", "بدون عنوان", "اخبار", "الاخبار", "مرحبا"}
)  # fmt: skip
_TAG: Final = re.compile(
    r"<(script|style|noscript)\b.*?</\1\s*>|<[^>]+>", re.IGNORECASE | re.DOTALL
)
_WALL_WORDS: Final = 150  # a consent or parking page says little else


def _visible(html: str) -> str:
    return fold(_TAG.sub(" ", html))


def junk_reason(
    meta: PageMeta,
    html: str,
    *,
    content_type: str = "text/html",
    headers: Mapping[str, str] | None = None,
) -> str | None:
    """Return why the page must not fill a citation (a code above), or None if it can."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/pdf":
        return "pdf"
    if kind.startswith("image/"):
        return "image"
    if kind and kind not in HTML_TYPES:
        return "not-html"
    titles = [fold(t) for t in (meta.raw_title, meta.title or "") if t]
    if (
        (headers or {}).get("cf-mitigated", "").lower() == "challenge"
        or _CHALLENGE_BODY.search(html[:20000])
        or any(_CHALLENGE.search(t) for t in titles)
    ):
        return "challenge"
    raw = [t for t in (meta.raw_title, meta.title or "") if t]
    if any(NOT_FOUND_TITLE.search(fold_for_matching(t)) for t in raw) or any(
        _ERROR_TITLE.search(t) for t in titles
    ):
        return "error-title"
    path = urlsplit(meta.url).path.lower()
    if any(_LOGIN.search(t) for t in titles) or _LOGIN_PATH.search(path):
        return "login-wall"
    text = _visible(html)
    short = len(text.split()) < _WALL_WORDS
    if any(_PARKED.search(t) for t in titles) or (short and _PARKED.search(text)):
        return "parked"
    if any(_COOKIE.search(t) for t in titles) or (short and _COOKIE.search(text)):
        return "cookie-wall"
    if not meta.title:
        return "no-title"
    title = fold(meta.title)
    if title in _GENERIC or (meta.site and fold(meta.site) == title):
        return "generic-title"
    return None
