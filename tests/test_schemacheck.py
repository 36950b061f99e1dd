"""The compiled schema check agrees with jsonschema on every document, good or bad.

The compiled check decides alone that a document is valid, so it must never accept what
jsonschema rejects (nor reject what it accepts). The documents are the real ones (the
fixtures, the corpus, their reports, the alias data and template specs) and hypothesis's
mutations of them: values replaced, keys removed or added, list items dropped or doubled.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conftest import CORPUS_FILES, FIXTURE_FILES, ROOT
from wikimaint.citations.check import check_citations
from wikimaint.parse import parse
from wikimaint.schema import is_valid, iter_errors, schema_names, validator
from wikimaint.schemacheck import UnsupportedSchemaError, compile_schema


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
    check = compile_schema(schema)
    reference = Draft202012Validator(schema)
    for value in good:
        assert check(value), value
        assert reference.is_valid(value), value
    for value in bad:
        assert not check(value), value
        assert not reference.is_valid(value), value


@pytest.mark.parametrize(
    "schema",
    [
        {"patternProperties": {"^x": {}}},
        {"$ref": "https://example.org/other.json"},
        {"$ref": "#/$defs/missing"},
        {"items": [{"type": "string"}]},
        {"type": "date"},
        {"dependentRequired": {"a": ["b"]}},
    ],
)
def test_what_it_does_not_know_is_refused_not_ignored(schema: dict[str, Any]) -> None:
    with pytest.raises(UnsupportedSchemaError):
        compile_schema(schema)
