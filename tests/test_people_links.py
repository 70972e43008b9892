"""A participant the reviewer added and took back never becomes another person's alias in the export."""
from __future__ import annotations

import json

from reviewer import dedupe
from reviewer.export import export
from reviewer.review import ReviewService


def exported_people(store, tmp_path):
    out = tmp_path / "all.jsonl"
    export(store, "jsonl", out, scope="all", force=True)
    return {p["name"]: p["aliases"] for line in out.read_text(encoding="utf-8").splitlines()
            for p in json.loads(line)["participants"]}


def test_a_removed_participant_is_no_alias_after_the_next_duplicate_pass(seeded_store, tmp_path):
    svc = ReviewService(seeded_store, "ana")
    event = svc.release_detail(svc.release_page(limit=1)[0].id).events[0].id
    svc.add_participant(event, "Petrov", "Ivan, Deputy Minister")  # a name split at the wrong comma
    wrong = next(p.id for p in svc.event(event).participants if p.name == "Petrov")
    svc.remove_participant(wrong)
    svc.add_participant(event, "Ivan Petrov", "Deputy Minister")
    dedupe.dedupe(seeded_store)  # the pass every import ends with links spellings of one person

    assert exported_people(seeded_store, tmp_path)["Ivan Petrov"] == []
    svc.add_participant(event, "I. Petrov")  # a spelling on the event itself is still linked
    dedupe.dedupe(seeded_store)
    assert exported_people(seeded_store, tmp_path)["Ivan Petrov"] == ["I. Petrov"]
