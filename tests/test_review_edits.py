"""The corrections a reviewer makes: validated before anything is written, audited, undone and redone exactly."""
from __future__ import annotations

import json

import pytest
from review_fixtures import first_event, first_release, svc  # noqa: F401 (svc is a fixture)

from reviewer.review import Conflict, InvalidValue, NotFound
from reviewer.store import DatabaseGone, ReadOnlyDatabase


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
