"""Organizations and bodies: named bodies with complements, acronyms, merging, exclusions."""
from reviewer.extract.orgs import find_orgs
from reviewer.extract.people import find_people
from reviewer.extract.sentences import split
from reviewer.model import KnownEntities, Span


def _orgs(text: str, known=None):
    sents = split(text, [Span(0, len(text))])
    people = [p.span for p in find_people(text, sents)]
    return [o.value for o in find_orgs(text, sents, people, known)]


def test_csto_prefixed_body():
    assert _orgs("The duty shift of the CSTO Situation Monitoring Center took part.") == [
        "CSTO Situation Monitoring Center"]


def test_body_with_of_complements():
    assert _orgs("The drills were hosted by the Emergency Response Academy of the Ministry of Emergency "
                 "Situations of the Republic of Belarus.") == [
        "Emergency Response Academy of the Ministry of Emergency Situations of the Republic of Belarus"]


def test_working_group_on_topic_under_body():
    assert _orgs("The 12th meeting of the Working Group on Information Security under the CSTO Committee of "
                 "Secretaries of Security Councils was held.") == [
        "Working Group on Information Security under the CSTO Committee of Secretaries of Security Councils"]


def test_complement_stops_at_a_persons_title():
    assert _orgs("A session of the Expert Group on Border Issues under the Chairman of the CSTO Border "
                 "Commission took place.") == ["Expert Group on Border Issues", "CSTO Border Commission"]


def test_complement_does_not_swallow_a_person():
    out = _orgs("He met the Head of the Border Service of the Eurasian Customs Union Colonel General Ivan Dorofeyev.")
    assert out == ["Border Service of the Eurasian Customs Union"]


def test_a_rank_ends_a_bodys_name():
    out = _orgs("He met the Chief of the Main Staff of the Eurasian Border Union Major General Pavel Krutov.")
    assert out == ["Main Staff of the Eurasian Border Union"]


def test_a_person_named_again_after_a_body_is_cut_off_everywhere():
    # found in the first sentence, written again right after a body's full name in the second
    text = ("Ivan Dorofeyev met Pavel Krutov in Geneva. He met the Director of the Regional Office on "
            "Mine Action Pavel Krutov on 3 May.")
    assert _orgs(text) == ["Regional Office on Mine Action"]


def test_a_csto_body_named_only_in_a_persons_post_is_not_listed():
    assert _orgs("The drill was observed by the Chief of the CSTO Joint Staff Colonel General Ivan Dorofeyev "
                 "and the Head of the Emergency Academy Pavel Krutov.") == []
    assert _orgs("Ivan Dorofeyev, Deputy Chief of the CSTO Joint Staff, spoke at the forum.") == []


def test_the_counterparts_body_in_a_meeting_of_two_is_listed():
    assert _orgs("The CSTO Deputy Secretary General Ivan Dorofeyev met with the Director of the Regional "
                 "Centre for Border Studies Pavel Krutov.") == ["Regional Centre for Border Studies"]
    # the CSTO side's post is still not a participant body
    assert _orgs("The Chief of the CSTO Joint Staff Ivan Dorofeyev held talks with Pavel Krutov.") == []


def test_a_body_under_a_post_is_a_body_name_not_a_role():
    assert _orgs("A meeting of the Expert Council on Border Issues under the Chairman of the CSTO Border Commission was held.") == [
        "Expert Council on Border Issues", "CSTO Border Commission"]


def test_acronyms_and_acronym_runs():
    assert _orgs("Representatives of the UNODC, the EAG, the CIS ATC, the SCO RATS and the IOM attended.") == [
        "UNODC", "EAG", "CIS ATC", "SCO RATS", "IOM"]


def test_full_name_with_trailing_acronym_is_written_as_acronym():
    assert _orgs("Experts of the Eurasian Group on Combating Money Laundering (EAG) took part.") == ["EAG"]


def test_inner_acronym_kept_as_written():
    out = _orgs("He met the Analytical Team (AT) of the UN Counter-Terrorism Committee Executive Directorate.")
    assert out == ["Analytical Team (AT) of the UN Counter-Terrorism Committee Executive Directorate"]


def test_csto_itself_states_and_numbers_are_not_organizations():
    text = ("The Collective Security Treaty Organization, the CSTO and the Russian Federation discussed the XXI "
            "plan on ISIS with the Republic of Kazakhstan.")
    assert _orgs(text) == []


def test_generic_two_word_body_without_complement_is_skipped():
    assert _orgs("To hold the Ministerial Council, a studio was prepared.") == []


def test_two_names_of_one_body_are_kept_once_in_first_form():
    text = ("The CSTO Council of Defence Ministers met. The Council of Ministers of Defence of the Collective "
            "Security Treaty Organization adopted a plan.")
    assert _orgs(text) == ["CSTO Council of Defence Ministers"]


def test_defined_acronym_merges_with_its_body():
    text = "The Interstate Council for Civil Protection (ICCP) of the CSTO met. The ICCP approved the plan."
    assert len(_orgs(text)) == 1


def test_body_abbreviation_merges_with_named_body():
    assert _orgs("The CSTO Collective Security Council met. The CSC adopted a statement.") == [
        "CSTO Collective Security Council"]


def test_spans_are_exact():
    text = "Staff of the CSTO Crisis Response Center and the ICRC trained."
    sents = split(text, [Span(0, len(text))])
    for o in find_orgs(text, sents):
        assert text[o.span.start : o.span.end] == o.value
        assert 0 < o.confidence <= 1


def test_known_organization_is_found_whole():
    known = KnownEntities(organizations={"Rapid Deployment Coordination Cell"})
    assert "Rapid Deployment Coordination Cell" in _orgs("The Rapid Deployment Coordination Cell met.", known)


def test_bodies_named_as_a_topic_are_not_participants():
    assert _orgs("The ministers discussed the CSTO interaction with the EAEU and the OSCE.") == []
    assert _orgs("They discussed the development of contacts between the CSTO and the Eurasian Cooperation "
                 "Organization.") == []


def test_un_alone_is_a_body_but_not_as_a_prefix_or_adjective():
    assert _orgs("Representatives of the UN and Interpol took part.") == ["UN", "Interpol"]
    assert _orgs("They studied UN peacekeeping practice.") == []


def test_bodies_of_the_member_states_in_general_are_not_listed():
    assert _orgs("Units of the Armed Forces of the CSTO member states took part.") == []


def test_author_of_a_decision_is_not_a_participant():
    text = ("On 4 May, in accordance with the decision of the CSTO Collective Security Council, the Joint Staff of "
            "the CSTO held a staff training.")
    assert _orgs(text) == ["Joint Staff of the CSTO"]


def test_acronym_inside_a_full_name_is_not_another_body():
    assert _orgs("Experts of the CIS Council of Heads of Migration Agencies (CHMA) took part.") == ["CHMA"]


def test_headline_in_capitals_gives_no_acronym_soup():
    assert _orgs("MEETING OF THE CSTO WORKING GROUP ON AFGHANISTAN") == []


def test_known_two_word_csto_body_is_kept():
    assert _orgs("On 4 May, the Joint Staff hosted consultations.") == ["Joint Staff"]


def test_one_council_of_the_member_states_is_a_body_with_its_member_states():
    assert _orgs("On 3 March, the Council of Border Chiefs of the CIS member states met in Minsk.") == [
        "Council of Border Chiefs of the CIS member states"]
    assert _orgs("The Coordination Council of the Heads of Authorities on Countering Smuggling of the CSTO member "
                 "states held a meeting.") == [
        "Coordination Council of the Heads of Authorities on Countering Smuggling of the CSTO member states"]


def test_against_joins_a_long_name():
    assert _orgs("The Centre for the Fight against Cyber Crime of the Republic of Armenia took part.") == [
        "Centre for the Fight against Cyber Crime of the Republic of Armenia"]


def test_a_quoted_proper_name_inside_a_body_name():
    assert _orgs('Cadets of the Mountain Training Center "Edelweiss" of the Ministry of Defence of the Kyrgyz '
                 'Republic took part.') == [
        'Mountain Training Center "Edelweiss" of the Ministry of Defence of the Kyrgyz Republic']


def test_a_quoted_capitalised_operation_name_is_not_an_acronym_body():
    assert _orgs('The stage of the operation "NETWATCH" was held with the UNODC.') == ["UNODC"]


def test_a_known_body_inside_a_longer_name_and_a_bare_parent_beside_its_body():
    assert _orgs("He met the President of the International Committee of the Red Cross.") == [
        "International Committee of the Red Cross"]
    assert _orgs("Experts of the CIS and of the CIS Executive Committee took part.") == ["CIS Executive Committee"]
    assert _orgs("Experts of the United Nations and of the UN Office for Disarmament Affairs took part.") == [
        "UN Office for Disarmament Affairs"]


def test_a_states_own_body_in_the_counterparts_post_is_not_listed():
    # the state takes part through its officer; an international body would be (see above)
    assert _orgs("The CSTO Secretary General met with the Secretary of the Security Council of the Republic of "
                 "Belarus Ivan Dorofeyev.") == []
    assert _orgs("The Secretary General held talks with the Head of the Border Service of the Kyrgyz Republic "
                 "Pavel Krutov.") == []
    # … but a state's body hosting or organising is listed
    assert _orgs("On 4 May, the Border Service of the Kyrgyz Republic hosted a seminar.") == [
        "Border Service of the Kyrgyz Republic"]


def test_another_organization_as_counterpart_in_consultations_or_a_videoconference():
    assert _orgs("He held consultations with the Director of the Eurasian Drug Control Agency Pavel Krutov.") == [
        "Eurasian Drug Control Agency"]
    assert _orgs("He held a videoconference with the Secretary-General of the Eurasian Cooperation Organization "
                 "Pavel Krutov.") == ["Eurasian Cooperation Organization"]


def test_a_body_written_before_a_persons_post_is_that_post():
    assert _orgs("A seminar was held with the participation of CSTO Secretariat expert Anna Petrova.") == []


def test_a_body_whose_coming_meeting_is_prepared_is_a_topic():
    assert _orgs("The CSTO Permanent Council discussed the preparation of the session of the Council of Defence "
                 "Ministers.") == ["CSTO Permanent Council"]
    assert "Council of Defence Ministers" not in _orgs(
        "The CSTO Permanent Council discussed the preparation of the Council of Defence Ministers meeting.")
    assert "Council of Defence Ministers" not in _orgs(
        "The CSTO Permanent Council agreed on documents to be submitted to the Council of Defence Ministers.")
    # a sentence that dates that meeting announces it: the body takes part in the meeting announced
    assert _orgs("The parties discussed the preparation of the meeting of the CSTO Council of Defence Ministers, "
                 "which will be held on 14 June in Minsk.") == ["CSTO Council of Defence Ministers"]


def test_a_body_whose_chairmanship_is_talked_about_is_a_topic():
    assert _orgs("The ambassador spoke of the priorities of the Kyrgyz chairmanship in the Eurasian "
                 "Cooperation Organization.") == []


def test_bodies_in_a_quoted_title_are_not_participants():
    assert _orgs("On 4 May, the CSTO Secretariat hosted a conference \u201cThe CSTO and the Eurasian Customs "
                 "Union: partners in security\u201d.") == ["CSTO Secretariat"]


def test_the_owner_of_a_training_ground_is_not_a_participant():
    assert _orgs("The exercise of the CSTO Collective Rapid Reaction Forces took place at the Alagyaz training "
                 "ground of the Armed Forces of the Republic of Belarus.") == [
        "CSTO Collective Rapid Reaction Forces"]


def test_the_un_through_its_officer_but_not_through_a_posts_post():
    assert _orgs("The Deputy Secretary General met with the UN Resident Coordinator in Armenia Anna Petrova.") == [
        "UN"]
    assert _orgs("He met the Special Representative of the UN Secretary-General for Afghanistan Anna Petrova.") == []


def test_an_acronym_and_its_spelled_out_name_are_one_body():
    text = ("Ivan Dorofeyev met with the EDCA Director Pavel Krutov. At the meeting with the Director of the "
            "Eurasian Drug Control Agency Pavel Krutov, they discussed the drug situation.")
    assert _orgs(text) == ["EDCA"]


def test_a_news_agency_hosting_a_press_conference():
    assert _orgs("On 4 May, the Secretary General held a press conference at the news agency \u201cSputnik "
                 "Media\u201d in Moscow.") == ["Sputnik Media"]


def test_a_parliament_named_without_a_body_noun():
    assert _orgs("On 4 May, the Jogorku Kenesh of the Kyrgyz Republic hosted a meeting of the Standing "
                 "Commission of the CSTO Parliamentary Assembly on Defence Issues.") == [
        "Jogorku Kenesh of the Kyrgyz Republic", "Standing Commission of the CSTO Parliamentary Assembly on Defence Issues"]


def test_a_committees_topics_may_be_a_list():
    assert _orgs("He spoke at the Committee on Defence, Border Security and Migration of the Senate of the Republic "
                 "of Kazakhstan.") == [
        "Committee on Defence, Border Security and Migration of the Senate of the Republic of Kazakhstan"]


def test_a_body_is_written_as_the_acronym_the_text_gives_it_even_when_named_in_full_first():
    text = ("Consultations with the Eurasian Group on Combating Money Laundering took place in Minsk. "
            "The delegation of the Eurasian Group on Combating Money Laundering (EAG) was headed by its Chairman.")
    assert _orgs(text) == ["EAG"]
