"""The entity reads: the list of one kind with spellings and counts, one entity, its events, what to check.

Counts and first/last dates come from ``entity_stats``, which the store keeps
(``Store.refresh_entities``: the entities whose rows changed since are
marked by triggers and counted again, each through its index), so the list
costs a read of the entities and their spellings whatever the archive's size.
"""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Optional

from ..names import name_key
from ..queries import LIVE_E
from ..review.lookups import Lookups
from ..review.validation import InvalidValue, NotFound
from ..store import StoreError
from .views import KINDS, LINKS, EntityEvent, EntityRow, Taught, Variant

_LIVE = LIVE_E  # reviewer.queries.live
#: An entity as :class:`EntityRow` holds it but its spellings, with its counts; the caller adds WHERE and ORDER BY.
_ROWS = ("SELECT e.id, e.kind, e.name, coalesce(s.events, 0), s.first_date, s.last_date, e.authority_id, e.country,"
         " e.confirmed_by, e.confirmed_at FROM entities e LEFT JOIN entity_stats s ON s.entity_id = e.id")


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise InvalidValue(f"kind {kind!r}: not one of {', '.join(KINDS)}")
    return kind


class EntityReads(Lookups):
    """Reads over the entity tables (no writes but the counts' upkeep, which changes no value)."""

    def _fresh(self) -> None:
        """Count again the entities whose events changed since the last count; a read-only database keeps its counts."""
        try:
            self.store.refresh_entities()
        except StoreError:
            pass

    def entities(self, kind: str, search: str = "", limit: Optional[int] = None, offset: int = 0,
                 used_only: bool = False) -> list[EntityRow]:
        """The entities of ``kind`` by name; ``search``: every word is in some spelling (any case);
        ``used_only``: only those some live event names."""
        self._fresh()
        where, params = self._where(kind, search, used_only)
        page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
        rows = self.store.db.execute(f"{_ROWS} WHERE {where} ORDER BY e.name COLLATE NOCASE, e.id{page}", params).fetchall()
        variants = self._variants(kind, [r[0] for r in rows] if (limit is not None or search) else None)
        return [EntityRow(r[0], r[1], r[2], tuple(variants.get(r[0], ())), *r[3:]) for r in rows]

    def count(self, kind: str, search: str = "", used_only: bool = False) -> int:
        """How many entities :meth:`entities` lists for ``kind`` and ``search`` (for a window reading pages)."""
        self._fresh()
        where, params = self._where(kind, search, used_only)
        return self.store.db.execute(f"SELECT count(*) FROM entities e WHERE {where}", params).fetchone()[0]

    def entity(self, entity_id: int) -> EntityRow:
        """One entity; NotFound when it is gone (merged into another, say)."""
        self._fresh()
        r = self.store.db.execute(f"{_ROWS} WHERE e.id = ?", [entity_id]).fetchone()
        if r is None:
            raise NotFound(f"entity {entity_id} does not exist (merged into another, or split back)")
        return EntityRow(r[0], r[1], r[2], tuple(self._variants(r[1], [entity_id]).get(entity_id, ())), *r[3:])

    @staticmethod
    def _where(kind: str, search: str, used_only: bool = False) -> tuple[str, list]:
        """The list's filter: the kind, every word of ``search`` in some spelling or the canonical name, and
        (``used_only``) a count of live events above 0."""
        where, params = ["e.kind = ?"], [check_kind(kind)]
        if used_only:
            where.append("e.id IN (SELECT entity_id FROM entity_stats WHERE events > 0)")
        for word in name_key(search).split():
            where.append("(e.id IN (SELECT entity_id FROM entity_variants WHERE kind = ? AND key LIKE ? ESCAPE '\\')"
                         " OR e.name LIKE ? ESCAPE '\\')")
            like = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            params += [kind, like, like]
        return " AND ".join(where), params

    def _variants(self, kind: str, ids: Optional[list[int]]) -> dict[int, list[Variant]]:
        """Spellings by entity (all of ``kind``'s when ``ids`` is None), each marked when it is a taught name."""
        taught = {name_key(n) for (n,) in self.store.db.execute("SELECT name FROM known_entities WHERE kind = ?", [kind])}
        sql = "SELECT id, entity_id, kind, name, key, origin, reason FROM entity_variants WHERE "
        params: list = []
        if ids is None:
            sql += "kind = ?"
            params.append(kind)
        else:  # through the entity index: a page of the list costs its own spellings only
            sql += "entity_id IN (SELECT value FROM json_each(?))"
            params.append("[" + ",".join(str(int(i)) for i in ids) + "]")
        out: dict[int, list[Variant]] = defaultdict(list)
        for r in self.store.db.execute(sql + " ORDER BY id", params):
            out[r[1]].append(Variant(r[0], r[1], r[2], r[3], r[4], r[5], r[6], taught=r[4] in taught))
        return out

    def variant(self, variant_id: int) -> Variant:
        r = self.store.db.execute("SELECT id, entity_id, kind, name, key, origin, reason FROM entity_variants WHERE id = ?",
                                  [variant_id]).fetchone()
        if r is None:
            raise NotFound(f"spelling {variant_id} does not exist")
        return Variant(*r)

    def events_of(self, entity_id: int, limit: int = 1000, offset: int = 0) -> list[EntityEvent]:
        """The live events naming an entity, by date, each with the spelling written there (``offset``: from the
        one after that many; the window reads them a page at a time as its list scrolls)."""
        kind = self.entity(entity_id).kind
        table, column, name = LINKS[kind]
        if table == "events":
            sql = (f"SELECT e.id, e.release_id, e.date_start, e.event_type, e.location, e.location FROM events e"
                   f" WHERE e.place_id = ? AND {_LIVE}")
        else:
            sql = (f"SELECT e.id, e.release_id, e.date_start, e.event_type, e.location, min(r.{name}) FROM {table} r"
                   f" JOIN events e ON e.id = r.event_id WHERE r.{column} = ? AND {_LIVE} GROUP BY e.id")
        rows = self.store.db.execute(f"{sql} ORDER BY e.date_start, e.id LIMIT ? OFFSET ?",
                                     [entity_id, int(limit), int(offset)])
        return [EntityEvent(*r) for r in rows]

    def entity_of(self, kind: str, name: str) -> Optional[int]:
        """The entity a spelling belongs to (any case or spacing), None when no entity has it."""
        row = self.store.db.execute("SELECT entity_id FROM entity_variants WHERE kind = ? AND key = ?",
                                    [check_kind(kind), name_key(name)]).fetchone()
        return row[0] if row else None

    def auto_links(self, kind: Optional[str] = None) -> list[Variant]:
        """Spellings linked to an entity automatically (with the reason) whose entity nobody confirmed yet."""
        sql = ("SELECT v.id, v.entity_id, v.kind, v.name, v.key, v.origin, v.reason FROM entity_variants v"
               " JOIN entities e ON e.id = v.entity_id WHERE v.origin = 'auto' AND e.confirmed_by IS NULL")
        params = []
        if kind is not None:
            sql += " AND v.kind = ?"
            params.append(check_kind(kind))
        return [Variant(*r) for r in self.store.db.execute(sql + " ORDER BY v.kind, e.name, v.id", params)]

    def taught(self, kind: Optional[str] = None) -> list[Taught]:
        """The names taught to extraction, each with the entity its spelling belongs to."""
        sql = "SELECT id, kind, name, canonical, created_by FROM known_entities"
        params = []
        if kind is not None:
            sql += " WHERE kind = ?"
            params.append(check_kind(kind))
        out = []
        for tid, k, name, canonical, who in self.store.db.execute(sql + " ORDER BY kind, name, id", params).fetchall():
            out.append(Taught(tid, k, name, canonical, self.entity_of(k, name), who))
        return out

    def rejected(self, kind: str) -> set[frozenset[str]]:
        """Groups a curator said are not one entity, as sets of spelling keys (never suggested or linked again)."""
        return {frozenset(json.loads(keys)) for (keys,) in
                self.store.db.execute("SELECT keys FROM entity_rejections WHERE kind = ?", [check_kind(kind)])}
