"""Export: the contents of each format on the seeds, formula neutralisation, atomic writes, stable bytes."""
from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer import __version__
from reviewer.cli import cli
from reviewer.dedupe.merge import merge
from reviewer.export import ExportCancelled, ExportError, export, sqlite_dataset, writers
from reviewer.export.atomic import inside
from reviewer.review import ReviewService

KEYS = ["id", "date_start", "date_end", "event_type", "status", "location", "online", "participants",
        "organizations", "sources", "review_status", "reviewer", "updated_at", "edited_fields", "notes",
        "organization_entities", "place_id", "location_country"]
TABLE_NAMES = ["aliases", "entities", "entity_variants", "events", "notes", "organizations", "participants", "people",
               "sources"]


def live_events(store, verified=False):
    sql = "SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL"
    return [r[0] for r in store.db.execute(sql + (" AND review_status = 'verified'" if verified else "") + " ORDER BY id")]


@pytest.fixture
def reviewed(verified_seeds):
    """Two releases verified by alice, one event corrected with text a spreadsheet would run."""
    store, svc, releases = verified_seeds
    first = svc._event_ids(releases[0])[0]
    svc.set_field(first, "location", "=HYPERLINK(\"http://evil\",\"x\")")
    svc.add_participant(first, "@SUM(1+1)", "+role")
    svc.add_organization(first, "-2+3")
    return store


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


# -- JSON Lines ---------------------------------------------------------------


def test_jsonl_all_has_every_canonical_event_with_sources_from_the_pages(seeded_store, tmp_path):
    out = tmp_path / "events.jsonl"
    result = export(seeded_store, "jsonl", out, "all")
    records = read_jsonl(out)
    assert [r["id"] for r in records] == live_events(seeded_store) and result.events == len(records) > 0
    texts = dict(seeded_store.db.execute("SELECT name, text FROM documents").fetchall())
    shas = dict(seeded_store.db.execute("SELECT name, sha256 FROM documents").fetchall())
    for r in records:
        assert list(r) == KEYS
        assert r["sources"], f"event {r['id']} has no source"
        for s in r["sources"]:
            assert s["evidence"] == texts[s["doc"]][s["start"]:s["end"]] and s["sha256"] == shas[s["doc"]]
        for p in r["participants"]:
            assert set(p) == {"name", "role", "aliases", "id", "canonical"} and p["name"] not in p["aliases"]
        assert all(isinstance(o, str) for o in r["organizations"])
        assert r["review_status"] == "unreviewed" and r["updated_at"]
    # a teaser repeated on several pages is one event with a source per page
    assert max(len({s["doc"] for s in r["sources"]}) for r in records) >= 2


def test_jsonl_carries_name_variants_of_a_person_as_aliases(seeded_store, tmp_path):
    export(seeded_store, "jsonl", tmp_path / "e.jsonl", "all")
    aliased = [p for r in read_jsonl(tmp_path / "e.jsonl") for p in r["participants"] if p["aliases"]]
    assert aliased, "the seeds spell some people two ways; their aliases should be exported"


def test_jsonl_verified_is_the_default_and_names_the_reviewer(reviewed, tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(reviewed.path), "export", "-o", str(tmp_path / "v.jsonl")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    records = read_jsonl(tmp_path / "v.jsonl")
    assert [r["id"] for r in records] == live_events(reviewed, verified=True) != live_events(reviewed)
    assert {r["review_status"] for r in records} == {"verified"} and {r["reviewer"] for r in records} == {"alice"}
    edited = [r for r in records if r["location"] == '=HYPERLINK("http://evil","x")']
    assert edited and "location" in edited[0]["edited_fields"]
    assert f"{len(records)} verified events" in result.output


def test_deleted_and_merged_away_events_are_left_out_and_merges_keep_all_sources(seeded_store, tmp_path):
    ids = live_events(seeded_store)
    svc = ReviewService(seeded_store, "alice")
    svc.delete_event(ids[0])
    sources_before = {r["id"]: len(r["sources"]) for r in _all(seeded_store, tmp_path / "before.jsonl")}
    merge(seeded_store, ids[1], ids[2])
    records = {r["id"]: r for r in _all(seeded_store, tmp_path / "after.jsonl")}
    assert ids[0] not in records and ids[2] not in records and ids[1] in records
    assert len(records[ids[1]]["sources"]) == sources_before[ids[1]] + sources_before[ids[2]]


def _all(store, path):
    export(store, "jsonl", path, "all")
    return read_jsonl(path)


# -- CSV ------------------------------------------------------------------------


def test_csv_folder_holds_tidy_tables_that_agree_with_the_jsonl(reviewed, tmp_path):
    export(reviewed, "jsonl", tmp_path / "e.jsonl", "all")
    export(reviewed, "csv", tmp_path / "tables", "all")
    records = read_jsonl(tmp_path / "e.jsonl")
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == sorted(
        [f"{t}.csv" for t in TABLE_NAMES] + ["datapackage.json"])
    events = read_csv(tmp_path / "tables" / "events.csv")
    assert [int(e["id"]) for e in events] == [r["id"] for r in records]
    assert {e["online"] for e in events} <= {"true", "false"}
    sources = read_csv(tmp_path / "tables" / "sources.csv")
    assert len(sources) == sum(len(r["sources"]) for r in records)
    participants = read_csv(tmp_path / "tables" / "participants.csv")
    assert len(participants) == sum(len(r["participants"]) for r in records)
    people = {p["id"] for p in read_csv(tmp_path / "tables" / "people.csv")}
    assert {p["person_id"] for p in participants if p["person_id"]} <= people
    assert (tmp_path / "tables" / "events.csv").read_bytes().startswith(b"\xef\xbb\xbfid,date_start,")


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(reviewed, tmp_path):
    export(reviewed, "csv", tmp_path / "t")
    events = read_csv(tmp_path / "t" / "events.csv")
    participants = read_csv(tmp_path / "t" / "participants.csv")
    orgs = read_csv(tmp_path / "t" / "organizations.csv")
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in {e["location"] for e in events}
    assert ("'@SUM(1+1)", "'+role") in {(p["name"], p["role"]) for p in participants}
    assert "'-2+3" in {o["name"] for o in orgs}
    for rows in (events, participants, orgs, read_csv(tmp_path / "t" / "sources.csv")):
        for row in rows:
            assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values())


@pytest.mark.parametrize("cell, shown", [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"),
                                         ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=b", "a=b"), ("", ""), (7, 7),
                                         (" =1", "' =1"), ("\u200b+1", "'\u200b+1"), ("\ufeff@x", "'\ufeff@x"),
                                         ("\u00a0-1", "'\u00a0-1"), (" a=b", " a=b"), ("\u200b", "\u200b")])
def test_neutralise(cell, shown):
    assert writers.neutralise(cell) == shown


# -- SQLite ---------------------------------------------------------------------


def test_sqlite_dataset_has_tables_foreign_keys_and_evidence_search(reviewed, tmp_path):
    export(reviewed, "jsonl", tmp_path / "e.jsonl", "all")
    export(reviewed, "sqlite", tmp_path / "dataset.db", "all")
    records = read_jsonl(tmp_path / "e.jsonl")
    conn = sqlite3.connect(tmp_path / "dataset.db")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(TABLE_NAMES) | {"sources_fts"} <= tables
    assert [r[0] for r in conn.execute("SELECT id FROM events ORDER BY id")] == [r["id"] for r in records]
    assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == sum(len(r["sources"]) for r in records)
    fks = {(t, r[2]) for t in ("participants", "organizations", "sources", "aliases", "entity_variants")
           for r in conn.execute(f"PRAGMA foreign_key_list({t})")}
    assert fks == {("participants", "events"), ("participants", "people"), ("organizations", "events"),
                   ("organizations", "entities"), ("sources", "events"), ("aliases", "people"),
                   ("entity_variants", "entities")}
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    hits = conn.execute("SELECT s.event_id FROM sources_fts JOIN sources s ON s.rowid = sources_fts.rowid"
                        " WHERE sources_fts MATCH 'training'").fetchall()
    assert hits and all("training" in r["sources"][0]["evidence"].lower()
                        for r in records if r["id"] in {h[0] for h in hits})
    # the query Datasette runs to find a table's search index
    assert conn.execute("SELECT name FROM sqlite_master WHERE rootpage = 0 AND"
                        " sql LIKE '%VIRTUAL TABLE%USING FTS%content=[sources]%'").fetchall() == [("sources_fts",)]
    assert conn.execute("SELECT online FROM events").fetchall()[0][0] in (0, 1)
    conn.close()


# -- datapackage.json -------------------------------------------------------------


@pytest.mark.parametrize("fmt, target, desc", [("jsonl", "e.jsonl", "e.jsonl.datapackage.json"),
                                               ("sqlite", "e.db", "e.db.datapackage.json"),
                                               ("csv", "tables", "tables/datapackage.json")])
def test_datapackage_describes_every_file_field_and_provenance(reviewed, tmp_path, fmt, target, desc):
    result = export(reviewed, fmt, tmp_path / target, "all")
    assert result.descriptor == tmp_path / desc
    pkg = json.loads((tmp_path / desc).read_text(encoding="utf-8"))
    assert pkg["name"] == "release-reviewer-events" and pkg["created"].endswith("Z")
    assert pkg["generator"]["version"] == __version__ and pkg["generator"]["events"] == result.events
    assert {c["title"] for c in pkg["contributors"]} == {"alice"}
    docs = dict(reviewed.db.execute("SELECT name, sha256 FROM documents").fetchall())
    assert {s["path"]: s["hash"] for s in pkg["sources"]} == {n: f"sha256:{h}" for n, h in docs.items()}
    for res in pkg["resources"]:
        data = (result.descriptor.parent / res["path"]).read_bytes()
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest() and res["bytes"] == len(data)
        for fld in res["schema"]["fields"]:
            assert fld["type"] in {"integer", "string", "boolean", "array"} and fld["description"]
        if fmt == "csv":
            with open(result.descriptor.parent / res["path"], encoding="utf-8-sig", newline="") as f:
                header = next(csv.reader(f))  # a table may have no rows (notes)
            assert [f["name"] for f in res["schema"]["fields"]] == list(header)
    if fmt == "jsonl":
        assert [f["name"] for f in pkg["resources"][0]["schema"]["fields"]] == KEYS


# -- stable bytes ------------------------------------------------------------------


@pytest.mark.parametrize("fmt, name", [("jsonl", "e.jsonl"), ("csv", "t"), ("sqlite", "e.db")])
def test_exporting_twice_gives_identical_files_apart_from_the_export_time(reviewed, tmp_path, fmt, name):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    export(reviewed, fmt, a / name, "all", created="2024-01-01T00:00:00Z")
    export(reviewed, fmt, b / name, "all", created="2025-06-30T12:00:00Z")

    def files(root):
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    fa, fb = files(a), files(b)
    assert fa.keys() == fb.keys()
    for rel in fa:
        if rel.endswith("datapackage.json"):
            da, db = json.loads(fa[rel]), json.loads(fb[rel])
            assert (da.pop("created"), db.pop("created")) == ("2024-01-01T00:00:00Z", "2025-06-30T12:00:00Z")
            assert da == db
        else:
            assert fa[rel] == fb[rel], rel


# -- refusing, failing, cancelling -----------------------------------------------------


def run(store, *args):
    return CliRunner().invoke(cli, ["--db", str(store.path), "export", *args], catch_exceptions=False)


@pytest.mark.parametrize("fmt, name", [("jsonl", "e.jsonl"), ("csv", "t"), ("sqlite", "e.db")])
def test_existing_target_is_replaced_only_with_force(seeded_store, tmp_path, fmt, name):
    target = tmp_path / name
    assert run(seeded_store, "--format", fmt, "--all", "-o", str(target)).exit_code == 0
    first = target.stat().st_mtime_ns, sorted(p.name for p in tmp_path.iterdir())
    result = run(seeded_store, "--format", fmt, "--all", "-o", str(target))
    assert result.exit_code == 1 and "already exists; use --force" in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert (target.stat().st_mtime_ns, sorted(p.name for p in tmp_path.iterdir())) == first
    assert run(seeded_store, "--format", fmt, "--all", "--force", "-o", str(target)).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == first[1]  # replaced, no leftovers


def hostile_after(calls: int, real):
    """A stand-in for a writer step that fails from its ``calls``-th call on (a full disk, a crash)."""
    count = {"n": 0}

    def step(*args, **kwargs):
        count["n"] += 1
        if count["n"] >= calls:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    return step


@pytest.mark.parametrize("fmt, name, module, step", [("jsonl", "e.jsonl", writers, "event_record"),
                                                     ("csv", "t", writers, "event_rows"),
                                                     ("sqlite", "e.db", sqlite_dataset, "create_table_sql")])
def test_failure_mid_export_leaves_no_partial_file_and_keeps_the_old_one(seeded_store, tmp_path, monkeypatch,
                                                                         fmt, name, module, step):
    target = tmp_path / name
    export(seeded_store, fmt, target, "verified")  # an old export (empty: nothing verified yet)
    before = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    monkeypatch.setattr(module, step, hostile_after(3, getattr(module, step)))
    with pytest.raises(ExportError, match="No space left"):
        export(seeded_store, fmt, target, "all", force=True)
    after = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before  # no temporary file left, the old export byte for byte

    (tmp_path / "fresh").mkdir()
    with pytest.raises(ExportError):
        export(seeded_store, fmt, tmp_path / "fresh" / name, "all")
    assert list((tmp_path / "fresh").iterdir()) == []


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "sqlite"])
def test_cancel_writes_nothing(seeded_store, tmp_path, fmt):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportCancelled):
        export(seeded_store, fmt, out / "e", "all", cancelled=lambda: True)
    assert list(out.iterdir()) == []


def test_a_folder_that_is_not_an_export_is_never_replaced(seeded_store, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = run(seeded_store, "--format", "csv", "--all", "--force", "-o", str(out))
    assert result.exit_code == 1 and "not a Release Reviewer export" in result.output
    assert [p.name for p in out.iterdir()] == ["notes.txt"] and (out / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("args, message", [
    (["--format", "jsonl", "-o", "{tmp}"], "is a folder"),
    (["--format", "jsonl", "-o", "{tmp}/missing/e.jsonl"], "no such folder"),
    (["--format", "csv", "-o", "{tmp}/file.txt"], "is a file"),
])
def test_bad_targets_get_one_line_and_write_nothing(seeded_store, tmp_path, args, message):
    out = tmp_path / "out"
    out.mkdir()
    (out / "file.txt").write_text("x")
    result = run(seeded_store, *[a.replace("{tmp}", str(out)) for a in args])
    assert result.exit_code == 1 and message in result.output and len(result.output.strip().splitlines()) == 1
    assert sorted(p.name for p in out.iterdir()) == ["file.txt"]


def test_a_jsonl_and_an_sqlite_export_share_a_folder_each_with_its_description(seeded_store, tmp_path):
    export(seeded_store, "jsonl", tmp_path / "e.jsonl", "all")
    export(seeded_store, "sqlite", tmp_path / "e.db", "all")
    for name in ("e.jsonl", "e.db"):
        pkg = json.loads((tmp_path / f"{name}.datapackage.json").read_text(encoding="utf-8"))
        assert {r["path"] for r in pkg["resources"]} == {name}


@pytest.mark.parametrize("name", ["../x.csv", "a/b.csv", "/etc/passwd", "..", ""])
def test_file_names_cannot_leave_the_chosen_folder(tmp_path, name):
    with pytest.raises(ExportError):
        inside(tmp_path, name)


def test_the_database_itself_is_never_an_export_target(seeded_store):
    result = run(seeded_store, "--format", "sqlite", "--all", "--force", "-o", str(seeded_store.path))
    assert result.exit_code == 1 and "is the database being exported" in result.output
    assert seeded_store.stats()["events"] > 0 and seeded_store.path.read_bytes()[:16] == b"SQLite format 3\x00"


# -- what an export may replace (issue #13: items 4, 12, 14) ------------------------


@pytest.mark.parametrize("fmt, name", [("jsonl", "e.jsonl"), ("sqlite", "e.db")])
def test_an_existing_description_is_replaced_only_with_force(seeded_store, tmp_path, fmt, name):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    desc = tmp_path / f"{name}.datapackage.json"
    desc.write_text("someone's own description\n")
    result = run(seeded_store, "--format", fmt, "--all", "-o", str(tmp_path / name))
    assert result.exit_code == 1 and result.output == f"Error: {desc}: already exists; use --force to replace it\n"
    assert desc.read_text() == "someone's own description\n" and sorted(p.name for p in tmp_path.iterdir()) == [desc.name]
    assert run(seeded_store, "--format", fmt, "--all", "--force", "-o", str(tmp_path / name)).exit_code == 0
    assert json.loads(desc.read_text())["resources"][0]["path"] == name


def _plant(path: Path, kind: str) -> None:
    import os

    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        try:
            os.mknod(path, 0o666 | __import__("stat").S_IFCHR, os.makedev(1, 7))  # what /dev/full is
        except PermissionError:
            pytest.skip("making a device node needs root")
    elif kind == "link to a device":
        path.symlink_to("/dev/null")
    else:
        (path.parent / "real.txt").write_text("kept\n")
        path.symlink_to(path.parent / "real.txt")


def _node(path: Path) -> tuple:
    import os

    st = os.lstat(path)
    return st.st_mode, st.st_ino, st.st_rdev, os.readlink(path) if path.is_symlink() else None


@pytest.mark.parametrize("kind, reason", [("fifo", "is a FIFO"), ("device", "is a device"),
                                          ("link to a device", "is a symbolic link"),
                                          ("link to a file", "is a symbolic link")])
@pytest.mark.parametrize("fmt, name, planted", [("jsonl", "e.jsonl", "e.jsonl"),
                                                ("jsonl", "e.jsonl", "e.jsonl.datapackage.json"),
                                                ("sqlite", "e.db", "e.db")])
def test_force_never_replaces_anything_but_a_regular_file(seeded_store, tmp_path, kind, reason, fmt, name, planted):
    out = tmp_path / "out"
    out.mkdir()
    _plant(out / planted, kind)
    before = {p.name: _node(p) for p in out.iterdir()}
    result = run(seeded_store, "--format", fmt, "--all", "--force", "-o", str(out / name))
    assert result.exit_code == 1 and result.output.startswith(f"Error: {out / planted}: {reason};"), result.output
    assert len(result.output.strip().splitlines()) == 1
    assert {p.name: _node(p) for p in out.iterdir()} == before
    if kind == "link to a file":
        assert (out / "real.txt").read_text() == "kept\n"


def test_a_csv_export_never_replaces_a_link_to_a_folder(seeded_store, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    export(seeded_store, "csv", tmp_path / "elsewhere", "verified")  # an export, reached through a link
    (out / "tables").symlink_to(tmp_path / "elsewhere")
    kept = snapshot_folder(tmp_path / "elsewhere")
    result = run(seeded_store, "--format", "csv", "--all", "--force", "-o", str(out / "tables"))
    assert result.exit_code == 1 and result.output.startswith(f"Error: {out / 'tables'}: is a symbolic link;")
    assert (out / "tables").is_symlink() and snapshot_folder(tmp_path / "elsewhere") == kept


def snapshot_folder(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_an_sqlite_export_on_a_full_disk_is_one_line_and_leaves_nothing(seeded_store, tmp_path):
    import subprocess
    import sys

    out = tmp_path / "out"
    out.mkdir()
    # The child may write 64 KiB per file (as a nearly full disk would allow); the dataset needs more.
    code = ("import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN);"
            " resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536)); from reviewer.cli import main;"
            " sys.argv = ['reviewer'] + sys.argv[1:]; main()")
    proc = subprocess.run([sys.executable, "-c", code, "--db", str(seeded_store.path), "export", "--all", "--format",
                           "sqlite", "-o", str(out / "e.db")], capture_output=True, text=True, timeout=120,
                          env={**__import__("os").environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith(f"Error: {out / 'e.db'}: cannot write (") and \
        proc.stderr.endswith("); nothing was changed\n"), proc.stderr
    assert list(out.iterdir()) == []
