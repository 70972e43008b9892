"""Fill one chunk of events with their participants, organizations and sources.

A chunk is a few thousand events read together: each kind of detail is one
bulk query over the whole chunk (never a query per event), and nothing
outside the chunk is held, so the memory an export needs stays the same
however many events the database has. The event ids go to SQLite as one JSON
array (``json_each``), which has no limit on how many ids it holds.
"""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Iterable, Optional

from ..queries import merged_family
from ..store import Store
from ..names import name_key
from .records import Event, Organization, Participant, Source

# Every event id whose merged_into chain ends at a chunk event, with that
# event (its root): a mention of an absorbed event is a source of its root,
# whether the merge moved the mention or left it on the absorbed event. The
# walk goes down from the roots, so a corrupt cycle (which has no root) is
# never entered; UNION would stop it anyway.
_FAMILY = merged_family("SELECT value AS id FROM json_each(:ids)")

_SOURCES = _FAMILY + """
SELECT family.root, mentions.id, documents.id, documents.name, documents.sha256,
       mentions.evidence_start, mentions.evidence_end,
       substr(documents.text, mentions.evidence_start + 1, mentions.evidence_end - mentions.evidence_start),
       documents.url, documents.published
FROM family
JOIN mentions ON mentions.event_id = family.id
JOIN items ON items.id = mentions.item_id
JOIN documents ON documents.id = items.document_id
"""


def id_list(ids: Iterable[int]) -> str:
    """Ids as one query parameter, for ``json_each``."""
    return json.dumps(list(ids))


def fill(store: Store, chunk: dict[int, Event]) -> set[int]:
    """Give the chunk's events (by id) their details; returns the ids of the documents their sources cite."""
    ids = id_list(chunk)
    _participants(store, chunk, ids)
    for eid, name, entity_id, canonical, authority_id in store.db.execute(
        "SELECT o.event_id, o.name, en.id, en.name, en.authority_id FROM event_organizations o"
        " LEFT JOIN entities en ON en.id = o.entity_id WHERE o.event_id IN (SELECT value FROM json_each(?))"
        " ORDER BY o.event_id, o.position, o.id", [ids]
    ):
        chunk[eid].organizations.append(name)
        chunk[eid].organization_entities.append(Organization(name, entity_id, canonical, authority_id))
    for eid, place_id, country in store.db.execute(
        "SELECT e.id, en.id, en.country FROM events e JOIN entities en ON en.id = e.place_id"
        " WHERE e.id IN (SELECT value FROM json_each(?))", [ids]
    ):
        chunk[eid].place_id, chunk[eid].location_country = place_id, country
    _notes(store, chunk, ids)
    return _sources(store, chunk, ids)


# Notes and flags (reviewer.review.notes) of each chunk event, the events merged into it and its release; a
# cleared note (no text, no flag) is none.
_NOTES = _FAMILY + """
SELECT family.root, 'event', n.id, n.text, n.flag, n.reason, n.who, n.at
FROM family JOIN notes n ON n.event_id = family.id WHERE n.text != '' OR n.flag = 1
UNION ALL
SELECT e.id, 'release', n.id, n.text, n.flag, n.reason, n.who, n.at
FROM events e JOIN notes n ON n.release_id = e.release_id
WHERE e.id IN (SELECT value FROM json_each(:ids)) AND (n.text != '' OR n.flag = 1)
ORDER BY 1, 2, 3
"""


def _notes(store: Store, chunk: dict[int, Event], ids: str) -> None:
    for eid, on, _nid, text, flag, reason, who, at in store.db.execute(_NOTES, {"ids": ids}):
        chunk[eid].notes.append({"on": on, "text": text, "second_look": bool(flag), "reason": reason,
                                 "by": who, "at": at})


def people(store: Store, ids: Iterable[int]) -> dict[int, tuple[str, list[str]]]:
    """Person id -> (name, every spelling sorted, the name included) for the people that exist among ``ids``."""
    return {eid: (name, spellings) for eid, (_kind, name, _aid, _country, spellings) in entities(store, ids).items()}


def entities(store: Store, ids: Iterable[int]) -> dict[int, tuple[str, str, Optional[str], Optional[str], list[str]]]:
    """Entity id -> (kind, canonical name, authority id, country, every spelling sorted, the name included) for
    the entities that exist among ``ids``."""
    listed = id_list(ids)
    rows = {r[0]: r[1:] for r in store.db.execute(
        "SELECT id, kind, name, authority_id, country FROM entities WHERE id IN (SELECT value FROM json_each(?))", [listed])}
    aliases: dict[int, set[str]] = defaultdict(set)
    for pid, alias in store.db.execute(
        "SELECT entity_id, name FROM entity_variants WHERE entity_id IN (SELECT value FROM json_each(?))", [listed]
    ):
        aliases[pid].add(alias)
    return {eid: (kind, name, aid, country, sorted(aliases[eid] | {name})) for eid, (kind, name, aid, country) in rows.items()}


def _participants(store: Store, chunk: dict[int, Event], ids: str) -> None:
    rows = store.db.execute(
        "SELECT event_id, name, role, person_id FROM event_participants"
        " WHERE event_id IN (SELECT value FROM json_each(?)) ORDER BY event_id, position, id", [ids]
    ).fetchall()
    found = entities(store, {r[3] for r in rows if r[3] is not None})
    spellings = {pid: [(a, name_key(a)) for a in aliases] for pid, (*_, aliases) in found.items()}
    for eid, name, role, pid in rows:
        if pid not in spellings:
            pid = None  # a dangling link would break the export's foreign keys
        p = Participant(name, role, pid)
        if pid is not None:  # the other spellings: the one written here is the name itself
            p.canonical, p.authority_id = found[pid][1], found[pid][2]
            key = name_key(name)
            p.aliases = [a for a, k in spellings[pid] if k != key]
        chunk[eid].participants.append(p)


def _sources(store: Store, chunk: dict[int, Event], ids: str) -> set[int]:
    cites: dict[int, list[tuple]] = defaultdict(list)
    for row in store.db.execute(_SOURCES, {"ids": ids}):
        cites[row[0]].append(row)
    documents: set[int] = set()
    for eid, rows in cites.items():
        ev = chunk[eid]
        # by document name, then offset; the mention id settles ties, so the order never varies
        for _root, _mid, doc_id, doc, sha, start, end, evidence, url, published in sorted(
                rows, key=lambda r: (r[3], r[5], r[6], r[1])):
            src = Source(doc, sha, start, end, evidence, url, published)
            if ev.sources and ev.sources[-1] == src:
                continue  # the same sentence of the same page, reached through two merged events
            ev.sources.append(src)
            documents.add(doc_id)
    return documents
