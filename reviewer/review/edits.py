"""The corrections a reviewer makes, each built as an :class:`Edit` and applied by the change engine.

Every operation validates its values first (raising before anything is
written), marks the fields it sets as a reviewer's in ``edited_fields`` (so
re-extraction never overwrites them) and starts an unreviewed release.
"""
from __future__ import annotations

import json
from typing import Any, Optional

from ..model import EVENT_TYPES, STATUSES
from ..store import now
from .changes import Change, ChangeEngine, Edit
from .lookups import NO_CHECK
from .validation import InvalidValue, check_choice, check_date, check_range, clean_name, clean_text
from .views import RELEASE_STATUSES


class ReviewEdits(ChangeEngine):
    """Event fields, participants, organizations, events and release status.

    Every edit reads the rows it changes inside its own write transaction
    (``BEGIN IMMEDIATE``), so two windows or a window and an import never
    build a change from a stale row. ``expected`` is what the window showed:
    when the stored value differs, someone changed it since and the edit is
    refused with a :class:`Conflict` naming who (never a silent overwrite).
    """

    # -- scalar fields -------------------------------------------------------

    def set_field(self, event_id: int, name: str, value: Any, *, expected: Any = NO_CHECK) -> Edit:
        """Set one scalar field of an event (dates, type, status, location, online)."""
        if name in ("date_start", "date_end"):
            value = check_date(value, "start date" if name == "date_start" else "end date")
        elif name == "event_type":
            value = check_choice(value, EVENT_TYPES, "type")
        elif name == "status":
            value = check_choice(value, STATUSES, "status")
        elif name == "location":
            value = clean_text(value)
        elif name == "online":
            value = int(bool(value))
        else:
            raise InvalidValue(f"{name}: not an event field")
        with self.store.transaction():
            ev = self._live_event(event_id)
            if ev[name] == value:  # already so (perhaps set the same by someone else): nothing to refuse
                return Edit(f"Set {_label(name)}", [], event_id, ev["release_id"])
            self._expect("events", ev, {name: expected}, "{column}")
            if name in ("date_start", "date_end"):
                check_range(value if name == "date_start" else ev["date_start"], value if name == "date_end" else ev["date_end"])
            changes = [Change("events", event_id, name, ev[name], value)] + self._marked(ev, name)
            self._apply(changes, "edit", check=False)
            if name == "location" and value:
                self.store.teach("place", value, who=self.reviewer)
        return Edit(f"Set {_label(name)} to {value if value is not None else 'nothing'}", changes, event_id, ev["release_id"])

    def set_dates(self, event_id: int, start: Optional[str], end: Optional[str], *, expected: Any = NO_CHECK) -> Edit:
        """Set both dates at once (a one-day event: pass the same date twice); ``expected``: (start, end) as shown."""
        start, end = check_date(start, "start date"), check_date(end, "end date")
        check_range(start, end)
        shown = (NO_CHECK, NO_CHECK) if expected is NO_CHECK else expected
        with self.store.transaction():
            ev = self._live_event(event_id)
            changes = [Change("events", event_id, f, ev[f], v) for f, v in (("date_start", start), ("date_end", end)) if ev[f] != v]
            if not changes:
                return Edit("Set dates", [], event_id, ev["release_id"])
            self._expect("events", ev, {"date_start": shown[0], "date_end": shown[1]}, "{column}")
            changes += self._marked(ev, "date_start", "date_end")
            return self._commit(Edit(f"Set dates to {start} – {end}", changes, event_id, ev["release_id"]))

    # -- participants and organizations ---------------------------------------

    def add_participant(self, event_id: int, name: str, role: Optional[str] = None) -> Edit:
        name = clean_name(name, "participant")
        role = clean_text(role)
        # Only the person of exactly this name: a typed name is never linked as an alias the reviewer did not see.
        return self._add_row("event_participants", "participants", "person", event_id, name,
                             lambda: {"role": role, "person_id": self.store.person_for(name, exact=True)})

    def set_participant(self, participant_id: int, name: Optional[str] = None, role: Any = ..., *,
                        expected: Any = NO_CHECK) -> Edit:
        """Rename a participant and/or change the role (``role=None`` clears it; omitted keeps it).

        ``expected``: (name, role) as the window showed them.
        """
        if name is not None:
            name = clean_name(name, "participant")
        if role is not ...:
            role = clean_text(role)
        shown_name, shown_role = (NO_CHECK, NO_CHECK) if expected is NO_CHECK else expected
        with self.store.transaction():
            p = self._list_row("event_participants", "participant", participant_id)
            ev = self._event(p["event_id"])
            changes = []
            if name is not None and name != p["name"]:
                self._expect("event_participants", p, {"name": shown_name}, f"participant {p['name']!r}: {{column}}")
                changes += [Change("event_participants", participant_id, "name", p["name"], name),
                            Change("event_participants", participant_id, "person_id", p["person_id"],
                                   self.store.person_for(name))]  # a known spelling stays its person
                self.store.teach("person", name, who=self.reviewer)
            if role is not ... and role != p["role"]:
                self._expect("event_participants", p, {"role": shown_role}, f"the role of {p['name']!r}")
                changes.append(Change("event_participants", participant_id, "role", p["role"], role))
            if changes:
                changes += _set_by_reviewer("event_participants", p) + self._marked(ev, "participants")
                self._apply(changes, "edit", check=False)
        return Edit(f"Edit participant {name or p['name']}", changes, ev["id"], ev["release_id"])

    def remove_participant(self, participant_id: int) -> Edit:
        return self._remove_row("event_participants", "participants", participant_id)

    def add_organization(self, event_id: int, name: str) -> Edit:
        return self._add_row("event_organizations", "organizations", "organization", event_id,
                             clean_name(name, "organization"), dict)

    def set_organization(self, organization_id: int, name: str, *, expected: Any = NO_CHECK) -> Edit:
        """Rename an organization; ``expected``: its name as the window showed it."""
        name = clean_name(name, "organization")
        with self.store.transaction():
            o = self._list_row("event_organizations", "organization", organization_id)
            ev = self._event(o["event_id"])
            if name == o["name"]:
                return Edit("Rename organization", [], ev["id"], ev["release_id"])
            self._expect("event_organizations", o, {"name": expected}, f"organization {o['name']!r}")
            changes = [Change("event_organizations", organization_id, "name", o["name"], name),
                       *_set_by_reviewer("event_organizations", o)] + self._marked(ev, "organizations")
            self._apply(changes, "edit", check=False)
            self.store.teach("organization", name, who=self.reviewer)
        return Edit(f"Rename organization to {name}", changes, ev["id"], ev["release_id"])

    def remove_organization(self, organization_id: int) -> Edit:
        return self._remove_row("event_organizations", "organizations", organization_id)

    def _add_row(self, table: str, field: str, kind: str, event_id: int, name: str, extra) -> Edit:
        """Append a participant or organization row (explicit id, so undo/redo restore the same row)."""
        with self.store.transaction():
            ev = self._live_event(event_id)
            pos = self.store.db.execute(f"SELECT coalesce(max(position) + 1, 0) FROM {table} WHERE event_id = ?",
                                        [event_id]).fetchone()[0]
            new_id = self.next_id(table)
            # every column, "checked" too: the audit row must recreate the row whole
            row = {"id": new_id, "event_id": event_id, "position": pos, "name": name, "confidence": 1.0, "checked": 0,
                   **extra()}
            changes = [Change(table, new_id, None, None, row)] + self._marked(ev, field)
            self._apply(changes, "edit", check=False)
            self.store.teach(kind, name, who=self.reviewer)
        return Edit(f"Add {field[:-1]} {name}", changes, event_id, ev["release_id"])

    def _remove_row(self, table: str, field: str, row_id: int) -> Edit:
        with self.store.transaction():
            row = self._list_row(table, field[:-1], row_id)
            ev = self._event(row["event_id"])
            changes = [Change(table, row_id, None, row, None)] + self._marked(ev, field)
            return self._commit(Edit(f"Remove {field[:-1]} {row['name']}", changes, ev["id"], ev["release_id"]))

    # -- events ---------------------------------------------------------------

    def add_event(self, release_id: int, evidence: Optional[tuple[int, int]] = None, **fields: Any) -> Edit:
        """A new event on a release, optionally reported by a sentence of its shown page.

        The row is created once; the Edit flips its ``deleted`` flag, so undo
        hides it and redo brings back the same event with the same id.
        """
        start = check_date(fields.get("date_start"), "start date")
        end = check_date(fields.get("date_end", start), "end date")
        check_range(start, end)
        etype = check_choice(fields.get("event_type"), EVENT_TYPES, "type")
        status = check_choice(fields.get("status", "held"), STATUSES, "status")
        stamp = now()
        ex = self.store.db.execute
        with self.store.transaction():
            self._live_release(release_id)  # an event added to a folded release would be shown and exported nowhere
            pos = ex("SELECT coalesce(max(position) + 1, 0) FROM events WHERE release_id = ?", [release_id]).fetchone()[0]
            set_fields = [f for f, v in (("date_start", start), ("date_end", end), ("event_type", etype), ("status", status)) if v]
            event_id = ex(
                "INSERT INTO events (release_id, position, date_start, date_end, event_type, status, confidence, edited_fields,"
                " origin, deleted, reviewer, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,'manual',1,?,?,?)",
                [release_id, pos, start, end, etype, status, "{}", json.dumps(set_fields), self.reviewer, stamp, stamp],
            ).lastrowid
            assert event_id is not None  # set by the INSERT just run
            # The new rows go into the audit log whole, so the log alone can recreate them.
            self._log_insert("events", event_id)
            if evidence is not None:
                item_id = self._shown_item(release_id)
                mention_id = ex(
                    "INSERT INTO mentions (event_id, item_id, position, evidence_start, evidence_end) VALUES (?,?,?,?,?)",
                    [event_id, item_id, pos, int(evidence[0]), int(evidence[1])]).lastrowid
                assert mention_id is not None  # set by the INSERT just run
                self._log_insert("mentions", mention_id)
            changes = [Change("events", event_id, "deleted", 1, 0)] + self._in_progress(release_id)
            self._apply(changes, "edit", check=False)
        return Edit(f"Add event {event_id}", changes, event_id, release_id)

    def delete_event(self, event_id: int) -> Edit:
        with self.store.transaction():
            ev = self._live_event(event_id)
            changes = [Change("events", event_id, "deleted", 0, 1)] + self._in_progress(ev["release_id"])
            return self._commit(Edit(f"Delete event {event_id}", changes, event_id, ev["release_id"]))

    # -- release status -------------------------------------------------------

    def set_release_status(self, release_id: int, status: str) -> Edit:
        """Mark a release (and its events) unreviewed, in progress or verified."""
        # Unlike an event field, a release always has a status: empty is refused, not "unknown".
        if check_choice(status, RELEASE_STATUSES, "release status") is None:
            raise InvalidValue(f"release status {status!r}: must be one of {', '.join(RELEASE_STATUSES)}")
        with self.store.transaction():
            rel = self._live_release(release_id)
            changes = []
            if rel["status"] != status:
                changes.append(Change("releases", release_id, "status", rel["status"], status))
            if rel["reviewer"] != self.reviewer:
                changes.append(Change("releases", release_id, "reviewer", rel["reviewer"], self.reviewer))
            for ev in self._release_events(release_id):
                if ev["review_status"] != status:
                    changes.append(Change("events", ev["id"], "review_status", ev["review_status"], status))
                if ev["reviewer"] != self.reviewer:
                    changes.append(Change("events", ev["id"], "reviewer", ev["reviewer"], self.reviewer))
            return self._commit(Edit(f"Mark release {release_id} {status.replace('_', ' ')}", changes, None, release_id),
                                "verify" if status == "verified" else "edit")


def _label(name: str) -> str:
    return {"date_start": "start date", "date_end": "end date", "event_type": "type"}.get(name, name)


def _set_by_reviewer(table: str, row: dict) -> list[Change]:
    """A participant or organization a reviewer corrected needs no more attention (review.attention)."""
    return [] if row["checked"] else [Change(table, row["id"], "checked", row["checked"], 1)]
