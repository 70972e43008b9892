"""Values a reviewer types: dates that exist (or a year left unknown), and search words that never break the query."""
from __future__ import annotations

import pytest

from reviewer.review import InvalidValue, check_date, check_range, fts_query


@pytest.mark.parametrize("value", ["2024-02-30", "2023-02-29", "2024-13-01", "20.12.2024", "XXXX-02-30", "2024-1-1"])
def test_dates_that_do_not_exist_are_refused(value):
    with pytest.raises(InvalidValue, match="date"):
        check_date(value)


@pytest.mark.parametrize("value", ["2024-02-29", "XXXX-02-29", "XXXX-12-20", " 2014-12-23 "])
def test_real_and_year_unknown_dates_pass(value):
    assert check_date(value) == value.strip()


def test_fts_query_quotes_words():
    assert fts_query('joint "training') == '"joint" "\"\"training"*'
    assert fts_query("  ") == ""


@pytest.mark.parametrize(("start", "end"), [("2024-04-17", "2024-04-18"), ("XXXX-12-30", "XXXX-01-02"),
                                            ("XXXX-05-02", "2024-05-01")])
def test_ranges_that_can_be_right_pass(start, end):
    check_range(start, end)  # the last: a known year and an unknown one do not compare


@pytest.mark.parametrize(("start", "end"), [("2024-04-18", "2024-04-17"), ("2024-12-30", "2024-01-02"),
                                            ("XXXX-05-02", "XXXX-05-01")])
def test_an_end_before_the_start_is_refused(start, end):
    with pytest.raises(InvalidValue, match=f"end {end} is before start {start}"):
        check_range(start, end)
