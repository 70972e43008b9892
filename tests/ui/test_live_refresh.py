"""Changes another process makes show in the window within 2 s, and never take a value being typed away."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from driving import LEFT, db_all
from reviewer.review import ReviewService
from reviewer.store import Store

PAGES = sorted((Path(__file__).resolve().parents[1] / "extract_pages").glob("blind2_0*.txt"))[:3]


def listed(window) -> set[int]:
    return {window.model.release_id(r) for r in range(window.model.rowCount())}


def type_pending(qtbot, widget, text) -> None:
    qtbot.mouseClick(widget, LEFT)
    qtbot.keyClicks(widget, text)
    assert widget.hasFocus()


def test_pages_imported_by_another_process_appear_while_a_value_is_typed(qtbot, open_review_window, review_db,
                                                                         tmp_path):
    window = open_review_window(review_db)
    rid, ev = window.current, window.editor.current_event.id
    shown_before = listed(window)
    assert shown_before == {r for (r,) in db_all(review_db, "SELECT id FROM releases")}
    type_pending(qtbot, window.editor.location, "Bishkek")
    folder = tmp_path / "crawl"
    folder.mkdir()
    for p in PAGES:
        shutil.copy(p, folder / p.name)

    cli = subprocess.Popen([sys.executable, "-m", "reviewer.cli", "--db", str(review_db), "import", str(folder)],
                           env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    qtbot.waitUntil(lambda: cli.poll() is not None, timeout=180000)
    assert cli.returncode == 0
    new = {r for (r,) in db_all(review_db, "SELECT id FROM releases")} - shown_before
    assert len(new) > 0
    qtbot.waitUntil(lambda: new <= listed(window), timeout=2000)  # within 2 s of the other process's last commit

    total = db_all(review_db, "SELECT count(*) FROM releases")[0][0]
    qtbot.waitUntil(lambda: window.progress.text().startswith(f"0 of {total} releases"), timeout=2000)
    # still where the reviewer was, the typed value still there, focused; and it is saved as usual
    assert window.current == rid and window.editor.current_event.id == ev
    assert window.model.release_id(window.releases.view.currentIndex().row()) == rid
    assert window.editor.location.text() == "Bishkek" and window.editor.location.hasFocus()
    assert db_all(review_db, "SELECT location FROM events WHERE id = ?", [ev]) == [(None,)]
    qtbot.keyClick(window.editor.location, Qt.Key.Key_Return)
    assert db_all(review_db, "SELECT location FROM events WHERE id = ?", [ev]) == [("Bishkek",)]


def test_another_windows_edit_of_the_shown_event_shows_and_the_typed_value_still_wins_only_where_unchanged(
        qtbot, open_review_window, review_db):
    window = open_review_window(review_db)
    ev = window.editor.current_event.id
    type_pending(qtbot, window.editor.location, "Minsk")
    with qtbot.waitSignal(window.live.refreshed, timeout=2000), Store(review_db) as other:  # another window
        ReviewService(other, "bob").set_field(ev, "status", "planned")
    assert window.editor.status.currentText() == "planned"
    assert window.editor.location.text() == "Minsk" and window.editor.location.hasFocus()
    qtbot.keyClick(window.editor.location, Qt.Key.Key_Return)
    assert db_all(review_db, "SELECT status, location FROM events WHERE id = ?", [ev]) == [("planned", "Minsk")]

    # the field being typed changed underneath: saving it is a conflict, the other value is not overwritten unseen
    qtbot.keyClick(window.editor.location, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.editor.location, "Moscow")
    with qtbot.waitSignal(window.live.refreshed, timeout=2000), Store(review_db) as other:
        ReviewService(other, "bob").set_field(ev, "location", "Almaty")
    assert window.editor.location.text() == "Moscow"
    qtbot.keyClick(window.editor.location, Qt.Key.Key_Return)
    assert db_all(review_db, "SELECT location FROM events WHERE id = ?", [ev]) == [("Almaty",)]
    assert window.editor.location.text() == "Almaty" and window.banner.isVisible()


def test_nothing_is_read_again_while_nothing_changed(qtbot, open_review_window, review_db, monkeypatch):
    window = open_review_window(review_db)
    reads = []
    monkeypatch.setattr(window.model, "set_filter", lambda flt: reads.append(flt))
    assert window.live.poll() is False and window.live.poll() is False and reads == []
    with Store(review_db) as other:
        ReviewService(other, "bob").set_release_status(window.current, "in_progress")
    assert window.live.poll() is True and len(reads) == 1
    # the counts and the reviewer filter follow, read off the UI thread
    qtbot.waitUntil(lambda: window.releases.reviewer.findData("bob") >= 0, timeout=5000)


def test_a_value_typed_in_an_event_deleted_elsewhere_is_not_dropped_unseen(qtbot, open_review_window, review_db):
    window = open_review_window(review_db)
    ev = window.editor.current_event.id
    type_pending(qtbot, window.editor.location, "Tashkent")
    with qtbot.waitSignal(window.live.refreshed, timeout=2000), Store(review_db) as other:
        ReviewService(other, "bob").delete_event(ev)
    # the reviewer is told why the value went nowhere, and nothing was written to another event
    assert window.banner.isVisible() and "deleted by bob" in window.banner.text()
    assert db_all(review_db, "SELECT count(*) FROM events WHERE location = 'Tashkent'") == [(0,)]


def test_the_shown_release_is_read_once_a_refresh(qtbot, open_review_window, review_db, monkeypatch):
    window = open_review_window(review_db)
    qtbot.keyClick(window.releases.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # a second event
    first = window.editor.current_event.id
    (second,) = {e.id for e in window.editor._detail.events} - {first}
    reads = []
    read = window.service.release_detail
    monkeypatch.setattr(window.service, "release_detail", lambda rid: reads.append(rid) or read(rid))
    with Store(review_db) as other:
        ReviewService(other, "bob").set_field(first, "status", "planned")
    assert window.live.poll() is True
    assert reads == [window.current] and window.editor.status.currentText() == "planned"

    # the shown event deleted elsewhere: the same one read shows the release with the event left
    reads.clear()
    with Store(review_db) as other:
        ReviewService(other, "bob").delete_event(first)
    assert window.live.poll() is True
    assert reads == [window.current] and window.editor.current_event.id == second

    # ... and with a value typed in it: refused with the reason, the window shown from that refusal's one read
    type_pending(qtbot, window.editor.location, "Osh")
    reads.clear()
    with Store(review_db) as other:
        ReviewService(other, "bob").delete_event(second)
    assert window.live.poll() is True
    assert "deleted by bob" in window.banner.text() and len(reads) == 2  # the poll's look, the refusal's reload
    assert second not in [e.id for e in window.editor._detail.events]
