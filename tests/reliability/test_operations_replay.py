"""Every kind of reviewer action is one Edit: a mixed sequence, undone and redone in rounds, always matches the
audit log.

Field edits, participant and organization rows, an added and a deleted event,
verify, a duplicate merge, an unmerge, a pair's "not duplicates", separating a
near-duplicate copy and folding it back: each returns the change engine's
:class:`~reviewer.operation.Edit`, and undo and redo go through
``ReviewService.revert`` / ``reapply`` as the window's one undo command does.
After every step the rows of every table these actions write, rebuilt from the
state before the sequence plus the audit rows written since, must equal the
database; undoing everything must give the start back exactly.
"""
from __future__ import annotations

import sqlite3

import pytest

from reviewer.dedupe import folds, merge, near
from reviewer.operation import Edit
from reviewer.importing.pipeline import import_paths
from reviewer.review import ReviewService
from reviewer.review.history import HistoryFilter
from reviewer.store import Store

from test_dedupe import _variant
from test_undo_stateful import fresh_copy, replay, state

# what merges, answers and folds write besides the event rows the stateful test compares
TABLES = ("events", "releases", "event_participants", "event_organizations", "mentions", "items", "dup_candidates",
          "merges", "release_folds", "release_not_duplicates")


def full_state(conn: sqlite3.Connection) -> dict:
    return state(conn, TABLES)


class Session:
    """A reviewer's undo stack over one database, checked against the audit log after every step."""

    def __init__(self, store: Store):
        self.store = store
        self.svc = ReviewService(store, "tester")
        self.start = full_state(store.db.conn)
        self.first_audit = store.db.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
        self.done: list[Edit] = []
        self.undone: list[Edit] = []
        self.steps = 0

    def do(self, edit: Edit) -> Edit:
        assert isinstance(edit, Edit) and edit.changes, edit
        self.done.append(edit)
        self.undone.clear()
        self.check()
        return edit

    def undo(self, n: int = 1) -> None:
        for _ in range(n):
            edit = self.done.pop()
            self.svc.revert(edit)
            self.undone.append(edit)
            self.check()

    def redo(self, n: int = 1) -> None:
        for _ in range(n):
            edit = self.undone.pop()
            self.svc.reapply(edit)
            self.done.append(edit)
            self.check()

    def check(self) -> None:
        self.steps += 1
        rows = self.store.db.execute("SELECT table_name, row_id, field, new FROM audit_log WHERE id > ? ORDER BY id",
                                     [self.first_audit]).fetchall()
        assert replay(self.start, rows, TABLES) == full_state(self.store.db.conn), f"after step {self.steps}"


def _ids(store: Store, sql: str, params=()) -> list[int]:
    return [r[0] for r in store.db.execute(sql, params)]


@pytest.fixture
def session(tmp_path, seeds_dir):
    """The seeds, and a re-scrape of one article folded into it as a near-duplicate copy (by the import's pass)."""
    with Store(fresh_copy(tmp_path / "mixed.db")) as store:
        page = _variant(seeds_dir, tmp_path, **{"completed its work": "finished its work"})
        import_paths(store, [page])
        assert store.db.execute("SELECT count(*) FROM release_folds WHERE undone = 0").fetchone()[0] == 1
        yield Session(store)


def test_a_mixed_sequence_of_every_action_undone_and_redone_matches_the_audit_log(session):
    store, svc = session.store, session.svc
    [cand] = store.rows("SELECT * FROM dup_candidates WHERE status = 'open'")
    a, b = cand["event_a"], cand["event_b"]
    [fold] = store.rows("SELECT * FROM release_folds WHERE undone = 0 ORDER BY id LIMIT 1")
    other = _ids(store, "SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL AND id NOT IN (?, ?)"
                        " ORDER BY id", [a, b])
    release = store.db.execute("SELECT release_id FROM events WHERE id = ?", [other[0]]).fetchone()[0]

    # field edits and list rows on the survivor-to-be, so the merge and its undo cross them
    session.do(svc.set_field(a, "location", "Bishkek"))
    session.do(svc.set_dates(a, "2024-12-11", "2024-12-12"))
    added = session.do(svc.add_participant(a, "Dana Kerimova", "observer"))
    person = next(c.row_id for c in added.changes if c.table == "event_participants")
    session.do(svc.set_participant(person, name="Dana Kerimova-Ulu", role=None))
    org = _ids(store, "SELECT id FROM event_organizations WHERE event_id = ? ORDER BY position", [b])
    if org:
        session.do(svc.set_organization(org[0], "CSTO Secretariat"))
    session.do(svc.add_organization(b, "Joint Staff"))
    # an event added and one deleted, a release verified
    new_event = session.do(svc.add_event(release, date_start="2024-05-03", event_type="meeting")).event_id
    session.do(svc.delete_event(other[1]))
    session.do(svc.set_release_status(release, "verified"))

    # the duplicate decisions
    merged = session.do(merge.merge_edit(store, a, b, {"location": "right", "organizations": "both",
                                                       "participants": "both"}, "tester"))
    session.do(svc.set_field(a, "event_type", "consultations"))  # an edit of the merged event
    session.do(merge.unmerge(store, merge.merge_id_of(merged), "tester"))
    session.do(merge.answer(store, cand["id"], "not_duplicate", "tester"))
    session.do(folds.separate(store, fold["id"], "tester"))
    assert store.live_root("releases", fold["absorbed"]) == fold["absorbed"]
    session.do(svc.set_field(other[0], "location", "Dushanbe"))

    # rounds of undo and redo, interleaved
    session.undo(3)  # the last edit, the separation, the answer
    assert store.live_root("releases", fold["absorbed"]) == fold["survivor"]
    session.redo(2)
    session.undo(4)  # back past the unmerge: merged again, exactly
    assert store.live_root("events", b) == a
    session.redo(1)
    session.undo(2)  # the edit of the merged event, and the merge
    assert store.live_root("events", b) == b
    session.redo(3)  # merge, edit, unmerge
    assert store.live_root("events", b) == b and store.live_root("releases", fold["absorbed"]) == fold["survivor"]
    session.redo(2)  # the answer, the separation
    assert store.live_root("releases", fold["absorbed"]) == fold["absorbed"]
    # a fold put back as its own action, then that undone
    session.do(folds.refold(store, fold["id"], "tester"))
    assert store.live_root("releases", fold["absorbed"]) == fold["survivor"]
    session.undo(1)
    session.redo(1)
    for _ in range(2):
        session.undo(len(session.done))
        # the start again, exactly; an added event is created once and its undo hides it (deleted = 1)
        now = full_state(store.db.conn)
        assert set(now) - set(session.start) == {("events", new_event)} and now[("events", new_event)]["deleted"] == "1"
        assert {k: v for k, v in now.items() if k in session.start} == session.start
        session.redo(len(session.undone))
    assert session.steps > 60


def test_an_undo_of_a_merge_is_refused_when_the_merged_event_changed_since(session):
    store, svc = session.store, session.svc
    [cand] = store.rows("SELECT * FROM dup_candidates WHERE status = 'open'")
    svc.set_field(cand["event_b"], "location", "Osh")
    edit = merge.merge_edit(store, cand["event_a"], cand["event_b"], {"location": "right"}, "tester")
    assert any(c.column == "location" for c in edit.changes)
    ReviewService(store, "bob").set_field(cand["event_a"], "location", "Astana")
    before = full_state(store.db.conn)
    with pytest.raises(Exception, match="changed elsewhere"):
        svc.revert(edit)
    assert full_state(store.db.conn) == before


def test_the_imports_fold_is_audited_change_by_change_and_replays(tmp_path, seeds_dir):
    """The import's near-duplicate fold (the system's action, not a reviewer's) writes through the change engine:
    replaying its audit rows gives the database, its fold record included, also when a later copy joins it."""
    with Store(fresh_copy(tmp_path / "fold.db")) as store:
        def fold_pass(**words: str) -> list[tuple]:
            import_paths(store, [_variant(seeds_dir, tmp_path, **words)], near_duplicates=False)
            start = full_state(store.db.conn)
            first = store.db.execute("SELECT max(id) FROM audit_log").fetchone()[0]
            near.merge_near_duplicate_items(store)
            rows = store.db.execute("SELECT table_name, row_id, field, new, who FROM audit_log WHERE id > ? ORDER BY id",
                                    [first]).fetchall()
            assert replay(start, [r[:4] for r in rows], TABLES) == full_state(store.db.conn)
            assert {r[4] for r in rows} == {"system"}
            return rows

        rows = fold_pass(**{"completed its work": "finished its work"})
        [fold] = store.rows("SELECT * FROM release_folds WHERE undone = 0")
        assert ("release_folds", fold["id"], None) in {r[:3] for r in rows}
        audited = {r[:3] for r in rows}
        assert {(t, i, c) for t, i, c, _, _ in folds._changes(fold)} <= audited
        # the same copy again, its line breaks changed: linked to the absorbed release, then folded after it
        rows = fold_pass(**{"completed its work": "finished its work",
                            "narrow and extended format": "narrow and\nextended format"})
        assert ("release_folds", fold["id"], "snapshot") in {r[:3] for r in rows}
        folds.separate(store, fold["id"], "tester")
        assert store.live_root("releases", fold["absorbed"]) == fold["absorbed"]


def test_an_import_of_events_is_one_action_the_audit_log_replays_and_history_or_undo_takes_back(tmp_path):
    """import-events writes through the change engine: its rows replay from the audit log, and History's Revert
    (or the report's Edit on an undo stack) takes the whole import back, refused when a value changed since."""
    from reviewer.export import export
    from reviewer.export.read_back import import_events
    from reviewer.review import Conflict

    with Store(fresh_copy(tmp_path / "alice.db")) as alice:  # another reviewer's copy of the same pages
        svc = ReviewService(alice, "alice")
        first, second = _ids(alice, "SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL ORDER BY id")[:2]
        release = alice.db.execute("SELECT release_id FROM events WHERE id = ?", [first]).fetchone()[0]
        svc.set_field(first, "location", "Bishkek")
        svc.add_participant(first, "Jane Example", "observer")
        svc.add_organization(second, "Joint Staff")
        end = alice.db.execute('SELECT "end" FROM items WHERE release_id = ? ORDER BY id LIMIT 1', [release]).fetchone()[0]
        svc.add_event(release, evidence=(end - 20, end - 1), date_start="2024-05-01", event_type="visit")
        svc.set_release_status(release, "verified")
        export(alice, "jsonl", tmp_path / "alice.jsonl", "all", force=True)

    with Store(fresh_copy(tmp_path / "bob.db")) as bob:
        session = Session(bob)
        report = import_events(bob, tmp_path / "alice.jsonl", who="alice")
        assert report.added and first in report.updated and not report.conflicts
        [added] = report.added
        session.check()  # every row it wrote replays from the audit log
        session.do(report.edit)
        assert bob.db.execute("SELECT location FROM events WHERE id = ?", [first]).fetchone()[0] == "Bishkek"
        session.undo(1)  # the import's Edit on an undo stack: undone and redone exactly
        assert full_state(bob.db.conn)[("events", first)] == session.start[("events", first)]
        session.redo(1)
        [action] = _ids(bob, "SELECT DISTINCT action_id FROM audit_log WHERE id > ? AND action = 'import_events'",
                        [session.first_audit])
        # an edit made over the import since: History's Revert refuses, changing nothing
        ReviewService(bob, "carol").set_field(first, "location", "Osh")
        carol = session.svc.history_page(HistoryFilter(event_id=first))[0]
        before = full_state(bob.db.conn)
        with pytest.raises(Conflict):
            session.svc.revert_action(action)
        assert full_state(bob.db.conn) == before
        session.svc.revert_action(carol.id)
        session.do(session.svc.revert_action(action))
        now = full_state(bob.db.conn)  # the start again; the added event kept, hidden, as an added event's undo
        assert set(now) - set(session.start) == {("events", added)} and now[("events", added)]["deleted"] == "1"
        assert {k: v for k, v in now.items() if k in session.start} == session.start
