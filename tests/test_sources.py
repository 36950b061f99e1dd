"""Reading input with clear errors, and writing files whole or not at all."""

from __future__ import annotations

import io

import pytest

from wikimaint.errors import EncodingError, InputError
from wikimaint.files import decode, read_json, read_text, write_atomic


def test_bom_and_arabic_survive() -> None:
    assert decode("\ufeffغارات".encode(), "x") == "\ufeffغارات"


def test_encoding_error_has_its_place() -> None:
    with pytest.raises(EncodingError) as raised:
        decode("أ\nبـ".encode() + b"\xc3(", "مقالة.wiki")
    error = raised.value
    assert (error.offset, error.line, error.column) == (7, 2, 3)
    assert error.reason == "encoding"


def test_windows_1256_arabic_is_refused_not_mangled() -> None:
    with pytest.raises(EncodingError):
        decode("غارات".encode("cp1256"), "x")


def test_stdin_and_json(tmp_path) -> None:
    assert read_text("-", io.BytesIO("بغداد".encode())) == ("بغداد", "<stdin>")
    path = tmp_path / "d.json"
    path.write_text('{"عنوان": "أ"}', "utf-8")
    assert read_json(str(path)) == {"عنوان": "أ"}
    with pytest.raises(InputError, match="not valid JSON"):
        read_json("-", io.BytesIO(b"[1,"))


def test_write_atomic_replaces_whole_or_leaves_the_old_file(tmp_path) -> None:
    target = tmp_path / "مقالة.wiki"
    target.write_text("قديم", "utf-8")
    write_atomic(target, "جديد\n")
    assert target.read_text("utf-8") == "جديد\n"

    with pytest.raises(TypeError):
        write_atomic(target, 5)  # type: ignore[arg-type]
    assert target.read_text("utf-8") == "جديد\n"
    assert [p.name for p in tmp_path.iterdir()] == ["مقالة.wiki"]  # no temporary left behind


def test_write_atomic_writes_lines_as_they_come_whole_or_not_at_all(tmp_path) -> None:
    target = tmp_path / "findings.jsonl"
    target.write_text("قديم\n", "utf-8")
    write_atomic(target, (f'{{"n": {n}}}\n' for n in range(3)))
    assert target.read_text("utf-8") == '{"n": 0}\n{"n": 1}\n{"n": 2}\n'

    def broken():
        yield "سطر أول\n"
        raise KeyboardInterrupt  # the run stopped half-way through the export

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, broken())
    assert target.read_text("utf-8") == '{"n": 0}\n{"n": 1}\n{"n": 2}\n'
    assert [p.name for p in tmp_path.iterdir()] == ["findings.jsonl"]
    with pytest.raises(TypeError):
        write_atomic(target, b"bytes")  # type: ignore[arg-type]
