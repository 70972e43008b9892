"""Read the events to export out of the store, in a fixed order.

Everything the writers need is gathered here with a handful of bulk queries
(no query per event, so a large database exports in seconds) and sorted by
id, so the same database always gives the same rows in the same order.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..store import Store
from .atomic import ExportCancelled

SCOPES = ("verified", "all")


@dataclass
class Participant:
    name: str
    role: Optional[str]
    person_id: Optional[int]
    aliases: list[str] = field(default_factory=list)  # other spellings of the same person


@dataclass
class Source:
    doc: str
    sha256: str
    start: int
    end: int
    evidence: str


@dataclass
class EventFields:
    """What an event says and how far it is reviewed: the export writes these, import-events reads them back."""

    date_start: Optional[str]
    date_end: Optional[str]
    event_type: Optional[str]
    status: Optional[str]
    location: Optional[str]
    online: bool
    review_status: str
    reviewer: Optional[str]
    updated_at: Optional[str]
    edited_fields: list[str]


@dataclass
class Event(EventFields):
    id: int = 0
    participants: list[Participant] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)


@dataclass
class Dataset:
    scope: str
    events: list[Event]
    people: dict[int, tuple[str, list[str]]]  # person id -> (name, every alias, sorted)
    documents: list[tuple[str, str]]  # (name, sha256) of every page a source cites, sorted

    @property
    def reviewers(self) -> list[str]:
        return sorted({e.reviewer for e in self.events if e.reviewer})


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def canonical_roots(store: Store) -> dict[int, int]:
    """Map every event id to the canonical event it now belongs to (itself, or the end of its merged_into chain)."""
    parent = dict(store.db.execute("SELECT id, merged_into FROM events").fetchall())
    roots: dict[int, int] = {}
    for eid in parent:
        seen, cur = [], eid
        while parent.get(cur) is not None and cur not in seen and cur not in roots:
            seen.append(cur)
            cur = parent[cur]
        root = roots.get(cur, cur)
        for s in seen + [eid]:
            roots[s] = root
    return roots


def load(store: Store, scope: str = "verified", progress: Optional[Callable[[int, int, str], None]] = None,
         cancelled: Callable[[], bool] = lambda: False) -> Dataset:
    """The canonical events in ``scope`` ('verified' or 'all') with their people, organizations and sources."""
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    where = "deleted = 0 AND merged_into IS NULL" + (" AND review_status = 'verified'" if scope == "verified" else "")
    rows = store.rows(
        "SELECT id, date_start, date_end, event_type, status, location, online, review_status, reviewer,"
        f" updated_at, edited_fields FROM events WHERE {where} ORDER BY id"
    )
    events = {r["id"]: Event(**{**r, "online": bool(r["online"]), "edited_fields": sorted(json.loads(r["edited_fields"] or "[]"))})
              for r in rows}
    total = len(events)
    if progress:  # the writers count the events off; reading them is a few bulk queries
        progress(0, total, "Reading events")

    people_ids: set[int] = set()
    for r in store.rows("SELECT event_id, name, role, person_id FROM event_participants ORDER BY event_id, position, id"):
        ev = events.get(r["event_id"])
        if ev is not None:
            ev.participants.append(Participant(r["name"], r["role"], r["person_id"]))
            if r["person_id"] is not None:
                people_ids.add(r["person_id"])
    for r in store.rows("SELECT event_id, name FROM event_organizations ORDER BY event_id, position, id"):
        ev = events.get(r["event_id"])
        if ev is not None:
            ev.organizations.append(r["name"])

    # Mentions of events merged into a canonical one are its sources too,
    # whether the merge moved them or left them on the absorbed event.
    roots = canonical_roots(store)
    seen_docs: set[tuple[str, str]] = set()
    cites: dict[int, list[tuple]] = defaultdict(list)
    for r in store.db.execute(
        "SELECT mentions.id, mentions.event_id, documents.name, documents.sha256, mentions.evidence_start,"
        " mentions.evidence_end, substr(documents.text, mentions.evidence_start + 1,"
        " mentions.evidence_end - mentions.evidence_start)"
        " FROM mentions JOIN items ON items.id = mentions.item_id JOIN documents ON documents.id = items.document_id"
    ):
        root = roots.get(r[1], r[1])
        if root in events:
            cites[root].append(r)
    for eid, ev in events.items():
        if cancelled():
            raise ExportCancelled("export cancelled; nothing was written")
        for _mid, _eid, doc, sha, start, end, evidence in sorted(cites.get(eid, ()), key=lambda c: (c[2], c[4], c[5], c[0])):
            src = Source(doc, sha, start, end, evidence)
            if ev.sources and ev.sources[-1] == src:
                continue  # the same sentence of the same page, reached through two merged events
            ev.sources.append(src)
            seen_docs.add((doc, sha))

    people: dict[int, tuple[str, list[str]]] = {}
    if people_ids:
        names = dict(store.db.execute("SELECT id, name FROM people").fetchall())
        aliases: dict[int, set[str]] = defaultdict(set)
        for pid, alias in store.db.execute("SELECT person_id, alias FROM person_aliases"):
            if pid in people_ids:
                aliases[pid].add(alias)
        for pid in sorted(people_ids):
            if pid in names:
                people[pid] = (names[pid], sorted(aliases[pid] | {names[pid]}))
        for ev in events.values():
            for p in ev.participants:
                if p.person_id not in people:
                    p.person_id = None  # a dangling link would break the export's foreign keys
                else:
                    p.aliases = [a for a in people[p.person_id][1] if _key(a) != _key(p.name)]
    return Dataset(scope, list(events.values()), people, sorted(seen_docs))
