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
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["paused"]


@contextmanager
def paused() -> Iterator[None]:
    """Disable the cyclic collector for the block, restoring its state after (nesting is fine)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
