"""History (the audit log by action), reverting one action after a restart, deleted events and notes."""
from __future__ import annotations

import json

import pytest
from review_fixtures import first_event, first_release, svc  # noqa: F401 (svc is a fixture)

from reviewer.review import (
    Conflict,
    HistoryFilter,
    InvalidValue,
    ReviewError,
    ReviewService,
)
from reviewer.store import Store


def reopen(svc, who="alice"):
    path = svc.store.path
    svc.store.close()
    return ReviewService(Store(path), who)


def row(svc, event_id):
    return svc.store.rows("SELECT * FROM events WHERE id = ?", [event_id])[0]


def test_one_edit_is_one_action_in_the_log(svc):
    ev = first_event(svc)
    svc.set_field(ev.id, "location", "Dushanbe")
    rows = svc.history_page(HistoryFilter(event_id=ev.id))
    location = next(r for r in rows if r.field == "location")
    mark = next(r for r in rows if r.field == "edited_fields")
    assert location.action_id == mark.action_id  # the value and its "set by a reviewer" mark
    assert location.who == "alice" and location.change.endswith("→ Dushanbe")
    # another edit is another action
    svc.set_field(ev.id, "location", "Minsk")
    newest = svc.history_page(HistoryFilter(event_id=ev.id), limit=1)[0]
    assert newest.action_id != location.action_id


def test_revert_takes_back_the_whole_action_after_a_restart(svc):
    ev = first_event(svc)
    before = row(svc, ev.id)
    svc.set_field(ev.id, "location", "Dushanbe")
    audit_id = svc.history_page(HistoryFilter(event_id=ev.id), limit=1)[0].id
    svc = reopen(svc, "bob")  # nothing kept in memory: the log alone says what to take back
    edit = svc.revert_action(audit_id)
    after = row(svc, ev.id)
    assert (after["location"], after["edited_fields"]) == (before["location"], before["edited_fields"])
    newest = svc.history_page(HistoryFilter(event_id=ev.id))
    assert {r.action for r in newest if r.action_id == newest[0].action_id} == {"revert"}
    assert newest[0].who == "bob"
    # the revert is undone like any edit
    svc.revert(edit)
    assert row(svc, ev.id)["location"] == "Dushanbe"
    svc.store.close()


def test_revert_is_refused_when_the_value_changed_since(svc):
    ev = first_event(svc)
    svc.set_field(ev.id, "location", "Dushanbe")
    audit_id = svc.history_page(HistoryFilter(event_id=ev.id), limit=1)[0].id
    svc.set_field(ev.id, "location", "Minsk")
    log = len(svc.audit())
    with pytest.raises(Conflict, match="Not reverted: .*location"):
        svc.revert_action(audit_id)
    assert row(svc, ev.id)["location"] == "Minsk" and len(svc.audit()) == log


def test_revert_of_an_added_participant_and_of_a_verify(svc):
    ev = first_event(svc)
    rel = first_release(svc)
    added = svc.add_participant(ev.id, "Ivan Petrov", "Deputy Minister")
    pid = added.changes[0].row_id
    hist = svc.history_page(HistoryFilter(release_id=rel.id))
    svc.revert_action(next(r.id for r in hist if r.table == "event_participants"))
    assert svc.store.db.execute("SELECT count(*) FROM event_participants WHERE id = ?", [pid]).fetchone()[0] == 0
    svc.verify_release(rel.id)
    verify = svc.history_page(HistoryFilter(release_id=rel.id, action="verify"), limit=1)[0]
    svc.revert_action(verify.id)
    assert svc.store.db.execute("SELECT status FROM releases WHERE id = ?", [rel.id]).fetchone()[0] != "verified"
    assert {e["review_status"] for e in svc.store.rows("SELECT review_status FROM events WHERE release_id = ?", [rel.id])} \
        != {"verified"}


def test_an_import_or_merge_is_not_reverted_from_the_history(svc):
    svc.store.log("system", "merge", "events", 1, "merged_into", None, 2)
    audit_id = svc.store.db.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    with pytest.raises(ReviewError, match="Duplicates"):
        svc.revert_action(audit_id)


def test_history_filters(svc):
    ev = first_event(svc)
    svc.set_field(ev.id, "location", "Dushanbe")
    bob = ReviewService(svc.store, "bob")
    bob.delete_event(ev.id)
    everything = svc.history_page(HistoryFilter())
    assert {r.who for r in everything} >= {"alice", "bob"}
    assert {r.who for r in svc.history_page(HistoryFilter(who="bob"))} == {"bob"}
    assert all(r.field != "location" for r in svc.history_page(HistoryFilter(who="bob")))
    today = everything[0].local_time[:10]
    assert svc.history_page(HistoryFilter(date_from=today)) and not svc.history_page(HistoryFilter(date_to="2001-01-01"))
    with pytest.raises(InvalidValue, match="'yesterday': not a date"):
        svc.history_page(HistoryFilter(date_from="yesterday"))
    with pytest.raises(InvalidValue, match="not one the log records"):
        svc.history_page(HistoryFilter(action="drop table"))
    # paging by key: the second page starts below the first
    first = svc.history_page(HistoryFilter(), limit=2)
    second = svc.history_page(HistoryFilter(), before=first[-1].id, limit=2)
    assert second and second[0].id < first[-1].id
    # another event's history holds none of this one's rows
    other = [e for e in svc.store.rows("SELECT id FROM events WHERE id != ?", [ev.id])][0]["id"]
    assert all(r.row_id != ev.id or r.table != "events" for r in svc.history_page(HistoryFilter(event_id=other)))


def test_restore_a_deleted_event(svc):
    ev = first_event(svc)
    ReviewService(svc.store, "bob").delete_event(ev.id)
    listed = svc.deleted_events()
    assert [(d.id, d.deleted_by) for d in listed if d.id == ev.id] == [(ev.id, "bob")]
    edit = svc.restore_event(ev.id)
    assert row(svc, ev.id)["deleted"] == 0 and ev.id not in [d.id for d in svc.deleted_events()]
    assert svc.history_page(HistoryFilter(event_id=ev.id), limit=1)[0].action == "restore"
    with pytest.raises(Conflict, match="not deleted"):
        svc.restore_event(ev.id)
    svc.revert(edit)  # undo deletes it again
    assert row(svc, ev.id)["deleted"] == 1


def test_note_and_flag_are_audited_undoable_and_checked(svc):
    ev = first_event(svc)
    rel = first_release(svc)
    with pytest.raises(InvalidValue, match="say why"):
        svc.set_note("", True, "", event_id=ev.id)
    edit = svc.set_note("check the date with the article", True, "two dates disagree", event_id=ev.id)
    note = svc.note(event_id=ev.id)
    assert (note.text, note.flag, note.reason, note.who) == ("check the date with the article", True,
                                                            "two dates disagree", "alice")
    assert svc.note(release_id=rel.id) is None
    hist = svc.history_page(HistoryFilter(event_id=ev.id, action="note"))
    assert hist and hist[0].table == "notes"
    unflag = svc.set_note("check the date with the article", False, event_id=ev.id)
    assert svc.note(event_id=ev.id).flag is False
    svc.revert(unflag)  # undo: flagged again, with its reason
    assert (svc.note(event_id=ev.id).flag, svc.note(event_id=ev.id).reason) == (True, "two dates disagree")
    svc.reapply(unflag)
    svc.set_note("whole release odd", event_id=None, release_id=rel.id)
    assert svc.note(release_id=rel.id).text == "whole release odd"
    with pytest.raises(InvalidValue, match="one event or one release"):
        svc.set_note("x")
    with pytest.raises(InvalidValue, match="at most"):
        svc.set_note("x" * 10_001, event_id=ev.id)
    svc.set_note("", False, event_id=ev.id)
    assert svc.note(event_id=ev.id).empty
    assert edit.changes[0].column is None  # the first note created the row; undoing everything removes it


def test_audit_rows_before_the_migration_are_one_action_each(tmp_path):
    path = tmp_path / "old.db"
    with Store(path, upgrade_to=12) as s:  # the log as an older version wrote it
        for field, new in (("location", "A"), ("edited_fields", '["location"]')):
            s.db.execute("INSERT INTO audit_log (at, who, action, table_name, row_id, field, old, new)"
                         " VALUES ('2026-01-01T00:00:00.000+00:00', 'alice', 'edit', 'events', 1, ?, NULL, ?)",
                         [field, new])
    with Store(path) as s:
        ids = [r[0] for r in s.db.execute("SELECT action_id FROM audit_log ORDER BY id")]
        assert ids == [1, 2]
        with s.transaction():
            s.log("bob", "edit", "events", 1, "location", "A", "B")
            s.log("bob", "edit", "events", 1, "status", None, "held")
        assert [r[0] for r in s.db.execute("SELECT action_id FROM audit_log ORDER BY id")] == [1, 2, 3, 3]


def test_notes_and_flags_are_exported_with_their_event(svc, tmp_path):
    from reviewer.export import export

    ev = first_event(svc)
    rel = first_release(svc)
    svc.set_note("the place is only implied", True, "check the article", event_id=ev.id)
    svc.set_note("teaser of a longer article", release_id=rel.id)
    other = svc.store.rows("SELECT id FROM events WHERE release_id != ? AND deleted = 0 AND merged_into IS NULL",
                           [rel.id])[0]["id"]
    svc.set_note("cleared again", event_id=other)
    svc.set_note("", event_id=other)
    export(svc.store, "jsonl", tmp_path / "e.jsonl", "all")
    records = {r["id"]: r for r in map(json.loads, (tmp_path / "e.jsonl").read_text().splitlines())}
    notes = records[ev.id]["notes"]
    assert [(n["on"], n["text"], n["second_look"], n["reason"], n["by"]) for n in notes] == [
        ("event", "the place is only implied", True, "check the article", "alice"),
        ("release", "teaser of a longer article", False, None, "alice")]
    assert records[other]["notes"] == []
    described = json.loads((tmp_path / "e.jsonl.datapackage.json").read_text())
    assert "notes" in [f["name"] for f in described["resources"][0]["schema"]["fields"]]


def test_the_release_list_filters_on_notes_and_flags(svc):
    from reviewer.review import Filter

    ev = first_event(svc)
    rel = first_release(svc)
    assert svc.count_releases(Filter(notes="note")) == 0
    svc.set_note("", True, "odd date", event_id=ev.id)
    assert [r.id for r in svc.release_page(flt=Filter(notes="flag"))] == [rel.id]
    assert svc.release_page(flt=Filter(notes="flag"))[0].note == 2
    svc.set_note("", False, event_id=ev.id)  # cleared: no note any more
    assert svc.count_releases(Filter(notes="note")) == 0
    svc.set_note("fine, only odd wording", release_id=rel.id)
    assert [(r.id, r.note) for r in svc.release_page(flt=Filter(notes="note"))] == [(rel.id, 1)]
    svc.delete_event(ev.id)
    svc.set_note("", release_id=rel.id)
    assert svc.count_releases(Filter(notes="note")) == 0


def test_revert_of_an_added_event_and_of_one_added_from_a_sentence(svc):
    from reviewer.selection import PageSelection, new_event_from_selection

    rel = first_release(svc)
    added = svc.add_event(rel.id, date_start="2024-05-01")
    eid = added.event_id
    hist = svc.history_page(HistoryFilter(event_id=eid))
    svc.revert_action(hist[0].id)  # hides it, as undo does: the row stays for a redo
    assert row(svc, eid)["deleted"] == 1
    detail = svc.release_detail(rel.id)
    s, e = detail.item_span
    edit = new_event_from_selection(svc, PageSelection(rel.id, s, min(e, s + 40)))
    mentions = svc.store.db.execute("SELECT count(*) FROM mentions WHERE event_id = ?", [edit.event_id]).fetchone()[0]
    svc.revert_action(svc.history_page(HistoryFilter(event_id=edit.event_id), limit=1)[0].id)
    assert row(svc, edit.event_id)["deleted"] == 1
    assert svc.store.db.execute("SELECT count(*) FROM mentions WHERE event_id = ?", [edit.event_id]).fetchone()[0] \
        == mentions  # its sentence stays with the hidden row, as after undo


def test_an_events_history_holds_the_events_merged_into_it_once_each(svc):
    from reviewer.dedupe.merge import merge

    ids = [r["id"] for r in svc.store.rows("SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL ORDER BY id")]
    survivor, absorbed = ids[0], ids[1]
    svc.set_field(absorbed, "location", "Osh")
    svc.set_note("a note", event_id=survivor)
    merge(svc.store, survivor, absorbed, who="alice")
    rows = svc.history_page(HistoryFilter(event_id=survivor))
    assert any(r.row_id == absorbed and r.field == "location" for r in rows)  # its history before the merge
    assert any(r.action == "merge" for r in rows)
    assert len({r.id for r in rows}) == len(rows)  # no row twice


def test_revert_of_an_addition_is_refused_when_the_row_was_changed_since(svc):
    ev = first_event(svc)
    added = svc.add_participant(ev.id, "Ivan Petrov", "Deputy Minister")
    pid = added.changes[0].row_id
    add_row = next(r for r in svc.history_page(HistoryFilter(event_id=ev.id)) if r.table == "event_participants"
                   and r.field is None)
    svc.set_participant(pid, "Ivan Petrovich Petrov")
    with pytest.raises(Conflict, match=r"participant .* changed since it was added \(name"):
        svc.revert_action(add_row.id)
    assert svc.store.db.execute("SELECT name FROM event_participants WHERE id = ?", [pid]).fetchone() == (
        "Ivan Petrovich Petrov",)
