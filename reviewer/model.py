"""Plain dataclasses passed between the pipeline stages.

ingest → :class:`Page` with :class:`Item` s → extract → :class:`Mention` s → store.

Every offset is a character offset into the document's original text, which
the store keeps unchanged, so a span can always be highlighted in the page.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

#: The event types of the annotation guideline, in the order the UI offers them.
EVENT_TYPES = (
    "meeting",
    "consultations",
    "training",
    "education",
    "briefing",
    "visit",
    "ceremony",
    "operation",
    "other",
)
STATUSES = ("held", "planned")
ITEM_KINDS = ("teaser", "article")

#: Scalar event fields, in the order the editor and the export show them.
SCALAR_FIELDS = ("date_start", "date_end", "event_type", "status", "location", "online")


@dataclass(frozen=True)
class Span:
    """A half-open range ``[start, end)`` of the document text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True)
class Furniture:
    """Page furniture: navigation, photo names, separators, the press contact."""

    span: Span
    kind: str  # "nav" | "photo" | "separator" | "contact" | "media" | "dateline" | "repeat"


@dataclass
class Item:
    """One teaser or the article of a page.

    ``span`` covers the item from its first content character to its last.
    ``segments`` are the pieces of ``span`` that are content: the span minus
    the furniture (and minus a dateline glued to a line) that lies inside it.
    Extraction reads only the segments.
    """

    seq: int
    kind: str  # "teaser" | "article"
    span: Span
    segments: list[Span]
    headline: Optional[Span] = None  # articles: the headline line
    dateline: Optional[str] = None  # ISO "YYYY-MM-DD" of the item's DD.MM.YYYY
    dateline_span: Optional[Span] = None

    def content(self, text: str) -> str:
        """The item's content with furniture removed (segments joined by newlines)."""
        return "\n".join(text[s.start : s.end] for s in self.segments)

    def first_line(self, text: str) -> str:
        first = self.headline or (self.segments[0] if self.segments else self.span)
        return text[first.start : first.end].split("\n", 1)[0]


@dataclass
class Page:
    """A decoded page file, split into items."""

    name: str  # the file name, as sources name it in the export
    path: str  # where it was read from
    text: str  # decoded text, unchanged
    sha256: str  # of the raw bytes
    encoding: str
    items: list[Item] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # provenance of a web page (an HTML file or a feed's page): what its metadata or its feed says
    url: Optional[str] = None  # canonical URL (absolute http or https)
    title: Optional[str] = None
    published: Optional[str] = None  # publication date, YYYY-MM-DD


@dataclass
class Value:
    """One extracted field value with its evidence span and a confidence in [0, 1].

    ``span`` is ``None`` when the value was inferred rather than read (for
    example ``online=False`` because nothing mentions a videoconference).
    """

    value: Any
    span: Optional[Span]
    confidence: float


@dataclass
class Participant:
    name: str  # as written, fullest form in the item, without title or role
    role: Optional[str]
    span: Optional[Span]  # of the name
    confidence: float
    role_span: Optional[Span] = None


@dataclass
class Mention:
    """An event as one item reports it.

    Dates are ISO strings; a year the text does not give is written ``XXXX``
    (``"XXXX-12-20"``) and carries a low confidence.
    """

    evidence: Span  # the sentence that reports the event
    date_start: Value
    date_end: Value
    event_type: Value
    status: Value
    location: Value  # value: city name or None
    online: Value  # value: bool
    participants: list[Participant] = field(default_factory=list)
    organizations: list[Value] = field(default_factory=list)  # value: name as written
    # Other sentences that state the same event (an article's headline and its
    # first sentence); shown to the reviewer, not exported as extra sources.
    more_evidence: list[Span] = field(default_factory=list)


@dataclass
class KnownEntities:
    """Names a reviewer has taught the application (table ``known_entities``).

    ``people`` maps every alias (casefolded) to the canonical name;
    ``organizations`` and ``places`` hold names as they should be written.
    """

    people: dict[str, str] = field(default_factory=dict)
    organizations: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
