"""Ctrl+M: the note and "second look" flag of the shown event or release.

:meth:`NoteDialog.ask` is the hook the window calls (tests replace it); it
returns what the reviewer chose, or None when cancelled. The window saves it
through the review service (``set_note``): audited, undoable, in the history
and in the export's ``notes``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reviewer.review import Note

from .accessibility import labelled, named


@dataclass(frozen=True)
class NoteChoice:
    on_event: bool  # else the release
    text: str
    flag: bool
    reason: str


class NoteDialog(QDialog):
    def __init__(self, event_note: Optional[Note], release_note: Optional[Note], has_event: bool,
                 parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle("Note and second look")
        self.notes = {True: event_note, False: release_note}
        self.on_event = QRadioButton("this &event")
        self.on_release = QRadioButton("this re&lease")
        self.on_event.setEnabled(has_event)
        (self.on_event if has_event else self.on_release).setChecked(True)
        self.text = QPlainTextEdit()
        named(self.text, "Note", "a remark for the other reviewers and the dataset's users")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("A remark for the other reviewers and the dataset's users")
        self.flag = QCheckBox("needs a &second look")
        self.reason = named(QLineEdit(), "Reason for a second look", "required with the flag")
        self.reason.setPlaceholderText("why (required with the flag)")
        target = QHBoxLayout()
        target.addWidget(self.on_event)
        target.addWidget(self.on_release)
        form = QFormLayout()
        form.addRow("On", target)
        labelled(form, "&Note", self.text)
        form.addRow("", self.flag)
        labelled(form, "&Reason", self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.on_event.toggled.connect(self._load)
        self.flag.toggled.connect(self.reason.setEnabled)
        self._load()
        self.text.setFocus()

    def _load(self) -> None:
        note = self.notes[self.on_event.isChecked()]
        self.text.setPlainText(note.text if note else "")
        self.flag.setChecked(bool(note and note.flag))
        self.reason.setText(note.reason if note else "")
        self.reason.setEnabled(self.flag.isChecked())

    def choice(self) -> NoteChoice:
        return NoteChoice(self.on_event.isChecked(), self.text.toPlainText(), self.flag.isChecked(),
                          self.reason.text() if self.flag.isChecked() else "")

    @classmethod
    def ask(cls, event_note: Optional[Note], release_note: Optional[Note], has_event: bool,
            parent: Optional[QWidget] = None) -> Optional[NoteChoice]:
        dlg = cls(event_note, release_note, has_event, parent)
        return dlg.choice() if dlg.exec() == QDialog.DialogCode.Accepted else None
