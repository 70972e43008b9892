"""The review service: every correction a reviewer makes, and the reads the window needs.

Each edit is one transaction that writes the change, one audit row per
changed value (who, when, table, field, old → new) and marks the field as set
by a reviewer in ``events.edited_fields``. It returns an :class:`Edit`: the
exact list of value changes it made, so :meth:`ReviewService.revert` and
:meth:`ReviewService.reapply` can undo and redo it to the byte.

No Qt here: the window's models and undo commands call these functions.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional

from .model import EVENT_TYPES, STATUSES
from .store import SYSTEM, Store, StoreError, now

#: A field confidence below this is marked for the reviewer.
LOW_CONFIDENCE = 0.6

RELEASE_STATUSES = ("unreviewed", "in_progress", "verified")
_DATE = re.compile(r"^(\d{4}|XXXX)-(\d{2})-(\d{2})$")

# Which columns an Edit may touch (table and column names are never taken from input).
_COLUMNS = {
    "events": {"date_start", "date_end", "event_type", "status", "location", "online", "edited_fields",
               "review_status", "reviewer", "deleted"},
    "releases": {"status", "reviewer"},
    "event_participants": {"name", "role", "person_id", "confidence", "position"},
    "event_organizations": {"name", "confidence", "position"},
    "mentions": set(),
    "field_spans": set(),
}


class ReviewError(StoreError):
    """A refused edit; the message is one line for the user and nothing was saved."""


class InvalidValue(ReviewError):
    pass


class NotFound(ReviewError):
    pass


class Conflict(ReviewError):
    """Undo/redo found the row changed by someone else since; nothing was changed."""


# --------------------------------------------------------------------------
# Edits


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


# --------------------------------------------------------------------------
# Read views


@dataclass
class ReleaseRow:
    id: int
    title: str
    kind: str
    dateline: Optional[str]
    status: str
    document: str  # name of the first page carrying it
    events: int
    has_duplicates: bool
    low_confidence: bool


@dataclass
class Person:
    id: int
    name: str
    role: Optional[str]
    confidence: float


@dataclass
class Organization:
    id: int
    name: str
    confidence: float


@dataclass
class EventView:
    id: int
    release_id: Optional[int]
    date_start: Optional[str]
    date_end: Optional[str]
    event_type: Optional[str]
    status: Optional[str]
    location: Optional[str]
    online: bool
    confidence: dict[str, float]
    edited_fields: list[str]
    origin: str
    review_status: str
    participants: list[Person] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    evidence: Optional[tuple[int, int]] = None  # in the shown document
    mention_id: Optional[int] = None

    @property
    def year_unknown(self) -> bool:
        return any(d is not None and d.startswith("XXXX") for d in (self.date_start, self.date_end))

    def low(self, name: str) -> bool:
        return name not in self.edited_fields and self.confidence.get(name, 1.0) < LOW_CONFIDENCE


@dataclass
class FieldSpan:
    event_id: int
    field: str
    value: Optional[str]
    start: int
    end: int
    confidence: float


@dataclass
class ReleaseDetail:
    release: ReleaseRow
    document_id: int
    item_id: int
    text: str
    item_span: tuple[int, int]
    furniture: list[tuple[int, int, str]]
    events: list[EventView]
    spans: list[FieldSpan]
    pages: list[str]  # every page carrying this release


@dataclass
class Filter:
    status: Optional[str] = None  # one of RELEASE_STATUSES, or None for all
    low_confidence: bool = False
    duplicates: bool = False
    search: str = ""


@dataclass
class TimelineEvent:
    id: int
    release_id: Optional[int]
    date_start: str
    date_end: Optional[str]
    event_type: Optional[str]
    title: str


# --------------------------------------------------------------------------
# Validation


def check_date(value: Optional[str], what: str = "date") -> Optional[str]:
    """An ISO date that exists, or ``XXXX-MM-DD`` when the year is unknown, or None."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    m = _DATE.match(value)
    if not m:
        raise InvalidValue(f"{what} {value!r}: write it as YYYY-MM-DD (XXXX-MM-DD when the year is unknown)")
    year = 2000 if m.group(1) == "XXXX" else int(m.group(1))  # 2000 is a leap year: 29 Feb may be valid
    try:
        date(year, int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise InvalidValue(f"{what} {value!r}: no such day") from None
    return value


def check_range(start: Optional[str], end: Optional[str]) -> None:
    if start and end and start[:4].isdigit() == end[:4].isdigit() and end < start:
        raise InvalidValue(f"end {end} is before start {start}")


def _check_choice(value: Optional[str], allowed: tuple[str, ...], what: str) -> Optional[str]:
    if value in (None, ""):
        return None
    if value not in allowed:
        raise InvalidValue(f"{what} {value!r}: must be one of {', '.join(allowed)}")
    return value


def _clean_name(value: Optional[str], what: str) -> str:
    name = " ".join((value or "").split())
    if not name:
        raise InvalidValue(f"{what}: a name cannot be empty")
    if len(name) > 300:
        raise InvalidValue(f"{what} {name[:40]!r}…: longer than 300 characters")
    return name


def fts_query(text: str) -> str:
    """A user's words as an FTS5 query: each word quoted (no syntax errors), the last one a prefix."""
    words = [w.replace('"', '""') for w in text.split()]
    if not words:
        return ""
    return " ".join(f'"{w}"' for w in words[:-1]) + (" " if len(words) > 1 else "") + f'"{words[-1]}"*'


# --------------------------------------------------------------------------
# The service


class ReviewService:
    """Edits and reads over one :class:`Store`, on behalf of one reviewer."""

    def __init__(self, store: Store, reviewer: str = SYSTEM):
        self.store = store
        self.reviewer = reviewer or SYSTEM

    # -- applying changes ---------------------------------------------------

    def _commit(self, edit: Edit, action: str = "edit") -> Edit:
        """Apply ``edit`` in one transaction with its audit rows; raise before anything is written on a bad value."""
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

    def _apply(self, changes: list[Change], action: str, check: bool) -> None:
        ex = self.store.db.execute
        touched_events = set()
        for ch in changes:
            if ch.table not in _COLUMNS or (ch.column is not None and ch.column not in _COLUMNS[ch.table]):
                raise ReviewError(f"cannot edit {ch.table}.{ch.column}")
            if ch.column is None:
                if ch.new is None:  # the row goes
                    if check and ex(f"SELECT 1 FROM {ch.table} WHERE id = ?", [ch.row_id]).fetchone() is None:
                        raise Conflict(f"{ch.table} row {ch.row_id} is already gone; nothing was changed")
                    if ch.table == "mentions":
                        ex("DELETE FROM field_spans WHERE mention_id = ?", [ch.row_id])
                    ex(f"DELETE FROM {ch.table} WHERE id = ?", [ch.row_id])
                else:  # the row (re)appears, with its id
                    cols = list(ch.new)
                    try:
                        ex(f"INSERT INTO {ch.table} ({', '.join(_q(c) for c in cols)}) VALUES ({', '.join('?' * len(cols))})",
                           [ch.new[c] for c in cols])
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
            if ch.table == "events":
                touched_events.add(ch.row_id)
        stamp = now()
        for event_id in touched_events:
            ex("UPDATE events SET updated_at = ? WHERE id = ?", [stamp, event_id])

    # -- building edits -----------------------------------------------------

    def _event(self, event_id: int) -> dict:
        rows = self.store.rows("SELECT * FROM events WHERE id = ?", [event_id])
        if not rows:
            raise NotFound(f"event {event_id} does not exist")
        return rows[0]

    def _marked(self, ev: dict, *names: str) -> list[Change]:
        """Mark fields as set by a reviewer, and a release just started on as in progress."""
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

    def set_field(self, event_id: int, name: str, value: Any) -> Edit:
        """Set one scalar field of an event (dates, type, status, location, online)."""
        ev = self._event(event_id)
        if name in ("date_start", "date_end"):
            value = check_date(value, "start date" if name == "date_start" else "end date")
            start = value if name == "date_start" else ev["date_start"]
            end = value if name == "date_end" else ev["date_end"]
            check_range(start, end)
        elif name == "event_type":
            value = _check_choice(value, EVENT_TYPES, "type")
        elif name == "status":
            value = _check_choice(value, STATUSES, "status")
        elif name == "location":
            value = " ".join((value or "").split()) or None
        elif name == "online":
            value = int(bool(value))
        else:
            raise InvalidValue(f"{name}: not an event field")
        if ev[name] == value:
            return Edit(f"Set {_label(name)}", [], event_id, ev["release_id"])
        changes = [Change("events", event_id, name, ev[name], value)] + self._marked(ev, name)
        with self.store.transaction():
            self._apply(changes, "edit", check=False)
            if name == "location" and value:
                self.store.teach("place", value, who=self.reviewer)
        return Edit(f"Set {_label(name)} to {value if value is not None else 'nothing'}", changes, event_id, ev["release_id"])

    def set_dates(self, event_id: int, start: Optional[str], end: Optional[str]) -> Edit:
        """Set both dates at once (a one-day event: pass the same date twice)."""
        ev = self._event(event_id)
        start, end = check_date(start, "start date"), check_date(end, "end date")
        check_range(start, end)
        changes = [Change("events", event_id, f, ev[f], v) for f, v in (("date_start", start), ("date_end", end)) if ev[f] != v]
        if not changes:
            return Edit("Set dates", [], event_id, ev["release_id"])
        changes += self._marked(ev, "date_start", "date_end")
        return self._commit(Edit(f"Set dates to {start} – {end}", changes, event_id, ev["release_id"]))

    # participants and organizations

    def add_participant(self, event_id: int, name: str, role: Optional[str] = None) -> Edit:
        name = _clean_name(name, "participant")
        role = " ".join((role or "").split()) or None
        return self._add_row("event_participants", "participants", "person", event_id, name,
                             lambda: {"role": role, "person_id": self.store.person_for(name)})

    def _add_row(self, table: str, field: str, kind: str, event_id: int, name: str, extra) -> Edit:
        """Append a participant or organization row (explicit id, so undo/redo restore the same row)."""
        ev = self._event(event_id)
        with self.store.transaction():
            pos = self.store.db.execute(f"SELECT coalesce(max(position) + 1, 0) FROM {table} WHERE event_id = ?",
                                        [event_id]).fetchone()[0]
            new_id = self.next_id(table)
            row = {"id": new_id, "event_id": event_id, "position": pos, "name": name, "confidence": 1.0, **extra()}
            changes = [Change(table, new_id, None, None, row)] + self._marked(ev, field)
            self._apply(changes, "edit", check=False)
            self.store.teach(kind, name, who=self.reviewer)
        return Edit(f"Add {field[:-1]} {name}", changes, event_id, ev["release_id"])

    def _remove_row(self, table: str, field: str, row_id: int) -> Edit:
        rows = self.store.rows(f"SELECT * FROM {table} WHERE id = ?", [row_id])
        if not rows:
            raise NotFound(f"{field[:-1]} {row_id} does not exist")
        ev = self._event(rows[0]["event_id"])
        changes = [Change(table, row_id, None, rows[0], None)] + self._marked(ev, field)
        return self._commit(Edit(f"Remove {field[:-1]} {rows[0]['name']}", changes, ev["id"], ev["release_id"]))

    def set_participant(self, participant_id: int, name: Optional[str] = None, role: Any = ...) -> Edit:
        """Rename a participant and/or change the role (``role=None`` clears it; omitted keeps it)."""
        rows = self.store.rows("SELECT * FROM event_participants WHERE id = ?", [participant_id])
        if not rows:
            raise NotFound(f"participant {participant_id} does not exist")
        p = rows[0]
        ev = self._event(p["event_id"])
        changes = []
        with self.store.transaction():
            if name is not None:
                name = _clean_name(name, "participant")
                if name != p["name"]:
                    changes += [Change("event_participants", participant_id, "name", p["name"], name),
                                Change("event_participants", participant_id, "person_id", p["person_id"],
                                       self.store.person_for(name))]
                    self.store.teach("person", name, who=self.reviewer)
            if role is not ...:
                role = " ".join((role or "").split()) or None
                if role != p["role"]:
                    changes.append(Change("event_participants", participant_id, "role", p["role"], role))
            if changes:
                changes += self._marked(ev, "participants")
                self._apply(changes, "edit", check=False)
        return Edit(f"Edit participant {name or p['name']}", changes, ev["id"], ev["release_id"])

    def remove_participant(self, participant_id: int) -> Edit:
        return self._remove_row("event_participants", "participants", participant_id)

    def add_organization(self, event_id: int, name: str) -> Edit:
        return self._add_row("event_organizations", "organizations", "organization", event_id,
                             _clean_name(name, "organization"), dict)

    def set_organization(self, organization_id: int, name: str) -> Edit:
        rows = self.store.rows("SELECT * FROM event_organizations WHERE id = ?", [organization_id])
        if not rows:
            raise NotFound(f"organization {organization_id} does not exist")
        o = rows[0]
        ev = self._event(o["event_id"])
        name = _clean_name(name, "organization")
        if name == o["name"]:
            return Edit("Rename organization", [], ev["id"], ev["release_id"])
        changes = [Change("event_organizations", organization_id, "name", o["name"], name)] + self._marked(ev, "organizations")
        with self.store.transaction():
            self._apply(changes, "edit", check=False)
            self.store.teach("organization", name, who=self.reviewer)
        return Edit(f"Rename organization to {name}", changes, ev["id"], ev["release_id"])

    def remove_organization(self, organization_id: int) -> Edit:
        return self._remove_row("event_organizations", "organizations", organization_id)

    # events

    def add_event(self, release_id: int, evidence: Optional[tuple[int, int]] = None, **fields: Any) -> Edit:
        """A new event on a release, optionally reported by a sentence of its shown page.

        The row is created once; the Edit flips its ``deleted`` flag, so undo
        hides it and redo brings back the same event with the same id.
        """
        if not self.store.db.execute("SELECT 1 FROM releases WHERE id = ?", [release_id]).fetchone():
            raise NotFound(f"release {release_id} does not exist")
        start = check_date(fields.get("date_start"), "start date")
        end = check_date(fields.get("date_end", start), "end date")
        check_range(start, end)
        etype = _check_choice(fields.get("event_type"), EVENT_TYPES, "type")
        status = _check_choice(fields.get("status", "held"), STATUSES, "status")
        stamp = now()
        ex = self.store.db.execute
        with self.store.transaction():
            pos = ex("SELECT coalesce(max(position) + 1, 0) FROM events WHERE release_id = ?", [release_id]).fetchone()[0]
            set_fields = [f for f, v in (("date_start", start), ("date_end", end), ("event_type", etype), ("status", status)) if v]
            event_id = ex(
                "INSERT INTO events (release_id, position, date_start, date_end, event_type, status, confidence, edited_fields,"
                " origin, deleted, reviewer, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,'manual',1,?,?,?)",
                [release_id, pos, start, end, etype, status, "{}", json.dumps(set_fields), self.reviewer, stamp, stamp],
            ).lastrowid
            # The new rows go into the audit log whole, so the log alone can recreate them.
            self._log_insert("events", event_id)
            if evidence is not None:
                item_id = self._shown_item(release_id)
                mention_id = ex(
                    "INSERT INTO mentions (event_id, item_id, position, evidence_start, evidence_end) VALUES (?,?,?,?,?)",
                    [event_id, item_id, pos, int(evidence[0]), int(evidence[1])]).lastrowid
                self._log_insert("mentions", mention_id)
            changes = [Change("events", event_id, "deleted", 1, 0)] + self._in_progress(release_id)
            self._apply(changes, "edit", check=False)
        return Edit(f"Add event {event_id}", changes, event_id, release_id)

    def extended(self, edit: Edit, extra: list[Change]) -> Edit:
        """``edit`` with ``extra`` applied too, inside the caller's transaction: one undo step for both."""
        self._apply(extra, "edit", check=False)
        return Edit(edit.label, edit.changes + extra, edit.event_id, edit.release_id)

    def _log_insert(self, table: str, row_id: int) -> None:
        row = self.store.rows(f"SELECT * FROM {table} WHERE id = ?", [row_id])[0]
        self.store.log(self.reviewer, "edit:insert", table, row_id, None, None, row)

    def delete_event(self, event_id: int) -> Edit:
        ev = self._event(event_id)
        if ev["deleted"]:
            raise NotFound(f"event {event_id} is already deleted")
        changes = [Change("events", event_id, "deleted", 0, 1)] + self._in_progress(ev["release_id"])
        return self._commit(Edit(f"Delete event {event_id}", changes, event_id, ev["release_id"]))

    # release status

    def set_release_status(self, release_id: int, status: str) -> Edit:
        """Mark a release (and its events) unreviewed, in progress or verified."""
        _check_choice(status, RELEASE_STATUSES, "release status")
        rows = self.store.rows("SELECT status, reviewer FROM releases WHERE id = ?", [release_id])
        if not rows:
            raise NotFound(f"release {release_id} does not exist")
        changes = []
        if rows[0]["status"] != status:
            changes.append(Change("releases", release_id, "status", rows[0]["status"], status))
        if rows[0]["reviewer"] != self.reviewer:
            changes.append(Change("releases", release_id, "reviewer", rows[0]["reviewer"], self.reviewer))
        for ev in self._release_events(release_id):
            if ev["review_status"] != status:
                changes.append(Change("events", ev["id"], "review_status", ev["review_status"], status))
            if ev["reviewer"] != self.reviewer:
                changes.append(Change("events", ev["id"], "reviewer", ev["reviewer"], self.reviewer))
        return self._commit(Edit(f"Mark release {release_id} {status.replace('_', ' ')}", changes, None, release_id),
                            "verify" if status == "verified" else "edit")

    def _release_events(self, release_id: int) -> list[dict]:
        ids = self._event_ids(release_id)
        if not ids:
            return []
        return self.store.rows(f"SELECT * FROM events WHERE id IN ({','.join('?' * len(ids))}) ORDER BY position, id", ids)

    def next_id(self, table: str) -> int:
        # Explicit ids let undo bring a removed row back as it was.
        return self.store.db.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]

    # -- reads ---------------------------------------------------------------

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

    _ROW_SQL = (
        "SELECT r.id, r.title, r.kind, r.dateline, r.status,"
        " (SELECT d.name FROM items i JOIN documents d ON d.id = i.document_id WHERE i.release_id = r.id ORDER BY i.id LIMIT 1),"
        " (SELECT count(*) FROM events e WHERE e.release_id = r.id AND e.deleted = 0 AND e.merged_into IS NULL),"
        " EXISTS (SELECT 1 FROM events e JOIN dup_candidates c ON c.event_a = e.id WHERE e.release_id = r.id AND c.status IN ('open', 'later'))"
        "  OR EXISTS (SELECT 1 FROM events e JOIN dup_candidates c ON c.event_b = e.id WHERE e.release_id = r.id AND c.status IN ('open', 'later')),"
        " EXISTS (SELECT 1 FROM events e, json_each(e.confidence) j WHERE e.release_id = r.id AND e.deleted = 0"
        "  AND e.merged_into IS NULL AND j.value < ? AND instr(e.edited_fields, '\"' || j.key || '\"') = 0)"
        " FROM releases r"
    )

    def _where(self, flt: Optional[Filter]) -> tuple[str, list]:
        where, params = ["r.merged_into IS NULL"], []
        if flt is None:
            return " WHERE " + where[0], params
        if flt.status:
            where.append("r.status = ?")
            params.append(flt.status)
        if flt.low_confidence:
            where.append("EXISTS (SELECT 1 FROM events e, json_each(e.confidence) j WHERE e.release_id = r.id"
                         " AND e.deleted = 0 AND j.value < ? AND instr(e.edited_fields, '\"' || j.key || '\"') = 0)")
            params.append(LOW_CONFIDENCE)
        if flt.duplicates:
            where.append("(EXISTS (SELECT 1 FROM events e JOIN dup_candidates c ON c.event_a = e.id WHERE e.release_id = r.id"
                         " AND c.status IN ('open', 'later')) OR EXISTS (SELECT 1 FROM events e JOIN dup_candidates c"
                         " ON c.event_b = e.id WHERE e.release_id = r.id AND c.status IN ('open', 'later')))")
        q = fts_query(flt.search)
        if q:
            where.append("r.id IN (SELECT i.release_id FROM items i WHERE i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?))")
            params.append(q)
        return " WHERE " + " AND ".join(where), params

    def release_page(self, after: int = 0, limit: int = 200, flt: Optional[Filter] = None) -> list[ReleaseRow]:
        """The next ``limit`` releases after id ``after`` in list order (keyset paging: as fast on row 90,000 as on row 1)."""
        where, params = self._where(flt)
        cur = self.store.db.execute(f"{self._ROW_SQL}{where} AND r.id > ? ORDER BY r.id LIMIT ?",
                                    [LOW_CONFIDENCE, *params, after, limit])
        return [ReleaseRow(r[0], r[1], r[2], r[3], r[4], r[5] or "", r[6], bool(r[7]), bool(r[8])) for r in cur]

    def release_row(self, release_id: int) -> Optional[ReleaseRow]:
        cur = self.store.db.execute(f"{self._ROW_SQL} WHERE r.id = ?", [LOW_CONFIDENCE, release_id])
        r = cur.fetchone()
        return None if r is None else ReleaseRow(r[0], r[1], r[2], r[3], r[4], r[5] or "", r[6], bool(r[7]), bool(r[8]))

    def count_releases(self, flt: Optional[Filter] = None) -> int:
        where, params = self._where(flt)
        return self.store.db.execute(f"SELECT count(*) FROM releases r{where}", params).fetchone()[0]

    def progress(self) -> tuple[int, int]:
        """(verified, total) releases, for the status bar."""
        row = self.store.db.execute(
            "SELECT count(*), coalesce(sum(status = 'verified'), 0) FROM releases WHERE merged_into IS NULL").fetchone()
        return row[1], row[0]

    def open_duplicate_pairs(self) -> int:
        """Candidate duplicate pairs still to decide (open or put off), for the status bar."""
        return self.store.db.execute("SELECT count(*) FROM dup_candidates WHERE status IN ('open', 'later')").fetchone()[0]

    def next_release(self, after: int, status_not: str = "verified") -> Optional[int]:
        """The next release (wrapping around) whose status is not ``status_not``; None when all are."""
        ex = self.store.db.execute
        for sql, arg in (("id > ?", after), ("id <= ?", after)):
            row = ex(f"SELECT id FROM releases WHERE merged_into IS NULL AND status != ? AND {sql} ORDER BY id LIMIT 1",
                     [status_not, arg]).fetchone()
            if row:
                return row[0]
        return None

    def _shown_item(self, release_id: int) -> int:
        row = self.store.db.execute("SELECT id FROM items WHERE release_id = ? ORDER BY id LIMIT 1", [release_id]).fetchone()
        if row is None:
            raise NotFound(f"release {release_id} has no item")
        return row[0]

    def release_detail(self, release_id: int) -> ReleaseDetail:
        """Everything the page view and the editor show for one release, from its first page."""
        rel = self.release_row(release_id)
        if rel is None:
            raise NotFound(f"release {release_id} does not exist")
        ex = self.store.db.execute
        item_id = self._shown_item(release_id)
        doc_id, start, end = ex('SELECT document_id, start, "end" FROM items WHERE id = ?', [item_id]).fetchone()
        text = self.store.document_text(doc_id)
        furniture = [tuple(r) for r in ex('SELECT start, "end", kind FROM furniture WHERE document_id = ? ORDER BY start', [doc_id])]
        pages = [r[0] for r in ex("SELECT DISTINCT d.name FROM items i JOIN documents d ON d.id = i.document_id"
                                  " WHERE i.release_id = ? ORDER BY d.id", [release_id])]
        events = [self._event_view(ev) for ev in self._release_events(release_id)]
        # The item's mentions, each credited to the live event it now belongs to (after merges).
        by_id = {e.id: e for e in events}
        mentions: dict[int, int] = {}
        for mention_id, event_id, ev_start, ev_end in ex(
                "SELECT id, event_id, evidence_start, evidence_end FROM mentions WHERE item_id = ? ORDER BY position, id", [item_id]):
            owner = self.store.live_root("events", event_id)
            if owner in by_id:
                mentions[mention_id] = owner
                if by_id[owner].evidence is None:
                    by_id[owner].mention_id, by_id[owner].evidence = mention_id, (ev_start, ev_end)
        spans: list[FieldSpan] = []
        if mentions:
            marks = ",".join("?" * len(mentions))
            for r in ex(f'SELECT mention_id, field, value, start, "end", confidence FROM field_spans WHERE mention_id IN ({marks})'
                        " ORDER BY start", list(mentions)):
                spans.append(FieldSpan(mentions[r[0]], *r[1:]))
        return ReleaseDetail(rel, doc_id, item_id, text, (start, end), furniture, events, spans, pages)

    def event(self, event_id: int) -> EventView:
        """One event's fields (no page: ``evidence`` comes with :meth:`release_detail`)."""
        return self._event_view(self._event(event_id))

    def _event_view(self, ev: dict) -> EventView:
        ex = self.store.db.execute
        view = EventView(
            ev["id"], ev["release_id"], ev["date_start"], ev["date_end"], ev["event_type"], ev["status"], ev["location"],
            bool(ev["online"]), json.loads(ev["confidence"] or "{}"), json.loads(ev["edited_fields"] or "[]"),
            ev["origin"], ev["review_status"],
            [Person(*r) for r in ex("SELECT id, name, role, confidence FROM event_participants WHERE event_id = ?"
                                    " ORDER BY position, id", [ev["id"]])],
            [Organization(*r) for r in ex("SELECT id, name, confidence FROM event_organizations WHERE event_id = ?"
                                          " ORDER BY position, id", [ev["id"]])],
        )
        return view

    def timeline(self, limit: int = 5000) -> list[TimelineEvent]:
        """Dated live events in date order (year-unknown ones last), for the timeline view."""
        cur = self.store.db.execute(
            "SELECT e.id, e.release_id, e.date_start, e.date_end, e.event_type, coalesce(r.title, '') FROM events e"
            " LEFT JOIN releases r ON r.id = e.release_id WHERE e.deleted = 0 AND e.merged_into IS NULL"
            " AND e.date_start IS NOT NULL ORDER BY e.date_start LIMIT ?", [limit])
        return [TimelineEvent(*r) for r in cur]

    def audit(self, table: Optional[str] = None, row_id: Optional[int] = None) -> list[dict]:
        sql, params = "SELECT * FROM audit_log", []
        if table is not None:
            sql += " WHERE table_name = ?" + (" AND row_id = ?" if row_id is not None else "")
            params = [table] + ([row_id] if row_id is not None else [])
        return self.store.rows(sql + " ORDER BY id", params)


def _q(column: str) -> str:
    return f'"{column}"'


def _label(name: str) -> str:
    return {"date_start": "start date", "date_end": "end date", "event_type": "type"}.get(name, name)
