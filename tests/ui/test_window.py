"""The review window driven like a reviewer: keyboard, selections, undo/redo, verify-and-next, reopen."""
from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def db_rows(path, sql, params=()):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


def fresh_settings(tmp_path):
    from PySide6.QtCore import QSettings

    s = QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat)
    s.setValue("reviewer/name", "tester")
    return s


def press(qtbot, widget, key, mods=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(widget, key, mods)


def type_into(qtbot, line_edit, text):
    line_edit.setFocus()
    line_edit.selectAll()
    qtbot.keyClicks(line_edit, text)
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)


def test_review_session_end_to_end(qtbot, open_review_window, review_db, qsettings):
    w = open_review_window(review_db)
    view = w.releases.view
    first = w.current
    assert first is not None and w.editor.current_event is not None

    # move through releases by keyboard, and back
    view.setFocus()
    press(qtbot, view, Qt.Key.Key_Down, CTRL)
    press(qtbot, view, Qt.Key.Key_Down, CTRL)
    assert w.current == w.model.release_id(2)
    press(qtbot, view, Qt.Key.Key_Up, CTRL)
    rid = w.current
    assert rid == w.model.release_id(1)
    ev = w.editor.current_event
    detail = w.service.release_detail(rid)

    # correct a date in the editor; undo and redo it by keyboard
    type_into(qtbot, w.editor.date_start, "2024-12-10")
    assert db_rows(review_db, "SELECT date_start FROM events WHERE id = ?", [ev.id]) == [("2024-12-10",)]
    view.setFocus()
    press(qtbot, view, Qt.Key.Key_Z, CTRL)
    assert db_rows(review_db, "SELECT date_start FROM events WHERE id = ?", [ev.id]) == [(ev.date_start,)]
    assert w.editor.date_start.text() == ev.date_start
    press(qtbot, view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert db_rows(review_db, "SELECT date_start FROM events WHERE id = ?", [ev.id]) == [("2024-12-10",)]
    assert w.editor.date_start.text() == "2024-12-10"

    # add a participant by selecting a name in the page and pressing Ctrl+3
    start = detail.item_span[0]
    words = detail.text[start:detail.item_span[1]].split()
    name = " ".join(words[1:3])  # any two words of the item: the test does not depend on the page
    s = detail.text.index(name, start)
    w.page.select(s, s + len(name))
    w.page.text.setFocus()
    press(qtbot, w.page.text, Qt.Key.Key_3, CTRL)
    names = lambda: [r[0] for r in db_rows(review_db, "SELECT name FROM event_participants WHERE event_id = ?", [ev.id])]  # noqa: E731
    assert name in names()
    assert name in [w.editor.participants.item(r, 0).text() for r in range(w.editor.participants.rowCount())]
    w.undo_stack.undo()
    assert name not in names()
    w.undo_stack.redo()
    assert name in names()

    # delete the event, undo, redo; then make a new one from a sentence of the page
    view.setFocus()
    press(qtbot, view, Qt.Key.Key_Delete, CTRL)
    assert db_rows(review_db, "SELECT deleted FROM events WHERE id = ?", [ev.id]) == [(1,)]
    assert ev.id not in [e.id for e in w.service.release_detail(rid).events]
    w.undo_stack.undo()
    assert db_rows(review_db, "SELECT deleted FROM events WHERE id = ?", [ev.id]) == [(0,)]
    w.undo_stack.redo()
    assert db_rows(review_db, "SELECT deleted FROM events WHERE id = ?", [ev.id]) == [(1,)]
    w.page.select(s, s + 3)
    w.page.text.setFocus()
    press(qtbot, w.page.text, Qt.Key.Key_N, CTRL | SHIFT)
    new = w.editor.current_event
    assert new is not None and new.id != ev.id and new.origin == "manual"
    assert new.evidence[0] <= s < new.evidence[1]
    w.undo_stack.undo()
    assert db_rows(review_db, "SELECT deleted FROM events WHERE id = ?", [new.id]) == [(1,)]
    w.undo_stack.redo()
    assert db_rows(review_db, "SELECT deleted FROM events WHERE id = ?", [new.id]) == [(0,)]

    # verify and move on to the next unreviewed release; undo and redo the verification
    before = w.progress.text()
    view.setFocus()
    press(qtbot, view, Qt.Key.Key_Return, CTRL)
    assert db_rows(review_db, "SELECT status FROM releases WHERE id = ?", [rid]) == [("verified",)]
    assert w.current != rid
    assert db_rows(review_db, "SELECT status FROM releases WHERE id = ?", [w.current])[0][0] != "verified"
    assert w.progress.text() != before and w.progress.text().startswith("1 of ")
    w.undo_stack.undo()
    assert db_rows(review_db, "SELECT status FROM releases WHERE id = ?", [rid]) == [("in_progress",)]
    assert w.current == rid  # undo brings the reviewer back to the release it changed
    w.undo_stack.redo()
    assert db_rows(review_db, "SELECT status FROM releases WHERE id = ?", [rid]) == [("verified",)]

    # close, reopen on the same database: every correction is there, and in the audit log
    w.close()
    w2 = open_review_window(review_db)
    w2.open_release(rid, new.id)
    events = {e.id: e for e in w2.service.release_detail(rid).events}
    assert ev.id not in events and new.id in events
    assert events[new.id].review_status == "verified"
    assert w2.service.event(ev.id).date_start == "2024-12-10"
    assert name in [p.name for p in w2.service.event(ev.id).participants]
    audit = w2.service.audit()
    assert {("events", "date_start", "2024-12-10"), ("releases", "status", "verified")} <= {
        (a["table_name"], a["field"], a["new"]) for a in audit}
    assert any(a["action"].endswith("insert") and a["table_name"] == "event_participants" for a in audit)
    assert {a["who"] for a in audit if a["action"] != "teach"} == {"tester"}
    assert w2.progress.text().startswith("1 of ")


def test_invalid_date_is_refused_in_place_and_nothing_saved(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    ev = w.editor.current_event
    audit = len(w.service.audit())
    type_into(qtbot, w.editor.date_start, "2024-02-30")
    assert "no such day" in w.editor.message.text()
    assert "c5221f" in w.editor.date_start.styleSheet()  # the field is marked, the text kept for fixing
    assert w.editor.date_start.text() == "2024-02-30"
    assert db_rows(review_db, "SELECT date_start, date_end FROM events WHERE id = ?", [ev.id]) == [(ev.date_start, ev.date_end)]
    assert len(w.service.audit()) == audit and w.undo_stack.count() == 0
    # an end before the start is refused the same way
    type_into(qtbot, w.editor.date_start, "2024-12-20")
    assert w.editor.message.text() == "" and w.undo_stack.count() == 1
    type_into(qtbot, w.editor.date_end, "2024-12-19")
    assert "before start" in w.editor.message.text()
    # the one-day event's End had followed Start to 2024-12-20; the refused 19th changed nothing
    assert db_rows(review_db, "SELECT date_end FROM events WHERE id = ?", [ev.id]) == [("2024-12-20",)]
    assert w.undo_stack.count() == 1


@pytest.mark.parametrize("fault", ["read-only", "deleted"])
def test_database_fault_while_open_is_reported_and_nothing_claimed_saved(qtbot, open_review_window, review_db, fault):
    w = open_review_window(review_db)
    ev = w.editor.current_event
    saved = []
    w.runner.saved.connect(saved.append)
    if fault == "read-only":
        review_db.chmod(0o444)
    else:
        review_db.unlink()
    try:
        type_into(qtbot, w.editor.location, "Moscow")
        assert not w.banner.isHidden()
        assert ("read-only" if fault == "read-only" else "disappeared") in w.banner.text()
        assert "nothing was saved" in w.banner.text()
        assert saved == [] and w.undo_stack.count() == 0
        w.verify_and_next()
        assert saved == [] and w.undo_stack.count() == 0
    finally:
        if review_db.exists():
            review_db.chmod(0o644)
    if fault == "read-only":
        assert db_rows(review_db, "SELECT location FROM events WHERE id = ?", [ev.id]) == [(None,)]


def test_a_release_the_database_cannot_read_leaves_the_list_on_the_release_shown(qtbot, open_review_window,
                                                                                 review_db, monkeypatch):
    from reviewer.store import ReadFailed

    w = open_review_window(review_db)
    view = w.releases.view
    shown, event = w.current, w.editor.current_event.id
    row = w.model.row_of(shown)

    def damaged(release_id):
        raise ReadFailed(f"{review_db}: cannot read the database: it is damaged", "database disk image is malformed")

    monkeypatch.setattr(w.service, "release_detail", damaged)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)  # the next release: its page cannot be read
    assert w.banner.isVisible() and w.banner.text().startswith(f"{review_db}: cannot read the database")
    assert w.current == shown and w.editor.current_event.id == event  # the panes still show it ...
    assert view.currentIndex().row() == row  # ... and so does the list
    monkeypatch.undo()
    qtbot.keyClick(view, Qt.Key.Key_Down)  # readable again: the next key moves on
    assert w.current == w.model.release_id(row + 1) and view.currentIndex().row() == row + 1


def test_clicking_a_field_flashes_its_span(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    spans = [sp for sp in w.service.release_detail(w.current).spans
             if sp.event_id == w.editor.current_event.id and sp.field == "participant"]
    w.editor.participants.cellClicked.emit(0, 0)
    assert w.page.flashing == (spans[0].start, spans[0].end)
    qtbot.waitUntil(lambda: w.page.flashing is None, timeout=3000)


def test_filters_search_and_status_icons(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    total = w.model.rowCount()
    w.verify_and_next(anyway=True)
    w.releases.status.setCurrentIndex(w.releases.status.findData("verified"))
    assert w.model.rowCount() == 1
    w.releases.status.setCurrentIndex(0)
    w.releases.search.setText("videoconference")
    qtbot.keyClick(w.releases.search, Qt.Key.Key_Return)
    assert 0 < w.model.rowCount() < total
    w.releases.search.clear()
    assert w.model.rowCount() == total


def test_splitter_and_geometry_are_restored(qtbot, open_review_window, review_db, tmp_path):
    w = open_review_window(review_db)
    w.resize(780, 560)  # inside the offscreen screen (800 × 600): a restored window is kept on its screen
    w.splitter.setSizes([180, 190, 390])  # each above its pane's minimum, so none is clamped
    sizes = w.splitter.sizes()
    w.close()
    w2 = open_review_window(review_db)
    # the offscreen platform may restore the window a few pixels narrower: the last pane absorbs it
    assert w2.splitter.sizes()[:2] == sizes[:2]
    assert w2.splitter.sizes()[:2] != open_review_window(review_db, settings=fresh_settings(tmp_path)).splitter.sizes()[:2]


def test_shortcut_sheet_lists_the_keys(qtbot, open_review_window, review_db):
    from ui.shortcuts import ShortcutSheet

    w = open_review_window(review_db)
    sheet = ShortcutSheet(w.actions_by_name.values(), w)
    qtbot.addWidget(sheet)
    rows = {sheet.table.item(r, 0).text(): sheet.table.item(r, 1).text() for r in range(sheet.table.rowCount())}
    assert rows["Verify and next"].startswith("Ctrl+Return")
    assert "Ctrl+Shift+Z" in rows["Redo"]
    assert "Ctrl+3" in rows["Add as participant"]


def test_duplicates_and_export_open_from_the_menus(qtbot, open_review_window, review_db, monkeypatch):
    from ui import duplicates, export_dialog

    opened = []
    monkeypatch.setattr(duplicates.DuplicatesDialog, "exec", lambda self: opened.append(type(self).__name__) or 0)
    monkeypatch.setattr(export_dialog.ExportDialog, "exec", lambda self: opened.append(type(self).__name__) or 0)
    w = open_review_window(review_db)
    w.releases.view.setFocus()
    press(qtbot, w.releases.view, Qt.Key.Key_D, CTRL)
    press(qtbot, w.releases.view, Qt.Key.Key_E, CTRL)
    assert opened == ["DuplicatesDialog", "ExportDialog"]


def test_a_merge_undone_from_the_window_refreshes_the_release_and_the_count(
        qtbot, open_review_window, seeded_db, tmp_path, monkeypatch):
    from ui import duplicates

    path = tmp_path / "dups.db"
    src, dst = sqlite3.connect(seeded_db), sqlite3.connect(path)
    src.backup(dst)
    src.close()
    dst.close()
    (a, b), = db_rows(path, "SELECT event_a, event_b FROM dup_candidates WHERE status = 'open'")
    w = open_review_window(path)
    (rel_b,), = db_rows(path, "SELECT release_id FROM events WHERE id = ?", [b])
    w.open_release(rel_b, b)
    assert w.editor.current_event.id == b
    assert "1 duplicate pair to decide" in w.progress.text()
    assert w.model._rows[w.model.row_of(rel_b)].has_duplicates

    def merge_and_close(dialog):
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
        return 0

    monkeypatch.setattr(duplicates.DuplicatesDialog, "exec", merge_and_close)
    w.releases.view.setFocus()
    press(qtbot, w.releases.view, Qt.Key.Key_D, CTRL)
    assert db_rows(path, "SELECT merged_into FROM events WHERE id = ?", [b]) == [(a,)]
    shown = lambda: [e.id for e in w.editor._detail.events]  # noqa: E731
    assert b not in shown() and "duplicate pair" not in w.progress.text()
    assert not w.model._rows[w.model.row_of(rel_b)].has_duplicates

    press(qtbot, w.releases.view, Qt.Key.Key_Z, CTRL)  # the merge is undone from the main window
    assert db_rows(path, "SELECT merged_into FROM events WHERE id = ?", [b]) == [(None,)]
    assert w.current == rel_b and b in shown()
    assert "1 duplicate pair to decide" in w.progress.text()
    assert w.model._rows[w.model.row_of(rel_b)].has_duplicates
    press(qtbot, w.releases.view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert b not in shown() and "duplicate pair" not in w.progress.text()


def test_the_last_opened_release_is_reopened_per_database(qtbot, open_review_window, review_db, tmp_path, qsettings):
    import shutil

    other = tmp_path / "other" / "review.db"  # same file name, another database
    other.parent.mkdir()
    shutil.copy(review_db, other)
    w = open_review_window(review_db)
    first = w.current
    w.releases.view.setFocus()
    for _ in range(3):
        press(qtbot, w.releases.view, Qt.Key.Key_Down, CTRL)
    target = w.current
    assert target == w.model.release_id(3) != first
    w.close()

    assert open_review_window(review_db).current == target
    assert open_review_window(other).current == first  # remembered per database path
    # a remembered release that no longer exists falls back to the first one
    qsettings.setValue(w._last_key(), 999999)
    assert open_review_window(review_db).current == first


def test_the_shortcut_sheet_lists_every_key_bound_in_the_window(qtbot, open_review_window, review_db):
    from PySide6.QtGui import QAction, QKeySequence, QShortcut

    from ui.shortcuts import ShortcutSheet

    w = open_review_window(review_db)
    w.releases.view.setFocus()
    press(qtbot, w.releases.view, Qt.Key.Key_F1)  # Help → Keyboard shortcuts, as a reviewer opens it
    sheet = w.findChild(ShortcutSheet)
    assert sheet is not None and sheet.isVisible()
    listed: dict[str, set[str]] = {}  # a key may also stand in a dialog's row (Alt+N in Duplicates)
    for r in range(sheet.table.rowCount()):
        for keys in sheet.table.item(r, 1).text().split(", "):
            listed.setdefault(keys, set()).add(sheet.table.item(r, 0).text())
    native = QKeySequence.SequenceFormat.NativeText
    bound = {}
    for act in w.findChildren(QAction):
        for seq in act.shortcuts():
            bound[seq.toString(native)] = act.text().replace("&", "").rstrip("…")
    for sc in w.findChildren(QShortcut):
        bound[sc.key().toString(native)] = sc.objectName() or "a QShortcut"
    assert len(bound) >= 15
    missing = {k: v for k, v in bound.items() if k not in listed}
    assert missing == {}, f"bound in the window but not in the sheet: {missing}"
    assert all(v in listed[k] for k, v in bound.items() if v != "a QShortcut")
