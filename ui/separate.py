"""Review ▸ Separate a near-duplicate copy…: choose a copy folded into the shown release, and separate it.

Near-duplicate releases are folded together on their own after every import
(:mod:`reviewer.dedupe.near`). When two different articles were folded by
mistake, the reviewer picks the copy here; separating it runs at once
(:func:`reviewer.dedupe.folds.separate`, one transaction, audited, returning
an ``Edit``) through the window's runner, onto its undo stack as any edit:
undo folds it again exactly, redo separates it again.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from reviewer.dedupe.folds import Copy

from .accessibility import named
from .text import plain_tooltip


class SeparateDialog(QDialog):
    """The copies folded into one release, one line each (its pages, its first words): choose one."""

    def __init__(self, release_id: int, copies: list[Copy], unrecorded: int = 0, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle("Separate a near-duplicate copy")
        self.copies = list(copies)
        intro = QLabel(f"These pages were folded into release {release_id} as copies of the same article. "
                       "Choose one that reports a different article to make it a release of its own again; "
                       "the duplicate search will not fold the two together again.", self)
        intro.setWordWrap(True)
        self.list = named(QListWidget(self), "Copies folded into this release", "its pages and first words")
        self.list.setAlternatingRowColors(True)
        for c in self.copies:
            pages = ", ".join(c.pages) or "no page"
            # page text goes in as plain item text: a QListWidgetItem never reads it as HTML
            item = QListWidgetItem(f"{pages}\n    {c.first_words}")
            item.setToolTip(plain_tooltip(f"Release {c.absorbed}, folded {c.at[:16].replace('T', ' ')} by {c.who}"))
            item.setData(Qt.ItemDataRole.UserRole, c.fold_id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        if unrecorded:
            self.note.setText(f"{unrecorded} more cop{'y was' if unrecorded == 1 else 'ies were'} folded in before "
                              "folds were recorded and cannot be separated.")
        self.note.setVisible(bool(unrecorded))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.separate_button = self.buttons.addButton("&Separate", QDialogButtonBox.ButtonRole.AcceptRole)
        # Separating is never the default: Enter cancels, Alt+S (or the button) separates.
        self.separate_button.setAutoDefault(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAutoDefault(True)
        cancel.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.note)
        lay.addWidget(self.buttons)
        self.resize(620, 320)

    def chosen(self) -> Optional[int]:
        """The fold id of the chosen copy."""
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    @classmethod
    def ask(cls, release_id: int, copies: list[Copy], unrecorded: int = 0,
            parent: Optional[QWidget] = None) -> Optional[int]:
        """The fold id the reviewer chose to separate, or None when cancelled."""
        dlg = cls(release_id, copies, unrecorded, parent)
        return dlg.chosen() if dlg.exec() == QDialog.DialogCode.Accepted else None
