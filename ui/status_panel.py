"""The status bar's triage counts: releases left, events verified, low values and duplicate pairs left, and a progress bar."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QWidget

from reviewer.review import ReviewService, TriageCounts

#: After an edit the counts are read again once the edits pause (every value counted: not on each keystroke).
SETTLE_MS = 400


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def describe(c: TriageCounts) -> str:
    """One line: what is done and what is left."""
    parts = [f"{c.releases - c.releases_left:,} of {c.releases:,} releases verified ({c.releases_left:,} left)",
             f"{c.events_verified:,} of {plural(c.events, 'event')} verified",
             f"{plural(c.low_values, 'low value')} left"]
    if c.pairs:
        parts.append(f"{plural(c.pairs, 'duplicate pair')} to decide")
    return " · ".join(parts)


class StatusPanel(QWidget):
    """Counts from :meth:`ReviewService.triage_counts` (the one rule of what needs attention) and a progress bar."""

    def __init__(self, service: ReviewService, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.service = service
        self.label = QLabel()
        self.label.setObjectName("triageCounts")
        # the line may be cut rather than widen the window (its full text is the tooltip)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.bar = QProgressBar()
        self.bar.setObjectName("triageProgress")
        self.bar.setMaximumWidth(160)
        self.bar.setFormat("%p % verified")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.counts: Optional[TriageCounts] = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.refresh)

    def text(self) -> str:
        return self.label.text()

    @Slot()
    def refresh(self) -> None:
        """Count now."""
        self._timer.stop()
        self.counts = c = self.service.triage_counts()
        self.label.setText(describe(c))
        self.label.setToolTip(describe(c))
        self.bar.setRange(0, max(1, c.releases))
        self.bar.setValue(c.releases - c.releases_left)

    def refresh_soon(self) -> None:
        """Count once edits pause."""
        self._timer.start()
