"""Merging two events field by field, and unmerging them exactly.

A merge keeps every source of both: the absorbed event's mentions move to
the survivor, the absorbed event is marked ``merged_into`` (never deleted).
A merge, an unmerge and a pair's answer are reviewer actions like any edit:
each builds the exact :class:`~reviewer.operation.Change` records it makes,
writes them through :func:`~reviewer.operation.apply_changes` (one audit and
``updated_at`` rule) and returns them as an ``Edit``, which undo and redo
replay with the change engine's conflict check. ``merges.snapshot`` records
both events, their participants, organizations, mentions and the candidate's
status as they were, so an :func:`unmerge` made later (not an undo: other
edits may have come between) puts them back, keeping what reviewers did to
the merged event since.

Choices say where each field comes from: ``left`` (the survivor), ``right``
(the absorbed event), or for ``participants`` / ``organizations`` also
``both`` (the union, one entry per person or name).
"""
from __future__ import annotations

import json
from typing import Any, Optional

from ..model import SCALAR_FIELDS
from ..names import name_key
from ..operation import Change, Edit, apply_changes, next_id, row_changes, rows_changes
from ..store import SYSTEM, Store, StoreError, now, with_marks

LIST_FIELDS = ("participants", "organizations")
FIELDS = SCALAR_FIELDS + LIST_FIELDS
_TABLES = {"participants": "event_participants", "organizations": "event_organizations"}


class MergeError(StoreError):
    """A merge or unmerge that cannot be done; the message is one line for the user."""


def _event(store: Store, event_id: int) -> dict:
    rows = store.rows("SELECT * FROM events WHERE id = ?", [event_id])
    if not rows:
        raise MergeError(f"no event {event_id}")
    return rows[0]


def _list_rows(store: Store, field: str, event_id: int) -> list[dict]:
    return store.rows(f"SELECT * FROM {_TABLES[field]} WHERE event_id = ? ORDER BY position, id", [event_id])


def _candidate(store: Store, a: int, b: int) -> Optional[dict]:
    rows = store.rows("SELECT * FROM dup_candidates WHERE event_a = ? AND event_b = ?", [min(a, b), max(a, b)])
    return rows[0] if rows else None


def _year_known(date: Optional[str]) -> bool:
    return bool(date and not date.startswith("XXXX"))


def default_choices(store: Store, survivor: int, absorbed: int) -> dict[str, str]:
    """Left for every field, unless only the right one knows it (a value, a year) or reports
    the event held where the left one announced it; both for lists."""
    return _default_choices(_event(store, survivor), _event(store, absorbed))


def _default_choices(left: dict, right: dict) -> dict[str, str]:
    out = {}
    for f in SCALAR_FIELDS:
        lv, rv = left[f], right[f]
        if f in ("date_start", "date_end") and not _year_known(lv) and _year_known(rv):
            out[f] = "right"
        elif f == "status" and lv == "planned" and rv == "held":
            out[f] = "right"
        elif lv in (None, "") and rv not in (None, ""):
            out[f] = "right"
        else:
            out[f] = "left"
    out.update({f: "both" for f in LIST_FIELDS})
    return out


def _key(field: str, row: dict) -> str:
    if field == "participants" and row.get("person_id") is not None:
        return f"person:{row['person_id']}"
    return name_key(row["name"])


def merge_edit(store: Store, survivor: int, absorbed: int, choices: Optional[dict[str, str]] = None,
               who: str = SYSTEM) -> Edit:
    """Merge ``absorbed`` into ``survivor`` with per-field ``choices``: one transaction, returned as the
    :class:`~reviewer.operation.Edit` of its exact changes (undone and redone like any edit)."""
    if survivor == absorbed:
        raise MergeError(f"event {survivor} cannot be merged with itself")
    with store.transaction():
        # the default choices read the rows inside the transaction: decided from an older read, a
        # "right" could overwrite a value a reviewer saved meanwhile
        left, right = _event(store, survivor), _event(store, absorbed)
        choices = {**_default_choices(left, right), **(choices or {})}
        for f, c in choices.items():
            allowed = ("left", "right", "both") if f in LIST_FIELDS else ("left", "right")
            if f not in FIELDS or c not in allowed:
                raise MergeError(f"bad choice {c!r} for field {f!r}")
        for e in (left, right):
            if e["deleted"] or e["merged_into"] is not None:
                raise MergeError(f"event {e['id']} is deleted or already merged; nothing was changed")
        cand = _candidate(store, survivor, absorbed)
        mentions = [r[0] for r in store.db.execute("SELECT id FROM mentions WHERE event_id = ?", [absorbed])]
        # the record an unmerge made later reads (and the Duplicates view shows a merged pair from)
        snapshot: dict[str, Any] = {
            "events": [left, right],
            "participants": {str(e): _list_rows(store, "participants", e) for e in (survivor, absorbed)},
            "organizations": {str(e): _list_rows(store, "organizations", e) for e in (survivor, absorbed)},
            "mentions": mentions,
            "candidate": cand and {"id": cand["id"], "status": cand["status"], "decided_by": cand["decided_by"],
                                   "decided_at": cand["decided_at"]},
            "choices": choices,
        }
        stamp = now()
        changes: list[Change] = []
        marks = []
        for f in SCALAR_FIELDS:
            if choices[f] == "right" and left[f] != right[f]:
                changes.append(Change("events", survivor, f, left[f], right[f], "merge_field"))
                marks.append(f)
        for f in LIST_FIELDS:
            if choices[f] != "left" and _merged_rows(store, f, choices[f], snapshot, survivor, absorbed, changes):
                marks.append(f)
        if marks and who != SYSTEM:  # a merge nobody chose sets no field a reviewer must keep
            changes.append(Change("events", survivor, "edited_fields", left["edited_fields"],
                                  with_marks(left["edited_fields"], marks), "merge_field"))
        changes.append(Change("events", survivor, "updated_at", left["updated_at"], stamp, "merge_field"))
        changes += [Change("mentions", m, "event_id", absorbed, survivor, "merge_field") for m in mentions]
        changes += [Change("events", absorbed, "merged_into", None, survivor, "merge"),
                    Change("events", absorbed, "updated_at", right["updated_at"], stamp, "merge_field")]
        if cand:
            changes += _decided(cand, "merged", who, stamp)
        apply_changes(store, who, changes, "merge_field")
        # the survivor as the merge left it: what unmerge compares with, to keep later edits
        snapshot["after"] = {"event": _event(store, survivor),
                             **{f: _list_rows(store, f, survivor) for f in LIST_FIELDS}}
        merge_id = next_id(store, "merges")
        record = {"id": merge_id, "survivor": survivor, "absorbed": absorbed,
                  "snapshot": json.dumps(snapshot, ensure_ascii=False), "at": stamp, "who": who, "undone": 0}
        last = [Change("merges", merge_id, None, None, record, "merge_field")]
        apply_changes(store, who, last, "merge_field")
    return Edit(f"Merge event {absorbed} into event {survivor}", changes + last, survivor, left["release_id"])


def _merged_rows(store: Store, field: str, choice: str, snapshot: dict, survivor: int, absorbed: int,
                 changes: list[Change]) -> bool:
    """Add to ``changes`` the participant or organization rows the survivor takes (``right``: only the
    absorbed event's; ``both``: its own, then the absorbed event's it lacks); True when its list changed."""
    table = _TABLES[field]
    own = snapshot[field][str(survivor)]
    keep = own if choice == "both" else []
    seen = {_key(field, r) for r in keep}
    extra = []
    for r in snapshot[field][str(absorbed)]:
        if _key(field, r) not in seen:
            seen.add(_key(field, r))
            extra.append(r)
    if choice == "right":
        changes += [Change(table, r["id"], None, r, None, "merge_field") for r in own]
    base = max((r["position"] for r in keep), default=-1) + 1
    first = next_id(store, table)
    changes += [Change(table, first + i, None, None, {**r, "id": first + i, "event_id": survivor, "position": base + i},
                       "merge_field") for i, r in enumerate(extra)]
    return [r["name"] for r in own] != [r["name"] for r in keep + extra]


def merge(store: Store, survivor: int, absorbed: int, choices: Optional[dict[str, str]] = None,
          who: str = SYSTEM) -> int:
    """:func:`merge_edit`, returning the id of the merge's record (for :func:`unmerge`)."""
    return merge_id_of(merge_edit(store, survivor, absorbed, choices, who))


def merge_id_of(edit: Edit) -> int:
    """The merge record a :func:`merge_edit` made."""
    return next(c.row_id for c in edit.changes if c.table == "merges" and c.column is None and c.old is None)


def unmerge(store: Store, merge_id: int, who: str = SYSTEM) -> Edit:
    """Restore both events of a merge as they were before it, keeping what reviewers did to the merged
    event since (from the merge's record); returns the :class:`Edit` of its exact changes."""
    with store.transaction():
        rows = store.rows("SELECT * FROM merges WHERE id = ?", [merge_id])
        if not rows:
            raise MergeError(f"no merge {merge_id}")
        m = rows[0]
        if m["undone"]:
            raise MergeError(f"merge {merge_id} is already undone; nothing was changed")
        snap = json.loads(m["snapshot"])
        ex = store.db.execute
        live = ex("SELECT merged_into FROM events WHERE id = ?", [m["absorbed"]]).fetchone()
        if live is None or live[0] != m["survivor"]:
            raise MergeError(f"event {m['absorbed']} is no longer merged into {m['survivor']}; nothing was changed")
        survivor = _event(store, m["survivor"])
        if survivor["deleted"] or survivor["merged_into"] is not None:
            # its rows would be written while nobody can see them, and no undo could write them back
            raise MergeError(f"event {m['survivor']} was deleted or merged into another since this merge: restore"
                             f" or unmerge it first; nothing was changed")
        after = snap.get("after")  # absent in merges made before it was recorded: restored as they were
        survivor_row = snap["events"][0]
        if after is not None:
            survivor_row = _keep_later_edits(survivor_row, after["event"], survivor)
        changes: list[Change] = []
        for e in (survivor_row, snap["events"][1]):
            changes += row_changes("events", e["id"], _event(store, e["id"]), store.live_links("events", e))
        for f in LIST_FIELDS:
            for event_id, list_rows in snap[f].items():
                current = _list_rows(store, f, int(event_id))
                if after is not None and int(event_id) == m["survivor"]:
                    list_rows = _keep_later_rows(f, list_rows, after[f], current)
                # a person or organization merged into another since: linked anew
                changes += rows_changes(_TABLES[f], current, [store.live_links(_TABLES[f], r) for r in list_rows])
        moved = set(snap["mentions"])
        changes += [Change("mentions", mid, "event_id", eid, m["absorbed"]) for mid, eid in ex(
            "SELECT id, event_id FROM mentions WHERE event_id = ?", [m["survivor"]]) if mid in moved]
        cand = snap.get("candidate")
        if cand:
            row = store.rows("SELECT * FROM dup_candidates WHERE id = ?", [cand["id"]])
            if row:
                changes += row_changes("dup_candidates", cand["id"], row[0], cand)
        changes.append(Change("merges", merge_id, "undone", 0, 1))
        apply_changes(store, who, changes, "unmerge")
        label = f"Unmerge event {m['absorbed']} from event {m['survivor']}"
    return Edit(label, changes, m["survivor"], snap["events"][0]["release_id"])


def _keep_later_edits(before: dict, after: dict, now_row: dict) -> dict:
    """The survivor's row for an unmerge: as before the merge, except the columns edited since it.

    A reviewer may correct or verify the merged event before finding the merge
    was wrong; unmerging takes back the merge, not that work.
    """
    later = {c for c in now_row if c not in ("updated_at", "edited_fields") and now_row[c] != after[c]}
    row = {c: (now_row[c] if c in later else before[c]) for c in before}
    edited = set(json.loads(before["edited_fields"] or "[]"))
    edited |= set(json.loads(now_row["edited_fields"] or "[]")) - set(json.loads(after["edited_fields"] or "[]"))
    row["edited_fields"] = json.dumps(sorted(edited))
    if later or now_row["updated_at"] != after["updated_at"]:
        row["updated_at"] = now_row["updated_at"]
    return row


def _keep_later_rows(field: str, before: list[dict], after: list[dict], now_rows: list[dict]) -> list[dict]:
    """The survivor's participants or organizations for an unmerge: its rows from before the merge,
    less those a reviewer removed since, plus those added or changed since (by person or name)."""
    def keys(rows: list[dict]) -> dict[str, dict]:
        return {_key(field, r): r for r in rows}

    if [_row_values(r) for r in now_rows] == [_row_values(r) for r in after]:
        return before
    was, merged, now_by_key = keys(before), keys(after), keys(now_rows)
    removed = {k for k in merged if k not in now_by_key}
    changed = {k for k, r in now_by_key.items() if k not in merged or _row_values(r) != _row_values(merged[k])}
    rows = [now_by_key[k] if k in changed else r for k, r in was.items() if k not in removed]
    rows += [now_by_key[k] for k in now_by_key if k in changed and k not in was]
    return [{**r, "position": i} for i, r in enumerate(rows)]


def _row_values(row: dict) -> tuple:
    return tuple((k, v) for k, v in sorted(row.items()) if k not in ("id", "position", "event_id"))


def remerge(store: Store, merge_id: int, who: str = SYSTEM) -> int:
    """Do an unmerged merge again with the choices it was made with; returns the new merge id."""
    rows = store.rows("SELECT survivor, absorbed, snapshot FROM merges WHERE id = ?", [merge_id])
    if not rows:
        raise MergeError(f"no merge {merge_id}")
    r = rows[0]
    return merge(store, r["survivor"], r["absorbed"], json.loads(r["snapshot"])["choices"], who)


def last_merge(store: Store, survivor: int, absorbed: int) -> Optional[int]:
    """The id of the merge of this pair still in effect, if any."""
    row = store.db.execute(
        "SELECT id FROM merges WHERE survivor = ? AND absorbed = ? AND undone = 0 ORDER BY id DESC LIMIT 1",
        [survivor, absorbed]).fetchone()
    return row[0] if row else None


def answer(store: Store, candidate_id: int, status: str, who: str = SYSTEM) -> Edit:
    """Record a reviewer's answer to a pair (``not_duplicate``, ``later``, ``open``) as an :class:`Edit`."""
    if status not in ("open", "not_duplicate", "later"):
        raise MergeError(f"bad candidate status {status!r}")
    with store.transaction():
        rows = store.rows("SELECT * FROM dup_candidates WHERE id = ?", [candidate_id])
        if not rows:
            raise MergeError(f"no duplicate candidate {candidate_id}")
        changes = []
        if rows[0]["status"] != status:
            changes = _decided(rows[0], status, who, now())
            apply_changes(store, who, changes, "candidate_status")
        event = store.db.execute("SELECT id, release_id FROM events WHERE id = ?", [rows[0]["event_a"]]).fetchone()
    label = {"not_duplicate": "Not duplicates", "later": "Decide later", "open": "Reopen pair"}[status]
    return Edit(label, changes, event[0] if event else None, event[1] if event else None)


def _decided(cand: dict, status: str, who: str, stamp: str) -> list[Change]:
    """A pair's new status, audited as ``candidate_status``, and who decided it when (its bookkeeping)."""
    return [Change("dup_candidates", cand["id"], "status", cand["status"], status, "candidate_status"),
            *row_changes("dup_candidates", cand["id"], cand, {"decided_by": who, "decided_at": stamp},
                         "candidate_status:decided")]


def set_candidate_status(store: Store, candidate_id: int, status: str, who: str = SYSTEM) -> str:
    """:func:`answer`; returns the previous status."""
    edit = answer(store, candidate_id, status, who)
    return next((c.old for c in edit.changes if c.column == "status"), status)
