"""The published JSON Schemas and their validators, each built once.

Schemas ship inside the package (``wikimaint/schemas``, whose single source is the
top-level ``schemas/`` folder) and are loaded with :mod:`importlib.resources`. Building a
validator means resolving references and picking the format checker; that is done once per
schema and cached, so validating many documents costs only the validation itself. A good
document is recognised by a check compiled from the same schema
(:mod:`wikimaint.schema.compile`: 4.5 ms against 460 ms for jsonschema on a 300 KB
article); jsonschema explains a bad one, and :mod:`wikimaint.schema.messages` tells each
violation in Arabic or English.

>>> from wikimaint import parse
>>> validate(parse("نص").to_dict())  # raises SchemaValidationError listing every violation
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from wikimaint.errors import SchemaValidationError
from wikimaint.gcpause import paused
from wikimaint.schema.compile import Check, UnsupportedSchemaError, compile_schema
from wikimaint.schema.messages import describe, pointer

if TYPE_CHECKING:
    from collections.abc import Iterator

    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

__all__ = [
    "deepest",
    "is_valid",
    "iter_errors",
    "load_schema",
    "pointer",
    "registry",
    "schema_names",
    "validate",
    "validator",
]


def schema_names() -> list[str]:
    """Return the names of the packaged schemas (``article``, ``report``, …)."""
    folder = resources.files("wikimaint").joinpath("schemas")
    return sorted(
        p.name.removesuffix(".schema.json")
        for p in folder.iterdir()
        if p.name.endswith(".schema.json")
    )


@cache
def load_schema(name: str) -> dict[str, Any]:
    """Return the packaged schema *name* (e.g. ``article``) as a dict."""
    path = resources.files("wikimaint").joinpath("schemas", f"{name}.schema.json")
    schema: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return schema


@cache
def registry() -> Registry:
    """Return the registry of every packaged schema by its ``$id``, for ``$ref`` between them."""
    # jsonschema is imported where a validator is first built: commands that never
    # validate (a scan's main process among them) do not pay its 0.06 s of imports.
    from referencing import Registry, Resource  # noqa: PLC0415

    resources_ = [
        (schema["$id"], Resource.from_contents(schema))
        for schema in (load_schema(name) for name in schema_names())
    ]
    return Registry().with_resources(resources_)


def _inline(node: Any, defs: dict[str, Any], seen: tuple[str, ...] = ()) -> Any:
    """Return *node* with local ``#/$defs/…`` references replaced by their targets.

    Resolving a ``$ref`` costs more than checking what it points at, and the documents we
    validate hold thousands of spans and parameters; only recursive references stay.
    """
    if isinstance(node, dict):
        target = node.get("$ref", "")
        if isinstance(target, str) and target.startswith("#/$defs/"):
            name = target.removeprefix("#/$defs/")
            if name not in seen and name in defs and len(node) <= 2:  # $ref (+ description)
                return _inline(defs[name], defs, (*seen, name))
        out = {k: _inline(v, defs, seen) for k, v in node.items() if k != "description"}
        if isinstance(node.get("properties"), dict):  # names of properties are not annotations
            out["properties"] = {n: _inline(s, defs, seen) for n, s in node["properties"].items()}
        return out
    if isinstance(node, list):
        return [_inline(item, defs, seen) for item in node]
    return node


@cache
def validator(name: str) -> Draft202012Validator:
    """Return the validator for schema *name*, built once (local references inlined)."""
    from jsonschema import Draft202012Validator  # noqa: PLC0415 - see registry()

    schema = load_schema(name)
    defs = schema.get("$defs", {})
    compiled = _inline({k: v for k, v in schema.items() if k != "$defs"}, defs)
    compiled["$defs"] = {k: _inline(v, defs, (k,)) for k, v in defs.items()}
    return Draft202012Validator(compiled, registry=registry())


@cache
def _quick(name: str) -> Check | None:
    """Return the compiled yes/no check of schema *name*, or None where it cannot be compiled."""
    try:
        return compile_schema(validator(name).schema)
    except UnsupportedSchemaError:
        return None


def is_valid(document: Any, schema: str = "article") -> bool:
    """Return whether *document* is valid against *schema* (by its compiled check if it has one)."""
    quick = _quick(schema)
    with paused():  # see wikimaint.gcpause
        return quick(document) if quick is not None else validator(schema).is_valid(document)


def iter_errors(
    document: Any, schema: str = "article", *, lang: str = "en"
) -> Iterator[tuple[str, str]]:
    """Yield ``(json_pointer, message)`` for every violation of *schema* in *document*.

    The message is in *lang* (``en`` or ``ar``) and knows its text in the other language
    too: it is a :class:`~wikimaint.i18n.Localized`, which :func:`~wikimaint.i18n.localize`
    turns into another language.
    """
    if is_valid(document, schema):  # the usual case, without jsonschema's bookkeeping
        return
    for error in sorted(validator(schema).iter_errors(document), key=lambda e: list(e.path)):
        best = deepest(error)
        yield pointer(best.absolute_path), describe(best, lang)


def deepest(error: ValidationError) -> ValidationError:
    """Return the failure that explains *error* best: for anyOf/oneOf, the deepest in a branch."""
    return max(_descendants(error), key=lambda e: len(e.absolute_path))


def _descendants(error: ValidationError) -> Iterator[ValidationError]:
    yield error
    for sub in error.context or ():
        yield from _descendants(sub)


def validate(document: Any, schema: str = "article", *, what: str | None = None) -> None:
    """Check *document* against *schema*; raise one error listing every violation.

    Raises:
        SchemaValidationError: with ``errors`` holding each ``(json_pointer, message)``,
            in English; ``messages(lang)`` gives them in another language.

    """
    if is_valid(document, schema):
        return
    raise SchemaValidationError(what or f"{schema} document", list(iter_errors(document, schema)))
