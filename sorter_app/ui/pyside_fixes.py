"""Work-arounds for defects of the PySide6 build in use, applied once when sorter_app.ui is
imported.

PySide6 6.12.0: `SignalInstance.emit()` returns `True` without taking a reference for it, so every
`emit()` from Python costs `True` one reference. On Python 3.11 `True` is an ordinary object: after
a few thousand emits (a night of scans, one long import with progress) its count reaches zero and
the process aborts with "Fatal Python error: bool_dealloc: deallocating True or False". Every call
of a method that returns nothing (`setText`, `QTimer.start`, `processEvents` ...) costs `None` one
reference the same way ("none_dealloc: deallocating None" after a few thousand calls on a fresh
interpreter). Python 3.12 made True, False and None immortal; here they get the same treatment: a
reference count so large that no night of work can use it up. Harmless where the defect is absent
(they are never freed anyway).
"""

from __future__ import annotations

import ctypes
import sys

_EXTRA_REFERENCES = 1 << 40  # ~10^12 emits before it would matter
_applied = False


def keep_bools_alive() -> bool:
    """Make True, False and None effectively immortal on CPython < 3.12; True when it did so."""
    global _applied
    if _applied:
        return True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    if hasattr(sys, "gettotalrefcount"):
        return False  # a debug build puts other fields before ob_refcnt
    for value in (True, False, None):
        # ob_refcnt is the first field of every PyObject in release builds of CPython.
        ctypes.c_ssize_t.from_address(id(value)).value += _EXTRA_REFERENCES
    _applied = True
    return True
