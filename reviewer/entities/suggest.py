"""Cluster suggestions over a database: read the entities, propose groups, accept or reject one.

:func:`reviewer.entities.clusters.suggest` does the grouping; this module
feeds it every entity of a kind with its spellings and event counts (one
read), the acronyms the pages define for the bodies written as acronyms
(a few items of each such body's events are read), and the groups curators
rejected. Accepting a group is the entity merge (one ``Edit``: undoable,
audited); rejecting it records the group (also an ``Edit``), and no group
whose spellings all lie in a rejected one is proposed again.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Optional

from ..review.changes import Edit
from ..review.validation import InvalidValue, NotFound
from . import keys as K
from .clusters import Entity, Group, suggest
from .views import KINDS, EntityRow

if TYPE_CHECKING:
    from . import EntityService

#: Items read per acronym-named body to find where the text defines it (the first few are enough: a page that
#: uses an acronym defines it near its first use, and every page of a site does it the same way).
DEFINITION_ITEMS = 3


def entity(row: EntityRow) -> Entity:
    """What clustering reads of an entity row."""
    return Entity(row.id, row.kind, row.name, tuple(row.other_names), row.events, row.authority_id)


class Suggestions:
    """Cluster suggestions of one :class:`~reviewer.entities.EntityService` (its store and reviewer)."""

    def __init__(self, service: "EntityService"):
        self.service = service

    def groups(self, kind: Optional[str] = None) -> list[Group]:
        """Every group proposed now, of one kind or of all, largest first."""
        out: list[Group] = []
        for k in [kind] if kind else KINDS:
            entities = [entity(r) for r in self.service.entities(k)]
            defined = self.definitions(entities) if k == "organization" else {}
            out += suggest(entities, defined=defined, rejected=self.service.rejected(k))
        return out

    def group(self, group_id: str, kind: Optional[str] = None) -> Group:
        """The group proposed now under ``group_id``; NotFound when none is (accepted, rejected or changed since)."""
        for g in self.groups(kind):
            if g.id == group_id:
                return g
        raise NotFound(f"no suggestion {group_id!r} now: it was accepted or rejected, or its entities changed;"
                       " list the suggestions again")

    def accept(self, group: Group, entity_ids: Optional[Iterable[int]] = None, name: Optional[str] = None) -> Edit:
        """Merge the group's entities (or the chosen ``entity_ids`` of them) into one, named ``name`` (default: the
        suggested canonical name). The survivor is the entity already bearing that name, else the one with most events."""
        ids = self._chosen(group, entity_ids)
        name = group.canonical if name is None else name
        bearer = [m.entity_id for m in group.members if m.entity_id in ids and m.name == name]
        ids = bearer + [i for i in ids if i not in bearer]
        return self.service.merge_many(ids, name=name)

    def reject(self, group: Group, entity_ids: Optional[Iterable[int]] = None) -> Edit:
        """Remember that the group's entities (or the chosen ones) are not one entity."""
        ids = set(self._chosen(group, entity_ids))
        names = [n for m in group.members if m.entity_id in ids for n in (m.name,) + m.variants]
        return self.service.reject_group(group.kind, names)

    @staticmethod
    def _chosen(group: Group, entity_ids: Optional[Iterable[int]]) -> list[int]:
        ids = group.entity_ids if entity_ids is None else list(dict.fromkeys(entity_ids))
        strangers = [i for i in ids if i not in group.entity_ids]
        if strangers:
            raise InvalidValue(f"entity {strangers[0]} is not in suggestion {group.id}")
        if len(ids) < 2:
            raise InvalidValue("choose two entities of the group at least")
        return [m.entity_id for m in group.members if m.entity_id in ids]

    def definitions(self, entities: list[Entity]) -> dict[str, set[str]]:
        """Acronyms the pages define for the organizations written as acronyms: a few items of each one's events
        are read (``Full Name (ACR)``), never the whole archive."""
        out: dict[str, set[str]] = {}
        db = self.service.store.db
        for e in entities:
            acronyms = {n for n in e.names if K.is_acronym(n)}
            if not acronyms:
                continue
            texts = db.execute(
                "SELECT DISTINCT substr(d.text, i.start + 1, i.\"end\" - i.start) FROM event_organizations o"
                " JOIN mentions m ON m.event_id = o.event_id JOIN items i ON i.id = m.item_id"
                " JOIN documents d ON d.id = i.document_id WHERE o.entity_id = ? LIMIT ?",
                [e.id, DEFINITION_ITEMS]).fetchall()
            for (text,) in texts:
                for acr, fulls in K.definitions(text or "").items():
                    if acr in acronyms:
                        out.setdefault(acr, set()).update(fulls)
        return out
