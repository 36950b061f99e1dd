"""Reading MediaWiki XML dumps: export-0.10/0.11, plain or ``.bz2``, and multistream by index.

The XML is read by lxml's streaming ``iterparse``; each ``<page>`` becomes a :class:`Page`
and its element is freed at once, so memory stays flat however long the dump. A
multistream dump (``…-multistream.xml.bz2``) is a chain of bz2 streams of about 100 pages
each; its index (``…-multistream-index.txt.bz2``, one ``offset:page_id:title`` line a page)
says where each stream starts, so any stream can be read on its own (:func:`read_stream`),
by whichever process is given it. Damage (a truncated or corrupt ``.bz2``, broken XML, an
index that does not fit the dump) raises :class:`DumpError` saying where, after every page
before it has been given.
"""

from __future__ import annotations

import bz2
import io
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from wikimaint.errors import InputError
from wikimaint.i18n import localized, register

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from lxml import etree

__all__ = [
    "DumpError",
    "Page",
    "Stream",
    "find_index",
    "iter_dump",
    "read_index",
    "read_stream",
    "site_base",
]

register(
    "input.dump-broken",
    {
        "ar": "{source}: الملف تالف {where} ({detail})؛ حُفظت الصفحات التي قبله",
        "en": "{source}: the dump breaks {where} ({detail}); the pages before it are kept",
    },
)
register(
    "input.index-mismatch",
    {
        "ar": "{source}: الفهرس {index} لا يطابق الملف ({detail})",
        "en": "{source}: the index {index} does not match the dump ({detail})",
    },
)
register("dump.where.start", {"ar": "من أوله", "en": "at its start"})
register(
    "dump.where.after",
    {"ar": "بعد الصفحة {count} «{title}»", "en": "after page {count} “{title}”"},
)
register(
    "dump.where.offset",
    {"ar": "في الدفق عند البايت {offset}", "en": "in the stream at byte {offset}"},
)


class DumpError(InputError):
    """Represents a dump that breaks: truncated or corrupt compression, or broken XML."""


@dataclass(frozen=True)
class Page:
    """Represents one page of a dump (its latest revision) or one wikitext file."""

    title: str
    namespace: int
    text: str
    source: str
    page_id: int | None = None
    revision_id: int | None = None
    timestamp: str | None = None
    redirect: bool = False


@dataclass(frozen=True)
class Stream:
    """Represents one bz2 stream of a multistream dump: its byte range and its pages' ids."""

    start: int
    end: int
    page_ids: tuple[int, ...]


def _local(tag: object) -> str:
    """Return an element's tag without its XML namespace (export-0.10 and 0.11 alike)."""
    text = str(tag)
    return text.rpartition("}")[2]


def _fields(element: etree._Element) -> dict[str, etree._Element]:
    """Return *element*'s children by their local name (the last one of a name)."""
    return {_local(child.tag): child for child in element}


def _page(element: etree._Element, source: str) -> Page:
    """Return the :class:`Page` of a ``<page>`` element, from its last revision."""
    fields = _fields(element)
    text = ""
    revision_id = timestamp = None
    if (revision := fields.get("revision")) is not None:
        inner = _fields(revision)
        text = _text(inner, "text") or ""
        found = _text(inner, "id")
        revision_id = int(found) if found else None
        timestamp = _text(inner, "timestamp")
    page_id = _text(fields, "id")
    return Page(
        title=_text(fields, "title") or "",
        namespace=int(_text(fields, "ns") or 0),
        text=text,
        source=source,
        page_id=int(page_id) if page_id else None,
        revision_id=revision_id,
        timestamp=timestamp,
        redirect="redirect" in fields,
    )


def _text(fields: dict[str, etree._Element], name: str) -> str | None:
    found = fields.get(name)
    return None if found is None else found.text or ""


def _broken(source: str, count: int, title: str | None, detail: str) -> DumpError:
    where = (
        localized("dump.where.after", count=count, title=title)
        if title is not None
        else localized("dump.where.start")
    )
    return DumpError(
        f"{source}: the dump breaks after page {count} ({detail})",
        reason="dump-broken",
        source=source,
        where=where,
        detail=detail,
    )


def _open(path: Path) -> tuple[IO[bytes], IO[bytes]]:
    """Return ``(raw, stream)``: the file as stored and its XML (decompressed when ``.bz2``)."""
    raw = path.open("rb")
    if path.suffix == ".bz2":
        return raw, bz2.BZ2File(raw)
    return raw, raw


_CHUNK = 1 << 16
"""How many bytes of XML the parser is fed at a time."""


def iter_dump(
    path: str | Path, *, progress: Callable[[int], None] | None = None
) -> Iterator[Page]:
    """Yield every page of the dump *path* (``.xml`` or ``.xml.bz2``) in order.

    *progress* is called with the bytes of *path* read so far (compressed bytes for
    ``.bz2``), after each page.

    Raises:
        DumpError: where the dump breaks, after yielding every page before it.

    """
    from lxml import etree  # noqa: PLC0415 - see read_stream

    file = Path(path)
    source = str(path)
    count = 0
    title: str | None = None
    raw, stream = _open(file)
    # Fed by hand rather than by iterparse: after an error, the pages the parser finished
    # before it are still read from its events (lxml 6.2's iterparse drops the last few).
    parser = etree.XMLPullParser(events=("end",), tag="{*}page", huge_tree=True)
    detail: str | None = None
    with raw, stream:
        more = True
        while more:
            try:
                chunk = stream.read(_CHUNK)
                more = bool(chunk)
                if more:
                    parser.feed(chunk)
                else:
                    parser.close()
            except etree.XMLSyntaxError as error:
                line, column = error.position
                detail, more = f"XML, line {line}, column {column}", False
            except (EOFError, OSError, zlib.error) as error:
                detail, more = f"bz2: {error}", False
            # "end" events only: each is an element (the stubs allow any event's value)
            ended: Iterator[tuple[str, etree._Element]] = parser.read_events()  # type: ignore[assignment]
            for _, element in ended:
                page = _page(element, source)
                element.clear(keep_tail=True)  # type: ignore[call-arg]  # (not in lxml-stubs)
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
                count += 1
                title = page.title
                yield page
                if progress is not None:
                    progress(raw.tell())
    if detail is not None:
        raise _broken(source, count, title, detail)


def site_base(path: str | Path) -> str | None:
    """Return the wiki's article URL prefix from the dump's ``<siteinfo><base>``, if it says.

    ``https://ar.wikipedia.org/wiki/الصفحة_الرئيسية`` gives ``https://ar.wikipedia.org/wiki/``.
    """
    from lxml import etree  # noqa: PLC0415 - see read_stream

    raw, stream = _open(Path(path))
    with raw, stream:
        try:
            for _, element in etree.iterparse(stream, events=("end",), tag="{*}siteinfo"):
                base = _text(_fields(element), "base")
                return base.rpartition("/")[0] + "/" if base and "/" in base else None
        except (etree.XMLSyntaxError, EOFError, OSError, zlib.error):
            return None
    return None


def find_index(path: str | Path) -> Path | None:
    """Return the multistream index beside dump *path*, or ``None`` when it has none.

    >>> find_index("/nowhere/arwiki-20261201-pages-articles-multistream.xml.bz2") is None
    True
    """
    name = Path(path).name
    if not name.endswith("-multistream.xml.bz2"):
        return None
    index = Path(path).with_name(name.removesuffix(".xml.bz2") + "-index.txt.bz2")
    return index if index.is_file() else None


_BZ2_MAGIC = (b"BZh", b"1AY&SY")  # a stream's header, then the first block's magic


def _mismatch(source: str, index: str, detail: str) -> InputError:
    return InputError(
        f"{source}: the index {index} does not match the dump ({detail})",
        reason="index-mismatch",
        source=source,
        index=index,
        detail=detail,
    )


def read_index(path: str | Path, index: str | Path) -> list[Stream]:
    """Return the page streams of multistream dump *path*, in order, from its *index*.

    Each offset in the index must start a bz2 stream of the dump; the last stream ends
    where the dump does (its footer stream is read with it).

    Raises:
        InputError: the index cannot be read or does not match the dump (``index-mismatch``).

    """
    source, where = str(path), str(index)
    ids: dict[int, list[int]] = {}
    try:
        with bz2.open(index, "rt", encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                start, _, rest = line.partition(":")
                page_id, _, _title = rest.partition(":")
                if not start.isdigit() or not page_id.isdigit():
                    raise _mismatch(source, where, f"line {number}: {line.strip()[:60]!r}")
                ids.setdefault(int(start), []).append(int(page_id))
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise _mismatch(source, where, str(error)) from None
    size = Path(path).stat().st_size
    offsets = sorted(ids)
    if not offsets:
        raise _mismatch(source, where, "no entries")
    with Path(path).open("rb") as dump:
        for offset in offsets:
            dump.seek(offset)
            head = dump.read(10)
            if offset >= size or not (head[:3] == _BZ2_MAGIC[0] and head[4:10] == _BZ2_MAGIC[1]):
                raise _mismatch(source, where, f"no bz2 stream at byte {offset}")
    ends = [*offsets[1:], size]
    streams = [Stream(o, e, tuple(ids[o])) for o, e in zip(offsets, ends, strict=True)]
    for stream in {streams[0], streams[-1]}:  # pages of another dump, at the same offsets
        read_stream(path, stream, index=where)
    return streams


def _decompress(data: bytes) -> bytes:
    """Return the bytes of every bz2 stream in *data*, one after another."""
    out = io.BytesIO()
    while data:
        decompressor = bz2.BZ2Decompressor()
        out.write(decompressor.decompress(data))
        if not decompressor.eof:
            raise EOFError("the stream ends before its end-of-stream marker")
        data = decompressor.unused_data
    return out.getvalue()


def read_stream(path: str | Path, stream: Stream, *, index: str = "") -> list[Page]:
    """Return the pages of one *stream* of multistream dump *path*, read on its own.

    Raises:
        DumpError: the stream is corrupt, or its pages are not those the index names.

    """
    # lxml is imported by the readers, not with the module: the scan's main process imports
    # this module to resume a finished scan too, which reads no dump
    from lxml import etree  # noqa: PLC0415

    source = str(path)
    with Path(path).open("rb") as dump:
        dump.seek(stream.start)
        data = dump.read(stream.end - stream.start)
    try:
        xml = _decompress(data).rstrip()
        xml = xml.removesuffix(b"</mediawiki>")
        parser = etree.XMLParser(huge_tree=True)
        root = etree.fromstring(b"<pages>" + xml + b"</pages>", parser)
    except (EOFError, OSError, zlib.error) as error:
        raise _stream_broken(source, stream, f"bz2: {error}") from None
    except etree.XMLSyntaxError as error:
        raise _stream_broken(source, stream, f"XML: {error.msg}") from None
    pages = [_page(e, source) for e in root if _local(e.tag) == "page"]
    if tuple(p.page_id for p in pages) != stream.page_ids:
        found = ", ".join(str(p.page_id) for p in pages[:3])
        raise _mismatch(source, index, f"the stream at byte {stream.start} holds pages {found}…")
    return pages


def _stream_broken(source: str, stream: Stream, detail: str) -> DumpError:
    return DumpError(
        f"{source}: the dump breaks in the stream at byte {stream.start} ({detail})",
        reason="dump-broken",
        source=source,
        where=localized("dump.where.offset", offset=stream.start),
        detail=detail,
    )
