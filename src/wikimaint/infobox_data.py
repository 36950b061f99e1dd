"""Infobox data checked against its schemas, with every error reported with its key.

The envelope every infobox shares is ``schemas/infobox-data.schema.json``; a template with
a spec narrows it with the schema generated from the spec (:func:`data_schema`): its
parameter names, each value's type, the required ones. A compiled yes/no check answers for
the usual, good data; jsonschema runs only to explain data the check rejects, and its
errors are turned into one ``(json_pointer, message)`` per key: an unknown parameter or a
missing required one is named in the pointer, not only in the message.

>>> for error in data_errors({"$schema": DATA_SCHEMA_ID, "template": "صندوق معلومات هجوم",
...         "parameters": {"الإصابات": {"value": "ستة"}, "لون": {"wikitext": "x"}}}):
...     print(*error)
/parameters/الإصابات/value 'ستة' is not of type 'number', 'null'
/parameters/التاريخ required by {{صندوق معلومات هجوم}}, missing
/parameters/لون not a parameter of {{صندوق معلومات هجوم}}
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from wikimaint.errors import DataError
from wikimaint.schema import load_schema
from wikimaint.schemacheck import Check, UnsupportedSchemaError, compile_schema
from wikimaint.specs import DATA_SCHEMA_BASE, Spec, data_schema, load_spec

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from jsonschema.exceptions import ValidationError

__all__ = [
    "DATA_SCHEMA_ID",
    "MISSING",
    "data_errors",
    "data_schema",
    "pointer",
    "spec_of",
    "validate_data",
]

DATA_SCHEMA_ID = f"{DATA_SCHEMA_BASE}infobox-data.schema.json"
MISSING = ", missing"
"""How the message about a missing required parameter ends."""


@cache
def _registry() -> Registry[Any]:
    envelope = load_schema("infobox-data")
    registry: Registry[Any] = Registry().with_resource(
        DATA_SCHEMA_ID, Resource.from_contents(envelope)
    )
    return registry


@cache
def _validator(canonical: str | None) -> Draft202012Validator:
    spec = load_spec(canonical) if canonical is not None else None
    schema = data_schema(spec) if spec is not None else load_schema("infobox-data")
    return Draft202012Validator(schema, registry=_registry())


@cache
def _quick(canonical: str | None) -> Check | None:
    """Return a compiled yes/no check of the data schema, or None where none compiles.

    The generated schema refers to the envelope; the two are checked one after the other.
    jsonschema then only runs to explain data the check rejects.
    """
    try:
        envelope = compile_schema(load_schema("infobox-data"))
        spec = load_spec(canonical) if canonical is not None else None
        if spec is None:
            return envelope
        own = {k: v for k, v in data_schema(spec).items() if k != "allOf"}
        narrow = compile_schema(own)
    except UnsupportedSchemaError:
        return None
    return lambda data: envelope(data) and narrow(data)


def pointer(path: Any) -> str:
    """Return the JSON pointer of a path of keys and indexes (``/parameters/جزء من``)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _deepest(error: ValidationError) -> ValidationError:
    best = error
    for sub in error.context or ():
        candidate = _deepest(sub)
        if len(candidate.absolute_path) > len(best.absolute_path):
            best = candidate
    return best


def _explain(error: ValidationError, template: str) -> Iterator[tuple[str, str]]:
    where = pointer(error.absolute_path)
    instance = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        allowed = schema.get("properties", {})
        for key in instance:
            if key not in allowed:
                what = "parameter" if where == "/parameters" else "property"
                yield f"{where}/{pointer([key])[1:]}", f"not a {what} of {template}"
        return
    if error.validator == "required" and isinstance(instance, dict):
        for key in schema.get("required", ()):
            if key not in instance:
                yield f"{where}/{pointer([key])[1:]}", f"required by {template}{MISSING}"
        return
    branches = schema.get("anyOf", ())
    if error.validator == "anyOf" and all("required" in b for b in branches):
        yield where, "give wikitext, a value, or both"
        return
    best = _deepest(error)
    yield pointer(best.absolute_path), best.message


def spec_of(data: Mapping[str, Any]) -> Spec | None:
    """Return the spec the data is for: by its ``canonical`` key, else its template name."""
    canonical = data.get("canonical")
    if isinstance(canonical, str):
        return load_spec(canonical)
    template = data.get("template")
    return load_spec(template) if isinstance(template, str) and template.strip() else None


def data_errors(data: Any) -> list[tuple[str, str]]:
    """Return every problem in infobox *data* as ``(json_pointer, message)`` pairs.

    The data is checked against the schema generated from its template's spec (names,
    types, required keys), or against the envelope alone when no spec knows the template.
    """
    if not isinstance(data, dict):
        return [("", "infobox data must be a JSON object")]
    spec = spec_of(data)
    errors: list[tuple[str, str]] = []
    canonical = data.get("canonical")
    if isinstance(canonical, str) and spec is None:
        errors.append(("/canonical", f"no template spec is called {canonical!r}"))
    template = f"{{{{{spec.name}}}}}" if spec is not None else "the template"
    canonical_key = spec.canonical if spec is not None else None
    quick = _quick(canonical_key)
    if quick is None or not quick(data):
        for error in _validator(canonical_key).iter_errors(data):
            errors.extend(_explain(error, template))
    if spec is not None and isinstance(data.get("parameters"), dict):
        for key, entry in data["parameters"].items():
            name = entry.get("name") if isinstance(entry, dict) else None
            meant = spec.param(name) if isinstance(name, str) else None
            if (
                isinstance(name, str)
                and spec.param(key) is not None
                and meant is not spec.param(key)
            ):
                where = f"/parameters/{pointer([key])[1:]}/name"
                errors.append((where, f"{name!r} does not name {key!r} in {template}"))
    if spec is None and isinstance(data.get("parameters"), dict):
        for key, entry in data["parameters"].items():
            untyped = isinstance(entry, dict) and "value" in entry and "wikitext" not in entry
            if untyped and not isinstance(entry["value"], str):
                where = f"/parameters/{pointer([key])[1:]}/value"
                errors.append((where, "untyped template: give wikitext, or a string value"))
    return sorted(set(errors))


def validate_data(data: Any) -> None:
    """Check infobox *data*; raise one error listing every problem with its key.

    Raises:
        DataError: with ``errors`` holding each ``(json_pointer, message)``.

    """
    errors = data_errors(data)
    if errors:
        raise DataError("infobox data", errors)
