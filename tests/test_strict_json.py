"""JSON inputs read strictly (issue 14, items 3 and 4): no NaN, no Infinity, bounded sizes."""

from __future__ import annotations

import io
import json
import math
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TARGET
from wikimaint.cli.app import run
from wikimaint.errors import DataError
from wikimaint.infobox import apply, render
from wikimaint.infobox.data import validate_data
from wikimaint.jsontext import MAX_DIGITS, JSONLimitError, loads
from wikimaint.wikitext.parse import parse

if TYPE_CHECKING:
    from pathlib import Path


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err, None)
    return code, out.getvalue(), err.getvalue()


def extracted() -> dict[str, Any]:
    code, out, err = call("infobox", "extract", str(TARGET))
    assert (code, err) == (0, "")
    data: dict[str, Any] = json.loads(out)
    return data


def data_text(value: str) -> str:
    """Return the target's infobox data with the casualties' value written as *value*."""
    text = json.dumps(extracted(), ensure_ascii=False, indent=1)
    return text.replace('"value": 6', f'"value": {value}', 1)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("NaN", "not a finite number"),
        ("Infinity", "not a finite number"),
        ("-Infinity", "not a finite number"),
        ("1e999", "not a finite number"),
        ("9" * 4000, f"more than {MAX_DIGITS} digits"),
        ("9" * 5000, f"more than {MAX_DIGITS} digits"),
    ],
)
@pytest.mark.parametrize("step", ["validate", "render", "apply"])
def test_infobox_data_numbers_must_be_finite_and_bounded(
    tmp_path: Path, value: str, problem: str, step: str
) -> None:
    path = tmp_path / "infobox.json"
    path.write_text(data_text(value), "utf-8")
    extra = [str(TARGET)] if step == "apply" else []
    code, out, err = call("--lang", "en", "infobox", step, *extra, str(path))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert problem in err
    line = data_text(value)[: data_text(value).index(value)].count("\n") + 1
    assert f"{path}: " in err and f"line {line}, column " in err
    code, _, err = call("infobox", step, *extra, str(path))
    assert code == 2
    assert "ليس عددًا منتهيًا" in err or "يزيد على 100 رقمًا" in err


def test_a_hundred_thousand_deep_array_is_refused_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    for argv in (["validate", str(path)], ["infobox", "validate", str(path)]):
        code, _, err = call("--lang", "en", *argv)
        assert code == 2, err
        assert "nested more than 100 deep (--max-json-depth) at line 1, column 101" in err


def test_json_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "infobox.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(extracted(), ensure_ascii=False).encode())
    code, out, err = call("--lang", "en", "infobox", "validate", str(path))
    assert (code, err) == (0, ""), err
    assert out == f"{path}: the document is valid.\n"


def with_value(value: float) -> dict[str, Any]:
    data = extracted()
    entry = data["parameters"]["الإصابات"]
    entry.pop("wikitext", None)
    entry["value"] = value
    return data


@pytest.mark.parametrize(
    "value",
    [math.nan, math.inf, -math.inf, 10**4000, -(10**200)],
    ids=["nan", "inf", "-inf", "4001-digits", "-201-digits"],
)
def test_library_refuses_numbers_it_cannot_write(value: float) -> None:
    data = with_value(value)
    with pytest.raises(DataError) as caught:
        validate_data(data)
    assert caught.value.errors[0][0] == "/parameters/الإصابات/value"
    with pytest.raises(DataError):
        render(data)
    with pytest.raises(DataError):
        apply(parse(TARGET.read_text("utf-8")), data)


def test_big_numbers_within_the_limit_are_written_exactly() -> None:
    text = render(with_value(10**30 + 1))
    assert "1000000000000000000000000000001" in text


json_leaves = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text()
    | st.sampled_from([10**100, -(10**150), 10**99])
)
json_like = st.recursive(
    json_leaves, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=30
)


def unwritable(value: Any) -> bool:
    """Return whether *value* holds a number strict reading refuses."""
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return abs(value) >= 10**MAX_DIGITS
    if isinstance(value, list):
        return any(unwritable(item) for item in value)
    if isinstance(value, dict):
        return any(unwritable(item) for item in value.values())
    return False


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_like)
def test_strict_reading_refuses_exactly_what_cannot_be_written(value: Any) -> None:
    text = json.dumps(value)  # writes NaN and Infinity, as Python does
    if unwritable(value):
        with pytest.raises(JSONLimitError, match=r"at line 1, column \d+"):
            loads(text)
    else:
        assert loads(text) == json.loads(text)


@pytest.mark.parametrize("digits", ["9" * 400, "١" * 120, "123456789012345678901234567890"])
def test_extract_writes_only_strict_json_for_long_numbers(tmp_path: Path, digits: str) -> None:
    text = TARGET.read_text("utf-8")
    article = tmp_path / "مقالة.wiki"
    article.write_text(text.replace("| الإصابات = 6", f"| الإصابات = {digits}", 1), "utf-8")
    code, out, err = call("infobox", "extract", str(article))
    assert (code, err) == (0, "")
    entry = loads(out)["parameters"]["الإصابات"]
    if len(digits) > MAX_DIGITS:
        assert entry.get("value") is None
    else:
        assert entry["value"] == int(digits)  # exactly, not through a float


any_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
    | st.sampled_from([10**120, "[[رابط]]", "{{قالب|x}}", "|", "=", "\u202e"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["value", "wikitext", "name", "x"]), inner, max_size=4
    ),
    max_leaves=12,
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    changes=st.dictionaries(st.sampled_from(["الإصابات", "التاريخ", "الضحايا", "لون", "x"]),
                            any_value, max_size=3),
    top=st.dictionaries(st.sampled_from(["template", "canonical", "$schema", "style"]), any_value,
                        max_size=2),
    step=st.sampled_from(["validate", "render", "apply"]),
)  # fmt: skip
def test_any_infobox_data_is_an_answer_never_an_internal_error(
    tmp_path: Path, changes: dict[str, Any], top: dict[str, Any], step: str
) -> None:
    data = extracted()
    data.update(top)
    data["parameters"].update(changes)
    path = tmp_path / "infobox.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    extra = [str(TARGET)] if step == "apply" else []
    code, _, err = call("--lang", "en", "infobox", step, *extra, str(path))
    assert code in {0, 1, 2}, err
    assert "internal error" not in err


json_ish = st.lists(
    st.sampled_from([b"[", b"]", b"{", b"}", b'"a"', b":", b",", b"NaN", b"-Infinity", b"1e999",
                     b"9" * 200, b"0.5", b"null", b"\xef\xbb\xbf", b"\xff", b" ", b'"\\u', b"\n"]),
    max_size=40,
).map(b"".join) | st.binary(max_size=64)  # fmt: skip


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=json_ish)
def test_any_bytes_given_as_json_are_an_answer_in_one_line(data: bytes) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = run(["--lang", "en", "validate", "-"], out, err, io.BytesIO(data))
    assert code in {0, 1, 2}, err.getvalue()
    if code == 2:
        assert err.getvalue().count("\n") == 1
