"""The None-refcount guard: thousands of void Qt calls must not bring None near zero."""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel

from ui import qtfix


def test_many_void_calls_leave_none_alive(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    for i in range(20000):  # without the guard, PySide6 6.12 on Python 3.11 aborts well before this
        label.setText("x")
    assert sys.getrefcount(None) > 1000 or qtfix.APPLIED
