r"""Text from pages, made safe to show on a terminal: controls and bidi overrides made visible.

A page may hold an escape sequence (``ESC[2J`` clears the screen), a carriage return that
hides what came before it, or a right-to-left override (U+202E) that makes a URL or a
finding read backwards. Printed as they are, they act on the terminal instead of being
shown. :func:`printable` writes each as an escape (``\u202e``, ``\x1b``) instead; the
text and JSON outputs that are data (``parse``, ``check --format json``, ``infobox
apply``) keep the characters as they are. Arabic letters, the left-to-right and
right-to-left marks (U+200E, U+200F) and the Arabic letter mark are no threat and stay.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["printable"]

_UNSAFE: Final = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but tab and newline, DEL, C1
    "\u202a-\u202e\u2066-\u2069"  # bidi embeddings, overrides and isolates
    "\u2028\u2029]"  # line and paragraph separators
)
_NEWLINE: Final = re.compile("\n")


def _escape(found: re.Match[str]) -> str:
    code = ord(found[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, lines: bool = False) -> str:
    r"""Return *text* with every control and bidi override written as an escape.

    A newline is escaped too (one value, one line), unless *lines*.

    >>> printable("عنوان\u202e\x1b[2J")
    'عنوان\\u202e\\x1b[2J'
    """
    text = _UNSAFE.sub(_escape, text)
    return text if lines else _NEWLINE.sub(_escape, text)
