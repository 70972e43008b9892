"""The audit log as a reviewer reads it: what changed, when, by whom, for one event, one release or everything;
and "Revert this change", which takes back one whole action through the change engine.

An action is the audit rows one transaction wrote (``audit_log.action_id``,
see :meth:`reviewer.store.Store.log`): a field and its ``edited_fields`` mark,
a verify and every event it stamped. Reverting it applies the inverse of its
changes with the same value check undo uses (refused, changing nothing, when
a row changed since) as a new action of its own, ``revert``, which is undone
and redone like any edit. It needs nothing kept in memory, so it works after
the window was closed and the database reopened.

Pages are read by key (``id < before``), newest first, so the thousandth page
costs what the first does.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Iterable, Optional

from ..queries import merged_family
from ..store import LINK_COLUMNS
from .changes import _COLUMNS, Change, ChangeEngine, Edit
from .validation import Conflict, InvalidValue, NotFound, ReviewError

#: Actions the change engine writes (``edit:insert`` and the like share the word before the colon): the only
#: ones a revert can take back, an import of another reviewer's events (``reviewer import-events``) among them.
#: A duplicate merge or a fold has its own way back (Review ▸ Duplicates, Separate), and teaching a name is kept
#: whatever happens to the value.
REVERTIBLE = ("edit", "undo", "redo", "verify", "revert", "restore", "note", "import_events")

#: The action words the history filter offers, each matching ``word`` and ``word:…``.
ACTIONS = REVERTIBLE + ("merge", "unmerge", "merge_field", "merge_near_duplicate", "separate_near_duplicate",
                        "candidate_status", "propose_duplicate", "merge_person", "teach", "reviewer")

_TABLE_LABELS = {"events": "event", "releases": "release", "event_participants": "participant",
                 "event_organizations": "organization", "mentions": "sentence", "field_spans": "page mark",
                 "notes": "note", "known_entities": "known name", "dup_candidates": "duplicate pair",
                 "people": "person", "reviewers": "reviewer name", "entities": "entity", "entity_variants": "spelling",
                 "entity_rejections": "not-one-entity group"}

#: Columns that follow a reviewer's value rather than being one.
_BOOKKEEPING = frozenset({"checked", "person_id", "entity_id", "place_id"})


@dataclass(frozen=True)
class HistoryFilter:
    """What the history lists: a scope (one event, one release, or all when both are None) and filters."""

    event_id: Optional[int] = None
    release_id: Optional[int] = None
    who: str = ""  # a reviewer's name, exactly
    action: str = ""  # one of ACTIONS (with its ``:insert`` / ``:delete`` forms)
    date_from: Optional[str] = None  # YYYY-MM-DD, local time, inclusive
    date_to: Optional[str] = None


@dataclass(frozen=True)
class HistoryRow:
    id: int
    action_id: int
    at: str  # UTC ISO time as stored
    who: str
    action: str
    table: str
    row_id: Optional[int]
    field: Optional[str]
    old: Optional[str]
    new: Optional[str]
    what: str = ""  # "event 12", "participant 'Ivan Petrov'"
    revertible: bool = False

    @property
    def change(self) -> str:
        """``old → new`` for a value; ``added …`` / ``removed …`` for a whole row."""
        if self.field is None:
            if self.new is not None and self.old is None:
                return f"added {_row_name(self.new)}"
            if self.old is not None and self.new is None:
                return f"removed {_row_name(self.old)}"
        return f"{_short(self.old)} → {_short(self.new)}"

    @property
    def local_time(self) -> str:
        try:
            return datetime.fromisoformat(self.at).astimezone().strftime("%Y-%m-%d %H:%M:%S")
        except (TypeError, ValueError):
            return str(self.at)


def day_bound(text: Optional[str], what: str, end: bool = False) -> Optional[str]:
    """A typed day (YYYY-MM-DD, local) as the UTC time the log stores: its start, or the next day's start."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(f"{what} {text!r}: not a date; type it as 2026-12-03") from None
    if end:
        day += timedelta(days=1)
    # local midnight, in the form Store.now() writes (UTC, milliseconds), so text order is time order
    return datetime.combine(day, time()).astimezone().astimezone(timezone.utc).isoformat(timespec="milliseconds")


class ReviewHistory(ChangeEngine):
    """History pages and reverting one action from them."""

    def history_page(self, flt: HistoryFilter, before: Optional[int] = None, limit: int = 200) -> list[HistoryRow]:
        """Up to ``limit`` audit rows of ``flt``, newest first, with an id below ``before``."""
        where: list[str] = []
        params: list[Any] = []
        scope = self._scope(flt)
        if flt.who.strip():
            where.append("a.who = ?")
            params.append(flt.who.strip())
        if flt.action:
            if flt.action not in ACTIONS:
                raise InvalidValue(f"action {flt.action!r}: not one the log records")
            where.append("(a.action = ? OR a.action GLOB ?)")
            params += [flt.action, flt.action + ":*"]
        since, until = day_bound(flt.date_from, "from date"), day_bound(flt.date_to, "to date", end=True)
        if since and until and since >= until:
            raise InvalidValue(f"from date {flt.date_from} is after to date {flt.date_to}")
        for sql, value in (("a.at >= ?", since), ("a.at < ?", until), ("a.id < ?", before)):
            if value is not None:
                where.append(sql)
                params.append(value)
        cols = "a.id, a.action_id, a.at, a.who, a.action, a.table_name, a.row_id, a.field, a.old, a.new"
        if scope is None:
            sql, scope_params = f"SELECT {cols} FROM audit_log a", []
        elif not scope:
            return []
        else:
            # one index look-up per row of the scope (audit_row), then newest first; the pairs go as one JSON
            # array, which has no limit on how many it holds (a merged release can name thousands of rows)
            sql = ("WITH scope(t, r) AS (SELECT DISTINCT json_extract(value, '$[0]'), json_extract(value, '$[1]')"
                   f" FROM json_each(?)) SELECT {cols} FROM scope JOIN audit_log a ON a.table_name = scope.t AND a.row_id = scope.r")
            scope_params = [json.dumps(scope)]
        sql += (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.id DESC LIMIT ?"
        rows = self.store.db.execute(sql, [*scope_params, *params, int(limit)]).fetchall()
        return [self._history_row(r) for r in rows]

    def action_rows(self, audit_id: int) -> list[HistoryRow]:
        """Every audit row of the action audit row ``audit_id`` belongs to, oldest first."""
        rows = self.store.db.execute(
            "SELECT id, action_id, at, who, action, table_name, row_id, field, old, new FROM audit_log"
            " WHERE action_id = (SELECT coalesce(action_id, id) FROM audit_log WHERE id = ?) ORDER BY id",
            [audit_id]).fetchall()
        if not rows:  # an audit row from before actions were recorded is its own action
            rows = self.store.db.execute(
                "SELECT id, coalesce(action_id, id), at, who, action, table_name, row_id, field, old, new"
                " FROM audit_log WHERE id = ?", [audit_id]).fetchall()
        return [self._history_row(r) for r in rows]

    def _history_row(self, r: tuple) -> HistoryRow:
        """An audit row (id, action_id, at, who, action, table_name, row_id, field, old, new) as the history shows it."""
        aid, action_id, at, who, action, table, row_id, column, old, new = r
        return HistoryRow(aid, action_id, at, who, action, table, row_id, column, old, new,
                          what=self._what(table, row_id, old, new) + self._moved(table, column, old, new),
                          revertible=_revertible(action, table))

    def revert_action(self, audit_id: int) -> Edit:
        """Take back the whole action audit row ``audit_id`` belongs to, as a new ``revert`` action.

        Refused (:class:`Conflict`, nothing changed) when a value it set was changed since or a row it
        added or removed is not as it left it; refused (:class:`ReviewError`) for an action the engine
        did not write. Returns the Edit applied, which undo takes back like any other.
        """
        with self.store.transaction():
            rows = self.action_rows(audit_id)
            if not rows:
                raise NotFound(f"history entry {audit_id} does not exist")
            first = rows[0]
            if not any(r.revertible for r in rows):
                raise ReviewError(f"{_action_name(first.action)} by {first.who} cannot be reverted from the history"
                                  f"{_elsewhere(first.action)}")
            changes = self._changes(rows)
            if not changes:
                raise ReviewError(f"{_action_name(first.action)} by {first.who} changed no value; nothing to revert")
            inverse = [c.inverted() for c in reversed(changes)]
            event_id, release_id = self._shown_after(changes)
            self._check_rows_as_added(inverse, event_id, release_id)
            try:
                self._apply(inverse, "revert", check=True)
            except Conflict as exc:
                raise Conflict(f"Not reverted: {exc}", event_id=exc.event_id or event_id,
                               release_id=exc.release_id or release_id) from None
        return Edit(f"Revert {_action_name(first.action)} by {first.who} at {first.local_time}", inverse,
                    event_id, release_id)

    # -- building blocks -----------------------------------------------------------

    def _changes(self, rows: list[HistoryRow]) -> list[Change]:
        """The engine's :class:`Change` list an action's audit rows record (values as their columns hold them)."""
        # An added event's row (and the sentence it was added from) are written whole before its Change, which
        # is the deleted flag turned off (ReviewEdits.add_event): those rows are logged, not changes to take back.
        written: set[int] = set()
        changes = []
        for r in rows:
            if not r.revertible or r.row_id is None:
                continue
            if r.field is None:
                new = json.loads(r.new) if r.new is not None else None
                old = json.loads(r.old) if r.old is not None else None
                if r.table == "events":
                    written.add(r.row_id)
                    continue
                if r.table == "mentions" and new is not None and new.get("event_id") in written:
                    continue
                changes.append(Change(r.table, r.row_id, None, old, new))
                continue
            if r.table == "events" and r.field == "deleted":
                written.discard(r.row_id)  # later rows of this event are the engine's own changes
            kind = self._column_type(r.table, r.field)
            changes.append(Change(r.table, r.row_id, r.field, _decode(kind, r.old), _decode(kind, r.new)))
        return changes

    def _check_rows_as_added(self, inverse: list[Change], event_id: Optional[int], release_id: Optional[int]) -> None:
        """A row the action added is taken away only as it was added: a later edit of it (a participant renamed
        since) would be lost with it. Undo never meets this (it takes the later edits back first); a revert can."""
        for ch in inverse:
            if ch.column is None and ch.new is None and isinstance(ch.old, dict):
                now = self._row(ch.table, ch.row_id)
                changed = [k for k, v in ch.old.items() if now is not None and k in now and now[k] != v]
                if changed:
                    # name the values a reviewer sees; bookkeeping columns (checked, person_id) follow them
                    shown = [k for k in changed if k not in _BOOKKEEPING] or changed
                    raise Conflict(f"Not reverted: {_TABLE_LABELS.get(ch.table, ch.table)} {ch.row_id} was changed"
                                   f" since it was added ({', '.join(shown)}); nothing was changed",
                                   event_id=event_id, release_id=release_id)

    def _column_type(self, table: str, column: str) -> str:
        cache = self.__dict__.setdefault("_types", {})
        if table not in cache:
            cache[table] = {r[1]: (r[2] or "").upper() for r in self.store.db.execute(f"PRAGMA table_info({table})")}
        return cache[table].get(column, "")

    def _shown_after(self, changes: list[Change]) -> tuple[Optional[int], Optional[int]]:
        """The event and release the window should show once ``changes`` are taken back."""
        for ch in changes:
            if ch.table == "events":
                row = self.store.db.execute("SELECT release_id FROM events WHERE id = ?", [ch.row_id]).fetchone()
                return ch.row_id, row[0] if row else None
        for ch in changes:
            if ch.table in ("event_participants", "event_organizations", "notes"):
                row = ch.new or ch.old if ch.column is None else self._row(ch.table, ch.row_id)
                if row and row.get("event_id"):
                    rel = self.store.db.execute("SELECT release_id FROM events WHERE id = ?", [row["event_id"]]).fetchone()
                    return row["event_id"], rel[0] if rel else None
                if row and row.get("release_id"):
                    return None, row["release_id"]
            if ch.table == "releases":
                return None, ch.row_id
        return None, None

    def _row(self, table: str, row_id: int) -> Optional[dict]:
        rows = self.store.rows(f"SELECT * FROM {table} WHERE id = ?", [row_id])
        return rows[0] if rows else None

    def _scope(self, flt: HistoryFilter) -> Optional[list[tuple[str, int]]]:
        """The (table, row id) pairs whose history ``flt`` asks for; None: the whole database."""
        if flt.event_id is not None:
            # the event and those merged into it (their merge rows and their history before it)
            family = [r[0] for r in self.store.db.execute(
                merged_family("SELECT ? AS id") + "SELECT id FROM family", [flt.event_id])]
            return self._event_scope(family)
        if flt.release_id is not None:
            ex = self.store.db.execute
            if ex("SELECT 1 FROM releases WHERE id = ?", [flt.release_id]).fetchone() is None:
                raise NotFound(f"release {flt.release_id} does not exist")
            # its own events (deleted and merged-away ones too: their history is the release's) and those its
            # items' sentences report now
            ids = sorted({r[0] for r in ex("SELECT id FROM events WHERE release_id = ?", [flt.release_id])}
                         | set(self._event_ids(flt.release_id)))
            return ([("releases", flt.release_id)] + self._event_scope(ids)
                    + self._note_rows("release_id", [flt.release_id]))
        return None

    def _event_scope(self, event_ids: list[int]) -> list[tuple[str, int]]:
        if not event_ids:
            return []
        ex = self.store.db.execute
        events = json.dumps(event_ids)
        pairs = [("events", e) for e in event_ids] + self._note_rows("event_id", event_ids)
        for table in ("event_participants", "event_organizations", "mentions"):
            ids = {r[0] for r in ex(f"SELECT id FROM {table} WHERE event_id IN (SELECT value FROM json_each(?))",
                                    [events])}
            # rows removed since: their last copy in the log names their event
            ids |= {r[0] for r in ex(
                "SELECT row_id FROM audit_log WHERE table_name = ? AND field IS NULL"
                " AND json_extract(coalesce(new, old), '$.event_id') IN (SELECT value FROM json_each(?))",
                [table, events])}
            pairs += [(table, i) for i in sorted(ids)]
            if table == "mentions" and ids:
                spans = {r[0] for r in ex(
                    "SELECT row_id FROM audit_log WHERE table_name = 'field_spans' AND field IS NULL"
                    " AND json_extract(coalesce(new, old), '$.mention_id') IN (SELECT value FROM json_each(?))",
                    [json.dumps(sorted(ids))])}
                pairs += [("field_spans", i) for i in sorted(spans)]
        return pairs

    def _note_rows(self, column: str, ids: Iterable[int]) -> list[tuple[str, int]]:
        return [("notes", r[0]) for r in self.store.db.execute(
            f"SELECT id FROM notes WHERE {column} IN (SELECT value FROM json_each(?))", [json.dumps(list(ids))])]

    def _what(self, table: str, row_id: Optional[int], old: Optional[str], new: Optional[str]) -> str:
        label = _TABLE_LABELS.get(table, table)
        if table in ("event_participants", "event_organizations"):
            copy = _json(new) or _json(old)
            name = copy.get("name") if isinstance(copy, dict) else None
            return f"{label} {row_id}" + (f" {name!r}" if name else "")
        if table in ("entities", "entity_variants") and row_id is not None:
            # "person 12 'Ivan Petrov'", "spelling 40 'Petrov'": the row as logged, or as it is now
            copy = _json(new) or _json(old)
            if not isinstance(copy, dict):
                copy = self._row(table, row_id) or {}
            if table == "entities" and copy.get("kind"):
                label = copy["kind"]
            return f"{label} {row_id}" + (f" {copy['name']!r}" if copy.get("name") else "")
        return f"{label} {row_id}" if row_id is not None else label


    def _moved(self, table: str, column: Optional[str], old: Optional[str], new: Optional[str]) -> str:
        """For a row moved from one entity to another (a merge, a split): which, by name."""
        if column is None or LINK_COLUMNS.get(table) != column:
            return ""

        def named(value: Optional[str]) -> str:
            if value is None:
                return "none"
            row = self.store.db.execute("SELECT name FROM entities WHERE id = ?", [_decode("INT", value)]).fetchone()
            return f"{row[0]!r}" if row else f"entity {value} (merged away)"

        return f": {named(old)} → {named(new)}"


def _revertible(action: str, table: str) -> bool:
    return action.split(":")[0] in REVERTIBLE and table in _COLUMNS


def _action_name(action: str) -> str:
    return {"edit:insert": "an addition", "edit:delete": "a removal"}.get(action, f"the {action.split(':')[0]}")


def _elsewhere(action: str) -> str:
    word = action.split(":")[0]
    if word in ("merge", "merge_field", "candidate_status", "propose_duplicate"):
        return ": a duplicate decision is undone in Review ▸ Duplicates (Unmerge)."
    if word in ("merge_near_duplicate", "separate_near_duplicate"):
        return ": a near-duplicate fold is taken back with Review ▸ Separate a near-duplicate copy."
    return "; only a reviewer's edits can be."


def _decode(kind: str, text: Optional[str]) -> Any:
    """An audited value as its column holds it (the log keeps text; numbers were written as JSON)."""
    if text is None:
        return None
    if "INT" in kind or "REAL" in kind or "FLOA" in kind:
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def _json(text: Optional[str]) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _row_name(text: str) -> str:
    row = _json(text)
    if isinstance(row, dict):
        for key in ("name", "text", "reason"):
            if row.get(key):
                return repr(row[key])[:80]
        return f"row {row.get('id', '')}".strip()
    return _short(text)


def _short(value: Optional[str], width: int = 80) -> str:
    if value is None or value == "":
        return "∅"
    value = " ".join(str(value).split())
    return value if len(value) <= width else value[: width - 1] + "…"
