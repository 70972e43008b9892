"""Guard against a reference-counting bug of PySide6 6.12.0 on CPython < 3.12.

There, every call of a Qt method that returns ``void`` (``setText``,
``setPosition``, ``setBackground`` …) drops one reference to ``None`` that it
never took. ``None`` starts with a few thousand references, so a reviewer
moving through a few hundred releases crashes the interpreter with "Fatal
Python error: none_dealloc" (measured: the UI benchmark died after ~150
next-release moves). Python 3.12 made ``None`` immortal, so the bug is
harmless there.

The guard measures the bug once at import and, only if it is present, gives
``None`` a very large reference count so it can never reach zero. Importing
this module is enough; ``ui.app`` and ``ui.main_window`` do.
"""
from __future__ import annotations

import ctypes
import sys

_ENOUGH = 1 << 40


def _bug_present() -> bool:
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(8):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before


def apply() -> bool:
    """True when the bug was found and ``None`` was protected."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or not _bug_present():
        return False
    # Methods returning bool show the same fault with True and False (seen at interpreter exit).
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += _ENOUGH
    return True


APPLIED = apply()
