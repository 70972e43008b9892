"""File ▸ Import files… / Import folder… and drops: off the UI thread with progress and Cancel, then a per-file report.

The file dialogs are replaced through ``ui.file_menu``'s ``choose_*`` seams; the
import itself is the real one, on the real worker. A test that must catch the
import midway holds it after its first file (a slow disk, in effect) until it
has seen the progress dialog or pressed its Cancel button.
"""
from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from driving import CTRL, LEFT, SHIFT, db_all
from reviewer.store import integrity_check
from ui import file_menu, import_dialog
from ui.import_report import ImportReportDialog

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


@pytest.fixture
def pages(tmp_path):
    """A folder of the five seed pages, an empty page and a file of a kind the import does not read."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for p in SEEDS:
        shutil.copy(p, folder / p.name)
    (folder / "zz_empty.txt").write_text("")
    (folder / "zz_notes.md").write_text("# my notes\n")
    return folder


class Held:
    """``import_paths`` held after its first file until the test releases it or the import is cancelled."""

    def __init__(self, monkeypatch):
        self.release = threading.Event()
        real = import_dialog.import_paths

        def held(store, paths, progress=None, cancelled=lambda: False, **kw):
            def report(done, total, label=""):
                progress(done, total, label)
                if done == 1:
                    while not (self.release.is_set() or cancelled()):
                        time.sleep(0.01)  # on the worker: the import is slow, the test waits on the window
            return real(store, paths, report, cancelled, **kw)

        monkeypatch.setattr(import_dialog, "import_paths", held)


def progress_dialog(window) -> QProgressDialog:
    return window.file_menu.importer.runner.dialog


def back_to(qtbot, window) -> None:
    """The window active again (offscreen, closing a dialog activates nothing by itself)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def finished(qtbot, window, timeout=60000):
    qtbot.waitUntil(lambda: window.file_menu.importer.report is not None, timeout=timeout)
    return window.file_menu.importer.report


def test_import_folder_shows_progress_then_a_report_of_every_file(qtbot, open_review_window, tmp_path, pages,
                                                                   monkeypatch):
    db = tmp_path / "fresh.db"
    window = open_review_window(db)
    assert window.model.rowCount() == 0 and "Import files" in window.page.text.placeholderText()
    monkeypatch.setattr(file_menu, "choose_folder", lambda parent, start: pages)
    held = Held(monkeypatch)

    qtbot.keyClick(window, Qt.Key.Key_I, CTRL | SHIFT)  # File ▸ Import folder…
    dlg = progress_dialog(window)
    qtbot.waitUntil(lambda: dlg.isVisible() and dlg.value() == 1, timeout=10000)
    assert dlg.maximum() == 7 and dlg.labelText().startswith("Importing pages")
    assert window.file_menu.importing and not window.file_menu.import_paths([pages])  # one import at a time
    held.release.set()
    report = finished(qtbot, window)

    assert not report.cancelled and not dlg.isVisible()
    docs = db_all(db, "SELECT count(*) FROM documents")[0][0]
    assert docs == len(SEEDS) == len(report.imported)
    shown = window.findChild(ImportReportDialog)
    assert shown is not None and shown.isVisible()
    rows = shown.rows()
    assert len(rows) == 7
    results = {name.rsplit("/", 1)[-1]: (result, details) for name, result, details in rows}
    assert all(results[p.name][0] == "imported" for p in SEEDS)
    assert results["zz_empty.txt"][0] == "skipped" and results["zz_empty.txt"][1]
    assert results["zz_notes.md"][0] == "skipped" and ".md" in results["zz_notes.md"][1]
    assert f"{docs} imported" in shown.summary.text()
    # the list and counts show what came in; the first release is open
    assert window.model.count() > 0 and window.current == window.model.release_id(0)
    total = window.model.count()
    qtbot.waitUntil(lambda: window.progress.text().startswith(f"0 of {total} releases"), timeout=5000)
    # the same folder again (once the report is closed: Esc): every page already stored
    qtbot.keyClick(shown, Qt.Key.Key_Escape)
    assert not shown.isVisible()
    back_to(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_I, CTRL | SHIFT)
    again = finished(qtbot, window)
    assert not again.imported and len(again.unchanged) == len(SEEDS)
    assert db_all(db, "SELECT count(*) FROM documents")[0][0] == docs
    assert [r[1] for r in window.findChild(ImportReportDialog).rows()].count("already stored") == len(SEEDS)


def test_cancel_keeps_the_pages_imported_so_far_and_the_database_consistent(qtbot, open_review_window, tmp_path,
                                                                            pages, monkeypatch):
    db = tmp_path / "fresh.db"
    window = open_review_window(db)
    monkeypatch.setattr(file_menu, "choose_files", lambda parent, start: sorted(pages.glob("0*.txt")))
    held = Held(monkeypatch)

    qtbot.keyClick(window, Qt.Key.Key_I, CTRL)  # File ▸ Import files…
    dlg = progress_dialog(window)
    qtbot.waitUntil(lambda: dlg.isVisible() and dlg.value() == 1, timeout=10000)
    qtbot.mouseClick(dlg.findChild(QPushButton), LEFT)  # Cancel
    report = finished(qtbot, window)

    assert report.cancelled and len(report.imported) == 1 and len(report.files) == 1
    assert db_all(db, "SELECT count(*) FROM documents")[0][0] == 1
    assert integrity_check(db) == ["ok"]
    # the page is whole: its items and events are there, and the window lists its releases
    assert db_all(db, "SELECT count(*) FROM items")[0][0] == report.items > 0
    assert db_all(db, "SELECT count(*) FROM events")[0][0] == report.events
    assert window.model.count() > 0 and window.current is not None
    assert window.findChild(ImportReportDialog).summary.text().startswith("Cancelled")
    # what was not reached imports next time, the kept page as already stored
    held.release.set()  # no longer held
    qtbot.keyClick(window.findChild(ImportReportDialog), Qt.Key.Key_Escape)
    back_to(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_I, CTRL)
    rest = finished(qtbot, window)
    assert len(rest.imported) == len(SEEDS) - 1 and len(rest.unchanged) == 1
    assert db_all(db, "SELECT count(*) FROM documents")[0][0] == len(SEEDS)


def test_files_dropped_on_the_window_are_imported_not_pasted(qtbot, open_review_window, review_db, pages):
    window = open_review_window(review_db)
    before = window.model.count()
    new_page = pages / "new_page.txt"
    new_page.write_text("12.03.2025\nOn 12 March 2025 the CSTO Secretary General met the Minister of Defence "
                        "of Armenia in Yerevan to discuss joint exercises.\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(new_page))])
    enter = QDragEnterEvent(QPoint(40, 40), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    # dropped on the editor's Location field: imported, and the field does not get the file's URL as text
    field = window.editor.location
    typed = field.text()
    drop = QDropEvent(QPointF(10, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(field, drop)
    report = finished(qtbot, window)

    assert drop.isAccepted() and field.text() == typed
    assert [f.outcome for f in report.files] == ["imported"]
    assert db_all(review_db, "SELECT count(*) FROM documents WHERE path LIKE ?", ["%new_page.txt"])[0][0] == 1
    assert window.model.count() > before

    # text dragged from elsewhere is left to the field it is dropped on
    text = QMimeData()
    text.setText("Yerevan")
    assert not window.file_menu.drops.eventFilter(field, QDropEvent(QPointF(10, 5), Qt.DropAction.CopyAction, text,
                                                                     Qt.MouseButton.NoButton,
                                                                     Qt.KeyboardModifier.NoModifier))


def test_quitting_during_an_import_cancels_it_and_commits_the_pages_read(qtbot, open_review_window, tmp_path, pages,
                                                                         monkeypatch):
    db = tmp_path / "fresh.db"
    window = open_review_window(db)
    monkeypatch.setattr(file_menu, "choose_files", lambda parent, start: sorted(pages.glob("0*.txt")))
    Held(monkeypatch)
    qtbot.keyClick(window, Qt.Key.Key_I, CTRL)
    dlg = progress_dialog(window)
    qtbot.waitUntil(lambda: dlg.value() == 1, timeout=10000)
    window.file_menu._on_quit()  # what QApplication.aboutToQuit runs: returns once the worker is done
    assert db_all(db, "SELECT count(*) FROM documents")[0][0] == 1 and integrity_check(db) == ["ok"]
    assert finished(qtbot, window).cancelled
