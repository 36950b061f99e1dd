"""``infobox apply --output`` writes faithfully (issue 14, item 5): files.write_atomic.

Atomic, and faithful to what was there: the mode and owner kept, a symlink written
through, a hard link or a read-only file refused with one line (exit 2), and no temporary
file left behind after any failure, a killed run included.
"""

from __future__ import annotations

import io
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

import pytest

from conftest import TARGET
from wikimaint.cli.app import run
from wikimaint.errors import OutputError
from wikimaint.files import write_atomic

if TYPE_CHECKING:
    from pathlib import Path

NEW = TARGET.read_text("utf-8").replace("| الضحايا = 2", "| الضحايا = 3")


def call(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err, None)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    code, out, _ = call("infobox", "extract", str(TARGET))
    assert code == 0
    data = json.loads(out)
    data["parameters"]["الضحايا"]["wikitext"] = "3"
    path = tmp_path / "data" / "infobox.json"
    path.parent.mkdir()
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "out"
    path.mkdir()
    return path


def apply_to(target: Path, data_file: Path, lang: str = "en") -> tuple[int, str, str]:
    return call("--lang", lang, "infobox", "apply", str(TARGET), str(data_file),
                "--output", str(target))  # fmt: skip


def leftovers(folder: Path, *keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o664, 0o600])
def test_the_mode_is_kept(folder: Path, data_file: Path, mode: int) -> None:
    target = folder / "مقالة.wiki"
    target.write_text("قديم", "utf-8")
    target.chmod(mode)
    code, _, err = apply_to(target, data_file)
    assert code == 0, err
    assert target.read_text("utf-8") == NEW
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert leftovers(folder) == ["مقالة.wiki"]


def test_a_new_file_gets_the_usual_mode(folder: Path, data_file: Path) -> None:
    umask = os.umask(0o022)
    try:
        code, _, err = apply_to(folder / "جديد.wiki", data_file)
    finally:
        os.umask(umask)
    assert code == 0, err
    assert stat.S_IMODE((folder / "جديد.wiki").stat().st_mode) == 0o644


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_the_owner_is_kept(folder: Path, data_file: Path) -> None:
    target = folder / "مقالة.wiki"
    target.write_text("قديم", "utf-8")
    os.chown(target, 4321, 4322)
    code, _, err = apply_to(target, data_file)
    assert code == 0, err
    assert (target.stat().st_uid, target.stat().st_gid) == (4321, 4322)


def test_a_symlink_is_written_through(folder: Path, data_file: Path, tmp_path: Path) -> None:
    real = tmp_path / "real" / "مقالة.wiki"
    real.parent.mkdir()
    real.write_text("قديم", "utf-8")
    real.chmod(0o640)
    link = folder / "وصلة.wiki"
    link.symlink_to(real)
    code, _, err = apply_to(link, data_file)
    assert code == 0, err
    assert link.is_symlink()
    assert real.read_text("utf-8") == NEW
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert leftovers(folder) == ["وصلة.wiki"]
    assert leftovers(real.parent) == ["مقالة.wiki"]


def test_a_dangling_symlink_is_refused(folder: Path, data_file: Path) -> None:
    link = folder / "وصلة.wiki"
    link.symlink_to(folder / "nowhere" / "x.wiki")
    code, _, err = apply_to(link, data_file)
    assert code == 2
    assert err.count("\n") == 1


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_hard_link_is_not_split(folder: Path, data_file: Path, lang: str) -> None:
    target = folder / "مقالة.wiki"
    target.write_text("قديم", "utf-8")
    other = folder / "نسخة.wiki"
    os.link(target, other)
    code, out, err = apply_to(target, data_file, lang)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert ("2 hard links" if lang == "en" else "وصلتان صلبتان") in err
    assert target.read_text("utf-8") == other.read_text("utf-8") == "قديم"
    assert target.stat().st_ino == other.stat().st_ino
    assert leftovers(folder) == ["مقالة.wiki", "نسخة.wiki"]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_read_only_file_is_refused(folder: Path, data_file: Path, lang: str) -> None:
    target = folder / "مقالة.wiki"
    target.write_text("قديم", "utf-8")
    target.chmod(0o444)
    code, out, err = apply_to(target, data_file, lang)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert ("read-only" if lang == "en" else "للقراءة فقط") in err
    assert target.read_text("utf-8") == "قديم"
    assert leftovers(folder) == ["مقالة.wiki"]


def test_a_missing_folder_is_exit_2(tmp_path: Path, data_file: Path) -> None:
    code, out, err = apply_to(tmp_path / "nowhere" / "x.wiki", data_file)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "x.wiki" in err


def test_a_directory_is_exit_2(folder: Path, data_file: Path) -> None:
    code, _, err = apply_to(folder, data_file)
    assert code == 2
    assert err.count("\n") == 1


def test_a_failed_write_leaves_the_file_and_no_temporary(folder: Path) -> None:
    target = folder / "مقالة.wiki"
    target.write_text("قديم", "utf-8")
    with pytest.raises(OutputError):
        write_atomic(target, "نص \ud800 لا يُرمَّز")  # a lone surrogate: not UTF-8
    assert target.read_text("utf-8") == "قديم"
    assert leftovers(folder) == ["مقالة.wiki"]


def _limited_file_size() -> None:  # runs in the child, before exec
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_full_disk_is_exit_2_with_nothing_left(folder: Path, data_file: Path) -> None:
    target = folder / "مقالة.wiki"
    target.write_text("قديم", "utf-8")
    program = "import sys; from wikimaint.cli.app import main; sys.exit(main(sys.argv[1:]))"
    command = [sys.executable, "-c", program, "--lang", "en", "infobox", "apply",
               str(TARGET), str(data_file), "--output", str(target)]  # fmt: skip
    done = subprocess.run(
        command, capture_output=True, text=True, preexec_fn=_limited_file_size, check=False
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1
    assert "File too large" in done.stderr
    assert target.read_text("utf-8") == "قديم"
    assert leftovers(folder) == ["مقالة.wiki"]


def test_a_killed_run_leaves_a_temporary_the_next_run_removes(folder: Path) -> None:
    target = folder / "مقالة.wiki"
    target.write_text("قديم", "utf-8")
    script = textwrap.dedent(f"""
        import os, sys, time
        import wikimaint.files as files
        def stall(fd):
            print("writing", flush=True)
            time.sleep(60)
        files.os.fsync = stall
        files.write_atomic({str(target)!r}, "جديد" * 1000)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "writing\n"
        assert len(leftovers(folder)) == 2  # the temporary, mid-write
    finally:
        child.kill()
        child.wait()
    assert target.read_text("utf-8") == "قديم"
    write_atomic(target, "أحدث")
    assert target.read_text("utf-8") == "أحدث"
    assert leftovers(folder) == ["مقالة.wiki"]


def test_a_temporary_of_a_live_run_is_left_alone(folder: Path) -> None:
    target = folder / "مقالة.wiki"
    target.write_text("قديم", "utf-8")
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        busy = folder / f".مقالة.wiki.{child.pid}.wikimaint-tmp"
        busy.write_text("نصف", "utf-8")
        write_atomic(target, "أحدث")
        assert busy.exists()
    finally:
        child.kill()
        child.wait()
