"""The background operation: result, error and cancel reach the main thread."""
from __future__ import annotations

import threading

from PySide6.QtWidgets import QPushButton

from reviewer.store import StoreError
from ui.operations import run_store_operation


def test_success_runs_off_the_ui_thread_with_its_own_connection(qtbot, db_path, store):
    seen = {}

    def work(s, progress, cancelled):
        seen["thread"] = threading.get_ident()
        seen["own_connection"] = s.db.conn is not store.db.conn
        progress(1, 2, "half")
        return s.stats()["documents"]

    results = []
    runner = run_store_operation(None, "Counting", db_path, work, results.append, show_progress=False)
    with qtbot.waitSignal(runner.finished, timeout=5000):
        pass
    assert results == [0]
    assert seen["thread"] != threading.get_ident() and seen["own_connection"]


def test_failure_is_one_line_on_the_main_thread(qtbot, db_path, store):
    def work(s, progress, cancelled):
        raise StoreError(f"{db_path}: the database is read-only; nothing was saved")

    errors = []
    runner = run_store_operation(None, "Saving", db_path, work, lambda r: None, errors.append, show_progress=False)
    with qtbot.waitSignal(runner.finished, timeout=5000):
        pass
    assert errors == [f"{db_path}: the database is read-only; nothing was saved"]


def test_cancel_is_seen_by_the_work(qtbot, db_path, store):
    started = threading.Event()
    release = threading.Event()

    def work(s, progress, cancelled):
        started.set()
        release.wait(5)
        return "cancelled" if cancelled() else "finished"

    results = []
    runner = run_store_operation(None, "Waiting", db_path, work, results.append)
    assert started.wait(5)
    runner.dialog.findChild(QPushButton).click()  # the user presses Cancel
    release.set()
    with qtbot.waitSignal(runner.finished, timeout=5000):
        pass
    assert results == ["cancelled"] and runner.cancelled
