"""One tab of Review ▸ People and organizations: the entities of a kind, their spellings and their events.

The table lists the kind's entities by name (search as you type, any
spelling); the selected entity's spellings show where each came from (and why
an automatic link was made), its events open in the main window. Merge, split,
rename, confirm, country and authority id each run one core operation through
the window's ``EditRunner`` (undoable, in the history).
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter, QTableView,
    QVBoxLayout, QWidget,
)

from reviewer.entities import EntityEvent, EntityRow, EntityService
from reviewer.review import Edit, ReviewError
from reviewer.store import StoreError

from .background import LatestOnly
from .commands import EditRunner
from .entities_ask import MergeDialog, ask_text
from .entities_model import EntityTableModel, RowsModel, SpellingsModel, events_model
from .history import run_telling

#: Search as you type waits this long after the last key.
DEBOUNCE_MS = 150
KIND_WORDS = {"person": ("person", "people"), "organization": ("organization", "organizations"),
              "place": ("place", "places")}


class EntitiesContext(QObject):
    """What every tab shares: the entity service, the window's runner, the message line, opening an event."""

    told = Signal(str, bool)  # a one-line message, True when something was refused
    event_activated = Signal(int, int)  # release id, event id: the main window opens it

    def __init__(self, service: EntityService, runner: EditRunner, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.service, self.runner = service, runner
        #: The database file, for reads off the UI thread (each on a connection of its own).
        self.path = runner.service.path

    def run(self, fn: Callable[..., Edit], *args: Any, **kwargs: Any) -> Optional[Edit]:
        """One operation through the runner (undo stack, history, every pane refreshed); its outcome told in one line."""
        edit, failure = run_telling(self.runner, lambda: fn(*args, **kwargs))
        if edit is None:
            self.tell(f"Not done: {failure}" if failure else "Not done.", error=True)
        else:
            self.tell(f"Saved: {edit.label}. Ctrl+Z takes it back." if edit.changes else "Nothing to change.")
        return edit

    def read(self, fn: Callable[..., Any], *args: Any) -> Any:
        """A read that may find its row gone (merged away, split back): None, told in one line."""
        try:
            return fn(*args)
        except (ReviewError, StoreError) as exc:
            self.tell(str(exc), error=True)
            return None

    def tell(self, message: str, error: bool = False) -> None:
        self.told.emit(message, error)


class Pane(QWidget):
    """A tab. The window's keys (merge, split, rename, confirm) reach the tab shown; ``refresh`` after every edit."""

    def __init__(self, ctx: EntitiesContext, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.ctx = ctx

    def load(self) -> None:
        """The first read, when the tab is first shown (a tab that reads only on demand has none)."""

    def refresh(self, edit: Optional[Edit] = None) -> None:
        pass

    def merge(self) -> None:
        self.ctx.tell("Merge works in the People, Organizations and Places tabs, and on a suggestion.", error=True)

    def split(self) -> None:
        self.ctx.tell("Choose a spelling to split off first.", error=True)

    def rename(self) -> None:
        self.ctx.tell("Choose an entity to rename first.", error=True)

    def confirm(self) -> None:
        self.ctx.tell("Choose an entity to confirm first.", error=True)

    def step_event(self, step: int) -> None:
        self.ctx.tell("Choose an entity in the People, Organizations or Places tab to step through its events.",
                      error=True)


def read_only(view: QTableView, name: str, multiple: bool = False) -> QTableView:
    """A table of whole rows that nobody edits in place, one line a row, Tab leaving it; with an accessible name."""
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multiple
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(22)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def rows_view(model: RowsModel, name: str, widths: tuple[int, ...] = ()) -> QTableView:
    """A read-only view of ``model`` with its first columns ``widths`` wide."""
    view = read_only(QTableView(), name)
    view.setModel(model)
    for col, width in enumerate(widths):
        view.horizontalHeader().resizeSection(col, width)
    return view


def pair(orientation: Qt.Orientation, first: QWidget, second: QWidget) -> QSplitter:
    """Two panes side by side (or one above the other), the first given three parts of the room to two."""
    split = QSplitter(orientation)
    split.addWidget(first)
    split.addWidget(second)
    split.setStretchFactor(0, 3)
    split.setStretchFactor(1, 2)
    return split


def current(view: QTableView) -> int:
    return view.currentIndex().row()


def set_current(view: QTableView, row: int) -> None:
    if 0 <= row < view.model().rowCount():
        view.setCurrentIndex(view.model().index(row, 0))


def button(text: str, tip: str) -> QPushButton:
    """A button Enter never presses (decisions have their own keys) with an accessible name."""
    b = QPushButton(text)
    b.setAutoDefault(False)
    b.setDefault(False)
    b.setToolTip(tip)
    b.setAccessibleName(text.replace("&", "").rstrip("…"))
    b.setAccessibleDescription(tip)
    return b


class EntityPane(Pane):
    """People, Organizations or Places."""

    def __init__(self, ctx: EntitiesContext, kind: str, parent: Optional[QWidget] = None):
        super().__init__(ctx, parent)
        self.kind = kind
        one, many = KIND_WORDS[kind]
        self.model = EntityTableModel(ctx.service, kind, self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("any spelling: words, or part of a word")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(f"Find {many}")
        find = QLabel("&Find:")
        find.setBuddy(self.search)
        self.show_unused = QCheckBox("Show &unused")
        self.show_unused.setAccessibleName(f"Show unused {many}")
        self.show_unused.setToolTip(f"Also list the {many} no event names now (their events deleted or merged, "
                                    "or a name only taught to extraction)")
        self.show_unused.setAccessibleDescription(self.show_unused.toolTip())
        self.view = read_only(QTableView(), many.capitalize(), multiple=True)
        self.view.setModel(self.model)
        h = self.view.horizontalHeader()
        h.setStretchLastSection(False)
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        h.resizeSection(0, 340)
        h.setSectionResizeMode(self.model.columns.index("Other spellings"), QHeaderView.ResizeMode.Stretch)

        self.spelling_model = SpellingsModel(self)
        self.event_model = events_model(self)
        self.spellings = rows_view(self.spelling_model, f"Spellings of the {one}", (220, 150))
        self.events = rows_view(self.event_model, f"Events of the {one}", (90, 90, 110, 200))
        self.split_button = button("&Split off", "Make the chosen spelling an entity of its own, with the events "
                                   "written with it (Ctrl+Shift+S)")
        self.open_button = button("Open &event", "Show the chosen event in the main window (Enter; F3 / Shift+F3 "
                                  "step to the next and previous event)")
        self.merge_button = button("&Merge…", "Merge the selected entities into one, keeping the name you choose "
                                   "(Ctrl+Shift+M; select several with Shift or Ctrl)")
        self.rename_button = button("&Rename…", "Change the name the entity is exported under (F2)")
        self.confirm_button = button("&Confirm", "Mark the entity and its spellings as checked by you, or take "
                                     "that back (Ctrl+K)")
        self.country_button = button("Countr&y…", "Set the place's country (ISO code, e.g. KZ)")
        self.authority_button = button("Authority &id…", "Set or clear the entity's id in your reference list")
        self.country_button.setVisible(kind == "place")

        top = QHBoxLayout()
        top.addWidget(find)
        top.addWidget(self.search, 1)
        top.addWidget(self.show_unused)
        actions = QHBoxLayout()
        for b in (self.merge_button, self.rename_button, self.confirm_button, self.country_button,
                  self.authority_button):
            actions.addWidget(b)
        actions.addStretch(1)
        details = QSplitter(Qt.Orientation.Horizontal)
        details.addWidget(self._box("Spellings", self.spellings, self.split_button))
        self.events_box = self._box("Events", self.events, self.open_button)
        details.addWidget(self.events_box)
        details.setSizes([460, 600])
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(pair(Qt.Orientation.Vertical, self.view, details), 1)
        lay.addLayout(actions)

        self.shown: Optional[EntityRow] = None
        self._keep_event: Optional[int] = None  # the event chosen before the entity was read again
        # an entity's first events are read off the UI thread: sorting an organization's 12,000 events by date
        # takes 0.1-0.2 s at 100,000 pages, too long for each step through the list or each key of a search
        self._events_reader = LatestOnly(ctx.path, self)
        self._events_reader.answered.connect(self._on_events)
        self._events_reader.failed.connect(lambda message: self.ctx.tell(message, error=True))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._on_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._on_search)
        self.show_unused.toggled.connect(self._on_show_unused)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.model.modelReset.connect(self._on_reset)
        self.events.activated.connect(lambda _index: self.open_event())  # Enter, or a double click
        self.split_button.clicked.connect(self.split)
        self.open_button.clicked.connect(self.open_event)
        self.merge_button.clicked.connect(self.merge)
        self.rename_button.clicked.connect(self.rename)
        self.confirm_button.clicked.connect(self.confirm)
        self.country_button.clicked.connect(self.set_country)
        self.authority_button.clicked.connect(self.set_authority_id)
        self.loaded = False

    @staticmethod
    def _box(title: str, view: QTableView, action: QPushButton) -> QGroupBox:
        box = QGroupBox(title)
        lay = QVBoxLayout(box)
        lay.addWidget(view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(action)
        lay.addLayout(row)
        return box

    # -- showing -----------------------------------------------------------------

    def load(self) -> None:
        """The first read, when the tab is first shown (the window opens on one tab's read only)."""
        if not self.loaded:
            self.loaded = True
            self.model.reload(keep=0)

    def refresh(self, edit: Optional[Edit] = None) -> None:
        """After an edit, undo or redo anywhere: read the list again and keep the entity shown when it is still there."""
        if self.loaded:
            self.model.reload()

    @Slot()
    def _on_search(self) -> None:
        self._timer.stop()
        if self.search.text() != self.model.search:
            self.model.set_search(self.search.text())

    @Slot(bool)
    def _on_show_unused(self, checked: bool) -> None:
        self.model.set_used_only(not checked)

    @Slot()
    def _on_reset(self) -> None:
        keep = self.shown.id if self.shown is not None else None
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and self.model.rowCount():
            row = 0
        if row is None:
            self._show(None)
        else:
            # a reset clears the current row, so this shows the fresh record (renamed, merged into) again
            self.view.setCurrentIndex(self.model.index(row, 0))

    @Slot(QModelIndex, QModelIndex)
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show(self.model.record(current.row()) if current.isValid() else None)

    def _show(self, row: Optional[EntityRow]) -> None:
        """Show ``row``'s spellings and read its events; the same entity shown again (the list read again after
        an edit or another's change) keeps the chosen spelling and event."""
        again = row is not None and self.shown is not None and row.id == self.shown.id
        spelling = self.spelling_model.record(current(self.spellings)) if again else None
        event = self.event_model.record(current(self.events)) if again else None
        self._keep_event = event.event_id if event is not None else None
        self.shown = row
        self.spelling_model.show(row)
        spellings = [v.id for v in self.spelling_model.records]
        set_current(self.spellings, spellings.index(spelling.id) if spelling is not None and spelling.id in spellings
                    else 0)
        self.event_model.set_source(None)
        self.open_button.setEnabled(False)
        self.events_box.setTitle("Events" if row is None else f"Events ({row.events:,}) — reading…")
        if row is not None:
            entity_id, batch = row.id, self.event_model.BATCH
            self._events_reader.request(lambda svc: (entity_id, svc.entities().events_of(entity_id, batch, 0)))
        for b in (self.rename_button, self.confirm_button, self.country_button, self.authority_button,
                  self.split_button):
            b.setEnabled(row is not None)
        self.confirm_button.setText("Un&confirm" if row is not None and row.confirmed_by else "&Confirm")

    def _on_events(self, answer: tuple[int, list[EntityEvent]]) -> None:
        """The shown entity's first events (an answer for an entity since left is dropped); the rest as it scrolls."""
        entity_id, first = answer
        row = self.shown
        if row is None or row.id != entity_id:
            return
        events = self.ctx.service.events_of
        self.event_model.set_source(lambda offset, limit: self.ctx.read(events, entity_id, limit, offset) or [], first)
        kept = [e.event_id for e in first]
        set_current(self.events, kept.index(self._keep_event) if self._keep_event in kept else 0)
        self.open_button.setEnabled(bool(first))
        self.events_box.setTitle(f"Events ({row.events:,})")

    @property
    def reading_events(self) -> bool:
        return self._events_reader.busy

    def selected_rows(self) -> list[EntityRow]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [r for r in (self.model.record(i) for i in rows) if r is not None]

    # -- events --------------------------------------------------------------------

    def open_event(self) -> None:
        ev = self.event_model.record(current(self.events))
        if ev is not None:
            total = self.shown.events if self.shown is not None else 0
            self.ctx.event_activated.emit(ev.release_id, ev.event_id)
            self.ctx.tell(f"Event {ev.event_id} ({current(self.events) + 1} of {total:,}) is shown in the main window;"
                          " F3 / Shift+F3: the next and previous one.")

    def step_event(self, step: int) -> None:
        if self.event_model.rowCount() == 0:
            self.ctx.tell("Its events are still being read." if self.reading_events else "No event names this entity.",
                          error=True)
            return
        row = max(0, current(self.events) + step)
        while row >= self.event_model.rowCount() and self.event_model.canFetchMore():
            self.event_model.fetchMore()
        set_current(self.events, min(row, self.event_model.rowCount() - 1))
        self.events.scrollTo(self.events.currentIndex())
        self.open_event()

    # -- actions ---------------------------------------------------------------------

    def merge(self) -> None:
        rows = self.selected_rows()
        if len(rows) < 2:
            self.ctx.tell("Select two or more entities to merge (Shift or Ctrl with the arrows or a click).", error=True)
            return
        choice = MergeDialog.ask(rows, self)
        if choice is None:
            return
        self.ctx.tell(f"Merging {len(rows)} {KIND_WORDS[self.kind][1]} named in "
                      f"{sum(r.events for r in rows):,} events into {choice.name!r}…")
        if self.ctx.run(self.ctx.service.merge_many, choice.ids, choice.name) is not None:
            self._reselect(choice.ids[0])

    def split(self) -> None:
        spelling = self.spelling_model.record(current(self.spellings))
        if self.shown is None or spelling is None:
            super().split()
            return
        self.ctx.run(self.ctx.service.split, spelling.id)

    def rename(self) -> None:
        if self.shown is None:
            super().rename()
            return
        shown = self.shown
        name = ask_text(self, "Rename", f"The name {shown.name!r} is exported under:", shown.name)
        if name is not None and name != shown.name:
            self.ctx.run(self.ctx.service.rename, shown.id, name, expected=shown.name)

    def confirm(self) -> None:
        if self.shown is None:
            super().confirm()
            return
        svc = self.ctx.service
        self.ctx.run(svc.unconfirm if self.shown.confirmed_by else svc.confirm, self.shown.id)

    def set_country(self) -> None:
        if self.shown is not None and self.kind == "place":
            self._ask_and_set("Country", f"The country of {self.shown.name} (ISO code such as KZ; empty: unknown):",
                              self.shown.country, self.ctx.service.set_country)

    def set_authority_id(self) -> None:
        if self.shown is not None:
            self._ask_and_set("Authority id", f"The id of {self.shown.name} in your reference list (empty: none):",
                              self.shown.authority_id, self.ctx.service.set_authority_id)

    def _ask_and_set(self, title: str, prompt: str, value: Optional[str],
                     op: Callable[[int, Optional[str]], Edit]) -> None:
        """Ask for a new value of one of the shown entity's fields (empty: none) and set it when it changed."""
        entity_id = self.shown.id if self.shown is not None else None
        text = ask_text(self, title, prompt, value or "")
        if entity_id is not None and text is not None and text != (value or ""):
            self.ctx.run(op, entity_id, text.strip() or None)

    def _reselect(self, entity_id: int) -> None:
        row = self.model.row_of(entity_id)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
