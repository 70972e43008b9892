"""Other sites' shapes met in the third blind set (issue 18): more wire datelines and date lines, a feed's
poster over each post, a dated headline, and the event-level forms (two events in one sentence, "then", a
signing, chains). Every page and sentence here is made up for the test."""
from __future__ import annotations

import pytest

from reviewer import datelines
from reviewer.extract import extract_item
from reviewer.importing.ingest import parse_page
from test_sites_extract import _events, _wire


def _items(text: str):
    page = parse_page("x.txt", text)
    return [(i.kind, i.first_line(page.text)[:30], i.dateline) for i in page.items]


@pytest.mark.parametrize("line,city,day", [
    ("OSLO (3 March 2022) – The Fund opened", "OSLO", (3, 3, 2022)),
    ("RIGA, Oct. 7 /NBA/ — Ministers met", "RIGA", (10, 7, None)),
    ("VILNIUS, 8 October (NBA). Ministers met", "VILNIUS", (10, 8, None)),
    ("TALLINN – 9 October 2021 – NBA. Ministers met", "TALLINN", (10, 9, 2021)),
    ("Tartu, 10.10.2021 (NBA) – Ministers met", "Tartu", (10, 10, 2021)),
    ("KAUNAS — Oct. 11, 2021 — NBA. Ministers met", "KAUNAS", (10, 11, 2021)),
    ("Bergen, 12 October 2021. Ministers met", "Bergen", (10, 12, 2021)),
])
def test_more_wire_dateline_forms(line, city, day):
    w = datelines.wire(line, 0, len(line))
    assert w is not None and line[w.city[0]:w.city[1]] == city
    assert (w.date.month, w.date.day, w.date.year) == day
    assert line[w.end:].startswith("Ministers") or line[w.end:].startswith("The Fund")


@pytest.mark.parametrize("line", ["Friday, 12 October 2021 – the Council met", "On 12 October 2021 – the Council met",
                                  "Today, 12 October. The Council met"])
def test_a_weekday_or_a_sentence_is_no_wire_city(line):
    assert datelines.wire(line, 0, len(line)) is None


@pytest.mark.parametrize("line,iso", [
    ("2 February 2022 · Committees", "2022-02-02"),
    ("2 February 2022 at 10:15 · Bergen", "2022-02-02"),
    ("Published 2 February 2022 | Updated 3 February 2022", "2022-02-02"),
    ("Bergen, 2 February 2022", "2022-02-02"),
    # a range, a span of hours, a zone
    ("When: 28-29 November 2022", "2022-11-28"),
    ("When: Tuesday, 15 November 2022, 10:00-11:30 (Helsinki time)", "2022-11-15"),
    ("Monday, 4 March 2024 · 14:20", "2024-03-04"),
    ("4 March 2024, 14:20 CET", "2024-03-04"),
    ("28\u201329 November 2022", "2022-11-28"),
    # ordinals, ISO, ranges across months (and a New Year), bylines, embargoes
    ("4th March 2024", "2024-03-04"), ("March 4th, 2024", "2024-03-04"), ("2024-03-04", "2024-03-04"),
    ("When: 30 November - 2 December 2022", "2022-11-30"),
    ("When: 28 December - 3 January 2023, 10:00", "2022-12-28"),
    ("Posted on March 4, 2024 by Press Office", "2024-03-04"),
    ("Embargoed until 4 March 2024, 10:00 CET", "2024-03-04"),
])
def test_date_lines_with_a_section_a_time_or_a_city(line, iso):
    d = datelines.date_line(line, 0, len(line))
    assert d is not None and d.iso() == iso


def test_a_headline_after_a_bar_is_not_a_date_line():
    line = "2 February 2022 | The Council of Fisheries Ministers met in Bergen"
    assert datelines.date_line(line, 0, len(line)) is None


def test_a_news_in_brief_page_dates_each_story_by_its_own_dateline_and_keeps_its_lead_whole():
    page = """NORTHERN BALTIC AGENCY
News in brief
Updated: 08.10.2021 17:00
RIGA, Oct. 7 /NBA/ — The ministers of fisheries of three states met in Riga on Thursday to agree on quotas.
VILNIUS, 8 October (NBA). A regional forum of coastal towns opened in Vilnius today.
"""

    items = _items(page)
    assert len(items) == 2 and items[1][2] == "2021-10-08"  # a yearless wire date takes the page's year
    ev = _events(page)
    forum = [e for e in ev if "forum" in e["evidence"]]
    assert forum and forum[0]["evidence"].startswith("VILNIUS, 8 October (NBA). A regional forum")
    assert forum[0]["date"] == "2021-10-08" and forum[0]["location"] == "Vilnius"


def test_a_feeds_poster_over_each_post_is_chrome():
    page = """Consulate General of Norland in Bergen
Posts
Consulate General of Norland
2 February 2022 at 10:15 · Bergen
Consul General Ivar Lunde took part today in the opening of the fisheries fair in Bergen.
#fisheries
Consulate General of Norland
1 February 2022 at 18:40 · Oslo
Yesterday Consul General Ivar Lunde met the Mayor of Oslo, Kari Holm.
"""
    items = _items(page)
    assert [i[2] for i in items] == ["2022-02-02", "2022-02-01"]
    assert all(not i[1].startswith("Consulate") for i in items)


def test_a_headline_ending_in_a_full_date_dates_its_item():
    page = """Fisheries Agency of Norland
Daily digest
Digest of 2 February 2022
• Today the Director of the Agency, Ivar Lunde, took part in the opening of the regional conference on cod stocks in Bergen.
"""
    assert _items(page)[0][2] == "2022-02-02"
    ev = _events(page)
    assert ev and ev[0]["date"] == "2022-02-02"


def _article(lead: str, *more: str, dated: str = "Date: 4 February 2022") -> str:
    return "\n".join(["Fisheries ministers meet in Bergen", dated, lead, *more]) + "\n"


def test_met_someone_and_visited_something_are_two_events_of_one_sentence():
    ev = _events(_article("On 3 February, the Director of the Fund, Ivar Lunde, met the Mayor of Bergen, Kari Holm, "
                          "and visited the harbour control centre."))
    assert sorted(e["type"] for e in ev) == ["meeting", "visit"]
    assert {e["date"] for e in ev} == {"2022-02-03"}
    visit = next(e for e in ev if e["type"] == "visit")
    assert visit["people"] == ["Ivar Lunde"]


def test_a_second_clause_naming_its_own_occasion_is_another_event_of_the_same_type():
    ev = _events(_article("On 3 February, Ivar Lunde received a delegation of the Parliament of Norland, and the two "
                          "sides then opened the Nordic Fisheries Forum."))
    assert [e["type"] for e in ev] == ["meeting", "meeting"]


@pytest.mark.parametrize("sentence", [
    "On 3 February, Ivar Lunde met the Mayor of Bergen, Kari Holm, and discussed the harbour works.",
    "On 3 February, Ivar Lunde met the Mayor of Bergen, Kari Holm, and held talks on the harbour works.",
    "On 3 February, Ivar Lunde arrived in Bergen on a working visit and met the Mayor, Kari Holm.",
])
def test_one_event_stays_one(sentence):
    assert len(_events(_article(sentence))) == 1


def test_signed_on_a_day_in_a_city_a_memorandum_is_a_meeting_that_day():
    ev = _events(_article("The Director of the Fund, Ivar Lunde, and the Mayor of Bergen, Kari Holm, signed on 3 "
                          "February in Tbilisi a memorandum on harbour safety."))
    assert len(ev) == 1 and ev[0]["date"] == "2022-02-03" and ev[0]["type"] == "meeting"
    assert ev[0]["location"] == "Tbilisi"


def test_a_document_signed_on_a_day_is_no_event():
    ev = _events(_article("On 3 February, the ministers met in Bergen.",
                          "They reviewed the Protocol signed on 12 May 2019 and the Agreement that was signed in "
                          "Oslo on 14 June 2020."))
    assert [e["date"] for e in ev] == ["2022-02-03"]


DIGEST = """Fisheries Agency of Norland
Daily digest
Digest of 4 February 2022
• The Director of the Agency, Ivar Lunde, and the Minister of Fisheries of Estland, Mart Kask, signed on 3 February in Tbilisi an agreement on cod quotas.
• On the same day, Ivar Lunde laid flowers at the Monument of the Fishermen in Tbilisi.
• Deputy Director Kari Holm met the Ambassador of Estland, Peeter Tamm, in Tbilisi today.
• Yesterday the Agency held a webinar on the monitoring of coastal waters.
"""


def test_each_entry_of_a_digest_is_an_event_and_a_chain_reads_past_the_list_mark():
    ev = {(e["date"], e["type"]) for e in _events(DIGEST)}
    assert ("2022-02-03", "meeting") in ev  # the signing
    assert ("2022-02-03", "ceremony") in ev  # "On the same day" after the list mark
    assert ("2022-02-04", "meeting") in ev  # "today" in a later entry
    assert ("2022-02-03", "education") in ev  # "Yesterday" in a later entry


def test_then_and_after_the_event_give_the_next_event_on_the_same_day():
    ev = _events(_article("On 3 February, Ivar Lunde handed over two patrol boats to the coast guard at a ceremony "
                          "in Tbilisi.",
                          "Mr. Lunde then opened a training course for the boats' crews.",
                          "After the ceremony, the Director will hold a press conference."))
    got = {(e["date"], e["type"]) for e in ev}
    assert got == {("2022-02-03", "ceremony"), ("2022-02-03", "education"), ("2022-02-03", "briefing")}


def test_closed_its_two_day_session_started_the_day_before():
    ev = _events(_article("Tbilisi, 4 February 2022. The Nordic Fisheries Assembly closed its two-day session in "
                          "Tbilisi on Friday.", dated="Published 4 February 2022 | Updated 4 February 2022"))
    assert ev[0]["date"] == "2022-02-03" and ev[0]["end"] == "2022-02-04"


def test_addressing_the_assembly_on_a_day_is_a_briefing():
    ev = _events(_article("On 4 February, the Nordic Fisheries Assembly opened its session in Tbilisi.",
                          "Addressing the Assembly on 3 February, the Director of the Fund, Ivar Lunde, called for "
                          "lower quotas."))
    assert ("2022-02-03", "briefing") in {(e["date"], e["type"]) for e in ev}


def test_a_post_saying_today_reports_todays_event_before_the_one_it_announces():
    page = """Posts
3 February 2022 at 19:30 · Tbilisi
Today in Tbilisi, Ambassador Peeter Tamm took part in the Nordic Fisheries Summit. The leaders agreed to hold the next summit in Oslo on 5 February 2023.
"""
    ev = _events(page)
    assert [(e["date"], e["status"]) for e in ev] == [("2022-02-03", "held"), ("2023-02-05", "planned")]


def test_a_courtesy_title_is_no_initial_and_a_subject_opening_the_sentence_is_a_person():
    ev = _events(_article("On 3 February, the Director of the Fund, Ivar Lunde, opened a regional conference on cod "
                          "stocks in Tbilisi. Ms. Lunde thanked the hosts."))
    assert ev[0]["people"] == ["Ivar Lunde"]  # not "Ms. Lunde" beside him
    ev = _events(_article("Nora Vestby received on 3 February the Mayor of Tbilisi, Giorgi Kapanadze."))
    assert sorted(ev[0]["people"]) == ["Giorgi Kapanadze", "Nora Vestby"]


def test_a_weekday_ends_a_bodys_name():
    ev = _events(_wire("RIGA, March 11 (BP) -- The delegation met the Baltic Fisheries Commission on Wednesday.",
                       stamp="Date: 11 March 2021"))
    assert ev and all("Wednesday" not in o for e in ev for o in e["orgs"])


def test_a_planned_visit_to_a_city_takes_that_city_not_the_datelines():
    ev = _events(_wire("TBILISI, 5 September 2023 (NBA) – The Minister of Fisheries, Mart Kask, will pay a working "
                       "visit to Baku on 7 September.", stamp="Date: 5 September 2023"))
    assert ev[0]["location"] == "Baku" and ev[0]["status"] == "planned"


def test_the_next_events_until_is_not_the_first_events_end():
    ev = _events(_article("On 3 February, Ivar Lunde handed over two patrol boats to the coast guard at a ceremony "
                          "in Tbilisi.",
                          "Mr. Lunde then opened a training course for the crews, which runs until 10 February."))
    got = {e["type"]: (e["date"], e["end"]) for e in ev}
    assert got == {"ceremony": ("2022-02-03", "2022-02-03"), "education": ("2022-02-03", "2022-02-10")}


# --------------------------------------------------------------------------
# Forms left by the third set, and shapes beyond the sets (this session). Every sentence is made up.

def test_a_calendar_entry_without_a_day_in_its_lead_takes_its_when_line_range():
    page = """Upcoming events
Workshop on flood maps
When: 28-29 November 2022, 09:30 (Riga time)
Where: Turku
The Secretariat of the Nordic Rivers Council will hold a workshop on shared flood maps with the Baltic Flood Centre.
Seminar on ice jams
When: 15 November 2022
Where: online
The expert group on hydrology will hold a seminar on ice jams for engineers of three utilities.
"""
    ev = _events(page)
    assert [(e["date"], e["end"], e["status"]) for e in ev] == [
        ("2022-11-28", "2022-11-29", "planned"), ("2022-11-15", "2022-11-15", "planned")]
    assert ev[0]["evidence"].startswith("The Secretariat of the Nordic Rivers Council will hold")


def test_an_item_dated_only_by_its_publication_line_gives_no_event_from_a_dayless_lead():
    # "Date:" is when the item was written, not when its event takes place
    assert _events(_article("The Council will hold a workshop on shared flood maps.")) == []


@pytest.mark.parametrize("sentence,day", [
    ("The seminar on ice jams, planned for 12-13 October in Turku, has been postponed to 9 November.", "2022-11-09"),
    ("The seminar on ice jams, first set for 12 October, was moved to 9 November in Turku.", "2022-11-09"),
    ("The seminar on ice jams in Turku has been postponed until 9 November.", "2022-11-09"),
])
def test_a_postponed_event_is_planned_on_its_new_day(sentence, day):
    ev = _events(_wire("TURKU, Oct. 4 (BP) -- " + sentence, stamp="04.10.2022 10:00"))
    assert [(e["date"], e["status"]) for e in ev] == [(day, "planned")]


@pytest.mark.parametrize("closing,day", [
    ("held in Bergen the day before.", "2022-02-02"),
    ("which took place in Bergen the previous day.", "2022-02-02"),
    ("held in Bergen the following day.", "2022-02-04"),
])
def test_a_sentence_closing_on_the_day_before_or_after_is_an_event_on_that_day(closing, day):
    ev = _events(_article("On 3 February, the fisheries ministers of three states met in Bergen.",
                          "The ministers welcomed the results of the seminar for fishing inspectors, " + closing))
    assert [e["date"] for e in ev] == ["2022-02-03", day]
    assert ev[1]["type"] == "education"


def test_a_day_named_by_its_place_in_the_event_does_not_make_a_planned_meeting_the_event_going_on():
    ev = _events(_article("On 3 February, Ivar Lunde opened a two-day conference on cod stocks in Bergen.",
                          "On 4 February, the closing day, he will meet the Minister of Fisheries, Kari Holm."))
    assert [(e["date"], e["status"]) for e in ev] == [("2022-02-03", "held"), ("2022-02-04", "planned")]
    assert ev[1]["location"] == "Bergen"  # still to come, but on a day of the conference going on there


def test_a_day_counted_from_the_event_it_names_is_counted_from_the_items_event_not_the_last_one_told():
    ev = _events(_article("On 3 February, Ivar Lunde opened a two-day conference on cod stocks in Bergen.",
                          "On 4 February, he will meet the Mayor of Bergen, Kari Holm.",
                          "The day before the opening, Mr. Lunde held consultations with the heads of fishing agencies.",
                          "The ministers will hold a press conference at the end of the conference."))
    assert [(e["date"], e["type"]) for e in ev][1:] == [
        ("2022-02-04", "meeting"), ("2022-02-02", "consultations"), ("2022-02-04", "briefing")]


def test_a_second_wire_dateline_inside_a_story_is_a_report_of_its_own_counted_from_its_date():
    # 4 October 2022 was a Tuesday
    ev = _events(_wire("TURKU, Oct. 4 (BP) -- Fisheries ministers of three states met in Turku on Tuesday.",
                       "OSLO, Oct. 4 (BP) -- The Nordic Fisheries Council will hold a seminar on cod stocks in Bergen "
                       "on Thursday, a spokeswoman said.", stamp="04.10.2022 10:00"))
    assert [(e["date"], e["status"]) for e in ev] == [("2022-10-04", "held"), ("2022-10-06", "planned")]
    assert ev[1]["location"] == "Bergen"


def test_a_day_counted_from_the_named_event_starts_no_chain_and_an_aside_without_a_day_is_on_its_day():
    ev = _events(_article("On 3 February, the fisheries ministers of three states met in Bergen.",
                          "On the eve of the meeting, Ivar Lunde held consultations with the Minister of Fisheries, "
                          "Kari Holm.",
                          "The following day, the ministers visited the harbour control centre.",
                          "On the sidelines of the meeting, Mr. Lunde met the Director of the Nordic Fish Institute, "
                          "Ole Dahl."))
    assert [(e["date"], e["type"]) for e in ev] == [
        ("2022-02-03", "meeting"), ("2022-02-02", "consultations"), ("2022-02-04", "visit"), ("2022-02-03", "meeting")]
    assert "Ole Dahl" in ev[3]["people"] and "Ole Dahl" not in ev[0]["people"]


def test_a_chronicles_time_stamped_entries_are_events_of_the_diarys_day():
    page = """Ministry of Fisheries of Norland
Minister's diary
Monday, 7 February 2022 · 18:05
Diary of the Minister for 7 February 2022
09:30 — The Minister of Fisheries, Kari Holm, met the Ambassador of Iceland, Jon Einarsson.
11:00 — Kari Holm took part in the opening of the Nordic seafood forum in Bergen.
15:30 – The Minister held a press conference on the results of the forum.
"""
    ev = _events(page)
    assert [(e["date"], e["type"]) for e in ev] == [
        ("2022-02-07", "meeting"), ("2022-02-07", "meeting"), ("2022-02-07", "briefing")]
    assert ev[2]["evidence"].startswith("The Minister held a press conference")


LISTING = """News
14 February 2022 · Sessions
Council opens its winter session in Bergen
The winter session of the Nordic Fisheries Council opened today in Bergen.
13 February 2022 · Committees
Committee on quotas meets ahead of the session
The Committee on quotas of the Council met in Bergen on the eve of the session and adopted its report.
12 February 2022 · Committees
Committee on inspections to meet in Oslo
The Committee on inspections will meet in Oslo to prepare its report.
"""


def test_a_listings_release_whose_lead_has_no_day_is_dated_by_its_date_line_when_held():
    ev = _events(LISTING)
    assert [(e["date"], e["status"]) for e in ev] == [("2022-02-14", "held"), ("2022-02-13", "held")]
    assert ev[1]["evidence"].startswith("The Committee on quotas of the Council met")


def test_a_second_wire_dateline_reports_its_own_event_whatever_its_type_and_counts_weekdays_from_its_own_date():
    # 4 October 2022 was a Tuesday, 7 October a Friday: the next Thursday from the second dateline is 13 October
    ev = _events(_wire("TURKU, Oct. 4 (BP) -- Observers of the Nordic Assembly began their mission in Turku on Tuesday.",
                       "OSLO, Oct. 7 (BP) -- The Baltic Observers Network will open its own observation mission in "
                       "Turku on Thursday.", stamp="04.10.2022 10:00"))
    assert [(e["date"], e["status"]) for e in ev] == [("2022-10-04", "held"), ("2022-10-13", "planned")]


def test_at_the_end_of_the_event_with_no_other_event_named_is_no_event_of_its_own():
    ev = _events(_article("On 3 February, the Council of Fisheries Ministers held its session in Bergen.",
                          "At the end of the session, the chairmanship of the Council passed to Iceland for the next "
                          "period."))
    assert [(e["date"], e["type"]) for e in ev] == [("2022-02-03", "meeting")]


def test_a_later_sentence_whose_event_has_a_cue_of_type_other_is_an_event():
    ev = _events(_article("On 3 February, the fisheries ministers of three states met in Bergen.",
                          "On 5 February, the Council will open an election observation mission in Riga."))
    assert [(e["date"], e["type"], e["status"]) for e in ev] == [
        ("2022-02-03", "meeting", "held"), ("2022-02-05", "other", "planned")]


def test_a_calendar_entrys_where_line_places_it_and_what_follows_on_its_day_takes_that_place():
    page = """Upcoming events
Workshop on flood maps
When: 28 November 2022
Where: Conference hall of the Secretariat, Turku
The Secretariat of the Nordic Rivers Council will hold a workshop on shared flood maps.
After the workshop, the Secretary General will hold a press conference.
"""
    ev = _events(page)
    assert [(e["date"], e["type"], e["location"]) for e in ev] == [
        ("2022-11-28", "education", "Turku"), ("2022-11-28", "briefing", "Turku")]


def test_a_teasers_main_event_leaves_to_a_later_event_the_bodies_only_its_sentence_names():
    page = """12.10.2022
On 14 October, the Council of Fisheries Ministers of the Nordic Union will meet in Bergen. Prior to it, on 13 October, the Committee of Fisheries Inspectors of the Union will meet there.
"""
    ev = _events(page)
    assert [e["date"] for e in ev] == ["2022-10-14", "2022-10-13"]
    assert not any("Inspectors" in o for o in ev[0]["orgs"])
    assert any("Inspectors" in o for o in ev[1]["orgs"])


def test_days_later_or_earlier_count_from_the_event_before():
    ev = _events(_article("On 3 February, the fisheries ministers of three states met in Bergen.",
                          "Two days later, the ministers visited the harbour control centre in Tromso.",
                          "A day earlier, the inspectors held a seminar on catch reports."))
    assert [(e["date"], e["type"]) for e in ev] == [
        ("2022-02-03", "meeting"), ("2022-02-05", "visit"), ("2022-02-04", "education")]


# A sidebar of teasers and a listing with a pager, each teaser dated only by the date line over it.
SIDEBAR = """Nordic Fisheries Council opens its session in Bergen
14.02.2022
On 14 February 2022, the winter session of the Nordic Fisheries Council opened in Bergen.

Latest news

11 February 2022
The Secretary of the Council, Ivar Lunde, held a meeting in Tromso with the Director of the Arctic Fish Institute, Ole Dahl, on joint surveys.

9 February 2022
The 7th meeting of the Working Group on Quotas took place by videoconference under the chairmanship of the Icelandic side.
"""

PAGER = """News
Page 3 of 12 | Previous | Next

08.02.2022
A solemn ceremony dedicated to the Day of the Fisherman was held at the Council's headquarters.

07.02.2022
The Deputy Secretary of the Council, Kari Holm, addressed the 12th session of the Baltic Assembly's Committee on the Sea in Gdansk.

04.02.2022
The Council's Secretariat congratulated the fishing fleets of the member states on the 50th anniversary of the Fleet Day.

04.02.2022
The results of the joint inspection operation in the Barents Sea have been summed up at the Council's Secretariat.

03.02.2022
The Council of Fisheries Ministers will meet in Oslo to approve the quotas.
"""


def test_a_teaser_dated_only_by_its_date_line_reports_its_event_on_that_day():
    ev = _events(SIDEBAR)
    assert [(e["date"], e["type"], e["status"]) for e in ev] == [
        ("2022-02-14", "meeting", "held"), ("2022-02-11", "meeting", "held"), ("2022-02-09", "meeting", "held")]
    assert ev[1]["location"] == "Tromso" and "Ole Dahl" in ev[1]["people"]
    assert ev[2]["online"] is True


def test_a_listings_dayless_teasers_take_their_date_lines_only_when_they_tell_an_event_done():
    ev = _events(PAGER)
    # a congratulation on an anniversary and the results of an operation are topics, not events told as done;
    # an announcement without a day is none yet
    assert [(e["date"], e["type"], e["status"]) for e in ev] == [
        ("2022-02-08", "ceremony", "held"), ("2022-02-07", "briefing", "held")]
    assert ev[1]["location"] == "Gdansk"


def test_the_first_and_the_last_day_of_a_range_are_days_of_events_of_their_own():
    ev = _events(_article("From 1 to 4 February, the fisheries inspectors of three states held a joint exercise in the "
                          "Barents Sea.",
                          "On the last day, a ceremony of awarding the best crews was held in Tromso.",
                          "On the first day, the Director of the Fund, Ivar Lunde, opened a seminar for the skippers."))
    assert [(e["date"], e["type"]) for e in ev] == [
        ("2022-02-01", "training"), ("2022-02-04", "ceremony"), ("2022-02-01", "education")]


def test_the_final_day_of_an_event_still_to_come_is_the_day_of_what_it_announces_for_it():
    ev = _events(_article("The Nordic Fisheries Fair will open in Bergen on 14 February and will last until 16 February.",
                          "Its exhibitors will be received by the Minister of Fisheries, Kari Holm, on the final day.",
                          dated="Date: 4 February 2022"))
    assert [(e["date"], e["end"], e["status"]) for e in ev] == [
        ("2022-02-14", "2022-02-16", "planned"), ("2022-02-16", "2022-02-16", "planned")]
    assert ev[1]["location"] == "Bergen"


def test_agreed_to_hold_after_a_verb_of_the_past_announces_an_event():
    ev = _events(_article("On 3 February, consultations between the Fund and the Arctic Council were held in Bergen.",
                          "The parties reviewed the quotas for the next season and agreed to hold the next round of "
                          "consultations in Reykjavik on 20 June."))
    assert [(e["date"], e["status"], e["location"]) for e in ev] == [
        ("2022-02-03", "held", "Bergen"), ("2022-06-20", "planned", "Reykjavik")]


def test_a_deadline_for_applications_is_no_event():
    ev = _events(_article("Accreditation of journalists for the session of the Nordic Fisheries Council closes on "
                          "10 February 2022."))
    assert ev == []


def test_a_weekday_still_to_come_is_an_event_though_a_later_clause_ends_a_tour():
    # 4 February 2022 was a Friday: "on Monday" still to come is 7 February
    ev = _events(_wire("BERGEN, Feb. 4 (BP) -- Norland's fisheries minister Kari Holm met the Mayor of Bergen today.",
                       "Holm is due to hold talks in Oslo on Monday with the Director of the Fund, Ivar Lunde, before "
                       "ending her tour in Tromso.", stamp="04.02.2022 10:00"))
    assert [(e["date"], e["status"], e["location"]) for e in ev] == [
        ("2022-02-04", "held", "BERGEN"), ("2022-02-07", "planned", "Oslo")]


def test_a_body_that_will_meet_on_the_following_day_closes_its_sentence_on_that_day():
    ev = _events(_article("The Council of Fisheries Ministers will hold its session in Bergen on 14 February 2022.",
                          "The Committee on Quotas will meet there on the following day."))
    assert [(e["date"], e["status"]) for e in ev] == [("2022-02-14", "planned"), ("2022-02-15", "planned")]


def test_after_the_meeting_something_done_is_an_event_on_the_meetings_day():
    ev = _events(_article("On 3 February, the fisheries ministers of three states met in Bergen.",
                          "After the meeting, the ministers laid flowers at the Fishermen's Memorial in Bergen."))
    assert [(e["date"], e["type"]) for e in ev] == [("2022-02-03", "meeting"), ("2022-02-03", "ceremony")]


def test_a_body_that_considered_or_approved_items_on_a_day_of_its_own_sat_that_day():
    ev = _events(_article("On 3 February, the fisheries ministers of three states met in Bergen.",
                          "The day before, the Committee on Quotas, chaired by Ivar Lunde, considered 12 items.",
                          "The ministers approved the quotas for the next season."))
    assert [(e["date"], e["type"]) for e in ev] == [("2022-02-03", "meeting"), ("2022-02-02", "meeting")]


def test_after_the_meeting_counts_from_the_items_meeting_not_from_the_event_told_before():
    ev = _events(_article("On 3 February, the fisheries ministers of three states met in Bergen.",
                          "The day before, the Committee on Quotas, chaired by Ivar Lunde, considered 12 items.",
                          "After the meeting, the ministers laid flowers at the Fishermen's Memorial in Bergen."))
    assert [(e["date"], e["type"]) for e in ev] == [
        ("2022-02-03", "meeting"), ("2022-02-02", "meeting"), ("2022-02-03", "ceremony")]


def test_a_series_announced_without_a_day_is_reported_by_its_dated_sentences_each_one_event():
    ev = _events(_article("The Fund, together with the Arctic Council, will hold a series of webinars on catch reporting "
                          "for skippers. The first webinar will take place on 10 February and will be devoted to the "
                          "electronic logbook. The second one, on 17 February, will cover the quota exchange.",
                          dated="Date: 4 February 2022"))
    assert [(e["date"], e["type"], e["status"]) for e in ev] == [
        ("2022-02-10", "education", "planned"), ("2022-02-17", "education", "planned")]
    assert ev[0]["evidence"].startswith("The first webinar") and ev[1]["evidence"].startswith("The second one")


def test_a_teaser_dated_by_the_line_above_it_keeps_its_date_span_inside_the_item():
    text = "Latest news\n\n14.05.2025\nThe Secretary General held a meeting in Bishkek with the delegation.\n"
    page = parse_page("p.txt", text)
    [item] = [i for i in page.items if i.kind == "teaser"]
    [m] = extract_item(text, item, None)
    assert m.date_start.value == "2025-05-14"
    assert m.date_start.span is None or item.span.contains(m.date_start.span)
