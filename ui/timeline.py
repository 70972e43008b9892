"""The events on a time axis, one lane per type; clicking an event opens it in the window."""
from __future__ import annotations

from datetime import date
from typing import Optional

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout, QWidget

from reviewer.model import EVENT_TYPES
from reviewer.review import ReviewService, TimelineEvent

TYPE_COLOURS = dict(zip(EVENT_TYPES, (
    "#1a73e8", "#12b5cb", "#e37400", "#9334e6", "#188038", "#d01884", "#f9ab00", "#c5221f", "#80868b",
)))
LANE, LEFT, TOP, RADIUS = 30, 110, 30, 6


class TimelineCanvas(QWidget):
    """Paints dated events; year-unknown dates cannot be placed and are counted apart."""

    event_activated = Signal(int, int)  # release id, event id

    def __init__(self, events: list[TimelineEvent], parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.events = [e for e in events if e.date_start[:4].isdigit()]
        self._days = [date.fromisoformat(e.date_start).toordinal() for e in self.events]
        self._lo = min(self._days, default=0)
        self._hi = max(self._days, default=1)
        self.setMinimumSize(max(900, 8 * max(1, len(self.events))), TOP + LANE * len(EVENT_TYPES) + 40)
        self.setMouseTracking(True)

    def _x(self, day: int) -> float:
        span = max(1, self._hi - self._lo)
        return LEFT + (self.width() - LEFT - 20) * (day - self._lo) / span

    def point(self, i: int) -> QPointF:
        ev = self.events[i]
        lane = EVENT_TYPES.index(ev.event_type) if ev.event_type in EVENT_TYPES else len(EVENT_TYPES) - 1
        return QPointF(self._x(self._days[i]), TOP + LANE * lane + LANE / 2)

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
        for i, ev in enumerate(self.events):
            colour = QColor(TYPE_COLOURS.get(ev.event_type or "other", "#80868b"))
            p.setPen(QPen(colour.darker(130)))
            p.setBrush(colour)
            p.drawEllipse(self.point(i), RADIUS, RADIUS)
        p.end()

    def event_at(self, pos: QPointF) -> Optional[int]:
        best, best_d = None, (RADIUS + 3) ** 2
        for i in range(len(self.events)):
            d = self.point(i) - pos
            dist = d.x() ** 2 + d.y() ** 2
            if dist <= best_d:
                best, best_d = i, dist
        return best

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        i = self.event_at(event.position())
        if i is None:
            self.setToolTip("")
        else:
            ev = self.events[i]
            self.setToolTip(f"{ev.date_start}  {ev.event_type or '?'}\n{ev.title}")

    def mousePressEvent(self, event: QMouseEvent) -> None:
        i = self.event_at(event.position())
        if i is not None and self.events[i].release_id is not None:
            self.event_activated.emit(self.events[i].release_id, self.events[i].id)


class TimelineDialog(QDialog):
    event_activated = Signal(int, int)

    def __init__(self, service: ReviewService, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle("Timeline of events")
        events = service.timeline()
        self.canvas = TimelineCanvas(events)
        self.canvas.event_activated.connect(self.event_activated)
        unknown = len(events) - len(self.canvas.events)
        note = QLabel(f"{len(self.canvas.events)} dated events; {unknown} with the year unknown are not placed. "
                      "Click an event to open it.")
        scroll = QScrollArea()
        scroll.setWidget(self.canvas)
        scroll.setWidgetResizable(True)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addWidget(scroll, 1)
        self.resize(1000, TOP + LANE * len(EVENT_TYPES) + 120)
