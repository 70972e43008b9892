"""Merging two events field by field, and unmerging them exactly.

A merge keeps every source of both: the absorbed event's mentions move to
the survivor, the absorbed event is marked ``merged_into`` (never deleted).
Before anything changes, both events, their participants, organizations,
mentions and the candidate's status are written to ``merges.snapshot``, so
:func:`unmerge` puts every row back as it was, ids included.

Choices say where each field comes from: ``left`` (the survivor), ``right``
(the absorbed event), or for ``participants`` / ``organizations`` also
``both`` (the union, one entry per person or name).
"""
from __future__ import annotations

import json
from typing import Any, Optional

from ..model import SCALAR_FIELDS
from ..names import name_key
from ..store import SYSTEM, Store, StoreError, now

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
    left, right = _event(store, survivor), _event(store, absorbed)
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


def _insert_rows(store: Store, table: str, rows: list[dict]) -> None:
    for row in rows:
        row = store.live_links(table, row)  # a person or organization merged into another since: linked anew
        cols = list(row)
        store.db.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                         [row[c] for c in cols])


def merge(store: Store, survivor: int, absorbed: int, choices: Optional[dict[str, str]] = None,
          who: str = SYSTEM) -> int:
    """Merge ``absorbed`` into ``survivor`` with per-field ``choices``; returns the merge id."""
    if survivor == absorbed:
        raise MergeError(f"event {survivor} cannot be merged with itself")
    with store.transaction():
        # the default choices read the rows inside the transaction: decided from an older read, a
        # "right" could overwrite a value a reviewer saved meanwhile
        choices = {**default_choices(store, survivor, absorbed), **(choices or {})}
        for f, c in choices.items():
            allowed = ("left", "right", "both") if f in LIST_FIELDS else ("left", "right")
            if f not in FIELDS or c not in allowed:
                raise MergeError(f"bad choice {c!r} for field {f!r}")
        left, right = _event(store, survivor), _event(store, absorbed)
        for e in (left, right):
            if e["deleted"] or e["merged_into"] is not None:
                raise MergeError(f"event {e['id']} is deleted or already merged; nothing was changed")
        cand = _candidate(store, survivor, absorbed)
        snapshot: dict[str, Any] = {
            "events": [left, right],
            "participants": {str(e): _list_rows(store, "participants", e) for e in (survivor, absorbed)},
            "organizations": {str(e): _list_rows(store, "organizations", e) for e in (survivor, absorbed)},
            "mentions": [r[0] for r in store.db.execute("SELECT id FROM mentions WHERE event_id = ?", [absorbed])],
            "candidate": cand and {"id": cand["id"], "status": cand["status"], "decided_by": cand["decided_by"],
                                   "decided_at": cand["decided_at"]},
            "choices": choices,
        }
        stamp = now()
        edited = set(json.loads(left["edited_fields"]))
        ex = store.db.execute
        for f in SCALAR_FIELDS:
            if choices[f] == "right" and left[f] != right[f]:
                ex(f"UPDATE events SET {f} = ? WHERE id = ?", [right[f], survivor])
                store.log(who, "merge_field", "events", survivor, f, left[f], right[f])
                edited.add(f)
        for f in LIST_FIELDS:
            if choices[f] == "left":
                continue
            table = _TABLES[f]
            keep = snapshot[f][str(survivor)] if choices[f] == "both" else []
            seen = {_key(f, r) for r in keep}
            extra = []
            for r in snapshot[f][str(absorbed)]:
                if _key(f, r) not in seen:
                    seen.add(_key(f, r))
                    extra.append(r)
            if choices[f] == "right":
                ex(f"DELETE FROM {table} WHERE event_id = ?", [survivor])
            base = max((r["position"] for r in keep), default=-1) + 1
            _insert_rows(store, table, [{**{k: v for k, v in r.items() if k != "id"}, "event_id": survivor,
                                         "position": base + i} for i, r in enumerate(extra)])
            old = [r["name"] for r in snapshot[f][str(survivor)]]
            new = [r[0] for r in ex(f"SELECT name FROM {table} WHERE event_id = ? ORDER BY position, id", [survivor])]
            if old != new:
                store.log(who, "merge_field", "events", survivor, f, old, new)
                edited.add(f)
        if who == SYSTEM:  # a merge nobody chose sets no field a reviewer must keep
            edited = set(json.loads(left["edited_fields"]))
        ex("UPDATE events SET edited_fields = ?, updated_at = ? WHERE id = ?",
           [json.dumps(sorted(edited)), stamp, survivor])
        ex("UPDATE mentions SET event_id = ? WHERE event_id = ?", [survivor, absorbed])
        ex("UPDATE events SET merged_into = ?, updated_at = ? WHERE id = ?", [survivor, stamp, absorbed])
        if cand:
            ex("UPDATE dup_candidates SET status = 'merged', decided_by = ?, decided_at = ? WHERE id = ?",
               [who, stamp, cand["id"]])
        # the survivor as the merge left it: what unmerge compares with, to keep later edits
        snapshot["after"] = {"event": _event(store, survivor),
                             **{f: _list_rows(store, f, survivor) for f in LIST_FIELDS}}
        merge_id = ex("INSERT INTO merges (survivor, absorbed, snapshot, at, who) VALUES (?,?,?,?,?)",
                      [survivor, absorbed, json.dumps(snapshot, ensure_ascii=False), stamp, who]).lastrowid
        assert merge_id is not None  # set by the INSERT just run
        store.log(who, "merge", "events", absorbed, "merged_into", None, survivor)
    return merge_id


def unmerge(store: Store, merge_id: int, who: str = SYSTEM) -> None:
    """Restore both events of a merge exactly as they were before it."""
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
        after = snap.get("after")  # absent in merges made before it was recorded: restored as they were
        survivor_row = snap["events"][0]
        if after is not None:
            survivor_row = _keep_later_edits(survivor_row, after["event"], _event(store, m["survivor"]))
        for e in (survivor_row, snap["events"][1]):
            e = store.live_links("events", e)
            cols = [c for c in e if c != "id"]
            ex(f"UPDATE events SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?", [e[c] for c in cols] + [e["id"]])
        for f in LIST_FIELDS:
            for event_id, list_rows in snap[f].items():
                if after is not None and int(event_id) == m["survivor"]:
                    list_rows = _keep_later_rows(f, list_rows, after[f], _list_rows(store, f, m["survivor"]))
                ex(f"DELETE FROM {_TABLES[f]} WHERE event_id = ?", [int(event_id)])
                _insert_rows(store, _TABLES[f], list_rows)
        ids = snap["mentions"]
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            ex(f"UPDATE mentions SET event_id = ? WHERE id IN ({','.join('?' * len(chunk))})", [m["absorbed"], *chunk])
        cand = snap.get("candidate")
        if cand:
            ex("UPDATE dup_candidates SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?",
               [cand["status"], cand["decided_by"], cand["decided_at"], cand["id"]])
        ex("UPDATE merges SET undone = 1 WHERE id = ?", [merge_id])
        store.log(who, "unmerge", "events", m["absorbed"], "merged_into", m["survivor"], None)


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


def set_candidate_status(store: Store, candidate_id: int, status: str, who: str = SYSTEM) -> str:
    """Record a reviewer's answer (``not_duplicate``, ``later``, ``open``); returns the previous status."""
    if status not in ("open", "not_duplicate", "later"):
        raise MergeError(f"bad candidate status {status!r}")
    with store.transaction():
        row = store.db.execute("SELECT status FROM dup_candidates WHERE id = ?", [candidate_id]).fetchone()
        if row is None:
            raise MergeError(f"no duplicate candidate {candidate_id}")
        if row[0] != status:
            store.db.execute("UPDATE dup_candidates SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?",
                             [status, who, now(), candidate_id])
            store.log(who, "candidate_status", "dup_candidates", candidate_id, "status", row[0], status)
    return row[0]
