"""The window on small screens: 1,024 px wide, and 1,280 × 720 at 150 % scaling (about 853 × 480 logical pixels).

No pane is clipped below its minimum: the release list, the page and every
editor field are inside the window at least at their minimum size; the
editor scrolls when the window is too short for it, and the field the
keyboard goes to is scrolled into view; long roles wrap.
"""
from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget

from driving import ALT, CTRL, SHIFT, key

EDITOR_FIELDS = ("date_start", "date_end", "event_type", "status", "location", "online", "participants",
                 "organizations", "new_participant", "new_participant_role", "new_organization")


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, widget.rect().topLeft()), widget.size())


def at_size(qtbot, w, width: int, height: int) -> None:
    w.resize(width, height)
    qtbot.waitUntil(lambda: w.size().width() == width and w.size().height() == height, timeout=3000)
    QApplication.processEvents()


def assert_whole(w, widget: QWidget, within: QWidget) -> None:
    """``widget`` shown inside ``within`` (the window, or the editor's scrolled view) at least at its minimum size."""
    hint = widget.minimumSizeHint()
    assert widget.isVisible(), widget.accessibleName()
    assert widget.width() >= hint.width() and widget.height() >= hint.height(), (widget.accessibleName(), widget.size(), hint)
    assert within.rect().contains(rect_in(widget, within)), (widget.accessibleName(), rect_in(widget, within), within.rect())


def test_the_window_fits_1024_pixels_and_clips_no_pane(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    assert w.minimumSizeHint().width() <= 1024 and w.minimumSize().width() <= 1024
    at_size(qtbot, w, 1024, 700)
    assert w.width() == 1024
    panes = [w.splitter.widget(i) for i in range(w.splitter.count())]
    assert all(p.width() >= p.minimumSizeHint().width() for p in panes), [(p.width(), p.minimumSizeHint()) for p in panes]
    for widget in (w.releases.search, w.releases.view, w.page.text):
        assert_whole(w, widget, w)
    # at 700 px high the whole editor shows without scrolling: every field inside the window and its pane's view
    pane = w.splitter.widget(2)
    for name in EDITOR_FIELDS:
        field = getattr(w.editor, name)
        assert_whole(w, field, w)
        assert_whole(w, field, pane.viewport())
    assert w.statusBar().width() <= 1024 and w.progress.bar.isVisible()


def test_at_1280_by_720_with_150_percent_scaling_the_editor_scrolls_to_each_field(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    hint = w.minimumSizeHint()
    assert hint.width() <= 853 and hint.height() <= 450, hint
    at_size(qtbot, w, 853, 450)
    panes = [w.splitter.widget(i) for i in range(w.splitter.count())]
    assert all(p.width() >= p.minimumSizeHint().width() and p.height() >= p.minimumSizeHint().height() for p in panes)
    for widget in (w.releases.view, w.page.text):
        assert_whole(w, widget, w)
    pane = w.splitter.widget(2)
    assert pane.verticalScrollBar().maximum() > 0  # shorter than the editor: it scrolls
    w.releases.view.setFocus()
    for letter, name in ((Qt.Key.Key_G, "organizations"), (Qt.Key.Key_S, "date_start"), (Qt.Key.Key_P, "participants")):
        key(qtbot, letter, ALT)
        field = getattr(w.editor, name)
        assert field.hasFocus()
        # the field the keyboard went to is in view, whole, and inside the window
        assert pane.viewport().rect().intersects(rect_in(field, pane.viewport()))
        top_left = field.mapTo(pane.viewport(), field.rect().topLeft())
        assert 0 <= top_left.y() < pane.viewport().height(), (name, top_left)
    # Tab walks on from the participants to the fields below, each scrolled into view
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        if w.editor.isAncestorOf(focus):
            y = focus.mapTo(pane.viewport(), focus.rect().topLeft()).y()
            assert 0 <= y < pane.viewport().height(), focus.accessibleName()


@pytest.mark.parametrize("width", [1024, 853])
def test_a_long_role_wraps_instead_of_being_cut(qtbot, open_review_window, review_db, width):
    w = open_review_window(review_db)
    at_size(qtbot, w, width, 700)
    ed = w.editor
    role = "Deputy Chairman of the Committee on Defence and Security of the Mazhilis of the Parliament"
    ed.new_participant.setFocus()
    qtbot.keyClicks(ed.new_participant, "Ivan Petrov")
    qtbot.keyClick(ed.new_participant, Qt.Key.Key_Tab)
    qtbot.keyClicks(ed.new_participant_role, role)
    qtbot.keyClick(ed.new_participant_role, Qt.Key.Key_Return)
    table = ed.participants
    row = next(r for r in range(table.rowCount()) if table.item(r, 1).text() == role)
    line = QFontMetrics(table.font()).lineSpacing()
    # whole: the row as tall as its wrapped text needs, which is more than one line
    assert table.rowHeight(row) >= table.sizeHintForRow(row) > 1.5 * line
    assert table.item(row, 1).text() == role
    # the editor made wider, the role takes fewer lines; back at its narrowest, more again: never cut
    sizes, least = w.splitter.sizes(), w.splitter.widget(2).minimumSizeHint().width()
    assert sizes[2] == least  # at this width the editor is as narrow as it goes
    narrow, column = table.rowHeight(row), table.columnWidth(1)
    w.splitter.setSizes([w.splitter.widget(0).minimumSizeHint().width(), w.splitter.widget(1).minimumSizeHint().width(),
                         sum(sizes) - w.splitter.widget(0).minimumSizeHint().width()
                         - w.splitter.widget(1).minimumSizeHint().width()])
    qtbot.waitUntil(lambda: table.columnWidth(1) > column * 1.3 and table.rowHeight(row) < narrow, timeout=3000)
    assert table.rowHeight(row) >= table.sizeHintForRow(row)
    w.splitter.setSizes(sizes)
    qtbot.waitUntil(lambda: table.columnWidth(1) == column and table.rowHeight(row) == narrow, timeout=3000)


def test_the_list_and_the_editor_shut_and_open_from_the_keyboard(qtbot, open_review_window, review_db):
    """On a narrow screen the page takes the room of a shut pane; the same key opens it again, whole."""
    w = open_review_window(review_db)
    at_size(qtbot, w, 853, 450)
    page = w.page.text.width()
    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_L, CTRL | SHIFT)
    qtbot.waitUntil(lambda: w.page.text.width() > page, timeout=3000)
    assert w.releases.isHidden() and not w.actions_by_name["pane_list"].isChecked()
    assert_whole(w, w.page.text, w)
    w.page.text.setFocus()
    key(qtbot, Qt.Key.Key_L, CTRL | SHIFT)
    qtbot.waitUntil(lambda: w.releases.view.isVisible(), timeout=3000)
    assert_whole(w, w.releases.view, w)
    assert w.actions_by_name["pane_list"].isChecked()
    # a pane dragged shut by its handle opens again with the same key, at least at its minimum
    sizes = w.splitter.sizes()
    w.splitter.setSizes([sizes[0], sizes[1] + sizes[2], 0])
    w.panes.sync()  # what opening the View menu does
    assert not w.actions_by_name["pane_editor"].isChecked()
    key(qtbot, Qt.Key.Key_E, CTRL | SHIFT)
    pane = w.splitter.widget(2)
    qtbot.waitUntil(lambda: pane.width() >= pane.minimumSizeHint().width(), timeout=3000)
    key(qtbot, Qt.Key.Key_S, ALT)
    assert w.editor.date_start.hasFocus()
    assert_whole(w, w.editor.date_start, pane.viewport())
    assert all(p.width() >= p.minimumSizeHint().width() for p in (w.splitter.widget(i) for i in range(3)))
