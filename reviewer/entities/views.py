"""What the entity reads return: plain records for the window, the command line and the suggestion code."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

#: The kinds of entity; every spelling of a kind belongs to exactly one entity of it.
KINDS = ("person", "organization", "place")

#: Where a spelling came from: extraction, a reviewer, an automatic link made at import (with its reason),
#: an authority list, or a name a reviewer taught to extraction.
ORIGINS = ("extracted", "reviewer", "auto", "authority", "taught")

#: Which event rows carry each kind's entity: (table, link column — reviewer.store.LINK_COLUMNS —, column holding
#: the name as written).
LINKS = {
    "person": ("event_participants", "person_id", "name"),
    "organization": ("event_organizations", "entity_id", "name"),
    "place": ("events", "place_id", "location"),
}


@dataclass(frozen=True)
class Variant:
    """One spelling of an entity."""

    id: int
    entity_id: int
    kind: str
    name: str
    key: str  # reviewer.names.name_key(name)
    origin: str  # one of ORIGINS
    reason: Optional[str]  # why an automatic link was made
    taught: bool = False  # the spelling is a name taught to extraction


@dataclass(frozen=True)
class EntityRow:
    """An entity as the list shows it: its canonical name, spellings, events and curation."""

    id: int
    kind: str
    name: str  # canonical
    variants: tuple[Variant, ...]
    events: int  # live events naming it
    first_date: Optional[str]  # earliest and latest known start date (a year-unknown date is not counted)
    last_date: Optional[str]
    authority_id: Optional[str]
    country: Optional[str]  # ISO 3166-1 alpha-2, places
    confirmed_by: Optional[str]
    confirmed_at: Optional[str]

    @property
    def other_names(self) -> list[str]:
        """The spellings other than the canonical one."""
        return [v.name for v in self.variants if v.name != self.name]


@dataclass(frozen=True)
class EntityEvent:
    """A live event naming an entity, with the spelling it was written in there."""

    event_id: int
    release_id: int
    date_start: Optional[str]
    event_type: Optional[str]
    location: Optional[str]
    as_written: str


@dataclass(frozen=True)
class Taught:
    """A name taught to extraction (``known_entities``) and the entity its spelling belongs to."""

    id: int
    kind: str
    name: str
    canonical: Optional[str]  # persons: the name the taught spelling stands for
    entity_id: Optional[int]
    created_by: Optional[str]
