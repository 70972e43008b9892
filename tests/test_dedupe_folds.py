"""Near-duplicate folds: separated exactly, kept apart by later passes, folded again exactly for undo."""
from __future__ import annotations

import pytest

from reviewer import dedupe
from reviewer.dedupe import folds, near
from reviewer.dedupe.folds import FoldError
from reviewer.dedupe.merge import merge, unmerge
from reviewer.importing.pipeline import import_paths
from reviewer.review import ReviewService
from reviewer.store import Store

from test_dedupe import ARTICLE_000, _variant, release_of_article

TABLES = ("releases", "items", "events", "mentions", "event_participants", "event_organizations", "dup_candidates")


def dump(store: Store) -> dict:
    """Every row a fold or a separation may touch, ids included."""
    return {t: store.rows(f"SELECT * FROM {t} ORDER BY id") for t in TABLES}


def release_of_page(store: Store, name: str) -> int:
    return store.db.execute("SELECT release_id FROM items i JOIN documents d ON d.id = i.document_id"
                            " WHERE d.name = ? AND i.kind = 'article'", [name]).fetchone()[0]


@pytest.fixture
def copy(seeded_store, seeds_dir, tmp_path):
    """A re-scrape of the 000 article with a changed word and an event only it reports, imported but not yet
    folded; returns (store, survivor, absorbed, page name)."""
    page = _variant(seeds_dir, tmp_path, **{"completed its work": "finished its work"})
    import_paths(seeded_store, [page], near_duplicates=False)
    absorbed, survivor = release_of_page(seeded_store, page.name), release_of_article(seeded_store, ARTICLE_000)
    assert absorbed != survivor
    ReviewService(seeded_store, "ana").add_event(absorbed)  # moves over whole: no survivor event matches it
    return seeded_store, survivor, absorbed, page.name


def fold(store: Store) -> int:
    assert near.merge_near_duplicate_items(store) == 1
    return store.db.execute("SELECT max(id) FROM release_folds").fetchone()[0]


def test_separating_a_fold_restores_every_row_as_it_was_ids_included(copy):
    store, survivor, absorbed, page = copy
    before = dump(store)
    fold_id = fold(store)
    assert store.live_root("releases", absorbed) == survivor
    changes = folds._changes(store.rows("SELECT * FROM release_folds WHERE id = ?", [fold_id])[0])
    assert {(t, c) for t, _, c, _, _ in changes} >= {("items", "release_id"), ("events", "release_id"),
                                                     ("events", "merged_into"), ("mentions", "event_id")}
    [held] = folds.held_copies(store, survivor)
    assert (held.fold_id, held.absorbed, held.pages) == (fold_id, absorbed, [page])
    assert held.first_words.split()[0] in store.rows("SELECT title FROM releases WHERE id = ?", [absorbed])[0]["title"]

    folds.separate(store, fold_id, "ana")
    assert dump(store) == before
    assert folds.held_copies(store, survivor) == []
    assert store.rows("SELECT who, row_id, old, new FROM audit_log WHERE action = 'separate_near_duplicate'") == [
        {"who": "ana", "row_id": absorbed, "old": str(survivor), "new": None}]


def test_separated_releases_are_never_folded_again_by_later_passes(copy, seeds_dir, tmp_path):
    store, survivor, absorbed, _ = copy
    folds.separate(store, fold(store), "ana")
    # a third copy, like both: it joins one of them, never both
    third = _variant(seeds_dir, tmp_path, **{"completed its work": "finished its work",
                                            "narrow and extended format": "narrow and\nextended format"})
    import_paths(store, [third])
    store.db.execute("UPDATE release_minhash SET pending = 1")  # compare every release again
    dedupe.dedupe(store)
    assert store.live_root("releases", survivor) != store.live_root("releases", absorbed)
    assert store.live_root("releases", release_of_page(store, third.name)) in (survivor, absorbed)


def test_refold_puts_back_exactly_what_the_fold_did_and_can_be_separated_again(copy):
    store, survivor, absorbed, _ = copy
    before = dump(store)
    fold_id = fold(store)
    folded = dump(store)
    folds.separate(store, fold_id, "ana")
    assert store.db.execute("SELECT count(*) FROM release_not_duplicates").fetchone()[0] == 1
    folds.refold(store, fold_id, "ana")
    assert dump(store) == folded
    assert store.db.execute("SELECT count(*) FROM release_not_duplicates").fetchone()[0] == 0
    assert [c.fold_id for c in folds.held_copies(store, survivor)] == [fold_id]
    folds.separate(store, fold_id, "ana")  # redo of the separation
    assert dump(store) == before


def test_refusals_change_nothing(copy):
    store, survivor, absorbed, _ = copy
    fold_id = fold(store)
    with pytest.raises(FoldError, match="no near-duplicate fold"):
        folds.separate(store, fold_id + 1, "ana")
    with pytest.raises(FoldError, match="already folded"):
        folds.refold(store, fold_id, "ana")
    folds.separate(store, fold_id, "ana")
    after = dump(store)
    with pytest.raises(FoldError, match=f"release {absorbed} is already separated from release {survivor}; nothing was changed"):
        folds.separate(store, fold_id, "ana")
    assert dump(store) == after


def test_a_survivor_event_merged_elsewhere_since_must_be_unmerged_first(copy):
    store, survivor, absorbed, _ = copy
    before = dump(store)
    fold_id = fold(store)
    target = store.rows("SELECT merged_into FROM events WHERE release_id = ? AND merged_into IS NOT NULL",
                        [absorbed])[0]["merged_into"]
    other = store.rows("SELECT id FROM events WHERE release_id NOT IN (?, ?) AND deleted = 0 AND merged_into IS NULL"
                       " ORDER BY id LIMIT 1", [survivor, absorbed])[0]["id"]
    merge_id = merge(store, other, target, who="ana")  # the survivor event goes into another release's event
    merged = dump(store)
    with pytest.raises(FoldError, match=f"event {target} was since merged into event {other}: unmerge it first"):
        folds.separate(store, fold_id, "ana")
    assert dump(store) == merged
    unmerge(store, merge_id, "ana")
    folds.separate(store, fold_id, "ana")
    assert dump(store)["mentions"] == before["mentions"]


def test_a_survivor_folded_into_a_third_release_is_separated_from_it_first(copy):
    store, survivor, absorbed, _ = copy
    fold_id = fold(store)
    third = store.rows("SELECT id FROM releases WHERE merged_into IS NULL AND id <> ? ORDER BY id LIMIT 1",
                       [survivor])[0]["id"]
    with store.transaction():
        outer = near.fold_release(store, survivor, third, "ana")
    stacked = dump(store)
    with pytest.raises(FoldError, match=f"release {survivor} was since folded into release {third}"):
        folds.separate(store, fold_id, "ana")
    assert dump(store) == stacked
    folds.separate(store, outer, "ana")
    folds.separate(store, fold_id, "ana")
    assert store.live_root("releases", absorbed) == absorbed and store.live_root("releases", survivor) == survivor


def test_an_event_deleted_after_the_fold_goes_back_still_deleted(copy):
    store, survivor, absorbed, _ = copy
    own = store.rows("SELECT id FROM events WHERE release_id = ? AND origin <> 'extracted'", [absorbed])[0]["id"]
    fold_id = fold(store)
    assert store.rows("SELECT release_id FROM events WHERE id = ?", [own])[0]["release_id"] == survivor
    ReviewService(store, "ana").delete_event(own)
    folds.separate(store, fold_id, "ana")
    assert store.rows("SELECT release_id, deleted FROM events WHERE id = ?", [own]) == [
        {"release_id": absorbed, "deleted": 1}]


def test_folds_made_before_they_were_recorded_cannot_be_separated(copy):
    store, survivor, absorbed, _ = copy
    fold(store)
    store.db.execute("DELETE FROM release_folds")  # as a database folded before schema 10
    assert folds.held_copies(store, survivor) == []
    assert folds.unrecorded_copies(store, survivor) == 1


def test_a_later_copy_of_the_absorbed_release_joins_its_fold_and_separates_with_it(copy, seeds_dir, tmp_path):
    store, survivor, absorbed, page = copy
    fold_id = fold(store)
    # the same copy scraped once more, only its line breaks changed: linked to the absorbed release at import
    again = _variant(seeds_dir, tmp_path, **{"completed its work": "finished its work",
                                            "narrow and extended format": "narrow and\nextended format"})
    import_paths(store, [again])
    assert release_of_page(store, again.name) == survivor
    [held] = folds.held_copies(store, survivor)
    assert held.fold_id == fold_id and held.pages == sorted([page, again.name])
    folds.separate(store, fold_id, "ana")
    assert release_of_page(store, again.name) == absorbed == release_of_page(store, page)


def test_a_mention_on_an_event_merged_within_the_copy_follows_it_to_the_survivor(copy):
    """A re-import can attach a mention to an event merged earlier; the fold sends it where that event's
    live event goes, so no mention is left on an event the fold merges."""
    store, survivor, absorbed, _ = copy
    kept, extra = store.rows("SELECT id FROM events WHERE release_id = ? AND deleted = 0 AND merged_into IS NULL"
                             " ORDER BY position", [absorbed])[0:2]
    merge(store, kept["id"], extra["id"], who="ana")  # extra now lives on as kept, which the survivor reports
    mention = store.rows("SELECT id FROM mentions WHERE event_id = ? LIMIT 1", [kept["id"]])[0]["id"]
    with store.transaction():  # as a later import attaches a mention to the event it extracted again
        store.db.execute("UPDATE mentions SET event_id = ? WHERE id = ?", [extra["id"], mention])
    before = dump(store)
    fold_id = fold(store)
    [[event, merged_into]] = store.db.execute(
        "SELECT e.id, e.merged_into FROM mentions m JOIN events e ON e.id = m.event_id WHERE m.id = ?",
        [mention]).fetchall()
    assert merged_into is None and store.live_root("events", kept["id"]) == event
    folds.separate(store, fold_id, "ana")
    assert dump(store) == before
