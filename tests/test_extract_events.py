"""Whole items → mentions: which sentence reports the event, one mention per event, every field."""
import pytest

from reviewer.extract import extract_item
from reviewer.extract.places import find_location, find_online
from reviewer.extract.sentences import split
from reviewer.model import Item, KnownEntities, Span


def _teaser(text: str, start: int = 0, dateline=None) -> Item:
    return Item(seq=0, kind="teaser", span=Span(start, len(text)), segments=[Span(start, len(text))], dateline=dateline)


def _article(text: str, dateline=None) -> Item:
    segs, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            segs.append(Span(pos, pos + len(line)))
        pos += len(line) + 1
    return Item(seq=1, kind="article", span=Span(segs[0].start, segs[-1].end), segments=segs,
                headline=segs[0], dateline=dateline)


def test_teaser_one_event_with_every_field():
    text = ("On 15 October, in Minsk, a meeting of the CSTO Council of Defence Ministers was held under the "
            "chairmanship of the Minister of Defence of the Republic of Belarus Viktor Khrenin. The meeting was "
            "attended by the Chief of the CSTO Joint Staff Andrei Serdyukov.")
    ms = extract_item(text, _teaser(text, dateline="2021-10-16"))
    assert len(ms) == 1
    m = ms[0]
    assert text[m.evidence.start : m.evidence.end].startswith("On 15 October, in Minsk")
    assert (m.date_start.value, m.date_end.value) == ("2021-10-15", "2021-10-15")
    assert (m.event_type.value, m.status.value, m.location.value, m.online.value) == ("meeting", "held", "Minsk", False)
    assert [p.name for p in m.participants] == ["Viktor Khrenin", "Andrei Serdyukov"]
    assert "CSTO Council of Defence Ministers" in [o.value for o in m.organizations]
    for v in (m.date_start, m.location, m.event_type, *m.organizations):
        assert v.span is not None and 0 <= v.confidence <= 1
    assert text[m.location.span.start : m.location.span.end] == "Minsk"


def test_teaser_without_a_day_gives_no_event():
    text = "In an interview with Kabar, the CSTO Deputy Secretary General spoke about the plans for the year."
    assert extract_item(text, _teaser(text)) == []


def test_teaser_with_only_a_document_date_gives_no_event():
    text = "The Council recalled the Decision of November 7, 2016 on the collective forces."
    assert extract_item(text, _teaser(text)) == []


def test_teaser_without_year_or_dateline_is_xxxx_low_confidence():
    text = "On 7 and 8 November, the CSTO Secretariat hosted videoconference consultations on exercises in 2030."
    m = extract_item(text, _teaser(text))[0]
    assert (m.date_start.value, m.date_end.value) == ("XXXX-11-07", "XXXX-11-08")
    assert m.date_start.confidence < 0.6
    assert m.online.value is True and m.location.value is None


def test_teaser_offsets_are_document_offsets():
    text = "Menu | News\nOn 2 March 2023, a seminar on cyber security was held in Yerevan."
    start = text.index("On 2")
    m = extract_item(text, _teaser(text, start))[0]
    assert text[m.evidence.start : m.evidence.end] == text[start:]
    assert m.event_type.value == "education" and m.location.value == "Yerevan"


def test_article_headline_date_and_body_first_sentence():
    text = ("Meeting of the CSTO Committee of Secretaries of Security Councils September 14, 2022, Dushanbe\n"
            "The regular meeting of the Committee completed its work.\n"
            "The meeting was chaired by the Secretary of the Security Council of the Republic of Tajikistan "
            "Nasrullo Makhmudzoda.")
    ms = extract_item(text, _article(text, dateline="2022-09-14"))
    assert len(ms) == 1
    m = ms[0]
    assert text[m.evidence.start : m.evidence.end].startswith("Meeting of the CSTO Committee")
    assert [text[s.start : s.end] for s in m.more_evidence] == ["The regular meeting of the Committee completed its work."]
    assert m.date_start.value == "2022-09-14" and m.location.value == "Dushanbe"
    assert [p.name for p in m.participants] == ["Nasrullo Makhmudzoda"]


def test_article_date_from_body_and_year_from_dateline():
    text = ("The Council of Foreign Ministers will meet by videoconference\n"
            "On June 30, under the chairmanship of the Minister of Foreign Affairs of the Republic of Armenia "
            "Ararat Mirzoyan, the Council of Foreign Ministers of the CSTO will hold a meeting.")
    ms = extract_item(text, _article(text, dateline="2021-06-25"))
    assert len(ms) == 1
    m = ms[0]
    assert m.date_start.value == "2021-06-30" and m.status.value == "planned" and m.online.value is True
    assert text[m.evidence.start : m.evidence.end].startswith("On June 30")


def test_article_announcing_a_later_event_gives_a_second_mention():
    text = ("Consultations of the CSTO member states on 3 March 2022\n"
            "On 3 March 2022, consultations on arms control took place in Moscow.\n"
            "The next meeting of the working group will be held on 21 April 2022 in Minsk.")
    ms = extract_item(text, _article(text, dateline="2022-03-03"))
    assert [m.date_start.value for m in ms] == ["2022-03-03", "2022-04-21"]
    assert ms[1].status.value == "planned" and ms[1].location.value == "Minsk"


def test_article_without_any_event_cue_or_date_gives_nothing():
    text = "On the history of the Organization\nThe Organization was founded by six states."
    assert extract_item(text, _article(text, dateline="2022-05-15")) == []


def test_known_place_is_a_location():
    text = "On 5 May 2023, the drills were conducted at Alagyaz."
    assert extract_item(text, _teaser(text))[0].location.value is None
    known = KnownEntities(places={"Alagyaz"})
    m = extract_item(text, _teaser(text), known)[0]
    assert m.location.value == "Alagyaz" and m.location.confidence >= 0.8


def test_unknown_city_after_held_in_is_a_low_confidence_guess():
    text = "On 5 May 2023, the drills were held in Alagyaz."
    loc = extract_item(text, _teaser(text))[0].location
    assert loc.value == "Alagyaz" and loc.confidence < 0.6


def test_location_forms():
    for text, city in [("It was held in the city of Cholpon-Ata.", "Cholpon-Ata"),
                       ("Bishkek hosted the forum.", "Bishkek"),
                       ("The drills took place in Osh.", "Osh"),
                       ("The talks were held in Kazakhstan.", None),
                       ("On 16 May, Yerevan will host the session of the Council.", "Yerevan"),
                       ("The exercise was held at the range near the city of Alagyaz.", "Alagyaz"),
                       # a range near a city is not said to be in it
                       ("The exercise was held at the Losvido training ground near Vitebsk.", None)]:
        assert find_location(text, split(text, [Span(0, len(text))])).value == city, text


def test_online_forms():
    for text, online in [("The meeting was held via videoconferencing.", True),
                         ("It was held in a video conference mode.", True),
                         ("It was held by video link.", True),
                         ("It was held in Astana.", False)]:
        assert find_online(text, split(text, [Span(0, len(text))])).value is online, text


def test_today_with_dateline_is_an_event_on_the_dateline():
    text = "Today, the CSTO Secretary General Arman Kuanyshev held a meeting with the Ambassador of Serbia."
    m = extract_item(text, _teaser(text, dateline="2023-03-15"))[0]
    assert m.date_start.value == "2023-03-15" and m.date_start.confidence >= 0.6
    assert text[m.date_start.span.start : m.date_start.span.end] == "Today"


def test_today_without_dateline_is_no_event():
    text = "Today, the CSTO Secretary General held a meeting with the Ambassador of Serbia."
    assert extract_item(text, _teaser(text)) == []


def test_end_of_the_same_exercise_is_not_a_second_event():
    text = ("On 2 October 2023, the exercise of the CSTO Collective Rapid Reaction Forces began near Osh. "
            "The exercise will be completed on 6 October.")
    assert len(extract_item(text, _teaser(text))) == 1


def test_article_without_a_day_of_the_month_is_no_event_even_with_a_dateline():
    text = "Session of the Parliamentary Assembly\nThe session of the CSTO Parliamentary Assembly completed its work."
    assert extract_item(text, _article(text, dateline="2019-11-26")) == []


def test_article_today_takes_the_dateline():
    text = "Session of the Parliamentary Assembly\nToday the session of the CSTO Parliamentary Assembly was held."
    m = extract_item(text, _article(text, dateline="2019-11-26"))[0]
    assert m.date_start.value == "2019-11-26"
    assert text[m.evidence.start : m.evidence.end].startswith("Today")


def test_article_date_from_a_later_paragraph_is_less_sure():
    text = ("Results of the regional operation \u201cChannel \u2013 Frontier\u201d\n"
            "The CSTO Secretariat summed up the results of the operation.\n"
            "The operation was conducted from 2 to 6 October 2023 with the participation of observers from the UNODC.")
    m = extract_item(text, _article(text, dateline="2023-10-20"))[0]
    assert (m.date_start.value, m.date_end.value) == ("2023-10-02", "2023-10-06")
    assert m.date_start.confidence < 0.8
    assert m.event_type.value == "operation"
    assert text[m.evidence.start : m.evidence.end].startswith("Results of the regional operation")


def test_historical_date_does_not_lend_its_year():
    text = "On 22 June, the staff laid flowers at the memorial to those who fell in the war begun on 22 June 1941."
    m = extract_item(text, _teaser(text))[0]
    assert m.date_start.value == "XXXX-06-22"


def test_every_span_is_exactly_its_value():
    text = ("Meeting of the CSTO Committee of Secretaries of Security Councils\n"
            "On 5\u00a0April\u00a02022, in\u00a0Dushanbe, the Secretary of the Security Council of the Republic of "
            "Tajikistan Nasrullo\u00a0Makhmudzoda chaired a meeting of the CSTO Committee of Secretaries of Security "
            "Councils with the participation of the UNRCCA.")
    m = extract_item(text, _article(text, dateline="2022-04-05"))[0]
    assert text[m.location.span.start : m.location.span.end] == m.location.value
    for o in m.organizations:
        assert text[o.span.start : o.span.end] == o.value
    for p in m.participants:
        assert text[p.span.start : p.span.end] == p.name
        assert text[p.role_span.start : p.role_span.end] == p.role
    assert m.date_start.value == "2022-04-05"
    assert [p.name.split()[-1] for p in m.participants] == ["Makhmudzoda"]


def test_city_opening_the_sentence_before_its_date():
    text = "Minsk, 28 November 2023. The session of the CSTO Collective Security Council was held."
    assert find_location(text, split(text, [Span(0, len(text))])).value == "Minsk"


def test_video_format_is_online():
    text = "The consultations were held in video format."
    assert find_online(text, split(text, [Span(0, len(text))])).value is True


def test_separate_held_event_beside_the_main_one():
    text = ("Session of the Council in Yerevan\n"
            "On November 23, 2022, in Yerevan, a session of the Council took place.\n"
            "Prior to the session, on November 22, a joint meeting of the ministers was held.")
    mentions = extract_item(text, _article(text, dateline="2022-11-23"))
    assert [(m.date_start.value, m.status.value) for m in mentions] == [("2022-11-23", "held"), ("2022-11-22", "held")]


@pytest.mark.parametrize(
    "text, dateline, expected",
    [
        # a meeting on another day that prepared a planned exercise
        ("The exercise will be held in Kazakhstan\n"
         "The exercise will take place from 2 to 8 September near Aktau.\n"
         "The preparations for the exercise were discussed at the meeting of the planning group, "
         "which took place on 24 May in Almaty.", "2024-05-27", ("2024-05-24", "meeting", "held", "Almaty")),
        # a planned clause inside a held sentence
        ("Meeting of the Permanent Council\n"
         "On 20 September 2022, the meeting of the Permanent Council was held.\n"
         "The members considered the agenda of the session of the Council, which is scheduled to take place "
         "on November 23 in Yerevan.", "2022-09-20", ("2022-11-23", "meeting", "planned", "Yerevan")),
        # the prepared event is the antecedent of "which will be held"
        ("Talks at the Secretariat\n"
         "On 3 March 2023, the Deputy Secretary General held talks with the delegation of Serbia.\n"
         "The parties discussed the preparation of the session of the Council, which will be held on 9 June "
         "in Minsk.", "2023-03-03", ("2023-06-09", "meeting", "planned", "Minsk")),
        # a meeting on the preparation of exercises: the exercises are its topic
        ("The drill will be held in Armenia\n"
         "The drill of the engineering units will be held from 10 to 14 October near Gyumri.\n"
         "This was decided at the session of the planning group on the preparation of joint drills, "
         "held on 12 April in Moscow.", "2023-04-13", ("2023-04-12", "meeting", "held", "Moscow")),
        # a session still to come the day after a held one is another event
        ("Meeting of the Council of Defence Ministers\n"
         "On 5 December 2023, a meeting of the Council of Defence Ministers was held in Minsk.\n"
         "Its decisions will be submitted to the session of the Council, which will be held on 6 December.",
         "2023-12-05", ("2023-12-06", "meeting", "planned", None)),
    ],
)
def test_second_event_fields(text, dateline, expected):
    second = extract_item(text, _article(text, dateline=dateline))[1]
    assert (second.date_start.value, second.event_type.value, second.status.value, second.location.value) == expected


def test_an_old_date_in_a_later_sentence_is_no_second_event():
    text = ("Ceremony at the memorial\n"
            "On 8 May 2024, wreaths were laid at the memorial.\n"
            "The war began on 22 June 1941, when the first battles were held at the border.")
    assert len(extract_item(text, _article(text, dateline="2024-05-08"))) == 1


def test_capital_named_by_its_country_adjective():
    text = "On 23 May, in the Tajik capital, a seminar on peacekeeping was held."
    assert find_location(text, [Span(0, len(text))]).value == "Dushanbe"


def test_results_of_an_operation_summed_up_at_a_meeting_is_the_meeting():
    text = ("Results of the operation \"Border-2023\" were summed up in Minsk\n"
            "On 4 April 2023, in Minsk, the results of the operation were considered at the meeting of the council.")
    assert extract_item(text, _article(text, dateline="2023-04-05"))[0].event_type.value == "meeting"


def test_last_until_gives_the_end_date():
    text = ("On 14 March 2022, the anti-drug operation \"Channel - Pamir\" started in Tajikistan. "
            "It will last until March 18.")
    m = extract_item(text, _teaser(text))[0]
    assert (m.date_start.value, m.date_end.value) == ("2022-03-14", "2022-03-18")
    text = "On 14 March 2022, the operation started. Its results will be known on 18 March."
    assert extract_item(text, _teaser(text))[0].date_end.value == "2022-03-14"


def test_who_announces_a_planned_event_is_not_its_participant():
    text = ("Drill \"Frontier-2025\" will be held in Tajikistan\n"
            "The Deputy Chief of the CSTO Joint Staff Major General Pavel Krutov said that the drill will take "
            "place from 5 to 9 October.\n"
            "\"More than 500 servicemen will take part,\" Pavel Krutov noted.")
    assert extract_item(text, _article(text, dateline="2025-06-02"))[0].participants == []
    # a held event keeps the one who summed it up
    text = ("Drill \"Frontier-2025\" completed\n"
            "On 9 October 2025, the drill was held near Khorog. Pavel Krutov said that all goals were met.")
    assert [p.name for p in extract_item(text, _article(text, dateline="2025-10-09"))[0].participants] == [
        "Pavel Krutov"]


def test_the_chair_of_a_second_meeting_belongs_to_that_meeting():
    text = ("Drill \"Frontier-2025\" will be held in Tajikistan\n"
            "The drill will be held from 5 to 9 October near Khorog.\n"
            "This was announced at the meeting of the planning group, which was held on 2 June in Moscow.\n"
            "The meeting was chaired by the Deputy Chief of the CSTO Joint Staff Major General Pavel Krutov.")
    main, second = extract_item(text, _article(text, dateline="2025-06-03"))
    assert main.participants == [] and [p.name for p in second.participants] == ["Pavel Krutov"]


@pytest.mark.parametrize("text", [
    "On 3 May, the drill was held at the Alabino range near Moscow.",          # a city only named, not "in"
    "On 3 May, the Secretariat briefed the diplomats accredited in Minsk.",     # the city of their posts
    "On 3 May, he met the Head of the Regional Office in Minsk Anna Petrova.",  # the city of a post
])
def test_a_city_that_is_not_the_venue(text):
    assert find_location(text, [Span(0, len(text))]).value is None


def test_a_city_hosting_is_still_the_venue():
    text = "On 3 May, Minsk hosted the meeting of the Council."
    assert find_location(text, [Span(0, len(text))]).value == "Minsk"


def _events(text: str, dateline: str) -> list[tuple]:
    ms = extract_item(text, _article(text, dateline=dateline))
    return [(m.date_start.value, m.event_type.value, m.status.value, m.location.value,
             text[m.evidence.start : m.evidence.end][:24]) for m in ms]


def test_a_later_event_announced_elsewhere_or_online_keeps_its_own_place():
    text = ("Meeting of the Working Group\n"
            "On 2 June 2025, in Minsk, the Working Group on Afghanistan held a meeting.\n"
            "On 3 June, the experts held a meeting by videoconference.\n"
            "The next meeting will be held on 1 December.")
    got = _events(text, "2025-06-02")
    assert [(d, t, s, loc) for d, t, s, loc, _ in got] == [
        ("2025-06-02", "meeting", "held", "Minsk"),
        ("2025-06-03", "meeting", "held", None),  # online: no city
        ("2025-12-01", "meeting", "planned", None),  # still to come: its place is not said
    ]


def test_who_takes_part_only_in_a_later_event_is_not_a_participant_of_the_main_one():
    text = ("Secretary General in Vienna\n"
            "On 3 February 2026, in Vienna, the CSTO Secretary General Imangali Tasmagambetov met with the "
            "OSCE Secretary General Feridun Sinirlioglu.\n"
            "On 4 February, Imangali Tasmagambetov held talks with the Executive Director of the UNODC Ghada Waly.")
    main, later = extract_item(text, _article(text, dateline="2026-02-04"))
    assert [p.name for p in main.participants] == ["Imangali Tasmagambetov", "Feridun Sinirlioglu"]
    assert "Ghada Waly" in [p.name for p in later.participants]


def test_bodies_attending_in_a_late_paragraph_take_part_in_the_main_event():
    text = ("Exercise of the peacekeeping forces\n"
            "From 12 to 16 October 2026, the exercise of the CSTO Collective Peacekeeping Forces took place at the "
            "Losh training ground.\n"
            "The troops practised the separation of the parties to a conflict.\n"
            "Medical units evacuated the wounded by helicopter.\n"
            "The exercise was attended as observers by representatives of the International Committee of the Red Cross.")
    (m,) = extract_item(text, _article(text, dateline="2026-10-16"))
    assert "International Committee of the Red Cross" in [o.value for o in m.organizations]


@pytest.mark.parametrize(("later", "carried"), [
    ("On 11 March, the CSTO Secretary General held talks with the Minister of Defence Ruslan Atabekov.",
     "Imangali Tasmagambetov"),
    ("The next day, he spoke at a seminar of the Diplomatic Academy with Ruslan Atabekov.", "Imangali Tasmagambetov"),
    ("On 11 March, the Deputy Secretary General held talks with the Minister of Defence Ruslan Atabekov.",
     "Samat Ordabaev"),
])
def test_a_later_event_told_of_a_person_without_the_name_takes_that_person_along(later, carried):
    text = ("Secretary General in Bishkek\n"
            "On 10 March 2026, in Bishkek, the CSTO Secretary General Imangali Tasmagambetov and the CSTO Deputy "
            "Secretary General Samat Ordabaev met with the President of the Kyrgyz Republic Sadyr Japarov.\n"
            + later)
    main, second = extract_item(text, _article(text, dateline="2026-03-11"))
    assert [p.name for p in second.participants] == [carried, "Ruslan Atabekov"]
    assert carried in [p.name for p in main.participants]


# Later sentences of an article reporting events of their own: the text, its dateline, the events read
# (date, type, status, city, first words of the evidence); the id says why.
LATER_EVENTS = [
    pytest.param(
        ("Deputy Secretary General visits Astana\n"
         "From 3 to 6 March 2025, the CSTO Deputy Secretary General Arman Beisov paid a working visit to Astana.\n"
         "On 4 March, Arman Beisov held talks with the Deputy Minister of Foreign Affairs Olga Kim.\n"
         "On 5 March, he spoke at a seminar of the Institute of Strategic Studies.\n"
         "The visit will end on 6 March."),
        "2025-03-06",
        [
            ("2025-03-03", "visit", "held", "Astana", "From 3 to 6 March 2025, "),
            ("2025-03-04", "meeting", "held", "Astana", "On 4 March, Arman Beisov"),  # the visit's city
            ("2025-03-05", "briefing", "held", "Astana", "On 5 March, he spoke at "),  # a speech
        ],
        id='each_later_sentence_opening_with_its_date_is_an_event_of_its_own'),
    pytest.param(
        ("Consultations on border security\n"
         "On 9 July 2025, in Dushanbe, consultations of experts on border security were held.\n"
         "On 10 July, consultations of the heads of the border services were held in Khujand.\n"
         "The consultations continued on 11 July."),
        "2025-07-11",
        [
            ("2025-07-09", "consultations", "held", "Dushanbe", "On 9 July 2025, in Dusha"),
            ("2025-07-10", "consultations", "held", "Khujand", "On 10 July, consultation"),
        ],
        id='a_sentence_opening_with_a_near_date_reports_another_event_of_the_same_type'),
    pytest.param(
        ("Secretary General in Geneva\n"
         "On 14 May 2025, in Geneva, the CSTO Secretary General met with the Director-General of the UN Office.\n"
         "On the same day, the Secretary General addressed the Conference on Disarmament.\n"
         "The next day, he held consultations with the ICRC."),
        "2025-05-15",
        [
            ("2025-05-14", "meeting", "held", "Geneva", "On 14 May 2025, in Genev"),
            ("2025-05-14", "briefing", "held", "Geneva", "On the same day, the Sec"),
            ("2025-05-15", "consultations", "held", "Geneva", "The next day, he held co"),
        ],
        id='the_same_day_and_the_next_day_date_a_sentence_from_the_main_event'),
    pytest.param(
        ("A new Secretary General appointed\n"
         "At the session of the Council held today in Yerevan, the heads of state appointed Kamal Oruzov "
         "as Secretary General for the period from 1 January 2026 to 31 December 2028."),
        "2025-11-27",
        [("2025-11-27", "meeting", "held", "Yerevan", "At the session of the Co")],
        id='a_term_of_office_is_not_the_date_of_the_session_that_decided_it'),
    pytest.param(
        ("Parliamentary Assembly in St. Petersburg\n"
         "On 21 November 2025, in St. Petersburg, the plenary session of the CSTO Parliamentary Assembly was held.\n"
         "On the eve, the Secretary General held a meeting with the Speaker of the Mazhilis.\n"
         "Earlier, on November 19, in Moscow, the Secretary General took part in a seminar of the Diplomatic Academy."),
        "2025-11-21",
        [
            ("2025-11-21", "meeting", "held", "St. Petersburg", "On 21 November 2025, in "),
            ("2025-11-20", "meeting", "held", "St. Petersburg", "On the eve, the Secretar"),
            ("2025-11-19", "education", "held", "Moscow", "Earlier, on November 19,"),
        ],
        id='the_eve_the_day_before_and_earlier_date_a_sentence_before_the_main_event'),
    pytest.param(
        ("Consultations with the OSCE\n"
         "On 3 March 2026, consultations between the CSTO Secretariat and the OSCE Secretariat were held in Vienna.\n"
         "The parties agreed to hold the next round of consultations on 15 September 2026 in Moscow."),
        "2026-03-04",
        [
            ("2026-03-03", "consultations", "held", "Vienna", "On 3 March 2026, consult"),
            ("2026-09-15", "consultations", "planned", "Moscow", "The parties agreed to ho"),
        ],
        id='agreeing_to_hold_the_next_round_announces_it'),
]


@pytest.mark.parametrize(("text", "dateline", "expected"), LATER_EVENTS)
def test_later_sentences_report_events_of_their_own(text, dateline, expected):
    assert _events(text, dateline) == expected


def test_bodies_speaking_at_the_event_take_part_but_not_those_of_a_later_event():
    text = ("Seminar on financial intelligence\n"
            "From 2 to 4 June 2026, Kazan hosted a seminar for specialists of financial intelligence units.\n"
            "The participants studied new schemes of financing terrorism.\n"
            "They also discussed the use of cryptocurrencies.\n"
            "Experts of the Eurasian Group on Combating Money Laundering also spoke at the seminar.\n"
            "On 5 June, the experts held a meeting with the Board of the Bank of Russia.")
    main, later = extract_item(text, _article(text, dateline="2026-06-05"))
    assert [o.value for o in main.organizations] == ["Eurasian Group on Combating Money Laundering"]
    assert "Board of the Bank of Russia" in [o.value for o in later.organizations]
