"""Small widgets the event editor is built from: a clickable field label with its mnemonic, a wheel guard."""
from __future__ import annotations

import html
from typing import Optional

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget


class FieldLabel(QLabel):
    """A field's name, bold, its Alt key letter underlined; a click shows where the page says it.

    The letter is only drawn here: the key itself is a window action (so the
    shortcut sheet lists it), not a label mnemonic that would click the label.
    """

    clicked = Signal()

    def __init__(self, text: str, letter: str = "", parent: Optional[QWidget] = None):
        super().__init__(parent)
        at = text.lower().find(letter.lower()) if letter else -1
        shown = html.escape(text) if at < 0 else (
            f"{html.escape(text[:at])}<u>{html.escape(text[at])}</u>{html.escape(text[at + 1:])}")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setText(f"<b>{shown}</b>")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet("padding: 2px 4px;")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)


class WheelNeedsFocus(QObject):
    """Event filter: a box changes on the mouse wheel only when it has keyboard focus.

    Scrolling over a Type or Status box must not change (and save) its value;
    without focus the wheel event is dropped. The boxes also take focus only by
    click or Tab (``StrongFocus``), never by the wheel itself.
    """

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(obj, QWidget) and not obj.hasFocus():
            event.ignore()
            return True
        return False
