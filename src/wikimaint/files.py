"""Reading input and writing output files, with errors that say where the problem is.

Input is UTF-8 (a BOM is tolerated and kept); bytes that are not UTF-8 raise
:class:`~wikimaint.errors.EncodingError` with the byte offset, line and column of the first
bad byte. Output files are written whole or not at all (:func:`write_atomic`).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from wikimaint.errors import EncodingError, InputError
from wikimaint.jsontext import JSONLimitError, loads

__all__ = ["decode", "read_json", "read_text", "unwritable", "write_atomic", "write_output"]


def decode(data: bytes, source: str) -> str:
    """Return *data* decoded as UTF-8, or raise EncodingError naming where it breaks.

    >>> decode("عراق".encode(), "x")
    'عراق'
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        good = data[: error.start]
        line = good.count(b"\n") + 1
        column = len(good[good.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise EncodingError(source, error.start, line, column) from None


def read_text(path: str, stdin: BinaryIO | None = None) -> tuple[str, str]:
    """Return ``(text, source_name)`` read from *path*, or from standard input for ``-``."""
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return decode(stream.read(), "<stdin>"), "<stdin>"
    file = Path(path)
    if file.is_dir():
        raise InputError(f"{path}: is a directory, not a file", reason="directory", source=path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file", reason="not-found", source=path) from None
    except OSError as error:
        raise InputError(
            f"{path}: cannot be read ({error.strerror})",
            reason="unreadable",
            source=path,
            detail=error.strerror,
        ) from None
    return decode(data, path), path


def read_json(path: str, stdin: BinaryIO | None = None) -> Any:
    """Return the JSON document in *path* (``-`` for standard input), read strictly.

    No NaN or Infinity, nesting and integers bounded (:mod:`wikimaint.jsontext`); a
    leading byte-order mark is skipped.
    """
    text, source = read_text(path, stdin)
    try:
        return loads(text)
    except JSONLimitError as error:
        error.fields["source"] = source
        error.args = (f"{source}: {error}",)
        raise
    except json.JSONDecodeError as error:
        raise InputError(
            f"{source}: not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}",
            reason="json",
            source=source,
            line=error.lineno,
            column=error.colno,
            detail=error.msg,
        ) from None


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write *text* to *path* whole or not at all: a temporary file renamed into place."""
    target = Path(path)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        Path(temp).replace(target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def unwritable(path: str | os.PathLike[str], error: OSError) -> InputError:
    """Return the ``unwritable`` InputError that says why *path* could not be written."""
    detail = error.strerror or type(error).__name__
    return InputError(
        f"{path}: cannot be written ({detail})",
        reason="unwritable",
        source=str(path),
        detail=detail,
    )


def write_output(path: str | os.PathLike[str], text: str) -> None:
    """Write *text* to *path* whole or not at all; failing, raise an ``unwritable`` InputError."""
    try:
        write_atomic(path, text)
    except OSError as error:
        raise unwritable(path, error) from None
