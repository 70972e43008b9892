"""Databases that cannot be used as they are: each gets a clear message, none is damaged, no edit is said saved that was not."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer.cli import cli
from reviewer.review import ReviewService
from reviewer.store import LATEST, DatabaseGone, NotADatabase, ReadOnlyDatabase, SchemaTooNew, Store, StoreError


def dump(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def first_event(path: Path) -> tuple[int, str | None]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT id, location FROM events WHERE deleted = 0 ORDER BY id LIMIT 1").fetchone()


def audit_count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def cli_run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


NOT_SQLITE = {
    "notes.txt": b"my notes, not a database\n",
    "photo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "truncated.db": b"SQLite format 3\x00" + b"\x10\x00\x01\x01" + b"\xab" * 200,
}


@pytest.mark.parametrize("name", sorted(NOT_SQLITE))
def test_a_file_that_is_not_our_database_is_refused_and_left_byte_for_byte(tmp_path, seeds_dir, name):
    path = tmp_path / name
    path.write_bytes(NOT_SQLITE[name])
    with pytest.raises(StoreError) as err:
        Store(path)
    assert str(err.value).startswith(str(path)) and "\n" not in str(err.value)
    result = cli_run("--db", str(path), "import", str(seeds_dir))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "database" in result.output
    assert path.read_bytes() == NOT_SQLITE[name]
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no journal or WAL left beside it


def test_another_programs_sqlite_database_is_refused_not_upgraded(tmp_path, seeds_dir):
    path = tmp_path / "firefox-history.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    before = path.read_bytes()
    with pytest.raises(NotADatabase, match="another program"):
        Store(path)
    result = cli_run("--db", str(path), "import", str(seeds_dir))
    assert result.exit_code == 2 and "another program" in result.output
    assert path.read_bytes() == before


def test_a_database_from_a_newer_version_is_refused_untouched(review_db, seeds_dir):
    with sqlite3.connect(review_db) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    before = review_db.read_bytes()
    with pytest.raises(SchemaTooNew, match="newer version"):
        Store(review_db)
    result = cli_run("--db", str(review_db), "import", str(seeds_dir))
    assert result.exit_code == 2 and "newer version" in result.output and "Traceback" not in result.output
    assert review_db.read_bytes() == before


def test_a_read_only_database_is_shown_but_every_edit_is_refused_and_nothing_changes(review_db, seeds_dir, tmp_path):
    event_id, location = first_event(review_db)
    before = dump(review_db)
    review_db.chmod(0o444)
    try:
        with Store(review_db) as store:
            service = ReviewService(store, "tester")
            assert service.count_releases() > 0  # still readable: the reviewer can look
            with pytest.raises(ReadOnlyDatabase, match="read-only; nothing was saved"):
                service.set_field(event_id, "location", "Bishkek")
            with pytest.raises(ReadOnlyDatabase):
                service.set_release_status(service.release_page()[0].id, "verified")
        extra = tmp_path / "extra"
        extra.mkdir()
        shutil.copy(seeds_dir / "000_85a1b1a180eb574c.txt", extra / "copy with other bytes.txt")
        (extra / "copy with other bytes.txt").write_text("On 3 May 2024, a new meeting was held in Minsk.\n")
        result = cli_run("--db", str(review_db), "import", str(extra))
        assert result.exit_code != 0 and "read-only" in result.output and "Traceback" not in result.output
        assert "1 imported" not in result.output
    finally:
        review_db.chmod(0o644)
    assert dump(review_db) == before
    assert first_event(review_db) == (event_id, location)


def test_an_old_read_only_database_is_refused_rather_than_half_upgraded(tmp_path):
    path = tmp_path / "old.db"
    with Store(path, upgrade_to=1):
        pass
    path.chmod(0o444)
    try:
        before = dump(path)
        with pytest.raises(ReadOnlyDatabase, match="needs an upgrade"):
            Store(path)
        assert dump(path) == before
    finally:
        path.chmod(0o644)


LOCK_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE events SET location = 'the other instance' WHERE id = (SELECT min(id) FROM events)")
print("LOCKED", flush=True)
sys.stdin.read()  # hold the write lock until the test closes our stdin
conn.execute("ROLLBACK")
"""


@pytest.fixture
def locked(review_db):
    """A second running instance in the middle of a write transaction on ``review_db``."""
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(review_db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "LOCKED"
        yield holder
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_an_edit_on_a_database_locked_by_another_instance_says_so_and_saves_nothing(review_db, locked, tmp_path):
    event_id, location = first_event(review_db)
    audits = audit_count(review_db)
    with Store(review_db) as store:
        service = ReviewService(store, "tester")
        assert service.count_releases() > 0  # reading goes on beside the other writer
        with pytest.raises(StoreError, match="locked by another program"):
            service.set_field(event_id, "location", "Bishkek")
        page = tmp_path / "new page.txt"
        page.write_text("On 3 May 2024, a new meeting of the CSTO Joint Staff was held in Minsk.\n")
        result = cli_run("--db", str(review_db), "import", str(page))
        assert result.exit_code != 0 and "locked" in result.output and "Traceback" not in result.output
        locked.stdin.close()
        locked.wait(timeout=30)
        assert first_event(review_db) == (event_id, location) and audit_count(review_db) == audits
        # once the other instance lets go, the same edit goes through
        service.set_field(event_id, "location", "Bishkek")
    assert first_event(review_db) == (event_id, "Bishkek")
    with sqlite3.connect(review_db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_second_connection_in_this_process_never_lets_another_instance_delete_the_wal(review_db, locked):
    # The window's store is open; an operation opens and closes its own store on the same file
    # while another instance is writing. When that instance exits it must not find the file
    # unlocked and delete the WAL under the window (whose next edits would be lost).
    event_id, _ = first_event(review_db)
    with Store(review_db) as window_store:
        service = ReviewService(window_store, "tester")
        service.count_releases()
        Store(review_db).close()
        locked.stdin.close()
        locked.wait(timeout=30)
        service.set_field(event_id, "location", "Bishkek")
    assert first_event(review_db) == (event_id, "Bishkek")
    with sqlite3.connect(review_db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_database_deleted_while_open_refuses_edits_and_is_not_recreated_empty(review_db):
    with Store(review_db) as store:
        service = ReviewService(store, "tester")
        event_id = service.release_detail(service.release_page()[0].id).events[0].id
        edit = service.set_field(event_id, "location", "Minsk")
        review_db.unlink()
        with pytest.raises(DatabaseGone, match="disappeared; nothing was saved"):
            service.set_field(event_id, "location", "Bishkek")
        with pytest.raises(DatabaseGone):
            service.revert(edit)
        service.count_releases()  # reads may still see the open file; they must not crash
    assert not review_db.exists()


def test_the_window_shows_a_lock_in_its_banner_and_never_says_saved(review_window, review_db, locked):
    window, type_into = review_window
    ev = window.editor.current_event
    messages = type_into(window.editor.date_start, "2024-12-10")
    assert not window.banner.isHidden() and "locked" in window.banner.text()
    assert messages == [] and not window.statusBar().currentMessage().startswith("Saved")
    assert window.runner.stack.count() == 0  # nothing to undo: nothing was done
    locked.stdin.close()
    locked.wait(timeout=30)
    with sqlite3.connect(review_db) as conn:
        assert conn.execute("SELECT date_start FROM events WHERE id = ?", [ev.id]).fetchone()[0] == ev.date_start
