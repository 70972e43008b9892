"""The audited change engine: every edit is a list of value changes applied in one transaction.

Each applied change writes one audit row (who, when, table, field, old →
new). An :class:`Edit` keeps the exact changes it made, so
:meth:`ChangeEngine.revert` and :meth:`ChangeEngine.reapply` undo and redo it
to the byte — refusing (:class:`Conflict`) when the row changed since.
"""
from __future__ import annotations

import json
from typing import Optional

from ..operation import COLUMNS as _COLUMNS
from ..operation import EVENT_LISTS as _EVENT_LISTS
from ..operation import Change, Edit, apply_changes, next_id
from ..store import LINK_COLUMNS, with_marks
from .lookups import Lookups

__all__ = ["_COLUMNS", "Change", "ChangeEngine", "Edit"]


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
        return next_id(self.store, table)

    def _apply(self, changes: list[Change], action: str, check: bool) -> None:
        """Write ``changes`` in order inside the caller's transaction (:func:`reviewer.operation.apply_changes`);
        ``check``: each old value must still be there, and its event still live."""
        apply_changes(self.store, self.reviewer, changes, action, check, self._check_owner_live)

    def _check_owner_live(self, ch: Change) -> None:
        """Undo/redo must not write into an event merged away or deleted since: no export would hold it."""
        if ch.column is not None and LINK_COLUMNS.get(ch.table) == ch.column:
            return  # which entity a row names is the entity's record, whatever became of the event
        if ch.table == "events" and ch.column not in ("deleted", "merged_into", "updated_at"):
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
        new = with_marks(old, names)
        if json.loads(new) != json.loads(old):
            changes.append(Change("events", ev["id"], "edited_fields", old, new))
        changes += self._in_progress(ev["release_id"])
        return changes

    def _in_progress(self, release_id: Optional[int]) -> list[Change]:
        if release_id is None:
            return []
        row = self.store.db.execute("SELECT status FROM releases WHERE id = ?", [release_id]).fetchone()
        if row and row[0] == "unreviewed":
            return [Change("releases", release_id, "status", "unreviewed", "in_progress")]
        return []

