"""Extraction on other sites' shapes (issue 18): wire datelines, days counted from the dateline, chains of
relative days, bodies and titles of other organizations, event types beyond the CSTO's. Every sentence
here is made up for the test."""
from __future__ import annotations

from reviewer.extract import extract_item
from reviewer.importing.ingest import parse_page


def _events(text: str):
    page = parse_page("x.txt", text)
    out = []
    for item in page.items:
        for m in extract_item(page.text, item):
            out.append({
                "date": m.date_start.value, "end": m.date_end.value, "type": m.event_type.value,
                "status": m.status.value, "location": m.location.value, "online": m.online.value,
                "people": [p.name for p in m.participants], "orgs": [o.value for o in m.organizations],
                "evidence": page.text[m.evidence.start:m.evidence.end],
            })
    return out


def _wire(lead: str, *more: str, stamp: str = "(Baltic Post) 11:20, March 11, 2021") -> str:
    return "\n".join(["Ministers review fishing quotas", stamp, lead, *more]) + "\n"


def test_a_wire_lead_with_a_weekday_is_dated_from_the_dateline_and_placed_at_its_city():
    # 11 March 2021 was a Thursday: "on Tuesday" is 9 March
    ev = _events(_wire("KAUNAS, March 11 (BP) -- Fisheries ministers of three states met in the city on Tuesday "
                       "to review the quotas, Minister of Agriculture Rasa Vaitkute said."))
    assert len(ev) == 1
    assert ev[0]["date"] == "2021-03-09" and ev[0]["type"] == "meeting" and ev[0]["status"] == "held"
    assert ev[0]["location"] == "KAUNAS"
    assert "KAUNAS" not in ev[0]["orgs"]  # a city in capitals is no acronym


def test_a_wire_lead_without_a_day_of_its_own_reports_the_dateline_day():
    ev = _events(_wire("PORTO, 10 March 2021 – Ministers Nuno Prates and Lea Horvat opened a regional conference "
                       "on coastal erosion.", stamp="Date: 10 March 2021"))
    assert [(e["date"], e["type"], e["location"]) for e in ev] == [("2021-03-10", "meeting", "PORTO")]


def test_today_in_the_lead_comes_before_a_date_the_lead_names_for_something_else():
    ev = _events(_wire("The Board today sent an observation mission to Latvia for the 28 March local elections.",
                       stamp="Date: 11 March 2021"))
    assert len(ev) == 1 and "observation mission" in ev[0]["evidence"]
    assert ev[0]["date"] == "2021-03-11" and ev[0]["type"] == "other"


def test_planned_weekday_counts_forward_and_a_held_one_back():
    ev = _events(_wire("RIGA, March 11 (BP) -- Foreign ministers of the Lakes Council met in Riga today.",
                       "On Monday, the Council Secretariat hosted a preparatory meeting of experts in Tartu.",
                       "The chair will travel to Oslo on Saturday for talks with Norwegian officials."))
    got = [(e["date"], e["type"], e["status"]) for e in ev]
    assert got == [("2021-03-11", "meeting", "held"), ("2021-03-08", "meeting", "held"),
                   ("2021-03-13", "visit", "planned")]


def test_chains_of_relative_days_count_from_the_event_before():
    text = ("Chair of the Lakes Council visits Estonia\nDate: 12 May 2022\n"
            "On 12 May 2022, in Tallinn, the Chair of the Lakes Council, Arvo Kask, met Prime Minister Liis Tamm.\n"
            "The day before, in Tartu, Kask held talks with students of the university.\n"
            "That same day, he visited the Tartu water plant.\n"
            "Earlier in the day, he laid a wreath at the memorial to the victims of the flood.\n")
    ev = _events(text)
    got = [(e["date"], e["type"]) for e in ev]
    assert got == [("2022-05-12", "meeting"), ("2022-05-11", "meeting"), ("2022-05-11", "visit"),
                   ("2022-05-11", "ceremony")]


def test_an_event_on_the_sidelines_is_another_event_even_on_the_same_day():
    text = ("Lakes Council meets in Bergen\nPublished: 21.09.2022 16:00\n"
            "The Lakes Council held its annual session in Bergen on 20-21 September.\n"
            "On the sidelines of the session, on 20 September, the Secretary General Mari Holm met "
            "Deputy Minister Tor Lunde.\n")
    ev = _events(text)
    assert [(e["date"], e["end"]) for e in ev] == [("2022-09-20", "2022-09-21"), ("2022-09-20", "2022-09-20")]
    assert ev[1]["people"] == ["Mari Holm", "Tor Lunde"]


def test_event_types_beyond_the_csto_vocabulary():
    cases = {
        "On 4 May 2022, the Secretariat held a webinar on river data for 50 analysts.": ("education", True),
        "From 1 to 7 August 2022, a youth camp on water safety was held in Parnu.": ("education", False),
        "On 3 May 2022, the Secretary General gave a press conference in Riga.": ("briefing", False),
        "On 2 May 2022, a flag-raising ceremony was held at the Secretariat in Riga.": ("ceremony", False),
        "On 6 May 2022, a round table on coastal tourism took place in Riga.": ("meeting", False),
        "On 9 May 2022, the Council of Permanent Representatives will meet in Riga.": ("meeting", False),
        "On 5 May 2022, the Office opened an election observation mission in Riga.": ("other", False),
    }
    for sentence, (kind, online) in cases.items():
        ev = _events(sentence + "\n")
        assert [(e["type"], e["online"]) for e in ev] == [(kind, online)], sentence


def test_bodies_of_other_organizations_are_named_whole():
    ev = _events("On 14 June 2022, the LWC Mission to Latvia and the LWC Programme Office in Vilnius held a "
                 "seminar for judges of the LWC member states.\n")
    assert ev[0]["orgs"] == ["LWC Mission to Latvia", "LWC Programme Office in Vilnius"]
    ev = _events("On 15 June 2022, the RAS LWC Executive Committee hosted consultations of the LWC experts in Riga.\n")
    assert ev[0]["orgs"] == ["RAS LWC Executive Committee"]  # not its parent "LWC" beside it
    ev = _events("On 16 June 2022, the Baltic Organization for Security and Cooperation in Europe held a "
                 "conference in Riga.\n")
    assert ev[0]["orgs"] == ["Baltic Organization for Security and Cooperation in Europe"]


def test_a_counterpart_named_by_country_and_post_before_the_topic_of_talks():
    ev = _events("On 3 June 2022, the Chairperson-in-Office of the Lakes Council, Minister of Foreign Affairs of "
                 "Bulgaria Mira Petkova, held talks in Tartu with Prime Minister of Estonia Karl Saar on the "
                 "Council's support to the region.\n")
    assert ev[0]["people"] == ["Mira Petkova", "Karl Saar"]
    assert ev[0]["location"] == "Tartu"


def test_a_notice_names_the_city_after_the_date():
    ev = _events("The Council of Water Ministers of the Lakes Council will be held on 20 May 2022 in Tartu.\n")
    assert [(e["status"], e["location"]) for e in ev] == [("planned", "Tartu")]


def test_a_number_of_days_gives_the_other_end_of_the_event():
    ev = _events("On 7 June 2022, Minister Rasa Vaitkute opened a two-day regional conference on water in Tartu.\n"
                 "A four-day course for hydrologists concluded in Tartu on 10 June 2022.\n")
    assert [(e["date"], e["end"]) for e in ev] == [("2022-06-07", "2022-06-08"), ("2022-06-07", "2022-06-10")]
    ev = _events("On 7 June 2022, a forum on lakes opened in Tartu; it continues until Thursday.\n")
    assert [(e["date"], e["end"]) for e in ev] == [("2022-06-07", "2022-06-09")]


def test_what_is_to_come_takes_its_weekday_not_the_day_it_was_said():
    # 8 June 2022 was a Wednesday
    ev = _events(_wire("TARTU, June 8 (BP) -- The border guards of three states will hold a joint exercise near "
                       "Tartu starting on Monday, the Secretary General told reporters today.",
                       "Earlier in the day, the ministers attended the groundbreaking for a new port in Tartu.",
                       "On Friday, the Secretary General is to brief the ambassadors on the exercise.",
                       "On Thursday, the Chair will present the Council's plan to the Assembly in Riga.",
                       stamp="(Baltic Post) 09:00, June 8, 2022"))
    assert [(e["date"], e["type"], e["status"]) for e in ev] == [
        ("2022-06-13", "training", "planned"), ("2022-06-08", "ceremony", "held"),
        ("2022-06-10", "briefing", "planned"), ("2022-06-09", "briefing", "planned")]


def test_one_body_named_short_then_in_full_is_listed_once_in_full():
    ev = _events("Council of Water Ministers meets in Tartu\nDate: 20 May 2022\n"
                 "On 20 May 2022, the Council of Water Ministers of the Northern Lakes Union held its meeting in "
                 "Tartu with the Executive Committee of the NLU.\n")
    assert ev[0]["orgs"] == ["Council of Water Ministers of the Northern Lakes Union", "Executive Committee of the NLU"]
    # a bare organization beside a body of its own is that body's ("NLU" is the Northern Lakes Union)
    ev = _events("On 20 May 2022, the NLU held the meeting of the Council of Water Ministers of the Northern Lakes "
                 "Union in Tartu.\n")
    assert ev[0]["orgs"] == ["Council of Water Ministers of the Northern Lakes Union"]


def test_a_mechanism_is_a_body_and_an_unknown_place_may_close_the_sentence():
    ev = _events("On 15 May 2022, the envoys co-chaired the 9th meeting of the Joint Incident Prevention Mechanism "
                 "in Tsnori.\n")
    assert ev[0]["orgs"] == ["Joint Incident Prevention Mechanism"] and ev[0]["location"] == "Tsnori"


def test_a_later_event_told_by_surname_or_after_two_clauses_takes_its_person_along():
    text = ("Chair of the Lakes Council visits Estonia\nDate: 12 May 2022\n"
            "On 12 May 2022, in Tallinn, the Chair of the Lakes Council, Arvo Kask, met Prime Minister Liis Tamm.\n"
            "That same day, Kask visited the Tallinn water plant.\n"
            "The day before, in Tartu, he held talks with Rector Jaan Poska.\n")
    ev = _events(text)
    assert [e["people"] for e in ev] == [["Arvo Kask", "Liis Tamm"], ["Arvo Kask"], ["Arvo Kask", "Jaan Poska"]]


def _orgs(sentence: str) -> list[str]:
    ev = _events("Council notes\n12 March 2019\n" + sentence)
    assert len(ev) == 1, ev
    return ev[0]["orgs"]


def test_a_body_named_by_its_common_noun_is_read_when_it_acts_or_meets():
    assert _orgs("From 10 to 12 June, the Executive Board held a series of consultations in Riga.") == ["Executive Board"]
    assert _orgs("On 3 March, the Secretariat hosted a seminar for customs experts in Vilnius.") == ["Secretariat"]
    assert _orgs("The next meeting of the Intergovernmental Council will be held in Tallinn on 3 May.") == [
        "Intergovernmental Council"]
    # … but not when it is only talked about
    assert _orgs("On 3 March, experts in Riga discussed how the Ministerial Council works.") == []


def test_a_venue_is_a_place_not_a_body():
    assert _orgs("A flag-raising ceremony was held on 3 March in front of the Old Harbour Congress Centre in Gdansk.") == []


def test_bodies_whose_meetings_are_prepared_or_sent_papers_do_not_take_part():
    orgs = _orgs("The Board of Permanent Delegates met on 12 March in Oslo to prepare the agenda of the forthcoming "
                 "meetings of the Council of Transport Ministers and the Council of Heads of Government.")
    assert orgs == ["Board of Permanent Delegates"]
    orgs = _orgs("On 12 March the Board of Permanent Delegates approved the draft plan in Oslo and recommended it "
                 "for approval by the Council of Heads of Government.")
    assert orgs == ["Board of Permanent Delegates"]


def test_a_states_own_body_named_with_a_post_is_the_persons_post():
    orgs = _orgs("The heads of the border services met in Tartu on 12 March for the meeting of the Council of the "
                 "Baltic Border Coordination Structure, chaired by Estonia's Border Guard Service chief Kalev Saar.")
    assert "Border Guard Service" not in orgs


def test_and_inside_a_bodys_leading_words_keeps_one_name():
    orgs = _orgs("On 12 March in Constanta, Prime Minister of Moldova Ion Rusu received the Chairperson-in-Office of "
                 "the North Sea and Baltic Security Organization, Minister of Foreign Affairs of Romania Ana Popescu.")
    assert orgs == ["North Sea and Baltic Security Organization"]


def _place(sentence: str, stamp: str = "12 March 2019"):
    ev = _events("Council notes\n" + stamp + "\n" + sentence)
    assert len(ev) == 1, ev
    return ev[0]["location"]


def test_an_unknown_city_followed_by_when_is_where():
    assert _place("The Chair held talks with the Prime Minister of Moldova in Soroca today on river shipping.") == "Soroca"
    assert _place("The Council of Ministers will meet in Cahul on 5-6 December, the Chair announced.") == "Cahul"


def test_an_unknown_city_after_the_opening_date():
    assert _place("On 14 March 2019, in Soroca, the Prime Minister of Moldova received the Chair.") == "Soroca"


def test_an_unknown_city_a_short_stretch_after_the_verb():
    assert _place("The youth camp was held from 2 to 6 March at the Academy of the Union in Orhei.") == "Orhei"
    assert _place("On 20 March, the Chair will meet representatives of shipping companies in Galati.") == "Galati"


def test_a_list_of_cities_names_no_single_venue():
    assert _place("He will make his first visit to the region from 14 to 18 March, travelling to Tbilisi, Baku "
                  "and Yerevan.") is None


def test_another_organizations_body_named_in_its_officers_post_takes_part():
    assert _orgs("On 12 March, Director of the LWC Executive Committee Arvo Kask received in Riga the Ambassador "
                 "of Norway.") == ["LWC Executive Committee"]
    assert _orgs("The Head of the NLU Mission to Latvia, Mira Petkova, and the Mayor of Riga, Karl Saar, signed "
                 "on 12 March in Riga a memorandum on flood warning.") == ["NLU Mission to Latvia"]
    assert _orgs("On 12 March, Chairman of the Board of the Nordic Economic Union Jaan Poska gave a press "
                 "conference in Riga.") == ["Board of the Nordic Economic Union"]
    assert _orgs("On 12 March, LWC Secretary General Mari Holm is to brief journalists in Riga.") == ["LWC"]
    # … but a state's body named in a post is the post, and so is the CSTO's own
    assert _orgs("On 12 March, the Chair of the Election Commission of Estonia, Karl Saar, met observers in "
                 "Tartu.") == []
    assert _orgs("On 12 March, Chief of the CSTO Joint Staff Ivan Petrov held a briefing in Moscow.") == []


def test_an_organizations_states_are_not_the_organization():
    assert _orgs("On 3 March, a youth camp for 60 students from the LWC countries opened in Riga.") == []
    assert _orgs("The parties agreed to hold a round table of business associations of the NLU and LWC countries "
                 "on 22 March in Riga.") == []
    assert _orgs("Heads of NLU states met in Riga on 3 March.") == []


def test_a_short_body_takes_part_when_it_organizes_sends_experts_or_is_addressed():
    assert _orgs("On 3 March, the Chair opened a webinar on river data organized by the Executive Board.") == [
        "Executive Board"]
    assert _orgs("A summer school was held in Riga on 3 March with lectures by experts of the Standing Committee.") == [
        "Standing Committee"]
    assert _orgs("On 3 March, the Chairperson-in-Office will present the priorities of her chairmanship to the "
                 "Permanent Council in Vienna.") == ["Permanent Council"]


def test_an_acronym_and_a_name_are_two_bodies():
    assert _orgs("The Director of LWC, Mira Petkova, and the Secretary General of the Nordic Lakes Union, Karl "
                 "Saar, signed on 3 March in Riga a memorandum on flood data.") == ["LWC", "Nordic Lakes Union"]


def test_a_name_and_its_acronym_with_letters_from_hyphenated_words_are_one_body():
    orgs = _orgs("On 3 March, the Secretary General held talks in Riga with the Head of the UN Office of "
                 "Counter-Piracy, and with the Head of the Branch of UNOCP Karl Saar.")
    assert orgs == ["UN Office of Counter-Piracy"]


def test_a_sponsor_or_an_inviter_does_not_take_part():
    assert _orgs("A forum of women mediators opened in Riga on 3 March with the support of LWC.") == []
    assert _orgs("On 3 March, the NLU Office opened an observation mission in Riga, following an invitation from "
                 "the Central Electoral Commission.") == ["NLU Office"]


def test_a_bodys_head_noun_alone_stands_for_its_full_name_written_before():
    ev = _events("Border envoys meet in Valga\n12 March 2019\n"
                 "On 12 March, the envoys co-chaired the 9th meeting of the Joint Lake Safety Mechanism in Valga.\n"
                 "The next meeting of the Mechanism is scheduled for 19 April.\n")
    assert [e["orgs"] for e in ev] == [["Joint Lake Safety Mechanism"], ["Joint Lake Safety Mechanism"]]
    # … not a noun that is part of another body's name: "Representatives to the Union met"
    assert _orgs("On 12 March, the Council of Permanent Representatives to the Union met in Valga.") == [
        "Council of Permanent Representatives"]


def test_an_acronym_of_the_parent_organization_leaves_its_body_written_whole():
    assert _orgs("The heads met on 12 March in Riga for the meeting of the Council of the LWC Regional Water "
                 "Structure (RWS).") == ["Council of the LWC Regional Water Structure"]
    # … but an organization "of" its full name is what its acronym stands for
    assert _orgs("A conference opened in Riga on 12 March under the auspices of the Organization of the Baltic "
                 "Water Cooperation (BWC).") == ["BWC"]


def test_a_regional_adjective_and_a_body_noun_name_a_body():
    assert _orgs("On 3 March, the round table in Riga was attended by representatives of the Nordic Council and "
                 "the Baltic Assembly.") == ["Nordic Council", "Baltic Assembly"]
    assert _orgs("On 3 March, the Chair met the President of the Eurasian Development Bank in Riga.") == [
        "Eurasian Development Bank"]
    # … a Ministerial Council is still nobody's name
    assert _orgs("On 3 March, experts in Riga discussed how the Ministerial Council works.") == []


def test_a_commonwealth_of_states_and_its_acronym():
    assert _orgs("On 3 March, foreign ministers of the Commonwealth of Lake States (CLS) met in Riga.") == ["CLS"]
    assert _orgs("Lake Commonwealth to hold drills in Latvia on 3 March.") == []


def test_a_news_agency_named_before_its_kind_and_a_conventions_parties():
    assert _orgs("On 3 March, the Secretary General held a press conference at the press centre of the Baltinfo "
                 "news agency in Riga.") == ["Baltinfo"]
    assert _orgs("The conclusions will be presented to the Meeting of the Parties to the Lake Convention, which "
                 "will be held in Riga on 3 March.") == ["Meeting of the Parties to the Lake Convention"]


def test_bodies_whose_dialogue_is_talked_about_do_not_take_part():
    ev = _events("Chair visits Riga\n12 March 2019\nOn 12 March, the Chair of the Lakes Council met in Riga with "
                 "Deputy Secretary General of the Nordic Water Service Anna Berg to discuss the dialogue between the "
                 "Executive Board and the Baltic Water Union.\n")
    assert ev[0]["orgs"] == ["Lakes Council", "Nordic Water Service"]


def test_a_visit_that_is_only_the_circumstance_gives_way_to_the_news():
    cases = {
        "On 3 March, Minister Ilze Kalna, on a working visit to Vienna, spoke at a special meeting of the "
        "Permanent Council.": "briefing",
        "Students from five states arrived in Parnu on 3 March for the youth camp of the Union.": "education",
        "On 3 March, the Chair arrived in Riga and paid an official visit to the Saeima.": "visit",
        "On 3 March, the Deputy Secretary General paid a working visit to Riga.": "visit",
    }
    for sentence, kind in cases.items():
        assert [e["type"] for e in _events(sentence + "\n")] == [kind], sentence
    # a weekday's event: the arrival is the circumstance of the meeting
    ev = _events(_wire("RIGA, March 11 (BP) -- The Chair held talks in Riga today.",
                       "The Chair arrived in Latvia on Tuesday and met Foreign Minister Ilze Kalna in Riga."))
    assert [e["type"] for e in ev] == ["meeting", "meeting"]


def test_more_kinds_of_meeting_and_teaching():
    cases = {
        "On 3 March, the Chair delivered a lecture on river law at the Riga School of Law.":
            "education",
        "On 3 March, a symposium on lake ecology opened in Riga.": "meeting",
        "On 3 March, the Assembly's congress of local authorities opened in Riga.": "meeting",
        "On 3 March, the Chair delivered a keynote address at the Riga water week.": "briefing",
        # a spokeswoman is no speech
        "A spokeswoman said the Office opened an election observation mission in Riga on 3 March.": "other",
    }
    for sentence, kind in cases.items():
        assert [e["type"] for e in _events(sentence + "\n")] == [kind], sentence


def _people(sentence: str) -> list[str]:
    ev = _events("Council notes\n12 March 2019\n" + sentence)
    assert len(ev) == 1, ev
    return ev[0]["people"]


def test_a_subject_after_an_opening_phrase_and_a_given_name_spelt_like_a_month():
    assert _people("On 11-12 March, Ilze Kalna paid a working visit to Riga.") == ["Ilze Kalna"]
    assert _people("On 12 March, the Office opened its mission in Riga. The mission is led by Ambassador Jan "
                   "Dvorak and comprises 12 experts.") == ["Jan Dvorak"]


def test_who_tells_reporters_after_the_event_is_its_source():
    assert _people("On 12 March, the ministers of the Union met in Riga under the chairmanship of Foreign Minister "
                   "Ilze Kalna, the Union's Secretary General Karl Saar told reporters.") == ["Ilze Kalna"]
    # … but not who tells journalists as the news itself
    assert _people("On 12 March, Secretary General Karl Saar told journalists in Riga about the results of the "
                   "session.") == ["Karl Saar"]


def test_an_unknown_city_one_arrives_in():
    assert _place("Students from Latvia arrived in Parnu for the youth camp, which opens on 12 March.") == "Parnu"


def test_a_where_line_names_its_city():
    from reviewer.extract.places import find_location
    from reviewer.model import Span

    for line, city in [("Where: Valmiera, Latvia", "Valmiera"), ("Where: Conference hall of the Office, Riga", "Riga"),
                       ("Where: Cesis", "Cesis"), ("Where: Latvia", None)]:
        text = line + "\nThe round table on flood data will be held on 12 March.\n"
        got = find_location(text, [Span(0, len(line)), Span(len(line) + 1, len(text) - 1)])
        assert got.value == city, line
        if city:
            assert text[got.span.start : got.span.end] == city


def test_a_region_or_a_basin_is_named_as_the_place_of_the_event():
    from reviewer.extract.places import names_elsewhere
    from reviewer.model import Span

    def elsewhere(s: str) -> bool:
        return names_elsewhere(s, [Span(0, len(s))])

    assert elsewhere("The ministry will hold a flood drill in the Daugava river basin on Saturday.")
    assert elsewhere("The services will hold an exercise in Latvia's Vidzeme region starting on Monday.")
    assert not elsewhere("The ministers met in Riga on Friday.")


def test_a_person_told_again_by_title_alone():
    from reviewer.extract.people import by_title, find_people
    from reviewer.model import Span

    text = ("The Director of the Lakes Centre, Anna Berg, and Deputy Minister of Water of Latvia Karl Saar opened the "
            "round table in Riga. After the round table, the Director and the Deputy Minister will hold a press "
            "conference. The Secretary General of the Union, Ivo Kask, spoke. On 23 March, the Minister met the "
            "Ambassador of Norway.")
    people = find_people(text, [Span(0, len(text))])

    def told(sentence: str) -> list[str]:
        i = text.index(sentence)
        return [p.name for p in by_title(text, Span(i, i + len(sentence)), people)]

    assert told("After the round table, the Director and the Deputy Minister will hold a press conference.") == [
        "Anna Berg", "Karl Saar"]
    assert told("The Secretary General of the Union, Ivo Kask, spoke.") == []  # named right there
    assert told("On 23 March, the Minister met the Ambassador of Norway.") == []  # a minister is no deputy minister


def test_titles_of_intergovernmental_organizations_back_a_name():
    cases = {
        "On 12 March, the Ombudsperson of Latvia, Ilze Kalna, received a delegation in Riga.": ["Ilze Kalna"],
        "On 12 March, the Assembly's rapporteur on Latvia, Jonas Berg, held meetings in Riga.": ["Jonas Berg"],
        "On 12 March, the Union's High Representative for Foreign Affairs and Security Policy Eero Tamm held talks "
        "in Riga.": ["Eero Tamm"],
        "On 12 March, the Ambassador-at-Large for Water Diplomacy Mari Lepp met experts in Riga.": ["Mari Lepp"],
    }
    for sentence, people in cases.items():
        assert _people(sentence) == people, sentence


def test_a_city_visited_and_a_report_presented():
    ev = _events("Notes\n12 March 2019\nOn 12 March, the Representative on Freedom of the Media Jonas Berg visited "
                 "Tbilisi.\n")
    assert (ev[0]["type"], ev[0]["location"]) == ("visit", "Tbilisi")
    ev = _events("Notes\n12 March 2019\nOn 12 March, the Office presented the final report of its election "
                 "observation mission in Riga.\n")
    assert ev[0]["type"] == "briefing"


def test_a_body_written_short_in_the_headline_and_whole_in_the_lead_is_one():
    ev = _events("Committee on Fisheries meets in Riga\n12 March 2019\nThe Committee on Fisheries and Ports of the "
                 "Assembly met in Riga on 12 March.\n")
    assert ev[0]["orgs"] == ["Committee on Fisheries and Ports of the Assembly"]


def test_an_unmarked_body_in_its_officers_post_is_another_organizations_but_a_states_is_not():
    assert _orgs("On 12 March, the Chair of the Committee on Fisheries and Ports, Jonas Berg, held a press "
                 "conference in Riga.") == ["Committee on Fisheries and Ports"]
    assert _orgs("On 12 March, the Chair of the State Duma Committee on Fisheries, Jonas Berg, held a press "
                 "conference in Riga.") == []


def test_names_and_bodies_a_pdfs_line_wrap_cut_in_two():
    from reviewer.extract.orgs import find_orgs
    from reviewer.extract.people import find_people
    from reviewer.model import Span

    text = ("The ministers of the five member states of the Lake\nWater Council met in Tartu. The meeting was chaired "
            "by the Minister of Water of Estonia, Kadri\nTamm, and attended by the Secretary General, Ott\nLepik.")
    whole = [Span(0, len(text))]
    people = find_people(text, whole)
    assert [p.name for p in people] == ["Kadri Tamm", "Ott Lepik"]
    assert [o.value for o in find_orgs(text, whole, [p.span for p in people])] == ["Lake Water Council"]


def test_the_city_in_a_field_offices_name_is_not_where_the_event_was():
    assert _place("A course on river data, organized by the LWC Programme Office in Astana, opened in Almaty on "
                  "12 March.") == "Almaty"
    # … unless the event is held at that office, or the office hosts it
    assert _place("On 12 March, the seminar was held at the LWC Programme Office in Astana.") == "Astana"
    assert _place("On 12 March, the LWC Office in Astana hosted a course on river data.") == "Astana"


def test_who_will_address_a_council_briefs_it():
    ev = _events("Media advisory\n12 March 2019\nThe Chair will address the Permanent Council in Vienna on 14 March.\n")
    assert [(e["type"], e["status"]) for e in ev] == [("briefing", "planned")]
