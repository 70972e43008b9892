"""The status bar's triage counts: releases left, events verified, low values and duplicate pairs left, and a progress bar.

The releases and pairs are counted at once (tens of milliseconds at 100,000
releases); events and low values read every event, so they are counted off
the UI thread (:class:`~ui.background.LatestOnly`) and fill in a moment later.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QWidget

from reviewer.review import ReviewService, TriageCounts

from .background import LatestOnly

#: After an edit the counts are read again once the edits pause (every value counted: not on each keystroke).
SETTLE_MS = 400


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def describe(c: TriageCounts) -> str:
    """One line: what is done and what is left (events and low values: "counting…" until known)."""
    parts = [f"{c.releases - c.releases_left:,} of {c.releases:,} releases verified ({c.releases_left:,} left)"]
    if c.low_values is None:
        parts.append("counting events and low values…")
    else:
        parts += [f"{c.events_verified:,} of {plural(c.events, 'event')} verified",
                  f"{plural(c.low_values, 'low value')} left"]
    if c.pairs:
        parts.append(f"{plural(c.pairs, 'duplicate pair')} to decide")
    return " · ".join(parts)


class StatusPanel(QWidget):
    """Counts from :meth:`ReviewService.triage_counts` (the one rule of what needs attention) and a progress bar."""

    def __init__(self, service: ReviewService, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.service = service
        self._background = LatestOnly(service.path, self)
        self._background.answered.connect(self._show)
        self.label = QLabel()
        self.label.setObjectName("triageCounts")
        # whole when there is room; cut rather than widen the window when there is not (its full text is the
        # tooltip). Ignored would give it only what is left over, cutting it even in a wide window.
        self.label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.label.setMinimumWidth(1)
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
        """Count the releases and pairs now, the rest in the background."""
        self._timer.stop()
        done, total = self.service.progress()
        self._show(TriageCounts(total, total - done, 0, 0, None, self.service.open_duplicate_pairs()))
        self._background.request(lambda svc: svc.triage_counts())

    @Slot(object)
    def _show(self, c: TriageCounts) -> None:
        self.counts = c
        self.label.setText(describe(c))
        self.label.setToolTip(describe(c))
        self.bar.setRange(0, max(1, c.releases))
        self.bar.setValue(c.releases - c.releases_left)

    @property
    def counting(self) -> bool:
        return self._background.busy

    def refresh_in_background(self) -> None:
        """Count everything off the UI thread, the numbers shown staying until the new ones come (another
        process's change: nothing the reviewer does waits for it)."""
        self._background.request(lambda svc: svc.triage_counts())

    def refresh_soon(self) -> None:
        """Count once edits pause."""
        self._timer.start()
