"""What the window reads: plain dataclasses built by :mod:`reviewer.review.reads`.

They carry values only (no store, no SQL), so the window's models and the
tests can build and compare them freely.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .attention import LOW_CONFIDENCE, is_low, scalar_settled  # noqa: F401 (LOW_CONFIDENCE: read from here too)

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
    has_duplicates: bool  # an undecided duplicate pair (attention.RELEASE_PAIRS)
    low_confidence: bool  # a value that needs attention (attention.RELEASE_LOW)
    date: Optional[str] = None  # the earliest start date of its own events
    event_type: Optional[str] = None  # its first event's type
    note: int = 0  # 0 none, 1 a reviewer's note on it or one of its events, 2 one flagged for a second look (NOTE_LEVEL)

    @property
    def needs_attention(self) -> bool:
        return self.has_duplicates or self.low_confidence


@dataclass
class Person:
    id: int
    name: str
    role: Optional[str]
    confidence: float
    checked: bool = False

    @property
    def low(self) -> bool:
        return is_low(self.confidence, self.checked)


@dataclass
class Organization:
    id: int
    name: str
    confidence: float
    checked: bool = False

    @property
    def low(self) -> bool:
        return is_low(self.confidence, self.checked)


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
    checked_fields: list[str] = field(default_factory=list)  # low values a reviewer said are right

    @property
    def year_unknown(self) -> bool:
        return any(d is not None and d.startswith("XXXX") for d in (self.date_start, self.date_end))

    def low(self, name: str) -> bool:
        """A scalar field that needs attention (the rule is :mod:`.attention`'s)."""
        return is_low(self.confidence.get(name, 1.0), scalar_settled(name, self.edited_fields, self.checked_fields))


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


#: The release list's sort keys (ReviewReads.release_page): "id" is the list's own order, grouped by page.
SORT_KEYS = ("id", "title", "date", "type", "status", "events")


@dataclass
class Filter:
    status: Optional[str] = None  # one of RELEASE_STATUSES, or None for all
    low_confidence: bool = False  # a value that needs attention
    duplicates: bool = False  # an undecided duplicate pair
    search: str = ""
    attention: bool = False  # either of the two: what the reviewer still has to look at
    any_words: bool = False  # the search matches any of its words (or "phrases"), not all
    # one of the release's own events matches every one of these given
    event_type: Optional[str] = None
    date_from: Optional[str] = None  # YYYY-MM-DD
    date_to: Optional[str] = None
    location: str = ""  # part of the place
    participant: str = ""  # part of a participant's name
    organization: str = ""  # part of an organization's name
    reviewer: Optional[str] = None  # who last set the release's status
    notes: Optional[str] = None  # "note": a note or flag on it or its events; "flag": a second-look flag
    sort: str = "id"  # one of SORT_KEYS
    descending: bool = False


@dataclass
class TimelineEvent:
    id: int
    release_id: Optional[int]
    date_start: str
    date_end: Optional[str]
    event_type: Optional[str]
    title: str
    verified: bool = False  # the event's review status is verified
