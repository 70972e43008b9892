"""Starting the application: the name asked once, the seeds imported on first run."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from PySide6.QtCore import QSettings

from ui import app


def test_first_run_imports_the_seeds_and_shows_the_first_release(qtbot, tmp_path, qsettings):
    db = tmp_path / "fresh.db"
    window = app.open_window(db, qsettings, import_seeds=True)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.release_shown, timeout=60000):
        pass
    assert window.current == window.model.release_id(0)
    assert window.model.rowCount() > 0 and window.page.text.toPlainText()
    assert window.progress.text().startswith("0 of ")


def test_an_import_on_the_window_thread_can_use_worker_processes(qtbot, tmp_path, qsettings, monkeypatch):
    # Large imports prepare pages in spawned processes; the window starts them
    # from its operation thread, beside Qt's own threads.
    from reviewer.importing import prepare
    from reviewer.store import Store

    monkeypatch.setattr(prepare, "MIN_FILES_FOR_WORKERS", 1)
    monkeypatch.setattr(prepare, "default_workers", lambda: 2)
    started = []
    real = prepare.Preparer
    monkeypatch.setattr(prepare, "Preparer", lambda cache, workers=0, *rest: started.append(workers) or real(cache, workers, *rest))
    db = tmp_path / "fresh.db"
    window = app.open_window(db, qsettings, import_seeds=True)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.release_shown, timeout=60000):
        pass
    assert started == [2]
    assert window.model.rowCount() > 0 and window.page.text.toPlainText()
    with Store(db) as store:
        assert store.stats()["documents"] == 5


def test_reviewer_name_is_asked_once_and_remembered(qtbot, tmp_path, monkeypatch, review_db):
    asked = []
    monkeypatch.setattr(app.ReviewerNameDialog, "ask", classmethod(lambda cls, parent=None: asked.append(1) or "  Dana  K. "))
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w1 = app.open_window(review_db, settings)
    qtbot.addWidget(w1)
    w2 = app.open_window(review_db, settings)
    qtbot.addWidget(w2)
    assert asked == [1]
    assert w2.service.reviewer == "Dana K."


def test_no_name_means_no_window(qtbot, tmp_path, monkeypatch, review_db):
    import pytest

    from reviewer.store import StoreError

    monkeypatch.setattr(app.ReviewerNameDialog, "ask", classmethod(lambda cls, parent=None: None))
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    with pytest.raises(StoreError, match="reviewer name"):
        app.open_window(review_db, settings)


def test_reviewer_gui_help_prints_its_options_and_opens_nothing():
    # `reviewer-gui --help` is a contract (DESIGN.md): it used to open the window instead
    done = subprocess.run([sys.executable, "-m", "ui.app", "--help"], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0 and "--db PATH" in done.stdout


def test_reviewer_gui_opens_the_window_on_the_database_in_a_process_of_its_own(qtbot, tmp_path):
    # The core never imports ui (pyproject's layers): `reviewer gui` runs the window program.
    config = tmp_path / "config" / "release-reviewer"
    config.mkdir(parents=True)
    (config / "reviewer-gui.conf").write_text("[reviewer]\nname=Tess\n")  # the name, asked once, already given
    db = tmp_path / "chosen.db"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    window = subprocess.Popen([sys.executable, "-m", "reviewer.cli", "--db", str(db), "gui"], env=env)
    try:
        def opened() -> bool:  # the window opened (and so created) the database it was given
            if not db.exists():
                return False
            with sqlite3.connect(db) as conn:
                return conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'events'").fetchone()[0] == 1
        qtbot.waitUntil(opened, timeout=60000)
        assert window.poll() is None  # still open: a window, not a command that ran and ended
    finally:
        window.terminate()
        window.wait(timeout=30)
