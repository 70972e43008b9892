"""Near-duplicate folds on record: separating two releases folded together by mistake, and folding them again.

:func:`fold_release` runs on its own after every import (:mod:`.near` finds the copies). Its moves
are change records written by :func:`reviewer.operation.apply_changes` like every other action's (one
audit row each, as the system reviewer). Each fold also keeps every value it changed, as ``[table, id, column, old, new]`` in
``release_folds.snapshot``: the absorbed release's ``merged_into`` (and that
of releases it had absorbed), its items' ``release_id``, its events'
``release_id`` and ``position`` (moved over) or ``merged_into`` and
``updated_at`` (merged into a survivor event), and the mentions it moved. A
later import that links new copies to the absorbed release adds to the same
record.

:func:`separate` writes every old value back, ids included, in one
transaction, and remembers the pair in ``release_not_duplicates`` so the next
duplicate pass never folds the two again. It is a reviewer's action like any
edit: its exact changes go through :func:`reviewer.operation.apply_changes`
(audited there) and come back as an ``Edit``, whose undo folds the copy back
exactly. The fold's record is what a separation reads; it is not the undo. It refuses, changing nothing, when
any row it would restore no longer holds what the fold wrote:

- the absorbed release is no longer folded into the survivor, or the survivor
  was itself folded into a third release since (separate that one first);
- a survivor event that absorbed one of the copy's events was since merged
  into another event (its mentions went along): unmerge it first.

Deleting an event after the fold does not stop a separation: a deleted event
goes back to its release still deleted. An event that took part in a
duplicate merge while moved over goes back too, still merged: the merge
moved only its own mentions, which stay where the merge put them.

Folds made before schema 10 have no record and cannot be separated.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from ..operation import Change, Edit, apply_changes, next_id
from ..queries import LIVE
from ..store import SYSTEM, Store, StoreError, now

#: Columns a later edit may have changed without conflict: restored only while they hold the fold's value.
SOFT = {("events", "position"), ("events", "updated_at")}
_TABLES = {"releases", "items", "events", "mentions"}

#: The audit word of a fold (and of folding a separated copy again).
_WORD = "merge_near_duplicate"

#: One value a fold changed, as ``release_folds.snapshot`` records it: table, id, column, old, new.
Moved = tuple[str, int, str, Any, Any]


class FoldError(StoreError):
    """A separation or re-fold that cannot be done; the message is one line for the user."""


@dataclass
class Copy:
    """A release folded into another as a near-duplicate, as the window lists it."""

    fold_id: int
    absorbed: int
    pages: list[str]  # the page names its items came from
    first_words: str
    at: str
    who: str
    events: list[int] = field(default_factory=list)  # the events it moved over or merged


# --------------------------------------------------------------------------
# Recording (called by fold_release, inside its transaction)


def record(store: Store, absorbed: int, survivor: int, changes: list[Moved], who: str, fresh: bool
           ) -> tuple[Optional[int], list[Change]]:
    """The fold's id and the :class:`Change` that records its changes in ``release_folds``.

    ``fresh``: a new fold (its row appears). Otherwise the changes tidy up after an import that
    linked new copies to an already absorbed release, and join that release's fold in effect
    (its snapshot grows; none when it was folded before schema 10).
    """
    if fresh:
        fold_id = next_id(store, "release_folds")
        row = {"id": fold_id, "survivor": survivor, "absorbed": absorbed,
               "snapshot": json.dumps({"changes": _coalesce(changes)}), "at": now(), "who": who, "undone": 0}
        return fold_id, [Change("release_folds", fold_id, None, None, row, _WORD)]
    row = store.db.execute("SELECT id, snapshot FROM release_folds WHERE absorbed = ? AND undone = 0"
                           " ORDER BY id DESC LIMIT 1", [absorbed]).fetchone()
    if row is None or not changes:
        return (row[0] if row else None), []
    snap = json.loads(row[1])
    snap["changes"] = _coalesce([tuple(c) for c in snap["changes"]] + changes)
    return row[0], [Change("release_folds", row[0], "snapshot", row[1], json.dumps(snap), f"{_WORD}:moved")]


def _coalesce(changes: Iterable[Moved]) -> list[list]:
    """One change per (table, id, column): the first old value and the last new one."""
    out: dict[tuple, list] = {}
    for table, row_id, column, old, new in changes:
        key = (table, row_id, column)
        if key in out:
            out[key][4] = new
        else:
            out[key] = [table, row_id, column, old, new]
    return list(out.values())


# --------------------------------------------------------------------------
# Folding (near.merge_near_duplicate_items finds the copies; this folds one into another)


def _events(store: Store, release_id: int) -> list[dict]:
    return store.rows(
        "SELECT id, position, date_start, event_type, updated_at FROM events"
        f" WHERE release_id = ? AND {LIVE} ORDER BY position, id", [release_id])


def _match(a: dict, candidates: list[dict]) -> Optional[dict]:
    """The survivor event that reports the same as ``a``: same date and type, then month-day and type."""
    tests = (
        lambda s: s["date_start"] == a["date_start"] and s["event_type"] == a["event_type"],
        lambda s: (s["date_start"] or "")[5:] == (a["date_start"] or "")[5:] and s["event_type"] == a["event_type"],
        lambda s: (s["date_start"] or "")[5:] == (a["date_start"] or "")[5:] and s["position"] == a["position"],
    )
    for test in tests:
        for s in candidates:
            if test(s):
                return s
    return None


def fold_release(store: Store, absorbed: int, survivor: int, who: str = SYSTEM) -> Optional[int]:
    """Make ``absorbed`` part of ``survivor``: its items, and its events merged into the matching ones.

    Idempotent, so it also tidies up after an import that linked a new copy to
    an already-absorbed release. Its moves are :class:`Change` records written by
    :func:`reviewer.operation.apply_changes` (one audit row each: the absorbed
    release's link as ``merge_near_duplicate``, the rest as ``merge_near_duplicate:moved``)
    and kept in ``release_folds`` (:func:`record`), so a reviewer can separate the two
    again; returns the fold's id. Call inside a transaction.
    """
    ex = store.db.execute
    moved: list[Change] = []
    kept: list[Moved] = []  # the same values, as the fold's record keeps them

    def move(table: str, column: str, rows: list[tuple], new: Any, main: bool = False) -> None:
        """Set ``column`` to ``new`` on ``rows`` ((id, old value) pairs)."""
        moved.extend(Change(table, rid, column, old, new, _WORD if main else f"{_WORD}:moved") for rid, old in rows)
        kept.extend((table, rid, column, old, new) for rid, old in rows)

    row = ex("SELECT merged_into FROM releases WHERE id = ?", [absorbed]).fetchone()
    if row[0] != survivor:
        move("releases", "merged_into", [(absorbed, row[0])], survivor, main=True)
        move("releases", "merged_into", ex("SELECT id, merged_into FROM releases WHERE merged_into = ?",
                                           [absorbed]).fetchall(), survivor)
    move("items", "release_id", ex("SELECT id, release_id FROM items WHERE release_id = ?", [absorbed]).fetchall(),
         survivor)
    # mentions a re-import attached to events merged earlier go to where those events went
    for event_id, target in ex(
            "SELECT id, merged_into FROM events WHERE release_id = ? AND merged_into IS NOT NULL", [absorbed]).fetchall():
        move("mentions", "event_id", ex("SELECT id, event_id FROM mentions WHERE event_id = ?", [event_id]).fetchall(),
             store.live_root("events", target))
    free = _events(store, survivor)
    next_pos = max((s["position"] for s in free), default=-1) + 1
    for a in _events(store, absorbed):
        s = _match(a, free)
        if s is None:  # an event only this copy reports: it moves over whole
            move("events", "release_id", [(a["id"], absorbed)], survivor)
            move("events", "position", [(a["id"], a["position"])], next_pos)
            next_pos += 1
            continue
        free.remove(s)
        move("mentions", "event_id", ex("SELECT id, event_id FROM mentions WHERE event_id = ?", [a["id"]]).fetchall(),
             s["id"])
        move("events", "merged_into", [(a["id"], None)], s["id"], main=True)
        move("events", "updated_at", [(a["id"], a["updated_at"])], now())
    fold_id, recorded = record(store, absorbed, survivor, kept, who, fresh=row[0] is None)
    apply_changes(store, who, moved + recorded, f"{_WORD}:moved")
    return fold_id


# --------------------------------------------------------------------------
# Kept apart


def separated_pairs(store: Store) -> list[tuple[int, int]]:
    """Every pair of releases a reviewer said are not one release."""
    return [(a, b) for a, b in store.db.execute("SELECT release_a, release_b FROM release_not_duplicates")]


def kept_apart(store: Store, a: int, b: int, pairs: list[tuple[int, int]]) -> bool:
    """True when live releases ``a`` and ``b`` hold two releases a reviewer separated (``pairs``:
    :func:`separated_pairs`), so folding them would undo the reviewer's answer."""
    if not pairs:
        return False
    roots = {a, b}
    return any({store.live_root("releases", x), store.live_root("releases", y)} == roots for x, y in pairs)


# --------------------------------------------------------------------------
# Reading


def _fold(store: Store, fold_id: int) -> dict:
    rows = store.rows("SELECT * FROM release_folds WHERE id = ?", [fold_id])
    if not rows:
        raise FoldError(f"no near-duplicate fold {fold_id}")
    return rows[0]


def _changes(fold: dict) -> list[Moved]:
    return [tuple(c) for c in json.loads(fold["snapshot"])["changes"]]


def held_copies(store: Store, release_id: int) -> list[Copy]:
    """The copies folded into ``release_id`` that can be separated (recorded, in effect), oldest first."""
    out = []
    for fold in store.rows("SELECT * FROM release_folds WHERE survivor = ? AND undone = 0 ORDER BY id", [release_id]):
        changes = _changes(fold)
        items = [c[1] for c in changes if c[0] == "items"]
        pages = [r[0] for r in store.db.execute(
            f"SELECT DISTINCT d.name FROM items i JOIN documents d ON d.id = i.document_id"
            f" WHERE i.id IN ({','.join('?' * len(items))}) ORDER BY d.name", items)] if items else []
        title = store.db.execute("SELECT title FROM releases WHERE id = ?", [fold["absorbed"]]).fetchone()
        events = sorted({c[1] for c in changes if c[0] == "events"})
        out.append(Copy(fold["id"], fold["absorbed"], pages, _first_words(title[0] if title else ""),
                        fold["at"], fold["who"], events))
    return out


def has_copies(store: Store, release_id: int) -> bool:
    """True when a copy folded into ``release_id`` can be separated (cheap: asked on every release shown)."""
    return store.db.execute("SELECT 1 FROM release_folds WHERE survivor = ? AND undone = 0 LIMIT 1",
                            [release_id]).fetchone() is not None


def unrecorded_copies(store: Store, release_id: int) -> int:
    """How many releases were folded into ``release_id`` before folds were recorded (schema 10): never separable."""
    return store.db.execute(
        "SELECT count(*) FROM releases r WHERE r.merged_into = ? AND NOT EXISTS"
        " (SELECT 1 FROM release_folds f WHERE f.absorbed = r.id AND f.undone = 0)", [release_id]).fetchone()[0]


def _first_words(text: str, n: int = 14) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


# --------------------------------------------------------------------------
# Separating and folding again


def _value(store: Store, table: str, row_id: int, column: str) -> tuple[bool, Any]:
    assert table in _TABLES  # names come from the snapshot the fold wrote, never from a user
    row = store.db.execute(f"SELECT {column} FROM {table} WHERE id = ?", [row_id]).fetchone()
    return (row is not None, row[0] if row else None)


def _check(store: Store, changes: list[Moved], expect_new: bool, what: str) -> None:
    """Refuse (nothing changed) unless every restored value still holds what the last step wrote."""
    for table, row_id, column, old, new in changes:
        if (table, column) in SOFT:
            continue
        exists, current = _value(store, table, row_id, column)
        want = new if expect_new else old
        if exists and current == want:
            continue
        raise FoldError(f"{what}: {_why(store, table, row_id, column, want, exists)}; nothing was changed")


def _why(store: Store, table: str, row_id: int, column: str, want: Any, exists: bool) -> str:
    if not exists:
        return f"{table[:-1]} {row_id} no longer exists"
    if table == "mentions":
        merged = store.db.execute("SELECT merged_into FROM events WHERE id = ?", [want]).fetchone()
        if merged and merged[0] is not None:
            return (f"event {want} was since merged into event {store.live_root('events', want)}:"
                    f" unmerge it first (Review ▸ Duplicates)")
        return f"a source sentence of event {want} was moved since"
    if table == "releases":
        return f"release {row_id} was folded elsewhere since"
    return f"{table[:-1]} {row_id} was moved since"


def _restoring(store: Store, changes: Iterable[Moved], to_new: bool, absorbed: int, word: str) -> list[Change]:
    """The exact changes that put the fold's values back (``to_new``: the fold's own), as records of the
    change engine; the absorbed release's link is audited as ``word``, the rest as ``word:moved``."""
    out = []
    for table, row_id, column, old, new in changes:
        src, dst = (old, new) if to_new else (new, old)
        current = _value(store, table, row_id, column)[1]
        if (table, column) in SOFT and current != src:
            continue  # edited since (an event's position, its last change): the later edit stays
        if current == dst:
            continue
        main = (table, row_id, column) == ("releases", absorbed, "merged_into")
        out.append(Change(table, row_id, column, src, dst, word if main else f"{word}:moved"))
    return out


def separate(store: Store, fold_id: int, who: str = SYSTEM) -> Edit:
    """Undo a near-duplicate fold exactly, and keep the two releases apart from now on; returns the
    :class:`~reviewer.operation.Edit` of its exact changes (its undo folds the copy back)."""
    word = "separate_near_duplicate"
    with store.transaction():
        fold = _fold(store, fold_id)
        survivor, absorbed = fold["survivor"], fold["absorbed"]
        what = f"release {absorbed} cannot be separated from release {survivor}"
        if fold["undone"]:
            raise FoldError(f"release {absorbed} is already separated from release {survivor}; nothing was changed")
        root = store.live_root("releases", survivor)
        if root != survivor:
            raise FoldError(f"{what}: release {survivor} was since folded into release {root}"
                            f" (separate it from that one first); nothing was changed")
        changes = _changes(fold)
        _check(store, changes, True, what)
        edit = _restoring(store, list(reversed(changes)), False, absorbed, word)
        edit.append(Change("release_folds", fold_id, "undone", 0, 1, f"{word}:moved"))
        pair = [min(survivor, absorbed), max(survivor, absorbed)]
        if not store.db.execute("SELECT 1 FROM release_not_duplicates WHERE release_a = ? AND release_b = ?",
                                pair).fetchone():
            row = {"id": next_id(store, "release_not_duplicates"), "release_a": pair[0], "release_b": pair[1],
                   "fold_id": fold_id, "at": now(), "who": who}
            edit.append(Change("release_not_duplicates", row["id"], None, None, row, f"{word}:kept_apart"))
        apply_changes(store, who, edit, f"{word}:moved")
    return Edit(f"Separate release {absorbed} from release {survivor}", edit, None, survivor)


def refold(store: Store, fold_id: int, who: str = SYSTEM) -> Edit:
    """Fold a separated release again exactly as the fold did; returns the :class:`Edit` of that part.

    What reached the copy while it was apart (a re-imported page, a new event) then folds as any fold
    would, by the import's rule (not part of the returned record).
    """
    word = _WORD
    with store.transaction():
        fold = _fold(store, fold_id)
        survivor, absorbed = fold["survivor"], fold["absorbed"]
        if not fold["undone"]:
            raise FoldError(f"release {absorbed} is already folded into release {survivor}; nothing was changed")
        what = f"release {absorbed} cannot be folded into release {survivor} again"
        for rid in (survivor, absorbed):
            root = store.live_root("releases", rid)
            if root != rid:
                raise FoldError(f"{what}: release {rid} was since folded into release {root}; nothing was changed")
        changes = _changes(fold)
        _check(store, changes, False, what)
        edit = _restoring(store, changes, True, absorbed, word)
        edit.append(Change("release_folds", fold_id, "undone", 1, 0, f"{word}:moved"))
        edit += [Change("release_not_duplicates", r["id"], None, r, None, f"{word}:kept_apart")
                 for r in store.rows("SELECT * FROM release_not_duplicates WHERE fold_id = ?", [fold_id])]
        apply_changes(store, who, edit, f"{word}:moved")
        fold_release(store, absorbed, survivor, who)
    return Edit(f"Fold release {absorbed} into release {survivor}", edit, None, survivor)


def fold_in_effect(store: Store, survivor: int, absorbed: int) -> Optional[int]:
    """The recorded fold of ``absorbed`` into ``survivor`` still in effect, if any."""
    row = store.db.execute("SELECT id FROM release_folds WHERE survivor = ? AND absorbed = ? AND undone = 0"
                           " ORDER BY id DESC LIMIT 1", [survivor, absorbed]).fetchone()
    return row[0] if row else None
