"""What a screen reader and a keyboard user need from every control: a name, a labelled field, a visible focus.

Names are given where a widget is built (``named``, ``labelled``), not in a
later sweep, so a new control is named next to the line that makes it;
``tests/ui/test_accessibility.py`` walks every window and fails on one that
is not. :class:`FocusRing` draws a frame in the palette's highlight colour
around whatever has the keyboard focus, in every style and theme.
"""
from __future__ import annotations

from typing import Optional, TypeVar, Union

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, Qt, Slot
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QLayout, QMenu, QMenuBar, QWidget

W = TypeVar("W", bound=QWidget)

#: How far the focus ring stands out from the focused control, and its line width.
RING_MARGIN, RING_WIDTH = 3, 2


def plain(text: str) -> str:
    """A label's words as a screen reader should say them: no mnemonic ``&``, no trailing colon."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip().rstrip(":").strip()


def named(widget: W, name: str, description: str = "") -> W:
    """``widget`` with its accessible name (and a description when the name alone does not say what it does)."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def labelled(form: QFormLayout, text: str, field: Union[QWidget, QLayout], buddy: Optional[QWidget] = None,
             description: str = "") -> QLabel:
    """A form row whose label is the buddy of its field: Alt+its letter focuses the field, and names it.

    ``field`` may be a layout (a field with a button beside it); ``buddy`` is
    then the widget the label stands for. A layout given to ``addRow`` with a
    string gets no buddy, and its ``&`` is shown as typed.
    """
    target = buddy if buddy is not None else field
    if not isinstance(target, QWidget):
        raise TypeError("a layout row needs the widget its label stands for (buddy=...)")
    label = QLabel(text)
    label.setBuddy(target)
    if not target.accessibleName():
        named(target, plain(text), description)
    form.addRow(label, field)
    return label


class FocusRing(QWidget):
    """A frame around the focused control, drawn on top of its window (never takes a click or the focus).

    Styles differ in how (and whether) they show focus: a flat table or a
    read-only text view may show none. The ring follows the focus through
    ``QApplication.focusChanged``, and the moves and resizes of the control
    and every widget above it (a scrolled editor, a dragged splitter).
    """

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.target: Optional[QWidget] = None
        self._watched: list[QWidget] = []
        self.hide()

    def follow(self, widget: Optional[QWidget]) -> None:
        for watched in self._watched:
            if shiboken6.isValid(watched):
                watched.removeEventFilter(self)
        self._watched = []
        self.target = widget
        if widget is None:
            self.hide()
            return
        up: Optional[QWidget] = widget
        while up is not None and up is not self.parentWidget():
            up.installEventFilter(self)
            self._watched.append(up)
            up = up.parentWidget()
        self.place()

    def place(self) -> None:
        t, window = self.target, self.parentWidget()
        if t is None or window is None or not shiboken6.isValid(t) or not t.isVisible():
            self.hide()
            return
        shown = t.visibleRegion().boundingRect()  # the part not scrolled away or covered
        if shown.isEmpty():
            self.hide()
            return
        top_left = t.mapTo(window, shown.topLeft())
        m = RING_MARGIN
        self.setGeometry(QRect(top_left, shown.size()).adjusted(-m, -m, m, m))
        self.show()
        self.raise_()
        self.update()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide):
            self.place()
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        # the palette's own highlight: the colour a theme picks to stand out from its window and base
        p.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), RING_WIDTH))
        p.setBrush(Qt.BrushStyle.NoBrush)
        half = RING_WIDTH / 2
        p.drawRoundedRect(self.rect().toRectF().adjusted(half, half, -half, -half), 3, 3)
        p.end()


class FocusRings(QObject):
    """One :class:`FocusRing` per window, moved to whichever control takes the focus."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        self._rings: list[FocusRing] = []
        # no arguments taken: the widget losing the focus may be half destroyed (a closing dialog's)
        app.focusChanged.connect(self._on_focus_changed)

    @Slot()
    def _on_focus_changed(self) -> None:
        new = QApplication.focusWidget()
        self._rings = [r for r in self._rings if shiboken6.isValid(r)]
        for ring in self._rings:
            if ring.target is not new:
                ring.follow(None)
        if new is None or new.isWindow() or isinstance(new, (QMenu, QMenuBar)):
            return
        window = new.window()
        ring = next((r for r in self._rings if r.parentWidget() is window), None) or self._new_ring(window)
        ring.follow(new)

    def _new_ring(self, window: QWidget) -> FocusRing:
        ring = FocusRing(window)
        self._rings.append(ring)
        return ring


def show_focus(app: QApplication) -> FocusRings:
    """Install the focus rings once for the whole application (every window and dialog gets its own)."""
    rings = app.findChild(FocusRings)
    return rings if rings is not None else FocusRings(app)
