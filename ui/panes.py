"""The window's panes on a small screen: a pane that scrolls when it is shorter than its content.

At 1,280 × 720 with 150 % scaling the window has about 850 × 450 logical
pixels; the event editor alone needs more height than that. In a
:class:`ScrollingPane` it keeps its full size and scrolls, instead of forcing
the window taller than the screen or squeezing its fields below their size.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QPoint, QSize, Qt, Slot
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QStyle, QWidget

#: The least height a scrolling pane asks for: a few fields, the rest reached by scrolling.
PANE_MIN_HEIGHT = 160
#: Room left above and below a field scrolled into view (its focus ring shows).
FOCUS_MARGIN = 6


class ScrollingPane(QScrollArea):
    """``content`` at its own minimum width (never cut at the side), scrolled up and down.

    The field that takes the keyboard focus (Tab, an Alt key, F8) is scrolled
    into view.
    """

    def __init__(self, content: QWidget, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the fields take the focus, not the frame around them
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)  # no arguments: the one losing it may be going away

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        width = (content.minimumSizeHint().width() if content is not None else 0) + bar + 2 * self.frameWidth()
        return QSize(width, PANE_MIN_HEIGHT)

    @Slot()
    def _on_focus_changed(self) -> None:
        focus, content = QApplication.focusWidget(), self.widget()
        if focus is not None and content is not None and content.isAncestorOf(focus):
            # the whole field, not only its text cursor (which is all ensureWidgetVisible shows of a line edit)
            at = focus.mapTo(content, QPoint(focus.width() // 2, focus.height() // 2))
            self.ensureVisible(at.x(), at.y(), focus.width() // 2, focus.height() // 2 + FOCUS_MARGIN)
