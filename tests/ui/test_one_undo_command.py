"""A merge in the Duplicates dialog and a separation are undone and redone with Ctrl+Z / Ctrl+Shift+Z in the
window, through the window's one undo command, like any edit."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from reviewer.dedupe import folds
from reviewer.importing.pipeline import import_paths
from ui import duplicates, separate
from ui.commands import EditCommand

from test_dedupe import ARTICLE_000, _variant, release_of_article

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
TABLES = ("events", "releases", "items", "mentions", "event_participants", "event_organizations", "dup_candidates",
          "merges", "release_folds", "release_not_duplicates")


def dump(store) -> dict:
    """Every row a merge or a separation writes, ``updated_at`` included."""
    return {t: store.rows(f"SELECT * FROM {t} ORDER BY id") for t in TABLES}


@pytest.fixture
def folded(seeded_store, seeds_dir, tmp_path):
    """The seeds (one open duplicate pair) and a re-scrape of the 000 article folded into its release on import."""
    page = _variant(seeds_dir, tmp_path, **{"completed its work": "finished its work"})
    assert import_paths(seeded_store, [page]).merged_items == 1
    survivor = release_of_article(seeded_store, ARTICLE_000)
    [copy] = folds.held_copies(seeded_store, survivor)
    return seeded_store, survivor, copy.absorbed


def test_a_merge_and_a_separation_are_undone_and_redone_from_the_window(qtbot, open_review_window, folded,
                                                                        monkeypatch):
    store, survivor, absorbed = folded
    [(a, b)] = [(r["event_a"], r["event_b"]) for r in store.rows("SELECT * FROM dup_candidates WHERE status = 'open'")]
    before = dump(store)
    w = open_review_window(store.path)

    def merge_and_close(dialog):
        dialog.choices["organizations"].setCurrentIndex(dialog.choices["organizations"].findData("both"))
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
        return 0

    monkeypatch.setattr(duplicates.DuplicatesDialog, "exec", merge_and_close)
    monkeypatch.setattr(separate.SeparateDialog, "ask",
                        classmethod(lambda cls, rid, copies, unrecorded=0, parent=None: copies[0].fold_id))
    w.releases.view.setFocus()
    qtbot.keyClick(w.releases.view, Qt.Key.Key_D, CTRL)  # Review ▸ Duplicates…: merge
    assert store.live_root("events", b) == a
    w.open_release(survivor)
    w.releases.view.setFocus()
    qtbot.keyClick(w.releases.view, Qt.Key.Key_D, CTRL_SHIFT)  # Review ▸ Separate a near-duplicate copy…
    assert store.live_root("releases", absorbed) == absorbed
    after = dump(store)

    # one stack, one kind of command, each holding its action's exact changes
    assert w.undo_stack.count() == 2
    commands = [w.undo_stack.command(i) for i in range(2)]
    assert all(type(c) is EditCommand for c in commands)
    assert any(ch.table == "merges" for ch in commands[0].edit.changes)
    assert any(ch.table == "release_folds" for ch in commands[1].edit.changes)

    qtbot.keyClick(w.releases.view, Qt.Key.Key_Z, CTRL)  # the separation: the copy is folded back
    assert store.live_root("releases", absorbed) == survivor and store.live_root("events", b) == a
    assert w.model.row_of(absorbed) is None and w.current == survivor
    assert w.actions_by_name["separate"].isEnabled()
    qtbot.keyClick(w.releases.view, Qt.Key.Key_Z, CTRL)  # the merge
    assert dump(store) == before
    assert "1 duplicate pair to decide" in w.progress.text()

    qtbot.keyClick(w.releases.view, Qt.Key.Key_Z, CTRL_SHIFT)
    assert store.live_root("events", b) == a and "duplicate pair" not in w.progress.text()
    qtbot.keyClick(w.releases.view, Qt.Key.Key_Z, CTRL_SHIFT)
    assert dump(store) == after
    assert w.model.row_of(absorbed) is not None  # listed as a release of its own again
    assert w.undo_stack.index() == 2
