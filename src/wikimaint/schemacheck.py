"""Compile a JSON Schema into a fast yes/no check, for the keywords our schemas use.

jsonschema gathers every error with its path, which is what a reader of a bad document
needs; for the usual good document that machinery is most of the cost (a fresh validator
object per sub-schema and per value). :func:`compile_schema` turns a schema into nested
closures that only answer *valid or not*, with the semantics of Draft 2020-12 for the
keywords it knows. :mod:`wikimaint.schema` asks it first and calls jsonschema only to
explain a document it rejects, so jsonschema stays the authority on errors.

A keyword it does not know (or a reference outside the schema) raises
:class:`UnsupportedSchemaError` at compile time: the caller then uses jsonschema alone,
never a check that silently ignores a rule. Annotations (``description``, ``title``,
``$comment``, ``examples``, ``default``, ``format`` — which jsonschema does not assert
without a format checker) are ignored, as jsonschema ignores them.

>>> check = compile_schema({"type": "object", "required": ["عنوان"],
...                         "properties": {"عنوان": {"type": "string"}}})
>>> check({"عنوان": "غارات"}), check({"عنوان": 1}), check({})
(True, False, False)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias

__all__ = ["Check", "UnsupportedSchemaError", "compile_schema"]

Check: TypeAlias = Callable[[Any], bool]

_ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$comment",
        "$defs",
        "title",
        "description",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "format",
    }
)


class UnsupportedSchemaError(Exception):
    """Represents a schema keyword (or reference) the compiler does not implement."""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": _is_integer,
    "number": _is_number,
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _equal(a: Any, b: Any) -> bool:
    """Return whether *a* and *b* are equal as JSON values (``true`` is not ``1``)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a is b
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if _is_number(a) and _is_number(b):
        return bool(a == b)
    return a is None and b is None


def _negate(inner: Check) -> Check:
    return lambda value: not inner(value)


def _one_of_values(options: list[Any]) -> Check:
    return lambda value: any(_equal(value, option) for option in options)


def _matches(pattern: re.Pattern[str]) -> Check:
    return lambda value: not isinstance(value, str) or pattern.search(value) is not None


def _unique(value: Any) -> bool:
    if not isinstance(value, list):
        return True
    return not any(_equal(a, b) for i, a in enumerate(value) for b in value[i + 1 :])


class _Compiler:
    def __init__(self, root: Mapping[str, Any]) -> None:
        self.defs: Mapping[str, Any] = root.get("$defs", {})
        self.compiled: dict[str, Check] = {}

    def ref(self, target: Any) -> Check:
        if not isinstance(target, str) or not target.startswith("#/$defs/"):
            raise UnsupportedSchemaError(f"$ref {target!r}")
        name = target.removeprefix("#/$defs/")
        if name not in self.defs:
            raise UnsupportedSchemaError(f"$ref to a missing definition {target!r}")
        compiled = self.compiled

        def deferred(value: Any) -> bool:
            # Looked up at call time: a recursive definition refers to itself while it is
            # being compiled.
            return compiled[name](value)

        if name not in compiled:
            compiled[name] = deferred
            compiled[name] = self.schema(self.defs[name])
        return deferred

    def schema(self, node: Any) -> Check:
        if node is True or node == {}:
            return lambda _v: True
        if node is False:
            return lambda _v: False
        if not isinstance(node, dict):
            raise UnsupportedSchemaError(f"schema {node!r}")
        checks: list[Check] = []
        for key, value in node.items():
            if key in _ANNOTATIONS or key in {"properties", "additionalProperties", "required"}:
                continue
            if key == "type":
                checks.append(self.type(value))
            elif key == "$ref":
                checks.append(self.ref(value))
            elif key == "items":
                checks.append(self.items(value))
            elif key in {"anyOf", "oneOf", "allOf"}:
                checks.append(self.combine(key, value))
            elif key == "not":
                checks.append(_negate(self.schema(value)))
            elif key in {"enum", "const"}:
                checks.append(_one_of_values(list(value) if key == "enum" else [value]))
            elif key in {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
                checks.append(self.bound(key, value))
            elif key in {"minLength", "maxLength", "minItems", "maxItems"}:
                checks.append(self.size(key, value))
            elif key == "uniqueItems":
                if value is True:
                    checks.append(_unique)
            elif key in {"if", "then", "else"}:
                if key == "if":
                    checks.append(self.condition(node))
            elif key == "pattern":
                checks.append(_matches(re.compile(value)))
            else:
                raise UnsupportedSchemaError(f"keyword {key!r}")
        if {"properties", "additionalProperties", "required"} & node.keys():
            checks.append(self.object(node))
        if len(checks) == 1:
            return checks[0]
        return lambda v: all(check(v) for check in checks)

    def condition(self, node: Mapping[str, Any]) -> Check:
        test = self.schema(node["if"])
        then = self.schema(node.get("then", True))
        otherwise = self.schema(node.get("else", True))
        return lambda value: then(value) if test(value) else otherwise(value)

    def type(self, value: Any) -> Check:
        names = [value] if isinstance(value, str) else list(value)
        unknown = [n for n in names if n not in _TYPES]
        if unknown:
            raise UnsupportedSchemaError(f"type {unknown!r}")
        tests = [_TYPES[n] for n in names]
        if len(tests) == 1:
            return tests[0]
        return lambda v: any(test(v) for test in tests)

    def object(self, node: Mapping[str, Any]) -> Check:
        properties = {k: self.schema(s) for k, s in node.get("properties", {}).items()}
        required = list(node.get("required", ()))
        extra = node.get("additionalProperties", True)
        closed = extra is False
        extra_check = None if extra is True or closed else self.schema(extra)

        def check(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            for name in required:
                if name not in value:
                    return False
            for name, item in value.items():
                known = properties.get(name)
                if known is not None:
                    if not known(item):
                        return False
                elif closed or (extra_check is not None and not extra_check(item)):
                    return False
            return True

        return check

    def items(self, value: Any) -> Check:
        if isinstance(value, list):
            raise UnsupportedSchemaError("items as a list (use prefixItems)")
        each = self.schema(value)
        return lambda v: not isinstance(v, list) or all(each(x) for x in v)

    def combine(self, key: str, value: Any) -> Check:
        branches = [self.schema(s) for s in value]
        if key == "anyOf":
            return lambda v: any(b(v) for b in branches)
        if key == "allOf":
            return lambda v: all(b(v) for b in branches)
        return lambda v: sum(1 for b in branches if b(v)) == 1

    def bound(self, key: str, limit: Any) -> Check:
        if not _is_number(limit):
            raise UnsupportedSchemaError(f"{key} {limit!r}")
        if key == "minimum":
            return lambda v: not _is_number(v) or v >= limit
        if key == "maximum":
            return lambda v: not _is_number(v) or v <= limit
        if key == "exclusiveMinimum":
            return lambda v: not _is_number(v) or v > limit
        return lambda v: not _is_number(v) or v < limit

    def size(self, key: str, limit: Any) -> Check:
        kind = list if key.endswith("Items") else str
        if key.startswith("min"):
            return lambda v: not isinstance(v, kind) or len(v) >= limit
        return lambda v: not isinstance(v, kind) or len(v) <= limit


def compile_schema(schema: Mapping[str, Any] | bool) -> Check:
    """Return a function telling whether a document is valid against *schema*.

    Raises:
        UnsupportedSchemaError: *schema* uses a keyword or reference this compiler does not
            implement; validate with jsonschema instead.

    """
    if isinstance(schema, bool):
        return lambda _v: schema
    compiler = _Compiler(schema)
    return compiler.schema({k: v for k, v in schema.items() if k != "$defs"})
