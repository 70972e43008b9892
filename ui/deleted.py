"""Review ▸ Deleted events: every deleted event with its release and who deleted it, and Restore.

A restore is an edit of the review service (audited as ``restore``), run
through the window's :class:`~ui.commands.EditRunner`, so Ctrl+Z deletes the
event again and the window shows the restored event's release.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from reviewer.review import DeletedEvent, ReviewService

from .accessibility import named
from .commands import EditRunner
from .history import run_telling
from .text import plain_tooltip

COLUMNS = ("Event", "Release", "Date", "Type", "Place", "Deleted by", "When")
#: Rows listed: the list is for finding a recent mistake, not for browsing thousands.
SHOWN = 1000


class DeletedDialog(QDialog):
    def __init__(self, service: ReviewService, runner: EditRunner, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Deleted events")
        self.resize(900, 460)
        self.service, self.runner = service, runner
        self.events: list[DeletedEvent] = []
        self.table = named(QTableWidget(0, len(COLUMNS)), "Deleted events", "the latest first, with who deleted them")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.restore = QPushButton("&Restore")
        self.restore.setToolTip("Bring the selected event back (Ctrl+Z in the window deletes it again)")
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.restore)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        self.restore.clicked.connect(self.restore_selected)
        runner.changed.connect(self._on_window_changed)  # a delete, or its undo, in the window: listed at once
        self.table.currentCellChanged.connect(lambda *_: self.restore.setEnabled(self.selected() is not None))
        self.reload()

    def _on_window_changed(self, edit) -> None:
        if isValid(self) and self.isVisible() and any(c.table == "events" and c.column == "deleted" for c in edit.changes):
            self.reload()

    def reload(self) -> None:
        self.events = self.service.deleted_events(SHOWN)
        self.table.setRowCount(len(self.events))
        for i, ev in enumerate(self.events):
            cells = (str(ev.id), f"{ev.release_id}: {ev.release_title}" if ev.release_id is not None else "",
                     ev.date_start or "", ev.event_type or "", ev.location or "", ev.deleted_by or "unknown",
                     ev.deleted_at[:16].replace("T", " "))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(plain_tooltip(text))
                if col == 0:
                    item.setData(Qt.ItemDataRole.UserRole, ev.id)
                self.table.setItem(i, col, item)
        total = self.service.count_deleted()
        more = f" (the {SHOWN:,} latest of {total:,})" if total > len(self.events) else ""
        self.message.setText(f"{total:,} deleted event{'s' if total != 1 else ''}{more}." if total else "No event is deleted.")
        if self.events:
            self.table.setCurrentCell(0, 0)
        self.restore.setEnabled(self.selected() is not None)

    def selected(self) -> Optional[DeletedEvent]:
        row = self.table.currentRow()
        return self.events[row] if 0 <= row < len(self.events) else None

    def restore_selected(self) -> None:
        ev = self.selected()
        if ev is None:
            return
        edit, failure = run_telling(self.runner, self.service.restore_event, ev.id)
        self.reload()
        self.message.setText(f"Restored event {ev.id}; Ctrl+Z in the window deletes it again." if edit is not None
                             else failure or f"Event {ev.id} was not restored.")
