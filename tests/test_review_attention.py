"""Triage in the core: one rule for "needs attention", "this value is right", verify, what is left, the jump, the counts."""
from __future__ import annotations

import json

import pytest
from review_fixtures import svc  # noqa: F401 (svc is a fixture)

from reviewer.review import Filter, InvalidValue, NotFound
from reviewer.review.attention import LOW_CONFIDENCE, SCALAR_FIELDS


def _settle_everything(svc):
    """Every extracted value confident: a clean slate each test then spoils on purpose."""
    db = svc.store.db
    conf = json.dumps({f: 0.9 for f in SCALAR_FIELDS})
    with svc.store.transaction():
        db.execute("UPDATE events SET confidence = ?", [conf])
        db.execute("UPDATE event_participants SET confidence = 0.9")
        db.execute("UPDATE event_organizations SET confidence = 0.9")
        db.execute("DELETE FROM dup_candidates")


def _event_with_release(svc, nth: int = 0) -> tuple[int, int]:
    return svc.store.db.execute(
        "SELECT id, release_id FROM events WHERE deleted = 0 AND merged_into IS NULL ORDER BY release_id, id"
        " LIMIT 1 OFFSET ?", [nth]).fetchone()


def _low_ids(svc) -> list[int]:
    return [r.id for r in svc.release_page(limit=10_000, flt=Filter(low_confidence=True))]


def test_a_low_participant_or_organization_flags_filters_and_counts_until_checked(svc):
    _settle_everything(svc)
    event_id, release_id = _event_with_release(svc)
    db = svc.store.db
    pid = db.execute("SELECT id FROM event_participants WHERE event_id = ?", [event_id]).fetchone()[0]
    with svc.store.transaction():
        db.execute("UPDATE event_participants SET confidence = 0.45 WHERE id = ?", [pid])
        oid = db.execute("INSERT INTO event_organizations (event_id, name, confidence) VALUES (?, 'CSTO', 0.4)",
                         [event_id]).lastrowid
    assert svc.release_row(release_id).low_confidence and _low_ids(svc) == [release_id]
    assert svc.triage_counts().low_values == 2
    assert svc.attention_left(release_id) == ["participant 'Test Person' 45 %", "organization 'CSTO' 40 %"]

    edit = svc.mark_checked(event_id, "participants", pid)
    svc.mark_checked(event_id, "organizations", oid)
    assert not svc.release_row(release_id).low_confidence and _low_ids(svc) == []
    assert svc.triage_counts().low_values == 0 and svc.attention_left(release_id) == []
    # nothing but the mark changed: the name, role and confidence are as extracted
    assert db.execute("SELECT name, role, confidence, checked FROM event_participants WHERE id = ?", [pid]).fetchone() == \
        ("Test Person", "Speaker", 0.45, 1)
    assert [(a["field"], a["old"], a["new"]) for a in svc.audit("event_participants", pid)] == [("checked", "0", "1")]

    svc.revert(edit)  # undo brings the doubt back
    assert svc.attention_left(release_id) == ["participant 'Test Person' 45 %"] and _low_ids(svc) == [release_id]


def test_checking_a_low_field_keeps_its_value_and_is_undoable(svc):
    _settle_everything(svc)
    event_id, release_id = _event_with_release(svc)
    db = svc.store.db
    with svc.store.transaction():
        db.execute("UPDATE events SET confidence = json_set(confidence, '$.date_start', 0.3) WHERE id = ?", [event_id])
    before = svc.event(event_id)
    assert svc.attention_left(release_id) == ["start date 30 %"] and before.low("date_start")

    edit = svc.mark_checked(event_id, "date_start")
    after = svc.event(event_id)
    assert not after.low("date_start") and after.checked_fields == ["date_start"]
    assert (after.date_start, after.date_end, after.confidence) == (before.date_start, before.date_end, before.confidence)
    assert "date_start" not in after.edited_fields  # checked is not "set": re-extraction may still refresh it
    assert svc.release_row(release_id).status == "in_progress"
    assert svc.mark_checked(event_id, "date_start").changes == []  # twice is once
    svc.revert(edit)
    assert svc.event(event_id).low("date_start") and svc.release_row(release_id).status == "unreviewed"
    svc.reapply(edit)
    assert not svc.event(event_id).low("date_start")


def test_mark_checked_refuses_what_is_not_there(svc):
    event_id, _ = _event_with_release(svc)
    other, _ = _event_with_release(svc, 1)
    pid = svc.event(other).participants[0].id
    with pytest.raises(InvalidValue):
        svc.mark_checked(event_id, "title")
    with pytest.raises(InvalidValue):
        svc.mark_checked(event_id, "participants")  # which one?
    with pytest.raises(NotFound):
        svc.mark_checked(event_id, "participants", pid)  # another event's participant
    svc.delete_event(event_id)
    with pytest.raises(NotFound, match="deleted"):
        svc.mark_checked(event_id, "location")


def test_verify_release_checks_every_shown_low_value_in_one_undoable_edit(svc):
    _settle_everything(svc)
    event_id, release_id = _event_with_release(svc)
    db = svc.store.db
    with svc.store.transaction():
        db.execute("UPDATE events SET confidence = json_set(confidence, '$.date_start', 0.3, '$.location', 0.5)"
                   " WHERE id = ?", [event_id])
        db.execute("UPDATE event_participants SET confidence = 0.2 WHERE event_id = ?", [event_id])
    assert svc.attention_left(release_id) == ["start date 30 %", "location 50 %", "participant 'Test Person' 20 %"]

    edit = svc.verify_release(release_id)
    row = svc.release_row(release_id)
    assert row.status == "verified" and not row.low_confidence  # the red "!" goes with the verify
    assert svc.attention_left(release_id) == []
    assert svc.event(event_id).review_status == "verified"
    svc.revert(edit)  # one undo step takes back both the status and the checks
    assert svc.release_row(release_id).status == "unreviewed"
    assert len(svc.attention_left(release_id)) == 3


def test_an_undecided_pair_is_left_and_found_by_the_jump(svc):
    _settle_everything(svc)
    (a, ra), (b, rb) = _event_with_release(svc, 0), _event_with_release(svc, 5)
    assert ra != rb
    db = svc.store.db
    with svc.store.transaction():
        db.execute("INSERT INTO dup_candidates (event_a, event_b, score, reasons) VALUES (?, ?, 0.7, '[]')", [a, b])
    assert svc.attention_left(ra) == ["1 undecided duplicate pair"]
    assert svc.release_row(rb).has_duplicates and svc.triage_counts().pairs == 1
    assert [r.id for r in svc.release_page(limit=10_000, flt=Filter(attention=True))] == [ra, rb]
    assert svc.next_attention(ra, a) == (ra, a, "duplicates")  # on the event itself: its own doubts first
    assert svc.next_attention(ra, a, "duplicates") == (rb, b, "duplicates")
    assert svc.next_attention(rb, b, "duplicates") == (ra, a, "duplicates")  # wraps around
    with svc.store.transaction():
        db.execute("UPDATE dup_candidates SET status = 'not_duplicate'")
    assert svc.attention_left(ra) == [] and svc.next_attention(ra, a) is None


def test_next_attention_walks_fields_events_and_releases_in_list_order(svc):
    _settle_everything(svc)
    (e1, r1), (e2, r2) = _event_with_release(svc, 0), _event_with_release(svc, 3)
    db = svc.store.db
    with svc.store.transaction():
        db.execute("UPDATE events SET confidence = json_set(confidence, '$.date_start', 0.3, '$.location', 0.5)"
                   " WHERE id = ?", [e1])
        db.execute("UPDATE event_organizations SET confidence = 0.9")
        db.execute("INSERT INTO event_organizations (event_id, name, confidence) VALUES (?, 'CIS', 0.3)", [e2])
    assert svc.next_attention(r1, None) == (r1, e1, "date_start")
    assert svc.next_attention(r1, e1, "date_start") == (r1, e1, "location")
    assert svc.next_attention(r1, e1, "location") == (r2, e2, "organizations")
    svc.mark_checked(e1, "date_start")
    assert svc.next_attention(r2, e2, "organizations") == (r1, e1, "location")
    # from a release with nothing left, the next one with a doubt
    quiet = next(r.id for r in svc.release_page(limit=10_000) if r1 < r.id < r2)
    assert svc.next_attention(quiet, None) == (r2, e2, "organizations")


def test_the_flag_the_filter_and_the_counts_are_one_rule(svc):
    """On the seeds as extracted (low locations and dates, some checked, some edited), SQL and Python agree."""
    db = svc.store.db
    ids = [r[0] for r in db.execute("SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL ORDER BY id")]
    with svc.store.transaction():
        for n, eid in enumerate(ids):
            db.execute("UPDATE event_participants SET confidence = ? WHERE event_id = ?", [0.3 if n % 3 == 0 else 0.8, eid])
    svc.mark_checked(ids[0], "location")
    svc.set_field(ids[1], "location", "Minsk")
    svc.mark_checked(ids[3], "participants", svc.event(ids[3]).participants[0].id)
    rows = svc.release_page(limit=10_000)
    python_low = 0
    for row in rows:
        own = [svc.event(eid) for (eid,) in db.execute(
            "SELECT id FROM events WHERE release_id = ? AND deleted = 0 AND merged_into IS NULL", [row.id])]
        lows = sum(ev.low(f) for ev in own for f in SCALAR_FIELDS) + sum(p.low for ev in own for p in ev.participants) \
            + sum(o.low for ev in own for o in ev.organizations)
        assert row.low_confidence == (lows > 0), row.id
        python_low += lows
    assert svc.triage_counts().low_values == python_low > 0
    assert _low_ids(svc) == [r.id for r in rows if r.low_confidence]


def test_the_partial_indexes_repeat_the_low_confidence_literal(svc):
    sqls = [r[0] for r in svc.store.db.execute(
        "SELECT sql FROM sqlite_master WHERE name IN ('event_participants_low', 'event_organizations_low')")]
    assert len(sqls) == 2 and all(f"confidence < {LOW_CONFIDENCE!r} AND checked = 0" in s for s in sqls)
    plan = " ".join(str(r) for r in svc.store.db.execute(
        "EXPLAIN QUERY PLAN SELECT 1 FROM event_participants p WHERE p.event_id = 1 AND p.confidence < 0.6 AND p.checked = 0"))
    assert "event_participants_low" in plan


def test_triage_counts(svc):
    _settle_everything(svc)
    c = svc.triage_counts()
    assert (c.releases_left, c.events_verified, c.low_values, c.pairs) == (c.releases, 0, 0, 0)
    event_id, release_id = _event_with_release(svc)
    svc.verify_release(release_id)
    c = svc.triage_counts()
    assert c.releases_left == c.releases - 1 and c.events_verified == len(svc.release_detail(release_id).events) >= 1


def test_a_corrected_participant_or_organization_needs_no_more_attention(svc):
    _settle_everything(svc)
    event_id, release_id = _event_with_release(svc)
    db = svc.store.db
    pid = svc.event(event_id).participants[0].id
    with svc.store.transaction():
        db.execute("UPDATE event_participants SET confidence = 0.3 WHERE id = ?", [pid])
        oid = db.execute("INSERT INTO event_organizations (event_id, name, confidence) VALUES (?, 'CTSO', 0.3)",
                         [event_id]).lastrowid
    assert len(svc.attention_left(release_id)) == 2
    renamed = svc.set_participant(pid, role="Deputy Minister")
    corrected = svc.set_organization(oid, "CSTO")
    assert svc.attention_left(release_id) == [] and not svc.release_row(release_id).low_confidence
    svc.revert(corrected)  # the corrections undone, last first: the doubts are back
    assert svc.attention_left(release_id) == ["organization 'CTSO' 30 %"]
    svc.revert(renamed)
    assert svc.attention_left(release_id) == ["participant 'Test Person' 30 %", "organization 'CTSO' 30 %"]
