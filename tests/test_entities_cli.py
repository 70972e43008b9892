"""``reviewer entities list|merge|split|rename``: the window's operations from the command line."""
from __future__ import annotations

import json

from click.testing import CliRunner

from reviewer.cli import cli


def run(db, *args):
    return CliRunner().invoke(cli, ["--db", str(db), "entities", *map(str, args)], catch_exceptions=False)


def listed(db, kind):
    result = run(db, "list", "--kind", kind, "--json")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_list_merge_split_rename(seeded_store):
    db = seeded_store.path
    seeded_store.close()
    orgs = {o["name"]: o for o in listed(db, "organization")}
    council, secretariat = orgs["CSTO Collective Security Council"], orgs["CSTO Secretariat"]
    assert council["events"] >= 1 and council["variants"][0]["name"] == "CSTO Collective Security Council"
    text = run(db, "list", "--kind", "place").output
    assert "\tplace\tMoscow\t" in text and "[country RU]" in text
    assert "\tplace\tAlmaty\t1 event 2024-06-06 [country KZ]\n" in text

    result = run(db, "merge", council["id"], secretariat["id"], "--reviewer", "alice")
    assert result.exit_code == 0 and "Merge organization 'CSTO Secretariat'" in result.output
    merged = next(o for o in listed(db, "organization") if o["id"] == council["id"])
    assert merged["events"] == council["events"] + secretariat["events"]
    assert secretariat["id"] not in {o["id"] for o in listed(db, "organization")}

    variant = next(v for v in merged["variants"] if v["name"] == "CSTO Secretariat")
    assert run(db, "split", variant["id"]).exit_code == 0
    back = next(o for o in listed(db, "organization") if o["name"] == "CSTO Secretariat")
    assert back["events"] == secretariat["events"]

    assert run(db, "rename", back["id"], "Secretariat of the CSTO").exit_code == 0
    assert any(o["name"] == "Secretariat of the CSTO" for o in listed(db, "organization"))


def test_a_refused_operation_is_one_line_and_exit_1(seeded_store):
    db = seeded_store.path
    seeded_store.close()
    result = run(db, "merge", 999999, 999998)
    assert result.exit_code == 1 and result.output.count("\n") == 1 and "entity 999999 does not exist" in result.output
    person = listed(db, "person")[0]
    result = run(db, "split", person["variants"][0]["id"])
    assert result.exit_code == 1 and "only spelling" in result.output
