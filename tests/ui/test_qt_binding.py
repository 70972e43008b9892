"""The Qt binding must not leak references: PySide6 6.12.0 drops one reference to
None on every void call under CPython 3.11 and aborts a long review session
("Fatal Python error: none_dealloc"). pyproject.toml excludes it; this guards it."""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_keep_every_reference_to_none(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    assert sys.getrefcount(None) >= before - 50  # a few for the loop's own frames, never one per call
