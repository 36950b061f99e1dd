"""URL comparison: a key for "is this the same page".

:func:`normalize_url` gives a comparison key, so that an archived original compares equal
to the cited URL whether its Arabic path is written raw (``/ar/الشرق-الأوسط/``) or
percent-encoded (``/ar/%D8%A7%D9%84…``). Pure: no network and no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = ["PCT_RUN", "escaped_bytes", "normalize_url", "same_page"]

PCT_RUN: Final = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
"""A run of percent escapes."""


def escaped_bytes(run: str) -> bytes:
    """Return the bytes a run of percent escapes (``%D8%B9``) stands for."""
    return bytes.fromhex(run.replace("%", ""))


_UNRESERVED: Final = frozenset(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
)
_ABSOLUTE: Final = re.compile(
    r"(?:(?P<scheme>(?i:https?)):/*|(?P<other>[A-Za-z][A-Za-z0-9+.-]*):/+|//)"
    r"(?P<netloc>[^/?#]*)(?P<rest>.*)",
    re.DOTALL,
)
_BARE_HOST: Final = re.compile(r"[^\s/?#:@]+\.[^\s/?#:@.]+(?::\d*)?(?:[/?#]|$)")


#: The ASCII characters a decoded run writes escaped again: all but the unreserved ones.
_KEEP_ESCAPED: Final = {b: f"%{b:02X}" for b in range(128) if b not in _UNRESERVED}


def _utf8_length(lead: int) -> int:
    """Return how many bytes a UTF-8 sequence starting with *lead* has (0 if not a lead)."""
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _decode_run(run: str) -> str:
    """Return a run of percent escapes with unreserved and UTF-8 text decoded, the rest kept.

    ``%D8%B9`` becomes ``ع`` and ``%7E`` becomes ``~``; ``%2F``, ``%3F``, ``%26`` and other
    reserved or invalid bytes stay escaped, in upper case.
    """
    data = escaped_bytes(run)
    try:  # most runs are whole UTF-8 (an Arabic path): decoded at once, ASCII re-escaped
        return data.decode().translate(_KEEP_ESCAPED)
    except UnicodeDecodeError:
        pass
    out: list[str] = []
    index = 0
    while index < len(data):
        byte = data[index]
        size = _utf8_length(byte)
        if byte in _UNRESERVED:
            out.append(chr(byte))
            index += 1
            continue
        if size:
            try:
                out.append(data[index : index + size].decode())
            except UnicodeDecodeError:
                pass
            else:
                index += size
                continue
        out.append(f"%{byte:02X}")
        index += 1
    return "".join(out)


def _normal_text(text: str) -> str:
    """Return *text* with escapes normalised (see :func:`_decode_run`) and spaces escaped."""
    return PCT_RUN.sub(lambda m: _decode_run(m[0]), text).replace(" ", "%20")


def _normal_host(host: str) -> str:
    """Return *host* IDNA-decoded to Unicode, NFC, casefolded, without a leading ``www.``."""
    labels = []
    for label in host.rstrip(".").split("."):
        if label[:4].lower() == "xn--":
            try:
                labels.append(label.encode("ascii").decode("idna"))
                continue
            except UnicodeError:
                pass
        labels.append(label)
    folded = unicodedata.normalize("NFC", ".".join(labels).casefold())
    return folded.removeprefix("www.")


def normalize_url(url: str) -> str:
    """Return a key that two URLs of the same page share; never raises.

    http and https are the same; host case, a leading ``www.``, default ports (80, 443), the
    fragment and a trailing slash do not count; IDNA hosts are decoded; percent-encoded and
    raw UTF-8 (``%D8%A7%D9%84`` and ``ال``) and unreserved characters are the same, while
    encoded delimiters (``%2F``, ``%3F``, ``%23``, ``%26``, ``%3D``, ``%25``) stay distinct.
    The query is kept in its order. Text that is not a URL gives a best-effort key.

    >>> normalize_url("HTTPS://WWW.France24.com:443/ar/%D8%A7/#top")
    '//france24.com/ar/ا'
    """
    text = url.strip()
    found = _ABSOLUTE.match(text)
    if found is None and _BARE_HOST.match(text):
        found = _ABSOLUTE.match("//" + text)
    if found is None:
        return _normal_text(text.partition("#")[0].strip())
    netloc = found["netloc"].rpartition("@")[2]
    if netloc.startswith("["):  # [2001:db8::1]:8080
        inside, _bracket, tail = netloc.partition("]")
        host, port = f"{inside}]", tail.removeprefix(":")
    else:
        name, colon, maybe_port = netloc.rpartition(":")
        host, port = (name, maybe_port) if colon else (netloc, "")
    if port in {"80", "443"}:
        port = ""
    path, _mark, query = found["rest"].partition("#")[0].partition("?")
    path = _normal_text(path)
    path = path.removesuffix("/") or "/"
    query = _normal_text(query)
    scheme = f"{found['other'].lower()}:" if found["other"] else ""
    return (
        f"{scheme}//{_normal_host(host)}{':' + port if port else ''}{path}"
        f"{'?' + query if query else ''}"
    )


def same_page(a: str, b: str) -> bool:
    """Return whether URLs *a* and *b* name the same page, by :func:`normalize_url`."""
    return normalize_url(a) == normalize_url(b)
