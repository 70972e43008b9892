"""Authority lists reconciled against the seeds: ids set in one undoable step, carried by the export."""
from __future__ import annotations

import json

import pytest

from reviewer.entities import EntityService
from reviewer.entities.authority import read_authority, reconcile, set_ids, store_entities
from reviewer.export import export
from reviewer.review import Conflict


@pytest.fixture
def ent(seeded_store):
    return EntityService(seeded_store, "alice")


def ids_exported(store, tmp_path) -> dict[str, str]:
    """Exported participant and organization names -> their id, where one is known."""
    out = tmp_path / "all.jsonl"
    export(store, "jsonl", out, "all", force=True)
    found = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        e = json.loads(line)
        for p in e["participants"] + e["organization_entities"]:
            if p.get("id"):
                found[p["name"]] = p["id"]
    return found


def test_exact_and_alias_matches_are_set_in_one_undoable_step_and_exported(ent, seeded_store, tmp_path):
    listed = tmp_path / "authority.csv"
    listed.write_text("kind,name,id,aliases\n"
                      "organization,Collective Security Council,Q1,CSTO Collective Security Council|CSC\n"
                      "person,Samat Ordabayev,Q2,S. Ordabayev\n"
                      "person,Vladimir Putin,Q3,\n"
                      "organization,UN Regional Centre for Preventive Diplomacy in Central Asia,Q4,\n"
                      "place,Moscow,Q5,Moskva\n", encoding="utf-8")
    report = reconcile(store_entities(ent), read_authority(listed))
    got = {(m.entity_name, m.authority_id, m.how) for m in report.matched}
    assert got == {("CSTO Collective Security Council", "Q1", "alias"), ("Samat Ordabaev", "Q2", "alias"),
                   ("Vladimir Putin", "Q3", "exact"), ("Moscow", "Q5", "exact")}
    assert report.proposed == [] and report.conflicts == []
    before = ids_exported(seeded_store, tmp_path)
    assert before == {}

    edit = set_ids(ent, report.matched, "Authority ids from authority.csv")
    assert len(edit.changes) == 4
    after = ids_exported(seeded_store, tmp_path)
    assert after["CSTO Collective Security Council"] == "Q1" and after["Vladimir Putin"] == "Q3"
    assert after["S. Ordabayev"] == after["Samat Ordabaev"] == "Q2"
    assert seeded_store.db.execute("SELECT count(DISTINCT action_id) FROM audit_log WHERE table_name = 'entities'"
                                   " AND field = 'authority_id'").fetchone()[0] == 1  # one action in the history
    ent.revert(edit)
    assert ids_exported(seeded_store, tmp_path) == {}
    ent.reapply(edit)
    assert ids_exported(seeded_store, tmp_path) == after

    again = reconcile(store_entities(ent), read_authority(listed))
    assert again.matched == [] and len(again.already) == 4


def test_an_id_a_curator_gave_is_kept_and_a_stale_match_sets_nothing(ent, seeded_store, tmp_path):
    putin = next(r for r in ent.entities("person") if r.name == "Vladimir Putin")
    ent.set_authority_id(putin.id, "Q999")
    listed = tmp_path / "authority.csv"
    listed.write_text("kind,name,id,aliases\nperson,Vladimir Putin,Q3,\nperson,Sergey Lavrov,Q4,\nplace,Moscow,Q5,\n",
                      encoding="utf-8")
    report = reconcile(store_entities(ent), read_authority(listed))
    assert [(m.entity_name, m.current_id, m.authority_id) for m in report.conflicts] == [("Vladimir Putin", "Q999", "Q3")]
    lavrov = next(m for m in report.matched if m.entity_name == "Sergey Lavrov")
    ent.set_authority_id(lavrov.entity_id, "Q8")  # another curator, meanwhile: the whole step is refused
    with pytest.raises(Conflict, match="Sergey Lavrov"):
        set_ids(ent, report.matched, "from the list")
    assert ids_exported(seeded_store, tmp_path) == {"Vladimir Putin": "Q999", "Sergey Lavrov": "Q8"}
    ent.set_authority_id(lavrov.entity_id, "Q4")  # the same id as the list's: nothing to refuse, nothing to set
    edit = set_ids(ent, report.matched, "from the list")
    assert [c.new for c in edit.changes] == ["Q5"]
