"""What the window tests share to drive it like a reviewer: the modifiers, a key where the focus is, the database."""
from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
NONE = Qt.KeyboardModifier.NoModifier
LEFT = Qt.MouseButton.LeftButton


def key(qtbot, k, mods=NONE) -> None:
    """A key pressed wherever the keyboard focus is, as a reviewer presses it."""
    qtbot.keyClick(QApplication.focusWidget(), k, mods)


def db_all(path, sql, params=()) -> list[tuple]:
    """Rows as the database file holds them now (a connection of its own, not the window's)."""
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()
