"""The row look-ups both the reads and the edits start from, on one store for one reviewer.

An edit must find the same events the window shows (a release's events
include those its items mention after merges), so both sides share these.
"""
from __future__ import annotations

from ..store import SYSTEM, Store
from .validation import NotFound


class Lookups:
    """One :class:`Store` and the reviewer every edit and audit row is credited to."""

    def __init__(self, store: Store, reviewer: str = SYSTEM):
        self.store = store
        self.reviewer = reviewer or SYSTEM

    def _event(self, event_id: int) -> dict:
        rows = self.store.rows("SELECT * FROM events WHERE id = ?", [event_id])
        if not rows:
            raise NotFound(f"event {event_id} does not exist")
        return rows[0]

    def _event_ids(self, release_id: int) -> list[int]:
        """Live canonical events of a release: its own, and those its items mention (after merges)."""
        ex = self.store.db.execute
        ids = [r[0] for r in ex(
            "SELECT id FROM events WHERE release_id = ? UNION SELECT m.event_id FROM mentions m"
            " JOIN items i ON i.id = m.item_id WHERE i.release_id = ?", [release_id, release_id])]
        live: list[int] = []
        for event_id in ids:
            event_id = self.store.live_root("events", event_id)
            row = ex("SELECT deleted FROM events WHERE id = ?", [event_id]).fetchone()
            if row is not None and not row[0] and event_id not in live:
                live.append(event_id)
        return live

    def _release_events(self, release_id: int) -> list[dict]:
        ids = self._event_ids(release_id)
        if not ids:
            return []
        return self.store.rows(f"SELECT * FROM events WHERE id IN ({','.join('?' * len(ids))}) ORDER BY position, id", ids)

    def _shown_item(self, release_id: int) -> int:
        """The item whose page the window shows for a release: its first."""
        row = self.store.db.execute("SELECT id FROM items WHERE release_id = ? ORDER BY id LIMIT 1", [release_id]).fetchone()
        if row is None:
            raise NotFound(f"release {release_id} has no item")
        return row[0]
