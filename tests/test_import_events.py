"""import-events: a JSON Lines export read back into a database, keeping reviews, reporting conflicts."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer.cli import cli
from reviewer.export import export
from reviewer.import_events import ImportEventsError, import_events
from reviewer.review import ReviewService
from reviewer.store import Store


def copy_db(src: Path, dst: Path) -> Path:
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close(), b.close()
    return dst


@pytest.fixture
def fresh(seeded_db, tmp_path):
    """Another reviewer's database: the same pages imported, nothing reviewed."""
    s = Store(copy_db(seeded_db, tmp_path / "theirs.db"))
    yield s
    s.close()


@pytest.fixture
def reviewed(verified_seeds):
    """alice verified two releases, corrected a location, added a participant and an event of her own."""
    store, svc, releases = verified_seeds
    first = svc._event_ids(releases[0])[0]
    svc.set_field(first, "location", "Bishkek")
    svc.add_participant(first, "Jane Example", "observer")
    added = svc.add_event(releases[1], evidence=_sentence(store, releases[1]), date_start="2024-05-01",
                          event_type="visit", status="planned").event_id
    svc.set_release_status(releases[1], "in_progress")
    svc.set_release_status(releases[1], "verified")  # verifying again takes in the event just added
    assert store.db.execute("SELECT review_status FROM events WHERE id = ?", [added]).fetchone()[0] == "verified"
    return store


def _sentence(store, release_id):
    """A span inside the release's first item that no extracted event uses as evidence."""
    start, end = store.db.execute('SELECT start, "end" FROM items WHERE release_id = ? ORDER BY id LIMIT 1',
                                  [release_id]).fetchone()
    return (end - 20, end - 1)


def exported(store, path: Path, scope="verified") -> list[dict]:
    export(store, "jsonl", path, scope, force=True)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def strip(records, *keys):
    return [{k: v for k, v in r.items() if k not in keys} for r in records]


def run(store, *args):
    return CliRunner().invoke(cli, ["--db", str(store.path), "import-events", *map(str, args)], catch_exceptions=False)


def test_round_trip_restores_the_verified_events(reviewed, fresh, tmp_path):
    mine = exported(reviewed, tmp_path / "mine.jsonl")
    assert len(mine) >= 3 and {r["reviewer"] for r in mine} == {"alice"}
    result = run(fresh, tmp_path / "mine.jsonl")
    assert result.exit_code == 0, result.output
    assert "0 conflicts" in result.output and "1 events added" in result.output
    theirs = exported(fresh, tmp_path / "theirs.jsonl")
    # the added event gets a new id here; everything else, reviews and change times included, comes back
    assert strip(theirs, "id") == strip(mine, "id")
    assert [r["id"] for r in theirs][:-1] == [r["id"] for r in mine][:-1]
    assert fresh.db.execute("SELECT origin FROM events WHERE id = ?", [theirs[-1]["id"]]).fetchone()[0] == "imported"
    # the window shows those releases verified too, and the import is in the audit log
    assert fresh.db.execute("SELECT count(*) FROM releases WHERE status = 'verified'").fetchone()[0] == 2
    assert fresh.db.execute("SELECT count(*) FROM audit_log WHERE action = 'import_events'").fetchone()[0] > 0


def test_importing_the_same_file_again_changes_nothing(reviewed, fresh, tmp_path):
    exported(reviewed, tmp_path / "mine.jsonl")
    assert run(fresh, tmp_path / "mine.jsonl").exit_code == 0
    before = exported(fresh, tmp_path / "a.jsonl", "all")
    audit = fresh.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    result = run(fresh, tmp_path / "mine.jsonl")
    assert result.exit_code == 0 and "0 events added, 0 updated" in result.output
    assert exported(fresh, tmp_path / "b.jsonl", "all") == before
    assert fresh.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit


def test_reviewed_work_here_is_never_overwritten_and_the_conflict_is_reported(reviewed, fresh, tmp_path):
    mine = exported(reviewed, tmp_path / "mine.jsonl")
    target = next(r for r in mine if r["location"] == "Bishkek")
    bob = ReviewService(fresh, "bob")
    bob.set_field(target["id"], "location", "Dushanbe")
    result = run(fresh, tmp_path / "mine.jsonl")
    assert result.exit_code == 1
    assert f"conflict: line {mine.index(target) + 1}: event {target['id']} was reviewed here and differs in location" \
        in result.output
    assert fresh.db.execute("SELECT location FROM events WHERE id = ?", [target["id"]]).fetchone()[0] == "Dushanbe"
    # the rest of the file still imported
    others = [r["id"] for r in mine if r is not target and r["id"] in {e[0] for e in fresh.db.execute(
        "SELECT id FROM events WHERE review_status = 'verified'")}]
    assert others


def test_events_whose_pages_are_missing_are_skipped_with_a_reason(reviewed, store, tmp_path):
    exported(reviewed, tmp_path / "mine.jsonl")
    report = import_events(store, tmp_path / "mine.jsonl")
    assert not report.added and report.skipped
    assert "not in this database; import the pages first" in report.skipped[0]
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 0


GOOD = {"date_start": "2024-12-11", "date_end": "2024-12-11", "event_type": "meeting", "status": "held",
        "location": None, "online": False, "participants": [], "organizations": [],
        "sources": [{"doc": "x.txt", "start": 0, "end": 10}], "review_status": "verified"}


@pytest.mark.parametrize("line, reason", [
    ("{not json", "not JSON"),
    (json.dumps([1, 2]), "not a JSON object"),
    (json.dumps({**GOOD, "event_type": "party"}), "event_type 'party' is not one of"),
    (json.dumps({**GOOD, "date_start": "2024-02-30"}), "no such day"),
    (json.dumps({**GOOD, "review_status": "done"}), "review_status 'done'"),
    (json.dumps({**GOOD, "sources": []}), "no sources"),
    (json.dumps({**GOOD, "sources": [{"doc": "x.txt", "start": 9, "end": 2}]}), "start and end"),
    (json.dumps({**GOOD, "participants": [{"role": "x"}]}), "participant name"),
])
def test_a_bad_line_is_named_and_nothing_is_imported(fresh, tmp_path, line, reason):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + line + "\n", encoding="utf-8")
    before = fresh.db.execute("SELECT count(*), max(updated_at) FROM events").fetchone()
    result = run(fresh, path)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}:2: ") and reason in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert fresh.db.execute("SELECT count(*), max(updated_at) FROM events").fetchone() == before


@pytest.mark.parametrize("content, reason", [(b"\xff\xfe\x00garbage", "not UTF-8"), (b"\n\n", "no events"),
                                             (None, "no such file")])
def test_unreadable_files_are_refused(fresh, tmp_path, content, reason):
    path = tmp_path / "f.jsonl"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ImportEventsError, match=reason):
        import_events(fresh, path)


def test_an_export_from_another_scoring_tool_with_plain_names_imports(fresh, tmp_path):
    """Participants may be plain strings and sha256 absent (the interchange format allows both)."""
    row = fresh.rows("SELECT e.id, d.name, m.evidence_start, m.evidence_end FROM events e"
                     " JOIN mentions m ON m.event_id = e.id JOIN items i ON i.id = m.item_id"
                     " JOIN documents d ON d.id = i.document_id ORDER BY e.id LIMIT 1")[0]
    rec = {**GOOD, "participants": ["Jane Example"], "location": "Minsk",
           "sources": [{"doc": row["name"], "start": row["evidence_start"], "end": row["evidence_end"]}]}
    path = tmp_path / "plain.jsonl"
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    report = import_events(fresh, path, who="carol")
    assert report.updated == [row["id"]] and not report.conflicts
    ev = fresh.rows("SELECT location, review_status, edited_fields FROM events WHERE id = ?", [row["id"]])[0]
    assert ev["location"] == "Minsk" and ev["review_status"] == "verified" and "location" in json.loads(ev["edited_fields"])
    assert fresh.db.execute("SELECT name FROM event_participants WHERE event_id = ?", [row["id"]]).fetchall() == [
        ("Jane Example",)]
    assert fresh.db.execute("SELECT count(*) FROM audit_log WHERE who = 'carol'").fetchone()[0] > 0


def test_another_machines_unreviewed_guess_does_not_replace_ours(fresh, tmp_path):
    records = exported(fresh, tmp_path / "all.jsonl", "all")
    guess = {**records[0], "location": "Atlantis"}  # unreviewed, nothing set by hand
    (tmp_path / "guess.jsonl").write_text(json.dumps(guess) + "\n", encoding="utf-8")
    report = import_events(fresh, tmp_path / "guess.jsonl")
    assert report.unchanged == 1 and not report.updated and not report.conflicts
    assert fresh.db.execute("SELECT location FROM events WHERE id = ?", [records[0]["id"]]).fetchone()[0] != "Atlantis"
