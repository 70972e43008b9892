"""The entities window's Suggestions and Reconcile tabs, driven with real keys and clicks: a group accepted (its
members and name edited) or rejected, an authority list applied and a fuzzy match confirmed — each undone and
redone, and read back from the database and the export; a bad list is shown row by row and changes nothing."""
from __future__ import annotations

from PySide6.QtCore import Qt

from driving import ALT, CTRL, LEFT, db_all, key
from test_entities_window import (entities_db, entity_tables, exported, exported_orgs, open_entities, redo, to_tab,  # noqa: F401
                           undo)

from ui import entities_reconcile


def find_groups(qtbot, d, kind_row=1):
    pane = to_tab(qtbot, d, Qt.Key.Key_G, "suggestions")
    if pane.kind.currentIndex() != kind_row:
        pane.kind.setCurrentIndex(kind_row)  # a new kind searches at once
        qtbot.waitUntil(lambda: pane.runner is not None and not pane.runner.running, timeout=10000)
    with qtbot.waitSignal(pane.find_button.clicked, timeout=3000):
        key(qtbot, Qt.Key.Key_F, ALT)
    qtbot.waitUntil(lambda: not pane.runner.running, timeout=10000)
    return pane


def group_row(pane, member):
    return next(i for i, g in enumerate(pane.model.records) if any(m.name == member for m in g.members))


def choose_group(qtbot, pane, member):
    pane.view.setFocus()
    pane.view.setCurrentIndex(pane.model.index(group_row(pane, member), 0))
    assert any(m.name == member for m in pane.group.members)


def org_names(path):
    return sorted(n for (n,) in db_all(path, "SELECT name FROM entities WHERE kind = 'organization'"))


def test_accept_a_group_under_a_typed_name_then_undo_and_redo(qtbot, qtmodeltester, open_review_window, entities_db,
                                                              tmp_path):
    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    pane = find_groups(qtbot, d)
    qtmodeltester.check(pane.model)
    assert pane.model.rowCount() >= 2
    choose_group(qtbot, pane, "SCO RATS")
    assert {m.name for m in pane.group.members} == {"SCO RATS", "Regional Anti-Terrorist Structure of the SCO"}
    before = entity_tables(entities_db)
    key(qtbot, Qt.Key.Key_M, ALT)  # Name kept: typed
    assert pane.canonical.lineEdit().hasFocus()
    pane.canonical.lineEdit().selectAll()
    qtbot.keyClicks(pane.canonical.lineEdit(), "SCO Regional Anti-Terrorist Structure")
    key(qtbot, Qt.Key.Key_M, CTRL | Qt.KeyboardModifier.ShiftModifier)
    names = org_names(entities_db)
    assert "SCO Regional Anti-Terrorist Structure" in names and "SCO RATS" not in names
    assert all("SCO RATS" not in {m.name for m in g.members} for g in pane.model.records)  # decided: off the list
    orgs = exported_orgs(entities_db, tmp_path)
    assert orgs["SCO RATS"] == orgs["Regional Anti-Terrorist Structure of the SCO"] == {
        ("SCO Regional Anti-Terrorist Structure", None)}

    undo(qtbot)
    assert entity_tables(entities_db) == before
    qtbot.waitUntil(lambda: not pane.runner.running, timeout=10000)  # found again, quietly
    assert any("SCO RATS" in {m.name for m in g.members} for g in pane.model.records)
    redo(qtbot)
    assert "SCO Regional Anti-Terrorist Structure" in org_names(entities_db)


def test_a_member_left_out_stays_its_own_entity(qtbot, open_review_window, entities_db):
    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    pane = find_groups(qtbot, d)
    choose_group(qtbot, pane, "CSTO Crisis Response Centre")
    group = pane.group
    if len(group.members) < 3:  # a third member that is not the same body: tick it off with the keyboard
        key(qtbot, Qt.Key.Key_B, ALT)
        assert pane.members.hasFocus()
        pane.members.setCurrentRow(0)
        key(qtbot, Qt.Key.Key_Space)
        assert len(pane.ticked()) == len(group.members) - 1
        key(qtbot, Qt.Key.Key_M, CTRL | Qt.KeyboardModifier.ShiftModifier)
        assert "Tick two or more" in d.message.text()  # a two-member group with one left out merges nothing
        assert org_names(entities_db).count("CSTO Crisis Response Centre") == 1
        key(qtbot, Qt.Key.Key_Space)
    key(qtbot, Qt.Key.Key_M, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert "CSTO Crisis Response Centre" not in org_names(entities_db)


def test_reject_a_group_is_remembered_then_undo_and_redo(qtbot, open_review_window, entities_db):
    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    pane = find_groups(qtbot, d)
    choose_group(qtbot, pane, "SCO RATS")
    before, names = entity_tables(entities_db), org_names(entities_db)
    key(qtbot, Qt.Key.Key_J, ALT)
    qtbot.waitUntil(lambda: len(db_all(entities_db, "SELECT id FROM entity_rejections")) == len(
        before["entity_rejections"]) + 1)
    assert org_names(entities_db) == names
    assert all("SCO RATS" not in {m.name for m in g.members} for g in pane.model.records)
    pane.find_groups()  # searched again: a rejected group is not proposed again
    qtbot.waitUntil(lambda: not pane.runner.running, timeout=10000)
    assert all("SCO RATS" not in {m.name for m in g.members} for g in pane.model.records)

    undo(qtbot)
    assert entity_tables(entities_db) == before
    qtbot.waitUntil(lambda: not pane.runner.running, timeout=10000)
    assert any("SCO RATS" in {m.name for m in g.members} for g in pane.model.records)
    redo(qtbot)
    assert len(db_all(entities_db, "SELECT id FROM entity_rejections")) == len(before["entity_rejections"]) + 1


# -- reconciliation --------------------------------------------------------------------------------------------

AUTHORITY = (
    "kind,name,id,aliases\n"
    "organization,CSTO Crisis Response Center,Q100,\n"
    "organization,Regional Anti-Terrorist Structure,Q200,SCO RATS|RATS SCO\n"
    "person,Vladimir Putine,P1,\n"
)


def load_list(qtbot, d, monkeypatch, path):
    pane = to_tab(qtbot, d, Qt.Key.Key_N, "reconcile")
    monkeypatch.setattr(entities_reconcile, "ask_authority_file", lambda parent: str(path))
    key(qtbot, Qt.Key.Key_R, ALT)
    qtbot.waitUntil(lambda: pane.runner is not None and not pane.runner.running, timeout=10000)
    return pane


def authority_ids(path):
    return dict(db_all(path, "SELECT name, authority_id FROM entities WHERE authority_id IS NOT NULL"))


def test_reconcile_applies_exact_and_alias_matches_and_a_confirmed_fuzzy_one(qtbot, qtmodeltester, open_review_window,
                                                                            entities_db, tmp_path, monkeypatch):
    csv = tmp_path / "authority.csv"
    csv.write_text(AUTHORITY, encoding="utf-8")
    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    pane = load_list(qtbot, d, monkeypatch, csv)
    qtmodeltester.check(pane.model)
    states = {(r.entity_name, r.how, r.state) for r in pane.model.records}
    assert ("CSTO Crisis Response Center", "exact", "matched") in states
    assert ("SCO RATS", "alias", "matched") in states
    assert ("Vladimir Putin", "fuzzy", "proposed") in states
    assert not pane.problems.isVisible()
    before = entity_tables(entities_db)

    key(qtbot, Qt.Key.Key_X, ALT)  # Apply exact and alias matches: one step
    qtbot.waitUntil(lambda: authority_ids(entities_db) == {"CSTO Crisis Response Center": "Q100", "SCO RATS": "Q200"})
    assert w.undo_stack.count() == 1
    orgs = exported_orgs(entities_db, tmp_path)
    assert orgs["SCO RATS"] == {("SCO RATS", "Q200")}
    qtbot.waitUntil(lambda: not pane.runner.running, timeout=10000)  # matched again: now "set already"
    fuzzy = next(i for i, r in enumerate(pane.model.records) if r.how == "fuzzy")
    pane.view.setFocus()
    pane.view.setCurrentIndex(pane.model.index(fuzzy, 0))
    key(qtbot, Qt.Key.Key_K, CTRL)  # confirm the fuzzy match
    assert authority_ids(entities_db)["Vladimir Putin"] == "P1"
    people = [p for ev in exported(entities_db, tmp_path) for p in ev["participants"]]
    assert {p["id"] for p in people if p["canonical"] == "Vladimir Putin"} == {"P1"}

    undo(qtbot)
    assert "Vladimir Putin" not in authority_ids(entities_db)
    undo(qtbot)
    assert entity_tables(entities_db) == before
    redo(qtbot)
    assert authority_ids(entities_db) == {"CSTO Crisis Response Center": "Q100", "SCO RATS": "Q200"}


def test_a_bad_list_is_shown_row_by_row_and_changes_nothing(qtbot, open_review_window, entities_db, tmp_path,
                                                            monkeypatch):
    csv = tmp_path / "bad.csv"
    csv.write_text("kind,name,id,aliases\norganization,CSTO Secretariat,Q1,\norganization,UNOCT,Q1,\n"
                   "planet,Mars,Q3,\n", encoding="utf-8")
    w = open_review_window(entities_db)
    d = open_entities(qtbot, w)
    before = entity_tables(entities_db)
    pane = load_list(qtbot, d, monkeypatch, csv)
    lines = pane.problems.toPlainText().splitlines()
    assert pane.problems.isVisible() and len(lines) == 2
    assert all(line.startswith(f"{csv}:") for line in lines) and "Traceback" not in pane.problems.toPlainText()
    assert pane.model.rowCount() == 0 and not pane.apply_button.isEnabled()
    assert d.message.text().startswith("Not read:")
    assert entity_tables(entities_db) == before and w.undo_stack.count() == 0
    qtbot.mouseClick(pane.apply_button, LEFT)  # disabled: nothing happens
    assert entity_tables(entities_db) == before


def test_closing_the_window_while_groups_are_found_leaves_no_trace(qtbot, open_review_window, entities_db, capfd):
    from ui.operations import worker_pool

    w = open_review_window(entities_db)
    for _ in range(3):
        d = open_entities(qtbot, w)
        pane = to_tab(qtbot, d, Qt.Key.Key_G, "suggestions")
        pane.find_groups()
        d.close()  # at once: the search is still on the worker
        qtbot.waitUntil(lambda: not any(x.isVisible() for x in w.findChildren(type(d))), timeout=3000)
        w.activateWindow()  # back where a closed window leaves the reviewer
        qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    worker_pool().waitForDone()
    qtbot.wait(50)  # let the worker's last queued signals be delivered (or dropped)
    assert "Signal source has been deleted" not in capfd.readouterr().err
