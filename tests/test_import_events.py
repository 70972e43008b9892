"""import-events: a JSON Lines export read back into a database, keeping reviews, reporting conflicts."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer.cli import cli
from reviewer.export import export
from reviewer.export.read_back import ImportEventsError, import_events
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
    """Records without ``keys``, and without the entity ids (each database numbers its own entities)."""
    return [{**{k: v for k, v in r.items() if k not in keys and k != "place_id"},
             "organization_entities": [{k: v for k, v in o.items() if k != "entity"} for o in r["organization_entities"]]}
            for r in records]


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


# --------------------------------------------------------------------------
# Reading back within bounds (issue #13: items 3, 9, 11)

LINE_BREAKS = "\u2028\u2029\u0085"


def _first_mention(store) -> dict:
    return store.rows("SELECT e.id, d.name, d.sha256, m.evidence_start AS start, m.evidence_end AS end FROM events e"
                      " JOIN mentions m ON m.event_id = e.id JOIN items i ON i.id = m.item_id"
                      " JOIN documents d ON d.id = i.document_id ORDER BY e.id LIMIT 1")[0]


def _verified_line(row: dict, **extra) -> dict:
    """A verified event citing ``row``'s sentence, as another reviewer's export would hold it."""
    src = {"doc": row["name"], "sha256": row["sha256"], "start": row["start"], "end": row["end"],
           "evidence": f"a sentence{LINE_BREAKS}with every line break JSON leaves raw"}
    return {**GOOD, "location": "Minsk", "sources": [src], **extra}


def test_the_export_writes_one_line_per_event_whatever_the_texts_hold(reviewed, tmp_path):
    svc = ReviewService(reviewed, "alice")
    first = exported(reviewed, tmp_path / "a.jsonl")[0]["id"]
    svc.set_field(first, "location", "Bish\u2028kek")  # whatever the field keeps of it
    svc.add_participant(first, "Jane\u2029Example", "ob\u0085server")
    reviewed.db.execute("UPDATE event_participants SET role = ? WHERE event_id = ?", [f"a{LINE_BREAKS}b", first])
    path = tmp_path / "mine.jsonl"
    records = exported(reviewed, path)
    text = path.read_text(encoding="utf-8")
    # str.splitlines (and JavaScript) split at U+2028, U+2029 and U+0085: they are written as escapes
    assert len(text.splitlines()) == len(records) and not any(c in text for c in LINE_BREAKS)
    assert any(p["role"] == f"a{LINE_BREAKS}b" for r in records for p in r["participants"])  # the exact text


def test_a_line_holding_unicode_line_breaks_raw_is_read_as_one_event(fresh, tmp_path):
    row = _first_mention(fresh)
    path = tmp_path / "raw.jsonl"  # as an older export (or another tool) wrote it: the characters raw
    path.write_text(json.dumps(_verified_line(row), ensure_ascii=False) + "\n", encoding="utf-8")
    assert any(c in path.read_text(encoding="utf-8") for c in LINE_BREAKS)
    result = run(fresh, path)
    assert result.exit_code == 0, result.output
    assert fresh.db.execute("SELECT location, review_status FROM events WHERE id = ?", [row["id"]]).fetchone() == (
        "Minsk", "verified")


def _cli_in_child(db: Path, path: Path, timeout: float = 60):
    """import-events in a child process: a hang or a runaway read fails the test instead of the run."""
    import resource
    import subprocess
    import sys

    # VmHWM, the child's own peak: its ru_maxrss starts at the parent's (the test run's, over 200 MB late in a run)
    code = ("import sys; from reviewer.cli import main; sys.argv = ['reviewer'] + sys.argv[1:];"
            " exec('try:\\n main()\\nfinally:\\n print(next(l for l in open(\"/proc/self/status\")"
            " if l.startswith(\"VmHWM:\")).split()[1], file=sys.stderr)')")
    proc = subprocess.run([sys.executable, "-c", code, "--db", str(db), "import-events", str(path)],
                          capture_output=True, text=True, timeout=timeout,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)))
    *lines, peak_kib = proc.stderr.strip().splitlines()
    return proc.returncode, "\n".join(lines), int(peak_kib) / 1024


@pytest.mark.parametrize("kind", ["fifo", "device", "link to a device"])
def test_only_a_regular_file_is_read(fresh, tmp_path, kind):
    import os

    path = tmp_path / "events.jsonl"
    if kind == "fifo":
        os.mkfifo(path)  # nobody ever writes: reading it used to block for ever
    else:
        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero")
        if kind == "device":
            path = Path("/dev/zero")  # endless: reading it used to grow until memory ran out
        else:
            path.symlink_to("/dev/zero")
    code, err, _ = _cli_in_child(fresh.path, path)
    assert code == 1 and err == f"Error: {path}: is {'a FIFO' if kind == 'fifo' else 'a device'}, not a regular file;" \
        " only a JSON Lines file can be imported", err


def test_a_huge_field_is_refused_after_reading_one_line_bound(fresh, tmp_path):
    row = _first_mention(fresh)
    path = tmp_path / "huge.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(_verified_line(row)) + "\n")
        f.write(json.dumps(_verified_line(row, location="x" * (60 << 20))) + "\n")  # one 60 MB string
    before = fresh.db.execute("SELECT count(*), max(updated_at) FROM events").fetchone()
    code, err, peak_mb = _cli_in_child(fresh.path, path)
    assert code == 1 and err == f"Error: {path}:2: longer than 4 MiB; nothing was imported"
    assert peak_mb < 200, peak_mb  # it took 30 bytes a byte of the field (3 GB for 100 MB)
    assert fresh.db.execute("SELECT count(*), max(updated_at) FROM events").fetchone() == before


def test_the_size_limit_counts_the_bytes_read_not_the_size_the_file_claims(fresh, monkeypatch):
    from reviewer import jsonl_reader

    claims_nothing = Path("/proc/self/maps")  # a regular file whose stat size is 0
    if not claims_nothing.exists() or claims_nothing.stat().st_size != 0:
        pytest.skip("needs Linux /proc")
    monkeypatch.setattr(jsonl_reader, "MAX_BYTES", 1024)
    with pytest.raises(ImportEventsError, match=r"^/proc/self/maps: larger than 1 KiB; nothing was imported$"):
        import_events(fresh, claims_nothing)


def test_a_long_line_is_named_before_it_is_read_whole(fresh, tmp_path, monkeypatch):
    from reviewer import jsonl_reader

    monkeypatch.setattr(jsonl_reader, "MAX_LINE", 4096)
    row = _first_mention(fresh)
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps(_verified_line(row)) + "\n" + json.dumps(_verified_line(row, reviewer="r" * 5000)),
                    encoding="utf-8")
    with pytest.raises(ImportEventsError, match=rf"^{path}:2: longer than 4 KiB; nothing was imported$"):
        import_events(fresh, path)
    assert fresh.db.execute("SELECT review_status FROM events WHERE id = ?", [row["id"]]).fetchone()[0] == "unreviewed"


def _hostile(row: dict) -> list[tuple[str, str]]:
    good = _verified_line(row)
    src = good["sources"][0]
    return [
        (json.dumps({**good, "sources": [{**src, "start": 2**63, "end": 2**64}]}), "start and end must be offsets"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"location": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        (json.dumps({**good, "location": "Min\ud800sk"}), "location 'Min\\ud800sk' is not valid Unicode"),
        (json.dumps({**good, "participants": [{"name": "\udfff"}]}), "participant name '\\udfff' is not valid Unicode"),
        (json.dumps({**good, "sources": [{**src, "doc": "a\ud800.txt"}]}), "source doc 'a\\ud800.txt' is not valid"),
        (json.dumps({**good, "updated_at": "yesterday"}), "updated_at 'yesterday' is not a time"),
        (json.dumps({**good, "updated_at": "2024-13-01T00:00:00Z"}), "is not a time"),
        (json.dumps({**good, "online": float("nan")}), "NaN is not a JSON value"),
        ('{"start": ' + "9" * 5000 + "}", "not JSON this program reads"),
        (json.dumps({**good, "event_type": "x" * 5000}), "event_type 'xxxxx"),
        (json.dumps({**good, "location": "y" * 10_001}), "location is longer than 10,000 characters"),
        (json.dumps({**good, "organizations": ["o"] * 10_001}), "organizations has more than 10,000 entries"),
    ]


@pytest.mark.parametrize("case", range(13))
def test_a_hostile_value_is_one_line_naming_file_and_line_and_nothing_is_imported(fresh, tmp_path, case):
    row = _first_mention(fresh)
    line, reason = _hostile(row)[case]
    path = tmp_path / "hostile.jsonl"
    path.write_text(json.dumps(_verified_line(row)) + "\n" + line + "\n", encoding="utf-8", errors="surrogatepass")
    before = fresh.db.execute("SELECT count(*), max(updated_at), max(review_status) FROM events").fetchone()
    result = run(fresh, path)
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {path}:2: ") and reason in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1 and len(result.output) < 300
    assert fresh.db.execute("SELECT count(*), max(updated_at), max(review_status) FROM events").fetchone() == before


def test_a_valid_updated_at_is_kept_as_written(fresh, tmp_path):
    row = _first_mention(fresh)
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(_verified_line(row, updated_at="2024-05-01T09:30:00Z")) + "\n", encoding="utf-8")
    assert run(fresh, path).exit_code == 0
    assert fresh.db.execute("SELECT updated_at FROM events WHERE id = ?", [row["id"]]).fetchone()[0] == \
        "2024-05-01T09:30:00Z"


def test_an_event_whose_sentences_are_outside_its_pages_says_so(fresh, tmp_path):
    row = _first_mention(fresh)
    size = fresh.db.execute("SELECT length(text) FROM documents WHERE name = ?", [row["name"]]).fetchone()[0]
    line = _verified_line(row)
    line["sources"][0].update(start=size + 10, end=size + 20)
    path = tmp_path / "off.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    report = import_events(fresh, path)
    assert report.skipped == ["line 1: its sentences are not in this database's copy of its pages"
                              " (the offsets fall outside every item)"]


def test_any_line_is_imported_or_refused_in_one_line_and_a_refusal_changes_nothing(fresh, tmp_path):
    """Property: whatever a line holds, import-events ends in a report or a one-line refusal."""
    from hypothesis import HealthCheck, given, settings, strategies as st

    row = _first_mention(fresh)
    good = _verified_line(row)
    src = good["sources"][0]
    scalars = (st.none() | st.booleans() | st.integers(min_value=-2**70, max_value=2**70) | st.floats()
               | st.text(max_size=20) | st.sampled_from(["meeting", "held", "verified", "2024-05-01", "\ud800"]))
    values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from([*good, "name", "role", "aliases", "doc", "start", "end"]), inner, max_size=5), max_leaves=12)
    source = st.fixed_dictionaries({}, optional={
        "doc": st.sampled_from([src["doc"], "x.txt"]) | values, "sha256": st.just(src["sha256"]) | values,
        "start": st.sampled_from([src["start"], 2**63]) | values, "end": st.sampled_from([src["end"], 2**64]) | values})
    changes = st.dictionaries(st.sampled_from([*good, "participants", "organizations"]), values, max_size=3)
    # a good line with a few values changed: it gets past the first checks to the ones deeper in
    lines = st.tuples(changes, st.lists(source, min_size=1, max_size=2) | st.just(good["sources"])).map(
        lambda c: {**good, "sources": c[1], **c[0]})
    path = tmp_path / "any.jsonl"
    state = "SELECT count(*), max(updated_at), group_concat(review_status) FROM events"

    examples = int(__import__("os").environ.get("REVIEWER_HYPOTHESIS_EXAMPLES", "100"))

    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))
    @given(lines | values, st.booleans())
    def check(obj, ascii_only):
        path.write_text(json.dumps(obj, ensure_ascii=ascii_only), encoding="utf-8", errors="surrogatepass")
        before = fresh.db.execute(state).fetchone()
        try:
            import_events(fresh, path)
        except ImportEventsError as exc:
            assert "\n" not in str(exc) and str(exc).startswith(f"{path}") and len(str(exc)) < 300, str(exc)
            assert fresh.db.execute(state).fetchone() == before

    check()
