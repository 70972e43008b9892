"""The line above the panes: a red reason when something was not saved or not done, or a note with an Undo button."""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from .theme import Colours, set_style


def error_style(c: Colours) -> str:
    return (f"QFrame#banner {{ background: {c.error_bg}; border: 1px solid {c.error_border}; }}"
            f" QLabel {{ color: {c.error_text}; }}")


def note_style(c: Colours) -> str:
    return (f"QFrame#banner {{ background: {c.note_bg}; border: 1px solid {c.note_border}; }}"
            f" QLabel {{ color: {c.note_text}; }}")


class Banner(QFrame):
    """Hidden until there is something to say; the next saved change hides it."""

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        # Never the default button, and never focused by Tab: Enter elsewhere must not undo anything.
        self.undo_button = QPushButton("Undo")
        self.undo_button.setAutoDefault(False)
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.undo_button.clicked.connect(self._on_undo)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.addWidget(self.label, 1)
        lay.addWidget(self.undo_button)
        self._undo: Optional[Callable[[], None]] = None
        self.hide()

    def text(self) -> str:
        return self.label.text()

    def show_error(self, message: str) -> None:
        self._show(message, error_style, None)

    def show_note(self, message: str) -> None:
        """Something the reviewer should read before going on; nothing failed."""
        self._show(message, note_style, None)

    def show_undo(self, message: str, undo: Callable[[], None]) -> None:
        """A note that something was done, with a button that takes it back (as Ctrl+Z would)."""
        self._show(message, note_style, undo)

    def _show(self, message: str, style: Callable[[Colours], str], undo: Optional[Callable[[], None]]) -> None:
        self.label.setText(message)
        set_style(self, style)
        self._undo = undo
        self.undo_button.setVisible(undo is not None)
        self.show()

    def _on_undo(self) -> None:
        undo, self._undo = self._undo, None
        self.hide()
        if undo is not None:
            undo()
