"""Every control of the window and of each dialog has an accessible name; labels are their fields' buddies;
the focus is always visible.

The walk takes every widget under a window, shown or hidden, and asks of each
one a reviewer can operate (buttons, text fields, boxes, spin and date
fields, lists, tables, text views, sliders, tab bars) a name a screen reader
can say: its accessible name, or a button's own words. Parts Qt presents
through their owner (a table's header and corner button, a scroll bar, the
line inside a spin box or an editable box, a cell's editor) are the owner's.
Each dialog class in ``ui/`` must be walked: a new one fails
``test_every_dialog_of_the_window_is_walked`` until it is added here.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QDialog, QHeaderView,
    QLabel, QLineEdit, QMenu, QMenuBar, QPlainTextEdit, QScrollBar, QTabBar, QTableView, QTextEdit, QWidget,
)

import ui
from driving import ALT, CTRL, NONE, SHIFT, key
from ui.accessibility import FocusRing, plain

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QTextEdit, QPlainTextEdit,
               QAbstractSlider, QTabBar)
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
MNEMONIC = re.compile(r"(?<!&)&(?!&)\w")


def part_of_owner(w: QWidget) -> bool:
    """A widget Qt's accessibility presents as part of another: not a control of its own."""
    parent = w.parentWidget()
    return (isinstance(w, (QHeaderView, QScrollBar))
            or (isinstance(w, QAbstractButton) and isinstance(parent, (QTableView, QLineEdit, QMenuBar)))  # the corner
            # "select all", a field's clear button, the menu bar's overflow arrow
            or (isinstance(w, QLineEdit) and isinstance(parent, (QAbstractSpinBox, QComboBox)))
            or (parent is not None and parent.inherits("QComboBoxPrivateContainer"))  # a box's drop-down list
            or (parent is not None and isinstance(parent.parentWidget(), QAbstractItemView)
                and parent is parent.parentWidget().viewport()))  # a cell's editor


def spoken_name(w: QWidget) -> str:
    if w.accessibleName().strip():
        return w.accessibleName().strip()
    if isinstance(w, QAbstractButton):
        return plain(w.text())
    return ""


def describe(w: QWidget) -> str:
    return f"{type(w).__name__} {w.objectName() or ''} in {type(w.window()).__name__} " \
           f"(tooltip {w.toolTip()[:40]!r}, placeholder {getattr(w, 'placeholderText', lambda: '')()!r})"


def unnamed(root: QWidget) -> list[str]:
    """Every control under ``root`` a screen reader could only call by its kind."""
    out = []
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, INTERACTIVE) and not part_of_owner(w):
            name = spoken_name(w)
            if not name or "<" in name:  # markup read aloud is no name either
                out.append(describe(w))
    return out


def unbound_mnemonics(root: QWidget) -> list[str]:
    """Labels showing an ``&`` letter with no field to go to: the ``&`` is drawn as typed and Alt does nothing."""
    return [f"{lab.text()!r} in {type(root).__name__}" for lab in root.findChildren(QLabel)
            if lab.textFormat() != Qt.TextFormat.RichText and MNEMONIC.search(lab.text()) and lab.buddy() is None]


def assert_all_named(root: QWidget) -> None:
    controls = [w for w in root.findChildren(QWidget) if isinstance(w, INTERACTIVE) and not part_of_owner(w)]
    assert controls, f"nothing to walk in {type(root).__name__}"
    missing = unnamed(root) + unbound_mnemonics(root)
    assert not missing, "unnamed controls or unbound labels:\n" + "\n".join(missing)


#: The dialogs the tests below open from the window, and those they build as the window would.
OPENED = {"ExportDialog", "DuplicatesDialog", "NoteDialog", "HistoryDialog", "DeletedDialog", "TimelineDialog",
          "ShortcutSheet", "GuidelineDialog", "AccuracyDialog", "EntitiesDialog"}
BUILT = {"SeparateDialog", "ReviewerNameDialog", "ImportReportDialog", "MergeDialog"}


def walk_modal(qtbot, press) -> str:
    """Open a modal dialog with ``press()`` (real keys), walk it while it waits for an answer, then cancel it."""
    seen: dict = {}

    def inspect() -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, QDialog):
            QTimer.singleShot(20, inspect)
            return
        try:
            assert_all_named(dlg)
        except AssertionError as exc:
            seen["error"] = exc
        seen["name"] = type(dlg).__name__
        dlg.reject()

    QTimer.singleShot(0, inspect)
    press()
    qtbot.waitUntil(lambda: "name" in seen, timeout=5000)
    if "error" in seen:
        raise seen["error"]
    return seen["name"]


def walk_shown(qtbot, window, press, kind) -> str:
    """Open a dialog beside the window with ``press()`` and walk it."""
    press()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(kind)), timeout=5000)
    dlg = next(d for d in window.findChildren(kind) if d.isVisible())
    assert_all_named(dlg)
    dlg.close()
    return kind.__name__


def test_every_control_of_the_window_has_a_name(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    w.releases.more.click()  # the filters folded away are walked too (hidden widgets are, anyway)
    assert_all_named(w)
    # the menus: every action says what it does
    actions = [a for m in w.menuBar().findChildren(QMenu) for a in m.actions() if not a.isSeparator()]
    assert actions and all(plain(a.text()) for a in actions)


def test_every_dialog_opened_from_the_window_has_named_controls(qtbot, open_review_window, review_db):
    from ui.accuracy import AccuracyDialog
    from ui.deleted import DeletedDialog
    from ui.entities import EntitiesDialog
    from ui.guideline import GuidelineDialog
    from ui.history import HistoryDialog
    from ui.shortcuts import ShortcutSheet
    from ui.timeline import TimelineDialog

    w = open_review_window(review_db)

    def back_to_the_list() -> None:  # where a closed dialog leaves the reviewer: the window, the list focused
        w.activateWindow()
        qtbot.waitUntil(w.isActiveWindow, timeout=3000)
        w.releases.view.setFocus()

    walked = set()
    for keys in ((Qt.Key.Key_E, CTRL), (Qt.Key.Key_D, CTRL), (Qt.Key.Key_M, CTRL)):
        back_to_the_list()
        walked.add(walk_modal(qtbot, lambda k=keys: key(qtbot, *k)))
    shown = ((HistoryDialog, (Qt.Key.Key_H, CTRL)), (DeletedDialog, (Qt.Key.Key_Delete, CTRL | SHIFT)),
             (TimelineDialog, (Qt.Key.Key_T, CTRL)), (ShortcutSheet, (Qt.Key.Key_F1, NONE)),
             (GuidelineDialog, (Qt.Key.Key_F1, SHIFT)), (EntitiesDialog, (Qt.Key.Key_P, CTRL | SHIFT)))
    for kind, keys in shown:
        back_to_the_list()
        walked.add(walk_shown(qtbot, w, lambda k=keys: key(qtbot, *k), kind))
    walked.add(walk_shown(qtbot, w, w.actions_by_name["accuracy"].trigger, AccuracyDialog))
    assert walked == OPENED


def test_dialogs_the_window_asks_through_have_named_controls(qtbot, open_review_window, review_db, tmp_path):
    """Dialogs the window opens only in a state a fresh database lacks, built as the window builds them."""
    from reviewer.dedupe.folds import Copy
    from reviewer.importing.pipeline import import_paths
    from reviewer.store import Store
    from reviewer.entities import EntityService
    from ui.app import ReviewerNameDialog
    from ui.entities_ask import MergeDialog
    from ui.import_report import ImportReportDialog
    from ui.separate import SeparateDialog

    w = open_review_window(review_db)
    copy = Copy(1, 2, ["page.txt"], "The first words of the copy", "2026-12-03T10:00", "tester")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "empty.txt").write_text("")
    with Store(tmp_path / "import.db") as store:
        report = import_paths(store, [tmp_path / "pages", *sorted(SEEDS.glob("*.txt"))[:1]])
    entities = EntityService(w.service.store, "tester").entities("person", limit=2)
    walked = set()
    for dlg in (SeparateDialog(w.current, [copy], 1, w), ReviewerNameDialog(w), ImportReportDialog(report, w),
                MergeDialog(entities, w)):
        qtbot.addWidget(dlg)
        assert_all_named(dlg)
        walked.add(type(dlg).__name__)
    assert walked == BUILT


def test_every_dialog_of_the_window_is_walked():
    """A dialog class added to ui/ without a walk above fails here."""
    for info in pkgutil.iter_modules(ui.__path__):
        importlib.import_module(f"ui.{info.name}")
    dialogs, todo = set(), [QDialog]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("ui."):
                dialogs.add(sub.__name__)
    assert dialogs and dialogs <= OPENED | BUILT, f"not walked: {sorted(dialogs - OPENED - BUILT)}"


def test_field_labels_are_buddies_of_their_fields_and_no_tab_stops(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    ed = w.editor
    for name, label in ed.labels.items():
        field = getattr(ed, name)
        assert label.buddy() is field and label.focusPolicy() == Qt.FocusPolicy.NoFocus
        assert field.accessibleName() == plain(label.text().replace("<b>", "").replace("</b>", "")
                                               .replace("<u>", "").replace("</u>", ""))
    # Tab from Start walks fields only, never a label; Alt+letter still lands in the field
    ed.date_start.setFocus()
    seen = []
    for _ in range(12):
        key(qtbot, Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert not any(isinstance(x, QLabel) for x in seen)
    key(qtbot, Qt.Key.Key_L, ALT)
    assert ed.location.hasFocus()


def test_the_release_list_says_in_words_what_its_status_icons_show(qtbot, open_review_window, review_db):
    w = open_review_window(review_db)
    model = w.model
    w.releases.view.setFocus()
    key(qtbot, Qt.Key.Key_Return, CTRL | SHIFT)  # verify the first release: its dot turns green
    texts = {model.index(r, 3).data(Qt.ItemDataRole.AccessibleTextRole) for r in range(model.rowCount())}
    assert any(t and t.startswith("verified") for t in texts)
    assert any(t and t.startswith("unreviewed") for t in texts)
    header = model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert header and "unreviewed" in header


@pytest.mark.parametrize("dark", [False, True])
def test_the_focus_is_always_visible(qtbot, open_review_window, review_db, dark):
    """A ring in the palette's highlight follows the focus from pane to pane, light or dark."""
    w = open_review_window(review_db)
    if dark:
        pal = QPalette(w.palette())
        for role, colour in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.Base, "#28292c"),
                             (QPalette.ColorRole.Text, "#e8eaed"), (QPalette.ColorRole.Highlight, "#8ab4f8")):
            pal.setColor(role, colour)
        w.setPalette(pal)
    w.releases.view.setFocus()
    qtbot.waitUntil(lambda: w.findChild(FocusRing) is not None and w.findChild(FocusRing).isVisible())
    for target in (w.releases.view, w.page.text, w.editor.date_start, w.editor.participants):
        if target is w.editor.date_start:
            key(qtbot, Qt.Key.Key_S, ALT)
        elif target is w.editor.participants:
            key(qtbot, Qt.Key.Key_P, ALT)
        else:
            target.setFocus(Qt.FocusReason.TabFocusReason)
        ring = w.findChild(FocusRing)
        qtbot.waitUntil(lambda t=target, r=ring: r.target is t and r.isVisible())
        inner = target.visibleRegion().boundingRect()
        box = ring.geometry()
        top_left = target.mapTo(w, inner.topLeft())
        assert box.contains(top_left) and box.left() < top_left.x() and box.top() < top_left.y()
        # what a reviewer sees: the ring's pixels in the highlight colour, on the left edge of the control
        image = w.grab().toImage()
        colour = w.palette().color(QPalette.ColorRole.Highlight)
        y = box.center().y()
        edge = [image.pixelColor(x, y) for x in range(box.left(), box.left() + 3)]
        assert any(abs(c.red() - colour.red()) + abs(c.green() - colour.green()) + abs(c.blue() - colour.blue()) < 60
                   for c in edge), (target, [c.name() for c in edge], colour.name())
