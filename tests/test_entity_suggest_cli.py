"""``reviewer entities suggest|accept|reject|reconcile``: the window's suggestion and authority operations from the
command line."""
from __future__ import annotations

import json

from click.testing import CliRunner

from reviewer.cli import cli
from reviewer.entities import EntityService
from reviewer.review import ReviewService
from reviewer.store import Store


def run(db, *args):
    return CliRunner().invoke(cli, ["--db", str(db), "entities", *map(str, args)], catch_exceptions=False)


def suggested(db, *args):
    result = run(db, "suggest", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def typed_elsewhere(store, name: str, beside: str) -> None:
    """A curator adds organization ``name`` to an event that does not list ``beside``; the store is closed."""
    ent = EntityService(store, "alice")
    listing = {e.event_id for e in ent.events_of(next(r.id for r in ent.entities("organization") if r.name == beside))}
    other = next(e.event_id for r in ent.entities("organization") for e in ent.events_of(r.id) if e.event_id not in listing)
    ReviewService(store, "alice").add_organization(other, name)
    store.close()


def test_suggest_accept_and_reject_by_group_id(seeded_store):
    db = seeded_store.path
    council = next(r for r in EntityService(seeded_store, "x").entities("organization")
                   if r.name == "CSTO Collective Security Council")
    typed_elsewhere(seeded_store, "Collective Security Council", council.name)

    groups = suggested(db)
    assert groups == suggested(db, "--kind", "organization") + suggested(db, "--kind", "person") + suggested(db, "--kind", "place")
    (group,) = [g for g in groups if "Collective Security Council" in g["names"]]
    assert set(group["names"]) == {"CSTO Collective Security Council", "Collective Security Council"}
    assert group["kind"] == "organization" and "parent body" in group["methods"]
    assert {m["name"]: m["events"] for m in group["members"]}["CSTO Collective Security Council"] == council.events
    text = run(db, "suggest").output
    assert f"{group['id']}  organization " in text and text.rstrip().endswith(f"{len(groups)} suggestion{'' if len(groups) == 1 else 's'}")

    result = run(db, "accept", group["id"], "--name", "Collective Security Council", "--reviewer", "bob")
    assert result.exit_code == 0, result.output
    assert "into 'Collective Security Council'" in result.output
    assert all(g["id"] != group["id"] for g in suggested(db))
    with Store(db) as s:
        (row,) = [r for r in EntityService(s, "x").entities("organization") if r.name == "Collective Security Council"]
        assert {v.name for v in row.variants} == {"CSTO Collective Security Council", "Collective Security Council"}
        assert s.db.execute("SELECT count(*) FROM audit_log WHERE who = 'bob'").fetchone()[0] > 0

    again = run(db, "accept", group["id"])
    assert again.exit_code == 1 and again.output.startswith(f"Error: no suggestion {group['id']!r} now")


def test_reject_is_remembered(seeded_store):
    db = seeded_store.path
    typed_elsewhere(seeded_store, "Secretariat of the CSTO", "CSTO Secretariat")
    (group,) = [g for g in suggested(db, "--kind", "organization") if "Secretariat of the CSTO" in g["names"]]
    result = run(db, "reject", group["id"])
    assert result.exit_code == 0 and result.output.startswith("Not one organization:")
    assert all(g["id"] != group["id"] for g in suggested(db))
    assert run(db, "reject", "0123456789").exit_code == 1


def test_reconcile_sets_ids_reports_proposals_and_refuses_a_bad_list(seeded_store, tmp_path):
    db = seeded_store.path
    seeded_store.close()
    good = tmp_path / "authority.csv"
    good.write_text("kind,name,id,aliases\n"
                    "person,Vladimir Putin,Q7747,V. Putin\n"
                    "person,Sergey Lavrov,Q18,Sergei Lavrov\n"
                    "organization,CSTO Secretariat,Q50,Secretariat of the CSTO\n"
                    "person,Stanislav Zass,Q60,\n", encoding="utf-8")
    dry = run(db, "reconcile", good, "--dry-run")
    assert dry.exit_code == 0 and "would set person" in dry.output and dry.output.rstrip().endswith("left for you to decide")
    report = json.loads(run(db, "reconcile", good, "--json").output)
    assert report["set"] == 3
    assert {m["name"]: m["id"] for m in report["matched"]} == {"Vladimir Putin": "Q7747", "Sergey Lavrov": "Q18",
                                                                "CSTO Secretariat": "Q50"}
    (fuzzy,) = report["proposed"]
    assert (fuzzy["name"], fuzzy["id"], fuzzy["match"]) == ("Stanislav Zas", "Q60", "fuzzy") and fuzzy["score"] >= 80
    confirmed = run(db, "reconcile", good, "--confirm", fuzzy["entity_id"])
    assert confirmed.exit_code == 0 and f"set person {fuzzy['entity_id']} 'Stanislav Zas': Q60 (fuzzy)" in confirmed.output
    assert run(db, "reconcile", good, "--confirm", 1).exit_code == 2  # no proposal for that entity
    listed = {o["name"]: o.get("authority_id") for o in map(json.loads, run(db, "list", "--json").output.splitlines())}
    assert listed["Stanislav Zas"] == "Q60" and listed["CSTO Secretariat"] == "Q50"

    bad = tmp_path / "bad.csv"
    bad.write_bytes("kind,name,id,aliases\nperson,Иван Петров,Q1,\nperson,,Q2,\n".encode("cp1251"))
    result = CliRunner().invoke(cli, ["--db", str(db), "entities", "reconcile", str(bad)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"{bad}:2: not UTF-8 (byte 0xC8 at column 8); save the list as UTF-8",
                                          f"{bad}:3: empty name"]
