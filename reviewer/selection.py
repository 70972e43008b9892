"""Text the reviewer selected in a shown page, made into an event or into one of its fields.

A field set from a selection also gets a span (confidence 1.0, so never
flagged as doubtful) on the event's mention of the shown item — a new mention
when the event has none there — so the page marks it in the field's colour.
The value and the span are one :class:`~reviewer.review.Edit`: one undo step.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .names import name_key
from .review import Change, Edit, InvalidValue, ReleaseDetail, ReviewService

#: Selection kind → the field_spans.field the page colours it by.
SPAN_FIELD = {"date": "date_start", "location": "location", "participant": "participant", "organization": "organization"}


@dataclass(frozen=True)
class PageSelection:
    release_id: int  # the release whose page is shown: offsets are in its document
    start: int
    end: int


def snap_to_words(text: str, item_span: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to whole words and trimmed of the spaces and punctuation around them.

    A drag rarely lands on word edges: `` S. Ordabay`` is ``S. Ordabayev``, and
    ``Moscow,`` is ``Moscow``. Refused (:class:`InvalidValue`) when nothing but
    white space is selected or when the selection reaches outside the shown
    release's item: the page also shows other releases' teasers and headlines.
    """
    lo, hi = item_span
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise InvalidValue("the selection is only white space")
    if start < lo or end > hi:
        shown = " ".join(text[start:end].split())
        raise InvalidValue(f"{_clip(shown)!r}: outside the shown release; select in its shaded text")
    # widen only a selection that starts (ends) inside a word: ", Minsk" does not take "Moscow" along
    while start > lo and _in_word(text[start]) and _joins(text, start - 1, -1):
        start -= 1
    while end < hi and _in_word(text[end - 1]) and _joins(text, end, +1):
        end += 1
    # then drop the punctuation around the words: quotes always, a bracket unless the words close it
    while start < end and not text[start].isalnum() and not (text[start] in _CLOSER and _CLOSER[text[start]] in text[start + 1:end]):
        start += 1
    while end > start and not text[end - 1].isalnum() and (
            text[end - 1] not in ").]" or _unmatched_closer(text, start, end) or _sentence_stop(text, start, end)):
        end -= 1
    if start == end:
        raise InvalidValue("the selection holds no word")
    return start, end


_CLOSER = {"(": ")", "[": "]"}
_JOINERS = "-'\u2019"


def _in_word(c: str) -> bool:
    return c.isalnum() or c in _JOINERS


def _joins(text: str, i: int, step: int) -> bool:
    """Whether ``text[i]`` continues the word it touches, looking in direction ``step``."""
    c = text[i]
    if c.isalnum():
        return True
    # a hyphen or an apostrophe inside a word (Rostov-on-Don, O'Neill) joins it; at its edge it does not
    j = i + step
    return c in _JOINERS and 0 <= j < len(text) and text[j].isalnum() and text[i - step].isalnum()


def _unmatched_closer(text: str, start: int, end: int) -> bool:
    c = text[end - 1]
    return c in ")]" and text.count("(" if c == ")" else "[", start, end) < text.count(c, start, end)


def _sentence_stop(text: str, start: int, end: int) -> bool:
    """A full stop after a word (``…in Moscow.``), not after an initial (``S.``) or inside ``U.S.``."""
    if text[end - 1] != ".":
        return False
    word = text[start:end - 1].rsplit(None, 1)[-1] if end - 1 > start else ""
    return len(word) > 2 and "." not in word


def _clip(text: str) -> str:
    return text if len(text) <= 50 else text[:50] + "…"


def _date_hits(detail: ReleaseDetail, start: int, end: int):
    """Every date of the shown item, and those touching ``[start, end)`` (a whole date: its year comes with it)."""
    from .extract.dates import find_dates

    lo, hi = detail.item_span
    hits = find_dates(detail.text, lo, hi)
    return hits, [h for h in hits if h.start < end and h.end > start]


def _resolved(detail: ReleaseDetail, hits, hit, planned: bool, known: Optional[str]) -> tuple[str, str]:
    """A date hit as stored (start, end): a missing year taken as extraction takes it, never XXXX over a known one.

    The item's dateline, else another full date of the same item lends the
    year (as extraction does); when neither does and the event's date already
    has a year, that year is kept: a selection of `December 11` never turns
    2024-12-11 into XXXX-12-11.
    """
    from .extract.dates import lends_year, resolve

    dateline = detail.release.dateline
    lender = None if hit.has_year or dateline else next((h for h in hits if lends_year(h, hit)), None)
    d1, d2, _ = resolve(hit, dateline, lender, planned=planned)
    if d1.startswith("XXXX") and known and not known.startswith("XXXX"):
        year = int(known[:4])
        # 30 December – 2 January crosses New Year; set_dates still checks the day exists in that year
        d1, d2 = f"{year}{d1[4:]}", f"{year + 1 if d2[5:] < d1[5:] else year}{d2[4:]}"
    return d1, d2


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
    start, end = snap_to_words(detail.text, detail.item_span, sel.start, sel.end) if sel.end > sel.start \
        else (sel.start, sel.end)
    if not detail.item_span[0] <= start <= end <= detail.item_span[1]:
        raise InvalidValue("the cursor is outside the shown release; put it in its shaded text")
    s, e = sentence_around(detail.text, detail.item_span, start, end)
    hits, touching = _date_hits(detail, s, e)
    touching = [h for h in touching if not h.reference] or touching
    d1 = d2 = None  # a sentence without a date still makes an event
    if touching:
        d1, d2 = _resolved(detail, hits, touching[0], planned=False, known=None)
    return service.add_event(sel.release_id, evidence=(s, e), date_start=d1, date_end=d2)


def set_from_selection(service: ReviewService, event_id: int, kind: str, sel: PageSelection) -> Edit:
    """Set a date or location, or add a participant or organization, from the selected text, with its span.

    The selection snaps to whole words and must lie in the shown release's
    text; a person or body the event already lists is refused, naming it.
    """
    if kind not in SPAN_FIELD:
        raise InvalidValue(f"{kind!r}: a selection can set one of {', '.join(SPAN_FIELD)}")
    detail = service.release_detail(sel.release_id)
    start, end = snap_to_words(detail.text, detail.item_span, sel.start, sel.end)
    text = " ".join(detail.text[start:end].split())
    ev = service.event(event_id)
    with service.store.transaction():
        if kind == "date":
            hits, touching = _date_hits(detail, start, end)
            if not touching:
                raise InvalidValue(f"{_clip(text)!r}: no date with a day of the month in the selection")
            hit = touching[0]
            d1, d2 = _resolved(detail, hits, hit, planned=ev.status == "planned", known=ev.date_start)
            start, end = min(start, hit.start), max(end, hit.end)  # the mark covers the whole date, its year too
            edit, value = service.set_dates(event_id, d1, d2), d1
        elif kind == "location":
            edit, value = service.set_field(event_id, "location", text), text
        elif kind == "participant":
            _refuse_listed(service, "participant", text, [(p.name, p.id) for p in ev.participants])
            edit, value = service.add_participant(event_id, text), text
        else:
            _refuse_listed(service, "organization", text, [(o.name, o.id) for o in ev.organizations])
            edit, value = service.add_organization(event_id, text), text
        return service.extended(edit, _span_changes(service, detail, event_id, SPAN_FIELD[kind], value, start, end))


def _refuse_listed(service: ReviewService, kind: str, name: str, listed: list[tuple[str, int]]) -> None:
    """Refuse a name the event lists already: the same words, or (a person) a known spelling of the same person."""
    key = name_key(name)
    same = next((n for n, _ in listed if name_key(n) == key), None)
    if same is None and kind == "participant":
        person = service.store.db.execute("SELECT entity_id FROM entity_variants WHERE kind = 'person' AND key = ?",
                                          [key]).fetchone()
        if person is not None:
            ids = [row_id for _, row_id in listed]
            marks = ",".join("?" * len(ids))
            row = service.store.db.execute(
                f"SELECT name FROM event_participants WHERE id IN ({marks}) AND person_id = ? ORDER BY position, id",
                [*ids, person[0]]).fetchone() if ids else None
            same = row[0] if row else None
    if same is not None:
        shown = "" if same == name else f" as {same!r}"
        raise InvalidValue(f"{kind} {_clip(name)!r} is already listed on this event{shown}")


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
