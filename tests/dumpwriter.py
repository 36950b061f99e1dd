"""Write MediaWiki export-0.11 dumps for the scan tests and benchmark: plain, .bz2, multistream.

The layout follows Wikimedia's dumps: ``<mediawiki>`` with ``<siteinfo>``, then one
``<page>`` (title, ns, id, optional redirect, one revision: id, parentid, timestamp,
contributor, model, format, text, sha1) per page; an adds/changes dump may give a page
several revisions, oldest first. A multistream dump is a header stream,
streams of *per_stream* pages each and a footer stream, with its index beside it
(``offset:page_id:title``, bz2).
"""

from __future__ import annotations

import bz2
import hashlib
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "articles"
CORPUS = ROOT.parent / "shared" / "corpus"

HEADER = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
xsi:schemaLocation="http://www.mediawiki.org/xml/export-0.11/ \
http://www.mediawiki.org/xml/export-0.11.xsd" version="0.11" xml:lang="ar">
  <siteinfo>
    <sitename>ويكيبيديا</sitename>
    <dbname>arwiki</dbname>
    <base>https://ar.wikipedia.org/wiki/%D8%A7%D9%84%D8%B5%D9%81%D8%AD%D8%A9_%D8%A7%D9%84%D8%B1%D8%A6%D9%8A%D8%B3%D9%8A%D8%A9</base>
    <generator>MediaWiki 1.44</generator>
    <case>first-letter</case>
    <namespaces>
      <namespace key="0" case="first-letter" />
      <namespace key="10" case="first-letter">قالب</namespace>
    </namespaces>
  </siteinfo>
"""
FOOTER = "</mediawiki>\n"


@dataclass(frozen=True)
class DumpPage:
    """A page to write: its identity and the text of its one revision."""

    page_id: int
    title: str
    text: str
    namespace: int = 0
    revision_id: int = 0
    redirect: str | None = None


def sources() -> list[tuple[str, str]]:
    """Return ``(title, text)`` of every fixture article and every corpus wikitext file."""
    files = sorted(FIXTURES.glob("*.wiki"))
    if CORPUS.is_dir():
        files += sorted(CORPUS.glob("*.wikitext"))
    return [(p.stem.replace("_", " "), p.read_text("utf-8")) for p in files]


def slow_text() -> str:
    """Return a valid article of about 1.9 MB (the corpus 60 times over, ref names made unique).

    Under MediaWiki's 2 MiB limit, it takes the check about a second: a page that runs past
    a short ``--page-timeout`` (the parser no longer has inputs that hang it for long).
    """
    text = "\n".join(t for _, t in sources())
    return "\n".join(text.replace('name="', f'name="{n}-') for n in range(60))


SLOW_LIMIT = 1_950_000  # a --max-page-bytes that lets slow_text() through
HUGE = "نص طويل. " * 150_000  # about 2.25 MB: over SLOW_LIMIT and MediaWiki's limit


def corpus_pages(count: int, *, redirect_every: int = 50, other_every: int = 0) -> list[DumpPage]:
    """Return *count* pages cycling through the fixtures and corpus, each text made unique."""
    base = sources()
    pages = []
    for n in range(count):
        title, text = base[n % len(base)]
        page_id = n + 1
        unique = f"{text}\n<!-- نسخة {n} -->\n"
        if redirect_every and n % redirect_every == redirect_every - 1:
            pages.append(DumpPage(page_id, f"تحويلة {n}", f"#تحويل [[{title}]]", 0,
                                  10_000 + n, redirect=title))
        elif other_every and n % other_every == other_every - 1:
            pages.append(DumpPage(page_id, f"قالب:اختبار {n}", unique, 10, 10_000 + n))
        else:
            pages.append(DumpPage(page_id, f"{title} {n}", unique, 0, 10_000 + n))
    return pages


def _base36(data: bytes) -> str:
    number = int(hashlib.sha1(data).hexdigest(), 16)
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[rest] + digits
    return digits.rjust(31, "0")


def _revision_xml(page: DumpPage) -> str:
    data = page.text.encode()
    return (
        "    <revision>\n"
        f"      <id>{page.revision_id or page.page_id + 1000}</id>\n"
        "      <parentid>1</parentid>\n"
        "      <timestamp>2026-11-20T10:00:00Z</timestamp>\n"
        "      <contributor><username>مستخدم</username><id>7</id></contributor>\n"
        "      <model>wikitext</model>\n"
        "      <format>text/x-wiki</format>\n"
        f'      <text bytes="{len(data)}" xml:space="preserve">{escape(page.text)}</text>\n'
        f"      <sha1>{_base36(data)}</sha1>\n"
        "    </revision>\n"
    )


def page_xml(page: DumpPage, *earlier: DumpPage) -> str:
    """Return *page*'s ``<page>``: its *earlier* revisions (a history dump's), then its own."""
    redirect = f"    <redirect title={quoteattr(page.redirect)} />\n" if page.redirect else ""
    return (
        "  <page>\n"
        f"    <title>{escape(page.title)}</title>\n"
        f"    <ns>{page.namespace}</ns>\n"
        f"    <id>{page.page_id}</id>\n"
        f"{redirect}"
        + "".join(_revision_xml(r) for r in (*earlier, page))
        + "  </page>\n"
    )


def write_xml(path: Path, pages: list[DumpPage]) -> Path:
    """Write *pages* as a plain ``.xml`` dump, or ``.xml.bz2`` by the name's ending."""
    xml = (HEADER + "".join(page_xml(p) for p in pages) + FOOTER).encode()
    path.write_bytes(bz2.compress(xml) if path.suffix == ".bz2" else xml)
    return path


def write_history(path: Path, pages: list[list[DumpPage]]) -> Path:
    """Write an adds/changes dump (``…-pages-meta-hist-incr.xml.bz2``) of *pages*' revisions.

    Each page comes with every revision it was given, oldest first; its title, namespace
    and redirect are those of its last revision.
    """
    body = "".join(page_xml(revisions[-1], *revisions[:-1]) for revisions in pages)
    path.write_bytes(bz2.compress((HEADER + body + FOOTER).encode()))
    return path


def write_multistream(path: Path, pages: list[DumpPage], per_stream: int = 100) -> Path:
    """Write *pages* as ``…-multistream.xml.bz2`` and its ``…-index.txt.bz2``; return the index."""
    index_lines = []
    with path.open("wb") as out:
        out.write(bz2.compress(HEADER.encode()))
        for start in range(0, len(pages), per_stream):
            chunk = pages[start : start + per_stream]
            offset = out.tell()
            out.write(bz2.compress("".join(page_xml(p) for p in chunk).encode()))
            index_lines += [f"{offset}:{p.page_id}:{p.title}\n" for p in chunk]
        out.write(bz2.compress(FOOTER.encode()))
    index = path.with_name(path.name.removesuffix(".xml.bz2") + "-index.txt.bz2")
    index.write_bytes(bz2.compress("".join(index_lines).encode()))
    return index
