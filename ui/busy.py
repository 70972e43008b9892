"""A busy cursor while one operation holds the UI thread.

A reviewer's action runs on the UI thread (``EditRunner``: it must be on the
undo stack before anything else is done), and most take milliseconds. A few
move thousands of rows — merging two organizations of 12,000 events each, and
its undo, take over a second at 100,000 pages — so every action and every undo
or redo shows the wait cursor for as long as it runs: never a frozen window
without a sign. Set and taken back within one event, a quick edit shows nothing.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor, QGuiApplication


@contextmanager
def busy_cursor() -> Iterator[None]:
    """The wait cursor over every window of the application until the block ends (however it ends)."""
    QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()
