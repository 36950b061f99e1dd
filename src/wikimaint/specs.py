"""Template specs: an infobox template's names and parameters, and what each type of value means.

A spec (``schemas/templates/*.json``, checked against ``schemas/template-spec.schema.json``)
is TemplateData-like: the template's name, canonical key and aliases, then its parameters
in their documented order, each with its aliases, the label its row shows, a type and
whether it is required or suggested. This module loads the specs once, reads a parameter's
wikitext as its type (:func:`read_value`), writes a typed value back as wikitext
(:func:`write_value`) and generates the JSON Schema of infobox data (:func:`data_schema`).

Types: ``string`` (the text), ``number`` (Arabic-Indic digits and thousands separators read
too), ``date`` (through :func:`wikimaint.arabic.parse_date`, or a date template such as
``{{تاريخ الميلاد والعمر|1944|5|14}}``), ``wikilink``/``wikilinks`` (targets and labels),
``file`` (a file name) and ``url``. A value that does not read as its type is kept, with an
issue code beside it (``not-a-number``, a date error such as ``range``, …), never dropped.

>>> spec = load_spec("Infobox civilian attack")
>>> spec.name, spec.param("injuries").name
('صندوق معلومات هجوم', 'الإصابات')
>>> read_value("number", mwparserfromhell.parse("٦"))
Reading(typed=6, issue=None)
>>> write_value("wikilinks", [{"target": "محافظة بابل", "label": "بابل"}])
'[[محافظة بابل|بابل]]'
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import TYPE_CHECKING, Any

import mwparserfromhell
from mwparserfromhell.nodes import Comment, Tag, Template, Text, Wikilink

from wikimaint.arabic import DATE_STYLES, format_date, normalize_digits, parse_date, strip_marks
from wikimaint.errors import SpecError
from wikimaint.names import fold_name, lookup_template
from wikimaint.schema import validator
from wikimaint.tree import CATEGORY_NAMESPACES, FILE_NAMESPACES, INVISIBLE_TAGS, namespace_of
from wikimaint.tree import plain_text as _plain_text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from jsonschema import Draft202012Validator
    from mwparserfromhell.wikicode import Wikicode

__all__ = [
    "DATA_SCHEMA_BASE",
    "SPEC_SCHEMA_ID",
    "TYPES",
    "ParamSpec",
    "Reading",
    "Spec",
    "data_schema",
    "load_spec",
    "read_value",
    "same_typed",
    "specs",
    "write_value",
]

SPEC_SCHEMA_ID = "https://wikimaint.example/schemas/template-spec/1.0.0/template-spec.schema.json"
DATA_SCHEMA_BASE = "https://wikimaint.example/schemas/infobox-data/1.0.0/"
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


@dataclass(frozen=True)
class ParamSpec:
    """Represents one documented parameter of a template: names, label, type, need."""

    name: str
    type: str = "string"
    aliases: tuple[str, ...] = ()
    label: str | None = None
    required: bool = False
    suggested: bool = False
    wikidata: str | None = None
    description: str = ""

    @property
    def english(self) -> str | None:
        """Return the first alias written in Latin letters (``injuries``), if any."""
        return next((a for a in self.aliases if a.isascii()), None)


@dataclass(frozen=True)
class Spec:
    """Represents an infobox template: its names and its parameters in documented order."""

    name: str
    canonical: str
    params: tuple[ParamSpec, ...]
    aliases: tuple[str, ...] = ()
    description: str = ""
    sources: tuple[str, ...] = ()
    path: str = field(default="", compare=False)

    @cached_property
    def _table(self) -> dict[str, ParamSpec]:
        table: dict[str, ParamSpec] = {}
        for param in self.params:
            for name in (param.name, *param.aliases):
                table.setdefault(fold_name(name), param)
        return table

    @cached_property
    def _order(self) -> dict[str, int]:
        return {param.name: n for n, param in enumerate(self.params)}

    def param(self, name: str) -> ParamSpec | None:
        """Return the parameter that *name* (any spelling: alias, underscores) means."""
        return self._table.get(fold_name(name))

    def position(self, key: str) -> int | None:
        """Return the documented position of the parameter keyed *key*, or ``None``."""
        return self._order.get(key)

    @property
    def schema_id(self) -> str:
        """Return the ``$id`` of the JSON Schema of this template's data."""
        return f"{DATA_SCHEMA_BASE}{self.canonical.replace(' ', '-')}.schema.json"


# Loading ---------------------------------------------------------------------------------


def _spec_validator() -> Draft202012Validator:
    return validator("template-spec")


def _build(document: dict[str, Any], source: str) -> Spec:
    errors = sorted(_spec_validator().iter_errors(document), key=lambda e: list(e.path))
    if errors:
        lines = "; ".join(f"/{'/'.join(map(str, e.path))}: {e.message}" for e in errors)
        raise SpecError(f"{source}: {len(errors)} problem(s): {lines}")
    params = tuple(
        ParamSpec(
            name=p["name"],
            type=p["type"],
            aliases=tuple(p.get("aliases", ())),
            label=p.get("label"),
            required=p.get("required", False),
            suggested=p.get("suggested", False),
            wikidata=p.get("wikidata"),
            description=p.get("description", ""),
        )
        for p in document["params"]
    )
    spec = Spec(
        name=document["name"],
        canonical=document["canonical"],
        params=params,
        aliases=tuple(document.get("aliases", ())),
        description=document.get("description", ""),
        sources=tuple(document.get("sources", ())),
        path=source,
    )
    problems = list(_spec_problems(spec))
    if problems:
        raise SpecError(f"{source}: " + "; ".join(problems))
    return spec


def _spec_problems(spec: Spec) -> Iterator[str]:
    """Yield what the spec schema cannot say: unique spellings, no required Wikidata row."""
    seen: dict[str, str] = {}
    for param in spec.params:
        for name in (param.name, *param.aliases):
            key = fold_name(name)
            if key in seen and seen[key] != param.name:
                yield f"{name!r} names both {seen[key]!r} and {param.name!r}"
            seen[key] = param.name
        if param.required and param.wikidata:
            yield f"{param.name!r} is required but falls back to Wikidata ({param.wikidata})"


@cache
def _all() -> tuple[Spec, ...]:
    folder = resources.files("wikimaint").joinpath("schemas", "templates")
    found: list[Spec] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        try:
            document = json.loads(entry.read_text("utf-8"))
        except ValueError as error:
            raise SpecError(f"{entry.name}: not valid JSON: {error}") from None
        found.append(_build(document, entry.name))
    return tuple(found)


@cache
def _names() -> dict[str, Spec]:
    table: dict[str, Spec] = {}
    for spec in _all():
        for name in (spec.name, spec.canonical, *spec.aliases):
            key = fold_name(name)
            other = table.setdefault(key, spec)
            if other is not spec:
                raise SpecError(f"{spec.path}: {name!r} also names the spec in {other.path}")
    return table


def specs() -> list[Spec]:
    """Return every packaged template spec (``schemas/templates/*.json``), loaded once.

    Raises:
        SpecError: when a spec breaks its schema, or two spellings clash.

    """
    _names()
    return list(_all())


@cache
def load_spec(name: str) -> Spec | None:
    """Return the spec of the template *name* (main name, alias, canonical key), or ``None``.

    Names fold as template names do (``قالب:صندوق_معلومات_هجوم`` works); a name the alias
    table (``wikimaint/data/templates.json``) knows resolves through its canonical key.

    >>> load_spec("قالب:صندوق_معلومات_هجوم").canonical
    'infobox civilian attack'
    >>> load_spec("صندوق معلومات شيء آخر") is None
    True
    """
    table = _names()
    found = table.get(fold_name(name))
    if found is None:
        info = lookup_template(name)
        if info is not None:
            found = table.get(fold_name(info.canonical))
    return found


# Reading and writing values ----------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """Represents a value read as its type: the typed value, or ``None`` and why not."""

    typed: Any
    issue: str | None = None


def read_value(kind: str, code: Wikicode) -> Reading:
    """Return the *code* (a parameter value's wikitext) read as type *kind*.

    An empty value reads as ``None`` with no issue: absence is not an error.

    >>> read_value("date", mwparserfromhell.parse("24 يناير 2024")).typed
    {'value': '2024-01-24', 'precision': 'day', 'style': 'dmy-ar'}
    >>> read_value("number", mwparserfromhell.parse("كثير")).issue
    'not-a-number'
    """
    if not _meaningful(code.nodes):
        return Reading(None)
    if kind == "number":
        return _read_number(_plain_text(code))
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


def _read_number(text: str) -> Reading:
    cleaned = strip_marks(normalize_digits(text)).strip().strip(_QUOTES).strip()
    if not _NUMBER.fullmatch(cleaned):
        return Reading(None, "not-a-number")
    number = float(cleaned.replace(",", ""))
    return Reading(int(number) if number.is_integer() and "." not in cleaned else number)


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
    style or its date template, a link list its separator. ``None`` writes an empty value.

    >>> write_value("number", 10, mwparserfromhell.parse("٦"))
    '١٠'
    >>> write_value("date", {"value": "2024-02-03"}, mwparserfromhell.parse("24 يناير 2024"))
    '3 فبراير 2024'
    """
    if typed is None:
        return ""
    if kind == "number":
        number = float(typed)
        grouped = like is not None and _GROUPED.search(str(like)) is not None
        if number.is_integer():
            text = f"{int(number):,}" if grouped else str(int(number))
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


# The JSON Schema of a template's data ------------------------------------------------------

_LINK = {
    "type": "object",
    "additionalProperties": False,
    "required": ["target"],
    "properties": {
        "target": {
            "type": "string",
            "pattern": r"^[^\[\]{}|<>]*[^\s\[\]{}|<>][^\[\]{}|<>]*$",
            "description": "The linked page (محافظة بابل).",
        },
        "label": {
            "type": ["string", "null"],
            "description": "The text shown for the link (بابل); the target when absent.",
        },
    },
}
_TYPED: dict[str, dict[str, Any]] = {
    "string": {"type": ["string", "null"]},
    "number": {"type": ["number", "null"]},
    "date": {
        "anyOf": [
            {"type": "null"},
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["value"],
                "properties": {
                    "value": {
                        "type": "string",
                        "pattern": r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$",
                        "description": "The date as an ISO-8601 prefix: 2024, 2024-01, 2024-01-24.",
                    },
                    "precision": {
                        "enum": ["year", "month", "day"],
                        "description": "Which part of the value is known.",
                    },
                    "style": {
                        "type": ["string", "null"],
                        "description": "How it was written (dmy-ar, template, …).",
                    },
                },
            },
        ]
    },
    "wikilink": {"anyOf": [{"type": "null"}, _LINK]},
    "wikilinks": {"anyOf": [{"type": "null"}, {"type": "array", "minItems": 1, "items": _LINK}]},
    "file": {"type": ["string", "null"], "pattern": r"^[^|\[\]{}<>]+$"},
    "url": {"type": ["string", "null"], "pattern": r"^(?:[Hh][Tt][Tt][Pp][Ss]?:)?//\S+$"},
}


def data_schema(spec: Spec) -> dict[str, Any]:
    """Return the JSON Schema of infobox data for *spec*, generated from it.

    It narrows the envelope (``schemas/infobox-data.schema.json``): the parameters are the
    spec's, each ``value`` of its type, the required ones present. A parameter that falls
    back to Wikidata may be absent: the live site fills it in.

    >>> schema = data_schema(load_spec("صندوق معلومات هجوم"))
    >>> schema["properties"]["parameters"]["required"]
    ['التاريخ']
    """
    properties: dict[str, Any] = {}
    for param in spec.params:
        words = [param.description or param.name]
        if param.label:
            words.append(f"Shown as «{param.label}».")
        if param.wikidata:
            words.append(f"Wikidata {param.wikidata} when absent.")
        properties[param.name] = {
            "description": " ".join(words),
            "properties": {
                "value": {**_TYPED[param.type], "description": f"The value as {param.type}."},
                "type": {"const": param.type, "description": "The parameter's type."},
            },
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": spec.schema_id,
        "title": f"Infobox data: {spec.name}",
        "description": f"Data of {spec.name} ({spec.canonical}), generated from {spec.path}.",
        "allOf": [{"$ref": f"{DATA_SCHEMA_BASE}infobox-data.schema.json"}],
        "properties": {
            "canonical": {"const": spec.canonical, "description": "The spec's canonical key."},
            "parameters": {
                "type": "object",
                "description": "The spec's parameters, by their documented name.",
                "required": [p.name for p in spec.params if p.required],
                "additionalProperties": False,
                "properties": properties,
            },
        },
    }
