"""People, organizations and places as curated records (issue #17): every operation undone and redone, and
what the export then says."""
from __future__ import annotations

import json
import sqlite3

import pytest

from reviewer.dedupe.people import merge_people
from reviewer.entities import EntityService
from reviewer.export import export
from reviewer.review import Conflict, InvalidValue, NotFound, ReviewService
from reviewer.store import Store


@pytest.fixture
def ent(seeded_store):
    return EntityService(seeded_store, "alice")


@pytest.fixture
def review(seeded_store):
    return ReviewService(seeded_store, "alice")


def records(store, tmp_path, name="e.jsonl"):
    export(store, "jsonl", tmp_path / name, "all", force=True)
    return [json.loads(line) for line in (tmp_path / name).read_text(encoding="utf-8").splitlines()]


def by_name(ent, kind, name):
    return next(r for r in ent.entities(kind) if r.name == name)


def plain_count(store, kind, entity_id):
    """The live events naming an entity, counted the plain way."""
    sql = {"person": "SELECT count(DISTINCT e.id) FROM event_participants r JOIN events e ON e.id = r.event_id"
                     " WHERE r.person_id = ? AND e.deleted = 0 AND e.merged_into IS NULL",
           "organization": "SELECT count(DISTINCT e.id) FROM event_organizations r JOIN events e ON e.id = r.event_id"
                           " WHERE r.entity_id = ? AND e.deleted = 0 AND e.merged_into IS NULL",
           "place": "SELECT count(*) FROM events e WHERE e.place_id = ? AND e.deleted = 0 AND e.merged_into IS NULL"}[kind]
    return store.db.execute(sql, [entity_id]).fetchone()[0]


def test_the_seeds_list_people_organizations_and_places_with_their_events(ent, seeded_store):
    for kind in ("person", "organization", "place"):
        rows = ent.entities(kind)
        assert rows and all(r.kind == kind for r in rows)
        assert [r.name.casefold() for r in rows] == sorted(r.name.casefold() for r in rows)
        for r in rows:
            assert r.events == plain_count(seeded_store, kind, r.id)
            assert len(ent.events_of(r.id)) == r.events
    moscow = by_name(ent, "place", "Moscow")
    assert moscow.country == "RU" and moscow.first_date <= moscow.last_date
    ordabayev = next(r for r in ent.entities("person", search="ordaba"))
    assert {v.name for v in ordabayev.variants} == {"S. Ordabayev", "Samat Ordabaev"}
    links = ent.auto_links("person")
    assert any(v.name == "Samat Ordabaev" and "full-named" in v.reason for v in links)


def test_used_only_leaves_out_the_entities_no_live_event_names(ent, review):
    place = by_name(ent, "place", "Moscow")
    assert place.events > 0 and place.id in [r.id for r in ent.entities("place", used_only=True)]
    for ev in ent.events_of(place.id):
        review.delete_event(ev.event_id)
    assert by_name(ent, "place", "Moscow").events == 0  # still listed in full, and counted 0
    used = ent.entities("place", used_only=True)
    assert place.id not in [r.id for r in used] and all(r.events > 0 for r in used)
    assert ent.count("place", used_only=True) == len(used) == ent.count("place") - 1
    assert ent.entities("place", "mosc", used_only=True) == []


def test_merge_moves_events_and_spellings_and_undo_redo_restore_the_export(ent, review, seeded_store, tmp_path):
    council = by_name(ent, "organization", "CSTO Collective Security Council")
    secretariat = by_name(ent, "organization", "CSTO Secretariat")
    before = records(seeded_store, tmp_path, "before.jsonl")
    edit = ent.merge(council.id, secretariat.id)
    merged = ent.entity(council.id)
    assert merged.events == council.events + secretariat.events
    assert {v.name for v in merged.variants} == {"CSTO Collective Security Council", "CSTO Secretariat"}
    with pytest.raises(NotFound):
        ent.entity(secretariat.id)
    after = records(seeded_store, tmp_path, "after.jsonl")
    written = [o for r in after for o in r["organization_entities"] if o["name"] == "CSTO Secretariat"]
    assert written and all(o["canonical"] == "CSTO Collective Security Council" and o["entity"] == council.id
                           for o in written)
    assert [r["organizations"] for r in after] == [r["organizations"] for r in before]  # as written, unchanged
    ent.revert(edit)
    assert ent.entity(secretariat.id).events == secretariat.events
    assert records(seeded_store, tmp_path, "undone.jsonl") == before
    ent.reapply(edit)
    assert records(seeded_store, tmp_path, "redone.jsonl") == after
    assert "Merge organization 'CSTO Secretariat' into 'CSTO Collective Security Council'" == edit.label


def test_merge_refuses_two_kinds_one_entity_and_two_authority_ids(ent):
    person = ent.entities("person")[0]
    org, other = ent.entities("organization")[:2]
    with pytest.raises(InvalidValue, match="cannot merge a organization with a person"):
        ent.merge(org.id, person.id)
    with pytest.raises(InvalidValue, match="two different"):
        ent.merge(org.id, org.id)
    ent.set_authority_id(org.id, "Q1")
    ent.set_authority_id(other.id, "Q2")
    with pytest.raises(InvalidValue, match="clear one before merging"):
        ent.merge(org.id, other.id)
    with pytest.raises(InvalidValue, match="already organization"):
        ent.set_authority_id(other.id, "Q1")


def test_petrov_a_wrong_automatic_link_is_listed_split_and_never_made_again(ent, review, seeded_store, tmp_path):
    events = [r[0] for r in seeded_store.db.execute(
        "SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL ORDER BY id LIMIT 2")]
    review.add_participant(events[0], "Ivan Petrov", "Deputy Minister")
    review.add_participant(events[1], "Petrov")  # a reviewer typed "Petrov, Ivan, …" and the surname stayed alone
    merge_people(seeded_store)  # the import's pass: the surname joins the one full-named Petrov
    ivan = next(r for r in ent.entities("person", search="petrov"))
    assert {v.name for v in ivan.variants} == {"Ivan Petrov", "Petrov"} and ivan.events == 2
    link = next(v for v in ent.auto_links("person") if v.name in ("Petrov", "Ivan Petrov") and v.entity_id == ivan.id)
    assert "duplicate pass" in link.reason
    exported = records(seeded_store, tmp_path)
    assert next(p for r in exported if r["id"] == events[1] for p in r["participants"]
                if p["name"] == "Petrov")["canonical"] == "Ivan Petrov"

    wrong = next(v for v in ivan.variants if v.name == "Petrov")
    edit = ent.split(wrong.id)
    petrov = ent.entity_of("person", "Petrov")
    assert petrov != ivan.id and ent.entity(petrov).events == 1 and ent.entity(ivan.id).events == 1
    assert [e.event_id for e in ent.events_of(petrov)] == [events[1]]
    after = next(p for r in records(seeded_store, tmp_path) if r["id"] == events[1] for p in r["participants"]
                 if p["name"] == "Petrov")
    assert after["canonical"] == "Petrov" and after["aliases"] == []
    merge_people(seeded_store)  # the next import's pass leaves them apart: the split is remembered
    assert ent.entity_of("person", "Petrov") == petrov
    assert not [v for v in ent.auto_links("person") if v.name == "Petrov"]

    ent.revert(edit)
    assert ent.entity_of("person", "Petrov") == ivan.id and ent.entity(ivan.id).events == 2
    ent.reapply(edit)
    assert ent.entity_of("person", "Petrov") == petrov and ent.entity(petrov).events == 1
    with pytest.raises(InvalidValue, match="only spelling"):
        ent.split(ent.entity(petrov).variants[0].id)


def test_rename_sets_the_canonical_name_the_export_shows(ent, seeded_store, tmp_path):
    moscow = by_name(ent, "place", "Moscow")
    org = by_name(ent, "organization", "CSTO Secretariat")
    edit = ent.rename(org.id, "Secretariat of the CSTO", expected="CSTO Secretariat")
    renamed = ent.entity(org.id)
    assert renamed.name == "Secretariat of the CSTO"
    assert {v.name: v.origin for v in renamed.variants}["Secretariat of the CSTO"] == "reviewer"
    canon = {o["canonical"] for r in records(seeded_store, tmp_path) for o in r["organization_entities"]
             if o["name"] == "CSTO Secretariat"}
    assert canon == {"Secretariat of the CSTO"}
    with pytest.raises(Conflict):
        ent.rename(org.id, "CSTO Secretariat", expected="CSTO Secretariat")  # the window showed the old name
    with pytest.raises(InvalidValue, match="spelling of organization"):
        ent.rename(org.id, "CSTO Crisis Response Center")
    with pytest.raises(InvalidValue, match="empty"):
        ent.rename(moscow.id, "  ")
    ent.revert(edit)
    assert ent.entity(org.id).name == "CSTO Secretariat"
    assert "Secretariat of the CSTO" not in {v.name for v in ent.entity(org.id).variants}
    ent.reapply(edit)
    assert ent.entity(org.id).name == "Secretariat of the CSTO"


def test_a_typed_city_is_given_its_country_once_and_it_sticks(ent, review, seeded_store, tmp_path):
    first, second = [r[0] for r in seeded_store.db.execute(
        "SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL ORDER BY id LIMIT 2")]
    review.set_field(first, "location", "Zhetisu")
    place = ent.entity_of("place", "Zhetisu")
    assert ent.entity(place).country is None and ent.entity(place).events == 1
    with pytest.raises(InvalidValue, match="ISO 3166-1"):
        ent.set_country(place, "Kazakhstan")
    edit = ent.set_country(place, "kz")
    assert ent.entity(place).country == "KZ"
    review.set_field(second, "location", "zhetisu")  # typed again later, in another case
    assert ent.entity_of("place", "zhetisu") == place and ent.entity(place).events == 2
    countries = {r["id"]: r["location_country"] for r in records(seeded_store, tmp_path)}
    assert countries[first] == countries[second] == "KZ"
    ent.revert(edit)
    assert ent.entity(place).country is None
    ent.reapply(edit)
    assert ent.entity(place).country == "KZ"
    with pytest.raises(InvalidValue, match="no place"):
        ent.set_country(ent.entities("person")[0].id, "KZ")


def test_confirm_authority_id_and_a_spelling_reach_the_export(ent, seeded_store, tmp_path):
    person = by_name(ent, "person", "Samat Ordabaev")
    edits = [ent.confirm(person.id), ent.set_authority_id(person.id, "Q4115371"),
             ent.add_variant(person.id, "Samat Ordabayev", origin="authority")]
    row = ent.entity(person.id)
    assert row.confirmed_by == "alice" and row.authority_id == "Q4115371"
    assert "Samat Ordabayev" in row.other_names
    assert person.id not in {v.entity_id for v in ent.auto_links("person")}  # checked by a curator now
    people = [p for r in records(seeded_store, tmp_path) for p in r["participants"] if "Ordaba" in p["name"]]
    assert people and all(p["id"] == "Q4115371" and p["canonical"] == "Samat Ordabaev" for p in people)
    done = records(seeded_store, tmp_path, "done.jsonl")
    for edit in reversed(edits):
        ent.revert(edit)
    row = ent.entity(person.id)
    assert row.confirmed_by is None and row.authority_id is None and "Samat Ordabayev" not in row.other_names
    assert all(p["id"] is None for r in records(seeded_store, tmp_path) for p in r["participants"])
    for edit in edits:
        ent.reapply(edit)
    assert records(seeded_store, tmp_path, "redone.jsonl") == done
    with pytest.raises(InvalidValue, match="already a spelling"):
        ent.add_variant(person.id, "s. ordabayev")


def test_a_rejected_group_is_remembered_and_undone(ent):
    edit = ent.reject_group("organization", ["CSTO Secretariat", "CSTO Crisis Response Center"])
    assert frozenset({"csto secretariat", "csto crisis response center"}) in ent.rejected("organization")
    with pytest.raises(InvalidValue, match="already rejected"):
        ent.reject_group("organization", ["CSTO Crisis Response Center", "csto secretariat"])
    ent.revert(edit)
    assert ent.rejected("organization") == set()
    ent.reapply(edit)
    assert len(ent.rejected("organization")) == 1


def test_a_wrongly_taught_name_is_fixed_or_removed_and_the_next_import_uses_it(tmp_path):
    from reviewer.importing.pipeline import import_paths

    text = ("12.03.2024\nOn 12 March 2024, CSTO Secretary General Imangali Tasmagambetov met in Minsk with members"
            " of the Vostok Quorum to discuss regional security.\n")
    pages = []
    for day in (12, 14, 16):
        page = tmp_path / f"page{day}.txt"
        page.write_text(text.replace("12 March", f"{day} March").replace("12.03", f"{day}.03"), encoding="utf-8")
        pages.append(page)

    def organizations(page):
        return [n for (n,) in store.db.execute(
            "SELECT o.name FROM event_organizations o JOIN mentions m ON m.event_id = o.event_id"
            " JOIN items i ON i.id = m.item_id JOIN documents d ON d.id = i.document_id WHERE d.name = ?", [page.name])]

    with Store(tmp_path / "t.db") as store:
        ent = EntityService(store, "alice")
        store.teach("organization", "Vostok", who="bob")  # taught by mistake: half the name
        import_paths(store, [pages[0]])
        assert organizations(pages[0]) == ["Vostok"]
        taught = ent.taught("organization")
        assert [(t.name, t.created_by) for t in taught] == [("Vostok", "bob")]
        assert taught[0].entity_id == ent.entity_of("organization", "Vostok")
        assert by_name(ent, "organization", "Vostok").variants[0].taught
        fixed = ent.fix_taught(taught[0].id, "Vostok Quorum")
        import_paths(store, [pages[1]])
        assert organizations(pages[1]) == ["Vostok Quorum"]
        removed = ent.remove_taught(taught[0].id)
        import_paths(store, [pages[2]])
        assert organizations(pages[2]) == []
        assert ent.taught() == []
        with pytest.raises(Conflict):
            ent.revert(fixed)  # the fixed name was removed since: nothing to take back
        ent.revert(removed)
        ent.revert(fixed)
        assert [t.name for t in ent.taught()] == ["Vostok"]
        ent.reapply(fixed)
        assert [t.name for t in ent.taught()] == ["Vostok Quorum"]


def test_an_existing_database_is_migrated_people_kept_organizations_and_places_linked(tmp_path):
    path = tmp_path / "old.db"
    Store(path, upgrade_to=13).close()
    with sqlite3.connect(path) as conn:
        conn.executescript("""
            INSERT INTO releases (id, content_hash, kind, title, updated_at) VALUES (1, 'h', 'article', 't', 'now');
            INSERT INTO events (id, release_id, date_start, date_end, location, created_at, updated_at)
                VALUES (1, 1, '2024-03-12', '2024-03-12', 'Bishkek', 'now', 'now'),
                       (2, 1, 'XXXX-05-01', 'XXXX-05-01', 'bishkek', 'now', 'now');
            INSERT INTO people (id, name) VALUES (7, 'Samat Ordabaev');
            INSERT INTO person_aliases (id, person_id, alias, key) VALUES (3, 7, 'S. Ordabayev', 's. ordabayev'),
                                                                         (4, 7, 'Samat Ordabaev', 'samat ordabaev');
            INSERT INTO event_participants (event_id, position, name, person_id) VALUES (1, 0, 'S. Ordabayev', 7),
                                                                                        (2, 0, 'Samat Ordabaev', 7);
            INSERT INTO event_organizations (event_id, position, name) VALUES (1, 0, 'CSTO Secretariat'),
                                                                             (2, 0, 'CSTO  secretariat');
        """)
    with Store(path) as store:
        ent = EntityService(store)
        person = ent.entity(7)
        assert (person.kind, person.name, person.events, person.first_date, person.last_date) == (
            "person", "Samat Ordabaev", 2, "2024-03-12", "2024-03-12")
        assert {(v.id, v.name, v.origin) for v in person.variants} == {(3, "S. Ordabayev", "auto"),
                                                                      (4, "Samat Ordabaev", "extracted")}
        (org,) = ent.entities("organization")
        assert org.name == "CSTO Secretariat" and org.events == 2
        (place,) = ent.entities("place")
        assert (place.name, place.country, place.events) == ("Bishkek", "KG", 2)
        tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "people" not in tables and "person_aliases" not in tables
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_history_names_what_an_entity_operation_changed(ent, seeded_store):
    from reviewer.review import HistoryFilter

    council = by_name(ent, "organization", "CSTO Collective Security Council")
    secretariat = by_name(ent, "organization", "CSTO Secretariat")
    ent.merge(council.id, secretariat.id)
    rows = ReviewService(seeded_store, "alice").history_page(HistoryFilter())
    whats = {r.what for r in rows}
    assert f"organization {secretariat.id} 'CSTO Secretariat'" in whats  # the absorbed entity, removed
    assert any(w.startswith("spelling ") and "'CSTO Secretariat'" in w for w in whats)
    assert any(w.startswith("organization ") and w.endswith(f": entity {secretariat.id} (merged away) →"
                                                             " 'CSTO Collective Security Council'") for w in whats)
    assert all(r.who == "alice" and r.revertible for r in rows[:3])


def test_an_event_merge_is_undone_after_its_organization_was_merged_into_another(ent, seeded_store):
    from reviewer.dedupe.merge import merge, unmerge

    survivor, absorbed = [r[0] for r in seeded_store.db.execute(
        "SELECT e.id FROM events e WHERE e.deleted = 0 AND e.merged_into IS NULL"
        " AND EXISTS (SELECT 1 FROM event_organizations o WHERE o.event_id = e.id) ORDER BY e.id LIMIT 2")]
    name, gone = seeded_store.db.execute(
        "SELECT name, entity_id FROM event_organizations WHERE event_id = ? ORDER BY position LIMIT 1", [absorbed]).fetchone()
    merge_id = merge(seeded_store, survivor, absorbed)
    keeper = next(r.id for r in ent.entities("organization") if r.id != gone)
    ent.merge(keeper, gone)  # the absorbed event's organization joins another entity while the events are merged
    unmerge(seeded_store, merge_id)  # the snapshot still names the entity merged away: linked anew, no error
    linked = seeded_store.db.execute("SELECT entity_id FROM event_organizations WHERE event_id = ? AND name = ?",
                                     [absorbed, name]).fetchone()[0]
    assert linked == keeper and ent.entity_of("organization", name) == keeper


def test_the_import_pass_never_merges_two_curated_people_and_keeps_a_curated_one(ent, review, seeded_store):
    events = [r[0] for r in seeded_store.db.execute(
        "SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL ORDER BY id LIMIT 3")]
    review.add_participant(events[0], "Ivan Petrov")
    review.add_participant(events[1], "I. Petrov")
    review.add_participant(events[2], "Ivan Petrow")
    short, ivan, petrow = (ent.entity_of("person", n) for n in ("I. Petrov", "Ivan Petrov", "Ivan Petrow"))
    ent.set_authority_id(short, "Q1")
    ent.rename(short, "Ivan Ivanovich Petrov")
    ent.confirm(petrow)
    merge_people(seeded_store)
    assert len({ent.entity_of("person", n) for n in ("I. Petrov", "Ivan Petrov", "Ivan Petrow")}) == 3
    ent.unconfirm(petrow)
    merge_people(seeded_store)  # now one curated person: the others join it, and it keeps its name and id
    assert {ent.entity_of("person", n) for n in ("I. Petrov", "Ivan Petrov", "Ivan Petrow")} == {short}
    row = ent.entity(short)
    assert (row.name, row.authority_id) == ("Ivan Ivanovich Petrov", "Q1") and ivan != short


def test_the_list_reads_in_pages_and_searches_every_word_in_any_spelling(ent):
    every = ent.entities("organization")
    assert ent.count("organization") == len(every) > 3
    assert ent.entities("organization", limit=2, offset=1) == every[1:3]
    found = ent.entities("organization", search="secretariat  CSTO")
    assert [r.name for r in found] == ["CSTO Secretariat"] and ent.count("organization", "secretariat csto") == 1
    assert ent.entities("organization", search="%") == [] and ent.entities("organization", search="_") == []
    with pytest.raises(InvalidValue, match="not one of"):
        ent.entities("people")


def test_accepting_a_group_merges_it_under_the_name_chosen_in_one_undoable_step(ent, seeded_store, tmp_path):
    names = ["CSTO Collective Security Council", "CSTO Secretariat", "CSTO Crisis Response Center"]
    ids = [by_name(ent, "organization", n).id for n in names]
    before = records(seeded_store, tmp_path, "before.jsonl")
    edit = ent.merge_many(ids, name="CSTO bodies")
    row = ent.entity(ids[0])
    assert row.name == "CSTO bodies" and set(names) | {"CSTO bodies"} == {v.name for v in row.variants}
    assert row.events == plain_count(seeded_store, "organization", ids[0])
    canon = {o["canonical"] for r in records(seeded_store, tmp_path) for o in r["organization_entities"] if o["name"] in names}
    assert canon == {"CSTO bodies"}
    ent.revert(edit)
    assert records(seeded_store, tmp_path, "undone.jsonl") == before
    ent.reapply(edit)
    assert ent.entity(ids[0]).name == "CSTO bodies"
    with pytest.raises(InvalidValue, match="spelling of organization"):
        ent.merge_many([by_name(ent, "organization", "CSTO Council of Foreign Ministers").id,
                        by_name(ent, "organization", "CIS ATC").id], name="CSTO bodies")
