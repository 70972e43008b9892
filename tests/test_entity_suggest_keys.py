"""Cluster suggestions as pure functions: keys, nearest neighbours and groups over invented names."""
from __future__ import annotations

import random

from reviewer.entities import keys as K
from reviewer.entities import neighbours
from reviewer.entities.clusters import ACRONYM, AUTHORITY, INITIAL, NEIGHBOUR, PARENT, TRANSLIT, Entity, group_id, suggest


def orgs(*spec: tuple[str, int]) -> list[Entity]:
    return [Entity(i + 1, "organization", name, (), n) for i, (name, n) in enumerate(spec)]


def people(*spec: tuple[str, int]) -> list[Entity]:
    return [Entity(i + 1, "person", name, (), n) for i, (name, n) in enumerate(spec)]


def names_of(groups) -> list[set[str]]:
    return [{m.name for m in g.members} for g in groups]


# -- keys -------------------------------------------------------------------------------------------------


def test_fingerprint_ignores_order_case_accents_punctuation_and_small_words():
    assert K.fingerprint("Petrov, Ivan") == K.fingerprint("ivan  PETROV")
    assert K.fingerprint("Zürich Water Forum") == K.fingerprint("Zurich water forum")
    assert K.fingerprint("Council of the Heads of Ports") == K.fingerprint("Council of Heads of Ports")
    assert K.fingerprint("Ivan Petrov") != K.fingerprint("Petrov")


def test_transliteration_skeleton_folds_the_usual_variants():
    pairs = [("Yevgeny Khodorovsky", "Evgeniy Hodorovskiy"), ("Pyotr Kuznetzov", "Pyotr Kuznetsov"),
             ("Djumabek Aitaliev", "Jumabek Aitaliyev"), ("Dmitry Orlovskii", "Dmitriy Orlovsky")]
    for a, b in pairs:
        assert K.translit(a) == K.translit(b), (a, b)
    assert K.translit("Working Group 2") != K.translit("Working Group 3")


def test_initials_count_hyphenated_parts_and_acronyms_and_skip_small_words():
    assert K.initials("Northern Anti-Smuggling Bureau") == "NASB"
    assert K.initials("Office of the Harbour Masters") == "OHM"
    assert K.initials("UN Office on Tides") == "UNOT"
    assert K.initials("an office of harbours") == ""  # a phrase, not a name


def test_definitions_are_read_from_the_text_as_it_gives_them():
    text = ("The Head of the Eastern Shelf Monitoring Office (ESMO) met the delegation of the Kazakh Water Agency "
            "(KAZWAT). The Board (B) sat.")
    assert K.definitions(text) == {"ESMO": {"Eastern Shelf Monitoring Office"}, "KAZWAT": {"Kazakh Water Agency"}}


def test_bodies_read_a_parent_before_or_after_the_name():
    parents = {"NRC"}
    want = K.Body("NRC", "Water Council")
    assert K.bodies("NRC Water Council", parents) == [want]
    assert K.bodies("Water Council of the NRC", parents) == [want]
    assert K.bodies("Water Council of the Northern Rivers Commission", parents) == [want]
    assert K.bodies("Water Council of the NRC member states", parents) == [want]
    assert K.bodies("Water Council", parents) == [K.Body(None, "Water Council")]
    assert K.bodies("Water Council of the Republic of Narnia", parents) == [K.Body(None, "Water Council of the Republic of Narnia")]


# -- groups -----------------------------------------------------------------------------------------------


def test_a_body_with_and_without_its_organizations_acronym_is_one_group():
    groups = suggest(orgs(("Water Council", 9), ("NRC Water Council", 5), ("Water Council of the Northern Rivers Commission", 1),
                          ("NRC Secretariat", 3)))
    assert names_of(groups) == [{"Water Council", "NRC Water Council", "Water Council of the Northern Rivers Commission"}]
    g = groups[0]
    assert g.canonical == "Water Council" and PARENT in g.methods and g.kind == "organization"
    assert [m.events for m in g.members] == [9, 5, 1]


def test_a_bare_body_two_organizations_have_stays_alone():
    groups = suggest(orgs(("Board of Auditors", 4), ("NRC Board of Auditors", 2), ("Board of Auditors of the PSU", 1),
                          ("NRC Secretariat", 1), ("PSU Secretariat", 1)))
    assert groups == []


def test_acronym_and_spelled_out_name_group_but_two_spelled_out_names_with_the_same_initials_do_not():
    groups = suggest(orgs(("Baltic Grain Exchange", 3), ("BGE", 2), ("Department of Peace Outreach", 1),
                          ("Department of Port Operations", 1)))
    assert names_of(groups) == [{"Baltic Grain Exchange", "BGE"}]
    assert ACRONYM in groups[0].methods


def test_an_acronym_with_its_organizations_prefix_and_the_spelled_out_body():
    groups = suggest(orgs(("PSU NASB", 2), ("Northern Anti-Smuggling Bureau of the PSU", 1), ("NASB", 1), ("PSU Secretariat", 1)))
    assert names_of(groups) == [{"PSU NASB", "Northern Anti-Smuggling Bureau of the PSU", "NASB"}]


def test_an_acronym_the_text_defines_joins_its_name_even_when_its_letters_are_not_initials():
    ents = orgs(("KAZWAT", 4), ("Kazakh Water Agency", 2))
    assert suggest(ents) == []
    groups = suggest(ents, defined=K.definitions("met the Kazakh Water Agency (KAZWAT) on Monday"))
    assert names_of(groups) == [{"KAZWAT", "Kazakh Water Agency"}]


def test_transliterations_and_initials_of_people():
    groups = suggest(people(("Yevgeny Khodorovsky", 5), ("Evgeniy Hodorovskiy", 1), ("Ivan Petrov", 3), ("Petrov", 2),
                            ("A. Borodin", 1), ("Anna Borodina", 1), ("K. Lindqvist", 1), ("Karin Lindqvist", 4)))
    assert names_of(groups) == [{"Yevgeny Khodorovsky", "Evgeniy Hodorovskiy"}, {"Karin Lindqvist", "K. Lindqvist"}]
    assert TRANSLIT in groups[0].methods and INITIAL in groups[1].methods


def test_an_initial_two_full_names_share_joins_neither():
    groups = suggest(people(("S. Tamm", 1), ("Sven Tamm", 1), ("Silja Tamm", 1)))
    assert groups == []


def test_nearest_neighbours_need_every_differing_word_to_be_a_spelling_of_the_other():
    groups = suggest(orgs(("Standing Committee on Fisheries", 4), ("Standing Committee on Fishries", 1),
                          ("Academy of the Interior Ministry of Narnia", 1), ("Academy of the Interior Ministry of Ruritania", 1),
                          ("ABCD Secretariat", 1), ("ABCE Secretariat", 1), ("Harbour Police", 1), ("Harbour Police Academy", 1)))
    assert names_of(groups) == [{"Standing Committee on Fisheries", "Standing Committee on Fishries"}]
    assert groups[0].methods == (NEIGHBOUR,) and 88 <= groups[0].score < 100


def test_different_authority_ids_are_never_grouped_and_one_id_groups():
    ents = [Entity(1, "organization", "Tidal Board", (), 2, "Q1"), Entity(2, "organization", "Tidal  board", (), 1, "Q2"),
            Entity(3, "organization", "Harbour Office", (), 1, "Q7"), Entity(4, "organization", "Port Bureau", (), 1, "Q7")]
    groups = suggest(ents)
    assert names_of(groups) == [{"Harbour Office", "Port Bureau"}]
    assert groups[0].methods == (AUTHORITY,)


def test_kinds_never_mix_and_variants_count():
    ents = [Entity(1, "organization", "Narva", (), 1), Entity(2, "place", "Narva", (), 1),
            Entity(3, "place", "Tallinn", ("Tallin",), 3), Entity(4, "place", "Talinn", (), 1)]
    groups = suggest(ents)
    assert [(g.kind, {m.entity_id for m in g.members}) for g in groups] == [("place", {3, 4})]
    assert groups[0].members[0].variants == ("Tallin",)


def test_a_rejected_group_is_not_proposed_again_until_a_new_spelling_joins_it():
    ents = orgs(("Baltic Grain Exchange", 3), ("BGE", 2))
    (g,) = suggest(ents)
    assert suggest(ents, rejected=[g.keys()]) == []
    grown = ents + [Entity(9, "organization", "The Baltic Grain Exchange", (), 1)]
    (again,) = suggest(grown, rejected=[g.keys()])
    assert {m.entity_id for m in again.members} == {1, 2, 9}


def test_group_ids_are_stable_and_depend_on_the_members_only():
    a, b = (1, ["BGE"]), (2, ["Baltic Grain Exchange", "BGX"])
    assert group_id("organization", [a, b]) == group_id("organization", [(2, ["bgx", "baltic grain exchange"]), a])
    assert group_id("organization", [a, b]) != group_id("place", [a, b])
    assert group_id("organization", [a, b]) != group_id("organization", [(1, ["BGE", "BGX"]), (2, ["Baltic Grain Exchange"])])
    ents = orgs(("Baltic Grain Exchange", 3), ("BGE", 2))
    (first,) = suggest(ents)
    (second,) = suggest(list(reversed(ents)))
    assert first.id == second.id


def test_blocking_compares_far_fewer_pairs_than_all(monkeypatch):
    rng = random.Random(4)
    syll = ["ka", "lo", "mir", "tan", "vel", "do", "rus", "ek", "sa", "ni", "por", "bel"]
    names = [(i, " ".join("".join(rng.choice(syll) for _ in range(3)).capitalize() for _ in range(3)) + " Council")
             for i in range(3000)]
    compared = []
    real = neighbours._scored

    def counting(texts, block, threshold):
        compared.append(len(block) ** 2)
        return real(texts, block, threshold)

    monkeypatch.setattr(neighbours, "_scored", counting)
    list(neighbours.neighbour_pairs(names))
    assert sum(compared) < 3000 * 3000 / 10


def test_names_differing_only_in_spelling_or_hyphens_are_neighbours_at_100():
    pairs = list(neighbours.neighbour_pairs([(1, "Office of Counter-Smuggling"), (2, "Office of Counter Smuggling"),
                                             (3, "OCS")], threshold=80))
    assert pairs == [(1, 2, 100.0)]


def test_the_benchmark_groups_the_second_spellings_it_invents():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import bench_suggest

    ents = bench_suggest.invented(2000)
    second = {e.id for e in ents if e.events == 1}  # a second spelling (of the entity made just before it)
    groups = suggest(ents)
    grouped = {i for g in groups for i in g.entity_ids}
    assert len(second & grouped) >= 0.9 * len(second)  # found
    assert sum(len(g.members) == 2 for g in groups) >= 0.9 * len(groups)  # and mostly as the pairs they are
    out = bench_suggest.run_names(300)
    assert out["names"] == 300 and out["groups"] > 0 and out["peak_mb"] > 0
