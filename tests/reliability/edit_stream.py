"""Child process of the crash test: a reviewer who never stops editing.

    python edit_stream.py DATABASE FIRST_NUMBER SEED

Applies an endless stream of edits, undos and redos through
:class:`reviewer.review.ReviewService` (the calls the window's undo commands
make) and, after each call has returned, prints one line and flushes it::

    DONE <n> <last audit id> <JSON list of [table, row_id, column, new value]>

The parent SIGKILLs this process at a random moment and then checks that every
change reported DONE is in the database. A refused edit prints ``FAIL <n> <op>
<reason>`` instead.
"""
from __future__ import annotations

import json
import random
import sys

from reviewer.review import Edit, ReviewError, ReviewService
from reviewer.store import Store, audit_value

EVENT_TYPES = ("meeting", "consultations", "training", "visit", "other")


def effects(changes) -> list:
    out = []
    for c in changes:
        new = c.new if c.column is None else audit_value(c.new)
        out.append([c.table, c.row_id, c.column, new])
    return out


class Stream:
    def __init__(self, service: ReviewService, rng: random.Random):
        self.svc = service
        self.rng = rng
        self.done: list[Edit] = []  # the window's undo stack, without Qt
        self.undone: list[Edit] = []

    def _pick(self, sql: str):
        ids = [r[0] for r in self.svc.store.db.execute(sql)]
        return self.rng.choice(ids) if ids else None

    def event(self):
        return self._pick("SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL")

    def step(self, n: int) -> tuple[str, list]:
        """One user action; returns its name and the changes it made."""
        rng, svc = self.rng, self.svc
        op = rng.choices(
            ["location", "type", "online", "dates", "add_person", "rename_person", "remove_person", "add_org",
             "remove_org", "release", "add_event", "delete_event", "undo", "redo"],
            [3, 2, 1, 2, 2, 1, 1, 1, 1, 2, 1, 1, 3, 2])[0]
        if op == "undo":
            if not self.done:
                return op, []
            edit = self.done.pop()
            svc.revert(edit)
            self.undone.append(edit)
            return op, effects(edit.inverted().changes)
        if op == "redo":
            if not self.undone:
                return op, []
            edit = self.undone.pop()
            svc.reapply(edit)
            self.done.append(edit)
            return op, effects(edit.changes)
        event = self.event()
        if event is None:
            return op, []
        if op == "location":
            edit = svc.set_field(event, "location", f"Place {n}")
        elif op == "type":
            edit = svc.set_field(event, "event_type", rng.choice(EVENT_TYPES))
        elif op == "online":
            edit = svc.set_field(event, "online", rng.random() < 0.5)
        elif op == "dates":
            day = rng.randint(1, 28)
            edit = svc.set_dates(event, f"2024-{n % 12 + 1:02d}-{day:02d}", f"2024-{n % 12 + 1:02d}-{min(28, day + 1):02d}")
        elif op == "add_person":
            edit = svc.add_participant(event, f"Person {n}", rng.choice([None, "Speaker", "Host"]))
        elif op == "rename_person":
            pid = self._pick("SELECT id FROM event_participants")
            if pid is None:
                return op, []
            edit = svc.set_participant(pid, name=f"Renamed {n}")
        elif op == "remove_person":
            pid = self._pick("SELECT id FROM event_participants")
            if pid is None:
                return op, []
            edit = svc.remove_participant(pid)
        elif op == "add_org":
            edit = svc.add_organization(event, f"Organization {n}")
        elif op == "remove_org":
            oid = self._pick("SELECT id FROM event_organizations")
            if oid is None:
                return op, []
            edit = svc.remove_organization(oid)
        elif op == "release":
            rid = self._pick("SELECT id FROM releases WHERE merged_into IS NULL")
            edit = svc.set_release_status(rid, rng.choice(["verified", "in_progress", "unreviewed"]))
        elif op == "add_event":
            rid = self._pick("SELECT id FROM releases WHERE merged_into IS NULL")
            edit = svc.add_event(rid, date_start=f"2025-01-{n % 28 + 1:02d}", event_type="meeting")
        else:
            edit = svc.delete_event(event)
        if edit.changes:
            self.done.append(edit)
            self.undone.clear()
        return op, effects(edit.changes)


def main(argv: list[str]) -> int:
    path, first, seed = argv[1], int(argv[2]), int(argv[3])
    store = Store(path)
    stream = Stream(ReviewService(store, reviewer="crash-test"), random.Random(seed))
    print("READY", flush=True)
    n = first
    while True:
        try:
            op, changes = stream.step(n)
        except ReviewError as exc:
            print(f"FAIL {n} {' '.join(str(exc).split())}", flush=True)
        else:
            last = store.db.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
            print(f"DONE {n} {last} {json.dumps(changes)}", flush=True)
        n += 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
