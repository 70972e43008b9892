"""Entities in the store: who a name stands for as rows are written, their counts, the names taught to extraction.

The entity tables themselves (spellings, links, counts) are written by
:mod:`.linking`, which the upgrade to schema 14 uses too; the curator's
operations on them are ``reviewer.entities``.
"""
from __future__ import annotations

from typing import Optional

from ..model import KnownEntities
from ..names import name_key
from . import linking
from .connection import SYSTEM, Connection, now


class Entities(Connection):
    """People, organizations and places as the import writes them, and the names reviewers taught to extraction."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: the schema has the entity links (a database kept at an older schema, for a test, has not)
        self._links = self.version >= linking.SCHEMA

    def _before_commit(self) -> None:
        # Every writer (an edit, its undo, a duplicate merge, an imported dataset) may leave an organization
        # row or a place without its entity: linked here, in the same transaction, by its spelling.
        if self.__dict__.get("_links"):
            linking.link_unlinked(self.db)

    def person_for(self, name: str, *, exact: bool = False) -> Optional[int]:
        """The person (entity) a name stands for, made on first sight.

        ``exact`` (a name a reviewer typed): only the person whose own name has
        this key; a spelling linked to another (``Petrov`` for ``Ivan Petrov``) would link the
        name to someone the reviewer never saw, so it gets a person of its own.
        """
        key = name_key(name)
        if not key:
            return None
        row = self.db.execute("SELECT v.entity_id, e.name FROM entity_variants v LEFT JOIN entities e ON e.id = v.entity_id"
                              " WHERE v.kind = 'person' AND v.key = ?", [key]).fetchone()
        if row and (not exact or name_key(row[1] or "") == key):
            return row[0]
        if row is not None:  # exact, and the key is another person's spelling: one typed earlier keeps its person
            same = self.db.execute("SELECT id FROM entities WHERE kind = 'person' AND name = ? ORDER BY id LIMIT 1",
                                   [name]).fetchone()
            if same:
                return same[0]
        # the key is unique: a spelling already another person's stays theirs
        return linking.new_entity(self.db, "person", name, with_variant=row is None)

    def entity_for(self, kind: str, name: Optional[str]) -> Optional[int]:
        """The organization or place a spelling belongs to, made on first sight; None for no name."""
        return linking.entity_for(self.db, kind, name)

    def add_spelling(self, entity_id: int, kind: str, name: str, origin: str, reason: str, who: str = SYSTEM) -> bool:
        """Link another spelling to an entity (no entity has it yet); True when it was new."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO entity_variants (entity_id, kind, name, key, origin, reason, created_by, created_at)"
            " VALUES (?,?,?,?,?,?,?,?)", [entity_id, kind, name, name_key(name), origin, reason, who, now()])
        return bool(cur.rowcount)

    def live_links(self, table: str, row: dict) -> dict:
        """``row`` of ``table`` to write back (an undo, an unmerge), without its entity link when that entity is
        gone since (merged into another): the commit links it again by its spelling, to the entity it names now."""
        column = linking.LINK_COLUMNS.get(table)
        if column is None or row.get(column) is None:
            return row
        if self.db.execute("SELECT 1 FROM entities WHERE id = ?", [row[column]]).fetchone():
            return row
        return {**row, column: None}

    def refresh_entities(self) -> None:
        """Count again the entities whose events changed since the last count (the entity list's counts)."""
        if self.db.execute("SELECT 1 FROM entity_dirty LIMIT 1").fetchone() is None:
            return
        with self.transaction():
            linking.refresh_stats(self.db)

    def known_entities(self) -> KnownEntities:
        known = KnownEntities()
        for kind, name, canonical in self.db.execute("SELECT kind, name, canonical FROM known_entities"):
            if kind == "person":
                known.people[name_key(name)] = canonical or name
            elif kind == "organization":
                known.organizations.add(name)
            else:
                known.places.add(name)
        return known

    def teach(self, kind: str, name: str, canonical: Optional[str] = None, who: str = SYSTEM) -> bool:
        """Remember a name a reviewer confirmed; True when it was new."""
        name = " ".join(name.split())
        if not name:
            return False
        with self.transaction():
            cur = self.db.execute(
                "INSERT OR IGNORE INTO known_entities (kind, name, canonical, created_by, created_at) VALUES (?,?,?,?,?)",
                [kind, name, canonical, who, now()],
            )
            if cur.rowcount:
                self.log(who, "teach", "known_entities", cur.lastrowid, kind, None, name)
            return bool(cur.rowcount)
