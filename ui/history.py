"""View ▸ History: the audit log of the shown event, the shown release or the whole database, and
"Revert this change".

The table model fetches 200 rows at a time, newest first, as the view scrolls
(``canFetchMore``/``fetchMore``), so opening it costs one page whatever the
log's size. A revert runs through the window's :class:`~ui.commands.EditRunner`:
the core checks every value against what the action left, the revert is a new
audited action, and Ctrl+Z takes it back like any edit.
"""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from reviewer.review import (
    ACTIONS,
    Edit,
    HistoryFilter,
    HistoryRow,
    ReviewError,
    ReviewService,
)
from reviewer.store import StoreError

from .accessibility import labelled, named
from .commands import EditRunner
from .text import plain_tooltip

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("When", "Who", "Action", "What", "Field", "Change")
PAGE = 200


def run_telling(runner: EditRunner, fn, *args) -> tuple[Optional[Edit], str]:
    """Run an edit through the window's runner (undo stack, refresh); the one-line reason when it was refused,
    for the dialog that asked to show beside its button."""
    failures: list[str] = []
    runner.failed.connect(failures.append)
    try:
        edit = runner.run(fn, *args)
    finally:
        runner.failed.disconnect(failures.append)
    return edit, failures[-1] if failures else ""


class HistoryModel(QAbstractTableModel):
    """The audit rows of one :class:`HistoryFilter`, newest first, fetched a page at a time."""

    def __init__(self, service: ReviewService, parent=None):
        super().__init__(parent)
        self.service = service
        self.filter = HistoryFilter()
        self.rows: list[HistoryRow] = []
        self._more = False

    def set_filter(self, flt: HistoryFilter) -> None:
        """Show ``flt`` from its newest row; raises (the view unchanged) on a bad filter value."""
        first = self.service.history_page(flt, limit=PAGE)
        self.beginResetModel()
        self.filter, self.rows, self._more = flt, first, len(first) == PAGE
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or not self._more:
            return
        more = self.service.history_page(self.filter, before=self.rows[-1].id if self.rows else None, limit=PAGE)
        self._more = len(more) == PAGE
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows += more
            self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (r.local_time, r.who, r.action, r.what, r.field or "", r.change)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{r.what} {r.field or ''}\n{r.old if r.old is not None else '∅'}\n→\n"
                                 f"{r.new if r.new is not None else '∅'}")
        return None

    def row_at(self, row: int) -> Optional[HistoryRow]:
        return self.rows[row] if 0 <= row < len(self.rows) else None


class HistoryDialog(QDialog):
    """The history with its scope and filters, and the Revert button."""

    SCOPES = (("event", "This event"), ("release", "This release"), ("all", "Whole database"))

    def __init__(self, service: ReviewService, runner: EditRunner, event_id: Optional[int], release_id: Optional[int],
                 parent: Optional[QWidget] = None, scope: Optional[str] = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("History")
        self.resize(1000, 560)
        self.service, self.runner = service, runner
        self.event_id, self.release_id = event_id, release_id
        self.model = HistoryModel(service, self)
        self.scope = QComboBox()
        for key, text in self.SCOPES:
            self.scope.addItem(text, key)
        self.who = QLineEdit()
        self.who.setPlaceholderText("any reviewer")
        self.action = QComboBox()
        self.action.addItem("any action", "")
        for name in ACTIONS:
            self.action.addItem(name, name)
        self.date_from, self.date_to = QLineEdit(), QLineEdit()
        for w, text in ((self.date_from, "From day"), (self.date_to, "To day")):
            w.setPlaceholderText("YYYY-MM-DD")
            named(w, text, "a day as YYYY-MM-DD, local time; Enter filters")
        form = QFormLayout()
        labelled(form, "&Show", self.scope)
        labelled(form, "&Reviewer", self.who, description="part of a reviewer's name; Enter filters")
        labelled(form, "&Action", self.action)
        dates = QHBoxLayout()
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.date_to)
        labelled(form, "&From", dates, buddy=self.date_from)
        self.view = named(QTableView(), "Changes", "newest first: when, who, action, what, field, old and new value")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((150, 80, 90, 200, 110)):
            self.view.setColumnWidth(col, width)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.revert = QPushButton("Re&vert this change")
        self.revert.setToolTip("Take back the whole action this row belongs to, if nothing changed since (Ctrl+Z undoes it)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.revert)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)

        # the shown event's history first, else the release's, else everything (one page read on opening)
        if scope is None:
            scope = "event" if event_id is not None else "release" if release_id is not None else "all"
        self.scope.setCurrentIndex(self.scope.findData(scope))
        self.scope.currentIndexChanged.connect(self.apply)
        self.action.currentIndexChanged.connect(self.apply)
        for w in (self.who, self.date_from, self.date_to):
            w.returnPressed.connect(self.apply)
        self.revert.clicked.connect(self.revert_selected)
        # an edit, undo or redo in the window is history too: shown at once (one page read)
        runner.changed.connect(self._on_window_changed)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_button())
        self.apply()

    def _on_window_changed(self, edit: Edit) -> None:
        if isValid(self) and edit.changes and self.isVisible():  # closed (deleted) dialogs hear nothing
            self.apply()

    def current_filter(self) -> HistoryFilter:
        key = self.scope.currentData()
        return HistoryFilter(event_id=self.event_id if key == "event" else None,
                             release_id=self.release_id if key == "release" else None,
                             who=self.who.text(), action=self.action.currentData() or "",
                             date_from=self.date_from.text() or None, date_to=self.date_to.text() or None)

    def apply(self) -> None:
        key = self.scope.currentData()
        if (key == "event" and self.event_id is None) or (key == "release" and self.release_id is None):
            self.message.setText(f"No {key} is shown in the window: choose another scope.")
            self.model.beginResetModel()
            self.model.rows, self.model._more = [], False
            self.model.endResetModel()
            self._update_button()
            return
        try:
            self.model.set_filter(self.current_filter())
        except (ReviewError, StoreError) as exc:
            self.message.setText(f"Not filtered: {exc}")
            return
        self.message.setText("" if self.model.rows else "Nothing recorded matches.")
        self._update_button()

    def selected(self) -> Optional[HistoryRow]:
        return self.model.row_at(self.view.currentIndex().row())

    def _update_button(self) -> None:
        row = self.selected()
        self.revert.setEnabled(row is not None and row.revertible)

    def revert_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        edit, failure = run_telling(self.runner, self.service.revert_action, row.id)
        if edit is None:
            self.message.setText(failure or "Not reverted.")
            return
        if not self.isVisible():  # a visible history re-read its page on the runner's changed signal already
            self.apply()
        self.message.setText(f"Saved: {edit.label}. Ctrl+Z in the window takes the revert back.")
