"""The import operation and re-extraction over a stored database."""
from __future__ import annotations

import json

from reviewer.importing.pipeline import MentionCache, import_paths, item_from_row, reextract
from reviewer.importing.ingest import read_page


def test_reextract_never_overwrites_a_reviewer_edit(seeded_store):
    s = seeded_store
    event = s.rows("SELECT id, location, date_start FROM events WHERE deleted = 0 ORDER BY id LIMIT 1")[0]
    with s.transaction():
        # a reviewer corrected the location; something else damaged the date
        s.db.execute("UPDATE events SET location = 'Minsk', edited_fields = '[\"location\"]' WHERE id = ?", [event["id"]])
        s.db.execute("UPDATE events SET date_start = '1999-01-01' WHERE id = ?", [event["id"]])
    changed = reextract(s)
    after = s.rows("SELECT location, date_start, edited_fields FROM events WHERE id = ?", [event["id"]])[0]
    assert changed >= 1
    assert after["location"] == "Minsk"
    assert after["date_start"] == event["date_start"]
    assert json.loads(after["edited_fields"]) == ["location"]


def test_stored_items_rebuild_into_the_items_ingest_made(seeded_store, seeds_dir):
    page = read_page(seeds_dir / "000_85a1b1a180eb574c.txt")
    rows = seeded_store.rows(
        "SELECT items.* FROM items JOIN documents ON documents.id = items.document_id"
        " WHERE documents.name = ? ORDER BY seq", [page.name])
    rebuilt = [item_from_row(r) for r in rows]
    assert [(i.kind, i.span, i.segments, i.headline, i.dateline) for i in rebuilt] == \
        [(i.kind, i.span, i.segments, i.headline, i.dateline) for i in page.items]


def test_cache_shifts_offsets_for_a_copy_elsewhere_on_a_page():
    from reviewer.importing.ingest import parse_page

    teaser = "On 3 May 2023, a joint staff training was held in Minsk."
    a = parse_page("a.txt", teaser + "\n")
    b = parse_page("b.txt", "On 1 May 2023, a seminar opened in Astana.\n" + teaser + "\n")
    cache = MentionCache()
    first = cache.extract(a.text, a.items[0])
    second = cache.extract(b.text, b.items[1])
    assert len(first) == len(second) >= 1
    for m in second:
        assert b.text[m.evidence.start : m.evidence.end] == a.text[first[0].evidence.start : first[0].evidence.end]


def test_cancel_stops_between_files_and_keeps_what_was_imported(store, seeds_dir):
    calls = []
    report = import_paths(store, [seeds_dir], progress=lambda d, t, f: calls.append(d), cancelled=lambda: len(calls) > 2)
    assert report.cancelled
    assert 0 < len(report.imported) < 5
    assert store.stats()["documents"] == len(report.imported)


def test_a_page_that_fails_to_store_leaves_the_pages_before_it_and_nothing_of_itself(store, seeds_dir, monkeypatch):
    # Pages are committed in batches; each page must still be all or nothing.
    import pytest

    from reviewer.store import StoreError

    real = store._insert_mention
    stored_pages: list[int] = []

    def failing(event_id, item_id, pos, mention):
        doc = store.db.execute("SELECT document_id FROM items WHERE id = ?", [item_id]).fetchone()[0]
        if doc not in stored_pages:
            stored_pages.append(doc)
        if len(stored_pages) == 3:
            raise StoreError("disk full")
        return real(event_id, item_id, pos, mention)

    monkeypatch.setattr(store, "_insert_mention", failing)
    with pytest.raises(StoreError):
        import_paths(store, [seeds_dir])
    monkeypatch.undo()
    kept = [r["id"] for r in store.rows("SELECT id FROM documents ORDER BY id")]
    assert kept == stored_pages[:2]
    assert store.rows("SELECT count(*) AS n FROM items WHERE document_id NOT IN (SELECT id FROM documents)")[0]["n"] == 0
    assert store.rows("SELECT count(*) AS n FROM mentions WHERE item_id NOT IN (SELECT id FROM items)")[0]["n"] == 0
    # importing again picks up where it failed
    report = import_paths(store, [seeds_dir])
    assert store.stats()["documents"] == 5
    assert len(report.unchanged) == 2


def test_a_name_taught_in_review_is_found_on_the_next_import(seeded_store, tmp_path):
    from reviewer.review import ReviewService

    page = tmp_path / "new.txt"
    page.write_text("On 3 May 2024, a seminar on border security was held in Astana with the Border Academy.\n")
    orgs_of_new_page = lambda: [r["name"] for r in seeded_store.rows(  # noqa: E731
        "SELECT o.name FROM event_organizations o JOIN mentions m ON m.event_id = o.event_id"
        " JOIN items i ON i.id = m.item_id JOIN documents d ON d.id = i.document_id WHERE d.name = 'new.txt'")]

    other = tmp_path / "before.txt"
    other.write_text("On 4 May 2024, a seminar on border security was held in Minsk with the Border Academy.\n")
    import_paths(seeded_store, [other])
    assert "Border Academy" not in str(seeded_store.rows("SELECT name FROM event_organizations"))

    event_id = seeded_store.rows("SELECT id FROM events WHERE deleted = 0 ORDER BY id LIMIT 1")[0]["id"]
    ReviewService(seeded_store, "ana").add_organization(event_id, "Border Academy")
    import_paths(seeded_store, [page])
    assert orgs_of_new_page() == ["Border Academy"]


def test_cache_keeps_the_recently_used_items_when_full(monkeypatch):
    import reviewer.importing.prepare as prepare
    from reviewer.importing.ingest import parse_page

    calls = []
    monkeypatch.setattr(prepare, "extract_item", lambda text, item, known: calls.append(item.content(text)) or [])
    pages = {n: parse_page(f"{n}.txt", f"On {n} May 2023, a seminar opened in Astana.\n") for n in (1, 2, 3)}
    assert {p.items[0].kind for p in pages.values()} == {"teaser"}
    cache = MentionCache(teasers=2)
    for n in (1, 2, 1, 3, 1, 2):  # 2 is the least recently used when 3 arrives
        page = pages[n]
        cache.extract(page.text, page.items[0])
    assert [c.split()[1] for c in calls] == ["1", "2", "3", "2"]


def test_cache_keeps_few_articles_so_one_off_articles_cannot_fill_memory(monkeypatch):
    import reviewer.importing.prepare as prepare
    from reviewer.importing.ingest import parse_page

    calls = []
    monkeypatch.setattr(prepare, "extract_item", lambda text, item, known: calls.append(item.kind) or [])
    article = parse_page("a.txt", "A seminar in Astana\n\nOn 1 May 2023, a seminar opened in Astana. "
                         "Experts of the member states took part in it.\n")
    teaser = parse_page("t.txt", "On 2 May 2023, a seminar opened in Astana.\n")
    assert [i.kind for i in article.items] == ["article"]
    cache = MentionCache(teasers=5, articles=1)
    for page in (article, teaser, article, teaser):
        cache.extract(page.text, page.items[0])
    assert calls == ["article", "teaser"]  # both come back from the cache
    other = parse_page("b.txt", article.text.replace("1 May", "3 May"))
    cache.extract(other.text, other.items[0])
    cache.extract(article.text, article.items[0])  # pushed out by the newer article
    cache.extract(teaser.text, teaser.items[0])  # teasers have their own room
    assert calls == ["article", "teaser", "article", "article"]


def test_reextract_keeps_a_span_the_reviewer_marked_in_the_page(seeded_store):
    from reviewer.review import ReviewService
    from reviewer.selection import PageSelection, set_from_selection

    svc = ReviewService(seeded_store, "ana")
    release = svc.release_page(limit=1)[0]
    detail = svc.release_detail(release.id)
    event = detail.events[0]
    start = detail.text.index("CSTO", detail.item_span[0])
    set_from_selection(svc, event.id, "organization", PageSelection(release.id, start, start + 4))
    marked = lambda: seeded_store.rows(  # noqa: E731
        "SELECT s.mention_id, s.start, s.\"end\" FROM field_spans s JOIN mentions m ON m.id = s.mention_id"
        " WHERE m.event_id = ? AND s.origin = 'reviewer'", [event.id])
    before = marked()
    assert len(before) == 1
    reextract(seeded_store)
    assert marked() == before
