"""The review window: release list │ page text │ event editor, and the keyboard that drives them."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QByteArray, QModelIndex, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QSplitter, QTableWidget, QVBoxLayout, QWidget

from reviewer.review import Edit
from reviewer.selection import PageSelection, new_event_from_selection, set_from_selection
from reviewer.session import ReviewSession
from reviewer.store import StoreError

from .accessibility import show_focus
from .banner import Banner
from .commands import EditRunner, undo_redo_actions
from .duplicates import DuplicatesDialog
from .editor import FIELDS, EventEditor
from .export_dialog import ExportDialog
from .file_menu import FileMenu
from .live_refresh import LiveRefresh
from .page_view import PageView, field_key
from .panes import PaneToggles, ScrollingPane
from .release_list import ReleaseList
from .release_model import ReleaseListModel
from .status_panel import StatusPanel
from .separate import SeparateDialog
from .view_menu import add_view_entries


#: How long after the last move the position is written to the settings file (see MainWindow._remember).
REMEMBER_MS = 400


class MainWindow(QMainWindow):
    """Shows one release at a time; every edit goes through ``runner`` (saved at once, undoable)."""

    release_shown = Signal(int)
    import_runner: Optional[object] = None  # the first run's import of the sample pages (ui.app), kept alive

    def __init__(self, service: ReviewSession, db_path: Path, settings: QSettings, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.service = service
        self.db_path = Path(db_path)
        self.settings = settings
        self.setWindowTitle(f"Release Reviewer — {self.db_path.name}")
        self.undo_stack = QUndoStack(self)
        self.runner = EditRunner(service, self.undo_stack, self)
        self.duplicates = service.duplicates()
        self.model = ReleaseListModel(service, self)
        self.releases = ReleaseList(self.model, leave=self._leave_field)
        self.page = PageView()
        self.editor = EventEditor(self.runner)
        self.banner = Banner()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            show_focus(app)  # a ring around the focused control in this window and every dialog
        # Tab leaves the release list for the next pane instead of walking its cells.
        self.releases.view.setTabKeyNavigation(False)
        self.page.text.setPlaceholderText(
            "This database holds no pages yet. Drop files or folders of pages here, or choose\n"
            "File \u25b8 Import files\u2026 (Ctrl+I) or Import folder\u2026 (Ctrl+Shift+I). From a terminal:\n\n"
            f"    reviewer --db \"{self.db_path}\" import FOLDER\n\nThe window shows them as they arrive.")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        # The editor scrolls when the window is short (a small screen, large scaling) rather than setting its height;
        # any pane can be dragged shut (and open again) to give the others its room.
        for w in (self.releases, self.page, ScrollingPane(self.editor)):
            self.splitter.addWidget(w)
        self.splitter.setChildrenCollapsible(True)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.banner)
        lay.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.progress = StatusPanel(service)
        self.statusBar().addPermanentWidget(self.progress)
        self.current: Optional[int] = None
        self._attention_at: tuple = (None, None, None)  # where the last F8 landed: (release, event, field)
        self._opening = False
        self._close_refused = False
        self._db_key = hashlib.sha1(str(self.db_path.resolve()).encode()).hexdigest()[:16]
        self._position: Optional[tuple[int, int]] = None  # (release, event) last shown, written by _write_position
        self._remember_timer = QTimer(self)
        self._remember_timer.setSingleShot(True)
        self._remember_timer.setInterval(REMEMBER_MS)
        self._remember_timer.timeout.connect(self._write_position)
        self._verify_asked: Optional[int] = None  # the release whose verify was held back once (what is left shown)
        self.actions_by_name: dict[str, QAction] = {}
        self._build_menus()
        # the curator's workspace: others' changes shown live; File ▸ Import, databases, reviewer name; drops
        self.live = LiveRefresh(self)
        self.file_menu = FileMenu(self)

        self.releases.view.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.model.modelReset.connect(self._on_model_reset)
        self.releases.filter_applied.connect(lambda flt: self.page.set_search(flt.search))
        self.runner.changed.connect(self._on_changed)
        self.runner.store_failed.connect(self._on_store_failed)
        self.runner.failed.connect(lambda m: self.statusBar().showMessage(m, 8000))
        self.runner.saved.connect(lambda m: self.statusBar().showMessage(m, 3000))
        self.editor.event_selected.connect(self._on_event_selected)
        self.editor.field_clicked.connect(self._on_field_clicked)
        self.editor.add_event_requested.connect(self.add_event)
        self.editor.delete_event_requested.connect(self.delete_event)
        self.editor.refused.connect(self._on_refused)
        self.editor.checked_requested.connect(self._leaving(self.mark_right))
        self.editor.release_requested.connect(self._leaving(self.open_release))
        self.page.selection_action.connect(self._on_selection_action)
        self._restore()

    # -- menus and keys ------------------------------------------------------------

    def _act(self, menu, name: str, text: str, slot, keys=(), leaves: bool = True) -> QAction:
        """A menu action with its keys; one that takes the reviewer elsewhere first saves the field being typed."""
        act = QAction(text, self)
        if keys:
            act.setShortcuts([QKeySequence(k) for k in keys])
        act.triggered.connect(self._leaving(slot) if leaves else (lambda: slot()))
        menu.addAction(act)
        self.actions_by_name[name] = act
        return act

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self._act(file, "export", "&Export…", self._on_export, ["Ctrl+E"])
        file.addSeparator()
        self._act(file, "quit", "&Quit", self.close, ["Ctrl+Q"], leaves=False)  # closeEvent saves first
        edit = bar.addMenu("&Edit")
        undo, redo = undo_redo_actions(self.undo_stack, self)
        edit.addActions([undo, redo])
        self.actions_by_name.update(undo=undo, redo=redo)
        edit.addSeparator()
        self._act(edit, "add_event", "&Add event", self.add_event, ["Ctrl+N"])
        self._act(edit, "delete_event", "&Delete event", self.delete_event, ["Ctrl+Delete"])
        # Delete itself belongs to the participant and organization tables (while they have focus).
        self.actions_by_name["remove_row"] = self.editor.remove_actions[0]
        edit.addSeparator()
        for kind, act in self.page.actions_by_kind.items():
            edit.addAction(act)
            self.actions_by_name[f"selection_{kind}"] = act
        self._act(edit, "find", "&Find…", self.releases.search.setFocus, ["Ctrl+F"])
        go = edit.addMenu("&Go to field")
        for name, text, letter, _key in FIELDS:
            # moving between fields saves through focus-out; the keys need no save of their own
            self._act(go, f"field_{name}", f"Go to {text.lower()}", lambda n=name: self.editor.focus_field(n),
                      [f"Alt+{letter}"], leaves=False)
        self._act(go, "to_list", "Go to the release list", self.releases.view.setFocus, ["Esc"])
        review = bar.addMenu("&Review")
        self._act(review, "verify_next", "&Verify and next", self.verify_and_next, ["Ctrl+Return", "Ctrl+Enter"])
        self._act(review, "verify_anyway", "Verify an&yway and next", lambda: self.verify_and_next(anyway=True),
                  ["Ctrl+Shift+Return", "Ctrl+Shift+Enter"])
        self._act(review, "mark_right", "Mark the value as &right", lambda: self.mark_right(), ["Ctrl+K"])
        self._act(review, "next_release", "&Next release", self.next_release, ["Ctrl+Down"])
        self._act(review, "previous_release", "&Previous release", self.previous_release, ["Ctrl+Up"])
        self._act(review, "next_event", "Next e&vent", lambda: self._step_event(1), ["Alt+Down"])
        self._act(review, "previous_event", "Previous ev&ent", lambda: self._step_event(-1), ["Alt+Up"])
        self._act(review, "next_attention", "Next value needing a&ttention", self.next_attention, ["F8"])
        self._act(review, "reopen", "Mark &unreviewed", self.mark_unreviewed, [])
        review.addSeparator()
        self._act(review, "duplicates", "&Duplicates…", self._on_duplicates, ["Ctrl+D"])
        self._act(review, "entities", "Peop&le and organizations…", self._on_entities, ["Ctrl+Shift+P"])
        self._act(review, "separate", "&Separate a near-duplicate copy…", self._on_separate, ["Ctrl+Shift+D"])
        self.actions_by_name["separate"].setEnabled(False)
        self._act(review, "timeline", "&Timeline…", self._on_timeline, ["Ctrl+T"])
        self._act(review, "deleted", "Deleted &events…", self._on_deleted, ["Ctrl+Shift+Delete"])
        self._act(review, "note", "N&ote or second look…", self._on_note, ["Ctrl+M"])
        view = bar.addMenu("&View")
        self._act(view, "history", "&History…", self._on_history, ["Ctrl+H"])
        self.panes = PaneToggles(view, self.splitter, self._act)  # a small screen: the list or the editor shut
        view.addSeparator()  # theme and zoom (ui/view_menu.py)
        self.zoom = add_view_entries(view, self.settings, [self.page.text, self.editor], self._act)
        help_ = bar.addMenu("&Help")
        self._act(help_, "shortcuts", "&Keyboard shortcuts", self._on_shortcuts, ["F1"])
        self._act(help_, "guideline", "&Guideline", self._on_guideline, ["Shift+F1"])
        self._act(help_, "accuracy", "Extraction &accuracy…", self._on_accuracy)

    def _leaving(self, slot):
        """``slot`` run only once the field being typed is saved (see :meth:`_leave_field`)."""
        def run(*args) -> None:
            if self._leave_field():
                slot(*args)
        return run

    def _leave_field(self) -> bool:
        """Save the value being typed before the reviewer is taken elsewhere (the one place every way out calls).

        False when the editor refused it: the value stays in its field and the
        banner says why (``EventEditor.refused``); the caller then stays too.
        """
        ok = self.editor.commit_pending()
        if ok:
            self._close_refused = False
        return ok

    @Slot(str)
    def _on_refused(self, reason: str) -> None:
        self.banner.show_error(f"Not saved, so you stay here: {reason}. Correct the value, or clear it.")

    # -- showing releases --------------------------------------------------------------

    def start(self) -> None:
        """Show the first release (the list fetches its first batch only)."""
        if self.model.rowCount() == 0:
            self.model.fetchMore()
        self._update_progress()
        last = self._last_release()
        first = last if last is not None else self.model.release_id(0)
        if first is not None:
            self.open_release(first, self._last_event() if first == last else None)
        elif self.service.count_releases() == 0:
            self.editor.show_nothing("No release to review yet: import pages first (see the hint in the middle pane).")
        else:
            self.editor.show_nothing("No release is listed: change the filter or clear the search.")

    def _last_key(self, what: str = "release") -> str:
        # One key per database file (the path hashed: QSettings reads "/" as a group separator).
        return f"last_{what}/{self._db_key}"

    def _remember(self) -> None:
        """Note where the reviewer is on every move; it is written to disk once the moves pause.

        Writing the settings file is a synced file replace (~10 ms on a busy
        disk): once per move it would double the cost of Ctrl+↓. Written
        ``REMEMBER_MS`` after the last move instead, a crash loses at most the
        moves of that last moment.
        """
        if self.current is not None:
            self._position = (self.current, self._event_id() or 0)
            self._remember_timer.start()

    @Slot()
    def _write_position(self) -> None:
        if self._position is not None:
            self.settings.setValue(self._last_key(), self._position[0])
            self.settings.setValue(self._last_key("event"), self._position[1])
            self.settings.sync()

    def _last_release(self) -> Optional[int]:
        """The release shown when this database was last left, if it is still there to show."""
        try:
            rid = int(self.settings.value(self._last_key()))
        except (TypeError, ValueError):
            return None
        row = self.service.release_row(rid)
        return rid if row is not None and self.model.row_of(rid) is not None else None

    def _last_event(self) -> Optional[int]:
        try:
            return int(self.settings.value(self._last_key("event"))) or None
        except (TypeError, ValueError):
            return None

    def open_release(self, release_id: int, event_id: Optional[int] = None) -> None:
        detail = self.service.release_detail(release_id)
        if release_id != self.current:
            self._verify_asked = None  # a verify held back counts for the release it was pressed on, once
        self.current = release_id
        self.editor.setEnabled(True)
        self.page.show_release(detail, event_id if event_id is not None else (detail.events[0].id if detail.events else None))
        self.editor.show_release(detail, event_id)
        if self.editor.current_event is not None and self.editor.current_event.id != event_id:
            self.page.set_current_event(self.editor.current_event.id)
        row = self.model.row_of(release_id)
        if row is not None and self.releases.view.currentIndex().row() != row:
            self._select_row(row)
        # enabled only when the shown release holds a copy folded in that can be separated
        self.actions_by_name["separate"].setEnabled(self.duplicates.has_copies(release_id))
        self._remember()
        self.release_shown.emit(release_id)

    @Slot(QModelIndex, QModelIndex)
    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._opening or not current.isValid():
            return
        rid = self.model.release_id(current.row())
        if rid is None or rid == self.current:
            return
        if not self._leave_field():
            self._keep_row()  # a refused value keeps the reviewer on its release
            return
        try:
            self.open_release(rid)
        except StoreError as exc:  # the database could not be read (damaged or gone under the window)
            self._keep_row()  # the list stays on the release the panes still show
            self.runner.store_failed.emit(str(exc))  # the banner's one line

    def _keep_row(self) -> None:
        """Select the shown release's row again (the list's selection moved, the panes did not)."""
        if self.current is not None and (row := self.model.row_of(self.current)) is not None:
            self._select_row(row, scroll=False)

    def _select_row(self, row: int, scroll: bool = True) -> None:
        """Select the list's ``row`` without opening its release again (``_opening`` mutes the selection signal)."""
        self._opening = True
        self.releases.view.setCurrentIndex(self.model.index(row, 0))
        if scroll:
            self.releases.view.scrollTo(self.model.index(row, 0))
        self._opening = False

    @Slot()
    def _on_model_reset(self) -> None:
        # The shown release is always a listed one: kept when the filter still lists it, else the first listed.
        row = self.model.row_of(self.current) if self.current is not None else None
        if row is not None:  # still listed: only its row is selected again (nothing shown changed)
            self._select_row(row)
        elif (first := self.model.release_id(0)) is not None:
            self.open_release(first)
        elif self.current is not None:
            self.current = None
            self.page.show_message("No release matches the search and filters: change them (Ctrl+F) to see releases.")
            self.editor.setEnabled(False)

    def next_attention(self) -> None:
        """Jump to the next value needing attention (low, or an undecided pair), across releases."""
        if self.current is None:
            return
        ev = self._event_id()
        at = self._attention_at[2] if self._attention_at[:2] == (self.current, ev) else None
        found = self.service.next_attention(self.current, ev, at)
        if found is None:
            self.statusBar().showMessage("Nothing needs attention: every low value is checked and every pair decided.", 5000)
            return
        rid, eid, field = found
        if (rid, eid) != (self.current, ev):
            self.open_release(rid, eid)
        self._attention_at = found
        left = next((x for x in self.service.left_on(rid) if x.event_id == eid and x.field == field), None)
        widget = {"date_start": self.editor.date_start, "date_end": self.editor.date_end, "event_type": self.editor.event_type,
                  "status": self.editor.status, "location": self.editor.location, "online": self.editor.online,
                  "participants": self.editor.participants, "organizations": self.editor.organizations}.get(field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
            shown = self.editor.current_event
            if isinstance(widget, QTableWidget) and left is not None and shown is not None:
                ids = [x.id for x in getattr(shown, field)]
                if left.row_id in ids:
                    widget.setCurrentCell(ids.index(left.row_id), 0)
        hint = " — press Ctrl+D to decide it" if field == "duplicates" else ""
        self.statusBar().showMessage(f"Needs attention: {left.phrase if left else field}{hint} (F8: the next one)", 8000)

    def _event_id(self) -> Optional[int]:
        return self.editor.current_event.id if self.editor.current_event is not None else None

    def next_release(self) -> None:
        self._step_release(1)

    def previous_release(self) -> None:
        self._step_release(-1)

    def _step_release(self, step: int) -> None:
        row = self.model.row_of(self.current) if self.current is not None else -1
        row = -1 if row is None else row
        target = row + step
        if target >= self.model.rowCount() and self.model.canFetchMore():
            self.model.fetchMore()
        rid = self.model.release_id(target)
        if rid is not None:
            self.open_release(rid)

    def _step_event(self, step: int) -> None:
        self.editor.select_event(self.editor.events.currentRow() + step)

    @Slot(int)
    def _on_event_selected(self, event_id: int) -> None:
        self.page.set_current_event(event_id)
        self._remember()

    def _update_progress(self) -> None:
        self.progress.refresh()
        self.releases.refresh_reviewers(self.model.reviewers())

    # -- edits -------------------------------------------------------------------

    def verify_and_next(self, anyway: bool = False) -> None:
        """Verify the shown release and open the next unreviewed one.

        With low values untouched or a duplicate pair undecided, the first press
        only names them in the banner; a second press (or ``anyway``) verifies,
        which marks the values it shows checked.
        """
        if self.current is None:
            return
        done = self.current
        left = [] if anyway or self._verify_asked == done else self.service.attention_left(done)
        if left:
            self._verify_asked = done
            more = f" and {len(left) - 6} more" if len(left) > 6 else ""
            self.banner.show_note(f"Not verified yet. Still to check here: {'; '.join(left[:6])}{more}. "
                                  "Ctrl+K marks a value right; Ctrl+Return again (or Ctrl+Shift+Return) verifies as it is.")
            return
        self._verify_asked = None
        if self.runner.run(self.service.verify_release, done) is None:
            return
        nxt = self.service.next_release(done)
        if nxt is None:
            self.statusBar().showMessage("Every release is verified.", 5000)
        else:
            self.open_release(nxt)

    def mark_right(self, field: Optional[str] = None, row_id: Optional[int] = None) -> None:
        """"This value is right" for a low value (the focused one, or the event's first): audited, undoable."""
        ev = self.editor.current_event
        target = (field, row_id) if field is not None else self.editor.check_target()
        if ev is None or target is None:
            self.statusBar().showMessage("No low value here to mark right.", 4000)
            return
        self.runner.run(self.service.mark_checked, ev.id, *target)

    def mark_unreviewed(self) -> None:
        if self.current is not None:
            self.runner.run(self.service.set_release_status, self.current, "unreviewed")

    def add_event(self) -> None:
        if self.current is not None:
            self.runner.run(self.service.add_event, self.current)

    def delete_event(self) -> None:
        ev = self.editor.current_event
        if ev is not None and self.runner.run(self.service.delete_event, ev.id) is not None:
            what = " ".join(x for x in (ev.date_start, ev.event_type, ev.location) if x)
            self.banner.show_undo(f"Deleted event {ev.id}{f' ({what})' if what else ''}.  Ctrl+Z or Undo brings it back.",
                                  self.undo_stack.undo)

    @Slot(object)
    def _on_changed(self, edit: Edit) -> None:
        """The one refresh after any action, its undo or redo (the runner's ``changed``), from any pane or dialog."""
        self.banner.hide()
        self._verify_asked = None  # what is left may have changed: the next verify looks again
        if edit.regroups():  # a merge, an answer, a separation: any release's events, counts and flags may move
            self._refresh_all(edit.release_id)
            return
        if edit.release_id is not None:
            self.model.refresh(edit.release_id)
        if any(c.table == "releases" and c.column == "status" for c in edit.changes):
            self._update_progress()  # at once: verify-and-next shows it
        elif edit.changes:
            self.progress.refresh_soon()  # a count over every value: once the edits pause
        if edit.release_id is None or self.current is None:
            return
        if edit.release_id != self.current:
            self.open_release(edit.release_id, edit.event_id)  # undo brings the reviewer back to where it happened
            return
        keep = edit.event_id if edit.event_id is not None else self._event_id()
        detail = self.service.release_detail(self.current)
        if keep not in [e.id for e in detail.events]:
            keep = self._event_id()
        self.editor.show_release(detail, keep)
        self.page.show_release(detail, self._event_id())

    @Slot(str)
    def _on_store_failed(self, message: str) -> None:
        self.banner.show_error(message)

    @Slot(str, int, int, str)
    def _on_selection_action(self, kind: str, start: int, end: int, _text: str) -> None:
        if self.current is None:
            return
        sel = PageSelection(self.current, start, end)
        if kind == "event":
            self.runner.run(new_event_from_selection, self.service, sel)
        elif self.editor.current_event is None:
            self.editor.message.setText("Add an event first (Ctrl+N), then set its fields from the text.")
        else:
            self.runner.run(set_from_selection, self.service, self.editor.current_event.id, kind, sel)

    @Slot(str, str)
    def _on_field_clicked(self, key: str, value: str) -> None:
        ev = self.editor.current_event
        if ev is None or self.current is None:
            return
        spans = [sp for sp in self.service.release_detail(self.current).spans
                 if sp.event_id == ev.id and field_key(sp.field) == key and (not value or sp.value == value)]
        if spans:
            self.page.flash(spans[0].start, spans[0].end)
        elif ev.evidence:
            self.page.flash(*ev.evidence)
            self.statusBar().showMessage(f"The page has no marked span for this {key}; showing the event's sentence.", 4000)

    # -- other windows ------------------------------------------------------------

    def _on_duplicates(self) -> None:
        # Its decisions go through this window's runner: Ctrl+Z here, after it closed, also undoes them.
        dlg = DuplicatesDialog(self.duplicates, self.runner, self)
        dlg.exec()
        dlg.deleteLater()
        self._refresh_all()  # a search run from it may have proposed or merged pairs anywhere

    def _refresh_all(self, fallback: Optional[int] = None) -> None:
        """Every release's row, the counts, and the shown release (or ``fallback``) read again; the reviewer
        stays where they were."""
        was, event = self.current, self._event_id()
        self.model.set_filter(self.model.filter)  # opens the first listed release if the shown one is gone
        self._update_progress()
        if was is not None and self.model.row_of(was) is not None:
            self.open_release(was, event)
        elif fallback is not None and self.model.row_of(fallback) is not None:
            self.open_release(fallback)

    def _on_entities(self) -> None:
        """People, organizations and places (ui.entities): its actions sit on this window's undo stack."""
        from .entities import EntitiesDialog

        for old in self.findChildren(EntitiesDialog):
            old.close()
        dlg = EntitiesDialog(self.service.entities(), self.runner, self)
        dlg.event_activated.connect(self._leaving(self.open_release))
        self.live.refreshed.connect(dlg.show_database_changes)  # others' changes, seen by this window's one poll
        dlg.show()

    def _on_separate(self) -> None:
        """Choose a near-duplicate copy folded into the shown release and separate it (undoable)."""
        survivor = self.current
        copies = self.duplicates.held_copies(survivor) if survivor is not None else []
        if survivor is None or not copies:
            self.statusBar().showMessage("This release holds no copy that can be separated.", 5000)
            return
        fold_id = SeparateDialog.ask(survivor, copies, self.duplicates.unrecorded_copies(survivor), self)
        if fold_id is not None:
            self.runner.run(self.duplicates.separate, fold_id, self.service.reviewer)

    def _on_export(self) -> None:
        ExportDialog(self.service.path, self).exec()

    def _on_timeline(self) -> None:
        from .timeline import TimelineDialog

        dlg = TimelineDialog(self.service, self)
        dlg.event_activated.connect(self._leaving(self.open_release))
        dlg.show()

    def _on_history(self) -> None:
        from .history import HistoryDialog

        for old in self.findChildren(HistoryDialog):  # one history: the new one shows where the reviewer is now
            old.close()
        HistoryDialog(self.service, self.runner, self._event_id(), self.current, self).show()

    def _on_deleted(self) -> None:
        from .deleted import DeletedDialog

        for old in self.findChildren(DeletedDialog):
            old.close()
        DeletedDialog(self.service, self.runner, self).show()

    def _on_note(self) -> None:
        """The note and second-look flag of the shown event or release, saved as one undoable edit."""
        from .note_dialog import NoteDialog

        if self.current is None:
            return
        event_id = self._event_id()
        choice = NoteDialog.ask(self.service.note(event_id=event_id) if event_id is not None else None,
                                self.service.note(release_id=self.current), event_id is not None, self)
        if choice is not None:
            target = {"event_id": event_id} if choice.on_event else {"release_id": self.current}
            self.runner.run(self.service.set_note, choice.text, choice.flag, choice.reason, **target)

    def _on_shortcuts(self) -> None:
        from .shortcuts import ShortcutSheet

        ShortcutSheet(self.actions_by_name.values(), self, self._on_guideline).show()

    def _on_guideline(self) -> None:
        from .guideline import show_guideline

        show_guideline(self)

    def _on_accuracy(self) -> None:
        from .accuracy import AccuracyDialog

        AccuracyDialog(self.service.path, self).show()

    # -- state --------------------------------------------------------------------

    def _restore(self) -> None:
        # where the window was on this database; a database seen first opens where the last window was
        geo = self.settings.value(f"geometry/{self._db_key}") or self.settings.value("window/geometry")
        if isinstance(geo, QByteArray):
            self.restoreGeometry(geo)
        else:
            self.resize(1400, 860)
        split = self.settings.value("window/splitter")
        if not (isinstance(split, QByteArray) and self.splitter.restoreState(split)):
            self.splitter.setSizes([420, 640, 420])

    def closeEvent(self, event: QCloseEvent) -> None:
        # The value being typed is saved first. A refused one keeps the window open once, the
        # banner saying why; closing again leaves without it (the reviewer was told).
        if not self._leave_field() and not self._close_refused:
            self._close_refused = True
            self.banner.show_error(f"Not closed: {self.editor.message.text()}. Correct the value, or close again "
                                   "to leave without it.")
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue(f"geometry/{self._db_key}", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self._remember_timer.stop()
        self._write_position()
        super().closeEvent(event)

    def warn(self, message: str) -> None:
        QMessageBox.warning(self, "Release Reviewer", message)
