"""The Jinja2 environment every report page is drawn with, and the words on those pages.

Autoescape is on for every template: titles, URLs and template parameters come from
strangers. A URL becomes a link only through :func:`web_url` (http or https with a host);
anything else, ``javascript:`` among it, is shown as text. Each page carries a Content
Security Policy that lets in only its own inline style and the hash of its own script,
so the page can ask nothing of the network even if something slipped through.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from wikimaint.i18n import message, register

__all__ = ["WORDS", "page_context", "render", "status_name", "web_url"]

#: The words on the report pages, ``html.KEY`` in :mod:`wikimaint.i18n`.
WORDS: dict[str, dict[str, str]] = {
    "article-title": {"ar": "تقرير المراجع: {title}", "en": "Citation report: {title}"},
    "citations": {"ar": "المراجع", "en": "citations"},
    "untitled": {"ar": "مقالة بلا عنوان", "en": "untitled article"},
    "uses": {"ar": "مواضع الاستشهاد", "en": "uses"},
    "errors": {"ar": "الأخطاء", "en": "errors"},
    "warnings": {"ar": "التحذيرات", "en": "warnings"},
    "infos": {"ar": "الملاحظات", "en": "notes"},
    "findings": {"ar": "الملاحظات كلها", "en": "findings"},
    "article-wide": {"ar": "ملاحظات على المقالة كلها", "en": "About the whole article"},
    "line": {"ar": "السطر", "en": "line"},
    "column": {"ar": "العمود", "en": "column"},
    "template": {"ar": "القالب", "en": "template"},
    "no-template": {"ar": "بلا قالب استشهاد", "en": "no citation template"},
    "url": {"ar": "المسار", "en": "URL"},
    "archive": {"ar": "الأرشيف", "en": "archive"},
    "date": {"ar": "التاريخ", "en": "date"},
    "access-date": {"ar": "تاريخ الوصول", "en": "accessed"},
    "archive-date": {"ar": "تاريخ الأرشيف", "en": "archived"},
    "clean": {"ar": "لا ملاحظات", "en": "no findings"},
    "fix": {"ar": "الإصلاح المقترح", "en": "proposed fix"},
    "wikitext": {"ar": "نص الويكي", "en": "wikitext"},
    "rule": {"ar": "القاعدة", "en": "rule"},
    "severity": {"ar": "الشدة", "en": "severity"},
    "message": {"ar": "الرسالة", "en": "message"},
    "checked": {"ar": "فُحصت في {today} بالقواعد: {count}", "en": "checked {today}, {count} rules"},
    "filter": {"ar": "تصفية…", "en": "filter…"},
    "shown": {"ar": "المعروض", "en": "shown"},
    "scan-title": {"ar": "تقرير الفحص", "en": "Scan report"},
    "run": {
        "ar": "الفحص رقم {id}: {status}، بدأ {started}",
        "en": "run {id}: {status}, started {started}",
    },
    "pages": {"ar": "الصفحات", "en": "pages"},
    "pages-with-findings": {"ar": "صفحات فيها ملاحظات", "en": "pages with findings"},
    "by-rule": {"ar": "الملاحظات حسب القاعدة والشدة", "en": "Findings by rule and severity"},
    "by-status": {"ar": "الصفحات حسب الحالة", "en": "Pages by status"},
    "by-host": {"ar": "المواقع الأكثر {what}", "en": "Sites with the most {what}"},
    "per-page": {"ar": "توزيع الملاحظات على الصفحات", "en": "Findings per page"},
    "pages-count": {"ar": "عدد الصفحات", "en": "pages"},
    "findings-count": {"ar": "عدد الملاحظات", "en": "findings"},
    "worst": {"ar": "المقالات الأكثر مشكلات", "en": "Articles with the most problems"},
    "all-articles": {"ar": "كل المقالات ذات الملاحظات", "en": "All articles with findings"},
    "rules": {"ar": "القواعد", "en": "Rules"},
    "description": {"ar": "الوصف", "en": "description"},
    "title": {"ar": "العنوان", "en": "title"},
    "status": {"ar": "الحالة", "en": "status"},
    "on-wiki": {"ar": "في الويكي", "en": "on the wiki"},
    "details": {"ar": "التفاصيل", "en": "details"},
    "page-n": {"ar": "صفحة {n} من {of}", "en": "page {n} of {of}"},
    "previous": {"ar": "السابقة", "en": "previous"},
    "next": {"ar": "التالية", "en": "next"},
    "index": {"ar": "الفهرس", "en": "index"},
    "citation": {"ar": "المرجع", "en": "citation"},
    "error": {"ar": "خطأ", "en": "error"},
    "rule-page": {"ar": "القاعدة {rule}", "en": "Rule {rule}"},
    "rule-count": {
        "ar": "{count} ملاحظة في {pages} صفحة",
        "en": "{count} finding(s) in {pages} page(s)",
    },
    "articles-page": {"ar": "المقالات {first}–{last}", "en": "Articles {first}–{last}"},
    "more": {"ar": "والبقية في القائمة الكاملة", "en": "the rest in the full listing"},
    "none": {"ar": "لا شيء", "en": "none"},
    "bytes": {"ar": "البايتات", "en": "bytes"},
    "status-ok": {"ar": "فُحصت", "en": "checked"},
    "status-error": {"ar": "خطأ في الفحص", "en": "error"},
    "status-timeout": {"ar": "انتهت المهلة", "en": "timed out"},
    "status-too-large": {"ar": "أكبر من الحد", "en": "too large"},
    "status-done": {"ar": "اكتمل", "en": "done"},
    "status-running": {"ar": "جارٍ", "en": "running"},
    "status-interrupted": {"ar": "توقف قبل تمامه", "en": "interrupted"},
    "status-failed": {"ar": "فشل", "en": "failed"},
    "hosts-what": {"ar": "روابط مكسورة أو بلا أرشيف", "en": "dead or unarchived links"},
    "severity-error": {"ar": "خطأ", "en": "error"},
    "severity-warning": {"ar": "تحذير", "en": "warning"},
    "severity-info": {"ar": "ملاحظة", "en": "info"},
}
for _key, _texts in WORDS.items():
    register(f"html.{_key}", _texts)

_WEB_SCHEMES = ("http", "https")


def web_url(url: object) -> str | None:
    r"""Return *url* as a link target if it is an http(s) URL with a host, else ``None``.

    ``//host/path`` (protocol-relative, common in wikitext) becomes ``https://host/path``.
    Python's URL splitter drops the tabs and newlines a browser drops, so
    ``java\tscript:`` is caught like ``javascript:``.

    >>> web_url("https://www.alsumaria.tv/news/1"), web_url(" javascript:alert(1)")
    ('https://www.alsumaria.tv/news/1', None)
    """
    if not isinstance(url, str):
        return None
    text = url.strip()
    if text.startswith("//"):
        text = "https:" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in _WEB_SCHEMES or not parts.hostname:
        return None
    return text


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("wikimaint.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["web_url"] = web_url
    return env


@cache
def _static(name: str) -> str:
    return resources.files("wikimaint.reports").joinpath("static", name).read_text("utf-8")


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


class _Labels(dict[str, Markup]):
    """Represents labels ready to print; a key it lacks prints as itself, escaped."""

    def __missing__(self, key: str) -> Markup:
        return escape(key)


def status_name(status: str, lang: str) -> str:
    """Return a page's or run's *status* in *lang* (a status we do not know, as it is)."""
    key = f"status-{status}"
    return message(f"html.{key}", lang) if key in WORDS else status


def page_context(lang: str, *, script: bool = False) -> dict[str, Any]:
    """Return what every page's base template needs: words, direction, style, script, policy."""
    code = _static("table.js") if script else ""
    scripts = _script_hash(code) if script else "'none'"
    def words(key: str, **fields: Any) -> str:
        return message(f"html.{key}", lang, **fields)

    policy = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src {scripts}; base-uri 'none'; form-action 'none'"
    )

    return {
        "lang": lang,
        "dir": "rtl" if lang == "ar" else "ltr",
        "t": words,
        "severity_name": lambda s: message(f"html.severity-{s}", lang),
        "status_name": lambda s: status_name(s, lang),
        # a severity's label, ready: the listings print one per finding
        "sev_html": _Labels(
            (s, Markup('<b class="sev sev-{0}">{1}</b>').format(s, words(f"severity-{s}")))
            for s in ("error", "warning", "info")
        ),
        "style": Markup(_static("report.css")),  # noqa: S704 - our own file, shipped with us
        "script": Markup(code),  # noqa: S704 - same
        "policy": policy,
    }


def render(template: str, lang: str, *, script: bool = False, **context: Any) -> str:
    """Return the page *template* drawn in *lang* with *context* (escaped throughout)."""
    page = _environment().get_template(template)
    return page.render(page_context(lang, script=script) | context)
