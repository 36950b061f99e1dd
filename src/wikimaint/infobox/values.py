"""What each type of infobox value means: wikitext read as its type, and written back.

Types: ``string`` (the text), ``number`` (Arabic-Indic digits and thousands separators read
too), ``date`` (through :func:`wikimaint.wikitext.arabic.parse_date`, or a date template such as
``{{تاريخ الميلاد والعمر|1944|5|14}}``), ``wikilink``/``wikilinks`` (targets and labels),
``file`` (a file name) and ``url``. A value that does not read as its type is kept, with an
issue code beside it (``not-a-number``, a date error such as ``range``, …), never dropped;
a value written back follows the one it replaces (its digits, date style, separators). A date
written as links (``[[24 يناير]] [[2024]]``, older articles' way) reads as the date the
reader sees and is written back linked the same way.

>>> read_value("number", mwparserfromhell.parse("٦"))
Reading(typed=6, issue=None)
>>> write_value("number", 10, mwparserfromhell.parse("٦"))
'١٠'
>>> write_value("wikilinks", [{"target": "محافظة بابل", "label": "بابل"}])
'[[محافظة بابل|بابل]]'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import mwparserfromhell
from mwparserfromhell.nodes import Comment, Tag, Template, Text, Wikilink

from wikimaint.jsontext import MAX_DIGITS
from wikimaint.wikitext.arabic import (
    DATE_STYLES,
    MONTH_NAMES,
    fold,
    format_date,
    normalize_digits,
    parse_date,
    strip_marks,
)
from wikimaint.wikitext.names import fold_name
from wikimaint.wikitext.tree import (
    CATEGORY_NAMESPACES,
    FILE_NAMESPACES,
    INVISIBLE_TAGS,
    namespace_of,
)
from wikimaint.wikitext.tree import plain_text as _plain_text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from mwparserfromhell.wikicode import Wikicode

__all__ = ["TYPES", "Reading", "read_value", "same_typed", "write_value"]

TYPES = ("string", "number", "date", "wikilink", "wikilinks", "file", "url")

# Templates whose first three positional parameters are a date: year, month, day.
_DATE_TEMPLATES = frozenset(
    fold_name(name)
    for name in (
        "تاريخ الميلاد والعمر", "تاريخ الميلاد", "تاريخ الوفاة والعمر", "تاريخ الوفاة",
        "تاريخ البدء", "Birth date and age", "Birth date", "Death date and age", "Death date",
        "Start date", "End date",
    )
)  # fmt: skip
_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_URL = re.compile(r"(?:https?:)?//\S+", re.IGNORECASE)
_FILE_NAME = re.compile(r".+\.[A-Za-z0-9]{2,5}")
_ARABIC_INDIC = re.compile("[٠-٩]")
_QUOTES = "«»\"'“”„"
_TO_ARABIC_INDIC = str.maketrans("0123456789.,", "٠١٢٣٤٥٦٧٨٩٫٬")
_GROUPED = re.compile("[0-9٠-٩][,٬][0-9٠-٩]{3}")
_SEPARATOR = re.compile(r"(?:\s|[،,;؛/•·]|<br\s*/?>|\bو)*", re.IGNORECASE)
# A date as the reader sees it when parts of it are links: an optional day and month, or month
# (``[[24 يناير]]``, ``[[كانون الثاني]]``), then the year (``[[2024]]``), then an era ``م``.
_LINKED_DATE = re.compile(
    r"(?:(?P<head>(?:[0-9٠-٩]{1,2}\s*)?[^\W\d_]+(?:\s+[^\W\d_]+)?)(?P<sep>\s*[,،]?\s*))?"
    r"(?P<year>[0-9٠-٩]{1,4})(?P<suffix>\s*م\.?)?"
)
_LINK_MARKUP = re.compile(r"[\[\]{}<>|']")


@dataclass(frozen=True)
class Reading:
    """Represents a value read as its type: the typed value, or ``None`` and why not."""

    typed: Any
    issue: str | None = None


def read_value(kind: str, code: Wikicode, *, max_digits: int = MAX_DIGITS) -> Reading:
    """Return the *code* (a parameter value's wikitext) read as type *kind*.

    An empty value reads as ``None`` with no issue: absence is not an error. A number
    whose whole part has more than *max_digits* digits is ``not-a-number``: the JSON
    reader with the same limit would refuse it (:mod:`wikimaint.jsontext`).

    >>> read_value("date", mwparserfromhell.parse("24 يناير 2024")).typed
    {'value': '2024-01-24', 'precision': 'day', 'style': 'dmy-ar'}
    >>> read_value("number", mwparserfromhell.parse("كثير")).issue
    'not-a-number'
    """
    if not _meaningful(code.nodes):
        return Reading(None)
    if kind == "number":
        return _read_number(_plain_text(code), max_digits)
    if kind == "date":
        return _read_date(code)
    if kind in {"wikilink", "wikilinks"}:
        links = [_link(node) for node in _links(code.nodes)]
        if not links:
            return Reading(None, "no-wikilink")
        return Reading(links[0] if kind == "wikilink" else links)
    if kind == "file":
        return _read_file(code)
    if kind == "url":
        return _read_url(code)
    return Reading(_plain_text(code))


def _meaningful(nodes: list[Any]) -> list[Any]:
    """Return the nodes that say something: no comments, no whitespace-only text."""
    kept = []
    for node in nodes:
        if isinstance(node, Comment) or (isinstance(node, Text) and not node.value.strip()):
            continue
        kept.append(node)
    return kept


def _read_number(text: str, max_digits: int) -> Reading:
    cleaned = strip_marks(normalize_digits(text)).strip().strip(_QUOTES).strip()
    if not _NUMBER.fullmatch(cleaned):
        return Reading(None, "not-a-number")
    plain = cleaned.replace(",", "")
    if len(plain.lstrip("+-").partition(".")[0]) > max_digits:  # no JSON reader takes it
        return Reading(None, "not-a-number")
    if "." not in plain:
        return Reading(int(plain))  # exactly: a float would round 30 digits
    return Reading(float(plain))


def _date_template(code: Wikicode) -> Template | None:
    nodes = _meaningful(code.nodes)
    if (
        len(nodes) == 1
        and isinstance(nodes[0], Template)
        and fold_name(str(nodes[0].name)) in _DATE_TEMPLATES
    ):
        return nodes[0]
    return None


def _read_date(code: Wikicode) -> Reading:
    template = _date_template(code)
    if template is not None:
        parts = []
        for number in ("1", "2", "3"):
            if not template.has(number):
                break
            digits = normalize_digits(str(template.get(number).value)).strip()
            if not digits.isdigit():
                break
            parts.append(int(digits))
        if parts and 1 <= parts[0] <= 9999:
            value = "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])
            if parse_date(value).ok:
                precision = ("year", "month", "day")[len(parts) - 1]
                return Reading({"value": value, "precision": precision, "style": "template"})
    parsed = parse_date(_plain_text(code))
    if not parsed.ok:
        return Reading(None, parsed.error)
    return Reading({"value": parsed.value, "precision": parsed.precision, "style": parsed.style})


def _links(nodes: list[Any]) -> Iterator[Wikilink]:
    """Yield the wikilinks a reader sees: not in refs, templates or file/category links."""
    for node in nodes:
        if isinstance(node, Wikilink):
            namespace, _ = namespace_of(str(node.title).strip())
            if namespace not in FILE_NAMESPACES and namespace not in CATEGORY_NAMESPACES:
                yield node
        elif (
            isinstance(node, Tag)
            and str(node.tag).strip().casefold() not in INVISIBLE_TAGS
            and node.contents is not None
        ):
            yield from _links(node.contents.nodes)


def _link(node: Wikilink) -> dict[str, str]:
    target = str(node.title).strip()
    label = _plain_text(node.text) if node.text is not None else target
    return {"target": target, "label": label}


def _read_file(code: Wikicode) -> Reading:
    for node in code.nodes:
        if isinstance(node, Wikilink):
            namespace, rest = namespace_of(str(node.title).strip())
            if namespace in FILE_NAMESPACES:
                return Reading(rest.strip())
    text = _plain_text(code)
    namespace, rest = namespace_of(text)
    name = rest.strip() if namespace in FILE_NAMESPACES else text
    return Reading(name) if _FILE_NAME.fullmatch(name) else Reading(None, "not-a-file")


def _read_url(code: Wikicode) -> Reading:
    for node in code.filter_external_links(recursive=False):
        return Reading(str(node.url))
    text = _plain_text(code)
    return Reading(text) if _URL.fullmatch(text) else Reading(None, "not-a-url")


def same_typed(kind: str, left: Any, right: Any) -> bool:
    """Return whether two typed values of type *kind* mean the same.

    Dates compare by value (``2024-01-24``), not by the style they were written in; links by
    target and label; numbers by value (``6 == 6.0``, but ``True`` is no number).
    """
    if left is None or right is None:
        return left is None and right is None
    if kind == "number":
        numbers = (int, float)
        return (
            isinstance(left, numbers)
            and isinstance(right, numbers)
            and not isinstance(left, bool)
            and not isinstance(right, bool)
            and left == right
        )
    if kind == "date":
        both = isinstance(left, dict) and isinstance(right, dict)
        return both and left.get("value") == right.get("value")
    if kind == "wikilink":
        return _link_key(left) == _link_key(right)
    if kind == "wikilinks":
        if not isinstance(left, list) or not isinstance(right, list):
            return False
        return [_link_key(x) for x in left] == [_link_key(x) for x in right]
    return bool(left == right)


def _link_key(link: Any) -> tuple[str, str] | None:
    if not isinstance(link, dict):
        return None
    target = str(link.get("target", "")).strip()
    label = link.get("label")
    return target, str(label) if label is not None else target


def write_value(kind: str, typed: Any, like: Wikicode | None = None) -> str:
    """Return the wikitext for *typed*, a value of type *kind*, written like *like* if given.

    *like* is the value it replaces: a number keeps its digits (``٦`` → ``١٠``), a date its
    style, its date template or its links (the same parts linked, the same era ``م``), a link
    list its separator. ``None`` writes an empty value.

    >>> write_value("number", 10, mwparserfromhell.parse("٦"))
    '١٠'
    >>> write_value("date", {"value": "2024-02-03"}, mwparserfromhell.parse("24 يناير 2024"))
    '3 فبراير 2024'
    >>> old = mwparserfromhell.parse("[[24 يناير]] [[2024]]م")
    >>> write_value("date", {"value": "2024-01-25"}, old)
    '[[25 يناير]] [[2024]]م'
    """
    if typed is None:
        return ""
    if kind == "number":
        grouped = like is not None and _GROUPED.search(str(like)) is not None
        number = typed if isinstance(typed, int) else float(typed)  # an int is written exactly
        if isinstance(number, float) and number.is_integer():
            number = int(number)
        if isinstance(number, int):
            text = f"{number:,}" if grouped else str(number)
        else:
            text = repr(number)
        if like is not None and _ARABIC_INDIC.search(str(like)):
            text = text.translate(_TO_ARABIC_INDIC)
        return text
    if kind == "date":
        return _write_date(typed, like)
    if kind == "wikilink":
        return _write_link(typed)
    if kind == "wikilinks":
        return _link_separator(like).join(_write_link(link) for link in typed)
    if kind == "file" and like is not None:
        namespace, _ = namespace_of(str(like).strip())
        if namespace in FILE_NAMESPACES and ":" not in str(typed):
            return f"{str(like).strip().split(':', 1)[0]}:{typed}"
    return str(typed)


def _write_link(link: dict[str, Any]) -> str:
    target = str(link["target"]).strip()
    label = link.get("label")
    if label is None or label == target:
        return f"[[{target}]]"
    return f"[[{target}|{label}]]"


def _link_separator(like: Wikicode | None) -> str:
    if like is not None:
        nodes = like.nodes
        links = [n for n in nodes if isinstance(n, Wikilink)]
        if len(links) >= 2:
            start, end = nodes.index(links[0]) + 1, nodes.index(links[1])
            between = "".join(str(n) for n in nodes[start:end])
            if _SEPARATOR.fullmatch(between):
                return between
    return "، "


@dataclass(frozen=True)
class _DatePart:
    """Represents the day and month, or the year, of a linked date: its text and its link."""

    shown: str
    link: Wikilink | None


@dataclass(frozen=True)
class _LinkedDate:
    """Represents a date written with links: ``[[24 يناير]] [[2024]]م``, ``يناير [[2024]]``.

    *head* is the day and month (or the month), ``None`` for a year alone; *sep* the text
    between it and the *year*; *suffix* the era after the year (``م``); *value* the ISO date.
    """

    head: _DatePart | None
    sep: str
    year: _DatePart
    suffix: str
    value: str


def _linked_date(like: Wikicode) -> _LinkedDate | None:
    """Return *like* as a linked date, or ``None`` when it is not one.

    It is one when it holds only text and links, at least one link, each link being exactly
    the day and month, the month, or the year the reader sees, and the whole reads as a date.
    """
    shown: list[str] = []
    links: dict[tuple[int, int], Wikilink] = {}
    size = 0
    for node in like.nodes:
        if isinstance(node, Text):
            text = node.value
        elif isinstance(node, Wikilink):
            title = str(node.title).strip()
            if ":" in title:  # a namespace, an interwiki or a leading colon: no date page
                return None
            text = str(node.text).strip() if node.text is not None else title
            if not text or _LINK_MARKUP.search(text):
                return None
            links[(size, size + len(text))] = node
        else:
            return None
        shown.append(text)
        size += len(text)
    whole = "".join(shown)
    start = len(whole) - len(whole.lstrip())
    match = _LINKED_DATE.fullmatch(whole.strip())
    if not links or match is None:
        return None
    spans = {
        group: (match.start(group) + start, match.end(group) + start) for group in ("head", "year")
    }
    if any(span not in spans.values() for span in links):
        return None
    parsed = parse_date(whole)
    if not parsed.ok or parsed.value is None:
        return None

    def part(group: str) -> _DatePart:
        return _DatePart(match[group], links.get(spans[group]))

    head = part("head") if match["head"] is not None else None
    return _LinkedDate(head, match["sep"] or "", part("year"), match["suffix"] or "", parsed.value)


def _write_part(old: _DatePart | None, text: str, *, same: bool) -> str:
    """Return one part of a linked date: *text* linked as *old* was, or *old* if *same*.

    A link whose target is the date it shows (``[[2024]]``, ``[[2024|٢٠٢٤]]``) follows the new
    text; one that points elsewhere (``[[2024 في العراق|2024]]``) is kept only while its part is
    unchanged, else it becomes a plain link to the new text.
    """
    if old is None:
        return text
    if old.link is None:
        return old.shown if same else text
    if same:
        return str(old.link)
    if old.link.text is None:
        return f"[[{text}]]"
    target = str(old.link.title).strip()
    if fold(target) != fold(old.shown):
        return f"[[{text}]]"
    new_target = normalize_digits(text)
    if _ARABIC_INDIC.search(target):
        new_target = new_target.translate(_TO_ARABIC_INDIC)
    return f"[[{new_target}|{text}]]"


def _write_linked(old: _LinkedDate, parts: list[int], kind: str) -> str:
    """Return the date *parts* (year, month, day) written with the links of *old*."""
    before = [int(p) for p in old.value.split("-")]
    arabic = _ARABIC_INDIC.search((old.head.shown if old.head else "") + old.year.shown)

    def digits(text: str) -> str:
        return text.translate(_TO_ARABIC_INDIC) if arabic else text

    year = _write_part(old.year, digits(str(parts[0])), same=parts[0] == before[0])
    if len(parts) == 1:
        return year + old.suffix
    month = MONTH_NAMES[kind][parts[1] - 1]
    head_text = digits(f"{parts[2]} {month}") if len(parts) == 3 else month
    same_head = len(parts) == len(before) and parts[1:] == before[1:]
    head = _write_part(old.head, head_text, same=same_head)
    return head + (old.sep if old.head is not None else " ") + year + old.suffix


def _write_date(typed: dict[str, Any], like: Wikicode | None) -> str:
    value = str(typed["value"])
    parts = [int(p) for p in value.split("-")]
    template = _date_template(like) if like is not None else None
    if template is not None:
        copy = mwparserfromhell.parse(str(template)).filter_templates(recursive=False)[0]
        for number, part in enumerate(parts, 1):
            copy.add(str(number), str(part), showkey=False)
        for number in range(len(parts) + 1, 4):
            if copy.has(str(number)):
                copy.remove(str(number))
        return str(copy)
    style = typed.get("style")
    if style not in DATE_STYLES and like is not None:
        reading = read_value("date", like)
        style = reading.typed.get("style") if isinstance(reading.typed, dict) else None
    if style not in DATE_STYLES:
        style = "dmy-ar"
    kind = style.rsplit("-", 1)[1] if style[:3] in {"dmy", "mdy", "my-"} else "ar"
    linked = _linked_date(like) if like is not None and style[:3] in {"dmy", "my-", "y"} else None
    if linked is not None:
        return _write_linked(linked, parts, kind)
    first = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    if len(parts) == 1:
        text = str(parts[0])
    elif len(parts) == 2:
        iso = style.startswith("iso")
        text = f"{parts[0]:04d}-{parts[1]:02d}" if iso else format_date(first, f"my-{kind}")
    else:
        text = format_date(first, f"dmy-{kind}" if style in {"y", f"my-{kind}"} else style)
    if like is not None and _ARABIC_INDIC.search(_plain_text(like)):
        text = text.translate(_TO_ARABIC_INDIC)
    return text
