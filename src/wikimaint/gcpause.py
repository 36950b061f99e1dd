"""Pause Python's cyclic garbage collector while building many small acyclic objects.

Parsing an article, viewing it as a dict and checking it make tens of thousands of small
objects and no reference cycles. Each allocation burst triggers the cyclic collector, which
then walks every object alive — the whole tree — again and again: a third of the time on a
large article. Reference counting still frees everything; only the cycle hunt waits.

>>> with paused():
...     rows = [{"عنوان": str(n)} for n in range(1000)]
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import TracebackType

__all__ = ["paused"]


class paused:  # noqa: N801 - used as a function: ``with paused():``
    """Disable the cyclic collector for the block, restoring its state after (nesting is fine).

    A class rather than a generator-based context manager: it is entered three times per
    article (parse, to_dict, validate), and a generator costs several times as much.
    """

    __slots__ = ("enabled",)

    def __enter__(self) -> None:
        """Remember whether the collector was on, and turn it off."""
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Turn the collector back on if it was on when the block began."""
        if self.enabled:
            gc.enable()
