"""What a scan reads: dumps, multistream dumps with their index, folders and wikitext files.

:func:`open_source` looks at one SOURCE as given on the command line and returns a
:class:`Source`, which cuts its pages into :class:`Unit` objects: the pieces of work a
worker takes, and the steps a stopped scan resumes by. A unit of a plain or ``.bz2`` dump
carries its pages' text (one reader, in the main process, streams the dump); a unit of a
multistream dump names one bz2 stream and a unit of files names the files, and the
worker reads them itself, so reading and decompression run on every core too. A unit's
key is the same in every run over the same input, so a resumed run skips the units done.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from wikimaint.errors import InputError
from wikimaint.i18n import register
from wikimaint.scan.dumps import (
    DumpError,
    Page,
    Stream,
    find_index,
    iter_dump,
    read_index,
    read_stream,
    site_base,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

T = TypeVar("T")

__all__ = ["WIKITEXT_SUFFIXES", "Source", "Unit", "open_source", "title_for"]

#: The endings of wikitext files, in a folder or given one by one.
WIKITEXT_SUFFIXES = (".wiki", ".wikitext", ".mediawiki", ".txt")

register(
    "input.unknown-type",
    {
        "ar": "{source}: نوع ملف غير معروف (المقبول: ‎.xml‎ و‎.xml.bz2‎ ومجلد وملفات {suffixes})",
        "en": "{source}: unknown file type (give .xml, .xml.bz2, a folder or {suffixes} files)",
    },
)
register(
    "input.index-not-found",
    {"ar": "{source}: الفهرس غير موجود", "en": "{source}: no such index file"},
)


def title_for(path: str | Path) -> str:
    """Return the article title a wikitext file stands for: its name, ``_`` read as spaces.

    >>> title_for("fixtures/articles/دار_الكتب_والوثائق_العراقية.wiki")
    'دار الكتب والوثائق العراقية'
    """
    return Path(path).stem.replace("_", " ")


@dataclass(frozen=True)
class Unit:
    """Represents one piece of work: a key to resume by, and where its pages are."""

    source: str
    key: str
    size: int
    """The bytes of the source it covers (compressed, for a dump), for the progress bar."""
    pages: tuple[Page, ...] = ()
    stream: Stream | None = None
    files: tuple[str, ...] = ()

    def load(self) -> list[Page]:
        """Return the unit's pages, reading them where the unit only names them.

        Raises:
            DumpError: the unit's stream is damaged; InputError: its index does not fit.

        """
        if self.stream is not None:
            return read_stream(self.source, self.stream)
        if self.files:
            return [_file_page(name) for name in self.files]
        return list(self.pages)


def _file_page(name: str) -> Page:
    """Return the page of a wikitext file; bytes that are not UTF-8 become U+FFFD."""
    data = Path(name).read_bytes()
    return Page(title_for(name), 0, data.decode("utf-8", "replace"), name)


@dataclass
class Source:
    """Represents one SOURCE: its kind (``dump``, ``multistream``, ``files``) and size."""

    name: str
    kind: str
    size: int
    pages: int | None = None
    """How many pages it holds, where known in advance (a multistream index says)."""
    index: str | None = None
    wiki: str | None = None
    """The wiki's article URL prefix, from a dump's ``<siteinfo>``."""
    _streams: list[Stream] = field(default_factory=list, repr=False)
    _files: list[str] = field(default_factory=list, repr=False)

    def units(
        self, batch: int, read: Callable[[int], None] | None = None
    ) -> Iterator[Unit]:
        """Yield the source's units of about *batch* pages, in order.

        *read* is told the bytes read so far of a dump that the main process reads.

        Raises:
            DumpError: where a dump read here breaks, after the units before it.

        """
        if self.kind == "multistream":
            for stream in self._streams:
                yield Unit(self.name, f"stream:{stream.start}", stream.end - stream.start,
                           stream=stream)
        elif self.kind == "files":
            for number, chunk in enumerate(_batched(self._files, batch)):
                size = sum(Path(f).stat().st_size for f in chunk)
                yield Unit(self.name, f"files:{number}", size, files=tuple(chunk))
        else:
            yield from self._dump_units(batch, read)

    def _dump_units(self, batch: int, read: Callable[[int], None] | None) -> Iterator[Unit]:
        """Yield the units of a dump read here; where it breaks, the pages before it first."""
        position = last = 0
        chunk: list[Page] = []

        def seen(at: int) -> None:
            nonlocal position
            position = at
            if read is not None:
                read(at)

        def unit() -> Unit:
            return Unit(self.name, f"pages:{number}", position - last, pages=tuple(chunk))

        number = 0
        try:
            for page in iter_dump(self.name, progress=seen):
                chunk.append(page)
                if len(chunk) == batch:
                    yield unit()
                    number, last, chunk = number + 1, position, []
        except DumpError:
            if chunk:  # the pages before the damage
                yield unit()
            raise
        if chunk:
            yield unit()


def _batched(items: Iterable[T], size: int) -> Iterator[tuple[T, ...]]:
    """Yield tuples of *size* items of *items* (the last one shorter), as Python 3.12's does."""
    iterator = iter(items)
    while chunk := tuple(itertools.islice(iterator, size)):
        yield chunk


def _files(folder: Path) -> list[str]:
    return sorted(
        str(p) for p in folder.rglob("*") if p.is_file() and p.suffix in WIKITEXT_SUFFIXES
    )


def open_source(name: str, index: str | None = None) -> Source:
    """Return the :class:`Source` that *name* names, checked before anything is read.

    Raises:
        InputError: *name* does not exist, is of an unknown type, or its index is
            missing or does not match it (``index-mismatch``).

    """
    path = Path(name)
    if path.is_dir():
        files = _files(path)
        return Source(name, "files", sum(Path(f).stat().st_size for f in files), len(files),
                      _files=files)
    if not path.is_file():
        raise InputError(f"{name}: no such file", reason="not-found", source=name)
    if path.suffix in WIKITEXT_SUFFIXES:
        return Source(name, "files", path.stat().st_size, 1, _files=[name])
    if not (name.endswith((".xml", ".xml.bz2"))):
        raise InputError(
            f"{name}: unknown file type",
            reason="unknown-type",
            source=name,
            suffixes=" ".join(WIKITEXT_SUFFIXES),
        )
    size = path.stat().st_size
    if index is not None and not Path(index).is_file():
        raise InputError(f"{index}: no such index file", reason="index-not-found", source=index)
    found = Path(index) if index is not None else find_index(path)
    if found is None:
        return Source(name, "dump", size, wiki=site_base(path))
    streams = read_index(path, found)
    return Source(name, "multistream", size, sum(len(s.page_ids) for s in streams),
                  index=str(found), wiki=site_base(path), _streams=streams)
