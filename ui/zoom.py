"""Zoom of the page and the editor (Ctrl++ / Ctrl+− / Ctrl+0): points added to their font, remembered."""
from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QTableView, QWidget

ZOOM_KEY = "view/zoom"
LOWEST, HIGHEST = -4, 16  # points below and above the base font


class Zoom(QObject):
    """Sets ``targets``' font to their base size plus ``steps`` points; the steps are kept in the settings."""

    changed = Signal(int)

    def __init__(self, settings: QSettings, targets: Iterable[QWidget], parent: QObject | None = None):
        super().__init__(parent)
        self.settings = settings
        self.targets = list(targets)
        # a font sized in pixels has no point size (-1): the size it is drawn at, in points, is the base then
        self._base = [w.font().pointSizeF() if w.font().pointSizeF() > 0 else QFontInfo(w.font()).pointSizeF()
                      for w in self.targets]
        try:
            steps = int(str(settings.value(ZOOM_KEY, 0)))
        except (TypeError, ValueError):
            steps = 0
        self.steps = 0
        self._set(steps, remember=False)

    def zoom_in(self) -> None:
        self._set(self.steps + 1)

    def zoom_out(self) -> None:
        self._set(self.steps - 1)

    def reset(self) -> None:
        self._set(0)

    def _set(self, steps: int, remember: bool = True) -> None:
        self.steps = max(LOWEST, min(HIGHEST, steps))
        for widget, base in zip(self.targets, self._base):
            font = widget.font()
            font.setPointSizeF(max(4.0, base + self.steps))
            widget.setFont(font)
            for child in widget.findChildren(QWidget):
                if child.styleSheet():  # a widget with a style sheet keeps the font it was polished with
                    own = child.font()
                    own.setPointSizeF(font.pointSizeF())
                    child.setFont(own)
            for table in widget.findChildren(QTableView):  # rows of wrapped text take their new height
                table.resizeRowsToContents()
        if remember:
            self.settings.setValue(ZOOM_KEY, self.steps)
            self.settings.sync()
        self.changed.emit(self.steps)
