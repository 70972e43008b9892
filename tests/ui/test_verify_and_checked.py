"""Verify means checked: verify-and-next names what is left and verifies on the second press; "this is right"
(Ctrl+K or the ✓ button) marks a low value checked without changing it, audited and undoable."""
from __future__ import annotations

import json
import sqlite3

from PySide6.QtCore import Qt

from driving import ALT, CTRL, LEFT, SHIFT, db_all, key


def checked_fields(path, event_id):
    return json.loads(db_all(path, "SELECT checked_fields FROM events WHERE id = ?", [event_id])[0][0])


def status(path, release_id):
    return db_all(path, "SELECT status FROM releases WHERE id = ?", [release_id])[0][0]


def test_verify_names_what_is_left_and_verifies_on_the_second_press(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    rid, ev = w.current, w.editor.current_event.id
    row = w.model.row_of(rid)
    assert w.model._rows[row].low_confidence  # the row's red "!"
    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert status(review_db, rid) == "unreviewed" and w.current == rid
    assert "start date 40 %" in w.banner.text() and "location 50 %" in w.banner.text()
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert status(review_db, rid) == "verified" and w.current != rid
    # verifying marked the values it showed checked: their flags are gone, the values unchanged
    assert set(checked_fields(review_db, ev)) == {"date_start", "date_end", "location"}
    assert db_all(review_db, "SELECT location FROM events WHERE id = ?", [ev]) == [(None,)]
    assert not w.model._rows[row].low_confidence and w.service.attention_left(rid) == []
    # one undo takes the verification and the checks back together
    key(qtbot, Qt.Key.Key_Z, CTRL)
    assert status(review_db, rid) != "verified" and checked_fields(review_db, ev) == []
    assert w.model._rows[row].low_confidence


def test_the_second_press_counts_only_right_after_the_first(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    first = w.current
    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_Return, CTRL)  # held back on the first release
    key(qtbot, Qt.Key.Key_Down, CTRL)
    key(qtbot, Qt.Key.Key_Up, CTRL)
    key(qtbot, Qt.Key.Key_Return, CTRL)  # back again: asks again rather than verifying
    assert status(review_db, first) == "unreviewed" and w.current == first and w.banner.isVisible()


def test_verify_anyway_has_its_own_key(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    rid = w.current
    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_Return, CTRL | SHIFT)
    assert status(review_db, rid) == "verified" and w.current != rid


def test_nothing_left_verifies_at_once(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    rid, ev = w.current, w.editor.current_event.id
    for field in ("date_start", "date_end", "location"):
        w.service.mark_checked(ev, field)
    w.open_release(rid, ev)
    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert status(review_db, rid) == "verified"


def test_an_undecided_duplicate_pair_holds_verify_back(qtbot, open_review_window, seeded_db, tmp_path):
    path = tmp_path / "dups.db"
    src, dst = sqlite3.connect(seeded_db), sqlite3.connect(path)
    src.backup(dst)  # a consistent copy, whatever the session database's journal holds
    src.close()
    dst.close()
    (b,), = db_all(path, "SELECT event_b FROM dup_candidates WHERE status = 'open'")
    (rel,), = db_all(path, "SELECT release_id FROM events WHERE id = ?", [b])
    w = open_review_window(path)
    w.open_release(rel, b)
    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_Return, CTRL)
    assert "1 undecided duplicate pair" in w.banner.text() and status(path, rel) != "verified"


def test_ctrl_k_marks_the_focused_low_value_right_and_undo_takes_it_back(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    ed = w.editor
    ev = ed.current_event.id
    key(qtbot, Qt.Key.Key_L, ALT)
    assert "low" in ed._conf["location"].text()
    key(qtbot, Qt.Key.Key_K, CTRL)
    assert checked_fields(review_db, ev) == ["location"]
    assert db_all(review_db, "SELECT location, edited_fields FROM events WHERE id = ?", [ev]) == [(None, "[]")]
    assert "checked" in ed._conf["location"].text() and ed._right["location"].isHidden()
    audit = [(a["field"], a["who"]) for a in w.service.audit("events", ev)]
    assert ("checked_fields", "tester") in audit
    key(qtbot, Qt.Key.Key_Escape)
    key(qtbot, Qt.Key.Key_Z, CTRL)
    assert checked_fields(review_db, ev) == [] and "low" in ed._conf["location"].text()


def test_the_right_button_beside_a_low_field_marks_it(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    ed = w.editor
    ev = ed.current_event.id
    assert ed._right["date_start"].isVisible() and not ed._right["event_type"].isVisible()  # 80 % is not low
    qtbot.mouseClick(ed._right["date_start"], LEFT)
    assert checked_fields(review_db, ev) == ["date_start"]
    assert not ed._right["date_start"].isVisible() and ed._right["date_end"].isVisible()


def test_a_low_participant_is_marked_right_from_its_row(qtbot, open_review_window, review_db):
    db_all(review_db, "UPDATE event_participants SET confidence = 0.45")
    w = open_review_window(review_db)
    ed = w.editor
    ev = ed.current_event
    assert ed.participants.item(0, 2).text() == "45% low"
    key(qtbot, Qt.Key.Key_P, ALT)
    key(qtbot, Qt.Key.Key_K, CTRL)
    pid = ev.participants[0].id
    assert db_all(review_db, "SELECT checked, name, confidence FROM event_participants WHERE id = ?", [pid]) == [
        (1, "Test Person", 0.45)]
    assert ed.participants.item(0, 2).text() == "45% ✓"
    assert "participant" not in " ".join(w.service.attention_left(w.current))


def test_a_merged_event_says_so_and_opens_the_other_release(qtbot, open_review_window, seeded_store):
    from reviewer.dedupe.merge import merge

    store = seeded_store
    (a, b), = store.db.execute("SELECT event_a, event_b FROM dup_candidates WHERE status = 'open'").fetchall()
    rel_a, rel_b = (store.db.execute("SELECT release_id FROM events WHERE id = ?", [e]).fetchone()[0] for e in (a, b))
    w = open_review_window(store.path)
    w.open_release(rel_a, a)
    assert w.editor.merged.isHidden()  # not merged (yet): no mark
    merge(store, a, b, who="ana")
    w.open_release(rel_a, a)
    assert w.editor.merged.isVisible() and "merged from 2 reports" in w.editor.merged.text()
    assert f"release {rel_b}" in w.editor.merged.text()
    qtbot.mouseClick(w.editor.merged, LEFT)
    assert w.current == rel_b and w.editor.current_event.id == a  # the same event, under the other release
    assert f"release {rel_a}" in w.editor.merged.text()
