"""People and the names taught to extraction: who a name stands for, and the names reviewers confirmed."""
from __future__ import annotations

from typing import Optional

from ..model import KnownEntities
from .connection import SYSTEM, Connection, now


class People(Connection):
    """People (who a name stands for) and the names reviewers taught to extraction."""

    def person_for(self, name: str, *, exact: bool = False) -> Optional[int]:
        """The person a name (or a taught alias of it) stands for, created on first sight.

        ``exact`` (a name a reviewer typed): only the person whose own name has
        this key; an alias match (``Petrov`` for ``Ivan Petrov``) would link the
        name to someone the reviewer never saw, so it gets a person of its own.
        """
        key = _name_key(name)
        if not key:
            return None
        row = self.db.execute("SELECT a.person_id, p.name FROM person_aliases a LEFT JOIN people p ON p.id = a.person_id"
                              " WHERE a.key = ?", [key]).fetchone()
        if row and (not exact or _name_key(row[1] or "") == key):
            return row[0]
        if row is not None:  # exact, and the key is another person's alias: one typed earlier keeps its person
            same = self.db.execute("SELECT id FROM people WHERE name = ? ORDER BY id LIMIT 1", [name]).fetchone()
            if same:
                return same[0]
        person_id = self.db.execute("INSERT INTO people (name) VALUES (?)", [name]).lastrowid
        if row is None:  # the key is unique: an alias already holding it stays the other person's
            self.db.execute("INSERT INTO person_aliases (person_id, alias, key) VALUES (?,?,?)", [person_id, name, key])
        return person_id

    def known_entities(self) -> KnownEntities:
        known = KnownEntities()
        for kind, name, canonical in self.db.execute("SELECT kind, name, canonical FROM known_entities"):
            if kind == "person":
                known.people[name.casefold()] = canonical or name
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



def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()

