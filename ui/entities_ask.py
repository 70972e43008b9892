"""The questions the entities window asks: which name a merge keeps, a new name or code, an authority file.

Each is one ``ask…`` function, the seam tests replace (a modal dialog left
open would hang them). None of them changes anything: the caller runs the
chosen operation through the window's ``EditRunner``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QFileDialog, QHBoxLayout, QInputDialog, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout,
    QWidget,
)

from reviewer.entities import EntityRow


@dataclass(frozen=True)
class MergeChoice:
    """Merge ``ids`` into ``ids[0]``, which is called ``name`` afterwards."""

    ids: list[int]
    name: str


def merge_names(rows: Sequence[EntityRow]) -> list[tuple[str, int]]:
    """Every spelling the merged entity could be called by, with the entity that holds it (canonical names first)."""
    out = [(r.name, r.id) for r in rows]
    seen = {n for n, _ in out}
    for r in rows:
        for name in r.other_names:
            if name not in seen:
                seen.add(name)
                out.append((name, r.id))
    return out


def merge_choice(rows: Sequence[EntityRow], name: str, holder: int) -> MergeChoice:
    """The choice of ``name`` (held by entity ``holder``): that entity survives, the others follow it."""
    return MergeChoice([holder] + [r.id for r in rows if r.id != holder], name)


class MergeDialog(QDialog):
    """Pick the name the merged entity keeps; the entity that already holds it is the one kept."""

    def __init__(self, rows: Sequence[EntityRow], parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle("Merge entities")
        self.rows = list(rows)
        label = QLabel(f"Merge these {len(rows)} into one. Every event and spelling follows it. Keep the name:")
        label.setWordWrap(True)
        self.names = QListWidget()
        self.names.setAccessibleName("Name the merged entity keeps")
        for name, holder in merge_names(rows):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, holder)
            self.names.addItem(item)
        self.names.setCurrentRow(0)
        label.setBuddy(self.names)
        # two plain buttons, not a QDialogButtonBox: that one makes Merge the default button when shown, and
        # Enter must merge nothing (Alt+M or a click does; Esc cancels)
        merge, cancel = QPushButton("&Merge"), QPushButton("Cancel")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b, slot in ((merge, self.accept), (cancel, self.reject)):
            b.setAccessibleName(b.text().replace("&", ""))
            b.setAutoDefault(False)
            b.setDefault(False)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(label)
        lay.addWidget(self.names)
        lay.addLayout(buttons)

    def choice(self) -> Optional[MergeChoice]:
        item = self.names.currentItem()
        return merge_choice(self.rows, item.text(), int(item.data(Qt.ItemDataRole.UserRole))) if item is not None else None

    @staticmethod
    def ask(rows: Sequence[EntityRow], parent: Optional[QWidget] = None) -> Optional[MergeChoice]:
        dlg = MergeDialog(rows, parent)
        return dlg.choice() if dlg.exec() == QDialog.DialogCode.Accepted else None


def ask_text(parent: Optional[QWidget], title: str, label: str, text: str = "") -> Optional[str]:
    """A line of text (a name, a country code, an id); None when cancelled. The core checks the value."""
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value if ok else None


def ask_authority_file(parent: Optional[QWidget]) -> Optional[str]:
    """The authority list to reconcile against (``kind,name,id,aliases``); None when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, "Authority list", "", "CSV files (*.csv);;All files (*)")
    return path or None
