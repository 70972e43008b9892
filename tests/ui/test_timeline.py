"""The timeline: dated events by type; a click opens the event in the window."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ui.timeline import LEFT, TimelineDialog


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


def canvas_image(canvas):
    return canvas.grab().toImage()


def test_verified_and_unverified_events_are_drawn_differently(qtbot, open_review_window, review_db):
    from PySide6.QtGui import QColor, QPalette

    w = open_review_window(review_db)
    verified_rid = next(r for r in (w.model.release_id(i) for i in range(w.model.rowCount()))
                        if any(e.date_start and e.date_start[:4].isdigit() for e in w.service.release_detail(r).events))
    w.service.verify_release(verified_rid)
    rid, ev, dlg = timeline_with(qtbot, w, 3, "2030-06-01")
    canvas = dlg.canvas
    done = [i for i, e in enumerate(canvas.events) if e.verified]
    left = [i for i, e in enumerate(canvas.events) if not e.verified]
    assert done and left and {canvas.events[i].release_id for i in done} == {verified_rid}
    assert "verified (" in dlg.note.text() and "hollow ring" in dlg.note.text()
    img = canvas_image(canvas)
    base = canvas.palette().color(QPalette.ColorRole.Base).name()
    for i in done:  # filled: the dot's centre is its colour
        assert QColor(img.pixel(canvas.point(i).toPoint())).name() != base
    for i in left:  # hollow: the centre shows the page, the ring does not
        c = canvas.point(i).toPoint()
        assert QColor(img.pixel(c)).name() == base
        assert QColor(img.pixel(c.x() + 5, c.y())).name() != base


def test_year_labels_are_whole_even_the_last(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    first = w.service.release_detail(w.model.release_id(1)).events[0]
    w.service.set_dates(first.id, "2010-01-01", "2010-01-01")
    _rid, _ev, dlg = timeline_with(qtbot, w, 3, "2029-12-31")  # the last tick, 2030, falls at the right edge
    canvas = dlg.canvas
    labels = canvas.year_labels()
    assert [y for y, _x in canvas.year_ticks()][-1] == 2030
    assert len(labels) >= 10 and labels[0][0] == "2010"
    fm = canvas.fontMetrics()
    for text, rect in labels:
        assert canvas.rect().contains(rect.toAlignedRect()), text
        assert rect.width() >= fm.horizontalAdvance(text)
    for (_a, r1), (_b, r2) in zip(labels, labels[1:]):
        assert not r1.intersects(r2)


def test_lane_labels_stay_in_view_while_scrolling(qtbot, open_review_window, review_db):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QPalette

    w = open_review_window(review_db)
    _rid, _ev, dlg = timeline_with(qtbot, w, 3, "2030-06-01")
    dlg.resize(500, dlg.height())
    bar = dlg.scroller.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 100, timeout=3000)
    qtbot.keyClick(bar, Qt.Key.Key_End)  # the scroll bar's End key: to the right end
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=3000)
    canvas = dlg.canvas
    assert canvas.label_left == bar.value() > 0
    rect = canvas.lane_label_rect(0)
    visible = canvas.visibleRegion().boundingRect()
    assert visible.contains(rect.toAlignedRect())
    img = canvas_image(canvas)
    base = canvas.palette().color(QPalette.ColorRole.Base).name()
    inked = [(x, y) for x in range(int(rect.left()), int(rect.right())) for y in range(int(rect.top()), int(rect.bottom()))
             if QColor(img.pixel(x, y)).name() != base]
    assert len(inked) > 20  # the lane's name is painted there
    assert canvas.event_at(QPointF(rect.center())) is None  # a dot scrolled under the labels is not clicked through them


def test_the_year_unknown_strip_is_reached_with_one_click(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    _rid, _ev, dlg = timeline_with(qtbot, w, 2, "XXXX-03-15")
    dlg.resize(700, 260)  # a short window: the strip is below the fold
    bar = dlg.scroller.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=3000)
    strip = dlg.canvas.unknown_strip().toAlignedRect()

    def strip_in_view() -> bool:
        visible = dlg.canvas.visibleRegion().boundingRect()
        return visible.top() <= strip.top() and visible.bottom() >= strip.bottom()

    assert not strip_in_view()
    qtbot.mouseClick(dlg.to_unknown, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(strip_in_view, timeout=3000)


def test_the_timeline_is_reached_with_tab_stepped_with_the_arrows_and_opens_with_enter(qtbot, open_review_window,
                                                                                       review_db):
    w = open_review_window(review_db)
    rid, ev, dlg = timeline_with(qtbot, w, 3, "2030-06-01")  # the latest date: the last dated event
    canvas = dlg.canvas
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow, timeout=3000)
    dlg.to_unknown.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # the next Tab stop after the dialog's button
    assert canvas.hasFocus() and canvas.accessibleName() == "Timeline of events"
    first = canvas.chosen_event()
    assert first is not None and canvas.chosen == 0
    assert first[0].date_start == min(e.date_start for e in canvas.events)  # the earliest event first
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    second = canvas.chosen_event()
    assert second is not None and second[0].date_start >= first[0].date_start and canvas.chosen == 1
    assert second[0].date_start in canvas.accessibleDescription()  # what a screen reader says
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    assert canvas.chosen == 0
    qtbot.keyClick(canvas, Qt.Key.Key_Left)  # nothing before the first
    assert canvas.chosen == 0

    dated = sorted(canvas.events, key=lambda e: e.date_start)
    for _ in range(len(dated) - 1):
        qtbot.keyClick(canvas, Qt.Key.Key_Right)
    chosen = canvas.chosen_event()
    assert chosen is not None and chosen[0].id == ev.id  # 2030: the last of the dated ones
    left = dlg.scroller.horizontalScrollBar().value()
    assert left + LEFT <= chosen[1].x() <= left + dlg.scroller.viewport().width()  # in view, clear of the labels
    with qtbot.waitSignal(dlg.event_activated) as sig:
        qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert sig.args == [rid, ev.id]
    assert w.current == rid and w.editor.current_event.id == ev.id


def test_the_year_unknown_events_come_after_the_dated_ones_from_the_keyboard(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    _rid, ev, dlg = timeline_with(qtbot, w, 2, "XXXX-03-15")
    canvas = dlg.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_End)
    last = canvas.chosen_event()
    assert last is not None and last[0].date_start.startswith("XXXX") and canvas.unknown_strip().contains(last[1])
    qtbot.keyClick(canvas, Qt.Key.Key_Home)
    assert canvas.chosen == 0 and not canvas.chosen_event()[0].date_start.startswith("XXXX")
