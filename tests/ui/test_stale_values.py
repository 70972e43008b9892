"""An edit is checked against what the window showed: a value changed elsewhere since is never overwritten;
the window reloads it and the banner says who changed it."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from driving import ALT, CTRL, db_all, key
from reviewer.review import ReviewService
from reviewer.store import Store


def other_reviewer(path):
    return ReviewService(Store(path), "anna")


def test_a_field_changed_elsewhere_is_not_overwritten(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    ev = w.editor.current_event.id
    anna = other_reviewer(review_db)
    anna.set_field(ev, "location", "Kazan")  # while the window still shows an empty Location
    key(qtbot, Qt.Key.Key_L, ALT)
    qtbot.keyClicks(w.editor.location, "Moscow")
    key(qtbot, Qt.Key.Key_Return)
    assert db_all(review_db, "SELECT location FROM events WHERE id = ?", [ev]) == [("Kazan",)]
    assert w.editor.location.text() == "Kazan" and "anna" in w.banner.text()
    # typed again over what is now shown, it wins (the reviewer saw anna's value)
    key(qtbot, Qt.Key.Key_L, ALT)
    qtbot.keyClicks(w.editor.location, "Moscow")
    key(qtbot, Qt.Key.Key_Return)
    assert db_all(review_db, "SELECT location FROM events WHERE id = ?", [ev]) == [("Moscow",)]
    anna.store.close()


def test_a_one_day_start_checks_both_dates_it_writes(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    ev = w.editor.current_event
    anna = other_reviewer(review_db)
    anna.set_field(ev.id, "date_end", "2024-12-28")
    key(qtbot, Qt.Key.Key_S, ALT)
    qtbot.keyClicks(w.editor.date_start, "2024-12-21")
    key(qtbot, Qt.Key.Key_Escape)  # leaving saves: refused, the window stays and shows what is stored
    assert db_all(review_db, "SELECT date_start, date_end FROM events WHERE id = ?", [ev.id]) == [
        (ev.date_start, "2024-12-28")]
    assert w.editor.date_end.text() == "2024-12-28" and "anna" in w.banner.text()
    anna.store.close()


def test_a_participant_renamed_elsewhere_keeps_its_new_name(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    ev = w.editor.current_event
    pid = ev.participants[0].id
    anna = other_reviewer(review_db)
    anna.set_participant(pid, name="Ivan Ivanov")
    key(qtbot, Qt.Key.Key_P, ALT)
    key(qtbot, Qt.Key.Key_F2)
    cell = QApplication.focusWidget()
    qtbot.keyClick(cell, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(cell, "Petr Petrov")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "anna" in w.banner.text())  # a cell's Enter commits on the next turn of the event loop
    assert db_all(review_db, "SELECT name FROM event_participants WHERE id = ?", [pid]) == [("Ivan Ivanov",)]
    assert w.editor.participants.item(0, 0).text() == "Ivan Ivanov" and "anna" in w.banner.text()
    anna.store.close()
