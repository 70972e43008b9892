"""The audited change engine: every edit is a list of value changes applied in one transaction.

Each applied change writes one audit row (who, when, table, field, old →
new). An :class:`Edit` keeps the exact changes it made, so
:meth:`ChangeEngine.revert` and :meth:`ChangeEngine.reapply` undo and redo it
to the byte — refusing (:class:`Conflict`) when the row changed since.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Optional

from ..store import LINK_COLUMNS, now
from .lookups import Lookups
from .validation import Conflict, ReviewError

# Which columns an Edit may touch (table and column names are never taken from input).
_COLUMNS = {
    "events": {"date_start", "date_end", "event_type", "status", "location", "online", "edited_fields",
               "review_status", "reviewer", "deleted", "checked_fields", "place_id"},
    "releases": {"status", "reviewer"},
    "event_participants": {"name", "role", "person_id", "confidence", "position", "checked"},
    "event_organizations": {"name", "confidence", "position", "checked", "entity_id"},
    "mentions": set(),
    "field_spans": set(),
    "notes": {"text", "flag", "reason", "who", "at"},  # reviewer.review.notes
    # reviewer.entities: people, organizations and places, their spellings, groups rejected, names taught
    "entities": {"name", "authority_id", "country", "confirmed_by", "confirmed_at"},
    "entity_variants": {"entity_id", "name", "key", "origin", "reason"},
    "entity_rejections": set(),
    "known_entities": {"name", "canonical"},
}

#: The columns that tie an event row to its entity. Moving a row to another entity changes no value of its
#: event, so it neither dates the event nor needs the event live.
_ENTITY_LINKS = LINK_COLUMNS


@dataclass(frozen=True)
class Change:
    """One value change; ``column=None`` means the whole row appears (old None) or goes (new None)."""

    table: str
    row_id: int
    column: Optional[str]
    old: Any
    new: Any

    def inverted(self) -> "Change":
        return Change(self.table, self.row_id, self.column, self.new, self.old)


@dataclass
class Edit:
    label: str  # for the Undo menu: "Set date of event 12"
    changes: list[Change]
    event_id: Optional[int] = None  # the event the window should show afterwards
    release_id: Optional[int] = None

    def inverted(self) -> "Edit":
        return Edit(self.label, [c.inverted() for c in reversed(self.changes)], self.event_id, self.release_id)


#: Rows that belong to one event: changing them changes when the event was last changed.
_EVENT_LISTS = ("event_participants", "event_organizations")


class ChangeEngine(Lookups):
    """Applies, reverts and reapplies :class:`Change` lists with their audit rows."""

    def _commit(self, edit: Edit, action: str = "edit") -> Edit:
        """Apply ``edit`` in one transaction with its audit rows (a savepoint inside the caller's, where its
        rows should have been read); raise before anything is written on a bad value."""
        with self.store.transaction():
            self._apply(edit.changes, action, check=False)
        return edit

    def revert(self, edit: Edit) -> None:
        """Undo ``edit`` exactly (one transaction, audited as ``undo``)."""
        with self.store.transaction():
            self._apply([c.inverted() for c in reversed(edit.changes)], "undo", check=True)

    def reapply(self, edit: Edit) -> None:
        """Redo ``edit`` after a :meth:`revert` (audited as ``redo``)."""
        with self.store.transaction():
            self._apply(edit.changes, "redo", check=True)

    def extended(self, edit: Edit, extra: list[Change]) -> Edit:
        """``edit`` with ``extra`` applied too, inside the caller's transaction: one undo step for both."""
        self._apply(extra, "edit", check=False)
        return Edit(edit.label, edit.changes + extra, edit.event_id, edit.release_id)

    def next_id(self, table: str) -> int:
        # Explicit ids let undo bring a removed row back as it was.
        return self.store.db.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]

    def _apply(self, changes: list[Change], action: str, check: bool) -> None:
        """Write ``changes`` in order inside the caller's transaction; ``check``: each old value must still be there."""
        ex = self.store.db.execute
        touched_events = set()
        for ch in changes:
            if ch.table not in _COLUMNS or (ch.column is not None and ch.column not in _COLUMNS[ch.table]):
                raise ReviewError(f"cannot edit {ch.table}.{ch.column}")
            if check:
                self._check_owner_live(ch)
            if ch.column is None:
                if ch.new is None:  # the row goes
                    if check and ex(f"SELECT 1 FROM {ch.table} WHERE id = ?", [ch.row_id]).fetchone() is None:
                        raise Conflict(f"{ch.table} row {ch.row_id} is already gone; nothing was changed")
                    if ch.table == "mentions":
                        ex("DELETE FROM field_spans WHERE mention_id = ?", [ch.row_id])
                    ex(f"DELETE FROM {ch.table} WHERE id = ?", [ch.row_id])
                else:  # the row (re)appears, with its id
                    row = self.store.live_links(ch.table, ch.new)
                    cols = list(row)
                    try:
                        ex(f"INSERT INTO {ch.table} ({', '.join(_q(c) for c in cols)}) VALUES ({', '.join('?' * len(cols))})",
                           [row[c] for c in cols])
                    except Exception as exc:  # the id was taken meanwhile
                        raise Conflict(f"cannot restore {ch.table} row {ch.row_id}: {exc}") from None
                self.store.log(self.reviewer, f"{action}:{'delete' if ch.new is None else 'insert'}",
                               ch.table, ch.row_id, None, ch.old, ch.new)
            else:
                if check:
                    row = ex(f"SELECT {_q(ch.column)} FROM {ch.table} WHERE id = ?", [ch.row_id]).fetchone()
                    if row is None or row[0] != ch.old:
                        raise Conflict(f"{ch.table} {ch.row_id} {ch.column} was changed elsewhere; nothing was changed")
                ex(f"UPDATE {ch.table} SET {_q(ch.column)} = ? WHERE id = ?", [ch.new, ch.row_id])
                # every column, bookkeeping too: edited_fields is what shields a
                # reviewer's value from re-extraction, so the log must replay it
                self.store.log(self.reviewer, action, ch.table, ch.row_id, ch.column, ch.old, ch.new)
            if ch.column is not None and _ENTITY_LINKS.get(ch.table) == ch.column:
                continue
            if ch.table == "events":
                touched_events.add(ch.row_id)
            elif ch.table in _EVENT_LISTS:  # a participant or organization is part of its event's record
                row = ch.new or ch.old
                if ch.column is None and row:
                    touched_events.add(row["event_id"])
                else:
                    owner = ex(f"SELECT event_id FROM {ch.table} WHERE id = ?", [ch.row_id]).fetchone()
                    if owner:
                        touched_events.add(owner[0])
        stamp = now()
        for event_id in touched_events:
            ex("UPDATE events SET updated_at = ? WHERE id = ?", [stamp, event_id])

    def _check_owner_live(self, ch: Change) -> None:
        """Undo/redo must not write into an event merged away or deleted since: no export would hold it."""
        if ch.column is not None and _ENTITY_LINKS.get(ch.table) == ch.column:
            return  # which entity a row names is the entity's record, whatever became of the event
        if ch.table == "events" and ch.column != "deleted":
            event_id = ch.row_id
        elif ch.table in _EVENT_LISTS:
            row = ch.new or ch.old
            if ch.column is None and row:
                event_id = row["event_id"]
            else:
                owner = self.store.db.execute(f"SELECT event_id FROM {ch.table} WHERE id = ?", [ch.row_id]).fetchone()
                if owner is None:
                    return  # the value check that follows refuses a row that is gone
                event_id = owner[0]
        else:
            return
        if self.store.db.execute("SELECT 1 FROM events WHERE id = ?", [event_id]).fetchone():
            self._live_event(event_id)

    def _log_insert(self, table: str, row_id: int) -> None:
        """Audit a row created outside :meth:`_apply` whole, so the log alone can recreate it."""
        row = self.store.rows(f"SELECT * FROM {table} WHERE id = ?", [row_id])[0]
        self.store.log(self.reviewer, "edit:insert", table, row_id, None, None, row)

    def _marked(self, ev: dict, *names: str) -> list[Change]:
        """Mark fields as set by a reviewer, and a release just started on as in progress.

        ``ev`` must be read inside the edit's transaction: built from an older
        read, ``edited_fields`` would drop a mark another window set meanwhile
        and the next re-extraction would overwrite that reviewer's value.
        """
        changes = []
        old = ev["edited_fields"]
        fields = json.loads(old)
        new_fields = fields + [n for n in names if n not in fields]
        if new_fields != fields:
            changes.append(Change("events", ev["id"], "edited_fields", old, json.dumps(new_fields)))
        changes += self._in_progress(ev["release_id"])
        return changes

    def _in_progress(self, release_id: Optional[int]) -> list[Change]:
        if release_id is None:
            return []
        row = self.store.db.execute("SELECT status FROM releases WHERE id = ?", [release_id]).fetchone()
        if row and row[0] == "unreviewed":
            return [Change("releases", release_id, "status", "unreviewed", "in_progress")]
        return []


def _q(column: str) -> str:
    return f'"{column}"'
