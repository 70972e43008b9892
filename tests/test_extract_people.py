"""Participants by name shape and role pattern, on sentences of our own making."""
from reviewer.extract.people import find_people
from reviewer.extract.sentences import split
from reviewer.model import KnownEntities, Span


def _people(text: str, known=None):
    return find_people(text, split(text, [Span(0, len(text))]), known)


def _names(text: str, known=None):
    return [p.name for p in _people(text, known)]


def test_title_before_name_with_organisation_prefix():
    ps = _people("On 2 May, the CSTO Deputy Secretary General Arman Dzhaksybekov opened the forum.")
    assert [(p.name, p.role) for p in ps] == [("Arman Dzhaksybekov", "CSTO Deputy Secretary General")]
    assert ps[0].confidence >= 0.8


def test_role_after_name_with_comma():
    ps = _people("Gevorg Hakobyan, the Permanent Representative of the Republic of Armenia to the CSTO, took part.")
    assert ps[0].name == "Gevorg Hakobyan"
    assert ps[0].role == "Permanent Representative of the Republic of Armenia to the CSTO"


def test_long_role_of_state_before_name():
    ps = _people("The talks were attended by the Prime Minister of the Kyrgyz Republic Akylbek Japarov.")
    assert [(p.name, p.role) for p in ps] == [("Akylbek Japarov", "Prime Minister of the Kyrgyz Republic")]


def test_role_then_comma_then_name():
    ps = _people("It was chaired by the Minister of Defence of the Republic of Belarus, Viktor Khrenin.")
    assert ps[0].name == "Viktor Khrenin"
    assert ps[0].role == "Minister of Defence of the Republic of Belarus"


def test_modifier_before_title_is_part_of_role():
    ps = _people("The Acting Chief of the Joint Staff Anatoly Sidorov reported.")
    assert ps[0].role.startswith("Acting Chief")


def test_initial_and_surname():
    assert _names("with the participation of Deputy Minister B. Nurmukhamedov and Colonel D. Tashiev.") == [
        "B. Nurmukhamedov", "D. Tashiev"]


def test_hyphenated_first_name():
    assert _names("The President of Kazakhstan Kassym-Jomart Tokayev welcomed the guests.") == ["Kassym-Jomart Tokayev"]


def test_list_of_heads_of_state_each_once():
    text = ("The session was attended by the President of the Republic of Armenia Serzh Sargsyan, the President of "
            "the Russian Federation Dmitry Medvedev and the President of the Republic of Belarus Alexander Lukashenko.")
    assert _names(text) == ["Serzh Sargsyan", "Dmitry Medvedev", "Alexander Lukashenko"]


def test_press_contact_is_excluded():
    assert _names("CSTO spokesman Oleg Nikitenko said that the talks were useful.") == []
    assert _names("The CSTO Press Secretary Irina Sokolova reported.") == []


def test_name_inside_a_quotation_is_excluded():
    assert _names("\u201cWe thank Sergei Ivanov for his work,\u201d the statement reads.") == []


def test_bare_name_needs_surname_shape_and_gets_low_confidence():
    ps = _people("The delegation was met by Gulnaz Abdrakhmanova.")
    assert [p.name for p in ps] == ["Gulnaz Abdrakhmanova"]
    assert ps[0].confidence < 0.6


def test_bare_name_with_common_given_name():
    ps = _people("\u201cThe work continues,\u201d Stanislav Wojcik said.")
    assert [p.name for p in ps] == ["Stanislav Wojcik"]
    assert ps[0].confidence < 0.8


def test_bare_unknown_shape_is_not_a_person():
    assert _names("The delegation visited Lake Issyk and Green Valley.") == []


def test_transliteration_variants_in_one_item_are_one_person():
    assert _names("Deputy Minister Igor Yuriev spoke. Later Igor Yuriyev answered questions.") == ["Igor Yuriyev"]


def test_capitalised_phrases_are_not_people():
    text = ("The Great Patriotic War and the Victory Parade were recalled; the Taliban Movement and the "
            "Regional Centre for Preventive Diplomacy for Central Asia were discussed.")
    assert _names(text) == []


def test_body_name_after_title_is_not_a_person():
    text = "He met the Head of the Centre for Strategic Research of Tajikistan, Farrukh Sharipov."
    assert _names(text) == ["Farrukh Sharipov"]


def test_same_person_twice_keeps_fullest_form():
    text = "T. Kasymov, the Deputy Chief of the Joint Staff, spoke. Then Talgat Kasymov answered questions."
    assert _names(text) == ["Talgat Kasymov"]


def test_known_alias_gives_canonical_name():
    known = KnownEntities(people={"samat ordabaev": "Samat Ordabayev"})
    ps = _people("The guests were welcomed by Samat Ordabaev.", known)
    assert [p.name for p in ps] == ["Samat Ordabayev"]
    assert ps[0].confidence >= 0.9


def test_name_span_points_at_the_name():
    text = "The CSTO Secretary General Ivan Petrovsky arrived."
    p = _people(text)[0]
    assert text[p.span.start : p.span.end] == "Ivan Petrovsky"
    assert text[p.role_span.start : p.role_span.end] == p.role


def test_words_ending_a_body_name_are_not_a_person():
    text = "On 3 May, T. Kirillov, the Head of the Regional Centre for Preventive Diplomacy, made a report."
    assert _names(text) == ["T. Kirillov"]


def test_long_capitalised_run_keeps_only_the_name():
    text = "He met the Head of the UN Regional Centre for Preventive Diplomacy Boris Serikbayev."
    assert _names(text) == ["Boris Serikbayev"]


def test_name_with_letters_beyond_ascii():
    text = "He met the Ambassador of the Republic of Serbia Momčilo Babić."
    assert _names(text) == ["Momčilo Babić"]


def test_place_and_eponym_names_are_not_participants():
    text = ("Today, at the Losiny Ostrov training ground, the Kyrgyz State University named after I. Arabaev "
            "hosted a drill with the Chief of the Joint Staff Colonel General Anatoly Sidorov.")
    assert [p.name for p in find_people(text, [Span(0, len(text))])] == ["Anatoly Sidorov"]


def test_a_hyphenated_title_is_not_part_of_the_name():
    text = "The ministers met with the UN Under-Secretary-General Ramón Ortega Díaz in New York."
    assert _names(text) == ["Ramón Ortega Díaz"]
    assert _names("The talks with the UN Secretary-General Ramón Ortega took place.") == ["Ramón Ortega"]


def test_places_and_memorials_are_not_people():
    text = ("On 9 May, the delegation laid flowers at the monument in Victory Park and walked to the Nikolai "
            "Square and the Mikhail Garden.")
    assert _names(text) == []


def test_a_day_in_honour_of_someone_before_a_role_is_not_a_person():
    text = ("On 27 January, on the Day of Memory of Fallen Defenders, the CSTO Deputy Secretary General Arman "
            "Dzhaksybekov laid a wreath.")
    assert [(p.name, p.role) for p in _people(text)] == [("Arman Dzhaksybekov", "CSTO Deputy Secretary General")]


def test_a_one_word_body_between_a_title_and_the_name():
    # "Kurultai" is no word the extractor knows: after "of the", a three-word run is body + person
    ps = _people("The session was opened by the Deputy Speaker of the Kurultai Marat Dzhunusbekov.")
    assert [p.name for p in ps] == ["Marat Dzhunusbekov"]
    assert ps[0].role == "Deputy Speaker of the Kurultai"
    ps = _people("The session was opened by the Deputy Speaker of the Kurultai Gerd Weller.")
    assert [p.name for p in ps] == ["Gerd Weller"]
