"""Reading input and writing output files, with errors that say where the problem is.

Input is UTF-8 (a BOM is tolerated and kept); bytes that are not UTF-8 raise
:class:`~wikimaint.errors.EncodingError` with the byte offset, line and column of the first
bad byte. Output files are written whole or not at all, and faithfully (:func:`write_atomic`).
"""

from __future__ import annotations

import glob
import json
import os
import stat
import sys
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any, BinaryIO, Final

from wikimaint.errors import EncodingError, InputError, OutputError
from wikimaint.i18n import register
from wikimaint.jsontext import MAX_DEPTH, MAX_DIGITS, JSONLimitError, loads

__all__ = [
    "MAX_INPUT_BYTES",
    "decode",
    "read_json",
    "read_text",
    "size_text",
    "temporary_beside",
    "unwritable",
    "write_atomic",
]

for _key, _texts in {
    "input.too-big": {
        "ar": "{source}: أكبر من حد المدخلات {limit} (\u200e--max-input\u200e)، فلم يُقرأ",
        "en": "{source}: larger than the input limit of {limit} (--max-input); not read",
    },
    "error.output": {"ar": "خطأ في الإخراج: {detail}", "en": "output error: {detail}"},
    "output.read-only": {
        "ar": "{path}: الملف للقراءة فقط، فلم يُكتب شيء (اجعله قابلًا للكتابة أولًا)",
        "en": "{path}: the file is read-only, so nothing was written (make it writable first)",
    },
    "output.hard-links": {
        "ar": "{path}: للملف {links_ar}، وكتابة ملف جديد تفصل بينها، فلم يُكتب شيء",
        "en": "{path}: the file has {links} hard links and a new file would split them,"
        " so nothing was written",
    },
    "output.unwritable": {
        "ar": "{path}: تتعذر الكتابة ({detail})، ولم يتغير الملف",
        "en": "{path}: cannot be written ({detail}); the file is unchanged",
    },
    "output.directory": {
        "ar": "{path}: هذا مجلد وليس ملفًا",
        "en": "{path}: is a directory, not a file",
    },
}.items():  # fmt: skip
    register(_key, _texts)


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


MAX_INPUT_BYTES: Final = 4 * 2048 * 1024
"""Largest input read by default: four times MediaWiki's article limit ($wgMaxArticleSize)."""


def size_text(count: int) -> str:
    """Return *count* bytes as people write it: ``8 MiB``, ``1.5 MiB``, ``10 bytes``.

    >>> size_text(8 * 1024 * 1024), size_text(10)
    ('8 MiB', '10 bytes')
    """
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):g} MiB"
    return f"{count} bytes"


def _too_big(source: str, limit: int) -> InputError:
    shown = size_text(limit)
    return InputError(
        f"{source}: larger than the input limit of {shown} (--max-input)",
        reason="too-big",
        source=source,
        limit=shown,
    )


def read_text(
    path: str, stdin: BinaryIO | None = None, *, max_bytes: int = MAX_INPUT_BYTES
) -> tuple[str, str]:
    """Return ``(text, source_name)`` read from *path*, or from standard input for ``-``.

    At most *max_bytes* are read: a longer input (``/dev/zero`` included) raises
    InputError (reason ``too-big``) naming the limit, having read one byte more.
    """
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise _too_big("<stdin>", max_bytes)
        return decode(data, "<stdin>"), "<stdin>"
    file = Path(path)
    if file.is_dir():
        raise InputError(f"{path}: is a directory, not a file", reason="directory", source=path)
    try:
        with file.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file", reason="not-found", source=path) from None
    except OSError as error:
        raise InputError(
            f"{path}: cannot be read ({error.strerror})",
            reason="unreadable",
            source=path,
            detail=error.strerror,
        ) from None
    if len(data) > max_bytes:
        raise _too_big(path, max_bytes)
    return decode(data, path), path


def read_json(
    path: str,
    stdin: BinaryIO | None = None,
    *,
    max_bytes: int = MAX_INPUT_BYTES,
    max_depth: int = MAX_DEPTH,
    max_digits: int = MAX_DIGITS,
) -> Any:
    """Return the JSON document in *path* (``-`` for standard input), read strictly.

    No NaN or Infinity, nesting at most *max_depth* deep and integers of at most
    *max_digits* digits (:mod:`wikimaint.jsontext`); a leading byte-order mark is skipped.
    """
    text, source = read_text(path, stdin, max_bytes=max_bytes)
    try:
        return loads(text, max_depth=max_depth, max_digits=max_digits)
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


def write_atomic(path: str | os.PathLike[str], text: str | Iterable[str]) -> None:
    """Write *text* (a string, or lines as they come) to *path* whole or not at all, faithfully.

    The text goes to a temporary file beside the target, which is then renamed into
    place, so a reader sees the old file or the new one, never half of one. The new file
    keeps the old one's mode and owner; a symlink is written through (its target is
    replaced, the link stays); a file with other hard links, or a read-only one, is
    refused rather than split or overwritten. A new file gets the mode the umask allows.
    A path that is not a regular file (``/dev/stdout``, a pipe) is written to directly.

    The temporary is called ``.NAME.PID.wikimaint-tmp``: when a run is killed half-way,
    the next write to the same file removes it (its process is gone).

    Raises:
        OutputError: nothing was written, and the file is as it was (the reason says why).

    """
    given: object = text  # callers without types may pass bytes or a number
    if isinstance(given, bytes | bytearray) or not isinstance(given, str | Iterable):
        raise TypeError(f"write_atomic writes text, not {type(given).__name__}")
    chunks = [text] if isinstance(text, str) else text
    shown = os.fspath(path)
    try:
        target = Path(os.path.realpath(path))
        try:
            old: os.stat_result | None = target.stat()
        except FileNotFoundError:
            old = None
        if old is not None and not stat.S_ISREG(old.st_mode):
            if stat.S_ISDIR(old.st_mode):
                raise OutputError(f"{shown}: is a directory", reason="directory", path=shown)
            with target.open("w", encoding="utf-8", newline="") as out:
                out.writelines(chunks)
            return
        if old is not None:
            _refuse_unfaithful(shown, target, old)
        _replace(target, chunks, old)
    except OSError as error:
        detail = error.strerror or type(error).__name__
        raise OutputError(
            f"{shown}: cannot be written ({detail})", reason="unwritable", path=shown, detail=detail
        ) from None
    except UnicodeEncodeError as error:
        detail = f"{error.reason} at character {error.start}"
        raise OutputError(
            f"{shown}: cannot be written ({detail})", reason="unwritable", path=shown, detail=detail
        ) from None


_TEMP_SUFFIX = ".wikimaint-tmp"


def _refuse_unfaithful(shown: str, target: Path, old: os.stat_result) -> None:
    """Raise OutputError where replacing *target* would change what it is."""
    if not old.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise OutputError(f"{shown}: the file is read-only", reason="read-only", path=shown)
    if old.st_nlink > 1:
        links = old.st_nlink
        raise OutputError(
            f"{shown}: the file has {links} hard links",
            reason="hard-links",
            path=shown,
            links=links,
            links_ar=_hard_links_ar(links),
        )


def _hard_links_ar(count: int) -> str:
    if count == 2:
        return "وصلتان صلبتان"
    return f"{count} وصلات صلبة" if 3 <= count <= 10 else f"{count} وصلة صلبة"


def _remove_stale(target: Path) -> None:
    """Remove temporaries for *target* left by runs that were killed (their process is gone)."""
    prefix = f".{target.name}."
    for leftover in target.parent.glob(glob.escape(prefix) + "*" + _TEMP_SUFFIX):
        pid = leftover.name[len(prefix) : -len(_TEMP_SUFFIX)]
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            leftover.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def temporary_beside(target: Path) -> Path:
    """Return the path of this process's temporary for *target*, beside it, and free.

    The temporaries that killed runs left for *target* are removed first (their process
    is gone), and so is this process's own, from a write that failed to clean up.
    """
    _remove_stale(target)
    temp = target.with_name(f".{target.name}.{os.getpid()}{_TEMP_SUFFIX}")
    temp.unlink(missing_ok=True)
    return temp


def _replace(target: Path, chunks: Iterable[str], old: os.stat_result | None) -> None:
    """Write *chunks* to a temporary beside *target*, give it *old*'s mode and owner, rename."""
    temp = temporary_beside(target)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                out.write(chunk.encode("utf-8"))
            out.flush()
            if old is None:
                mask = os.umask(0)
                os.umask(mask)
                os.fchmod(out.fileno(), 0o666 & ~mask)
            else:
                mine = os.fstat(out.fileno())
                if (mine.st_uid, mine.st_gid) != (old.st_uid, old.st_gid):
                    # Before the mode: a change of owner clears the setuid bit.
                    os.fchown(out.fileno(), old.st_uid, old.st_gid)
                os.fchmod(out.fileno(), stat.S_IMODE(old.st_mode))
            os.fsync(out.fileno())
        temp.replace(target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    with suppress(OSError):  # the rename itself, on disk (not every file system can)
        folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def unwritable(path: str | os.PathLike[str], error: OSError) -> InputError:
    """Return the ``unwritable`` InputError that says why *path* could not be written."""
    detail = error.strerror or type(error).__name__
    return InputError(
        f"{path}: cannot be written ({detail})",
        reason="unwritable",
        source=str(path),
        detail=detail,
    )
