"""Whole answers only: a response whose headers were cut off is no response at all.

http.client ends the headers at an empty line *or at the end of the stream*, so a server
that hangs up half-way through its headers, or a deadline that cuts the socket there,
leaves a response with a status (often 200) and no sign that anything is missing. For a
HEAD, that was all a link check looked at. :class:`WholeResponse` notes how the headers
ended and raises :class:`http.client.IncompleteRead` when the stream ended first; the
fetcher turns that into ``protocol`` (or ``timeout`` when its deadline cut the socket).
"""

from __future__ import annotations

import http.client
from typing import Any

__all__ = ["WholeResponse"]


class _LineWatch:
    """Represents a response's stream seen through ``readline``, noting a line cut by EOF."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.cut = False

    def readline(self, limit: int = -1) -> bytes:
        """Return the next line, noting whether the stream ended before its newline."""
        line: bytes = self.stream.readline(limit)
        if not line.endswith(b"\n") and (limit < 0 or len(line) < limit):
            self.cut = True
        return line

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


class WholeResponse(http.client.HTTPResponse):
    """Represents an HTTP response that refuses to begin from headers cut off mid-way."""

    def begin(self) -> None:
        """Read the status line and headers; raise IncompleteRead if the stream ended first."""
        started: object = self.headers  # None until begun (typeshed says otherwise)
        if started is not None:
            return
        stream = self.fp
        watch = _LineWatch(stream)
        vars(self)["fp"] = watch  # begin() reads through it; typeshed wants a BufferedReader
        try:
            super().begin()
        finally:
            if vars(self)["fp"] is watch:  # begin() may have closed it (None)
                vars(self)["fp"] = stream
        if watch.cut:
            self.close()
            raise http.client.IncompleteRead(b"", None)
