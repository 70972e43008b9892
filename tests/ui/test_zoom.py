"""Ctrl++ / Ctrl+− / Ctrl+0 size the page and the editor, and the size is remembered."""
from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from ui.zoom import HIGHEST, ZOOM_KEY

CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier


def sizes(w):
    return (w.page.text.font().pointSizeF(), w.editor.font().pointSizeF(), w.editor.location.font().pointSizeF(),
            w.editor.labels["date_start"].font().pointSizeF())  # a label with a style sheet of its own


def rows_fit(table):
    return all(table.rowHeight(r) >= table.sizeHintForRow(r) for r in range(table.rowCount()))


def test_zoom_keys_size_the_page_and_the_editor_and_are_remembered(qtbot, open_review_window, review_db, qsettings):
    w = open_review_window(review_db)
    page, editor, field, label = sizes(w)
    line = w.page.text.fontMetrics().height()
    w.releases.view.setFocus()
    qtbot.keyClick(w.releases.view, Qt.Key.Key_Plus, CTRL)
    qtbot.keyClick(w.releases.view, Qt.Key.Key_Plus, CTRL)
    assert sizes(w) == (page + 2, editor + 2, field + 2, label + 2)
    assert w.page.text.fontMetrics().height() > line  # the page's lines are drawn taller
    assert w.editor.participants.rowCount() and rows_fit(w.editor.participants)  # wrapped roles not cut
    w.page.text.setFocus()  # the keys work from the page too
    qtbot.keyClick(w.page.text, Qt.Key.Key_Minus, CTRL)
    assert sizes(w) == (page + 1, editor + 1, field + 1, label + 1)
    assert int(qsettings.value(ZOOM_KEY)) == 1
    w.close()

    w = open_review_window(review_db)  # reopened: the zoom kept
    assert sizes(w) == (page + 1, editor + 1, field + 1, label + 1)
    w.editor.location.setFocus()
    qtbot.keyClick(w.editor.location, Qt.Key.Key_0, CTRL)
    assert sizes(w) == (page, editor, field, label)
    assert int(qsettings.value(ZOOM_KEY)) == 0
    for _ in range(HIGHEST + 5):  # bounded
        qtbot.keyClick(w.releases.view, Qt.Key.Key_Equal, CTRL)  # Ctrl+= too, where + needs Shift
    assert sizes(w)[0] == page + HIGHEST


def test_the_shortcut_sheet_lists_the_zoom_keys(qtbot, open_review_window, review_db):
    from ui.shortcuts import ShortcutSheet

    w = open_review_window(review_db)
    sheet = ShortcutSheet(w.actions_by_name.values(), w)
    qtbot.addWidget(sheet)
    rows = {sheet.table.item(r, 0).text(): sheet.table.item(r, 1).text() for r in range(sheet.table.rowCount())}
    assert rows["Zoom in"] == "Ctrl++, Ctrl+=" and rows["Zoom out"] == "Ctrl+-" and rows["Actual size"] == "Ctrl+0"


def wheel(widget, delta, mods=CTRL) -> None:
    """The mouse wheel turned over the middle of ``widget``, as the platform delivers it to the window
    (``delta`` in eighths of a degree: a notch is 120); Qt passes it up from a child that does not take it."""
    window = widget.window()
    QTest.wheelEvent(window.windowHandle(), QPointF(widget.mapTo(window, widget.rect().center())), QPoint(0, delta),
                     QPoint(0, 0), mods)


def test_ctrl_wheel_zooms_the_page_and_the_editor_by_the_same_steps_and_is_remembered(qtbot, open_review_window,
                                                                                      review_db, qsettings):
    w = open_review_window(review_db)
    page, editor, field, label = sizes(w)
    wheel(w.page.text.viewport(), 240)  # two notches up over the page
    assert sizes(w) == (page + 2, editor + 2, field + 2, label + 2) and int(qsettings.value(ZOOM_KEY)) == 2
    wheel(w.editor.location, -60)  # half a notch down (a touchpad) over a field: nothing yet
    assert sizes(w)[0] == page + 2
    wheel(w.editor.location, -60)  # the other half: one step
    assert sizes(w) == (page + 1, editor + 1, field + 1, label + 1) and int(qsettings.value(ZOOM_KEY)) == 1
    bar = w.page.text.verticalScrollBar()
    before = bar.value()
    wheel(w.page.text.viewport(), -120, NONE)  # without Ctrl the wheel scrolls, as ever
    assert sizes(w)[0] == page + 1 and (bar.value() > before or bar.maximum() == 0)
    w.close()

    w = open_review_window(review_db)  # reopened: the wheel's zoom kept, as the keys' is
    assert sizes(w) == (page + 1, editor + 1, field + 1, label + 1)
