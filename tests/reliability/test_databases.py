"""Databases that cannot be used as they are: each gets a clear message, none is damaged, no edit is said saved that was not."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reviewer.cli import cli
from reviewer.review import ReviewService
from reviewer.store import (
    LATEST,
    CorruptDatabase,
    DatabaseGone,
    LockedDatabase,
    NotADatabase,
    ReadOnlyDatabase,
    SchemaTooNew,
    Store,
    StoreError,
)


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
def locked(review_db, monkeypatch):
    """A second running instance in the middle of a write transaction on ``review_db``.

    Stores opened meanwhile wait 0.3 s for it, not the 5 s a reviewer gets (``reviewer.store.BUSY_TIMEOUT``).
    """
    import reviewer.store.connection

    monkeypatch.setattr(reviewer.store.connection, "BUSY_TIMEOUT", 0.3)
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


def test_the_window_shows_a_lock_in_its_banner_and_never_says_saved(locked, review_window, review_db):
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


# -- damaged, locked, unopenable (issue #13, item 12) ----------------------------------


def damage_the_middle(path: Path) -> bytes:
    """Overwrite four pages in the middle of the file with garbage, as a bad disk sector or a stray write does:
    pages holding the pages' text (which every command reads), so the damage never lands on the schema instead."""
    with sqlite3.connect(path) as conn:
        text = [p for (p,) in conn.execute("SELECT pageno FROM dbstat WHERE name = 'documents' AND pagetype = 'overflow'"
                                           " ORDER BY pageno")]
        pages = len(conn.execute("SELECT 1 FROM dbstat").fetchall())
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    middle = sorted(text, key=lambda p: abs(p - pages // 2))[:4]
    for p in middle:
        data[(p - 1) * page:p * page] = b"\xab" * page
    path.write_bytes(bytes(data))
    with sqlite3.connect(path) as conn:  # the damage is real: SQLite's own check finds it (or cannot even read
        try:                             # the schema, when the garbage landed on it)
            assert conn.execute("PRAGMA quick_check").fetchone()[0] != "ok"
        except sqlite3.DatabaseError as exc:
            assert "malformed" in str(exc)
    return bytes(data)


def test_a_database_damaged_in_the_middle_is_refused_by_every_command_and_never_written(review_db, seeds_dir, tmp_path):
    damaged = damage_the_middle(review_db)
    with pytest.raises(CorruptDatabase) as err:
        Store(review_db)
    message = str(err.value)
    assert message.startswith(f"{review_db}: the database is damaged (") and "\n" not in message
    assert "nothing was written" in message and "reviewer check" in message
    for args in (["import", str(seeds_dir)], ["stats"], ["reextract"], ["dedupe"],
                 ["export", "--all", "-o", str(tmp_path / "out.jsonl")]):
        result = cli_run("--db", str(review_db), *args)
        assert result.exit_code == 2 and "damaged" in result.output and "Traceback" not in result.output, args
        assert review_db.read_bytes() == damaged, args  # not a page written into it
    assert not (tmp_path / "out.jsonl").exists()
    result = cli_run("--db", str(review_db), "check")
    assert result.exit_code == 1 and "damaged; integrity_check found" in result.output and "Page" in result.output
    assert review_db.read_bytes() == damaged


def test_check_reads_a_sound_database_whole_and_says_so(review_db):
    result = cli_run("--db", str(review_db), "check")
    assert result.exit_code == 0 and result.output == f"{review_db}: integrity_check ok\n"
    with Store(review_db) as store:
        assert store.checked.startswith("quick_check ok (")
    assert "\nchecked      quick_check ok (" in cli_run("--db", str(review_db), "stats").output


def test_damage_in_a_database_too_large_to_check_on_open_stops_a_command_with_one_line(review_db, tmp_path, monkeypatch):
    import reviewer.store.connection

    monkeypatch.setattr(reviewer.store.connection, "QUICK_CHECK_MAX_BYTES", 1000)
    with Store(review_db) as store:
        assert store.checked.startswith("quick_check skipped: ") and "reviewer check" in store.checked
    assert "\nchecked      quick_check skipped: " in cli_run("--db", str(review_db), "stats").output
    damage_the_middle(review_db)
    result = cli_run("--db", str(review_db), "export", "--all", "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("Error: the command stopped: database disk image is malformed")
    assert len(result.output.strip().splitlines()) == 1


EXCLUSIVE_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA locking_mode = EXCLUSIVE")  # another program that keeps the file to itself
conn.execute("BEGIN EXCLUSIVE")
print("LOCKED", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


def test_a_database_another_program_keeps_locked_is_called_locked_not_foreign(review_db, monkeypatch):
    import reviewer.store.connection

    monkeypatch.setattr(reviewer.store.connection, "BUSY_TIMEOUT", 0.2)  # no need to wait the 5 s a reviewer gets
    with sqlite3.connect(review_db) as conn:  # a rollback-journal database: a writer blocks readers too
        conn.execute("PRAGMA journal_mode = DELETE")
    before = review_db.read_bytes()
    holder = subprocess.Popen([sys.executable, "-c", EXCLUSIVE_HOLDER, str(review_db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "LOCKED"
        with pytest.raises(LockedDatabase, match="locked by another program"):
            Store(review_db)
        result = cli_run("--db", str(review_db), "stats")
        assert result.exit_code == 2 and "locked by another program" in result.output
        assert "not a Release Reviewer database" not in result.output and "Traceback" not in result.output
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert review_db.read_bytes() == before


def test_a_database_whose_folder_forbids_its_journal_files_is_named_so(review_db):
    folder = review_db.parent
    conn = sqlite3.connect(review_db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()  # the last connection: SQLite removes the WAL file
    before = review_db.read_bytes()
    if os.geteuid() == 0:  # root may write in any folder: stand in a folder where the WAL file cannot be made
        (folder / f"{review_db.name}-wal").mkdir()
    else:
        folder.chmod(0o555)
    try:
        with pytest.raises(StoreError) as err:
            Store(review_db)
        result = cli_run("--db", str(review_db), "stats")
    finally:
        folder.chmod(0o755)
    message = str(err.value)
    assert message.startswith(f"{review_db}: cannot open: its folder does not let SQLite create the journal files")
    assert f"{review_db.name}-wal" in message and not isinstance(err.value, NotADatabase)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output
    assert review_db.read_bytes() == before


@pytest.fixture
def small_disk(tmp_path):
    """A 256 kB file system of its own (tmpfs), so a disk can really fill up; skipped where mounting is not allowed."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=384k", "tmpfs", str(mount)], capture_output=True,
                          check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_an_sqlite_export_onto_a_full_disk_says_so_in_one_line_and_leaves_nothing(review_db, small_disk):
    # The disk fills at every point of the export in turn: the spool, the dataset database, its description.
    results = set()
    for free_kb in range(0, 240, 8):  # the dataset with its entity tables is about 150 kB
        filler = small_disk / "filler"
        stat = os.statvfs(small_disk)
        filler.write_bytes(b"\0" * max(0, stat.f_bavail * stat.f_frsize - free_kb * 1024))
        target = small_disk / "dataset.db"
        result = cli_run("--db", str(review_db), "export", "--format", "sqlite", "--all", "-o", str(target), "--force")
        assert "Traceback" not in result.output, (free_kb, result.output)
        if result.exit_code == 0:
            results.add("written")
            conn = sqlite3.connect(target)
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.close()
        else:
            assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, (free_kb, result.output)
            assert "nothing was changed" in result.output and str(target) in result.output
            results.add(result.output.split("(")[-1].split(")")[0])  # the reason SQLite or the system gave
            assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]  # no half-written file left
        for p in small_disk.iterdir():
            p.unlink()
    assert "written" in results and "database or disk is full" in results, results


# -- a file damaged under an open window or store (reads) -------------------------------


def cut_short(path: Path) -> None:
    with open(path, "r+b") as f:
        f.truncate(path.stat().st_size // 3)


def test_reads_of_a_database_cut_short_while_open_are_one_store_error(review_db):
    with Store(review_db) as store:
        service = ReviewService(store, "tester")
        release = service.release_page()[0].id
        cut_short(review_db)
        for read in (service.count_releases, lambda: service.release_detail(release), store.stats,
                     lambda: [row for row in store.db.execute("SELECT text FROM documents")]):
            with pytest.raises(StoreError) as err:
                read()
            assert str(err.value).startswith(f"{review_db}: cannot read the database: it is damaged (")
            assert "\n" not in str(err.value) and "reviewer check" in str(err.value)
        with pytest.raises(StoreError, match="nothing was saved"):  # a write meets it on its first read
            service.set_field(1, "location", "Minsk")
        with pytest.raises(sqlite3.OperationalError, match="no such column"):  # a wrong query stays a bug
            store.db.execute("SELECT no_such_column FROM events")


def test_the_window_shows_a_database_cut_short_under_it_in_one_line(review_window, review_db, qtbot):
    from PySide6.QtCore import Qt

    window, _ = review_window
    view = window.releases.view
    view.setFocus()
    shown = window.current
    cut_short(review_db)
    qtbot.keyClick(view, Qt.Key.Key_Down)  # the next release: its rows are read from the file
    text = window.banner.text()
    assert not window.banner.isHidden() and "\n" not in text
    assert text.startswith(f"{review_db}: cannot read the database: it is damaged (database disk image is malformed)")
    assert window.current == shown  # still on the release it showed



def test_a_read_error_in_a_slot_shows_in_the_window_of_its_database_when_two_are_open(review_window, review_db,
                                                                                      qtbot, tmp_path):
    """Qt hands an exception a slot raised to sys.excepthook; with two databases open, the error goes to the
    banner of the window on the database it names, not to the window opened last."""
    import sqlite3 as sqlite
    import sys

    from PySide6.QtCore import QSettings

    from reviewer.store.errors import ReadFailed
    from ui.app import open_window

    window, _ = review_window
    other_db = tmp_path / "other.db"
    src, dst = sqlite.connect(review_db), sqlite.connect(other_db)
    src.backup(dst)
    src.close()
    dst.close()
    settings = QSettings(str(tmp_path / "other.ini"), QSettings.Format.IniFormat)
    settings.setValue("reviewer/name", "tester")
    other = open_window(other_db, settings)
    qtbot.addWidget(other)
    qtbot.waitUntil(lambda: other.editor.current_event is not None)
    message = f"{review_db}: cannot read the database: it is damaged (database disk image is malformed)"
    sys.excepthook(ReadFailed, ReadFailed(message, "database disk image is malformed", review_db), None)
    assert window.banner.text() == message and not window.banner.isHidden()
    assert other.banner.isHidden()
