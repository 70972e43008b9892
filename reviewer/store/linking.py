"""Entity rows as the store writes them: a new entity for a spelling first seen, rows linked by spelling,
and the counts the entity list shows. Below the migrations, which link an upgraded database the same way."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional

import sqlite_utils

from ..names import name_key
from ..places import country_of
from ..queries import LIVE_E

#: The schema that brought the entity tables (migration 14).
SCHEMA = 14

#: The column that ties each table's rows to their entity (a person, an organization, a place).
LINK_COLUMNS = {"event_participants": "person_id", "event_organizations": "entity_id", "events": "place_id"}

#: The reviewer recorded for what the import does (the same as connection.SYSTEM).
_SYSTEM = "system"

#: Above this many entities to count again, one pass over every event row is cheaper than one look-up each.
FULL_COUNT = 2000


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def new_entity(db: sqlite_utils.Database, kind: str, name: str, origin: str = "extracted",
               with_variant: bool = True) -> int:
    """A new entity named ``name`` (a gazetteer city with its country) with ``name`` as its first spelling."""
    stamp = _now()
    entity_id = db.execute(
        "INSERT INTO entities (kind, name, country, created_by, created_at) VALUES (?,?,?,?,?)",
        [kind, name, country_of(name) if kind == "place" else None, _SYSTEM, stamp]).lastrowid
    assert entity_id is not None  # set by the INSERT just run
    if with_variant:
        db.execute("INSERT INTO entity_variants (entity_id, kind, name, key, origin, created_by, created_at)"
                   " VALUES (?,?,?,?,?,?,?)", [entity_id, kind, name, name_key(name), origin, _SYSTEM, stamp])
    return entity_id


def entity_for(db: sqlite_utils.Database, kind: str, name: Optional[str]) -> Optional[int]:
    """The entity a spelling of an organization or place belongs to, made on first sight; None for no name."""
    key = name_key(name or "")
    if not key:
        return None
    row = db.execute("SELECT entity_id FROM entity_variants WHERE kind = ? AND key = ?", [kind, key]).fetchone()
    return row[0] if row else new_entity(db, kind, " ".join((name or "").split()))


def link_unlinked(db: sqlite_utils.Database) -> int:
    """Link the organization rows and event places written without their entity (a name a reviewer typed, a
    row an undo brought back, a row renamed: triggers clear the link of a renamed row); how many were linked.

    One statement per table, by spelling (a temporary table maps each spelling to its entity), so an upgraded
    archive's hundred thousand rows link in seconds; with nothing unlinked it is one look-up in a partial index.
    """
    linked = 0
    for table, column, name, where, index, kind in (
        ("event_organizations", "entity_id", "name", "entity_id IS NULL", "event_organizations_unlinked", "organization"),
        ("events", "place_id", "location", "place_id IS NULL AND location IS NOT NULL AND location != ''",
         "events_unplaced", "place"),
    ):
        # INDEXED BY the partial index: left to itself the planner reads events by place_id = NULL, every event
        # without a place, most with no location at all (31 ms at each commit of a 20,000-page archive, not 0.2)
        spellings = [r[0] for r in db.execute(f"SELECT DISTINCT {name} FROM {table} INDEXED BY {index} WHERE {where}")]
        pairs = [(n, e) for n in spellings if (e := entity_for(db, kind, n)) is not None]
        if not pairs:
            continue
        db.execute("CREATE TEMP TABLE IF NOT EXISTS entity_links (name TEXT PRIMARY KEY, entity_id INTEGER NOT NULL)")
        db.execute("DELETE FROM temp.entity_links")
        db.conn.executemany("INSERT INTO temp.entity_links (name, entity_id) VALUES (?, ?)", pairs)
        linked += db.execute(
            f"UPDATE {table} SET {column} = (SELECT l.entity_id FROM temp.entity_links l WHERE l.name = {table}.{name})"
            f" WHERE {where} AND {name} IN (SELECT name FROM temp.entity_links)").rowcount
        db.execute("DELETE FROM temp.entity_links")
    return linked


# Live events naming each entity, and their earliest and latest known start (a year-unknown date, XXXX-…,
# tells neither). ``{only}`` narrows to the entities marked for counting again.
_KNOWN = "CASE WHEN e.date_start GLOB '[0-9]*' THEN e.date_start END"
_COUNTS = (
    f"SELECT r.person_id, count(DISTINCT e.id), min({_KNOWN}), max({_KNOWN}) FROM event_participants r"
    f" JOIN events e ON e.id = r.event_id WHERE {LIVE_E} AND r.person_id {{only}}"
    " GROUP BY r.person_id",
    f"SELECT r.entity_id, count(DISTINCT e.id), min({_KNOWN}), max({_KNOWN}) FROM event_organizations r"
    f" JOIN events e ON e.id = r.event_id WHERE {LIVE_E} AND r.entity_id {{only}}"
    " GROUP BY r.entity_id",
    f"SELECT e.place_id, count(*), min({_KNOWN}), max({_KNOWN}) FROM events e"
    f" WHERE {LIVE_E} AND e.place_id {{only}} GROUP BY e.place_id",
)


def refresh_stats(db: sqlite_utils.Database, full: bool = False) -> int:
    """Count again the entities marked by the triggers (all of them when ``full`` or many); how many were marked."""
    marked = db.execute("SELECT count(*) FROM entity_dirty").fetchone()[0]
    if not marked and not full:
        return 0
    if full or marked > FULL_COUNT:
        db.execute("DELETE FROM entity_stats")
        only = "IS NOT NULL"
    else:
        db.execute("DELETE FROM entity_stats WHERE entity_id IN (SELECT entity_id FROM entity_dirty)")
        only = "IN (SELECT entity_id FROM entity_dirty)"
    for sql in _COUNTS:
        db.execute("INSERT OR REPLACE INTO entity_stats (entity_id, events, first_date, last_date) " + sql.format(only=only))
    db.execute("DELETE FROM entity_dirty")
    return marked
