"""Two reviewers and an import on one database at once: no edit is lost, none is said saved that was not.

The stress test runs two editing processes (``concurrent_editor.py``) over the
same 200 events, most of their edits on 5 of them and on the same fields,
while a third process imports 1,000 new pages, then re-extracts everything and
exports. Every edit a reviewer was told was saved must be in the export, or
have been followed by a later saved edit that was made over it (seen by its
reviewer); every other edit must have been refused with a one-line message.
"""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from reviewer.importing.pipeline import import_paths
from reviewer.store import Store

ROOT = Path(__file__).resolve().parents[2]
EDITOR = Path(__file__).with_name("concurrent_editor.py")
BASE_PAGES = 170  # makes a little over 200 events
IMPORT_PAGES = int(os.environ.get("REVIEWER_STRESS_PAGES", "1000"))
EDITS_EACH = 250


def _corpus(folder: Path, pages: int, seed: int) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from make_corpus import write_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return write_corpus(folder, pages, seed)


def _cli(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "reviewer.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _same(a, b) -> bool:
    return (a in (None, "") and b in (None, "")) or a == b


@pytest.mark.slow
def test_two_reviewers_and_an_import_at_once_lose_no_edit_and_invent_none(tmp_path):
    db = tmp_path / "shared.db"
    base = _corpus(tmp_path / "base", BASE_PAGES, seed=21)
    more = _corpus(tmp_path / "more", IMPORT_PAGES, seed=22)
    with Store(db) as store:
        import_paths(store, [base], workers=0)
        ids = [r[0] for r in store.db.execute(
            "SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL ORDER BY id LIMIT 200")]
    assert len(ids) == 200
    stop = tmp_path / "stop"
    editors = {name: subprocess.Popen(
        [sys.executable, str(EDITOR), str(db), name, str(seed), ",".join(map(str, ids)), str(stop), str(EDITS_EACH)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name, seed in (("anna", 1), ("bob", 2))}
    importer = _cli("--db", str(db), "import", str(more))
    out, err = importer.communicate(timeout=600)
    assert importer.returncode == 0 and "Traceback" not in err, err
    stop.touch()
    attempts = []
    for name, proc in editors.items():
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0 and err == "", err
        attempts += [{"who": name, **json.loads(line)} for line in out.splitlines()]
    reextract = _cli("--db", str(db), "reextract")
    out, err = reextract.communicate(timeout=600)
    assert reextract.returncode == 0 and "Traceback" not in err, err
    export = tmp_path / "all.jsonl"
    exporter = _cli("--db", str(db), "export", "--format", "jsonl", "--all", "-o", str(export))
    out, err = exporter.communicate(timeout=600)
    assert exporter.returncode == 0, err
    exported = {e["id"]: e for e in map(json.loads, export.read_text(encoding="utf-8").splitlines())}

    saved = [a for a in attempts if a["saved"]]
    refused = [a for a in attempts if not a["saved"]]
    assert len(attempts) >= 2 * EDITS_EACH and saved
    for name in ("anna", "bob"):  # each reviewer edited all 200 events
        assert {a["event"] for a in attempts if a["who"] == name} == set(ids)
    for a in refused:  # each refusal was told to the reviewer in one line
        assert a["message"] and "\n" not in a["message"] and a["kind"] in ("Conflict", "LockedDatabase"), a
    assert set(ids) <= set(exported), "an edited event left the export"

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []

    # Scalar values: each (row, field)'s changes in commit order (the audit log) must chain, every saved
    # edit must have been made over the value stored just before it (never over a value that was
    # already replaced: a lost update), and the last value must be what the export holds.
    fields = {"location": ("events", "location"), "dates": ("events", "date_start"),
              "role": ("event_participants", "role")}
    for op, (table, column) in fields.items():
        mine = [a for a in saved if a["op"] == op]
        rows = {a["row"] for a in mine}
        for row in rows:
            audit = conn.execute("SELECT who, action, old, new FROM audit_log WHERE table_name = ? AND row_id = ?"
                                 " AND field = ? ORDER BY id", [table, row, column]).fetchall()
            told = {(a["new"][0] if op == "dates" else a["new"]): a for a in mine if a["row"] == row}
            by_reviewers = [r for r in audit if r[0] in ("anna", "bob")]
            assert sorted(r[3] for r in by_reviewers) == sorted(told), f"{op} {row}: audit and saved edits differ"
            for prev, cur in pairwise(audit):
                assert _same(prev[3], cur[2]), f"{op} {row}: {cur} was written over {prev}"
            for r in by_reviewers:
                a = told[r[3]]
                shown = a["expected"][0] if op == "dates" else a["expected"][1] if op == "role" else a["expected"]
                assert _same(shown, r[2]), f"{op} {row}: {a} saved over {r[2]!r}, not what its window showed"
            last = audit[-1][3]
            if op == "role":
                event_id, name = conn.execute("SELECT event_id, name FROM event_participants WHERE id = ?", [row]).fetchone()
                assert {"name": name, "role": last} in [{k: p[k] for k in ("name", "role")}
                                                        for p in exported[event_id]["participants"]], f"role {row}"
            elif op == "dates":
                assert exported[row]["date_start"] == last == exported[row]["date_end"], f"dates {row}"
            else:
                assert exported[row]["location"] == last, f"location {row}"
    # Added people and organizations: every one saved is in its event's export, after re-extraction too.
    for a in saved:
        if a["op"] == "add_person":
            assert a["new"] in [p["name"] for p in exported[a["event"]]["participants"]], a
        elif a["op"] == "add_org":
            assert a["new"] in exported[a["event"]]["organizations"], a
    print(f"{len(attempts)} edits: {len(saved)} saved, {len(refused)} refused "
          f"({sum(a['kind'] == 'Conflict' for a in refused)} conflicts) on {len({a['event'] for a in saved})} events")


def test_the_window_refuses_an_edit_to_an_event_merged_away_meanwhile_and_shows_the_live_one(review_window, review_db):
    from reviewer.dedupe.merge import merge

    window, type_into = review_window
    shown = window.editor.current_event
    with Store(review_db) as other:  # another window merges the shown event into another one
        survivor = other.db.execute("SELECT id FROM events WHERE id != ? AND deleted = 0 ORDER BY id LIMIT 1",
                                    [shown.id]).fetchone()[0]
        merge(other, survivor, shown.id, who="bob")
    saved = type_into(window.editor.location, "Tashkent")
    assert not window.banner.isHidden()
    assert f"Event {shown.id} was merged into event {survivor} by bob" in window.banner.text()
    assert saved == [] and window.runner.stack.count() == 0
    assert window.editor.current_event.id == survivor  # reloaded: the reviewer now sees the live event
    with sqlite3.connect(review_db) as conn:
        assert conn.execute("SELECT count(*) FROM events WHERE location = 'Tashkent'").fetchone()[0] == 0


def test_the_window_never_overwrites_a_value_another_window_changed_and_shows_it(review_window, review_db):
    from reviewer.review import ReviewService

    window, type_into = review_window
    shown = window.editor.current_event
    with Store(review_db) as other:  # another reviewer sets the place of the event this window shows
        ReviewService(other, "bob").set_field(shown.id, "location", "Minsk")
    saved = type_into(window.editor.location, "Tashkent")
    assert saved == [] and window.runner.stack.count() == 0
    assert window.banner.text().startswith('Location was changed to "Minsk" by bob at ')
    assert window.editor.location.text() == "Minsk"  # reloaded: the reviewer sees what is stored now
    with sqlite3.connect(review_db) as conn:
        assert conn.execute("SELECT location FROM events WHERE id = ?", [shown.id]).fetchone()[0] == "Minsk"
    saved = type_into(window.editor.location, "Tashkent")  # typed again over what is shown now: it wins
    assert saved and window.banner.isHidden()
    with sqlite3.connect(review_db) as conn:
        assert conn.execute("SELECT location FROM events WHERE id = ?", [shown.id]).fetchone()[0] == "Tashkent"


def test_the_window_refuses_an_edit_to_an_event_deleted_meanwhile_and_stops_showing_it(review_window, review_db):
    from reviewer.review import ReviewService

    window, type_into = review_window
    shown = window.editor.current_event
    with Store(review_db) as other:
        ReviewService(other, "bob").delete_event(shown.id)
    saved = type_into(window.editor.location, "Tashkent")
    assert saved == [] and window.runner.stack.count() == 0
    assert window.banner.text().startswith(f"Event {shown.id} was deleted by bob at ")
    assert window.editor.current_event is None or window.editor.current_event.id != shown.id
    with sqlite3.connect(review_db) as conn:
        assert conn.execute("SELECT location FROM events WHERE id = ?", [shown.id]).fetchone()[0] == shown.location
