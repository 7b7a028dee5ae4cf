"""The cyclic garbage collector held off while one page is extracted.

One page's extraction makes and drops hundreds of thousands of small objects (blocks, lines,
lxml element proxies) and no reference cycles: reference counting frees all of them, so every
collection the allocations trigger meanwhile (a few per page, and now and then a full one over
every object the process holds) is work that finds nothing. :func:`paused` switches the collector
off for the span of one call and back on after it, when it was on; a process that switched it
off itself keeps it off. The collector's counts go on while it is off, so the next collection
after the call runs as it would have; nothing is left uncollected (measured in
``benchmarks/JOURNAL.md``, "The collector held off during a page").
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside the block, restored after it (exceptions too)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
