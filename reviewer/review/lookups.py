"""The row look-ups both the reads and the edits start from, on one store for one reviewer.

An edit must find the same events the window shows (a release's events
include those its items mention after merges), so both sides share these.
The ``_live_*`` look-ups are for edits: called inside the edit's write
transaction, they refuse (:class:`Conflict`) a row that another window or
process has merged away, deleted or changed since the reviewer saw it.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Optional

from ..queries import release_events
from ..store import SYSTEM, Store, audit_value
from .validation import Conflict, Gone, NotFound


class _NoCheck:
    def __repr__(self) -> str:
        return "NO_CHECK"


#: The ``expected=`` default of an edit: write without comparing with what the window showed.
NO_CHECK: Any = _NoCheck()

#: What a refused edit asks of the reviewer; the window has reloaded the row by the time it is read.
RELOADED = "reloaded; type your value again if it should win."


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

    def _live_event(self, event_id: int) -> dict:
        """The event's row, read inside the caller's write transaction; refused when merged away or deleted.

        An edit to such an event would be saved into no export.
        """
        ev = self._event(event_id)
        if ev["merged_into"] is not None:
            root = self.store.live_root("events", event_id)
            live = self.store.rows("SELECT release_id FROM events WHERE id = ?", [root])
            by = self._by("events", event_id, "merged_into", ev["merged_into"])
            raise Gone(f"Event {event_id} was merged into event {root}{by} — showing event {root}; make your change there.",
                       event_id=root, release_id=live[0]["release_id"] if live else None)
        if ev["deleted"]:
            by = self._by("events", event_id, "deleted", ev["deleted"])
            raise Gone(f"Event {event_id} was deleted{by}; nothing was saved.", event_id=None, release_id=ev["release_id"])
        return ev

    def _live_release(self, release_id: int) -> dict:
        rows = self.store.rows("SELECT * FROM releases WHERE id = ?", [release_id])
        if not rows:
            raise NotFound(f"release {release_id} does not exist")
        if rows[0]["merged_into"] is not None:
            root = self.store.live_root("releases", release_id)
            by = self._by("releases", release_id, "merged_into", rows[0]["merged_into"])
            raise Gone(f"Release {release_id} was folded into release {root}{by} — showing release {root}.", release_id=root)
        return rows[0]

    def _list_row(self, table: str, what: str, row_id: int) -> dict:
        """A participant or organization row and its live event (read inside the caller's transaction)."""
        rows = self.store.rows(f"SELECT * FROM {table} WHERE id = ?", [row_id])
        if not rows:
            last = self._last_audit(table, row_id, None)  # its removal, or its creation when that was not audited
            if last is None:
                raise NotFound(f"{what} {row_id} does not exist")
            row = json.loads(last["old"] or last["new"] or "{}")
            event = row.get("event_id")
            release = self.store.rows("SELECT release_id FROM events WHERE id = ?", [event]) if event else []
            by = _who(last) if last["action"].endswith("delete") else " elsewhere"
            raise Gone(f"{what.capitalize()} {row.get('name', row_id)!r} was removed{by} — {RELOADED}",
                       event_id=event, release_id=release[0]["release_id"] if release else None)
        self._live_event(rows[0]["event_id"])
        return rows[0]

    def _expect(self, table: str, row: dict, shown: dict[str, Any], what: str) -> None:
        """Refuse when a column differs from what the window ``shown`` (NO_CHECK: no comparison)."""
        for column, value in shown.items():
            if value is NO_CHECK or _same(value, row[column]):
                continue
            now = row[column]
            told = "cleared" if now in (None, "") else f"changed to {_shown(now)}"
            event_id = row["event_id"] if table != "events" else row["id"]
            release = row["release_id"] if table == "events" else self._event(event_id)["release_id"]
            what = what.format(column=_LABELS.get(column, column))
            raise Conflict(f"{what[:1].upper()}{what[1:]} was {told}"
                           f"{self._by(table, row['id'], column, now)} — {RELOADED}", event_id=event_id, release_id=release)

    def _last_audit(self, table: str, row_id: int, column: Optional[str]) -> Optional[dict]:
        rows = self.store.rows(
            "SELECT who, at, action, old, new FROM audit_log WHERE table_name = ? AND row_id = ? AND field IS ?"
            " ORDER BY id DESC LIMIT 1", [table, row_id, column])
        return rows[0] if rows else None

    def _by(self, table: str, row_id: int, column: str, value: Any) -> str:
        """`` by anna at 14:02``: who last wrote ``value`` there, from the audit log; `` elsewhere`` when the
        last audited change wrote something else (re-extraction is not audited)."""
        row = self._last_audit(table, row_id, column)
        return _who(row) if row and row["new"] == audit_value(value) else " elsewhere"

    def _event_ids(self, release_id: int) -> list[int]:
        """Live canonical events of a release: its own, and those its items mention (after merges)."""
        return [r[0] for r in self.store.db.execute(release_events(":r"), {"r": release_id})]

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


_LABELS = {"date_start": "start date", "date_end": "end date", "event_type": "type", "online": "online"}


def _same(shown: Any, stored: Any) -> bool:
    """The window shows an empty field as "" and a flag as a bool; the row holds None and 0/1."""
    if shown in (None, "") or stored in (None, ""):
        return shown in (None, "") and stored in (None, "")
    if isinstance(shown, bool) or isinstance(stored, bool):
        return bool(shown) == bool(stored)
    return str(shown) == str(stored)


def _shown(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


def _who(row: dict) -> str:
    """`` by anna at 14:02`` (local time; the date too when it was not today)."""
    try:
        at = datetime.fromisoformat(row["at"]).astimezone()
        when = at.strftime("%H:%M" if at.date() == datetime.now().astimezone().date() else "%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        when = str(row["at"])
    return f" by {row['who']} at {when}"
