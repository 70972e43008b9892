"""Review ▸ Separate a near-duplicate copy…: through the real window, separated, undone and redone."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from reviewer.dedupe import folds
from reviewer.dedupe.merge import merge
from reviewer.importing.pipeline import import_paths
from ui import separate
from ui.separate import SeparateDialog

from test_dedupe import ARTICLE_000, _variant, release_of_article

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def folded(seeded_store, seeds_dir, tmp_path):
    """The seeds and a re-scrape of the 000 article, folded into its release on import:
    (store, survivor, absorbed, page name)."""
    page = _variant(seeds_dir, tmp_path, **{"completed its work": "finished its work"})
    assert import_paths(seeded_store, [page]).merged_items == 1
    survivor = release_of_article(seeded_store, ARTICLE_000)
    [copy] = folds.held_copies(seeded_store, survivor)
    return seeded_store, survivor, copy.absorbed, page.name


def live(store, release_id):
    return store.live_root("releases", release_id) == release_id


def test_the_dialog_lists_each_copy_by_page_and_first_words(qtbot, folded, tmp_path):
    store, survivor, absorbed, page = folded
    dlg = SeparateDialog(survivor, folds.held_copies(store, survivor), unrecorded=1)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    text = dlg.list.item(0).text()
    assert text.startswith(page) and store.rows("SELECT title FROM releases WHERE id = ?",
                                                [absorbed])[0]["title"].split()[0] in text
    assert dlg.chosen() == folds.fold_in_effect(store, survivor, absorbed)
    assert "cannot be separated" in dlg.note.text()
    dlg.grab().save(str(tmp_path / "separate.png"))


def test_separate_undo_and_redo_through_the_window(qtbot, open_review_window, folded, monkeypatch):
    store, survivor, absorbed, _ = folded
    w = open_review_window(store.path)
    action = w.actions_by_name["separate"]
    other = next(w.model.release_id(r) for r in range(w.model.rowCount()) if w.model.release_id(r) != survivor)
    w.open_release(other)
    assert not action.isEnabled()  # nothing folded into it
    w.open_release(survivor)
    assert action.isEnabled()
    assert w.model.row_of(absorbed) is None
    title_folded = w.page.title.text()  # "… (also on N other pages)": the copy's page among them

    asked = []
    monkeypatch.setattr(separate.SeparateDialog, "ask",
                        classmethod(lambda cls, rid, copies, unrecorded=0, parent=None:
                                    asked.append((rid, [c.absorbed for c in copies])) or copies[0].fold_id))
    w.releases.view.setFocus()
    qtbot.keyClick(w.releases.view, Qt.Key.Key_D, CTRL_SHIFT)
    assert asked == [(survivor, [absorbed])]
    assert live(store, absorbed)
    assert w.model.row_of(absorbed) is not None  # the list shows the copy as a release of its own again
    assert w.current == survivor and w.page.title.text() != title_folded  # the page view no longer counts its page
    assert not action.isEnabled()
    assert w.undo_stack.count() == 1

    w.undo_stack.undo()
    assert store.live_root("releases", absorbed) == survivor
    assert w.model.row_of(absorbed) is None and w.page.title.text() == title_folded
    assert action.isEnabled()

    w.undo_stack.redo()
    assert live(store, absorbed) and w.model.row_of(absorbed) is not None and not action.isEnabled()


def test_a_refused_separation_shows_why_and_is_not_on_the_undo_stack(qtbot, open_review_window, folded, monkeypatch):
    store, survivor, absorbed, _ = folded
    target = store.rows("SELECT merged_into FROM events WHERE release_id = ? AND merged_into IS NOT NULL",
                        [absorbed])[0]["merged_into"]
    other = store.rows("SELECT id FROM events WHERE release_id NOT IN (?, ?) AND deleted = 0 AND merged_into IS NULL"
                       " ORDER BY id LIMIT 1", [survivor, absorbed])[0]["id"]
    merge(store, other, target, who="ana")
    w = open_review_window(store.path)
    w.open_release(survivor)
    monkeypatch.setattr(separate.SeparateDialog, "ask",
                        classmethod(lambda cls, rid, copies, unrecorded=0, parent=None: copies[0].fold_id))
    w.actions_by_name["separate"].trigger()
    assert not w.banner.isHidden() and "unmerge it first" in w.banner.text()
    assert w.undo_stack.count() == 0
    assert store.live_root("releases", absorbed) == survivor


def test_cancelling_the_dialog_changes_nothing(qtbot, open_review_window, folded, monkeypatch):
    store, survivor, absorbed, _ = folded
    w = open_review_window(store.path)
    w.open_release(survivor)
    monkeypatch.setattr(separate.SeparateDialog, "ask", classmethod(lambda cls, *a, **k: None))
    w.actions_by_name["separate"].trigger()
    assert w.undo_stack.count() == 0 and store.live_root("releases", absorbed) == survivor


def test_enter_in_the_dialog_separates_nothing_and_alt_s_separates(qtbot, folded):
    store, survivor, absorbed, _ = folded
    copies = folds.held_copies(store, survivor)
    for key, modifier, want in ((Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, SeparateDialog.DialogCode.Rejected),
                                (Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier, SeparateDialog.DialogCode.Accepted)):
        dlg = SeparateDialog(survivor, copies)
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitExposed(dlg)
        dlg.activateWindow()
        qtbot.waitUntil(dlg.isActiveWindow, timeout=3000)
        dlg.list.setFocus()
        with qtbot.waitSignal(dlg.finished, timeout=3000) as done:
            qtbot.keyClick(dlg.list, key, modifier)
        assert done.args == [want]  # Enter cancels; only the Separate key chooses the copy
    assert folds.held_copies(store, survivor) == copies  # the dialog alone never separates
