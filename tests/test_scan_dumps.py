"""wikimaint scan on bad input: damaged dumps keep the pages before the damage; the rest exit 2 at once."""

from __future__ import annotations

import bz2
import io
import sqlite3
from typing import TYPE_CHECKING

import pytest

from dumpwriter import DumpPage, corpus_pages, page_xml, write_multistream, write_xml
from wikimaint.cli.app import run
from wikimaint.scan.dumps import DumpError, find_index, iter_dump

if TYPE_CHECKING:
    from pathlib import Path

TODAY = "2026-12-01"


def scan(*argv: str, lang: str = "en") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["--lang", lang, "scan", "--today", TODAY, "--quiet", "--jobs", "2",
                "--batch", "20", *argv], out, err)  # fmt: skip
    return code, out.getvalue(), err.getvalue()


def stored_ids(out: Path) -> list[int]:
    db = sqlite3.connect(out / "scan.sqlite")
    ids = [r[0] for r in db.execute("SELECT page_id FROM pages ORDER BY page_id")]
    db.close()
    return ids


@pytest.fixture(scope="module")
def pages() -> list[DumpPage]:
    return corpus_pages(200, redirect_every=0)


def test_a_truncated_bz2_keeps_every_page_before_the_break(tmp_path: Path) -> None:
    pages = corpus_pages(700, redirect_every=0)  # bz2 blocks hold 900 KB: make several
    whole = write_xml(tmp_path / "whole.xml.bz2", pages).read_bytes()
    cut = tmp_path / "arwiki-pages-articles.xml.bz2"
    cut.write_bytes(whole[: len(whole) // 2])
    readable: list[int | None] = []
    with pytest.raises(DumpError, match="breaks"):
        readable.extend(page.page_id for page in iter_dump(cut))
    assert 0 < len(readable) < len(pages)
    code, out, err = scan(str(cut), "--out", str(tmp_path / "o"))
    assert code == 2
    assert err.count("\n") == 1
    assert "arwiki-pages-articles.xml.bz2: the dump breaks after page" in err
    assert "pages before it are kept" in err
    assert "checked" in out
    assert stored_ids(tmp_path / "o") == readable  # every page before the damage, each once
    db = sqlite3.connect(tmp_path / "o" / "scan.sqlite")
    assert db.execute("SELECT status, finished IS NOT NULL FROM runs").fetchone() == ("failed", 1)
    assert (tmp_path / "o" / "summary.json").is_file()


def test_broken_xml_says_the_line_and_keeps_the_pages_before(
    pages: list[DumpPage], tmp_path: Path
) -> None:
    dump = write_xml(tmp_path / "d.xml", pages)
    text = dump.read_text("utf-8")
    broken_at = text.index(page_xml(pages[150]))
    dump.write_text(text[:broken_at] + "  <page><title>مكسور</titl>\n" + text[broken_at:], "utf-8")
    code, _, err = scan(str(dump), "--out", str(tmp_path / "o"))
    assert code == 2
    line = text[:broken_at].count("\n") + 1
    assert f"the dump breaks after page 150 “{pages[149].title}” (XML, line {line}," in err
    assert stored_ids(tmp_path / "o") == [p.page_id for p in pages[:150]]
    code, _, err = scan(str(dump), "--out", str(tmp_path / "ar"), lang="ar")
    assert code == 2
    assert "الملف تالف بعد الصفحة 150" in err


def test_a_corrupt_stream_of_a_multistream_dump_keeps_the_others(
    pages: list[DumpPage], tmp_path: Path
) -> None:
    dump = tmp_path / "arwiki-multistream.xml.bz2"
    write_multistream(dump, pages, per_stream=50)
    data = bytearray(dump.read_bytes())
    index = find_index(dump)
    assert index is not None
    offsets = sorted({int(line.split(":")[0]) for line in bz2.decompress(index.read_bytes())
                      .decode().splitlines()})  # fmt: skip
    second = offsets[1]
    data[second + 200 : second + 260] = bytes(60)  # inside the second stream's blocks
    dump.write_bytes(bytes(data))
    code, _, err = scan(str(dump), "--out", str(tmp_path / "o"))
    assert code == 2
    assert f"the dump breaks in the stream at byte {second}" in err
    assert stored_ids(tmp_path / "o") == [p.page_id for p in pages[:50] + pages[100:]]


def test_an_index_of_another_dump_is_refused_before_anything_is_written(
    pages: list[DumpPage], tmp_path: Path
) -> None:
    dump = tmp_path / "arwiki-multistream.xml.bz2"
    write_multistream(dump, pages, per_stream=50)
    other = tmp_path / "other" / "arwiki-multistream.xml.bz2"
    other.parent.mkdir()
    index = write_multistream(other, pages[:120], per_stream=30)
    for given in (["--index", str(index)], ["--index", str(tmp_path / "nope.txt.bz2")]):
        code, out, err = scan(str(dump), *given, "--out", str(tmp_path / "o"))
        assert code == 2
        assert out == ""
        assert err.count("\n") == 1
        assert not (tmp_path / "o").exists()
    code, _, err = scan(str(dump), "--index", str(index), "--out", str(tmp_path / "o"))
    assert "does not match the dump" in err
    shifted = tmp_path / "shifted-index.txt.bz2"
    lines = bz2.decompress(index.read_bytes()).decode().splitlines()
    moved = [f"{int(o) + 7}:{rest}" for o, _, rest in (line.partition(":") for line in lines)]
    shifted.write_bytes(bz2.compress("\n".join(moved).encode()))
    code, _, err = scan(str(dump), "--index", str(shifted), "--out", str(tmp_path / "o"))
    assert code == 2
    assert "no bz2 stream at byte" in err
    assert not (tmp_path / "o").exists()


def test_unknown_file_types_and_missing_files_exit_2(tmp_path: Path) -> None:
    strange = tmp_path / "pages.json"
    strange.write_text("{}", "utf-8")
    for source in (strange, tmp_path / "missing.xml"):
        code, out, err = scan(str(source), "--out", str(tmp_path / "o"))
        assert code == 2
        assert out == ""
        assert err.count("\n") == 1
        assert str(source) in err
    assert not (tmp_path / "o").exists()
    code, _, err = scan(str(strange), "--out", str(tmp_path / "o"), lang="ar")
    assert "نوع ملف غير معروف" in err


def test_an_unwritable_out_exits_2(pages: list[DumpPage], tmp_path: Path) -> None:
    dump = write_xml(tmp_path / "d.xml", pages[:10])
    blocker = tmp_path / "a-file"
    blocker.write_text("x", "utf-8")
    code, out, err = scan(str(dump), "--out", str(blocker / "out"))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "cannot write" in err


def test_export_0_10_dumps_are_read_too(pages: list[DumpPage], tmp_path: Path) -> None:
    dump = write_xml(tmp_path / "d.xml", pages[:30])
    old = dump.read_text("utf-8").replace("export-0.11", "export-0.10").replace(
        'version="0.11"', 'version="0.10"'
    )
    dump.write_text(old, "utf-8")
    assert [p.page_id for p in iter_dump(dump)] == [p.page_id for p in pages[:30]]
    assert next(iter(iter_dump(dump))).text == pages[0].text
