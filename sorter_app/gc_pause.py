"""Pausing Python's cyclic garbage collector around bulk work on a whole wave."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


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


def release_gradually(items: list[Any], step: int = 5_000) -> None:
    """Empty a big list a slice at a time, letting other threads run between slices.

    Dropping a whole wave's million objects at once holds the interpreter lock for 100+ ms: the
    station's screen would freeze mid-scan while a supervisor imports.
    """
    while items:
        del items[-step:]
        time.sleep(0)  # give the GIL away
