"""Help ▸ Guideline and the Type box's definitions, driven with real keys and clicks."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from reviewer.guideline import type_definitions
from reviewer.model import EVENT_TYPES

SHIFT = Qt.KeyboardModifier.ShiftModifier
LEFT = Qt.MouseButton.LeftButton


def guideline_dialog(window):
    from ui.guideline import GuidelineDialog

    return window.findChild(GuidelineDialog)


def assert_rendered_guideline(dialog):
    shown = dialog.browser.toPlainText()
    # rendered, not Markdown source: headings and table cells appear without their markup
    assert "What an event is" in shown and "## What an event is" not in shown
    assert "date_start, date_end" in shown and "|---|" not in shown
    assert type_definitions()["training"] in shown


def test_shift_f1_opens_the_guideline_once(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    assert guideline_dialog(w) is None
    w.releases.view.setFocus()
    qtbot.keyClick(w.releases.view, Qt.Key.Key_F1, SHIFT)
    dialog = guideline_dialog(w)
    assert dialog is not None and dialog.isVisible()
    assert_rendered_guideline(dialog)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    qtbot.keyClick(w.releases.view, Qt.Key.Key_F1, SHIFT)
    from ui.guideline import GuidelineDialog

    assert len(w.findChildren(GuidelineDialog)) == 1  # raised again, not opened twice


def click_help_entry(qtbot, window, name):
    """Open the Help menu and click one of its entries, with the mouse."""
    bar = window.menuBar()
    help_action = next(a for a in bar.actions() if a.text() == "&Help")
    qtbot.mouseClick(bar, LEFT, pos=bar.actionGeometry(help_action).center())
    menu = help_action.menu()
    qtbot.waitUntil(menu.isVisible, timeout=3000)
    entry = window.actions_by_name[name]
    assert entry in menu.actions()
    qtbot.mouseClick(menu, LEFT, pos=menu.actionGeometry(entry).center())
    return entry


def test_the_help_menu_opens_the_guideline_with_the_mouse(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    assert click_help_entry(qtbot, w, "guideline").text() == "&Guideline"
    qtbot.waitUntil(lambda: guideline_dialog(w) is not None and guideline_dialog(w).isVisible(), timeout=3000)
    assert_rendered_guideline(guideline_dialog(w))


def test_the_shortcut_sheet_links_to_the_guideline(qtbot, open_review_window, review_db):
    from ui.shortcuts import ShortcutSheet

    w = open_review_window(review_db)
    w.releases.view.setFocus()
    qtbot.keyClick(w.releases.view, Qt.Key.Key_F1)
    sheet = w.findChild(ShortcutSheet)
    assert sheet is not None and sheet.isVisible()
    assert "guideline" in sheet.guideline.text()
    qtbot.mouseClick(sheet.guideline, LEFT)
    dialog = guideline_dialog(w)
    assert dialog is not None and dialog.isVisible()
    assert_rendered_guideline(dialog)


def test_each_type_in_the_type_box_shows_its_definition(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    box = w.editor.event_type
    assert box.isEnabled()
    qtbot.mouseClick(box, LEFT)  # open the list as a reviewer would
    view = box.view()
    qtbot.waitUntil(view.isVisible, timeout=3000)
    definitions = type_definitions()
    seen = {}
    for row in range(box.count()):
        name = box.itemText(row)
        if not name:
            continue
        # hover the item: the tooltip Qt shows is the one the reviewer reads
        view.scrollTo(view.model().index(row, 0))
        rect = view.visualRect(view.model().index(row, 0))
        QToolTip.hideText()
        event = QHelpEvent(QEvent.Type.ToolTip, rect.center(), view.viewport().mapToGlobal(rect.center()))
        QApplication.sendEvent(view.viewport(), event)
        qtbot.waitUntil(QToolTip.isVisible, timeout=3000)
        seen[name] = QToolTip.text()
    QToolTip.hideText()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert list(seen) == list(EVENT_TYPES)
    assert seen == {t: definitions[t] for t in EVENT_TYPES}
    assert seen["education"].startswith("Courses, seminars")


def test_extraction_accuracy_shows_the_corrections_reviewers_made(qtbot, open_review_window, seeded_store):
    from reviewer.review import ReviewService
    from ui.accuracy import AccuracyDialog

    # two known corrections, verified; a third release corrected but not verified does not count
    svc = ReviewService(seeded_store, "alice")
    ev = {r["release_id"]: r["id"] for r in seeded_store.rows(
        "SELECT id, release_id FROM events WHERE deleted = 0 AND merged_into IS NULL AND release_id IN (3, 4, 5)")}
    svc.set_field(ev[5], "location", "Minsk")
    svc.set_field(ev[3], "status", "planned")
    svc.set_field(ev[4], "location", "Dushanbe")
    svc.set_release_status(5, "verified")
    svc.set_release_status(3, "verified")
    path = seeded_store.path
    seeded_store.close()

    w = open_review_window(path)
    click_help_entry(qtbot, w, "accuracy")
    qtbot.waitUntil(lambda: w.findChild(AccuracyDialog) is not None, timeout=3000)
    dialog = w.findChild(AccuracyDialog)
    qtbot.waitUntil(lambda: dialog.corrections.rowCount() > 0, timeout=10000)

    assert dialog.summary.text().startswith("verified extracted events 2 (2 corrected)")
    rows = {dialog.table.item(r, 0).text(): [dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]
            for r in range(dialog.table.rowCount())}
    header = [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())]
    everyone = dict(zip(header, rows["All verified events"]))
    assert (everyone["Verified"], everyone["Corrected"], everyone["Location"], everyone["Status"],
            everyone["Type"]) == ("2", "2", "0.500", "0.500", "1.000")
    assert len(rows) == 3 and list(rows)[:2] == ["All verified events", "Reviewer alice"]
    assert list(rows)[2].startswith("Imported ")  # the one month the seeds were imported in
    fixes = sorted(tuple(dialog.corrections.item(r, c).text() for c in range(5))
                   for r in range(dialog.corrections.rowCount()))
    assert fixes == sorted([(str(ev[5]), "5", "Location", "Moscow", "Minsk"),
                            (str(ev[3]), "3", "Status", "held", "planned")])
    chart = dict(dialog.chart.bars)
    assert chart["Location"] == 0.5 and chart["Type"] == 1.0
    # the bars are drawn to scale: the location bar is half the type bar
    widths = {label: dialog.chart.bar_rect(i).width() for i, (label, _) in enumerate(dialog.chart.bars)}
    assert widths["Location"] == 0.5 * widths["Type"] > 0
    assert not dialog.chart.grab().isNull()


def test_a_long_list_of_corrections_is_cut_and_says_so(qtbot, seeded_store, monkeypatch):
    from reviewer.review import ReviewService
    from ui import accuracy as dialog_module

    svc = ReviewService(seeded_store, "alice")
    for release in (3, 5):
        event = seeded_store.rows("SELECT id FROM events WHERE release_id = ? AND deleted = 0", [release])[0]["id"]
        svc.set_field(event, "location", "Minsk")
        svc.set_release_status(release, "verified")
    monkeypatch.setattr(dialog_module, "SHOWN_CORRECTIONS", 1)
    dialog = dialog_module.AccuracyDialog(seeded_store.path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10000):
        pass
    assert dialog.corrections.rowCount() == 1
    assert dialog.corrections_title.text().startswith("The first 1 of 2 corrections")
