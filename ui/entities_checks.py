"""Two tabs of things to check: the links import made on its own (with why), and the names taught to extraction."""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from reviewer.entities import Taught, Variant
from reviewer.review import Edit

from .entities_ask import ask_text
from .entities_model import RowsModel
from .entities_pane import EntitiesContext, Pane, button, current, rows_view, set_current


class ListPane(Pane):
    """A hint, a table and a row of buttons; read when first shown, and again after every edit."""

    def __init__(self, ctx: EntitiesContext, hint: str, model: RowsModel, name: str, widths: tuple[int, ...],
                 buttons: tuple[QPushButton, ...], parent: Optional[QWidget] = None):
        super().__init__(ctx, parent)
        self.model = model
        self.view: QTableView = rows_view(model, name, widths)
        label = QLabel(hint)
        label.setWordWrap(True)
        row = QHBoxLayout()
        for b in buttons:
            row.addWidget(b)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(label)
        lay.addWidget(self.view, 1)
        lay.addLayout(row)
        self.buttons = buttons
        self.loaded = False

    def load(self) -> None:
        if not self.loaded:
            self.loaded = True
            self.refresh()

    def show_rows(self, rows: list) -> None:
        """Refill, keeping the same row (or the last) current, so the next item is a key away."""
        row = current(self.view)
        self.model.set_rows(rows)
        set_current(self.view, max(0, min(row, len(rows) - 1)))
        for b in self.buttons:
            b.setEnabled(bool(rows))

    def chosen(self):
        return self.model.record(current(self.view))


class AutoLinksPane(ListPane):
    """Spellings import linked to an entity on its own, of entities nobody confirmed: confirm or split each."""

    def __init__(self, ctx: EntitiesContext, parent: Optional[QWidget] = None):
        self.confirm_button = button("&Confirm the link", "The spelling is the entity's: confirm the entity (Ctrl+K)")
        self.split_button = button("&Split off", "The link is wrong: make the spelling an entity of its own, with "
                                   "the events written with it (Ctrl+Shift+S)")
        self.names: dict[int, str] = {}
        model: RowsModel[Variant] = RowsModel(
            ("Spelling", "Linked to", "Kind", "Why"), lambda v: (v.name, self.names.get(v.entity_id, ""), v.kind,
                                                                 v.reason or ""),
            lambda v: f"{v.name} → {self.names.get(v.entity_id, '')}: {v.reason or ''}")
        super().__init__(ctx, "Spellings linked automatically when pages were imported, and why. Confirm the ones "
                         "that are right; split off the ones that are not (never linked again).",
                         model, "Automatic links", (200, 200, 90), (self.confirm_button, self.split_button), parent)
        self.confirm_button.clicked.connect(self.confirm)
        self.split_button.clicked.connect(self.split)

    def refresh(self, edit: Optional[Edit] = None) -> None:
        if not self.loaded:
            return
        svc = self.ctx.service
        links = self.ctx.read(svc.auto_links) or []
        # the names they are linked to: one read per kind (not one per link: thousands on a large archive)
        self.names = {r.id: r.name for kind in sorted({v.kind for v in links}) for r in self.ctx.read(svc.entities, kind) or []}
        self.show_rows(links)

    def confirm(self) -> None:
        link = self.chosen()
        if link is None:
            super().confirm()
            return
        self.ctx.run(self.ctx.service.confirm, link.entity_id)

    def split(self) -> None:
        link = self.chosen()
        if link is None:
            super().split()
            return
        self.ctx.run(self.ctx.service.split, link.id)


class TaughtPane(ListPane):
    """The names reviewers taught to extraction: fix a wrong one, or remove it; the next import uses the change."""

    def __init__(self, ctx: EntitiesContext, parent: Optional[QWidget] = None):
        self.fix_button = button("Fi&x…", "Correct the taught name; the next import finds the corrected one (F2)")
        self.remove_button = button("Remo&ve", "Stop teaching this name to extraction (Ctrl+Z brings it back)")
        model: RowsModel[Taught] = RowsModel(
            ("Kind", "Name taught", "Stands for", "Taught by"),
            lambda t: (t.kind, t.name, t.canonical or "", t.created_by or ""), lambda t: t.name)
        super().__init__(ctx, "Names reviewers taught to extraction by correcting or adding them in events. The next "
                         "import finds each of them; a fixed or removed name is used or left out from then on.",
                         model, "Names taught to extraction", (90, 300, 300), (self.fix_button, self.remove_button),
                         parent)
        self.fix_button.clicked.connect(self.rename)
        self.remove_button.clicked.connect(self.remove)

    def refresh(self, edit: Optional[Edit] = None) -> None:
        if self.loaded:
            self.show_rows(self.ctx.read(self.ctx.service.taught) or [])

    def rename(self) -> None:
        taught = self.chosen()
        if taught is None:
            self.ctx.tell("Choose a taught name to fix first.", error=True)
            return
        name = ask_text(self, "Fix a taught name", f"Extraction was taught {taught.name!r}. The right name:",
                        taught.name)
        if name is not None and name != taught.name:
            self.ctx.run(self.ctx.service.fix_taught, taught.id, name)

    def remove(self) -> None:
        taught = self.chosen()
        if taught is not None:
            self.ctx.run(self.ctx.service.remove_taught, taught.id)
