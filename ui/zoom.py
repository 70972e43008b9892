"""Zoom of the page and the editor (Ctrl++ / Ctrl+− / Ctrl+0, Ctrl+wheel): points added to their font, remembered.

Ctrl+wheel over the page or the editor goes through the same steps as the keys:
left to Qt, the page's text view would zoom only itself, by its own steps, and
be forgotten when the window closes.
"""
from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QFontInfo, QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QTableView, QWidget

ZOOM_KEY = "view/zoom"
LOWEST, HIGHEST = -4, 16  # points below and above the base font
WHEEL_STEP = 120  # a wheel's notch in eighths of a degree: one point (a touchpad's finer deltas add up to it)


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
        self._wheel = 0  # the wheel's turn not yet a whole step
        for widget in self.targets:
            widget.installEventFilter(self)  # a wheel no child took (over a field, a label) reaches the widget
            # a scrolling view (the page, a table) takes the wheel on its viewport, before the widget sees it
            areas = [w for w in (widget, *widget.findChildren(QAbstractScrollArea)) if isinstance(w, QAbstractScrollArea)]
            for area in areas:
                area.viewport().installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """Ctrl+wheel zooms by the window's steps (and is remembered); every other wheel scrolls as usual."""
        if event.type() != QEvent.Type.Wheel or not isinstance(event, QWheelEvent) \
                or not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        self._wheel += event.angleDelta().y()
        steps = int(self._wheel / WHEEL_STEP)  # towards zero: a part of a notch waits for the rest
        if steps:
            self._wheel -= steps * WHEEL_STEP
            self._set(self.steps + steps)
        event.accept()
        return True

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
