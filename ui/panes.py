"""The window's panes on a small screen: a pane that scrolls when it is shorter than its content, and panes
View shuts and opens from the keyboard.

At 1,280 × 720 with 150 % scaling the window has about 850 × 450 logical
pixels; the event editor alone needs more height than that. In a
:class:`ScrollingPane` it keeps its full size and scrolls, instead of forcing
the window taller than the screen or squeezing its fields below their size.
"""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import QObject, QPoint, QSize, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFrame, QMenu, QScrollArea, QSplitter, QStyle, QWidget

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


#: The panes View can close and open again: (action name, menu text, keys, the pane's place in the splitter).
PANE_ACTIONS = (("pane_list", "Release &list pane", ["Ctrl+Shift+L"], 0),
                ("pane_editor", "Event e&ditor pane", ["Ctrl+Shift+E"], 2))


class PaneToggles(QObject):
    """View ▸ the release list and the editor, shut and opened from the keyboard (a dragged-shut one too).

    A narrow screen gives the page more room with the list closed; the
    handle a pane was dragged shut to stays, and the same key opens it again
    at least at its minimum width, taken from the widest pane.
    """

    def __init__(self, menu: QMenu, splitter: QSplitter, add_action: Callable[..., QAction]):
        super().__init__(menu)
        self.splitter = splitter
        self.actions: dict[int, QAction] = {}
        for name, text, keys, index in PANE_ACTIONS:
            act = add_action(menu, name, text, lambda i=index: self.toggle(i), keys, leaves=False)
            act.setCheckable(True)
            self.actions[index] = act
        splitter.splitterMoved.connect(self.sync)
        menu.aboutToShow.connect(self.sync)  # a state restored from the settings, or dragged
        self.sync()

    def pane(self, index: int) -> QWidget:
        pane = self.splitter.widget(index)
        assert pane is not None, index  # the window puts three panes in the splitter before its menus
        return pane

    def is_open(self, index: int) -> bool:
        return not self.pane(index).isHidden() and self.splitter.sizes()[index] > 0

    @Slot()
    def sync(self) -> None:
        for index, act in self.actions.items():
            act.setChecked(self.is_open(index))

    def toggle(self, index: int) -> None:
        pane = self.pane(index)
        if self.is_open(index):
            pane.hide()
        else:
            pane.show()
            sizes = self.splitter.sizes()
            need = pane.minimumSizeHint().width() - sizes[index]
            if need > 0:  # dragged shut: its room comes from the widest other pane
                widest = max((i for i in range(len(sizes)) if i != index), key=lambda i: sizes[i])
                sizes[widest] -= need
                sizes[index] += need
                self.splitter.setSizes(sizes)
        self.sync()
