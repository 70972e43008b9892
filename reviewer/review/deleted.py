"""Deleted events: the list of them, with who deleted them, and restoring one (an audited, undoable edit)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .changes import Change, ChangeEngine, Edit
from .validation import Conflict, Gone, NotFound


@dataclass(frozen=True)
class DeletedEvent:
    id: int
    release_id: Optional[int]
    release_title: str
    date_start: Optional[str]
    event_type: Optional[str]
    location: Optional[str]
    deleted_by: str  # "" when no audit row records it
    deleted_at: str


class ReviewDeleted(ChangeEngine):
    """Events deleted (not merged away), newest deletion first, and putting one back."""

    def deleted_events(self, limit: int = 1000) -> list[DeletedEvent]:
        """Up to ``limit`` deleted events; an added event whose addition was undone is one too."""
        # the last audit row of each event's deleted flag says who and when (audit_row index, per event)
        last = ("(SELECT {col} FROM audit_log a WHERE a.table_name = 'events' AND a.row_id = e.id"
                " AND a.field = 'deleted' ORDER BY a.id DESC LIMIT 1)")
        cur = self.store.db.execute(
            "SELECT e.id, e.release_id, coalesce(r.title, ''), e.date_start, e.event_type, e.location,"
            f" coalesce({last.format(col='a.who')}, ''), coalesce({last.format(col='a.at')}, e.updated_at)"
            " FROM events e LEFT JOIN releases r ON r.id = e.release_id"
            " WHERE e.deleted = 1 AND e.merged_into IS NULL ORDER BY e.updated_at DESC, e.id DESC LIMIT ?", [int(limit)])
        return [DeletedEvent(*r) for r in cur]

    def count_deleted(self) -> int:
        return self.store.db.execute("SELECT count(*) FROM events WHERE deleted = 1 AND merged_into IS NULL").fetchone()[0]

    def restore_event(self, event_id: int) -> Edit:
        """Bring a deleted event back (audited as ``restore``); undo deletes it again."""
        with self.store.transaction():
            rows = self.store.rows("SELECT * FROM events WHERE id = ?", [event_id])
            if not rows:
                raise NotFound(f"event {event_id} does not exist")
            ev = rows[0]
            if ev["merged_into"] is not None:
                root = self.store.live_root("events", event_id)
                raise Gone(f"Event {event_id} was merged into event {root}, not deleted; unmerge it in Review ▸ Duplicates",
                           event_id=root)
            if not ev["deleted"]:
                raise Conflict(f"Event {event_id} is not deleted (any more){self._by('events', event_id, 'deleted', 0)};"
                               " nothing was changed", event_id=event_id, release_id=ev["release_id"])
            if ev["release_id"] is not None:
                self._live_release(ev["release_id"])  # on a release folded away it would be shown nowhere
            changes = [Change("events", event_id, "deleted", 1, 0)] + self._in_progress(ev["release_id"])
            self._apply(changes, "restore", check=True)
        return Edit(f"Restore event {event_id}", changes, event_id, ev["release_id"])
