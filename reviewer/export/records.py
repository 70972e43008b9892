"""The plain records an export is written from: an event with its people, organizations and sources."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional



@dataclass
class Participant:
    name: str
    role: Optional[str]
    person_id: Optional[int]
    aliases: list[str] = field(default_factory=list)  # other spellings of the same person
    canonical: Optional[str] = None  # the person entity's canonical name (reviewer.entities)
    authority_id: Optional[str] = None  # the curator's reference id for the person, where known


@dataclass
class Organization:
    """An organization as written on the event, with the entity it belongs to."""

    name: str
    entity_id: Optional[int]
    canonical: Optional[str] = None
    authority_id: Optional[str] = None


@dataclass
class Source:
    doc: str
    sha256: str
    start: int
    end: int
    evidence: str
    url: Optional[str] = None  # a web page's canonical URL (HTML pages, feeds)
    published: Optional[str] = None  # its publication date, YYYY-MM-DD


@dataclass
class EventFields:
    """What an event says and how far it is reviewed: the export writes these, import-events reads them back."""

    date_start: Optional[str]
    date_end: Optional[str]
    event_type: Optional[str]
    status: Optional[str]
    location: Optional[str]
    online: bool
    review_status: str
    reviewer: Optional[str]
    updated_at: Optional[str]
    edited_fields: list[str]


@dataclass
class Event(EventFields):
    id: int = 0
    participants: list[Participant] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    #: the same organizations with their entities: canonical name and authority id
    organization_entities: list[Organization] = field(default_factory=list)
    place_id: Optional[int] = None  # the place entity of ``location``
    location_country: Optional[str] = None  # its ISO 3166-1 alpha-2 country, where known
    sources: list[Source] = field(default_factory=list)
    #: reviewers' notes and "second look" flags on the event (and the events merged into it) and on its release
    notes: list[dict] = field(default_factory=list)

