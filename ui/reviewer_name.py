"""Who is reviewing: the name asked on first run, remembered in the settings, changed from File ▸ Reviewer name…."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from .accessibility import named

NAME_KEY = "reviewer/name"


class ReviewerNameDialog(QDialog):
    """Asks who is reviewing; the audit log records the name with every change."""

    def __init__(self, parent: Optional[QWidget] = None, current: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Who is reviewing?")
        self.name = named(QLineEdit(current), "Your name", "as the audit log records it with every change")
        self.name.setPlaceholderText("Your name, as the audit log should record it")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Every correction is saved with your name. It is asked once;\n"
                             "File \u25b8 Reviewer name\u2026 changes it later."))
        lay.addWidget(self.name)
        lay.addWidget(buttons)

    @classmethod
    def ask(cls, parent: Optional[QWidget] = None, current: str = "") -> Optional[str]:
        """The name typed (white space collapsed), None when cancelled or left empty."""
        dlg = cls(parent, current)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        return " ".join(dlg.name.text().split()) or None


def remember_name(settings: QSettings, name: str) -> None:
    settings.setValue(NAME_KEY, name)
    settings.sync()


def reviewer_name(settings: QSettings, parent: Optional[QWidget] = None) -> Optional[str]:
    """The remembered name; asked (and remembered) when there is none yet."""
    name = settings.value(NAME_KEY)
    if isinstance(name, str) and name.strip():
        return name
    name = " ".join((ReviewerNameDialog.ask(parent) or "").split())
    if name:
        remember_name(settings, name)
    return name
