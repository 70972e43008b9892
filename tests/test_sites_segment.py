"""Segmentation of other sites' pages (issue 18): furniture learned from repetition, chrome by shape,
date lines and wire datelines, listing pages. Every page here is made up for the test."""
from __future__ import annotations

from reviewer import datelines
from reviewer.importing import furniture
from reviewer.importing.ingest import parse_page
from reviewer.importing.pipeline import import_paths
from reviewer.store import Store

LISTING = """Skip to main content
Northern Waters Commission
Home | About us | Member states | Newsroom | Contacts
Newsroom
Press releases
Showing 1 - 2 of 311 results

Commission chair opens river basin dialogue in Riga
Date: 5 June 2019
Type: Press release
Topic: Water management
RIGA, 5 June 2019 – The Chair of the Northern Waters Commission, Ingrid Dahl, today opened a dialogue on shared river basins with ministers from five states.
Read more

Online course on flood warnings ends
Date: 28 May 2019
Type: News
From 20 to 28 May 2019, the Commission's Secretariat held an online course on flood warning systems for 30 engineers.
Read more

« First ‹ Previous 1 2 3 … 104 Next › Last »
© Northern Waters Commission 2019 | Terms of use
"""


def _items(page):
    return [(i.kind, i.first_line(page.text)[:40], i.dateline) for i in page.items]


def test_listing_page_gives_one_article_per_release_with_its_own_date():
    page = parse_page("x.txt", LISTING)
    assert _items(page) == [
        ("article", "Commission chair opens river basin dialo", "2019-06-05"),
        ("article", "Online course on flood warnings ends", "2019-05-28"),
    ]
    # everything above the first headline and below the last lead is furniture, whatever its words
    content = "\n".join(i.content(page.text) for i in page.items)
    for chrome in ("Skip to main", "Home |", "Newsroom", "Press releases", "Showing 1", "Type:", "Topic:",
                   "Read more", "« First", "©"):
        assert chrome not in content


def test_a_lone_date_line_dates_the_blurb_below_it_and_section_titles_are_furniture():
    text = ("Baltic Fisheries Board\nAbout | Members | Documents | News\nNews and announcements\n"
            "3 April 2020\n"
            "On 2 April, the Board's Scientific Committee met in Tallinn to review the cod quotas for 2021.\n"
            "Tuesday, 24 March 2020\n"
            "A seminar for fishery inspectors was held on 23 March in Klaipeda.\n"
            "Archive\n")
    page = parse_page("x.txt", text)
    assert _items(page) == [("teaser", "On 2 April, the Board's Scientific Commi", "2020-04-03"),
                            ("teaser", "A seminar for fishery inspectors was hel", "2020-03-24")]
    kinds = {page.text[f.span.start:f.span.end]: f.kind for f in page.furniture}
    assert kinds["News and announcements"] == "section"
    assert kinds["3 April 2020"] == kinds["Tuesday, 24 March 2020"] == "dateline"


def test_wire_page_headline_stamp_and_dateline():
    text = ("HARBOUR WIRE\nPolitics | Business | Sport\nPolitics\n"
            "Coast guards of the Baltic states agree joint patrols\n"
            "(Harbour Wire) 17:05, March 9, 2021\n"
            "GDANSK, March 9 (HW) -- The heads of the coast guards of four Baltic states agreed on joint patrols "
            "at a meeting in Gdansk on Monday.\n"
            "Most read\nFerry fares rise again\nPort strike enters second week\n"
            "Harbour Wire - news of the Baltic\n")
    page = parse_page("x.txt", text)
    assert _items(page) == [("article", "Coast guards of the Baltic states agree ", "2021-03-09")]
    assert "Ferry fares" not in page.items[0].content(page.text)


def test_label_lines_counters_bylines_and_crumbs_are_furniture_by_shape():
    assert furniture.shape("Category: Announcements") == "meta"
    assert furniture.shape("Reading time: 4 min") == "meta"
    assert furniture.shape("Home > Press centre > News") == "nav"
    assert furniture.shape("Results 1 - 10 of 2,480") == "nav"
    assert furniture.shape("By our correspondent") == "byline"
    assert furniture.shape("© 2021 Baltic Fisheries Board. All rights reserved.") == "footer"
    assert furniture.shape("EN | FR") == "nav"
    # a quotation's headline names its speaker; it is no "Label: value" line
    assert furniture.shape("Ingrid Dahl: the rivers do not stop at borders") is None
    assert furniture.shape("The Board met in Tallinn on 2 April: quotas were agreed.") is None


def test_wire_datelines_in_their_forms():
    t = "LISBON, 3 March 2021 – Ministers met."
    w = datelines.wire(t, 0, len(t))
    assert t[w.city[0]:w.city[1]] == "LISBON" and w.date.iso() == "2021-03-03" and t[w.end:] == "Ministers met."
    t = "OSLO/BERGEN, Norway, 7 June 2017 — Ministers met."
    w = datelines.wire(t, 0, len(t))
    assert t[w.city[0]:w.city[1]] == "OSLO" and w.date.iso() == "2017-06-07"
    t = "RIGA, Jan. 2 (NPA) -- Ministers met."
    w = datelines.wire(t, 0, len(t))
    assert w.date.iso() is None and datelines.year_near(w.date, "2020-12-30") == "2021-01-02"
    t = "Riga, the capital, hosted the talks."
    assert datelines.wire(t, 0, len(t)) is None


def test_date_lines_in_their_forms():
    for line, iso in [("12 March 2018", "2018-03-12"), ("Tuesday, 15 May 2018", "2018-05-15"),
                      ("Published: 26.08.2022 14:30", "2022-08-26"), ("Published on: 28.10.2019", "2019-10-28"),
                      ("Notice No. 7 | 2 February 2024", "2024-02-02"), ("(Baltic Post) 10:15, May 3, 2021", "2021-05-03"),
                      ("Date: 9 October 2020", "2020-10-09")]:
        d = datelines.date_line(line, 0, len(line))
        assert d is not None and d.iso() == iso, line
    for line in ("On 12 March 2018 the Board met.", "Home | News", "Archive 2018"):
        assert datelines.date_line(line, 0, len(line)) is None


SITE = "Lakes and Rivers Forum\nHome | Forum | Members\n"
POPULAR = "Popular\nNew dam opens on the upper river\nFish stocks recover in the northern lakes\n"


def _site_page(n: int) -> str:
    return (SITE + f"{n:02d}.06.2019\n"
            f"On {n} June, experts of the forum met in Vilnius to compare {n} flood maps of the region.\n"
            + POPULAR + "About us | Contacts\nReproduction of the forum's materials is allowed with a link.\n")


def test_a_line_repeated_on_many_pages_is_furniture_whatever_its_words():
    pages = [_site_page(n) for n in (3, 4, 5)]
    learned = furniture.learn(pages)
    assert furniture.key("Fish stocks recover in the northern lakes") in learned
    # dated lines and sentences are never learned, even on every page
    assert not any("flood maps" in k or "reproduction" in k or k.startswith("0") for k in learned)
    alone, taught = parse_page("a.txt", pages[0]), parse_page("a.txt", pages[0], learned)
    # between two sentences, on its own page, a list of headlines could be teasers without their stops
    assert "Fish stocks" in "\n".join(i.content(alone.text) for i in alone.items)
    assert _items(taught) == [("teaser", "On 3 June, experts of the forum met in V", "2019-06-03"),
                              ("teaser", "Reproduction of the forum's materials is", None)]
    assert sum(f.kind == "site" for f in taught.furniture) == 6  # masthead, two menus, the list
    # two pages are not enough: a headline scraped twice is still a headline
    assert furniture.learn(pages[:2]) == frozenset()


def test_a_headline_several_releases_share_stays_a_headline():
    pages = [f"Working visit to Riga\n0{n}.05.2020\nOn {n} May 2020, the Secretary General visited Riga "
             f"for talks number {n}.\n" for n in (1, 2, 3)]
    learned = furniture.learn(pages)
    assert furniture.key("Working visit to Riga") in learned
    page = parse_page("a.txt", pages[0], learned)
    assert _items(page) == [("article", "Working visit to Riga", "2020-05-01")]


def test_import_learns_furniture_across_its_pages_the_same_with_and_without_workers(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    for n in (3, 4, 5, 6):
        (folder / f"lakes_{n}.txt").write_text(_site_page(n), encoding="utf-8")

    def rows(workers: int):
        with Store(tmp_path / f"w{workers}.db") as store:
            import_paths(store, [folder], workers=workers, near_duplicates=False)
            return (store.rows("SELECT document_id, seq, kind, start, \"end\", dateline FROM items ORDER BY id"),
                    store.rows("SELECT document_id, start, \"end\", kind FROM furniture ORDER BY id"))

    items, furn = rows(0)
    assert [(r["kind"], r["dateline"]) for r in items] == [
        (kind, dateline) for n in (3, 4, 5, 6) for kind, dateline in (("teaser", f"2019-06-0{n}"), ("teaser", None))]
    assert sum(1 for f in furn if f["kind"] == "site") == 24  # six lines on each of the four pages
    assert rows(2) == (items, furn)


# --------------------------------------------------------------------------
# Shapes beyond the sets (this session): a calendar, a media advisory, a feed's tags and counters,
# stamps with a time and a zone. Every page here is made up.

CALENDAR = """Nordic Rivers Council
Home | Meetings | Documents | Press
Upcoming events
Meeting of the Board of Governors
When: 7 November 2022
Where: Oslo, Norway
Format: in person
The Board of Governors of the Council will meet in Oslo on 7 November to adopt the budget.
Seminar "Ice jams on northern rivers"
When: 15 November 2022, 14:00 (Helsinki time)
Where: online
The Council's expert group on hydrology will hold a seminar on ice jams with engineers of three utilities.
Workshop on flood maps
When: 28-29 November 2022
Where: Turku
The Secretariat and the Baltic Flood Centre will hold a workshop on shared flood maps.
Page updated: 1 November 2022
"""


def test_a_calendar_dates_each_entry_by_its_when_line():
    page = parse_page("x.txt", CALENDAR)
    assert _items(page) == [
        ("article", "Meeting of the Board of Governors", "2022-11-07"),
        ("article", 'Seminar "Ice jams on northern rivers"', "2022-11-15"),
        ("article", "Workshop on flood maps", "2022-11-28"),
    ]
    assert not any("Where:" in i.content(page.text) for i in page.items)


ADVISORY = """Baltic Flood Centre
Media advisory
Launch of the report "Rising Waters"
Issued: 2 October 2022
What: Presentation of the report "Rising Waters" and a panel discussion
When: Thursday, 6 October 2022, 11:00-12:30 (Riga time)
Where: Press room of the Centre, Riga
Who: Liene Ozola, Director of the Baltic Flood Centre; Marek Tamm, Deputy Minister of Environment of Estonia; Ona Petraitiene, hydrologist
Journalists are invited to the presentation of the report on 6 October in Riga, with Liene Ozola and Marek Tamm.
"""


def test_a_media_advisory_keeps_its_title_as_headline_and_its_who_line_as_metadata():
    page = parse_page("x.txt", ADVISORY)
    assert _items(page) == [("article", 'Launch of the report "Rising Waters"', "2022-10-02")]
    assert "Who:" not in page.items[0].content(page.text)


FEED = """Embassy of Norway in Riga
Embassy of Norway in Riga
3 October 2022 at 18:02 · Riga
Today the Ambassador opened an exhibition of Norwegian design at the National Library.
#Norway #Design
14 likes · 2 shares · 1 comment
Embassy of Norway in Riga
1 October 2022 at 09:40 · Riga
The Ambassador met students of the University of Latvia at a seminar on Arctic research.
#Arctic
7 likes
"""


def test_a_feeds_hashtags_and_counters_are_furniture_and_each_post_a_teaser():
    page = parse_page("x.txt", FEED)
    assert _items(page) == [("teaser", "Today the Ambassador opened an exhibitio", "2022-10-03"),
                            ("teaser", "The Ambassador met students of the Unive", "2022-10-01")]
    assert all("#" not in i.content(page.text) and "likes" not in i.content(page.text) for i in page.items)


def test_a_storys_own_wire_date_wins_over_the_pages_updated_line():
    page = parse_page("x.txt", """NORTHERN WIRE
News in brief
Updated: 08.10.2021 17:00
RIGA, Oct. 7 /NW/ — The ministers of fisheries of three states met in Riga on Thursday to agree on quotas.
OSLO, 8 October (NW). The Council opened a course for inspectors today.
""")
    assert [i.dateline for i in page.items] == ["2021-10-07", "2021-10-08"]


PDF_TEXT = """NORDIC FISHERIES COUNCIL                                       PRESS RELEASE No. 12/2022
Page 1 of 2
Ministers agree on shared cod quotas
Bergen, 3 February 2022
The fisheries ministers of the four member states of the Nordic
Fisheries Council met in Bergen on 3 February 2022 and agreed on a
shared system of cod quotas for the Barents Sea and the Norwegian
Sea.
The meeting was chaired by the Minister of Fisheries of Norway and
attended by the Secretary General of the Council.
NORDIC FISHERIES COUNCIL                                       PRESS RELEASE No. 12/2022
Page 2 of 2
The next meeting of the ministers will be held in Reykjavik on 9-10
June 2022.
"""


def test_a_pdfs_running_head_and_page_numbers_are_furniture_and_its_wrapped_lines_one_paragraph():
    from test_sites_extract import _events

    page = parse_page("x.txt", PDF_TEXT)
    assert _items(page) == [("article", "Ministers agree on shared cod quotas", "2022-02-03")]
    content = page.items[0].content(page.text)
    assert "PRESS RELEASE" not in content and "Page " not in content
    assert [" ".join(page.text[s.start:s.end].split())[:30] for s in page.items[0].segments] == [
        "Ministers agree on shared cod ", "The fisheries ministers of the", "The meeting was chaired by the",
        "The next meeting of the minist"]
    ev = _events(PDF_TEXT)
    assert [(e["date"], e["end"], e["status"]) for e in ev] == [
        ("2022-02-03", "2022-02-03", "held"), ("2022-06-09", "2022-06-10", "planned")]
    assert " ".join(ev[0]["evidence"].split()).endswith("for the Barents Sea and the Norwegian Sea.")


def test_short_lines_without_a_stop_are_not_joined_on_a_page_that_is_not_wrapped():
    page = parse_page("x.txt", """Council news
Ministers meet in Bergen
The fisheries ministers of the four member states met in Bergen on 3 February 2022.
""")
    assert [i.first_line(page.text) for i in page.items] == ["Ministers meet in Bergen"]
    assert all("\\n" not in page.text[s.start:s.end] for s in page.items[0].segments)


def test_a_quoted_line_without_a_body_over_the_pages_dated_headline_is_a_teaser():
    page = parse_page("x.txt", """On 3 May 2023, in Oslo, the Secretary General of the Council, Ivar Lunde, met the Director of the Nordic Fish Institute.

Secretary General Ivar Lunde: "The drill showed how ready the coast guards are"

Coast guard drill "North-2023" completed in Tromso

28.04.2023

From 24 to 28 April 2023, the coast guards of four states held the drill "North-2023" near Tromso.
""")
    assert [(i.kind, i.first_line(page.text)[:25]) for i in page.items] == [
        ("teaser", "On 3 May 2023, in Oslo, t"), ("teaser", "Secretary General Ivar Lu"),
        ("article", 'Coast guard drill "North-')]


def test_a_wire_dateline_with_a_state_abbreviation():
    line = "WASHINGTON, D.C., March 4, 2024 – The ministers met"
    w = datelines.wire(line, 0, len(line))
    assert w is not None and line[w.city[0]:w.city[1]] == "WASHINGTON" and w.date.iso() == "2024-03-04"
    assert line[w.end:].startswith("The ministers")


def test_a_wrapped_paragraph_ends_at_its_short_last_line_even_without_a_stop():
    page = parse_page("x.txt", """Ministers agree on shared cod quotas
Bergen, 3 February 2022
The fisheries ministers of the four member states of the Nordic
Fisheries Council met in Bergen on 3 February 2022 and agreed on a
shared system of cod quotas, in the words of its chairman
"fair to all"
The meeting was chaired by the Minister of Fisheries of Norway and
attended by the Secretary General of the Council.
""")
    assert [" ".join(page.text[s.start:s.end].split())[-20:] for s in page.items[0].segments] == [
        "on shared cod quotas", 'airman "fair to all"', "eral of the Council."]
