"""The reads the window shows: the release list (paging, filters, search), one release's page, the timeline."""
from __future__ import annotations

from review_fixtures import first_event, first_release, svc  # noqa: F401 (svc is a fixture)

from reviewer.dedupe.merge import merge
from reviewer.review import Filter


def test_release_pages_are_keyset_ordered_and_complete(svc):
    total = svc.count_releases()
    seen, after = [], 0
    while True:
        page = svc.release_page(after, limit=3)
        if not page:
            break
        seen += [r.id for r in page]
        after = page[-1].id
    assert len(seen) == total == len(set(seen)) and seen == sorted(seen)
    assert all(r.document.endswith(".txt") for r in svc.release_page(limit=50))


def test_filters_and_search(svc):
    rel = first_release(svc)
    svc.set_release_status(rel.id, "verified")
    assert [r.id for r in svc.release_page(flt=Filter(status="verified"))] == [rel.id]
    assert rel.id not in [r.id for r in svc.release_page(flt=Filter(status="unreviewed"))]
    low = svc.release_page(flt=Filter(low_confidence=True))
    assert low and all(r.low_confidence for r in low)
    hits = svc.release_page(flt=Filter(search="videoconf"))
    assert hits and all("videoconf" in svc.release_detail(r.id).text.lower() for r in hits)
    assert svc.count_releases(Filter(search='"unbalanced (')) == 0  # user text never breaks the query


def test_low_confidence_filter_lists_exactly_the_flagged_rows_after_a_merge(svc):
    """A doubtful event merged into a confident one no longer puts its release under "low confidence"."""
    db = svc.store.db
    survivor, absorbed = [r[0] for r in db.execute(
        "SELECT min(id) FROM events WHERE deleted = 0 AND merged_into IS NULL GROUP BY release_id ORDER BY 1 LIMIT 2")]
    with svc.store.transaction():
        db.execute("UPDATE events SET confidence = '{}' WHERE id = ?", [survivor])
        db.execute("UPDATE events SET confidence = '{\"location\": 0.1}' WHERE id = ?", [absorbed])
    release = db.execute("SELECT release_id FROM events WHERE id = ?", [absorbed]).fetchone()[0]
    assert svc.release_row(release).low_confidence
    merge(svc.store, survivor, absorbed, who="alice")
    everything = svc.release_page(limit=10_000)
    filtered = svc.release_page(limit=10_000, flt=Filter(low_confidence=True))
    assert not svc.release_row(release).low_confidence
    assert [r.id for r in filtered] == [r.id for r in everything if r.low_confidence]
    assert release not in [r.id for r in filtered]
    assert svc.count_releases(Filter(low_confidence=True)) == len(filtered)


def test_release_detail_has_text_spans_and_events(svc):
    detail = svc.release_detail(first_release(svc).id)
    s, e = detail.item_span
    assert 0 <= s < e <= len(detail.text)
    assert detail.events and detail.events[0].evidence is not None
    assert any(sp.field == "participant" for sp in detail.spans)
    assert detail.pages and detail.release.document == detail.pages[0]


def test_timeline_orders_by_date(svc):
    ev = first_event(svc)
    svc.set_dates(ev.id, "2001-01-01", "2001-01-01")
    tl = svc.timeline()
    assert tl[0].id == ev.id
    assert [t.date_start for t in tl] == sorted(t.date_start for t in tl)


def test_a_pair_whose_event_was_deleted_flags_nothing_and_counts_nothing(svc):
    """The release flag, the duplicates filter, the status bar count and the dialog agree on what is left to decide."""
    from reviewer.dedupe import open_candidates

    db = svc.store.db
    a, b = [r[0] for r in db.execute(
        "SELECT min(id) FROM events WHERE deleted = 0 AND merged_into IS NULL GROUP BY release_id ORDER BY 1 LIMIT 2")]
    with svc.store.transaction():
        db.execute("DELETE FROM dup_candidates")
        db.execute("INSERT INTO dup_candidates (event_a, event_b, score, reasons) VALUES (?, ?, 0.8, '[]')", [a, b])
    release_b = db.execute("SELECT release_id FROM events WHERE id = ?", [b]).fetchone()[0]
    assert svc.open_duplicate_pairs() == 1 and len(open_candidates(svc.store)) == 1
    assert svc.release_row(release_b).has_duplicates
    assert release_b in [r.id for r in svc.release_page(flt=Filter(duplicates=True))]

    svc.delete_event(a)
    assert svc.open_duplicate_pairs() == 0 and open_candidates(svc.store) == []
    assert not svc.release_row(release_b).has_duplicates
    assert svc.release_page(flt=Filter(duplicates=True)) == []


def test_a_release_whose_event_was_merged_into_another_release_still_counts_it(svc):
    """The list's event count is what the release's page shows: after a merge, the event its sentence reports."""
    db = svc.store.db
    survivor, absorbed = [r[0] for r in db.execute(
        "SELECT min(id) FROM events WHERE deleted = 0 AND merged_into IS NULL GROUP BY release_id ORDER BY 1 LIMIT 2")]
    release = db.execute("SELECT release_id FROM events WHERE id = ?", [absorbed]).fetchone()[0]
    before = svc.release_row(release).events
    merge(svc.store, survivor, absorbed, None, "alice")
    assert svc.release_row(release).events == before == len(svc.release_detail(release).events)


def _page_through(svc, flt, size=3):
    out, last = [], None
    while True:
        page = svc.release_page(limit=size, flt=flt, after_row=last)
        if not page:
            return out
        out += page
        last = page[-1]


def test_every_sort_pages_completely_and_in_order(svc):
    from dataclasses import replace

    from reviewer.review.reads import sort_key

    ev = first_event(svc)
    svc.set_dates(ev.id, "1999-05-01", "1999-05-01")
    svc.set_release_status(first_release(svc).id, "verified")
    everything = {r.id for r in svc.release_page(limit=10_000)}
    for sort in ("id", "title", "date", "type", "status", "events"):
        for descending in (False, True):
            flt = Filter(sort=sort, descending=descending)
            rows = _page_through(svc, flt)
            keys = [sort_key(flt, r) for r in rows]
            assert {r.id for r in rows} == everything and len(rows) == len(everything), (sort, descending)
            assert keys == sorted(keys, reverse=descending), (sort, descending)
    by_date = _page_through(svc, Filter(sort="date"))
    # the earliest known year leads the known ones (year-unknown dates sort with the undated, first)
    assert [r.date for r in by_date if r.date and r.date[:1].isdigit()][0] == "1999-05-01"
    assert by_date[-1].date > "1999" and by_date[0].date[:4] in ("XXXX", "1999")
    by_status = _page_through(svc, replace(Filter(sort="status", descending=True), search="CSTO"), size=2)
    assert by_status[0].id == first_release(svc).id and by_status[0].status == "verified"


def test_search_any_all_words_and_phrases(svc):
    def ids(text, any_words=False):
        return {r.id for r in svc.release_page(limit=10_000, flt=Filter(search=text, any_words=any_words))}

    training, minsk = ids("training "), ids("tajikistan ")
    assert training and minsk and training != minsk
    assert ids("training tajikistan ") == training & minsk
    assert ids("training tajikistan ", any_words=True) == training | minsk
    assert ids("traini") == training | ids("trainings ")  # the word being typed is a prefix
    phrase = ids('"secretary general"')
    assert phrase and phrase <= ids("secretary general ")
    assert ids('"general secretary"') < ids("general secretary ") or not ids('"general secretary"')
    assert ids('"unbalanced (') == set() and ids("- ( *") == {r.id for r in svc.release_page(limit=10_000)}
    assert svc.count_releases(Filter(search="training tajikistan", any_words=True)) == len(training | minsk)


def test_filters_by_type_dates_place_people_bodies_and_reviewer(svc):
    db = svc.store.db
    ev = first_event(svc)
    rel = first_release(svc).id
    svc.set_field(ev.id, "event_type", "briefing")
    svc.set_dates(ev.id, "2031-03-02", "2031-03-04")
    svc.set_field(ev.id, "location", "Dushanbe")
    svc.add_participant(ev.id, "Zyx 100%_Person")
    svc.add_organization(ev.id, "Quux Council")
    svc.set_release_status(rel, "verified")

    def ids(**kw):
        return [r.id for r in svc.release_page(limit=10_000, flt=Filter(**kw))]

    assert ids(event_type="briefing") == [rel]
    assert ids(date_from="2031-03-03", date_to="2031-03-03") == [rel]  # the event spans the day
    assert ids(date_from="2031-03-05") == [] and rel in ids(date_to="2031-03-02")
    assert ids(location="dushan") == [rel]
    assert ids(participant="100%_p") == [rel] and ids(participant="100x") == []  # % and _ are literal
    assert ids(organization="quux") == [rel]
    assert ids(reviewer="alice") == [rel] and ids(reviewer="bob") == []
    assert ids(event_type="briefing", location="Minsk") == []  # one event must match every condition
    assert svc.reviewers() == ["alice"]
    n = db.execute("SELECT count(*) FROM releases WHERE merged_into IS NULL").fetchone()[0]
    assert svc.count_releases(Filter()) == n


def test_release_sentence_is_the_first_sentence_in_full(svc):
    rel = first_release(svc)
    sentence = svc.release_sentence(rel.id)
    detail = svc.release_detail(rel.id)
    assert len(sentence) > 30 and sentence.split()[0] in detail.text[detail.item_span[0]:detail.item_span[1]]


def test_a_search_page_read_from_the_index_lists_what_the_full_match_lists(seeded_store):
    """The list's search pages walk the index's first items; the count (and any sort) gathers every match: the same."""
    from dataclasses import replace

    from reviewer.review import ReviewService
    from reviewer.review.reads import _where

    svc = ReviewService(seeded_store, "alice")
    db = seeded_store.db
    assert db.execute("SELECT count(*) FROM items").fetchone()[0] > db.execute("SELECT count(*) FROM releases").fetchone()[0]
    words = ["CSTO", "Secretary General", '"Collective Security"', "Tasmag", "meeting Minsk", "military",
             "Peacekeeping Forces", "zzzz", "on", "Moscow Kazakhstan"]
    for text in words:
        for any_words in (False, True):
            flt = Filter(search=text, any_words=any_words)
            where, params = _where(flt)
            every = [r[0] for r in db.execute(f"SELECT r.id FROM releases r{where} ORDER BY r.id", params)]
            assert [r.id for r in _page_through(svc, flt, size=2)] == every, (text, any_words)
            assert svc.count_releases(flt) == len(every)
    # with another condition beside the search: the same releases as the title order lists, in id order
    both = Filter(search="CSTO", status="unreviewed")
    assert [r.id for r in _page_through(svc, both, size=3)] == \
        sorted(r.id for r in _page_through(svc, replace(both, sort="title"), size=50))
