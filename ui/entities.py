"""Review ▸ People and organizations: the entities inside events as curated records.

One tab each for People, Organizations and Places (canonical name, other
spellings, events, first and last date, who confirmed it; search as you type;
the events of one open in the main window), the automatic links to confirm or
split, the names taught to extraction, cluster suggestions to accept or
reject, and reconciliation against an authority list.

Every action is one core operation run through the main window's
:class:`~ui.commands.EditRunner`: on its undo stack (Ctrl+Z / Ctrl+Shift+Z here
and there), in the history, and every tab reads again from ``changed(edit)``.
Enter decides nothing here: each action has its button and its key.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QFont, QKeySequence, QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QTabWidget, QVBoxLayout, QWidget
from shiboken6 import isValid

from reviewer.entities import EntityService

from .commands import EditRunner, undo_redo_actions
from .entities_checks import AutoLinksPane, TaughtPane
from .entities_pane import EntitiesContext, EntityPane, Pane
from .entities_reconcile import ReconcilePane
from .entities_suggest import SuggestionsPane

#: The window's keys; each acts on the tab shown (a tab without that action says so).
KEYS = {"merge": "Ctrl+Shift+M", "split": "Ctrl+Shift+S", "rename": "F2", "confirm": "Ctrl+K",
        "next_event": "F3", "previous_event": "Shift+F3"}
TABS = (("person", "&People"), ("organization", "&Organizations"), ("place", "Pl&aces"))


class EntitiesDialog(QDialog):
    """Not modal: the main window shows the events opened from here beside it."""

    event_activated = Signal(int, int)  # release id, event id

    def __init__(self, service: EntityService, runner: EditRunner, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("People, organizations and places")
        self.resize(1100, 720)
        self.ctx = EntitiesContext(service, runner, self)
        self.ctx.event_activated.connect(self.event_activated)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Entity lists")
        self.tabs.tabBar().setAccessibleName("Lists: people, organizations, places, automatic links, taught names, "
                                             "suggestions, reconciliation")
        self.panes: dict[str, Pane] = {kind: EntityPane(self.ctx, kind) for kind, _ in TABS}
        for kind, title in TABS:
            self.tabs.addTab(self.panes[kind], title)
        self.panes["links"] = AutoLinksPane(self.ctx)
        self.panes["taught"] = TaughtPane(self.ctx)
        self.panes["suggestions"] = SuggestionsPane(self.ctx)
        self.panes["reconcile"] = ReconcilePane(self.ctx)
        self.tabs.addTab(self.panes["links"], "Automatic &links")
        self.tabs.addTab(self.panes["taught"], "&Taught names")
        self.tabs.addTab(self.panes["suggestions"], "Su&ggestions")
        self.tabs.addTab(self.panes["reconcile"], "Reco&ncile")
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.message)
        self.actions_by_name: dict[str, QAction] = {}
        self._keys(runner)
        self.ctx.told.connect(self._on_told)
        runner.changed.connect(self._on_changed)
        self.tabs.currentChanged.connect(self._on_tab)
        self._stale: set[str] = set()

    def _keys(self, runner: EditRunner) -> None:
        texts = {"merge": "Merge", "split": "Split off a spelling", "rename": "Rename", "confirm": "Confirm",
                 "next_event": "Next event of the entity", "previous_event": "Previous event of the entity"}
        for name, keys in KEYS.items():
            act = QAction(texts[name], self)
            act.setShortcut(QKeySequence(keys))
            act.triggered.connect(lambda _checked=False, n=name: self._dispatch(n))
            self.addAction(act)
            self.actions_by_name[name] = act
        # the main window's undo stack: Ctrl+Z here takes back the last action, wherever it was made
        undo, redo = undo_redo_actions(runner.stack, self)
        self.addActions([undo, redo])
        self.actions_by_name.update(undo=undo, redo=redo)

    def _dispatch(self, name: str) -> None:
        pane = self.pane()
        if name == "next_event":
            pane.step_event(1)
        elif name == "previous_event":
            pane.step_event(-1)
        else:
            getattr(pane, name)()

    def pane(self) -> Pane:
        widget = self.tabs.currentWidget()
        assert isinstance(widget, Pane)
        return widget

    def show_tab(self, key: str) -> Pane:
        self.tabs.setCurrentWidget(self.panes[key])
        return self.panes[key]

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.pane().load()

    @Slot(int)
    def _on_tab(self, _index: int) -> None:
        pane = self.pane()
        pane.load()
        key = next(k for k, p in self.panes.items() if p is pane)
        if key in self._stale:
            self._stale.discard(key)
            pane.refresh()

    @Slot(object)
    def _on_changed(self, edit) -> None:
        """Any edit, undo or redo (here or in the main window): the tab shown reads again, the others when shown."""
        self._read_again(edit)

    @Slot()
    def show_database_changes(self) -> None:
        """Another process or window changed the database (the main window's live refresh saw it): read again,
        each list keeping its search text and the entity, spelling and event chosen in it."""
        self._read_again(None)

    def _read_again(self, edit) -> None:
        if not isValid(self):
            return
        shown = self.pane()
        for key, pane in self.panes.items():
            if pane is shown:
                pane.refresh(edit)
            else:
                self._stale.add(key)

    @Slot(str, bool)
    def _on_told(self, message: str, error: bool) -> None:
        font = QFont(self.message.font())
        font.setBold(error)  # weight, not a fixed colour: it reads in every palette
        self.message.setFont(font)
        self.message.setText(message)
        self.message.repaint()  # at once: a line said before a long action (a large merge) shows while it runs
