"""Every date form of the press pages, year resolution, and document dates that are not events."""
import pytest

from reviewer.extract.dates import find_dates, find_today, resolve


def _one(text: str, dateline=None, planned=False):
    hits = [h for h in find_dates(text) if not h.reference]
    assert len(hits) == 1, [text[h.start : h.end] for h in hits]
    h = hits[0]
    return text[h.start : h.end], resolve(h, dateline, planned=planned)


@pytest.mark.parametrize(
    "text, span, start, end",
    [
        ("On 14 March 2023, the drills began.", "14 March 2023", "2023-03-14", "2023-03-14"),
        ("On September 5, 2022, the council met.", "September 5, 2022", "2022-09-05", "2022-09-05"),
        ("On 3 and 4 June 2021, talks took place.", "3 and 4 June 2021", "2021-06-03", "2021-06-04"),
        ("From 2 to 27 October 2019, the courses ran.", "2 to 27 October 2019", "2019-10-02", "2019-10-27"),
        ("The exercise was held on 8-9 July 2023.", "8-9 July 2023", "2023-07-08", "2023-07-09"),
        ("It was held on 8\u201310 July 2023.", "8\u201310 July 2023", "2023-07-08", "2023-07-10"),
        ("The forum opened October 30-31, 2022, in Baku.", "October 30-31, 2022", "2022-10-30", "2022-10-31"),
        ("Held from 29 September to 2 October 2020.", "29 September to 2 October 2020", "2020-09-29", "2020-10-02"),
        ("Held September 29 - October 2, 2020 in Minsk.", "September 29 - October 2, 2020", "2020-09-29", "2020-10-02"),
        ("Drills ran from 28 December to 4 January 2019.", "28 December to 4 January 2019", "2018-12-28", "2019-01-04"),
        ("The visit took place on 12.11.2018 in Yerevan.", "12.11.2018", "2018-11-12", "2018-11-12"),
        ("On the 7th of May 2015 a parade was held.", "7th of May 2015", "2015-05-07", "2015-05-07"),
    ],
)
def test_explicit_forms(text, span, start, end):
    got_span, (s, e, conf) = _one(text)
    assert (got_span, s, e) == (span, start, end)
    assert conf >= 0.9


def test_missing_year_without_support_is_xxxx_with_low_confidence():
    _, (s, e, conf) = _one("On 9 February, the staff trained.")
    assert (s, e) == ("XXXX-02-09", "XXXX-02-09")
    assert conf < 0.6


def test_bare_year_elsewhere_is_not_support():
    # "in 2027" dates the plan, not the consultations
    _, (s, _, _) = _one("On 3 and 4 March, consultations on exercises in 2027 were held.")
    assert s == "XXXX-03-03"


def test_missing_year_from_dateline():
    _, (s, e, conf) = _one("The council will meet on June 14.", dateline="2019-06-02", planned=True)
    assert (s, e) == ("2019-06-14", "2019-06-14")
    assert 0.6 <= conf < 0.95


def test_december_event_reported_in_january_is_last_year():
    _, (s, _, _) = _one("On 28 December, the staff met.", dateline="2021-01-10")
    assert s == "2020-12-28"


def test_this_year_takes_dateline_year_even_far_from_its_month():
    span, (s, _, conf) = _one("On November 4, this year, the session opened.", dateline="2018-02-01")
    assert span == "November 4, this year"
    assert s == "2018-11-04"
    assert conf >= 0.8


def test_document_date_is_a_reference_not_an_event():
    hits = find_dates("the Council Decision of November 7, 2016 on the plan")
    assert len(hits) == 1 and hits[0].reference


def test_deadline_is_a_reference():
    assert find_dates("reports are due by 1 March 2020")[0].reference


def test_on_a_date_is_not_a_reference():
    assert not find_dates("held on 1 March 2020")[0].reference


@pytest.mark.parametrize(
    "text",
    ["The March 2016 session ended.", "training in 2026 is planned", "the 40th meeting", "Resolutions 1267/1989/2253",
     "in the second half of 2015"],
)
def test_no_day_no_date(text):
    assert find_dates(text) == []


def test_invalid_day_is_ignored():
    assert find_dates("On 41 May the group met") == []


def test_list_of_days_spans_first_to_last():
    span, (s, e, _) = _one("On 5, 6 and 7 May 2022, the staff trained.")
    assert (span, s, e) == ("5, 6 and 7 May 2022", "2022-05-05", "2022-05-07")


def test_date_of_an_adopted_document_is_a_reference():
    text = "The task is to implement the decisions adopted on December 2, 2020."
    (hit,) = find_dates(text)
    assert hit.reference


def test_on_this_day_after_a_glued_dateline_is_the_datelines_day():
    text = "03.07.2024On this day, the Secretary General attended the parade."
    assert find_today(text, 10, len(text), "2024-07-03")[2] == "2024-07-03"
    assert find_today("On this day, 79 years ago, the war ended.", 0, 40, "2024-05-09") is None
