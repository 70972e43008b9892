"""Duplicates: near-duplicate items, one person per spelling, candidate pairs, merge and exact unmerge."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer import dedupe
from reviewer.dedupe import near
from reviewer.dedupe.people import parts, same_person
from reviewer.importing.pipeline import import_paths
from reviewer.store import Store

ARTICLE_000 = "000_85a1b1a180eb574c.txt"
ARTICLE_001 = "001_30618ad8e7b3254a.txt"


def release_of_article(store: Store, doc: str) -> int:
    return store.db.execute(
        "SELECT items.release_id FROM items JOIN documents d ON d.id = items.document_id"
        " WHERE d.name = ? AND items.kind = 'article'", [doc]).fetchone()[0]


def live_events(store: Store) -> list[dict]:
    return store.rows("SELECT * FROM events WHERE deleted = 0 AND merged_into IS NULL ORDER BY id")


def event_docs(store: Store, event_id: int) -> set[str]:
    return {r[0] for r in store.db.execute(
        "SELECT d.name FROM mentions m JOIN items i ON i.id = m.item_id JOIN documents d ON d.id = i.document_id"
        " WHERE m.event_id = ?", [event_id])}


def dump(store: Store, *event_ids: int) -> dict:
    """Every row a merge may touch, for exact before/after comparison."""
    marks = ",".join("?" * len(event_ids))
    return {
        "events": store.rows(f"SELECT * FROM events WHERE id IN ({marks}) ORDER BY id", event_ids),
        "participants": store.rows(f"SELECT * FROM event_participants WHERE event_id IN ({marks}) ORDER BY id", event_ids),
        "organizations": store.rows(f"SELECT * FROM event_organizations WHERE event_id IN ({marks}) ORDER BY id", event_ids),
        "mentions": store.rows("SELECT id, event_id FROM mentions ORDER BY id"),
        "candidates": store.rows("SELECT * FROM dup_candidates ORDER BY id"),
    }


# -- near-duplicate items ---------------------------------------------------


def test_the_000_001_article_pair_is_one_release_with_one_event_and_both_sources(seeded_store):
    assert release_of_article(seeded_store, ARTICLE_000) == release_of_article(seeded_store, ARTICLE_001)
    session = [e for e in live_events(seeded_store) if e["date_start"] == "2014-12-23"]
    assert len(session) == 1
    assert event_docs(seeded_store, session[0]["id"]) == {ARTICLE_000, ARTICLE_001}


def _variant(seeds_dir: Path, tmp_path: Path, **replacements: str) -> Path:
    text = (seeds_dir / ARTICLE_000).read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    out = tmp_path / "pages"
    out.mkdir(exist_ok=True)
    path = out / f"variant_{len(list(out.iterdir()))}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_article_rescraped_with_a_changed_word_joins_its_release(seeded_store, seeds_dir, tmp_path):
    before = seeded_store.stats()
    page = _variant(seeds_dir, tmp_path, **{"completed its work": "finished its work",
                                           "narrow and extended format": "narrow and\nextended format"})
    report = import_paths(seeded_store, [page])
    assert report.merged_items == 1
    assert seeded_store.stats()["releases"] == before["releases"]
    assert seeded_store.stats()["events"] == before["events"]
    session = [e for e in live_events(seeded_store) if e["date_start"] == "2014-12-23"]
    assert event_docs(seeded_store, session[0]["id"]) == {ARTICLE_000, ARTICLE_001, page.name}
    absorbed = seeded_store.rows("SELECT merged_into FROM releases WHERE merged_into IS NOT NULL")
    assert absorbed == [{"merged_into": release_of_article(seeded_store, ARTICLE_000)}]


def test_a_teaser_repeated_with_another_date_stays_a_separate_event(seeded_store, seeds_dir, tmp_path):
    before = seeded_store.stats()
    page = _variant(seeds_dir, tmp_path, **{"On 20 December, a joint": "On 20 January, a joint"})
    assert import_paths(seeded_store, [page]).merged_items == 0
    assert seeded_store.stats()["events"] == before["events"] + 1


def test_only_new_releases_are_hashed_on_the_next_import(seeded_store, seeds_dir, tmp_path):
    pending = seeded_store.db.execute("SELECT count(*) FROM release_minhash WHERE pending = 1").fetchone()[0]
    assert pending == 0
    page = _variant(seeds_dir, tmp_path, **{"On 20 December, a joint": "On 21 January, a joint"})
    hashed = []
    original = near.signature
    near.signature = lambda text: hashed.append(text) or original(text)
    try:
        import_paths(seeded_store, [page])
    finally:
        near.signature = original
    assert len(hashed) == 1 and hashed[0].startswith("On 21 January")


def test_teasers_differing_only_in_their_date_never_share_an_lsh_bucket():
    a = ("On 20 December, a joint training session was held between the duty shifts of the CSTO Crisis"
         " Response Center and the national crisis centres of the member states of the Organization.")
    assert not set(near.bucket_keys(a)) & set(near.bucket_keys(a.replace("20 December", "20 January")))
    assert not set(near.bucket_keys(a)) & set(near.bucket_keys(a.replace("20 December", "21 December")))
    assert set(near.bucket_keys(a)) & set(near.bucket_keys(a.replace("was held", "took place")))


def test_same_item_needs_equal_dates_and_close_words():
    a = "On 20 December, a joint training session was held between the duty shifts of the CSTO Crisis Response Center."
    assert near.same_item(a, a.replace("duty shifts", "duty  shifts ZVF_6111.JPG"))
    assert not near.same_item(a, a.replace("20 December", "21 December"))
    assert not near.same_item(a, "On 20 December, the Secretary General received the ambassador of Armenia.")


# -- people -----------------------------------------------------------------


def test_ordabayev_spellings_are_one_person_with_both_aliases(seeded_store):
    rows = seeded_store.rows(
        "SELECT p.id, p.name, a.name AS alias FROM entity_variants a JOIN entities p ON p.id = a.entity_id"
        " WHERE a.name LIKE '%Ordaba%'")
    assert {r["alias"] for r in rows} >= {"S. Ordabayev", "Samat Ordabaev"}
    assert len({r["id"] for r in rows}) == 1
    assert rows[0]["name"] == "Samat Ordabaev"  # the fullest spelling names the person
    pids = {r[0] for r in seeded_store.db.execute(
        "SELECT person_id FROM event_participants WHERE name IN ('S. Ordabayev', 'Samat Ordabaev')")}
    assert pids == {rows[0]["id"]}


@pytest.mark.parametrize("a,b,same", [
    ("S. Ordabayev", "Samat Ordabaev", True),
    ("Emomali Rakhmon", "Emomali Rahmon", True),
    ("T. Masadykov", "Taalatbek Masadykov", True),
    ("Sergey Ordabaev", "Samat Ordabaev", False),
    ("Vladimir Putin", "Vladimir Zas", False),
    ("A. Lukashenko", "S. Lukashenko", False),
])
def test_same_person_tolerates_transliteration_and_initials(a, b, same):
    assert same_person(parts(a), parts(b)) is same


def test_an_initial_shared_by_two_full_names_joins_neither(store):
    with store.transaction():
        ids = [store.person_for(n) for n in ("Samat Ordabaev", "Sergey Ordabaev", "S. Ordabayev")]
    dedupe.merge_people(store)
    assert len({store.person_for(n) for n in ("Samat Ordabaev", "Sergey Ordabaev", "S. Ordabayev")}) == 3
    assert len(set(ids)) == 3


# -- candidates -------------------------------------------------------------


def _masadykov_pair(store: Store) -> dict:
    cands = dedupe.open_candidates(store)
    assert len(cands) == 1, cands
    return cands[0]


def test_two_meetings_on_one_day_are_proposed_with_reasons_never_merged(seeded_store):
    cand = _masadykov_pair(seeded_store)  # proposed by the import's own search
    assert "same date" in cand["reasons"] and "same type: meeting" in cand["reasons"]
    assert any(r.startswith("shared people: ") and "Masadykov" in r for r in cand["reasons"])
    assert any(r.startswith("evidence similarity ") for r in cand["reasons"])
    assert seeded_store.db.execute("SELECT count(*) FROM merges").fetchone()[0] == 0
    again = dedupe.find_candidates(seeded_store)
    assert again.proposed == 0 and again.open == 1


def test_not_duplicates_is_remembered_and_never_proposed_again(seeded_store):
    cand = _masadykov_pair(seeded_store)
    assert dedupe.set_candidate_status(seeded_store, cand["id"], "not_duplicate", "ana") == "open"
    result = dedupe.find_candidates(seeded_store)
    assert result.proposed == 0 and dedupe.open_candidates(seeded_store) == []
    log = seeded_store.rows("SELECT who, old, new FROM audit_log WHERE action = 'candidate_status'")
    assert log == [{"who": "ana", "old": "open", "new": "not_duplicate"}]


def test_a_teaser_and_an_article_with_the_same_sentence_merge_on_their_own(store, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    sentence = ("On 5 March 2024, in Minsk, consultations of the CSTO Secretariat with the delegation of the OSCE"
                " on countering drug trafficking were held.")
    (pages / "a.txt").write_text(sentence + "\nOn 14 February 2024, the CSTO Secretariat hosted a briefing.\n")
    (pages / "b.txt").write_text(
        "Consultations with the OSCE held in Minsk\n05.03.2024\n" + sentence
        + "\nThe parties discussed cooperation in the fight against illicit drug trafficking.\nGo back\n")
    import_paths(store, [pages])
    march = [e for e in live_events(store) if e["date_start"] == "2024-03-05"]
    assert len(march) == 1
    assert event_docs(store, march[0]["id"]) == {"a.txt", "b.txt"}


# -- merge and unmerge -------------------------------------------------------


def test_merge_takes_chosen_fields_keeps_every_source_and_unmerge_restores_exactly(seeded_store):
    cand = _masadykov_pair(seeded_store)
    a, b = cand["event_a"], cand["event_b"]
    before = dump(seeded_store, a, b)
    docs = event_docs(seeded_store, a) | event_docs(seeded_store, b)
    right_orgs = [r["name"] for r in before["organizations"] if r["event_id"] == b]
    merge_id = dedupe.merge.merge(seeded_store, a, b, {"location": "right", "organizations": "right",
                                                       "participants": "both"}, "ana")
    left = seeded_store.rows("SELECT * FROM events WHERE id = ?", [a])[0]
    assert seeded_store.rows("SELECT merged_into FROM events WHERE id = ?", [b])[0]["merged_into"] == a
    assert event_docs(seeded_store, a) == docs and event_docs(seeded_store, b) == set()
    assert [r[0] for r in seeded_store.db.execute(
        "SELECT name FROM event_organizations WHERE event_id = ? ORDER BY position", [a])] == right_orgs
    names = [r[0] for r in seeded_store.db.execute("SELECT name FROM event_participants WHERE event_id = ?", [a])]
    assert "Taalatbek Masadykov" in names and "S. Ordabayev" in names
    assert len([n for n in names if "Masadykov" in n]) == 1  # one person, not two spellings
    assert "organizations" in json.loads(left["edited_fields"])
    assert dedupe.open_candidates(seeded_store) == []
    assert seeded_store.rows("SELECT status FROM dup_candidates")[0]["status"] == "merged"

    dedupe.unmerge(seeded_store, merge_id, "ana")
    assert dump(seeded_store, a, b) == before
    actions = [r[0] for r in seeded_store.db.execute("SELECT action FROM audit_log WHERE who = 'ana' ORDER BY id")]
    assert actions[-1] == "unmerge" and "merge" in actions and "merge_field" in actions

    again = dedupe.remerge(seeded_store, merge_id, "ana")
    assert dedupe.last_merge(seeded_store, a, b) == again
    assert [r[0] for r in seeded_store.db.execute(
        "SELECT name FROM event_organizations WHERE event_id = ? ORDER BY position", [a])] == right_orgs


def test_bad_merges_are_refused_and_change_nothing(seeded_store):
    cand = _masadykov_pair(seeded_store)
    a, b = cand["event_a"], cand["event_b"]
    before = dump(seeded_store, a, b)
    with pytest.raises(dedupe.MergeError, match="bad choice"):
        dedupe.merge.merge(seeded_store, a, b, {"location": "both"})
    with pytest.raises(dedupe.MergeError, match="itself"):
        dedupe.merge.merge(seeded_store, a, a)
    merge_id = dedupe.merge.merge(seeded_store, a, b)
    with pytest.raises(dedupe.MergeError, match="already merged"):
        dedupe.merge.merge(seeded_store, a, b)
    dedupe.unmerge(seeded_store, merge_id)
    with pytest.raises(dedupe.MergeError, match="already undone"):
        dedupe.unmerge(seeded_store, merge_id)
    assert dump(seeded_store, a, b) == before


def test_numbered_meetings_are_not_one_item():
    a = "On 11 December the 40th meeting of the Working Group on Afghanistan under the CSTO Ministerial Council was held."
    assert not near.same_item(a, a.replace("40th", "41st"))


def test_number_like_characters_that_are_not_decimal_digits_are_ignored():
    from reviewer.dedupe.near import date_tokens

    assert date_tokens(["40th", "²", "12²", "٣", "may"]) == {"40": 1, "3": 1, "may": 1}


def test_the_search_after_an_import_scores_only_pairs_with_the_new_events(seeded_store, seeds_dir, tmp_path):
    full = dedupe.find_candidates(seeded_store)  # every day, every pair: what a from-scratch search scores
    assert full.scored > 0
    # a teaser of another day and year: its day shares no event with the seeds
    page = _variant(seeds_dir, tmp_path, **{"On 20 December, a joint": "On 3 July 2031, a joint"})
    report = import_paths(seeded_store, [page])
    assert report.candidates is not None and report.candidates.scored == 0
    # a second copy of that teaser on another page: one pair, new event with new event
    again = _variant(seeds_dir, tmp_path, **{"On 20 December, a joint": "On 3 July 2031, a joint",
                                            "completed its work": "finished its work"})
    report = import_paths(seeded_store, [again])
    assert report.candidates.scored <= 1
    assert dedupe.find_candidates(seeded_store, only_new=True).scored == 0  # nothing new since


def test_an_import_on_an_old_day_scores_its_new_event_but_never_the_old_pairs_again(seeded_store, seeds_dir, tmp_path):
    old_pairs = []
    original = dedupe.candidates.score_pair
    dedupe.candidates.score_pair = lambda a, b: old_pairs.append((a.id, b.id)) or original(a, b)
    try:
        dedupe.find_candidates(seeded_store)
        assert old_pairs  # the seeds have pairs below the proposal score: compared, not stored
        last_old = seeded_store.db.execute("SELECT max(id) FROM events").fetchone()[0]
        # a teaser on the day of the seeds' two meetings, next to their consultations
        page = _variant(seeds_dir, tmp_path, **{"On 20 December, a joint": "On 11 December 2024, a joint"})
        scored = []
        dedupe.candidates.score_pair = lambda a, b: scored.append((a.id, b.id)) or original(a, b)
        report = import_paths(seeded_store, [page])
    finally:
        dedupe.candidates.score_pair = original
    assert scored and report.candidates.scored == len(scored)
    assert all(max(pair) > last_old for pair in scored)
    assert not set(scored) & set(old_pairs)


def test_hashing_in_worker_processes_stores_the_same_signatures_and_buckets(seeded_store):
    def rehash(workers: int) -> tuple[list, list]:
        with seeded_store.transaction():
            seeded_store.db.execute("DELETE FROM release_lsh")
            seeded_store.db.execute("DELETE FROM release_minhash")
        assert near.index_new_releases(seeded_store, workers=workers) > 0
        return (seeded_store.rows("SELECT release_id, signature FROM release_minhash ORDER BY release_id"),
                seeded_store.rows("SELECT release_id, band, key FROM release_lsh ORDER BY release_id, band"))

    assert rehash(2) == rehash(0)


def test_a_signature_is_datasketchs_minhash_of_the_shingle_hashes():
    datasketch = pytest.importorskip("datasketch")
    text = ("On 20 December, a joint training session was held between the duty shifts of the CSTO Crisis"
            " Response Center and the national crisis centres of the member states of the Organization.")
    hashes = [int(h) for h in near._analyse(text)[0]]
    try:
        reference = datasketch.MinHash(num_perm=near.NUM_PERM, seed=1, hashfunc=int, scheme="legacy")
    except TypeError:  # datasketch before 2.0 knew only this scheme
        reference = datasketch.MinHash(num_perm=near.NUM_PERM, seed=1, hashfunc=int)
    reference.update_batch(hashes)
    assert len(hashes) > 20
    assert near.signature(text).tolist() == [int(v) for v in reference.hashvalues]


def test_unmerge_takes_back_the_merge_but_keeps_what_the_reviewer_did_since(seeded_store):
    from reviewer.review import ReviewService

    cand = _masadykov_pair(seeded_store)
    a, b = cand["event_a"], cand["event_b"]
    before = dump(seeded_store, a, b)
    merge_id = dedupe.merge.merge(seeded_store, a, b, {"location": "right", "participants": "both"}, "ana")
    svc = ReviewService(seeded_store, "ana")
    svc.set_field(a, "event_type", "consultations")  # a correction made on the merged event
    added = svc.add_participant(a, "Dana Kerimova", "observer")
    release = seeded_store.db.execute("SELECT release_id FROM events WHERE id = ?", [a]).fetchone()[0]
    svc.set_release_status(release, "verified")

    dedupe.unmerge(seeded_store, merge_id, "ana")
    after = dump(seeded_store, a, b)
    survivor = next(e for e in after["events"] if e["id"] == a)
    original = next(e for e in before["events"] if e["id"] == a)
    assert survivor["event_type"] == "consultations"  # kept: edited after the merge
    assert survivor["location"] == original["location"]  # taken back: the merge set it
    assert survivor["review_status"] == "verified"
    assert "event_type" in json.loads(survivor["edited_fields"])
    names = [r["name"] for r in after["participants"] if r["event_id"] == a]
    assert names == [r["name"] for r in before["participants"] if r["event_id"] == a] + ["Dana Kerimova"]
    assert [e for e in after["events"] if e["id"] == b] == [e for e in before["events"] if e["id"] == b]
    assert [r for r in after["participants"] if r["event_id"] == b] == \
        [r for r in before["participants"] if r["event_id"] == b]
    assert added is not None


def test_unmerge_keeps_a_participant_removed_after_the_merge_removed(seeded_store):
    from reviewer.review import ReviewService

    cand = _masadykov_pair(seeded_store)
    a, b = cand["event_a"], cand["event_b"]
    own = seeded_store.rows("SELECT id, name FROM event_participants WHERE event_id = ? ORDER BY position", [a])
    assert own, "the survivor needs a participant of its own for this test"
    merge_id = dedupe.merge.merge(seeded_store, a, b, {"participants": "both"}, "ana")
    ReviewService(seeded_store, "ana").remove_participant(own[0]["id"])
    dedupe.unmerge(seeded_store, merge_id, "ana")
    names = [r[0] for r in seeded_store.db.execute("SELECT name FROM event_participants WHERE event_id = ?", [a])]
    assert own[0]["name"] not in names
    assert names == [r["name"] for r in own[1:]]


def _info(eid: int, evidence: str, people=(), orgs=(), location="Minsk", date_start="2025-11-28"):
    from reviewer.dedupe.candidates import EventInfo, _parse, _prepare

    year, md = _parse(date_start)
    ev = EventInfo(eid, eid, date_start, "meeting", location, year, md,
                   people=[(None, p) for p in people], orgs=list(orgs), evidence=evidence)
    _prepare(ev)
    return ev




def test_a_teaser_and_an_article_on_one_session_in_other_words_merge_on_their_own():
    from reviewer.dedupe.candidates import score_pair

    teaser = _info(1, "On 28 November, in Minsk, a session of the Council of Defence Ministers was held under the "
                      "chairmanship of Viktor Khrenin.", ["Viktor Khrenin"], ["CSTO Council of Defence Ministers"])
    article = _info(2, "The ministers of defence of the member states met in Minsk to discuss the joint exercises of "
                       "next year.", ["Viktor Khrenin", "Andrei Serdyukov"], ["CSTO Council of Defence Ministers"])
    score, reasons, sure = score_pair(teaser, article)
    assert sure and "same body or people, same day and place" in reasons


@pytest.mark.parametrize(("evidence", "people", "location"), [
    # beside the session, not the session
    ("On the sidelines of the session of the Council of Defence Ministers, Viktor Khrenin met with his colleague.",
     ["Viktor Khrenin"], "Minsk"),
    # no shared person and other words: a joint session of two bodies is another sitting
    ("A joint session of the Council of Defence Ministers and the Council of Foreign Ministers took place.", [], "Minsk"),
    # the place not stated on one side: not enough to merge unasked
    ("The ministers of defence of the member states met to discuss the joint exercises of next year.",
     ["Viktor Khrenin"], None),
])
def test_events_of_one_day_and_body_that_may_be_two_sittings_are_only_proposed(evidence, people, location):
    from reviewer.dedupe.candidates import score_pair

    session = _info(1, "On 28 November, in Minsk, a session of the Council of Defence Ministers was held under the "
                       "chairmanship of Viktor Khrenin.", ["Viktor Khrenin"], ["CSTO Council of Defence Ministers"])
    other = _info(2, evidence, people, ["CSTO Council of Defence Ministers"], location)
    assert not score_pair(session, other)[2]


def test_merging_an_announcement_into_its_report_keeps_the_event_held(seeded_store):
    cand = _masadykov_pair(seeded_store)
    a, b = cand["event_a"], cand["event_b"]
    with seeded_store.transaction():
        seeded_store.db.execute("UPDATE events SET status = 'planned' WHERE id = ?", [a])
        seeded_store.db.execute("UPDATE events SET status = 'held' WHERE id = ?", [b])
    assert dedupe.default_choices(seeded_store, a, b)["status"] == "right"
    dedupe.merge.merge(seeded_store, a, b)
    assert seeded_store.db.execute("SELECT status FROM events WHERE id = ?", [a]).fetchone()[0] == "held"


def _fresh_counts(store: Store):
    """Key counts over every live event, counted now (what a full search counts)."""
    from reviewer.dedupe import stream
    from reviewer.dedupe.candidates import _prepare, load_events

    counts = stream.KeyCounts()
    for rows in stream.chunks_by_id(store):
        for ev in load_events(store, rows):
            _prepare(ev, keys_only=True)
            counts.add(ev.keys)
    return counts.finish()


def test_the_search_after_an_import_counts_only_the_new_events_and_keeps_the_same_counts(
        seeded_store, seeds_dir, tmp_path, monkeypatch):
    from reviewer.dedupe import stream

    dedupe.find_candidates(seeded_store)  # a full search keeps its counts
    before = seeded_store.db.execute("SELECT max(id) FROM events").fetchone()[0]
    counted = []
    real = stream.chunks_by_id
    monkeypatch.setattr(stream, "chunks_by_id",
                        lambda store, size=stream.CHUNK, after=0: (counted.extend(r[0] for r in rows) or rows
                                                                   for rows in real(store, size, after)))
    page = _variant(seeds_dir, tmp_path, **{"On 20 December, a joint": "On 3 July 2031, a joint"})
    import_paths(seeded_store, [page])
    monkeypatch.setattr(stream, "chunks_by_id", real)
    assert counted and min(counted) > before  # no old event read to count keys
    kept, events, upto = stream.read_counts(seeded_store)
    fresh = _fresh_counts(seeded_store)
    assert upto == seeded_store.db.execute("SELECT max(id) FROM events").fetchone()[0]
    assert kept.keys.tolist() == fresh.keys.tolist() and kept.counts.tolist() == fresh.counts.tolist()


def test_key_hashes_are_the_same_in_every_process():
    import subprocess
    import sys

    from reviewer.dedupe.candidates import _key_hash

    code = "from reviewer.dedupe.candidates import _key_hash; print(_key_hash('s:the joint exercise'))"
    values = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={**__import__("os").environ, "PYTHONHASHSEED": seed}).stdout.strip()
              for seed in ("1", "2")}
    assert values == {str(_key_hash("s:the joint exercise"))}


def test_re_extraction_makes_the_next_search_count_afresh(seeded_store):
    from reviewer.dedupe import stream
    from reviewer.importing.pipeline import reextract

    dedupe.find_candidates(seeded_store)
    assert stream.read_counts(seeded_store) is not None
    reextract(seeded_store)
    assert stream.read_counts(seeded_store) is None
