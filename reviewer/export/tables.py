"""The tables of an exported dataset: one definition shared by the CSV and
SQLite writers and by the ``datapackage.json`` that describes them.

Keeping the columns, their types and their meaning in one place means the
descriptor can never disagree with the files it describes.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Frictionless Table Schema type: string, integer, boolean, array, ...
    description: str
    required: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    # (columns here, table referenced, columns there)
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


DATE = "ISO date YYYY-MM-DD; the year is XXXX when the text gives none and it could not be inferred"

EVENT_COLUMNS = (
    Column("id", "integer", "Event id in the reviewer's database (stable across exports of that database)", True),
    Column("date_start", "string", f"First day of the event: {DATE}"),
    Column("date_end", "string", f"Last day of the event (equal to date_start for a one-day event): {DATE}"),
    Column("event_type", "string", "meeting, consultations, training, education, briefing, visit, ceremony, operation or other"),
    Column("status", "string", "held, or planned (announced for a later date)"),
    Column("location", "string", "City where the event took place, in English; empty when not stated"),
    Column("online", "boolean", "True when the event was held by videoconference"),
    Column("review_status", "string", "unreviewed, in_progress or verified", True),
    Column("reviewer", "string", "Who last reviewed or changed the event; empty when nobody has"),
    Column("updated_at", "string", "Time of the event's last change (ISO 8601, UTC)", True),
    Column("place_id", "integer", "The place entity of location (entities.id); empty when there is no location"),
    Column("location_country", "string", "ISO 3166-1 alpha-2 code of the location's country, where known"),
)

EVENTS = Table("events", "One row per canonical event (duplicates merged, deleted events left out)",
               EVENT_COLUMNS, ("id",))

PARTICIPANTS = Table(
    "participants",
    "People named as taking part in an event, in the order the text names them",
    (
        Column("event_id", "integer", "The event (events.id)", True),
        Column("position", "integer", "Order of the person within the event, from 0", True),
        Column("name", "string", "The person's name as written in its fullest form, without title", True),
        Column("role", "string", "The title or role the text gives the person"),
        Column("person_id", "integer", "The person (people.id): name variants of one person share it"),
        Column("canonical", "string", "The person's canonical name, as curated (entities.name)"),
        Column("authority_id", "string", "The curator's reference id for the person (Wikidata, a codebook), where known"),
    ),
    ("event_id", "position"),
    ((("event_id",), "events", ("id",)), (("person_id",), "people", ("id",))),
)

ORGANIZATIONS = Table(
    "organizations",
    "Organizations and bodies named as taking part in or hosting an event, other than the CSTO itself",
    (
        Column("event_id", "integer", "The event (events.id)", True),
        Column("position", "integer", "Order of the organization within the event, from 0", True),
        Column("name", "string", "The organization as written (acronym where the text uses one)", True),
        Column("entity_id", "integer", "The organization (entities.id): every spelling of one organization shares it"),
        Column("canonical", "string", "The organization's canonical name, as curated (entities.name)"),
        Column("authority_id", "string", "The curator's reference id for the organization, where known"),
    ),
    ("event_id", "position"),
    ((("event_id",), "events", ("id",)), (("entity_id",), "entities", ("id",))),
)

SOURCES = Table(
    "sources",
    "Every report of an event: one row per page item that mentions it, with the sentence as evidence",
    (
        Column("event_id", "integer", "The event (events.id)", True),
        Column("position", "integer", "Order of the source within the event, from 0 (by document name, then offset)", True),
        Column("doc", "string", "File name of the source page", True),
        Column("doc_sha256", "string", "sha256 of the source page's bytes, as listed in the package sources", True),
        Column("start", "integer", "Character offset of the evidence in the source page's text", True),
        Column("end", "integer", "Character offset just after the evidence", True),
        Column("evidence", "string", "The sentence that reports the event, exactly as in the page", True),
        Column("url", "string", "The page's canonical URL (a web page: its metadata's or its feed's); empty for a"
               " text file", False),
        Column("published", "string", "The page's publication date from its metadata or feed (YYYY-MM-DD); empty when"
               " it gives none", False),
    ),
    ("event_id", "position"),
    ((("event_id",), "events", ("id",)),),
)

PEOPLE = Table(
    "people",
    "People taking part in the exported events; one row per person however many spellings they have",
    (
        Column("id", "integer", "Person id in the reviewer's database", True),
        Column("name", "string", "The fullest spelling seen", True),
    ),
    ("id",),
)

ALIASES = Table(
    "aliases",
    "Every spelling of a person's name seen in the pages (transliteration variants, initials)",
    (
        Column("person_id", "integer", "The person (people.id)", True),
        Column("alias", "string", "One spelling", True),
    ),
    ("person_id", "alias"),
    ((("person_id",), "people", ("id",)),),
)

ENTITIES = Table(
    "entities",
    "People, organizations and places the exported events name, as curated: one row each, whatever their spellings",
    (
        Column("id", "integer", "Entity id in the reviewer's database (a person's is its people.id)", True),
        Column("kind", "string", "person, organization or place", True),
        Column("name", "string", "The canonical name", True),
        Column("authority_id", "string", "The curator's reference id (Wikidata, a codebook), where known"),
        Column("country", "string", "Places: ISO 3166-1 alpha-2 code of the country, where known"),
    ),
    ("id",),
)

ENTITY_VARIANTS = Table(
    "entity_variants",
    "Every spelling of each entity's name (the canonical one included)",
    (
        Column("entity_id", "integer", "The entity (entities.id)", True),
        Column("name", "string", "One spelling", True),
    ),
    ("entity_id", "name"),
    ((("entity_id",), "entities", ("id",)),),
)

NOTES = Table(
    "notes",
    "Reviewers' notes and second-look flags on an event (or an event merged into it) and on its release",
    (
        Column("event_id", "integer", "The event (events.id)", True),
        Column("position", "integer", "Order of the note within the event, from 0 (the event's own first)", True),
        Column("on", "string", "event, or release (the note is on the release that reports the event)", True),
        Column("text", "string", "The note; empty for a flag without one"),
        Column("second_look", "boolean", "True when a reviewer flagged it for a second look", True),
        Column("reason", "string", "Why it needs a second look"),
        Column("by", "string", "Who last changed the note"),
        Column("at", "string", "When (ISO 8601, UTC)"),
    ),
    ("event_id", "position"),
    ((("event_id",), "events", ("id",)),),
)

#: In dependency order: a table comes after every table it references.
TABLES = (EVENTS, PEOPLE, ALIASES, ENTITIES, ENTITY_VARIANTS, PARTICIPANTS, ORGANIZATIONS, SOURCES, NOTES)
