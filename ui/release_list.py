"""The left pane: filters, search and the lazily fetched list of releases."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget,
)

from reviewer.review import Filter

from .release_model import ReleaseListModel


class ReleaseList(QWidget):
    """The left pane: filters, search and the lazily fetched list."""

    def __init__(self, model: ReleaseListModel, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.model = model
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the text (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.addItem("All", None)
        for s, label in (("unreviewed", "Unreviewed"), ("in_progress", "In progress"), ("verified", "Verified")):
            self.status.addItem(label, s)
        self.low = QCheckBox("Low confidence")
        self.dups = QCheckBox("Duplicates")
        self.view = QTableView()
        self.view.setObjectName("releaseList")
        self.view.setModel(model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        h = self.view.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        h.resizeSection(1, 100)
        # Fixed widths: ResizeToContents would read every fetched row on each change.
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        h.resizeSection(2, 56)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        row = QHBoxLayout()
        row.addWidget(self.status)
        row.addWidget(self.low)
        row.addWidget(self.dups)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        self.search.returnPressed.connect(self._on_filter)
        self.search.textChanged.connect(lambda t: None if t else self._on_filter())
        self.status.currentIndexChanged.connect(self._on_filter)
        self.low.toggled.connect(self._on_filter)
        self.dups.toggled.connect(self._on_filter)

    @Slot()
    def _on_filter(self) -> None:
        self.model.set_filter(Filter(self.status.currentData(), self.low.isChecked(), self.dups.isChecked(),
                                     self.search.text()))
