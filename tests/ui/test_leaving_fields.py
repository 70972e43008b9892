"""No edit is ever lost: a value typed and not confirmed is saved by every way of leaving its field.

Each test types into the editor without Enter, then leaves the way a reviewer
would (a key, a click, closing the window) and reads the database.
"""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from driving import ALT, CTRL, LEFT, SHIFT, db_all, key
from test_separate import folded  # noqa: F401  (a fixture: a database holding a folded copy)


def db_one(path, sql, params=()):
    return db_all(path, sql, params)[0]


def location_of(path, event_id):
    return db_one(path, "SELECT location FROM events WHERE id = ?", [event_id])[0]


def type_pending(qtbot, widget, text):
    """Click into a field, replace its text by typing, and do not press Enter."""
    qtbot.mouseClick(widget, LEFT)
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(widget, text)
    assert widget.hasFocus()


def two_event_release(w):
    """The shown release with a second event (so there is an event to move to), shown on its first."""
    rid, first = w.current, w.editor.current_event.id
    w.service.add_event(rid)
    w.open_release(rid, first)
    assert w.editor.events.count() == 2
    return rid, first


@pytest.mark.parametrize("way", ["next_release", "previous_release", "verify", "next_event", "previous_event",
                                 "quit", "close"])
def test_a_pending_location_is_saved_by_every_move(qtbot, open_review_window, review_db, way):
    w = open_review_window(review_db)
    if way == "previous_release":
        w.open_release(w.model.release_id(1))
    if way == "previous_event":
        rid, first = two_event_release(w)
        w.editor.select_event(1)
    if way == "next_event":
        two_event_release(w)
    rid, ev = w.current, w.editor.current_event.id
    type_pending(qtbot, w.editor.location, "Moscow")
    assert location_of(review_db, ev) is None  # nothing saved yet: no Enter, no focus change

    if way == "next_release":
        key(qtbot, Qt.Key.Key_Down, CTRL)
        assert w.current != rid
    elif way == "previous_release":
        key(qtbot, Qt.Key.Key_Up, CTRL)
        assert w.current == w.model.release_id(0)
    elif way == "verify":
        key(qtbot, Qt.Key.Key_Return, CTRL)  # saves, and names what is left (a low date) instead of verifying
        assert location_of(review_db, ev) == "Moscow" and w.current == rid and "date" in w.banner.text()
        key(qtbot, Qt.Key.Key_Return, CTRL)
        assert db_one(review_db, "SELECT status FROM releases WHERE id = ?", [rid]) == ("verified",)
        assert w.current != rid
    elif way == "next_event":
        key(qtbot, Qt.Key.Key_Down, ALT)
        assert w.editor.current_event.id != ev and w.editor.events.currentRow() == 1
    elif way == "previous_event":
        key(qtbot, Qt.Key.Key_Up, ALT)
        assert w.editor.current_event.id == first
    elif way == "quit":
        key(qtbot, Qt.Key.Key_Q, CTRL)
        assert not w.isVisible()
    elif way == "close":
        w.close()  # what the title bar's close button sends: a QCloseEvent
        assert not w.isVisible()
    assert location_of(review_db, ev) == "Moscow"
    assert w.undo_stack.count() >= 1


def test_clicking_another_event_or_release_saves_first(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    rid, first = two_event_release(w)
    type_pending(qtbot, w.editor.location, "Minsk")
    rect = w.editor.events.visualItemRect(w.editor.events.item(1))
    qtbot.mouseClick(w.editor.events.viewport(), LEFT, pos=rect.center())
    assert w.editor.current_event.id != first
    assert location_of(review_db, first) == "Minsk"
    ev = w.editor.current_event.id
    type_pending(qtbot, w.editor.location, "Astana")
    view = w.releases.view
    other = view.visualRect(w.model.index(w.model.row_of(rid) + 1, 0))
    qtbot.mouseClick(view.viewport(), LEFT, pos=other.center())
    assert w.current != rid
    assert location_of(review_db, ev) == "Astana"


@pytest.mark.parametrize("dialog", ["duplicates", "export", "timeline", "shortcuts"])
def test_opening_a_dialog_saves_first(qtbot, open_review_window, review_db, monkeypatch, dialog):
    from ui import duplicates, export_dialog, shortcuts, timeline

    opened = []
    for cls in (duplicates.DuplicatesDialog, export_dialog.ExportDialog):
        monkeypatch.setattr(cls, "exec", lambda self: opened.append(type(self).__name__) or 0)
    for cls in (timeline.TimelineDialog, shortcuts.ShortcutSheet):
        monkeypatch.setattr(cls, "show", lambda self: opened.append(type(self).__name__))
    keys = {"duplicates": (Qt.Key.Key_D, CTRL), "export": (Qt.Key.Key_E, CTRL), "timeline": (Qt.Key.Key_T, CTRL),
            "shortcuts": (Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier)}
    w = open_review_window(review_db)
    ev = w.editor.current_event.id
    type_pending(qtbot, w.editor.location, "Bishkek")
    key(qtbot, *keys[dialog])
    assert len(opened) == 1
    assert location_of(review_db, ev) == "Bishkek"


def test_opening_separate_saves_first(qtbot, open_review_window, folded, monkeypatch):  # noqa: F811
    from ui import separate

    store, survivor, _absorbed, _page = folded
    asked = []
    monkeypatch.setattr(separate.SeparateDialog, "ask", classmethod(lambda cls, *a, **k: asked.append(a) or None))
    w = open_review_window(store.path)
    w.open_release(survivor)
    ev = w.editor.current_event.id
    type_pending(qtbot, w.editor.location, "Dushanbe")
    key(qtbot, Qt.Key.Key_D, CTRL | SHIFT)
    assert asked
    assert location_of(store.path, ev) == "Dushanbe"


def test_an_export_holds_the_value_typed_just_before_it(qtbot, open_review_window, review_db, monkeypatch, tmp_path):
    from ui import export_dialog

    target = tmp_path / "out.jsonl"

    def export_all(dlg):
        dlg.format_box.setCurrentIndex(dlg.format_box.findData("jsonl"))
        dlg.scope_box.setCurrentIndex(dlg.scope_box.findData("all"))
        dlg.destination.setText(str(target))
        with qtbot.waitSignal(dlg.exported, timeout=10000):
            qtbot.mouseClick(dlg.export_button, LEFT)
        return 0

    monkeypatch.setattr(export_dialog.ExportDialog, "exec", export_all)
    w = open_review_window(review_db)
    ev = w.editor.current_event.id
    type_pending(qtbot, w.editor.location, "Yerevan")
    key(qtbot, Qt.Key.Key_E, CTRL)
    locations = [json.loads(line)["location"] for line in target.read_text().splitlines()]
    assert "Yerevan" in locations and location_of(review_db, ev) == "Yerevan"


@pytest.mark.parametrize("change", ["filter", "search"])
def test_a_filter_or_search_change_saves_first(qtbot, open_review_window, review_db, change):
    w = open_review_window(review_db)
    ev = w.editor.current_event.id
    type_pending(qtbot, w.editor.location, "Tashkent")
    if change == "filter":
        qtbot.mouseClick(w.releases.more, LEFT)  # More filters: the place filter
        qtbot.mouseClick(w.releases.location, LEFT)
        qtbot.keyClicks(w.releases.location, "Minsk")
        qtbot.keyClick(w.releases.location, Qt.Key.Key_Return)
    else:
        qtbot.mouseClick(w.releases.search, LEFT)
        qtbot.keyClicks(w.releases.search, "CSTO")
        qtbot.keyClick(w.releases.search, Qt.Key.Key_Return)
    assert location_of(review_db, ev) == "Tashkent"


def test_every_kind_of_field_is_saved_before_leaving(qtbot, open_review_window, review_db):
    """A date typed in another form, a table cell being edited, a participant typed in the add fields."""
    w = open_review_window(review_db)
    ed = w.editor
    rid, ev = w.current, ed.current_event.id
    type_pending(qtbot, ed.date_end, "2024-12-24")
    key(qtbot, Qt.Key.Key_Down, ALT)  # no other event: the key still saves
    assert db_one(review_db, "SELECT date_end FROM events WHERE id = ?", [ev]) == ("2024-12-24",)

    # a participant's role being edited in its cell
    table = ed.participants
    table.setFocus()
    table.setCurrentCell(0, 1)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    cell = QApplication.focusWidget()
    assert cell is not None and cell.parent() is table.viewport()
    qtbot.keyClick(cell, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(cell, "Chairman")
    key(qtbot, Qt.Key.Key_T, CTRL)  # the timeline: a dialog beside the window
    assert db_one(review_db, "SELECT role FROM event_participants WHERE event_id = ? ORDER BY position",
                  [ev]) == ("Chairman",)

    # name and role typed in the two add fields, then verify-and-next
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    type_pending(qtbot, ed.new_participant, "Petrov, Ivan")
    type_pending(qtbot, ed.new_participant_role, "Deputy Minister")
    key(qtbot, Qt.Key.Key_Return, CTRL | SHIFT)  # verify anyway: the release still has a low date
    rows = db_all(review_db, "SELECT name, role FROM event_participants WHERE event_id = ? ORDER BY position", [ev])
    assert rows[-1] == ("Petrov, Ivan", "Deputy Minister")
    assert db_one(review_db, "SELECT status FROM releases WHERE id = ?", [rid]) == ("verified",)


def test_a_refused_value_keeps_the_reviewer_there_and_says_why(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    rid, ev = w.current, w.editor.current_event
    type_pending(qtbot, w.editor.date_start, "2024-02-30")
    for k, mods in ((Qt.Key.Key_Down, CTRL), (Qt.Key.Key_Return, CTRL), (Qt.Key.Key_Down, ALT)):
        key(qtbot, k, mods)
        assert w.current == rid and w.editor.current_event.id == ev.id
        assert not w.banner.isHidden() and "no such day" in w.banner.text()
        assert w.editor.date_start.text() == "2024-02-30" and w.editor.date_start.hasFocus()
    assert db_one(review_db, "SELECT status FROM releases WHERE id = ?", [rid]) == ("unreviewed",)
    assert db_one(review_db, "SELECT date_start FROM events WHERE id = ?", [ev.id]) == (ev.date_start,)
    # a click on another release is refused the same way
    view = w.releases.view
    qtbot.mouseClick(view.viewport(), LEFT, pos=view.visualRect(w.model.index(2, 0)).center())
    assert w.current == rid and w.editor.date_start.text() == "2024-02-30"
    # a search is not applied while the value is refused (the list would otherwise move away from it)
    qtbot.mouseClick(w.releases.search, LEFT)
    qtbot.keyClicks(w.releases.search, "CSTO")
    qtbot.keyClick(w.releases.search, Qt.Key.Key_Return)
    assert w.model.filter.search == "" and w.current == rid and "no such day" in w.banner.text()
    # closing is refused once, saying why; closing again leaves without the refused value
    w.close()
    assert w.isVisible() and "Not closed" in w.banner.text()
    w.close()
    assert not w.isVisible()
    assert db_one(review_db, "SELECT date_start FROM events WHERE id = ?", [ev.id]) == (ev.date_start,)
