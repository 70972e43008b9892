"""Schema creation, migrations and refusal of databases the program must not touch."""
from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from reviewer.store import migrations as store_mod
from reviewer.store import LATEST, NotADatabase, ReadOnlyDatabase, SchemaTooNew, Store, StoreError


def tables(path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def test_new_database_has_latest_schema_wal_and_foreign_keys(store, db_path):
    assert store.version == LATEST
    assert {"documents", "items", "releases", "events", "mentions", "field_spans", "event_participants",
            "event_organizations", "audit_log", "entities", "entity_variants", "known_entities", "dup_candidates"} <= tables(db_path)
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_upgrade_from_first_version_keeps_data_and_indexes_it(db_path):
    with Store(db_path, upgrade_to=1) as old:
        assert old.version == 1
        text = "On 1 May, a seminar was held in Minsk."
        with old.transaction():
            doc = old.db.execute(
                "INSERT INTO documents (name, path, sha256, text, encoding, size, imported_at) VALUES (?,?,?,?,?,?,?)",
                ["a.txt", "a.txt", hashlib.sha256(b"a").hexdigest(), text, "utf-8", len(text), "2024-01-01"],
            ).lastrowid
            rel = old.db.execute("INSERT INTO releases (content_hash, kind, title) VALUES ('h', 'teaser', 't')").lastrowid
            old.db.execute(
                'INSERT INTO items (document_id, release_id, seq, kind, start, "end", segments, content_hash) VALUES (?,?,?,?,?,?,?,?)',
                [doc, rel, 0, "teaser", 0, len(text), json.dumps([[0, len(text)]]), "h"],
            )
    assert "people" not in tables(db_path)
    with Store(db_path) as new:
        assert new.version == LATEST
        assert new.stats()["documents"] == 1
        # the version-2 search index was backfilled with the old item
        hits = new.db.execute("SELECT rowid FROM items_fts WHERE items_fts MATCH 'seminar'").fetchall()
        assert len(hits) == 1


def test_failed_migration_rolls_back_and_leaves_version(db_path, monkeypatch):
    Store(db_path, upgrade_to=1).close()

    def broken(db):
        store_mod.run_script(db, "CREATE TABLE half_done (x);\nCREATE TABLE broken (;")

    monkeypatch.setattr(store_mod, "MIGRATIONS", store_mod.MIGRATIONS[:1] + [(2, broken)])
    with pytest.raises(StoreError, match="upgrade to schema 2 failed .*left at schema 1"):
        Store(db_path)
    assert "half_done" not in tables(db_path)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1


def test_not_a_database_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"just some text, not sqlite\n" * 10)
    before = path.read_bytes()
    with pytest.raises(NotADatabase, match="notes.db: not a SQLite database"):
        Store(path)
    assert path.read_bytes() == before


def test_newer_schema_is_refused_and_left_unchanged(db_path):
    Store(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST + 5}")
    before = db_path.read_bytes()
    with pytest.raises(SchemaTooNew, match="newer version"):
        Store(db_path)
    assert db_path.read_bytes() == before


def test_read_only_database_refuses_writes(db_path):
    Store(db_path).close()
    db_path.chmod(0o444)
    try:
        with Store(db_path) as ro:
            assert ro.stats()["documents"] == 0
            with pytest.raises(ReadOnlyDatabase, match="read-only; nothing was saved"):
                ro.teach("place", "Minsk")
    finally:
        db_path.chmod(0o644)


def test_teach_remembers_names_once_with_an_audit_row(store):
    assert store.teach("person", "Ivan Petrov", who="ana") is True
    assert store.teach("person", "Ivan  Petrov", who="ana") is False
    assert store.known_entities().people == {"ivan petrov": "Ivan Petrov"}
    rows = store.rows("SELECT who, action, new FROM audit_log")
    assert rows == [{"who": "ana", "action": "teach", "new": "Ivan Petrov"}]


def test_sqlite_refusing_a_write_reaches_callers_as_a_store_error_and_nothing_is_kept(store, db_path):
    # The window and the command catch the store's errors only (no sqlite3 in ui/):
    # a statement SQLite refuses mid-write is one of them, rolled back whole.
    from reviewer.store import WriteRefused

    store.db.execute("CREATE TABLE notes_kept (text TEXT NOT NULL)")
    with pytest.raises(WriteRefused) as refused:
        with store.transaction():
            store.db.execute("INSERT INTO notes_kept VALUES ('first')")
            store.db.execute("INSERT INTO notes_kept VALUES (NULL)")
    assert str(refused.value) == f"{db_path}: NOT NULL constraint failed: notes_kept.text; nothing was saved"
    assert store.db.execute("SELECT count(*) FROM notes_kept").fetchone()[0] == 0


def test_the_link_check_at_every_commit_reads_only_the_unlinked_rows(seeded_store):
    # Every commit looks for organization rows and event places without their entity. Read through the whole
    # events table (events by place_id = NULL: every event without a place), that look grew with the archive
    # and ran at each of an import's commits; through the partial indexes it reads only the unlinked rows.
    from reviewer.store import linking

    seen: list[str] = []
    seeded_store.db.conn.set_trace_callback(seen.append)
    try:
        with seeded_store.transaction():
            linking.link_unlinked(seeded_store.db)
    finally:
        seeded_store.db.conn.set_trace_callback(None)
    looks = [sql for sql in seen if sql.startswith("SELECT DISTINCT")][:2]  # (the commit looks again)
    assert len(looks) == 2, seen
    plans = [" ".join(r[3] for r in seeded_store.db.conn.execute("EXPLAIN QUERY PLAN " + sql)) for sql in looks]
    assert "USING INDEX event_organizations_unlinked" in plans[0], plans
    assert "USING INDEX events_unplaced" in plans[1], plans


def test_the_audit_logs_stored_form_of_a_value_is_json_dumps_as_it_always_was():
    import enum
    import random

    from reviewer.store import audit_value

    class Kind(enum.IntEnum):
        ONE = 1

    rng = random.Random(7)
    values: list = [None, "", "é ✓", True, False, 0, -1, 2**70, -(2**70), 0.1, -0.0, 1e300, float("nan"), float("inf"),
                    Kind.ONE, [], {}, [1, "a", None], {"b": 1, "a": [2.5, "ü"]}, {"z": {"y": True, "x": None}}]
    values += [rng.randint(-10**12, 10**12) for _ in range(2000)] + [rng.uniform(-1e6, 1e6) for _ in range(500)]
    values += [{str(rng.random()): rng.randint(0, 9), "k": [rng.random(), "ß"]} for _ in range(200)]
    for value in values:
        want = value if value is None or isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
        assert audit_value(value) == want, value
