"""The duplicates view: merge with per-field choices, unmerge, not duplicates, later — each undone and redone."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QUndoStack

from reviewer import dedupe
from reviewer.session import ReviewSession
from ui.commands import EditRunner
from ui.duplicates import DuplicatesDialog


def rows(store, sql, params=()):
    return store.rows(sql, params)


def snapshot(store, a, b):
    return {
        "events": rows(store, "SELECT * FROM events WHERE id IN (?, ?) ORDER BY id", [a, b]),
        "orgs": rows(store, "SELECT * FROM event_organizations WHERE event_id IN (?, ?) ORDER BY id", [a, b]),
        "people": rows(store, "SELECT * FROM event_participants WHERE event_id IN (?, ?) ORDER BY id", [a, b]),
        "mentions": rows(store, "SELECT id, event_id FROM mentions ORDER BY id"),
        "candidates": rows(store, "SELECT id, status FROM dup_candidates ORDER BY id"),
    }


def orgs_of(store, event_id):
    return [r["name"] for r in rows(store, "SELECT name FROM event_organizations WHERE event_id = ? ORDER BY position, id",
                                    [event_id])]


def merged_into(store, event_id):
    return rows(store, "SELECT merged_into FROM events WHERE id = ?", [event_id])[0]["merged_into"]


@pytest.fixture
def dialog(qtbot, seeded_store):
    stack = QUndoStack()
    svc = ReviewSession(seeded_store, "ana")
    d = DuplicatesDialog(svc.duplicates(), EditRunner(svc, stack))
    qtbot.addWidget(d)
    d.stack_ref = stack  # keep the stack alive with the dialog
    return d


def choose(dialog, field, key):
    box = dialog.choices[field]
    box.setCurrentIndex(box.findData(key))


def test_the_pair_shows_side_by_side_with_its_sentences_highlighted(dialog, qtmodeltester):
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 1
    tip = dialog.model.data(dialog.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "same date" in tip and "shared people" in tip
    left = dialog.left_view.highlighted()
    right = dialog.right_view.highlighted()
    assert left and all(s.startswith("On December 11, 2024, Taalatbek Masadykov") for s in left)
    assert right and all("40th meeting of the Working Group" in s for s in right)
    assert len(left) == 3  # one sentence per page the teaser is on
    assert dialog.left_values["participants"].text() == "Taalatbek Masadykov"
    assert dialog.merge_button.isEnabled() and not dialog.unmerge_button.isEnabled()


def test_the_sentences_take_the_new_themes_colour_while_the_dialog_is_open(qtbot, dialog):
    from PySide6.QtGui import QColor

    from ui.theme import DARK, LIGHT, apply_theme

    def painted(view) -> str:  # the colour behind the first highlighted sentence, as drawn
        text = view.text
        selection = text.extraSelections()[0]
        start = QTextCursor(selection.cursor).selectionStart()
        probe = QTextCursor(text.document())
        probe.setPosition(start + 2)
        rect = text.cursorRect(probe)
        return QColor(text.viewport().grab().toImage().pixel(rect.left() - 1, rect.center().y())).name()

    apply_theme("light")
    dialog.show()
    qtbot.waitExposed(dialog)
    try:
        qtbot.waitUntil(lambda: painted(dialog.left_view) == LIGHT.evidence, timeout=3000)
        apply_theme("dark")  # View ▸ Theme in the window, or the desktop's own switch under System
        for view in (dialog.left_view, dialog.right_view):
            qtbot.waitUntil(lambda v=view: painted(v) == DARK.evidence, timeout=3000)
            assert view.highlighted()  # still every sentence, only recoloured
    finally:
        apply_theme("system")


def test_a_pair_with_many_names_shows_each_name_whole_or_scrolls_to_it(qtbot, dialog):
    """Three participants and seven organizations need more rows than 700 pixels leave beside the sources: no
    cell is cut short; the fields take the room the sources can give, and scroll when even that is not enough."""
    dialog.resize(1100, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    values = [dialog.left_values["participants"], dialog.right_values["participants"],
              dialog.right_values["organizations"]]

    def whole() -> bool:
        return all(v.height() >= v.heightForWidth(v.width()) for v in values)

    values[0].setText("Taalatbek Masadykov\nSultan Ordabayev\nAlexander Lukashenko")
    values[1].setText("S. Ordabayev\nT. Masadykov\nA. Lukashenko")
    qtbot.waitUntil(whole, timeout=3000)
    values[2].setText("\n".join(f"Organization number {i} of a long name" for i in range(20)))
    qtbot.waitUntil(whole, timeout=3000)
    bar = dialog.fields.verticalScrollBar()
    assert bar.maximum() > 0  # more than the dialog holds: reached by scrolling, not cut
    bar.setValue(bar.maximum())
    last = values[2].mapTo(dialog.fields.viewport(), values[2].rect().bottomLeft())
    assert last.y() <= dialog.fields.viewport().height()


def test_merge_with_per_field_choices_then_undo_and_redo(qtbot, dialog, seeded_store):
    cand = dialog.pair.candidate
    a, b = cand.event_a, cand.event_b
    before = snapshot(seeded_store, a, b)
    right_orgs = orgs_of(seeded_store, b)
    choose(dialog, "organizations", "right")
    choose(dialog, "participants", "both")
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    assert merged_into(seeded_store, b) == a
    assert orgs_of(seeded_store, a) == right_orgs
    names = [r["name"] for r in rows(seeded_store, "SELECT name FROM event_participants WHERE event_id = ?", [a])]
    assert "S. Ordabayev" in names
    assert dialog.pair.candidate.status == "merged" and dialog.unmerge_button.isEnabled()
    assert rows(seeded_store, "SELECT who, action FROM audit_log WHERE action = 'merge'") == [
        {"who": "ana", "action": "merge"}]

    dialog.stack_ref.undo()
    assert snapshot(seeded_store, a, b) == before
    assert dialog.pair.candidate.status == "open" and dialog.merge_button.isEnabled()

    dialog.stack_ref.redo()
    assert merged_into(seeded_store, b) == a and orgs_of(seeded_store, a) == right_orgs


def test_unmerge_restores_both_events_then_undo_and_redo(qtbot, dialog, seeded_store):
    cand = dialog.pair.candidate
    a, b = cand.event_a, cand.event_b
    before = snapshot(seeded_store, a, b)
    choose(dialog, "location", "right")
    choose(dialog, "organizations", "both")
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    merged = snapshot(seeded_store, a, b)
    assert merged != before

    qtbot.mouseClick(dialog.unmerge_button, Qt.MouseButton.LeftButton)
    assert snapshot(seeded_store, a, b) == before
    assert dialog.model.rowCount() == 1 and dialog.pair.candidate.status == "open"

    dialog.stack_ref.undo()  # undo the unmerge: merged again, with the same choices
    assert merged_into(seeded_store, b) == a
    assert orgs_of(seeded_store, a) == [r["name"] for r in merged["orgs"] if r["event_id"] == a]
    dialog.stack_ref.redo()
    assert snapshot(seeded_store, a, b) == before
    dialog.stack_ref.undo()
    dialog.stack_ref.undo()  # and the merge itself
    assert snapshot(seeded_store, a, b) == before


def test_not_duplicates_is_remembered_then_undo_and_redo(qtbot, dialog, seeded_store):
    cand_id = dialog.pair.candidate.id
    qtbot.mouseClick(dialog.not_dup_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 0 and dialog.pair is None
    assert not dialog.merge_button.isEnabled()
    assert dedupe.find_candidates(seeded_store).proposed == 0  # a new search does not bring it back
    dialog.reload()
    assert dialog.model.rowCount() == 0

    dialog.stack_ref.undo()
    assert dialog.model.rowCount() == 1 and dialog.pair.candidate.id == cand_id
    assert rows(seeded_store, "SELECT status FROM dup_candidates WHERE id = ?", [cand_id])[0]["status"] == "open"
    dialog.stack_ref.redo()
    assert rows(seeded_store, "SELECT status FROM dup_candidates WHERE id = ?", [cand_id])[0]["status"] == "not_duplicate"
    assert dialog.model.rowCount() == 0


def test_later_keeps_the_pair_at_the_end_then_undo(qtbot, dialog, seeded_store):
    qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 1
    assert dialog.model.data(dialog.model.index(0, 0)).endswith("(later)")
    dialog.stack_ref.undo()
    assert not dialog.model.data(dialog.model.index(0, 0)).endswith("(later)")


def test_a_refused_merge_reports_one_line_and_pushes_nothing(qtbot, dialog, seeded_store):
    b = dialog.pair.candidate.event_b
    with seeded_store.transaction():
        seeded_store.db.execute("UPDATE events SET deleted = 1 WHERE id = ?", [b])
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert "deleted or already merged" in dialog.error.text()
    assert dialog.stack_ref.count() == 0


def test_search_runs_in_the_background_and_reloads_the_list(qtbot, dialog, seeded_store):
    with seeded_store.transaction():
        seeded_store.db.execute("DELETE FROM dup_candidates")
    dialog.reload()
    assert dialog.model.rowCount() == 0
    with qtbot.waitSignal(dialog.searched, timeout=20000) as blocker:
        dialog.search()
    assert blocker.args[0].proposed == 1
    assert dialog.model.rowCount() == 1 and dialog.search_button.isEnabled()


def test_an_undo_the_database_refuses_keeps_the_history_for_a_retry(qtbot, dialog, seeded_store):
    cand = dialog.pair.candidate
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert merged_into(seeded_store, cand.event_b) == cand.event_a
    stack = dialog.stack_ref
    assert stack.index() == 1
    seeded_store.path.chmod(0o444)
    try:
        with qtbot.waitSignal(dialog.failed) as failed:
            stack.undo()
        assert "read-only" in failed.args[0]
        assert stack.index() == 1  # the merge is still the step to undo
        assert merged_into(seeded_store, cand.event_b) == cand.event_a
    finally:
        seeded_store.path.chmod(0o644)
    stack.undo()
    assert stack.index() == 0
    assert merged_into(seeded_store, cand.event_b) is None


CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def shown(qtbot, dialog):
    """The dialog on screen and active: its keys (Ctrl+M, Alt+letters) reach only an active window."""
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    return dialog


def test_enter_anywhere_in_the_dialog_decides_nothing(qtbot, dialog, seeded_store):
    shown(qtbot, dialog)
    cand = dialog.pair.candidate
    before = snapshot(seeded_store, cand.event_a, cand.event_b)
    for widget in (dialog.list, dialog.choices["location"], dialog.merge_button, dialog.not_dup_button,
                   dialog.later_button):
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            qtbot.keyClick(widget, key)
    assert snapshot(seeded_store, cand.event_a, cand.event_b) == before  # not merged, not answered
    assert rows(seeded_store, "SELECT count(*) AS n FROM audit_log WHERE action = 'merge'") == [{"n": 0}]
    assert dialog.stack_ref.count() == 0 and dialog.isVisible()
    assert not any(b.isDefault() for b in (dialog.merge_button, dialog.not_dup_button, dialog.later_button,
                                           dialog.unmerge_button))


def test_the_merge_key_merges_the_pair_with_the_fields_chosen_by_keyboard(qtbot, dialog, seeded_store):
    shown(qtbot, dialog)
    cand = dialog.pair.candidate
    a, b = cand.event_a, cand.event_b
    right_orgs = orgs_of(seeded_store, b)
    box = dialog.choices["organizations"]
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClick(box, Qt.Key.Key_Home)  # ◀ Left
    qtbot.keyClick(box, Qt.Key.Key_Down)  # Right ▶
    assert box.currentData() == "right"
    qtbot.keyClick(box, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # Ctrl+M is the main window's note key:
    assert merged_into(seeded_store, b) is None  # here it merges nothing
    qtbot.keyClick(box, Qt.Key.Key_M, CTRL_SHIFT)

    assert merged_into(seeded_store, b) == a
    assert orgs_of(seeded_store, a) == right_orgs
    assert dialog.pair.candidate.status == "merged" and dialog.stack_ref.count() == 1
    qtbot.keyClick(dialog.list, Qt.Key.Key_M, CTRL_SHIFT)  # again: a merged pair stays
    assert rows(seeded_store, "SELECT count(*) AS n FROM audit_log WHERE action = 'merge'") == [{"n": 1}]
    assert dialog.stack_ref.count() == 1 and dialog.error.text() == ""


def test_not_duplicates_by_its_own_key(qtbot, dialog, seeded_store):
    shown(qtbot, dialog)
    cand_id = dialog.pair.candidate.id
    qtbot.keyClick(dialog.list, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # the button's mnemonic
    # a mnemonic "animates" the click: it lands a moment later
    qtbot.waitUntil(lambda: rows(seeded_store, "SELECT status FROM dup_candidates WHERE id = ?", [cand_id]) == [
        {"status": "not_duplicate"}], timeout=3000)
