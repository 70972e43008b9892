"""What the window reads: plain dataclasses built by :mod:`reviewer.review.reads`.

They carry values only (no store, no SQL), so the window's models and the
tests can build and compare them freely.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

#: A field confidence below this is marked for the reviewer.
LOW_CONFIDENCE = 0.6

#: The schema's CHECK on releases.status allows exactly these.
RELEASE_STATUSES = ("unreviewed", "in_progress", "verified")


@dataclass
class ReleaseRow:
    id: int
    title: str
    kind: str
    dateline: Optional[str]
    status: str
    document: str  # name of the first page carrying it
    events: int
    has_duplicates: bool
    low_confidence: bool


@dataclass
class Person:
    id: int
    name: str
    role: Optional[str]
    confidence: float


@dataclass
class Organization:
    id: int
    name: str
    confidence: float


@dataclass
class EventView:
    id: int
    release_id: Optional[int]
    date_start: Optional[str]
    date_end: Optional[str]
    event_type: Optional[str]
    status: Optional[str]
    location: Optional[str]
    online: bool
    confidence: dict[str, float]
    edited_fields: list[str]
    origin: str
    review_status: str
    participants: list[Person] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    evidence: Optional[tuple[int, int]] = None  # in the shown document
    mention_id: Optional[int] = None

    @property
    def year_unknown(self) -> bool:
        return any(d is not None and d.startswith("XXXX") for d in (self.date_start, self.date_end))

    def low(self, name: str) -> bool:
        # A value a reviewer set is trusted whatever the extractor's confidence was.
        return name not in self.edited_fields and self.confidence.get(name, 1.0) < LOW_CONFIDENCE


@dataclass
class FieldSpan:
    event_id: int
    field: str
    value: Optional[str]
    start: int
    end: int
    confidence: float


@dataclass
class ReleaseDetail:
    release: ReleaseRow
    document_id: int
    item_id: int
    text: str
    item_span: tuple[int, int]
    furniture: list[tuple[int, int, str]]
    events: list[EventView]
    spans: list[FieldSpan]
    pages: list[str]  # every page carrying this release


@dataclass
class Filter:
    status: Optional[str] = None  # one of RELEASE_STATUSES, or None for all
    low_confidence: bool = False
    duplicates: bool = False
    search: str = ""


@dataclass
class TimelineEvent:
    id: int
    release_id: Optional[int]
    date_start: str
    date_end: Optional[str]
    event_type: Optional[str]
    title: str
