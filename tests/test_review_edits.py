"""The corrections a reviewer makes: validated before anything is written, audited, undone and redone exactly."""
from __future__ import annotations

import json

import pytest
from review_fixtures import first_event, first_release, svc  # noqa: F401 (svc is a fixture)

from reviewer.review import Conflict, InvalidValue, NotFound, ReviewService
from reviewer.store import DatabaseGone, ReadOnlyDatabase, Store


def snapshot(svc):
    """Every row a reviewer can change (not the audit log), to compare before/after undo.

    An added event that is undone stays as a hidden (deleted) row so redo brings back the same id: live events only.
    """
    db = svc.store.db
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
            for t in ("releases", "event_participants", "event_organizations", "known_entities")} | {
        "events": db.execute("SELECT id, date_start, date_end, event_type, status, location, online, edited_fields,"
                             " review_status, reviewer FROM events WHERE deleted = 0 ORDER BY id").fetchall()}


# -- refused values -----------------------------------------------------------


def test_invalid_edit_is_refused_and_nothing_is_saved(svc):
    ev = first_event(svc)
    before, audit = snapshot(svc), len(svc.audit())
    with pytest.raises(InvalidValue, match="no such day"):
        svc.set_field(ev.id, "date_start", "2024-02-30")
    with pytest.raises(InvalidValue, match="before start"):
        svc.set_dates(ev.id, "2024-05-02", "2024-05-01")
    with pytest.raises(InvalidValue, match="must be one of"):
        svc.set_field(ev.id, "event_type", "party")
    with pytest.raises(InvalidValue, match="empty"):
        svc.add_participant(ev.id, "   ")
    assert snapshot(svc) == before and len(svc.audit()) == audit


def test_end_before_start_refused_when_setting_end_alone(svc):
    ev = first_event(svc)
    svc.set_dates(ev.id, "2024-12-10", "2024-12-11")
    with pytest.raises(InvalidValue):
        svc.set_field(ev.id, "date_end", "2024-12-09")
    assert svc.event(ev.id).date_end == "2024-12-11"


# -- edits, audit, undo -------------------------------------------------------


def test_set_date_writes_audit_marks_field_and_starts_release(svc):
    rel = first_release(svc)
    ev = svc.release_detail(rel.id).events[0]
    old = ev.date_start
    edit = svc.set_field(ev.id, "date_start", "2024-12-20")
    after = svc.event(ev.id)
    assert after.date_start == "2024-12-20"
    assert "date_start" in after.edited_fields
    assert svc.release_row(rel.id).status == "in_progress"
    rows = [r for r in svc.audit("events", ev.id) if r["field"] == "date_start"]
    assert rows[-1]["who"] == "alice" and rows[-1]["old"] == old and rows[-1]["new"] == "2024-12-20"
    assert edit.label.startswith("Set start date")


def test_every_kind_of_edit_undoes_exactly_and_redoes(svc):
    rel = first_release(svc)
    ev = svc.release_detail(rel.id).events[0]
    pid = ev.participants[0].id
    edits = []
    before = snapshot(svc)
    edits.append(svc.set_field(ev.id, "location", "Moscow"))
    edits.append(svc.set_field(ev.id, "online", True))
    edits.append(svc.set_dates(ev.id, "2024-12-10", "2024-12-11"))
    edits.append(svc.set_participant(pid, name="Imangali Tasmagambetov", role="Secretary General"))
    edits.append(svc.add_participant(ev.id, "Samat Ordabaev", "Deputy"))
    edits.append(svc.remove_participant(pid))
    edits.append(svc.add_organization(ev.id, "UNOCT"))
    edits.append(svc.set_organization(edits[-1].changes[0].row_id, "UNRCCA"))
    edits.append(svc.delete_event(ev.id))
    edits.append(svc.add_event(rel.id, evidence=(0, 10), date_start="XXXX-12-01"))
    edits.append(svc.set_release_status(rel.id, "verified"))
    after = snapshot(svc)
    known = before["known_entities"]
    for e in reversed(edits):
        svc.revert(e)
    undone = snapshot(svc)
    # names taught to known_entities stay learned; everything else is back exactly
    assert {k: v for k, v in undone.items() if k != "known_entities"} == {k: v for k, v in before.items() if k != "known_entities"}
    assert len(undone["known_entities"]) > len(known)
    for e in edits:
        svc.reapply(e)
    assert snapshot(svc) == after
    actions = {r["action"] for r in svc.audit()}
    assert {"edit", "undo", "redo", "verify", "undo:delete", "redo:insert"} <= actions


def test_name_corrections_teach_known_entities(svc):
    ev = first_event(svc)
    svc.set_participant(ev.participants[0].id, name="Taalatbek Masadykov")
    svc.add_organization(ev.id, "SCO RATS")
    svc.set_field(ev.id, "location", "Almaty")
    known = svc.store.known_entities()
    assert known.people.get("taalatbek masadykov") == "Taalatbek Masadykov"
    assert "SCO RATS" in known.organizations and "Almaty" in known.places


def test_undo_refuses_when_row_changed_elsewhere(svc):
    ev = first_event(svc)
    edit = svc.set_field(ev.id, "location", "Minsk")
    svc.store.db.execute("UPDATE events SET location = 'Bishkek' WHERE id = ?", [ev.id])
    with pytest.raises(Conflict):
        svc.revert(edit)
    assert svc.event(ev.id).location == "Bishkek"


def test_delete_and_readd_event(svc):
    rel = first_release(svc)
    ev = svc.release_detail(rel.id).events[0]
    svc.delete_event(ev.id)
    assert ev.id not in [e.id for e in svc.release_detail(rel.id).events]
    added = svc.add_event(rel.id, evidence=(5, 40), date_start="2024-04-17", date_end="2024-04-18", event_type="training")
    detail = svc.release_detail(rel.id)
    new = next(e for e in detail.events if e.id == added.event_id)
    assert (new.date_start, new.date_end, new.event_type, new.origin) == ("2024-04-17", "2024-04-18", "training", "manual")
    assert new.evidence == (5, 40)
    svc.revert(added)
    assert added.event_id not in [e.id for e in svc.release_detail(rel.id).events]


def test_verify_marks_release_and_its_events(svc):
    rel = first_release(svc)
    svc.set_release_status(rel.id, "verified")
    assert svc.release_row(rel.id).status == "verified"
    assert all(e.review_status == "verified" for e in svc.release_detail(rel.id).events)
    assert svc.progress()[0] == 1
    assert svc.next_release(rel.id) != rel.id


# -- faults -------------------------------------------------------------------


def test_read_only_database_refuses_edit_and_saves_nothing(svc, review_db):
    ev = first_event(svc)
    review_db.chmod(0o444)
    try:
        with pytest.raises(ReadOnlyDatabase):
            svc.set_field(ev.id, "location", "Moscow")
    finally:
        review_db.chmod(0o644)
    assert svc.event(ev.id).location is None


def test_vanished_database_refuses_edit(svc, review_db):
    ev = first_event(svc)
    review_db.unlink()
    with pytest.raises(DatabaseGone):
        svc.set_field(ev.id, "location", "Moscow")


def test_edited_field_is_no_longer_low_confidence(svc):
    ev = first_event(svc)
    assert ev.low("location")
    svc.set_field(ev.id, "location", "Minsk")
    assert not svc.event(ev.id).low("location")
    assert json.loads(svc.store.db.execute("SELECT edited_fields FROM events WHERE id = ?", [ev.id]).fetchone()[0]) == ["location"]


def test_release_status_must_be_one_of_the_three(svc):
    rel = first_release(svc)
    before = svc.audit()
    for status in ("", None, "done"):
        with pytest.raises(InvalidValue, match="release status"):
            svc.set_release_status(rel.id, status)
    assert svc.release_row(rel.id).status == rel.status and svc.audit() == before
    with pytest.raises(NotFound):
        svc.set_release_status(10_000_000, "verified")


def test_changing_who_took_part_changes_when_the_event_was_last_changed(svc):
    ev = first_event(svc)
    db = svc.store.db
    stamps = []

    def stamp_after(edit):
        with svc.store.transaction():  # an old stamp, so a new one is told apart within the same second
            db.execute("UPDATE events SET updated_at = '2000-01-01T00:00:00Z' WHERE id = ?", [ev.id])
        edit()
        stamps.append(db.execute("SELECT updated_at FROM events WHERE id = ?", [ev.id]).fetchone()[0])

    svc.set_field(ev.id, "location", "Minsk")  # participants and organizations are now marked edited already
    svc.add_participant(ev.id, "Dana Kerimova")
    svc.add_organization(ev.id, "UNODC")
    pid = db.execute("SELECT id FROM event_participants WHERE event_id = ? AND name = 'Dana Kerimova'", [ev.id]).fetchone()[0]
    stamp_after(lambda: svc.add_participant(ev.id, "Arman Beisov"))
    stamp_after(lambda: svc.set_participant(pid, role="observer"))
    stamp_after(lambda: svc.remove_participant(pid))
    oid = db.execute("SELECT id FROM event_organizations WHERE event_id = ? AND name = 'UNODC'", [ev.id]).fetchone()[0]
    stamp_after(lambda: svc.set_organization(oid, "UNOCT"))
    assert "2000-01-01T00:00:00Z" not in stamps and len(stamps) == 4


# -- two windows at once (issue #13, items 1 and 2) ---------------------------------


@pytest.fixture
def bob(review_db):
    """A second reviewer in another window: his own connection to the same database."""
    s = Store(review_db)
    yield ReviewService(s, "bob")
    s.close()


def edited(svc, event_id):
    return json.loads(svc.store.db.execute("SELECT edited_fields FROM events WHERE id = ?", [event_id]).fetchone()[0])


def between_read_and_write(svc, monkeypatch, other_edit):
    """Run ``other_edit`` (another window's save) the moment ``svc`` starts its write transaction, once.

    An edit that read its row before that point builds its change from a row
    that is stale by the time it writes.
    """
    original = svc.store.transaction
    pending = [other_edit]

    def transaction():
        if pending and not svc.store.db.conn.in_transaction:
            pending.pop()()
        return original()

    monkeypatch.setattr(svc.store, "transaction", transaction)


def test_first_edits_of_two_fields_at_once_both_keep_their_mark(svc, bob, monkeypatch):
    ev = first_event(svc)
    assert edited(svc, ev.id) == []
    between_read_and_write(svc, monkeypatch, lambda: bob.set_field(ev.id, "date_start", "2024-12-20"))
    svc.set_field(ev.id, "location", "Minsk")
    assert sorted(edited(svc, ev.id)) == ["date_start", "location"]
    assert (svc.event(ev.id).date_start, svc.event(ev.id).location) == ("2024-12-20", "Minsk")


def test_an_added_participant_keeps_its_mark_beside_another_windows_first_edit(svc, bob, monkeypatch):
    ev = first_event(svc)
    between_read_and_write(svc, monkeypatch, lambda: bob.set_field(ev.id, "location", "Minsk"))
    svc.add_participant(ev.id, "Dana Kerimova")
    assert sorted(edited(svc, ev.id)) == ["location", "participants"]


def test_a_value_changed_in_another_window_since_shown_is_refused_naming_who(svc, bob):
    ev = first_event(svc)
    bob.set_field(ev.id, "location", "Minsk")
    audit = len(svc.audit())
    with pytest.raises(Conflict) as err:
        svc.set_field(ev.id, "location", "Bishkek", expected=ev.location)  # the window still shows the old value
    message = str(err.value)
    assert message.startswith('Location was changed to "Minsk" by bob at ') and "reloaded" in message
    assert "\n" not in message and err.value.event_id == ev.id and err.value.release_id == ev.release_id
    assert svc.event(ev.id).location == "Minsk" and len(svc.audit()) == audit
    svc.set_field(ev.id, "location", "Bishkek", expected="Minsk")  # typed again over what is shown now: it wins
    assert svc.event(ev.id).location == "Bishkek"


def test_every_edit_with_what_was_shown_refuses_a_changed_row(svc, bob):
    ev = first_event(svc)
    p = ev.participants[0]
    org = svc.add_organization(ev.id, "UNOCT").changes[0].row_id
    bob.set_dates(ev.id, "2024-12-01", "2024-12-02")
    with pytest.raises(Conflict, match="date was changed to \"2024-12-01\" by bob"):
        svc.set_dates(ev.id, "2024-12-05", "2024-12-05", expected=(ev.date_start, ev.date_end))
    bob.set_participant(p.id, role="Chair")
    with pytest.raises(Conflict, match="role of 'Test Person' was changed to \"Chair\" by bob"):
        svc.set_participant(p.id, role="Observer", expected=(p.name, p.role))
    svc.set_participant(p.id, name="Tess Person", expected=(p.name, p.role))  # the name was not changed: it saves
    bob.set_organization(org, "UNRCCA")
    with pytest.raises(Conflict, match="UNRCCA"):
        svc.set_organization(org, "UNODC", expected="UNOCT")
    bob.remove_organization(org)
    with pytest.raises(Conflict, match="Organization 'UNRCCA' was removed by bob"):
        svc.remove_organization(org)
    after = svc.event(ev.id)
    assert (after.date_start, after.date_end) == ("2024-12-01", "2024-12-02")
    assert (after.participants[0].name, after.participants[0].role) == ("Tess Person", "Chair")
    assert after.organizations == []


def test_an_edit_to_an_event_merged_away_meanwhile_is_refused_naming_the_live_event(svc, bob):
    from reviewer.dedupe.merge import merge

    rel = first_release(svc)
    ev = svc.release_detail(rel.id).events[0]
    other = svc.store.db.execute("SELECT id FROM events WHERE id != ? AND deleted = 0 ORDER BY id LIMIT 1",
                                 [ev.id]).fetchone()[0]
    merge(bob.store, other, ev.id, who="bob")
    audit = len(svc.audit())
    edits = [lambda: svc.set_field(ev.id, "location", "Minsk"), lambda: svc.set_dates(ev.id, "2024-01-01", "2024-01-01"),
             lambda: svc.add_participant(ev.id, "Dana Kerimova"), lambda: svc.set_participant(ev.participants[0].id, role="x"),
             lambda: svc.remove_participant(ev.participants[0].id), lambda: svc.add_organization(ev.id, "UNOCT"),
             lambda: svc.delete_event(ev.id)]
    for edit in edits:
        with pytest.raises(Conflict) as err:
            edit()
        assert f"Event {ev.id} was merged into event {other} by bob at " in str(err.value)
        assert err.value.event_id == other
    assert len(svc.audit()) == audit


def test_an_edit_to_an_event_deleted_meanwhile_is_refused_and_so_is_its_undo(svc, bob):
    ev = first_event(svc)
    mine = svc.set_field(ev.id, "location", "Minsk")
    bob.delete_event(ev.id)
    with pytest.raises(Conflict, match=f"Event {ev.id} was deleted by bob at "):
        svc.set_field(ev.id, "event_type", "visit")
    with pytest.raises(Conflict, match="deleted by bob"):
        svc.revert(mine)  # an undo would write into an event no export holds, and say it was done
    assert svc.store.db.execute("SELECT location, event_type FROM events WHERE id = ?", [ev.id]).fetchone() == ("Minsk", ev.event_type)


def test_a_typed_participant_is_never_linked_to_a_person_through_an_alias(svc):
    ev = first_event(svc)
    db = svc.store.db
    ivan = svc.store.person_for("Ivan Petrov")
    with svc.store.transaction():  # what the people pass records for a surname it took for Ivan's
        db.execute("INSERT INTO entity_variants (entity_id, kind, name, key, origin) VALUES (?, 'person', 'Petrov', 'petrov', 'auto')",
                   [ivan])
    assert svc.store.person_for("Petrov") == ivan  # extraction still follows the alias
    added = svc.add_participant(ev.id, "Petrov").changes[0].row_id
    again = svc.add_participant(ev.id, "Petrov").changes[0].row_id
    same = svc.add_participant(ev.id, "ivan  petrov").changes[0].row_id

    def person(pid):
        return db.execute("SELECT person_id FROM event_participants WHERE id = ?", [pid]).fetchone()[0]

    assert person(added) != ivan and person(again) == person(added)
    assert person(same) == ivan
    assert db.execute("SELECT name FROM entity_variants WHERE entity_id = ? ORDER BY id", [ivan]).fetchall() == [
        ("Ivan Petrov",), ("Petrov",)]


def test_an_automatic_merge_never_overwrites_a_value_a_reviewer_saved_while_it_was_deciding(svc, bob, monkeypatch):
    from reviewer.dedupe.merge import merge

    ev = first_event(svc)
    other = svc.store.db.execute("SELECT id FROM events WHERE id != ? AND deleted = 0 ORDER BY id LIMIT 1",
                                 [ev.id]).fetchone()[0]
    with svc.store.transaction():  # the absorbed report names a place; the survivor does not yet
        svc.store.db.execute("UPDATE events SET location = 'Astana' WHERE id = ?", [other])
    assert svc.event(ev.id).location is None
    # the import's duplicate pass decides its choices, and the reviewer saves the place just then
    between_read_and_write(bob, monkeypatch, lambda: svc.set_field(ev.id, "location", "Minsk", expected=None))
    merge(bob.store, ev.id, other)
    assert svc.event(ev.id).location == "Minsk"


def test_a_value_re_extraction_changed_is_not_credited_to_the_last_reviewer(svc, bob):
    ev = first_event(svc)
    bob.set_field(ev.id, "location", "Minsk")
    with svc.store.transaction():  # what re-extraction does to a field nobody marked (it writes no audit row)
        svc.store.db.execute("UPDATE events SET location = 'Astana' WHERE id = ?", [ev.id])
    with pytest.raises(Conflict, match='^Location was changed to "Astana" elsewhere — reloaded'):
        svc.set_field(ev.id, "location", "Bishkek", expected="Minsk")
    pid = svc.add_participant(ev.id, "Dana Kerimova").changes[0].row_id
    with svc.store.transaction():  # a list replaced without an audit row
        svc.store.db.execute("DELETE FROM event_participants WHERE id = ?", [pid])
    with pytest.raises(Conflict, match="^Participant 'Dana Kerimova' was removed elsewhere") as err:
        svc.remove_participant(pid)
    assert err.value.event_id == ev.id
