"""The `reviewer` command: import, stats, exit codes and refusals."""
from __future__ import annotations

import json
import shutil
import sqlite3

from click.testing import CliRunner

from reviewer.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def stats(db) -> dict:
    result = run("--db", str(db), "stats", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_import_seeds_then_again_changes_nothing(tmp_path, seeds_dir):
    db = tmp_path / "r.db"
    first = run("--db", str(db), "import", str(seeds_dir))
    assert first.exit_code == 0, first.output
    assert "5 imported" in first.output
    before = stats(db)
    assert before["documents"] == 5 and before["items"] == 23 and before["events"] > 0
    with sqlite3.connect(db) as conn:
        audit_before = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    again = run("--db", str(db), "import", str(seeds_dir), str(seeds_dir / "000_85a1b1a180eb574c.txt"))
    assert again.exit_code == 0
    assert "0 imported, 6 already stored, 0 skipped" in again.output
    assert stats(db) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_before


def test_import_in_worker_processes_gives_the_same_database(tmp_path, seeds_dir):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    assert run("--db", str(one), "import", "--workers", "0", str(seeds_dir)).exit_code == 0
    result = run("--db", str(two), "import", "--workers", "2", str(seeds_dir))
    assert result.exit_code == 0, result.output
    assert "5 imported" in result.output and "warning" not in result.output
    assert stats(two) == stats(one)


def test_a_negative_worker_count_is_a_usage_error(tmp_path, seeds_dir):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "r.db"), "import", "--workers", "-1", str(seeds_dir)])
    assert result.exit_code == 2 and "--workers" in result.output
    assert not (tmp_path / "r.db").exists()


def test_identical_teasers_on_several_pages_are_one_release(tmp_path, seeds_dir):
    db = tmp_path / "r.db"
    run("--db", str(db), "import", str(seeds_dir))
    with sqlite3.connect(db) as conn:
        pages_per_release = conn.execute(
            "SELECT count(DISTINCT document_id) FROM items GROUP BY release_id ORDER BY 1 DESC"
        ).fetchall()
    # the four-teaser sidebar stands on three pages
    assert [n for (n,) in pages_per_release].count(3) >= 4


def test_bad_files_are_skipped_one_line_each_and_the_rest_imports(tmp_path, seeds_dir):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seeds_dir / "003_2d1a86c5a7665546.txt", folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    db = tmp_path / "r.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "import", str(folder)], catch_exceptions=False)
    assert result.exit_code == 1
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped:")]
    assert len(skipped) == 2
    assert any("empty.txt: empty file" in line for line in skipped)
    assert any("picture.txt: binary file" in line for line in skipped)
    assert "1 imported" in result.output and stats(db)["documents"] == 1


def test_missing_path_is_skipped_with_exit_1(tmp_path):
    result = run("--db", str(tmp_path / "r.db"), "import", str(tmp_path / "nope.txt"))
    assert result.exit_code == 1
    assert "nope.txt: no such file or folder" in result.output


def test_usage_error_exits_2(tmp_path):
    assert run("--db", str(tmp_path / "r.db"), "import").exit_code == 2
    assert run("--db", str(tmp_path / "r.db"), "no-such-command").exit_code == 2


def test_not_a_database_is_refused_with_exit_2_and_left_alone(tmp_path, seeds_dir):
    db = tmp_path / "notes.txt"
    db.write_text("my notes, not a database\n")
    result = run("--db", str(db), "import", str(seeds_dir))
    assert result.exit_code == 2
    assert "not a SQLite database" in result.output
    assert "Traceback" not in result.output
    assert db.read_text() == "my notes, not a database\n"


def test_default_database_lives_in_the_user_data_folder(tmp_path, monkeypatch):
    from reviewer import cli as cli_mod

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = cli_mod.default_db_path()
    assert path == tmp_path / "data" / "release-reviewer" / "reviewer.db"
    result = run("stats")
    assert result.exit_code == 0 and path.exists()


def test_dedupe_reports_candidates_and_remembers_answers(tmp_path, seeds_dir):
    db = tmp_path / "r.db"
    assert run("--db", str(db), "import", str(seeds_dir)).exit_code == 0
    first = run("--db", str(db), "dedupe")
    assert first.exit_code == 0
    assert "1 open for review" in first.output  # two different meetings on 11 December 2024
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE dup_candidates SET status = 'not_duplicate'")
    again = run("--db", str(db), "dedupe", "--reviewer", "ana")
    assert again.exit_code == 0
    assert "0 new candidate pairs" in again.output and "0 open for review" in again.output
    assert stats(db)["duplicates"] == 0
