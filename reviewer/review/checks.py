"""Triage: "this low value is right", verifying a release, what is left on it, where the next doubt is, and the counts.

Checking a value changes no value: it records that a reviewer looked at it
(``events.checked_fields``, or ``checked`` on a participant or organization
row), through the change engine, so it is audited and undone like any edit.
What counts as left is :mod:`.attention`'s one rule.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

from .attention import (FIELD_LABELS, LIST_FIELDS, LIVE, LOW_VALUES_COUNT, PAIR_FIELD, PAIRS_OF_EVENTS,
                        RELEASE_NEEDS_ATTENTION, SCALAR_FIELDS, is_low, percent)
from .changes import Change, Edit
from .edits import ReviewEdits
from .reads import ReviewReads
from .validation import InvalidValue, NotFound
from .views import EventView

_TABLES = {"participants": "event_participants", "organizations": "event_organizations"}


@dataclass(frozen=True)
class Left:
    """One thing on a release that needs attention."""

    event_id: int
    field: str  # a scalar field, "participants", "organizations" or "duplicates"
    row_id: Optional[int]  # the participant or organization row
    phrase: str  # "start date 30 %", "participant 'X' 45 %", "1 undecided duplicate pair"


@dataclass(frozen=True)
class TriageCounts:
    releases: int
    releases_left: int  # not verified yet
    events: int
    events_verified: int
    low_values: Optional[int]  # values that need attention (None: not counted)
    pairs: int  # undecided duplicate pairs


class ReviewChecks(ReviewEdits, ReviewReads):
    """The triage operations on top of the edits and the reads."""

    # -- marking values checked --------------------------------------------------

    def mark_checked(self, event_id: int, field: str, row_id: Optional[int] = None) -> Edit:
        """Record that a reviewer found a (low) value right without changing it; undoable like any edit.

        Read and written in one transaction, so the mark lands on the row as it is when written.
        """
        with self.store.transaction():
            ev = self._live_event(event_id)
            if field in SCALAR_FIELDS:
                if row_id is not None:
                    raise InvalidValue(f"{field}: a field of the event, it has no rows")
                changes = self._check_scalars(ev, [field])
                what = FIELD_LABELS[field]
            elif field in LIST_FIELDS:
                if row_id is None:
                    raise InvalidValue(f"{field}: say which {FIELD_LABELS[field]} is right")
                table = _TABLES[field]
                row = self.store.db.execute(f"SELECT event_id, checked, name FROM {table} WHERE id = ?", [row_id]).fetchone()
                if row is None or row[0] != event_id:
                    raise NotFound(f"{FIELD_LABELS[field]} {row_id} is not on event {event_id} (any more)")
                changes = [] if row[1] else [Change(table, row_id, "checked", row[1], 1)]
                what = f"{FIELD_LABELS[field]} {row[2]}"
            else:
                raise InvalidValue(f"{field}: not an event field")
            if changes:
                changes += self._in_progress(ev["release_id"])
                self._apply(changes, "edit", check=False)
        return Edit(f"Mark {what} as right", changes, event_id, ev["release_id"])

    def verify_release(self, release_id: int) -> Edit:
        """Set the release verified and mark every value it shows that still needs attention checked: one Edit."""
        with self.store.transaction():
            edit = self.set_release_status(release_id, "verified")
            extra: list[Change] = []
            for ev in self._release_events(release_id):
                extra += self._check_scalars(ev, SCALAR_FIELDS)
                for table in _TABLES.values():
                    extra += [Change(table, rid, "checked", 0, 1) for rid, conf, checked in self.store.db.execute(
                        f"SELECT id, confidence, checked FROM {table} WHERE event_id = ? ORDER BY position, id", [ev["id"]])
                              if is_low(conf, bool(checked))]
            edit = self.extended(edit, extra)
        edit.label = f"Verify release {release_id}"
        return edit

    def _check_scalars(self, ev: dict, fields) -> list[Change]:
        """The change that adds the low ones of ``fields`` to the event's ``checked_fields`` (none if none)."""
        view = self._event_view(ev)
        low = [f for f in fields if view.low(f)]
        if not low:
            return []
        old = ev["checked_fields"]
        return [Change("events", ev["id"], "checked_fields", old, json.dumps(json.loads(old) + low))]

    # -- what is left -------------------------------------------------------------

    def attention_left(self, release_id: int) -> list[str]:
        """One short phrase per thing on the release still needing attention (empty: nothing is left)."""
        return [x.phrase for x in self.left_on(release_id)]

    def left_on(self, release_id: int) -> list[Left]:
        """What needs attention on the events a release shows, in the editor's order, undecided pairs last."""
        views = [self._event_view(ev) for ev in self._release_events(release_id)]
        many = len(views) > 1
        out: list[Left] = []
        for i, ev in enumerate(views, 1):
            where = f"event {i}: " if many else ""
            out += [Left(ev.id, f, None, f"{where}{FIELD_LABELS[f]} {percent(ev.confidence[f])}")
                    for f in SCALAR_FIELDS if ev.low(f)]
            out += [Left(ev.id, "participants", p.id, f"{where}participant '{p.name}' {percent(p.confidence)}")
                    for p in ev.participants if p.low]
            out += [Left(ev.id, "organizations", o.id, f"{where}organization '{o.name}' {percent(o.confidence)}")
                    for o in ev.organizations if o.low]
        out += self._pairs_left(views)
        return out

    def _pairs_left(self, views: list[EventView]) -> list[Left]:
        ids = {v.id for v in views}
        pairs = self.store.db.execute(f"SELECT c.event_a, c.event_b FROM dup_candidates c WHERE {PAIRS_OF_EVENTS}"
                                      " ORDER BY c.id", {"ids": json.dumps(sorted(ids))}).fetchall()
        if not pairs:
            return []
        n = len(pairs)
        first = pairs[0][0] if pairs[0][0] in ids else pairs[0][1]
        return [Left(first, PAIR_FIELD, None, f"{n} undecided duplicate pair{'' if n == 1 else 's'}")]

    def next_attention(self, release_id: int, event_id: Optional[int], field: Optional[str] = None
                       ) -> Optional[tuple[int, int, str]]:
        """The next (release, event, field) needing attention after a position, in list order, wrapping around.

        ``field=None`` stands before the event's first field (its own doubts come first); with a field,
        the search starts after it. Releases are taken in id order (the list's own order); the given
        release is tried again last, from its start, so a doubt left behind is found on the way round.
        """
        ids = [e["id"] for e in self._release_events(release_id)]
        fields = list(SCALAR_FIELDS) + list(LIST_FIELDS) + [PAIR_FIELD]

        def pos(x: Left) -> tuple[int, int]:
            return ids.index(x.event_id), fields.index(x.field)

        here = sorted(self.left_on(release_id), key=pos)
        after = here
        if event_id in ids:
            start = (ids.index(event_id), fields.index(field) if field in fields else -1)
            after = [x for x in here if pos(x) > start]
        if after:
            return release_id, after[0].event_id, after[0].field
        ex = self.store.db.execute
        for cond, arg in (("r.id > ?", release_id), ("r.id < ?", release_id)):
            for (rid,) in ex(f"SELECT r.id FROM releases r WHERE r.merged_into IS NULL AND {cond}"
                             f" AND {RELEASE_NEEDS_ATTENTION} ORDER BY r.id LIMIT 1", [arg]):
                left = self.left_on(rid)
                if left:
                    return rid, left[0].event_id, left[0].field
        if here:
            return release_id, here[0].event_id, here[0].field
        return None

    # -- the status bar -------------------------------------------------------------

    def triage_counts(self, low_values: bool = True) -> TriageCounts:
        """Releases left to verify, events verified, values needing attention and undecided pairs, over everything.

        ``low_values=False`` leaves that count out (None): it reads every event's confidences (about 0.7 s
        at 100,000 events), so the window asks for it off the UI thread (:meth:`low_values_left`).
        """
        ex = self.store.db.execute
        releases, verified = ex("SELECT count(*), coalesce(sum(status = 'verified'), 0) FROM releases"
                                " WHERE merged_into IS NULL").fetchone()
        events, ev_verified = ex("SELECT count(*), coalesce(sum(e.review_status = 'verified'), 0) FROM events e"
                                 f" WHERE {LIVE}").fetchone()
        return TriageCounts(releases, releases - verified, events, ev_verified,
                            self.low_values_left() if low_values else None, self.open_duplicate_pairs())

    def low_values_left(self) -> int:
        """How many values need attention over every live event."""
        return self.store.db.execute(LOW_VALUES_COUNT).fetchone()[0]
