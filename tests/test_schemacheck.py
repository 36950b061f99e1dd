"""The compiled schema check agrees with jsonschema on every document, good or bad.

The compiled check decides alone that a document is valid, so it must never accept what
jsonschema rejects (nor reject what it accepts). The documents are the real ones (the
fixtures, the corpus, their reports, the alias data and template specs) and hypothesis's
mutations of them: values replaced, keys removed or added, list items dropped or doubled.
Random schemas of the supported keywords meet random values too, and the tables below pin
what generated code could get wrong: property names that are not identifiers (or look like
code), booleans among numbers, ``oneOf`` counting, recursion and nesting depth.
"""

from __future__ import annotations

import collections
import copy
import datetime as dt
import doctest
import json
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conftest import CORPUS_FILES, FIXTURE_FILES, ROOT
from wikimaint.citations.check import check_citations
from wikimaint.schema import compile as schemacheck
from wikimaint.schema.compile import UnsupportedSchemaError, compile_schema
from wikimaint.schema.validators import is_valid, iter_errors, schema_names, validator
from wikimaint.wikitext.parse import parse


def _documents() -> list[tuple[str, Any]]:
    docs: list[tuple[str, Any]] = []
    for path in [*FIXTURE_FILES, *CORPUS_FILES]:
        article = parse(path.read_text("utf-8"), title=path.stem)
        docs.append(("article", article.to_dict()))
        report = check_citations(article, today=dt.date(2026, 11, 30))
        docs.append(("report", report.to_dict("ar")))
    data = ROOT / "src" / "wikimaint" / "data"
    docs.append(("template-aliases", json.loads((data / "templates.json").read_text("utf-8"))))
    docs.append(
        ("parameter-aliases", json.loads((data / "citation_parameters.json").read_text("utf-8")))
    )
    docs.extend(
        ("template-spec", json.loads(p.read_text("utf-8")))
        for p in sorted((ROOT / "schemas" / "templates").glob("*.json"))
    )
    return docs


DOCUMENTS = _documents()

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(allow_nan=False, allow_infinity=False, width=16)
    | st.sampled_from(["", "نص", "2024-01-23", "ar", "web", "error", "عنوان"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*path, index)))
    return found


def _verdicts(schema: Any, good: list[Any], bad: list[Any]) -> None:
    """Assert that the compiled check and jsonschema both accept *good* and reject *bad*."""
    check = compile_schema(schema)
    reference = Draft202012Validator(schema)
    for value in good:
        assert check(value) is True, value
        assert reference.is_valid(value), value
    for value in bad:
        assert check(value) is False, value
        assert not reference.is_valid(value), value


def _agree(document: Any, schema: str) -> None:
    expected = Draft202012Validator(validator(schema).schema).is_valid(document)
    assert compile_schema(validator(schema).schema)(document) is expected
    assert is_valid(document, schema) is expected
    assert (not list(iter_errors(document, schema))) is expected


@pytest.mark.parametrize("name", schema_names())
def test_every_published_schema_compiles(name: str) -> None:
    compile_schema(validator(name).schema)


@pytest.mark.parametrize(("schema", "document"), DOCUMENTS, ids=[s for s, _ in DOCUMENTS])
def test_real_documents_are_valid_both_ways(schema: str, document: Any) -> None:
    _agree(document, schema)
    assert is_valid(document, schema)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_documents_get_the_same_verdict(data: st.DataObject) -> None:
    schema, original = data.draw(st.sampled_from(DOCUMENTS), label="document")
    document = copy.deepcopy(original)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        path = data.draw(st.sampled_from(_paths(document)), label="path")
        if not path:
            continue
        *parents, last = path
        parent = document
        for step in parents:
            parent = parent[step]
        action = data.draw(st.sampled_from(["replace", "remove", "add", "double"]))
        if action == "replace":
            parent[last] = data.draw(json_values, label="value")
        elif action == "remove":
            del parent[last]
        elif action == "add" and isinstance(parent, dict):
            parent[data.draw(st.text(max_size=6), label="key")] = data.draw(json_values)
        elif action == "double" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    _agree(document, schema)


@pytest.mark.parametrize(
    ("schema", "good", "bad"),
    [
        ({"type": "integer"}, [1, 1.0, -5], [True, 1.5, "1", None]),
        ({"type": "number"}, [1, 2.5], [False, "٢"]),
        ({"type": ["string", "null"]}, ["نص", None], [0, []]),
        ({"enum": [1, "أ"]}, [1, 1.0, "أ"], [True, "ا", [1]]),
        ({"const": False}, [False], [0, None]),
        (
            {"const": {"a": [1, True]}},
            [{"a": [1.0, True]}],
            [{"a": [1, 1]}, {"a": [1, True], "b": 0}],
        ),
        ({"minimum": 1, "maximum": 3}, [1, 3, "x", True], [0, 3.5]),
        ({"exclusiveMinimum": 0}, [0.1], [0]),
        ({"minLength": 2, "maxLength": 3}, ["غرب", 5], ["غ", "عراق1"]),
        ({"minItems": 1, "uniqueItems": True}, [[1, True], [[1], [True]]], [[], [1, 1.0]]),
        ({"pattern": "^[٠-٩]+$"}, ["٢٠٢٤", 7], ["2024", "٢٠٢٤x"]),
        ({"anyOf": [{"type": "string"}, {"minimum": 5}]}, ["x", 9], [1]),
        ({"oneOf": [{"type": "integer"}, {"minimum": 5}]}, [1, 5.5, "x"], [6]),
        ({"allOf": [{"type": "integer"}, {"minimum": 5}]}, [5], [4, 5.5]),
        ({"not": {"type": "string"}}, [1], ["x"]),
        (
            {"if": {"type": "string"}, "then": {"minLength": 2}, "else": {"type": "integer"}},
            ["ab", 3],
            ["a", 2.5],
        ),
        (
            {
                "properties": {"a": {"type": "string"}},
                "required": ["a"],
                "additionalProperties": False,
            },
            [{"a": "x"}, "not an object"],
            [{}, {"a": 1}, {"a": "x", "b": 1}],
        ),
        ({"additionalProperties": {"type": "integer"}}, [{"x": 1}], [{"x": "1"}]),
        ({"items": {"type": "string"}}, [["أ", "ب"], {}], [["أ", 1]]),
        (
            {
                "$defs": {
                    "node": {
                        "type": "object",
                        "properties": {"children": {"items": {"$ref": "#/$defs/node"}}},
                    }
                },
                "$ref": "#/$defs/node",
            },
            [{"children": [{"children": []}]}],
            [{"children": [{"children": [1]}]}],
        ),
        (True, [1, None], []),
        (False, [], [1, None]),
    ],
)
def test_keywords_follow_draft_2020_12(schema: Any, good: list[Any], bad: list[Any]) -> None:
    _verdicts(schema, good, bad)


@pytest.mark.parametrize(
    "schema",
    [
        {"patternProperties": {"^x": {}}},
        {"$ref": "https://example.org/other.json"},
        {"$ref": "#/$defs/missing"},
        {"items": [{"type": "string"}]},
        {"type": "date"},
        {"dependentRequired": {"a": ["b"]}},
        {"minimum": True},
        {"properties": {"a": {"items": {"anyOf": [{"not": {"type": "date"}}]}}}},
        {"if": {"patternProperties": {}}},
        {"if": True, "else": {"$ref": "other.json#/$defs/a"}},
        {"additionalProperties": {"$ref": "#/$defs/missing"}, "$defs": {}},
        {"$defs": {"a": {"propertyNames": {}}}, "$ref": "#/$defs/a"},
    ],
)
def test_what_it_does_not_know_is_refused_not_ignored(schema: dict[str, Any]) -> None:
    with pytest.raises(UnsupportedSchemaError):
        compile_schema(schema)


def test_what_is_never_used_is_not_compiled() -> None:
    # As before: an unreferenced definition, or "then" without "if", is not looked at
    # (jsonschema ignores both too).
    for schema in [
        {"$defs": {"unused": {"propertyNames": {}}}, "type": "string"},
        {"then": {"propertyNames": {}}, "type": "string"},
    ]:
        check = compile_schema(schema)
        assert check("نص")
        assert not check(1)


def test_the_module_docstring_example_runs() -> None:
    failures, tried = doctest.testmod(schemacheck)
    assert tried >= 2
    assert failures == 0


ODD_NAMES = [
    "عنوان",
    "تاريخ الوصول",
    "",
    " ",
    "'",
    '"',
    '"""',
    "\\'''",
    "a'b\"c",
    "\\",
    "back\\slash\\",
    "\\n",
    "line\nbreak",
    "\r\n",
    "\t",
    "\x00",
    "\u2028",
    "\ud800",
    "{v}",
    "{0}",
    "%s",
    "v1",
    "n2",
    "_k3",
    "check",
    "_MISSING",
    "True",
    "None",
    "__import__('os')._exit(3)",
    "'); raise SystemExit('escaped') #",
    '"]: return True\n    #',
    "x = 1\nreturn True",
    "# comment",
    "\\N{ARABIC LETTER ALEF}",
    "ا" * 300,
]


@pytest.mark.parametrize("closed", [True, False])
def test_property_names_are_data_never_code(closed: bool) -> None:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {name: {"const": name} for name in ODD_NAMES},
        "required": ODD_NAMES[::2],
        "additionalProperties": not closed,
    }
    check = compile_schema(schema)
    reference = Draft202012Validator(schema)
    everything: dict[str, Any] = {name: name for name in ODD_NAMES}
    cases: list[dict[str, Any]] = [everything, {name: name for name in ODD_NAMES[::2]}]
    for name in ODD_NAMES:
        cases.append({k: v for k, v in everything.items() if k != name})  # one missing
        cases.append({**everything, name: name + "!"})  # one wrong
        cases.append({**everything, name + "!": name})  # one extra
        cases.append({**everything, name: 1})
    for document in cases:
        assert check(document) is reference.is_valid(document), document
    assert check(everything)
    assert check({**everything, "extra": 1}) is not closed
    assert not check({**everything, ODD_NAMES[0]: None})


def test_odd_names_in_enum_required_and_additional_properties() -> None:
    schema = {
        "enum": [None, *ODD_NAMES, {"'": "'", '"""': "\\"}],
        "required": ["'", '"""'],
        "additionalProperties": {"enum": ODD_NAMES},
    }
    check = compile_schema(schema)
    reference = Draft202012Validator(schema)
    values: list[Any] = [*ODD_NAMES, None, 0, False, "'!", {"'": "'", '"""': "\\"}]
    values += [{"'": 1, '"""': 2}, {"'": 1}, {"'": "'", '"""': "\\", "\\": "{v}"}]
    for value in values:
        assert check(value) is reference.is_valid(value), value
    assert check("_MISSING")
    assert check({"'": "'", '"""': "\\"})
    assert not check("__import__('os')")


@pytest.mark.parametrize(
    ("schema", "good", "bad"),
    [
        ({"type": "integer"}, [0, -7, 2.0, -0.0, 10**30, 1e300], [True, False, 2.5, "2", None]),
        ({"type": "number"}, [0, 0.5, -3, 10**30], [True, False, "0", None, [0]]),
        ({"type": "boolean"}, [True, False], [0, 1, 0.0, None, "true"]),
        ({"type": ["integer", "boolean"]}, [1, 1.0, True], [1.5, None]),
        ({"enum": [1]}, [1, 1.0], [True, "1", [1]]),
        ({"enum": [True]}, [True], [1, 1.0, "true", False]),
        ({"enum": [0, None]}, [0, 0.0, -0.0, None], [False, "", []]),
        ({"enum": [None, "a"]}, [None, "a"], ["A", False, 0, ["a"]]),
        ({"enum": ["1", 2.5]}, ["1", 2.5], [1, "2.5", True]),
        ({"const": 0}, [0, 0.0], [False, None, "0"]),
        ({"const": False}, [False], [0, 0.0, None, True]),
        ({"const": 1.0}, [1, 1.0], [True, 1.5]),
        ({"const": [1, True]}, [[1.0, True]], [[True, 1], [1, 1], [1, True, None]]),
        ({"const": {"a": True}}, [{"a": True}], [{"a": 1}, {"a": 1.0}, {}]),
        ({"const": None}, [None], [False, 0, "", []]),
        ({"minimum": 0}, [0, 0.0, True, False, "x", None], [-1, -0.5]),
        ({"maximum": 0}, [0, True, "x"], [1, 0.5]),
        ({"type": "integer", "exclusiveMaximum": 1}, [0, 0.0], [1, 1.0, True, False]),
        ({"uniqueItems": True}, [[1, True], [0, False], [[1], [True]]], [[1, 1.0], [False, False]]),
    ],
)
def test_booleans_are_not_numbers(schema: Any, good: list[Any], bad: list[Any]) -> None:
    _verdicts(schema, good, bad)


@pytest.mark.parametrize(
    ("branches", "matching"),
    [
        ([], 0),
        ([{"type": "string"}], 1),
        ([{"type": "string"}, {"type": "string"}], 2),
        ([{"type": "string"}, {"minLength": 2}], 2),
        ([{"type": "string"}, {"minLength": 9}], 1),
        ([{"type": "string"}, {"minLength": 2}, {"pattern": "^ع"}], 3),
        ([{"type": "integer"}, {"minLength": 9}, {"pattern": "x"}], 0),
        ([False, {"not": {"type": "string"}}, True], 1),
        ([{"type": "object"}, {"required": ["x"]}, {"type": "array"}], 1),
    ],
)
def test_one_of_counts_every_branch(branches: list[Any], matching: int) -> None:
    check = compile_schema({"oneOf": branches})
    reference = Draft202012Validator({"oneOf": branches})
    assert check("عراق") is (matching == 1)
    assert reference.is_valid("عراق") is (matching == 1)
    others: list[Any] = [{"x": 1}, [], None]
    for value in others:
        assert check(value) is reference.is_valid(value), value


@pytest.mark.parametrize(
    ("schema", "good", "bad"),
    [
        ({"if": {"type": "string"}}, ["x", 1, None, {}], []),
        ({"if": False}, ["x", 1], []),
        ({"if": {"type": "string"}, "then": {"minLength": 2}}, ["ab", 1, None], ["a", ""]),
        ({"if": {"type": "string"}, "else": {"type": "integer"}}, ["a", 1, 2.0], [1.5, None]),
        ({"if": {"minimum": 3}, "then": False, "else": True}, [2, 2.5], [3, 4.5, "x", None]),
        ({"then": False, "else": False}, [1, "x", None], []),
        (
            {"if": {"required": ["a"]}, "then": {"required": ["b"]}},
            [{}, {"a": 1, "b": 2}],
            [{"a": 1}],
        ),
    ],
)
def test_if_with_and_without_then_and_else(schema: Any, good: list[Any], bad: list[Any]) -> None:
    _verdicts(schema, good, bad)


TREE = {
    "$defs": {
        "node": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "next": {"anyOf": [{"$ref": "#/$defs/node"}, {"type": "null"}]},
                "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
            },
            "additionalProperties": False,
        }
    },
    "$ref": "#/$defs/node",
}


def _chain(depth: int, last: Any) -> Any:
    node: Any = last
    for n in range(depth):
        node = {"name": f"عقدة {n}", "children": [node]} if n % 2 else {"name": "س", "next": node}
    return node


@pytest.mark.parametrize("depth", [0, 1, 2, 30, 200])
def test_recursion_through_ref_goes_deep(depth: int) -> None:
    check = compile_schema(TREE)
    good = _chain(depth, {"name": "ورقة", "next": None})
    assert check(good) is True
    bad_leaves = [
        {"name": 1},
        {"next": None},
        {"name": "ورقة", "x": 1},
        {"name": "x", "children": [1]},
    ]
    for leaf in bad_leaves:
        assert check(_chain(depth, leaf)) is False, leaf
    if depth <= 30:  # jsonschema spends many more stack frames per level
        reference = Draft202012Validator(TREE)
        assert reference.is_valid(good)
        assert not any(reference.is_valid(_chain(depth, leaf)) for leaf in bad_leaves)


def test_recursion_costs_one_frame_per_level() -> None:
    # Closures spent several frames per level of a document, so a few hundred levels
    # overflowed the stack; the generated code spends one per $ref it follows.
    depth = sys.getrecursionlimit() // 2
    assert compile_schema(TREE)(_chain(depth, {"name": "ورقة"})) is True


def _nest(depth: int, leaf: Any, kind: str) -> Any:
    value = leaf
    for n in range(depth):
        value = [value] if kind == "array" else {f"p{n % 3}": value}
    return value


@pytest.mark.parametrize("depth", [1, 7, 25, 60])
def test_deeply_nested_schemas_compile_and_agree(depth: int) -> None:
    # Past a few levels the generated code calls helper functions rather than nesting
    # blocks: Python refuses more than 20 nested loops in one function.
    items: Any = {"type": "integer"}
    props: Any = {"type": "string"}
    negations: Any = {"type": "null"}
    for n in range(depth):
        items = {"type": "array", "items": items, "minItems": 1}
        props = {"type": "object", "properties": {f"p{n % 3}": props}, "required": [f"p{n % 3}"]}
        negations = {"not": negations} if n % 2 else {"anyOf": [negations, False]}
    for schema, kind, leaf, wrong in [(items, "array", 1, "1"), (props, "object", "x", 1)]:
        good = _nest(depth, leaf, kind)
        bad = [_nest(depth, wrong, kind), _nest(depth - 1, leaf, kind)]
        check = compile_schema(schema)
        assert check(good) is True
        assert not any(check(value) for value in bad)
        if depth <= 25:
            reference = Draft202012Validator(schema)
            assert reference.is_valid(good)
            assert not any(reference.is_valid(value) for value in bad)
    check = compile_schema(negations)
    expected = depth % 4 in {0, 1}  # one anyOf, then pairs of (not, anyOf) around null
    for value in [None, 1, "x"]:
        assert check(value) is (expected if value is None else not expected), value
    if depth <= 25:
        assert Draft202012Validator(negations).is_valid(None) is expected


def test_dict_subclasses_are_objects_and_are_left_alone() -> None:
    schema = {
        "type": "object",
        "required": ["a"],
        "properties": {"a": {"type": "integer"}, "b": {"type": "string"}},
        "additionalProperties": False,
    }
    check = compile_schema(schema)
    assert check(collections.OrderedDict(a=1, b="x"))
    missing: collections.defaultdict[str, Any] = collections.defaultdict(int, b="x")
    assert not check(missing)
    assert dict(missing) == {"b": "x"}  # no default was made up for "a"
    assert not check(collections.defaultdict(int, a=1, c=2))
    assert check(collections.defaultdict(int, a=1))


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.sampled_from([0.0, -0.0, 1.0, 1.5, 2.0])
    | st.sampled_from(["", "a", "ab", "٢٠", *ODD_NAMES[:10]])
)
names = st.sampled_from(["a", "b", "عنوان", *ODD_NAMES[4:12], "v1", "_MISSING"])
any_json = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(names, inner, max_size=3),
    max_leaves=8,
)
type_names = st.sampled_from(["object", "array", "string", "integer", "number", "boolean", "null"])
CONDITIONS = [("if",), ("if", "then"), ("if", "else"), ("if", "then", "else"), ("then", "else")]


def _schemas(defs: list[str]) -> st.SearchStrategy[Any]:
    leaves = st.one_of(
        st.booleans(),
        st.just({}),
        st.builds(lambda t: {"type": t}, type_names | st.lists(type_names, max_size=3)),
        st.builds(lambda e: {"enum": e}, st.lists(json_scalars, max_size=4)),
        st.builds(lambda c: {"const": c}, any_json),
        st.builds(
            lambda k, n: {k: n},
            st.sampled_from(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]),
            st.sampled_from([0, 1, 1.5, -1]),
        ),
        st.builds(
            lambda k, n: {k: n},
            st.sampled_from(["minLength", "maxLength", "minItems", "maxItems"]),
            st.integers(0, 3),
        ),
        st.builds(lambda p: {"pattern": p}, st.sampled_from(["^a", "b$", "\\d", "^[٠-٩]+$"])),
        st.builds(lambda u: {"uniqueItems": u}, st.booleans()),
        st.just({"description": "ملاحظة", "format": "date", "title": "t"}),
        *([st.builds(lambda d: {"$ref": "#/$defs/" + d}, st.sampled_from(defs))] if defs else []),
    )

    def extend(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return st.one_of(
            st.builds(
                lambda a, b: {**a, **b} if isinstance(a, dict) and isinstance(b, dict) else a,
                leaves,
                inner,
            ),
            st.builds(
                lambda k, branches: {k: branches},
                st.sampled_from(["anyOf", "oneOf", "allOf"]),
                st.lists(inner, max_size=3),
            ),
            st.builds(lambda s: {"not": s}, inner),
            st.builds(lambda s: {"items": s}, inner),
            st.builds(
                lambda keys, parts: dict(zip(keys, parts, strict=False)),
                st.sampled_from(CONDITIONS),
                st.tuples(inner, inner, inner),
            ),
            st.builds(
                lambda props, required, extra, typed: {
                    **({"type": "object"} if typed else {}),
                    "properties": props,
                    **({"required": required} if required is not None else {}),
                    **({"additionalProperties": extra} if extra is not None else {}),
                },
                st.dictionaries(names, inner, max_size=3),
                st.none() | st.lists(names, max_size=3),
                st.none() | inner,
                st.booleans(),
            ),
        )

    return st.recursive(leaves, extend, max_leaves=10)


_IN_PLACE = ("allOf", "anyOf", "oneOf", "not", "if", "then", "else")


def _refs_in_place(node: Any) -> set[str]:
    """Return the definitions *node* applies to the same instance (not to a part of it)."""
    if not isinstance(node, dict):
        return set()
    found = {node["$ref"].rpartition("/")[2]} if "$ref" in node else set()
    for key in _IN_PLACE:
        value = node.get(key)
        for part in value if isinstance(value, list) else [value]:
            found |= _refs_in_place(part)
    return found


def _loops_in_place(defs: dict[str, Any]) -> bool:
    """Return whether a definition reaches itself without going into the instance.

    Such a schema recurses forever on any value: jsonschema's answer then depends on how
    deep the stack is, and the Rust side of ``referencing`` may panic instead of raising
    RecursionError, so no verdict can be compared.
    """
    edges = {name: _refs_in_place(schema) for name, schema in defs.items()}
    for start, targets in edges.items():
        seen, todo = set(), list(targets)
        while todo:
            name = todo.pop()
            if name == start:
                return True
            if name not in seen:
                seen.add(name)
                todo.extend(edges.get(name, ()))
    return False


@st.composite
def _schema_with_defs(draw: st.DrawFn) -> dict[str, Any]:
    defs = draw(st.lists(st.sampled_from(["a", "b", "عقدة"]), unique=True, max_size=2))
    root = draw(_schemas(defs).filter(lambda s: isinstance(s, dict)))
    definitions = {name: draw(_schemas(defs)) for name in defs}
    assume(not _loops_in_place(definitions))
    return {**root, "$defs": definitions}


def test_a_loop_in_place_is_told_from_a_loop_through_the_instance() -> None:
    assert _loops_in_place({"a": {"not": {"$ref": "#/$defs/a"}}})
    assert _loops_in_place({"a": {"$ref": "#/$defs/b"}, "b": {"anyOf": [{"$ref": "#/$defs/a"}]}})
    assert not _loops_in_place({"a": {"items": {"$ref": "#/$defs/a"}}})
    assert not _loops_in_place({"a": {"properties": {"x": {"not": {"$ref": "#/$defs/a"}}}}})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schema=_schema_with_defs(), values=st.lists(any_json, min_size=1, max_size=5))
def test_random_schemas_get_the_same_verdict(schema: Any, values: list[Any]) -> None:
    check = compile_schema(schema)
    reference = Draft202012Validator(schema)
    for value in values:
        try:
            expected = reference.is_valid(value)
        except RecursionError:  # a definition that refers to itself without going deeper
            with pytest.raises(RecursionError):
                check(value)
            continue
        assert check(value) is expected, value
