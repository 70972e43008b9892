"""The events on a time axis, one lane per type; clicking an event opens it in the window.

Events whose year is unknown (``XXXX-MM-DD``) cannot go on the axis; they sit
in a strip of their own below it, placed by month and day (the dialog's
button scrolls to it). A verified event is a filled dot with a ring, one not
yet verified a hollow ring: told apart by shape, not by colour alone. The lane
labels stay at the left edge while the canvas scrolls sideways.

The keyboard reaches it too: Tab focuses the canvas, the arrows step from
event to event in date order (the year-unknown strip after the dated ones),
Home and End go to the first and last, Enter opens the chosen one. The chosen
event is ringed in the text's colour, scrolled into view, and is the
canvas's accessible description, so a screen reader says it.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from PySide6.QtCore import QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from reviewer.model import EVENT_TYPES
from reviewer.review import ReviewService, TimelineEvent

from .text import plain_tooltip
from .theme import colours
LANE, LEFT, TOP, RADIUS = 30, 110, 30, 6
UNKNOWN_LABEL = "year unknown"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_AXIS_GAP = 44  # the year labels between the lanes and the year-unknown strip


class TimelineCanvas(QWidget):
    """Paints dated events in type lanes, and year-unknown ones in a month-day strip below."""

    event_activated = Signal(int, int)  # release id, event id
    chosen_moved = Signal(QPointF)  # where the event chosen from the keyboard is drawn: the dialog scrolls to it

    def __init__(self, events: list[TimelineEvent], parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.events = [e for e in events if e.date_start[:4].isdigit()]
        self.unknown = [e for e in events if e.date_start.startswith("XXXX")]
        self._days = [date.fromisoformat(e.date_start).toordinal() for e in self.events]
        self._lo = min(self._days, default=0)
        self._hi = max(self._days, default=1)
        self.setMinimumSize(max(900, 8 * max(1, len(self.events))), int(self.unknown_strip().bottom()) + 16)
        self.setMouseTracking(True)
        self.label_left = 0  # where the lane labels are drawn: the left edge of the visible part
        # the keyboard's order: dated events by date, then the year-unknown ones by month and day
        self.order = ([("dated", i) for i in sorted(range(len(self.events)), key=lambda i: (self._days[i], i))]
                      + [("unknown", i) for i in sorted(range(len(self.unknown)),
                                                        key=lambda i: (self.unknown[i].date_start, i))])
        self.chosen: Optional[int] = None  # a position in ``order``, once the keyboard moved
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Timeline of events")
        self.setAccessibleDescription("Arrows: the previous and next event by date; Home, End: the first and last; "
                                      "Enter: open it in the window")

    def set_label_left(self, x: int) -> None:
        """Keep the lane labels at ``x`` (the horizontal scroll position) so they stay in view."""
        self.label_left = x
        self.update()

    def year_ticks(self) -> list[tuple[int, float]]:
        """(year, x) of every 1 January inside the axis."""
        if not self.events:
            return []
        years = range(date.fromordinal(self._lo).year, date.fromordinal(self._hi).year + 2)
        ticks = [(year, self._x(date(year, 1, 1).toordinal())) for year in years]
        return [(year, x) for year, x in ticks if LEFT <= x <= self.width() - 10]

    def year_labels(self) -> list[tuple[str, QRectF]]:
        """Each year's label and where it is drawn: right of its tick, or left of it when it would be cut there;
        a label that would overlap the one before is left out (its tick stays)."""
        fm = self.fontMetrics()
        top = TOP + LANE * len(EVENT_TYPES) + 4
        out: list[tuple[str, QRectF]] = []
        for year, x in self.year_ticks():
            w = fm.horizontalAdvance(str(year)) + 2
            left = x + 3 if x + 3 + w <= self.width() - 2 else x - 3 - w
            rect = QRectF(left, top, w, fm.height())
            if not out or not rect.intersects(out[-1][1].adjusted(0, 0, 4, 0)):
                out.append((str(year), rect))
        return out

    def _x(self, day: int) -> float:
        span = max(1, self._hi - self._lo)
        return LEFT + (self.width() - LEFT - 20) * (day - self._lo) / span

    def point(self, i: int) -> QPointF:
        ev = self.events[i]
        lane = EVENT_TYPES.index(ev.event_type) if ev.event_type in EVENT_TYPES else len(EVENT_TYPES) - 1
        return QPointF(self._x(self._days[i]), TOP + LANE * lane + LANE / 2)

    def unknown_strip(self) -> QRectF:
        """Where the year-unknown events are drawn: the full width below the year axis."""
        return QRectF(0, TOP + LANE * len(EVENT_TYPES) + _AXIS_GAP, self.width(), LANE)

    def _day_x(self, month_day: str) -> float:
        # 2000 is a leap year, so 29 February has a place
        day = date.fromisoformat("2000-" + month_day).toordinal() - date(2000, 1, 1).toordinal()
        return LEFT + (self.width() - LEFT - 20) * day / 366

    def unknown_point(self, i: int) -> QPointF:
        return QPointF(self._day_x(self.unknown[i].date_start[5:10]), self.unknown_strip().center().y())

    def chosen_event(self) -> Optional[tuple[TimelineEvent, QPointF]]:
        """The event chosen from the keyboard and where it is drawn (None before the first key)."""
        if self.chosen is None:
            return None
        where, i = self.order[self.chosen]
        return (self.events[i], self.point(i)) if where == "dated" else (self.unknown[i], self.unknown_point(i))

    def choose(self, position: int) -> None:
        """Choose the ``position``-th event in date order (clamped), say it, and have it scrolled into view."""
        if not self.order:
            return
        self.chosen = max(0, min(len(self.order) - 1, position))
        chosen = self.chosen_event()
        assert chosen is not None
        ev, centre = chosen
        self.setAccessibleDescription(f"{describe(ev)} — {self.chosen + 1} of {len(self.order)}")
        self.setToolTip(plain_tooltip(describe(ev)))
        self.update()
        self.chosen_moved.emit(centre)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        k = Qt.Key(event.key())
        step = {Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1}.get(k)
        if step is not None:
            self.choose(0 if self.chosen is None else self.chosen + step)
        elif k == Qt.Key.Key_Home:
            self.choose(0)
        elif k == Qt.Key.Key_End:
            self.choose(len(self.order) - 1)
        elif k in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (chosen := self.chosen_event()) is not None:
            if chosen[0].release_id is not None:
                self.event_activated.emit(chosen[0].release_id, chosen[0].id)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.chosen is None:
            self.choose(0)  # Tab to it: the first event is chosen at once, so the arrows start from somewhere seen
        else:
            self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def _placed(self):
        """(event, centre) of every drawn event."""
        yield from ((ev, self.point(i)) for i, ev in enumerate(self.events))
        yield from ((ev, self.unknown_point(i)) for i, ev in enumerate(self.unknown))

    def lane_label_rect(self, lane: int) -> QRectF:
        """Where a lane's label is drawn (lane ``len(EVENT_TYPES)``: the year-unknown strip's)."""
        y = self.unknown_strip().top() if lane == len(EVENT_TYPES) else TOP + LANE * lane
        return QRectF(self.label_left + 8, y, LEFT - 16, LANE)

    def _paint_unknown_strip(self, p: QPainter, text: QColor, grid: QColor) -> None:
        strip = self.unknown_strip()
        p.fillRect(strip, self.palette().color(QPalette.ColorRole.AlternateBase))
        for m, name in enumerate(MONTHS, start=1):
            x = self._day_x(f"{m:02d}-01")
            p.setPen(grid)
            p.drawLine(int(x), int(strip.top()), int(x), int(strip.bottom()))
            p.setPen(text)
            p.drawText(int(x) + 3, int(strip.bottom()) + 12, name)

    def _paint_lane_labels(self, p: QPainter, text: QColor) -> None:
        """The labels over a band of the background, at the visible left edge: dots scrolled under them hide."""
        band = QRectF(self.label_left, 0, LEFT - 4, self.height())
        p.fillRect(band, self.palette().color(QPalette.ColorRole.Base))
        strip = self.unknown_strip()
        p.fillRect(QRectF(band.left(), strip.top(), band.width(), strip.height()),
                   self.palette().color(QPalette.ColorRole.AlternateBase))
        p.setPen(text)
        for lane, t in enumerate((*EVENT_TYPES, UNKNOWN_LABEL)):
            p.drawText(self.lane_label_rect(lane), Qt.AlignmentFlag.AlignVCenter, t)

    def paintEvent(self, _event: QPaintEvent) -> None:
        pal = self.palette()
        c = colours(pal)
        text, grid = pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.Mid)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        for lane in range(len(EVENT_TYPES)):
            y = TOP + LANE * lane
            p.setPen(QPen(pal.color(QPalette.ColorRole.Midlight)))
            p.drawLine(LEFT, int(y + LANE / 2), self.width() - 10, int(y + LANE / 2))
        p.setPen(grid)
        axis_y = TOP + LANE * len(EVENT_TYPES) + 4
        for _year, x in self.year_ticks():
            p.drawLine(int(x), TOP, int(x), axis_y)
        p.setPen(text)
        for label, rect in self.year_labels():
            p.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
        self._paint_unknown_strip(p, text, grid)
        base = pal.color(QPalette.ColorRole.Base)
        for ev, centre in self._placed():
            colour = QColor(c.types[EVENT_TYPES.index(ev.event_type)] if ev.event_type in EVENT_TYPES else c.types[-1])
            if ev.verified:  # filled, with a ring in the text's colour
                p.setPen(QPen(QColor(c.verified_ring), 1.5))
                p.setBrush(colour)
                p.drawEllipse(centre, RADIUS + 1, RADIUS + 1)
            else:  # a hollow ring: not yet verified
                p.setPen(QPen(colour, 2.5))
                p.setBrush(base)
                p.drawEllipse(centre, RADIUS - 1, RADIUS - 1)
        chosen = self.chosen_event()
        if chosen is not None and self.hasFocus():
            # the keyboard's event: a wide ring in the text's colour (the dark palette's highlight is too close to
            # its background at this size, and to the blue of a meeting in the light one)
            p.setPen(QPen(text, 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(chosen[1], RADIUS + 5, RADIUS + 5)
        self._paint_lane_labels(p, text)
        p.end()

    def event_at(self, pos: QPointF) -> Optional[TimelineEvent]:
        if pos.x() < self.label_left + LEFT - 4:  # under the lane labels
            return None
        best, best_d = None, (RADIUS + 3) ** 2
        for ev, centre in self._placed():
            d = centre - pos
            dist = d.x() ** 2 + d.y() ** 2
            if dist <= best_d:
                best, best_d = ev, dist
        return best

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        ev = self.event_at(event.position())
        # plain_tooltip: the title is page text, never rich text
        self.setToolTip("" if ev is None else plain_tooltip(describe(ev)))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        ev = self.event_at(event.position())
        if ev is not None and ev.release_id is not None:
            self.event_activated.emit(ev.release_id, ev.id)


def describe(ev: TimelineEvent) -> str:
    """An event as its tooltip and a screen reader say it: date, type, whether verified, the release's title."""
    return f"{ev.date_start}  {ev.event_type or '?'}{'  (verified)' if ev.verified else ''}\n{ev.title}"


class TimelineDialog(QDialog):
    event_activated = Signal(int, int)

    def __init__(self, service: ReviewService, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle("Timeline of events")
        events = service.timeline()
        self.canvas = TimelineCanvas(events)
        self.canvas.event_activated.connect(self.event_activated)
        verified = sum(e.verified for e in self.canvas.events + self.canvas.unknown)
        self.note = QLabel(f"{len(self.canvas.events)} dated events; {len(self.canvas.unknown)} with the year unknown,"
                           " in the bottom strip by month and day. Click an event to open it, or Tab to the"
                           " timeline: the arrows step through the events by date, Enter opens one.\n"
                           f"Filled dot with a ring: verified ({verified}); hollow ring: not verified yet.")
        self.note.setWordWrap(True)
        self.to_unknown = QPushButton("&Year unknown ↓")
        self.to_unknown.setToolTip("Scroll to the strip of events whose year is unknown")
        self.to_unknown.clicked.connect(self._on_to_unknown)
        self.scroller = QScrollArea()
        self.scroller.setWidget(self.canvas)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the canvas itself, which scrolls itself
        self.scroller.horizontalScrollBar().valueChanged.connect(self.canvas.set_label_left)
        self.canvas.chosen_moved.connect(self._on_chosen_moved)
        top = QHBoxLayout()
        top.addWidget(self.note, 1)
        top.addWidget(self.to_unknown, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.scroller, 1)
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(1000, screen.width() - 40), min(self.canvas.minimumHeight() + 100, screen.height() - 60))

    @Slot(QPointF)
    def _on_chosen_moved(self, centre: QPointF) -> None:
        """The event chosen from the keyboard scrolled into view, clear of the lane labels on its left."""
        self.scroller.ensureVisible(int(centre.x()), int(centre.y()), LEFT + 2 * RADIUS, LANE)

    def _on_to_unknown(self) -> None:
        strip = self.canvas.unknown_strip()
        self.scroller.ensureVisible(int(self.scroller.horizontalScrollBar().value() + self.scroller.viewport().width() / 2),
                                  int(strip.bottom()) + 14, 0, 0)
