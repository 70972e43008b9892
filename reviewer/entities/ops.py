"""Merge, split and rename entities: each one transaction and one :class:`Edit` of exact changes.

The event rows name their entity through a link column (``LINKS``), and every
spelling belongs to one entity (``entity_variants``), so a merge moves the
absorbed entity's spellings and rows to the survivor and removes it, and a
split gives one spelling (and the rows written in it) an entity of its own.
The change engine writes them with their audit rows, so they are undone and
redone exactly, refused when a row changed since, and listed in the history.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Optional

from ..names import name_key
from ..places import country_of
from ..review.changes import Change, ChangeEngine, Edit
from ..review.lookups import NO_CHECK, RELOADED
from ..review.validation import Conflict, InvalidValue, NotFound, clean_name
from ..store import now
from .reads import EntityReads
from .views import LINKS


class EntityOps(ChangeEngine, EntityReads):
    """The operations that change which spellings and events make up an entity, and its canonical name."""

    def merge(self, survivor_id: int, absorbed_id: int) -> Edit:
        """Merge ``absorbed_id`` into ``survivor_id``: its spellings and events follow, it is removed."""
        return self.merge_many([survivor_id, absorbed_id])

    def merge_many(self, entity_ids: Iterable[int], name: Optional[str] = None) -> Edit:
        """Merge every entity of ``entity_ids`` into the first (accepting a suggested group); ``name``: the
        canonical name after (one of their spellings, or a new one that becomes a spelling)."""
        ids = list(dict.fromkeys(entity_ids))
        if len(ids) < 2:
            raise InvalidValue("a merge needs two different entities")
        with self.store.transaction():
            rows = [self._entity_row(i) for i in ids]
            kinds = {r["kind"] for r in rows}
            if len(kinds) > 1:
                raise InvalidValue(f"cannot merge a {rows[0]['kind']} with a {next(k for k in kinds if k != rows[0]['kind'])}")
            survivor, absorbed = rows[0], rows[1:]
            kind = survivor["kind"]
            changes: list[Change] = []
            carried = {"authority_id": survivor["authority_id"], "country": survivor["country"]}
            for a in absorbed:
                for column in ("authority_id", "country"):
                    if a[column] is None:
                        continue
                    if carried[column] is None:
                        changes.append(Change("entities", survivor["id"], column, None, a[column]))
                        carried[column] = a[column]
                    elif carried[column] != a[column]:
                        raise InvalidValue(f"{kind} {survivor['name']!r} has {column.replace('_', ' ')} {carried[column]!r}"
                                           f" and {a['name']!r} has {a[column]!r}: clear one before merging")
                changes += [Change("entity_variants", vid, "entity_id", a["id"], survivor["id"])
                            for (vid,) in self.store.db.execute("SELECT id FROM entity_variants WHERE entity_id = ?", [a["id"]])]
                changes += self._rows_of(kind, a["id"], survivor["id"])
            changes += [Change("entities", a["id"], None, a, None) for a in absorbed]
            if name is not None and clean_name(name, kind) != survivor["name"]:
                changes += self._renamed(survivor, clean_name(name, kind), {a["id"] for a in absorbed})
            names = ", ".join(repr(a["name"]) for a in absorbed)
            after = name if name is not None else survivor["name"]
            return self._commit(Edit(f"Merge {kind} {names} into {after!r}", changes))

    def split(self, variant_id: int) -> Edit:
        """Give one spelling an entity of its own, with the events written in it (a wrong automatic link undone).

        The two are remembered as not one entity, so the import's automatic linking never joins them again.
        """
        with self.store.transaction():
            v = self._row_of("entity_variants", variant_id, "spelling")
            e = self._entity_row(v["entity_id"])
            kind = e["kind"]
            others = self.store.rows("SELECT id, name, key FROM entity_variants WHERE entity_id = ? AND id != ? ORDER BY id",
                                     [e["id"], variant_id])
            if not others:
                raise InvalidValue(f"{v['name']!r} is the only spelling of {kind} {e['name']!r}; there is nothing to split off")
            new_id = self.next_id("entities")
            stamp = now()
            new = {"id": new_id, "name": v["name"], "kind": kind, "authority_id": None,
                   "country": country_of(v["name"]) if kind == "place" else None, "confirmed_by": None,
                   "confirmed_at": None, "created_by": self.reviewer, "created_at": stamp}
            changes = [Change("entities", new_id, None, None, new),
                       Change("entity_variants", variant_id, "entity_id", e["id"], new_id)]
            if v["origin"] == "auto":  # the link was wrong: the spelling is the reviewer's now
                changes += [Change("entity_variants", variant_id, "origin", "auto", "reviewer"),
                            Change("entity_variants", variant_id, "reason", v["reason"], None)]
            changes += self._rows_of(kind, e["id"], new_id, keys={v["key"]})
            kept = e["name"]
            if name_key(e["name"]) == v["key"]:  # the canonical spelling went: the fullest one left names it
                kept = max(others, key=lambda o: (len(o["name"].split()), len(o["name"])))["name"]
                changes.append(Change("entities", e["id"], "name", e["name"], kept))
            keys = json.dumps(sorted({v["key"], name_key(kept)}), ensure_ascii=False)
            if self.store.db.execute("SELECT 1 FROM entity_rejections WHERE kind = ? AND keys = ?", [kind, keys]).fetchone() is None:
                rid = self.next_id("entity_rejections")
                changes.append(Change("entity_rejections", rid, None, None,
                                      {"id": rid, "kind": kind, "keys": keys, "who": self.reviewer, "at": stamp}))
            return self._commit(Edit(f"Split {v['name']!r} off {kind} {e['name']!r}", changes))

    def rename(self, entity_id: int, name: str, expected: Any = NO_CHECK) -> Edit:
        """Set the canonical name; ``expected``: the name the window showed (refused when it changed since)."""
        with self.store.transaction():
            e = self._entity_row(entity_id)
            if expected is not NO_CHECK and expected != e["name"]:
                raise Conflict(f"{e['kind']} {entity_id} is named {e['name']!r} now, not {expected!r}: {RELOADED}")
            name = clean_name(name, e["kind"])
            if name == e["name"]:
                raise InvalidValue(f"{e['kind']} {entity_id} is already named {name!r}")
            return self._commit(Edit(f"Rename {e['kind']} {e['name']!r} to {name!r}", self._renamed(e, name)))

    # -- building blocks ----------------------------------------------------------

    def _renamed(self, e: dict, name: str, joining: Iterable[int] = ()) -> list[Change]:
        """Changes naming ``e`` ``name``: the name becomes one of its spellings if it is none yet (``joining``:
        entities merged into ``e`` by the same edit, whose spellings count as its own)."""
        changes = [Change("entities", e["id"], "name", e["name"], name)]
        owner = self.entity_of(e["kind"], name)
        if owner is None:
            changes.append(self._new_variant(e["id"], e["kind"], name, "reviewer"))
        elif owner != e["id"] and owner not in set(joining):
            other = self._entity_row(owner)
            raise InvalidValue(f"{name!r} is a spelling of {e['kind']} {other['name']!r} (entity {other['id']}):"
                               " merge the two instead")
        return changes

    def _new_variant(self, entity_id: int, kind: str, name: str, origin: str, reason: Optional[str] = None) -> Change:
        vid = self.next_id("entity_variants")
        return Change("entity_variants", vid, None, None,
                      {"id": vid, "entity_id": entity_id, "kind": kind, "name": name, "key": name_key(name),
                       "origin": origin, "reason": reason, "created_by": self.reviewer, "created_at": now()})

    def _rows_of(self, kind: str, from_id: int, to_id: int, keys: Optional[set[str]] = None) -> list[Change]:
        """Move the event rows linked to ``from_id`` (only those written in a spelling of ``keys``) to ``to_id``."""
        table, column, name = LINKS[kind]
        rows = self.store.db.execute(f"SELECT id, {name} FROM {table} WHERE {column} = ? ORDER BY id", [from_id])
        return [Change(table, rid, column, from_id, to_id) for rid, written in rows
                if keys is None or name_key(written or "") in keys]

    def _entity_row(self, entity_id: int) -> dict:
        return self._row_of("entities", entity_id, "entity")

    def _row_of(self, table: str, row_id: int, what: str) -> dict:
        rows = self.store.rows(f"SELECT * FROM {table} WHERE id = ?", [row_id])
        if not rows:
            raise NotFound(f"{what} {row_id} does not exist (merged, split or removed since); nothing was changed")
        return rows[0]
