"""History (Ctrl+H) with its filters and Revert this change, also after reopening the database; Deleted events
(Ctrl+Shift+Delete) with Restore; a note and a flag (Ctrl+M) round-tripping through the export."""
from __future__ import annotations

import json

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from driving import CTRL, LEFT, SHIFT, db_all, key

from reviewer.review import ReviewService
from reviewer.store import Store


def type_into(qtbot, line_edit, text):
    line_edit.setFocus()
    line_edit.selectAll()
    qtbot.keyClick(line_edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(line_edit, text)
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)


def location(path, event_id):
    return db_all(path, "SELECT location FROM events WHERE id = ?", [event_id])[0][0]


def open_history(qtbot, w):
    from ui.history import HistoryDialog

    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_H, CTRL)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in w.findChildren(HistoryDialog)), timeout=3000)
    return next(d for d in w.findChildren(HistoryDialog) if d.isVisible())


def click_row(qtbot, dialog, row):
    view = dialog.view
    QTest.mouseClick(view.viewport(), LEFT, pos=view.visualRect(dialog.model.index(row, 0)).center())
    assert view.currentIndex().row() == row


def row_of(dialog, **match):
    return next(i for i, r in enumerate(dialog.model.rows) if all(getattr(r, k) == v for k, v in match.items()))


def test_history_filters_and_revert(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    ev = w.editor.current_event.id
    before = location(review_db, ev)
    type_into(qtbot, w.editor.location, "Dushanbe")
    assert location(review_db, ev) == "Dushanbe"
    with Store(review_db) as other:  # another reviewer, elsewhere in the database
        bob = ReviewService(other, "bob")
        bob_event = other.db.execute("SELECT id FROM events WHERE id != ? AND deleted = 0 AND merged_into IS NULL",
                                     [ev]).fetchone()[0]
        bob.set_field(bob_event, "location", "Minsk")
    d = open_history(qtbot, w)
    assert d.scope.currentData() == "event"
    assert {r.who for r in d.model.rows} == {"tester"} and any(r.field == "location" for r in d.model.rows)
    # the whole database, then only bob
    qtbot.keyClick(d.scope, Qt.Key.Key_Down)
    qtbot.keyClick(d.scope, Qt.Key.Key_Down)
    assert d.scope.currentData() == "all"
    assert {r.who for r in d.model.rows} >= {"tester", "bob"}
    type_into(qtbot, d.who, "bob")
    assert d.model.rows and {r.who for r in d.model.rows} == {"bob"}
    type_into(qtbot, d.date_to, "2001-01-01")
    assert d.model.rows == [] and "Nothing recorded" in d.message.text()
    type_into(qtbot, d.date_to, "last week")
    assert "not a date" in d.message.text()
    type_into(qtbot, d.date_to, "")
    type_into(qtbot, d.who, "")
    # an action filter: only verifications (none yet)
    qtbot.keyClicks(d.action, "verify")  # a combo box's keyboard search
    assert d.action.currentData() == "verify" and d.model.rows == []
    qtbot.keyClick(d.action, Qt.Key.Key_Home)
    assert d.action.currentData() == ""
    # revert the reviewer's location change: the value and its "set by a reviewer" mark go back
    click_row(qtbot, d, row_of(d, who="tester", field="location"))
    QTest.mouseClick(d.revert, LEFT)
    assert location(review_db, ev) == before
    assert json.loads(db_all(review_db, "SELECT edited_fields FROM events WHERE id = ?", [ev])[0][0]) == []
    assert db_all(review_db, "SELECT who, action FROM audit_log ORDER BY id DESC LIMIT 1") == [("tester", "revert")]
    assert d.model.rows[0].action == "revert"
    # the revert is undone from the window like any edit, and the open history shows the undo
    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_Z, CTRL)
    assert location(review_db, ev) == "Dushanbe"
    assert d.model.rows[0].action == "undo"


def test_revert_after_reopening_and_its_conflict(qtbot, open_review_window, review_db, tmp_path):
    w = open_review_window(review_db)
    ev = w.editor.current_event.id
    before = location(review_db, ev)
    type_into(qtbot, w.editor.location, "Dushanbe")
    w.close()
    settings = QSettings(str(tmp_path / "again.ini"), QSettings.Format.IniFormat)
    settings.setValue("reviewer/name", "tester")
    w = open_review_window(review_db, settings)
    w.open_release(w.service.store.rows("SELECT release_id FROM events WHERE id = ?", [ev])[0]["release_id"], ev)
    d = open_history(qtbot, w)
    assert d.model.rows and d.model.rows[0].field in ("location", "edited_fields")
    click_row(qtbot, d, row_of(d, field="location"))
    QTest.mouseClick(d.revert, LEFT)
    assert location(review_db, ev) == before  # nothing from the first session was needed
    # a value changed since the action: refused in one line, nothing changed
    type_into(qtbot, w.editor.location, "Minsk")
    type_into(qtbot, w.editor.location, "Osh")
    d = open_history(qtbot, w)
    click_row(qtbot, d, row_of(d, field="location", new="Minsk"))
    QTest.mouseClick(d.revert, LEFT)
    assert "Not reverted" in d.message.text() and "location" in d.message.text()
    assert location(review_db, ev) == "Osh"


def test_restore_a_deleted_event(qtbot, open_review_window, review_db):
    from ui.deleted import DeletedDialog

    w = open_review_window(review_db)
    ev = w.editor.current_event.id
    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_Delete, CTRL)
    assert db_all(review_db, "SELECT deleted FROM events WHERE id = ?", [ev]) == [(1,)]
    key(qtbot, Qt.Key.Key_Delete, CTRL | SHIFT)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in w.findChildren(DeletedDialog)), timeout=3000)
    d = next(x for x in w.findChildren(DeletedDialog) if x.isVisible())
    assert (d.events[0].id, d.events[0].deleted_by) == (ev, "tester")
    QTest.mouseClick(d.restore, LEFT)
    assert db_all(review_db, "SELECT deleted FROM events WHERE id = ?", [ev]) == [(0,)]
    assert db_all(review_db, "SELECT action FROM audit_log WHERE table_name = 'events' AND row_id = ?"
                             " ORDER BY id DESC LIMIT 1", [ev]) == [("restore",)]
    assert ev not in [e.id for e in d.events] and w.editor.events.count() >= 1 and ev in [e.id for e in w.editor._detail.events]
    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_Z, CTRL)  # undo: deleted again, and listed again
    assert db_all(review_db, "SELECT deleted FROM events WHERE id = ?", [ev]) == [(1,)]
    assert d.events[0].id == ev


def test_note_dialog_keys(qtbot):
    from ui.note_dialog import NoteDialog

    d = NoteDialog(None, None, True)
    qtbot.addWidget(d)
    d.show()
    qtbot.keyClicks(d.text, "date looks wrong")
    d.flag.setFocus()
    qtbot.keyClick(d.flag, Qt.Key.Key_Space)
    qtbot.keyClicks(d.reason, "two dates")
    assert d.choice() == __import__("ui.note_dialog", fromlist=["NoteChoice"]).NoteChoice(True, "date looks wrong",
                                                                                       True, "two dates")


def test_note_and_flag_round_trip_through_export(qtbot, open_review_window, review_db, tmp_path, monkeypatch):
    from ui.note_dialog import NoteChoice, NoteDialog

    w = open_review_window(review_db)
    ev, rel = w.editor.current_event.id, w.current
    answers = iter([NoteChoice(True, "check the date", True, "two dates disagree"),
                    NoteChoice(False, "a teaser of a longer article", False, "")])
    seen = []
    monkeypatch.setattr(NoteDialog, "ask", classmethod(
        lambda cls, event_note, release_note, has_event, parent=None: seen.append((event_note, release_note))
        or next(answers)))
    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_M, CTRL)
    key(qtbot, Qt.Key.Key_M, CTRL)
    assert seen[1][0].text == "check the date"  # the second Ctrl+M shows what the first saved
    assert db_all(review_db, "SELECT event_id, release_id, text, flag, reason, who FROM notes ORDER BY id") == [
        (ev, None, "check the date", 1, "two dates disagree", "tester"),
        (None, rel, "a teaser of a longer article", 0, None, "tester")]
    d = open_history(qtbot, w)
    assert any(r.table == "notes" and r.action.startswith("note") for r in d.model.rows)
    from reviewer.export import export

    with Store(review_db) as store:
        export(store, "jsonl", tmp_path / "out.jsonl", "all")
    record = next(r for r in map(json.loads, (tmp_path / "out.jsonl").read_text().splitlines()) if r["id"] == ev)
    assert [(n["on"], n["text"], n["second_look"], n["reason"]) for n in record["notes"]] == [
        ("event", "check the date", True, "two dates disagree"), ("release", "a teaser of a longer article", False, None)]
    # one Ctrl+Z takes the release note back
    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_Z, CTRL)
    assert db_all(review_db, "SELECT count(*) FROM notes WHERE release_id = ?", [rel]) == [(0,)]


def test_history_model_is_valid_and_paged(qtmodeltester, review_db):
    from ui.history import PAGE, HistoryModel

    with Store(review_db) as store:
        svc = ReviewService(store, "alice")
        ev = store.db.execute("SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL LIMIT 1").fetchone()[0]
        for i in range(PAGE // 2 + 5):
            svc.set_field(ev, "location", f"Place {i}")
        model = HistoryModel(svc)
        from reviewer.review import HistoryFilter

        model.set_filter(HistoryFilter())
        assert model.rowCount() == PAGE and model.canFetchMore()
        qtmodeltester.check(model)
        model.fetchMore()
        assert model.rowCount() > PAGE and len({r.id for r in model.rows}) == model.rowCount()
        qtmodeltester.check(model)


def test_notes_and_flags_are_marked_and_filtered_in_the_release_list(qtbot, open_review_window, review_db,
                                                                      monkeypatch):
    from ui.note_dialog import NoteChoice, NoteDialog
    from ui.release_model import NOTE_MARKS

    w = open_review_window(review_db)
    first = w.current
    answers = iter([NoteChoice(True, "", True, "the date is doubtful"), NoteChoice(False, "see the article", False, "")])
    monkeypatch.setattr(NoteDialog, "ask", classmethod(lambda cls, *a, **k: next(answers)))
    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_M, CTRL)  # the first release's event: a second look
    key(qtbot, Qt.Key.Key_Down, CTRL)
    second = w.current
    key(qtbot, Qt.Key.Key_M, CTRL)  # the next release: a note
    assert w.model.data(w.model.index(w.model.row_of(first), 3)).endswith(NOTE_MARKS[2])
    assert w.model.data(w.model.index(w.model.row_of(second), 3)).endswith(NOTE_MARKS[1])
    assert "flagged for a second look" in w.model.data(w.model.index(w.model.row_of(first), 0), Qt.ItemDataRole.ToolTipRole)
    box = w.releases.show_what
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_End)  # Show: notes and flags
    assert box.currentData() == "note"
    assert [w.model.release_id(r) for r in range(w.model.rowCount())] == sorted([first, second])
    qtbot.keyClick(box, Qt.Key.Key_Up)  # Show: second look
    assert [w.model.release_id(r) for r in range(w.model.rowCount())] == [first]
