"""The timeline: dated events by type; a click opens the event in the window."""
from __future__ import annotations

from PySide6.QtCore import Qt

from ui.timeline import TimelineDialog


def test_click_on_an_event_opens_it(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    rid = w.model.release_id(3)
    ev = w.service.release_detail(rid).events[0]
    w.service.set_dates(ev.id, "2030-06-01", "2030-06-01")  # the latest date: the rightmost dot
    dlg = TimelineDialog(w.service, w)
    qtbot.addWidget(dlg)
    dlg.event_activated.connect(lambda r, e: w.open_release(r, e))
    dlg.show()
    qtbot.waitExposed(dlg)
    canvas = dlg.canvas
    i = [e.id for e in canvas.events].index(ev.id)
    with qtbot.waitSignal(dlg.event_activated) as sig:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.point(i).toPoint())
    assert sig.args == [rid, ev.id]
    assert w.current == rid and w.editor.current_event.id == ev.id
    assert all(e.date_start[:4].isdigit() for e in canvas.events)
