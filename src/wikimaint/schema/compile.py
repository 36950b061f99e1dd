"""Compile a JSON Schema into a fast yes/no check, for the keywords our schemas use.

jsonschema gathers every error with its path, which is what a reader of a bad document
needs; for the usual good document that machinery is most of the cost (a fresh validator
object per sub-schema and per value). :func:`compile_schema` turns a schema into Python
source code that only answers *valid or not*, with the semantics of Draft 2020-12 for the
keywords it knows, and compiles it once. :mod:`wikimaint.schema.validators` asks it first and calls
jsonschema only to explain a document it rejects, so jsonschema stays the authority on
errors.

The generated code is straight-line: one function per ``$defs`` entry that is referenced
(recursion goes through these named functions), one for the root, and one for any other
sub-schema that must answer a yes/no question as a whole (an ``anyOf`` branch holding an
object, say, or a schema nested too deep to inline). Everything else is inlined into its
parent: type tests, ``required``, each property's checks, ``items`` as a ``for`` loop,
bounds, sizes, patterns. An object's properties are read by name (``"name" in value`` for
``required``, then ``value["name"]``; ``value.get(name, MISSING)`` when optional), and a
closed object compares ``len(value)`` with the number of properties found: on a span that
measured about 1.5 times as fast as walking ``value.items()`` through a chain of name
tests, and a table of per-property functions would add a call per property. Constants
(compiled patterns, ``enum`` sets, odd limits) live in the namespace the code runs in,
under generated names; only ``repr`` of an exact ``str`` or a small exact ``int`` is
written into the source. Property names never become identifiers, so any name is safe.

The tests are exact: JSON ``integer`` accepts ``1.0`` and rejects ``True``; ``number``
rejects booleans; an object is any ``dict`` (subclasses too, read through ``in``, ``[]``,
``get``, ``len`` and ``items``), an array any ``list``. A ``type(v) is str`` (or ``int``,
…) test only answers the usual case sooner, before the exact test it abbreviates. The
verdict is that of a conjunction of the keywords' checks, so it does not depend on their
order; the order only shows when the schema itself is broken so that a check raises (a
``minLength`` that is not a number, say).

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
from typing import Any, TypeAlias, cast

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

_OBJECT_KEYWORDS = frozenset({"properties", "additionalProperties", "required"})

# How many sub-schemas deep one function inlines before it calls a helper function instead:
# keeps the generated source far from Python's limits on nested blocks and parentheses.
_MAX_NESTING = 6
# The keywords whose values are sub-schemas: a schema without them inlines at any depth.
_NESTING = frozenset({"items", "allOf", "anyOf", "oneOf", "not", "if", *_OBJECT_KEYWORDS})


class UnsupportedSchemaError(Exception):
    """Represents a schema keyword (or reference) the compiler does not implement."""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


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


def _any_equal(value: Any, options: tuple[Any, ...]) -> bool:
    return any(_equal(value, option) for option in options)


def _unique(value: Any) -> bool:
    if not isinstance(value, list):
        return True
    return not any(_equal(a, b) for i, a in enumerate(value) for b in value[i + 1 :])


class _Missing:
    """The value of a property a document does not have (``None`` is a JSON value)."""


# Each test is exactly the isinstance test of the closure compiler it replaced (``bool``
# cannot be subclassed, so ``v is True or v is False`` is ``isinstance(v, bool)``); a leading
# ``type(v) is …`` only answers the usual case sooner (an exact int is an integer and a
# number; an exact float is a number).
_TYPE_TESTS = {
    "object": "(type({v}) is dict or isinstance({v}, dict))",
    "array": "(type({v}) is list or isinstance({v}, list))",
    "string": "(type({v}) is str or isinstance({v}, str))",
    "integer": "(type({v}) is int or _is_integer({v}))",
    "number": "(type({v}) is int or type({v}) is float or _is_number({v}))",
    "boolean": "({v} is True or {v} is False)",
    "null": "{v} is None",
}

_NUMBER_TYPES = frozenset({"integer", "number"})
_COMPARISONS = {
    "minimum": ">=",
    "maximum": "<=",
    "exclusiveMinimum": ">",
    "exclusiveMaximum": "<",
    "minLength": ">=",
    "maxLength": "<=",
    "minItems": ">=",
    "maxItems": "<=",
}

# One check of a value: a Python expression that is true when the value passes, or lines of
# statements that ``return False`` when it fails (and fall through when it passes).
_Code: TypeAlias = str | list[str]


def _indent(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def _statements(codes: list[_Code]) -> list[str]:
    lines: list[str] = []
    for code in codes:
        if isinstance(code, str):
            lines.append(f"if not ({code}): return False")
        else:
            lines.extend(code)
    return lines


class _Generator:
    """Writes the source of a schema's check, function by function."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        self.defs: Mapping[str, Any] = root.get("$defs", {})
        self.namespace: dict[str, Any] = {
            "_MISSING": _Missing(),
            "_any_equal": _any_equal,
            "_is_integer": _is_integer,
            "_is_number": _is_number,
            "_unique": _unique,
        }
        self.functions: list[list[str]] = []
        self.def_functions: dict[str, str] = {}
        self.count = 0

    def fresh(self, prefix: str) -> str:
        """Return a new identifier: *prefix* and a number, never anything from the schema."""
        self.count += 1
        return f"{prefix}{self.count}"

    def constant(self, value: Any) -> str:
        """Return the name under which the code finds *value*."""
        name = self.fresh("_k")
        self.namespace[name] = value
        return name

    def literal(self, value: Any) -> str:
        """Return source for *value*: its repr when that is plain source, else a constant."""
        if type(value) is str or (type(value) is int and abs(value) < 10**15):
            return repr(value)
        return self.constant(value)

    def function(self, var: str, codes: list[_Code], name: str | None = None) -> str:
        """Add a function of *var* running *codes*; return its name."""
        name = name or self.fresh("_s")
        body = [*_statements(codes), "return True"]
        self.functions.append([f"def {name}({var}):", *_indent(body)])
        return name

    def sub(self, node: Any, var: str, depth: int) -> list[_Code]:
        """Return the checks of sub-schema *node* on *var*, inline or through a function."""
        if depth < _MAX_NESTING or not isinstance(node, dict) or not _NESTING & node.keys():
            return self.schema(node, var, depth + 1)
        codes = self.schema(node, var, 0)
        if not codes:
            return []
        return [f"{self.function(var, codes)}({var})"]

    def expression(self, node: Any, var: str, depth: int) -> str:
        """Return an expression telling whether *var* is valid against *node*."""
        codes = self.sub(node, var, depth)
        if all(isinstance(code, str) for code in codes):
            return " and ".join(f"({code})" for code in codes) or "True"
        return f"{self.function(var, codes)}({var})"

    def ref(self, target: Any) -> str:
        """Return the name of the function checking the definition *target* points at."""
        if not isinstance(target, str) or not target.startswith("#/$defs/"):
            raise UnsupportedSchemaError(f"$ref {target!r}")
        name = target.removeprefix("#/$defs/")
        if name not in self.defs:
            raise UnsupportedSchemaError(f"$ref to a missing definition {target!r}")
        function = self.def_functions.get(name)
        if function is None:
            # Named before its body is written: a recursive definition calls itself.
            function = self.def_functions[name] = self.fresh("_d")
            var = self.fresh("v")
            self.function(var, self.schema(self.defs[name], var, 0), function)
        return function

    def schema(self, node: Any, v: str, depth: int) -> list[_Code]:
        """Return the checks *node* makes of the value in variable *v*, in keyword order."""
        if node is True or node == {}:
            return []
        if node is False:
            return ["False"]
        if not isinstance(node, dict):
            raise UnsupportedSchemaError(f"schema {node!r}")
        codes: list[_Code] = []
        known: str | None = None  # the single type the value is known to have, once tested
        for key, value in node.items():
            if key in _ANNOTATIONS or key in _OBJECT_KEYWORDS:
                continue
            if key == "type":
                names = [value] if isinstance(value, str) else list(value)
                unknown = [n for n in names if n not in _TYPE_TESTS]
                if unknown:
                    raise UnsupportedSchemaError(f"type {unknown!r}")
                codes.append(" or ".join(_TYPE_TESTS[n].format(v=v) for n in names) or "False")
                known = names[0] if len(names) == 1 else None
            elif key == "$ref":
                codes.append(f"{self.ref(value)}({v})")
            elif key == "items":
                codes.extend(self.items(value, v, depth, known == "array"))
            elif key == "allOf":
                for branch in value:
                    codes.extend(self.sub(branch, v, depth))
            elif key == "anyOf":
                branches = [self.expression(s, v, depth) for s in value]
                codes.append(" or ".join(f"({b})" for b in branches) or "False")
            elif key == "oneOf":
                branches = [self.expression(s, v, depth) for s in value]
                counted = " + ".join(f"(1 if ({b}) else 0)" for b in branches) or "0"
                codes.append(f"{counted} == 1")
            elif key == "not":
                codes.append(f"not ({self.expression(value, v, depth)})")
            elif key in {"enum", "const"}:
                codes.append(self.enum(list(value) if key == "enum" else [value], v))
            elif key in {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
                if not _is_number(value):
                    raise UnsupportedSchemaError(f"{key} {value!r}")
                test = f"{v} {_COMPARISONS[key]} {self.literal(value)}"
                if known in _NUMBER_TYPES:
                    codes.append(test)
                else:
                    codes.append(f"not ({_TYPE_TESTS['number'].format(v=v)}) or {test}")
            elif key in {"minLength", "maxLength", "minItems", "maxItems"}:
                kind, kind_name = ("list", "array") if key.endswith("Items") else ("str", "string")
                test = f"len({v}) {_COMPARISONS[key]} {self.literal(value)}"
                guarded = f"not isinstance({v}, {kind}) or {test}"
                codes.append(test if known == kind_name else guarded)
            elif key == "uniqueItems":
                if value is True:
                    codes.append(f"_unique({v})")
            elif key in {"if", "then", "else"}:
                if key == "if":
                    test = self.expression(value, v, depth)
                    then = self.expression(node.get("then", True), v, depth)
                    otherwise = self.expression(node.get("else", True), v, depth)
                    codes.append(f"({then}) if ({test}) else ({otherwise})")
            elif key == "pattern":
                search = self.constant(re.compile(value).search)
                test = f"{search}({v}) is not None"
                codes.append(test if known == "string" else f"not isinstance({v}, str) or {test}")
            else:
                raise UnsupportedSchemaError(f"keyword {key!r}")
        if _OBJECT_KEYWORDS & node.keys():
            codes.extend(self.object(node, v, depth, known == "object"))
        return codes

    def enum(self, options: list[Any], v: str) -> str:
        """Return the test that *v* equals one of *options* as a JSON value."""
        everything = self.constant(tuple(options))
        strings = [o for o in options if isinstance(o, str)]
        if any(type(o) is not str for o in strings):  # a str subclass may define its own ==
            return f"_any_equal({v}, {everything})"
        # An exact str equals (as JSON) exactly the options that are strings, and None equals
        # only None; anything else (numbers, booleans, arrays, objects) takes the long way.
        strings_ = self.constant(frozenset(strings))
        none = any(o is None for o in options)
        return (
            f"({v} in {strings_}) if type({v}) is str"
            f" else {none} if {v} is None else _any_equal({v}, {everything})"
        )

    def items(self, each: Any, v: str, depth: int, is_list: bool) -> list[_Code]:
        """Return the check that every item of the array in *v* is valid against *each*."""
        if isinstance(each, list):
            raise UnsupportedSchemaError("items as a list (use prefixItems)")
        item = self.fresh("v")
        body = _statements(self.sub(each, item, depth))
        if not body:
            return []
        loop = [f"for {item} in {v}:", *_indent(body)]
        return [loop if is_list else [f"if isinstance({v}, list):", *_indent(loop)]]

    def object(self, node: Mapping[str, Any], v: str, depth: int, is_dict: bool) -> list[_Code]:
        """Return the checks of ``required``, ``properties`` and ``additionalProperties``."""
        item = self.fresh("v")
        properties = [(k, self.sub(s, item, depth)) for k, s in node.get("properties", {}).items()]
        required = list(node.get("required", ()))
        extra = node.get("additionalProperties", True)
        closed = extra is False
        other = self.fresh("v")
        extra_codes = [] if extra is True or closed else self.sub(extra, other, depth)

        names = {name for name, _ in properties}
        present: set[Any] = set()  # required properties: there once the required checks pass
        for name in required:
            try:
                if name in names:
                    present.add(name)
            except TypeError:  # unhashable: `in` raises when the check runs, as it always did
                pass
        lines = [f"if {self.literal(name)} not in {v}: return False" for name in required]
        found = self.fresh("n")  # how many of the optional properties the object has
        optional = [name for name, _ in properties if name not in present]
        if closed and optional:
            lines.append(f"{found} = 0")
        for name, codes in properties:
            if name in present:
                if codes:
                    lines.append(f"{item} = {v}[{self.literal(name)}]")
                    lines.extend(_statements(codes))
            elif codes or closed:
                lines.append(f"{item} = {v}.get({self.literal(name)}, _MISSING)")
                lines.append(f"if {item} is not _MISSING:")
                count = [f"{found} += 1"] if closed else []
                lines.extend(_indent(count + _statements(codes)))
        if closed:
            # Every key is a property iff the keys found among the properties are all of them.
            size = f"{len(present)} + {found}" if optional else str(len(present))
            lines.append(f"if len({v}) != {size}: return False")
        elif extra_codes:
            key = self.fresh("k")
            known = self.constant(frozenset(names))
            check = _statements(extra_codes)
            loop = [f"for {key}, {other} in {v}.items():", f"    if {key} not in {known}:"]
            lines.extend(loop + _indent(_indent(check)))
        if not lines:
            return []
        return [lines if is_dict else [f"if isinstance({v}, dict):", *_indent(lines)]]

    def source(self, root: Mapping[str, Any]) -> str:
        """Return the source of every function, the root's check named ``check``."""
        var = self.fresh("v")
        self.function(var, self.schema(root, var, 0), "check")
        return "\n\n".join("\n".join(lines) for lines in self.functions) + "\n"


def _generate(schema: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """Return the source of *schema*'s check and the namespace it runs in."""
    generator = _Generator(schema)
    source = generator.source({k: v for k, v in schema.items() if k != "$defs"})
    return source, generator.namespace


def compile_schema(schema: Mapping[str, Any] | bool) -> Check:
    """Return a function telling whether a document is valid against *schema*.

    The function is generated as Python source and compiled once (see the module's
    docstring); keep it rather than compiling the schema again.

    Raises:
        UnsupportedSchemaError: *schema* uses a keyword or reference this compiler does not
            implement; validate with jsonschema instead.

    """
    if isinstance(schema, bool):
        return lambda _v: schema
    source, namespace = _generate(schema)
    exec(compile(source, "<wikimaint.schema.compile>", "exec"), namespace)  # noqa: S102
    return cast("Check", namespace["check"])
