"""Notes and "second look" flags on an event or a release: one row per target, written through the change
engine, so each change is audited (it shows in the history), undoable, and exported with the event."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..store import now
from .changes import Change, ChangeEngine, Edit
from .validation import InvalidValue, clean_text

#: Longest note and reason kept (characters): a note is a remark, not a document.
MAX_NOTE = 10_000
MAX_REASON = 500


@dataclass(frozen=True)
class Note:
    id: int
    event_id: Optional[int]
    release_id: Optional[int]
    text: str
    flag: bool  # needs a second look
    reason: str
    who: str
    at: str

    @property
    def empty(self) -> bool:
        return not self.text and not self.flag


class ReviewNotes(ChangeEngine):
    """Reading and writing the note and flag of one event or release."""

    def note(self, *, event_id: Optional[int] = None, release_id: Optional[int] = None) -> Optional[Note]:
        """The note on an event or a release (exactly one of the two), None when there is none."""
        column, target = _target(event_id, release_id)
        rows = self.store.db.execute(
            f"SELECT id, event_id, release_id, text, flag, coalesce(reason, ''), coalesce(who, ''), coalesce(at, '')"
            f" FROM notes WHERE {column} = ?", [target]).fetchall()
        if not rows:
            return None
        nid, eid, rid, text, flag, reason, who, at = rows[0]
        return Note(nid, eid, rid, text, bool(flag), reason, who, at)

    def set_note(self, text: str = "", flag: bool = False, reason: str = "", *, event_id: Optional[int] = None,
                 release_id: Optional[int] = None) -> Edit:
        """Write the note and flag of an event or a release (empty text and no flag clear them).

        A flag needs its reason; the target must be live (a deleted or merged-away event's note is
        shown and exported nowhere). One action: audited as ``note``.
        """
        column, target = _target(event_id, release_id)
        text = (text or "").strip()
        reason = clean_text(reason) or ""
        if len(text) > MAX_NOTE:
            raise InvalidValue(f"note: {len(text):,} characters; at most {MAX_NOTE:,}")
        if len(reason) > MAX_REASON:
            raise InvalidValue(f"reason: {len(reason):,} characters; at most {MAX_REASON}")
        if flag and not reason:
            raise InvalidValue("second look: say why (the reason is empty)")
        flagged, reason = int(bool(flag)), (reason if flag else "")
        with self.store.transaction():
            if event_id is not None:
                release_id_shown = self._live_event(event_id)["release_id"]
            else:
                self._live_release(target)
                release_id_shown = target
            row = self.store.rows(f"SELECT * FROM notes WHERE {column} = ?", [target])
            stamp = now()
            if not row:
                if not text and not flagged:
                    return Edit("Note", [], event_id, release_id_shown)
                note_id = self.next_id("notes")
                new = {"id": note_id, "event_id": event_id, "release_id": release_id, "text": text,
                       "flag": flagged, "reason": reason or None, "who": self.reviewer, "at": stamp}
                changes = [Change("notes", note_id, None, None, new)]
            else:
                old = row[0]
                wanted = {"text": text, "flag": flagged, "reason": reason or None}
                changes = [Change("notes", old["id"], c, old[c], v) for c, v in wanted.items() if old[c] != v]
                if not changes:
                    return Edit("Note", [], event_id, release_id_shown)
                changes += [Change("notes", old["id"], c, old[c], v) for c, v in (("who", self.reviewer), ("at", stamp))
                            if old[c] != v]
            self._apply(changes, "note", check=False)
        what = f"event {event_id}" if event_id is not None else f"release {release_id}"
        label = ("Flag" if flag else "Note on") if (text or flag) else "Clear the note on"
        return Edit(f"{label} {what}", changes, event_id, release_id_shown)


def _target(event_id: Optional[int], release_id: Optional[int]) -> tuple[str, int]:
    if event_id is not None and release_id is None:
        return "event_id", int(event_id)
    if release_id is not None and event_id is None:
        return "release_id", int(release_id)
    raise InvalidValue("a note is on one event or one release")
