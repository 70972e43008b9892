"""The events to export, read out of the store chunk by chunk in a fixed order.

A :class:`Dataset` never holds all its events: :meth:`Dataset.events` reads
a chunk of them by id, fills in their details (``chunk``) and hands them on,
so an export of any size needs about the memory of one chunk. What the whole
export refers to (the people, the pages cited, the reviewers) is gathered on
the way as ids and names and read after the events, for the tables and the
``datapackage.json`` written last. Rows come sorted by id, so the same
database always gives the same rows in the same order.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Iterator, Optional

from ..queries import LIVE, merged_family
from ..store import Store
from . import chunk
from .records import Event, EventFields, Participant, Source

SCOPES = ("verified", "all")

#: Events read per round of queries: large enough that the few queries per
#: chunk cost nothing next to writing, small enough to keep memory flat.
CHUNK = 2000

_COLUMNS = "id, date_start, date_end, event_type, status, location, online, review_status, reviewer, updated_at, edited_fields"


class Dataset:
    """The canonical events in ``scope`` ('verified' or 'all'); iterate :meth:`events` once, then ask for the rest."""

    def __init__(self, store: Store, scope: str = "verified") -> None:
        if scope not in SCOPES:
            raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
        self.store, self.scope = store, scope
        self._where = LIVE + (" AND review_status = 'verified'" if scope == "verified" else "")
        #: Events in scope, counted first so progress can show a total.
        self.total: int = store.db.execute(f"SELECT count(*) FROM events WHERE {self._where}").fetchone()[0]
        #: Events handed out so far (all of them once :meth:`events` is done).
        self.count = 0
        self._people: set[int] = set()
        self._entities: set[int] = set()  # people, organizations and places the events name
        self._documents: set[int] = set()
        self._reviewers: set[str] = set()

    def events(self) -> Iterator[Event]:
        """Every event in scope by id, with participants, organizations and sources."""
        after: list[int] = []  # the last id of the previous chunk: the next one starts past it
        while True:
            rows = self.store.db.execute(
                f"SELECT {_COLUMNS} FROM events WHERE {self._where}{' AND id > ?' if after else ''}"
                " ORDER BY id LIMIT ?", [*after, CHUNK],
            ).fetchall()
            if not rows:
                return
            events = {r[0]: _event(r) for r in rows}
            self._documents |= chunk.fill(self.store, events)
            for ev in events.values():
                self._people.update(p.person_id for p in ev.participants if p.person_id is not None)
                self._entities.update(o.entity_id for o in ev.organization_entities if o.entity_id is not None)
                if ev.place_id is not None:
                    self._entities.add(ev.place_id)
                if ev.reviewer:
                    self._reviewers.add(ev.reviewer)
                self.count += 1
                yield ev
            after = [rows[-1][0]]

    def people(self) -> Iterator[tuple[int, str, list[str]]]:
        """(id, name, every spelling sorted) of each person the events name, by id: after :meth:`events`."""
        ids = sorted(self._people)
        for i in range(0, len(ids), CHUNK):
            found = chunk.people(self.store, ids[i:i + CHUNK])
            for pid in ids[i:i + CHUNK]:
                if pid in found:  # always, inside a snapshot: each id was seen to exist while streaming
                    yield pid, *found[pid]

    def entities(self) -> Iterator[tuple[int, str, str, Optional[str], Optional[str], list[str]]]:
        """(id, kind, canonical name, authority id, country, every spelling sorted) of each person, organization
        and place the events name, by id: after :meth:`events`."""
        ids = sorted(self._people | self._entities)
        for i in range(0, len(ids), CHUNK):
            found = chunk.entities(self.store, ids[i:i + CHUNK])
            for eid in ids[i:i + CHUNK]:
                if eid in found:
                    yield eid, *found[eid]

    def documents(self) -> Iterator[tuple[str, str]]:
        """(name, sha256) of every page a source cites, sorted: after :meth:`events`.

        One query sorts them (a sha256 belongs to one page, so no pair
        repeats), handed out one by one rather than as a list: at 100,000
        pages a list beside the descriptor's entries would be tens of MB.
        """
        yield from self.store.db.execute(
            "SELECT name, sha256 FROM documents WHERE id IN (SELECT value FROM json_each(?)) ORDER BY name, sha256",
            [chunk.id_list(sorted(self._documents))])

    @property
    def reviewers(self) -> list[str]:
        """Who reviewed the events handed out so far, sorted."""
        return sorted(self._reviewers)


def _event(row: tuple) -> Event:
    eid, date_start, date_end, event_type, status, location, online, review_status, reviewer, updated_at, edited = row
    return Event(date_start, date_end, event_type, status, location, bool(online), review_status, reviewer,
                 updated_at, sorted(json.loads(edited or "[]")), id=eid)


@contextmanager
def snapshot(store: Store) -> Iterator[None]:
    """Read the store as of one moment, however long the export takes.

    The events are read a chunk at a time while the files are written; one
    read transaction makes every chunk, the count and the people see the
    same database even if the window saves an edit meanwhile.
    """
    conn = store.db.conn
    if conn.in_transaction:  # the caller's transaction already gives one view
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")  # only read: nothing to keep


def canonical_roots(store: Store) -> dict[int, int]:
    """Map every event id to the canonical event it now belongs to (itself, or the end of its merged_into chain)."""
    roots: dict[int, int] = dict(store.db.execute(
        merged_family("SELECT id FROM events WHERE merged_into IS NULL") + "SELECT id, root FROM family").fetchall())
    for (eid,) in store.db.execute("SELECT id FROM events"):
        roots.setdefault(eid, eid)  # an event on a corrupt merged_into cycle has no root: it stands for itself
    return roots


__all__ = ["CHUNK", "SCOPES", "Dataset", "Event", "EventFields", "Participant", "Source", "canonical_roots", "snapshot"]
