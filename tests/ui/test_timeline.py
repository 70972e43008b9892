"""The timeline: dated events by type; a click opens the event in the window."""
from __future__ import annotations

from PySide6.QtCore import Qt

from ui.timeline import TimelineDialog


def timeline_with(qtbot, w, row, day):
    """Date the first event of the list's ``row``-th release ``day`` and open the timeline with Ctrl+T."""
    rid = w.model.release_id(row)
    ev = w.service.release_detail(rid).events[0]
    w.service.set_dates(ev.id, day, day)
    w.releases.view.setFocus()
    qtbot.keyClick(w.releases.view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    dlg = w.findChildren(TimelineDialog)[-1]
    qtbot.waitExposed(dlg)
    return rid, ev, dlg


def test_click_on_an_event_opens_it(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    rid, ev, dlg = timeline_with(qtbot, w, 3, "2030-06-01")  # the latest date: the rightmost dot
    canvas = dlg.canvas
    i = [e.id for e in canvas.events].index(ev.id)
    with qtbot.waitSignal(dlg.event_activated) as sig:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.point(i).toPoint())
    assert sig.args == [rid, ev.id]
    assert w.current == rid and w.editor.current_event.id == ev.id
    assert all(e.date_start[:4].isdigit() for e in canvas.events)


def test_year_unknown_events_sit_in_their_own_strip_by_month_and_day(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    rid, ev, dlg = timeline_with(qtbot, w, 2, "XXXX-03-15")
    canvas = dlg.canvas
    assert ev.id not in [e.id for e in canvas.events]
    ids = [e.id for e in canvas.unknown]
    assert ev.id in ids and all(e.date_start.startswith("XXXX") for e in canvas.unknown)
    assert "year unknown" in dlg.note.text() and f"{len(canvas.unknown)} with the year unknown" in dlg.note.text()
    strip = canvas.unknown_strip()
    dated_bottom = max((canvas.point(i).y() for i in range(len(canvas.events))), default=0)
    point = canvas.unknown_point(ids.index(ev.id))
    assert strip.contains(point) and point.y() > dated_bottom  # its own strip, below the type lanes
    # placed by month-day: left of every later month-day in the strip
    for j, other in enumerate(canvas.unknown):
        if other.date_start[5:] > "03-15":
            assert canvas.unknown_point(j).x() > point.x()
    w.open_release(w.model.release_id(0))
    with qtbot.waitSignal(dlg.event_activated) as sig:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert sig.args == [rid, ev.id]
    assert w.current == rid and w.editor.current_event.id == ev.id
