"""Template and parameter names: Arabic and English aliases mapped to canonical keys.

The tables live in ``wikimaint/data/*.json`` (validated by ``schemas/aliases.schema.json`` in
the tests); this module loads them once and owns the one folding function, :func:`fold_name`,
so that ``قالب:استشهاد_ويب``, ``استشهاد ويب`` and ``{{ استشهاد ويب }}`` all resolve alike.

>>> lookup_template("قالب:استشهاد_ويب").canonical
'cite web'
>>> canonical_param("تاريخ الوصول")
'access-date'
>>> canonical_param("الأخير2")
'last2'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from wikimaint.wikitext.arabic import strip_marks

__all__ = [
    "ParamInfo",
    "TemplateInfo",
    "canonical_param",
    "cs1_whitelisted",
    "fold_name",
    "load_data",
    "lookup_template",
    "param_info",
    "param_name_for",
    "template_names",
]

_PREFIX = re.compile(r"^\s*(?:قالب|template|tl)\s*:\s*", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s_\-]+")
_NUMBER = re.compile(r"\d+")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")


@cache
def fold_name(name: str) -> str:
    """Return the lookup key of a template or parameter name.

    Folds case, ``_``/space/hyphen runs, bidi marks and tatweel, and drops a
    ``قالب:``/``Template:`` prefix. Letters are otherwise kept as written: CS1 itself
    does not accept ``مسار الارشيف`` for ``مسار الأرشيف``, so neither do we.

    >>> fold_name(" قالب:استشهاد_ويب ")
    'استشهاد ويب'
    >>> fold_name("Archive-URL")
    'archive url'
    """
    text = strip_marks(name)
    text = _PREFIX.sub("", text)
    return _SEPARATORS.sub(" ", text).strip().casefold()


@dataclass(frozen=True)
class TemplateInfo:
    """Represents what a template name means: its canonical name and its kind.

    ``kind`` is one of citation, archive, references, references-wrapper, footnote, maintenance,
    portal, quote, hatnote, furniture, bots, infobox, stub, default-sort.
    ``type`` is the citation type (web, news, book, journal, …) for citation templates;
    ``tag`` names a maintenance tag (dead-link, citation-needed, …); ``group`` is the
    ``<ref>`` group a reference list shows, or a footnote template fills, when given none
    (``{{Notelist}}`` and ``{{efn}}``: lower-alpha).
    """

    canonical: str
    kind: str
    type: str | None = None
    tag: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class ParamInfo:
    """Represents a citation parameter: its canonical key (number included) and its type."""

    key: str
    base: str
    number: int | None
    type: str | None


@cache
def load_data(name: str) -> dict[str, Any]:
    """Return the parsed alias data file ``wikimaint/data/<name>.json`` (loaded once)."""
    text = resources.files("wikimaint").joinpath("data", f"{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _template_table() -> tuple[dict[str, TemplateInfo], tuple[tuple[str, str], ...]]:
    data = load_data("templates")
    table: dict[str, TemplateInfo] = {}
    for entry in data["templates"]:
        info = TemplateInfo(
            entry["canonical"],
            entry["kind"],
            entry.get("type"),
            entry.get("tag"),
            entry.get("group"),
        )
        for name in entry["names"]:
            table.setdefault(fold_name(name), info)
    prefixes = tuple(
        (fold_name(prefix) if kind != "default-sort" else prefix.casefold(), kind)
        for kind, values in data["prefixes"].items()
        for prefix in values
    )
    return table, prefixes


@cache
def lookup_template(name: str) -> TemplateInfo | None:
    """Return what the template *name* (as written) is, or ``None`` when it is unknown.

    Known names come from the data file; beyond them, names beginning ``بذرة`` are stubs,
    ``صندوق معلومات …``/``معلومات …``/``Infobox …`` are infoboxes, and
    ``ترتيب_افتراضي:``/``DEFAULTSORT:`` set the default sort key.
    """
    table, prefixes = _template_table()
    key = fold_name(name)
    found = table.get(key)
    if found is not None:
        return found
    raw = strip_marks(name).strip().casefold()
    for prefix, kind in prefixes:
        if kind == "default-sort":
            if raw.startswith(prefix):
                return TemplateInfo("defaultsort", kind)
        elif key == prefix or key.startswith(prefix + " "):
            return TemplateInfo(key, kind)
    return None


def template_names(canonical: str) -> list[str]:
    """Return every name (as listed, canonical first) of the template *canonical*."""
    for entry in load_data("templates")["templates"]:
        if entry["canonical"] == canonical:
            return list(entry["names"])
    return []


@cache
def _param_table() -> dict[str, tuple[str, str | None, bool]]:
    table: dict[str, tuple[str, str | None, bool]] = {}
    for entry in load_data("citation_parameters")["parameters"]:
        for name in entry["names"]:
            table.setdefault(fold_name(name), (entry["key"], entry.get("type"), "#" in name))
    return table


@cache
def param_info(name: str) -> ParamInfo | None:
    """Return the canonical citation parameter for *name* as written, or ``None`` if unknown.

    Numbered names resolve with their number: ``author2``, ``مؤلف2`` and ``author2-link``
    give the keys ``author2``, ``author2`` and ``author-link2``.
    """
    table = _param_table()
    key = fold_name(name)
    found = table.get(key)
    if found is not None and not found[2]:
        return ParamInfo(found[0], found[0], None, found[1])
    match = _NUMBER.search(key)
    if match is None:
        return None
    pattern = key[: match.start()] + "#" + key[match.end() :]
    found = table.get(pattern)
    if found is None or not found[2]:
        return None
    number = int(match.group())
    return ParamInfo(f"{found[0]}{number}", found[0], number, found[1])


def canonical_param(name: str) -> str | None:
    """Return the canonical key of the citation parameter *name*, or ``None`` if unknown."""
    info = param_info(name)
    return info.key if info else None


def param_name_for(key: str, *, arabic: bool) -> str:
    """Return the name to write for canonical *key*: the first Arabic or English alias.

    >>> param_name_for("archive-url", arabic=True)
    'مسار أرشيف'
    >>> param_name_for("archive-url", arabic=False)
    'archive-url'
    """
    for entry in load_data("citation_parameters")["parameters"]:
        if entry["key"] == key:
            names = [n for n in entry["names"] if "#" not in n]
            wanted = [n for n in names if bool(_ARABIC_LETTER.search(n)) == arabic]
            return str((wanted or names)[0])
    return key


# Our citation types where Module:Citation/CS1 names its CitationClass differently.
_CS1_CLASS = {"av-media": "audio-visual", "press-release": "pressrelease"}


@cache
def _whitelist() -> dict[str, Any]:
    return load_data("cs1_whitelist")


@cache
def cs1_whitelisted(name: str, ctype: str | None) -> bool:
    """Return whether Module:Citation/CS1/Whitelist supports parameter *name* in a *ctype* citation.

    The module compares names as written (case counts) with the number runs of numbered
    names read as ``#``; deprecated names (``false`` in the table) are still supported.
    *ctype* is the citation type (``web``, ``book``, ``av-media``…); a preprint type gets
    the module's limited list, any other its basic list plus its class's own names.

    >>> cs1_whitelisted("translator-last", "book"), cs1_whitelisted("deadurl", "web")
    (True, False)
    >>> cs1_whitelisted("editor2-last", "book"), cs1_whitelisted("Title", "web")
    (True, False)
    """
    table = _whitelist()
    cls = _CS1_CLASS.get(ctype or "", ctype or "")
    numbered = _NUMBER.sub("#", name)
    if cls in table["preprint"]:
        basic, numbers = table["limited_basic"], table["limited_numbered"]
        own = table["preprint"][cls]
    else:
        basic, numbers = table["basic"], table["numbered"]
        own = table["unique"].get(cls, {})
    return name in basic or name in own or (numbered != name and numbered in numbers)
