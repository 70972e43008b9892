"""Random edits, undos and redos leave the database equal to what its audit log replays to.

The state machine drives :class:`reviewer.review.ReviewService` the way the
window's undo stack does (``ui.commands``: an edit runs, then ``revert`` /
``reapply``; a new edit drops the redo history). After every step, replaying
the audit rows written since the start onto the starting state must give the
current database; undoing everything must give the starting state back.
"""
from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from reviewer.importing.pipeline import import_paths
from reviewer.dedupe import merge
from reviewer.dedupe.merge import MergeError
from reviewer.review import ReviewError, ReviewService
from reviewer.store import Store, audit_value

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TABLES = ("events", "releases", "event_participants", "event_organizations", "mentions")
# Timestamps are the audit row's own `at`, and which entity an organization or a place names follows its spelling
# (the store links a row at every commit: reviewer.store.linking); every other column is replayed and compared.
QUIET = {"updated_at", "created_at", "entity_id", "place_id"}
RELIABILITY = settings.get_profile("reliability")
_template: list[Path] = []
VALUES = {
    "location": ["Minsk", " Bishkek  ", "", None],
    "event_type": ["meeting", "training", "bogus", None],
    "status": ["held", "planned", "maybe"],
    "online": [True, False],
}


def template() -> Path:
    """The seeds imported once (real extraction: events with people and organizations)."""
    if not _template:
        path = Path(tempfile.mkdtemp(prefix="undo-")) / "template.db"
        with Store(path) as s:
            import_paths(s, [SEEDS])
        _template.append(path)
    return _template[0]


def fresh_copy(path: Path) -> Path:
    src, dst = sqlite3.connect(template()), sqlite3.connect(path)
    src.backup(dst)
    src.close()
    dst.close()
    return path


def state(conn: sqlite3.Connection, tables: tuple[str, ...] = TABLES) -> dict:
    """The audited part of the database: {(table, id): {column: audit-normalised value}}."""
    out = {}
    for table in tables:
        cur = conn.execute(f"SELECT * FROM {table}")
        cols = [c[0] for c in cur.description]
        for row in cur:
            d = dict(zip(cols, row))
            out[(table, d["id"])] = {c: audit_value(v) for c, v in d.items() if c not in QUIET}
    return out


def replay(start: dict, audit_rows, tables: tuple[str, ...] = TABLES) -> dict:
    """Apply audit rows (table, row_id, field, new) to a state; a missing row is an error."""
    st_ = {k: dict(v) for k, v in start.items()}
    for table, row_id, field, new in audit_rows:
        if table not in tables:
            continue
        if field is None:
            if new is None:
                st_.pop((table, row_id), None)
            else:
                st_[(table, row_id)] = {c: audit_value(v) for c, v in json.loads(new).items() if c not in QUIET}
        elif field not in QUIET:
            assert (table, row_id) in st_, f"audit log changes {table} {row_id} {field}, a row it never created"
            st_[(table, row_id)][field] = new
    return st_


class UndoMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.dir = tempfile.TemporaryDirectory(prefix="undo-run-")
        self.path = fresh_copy(Path(self.dir.name) / "review.db")
        self.store = Store(self.path)
        self.svc = ReviewService(self.store, "tester")
        self.start = state(self.store.db.conn)
        self.first_audit = self.store.db.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
        self.done: list = []
        self.undone: list = []
        self.n = 0

    def _ids(self, sql: str) -> list[int]:
        return [r[0] for r in self.store.db.execute(sql)]

    def _push(self, make) -> None:
        self.n += 1
        try:
            edit = make()
        except (ReviewError, MergeError):
            return  # a refused value or decision saves nothing (checked by the invariant)
        if edit.changes:
            self.done.append(edit)
            self.undone.clear()

    # -- edits ---------------------------------------------------------------

    @rule(data=st.data(), field=st.sampled_from(sorted(VALUES)))
    def set_field(self, data, field):
        events = self._ids("SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL")
        if events:
            value = data.draw(st.sampled_from(VALUES[field]))  # what the editor's widget can send
            self._push(lambda: self.svc.set_field(data.draw(st.sampled_from(events)), field, value))

    @rule(data=st.data(), start=st.sampled_from(["2024-12-10", "XXXX-12-20", "2024-02-30", None]),
          end=st.sampled_from(["2024-12-11", "2024-12-09", None]))
    def set_dates(self, data, start, end):
        events = self._ids("SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL")
        if events:
            self._push(lambda: self.svc.set_dates(data.draw(st.sampled_from(events)), start, end))

    @rule(data=st.data(), name=st.sampled_from(["Imangali Tasmagambetov", "S. Ordabayev", "  ", "New Person"]))
    def add_participant(self, data, name):
        events = self._ids("SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL")
        if events:
            self._push(lambda: self.svc.add_participant(data.draw(st.sampled_from(events)), name, "Speaker"))

    @rule(data=st.data(), name=st.sampled_from(["Samat Ordabaev", "T. Masadykov", None]),
          role=st.sampled_from(["Host", None, ...]))
    def edit_participant(self, data, name, role):
        people = self._ids("SELECT id FROM event_participants")
        if people:
            self._push(lambda: self.svc.set_participant(data.draw(st.sampled_from(people)), name=name, role=role))

    @rule(data=st.data())
    def remove_participant(self, data):
        people = self._ids("SELECT id FROM event_participants")
        if people:
            self._push(lambda: self.svc.remove_participant(data.draw(st.sampled_from(people))))

    @rule(data=st.data(), name=st.sampled_from(["CSTO Joint Staff", "UN Security Council"]))
    def add_organization(self, data, name):
        events = self._ids("SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL")
        if events:
            self._push(lambda: self.svc.add_organization(data.draw(st.sampled_from(events)), name))

    @rule(data=st.data())
    def remove_organization(self, data):
        orgs = self._ids("SELECT id FROM event_organizations")
        if orgs:
            self._push(lambda: self.svc.remove_organization(data.draw(st.sampled_from(orgs))))

    @rule(data=st.data(), status=st.sampled_from(["verified", "in_progress", "unreviewed"]))
    def release_status(self, data, status):
        releases = self._ids("SELECT id FROM releases WHERE merged_into IS NULL")
        self._push(lambda: self.svc.set_release_status(data.draw(st.sampled_from(releases)), status))

    @rule(data=st.data())
    def delete_event(self, data):
        events = self._ids("SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL")
        if events:
            self._push(lambda: self.svc.delete_event(data.draw(st.sampled_from(events))))

    @rule(data=st.data(), kind=st.sampled_from(["location", "participant", "organization"]))
    def set_from_page_selection(self, data, kind):
        """The page's Ctrl+2/3/4: a value plus its span, and a mention when the event has none on the page."""
        from reviewer.selection import PageSelection, set_from_selection

        releases = self._ids("SELECT DISTINCT release_id FROM items WHERE release_id IN"
                             " (SELECT id FROM releases WHERE merged_into IS NULL)")
        rid = data.draw(st.sampled_from(releases))
        detail = self.svc.release_detail(rid)
        if detail.events:
            ev = data.draw(st.sampled_from(detail.events))
            start = data.draw(st.integers(detail.item_span[0], max(detail.item_span[0], detail.item_span[1] - 12)))
            self._push(lambda: set_from_selection(self.svc, ev.id, kind, PageSelection(rid, start, start + 12)))

    # -- duplicate decisions: the same Edits, the same undo -------------------

    @rule(data=st.data(), location=st.sampled_from(["left", "right"]), people=st.sampled_from(["left", "right", "both"]))
    def merge_pair(self, data, location, people):
        pairs = self.store.rows("SELECT event_a, event_b FROM dup_candidates WHERE status IN ('open', 'later')")
        if pairs:
            p = data.draw(st.sampled_from(pairs))
            self._push(lambda: merge.merge_edit(self.store, p["event_a"], p["event_b"],
                                                {"location": location, "participants": people}, "tester"))

    @rule(data=st.data())
    def unmerge(self, data):
        merges = self._ids("SELECT id FROM merges WHERE undone = 0")
        if merges:
            self._push(lambda: merge.unmerge(self.store, data.draw(st.sampled_from(merges)), "tester"))

    @rule(data=st.data(), status=st.sampled_from(["not_duplicate", "later", "open"]))
    def answer_pair(self, data, status):
        pairs = self._ids("SELECT id FROM dup_candidates WHERE status != 'merged'")
        if pairs:
            self._push(lambda: merge.answer(self.store, data.draw(st.sampled_from(pairs)), status, "tester"))

    # -- undo and redo -------------------------------------------------------

    @precondition(lambda self: self.done)
    @rule()
    def undo(self):
        edit = self.done.pop()
        self.svc.revert(edit)  # a refusal here would be a bug: nobody else writes
        self.undone.append(edit)

    @precondition(lambda self: self.undone)
    @rule()
    def redo(self):
        edit = self.undone.pop()
        self.svc.reapply(edit)
        self.done.append(edit)

    # -- what must always hold -----------------------------------------------

    @invariant()
    def audit_log_replays_to_the_database(self):
        rows = self.store.db.execute(
            "SELECT table_name, row_id, field, new FROM audit_log WHERE id > ? ORDER BY id", [self.first_audit]).fetchall()
        assert replay(self.start, rows) == state(self.store.db.conn)

    def teardown(self):
        try:
            while self.done:
                edit = self.done.pop()
                self.svc.revert(edit)
            assert state(self.store.db.conn) == self.start, "undoing every edit did not restore the start"
        finally:
            self.store.close()
            self.dir.cleanup()


UndoMachine.TestCase.settings = settings(RELIABILITY, max_examples=max(10, RELIABILITY.max_examples // 2),
                                         stateful_step_count=25)
test_random_edits_undos_and_redos_match_the_audit_log = UndoMachine.TestCase


def test_an_added_event_can_be_replayed_from_the_audit_log(tmp_path):
    path = fresh_copy(tmp_path / "r.db")
    with Store(path) as store:
        start = state(store.db.conn)
        first = store.db.execute("SELECT max(id) FROM audit_log").fetchone()[0]
        svc = ReviewService(store, "tester")
        svc.add_event(svc.release_page()[0].id, date_start="2024-05-03", event_type="meeting")
        rows = store.db.execute("SELECT table_name, row_id, field, new FROM audit_log WHERE id > ? ORDER BY id",
                                [first]).fetchall()
        assert replay(start, rows) == state(store.db.conn)
