"""Cluster suggestions on a database: the seeds' variants become one entity each; accept, edit, reject, undo, redo."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reviewer.entities import EntityService
from reviewer.entities.suggest import Suggestions
from reviewer.export import export
from reviewer.review import InvalidValue, NotFound, ReviewService
from reviewer.store import Store

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "extract_pages"
#: The seeds and four pages of the extraction sets that name the same bodies other ways (written by people who
#: never saw this code): "Collective Security Council" bare and spelled out, UNRCCA spelled out.
EXTRA = ("dev_10.txt", "blind_10.txt", "sites_a_13.txt", "blind2_12.txt")
COUNCIL = {"CSTO Collective Security Council", "Collective Security Council",
           "Collective Security Council of the Collective Security Treaty Organization"}
UNRCCA = {"UNRCCA", "UN Regional Centre for Preventive Diplomacy for Central Asia"}


@pytest.fixture(scope="module")
def variants_db(tmp_path_factory) -> Path:
    from reviewer.importing.pipeline import import_paths

    path = tmp_path_factory.mktemp("variants") / "variants.db"
    with Store(path) as s:
        import_paths(s, [ROOT / "seeds", *(PAGES / name for name in EXTRA)])
    return path


@pytest.fixture
def store(variants_db: Path, tmp_path: Path):
    target = tmp_path / "variants.db"
    shutil.copyfile(variants_db, target)  # closed: its log was checkpointed into it
    s = Store(target)
    yield s
    s.close()


@pytest.fixture
def ent(store):
    return EntityService(store, "alice")


def exported(store, tmp_path) -> list[dict]:
    out = tmp_path / "all.jsonl"
    export(store, "jsonl", out, "all", force=True)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def canonical_of(records: list[dict]) -> dict[str, set[str]]:
    """Each organization name as written in the export -> the canonical names it is exported under."""
    out: dict[str, set[str]] = {}
    for r in records:
        for o in r["organization_entities"]:
            out.setdefault(o["name"], set()).add(o["canonical"])
    return out


def group_with(groups, names: set[str]):
    found = [g for g in groups if names & {m.name for m in g.members}]
    assert len(found) == 1, [g.as_json() for g in found]
    return found[0]


def test_the_variants_of_one_body_become_one_organization_in_the_export(store, ent, tmp_path):
    before = canonical_of(exported(store, tmp_path))
    assert COUNCIL | UNRCCA <= set(before)
    assert len(set().union(*(before[n] for n in COUNCIL))) == 3  # three organizations before
    sugg = Suggestions(ent)
    groups = sugg.groups("organization")
    council, unrcca = group_with(groups, COUNCIL), group_with(groups, UNRCCA)
    assert {m.name for m in council.members} == COUNCIL and {m.name for m in unrcca.members} == UNRCCA
    assert "acronym" in unrcca.methods  # defined in the text: its letters are not the name's initials

    events = {g.id: {e.event_id for m in g.members for e in ent.events_of(m.entity_id)} for g in (council, unrcca)}
    edits = [sugg.accept(g) for g in groups]
    assert sugg.groups("organization") == []
    after = canonical_of(exported(store, tmp_path))
    for names, group in ((COUNCIL, council), (UNRCCA, unrcca)):
        assert {c for n in names for c in after[n]} == {group.canonical}  # one name, whatever the page wrote
        row = next(r for r in ent.entities("organization") if r.name == group.canonical)
        assert {v.name for v in row.variants} >= names  # its variants
        assert {e.event_id for e in ent.events_of(row.id)} == events[group.id]  # every event of every member

    for edit in reversed(edits):
        ent.revert(edit)
    assert canonical_of(exported(store, tmp_path)) == before
    assert [g.id for g in sugg.groups("organization")] == [g.id for g in groups]
    for edit in edits:
        ent.reapply(edit)
    assert canonical_of(exported(store, tmp_path)) == after


def test_accept_chosen_members_under_another_name_is_one_undoable_merge(store, ent, tmp_path):
    sugg = Suggestions(ent)
    council = group_with(sugg.groups("organization"), COUNCIL)
    bare = next(m for m in council.members if m.name == "Collective Security Council")
    spelled = next(m for m in council.members if m.name.endswith("Treaty Organization"))
    edit = sugg.accept(council, [bare.entity_id, spelled.entity_id], name="Collective Security Council")
    assert "Merge organization" in edit.label
    after = canonical_of(exported(store, tmp_path))
    assert after[spelled.name] == after[bare.name] == {"Collective Security Council"}
    assert after["CSTO Collective Security Council"] == {"CSTO Collective Security Council"}
    # what is left is proposed again: the CSTO's council and the two now one
    again = group_with(sugg.groups("organization"), COUNCIL)
    assert {m.name for m in again.members} == {"CSTO Collective Security Council", "Collective Security Council"}
    with pytest.raises(NotFound):
        sugg.group(council.id)
    ent.revert(edit)
    assert sugg.group(council.id).members == council.members
    with pytest.raises(InvalidValue):
        sugg.accept(council, [bare.entity_id])
    with pytest.raises(InvalidValue):
        sugg.accept(council, [bare.entity_id, 999_999])


def test_a_rejected_group_is_remembered_audited_and_undone(store, ent):
    sugg = Suggestions(ent)
    unrcca = group_with(sugg.groups("organization"), UNRCCA)
    edit = sugg.reject(unrcca)
    assert all(g.id != unrcca.id for g in sugg.groups())
    # remembered in the database: another reviewer's session does not see it either
    assert all(g.id != unrcca.id for g in Suggestions(EntityService(store, "bob")).groups("organization"))
    assert store.db.execute("SELECT count(*) FROM audit_log WHERE table_name = 'entity_rejections' AND who = 'alice'"
                            ).fetchone()[0] == 1
    ent.revert(edit)
    assert sugg.group(unrcca.id) == unrcca
    ent.reapply(edit)
    with pytest.raises(NotFound):
        sugg.group(unrcca.id)


def test_a_body_a_reviewer_types_spelled_out_joins_its_acronym(store, ent, tmp_path):
    """The seeds write only "SCO RATS"; a curator typing the spelled-out name gets it proposed with it."""
    review = ReviewService(store, "alice")
    listing = {e.event_id for e in ent.events_of(next(r.id for r in ent.entities("organization") if r.name == "SCO RATS"))}
    other = next(e.event_id for e in ent.events_of(next(r.id for r in ent.entities("organization")
                                                        if r.name == "CSTO Secretariat")) if e.event_id not in listing)
    review.add_organization(other, "Regional Anti-Terrorist Structure of the Shanghai Cooperation Organisation")
    sugg = Suggestions(ent)
    group = group_with(sugg.groups("organization"), {"SCO RATS"})
    assert {m.name for m in group.members} == {"SCO RATS",
                                               "Regional Anti-Terrorist Structure of the Shanghai Cooperation Organisation"}
    assert "acronym" in group.methods
    sugg.accept(group, name="SCO RATS")
    after = canonical_of(exported(store, tmp_path))
    assert after["Regional Anti-Terrorist Structure of the Shanghai Cooperation Organisation"] == {"SCO RATS"}
