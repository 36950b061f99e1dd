"""Bytes of a web page to text: the charset it declares, else the one its bytes betray.

Arabic sites are written in UTF-8, windows-1256 or ISO-8859-6, and say so in the
``Content-Type`` header, in a ``<meta>`` (``charset=`` or ``http-equiv``), in an XML
declaration, or not at all. :func:`decode_html` reads them in that order (a byte-order mark
first); a declaration that the bytes contradict is ignored; undeclared bytes that are not
UTF-8 are read as whichever of windows-1256 and ISO-8859-6 gives more Arabic letters and
fewer stray Latin ones (the two share ء…ض and part ways from 0xD7 on).

>>> decode_html("<p>العراق</p>".encode("cp1256"))
('<p>العراق</p>', 'cp1256')
>>> decode_html("<p>العراق</p>".encode("iso8859_6"))
('<p>العراق</p>', 'iso8859-6')
"""

from __future__ import annotations

import codecs
import re
from typing import Final

__all__ = ["declared_charset", "decode_html"]

_HEADER_CHARSET: Final = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_META_CHARSET: Final = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING: Final = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""")
_ARABIC_LETTER: Final = re.compile("[\u0621-\u064a]")
_STRAY: Final = re.compile("[\u00c0-\u00ff\ufffd]")  # Latin-1 letters, × ÷, replacement
_SNIFF: Final = 64 * 1024
_CANDIDATES: Final = ("cp1256", "iso8859-6")  # as codecs.lookup names them


def _codec(name: str) -> str | None:
    """Return Python's name for charset *name*, or None when Python does not know it."""
    try:
        found = codecs.lookup(name.strip().strip("\"'"))
    except LookupError:
        return None
    return found.name


def declared_charset(body: bytes, content_type: str = "") -> str | None:
    """Return the codec the page declares: BOM, then header, then ``<meta>``/XML; or None."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if body.startswith(bom):
            return name
    found = _HEADER_CHARSET.search(content_type)
    if found and (codec := _codec(found[1])):
        return codec
    head = body[:4096]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match and (codec := _codec(match[1].decode("ascii", "replace"))):
            return codec
    return None


def _score(text: str) -> int:
    return len(_ARABIC_LETTER.findall(text)) - 3 * len(_STRAY.findall(text))


def decode_html(body: bytes, content_type: str = "") -> tuple[str, str]:
    """Return ``(text, codec)`` for the bytes of a page and its ``Content-Type`` header."""
    declared = declared_charset(body, content_type)
    if declared is not None:
        try:
            text = body.decode(declared)
        except UnicodeDecodeError:
            pass  # the declaration is wrong: sniff instead
        else:
            return text.removeprefix("\ufeff"), declared
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        if error.start >= len(body) - 3:  # a multi-byte character cut at the byte cap
            return body[: error.start].decode("utf-8"), "utf-8"
    sample = body[:_SNIFF]
    best = max(_CANDIDATES, key=lambda codec: _score(sample.decode(codec, "replace")))
    return body.decode(best, "replace"), best
