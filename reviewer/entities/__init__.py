"""People, organizations and places as curated records (issue #17).

Every spelling of a name (``entity_variants``; one entity per spelling of a
kind, by :func:`reviewer.names.name_key`) belongs to one entity
(``entities``: the canonical name, an authority id, a place's country, who
confirmed it); event rows name theirs through a link column
(``event_participants.person_id``, ``event_organizations.entity_id``,
``events.place_id``). :class:`EntityService` reads them (``reads``) and
changes them — merge, split, rename (``ops``), confirm, country, authority
id, spellings, rejected groups, taught names (``curation``) — each change one
transaction returning an :class:`~reviewer.review.Edit` of exact changes, so
the window undoes and redoes it through ``ui/commands.py``'s ``EditRunner``
(``service.revert(edit)`` / ``service.reapply(edit)``) and the history lists it.
"""
from __future__ import annotations

from .curation import EntityCuration
from .views import KINDS, LINKS, ORIGINS, EntityEvent, EntityRow, Taught, Variant


class EntityService(EntityCuration):
    """Entity reads and operations over one store, on behalf of one reviewer: ``EntityService(store, reviewer)``."""


__all__ = ["KINDS", "LINKS", "ORIGINS", "EntityEvent", "EntityRow", "EntityService", "Taught", "Variant"]
