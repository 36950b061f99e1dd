"""Input is read up to a limit (issue 14): /dev/zero or a 50 MB article end in one line, exit 2."""

from __future__ import annotations

import io
import json
import time
from typing import TYPE_CHECKING

import pytest

from conftest import TARGET
from wikimaint.cli.app import run
from wikimaint.errors import InputError
from wikimaint.files import MAX_INPUT_BYTES, read_text

if TYPE_CHECKING:
    from pathlib import Path


def call(*argv: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err, io.BytesIO(stdin) if stdin is not None else None)
    return code, out.getvalue(), err.getvalue()


def test_the_default_is_mediawikis_article_limit_with_room() -> None:
    assert MAX_INPUT_BYTES == 4 * 2048 * 1024  # MediaWiki's $wgMaxArticleSize is 2 MiB


@pytest.mark.parametrize("command", [["check"], ["parse"], ["infobox", "extract"]])
def test_dev_zero_is_refused_quickly(command: list[str]) -> None:
    started = time.monotonic()
    code, out, err = call("--lang", "en", *command, "/dev/zero")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "larger than the input limit of 8 MiB (--max-input)" in err
    assert time.monotonic() - started < 5


def test_a_big_article_is_refused_in_arabic_and_english(tmp_path: Path) -> None:
    big = tmp_path / "كبيرة.wiki"
    big.write_bytes(TARGET.read_bytes() * (9 * 1024 * 1024 // len(TARGET.read_bytes()) + 1))
    code, _, err = call("check", str(big))
    assert code == 2
    assert "أكبر من حد المدخلات 8 MiB" in err and "--max-input" in err
    code, _, err = call("--lang", "en", "check", str(big), "--max-input", "16")
    assert code in {0, 1}, err


def test_standard_input_is_bounded_too() -> None:
    code, _, err = call("--lang", "en", "parse", "-", "--max-input", "1", stdin=b"x" * (2 << 20))
    assert code == 2
    assert "<stdin>" in err and "1 MiB" in err


def test_json_data_is_bounded_too(tmp_path: Path) -> None:
    data = tmp_path / "d.json"
    data.write_text(json.dumps({"x": "ي" * (600 * 1024)}), "utf-8")
    code, _, err = call("--lang", "en", "validate", str(data), "--max-input", "1")
    assert code == 2 and "1 MiB" in err


@pytest.mark.parametrize("bad", ["0", "-1", "inf", "nan", "1e9", "سبعة"])
def test_the_limit_is_a_sensible_number(bad: str) -> None:
    code, _, err = call("--lang", "en", "parse", str(TARGET), f"--max-input={bad}")
    assert code == 2
    assert "--max-input" in err


def test_read_text_names_the_limit() -> None:
    with pytest.raises(InputError) as caught:
        read_text("-", io.BytesIO(b"y" * 11), max_bytes=10)
    assert caught.value.reason == "too-big"
    assert caught.value.fields["limit"] == "10 bytes"


def test_a_bot_run_on_files_goes_on_past_one_too_big(tmp_path: Path) -> None:
    big = tmp_path / "كبيرة.wiki"
    big.write_bytes(b"x" * (2 << 20))
    code, out, err = call("--lang", "en", "bot", f"-wikitext:{big}", f"-wikitext:{TARGET}",
                          "--tasks", "archive-dates", "--max-input", "1")  # fmt: skip
    assert code == 2
    assert err.count("\n") == 1 and "كبيرة.wiki" in err and "1 MiB" in err
    assert f"=== {TARGET.stem.replace('_', ' ')} ===" in out  # the next file was done
