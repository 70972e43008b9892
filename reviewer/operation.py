"""One record of a reviewer's action and the one writer that applies it, undoes it and redoes it.

Every reviewer action — a field edit, a participant row, verify, a duplicate
merge or unmerge, a pair's answer, separating a near-duplicate copy — is a
list of exact :class:`Change` records (one value, or one whole row appearing
or going) kept in an :class:`Edit`. :func:`apply_changes` writes them inside
the caller's transaction with one audit row each and one ``updated_at`` rule;
undo and redo apply the inverted or the same list with ``check=True``, which
refuses (:class:`Conflict`, nothing changed) a row that no longer holds the
value the record expects.

It sits below both the review service and the duplicate decisions, which
build their records here and may not import each other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from .store import LINK_COLUMNS, Store, StoreError, stamp_events

# Which columns an Edit may touch (table and column names are never taken from input). Whole rows
# (column None) may appear or go in every table listed.
COLUMNS: dict[str, set[str]] = {
    "events": {"date_start", "date_end", "event_type", "status", "location", "online", "edited_fields",
               "review_status", "reviewer", "deleted", "checked_fields", "place_id",
               # duplicate merges and near-duplicate folds
               "merged_into", "updated_at", "release_id", "position", "confidence"},
    "releases": {"status", "reviewer", "merged_into"},
    "event_participants": {"name", "role", "person_id", "confidence", "position", "checked", "event_id"},
    "event_organizations": {"name", "confidence", "position", "checked", "entity_id", "event_id"},
    "mentions": {"event_id"},
    "field_spans": set(),
    "items": {"release_id"},
    "notes": {"text", "flag", "reason", "who", "at"},  # reviewer.review.notes
    # reviewer.entities: people, organizations and places, their spellings, groups rejected, names taught
    "entities": {"name", "authority_id", "country", "confirmed_by", "confirmed_at"},
    "entity_variants": {"entity_id", "name", "key", "origin", "reason"},
    "entity_rejections": set(),
    "known_entities": {"name", "canonical"},
    "dup_candidates": {"status", "decided_by", "decided_at"},
    "merges": {"undone"},  # the record of a merge, read by an unmerge made later (dedupe.merge)
    "release_folds": {"undone", "snapshot"},  # snapshot: a later import's copy joins the fold (dedupe.folds)
    "release_not_duplicates": set(),
}

#: Rows that belong to one event: changing them changes when the event was last changed.
EVENT_LISTS = ("event_participants", "event_organizations")

#: Where an event sits (its release, its place there, the event it was merged into), not what it
#: records: changing only these leaves its ``updated_at`` alone (a near-duplicate fold moves events).
PLACEMENT = frozenset({"release_id", "position", "merged_into", "updated_at"})

#: Columns an undo or redo writes without comparing: a clock reading, and the bookkeeping of
#: the action itself (the audit log has them; a later edit moving the clock is no conflict).
UNCHECKED = frozenset({("events", "updated_at")})


class ReviewError(StoreError):
    """A refused edit; the message is one line for the user and nothing was saved."""


class Conflict(ReviewError):
    """The row changed elsewhere since the window showed it (or undo/redo's record); nothing was changed.

    ``event_id`` / ``release_id``: what the window should reload and show (a
    merged-away event's live event), when known.
    """

    def __init__(self, message: str, *, event_id: Optional[int] = None, release_id: Optional[int] = None):
        super().__init__(message)
        self.event_id = event_id
        self.release_id = release_id


@dataclass(frozen=True)
class Change:
    """One value change; ``column=None`` means the whole row appears (old None) or goes (new None).

    ``action``: the audit word of this change when first made, where an operation
    records its parts under several (a merge: ``merge``, ``merge_field``,
    ``candidate_status``); undo and redo are audited as ``undo`` / ``redo``.
    """

    table: str
    row_id: int
    column: Optional[str]
    old: Any
    new: Any
    action: Optional[str] = field(default=None, compare=False)

    def inverted(self) -> "Change":
        return Change(self.table, self.row_id, self.column, self.new, self.old, self.action)


@dataclass
class Edit:
    label: str  # for the Undo menu: "Set date of event 12"
    changes: list[Change]
    event_id: Optional[int] = None  # the event the window should show afterwards
    release_id: Optional[int] = None

    def inverted(self) -> "Edit":
        return Edit(self.label, [c.inverted() for c in reversed(self.changes)], self.event_id, self.release_id)

    def regroups(self) -> bool:
        """Whether events or releases moved (merged, folded, back apart) or a duplicate pair changed:
        then any release's row, count and flags may differ, not only those of the edit's release."""
        return any(c.table in _REGROUPING or c.column in ("merged_into", "release_id")
                   or (c.table == "mentions" and c.column == "event_id") for c in self.changes)


#: Tables whose rows say which events and releases are one (see :meth:`Edit.regroups`).
_REGROUPING = frozenset({"dup_candidates", "merges", "release_folds", "release_not_duplicates"})


def next_id(store: Store, table: str) -> int:
    # Explicit ids let undo bring a removed row back as it was.
    assert table in COLUMNS
    return store.db.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]


def row_changes(table: str, row_id: int, current: dict, target: dict, action: Optional[str] = None,
                skip: Iterable[str] = ("id",)) -> list[Change]:
    """The column changes that turn row ``current`` into ``target`` (columns of ``target`` only)."""
    return [Change(table, row_id, c, current[c], v, action) for c, v in target.items()
            if c not in skip and current.get(c) != v]


def rows_changes(table: str, current: list[dict], target: list[dict], action: Optional[str] = None) -> list[Change]:
    """The changes that turn the rows ``current`` into ``target`` (matched by id): rows go, appear, change."""
    now_by_id = {r["id"]: r for r in current}
    want_ids = {r["id"] for r in target}
    out = [Change(table, r["id"], None, r, None, action) for r in current if r["id"] not in want_ids]
    for r in target:
        if r["id"] in now_by_id:
            out += row_changes(table, r["id"], now_by_id[r["id"]], r, action)
        else:
            out.append(Change(table, r["id"], None, None, dict(r), action))
    return out


OwnerCheck = Callable[[Change], None]


def apply_changes(store: Store, who: str, changes: list[Change], action: str, check: bool = False,
                  owner_check: Optional[OwnerCheck] = None) -> None:
    """Write ``changes`` in order inside the caller's transaction, one audit row each.

    ``check`` (undo, redo): each old value must still be there, else :class:`Conflict` and the
    caller's transaction rolls back; ``owner_check`` may refuse a change to a row whose event
    went away since. Every event touched gets a new ``updated_at`` (the store's ``stamp_events``) unless
    the changes set it themselves (an unmerge or an undo puts the old one back).

    Without ``check`` (an action first made: a merge, a fold), consecutive changes of one shape —
    one column of one table, rows of one table appearing or going — are written by one statement
    (:func:`_runs`); the order of the writes, the audit rows and the record are the same.
    """
    for ch in changes:
        if ch.table not in COLUMNS or (ch.column is not None and ch.column not in COLUMNS[ch.table]):
            raise ReviewError(f"cannot edit {ch.table}.{ch.column}")
    touched_events: set[int] = set()
    for run in ([[ch] for ch in changes] if check else _runs(changes)):
        if check and owner_check is not None:
            owner_check(run[0])
        _write(store, run, check)
        for ch in run:  # after the write: a participant row's event is read as the change left it
            event_id = _event_of(store, ch)
            if event_id is not None:
                touched_events.add(event_id)
    audit: list[tuple[str, str, Optional[int], Optional[str], Any, Any]] = []
    for ch in changes:
        word = ch.action if ch.action and not check else action
        if ch.column is None:
            audit.append((f"{word}:{'delete' if ch.new is None else 'insert'}", ch.table, ch.row_id, None, ch.old, ch.new))
        else:
            # every column, bookkeeping too: edited_fields is what shields a
            # reviewer's value from re-extraction, so the log must replay it
            audit.append((word, ch.table, ch.row_id, ch.column, ch.old, ch.new))
    store.log_many(who, audit)  # in the order made, one statement
    stamped = {ch.row_id for ch in changes if ch.table == "events" and ch.column == "updated_at"}
    stamp_events(store.db, touched_events - stamped)


def _runs(changes: list[Change]) -> list[list[Change]]:
    """``changes`` cut into runs of one statement's shape, in order: values of one column of one table, or
    rows of one table going or appearing (with the same columns). A participant's or organization's value
    stays a run of its own: which event it belongs to is read right after its write."""
    runs: list[list[Change]] = []
    last: Optional[tuple] = None
    for ch in changes:
        shape: Optional[tuple]
        if ch.column is not None:
            shape = None if ch.table in EVENT_LISTS else (ch.table, ch.column)
        else:
            shape = (ch.table, None, tuple(ch.new) if ch.new is not None else None)
        if shape is not None and shape == last:
            runs[-1].append(ch)
        else:
            runs.append([ch])
        last = shape
    return runs


def _write(store: Store, run: list[Change], check: bool) -> None:
    """One run of :func:`_runs` (with ``check``, one change), in one statement."""
    first = run[0]
    if first.column is not None:
        _write_values(store, run, check)
    elif first.new is None:
        _delete_rows(store, run, check)
    else:
        _insert_rows(store, run)


def _delete_rows(store: Store, run: list[Change], check: bool) -> None:
    table, ids = run[0].table, [(ch.row_id,) for ch in run]
    if check:
        for (row_id,) in ids:
            if store.db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]).fetchone() is None:
                raise Conflict(f"{table} row {row_id} is already gone; nothing was changed")
    if table == "mentions":
        store.db.conn.executemany("DELETE FROM field_spans WHERE mention_id = ?", ids)
    store.db.conn.executemany(f"DELETE FROM {table} WHERE id = ?", ids)


def _insert_rows(store: Store, run: list[Change]) -> None:
    table = run[0].table
    # each row (re)appears with its id, linked anew to an entity gone since
    rows = [store.live_links(table, ch.new) for ch in run]
    cols = list(rows[0])
    try:
        store.db.conn.executemany(
            f"INSERT INTO {table} ({', '.join(_q(c) for c in cols)}) VALUES ({', '.join('?' * len(cols))})",
            [[row[c] for c in cols] for row in rows])
    except Exception as exc:  # an id was taken meanwhile
        which = f"row {run[0].row_id}" if len(run) == 1 else f"rows {run[0].row_id}-{run[-1].row_id}"
        raise Conflict(f"cannot restore {table} {which}: {exc}") from None


def _write_values(store: Store, run: list[Change], check: bool) -> None:
    table, column = run[0].table, run[0].column
    assert column is not None
    if check and (table, column) not in UNCHECKED:
        for ch in run:
            row = store.db.execute(f"SELECT {_q(column)} FROM {table} WHERE id = ?", [ch.row_id]).fetchone()
            if row is None or row[0] != ch.old:
                raise Conflict(f"{table} {ch.row_id} {column} was changed elsewhere; nothing was changed")
    store.db.conn.executemany(f"UPDATE {table} SET {_q(column)} = ? WHERE id = ?", [(ch.new, ch.row_id) for ch in run])


def _event_of(store: Store, ch: Change) -> Optional[int]:
    """The event whose record ``ch`` changed (for its ``updated_at``), if any."""
    if ch.column is not None and LINK_COLUMNS.get(ch.table) == ch.column:
        return None  # moving a row to another entity changes no value of its event
    if ch.table == "events":
        return ch.row_id if ch.column not in PLACEMENT else None
    if ch.table not in EVENT_LISTS:
        return None
    row = ch.new or ch.old  # a participant or organization is part of its event's record
    if ch.column is None and row:
        return row["event_id"]
    owner = store.db.execute(f"SELECT event_id FROM {ch.table} WHERE id = ?", [ch.row_id]).fetchone()
    return owner[0] if owner else None


def _q(column: str) -> str:
    return f'"{column}"'

