"""Fixtures for driving the real review window: private settings and a window factory."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def no_blocking_message_boxes(monkeypatch):
    """A modal message box nobody answers would hang the suite for ever: fail the test with its text instead.

    Tests that expect a box replace it themselves (their monkeypatch comes later and wins).
    """
    from PySide6.QtWidgets import QMessageBox

    def refuse(kind):
        def box(_parent, _title, text, *args, **kwargs):
            raise AssertionError(f"unexpected modal QMessageBox.{kind}: {text}")
        return box

    for kind in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(refuse(kind)))


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    """Settings in a tmp ini file with the reviewer's name already given (never the user's real settings)."""
    s = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    s.setValue("reviewer/name", "tester")
    return s


@pytest.fixture
def open_review_window(qtbot, qsettings):
    """``open_review_window(db_path)`` → the shown MainWindow, closed at teardown."""
    from ui.app import open_window

    def opener(db_path: Path, settings: QSettings = qsettings, import_seeds: bool = False):
        window = open_window(db_path, settings, import_seeds=import_seeds)
        qtbot.addWidget(window)
        qtbot.waitExposed(window)
        window.raise_()
        window.activateWindow()
        # window shortcuts (Ctrl+Z, Ctrl+Return…) only reach an active window
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        return window

    return opener
