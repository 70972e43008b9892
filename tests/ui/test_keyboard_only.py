"""Keyboard-only work and no accidental edit: Alt keys to every field, Tab out of tables, Delete in them,
Escape to the list, the wheel only with focus, an undo banner after deleting an event, and the editor's
own rules (name and role in two fields, End following Start on a one-day event)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from driving import ALT, CTRL, LEFT, NONE, db_all, key


def wheel(widget, notches=-1):
    """One notch of the mouse wheel over the middle of ``widget`` (down for a negative count)."""
    pos = QPointF(widget.rect().center())
    event = QWheelEvent(pos, QPointF(widget.mapToGlobal(pos.toPoint())), QPoint(0, 0), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, NONE, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


@pytest.mark.parametrize("name", ["event_type", "status"])
def test_the_wheel_changes_a_box_only_when_it_has_focus(qtbot, open_review_window, review_db, name):
    w = open_review_window(review_db)
    ev = w.editor.current_event
    box = getattr(w.editor, name)
    w.releases.view.setFocus()
    before = box.currentText()
    wheel(box)
    assert box.currentText() == before and not box.hasFocus()
    assert db_all(review_db, f"SELECT {name} FROM events WHERE id = ?", [ev.id]) == [(getattr(ev, name),)]
    assert w.undo_stack.count() == 0
    # with focus (clicked or reached by its Alt key) the wheel is a deliberate choice, and saved
    key(qtbot, Qt.Key.Key_T if name == "event_type" else Qt.Key.Key_U, ALT)
    assert box.hasFocus()
    wheel(box)
    assert box.currentText() != before
    assert db_all(review_db, f"SELECT {name} FROM events WHERE id = ?", [ev.id]) == [(box.currentText(),)]


def test_deleting_an_event_shows_a_banner_that_undoes_it(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    ev = w.editor.current_event.id
    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_Delete, CTRL)
    assert db_all(review_db, "SELECT deleted FROM events WHERE id = ?", [ev]) == [(1,)]
    assert w.banner.isVisible() and f"Deleted event {ev}" in w.banner.text() and w.banner.undo_button.isVisible()
    qtbot.mouseClick(w.banner.undo_button, LEFT)
    assert db_all(review_db, "SELECT deleted FROM events WHERE id = ?", [ev]) == [(0,)]
    assert w.banner.isHidden() and w.editor.current_event.id == ev


def test_alt_keys_reach_every_field_and_edits_need_no_mouse(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    ed = w.editor
    ev = ed.current_event.id
    w.releases.view.setFocus()
    for letter, widget in ((Qt.Key.Key_S, ed.date_start), (Qt.Key.Key_N, ed.date_end), (Qt.Key.Key_T, ed.event_type),
                           (Qt.Key.Key_U, ed.status), (Qt.Key.Key_L, ed.location), (Qt.Key.Key_O, ed.online),
                           (Qt.Key.Key_P, ed.participants), (Qt.Key.Key_G, ed.organizations)):
        key(qtbot, letter, ALT)
        assert QApplication.focusWidget() is widget
    key(qtbot, Qt.Key.Key_L, ALT)
    qtbot.keyClicks(ed.location, "Almaty")
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_T, ALT)
    key(qtbot, Qt.Key.Key_Down)  # meeting → the next type
    key(qtbot, Qt.Key.Key_O, ALT)
    key(qtbot, Qt.Key.Key_Space)
    assert db_all(review_db, "SELECT location, event_type, online FROM events WHERE id = ?", [ev]) == [
        ("Almaty", ed.event_type.itemText(ed.event_type.findText("meeting") + 1), 1)]


def test_the_alt_keys_stay_the_editors_with_more_filters_open(qtbot, open_review_window, review_db):
    """No label elsewhere in the window may take an editor field's letter (an ambiguous key goes astray)."""
    w = open_review_window(review_db)
    ed = w.editor
    qtbot.mouseClick(w.releases.more, LEFT)
    for letter, widget in ((Qt.Key.Key_S, ed.date_start), (Qt.Key.Key_N, ed.date_end), (Qt.Key.Key_T, ed.event_type),
                           (Qt.Key.Key_U, ed.status), (Qt.Key.Key_L, ed.location), (Qt.Key.Key_O, ed.online),
                           (Qt.Key.Key_P, ed.participants), (Qt.Key.Key_G, ed.organizations)):
        w.releases.view.setFocus()
        key(qtbot, letter, ALT)
        assert QApplication.focusWidget() is widget, letter


def test_tab_leaves_the_tables_and_the_list(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    ed = w.editor
    for table in (w.releases.view, ed.participants, ed.organizations):
        table.setFocus()
        key(qtbot, Qt.Key.Key_Tab)
        assert not table.hasFocus(), table


def test_delete_removes_the_selected_participant_or_organization(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    ed = w.editor
    ev = ed.current_event.id
    w.service.add_organization(ev, "CSTO Council")
    w.open_release(w.current, ev)
    count = "SELECT count(*) FROM {} WHERE event_id = ?"
    assert db_all(review_db, count.format("event_participants"), [ev]) == [(1,)]
    key(qtbot, Qt.Key.Key_P, ALT)
    key(qtbot, Qt.Key.Key_Delete)
    assert db_all(review_db, count.format("event_participants"), [ev]) == [(0,)]
    key(qtbot, Qt.Key.Key_G, ALT)
    key(qtbot, Qt.Key.Key_Delete)
    assert db_all(review_db, count.format("event_organizations"), [ev]) == [(0,)]
    assert ed.current_event.id == ev  # the event itself is untouched (Delete alone never deletes an event)
    assert db_all(review_db, "SELECT deleted FROM events WHERE id = ?", [ev]) == [(0,)]


def test_escape_saves_and_returns_to_the_list(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    ev = w.editor.current_event.id
    key(qtbot, Qt.Key.Key_L, ALT)
    qtbot.keyClicks(w.editor.location, "Minsk")
    key(qtbot, Qt.Key.Key_Escape)
    assert w.releases.view.hasFocus()
    assert db_all(review_db, "SELECT location FROM events WHERE id = ?", [ev]) == [("Minsk",)]
    key(qtbot, Qt.Key.Key_Down)  # and the list moves on from there
    assert w.current == w.model.release_id(1)


def test_a_participant_is_added_as_name_and_role_in_two_fields(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    ed = w.editor
    ev = ed.current_event.id
    qtbot.mouseClick(ed.new_participant, LEFT)
    qtbot.keyClicks(ed.new_participant, "Petrov, Ivan")
    key(qtbot, Qt.Key.Key_Tab)
    assert ed.new_participant_role.hasFocus()
    qtbot.keyClicks(ed.new_participant_role, "Deputy Minister")
    key(qtbot, Qt.Key.Key_Return)
    assert db_all(review_db, "SELECT name, role FROM event_participants WHERE event_id = ? ORDER BY position",
                  [ev])[-1] == ("Petrov, Ivan", "Deputy Minister")
    assert ed.new_participant.text() == "" and ed.new_participant_role.text() == ""
    # in the name field alone, only an unambiguous separator splits off a role
    qtbot.keyClicks(ed.new_participant, "Anna Ivanova - Head of Department")
    key(qtbot, Qt.Key.Key_Return)
    assert db_all(review_db, "SELECT name, role FROM event_participants WHERE event_id = ? ORDER BY position",
                  [ev])[-1] == ("Anna Ivanova", "Head of Department")
    # a role without a name is refused, and says so
    qtbot.mouseClick(ed.new_participant_role, LEFT)
    qtbot.keyClicks(ed.new_participant_role, "Chairman")
    key(qtbot, Qt.Key.Key_Return)
    assert "name cannot be empty" in ed.message.text() and ed.new_participant_role.text() == "Chairman"


def test_end_follows_start_on_a_one_day_event_only(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    ed = w.editor
    ev = ed.current_event
    assert ev.date_start == ev.date_end  # the fixture's events are one day
    dates = "SELECT date_start, date_end FROM events WHERE id = ?"
    key(qtbot, Qt.Key.Key_S, ALT)
    qtbot.keyClicks(ed.date_start, "2024-12-21")
    key(qtbot, Qt.Key.Key_Return)
    assert db_all(review_db, dates, [ev.id]) == [("2024-12-21", "2024-12-21")]
    assert ed.date_end.text() == "2024-12-21"
    key(qtbot, Qt.Key.Key_Escape)  # to the list: in a field, Ctrl+Z is the field's own undo
    key(qtbot, Qt.Key.Key_Z, CTRL)  # one undo takes back both
    assert db_all(review_db, dates, [ev.id]) == [(ev.date_start, ev.date_end)]
    # an event of several days keeps its End
    key(qtbot, Qt.Key.Key_N, ALT)
    qtbot.keyClicks(ed.date_end, "2024-12-23")
    key(qtbot, Qt.Key.Key_Return)
    key(qtbot, Qt.Key.Key_S, ALT)
    qtbot.keyClicks(ed.date_start, "2024-12-22")
    key(qtbot, Qt.Key.Key_Return)
    assert db_all(review_db, dates, [ev.id]) == [("2024-12-22", "2024-12-23")]


def test_the_sheet_names_the_field_keys(qtbot, open_review_window, review_db):
    from ui.duplicates import MERGE_KEY
    from ui.shortcuts import ShortcutSheet

    w = open_review_window(review_db)
    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_F1)
    sheet = w.findChild(ShortcutSheet)
    rows = {sheet.table.item(r, 0).text(): sheet.table.item(r, 1).text() for r in range(sheet.table.rowCount())}
    assert rows["Go to start"] == "Alt+S" and rows["Go to organizations"] == "Alt+G"
    assert rows["Go to the release list"] == "Esc"
    assert rows["Remove the selected participant or organization"] == "Del"
    assert rows["Mark the value as right"] == "Ctrl+K" and rows["Verify anyway and next"].startswith("Ctrl+Shift+Return")
    assert rows["Edit the selected participant or organization cell"] == "F2"
    assert rows["In Duplicates: merge / not duplicates / later / unmerge"].startswith(MERGE_KEY)
