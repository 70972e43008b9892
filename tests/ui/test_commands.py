"""Undo and redo when the database refuses: the history is kept and the same keys work once it is back."""
from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def location(path, event_id):
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT location FROM events WHERE id = ?", [event_id]).fetchone()[0]


def test_a_failed_undo_keeps_the_history_and_can_be_retried(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    ev = w.editor.current_event
    w.editor.location.setFocus()
    w.editor.location.selectAll()
    qtbot.keyClicks(w.editor.location, "Dushanbe")
    qtbot.keyClick(w.editor.location, Qt.Key.Key_Return)
    assert location(review_db, ev.id) == "Dushanbe" and w.undo_stack.index() == 1
    saved = []
    w.runner.saved.connect(saved.append)
    view = w.releases.view
    view.setFocus()

    review_db.chmod(0o444)
    try:
        qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
        assert not w.banner.isHidden()
        assert "Undo not done" in w.banner.text() and "read-only" in w.banner.text()
        assert "\n" not in w.banner.text()
        assert w.undo_stack.index() == 1 and w.undo_stack.count() == 1  # the command stays where it was
        assert w.undo_stack.canUndo() and not w.undo_stack.canRedo()
        assert saved == []
        assert location(review_db, ev.id) == "Dushanbe"
        assert w.editor.location.text() == "Dushanbe"
    finally:
        review_db.chmod(0o644)

    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)  # the same key, now that the database can be written
    assert w.undo_stack.index() == 0
    assert location(review_db, ev.id) is None and w.editor.location.text() == ""
    assert w.banner.isHidden()
    assert saved and saved[-1].startswith("Saved: undo")

    # a failed redo is kept the same way
    review_db.chmod(0o444)
    try:
        qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)
        assert "Redo not done" in w.banner.text()
        assert w.undo_stack.index() == 0 and w.undo_stack.canRedo()
        assert location(review_db, ev.id) is None
    finally:
        review_db.chmod(0o644)
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert w.undo_stack.index() == 1 and location(review_db, ev.id) == "Dushanbe"
