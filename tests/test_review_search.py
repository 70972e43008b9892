"""The search text read once: the FTS5 query the list runs and the pattern that marks hits in the page agree."""
from __future__ import annotations

import pytest

from reviewer.review.search import fts_match, hit_pattern


@pytest.mark.parametrize("typed, query", [
    ("Minsk", '"Minsk"*'),  # the word being typed is a prefix
    ("Minsk ", '"Minsk"'),  # a space ends it
    ("M", ""),  # one letter would match most of the archive: nothing yet
    ("working g", '"working"'),
    ("working gr", '"working" AND "gr"*'),
    ('"Deputy Se', '"Deputy Se"*'),  # a phrase still open: its last word is a prefix
    ('"Deputy Secretary"', '"Deputy Secretary"'),
    ('joint "training', '"joint" AND "training"*'),
    ('say "hi" now!', '"say" AND "hi" AND "now!"*'),
    ("- ( *", ""),  # no letter or digit: nothing FTS5 would index
])
def test_typed_text_becomes_a_query(typed, query):
    assert fts_match(typed) == query


def test_any_word_joins_with_or():
    assert fts_match("Minsk Yerevan ", any_words=True) == '"Minsk" OR "Yerevan"'


def test_hits_are_whole_words_phrases_across_any_gap_and_the_prefix_being_typed():
    text = "The Deputy\u00a0Secretary-General met Minsk officials; Minskers and aMinsk are other words."
    assert [m.group() for m in hit_pattern('"deputy secretary" mins').finditer(text)] == \
        ["Deputy\u00a0Secretary", "Minsk", "Minskers"]
    assert [m.group() for m in hit_pattern("minsk ").finditer(text)] == ["Minsk"]
    assert hit_pattern("M") is None
