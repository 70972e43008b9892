"""The events on a time axis, one lane per type; clicking an event opens it in the window.

Events whose year is unknown (``XXXX-MM-DD``) cannot go on the axis; they sit
in a strip of their own below it, placed by month and day.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout, QWidget

from reviewer.model import EVENT_TYPES
from reviewer.review import ReviewService, TimelineEvent

from .text import plain_tooltip

TYPE_COLOURS = dict(zip(EVENT_TYPES, (
    "#1a73e8", "#12b5cb", "#e37400", "#9334e6", "#188038", "#d01884", "#f9ab00", "#c5221f", "#80868b",
)))
LANE, LEFT, TOP, RADIUS = 30, 110, 30, 6
UNKNOWN_LABEL = "year unknown"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_AXIS_GAP = 44  # the year labels between the lanes and the year-unknown strip


class TimelineCanvas(QWidget):
    """Paints dated events in type lanes, and year-unknown ones in a month-day strip below."""

    event_activated = Signal(int, int)  # release id, event id

    def __init__(self, events: list[TimelineEvent], parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.events = [e for e in events if e.date_start[:4].isdigit()]
        self.unknown = [e for e in events if e.date_start.startswith("XXXX")]
        self._days = [date.fromisoformat(e.date_start).toordinal() for e in self.events]
        self._lo = min(self._days, default=0)
        self._hi = max(self._days, default=1)
        self.setMinimumSize(max(900, 8 * max(1, len(self.events))), int(self.unknown_strip().bottom()) + 16)
        self.setMouseTracking(True)

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

    def _placed(self):
        """(event, centre) of every drawn event."""
        yield from ((ev, self.point(i)) for i, ev in enumerate(self.events))
        yield from ((ev, self.unknown_point(i)) for i, ev in enumerate(self.unknown))

    def _paint_unknown_strip(self, p: QPainter) -> None:
        strip = self.unknown_strip()
        p.fillRect(strip, QColor("#f8f9fa"))
        p.setPen(QColor("#5f6368"))
        p.drawText(QRectF(8, strip.top(), LEFT - 16, LANE), Qt.AlignmentFlag.AlignVCenter, UNKNOWN_LABEL)
        for m, name in enumerate(MONTHS, start=1):
            x = self._day_x(f"{m:02d}-01")
            p.setPen(QColor("#dadce0"))
            p.drawLine(int(x), int(strip.top()), int(x), int(strip.bottom()))
            p.setPen(QColor("#5f6368"))
            p.drawText(int(x) + 3, int(strip.bottom()) + 12, name)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        for lane, t in enumerate(EVENT_TYPES):
            y = TOP + LANE * lane
            p.setPen(QColor("#5f6368"))
            p.drawText(QRectF(8, y, LEFT - 16, LANE), Qt.AlignmentFlag.AlignVCenter, t)
            p.setPen(QPen(QColor("#eeeeee")))
            p.drawLine(LEFT, int(y + LANE / 2), self.width() - 10, int(y + LANE / 2))
        if self.events:
            axis_y = TOP + LANE * len(EVENT_TYPES) + 14
            p.setPen(QColor("#5f6368"))
            for year in range(date.fromordinal(self._lo).year, date.fromordinal(self._hi).year + 2):
                x = self._x(date(year, 1, 1).toordinal())
                if LEFT <= x <= self.width() - 10:
                    p.drawLine(int(x), TOP, int(x), axis_y - 10)
                    p.drawText(int(x) + 3, axis_y + 4, str(year))
        self._paint_unknown_strip(p)
        for ev, centre in self._placed():
            colour = QColor(TYPE_COLOURS.get(ev.event_type or "other", "#80868b"))
            p.setPen(QPen(colour.darker(130)))
            p.setBrush(colour)
            p.drawEllipse(centre, RADIUS, RADIUS)
        p.end()

    def event_at(self, pos: QPointF) -> Optional[TimelineEvent]:
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
        self.setToolTip("" if ev is None else plain_tooltip(f"{ev.date_start}  {ev.event_type or '?'}\n{ev.title}"))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        ev = self.event_at(event.position())
        if ev is not None and ev.release_id is not None:
            self.event_activated.emit(ev.release_id, ev.id)


class TimelineDialog(QDialog):
    event_activated = Signal(int, int)

    def __init__(self, service: ReviewService, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle("Timeline of events")
        events = service.timeline()
        self.canvas = TimelineCanvas(events)
        self.canvas.event_activated.connect(self.event_activated)
        self.note = QLabel(f"{len(self.canvas.events)} dated events; {len(self.canvas.unknown)} with the year unknown,"
                           " in the bottom strip by month and day. Click an event to open it.")
        scroll = QScrollArea()
        scroll.setWidget(self.canvas)
        scroll.setWidgetResizable(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(scroll, 1)
        self.resize(1000, self.canvas.minimumHeight() + 80)
