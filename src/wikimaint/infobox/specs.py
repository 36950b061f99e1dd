"""Template specs: an infobox template's names and its parameters, loaded once.

A spec (``schemas/templates/*.json``, checked against ``schemas/template-spec.schema.json``)
is TemplateData-like: the template's name, canonical key and aliases, then its parameters
in their documented order, each with its aliases, the label its row shows, a type (see
:mod:`wikimaint.infobox.values`) and whether it is required or suggested. This module loads the
specs, resolves any spelling of a template or parameter name, and generates the JSON
Schema of a template's infobox data (:func:`data_schema`).

>>> spec = load_spec("Infobox civilian attack")
>>> spec.name, spec.param("injuries").name, spec.param("injuries").type
('صندوق معلومات هجوم', 'الإصابات', 'number')
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import TYPE_CHECKING, Any

from wikimaint.errors import SpecError
from wikimaint.schema.validators import iter_errors
from wikimaint.wikitext.names import fold_name, lookup_template

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "DATA_SCHEMA_BASE",
    "ParamSpec",
    "Spec",
    "data_schema",
    "load_spec",
    "specs",
]

DATA_SCHEMA_BASE = "https://wikimaint.example/schemas/infobox-data/1.0.0/"


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


def _build(document: dict[str, Any], source: str) -> Spec:
    errors = list(iter_errors(document, "template-spec"))
    if errors:
        lines = "; ".join(f"{where or '/'}: {text}" for where, text in errors)
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
