"""Values a reviewer types: dates in the forms people write them (or a year left unknown), a name and a role
in one line, and search words that never break the query."""
from __future__ import annotations

import pytest

from reviewer.review import InvalidValue, check_date, check_range, fts_query, parse_date, split_name_role


@pytest.mark.parametrize("value", ["2024-02-30", "2023-02-29", "2024-13-01", "XXXX-02-30", "2024-1-1",
                                   "31.04.2024", "30 February 2024", "Feb 30, 2024", "20.13.2024"])
def test_dates_that_do_not_exist_are_refused(value):
    with pytest.raises(InvalidValue, match="date"):
        check_date(value)


@pytest.mark.parametrize(("typed", "stored"), [
    ("2024-12-20", "2024-12-20"),
    ("20.12.2024", "2024-12-20"),
    ("1.2.2024", "2024-02-01"),
    ("20 December 2024", "2024-12-20"),
    ("20 Dec 2024", "2024-12-20"),
    ("20th of December, 2024", "2024-12-20"),
    ("Dec 20, 2024", "2024-12-20"),
    ("December 20 2024", "2024-12-20"),
    ("Sept. 3, 2023", "2023-09-03"),
    ("20 dec", "XXXX-12-20"),  # the year unknown: kept unknown, never invented
    ("December 20", "XXXX-12-20"),
    ("XXXX-12-20", "XXXX-12-20"),
    ("29 Feb", "XXXX-02-29"),  # may be right in a leap year
    ("  20\u00a0December   2024 ", "2024-12-20"),  # a non-breaking space pasted from a page
])
def test_every_typed_form_is_read_into_the_stored_form(typed, stored):
    assert parse_date(typed) == stored
    assert check_date(typed, "start date") == stored  # check_date reads through parse_date: one reader


@pytest.mark.parametrize(("typed", "hint", "stored"), [
    ("20 Dec", "2024-12-23", "2024-12-20"),  # the item's dateline year, as extraction takes it
    ("20 Dec", "2025-01-05", "2024-12-20"),  # a December date told in January: the year before, as extraction does
    ("Dec 20", "2024", "2024-12-20"),  # a bare year is that year
    ("20 Dec 2023", "2024-12-23", "2023-12-20"),  # a written year always wins over the hint
    ("20 Dec", "XXXX-12-23", "XXXX-12-20"),  # a hint without a year lends none
    ("20 Dec", None, "XXXX-12-20"),
])
def test_a_date_without_a_year_takes_the_year_as_extraction_does(typed, hint, stored):
    assert parse_date(typed, hint) == stored


@pytest.mark.parametrize(("typed", "reason"), [
    ("20/12/2024", "not a date"),  # slashes are ambiguous (12/11 is two different days): refused
    ("12.20.2024", "no such day"),  # month first is refused, not swapped
    ("20 Decembr 2024", "'Decembr' is not a month"),
    ("17-18 April 2024", "not a date"),  # one field holds one date
    ("tomorrow", "not a date"),
    ("20.12.24", "not a date"),  # a two-digit year would be a guess
    ("x" * 5000, "not a date"),
])
def test_refusals_are_one_line_naming_the_value(typed, reason):
    with pytest.raises(InvalidValue) as err:
        check_date(typed, "start date")
    message = str(err.value)
    assert "\n" not in message and message.startswith("start date ") and reason in message
    assert typed[:20] in message
    assert len(message) < 200


def test_blank_is_no_date():
    assert parse_date("   ") is None and parse_date(None) is None


@pytest.mark.parametrize(("typed", "name", "role"), [
    ("Ivan Petrov — Deputy Minister", "Ivan Petrov", "Deputy Minister"),
    ("Ivan Petrov - Deputy Minister of Defence, Colonel", "Ivan Petrov", "Deputy Minister of Defence, Colonel"),
    ("Petrov, Ivan | Deputy Minister", "Petrov, Ivan", "Deputy Minister"),
    ("Petrov, Ivan; Deputy Minister", "Petrov, Ivan", "Deputy Minister"),
    ("Petrov, Ivan, Deputy Minister", "Petrov, Ivan, Deputy Minister", None),  # a comma never splits
    ("Jean-Luc Martin", "Jean-Luc Martin", None),  # a hyphen inside a name is no separator
    ("  Anna  Ivanova  ", "Anna Ivanova", None),
    ("Anna Ivanova —  ", "Anna Ivanova", None),
])
def test_a_name_and_a_role_split_only_at_an_unambiguous_separator(typed, name, role):
    assert split_name_role(typed) == (name, role)


def test_a_participant_without_a_name_is_refused():
    with pytest.raises(InvalidValue, match="participant: a name cannot be empty"):
        split_name_role(" — Deputy Minister")


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
