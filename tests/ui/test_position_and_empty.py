"""The position survives a crash (written on every move), and empty panes say what to do."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt

from driving import ALT, CTRL, key


def test_the_release_and_event_are_on_disk_after_every_move(qtbot, open_review_window, review_db, qsettings, tmp_path):
    w = open_review_window(review_db)
    rid = w.model.release_id(2)
    w.service.add_event(rid)  # a second event to move to
    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_Down, CTRL)
    key(qtbot, Qt.Key.Key_Down, CTRL)
    key(qtbot, Qt.Key.Key_Down, ALT)
    assert w.current == rid and w.editor.events.currentRow() == 1
    event = w.editor.current_event.id

    def on_disk():  # what a crash leaves: the settings file as it is now, read afresh
        return QSettings(qsettings.fileName(), QSettings.Format.IniFormat)

    qtbot.waitUntil(lambda: on_disk().value(w._last_key("event")) in (event, str(event)), timeout=3000)
    # no close: a second window reads the position from the file alone
    w2 = open_review_window(review_db, settings=on_disk())
    assert w2.current == rid and w2.editor.current_event.id == event


def test_an_empty_database_says_to_import_pages(qtbot, open_review_window, tmp_path):
    w = open_review_window(tmp_path / "empty.db")
    assert w.current is None
    assert "import" in w.page.text.placeholderText() and str(tmp_path / "empty.db") in w.page.text.placeholderText()
    assert w.editor.hint.isVisible() and "import pages" in w.editor.hint.text()
    key(qtbot, Qt.Key.Key_Down, CTRL)  # keys on an empty database change nothing and raise nothing
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert w.current is None


def test_a_release_without_events_says_how_to_add_one(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    assert not w.editor.hint.isVisible()
    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_Delete, CTRL)  # its only event
    assert w.editor.current_event is None
    assert w.editor.hint.isVisible() and "Ctrl+Shift+N" in w.editor.hint.text()
    key(qtbot, Qt.Key.Key_N, CTRL)
    assert w.editor.current_event is not None and not w.editor.hint.isVisible()
