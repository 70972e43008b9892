"""The duplicates view: two events side by side, a choice per field, Merge / Not duplicates / Later / Unmerge.

Every decision is a core operation of :class:`~reviewer.dedupe.service.DuplicateService`
returning an ``Edit`` (its own transaction, in the audit log), run through the
window's :class:`~ui.commands.EditRunner`: pushed on its undo stack as the one
undo command, its failures reported the one way, and the list re-read on the
runner's ``changed(edit)`` like every other pane.
"""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QColor, QKeySequence, QResizeEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox, QDialog, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QListView, QPlainTextEdit,
    QPushButton, QSplitter, QTextEdit, QVBoxLayout, QWidget,
)

from reviewer.dedupe import SearchResult, dedupe
from reviewer.dedupe.merge import FIELDS, LIST_FIELDS
from reviewer.dedupe.service import Candidate, DuplicateService, Pair, Side
from reviewer.review import Edit

from .accessibility import named
from .commands import EditRunner
from .operations import OperationRunner, run_store_operation
from .panes import ScrollingPane
from .text import plain_tooltip
from .theme import colours, set_style

_Index = QModelIndex | QPersistentModelIndex
CHOICES = {"left": "◀ Left", "right": "Right ▶", "both": "Both"}
#: Merge's own key. Enter never merges: no button of the dialog is a default one. Not Ctrl+M: in the
#: main window that writes a note, and a key that is harmless there must not merge here.
MERGE_KEY = "Ctrl+Shift+M"


class CandidateModel(QAbstractListModel):
    """The candidate pairs, one line each; the reasons as a tooltip."""

    CandidateRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self._rows: list[Candidate] = []

    def set_candidates(self, rows: list[Candidate]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        c = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return c.label
        if role == Qt.ItemDataRole.ToolTipRole:
            # reasons quote names from the pages: escaped, so Qt never reads them as rich text
            return plain_tooltip("\n".join(c.reasons))
        if role == self.CandidateRole:
            return c
        return None

    def candidate(self, row: int) -> Optional[Candidate]:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, candidate_id: int) -> int:
        return next((i for i, c in enumerate(self._rows) if c.id == candidate_id), -1)


class SideView(QGroupBox):
    """One event's sources: each page's sentence, highlighted, in plain text."""

    def __init__(self, side: str, parent: Optional[QWidget] = None):
        super().__init__("", parent)
        self.text = named(QPlainTextEdit(self), f"{side} event's sources", "each page's report, its sentence marked")
        self.text.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        self._spans: list[tuple[int, int]] = []  # each source's sentence, as offsets into the text shown

    def show_side(self, side: Optional[Side]) -> None:
        self.text.setPlainText("")
        self._spans = []
        if side is None:
            self.setTitle("")
            return
        self.setTitle(f"Event {side.event_id}")
        parts, spans, pos = [], [], 0
        for src in side.sources:
            head = f"[{src.doc}]\n"
            spans.append((pos + len(head) + src.start, pos + len(head) + src.end))
            block = head + src.text + "\n\n"
            parts.append(block)
            pos += len(block)
        self.text.setPlainText("".join(parts))  # plain text: page content is never read as HTML
        self._spans = spans
        self._mark()

    def _mark(self) -> None:
        """The sentences in the sentence colour of the theme shown now."""
        c = colours(self.palette())
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(c.evidence))
        fmt.setForeground(QColor(c.text))
        selections = []
        for s, e in self._spans:
            sel = QTextEdit.ExtraSelection()
            cur = QTextCursor(self.text.document())
            cur.setPosition(s)
            cur.setPosition(e, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor, sel.format = cur, fmt
            selections.append(sel)
        self.text.setExtraSelections(selections)

    def highlighted(self) -> list[str]:
        return [s.cursor.selectedText() for s in self.text.extraSelections()]

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # another theme: the sentences take its colour at once
            self._mark()


class FieldsPane(ScrollingPane):
    """The fields side by side, every row as tall as its names need; scrolled only when the dialog is too short.

    It asks for the rows' whole height at the width shown (a list of names wraps, so its height depends on the
    width), asked again when the pair shown or the width changes; the sources above give way first.
    """

    def __init__(self, content: QWidget, parent: Optional[QWidget] = None):
        super().__init__(content, parent)
        # Qt sizes the content to its height for the width only while this bar may show; it never does, the
        # pane being at least as wide as the content's least width (ScrollingPane.minimumSizeHint)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def sizeHint(self) -> QSize:
        hint, content = super().sizeHint(), self.widget()
        if content is None:
            return hint
        width = max(self.viewport().width(), content.minimumSizeHint().width())
        return QSize(hint.width(), content.heightForWidth(width) + 2 * self.frameWidth())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # another pair: as many lines as its names take
        return super().eventFilter(obj, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # wider or narrower: the names wrap to fewer or more lines


class DuplicatesDialog(QDialog):
    """Review candidate duplicate pairs; every decision goes through ``runner`` (the window's, undoable there).

    ``failed(message)`` when a decision, an undo or a search was refused;
    ``searched(result)`` after a search run from the dialog.
    """

    failed = Signal(str)
    searched = Signal(object)  # the SearchResult of a search run from the dialog

    def __init__(self, service: DuplicateService, runner: EditRunner, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle("Duplicates")
        self.runner = runner
        self.service = service
        self.reviewer = runner.service.reviewer
        self.pair: Optional[Pair] = None

        self.model = CandidateModel(self)
        self.list = named(QListView(self), "Candidate pairs", "each line a pair of events that may be one; its reasons are "
                          "shown beside the pair")
        self.list.setModel(self.model)
        self.list.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.reasons = QLabel(self)
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.PlainText)
        self.left_view, self.right_view = SideView("Left", self), SideView("Right", self)

        grid_box = QWidget(self)
        grid = QGridLayout(grid_box)
        self.left_values: dict[str, QLabel] = {}
        self.right_values: dict[str, QLabel] = {}
        self.choices: dict[str, QComboBox] = {}
        for row, f in enumerate(FIELDS):
            grid.addWidget(QLabel(f.replace("_", " "), grid_box), row, 0)
            self.left_values[f], self.right_values[f] = QLabel(grid_box), QLabel(grid_box)
            for lab in (self.left_values[f], self.right_values[f]):
                lab.setTextFormat(Qt.TextFormat.PlainText)
                lab.setWordWrap(True)
            box = QComboBox(grid_box)
            for key in ("left", "right", "both") if f in LIST_FIELDS else ("left", "right"):
                box.addItem(CHOICES[key], key)
            named(box, f"Take {f.replace('_', ' ')} from", "the left event, the right one, or both")
            self.choices[f] = box
            grid.addWidget(self.left_values[f], row, 1)
            grid.addWidget(box, row, 2)
            grid.addWidget(self.right_values[f], row, 3)

        self.merge_button = QPushButton("&Merge", self)
        self.not_dup_button = QPushButton("&Not duplicates", self)
        self.later_button = QPushButton("&Later", self)
        self.unmerge_button = QPushButton("&Unmerge", self)
        self.search_button = QPushButton("&Search again", self)
        self.search_button.setToolTip("Search every event for duplicates (runs in the background)")
        self.search_button.clicked.connect(self._on_search)
        self.merge_button.clicked.connect(self._on_merge)
        self.not_dup_button.clicked.connect(self._on_not_duplicates)
        self.later_button.clicked.connect(self._on_later)
        self.unmerge_button.clicked.connect(self._on_unmerge)
        # Enter (in the list, a choice box, on a focused button) decides nothing: a QDialog's
        # buttons are auto-default, so the first one, Merge, took Enter and merged the shown pair.
        # Each decision has its own key instead: Ctrl+Shift+M or Alt+M merges, Alt+N, Alt+L, Alt+U.
        for b in (self.merge_button, self.not_dup_button, self.later_button, self.unmerge_button, self.search_button):
            b.setAutoDefault(False)
            b.setDefault(False)
        self.merge_action = QAction("Merge the pair", self)
        self.merge_action.setShortcut(QKeySequence(MERGE_KEY))
        self.merge_action.triggered.connect(self._on_merge)
        self.addAction(self.merge_action)
        self.merge_button.setToolTip(f"Merge the two events into one, taking each field as chosen ({MERGE_KEY})")
        buttons = QHBoxLayout()
        for b in (self.merge_button, self.not_dup_button, self.later_button, self.unmerge_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.search_button)

        sides = QSplitter(Qt.Orientation.Horizontal, self)
        sides.addWidget(self.left_view)
        sides.addWidget(self.right_view)
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.addWidget(self.reasons)
        rl.addWidget(sides, 1)
        self.fields = FieldsPane(grid_box, right)
        rl.addWidget(self.fields)
        rl.addLayout(buttons)
        outer = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(self.list)
        outer.addWidget(right)
        outer.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(outer, 1)  # the room the dialog has goes to the pairs, not to the line of errors below
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        set_style(self.error, lambda c: f"color: {c.low}")
        layout.addWidget(self.error)
        self.failed.connect(self._on_failed)
        runner.failed.connect(self.failed)
        runner.changed.connect(self._on_changed)
        self.resize(1100, 700)
        self.reload()

    # -- showing ---------------------------------------------------------------

    def reload(self, select_id: Optional[int] = None) -> None:
        """Re-read the candidates (after a search or a decision) and keep the selection where it can."""
        current = self.pair.candidate.id if self.pair and select_id is None else select_id
        self.model.set_candidates(self.service.candidates())
        row = self.model.row_of(current) if current is not None else -1
        if row < 0 and self.model.rowCount() > 0:
            row = 0
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row, 0))
        self._show(self.model.candidate(row))

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show(self.model.candidate(current.row()) if current.isValid() else None)

    def _show(self, candidate: Optional[Candidate]) -> None:
        self.pair = self.service.pair(candidate) if candidate is not None else None
        p = self.pair
        self.left_view.show_side(p.left if p else None)
        self.right_view.show_side(p.right if p else None)
        self.reasons.setText("; ".join(p.candidate.reasons) if p else "No duplicate candidates.")
        defaults = self.service.default_choices(p.candidate) if p and p.candidate.status != "merged" else {}
        for f in FIELDS:
            self.left_values[f].setText(_fmt(p.left.fields[f]) if p else "")
            self.right_values[f].setText(_fmt(p.right.fields[f]) if p else "")
            box = self.choices[f]
            box.setCurrentIndex(max(0, box.findData(defaults.get(f, "left"))))
        merged = p is not None and p.candidate.status == "merged"
        for b in (self.merge_button, self.not_dup_button, self.later_button):
            b.setEnabled(bool(p) and not merged)
        for box in self.choices.values():
            box.setEnabled(bool(p) and not merged)
        self.unmerge_button.setEnabled(merged)

    def chosen(self) -> dict[str, str]:
        return {f: box.currentData() for f, box in self.choices.items()}

    # -- deciding --------------------------------------------------------------

    def _decide(self, fn: Any, *args: Any) -> None:
        """Run a decision through the window's runner (its changed signal re-reads the list)."""
        self.error.clear()
        self.runner.run(fn, *args)

    @Slot(object)
    def _on_changed(self, _edit: Edit) -> None:
        """Any action, here or in the window, or its undo: the pairs and their states may have changed."""
        self.reload()

    @Slot()
    def _on_merge(self) -> None:
        if self.pair is None or not self.merge_button.isEnabled():  # the key too: never a merged pair again
            return
        self._decide(self.service.merge, self.pair.candidate, self.chosen(), self.reviewer)

    @Slot()
    def _on_unmerge(self) -> None:
        if self.pair is None or self.pair.candidate.merge_id is None:
            return
        self._decide(self.service.unmerge, self.pair.candidate.merge_id, self.reviewer)

    def _answer(self, status: str) -> None:
        if self.pair is not None:
            self._decide(self.service.answer, self.pair.candidate.id, status, self.reviewer)

    @Slot()
    def _on_not_duplicates(self) -> None:
        self._answer("not_duplicate")

    @Slot()
    def _on_later(self) -> None:
        self._answer("later")

    # -- searching --------------------------------------------------------------

    @Slot()
    def _on_search(self) -> None:
        self.search()

    def search(self) -> OperationRunner:
        """Run the duplicate search on the worker (its own connection); the list reloads when it is done."""
        who = self.reviewer
        self.search_button.setEnabled(False)
        runner = run_store_operation(
            self, "Searching for duplicates", self.runner.service.path,
            lambda store, progress, cancelled: dedupe(store, progress, cancelled, who),
            on_success=self._on_searched, on_failure=self._on_search_failed)
        return runner

    @Slot(object)
    def _on_searched(self, result: SearchResult) -> None:
        self.search_button.setEnabled(True)
        self.error.clear()
        self.reload()
        self.searched.emit(result)

    @Slot(str)
    def _on_search_failed(self, message: str) -> None:
        self.search_button.setEnabled(True)
        self.failed.emit(message)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.error.setText(message)  # a line in the dialog, not a modal box over the reviewer's work


def _fmt(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(value) or "—"
    if value is None or value == "":
        return "—"
    return str(value)
