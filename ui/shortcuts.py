"""Help → Keyboard shortcuts: a sheet built from the window's own actions, so it never goes stale."""
from __future__ import annotations

from typing import Callable, Iterable, Optional

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog, QHeaderView, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from .accessibility import named
from .duplicates import MERGE_KEY
from .entities import KEYS as ENTITY_KEYS


#: Keys that belong to a field or a dialog rather than to a window action (so no action lists them).
WIDGET_KEYS = (
    ("Save the value typed (leaving the field any way saves it too)", "Enter"),
    ("Next / previous field", "Tab, Shift+Tab"),
    ("Edit the selected participant or organization cell", "F2"),
    ("Change Type or Status (the box focused; the wheel too)", "Up, Down"),
    ("Tick or untick Online", "Space"),
    ("Add a participant: name, then Tab to the role", "Enter"),
    ("Select page text to set a field from it", "Shift+arrows, mouse"),
    ("In Duplicates: merge / not duplicates / later / unmerge", f"{MERGE_KEY} or Alt+M, Alt+N, Alt+L, Alt+U"),
    ("In People and organizations: merge / split off / rename / confirm / next, previous event",
     ", ".join(ENTITY_KEYS[k] for k in ("merge", "split", "rename", "confirm", "next_event", "previous_event"))),
)


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    rows, seen = [], set()
    for act in actions:
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts())
        if keys and keys not in seen:
            seen.add(keys)
            rows.append((act.text().replace("&", "").rstrip("…"), keys))
    return rows + list(WIDGET_KEYS)


class ShortcutSheet(QDialog):
    def __init__(self, actions: Iterable[QAction], parent: Optional[QWidget] = None,
                 open_guideline: Optional[Callable[[], None]] = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(actions)
        self.table = named(QTableWidget(len(rows), 2), "Keyboard shortcuts", "each action and its keys")
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, (text, keys) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(text))
            self.table.setItem(r, 1, QTableWidgetItem(keys))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        if open_guideline is not None:
            self.guideline = QPushButton("What counts as an event, each field and type: the guideline…")
            self.guideline.clicked.connect(open_guideline)
            lay.addWidget(self.guideline)
        self.resize(560, 720)
