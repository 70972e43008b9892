"""Starting the application: the name asked once, the seeds imported on first run."""
from __future__ import annotations

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
    from reviewer import prepare
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
