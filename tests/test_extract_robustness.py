"""Extraction never fails and never returns a span outside the text, whatever the item."""
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer.extract import extract_item
from reviewer.model import Item, Span

_WORDS = st.sampled_from([
    "On", "12", "May", "2023", ",", ".", "the", "CSTO", "Council", "of", "Foreign", "Ministers", "met", "in",
    "Minsk", "Ivan", "Petrov", "Secretary", "General", "(", ")", "UNODC", "will", "be", "held", "\u00a0", "\n",
    "From", "1", "to", "3", "-", "\u201c", "\u201d", "today", "this", "year", "S.", "Ordabayev", "videoconference",
])


@st.composite
def _items(draw):
    text = " ".join(draw(st.lists(_WORDS, max_size=80)))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=6))))
    segs = [Span(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    kind = draw(st.sampled_from(["teaser", "article"]))
    dateline = draw(st.sampled_from([None, "2023-05-20", "2020-01-03"]))
    span = Span(segs[0].start, segs[-1].end) if segs else Span(0, len(text))
    headline = segs[0] if (segs and kind == "article" and draw(st.booleans())) else None
    return text, Item(seq=0, kind=kind, span=span, segments=segs, headline=headline, dateline=dateline)


def _spans(m):
    yield m.evidence
    yield from m.more_evidence
    for v in (m.date_start, m.date_end, m.event_type, m.status, m.location, m.online, *m.organizations):
        yield v.span
        assert 0.0 <= v.confidence <= 1.0
    for p in m.participants:
        yield p.span
        yield p.role_span
        assert 0.0 <= p.confidence <= 1.0


@settings(max_examples=300, deadline=None)
@given(_items())
def test_any_item_extracts_without_error_and_spans_stay_in_the_text(case):
    text, item = case
    for m in extract_item(text, item):
        for sp in _spans(m):
            assert sp is None or 0 <= sp.start <= sp.end <= len(text)
        assert m.event_type.value in ("meeting", "consultations", "training", "education", "briefing", "visit",
                                      "ceremony", "operation", "other")
        assert m.status.value in ("held", "planned")
        assert m.date_start.value <= m.date_end.value or m.date_start.value.startswith("XXXX")
