"""A curator's marks on entities: confirmed, a place's country, an authority id, a spelling added,
a group rejected, a taught name fixed or removed. Each is one transaction and one :class:`Edit`."""
from __future__ import annotations

import json
from typing import Iterable, Optional

from ..names import name_key
from ..places import valid_country
from ..review.changes import Change, Edit
from ..review.validation import InvalidValue, clean_name, clean_text
from ..store import now
from .ops import EntityOps
from .reads import check_kind
from .views import ORIGINS


class EntityCuration(EntityOps):

    def confirm(self, entity_id: int) -> Edit:
        """Mark an entity (its name and every spelling linked to it) as checked by this reviewer."""
        with self.store.transaction():
            e = self._entity_row(entity_id)
            changes = [Change("entities", entity_id, "confirmed_by", e["confirmed_by"], self.reviewer),
                       Change("entities", entity_id, "confirmed_at", e["confirmed_at"], now())]
            return self._commit(Edit(f"Confirm {e['kind']} {e['name']!r}", changes))

    def unconfirm(self, entity_id: int) -> Edit:
        with self.store.transaction():
            e = self._entity_row(entity_id)
            if e["confirmed_by"] is None:
                raise InvalidValue(f"{e['kind']} {e['name']!r} is not confirmed")
            changes = [Change("entities", entity_id, "confirmed_by", e["confirmed_by"], None),
                       Change("entities", entity_id, "confirmed_at", e["confirmed_at"], None)]
            return self._commit(Edit(f"Take back the confirmation of {e['kind']} {e['name']!r}", changes))

    def set_country(self, entity_id: int, country: Optional[str]) -> Edit:
        """Give a place its country (ISO 3166-1 alpha-2, ``KZ``); None or empty clears it. It sticks: every
        event at this place, now or imported later, is in that country."""
        code = (country or "").strip().upper() or None
        if code is not None and not valid_country(code):
            raise InvalidValue(f"country {country!r}: not an ISO 3166-1 alpha-2 code such as KZ or RU")
        with self.store.transaction():
            e = self._entity_row(entity_id)
            if e["kind"] != "place":
                raise InvalidValue(f"{e['kind']} {e['name']!r} is no place: only a place has a country")
            if code == e["country"]:
                raise InvalidValue(f"place {e['name']!r} is already in {code or 'no country'}")
            return self._commit(Edit(f"Set the country of {e['name']!r} to {code or 'none'}",
                                     [Change("entities", entity_id, "country", e["country"], code)]))

    def set_authority_id(self, entity_id: int, authority_id: Optional[str]) -> Edit:
        """Tie an entity to the curator's reference list (a Wikidata id, a codebook's); None clears it.
        One id names one entity of a kind."""
        value = clean_text(authority_id)
        if value is not None and len(value) > 200:
            raise InvalidValue(f"authority id {value[:40]!r}…: longer than 200 characters")
        with self.store.transaction():
            e = self._entity_row(entity_id)
            if value == e["authority_id"]:
                raise InvalidValue(f"{e['kind']} {e['name']!r} already has authority id {value or 'none'}")
            if value is not None:
                other = self.store.db.execute("SELECT name FROM entities WHERE kind = ? AND authority_id = ? AND id != ?",
                                              [e["kind"], value, entity_id]).fetchone()
                if other:
                    raise InvalidValue(f"authority id {value!r} is already {e['kind']} {other[0]!r}'s")
            return self._commit(Edit(f"Set the authority id of {e['kind']} {e['name']!r} to {value or 'none'}",
                                     [Change("entities", entity_id, "authority_id", e["authority_id"], value)]))

    def add_variant(self, entity_id: int, name: str, origin: str = "reviewer", reason: Optional[str] = None) -> Edit:
        """Add a spelling no entity has yet (a reviewer's, an authority list's alias); the next import links
        events written in it to this entity."""
        if origin not in ORIGINS:
            raise InvalidValue(f"origin {origin!r}: not one of {', '.join(ORIGINS)}")
        with self.store.transaction():
            e = self._entity_row(entity_id)
            name = clean_name(name, e["kind"])
            owner = self.entity_of(e["kind"], name)
            if owner is not None:
                whose = "it" if owner == entity_id else repr(self._entity_row(owner)["name"])
                raise InvalidValue(f"{name!r} is already a spelling of {whose}" + ("" if owner == entity_id else ": merge the two instead"))
            return self._commit(Edit(f"Add spelling {name!r} to {e['kind']} {e['name']!r}",
                                     [self._new_variant(entity_id, e["kind"], name, origin, reason)]))

    def reject_group(self, kind: str, names: Iterable[str]) -> Edit:
        """Remember that these spellings are not one entity: the group is never suggested or linked again."""
        keys = sorted({name_key(n) for n in names} - {""})
        if len(keys) < 2:
            raise InvalidValue("a rejected group needs two different names")
        text = json.dumps(keys, ensure_ascii=False)
        with self.store.transaction():
            if self.store.db.execute("SELECT 1 FROM entity_rejections WHERE kind = ? AND keys = ?",
                                     [check_kind(kind), text]).fetchone():
                raise InvalidValue(f"the group {', '.join(keys)} is already rejected")
            rid = self.next_id("entity_rejections")
            row = {"id": rid, "kind": kind, "keys": text, "who": self.reviewer, "at": now()}
            return self._commit(Edit(f"Not one {kind}: {', '.join(keys)}", [Change("entity_rejections", rid, None, None, row)]))

    def fix_taught(self, taught_id: int, name: str) -> Edit:
        """Correct a name taught to extraction (a typo taught by mistake); the next import finds the fixed one."""
        with self.store.transaction():
            t = self._row_of("known_entities", taught_id, "taught name")
            name = clean_name(name, t["kind"])
            if name == t["name"]:
                raise InvalidValue(f"the taught name is already {name!r}")
            if self.store.db.execute("SELECT 1 FROM known_entities WHERE kind = ? AND name = ? AND id != ?",
                                     [t["kind"], name, taught_id]).fetchone():
                raise InvalidValue(f"{name!r} is already a taught {t['kind']} name; remove this one instead")
            return self._commit(Edit(f"Fix taught {t['kind']} name {t['name']!r} to {name!r}",
                                     [Change("known_entities", taught_id, "name", t["name"], name)]))

    def remove_taught(self, taught_id: int) -> Edit:
        """Forget a name taught to extraction; the next import no longer looks for it."""
        with self.store.transaction():
            t = self._row_of("known_entities", taught_id, "taught name")
            return self._commit(Edit(f"Forget taught {t['kind']} name {t['name']!r}",
                                     [Change("known_entities", taught_id, None, t, None)]))
