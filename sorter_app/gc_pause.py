"""Pausing Python's cyclic garbage collector around bulk work on a whole wave."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """A whole wave is ~10^6 new long-lived objects; the cyclic GC rescans them again and again
    as they accumulate (it tripled import time in measurement). Nothing in bulk import or
    write makes reference cycles, so plain reference counting frees everything."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
