"""Text the reviewer selected in a shown page, made into an event or into one of its fields.

A field set from a selection also gets a span (confidence 1.0, so never
flagged as doubtful) on the event's mention of the shown item — a new mention
when the event has none there — so the page marks it in the field's colour.
The value and the span are one :class:`~reviewer.review.Edit`: one undo step.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .review import Change, Edit, InvalidValue, ReleaseDetail, ReviewService

#: Selection kind → the field_spans.field the page colours it by.
SPAN_FIELD = {"date": "date_start", "location": "location", "participant": "participant", "organization": "organization"}


@dataclass(frozen=True)
class PageSelection:
    release_id: int  # the release whose page is shown: offsets are in its document
    start: int
    end: int


def dates_in_text(text: str, dateline: Optional[str]) -> tuple[str, str]:
    """The first day-of-month date written in ``text`` as (start, end), the year from the dateline when missing."""
    from .extract.dates import find_dates, resolve

    hits = find_dates(text)
    if not hits:
        raise InvalidValue(f"{' '.join(text.split())[:50]!r}: no date with a day of the month in the selection")
    start, end, _ = resolve(hits[0], dateline)
    return start, end


def sentence_around(text: str, item_span: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The sentence(s) of the item that contain ``[start, end)``; the selection itself if none does."""
    from .extract.sentences import split_span
    from .model import Span

    cover = [s for s in split_span(text, Span(*item_span)) if s.start < max(end, start + 1) and s.end > start]
    if not cover:
        return start, end
    return cover[0].start, cover[-1].end


def new_event_from_selection(service: ReviewService, sel: PageSelection) -> Edit:
    """A new event whose evidence is the sentence around the selection, dated by it when it names a day."""
    detail = service.release_detail(sel.release_id)
    s, e = sentence_around(detail.text, detail.item_span, sel.start, sel.end)
    try:
        d1, d2 = dates_in_text(detail.text[s:e], detail.release.dateline)
    except InvalidValue:  # a sentence without a date still makes an event
        d1 = d2 = None
    return service.add_event(sel.release_id, evidence=(s, e), date_start=d1, date_end=d2)


def set_from_selection(service: ReviewService, event_id: int, kind: str, sel: PageSelection) -> Edit:
    """Set a date or location, or add a participant or organization, from the selected text, with its span."""
    if kind not in SPAN_FIELD:
        raise InvalidValue(f"{kind!r}: a selection can set one of {', '.join(SPAN_FIELD)}")
    detail = service.release_detail(sel.release_id)
    raw = detail.text[sel.start:sel.end]
    start = sel.start + (len(raw) - len(raw.lstrip()))  # the span covers the words, not the spaces around them
    end = sel.end - (len(raw) - len(raw.rstrip()))
    text = " ".join(raw.split())
    if not text:
        raise InvalidValue("the selection is only white space")
    with service.store.transaction():
        if kind == "date":
            d1, d2 = dates_in_text(text, detail.release.dateline)
            edit, value = service.set_dates(event_id, d1, d2), d1
        elif kind == "location":
            edit, value = service.set_field(event_id, "location", text), text
        elif kind == "participant":
            edit, value = service.add_participant(event_id, text), text
        else:
            edit, value = service.add_organization(event_id, text), text
        return service.extended(edit, _span_changes(service, detail, event_id, SPAN_FIELD[kind], value, start, end))


def _span_changes(service: ReviewService, detail: ReleaseDetail, event_id: int, field: str, value: str,
                  start: int, end: int) -> list[Change]:
    ex = service.store.db.execute
    changes: list[Change] = []
    view = next((e for e in detail.events if e.id == event_id), None)
    mention_id = view.mention_id if view is not None else None
    if mention_id is None:
        s, e = sentence_around(detail.text, detail.item_span, start, end)
        pos = ex("SELECT coalesce(max(position) + 1, 0) FROM mentions WHERE item_id = ?", [detail.item_id]).fetchone()[0]
        mention_id = service.next_id("mentions")
        changes.append(Change("mentions", mention_id, None, None, {
            "id": mention_id, "event_id": event_id, "item_id": detail.item_id, "position": pos,
            "evidence_start": s, "evidence_end": e, "more_evidence": "[]"}))
    elif ex('SELECT 1 FROM field_spans WHERE mention_id = ? AND field = ? AND value IS ? AND start = ? AND "end" = ?',
            [mention_id, field, value, start, end]).fetchone():
        return changes  # already marked
    span_id = service.next_id("field_spans")
    changes.append(Change("field_spans", span_id, None, None, {
        "id": span_id, "mention_id": mention_id, "field": field, "value": value, "start": start, "end": end,
        "confidence": 1.0, "origin": "reviewer"}))
    return changes
