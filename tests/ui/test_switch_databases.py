"""File ▸ New database…, Open database…, Open recent, Reviewer name…; the title; `--reviewer`.

The file dialogs and the name dialog are replaced through ``ui.file_menu``'s
seams; the menu is driven with the keyboard (Alt+F, then the entry's letter).
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMenu

from driving import ALT, CTRL, LEFT, db_all
from reviewer.store import Store
from ui import app, databases, file_menu
from ui.main_window import MainWindow


def file_menu_entry(qtbot, window, letter) -> None:
    """Alt+F opens the File menu; the entry's underlined letter chooses it."""
    qtbot.keyClick(window, Qt.Key.Key_F, ALT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=3000)
    qtbot.keyClick(QApplication.activePopupWidget(), letter)


def windows_on(path) -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible() and w.db_path.resolve() == path.resolve()]


def copy_db(src, target):
    a, b = sqlite3.connect(src), sqlite3.connect(target)
    a.backup(b)
    a.close()
    b.close()
    return target


def closed(store) -> bool:
    try:
        store.db.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


@pytest.fixture
def open_review_window(qtbot, qsettings):
    """Like conftest's, but a switch deletes the window it leaves: only the windows still there are closed at the end."""
    opened: list[MainWindow] = []

    def opener(db_path, settings=qsettings) -> MainWindow:
        window = app.open_window(db_path, settings)
        opened.append(window)
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        return window

    yield opener
    for w in [*opened, *(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))]:
        if shiboken6.isValid(w) and w.isVisible():
            w.close()
            w.deleteLater()


@pytest.fixture
def switched(qtbot):
    """The window a switch opened on ``path``, once it is there."""
    def track(path) -> MainWindow:
        qtbot.waitUntil(lambda: len(windows_on(path)) == 1, timeout=10000)
        new = windows_on(path)[0]
        qtbot.waitUntil(new.isActiveWindow, timeout=3000)
        return new
    return track


def test_new_database_opens_an_empty_window_on_it_and_closes_the_old_one(qtbot, open_review_window, review_db,
                                                                         tmp_path, monkeypatch, switched):
    old = open_review_window(review_db)
    store = old.service.store
    target = tmp_path / "project" / "second"
    target.parent.mkdir()
    monkeypatch.setattr(file_menu, "choose_new_database", lambda parent, start: target.with_suffix(".db"))
    file_menu_entry(qtbot, old, Qt.Key.Key_N)
    new = switched(target.with_suffix(".db"))

    qtbot.waitUntil(lambda: not shiboken6.isValid(old), timeout=3000)  # the old window is gone…
    assert closed(store)  # …and its connection closed
    assert new.windowTitle() == "Release Reviewer \u2014 second.db"
    label = new.file_menu.database_label
    assert label.text().startswith("second.db") and str(target.with_suffix(".db").resolve()) in label.toolTip()
    assert new.model.rowCount() == 0 and "Import files" in new.page.text.placeholderText()
    with Store(target.with_suffix(".db")) as s:
        assert s.stats()["documents"] == 0
    recent = databases.recent(new.settings)
    assert recent[:2] == [target.with_suffix(".db").resolve(), review_db.resolve()]


def test_new_database_never_replaces_an_existing_file(qtbot, open_review_window, review_db, tmp_path, monkeypatch):
    window = open_review_window(review_db)
    existing = tmp_path / "precious.db"
    existing.write_bytes(b"mine")
    told = []
    monkeypatch.setattr(file_menu, "choose_new_database", lambda parent, start: existing)
    monkeypatch.setattr(file_menu, "tell", lambda parent, text: told.append(text))
    file_menu_entry(qtbot, window, Qt.Key.Key_N)
    assert len(told) == 1 and str(existing) in told[0] and "exists" in told[0]
    assert existing.read_bytes() == b"mine" and window.isVisible()


def test_open_database_saves_the_typed_value_and_each_database_reopens_where_it_was(
        qtbot, open_review_window, review_db, tmp_path, monkeypatch, switched):
    other = copy_db(review_db, tmp_path / "other.db")
    first = open_review_window(review_db)
    first.open_release(first.model.release_id(2))
    place = (first.current, first.editor.current_event.id)
    qtbot.mouseClick(first.editor.location, LEFT)
    qtbot.keyClicks(first.editor.location, "Dushanbe")  # typed, not confirmed

    monkeypatch.setattr(file_menu, "choose_database", lambda parent, start: other)
    qtbot.keyClick(first, Qt.Key.Key_O, CTRL)
    second = switched(other)
    assert db_all(review_db, "SELECT location FROM events WHERE id = ?", [place[1]]) == [("Dushanbe",)]
    assert second.windowTitle().endswith("other.db") and second.current == second.model.release_id(0)

    # back through Open recent: the first database, at the release and event left
    file_menu_entry(qtbot, second, Qt.Key.Key_R)
    recent = QApplication.activePopupWidget()
    entries = [a for a in recent.actions() if a.isEnabled()]
    assert [a.toolTip() for a in entries] == [str(review_db.resolve())]
    recent.setActiveAction(entries[0])
    qtbot.keyClick(recent, Qt.Key.Key_Return)
    back = switched(review_db)
    assert (back.current, back.editor.current_event.id) == place
    assert back.editor.location.text() == "Dushanbe"


def test_open_recent_drops_databases_no_longer_there(qtbot, open_review_window, review_db, tmp_path, qsettings):
    gone = copy_db(review_db, tmp_path / "gone.db")
    databases.remember(qsettings, gone)
    gone.unlink()
    window = open_review_window(review_db)
    assert gone.resolve() in databases.recent(qsettings)
    file_menu_entry(qtbot, window, Qt.Key.Key_R)
    assert "gone.db" in window.statusBar().currentMessage() and "no longer there" in window.statusBar().currentMessage()
    assert databases.recent(qsettings) == [review_db.resolve()]
    QApplication.activePopupWidget().close()


def test_a_file_that_is_no_database_is_refused_in_one_line(qtbot, open_review_window, review_db, tmp_path,
                                                          monkeypatch):
    window = open_review_window(review_db)
    notes = tmp_path / "notes.db"
    notes.write_text("not a database at all\n" * 100)
    told = []
    monkeypatch.setattr(file_menu, "choose_database", lambda parent, start: notes)
    monkeypatch.setattr(file_menu, "tell", lambda parent, text: told.append(text))
    qtbot.keyClick(window, Qt.Key.Key_O, CTRL)
    assert len(told) == 1 and "\n" not in told[0] and str(notes) in told[0]
    assert window.isVisible() and window.service.store.db.execute("SELECT 1").fetchone() == (1,)


def test_reviewer_name_change_is_audited_and_credits_later_edits(qtbot, open_review_window, review_db, monkeypatch):
    window = open_review_window(review_db)
    monkeypatch.setattr(file_menu, "ask_reviewer_name", lambda parent, current: "  Bea   Stone ")
    file_menu_entry(qtbot, window, Qt.Key.Key_V)

    rows = db_all(review_db, "SELECT who, action, table_name, field, old, new FROM audit_log WHERE action = 'reviewer'")
    assert rows == [("Bea Stone", "reviewer", "reviewers", "name", "tester", "Bea Stone")]
    assert window.settings.value("reviewer/name") == "Bea Stone"
    assert "Bea Stone" in window.file_menu.database_label.text()
    ev = window.editor.current_event.id
    qtbot.mouseClick(window.editor.location, LEFT)
    qtbot.keyClicks(window.editor.location, "Astana")
    qtbot.keyClick(window.editor.location, Qt.Key.Key_Return)
    assert db_all(review_db, "SELECT who FROM audit_log WHERE table_name = 'events' AND row_id = ? AND field = 'location'",
                  [ev]) == [("Bea Stone",)]
    # the same name again changes nothing and writes nothing
    monkeypatch.setattr(file_menu, "ask_reviewer_name", lambda parent, current: current)
    file_menu_entry(qtbot, window, Qt.Key.Key_V)
    assert len(db_all(review_db, "SELECT 1 FROM audit_log WHERE action = 'reviewer'")) == 1


def test_reviewer_option_names_this_session_without_asking(qtbot, tmp_path, review_db, monkeypatch):
    monkeypatch.setattr(app.ReviewerNameDialog, "ask", classmethod(lambda cls, parent=None, current="": 1 / 0))
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = app.open_window(review_db, settings, reviewer=" Cleo  ")
    qtbot.addWidget(window)
    assert window.service.reviewer == "Cleo" and settings.value("reviewer/name") is None


@pytest.mark.parametrize("command", [["-m", "ui.app", "--help"], ["-m", "reviewer.cli", "gui", "--help"]])
def test_gui_help_lists_db_and_reviewer_and_opens_nothing(command):
    done = subprocess.run([sys.executable, *command], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0 and "--db PATH" in done.stdout and "--reviewer NAME" in done.stdout


def test_each_database_reopens_at_its_own_window_size(qtbot, open_review_window, review_db, tmp_path, monkeypatch,
                                                      switched):
    other = copy_db(review_db, tmp_path / "other.db")
    first = open_review_window(review_db)
    first.resize(700, 500)  # within the offscreen screen (800 × 600), where restoreGeometry keeps a window
    size = (first.width(), first.height())
    monkeypatch.setattr(file_menu, "choose_database", lambda parent, start: other)
    qtbot.keyClick(first, Qt.Key.Key_O, CTRL)
    second = switched(other)
    assert (second.width(), second.height()) == size  # seen first: where the last window was
    second.resize(760, 560)
    assert (second.width(), second.height()) != size
    monkeypatch.setattr(file_menu, "choose_database", lambda parent, start: review_db)
    qtbot.keyClick(second, Qt.Key.Key_O, CTRL)
    back = switched(review_db)
    assert (back.width(), back.height()) == size


def test_reviewer_gui_hands_db_and_reviewer_to_the_window_program(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from reviewer import cli

    started = []

    def execv(program, argv):
        started.append(argv)
        raise SystemExit(0)

    monkeypatch.setattr(cli.os, "execv", execv)
    monkeypatch.setattr(cli.os, "name", "posix")
    done = CliRunner().invoke(cli.cli, ["--db", str(tmp_path / "e.db"), "gui", "--reviewer", "Dana K."])
    assert done.exit_code == 0
    assert started == [[sys.executable, "-m", "ui.app", "--db", str(tmp_path / "e.db"), "--reviewer", "Dana K."]]


def test_reviewer_gui_reads_db_and_reviewer(tmp_path, monkeypatch):
    ran = []
    monkeypatch.setattr(app, "run", lambda db, reviewer: ran.append((db, reviewer)) or 0)
    monkeypatch.setattr(sys, "argv", ["reviewer-gui", "--db", str(tmp_path / "e.db"), "--reviewer", "Dana K."])
    with pytest.raises(SystemExit) as ended:
        app.main()
    assert ended.value.code == 0 and ran == [(tmp_path / "e.db", "Dana K.")]
