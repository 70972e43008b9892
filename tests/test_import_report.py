"""The per-file import report: what became of every file, in order, also through ``on_file`` and after a cancel."""
from __future__ import annotations

import shutil

from click.testing import CliRunner

from reviewer.cli import cli
from reviewer.importing.pipeline import IMPORTED, SKIPPED, UNCHANGED, FileReport, import_paths

PAGE = "Ministers met in Minsk\n12.03.2024On 12 March 2024 the ministers of defence met in Minsk to discuss training.\n"


def _folder(tmp_path, seeds_dir):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for i, src in enumerate(sorted(seeds_dir.glob("*.txt"))[:3]):
        shutil.copy(src, folder / ("sub" if i == 2 else "") / src.name)
    (folder / "notes.md").write_text("# Notes\n\nThe ministers of defence met in Minsk.\n")
    (folder / "table.csv").write_text("a,b\n1,2\n")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    (folder / "README").write_text("no suffix at all, written by hand\n")
    return folder


def test_every_file_of_a_folder_is_reported_in_order_and_through_on_file(store, tmp_path, seeds_dir):
    folder = _folder(tmp_path, seeds_dir)
    seen: list[FileReport] = []
    report = import_paths(store, [folder], on_file=seen.append)
    assert seen == report.files
    by_name = {f.path.rsplit("/", 1)[-1]: f for f in report.files}
    assert set(by_name) == {p.name for p in folder.rglob("*") if p.is_file()}
    for name, suffix in (("notes.md", ".md"), ("table.csv", ".csv"), ("photo.jpg", ".jpg"), ("README", "no suffix")):
        assert by_name[name].outcome == SKIPPED
        assert by_name[name].reason.startswith(f"not a page file ({suffix};"), by_name[name]
        assert by_name[name].line() == f"{by_name[name].path}: {by_name[name].reason}"
    imported = [f for f in report.files if f.outcome == IMPORTED]
    assert len(imported) == 3 and all(f.items > 0 for f in imported)
    assert sum(f.items for f in imported) == report.items == store.stats()["items"]
    assert sum(f.events for f in imported) == report.events
    assert report.skipped == [f.line() for f in report.files if f.outcome == SKIPPED]

    again = import_paths(store, [folder])
    assert [f.outcome for f in again.files if f.outcome != SKIPPED] == [UNCHANGED] * 3
    assert again.files[0].line().endswith(": already stored") or again.files[0].outcome == SKIPPED


def test_include_narrows_a_folder_and_never_a_file_named_alone(store, tmp_path, seeds_dir):
    folder = _folder(tmp_path, seeds_dir)
    named = folder / "notes.md"
    report = import_paths(store, [folder, named], include=["sub/*"])
    # the folder gives only sub/'s page; the markdown file named alone is read as a text page
    assert [f.path.rsplit("/", 1)[-1] for f in report.files] == [p.name for p in (folder / "sub").iterdir()] + ["notes.md"]
    assert {f.outcome for f in report.files} == {IMPORTED}
    assert report.excluded == 6  # two pages at the top, the md, csv, jpg and README
    assert "6 files left out by --include" in report.summary()


def test_cancel_keeps_every_page_reported_imported_and_lists_nothing_it_did_not_reach(store, tmp_path, seeds_dir):
    seen: list[FileReport] = []
    report = import_paths(store, [seeds_dir], on_file=seen.append, cancelled=lambda: len(seen) >= 3)
    assert report.cancelled and report.candidates is None
    assert 3 <= len(report.files) < len(list(seeds_dir.glob("*.txt")))
    names = {r["name"] for r in store.rows("SELECT name FROM documents")}
    assert names == {f.path.rsplit("/", 1)[-1] for f in report.files if f.outcome == IMPORTED}
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # the next import finishes the job: the rest imported, the duplicate pass run
    rest = import_paths(store, [seeds_dir])
    assert len(rest.imported) + len(report.imported) == len(list(seeds_dir.glob("*.txt")))
    assert rest.candidates is not None


def test_cli_prints_one_line_per_file_and_include(tmp_path, seeds_dir):
    folder = _folder(tmp_path, seeds_dir)
    db = tmp_path / "r.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "import", str(folder)], catch_exceptions=False)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert sum(": imported (" in line for line in lines) == 3
    assert any(line.startswith("skipped: ") and "notes.md: not a page file (.md;" in line for line in lines)
    again = CliRunner().invoke(cli, ["--db", str(db), "import", "--include", "*.txt", "-q", str(folder)])
    assert again.exit_code == 0, again.output
    assert again.output.splitlines() == ["0 imported, 3 already stored, 0 skipped; 0 items, 0 new events; "
                                         "4 files left out by --include"]
