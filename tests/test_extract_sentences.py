"""Sentence splitting: offsets into the document, initials, abbreviations, quotes, nbsp."""
from reviewer.extract.sentences import split, split_span
from reviewer.model import Span


def _sents(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split(text, [Span(0, len(text))])]


def test_splits_on_full_stop_before_capital():
    assert _sents("The council met. It adopted a plan.") == ["The council met.", "It adopted a plan."]


def test_initial_does_not_end_a_sentence():
    text = "The meeting was chaired by Deputy Chief K. Baimukhanov. Delegations attended."
    assert _sents(text) == ["The meeting was chaired by Deputy Chief K. Baimukhanov.", "Delegations attended."]


def test_two_letter_initial_and_dotted_brand_stay_inside():
    text = "Speaking to News.Kg, Zh. Abdrakhmanov noted progress. The talks go on."
    assert _sents(text)[0] == "Speaking to News.Kg, Zh. Abdrakhmanov noted progress."


def test_abbreviation_no_does_not_split():
    assert len(_sents("Decision No. 5 was adopted. The heads signed it.")) == 2


def test_non_breaking_space_and_closing_curly_quote():
    text = "He said \u201cwe are ready.\u201d\u00a0The drills began."
    assert _sents(text) == ["He said \u201cwe are ready.\u201d", "The drills began."]


def test_lowercase_after_stop_is_not_a_boundary():
    assert len(_sents("The plan was approved, i.e. adopted in full.")) == 1


def test_offsets_are_document_offsets_and_trimmed():
    text = "XXXX  First one.  Second one.  "
    spans = split_span(text, Span(4, len(text)))
    assert [text[s.start : s.end] for s in spans] == ["First one.", "Second one."]
    assert spans[0].start == 6


def test_segments_never_share_a_sentence():
    text = "A headline without a stop\nThe body starts here."
    spans = split(text, [Span(0, 25), Span(26, len(text))])
    assert [text[s.start : s.end] for s in spans] == ["A headline without a stop", "The body starts here."]
