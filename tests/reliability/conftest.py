"""Settings shared by the reliability suite."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# One profile for every property test here; REVIEWER_HYPOTHESIS_EXAMPLES raises
# the count for a long local run (the default keeps the suite near a minute).
settings.register_profile(
    "reliability",
    max_examples=int(os.environ.get("REVIEWER_HYPOTHESIS_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)


@pytest.fixture
def review_window(qtbot, review_db, tmp_path):
    """The review window on ``review_db`` as reviewer "tester", showing its first event; and a way to type in it.

    ``type_into(widget, text)`` types the text into a field and presses Return,
    as a reviewer saves a value; it returns the status lines said "Saved".
    """
    from PySide6.QtCore import QSettings, Qt

    from ui.app import open_window

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("reviewer/name", "tester")
    window = open_window(review_db, settings)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.editor.current_event is not None)

    def type_into(widget, text: str) -> list[str]:
        saved: list[str] = []
        window.runner.saved.connect(saved.append)
        widget.setFocus()
        widget.selectAll()
        qtbot.keyClicks(widget, text)
        qtbot.keyClick(widget, Qt.Key.Key_Return)
        return saved

    return window, type_into
