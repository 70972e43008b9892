"""What an import reads and what it prints: file names, links, growing files, encodings, re-runs.

Each test here failed before its fix (issue #13, items 3, 6, 9, 10, 13, 15, 16).
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from hostile_files import GOOD_EN
from reviewer import dedupe
from reviewer.importing import ingest, pipeline
from reviewer.cli import cli
from reviewer.store import Store

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _cli(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), "import", *args], catch_exceptions=False)


def _names(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT name, text FROM documents"))


def _page(folder: Path, name: str | bytes, city: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), os.fsencode(name))))
    path.write_bytes(GOOD_EN.replace("Minsk", city).encode("utf-8"))
    return path


# -- item 3: the Windows byte 0x85 is "…", not a control character that ends a line


def test_a_windows_ellipsis_and_curly_quotes_in_a_latin1_page_are_stored_as_written(tmp_path):
    raw = b"On 3 May 2024 the d\xe9l\xe9gation visited \x93Z\xfcrich\x94\x85 and met the caf\xe9 owners of Gen\xe8ve.\n"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "w.txt").write_bytes(raw)
    db = tmp_path / "r.db"
    result = _cli(db, str(tmp_path / "in"))
    assert result.exit_code == 0, result.output
    (text,) = _names(db).values()
    assert "\u201cZ\u00fcrich\u201d\u2026 and met" in text
    assert not any("\x80" <= c <= "\x9f" for c in text)


# -- item 6: a re-run after an import killed once its pages were stored makes up its duplicate pass


def test_a_rerun_after_an_import_killed_before_its_duplicate_pass_runs_the_pass(tmp_path):
    whole, rerun = tmp_path / "whole.db", tmp_path / "rerun.db"
    assert _cli(whole, str(SEEDS)).exit_code == 0
    with Store(rerun) as store:  # the state a kill leaves once every page is stored: no pass yet
        report = pipeline.import_paths(store, [SEEDS], near_duplicates=False)
        assert report.imported and dedupe.pending(store)
    again = _cli(rerun, str(SEEDS))
    assert again.exit_code == 0 and "0 imported" in again.output
    with Store(whole) as a, Store(rerun) as b:
        assert b.stats() == a.stats()
        assert not dedupe.pending(b)
        # what a reviewer sees: the same merged releases and the same open duplicate pairs
        q = "SELECT count(*) FROM releases WHERE merged_into IS NOT NULL"
        assert b.db.execute(q).fetchone() == a.db.execute(q).fetchone()
        q = "SELECT event_a, event_b, score FROM dup_candidates ORDER BY 1, 2"
        assert b.db.execute(q).fetchall() == a.db.execute(q).fetchall()


def test_an_import_with_nothing_new_and_no_pass_due_does_not_search_again(tmp_path, monkeypatch):
    db = tmp_path / "r.db"
    assert _cli(db, str(SEEDS)).exit_code == 0
    calls = []
    monkeypatch.setattr(dedupe, "after_import", lambda store: calls.append(1))
    assert _cli(db, str(SEEDS)).exit_code == 0
    assert calls == []


# -- item 9: a file that grows after its size was checked is still refused, and never read whole


def test_a_file_that_grows_after_its_size_was_checked_is_refused(tmp_path, monkeypatch):
    big = tmp_path / "growing.txt"
    with open(big, "wb") as out:
        out.write(GOOD_EN.encode("utf-8") * (ingest.MAX_FILE_BYTES // len(GOOD_EN) + 2))
    real_stat, real_fstat = os.stat, os.fstat

    def small(result):  # the size it had when it was checked
        return os.stat_result((result.st_mode, result.st_ino, result.st_dev, result.st_nlink, result.st_uid,
                               result.st_gid, 1000, int(result.st_atime), int(result.st_mtime), int(result.st_ctime)))

    monkeypatch.setattr(os, "stat", lambda *a, **k: small(real_stat(*a, **k)))
    monkeypatch.setattr(os, "fstat", lambda *a, **k: small(real_fstat(*a, **k)))
    with pytest.raises(ingest.IngestError) as err:
        ingest.read_bytes(big)
    assert "growing.txt: too large (at least 10.5 MB" in str(err.value)


# -- item 10: a file name that is not UTF-8 is one page among others, not the end of the import


def test_a_file_name_that_is_not_utf8_imports_and_the_files_after_it_too(tmp_path):
    if os.fsencode("\udce9") != b"\xe9":
        pytest.skip("file names here are not bytes")
    folder = tmp_path / "in"
    _page(folder, b"a caf\xe9.txt", "Astana")
    _page(folder, "b plain.txt", "Bishkek")
    _page(folder, "c last.txt", "Yerevan")
    db = tmp_path / "r.db"
    first = _cli(db, str(folder))
    assert first.exit_code == 0, first.output
    assert "3 imported" in first.output
    stored = _names(db)
    assert set(stored) == {"a caf\\xe9.txt", "b plain.txt", "c last.txt"}
    assert "Astana" in stored["a caf\\xe9.txt"]
    again = _cli(db, str(folder))
    assert again.exit_code == 0 and "0 imported, 3 already stored" in again.output


def test_a_bad_file_whose_name_is_not_utf8_is_reported_in_one_printable_line(tmp_path):
    if os.fsencode("\udce9") != b"\xe9":
        pytest.skip("file names here are not bytes")
    folder = tmp_path / "in"
    folder.mkdir()
    (Path(os.fsdecode(os.fsencode(folder) + b"/empty \xff.txt"))).write_bytes(b"")
    _page(folder, "z good.txt", "Minsk")
    result = _cli(tmp_path / "r.db", str(folder))
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if line.startswith("skipped")] == \
        [f"skipped: {folder}/empty \\xff.txt: empty file"]


# -- item 13: two imports of one folder at once count each page once


def test_a_page_stored_by_another_import_meanwhile_is_counted_as_already_stored(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    for i, city in enumerate(["Astana", "Bishkek", "Yerevan"]):
        _page(folder, f"{i}.txt", city)
    db = tmp_path / "r.db"
    other: list = []
    with Store(db) as first:
        real = first.transaction

        def late_transaction():
            # the other import commits the whole folder after this one found the pages new,
            # before it takes the write lock to store them
            if not other:
                other.append(None)
                with Store(db) as second:
                    other[0] = pipeline.import_paths(second, [folder], near_duplicates=False)
            return real()

        monkeypatch.setattr(first, "transaction", late_transaction)
        report = pipeline.import_paths(first, [folder], workers=0, near_duplicates=False)
    assert len(other[0].imported) == 3
    assert report.imported == [] and len(report.unchanged) == 3
    assert report.summary() == "0 imported, 3 already stored, 0 skipped; 0 items, 0 new events"
    assert len(_names(db)) == 3


# -- item 15: a link inside a folder that leads out of it is not read unless asked


@pytest.fixture
def linked(tmp_path):
    private = tmp_path / "home" / "secret notes.txt"
    private.parent.mkdir()
    private.write_text(GOOD_EN.replace("Minsk", "Privatestadt"), encoding="utf-8")
    folder = tmp_path / "downloads"
    _page(folder, "a page.txt", "Astana")
    (folder / "b link out.txt").symlink_to(private)
    (folder / "c link in.txt").symlink_to(folder / "a page.txt")
    return folder


def test_a_link_out_of_the_imported_folder_is_reported_and_not_read(linked, tmp_path):
    db = tmp_path / "r.db"
    result = _cli(db, str(linked))
    assert result.exit_code == 1
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped")]
    assert skipped == [f"skipped: {linked}/b link out.txt: symbolic link to a file outside the imported folder"
                       " (not read; --follow-links reads it)"]
    assert "1 imported, 1 already stored, 1 skipped" in result.output  # the link inside is the same page
    assert not any("Privatestadt" in text for text in _names(db).values())


def test_follow_links_reads_a_link_out_of_the_folder(linked, tmp_path):
    db = tmp_path / "r.db"
    result = _cli(db, "--follow-links", str(linked))
    assert result.exit_code == 0, result.output
    assert any("Privatestadt" in text for text in _names(db).values())


def test_follow_links_walks_a_linked_folder_once_even_in_a_loop(tmp_path):
    outside = tmp_path / "elsewhere"
    _page(outside, "far.txt", "Dushanbe")
    folder = tmp_path / "in"
    _page(folder, "near.txt", "Astana")
    (folder / "far away").symlink_to(outside, target_is_directory=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    names = [p.name for p, problem in ingest.iter_files([folder], follow_links=True) if problem is None]
    assert sorted(names) == ["far.txt", "near.txt"]
    assert [p.name for p, _ in ingest.iter_files([folder])] == ["near.txt"]


def test_a_link_named_on_its_own_is_read(linked, tmp_path):
    db = tmp_path / "r.db"
    result = _cli(db, str(linked / "b link out.txt"))
    assert result.exit_code == 0, result.output
    assert any("Privatestadt" in text for text in _names(db).values())


# -- item 16: names with newlines or terminal escapes cannot fake output or drive the terminal


def test_names_with_newlines_and_escape_codes_are_printed_escaped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    evil = "x\nskipped: fake.txt: fake\x1b]0;owned\x07\x1b[2J\u202eevil.txt"
    (folder / evil).write_bytes(b"")  # empty: reported
    (folder / ("latin \x1b[31mred.txt")).write_bytes(GOOD_EN.replace("Minsk", "M\u00fcnchen").encode("latin-1"))
    result = _cli(tmp_path / "r.db", str(folder))
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output
    lines = sorted(result.output.splitlines())
    assert len(lines) == 4, lines  # the imported file's line, one warning, one skip, the summary: no line faked
    assert lines[0] == f"{folder}/latin \\x1b[31mred.txt: imported (2 items, 2 new events)"
    assert lines[2] == (f"skipped: {folder}/x\\nskipped: fake.txt: fake\\x1b]0;owned\\x07\\x1b[2J\\u202eevil.txt:"
                        " empty file")
    assert lines[3].startswith(f"warning: {folder}/latin \\x1b[31mred.txt: not UTF-8")
    assert set(_names(tmp_path / "r.db")) == {"latin \\x1b[31mred.txt"}


def test_printable_leaves_ordinary_names_alone():
    for name in ("Встреча в Душанбе — итоги 2024.txt", "a plain page.txt", "back\\slash.txt", "日本語.txt"):
        assert ingest.printable(name) == name
    assert ingest.printable("a\tb\rc") == "a\\tb\\rc"
