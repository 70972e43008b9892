"""A folder of hostile files: each bad one is reported in one line, every good one imports, nothing half-way."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from hostile_files import make_hostile_folder
from reviewer.importing import ingest, pipeline
from reviewer.cli import cli
from reviewer.store import Store


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return make_hostile_folder(tmp_path_factory.mktemp("hostile") / "downloads")


def _import(db: Path, *paths: Path):
    return CliRunner().invoke(cli, ["--db", str(db), "import", *map(str, paths)], catch_exceptions=False)


def _stored(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # nothing half-way: every stored page has its items, and every item its release
        assert conn.execute("SELECT count(*) FROM documents d WHERE NOT EXISTS"
                            " (SELECT 1 FROM items i WHERE i.document_id = d.id)").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM items i LEFT JOIN releases r ON r.id = i.release_id"
                            " WHERE r.id IS NULL").fetchone()[0] == 0
        return dict(conn.execute("SELECT name, text FROM documents"))


def test_cli_reports_each_bad_file_in_one_line_and_imports_every_good_one(hostile, tmp_path):
    db = tmp_path / "r.db"
    result = _import(db, hostile.root)
    lines = result.output.splitlines()
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    skipped = [line for line in lines if line.startswith("skipped: ")]
    assert len(skipped) == len(hostile.bad) + len(hostile.not_pages), "\n".join(skipped)
    for name, reason in {**hostile.bad, **hostile.not_pages}.items():
        mine = [line for line in skipped if f"{name}: " in line]
        assert len(mine) == 1 and reason in mine[0], (name, skipped)
    for name, encoding in hostile.warned.items():
        assert any(line.startswith("warning: ") and name in line and encoding in line for line in lines), name
    assert f"{len(hostile.good)} imported" in result.output
    stored = _stored(db)
    assert set(stored) == {Path(name).name for name in hostile.good}
    for name, phrase in hostile.good.items():
        assert phrase in stored[Path(name).name], name
    assert not any(name in stored for name in hostile.not_pages)


def test_a_second_import_of_the_folder_changes_nothing_and_reports_the_same(hostile, tmp_path):
    db = tmp_path / "r.db"
    first = _import(db, hostile.root)
    before = db.read_bytes() and _stored(db)
    again = _import(db, hostile.root)
    assert again.exit_code == 1
    skipped = len(hostile.bad) + len(hostile.not_pages)
    assert f"0 imported, {len(hostile.good)} already stored, {skipped} skipped" in again.output
    assert _stored(db) == before
    assert sorted(line for line in first.output.splitlines() if line.startswith("skipped")) == \
        sorted(line for line in again.output.splitlines() if line.startswith("skipped"))


def test_bad_files_named_one_by_one_are_refused_with_a_one_line_reason(hostile):
    for name, reason in hostile.bad.items():
        path = hostile.root / name
        problem = dict(ingest.iter_files([path])).get(path)
        if problem is None:
            with pytest.raises(ingest.IngestError) as err:
                ingest.read_page(path)
            problem = str(err.value)
            assert name in problem
        assert reason in problem and "\n" not in problem, (name, problem)


def test_a_png_named_explicitly_is_refused_not_imported(hostile, tmp_path):
    db = tmp_path / "r.db"
    result = _import(db, hostile.root / "c screenshot.png")
    assert result.exit_code == 1
    assert "c screenshot.png: binary file" in result.output
    assert _stored(db) == {}


def test_good_files_decode_to_the_text_they_hold(hostile):
    for name, phrase in hostile.good.items():
        page = ingest.read_page(hostile.root / name)
        assert phrase in page.text and "\ufffd" not in page.text and not page.text.startswith("\ufeff")
    assert ingest.read_page(hostile.root / "e cp1251.txt").encoding == "cp1251"
    assert ingest.read_page(hostile.root / "f latin1.txt").encoding == "cp1252"
    assert ingest.read_page(hostile.root / "d utf16.txt").encoding == "utf-16"


def test_an_extractor_failure_on_one_page_skips_that_page_and_the_import_goes_on(hostile, tmp_path, monkeypatch):
    from reviewer.importing import prepare

    real = prepare.extract_item

    def flaky(text, item, known):
        if "Dushanbe" in text:
            raise ValueError("a bug\nover two lines")
        return real(text, item, known)

    monkeypatch.setattr(prepare, "extract_item", flaky)
    db = tmp_path / "r.db"
    with Store(db) as store:
        report = pipeline.import_paths(store, [hostile.root])
    mine = [line for line in report.skipped if "d utf16.txt" in line]
    assert len(mine) == 1 and "could not extract events (ValueError: a bug over two lines)" in mine[0]
    assert len(report.imported) == len(hostile.good) - 1
    assert "d utf16.txt" not in _stored(db)


def test_a_file_deleted_between_listing_and_reading_is_reported_and_the_rest_imports(hostile, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a plain page.txt", "z last page.txt"):
        (folder / name).write_bytes((hostile.root / name).read_bytes())
    real = ingest.iter_files

    def vanishing(paths, follow_links=False, include=None):
        for path, problem in real(paths, follow_links, include):
            if path.name.startswith("a "):
                path.unlink()  # gone after the listing, before the read
            yield path, problem

    monkeypatch.setattr(ingest, "iter_files", vanishing)
    db = tmp_path / "r.db"
    result = _import(db, folder)
    assert result.exit_code == 1
    assert any("a plain page.txt: cannot read" in line for line in result.output.splitlines())
    assert set(_stored(db)) == {"z last page.txt"}
