"""The JSON limits are options (issue 14): ``--max-json-depth`` and ``--max-json-digits``.

Each command that reads JSON refuses, by default, nesting deeper than 100 and integers of
more than 100 digits, in one line that names the limit and the option (exit 2); a raised
limit lets the same input through, to the reader and to the infobox checks alike; a value
that is no sensible limit is a usage error naming the option.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from conftest import TARGET
from test_strict_json import call, extracted
from wikimaint.jsontext import MAX_DEPTH, MAX_DIGITS, MOST_DEPTH, MOST_DIGITS, loads

if TYPE_CHECKING:
    from pathlib import Path

LONG = "7" * 150  # a casualty count of 150 digits: over the default, under 200


def infobox_file(tmp_path: Path) -> Path:
    """Return the target's infobox data with the casualties given as a number of 150 digits."""
    data = extracted()
    entry = data["parameters"]["الإصابات"]
    del entry["wikitext"]  # the value alone says what to write
    entry["value"] = int(LONG)
    path = tmp_path / "صندوق.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    return path


def deep_file(tmp_path: Path, depth: int) -> Path:
    path = tmp_path / "عميق.json"
    path.write_text("[" * depth + "]" * depth, "utf-8")
    return path


def test_the_defaults_are_the_readers() -> None:
    assert (MAX_DEPTH, MAX_DIGITS) == (100, 100)


# --- the default limits, hit ----------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["infobox", "validate"],
        ["infobox", "render"],
        ["infobox", "apply", str(TARGET)],
    ],
)
def test_nesting_past_the_default_names_the_limit_and_the_option(
    tmp_path: Path, argv: list[str]
) -> None:
    path = deep_file(tmp_path, 150)
    code, out, err = call("--lang", "en", *argv, str(path))
    assert (code, out) == (2, "")
    assert err == (
        f"input error: {path}: JSON nested more than 100 deep (--max-json-depth)"
        " at line 1, column 101\n"
    )
    code, _, err = call(*argv, str(path))
    assert code == 2
    assert "أعمق من 100 مستوى" in err and "--max-json-depth" in err and "العمود 101" in err


@pytest.mark.parametrize("step", ["validate", "render", "apply"])
def test_a_long_number_past_the_default_names_the_limit_and_the_option(
    tmp_path: Path, step: str
) -> None:
    path = infobox_file(tmp_path)
    extra = [str(TARGET)] if step == "apply" else []
    code, out, err = call("--lang", "en", "infobox", step, *extra, str(path))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "an integer of more than 100 digits (--max-json-digits) at line " in err
    code, _, err = call("infobox", step, *extra, str(path))
    assert code == 2
    assert "يزيد على 100 رقمًا" in err and "--max-json-digits" in err


# --- raised limits, taken by the reader and the infobox checks alike ------------------------


def test_a_raised_depth_is_read(tmp_path: Path) -> None:
    path = deep_file(tmp_path, 150)
    code, out, err = call("--lang", "en", "validate", str(path), "--max-json-depth", "150")
    assert code == 1, err  # read: it is only no article
    assert err == "" and "schema violation" in out
    code, _, err = call("--lang", "en", "validate", str(path), "--max-json-depth", "149")
    assert code == 2 and "more than 149 deep (--max-json-depth)" in err


def test_the_highest_depth_allowed_is_read_in_full() -> None:
    text = "[" * MOST_DEPTH + "]" * MOST_DEPTH
    value = loads(text, max_depth=MOST_DEPTH)
    for _ in range(MOST_DEPTH - 1):
        (value,) = value
    assert value == []


def test_the_most_digits_allowed_are_read_exactly() -> None:
    digits = "8" * MOST_DIGITS
    assert loads(f"[{digits}]", max_digits=MOST_DIGITS) == [int(digits)]


def test_a_raised_digit_limit_reaches_the_infobox_checks(tmp_path: Path) -> None:
    path = infobox_file(tmp_path)
    limit = ["--max-json-digits", "200"]
    code, out, err = call("--lang", "en", "infobox", "validate", str(path), *limit)
    assert (code, err) == (0, "")
    assert out == f"{path}: the document is valid.\n"
    code, out, err = call("infobox", "render", str(path), *limit)
    assert (code, err) == (0, "")
    assert f"| الإصابات = {LONG}\n" in out
    code, out, err = call("infobox", "apply", str(TARGET), str(path), *limit)
    assert (code, err) == (0, "")
    assert out == TARGET.read_text("utf-8").replace("| الإصابات = 6", f"| الإصابات = {LONG}", 1)


def test_extract_and_apply_agree_on_a_raised_limit(tmp_path: Path) -> None:
    article = tmp_path / "مقالة.wiki"
    text = TARGET.read_text("utf-8").replace("| الإصابات = 6", f"| الإصابات = {LONG}", 1)
    article.write_text(text, "utf-8")
    code, out, _ = call("infobox", "extract", str(article))
    assert code == 0
    assert json.loads(out)["parameters"]["الإصابات"]["issue"] == "not-a-number"
    code, out, _ = call("infobox", "extract", str(article), "--max-json-digits", "150")
    assert code == 0
    entry = json.loads(out)["parameters"]["الإصابات"]
    assert entry["value"] == int(LONG) and "issue" not in entry
    data = tmp_path / "صندوق.json"
    data.write_text(out, "utf-8")
    code, again, err = call("infobox", "apply", str(article), str(data), "--max-json-digits", "150")
    assert (code, err) == (0, "")
    assert again == text  # read back as it was written: nothing changes
    code, _, err = call("--lang", "en", "infobox", "apply", str(article), str(data))
    assert code == 2 and "(--max-json-digits)" in err


def test_the_bot_reads_its_infobox_data_with_the_limits(tmp_path: Path) -> None:
    path = infobox_file(tmp_path)
    argv = ["bot", f"-wikitext:{TARGET}", "--tasks", "infobox", "--infobox", str(path)]
    code, out, err = call("--lang", "en", *argv)
    assert (code, out) == (2, "")
    assert "more than 100 digits (--max-json-digits)" in err
    code, out, err = call("--lang", "en", *argv, "--max-json-digits", "200")
    assert (code, err) == (0, "")
    assert f"+| الإصابات = {LONG}" in out


# --- limits that are no limits --------------------------------------------------------------


@pytest.mark.parametrize("option", ["--max-json-depth", "--max-json-digits"])
@pytest.mark.parametrize("bad", ["0", "-1", "1.5", "inf", "nan", "1e3", "99999", "سبعة", ""])
@pytest.mark.parametrize("argv", [["validate"], ["infobox", "render"]])
def test_a_limit_must_be_a_sensible_whole_number(
    tmp_path: Path, option: str, bad: str, argv: list[str]
) -> None:
    path = tmp_path / "صندوق.json"
    path.write_text(json.dumps(extracted(), ensure_ascii=False), "utf-8")
    code, out, err = call("--lang", "en", *argv, str(path), f"{option}={bad}")
    assert (code, out) == (2, "")
    most = MOST_DEPTH if option == "--max-json-depth" else MOST_DIGITS
    assert err == f"usage error: argument {option}: not a whole number from 1 to {most}: {bad!r}\n"
    code, _, err = call(*argv, str(path), f"{option}={bad}")
    assert code == 2
    assert option in err and f"ليس عددًا صحيحًا من 1 إلى {most}" in err


def test_extract_takes_the_digits_but_not_the_depth() -> None:
    code, _, err = call("--lang", "en", "infobox", "extract", str(TARGET), "--max-json-depth", "5")
    assert code == 2 and "--max-json-depth" in err
