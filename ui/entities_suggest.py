"""The Suggestions tab: groups of entities that may be one (OpenRefine's clustering), to accept, edit or reject.

Finding them reads every entity of a kind, so it runs on the operations
worker. A group is accepted as one merge (the members left ticked, under the
name chosen or typed) or rejected (remembered: never proposed again); each is
one operation on the window's undo stack.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QListWidget, QListWidgetItem,
    QTableView, QVBoxLayout, QWidget,
)

from reviewer.entities.clusters import Group
from reviewer.entities import EntityService
from reviewer.entities.suggest import Suggestions
from reviewer.review import Edit

from .entities_model import RowsModel
from .entities_pane import KIND_WORDS, EntitiesContext, Pane, button, pair, read_only
from .operations import OperationRunner, run_store_operation
from .status_panel import plural


def group_cells(g: Group) -> tuple[str, ...]:
    return (g.canonical, str(len(g.members)), ", ".join(g.methods),
            "" if g.score is None else f"{g.score:.0f}")


def group_tooltip(g: Group) -> str:
    return "\n".join([f"{g.canonical} — found by {', '.join(g.methods)}"] +
                     [f"  {m.name} ({m.events} events){': ' + '; '.join(m.variants) if m.variants else ''}"
                      for m in g.members])


class SuggestionsPane(Pane):
    def __init__(self, ctx: EntitiesContext, parent: Optional[QWidget] = None):
        super().__init__(ctx, parent)
        self.kind = QComboBox()
        for kind, (_one, many) in KIND_WORDS.items():
            self.kind.addItem(many.capitalize(), kind)
        self.kind.setCurrentIndex(1)  # organizations: where variants are most common
        self.kind.setAccessibleName("Kind of entity to suggest groups of")
        self.find_button = button("&Find suggestions", "Look for entities that may be one: same words in another "
                                  "order, transliterations, acronyms, near neighbours (in the background)")
        self.status = QLabel("Press Find suggestions (Alt+F).")
        self.status.setWordWrap(True)
        self.model: RowsModel[Group] = RowsModel(("Proposed name", "Members", "Found by", "Score"), group_cells,
                                                 group_tooltip, self)
        self.model.NUMERIC = (1, 3)
        self.view = read_only(QTableView(), "Suggested groups")
        self.view.setModel(self.model)
        h = self.view.horizontalHeader()
        h.setStretchLastSection(False)
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 70), (2, 150), (3, 50)):
            h.resizeSection(col, width)
        self.members = QListWidget()
        self.members.setAccessibleName("Members of the group (untick one to leave it out)")
        self.canonical = QComboBox()
        self.canonical.setEditable(True)
        self.canonical.setAccessibleName("Name the accepted entity keeps")
        self.accept_button = button("Accept as one &entity", "Merge the ticked members into one entity under the name "
                                    "shown (Ctrl+Shift+M)")
        self.reject_button = button("Re&ject", "These are not one entity: never propose this group again")

        top = QHBoxLayout()
        kind_label = QLabel("&Kind:")
        kind_label.setBuddy(self.kind)
        top.addWidget(kind_label)
        top.addWidget(self.kind)
        top.addWidget(self.find_button)
        top.addWidget(self.status, 1)
        side = QWidget()
        form = QFormLayout(side)
        form.addRow("Mem&bers:", self.members)
        form.addRow("Na&me kept:", self.canonical)
        actions = QHBoxLayout()
        actions.addWidget(self.accept_button)
        actions.addWidget(self.reject_button)
        actions.addStretch(1)
        form.addRow(actions)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(pair(Qt.Orientation.Horizontal, self.view, side), 1)

        self.group: Optional[Group] = None
        self.found_kind: Optional[str] = None  # the kind the list was found for (None: not searched yet)
        self.runner: Optional[OperationRunner] = None
        self._acting = False
        self.find_button.clicked.connect(self.find_groups)
        self.kind.currentIndexChanged.connect(lambda _i: self.find_groups())
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.model.modelReset.connect(lambda: self._select(0))
        self.accept_button.clicked.connect(self.merge)
        self.reject_button.clicked.connect(self.reject_group)
        self._show(None)

    # -- finding ---------------------------------------------------------------------

    def find_groups(self, quiet: bool = False) -> OperationRunner:
        """Find the groups of the chosen kind on the worker (its own connection); the list fills when done."""
        kind, who = self.kind.currentData(), self.ctx.service.reviewer
        self.find_button.setEnabled(False)
        self.status.setText(f"Finding groups of {KIND_WORDS[kind][1]}…")
        self.runner = run_store_operation(
            self, "Finding suggestions", self.ctx.path, lambda store, _p, _c: Suggestions(EntityService(store, who)).groups(kind),
            on_success=lambda groups: self._on_found(kind, groups), on_failure=self._on_failed,
            show_progress=not quiet)
        return self.runner

    def _on_found(self, kind: str, groups: list[Group]) -> None:
        self.find_button.setEnabled(True)
        if kind != self.kind.currentData():
            return  # found for a kind since left: the newer search follows
        self.found_kind = kind
        self.model.set_rows(groups)
        self._count()

    def _count(self) -> None:
        n = self.model.rowCount()
        self.status.setText(f"{plural(n, 'group')} to decide." if n else
                            "No group to decide: nothing looks like the same entity written twice.")

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.find_button.setEnabled(True)
        self.status.setText("")
        self.ctx.tell(f"Suggestions not found: {message}", error=True)

    def refresh(self, edit: Optional[Edit] = None) -> None:
        """An edit made elsewhere (or undone) may make or break groups: find them again, quietly."""
        if self.found_kind is not None and not self._acting:
            self.find_groups(quiet=True)

    # -- showing -----------------------------------------------------------------------

    def _select(self, row: int) -> None:
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), 0))
        else:
            self._show(None)

    @Slot(QModelIndex, QModelIndex)
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show(self.model.record(current.row()) if current.isValid() else None)

    def _show(self, group: Optional[Group]) -> None:
        self.group = group
        self.members.clear()
        self.canonical.clear()
        for m in group.members if group is not None else ():
            item = QListWidgetItem(f"{m.name} ({plural(m.events, 'event')})"
                                   + (f" — also {'; '.join(m.variants)}" if m.variants else ""))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(Qt.ItemDataRole.UserRole, m.entity_id)
            self.members.addItem(item)
        if group is not None:
            names = [group.canonical] + [n for m in group.members for n in (m.name, *m.variants)]
            self.canonical.addItems(list(dict.fromkeys(names)))
        for w in (self.accept_button, self.reject_button, self.members, self.canonical):
            w.setEnabled(group is not None)

    def ticked(self) -> list[int]:
        items = (self.members.item(i) for i in range(self.members.count()))
        return [int(it.data(Qt.ItemDataRole.UserRole)) for it in items if it.checkState() == Qt.CheckState.Checked]

    # -- deciding ------------------------------------------------------------------------

    def merge(self) -> None:
        """Accept the group: the ticked members become one entity under the name kept."""
        group, ids, name = self.group, self.ticked(), self.canonical.currentText().strip()
        if group is None:
            self.ctx.tell("No group chosen: find suggestions first (Alt+F).", error=True)
            return
        if len(ids) < 2:
            self.ctx.tell("Tick two or more members to merge them.", error=True)
            return
        self.ctx.tell(f"Merging {len(ids)} entities into one…")
        self._decide(group, Suggestions(self.ctx.service).accept, group, ids, name or None)

    def reject_group(self) -> None:
        group, ids = self.group, self.ticked()
        if group is None:
            return
        self._decide(group, Suggestions(self.ctx.service).reject, group, ids)

    def _decide(self, group: Group, fn, *args) -> None:
        row = self.view.currentIndex().row()
        self._acting = True
        try:
            edit = self.ctx.run(fn, *args)
        finally:
            self._acting = False
        if edit is not None:  # decided: off the list; the next group is shown
            self.model.set_rows([g for g in self.model.records if g.id != group.id])
            self._select(row)
            self._count()
            self.view.setFocus()  # on to the next group (and Ctrl+Z is the window's undo again, not a field's)
