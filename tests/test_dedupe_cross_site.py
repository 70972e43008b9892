"""Cross-site duplicates (issue 18), rule by rule: one meeting told by the organization, a digest, a wire
or a mission's feed, each naming other people and bodies, is one event; two sittings of one day that
only look alike are not. Every sentence and name here is made up for the test."""
from __future__ import annotations

from contextlib import contextmanager

import pytest

from reviewer.dedupe import sitting
from reviewer.dedupe.candidates import EventInfo, _merge_sure, _parse, _prepare, score_pair
from reviewer.importing.pipeline import import_paths
from reviewer.store import Store


def _event(eid: int, evidence: str, people=(), orgs=(), location="Riga", date_start="2022-05-12",
           event_type="meeting") -> EventInfo:
    """``people``: names, or (name, post) pairs."""
    year, md = _parse(date_start)
    people = [(p, None) if isinstance(p, str) else p for p in people]
    ev = EventInfo(eid, eid, date_start, event_type, location, year, md,
                   people=[(None, name) for name, _ in people], orgs=list(orgs), evidence=evidence,
                   roles=[post for _, post in people if post])
    _prepare(ev)
    return ev


@contextmanager
def _imported(tmp_path, pages: dict[str, str], **options):
    """A store holding ``pages`` (file name: text) imported as one folder."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    with Store(tmp_path / "x.db") as store:
        import_paths(store, [folder], workers=0, **options)
        yield store


def _sure(a: EventInfo, b: EventInfo) -> bool:
    return score_pair(a, b)[2] and score_pair(b, a)[2]


# -- one person shared, no counterpart missing on either side ------------------------------------------

REPORT = _event(1, "Minister of Transport Inga Ozola today received in Riga the Ambassador of Chile, Pablo Rojas, "
                   "to discuss the new port terminal.", [("Inga Ozola", "Minister of Transport"),
                                                         ("Pablo Rojas", "Ambassador of Chile")])


def test_a_digest_line_naming_one_person_and_the_report_naming_her_host_are_one_meeting():
    digest = _event(2, "Today Minister Inga Ozola received in Riga the Ambassador of Chile to discuss the port terminal.",
                    ["Inga Ozola"])
    assert _sure(REPORT, digest)


@pytest.mark.parametrize("other", [
    # the same minister, the same day and city, another ambassador
    _event(3, "Minister of Transport Inga Ozola today received in Riga the Ambassador of Peru, Luis Vega, to "
              "discuss the new port terminal.", [("Inga Ozola", "Minister"), ("Luis Vega", "Ambassador of Peru")]),
    # … or a bank's delegation, named as a body where the report names a person
    _event(4, "Minister of Transport Inga Ozola today received in Riga a delegation of the Nordic Harbour Bank to "
              "discuss the new port terminal.", ["Inga Ozola"], ["Nordic Harbour Bank"]),
])
def test_two_meetings_of_one_minister_on_one_day_in_one_city_stay_apart(other):
    assert not _sure(REPORT, other)


def test_one_person_shared_is_not_enough_where_the_place_is_not_stated_or_the_words_differ():
    no_place = _event(5, "Today Minister Inga Ozola received the Ambassador of Chile to discuss the port terminal.",
                      ["Inga Ozola"], location=None)
    other_words = _event(6, "Inga Ozola chaired the board of the state railway company.", ["Inga Ozola"])
    assert not _sure(REPORT, no_place) and not _sure(REPORT, other_words)


# -- an acronym and the full name are one body ------------------------------------------------------------

def test_an_acronym_and_the_full_name_it_stands_for_are_one_body():
    full = _event(7, "The Fifth Summit of the Amber Coast Union took place in Riga with the heads of state.",
                  [("Maris Liepa", "Secretary General")], ["Amber Coast Union"])
    short = _event(8, "Leaders of the ACU member states met in Riga on Thursday for the Fifth Summit.",
                   [("Maris Liepa", "ACU Secretary General")], ["ACU"])
    score, reasons, sure = score_pair(full, short)
    assert sure and "shared organizations: Amber Coast Union" in reasons
    # … also where the acronym leaves out where the body works
    centre = _event(9, "The Fifth Summit of the ACU took place in Riga with the heads of state.",
                    [("Maris Liepa", "Secretary General")], ["Amber Coast Union Secretariat in Northern Europe"])
    assert "shared organizations: Amber Coast Union Secretariat in Northern Europe" in score_pair(centre, _event(
        19, "The Fifth Summit of the ACUS took place in Riga.", [("Maris Liepa", "Secretary General")], ["ACUS"]))[1]


# -- the same named sitting ---------------------------------------------------------------------------------

SUMMIT = _event(10, "The Fifth Summit of the ACU took place in Riga with the heads of state of all six members.",
                [("Maris Liepa", "Secretary General")], ["ACU"])


def test_a_mission_reporting_its_ambassador_at_the_summit_is_the_summit():
    post = _event(11, "Today in Riga, Ambassador Ona Kairiene accompanied our delegation at the Fifth Summit of the ACU.",
                  [("Ona Kairiene", "Ambassador")], ["ACU"])
    assert _sure(SUMMIT, post)


def test_a_conference_whose_organizer_one_side_names_only_in_a_post_is_one_conference():
    centre = _event(12, "The Director of the Baltic Centre for Coastal Research, Eva Lind, today opened a regional "
                        "conference on storm surges in Riga.", [("Eva Lind", "Director of the Baltic Centre for Coastal "
                                                                   "Research"), ("Juris Kalns", "Minister")])
    digest = _event(13, "Today the Chairman of the Agency, Ivo Saar, took part in the opening of the regional conference "
                        "on storm surges organized in Riga by the Baltic Centre for Coastal Research.",
                    [("Ivo Saar", "Chairman of the Agency")], ["Baltic Centre for Coastal Research"])
    assert _sure(centre, digest)


def test_the_same_numbered_summit_announced_in_other_words_is_one_event():
    agreed = _event(14, "The heads of state agreed to hold the Sixth Summit in Vilnius on 3 June 2023.",
                    location="Vilnius", date_start="2023-06-03")
    host = _event(15, "The leaders decided that Lithuania will host the Sixth Summit in Vilnius on 3 June 2023.",
                  location="Vilnius", date_start="2023-06-03")
    assert _sure(agreed, host)


@pytest.mark.parametrize("other", [
    # another sitting of the same body the same day: a forum, not the summit
    _event(16, "That same day, the Secretary General opened the ACU Business Forum in Riga.",
           [("Maris Liepa", "Secretary General")], ["ACU"]),
    # another summit: its ordinal says so
    _event(17, "The Sixth Summit of the ACU took place in Riga with the heads of state of all six members.",
           [("Maris Liepa", "Secretary General")], ["ACU"]),
    # a summit with no ordinal and no body on either side: the curator decides
    _event(18, "A summit took place in Riga with the heads of state."),
])
def test_sittings_that_only_look_alike_are_not_merged_unasked(other):
    assert not _sure(SUMMIT, other)


def test_what_a_sentence_is_beside_is_not_what_it_reports():
    told = sitting.read("Ambassador Ona Kairiene took part today in the meeting of the Council of Ministers, held in "
                        "Riga ahead of the Fifth Summit.")
    assert told.kinds == frozenset() and told.beside == ("the fifth summit",)
    assert sitting.read("It will meet on 3 May to prepare the agenda of the summit.").kinds == frozenset()
    assert sitting.read("In the course of the talks, the ministers opened a round table.").kinds == {"round table"}
    assert sitting.read("The 40th session and the Fifth Summit").ordinals == {("40", "session"), ("5", "summit")}


def test_two_reports_of_a_council_held_ahead_of_a_summit_are_one_council():
    notice = _event(20, "The Council of Ministers of Foreign Affairs of the ACU will meet in Riga on 12 May to prepare "
                        "the Fifth Summit.", orgs=["Council of Ministers of Foreign Affairs of the ACU"],
                    date_start="XXXX-05-12")
    post = _event(21, "Ambassador Ona Kairiene took part today in the meeting of the Council of Ministers of Foreign "
                      "Affairs of the ACU, held in Riga ahead of the summit.", [("Ona Kairiene", "Ambassador")],
                  ["Council of Ministers of Foreign Affairs of the ACU"])
    assert _sure(notice, post)
    # … while the summit itself, the same day in the same city, is another sitting
    summit = _event(22, "The Fifth Summit of the Council of Ministers of Foreign Affairs of the ACU opened in Riga.",
                    orgs=["Council of Ministers of Foreign Affairs of the ACU"])
    assert not _sure(post, summit)


def test_prior_to_that_names_no_sitting():
    notice = _event(23, "Prior to that, the Council of Permanent Representatives to the Union is scheduled to meet on "
                        "10 May in Riga.", orgs=["Council of Permanent Representatives"], date_start="2022-05-10")
    report = _event(24, "On 10 May, the Council of Permanent Representatives to the Union met in Riga and agreed the "
                        "draft agenda of the summit.", orgs=["Council of Permanent Representatives"],
                    date_start="2022-05-10")
    assert _sure(notice, report)


# -- two events one release tells apart are never merged together -------------------------------------------

ARTICLE = """Amber Coast Union
Secretary General meets ministers
Published: 12.05.2022 18:00
On 12 May 2022, in Riga, Secretary General Maris Liepa met the Minister of Economy of Latvia, Janis Berzins.
That same day, in Riga, Secretary General Maris Liepa met the Minister of Finance of Latvia, Karlis Ozols.
"""
WIRE = """Baltic Wire
ACU chief holds talks in Riga
On 12 May 2022, Secretary General of the Amber Coast Union Maris Liepa met Latvian ministers in Riga.
"""


def test_a_report_sure_of_two_events_of_one_release_joins_one_of_them_only(tmp_path):
    with _imported(tmp_path, {"acu_1.txt": ARTICLE, "wire_1.txt": WIRE}, near_duplicates=False) as store:
        rows = store.rows("SELECT e.id, i.release_id FROM events e JOIN mentions m ON m.event_id = e.id "
                          "JOIN items i ON i.id = m.item_id WHERE e.date_start = '2022-05-12' ORDER BY e.id")
        first, second, wire = (r["id"] for r in rows)
        assert rows[0]["release_id"] == rows[1]["release_id"] != rows[2]["release_id"]
        merged = _merge_sure(store, [(first, wire, 0.9, ["test"]), (second, wire, 0.9, ["test"])], "test")
        assert merged == 1
        live = store.rows("SELECT id FROM events WHERE merged_into IS NULL AND deleted = 0 AND date_start = '2022-05-12'")
        assert len(live) == 2
        assert store.rows("SELECT status FROM dup_candidates WHERE event_a = ? AND event_b = ?",
                          [second, wire]) == [{"status": "open"}]


# -- a visit and the meeting held during it ----------------------------------------------------------------

def test_a_visit_whose_sentence_tells_the_meeting_and_another_sites_report_of_that_meeting_are_one():
    visit = _event(30, "Minister Inga Ozola arrived in Lithuania on Sunday and met Foreign Minister Tomas Kalnas in "
                       "Vilnius.", ["Inga Ozola", "Tomas Kalnas"], location="Vilnius", event_type="visit")
    talks = _event(31, "On 12 May, Inga Ozola held talks in Vilnius with Minister of Foreign Affairs of Lithuania "
                       "Tomas Kalnas.", ["Inga Ozola", "Tomas Kalnas"], location="Vilnius")
    score, reasons, sure = score_pair(visit, talks)
    assert sure and "a visit and a meeting during it" in reasons


@pytest.mark.parametrize("visit", [
    # the visit's sentence tells no meeting: a tour of a port is not the talks
    _event(32, "Inga Ozola and Tomas Kalnas visited the port of Klaipeda.", ["Inga Ozola", "Tomas Kalnas"],
           location="Vilnius", event_type="visit"),
    # one person only
    _event(33, "Inga Ozola arrived in Vilnius and met the Speaker.", ["Inga Ozola"], location="Vilnius",
           event_type="visit"),
])
def test_a_visit_is_not_a_meeting_it_does_not_tell(visit):
    talks = _event(34, "On 12 May, Inga Ozola held talks in Vilnius with Minister of Foreign Affairs of Lithuania "
                       "Tomas Kalnas.", ["Inga Ozola", "Tomas Kalnas"], location="Vilnius")
    assert not _sure(visit, talks)


VISIT_PAGE = """Ministry of Transport
Minister meets Belarusian counterpart
Published: 13.05.2022 09:00
On 12 May 2022, Minister of Transport of Latvia Inga Ozola paid a working visit to Minsk, where she met Minister of Transport of Belarus Tomas Kalnas.
"""
TALKS_PAGE = """Ministry of Transport of Belarus
Talks with the Latvian minister
Published: 12.05.2022 18:00
On 12 May 2022, Minister of Transport of Belarus Tomas Kalnas held talks in Minsk with Minister of Transport of Latvia Inga Ozola.
"""


def test_merged_with_the_meeting_the_visit_keeps_the_meetings_type(tmp_path):
    with _imported(tmp_path, {"lv_1.txt": VISIT_PAGE, "by_1.txt": TALKS_PAGE}) as store:
        live = store.rows("SELECT event_type FROM events WHERE merged_into IS NULL AND deleted = 0")
    assert live == [{"event_type": "meeting"}]


# -- one document signed, told twice ----------------------------------------------------------------------

def test_two_reports_of_one_agreement_signed_are_one_signing():
    agency = _event(40, "The Chairman of the Agency, Ivo Saar, and the Minister of Water of Latvia, Juris Kalns, signed "
                        "on 12 May in Riga an agreement on joint monitoring of the Gauja river.",
                    [("Ivo Saar", "Chairman of the Agency"), ("Juris Kalns", "Minister of Water of Latvia")])
    wire = _event(41, "Estonia and Latvia signed on Thursday in Riga an agreement on joint monitoring of the Gauja "
                      "river, the two water agencies said.")
    assert _sure(agency, wire)
    others = _event(42, "Lithuania and Poland signed on Thursday in Riga an agreement on joint monitoring of the Gauja "
                        "river, the two water agencies said.")
    assert not _sure(wire, others)
    another_subject = _event(43, "Estonia and Latvia signed on Thursday in Riga an agreement on fishing quotas in the "
                                 "Gulf of Riga.")
    assert not _sure(wire, another_subject)


# -- an announcement and the report: the place on one side only, a short and a full name, an untyped wire --

COUNCIL_HELD = _event(30, "On 12 May, the Council of Water Ministers of the Amber Coast Union met in Riga and adopted "
                          "the lake plan.", [("Maris Liepa", "Minister of Water of Latvia"),
                                             ("Ona Petraite", "Minister of Water of Lithuania")],
                      ["Council of Water Ministers"])


def test_a_notice_that_says_there_and_the_report_of_a_council_of_its_name_are_one_sitting():
    notice = _event(31, "On 12 May, the Council of Water Ministers of the Amber Coast Union will meet there.",
                    orgs=["Council of Water Ministers of the Amber Coast Union"], location=None)
    assert _sure(COUNCIL_HELD, notice)


@pytest.mark.parametrize("other", [
    # a short body of one or two words says too little without a place
    _event(32, "The Council will meet there on 12 May.", orgs=["Council"], location=None),
    # the council named, but no place stated at all (not even "there")
    _event(45, "On 12 May, the Council of Water Ministers of the Amber Coast Union met to adopt the lake plan.",
           orgs=["Council of Water Ministers of the Amber Coast Union"], location=None),
    # another council, the place unknown
    _event(33, "The Council of Energy Ministers will meet there on 12 May.", orgs=["Council of Energy Ministers"],
           location=None),
    # the same council named, but a second body the report does not name
    _event(34, "The Council of Water Ministers and the Board of the Nordic Harbour Bank will meet there on 12 May.",
           orgs=["Council of Water Ministers", "Board of the Nordic Harbour Bank"], location=None),
])
def test_a_notice_without_a_place_is_not_a_council_it_does_not_name_alone(other):
    assert not _sure(COUNCIL_HELD, other)


def test_two_exercises_of_one_force_the_place_stated_on_one_side_only_stay_apart():
    # a force holds several exercises at once; only a sitting body sits once a day
    river = _event(43, "The river exercise of the Amber Coast Rescue Forces will be held on 12 May.",
                   orgs=["Amber Coast Rescue Forces"], location=None, event_type="exercise")
    mountain = _event(44, "The mountain exercise of the Amber Coast Rescue Forces began today near Sigulda.",
                      orgs=["Amber Coast Rescue Forces"], location="Sigulda", event_type="exercise")
    assert not _sure(river, mountain)


def test_a_council_named_short_on_one_side_and_in_full_on_the_other_is_one_body():
    planned = _event(35, "The next meeting of the Lakes Council will take place on 12 May in Riga.",
                     orgs=["Lakes Council"])
    held = _event(36, "The two-day meeting of the Amber Coast Lakes Council concluded today in Riga.",
                  orgs=["Lakes Council", "Amber Coast Lakes Council"])
    other = _event(37, "Ministers of the Nordic Lakes Council gathered today in Riga for their spring session.",
                   orgs=["Nordic Lakes Council"])
    # the full names tell two councils apart (a bare "Lakes Council" could be either)
    assert _sure(planned, held) and not _sure(held, other)


HOSTED = _event(38, "RIGA, May 12 (BW) -- Latvian Prime Minister Maris Liepa hosted the Amber Coast Lakes Council "
                    "in Riga on Thursday.", [("Maris Liepa", "Latvian Prime Minister")], ["Amber Coast Lakes Council"],
                event_type="other")


def test_a_wire_naming_only_the_host_of_a_council_is_the_council_named_with_all_its_heads():
    report = _event(39, "The meeting of the Amber Coast Lakes Council was held today in Riga, chaired by Prime "
                        "Minister of Latvia Maris Liepa.", [("Maris Liepa", "Prime Minister of Latvia"),
                                                           ("Ona Petraite", "Prime Minister of Lithuania")],
                    ["Amber Coast Lakes Council"])
    assert _sure(HOSTED, report)


@pytest.mark.parametrize("other", [
    # the host's wreath after the council, untyped like the wire: the council is not what it holds
    _event(40, "After the Amber Coast Lakes Council, Prime Minister Maris Liepa laid flowers at the Freedom Monument "
               "in Riga.", ["Maris Liepa"], ["Amber Coast Lakes Council"], event_type="other"),
    # the host's ceremony: another type than a sitting's
    _event(41, "Prime Minister Maris Liepa opened the Amber Coast Lakes Council's photo exhibition in Riga.",
           ["Maris Liepa"], ["Amber Coast Lakes Council"], event_type="ceremony"),
])
def test_an_untyped_wire_is_not_another_event_of_its_host(other):
    report = _event(42, "The meeting of the Amber Coast Lakes Council was held today in Riga, chaired by Maris Liepa.",
                    ["Maris Liepa", "Ona Petraite"], ["Amber Coast Lakes Council"])
    assert not _sure(report, other)
