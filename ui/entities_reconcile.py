"""The Reconcile tab: every entity matched against the curator's authority list (``kind,name,id,aliases``).

Reading the list and matching every entity runs on the operations worker.
A list with bad rows is shown as its problems, one line each, and nothing is
matched. Exact and alias matches are set in one undoable step; a fuzzy match
(with its score) is set only when the curator confirms it; an entity that
carries another id already is shown, never overwritten.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QPlainTextEdit, QTableView, QVBoxLayout, QWidget,
)

from reviewer.entities import EntityService
from reviewer.entities.authority import AuthorityError, Match, Reconciliation, read_authority, reconcile, set_ids, store_entities
from reviewer.review import Edit

from .entities_ask import ask_authority_file
from .entities_model import RowsModel
from .entities_pane import KIND_WORDS, EntitiesContext, Pane, button, read_only
from .operations import OperationRunner, run_store_operation

#: What each part of a reconciliation means for the curator, in the order listed.
STATES = (("matched", "to set"), ("proposed", "to confirm"), ("already", "set already"),
          ("conflicts", "has another id: left as it is"), ("taken", "another entity has this id: merge the two"),
          ("ambiguous", "several entries fit: set the id by hand"))


@dataclass(frozen=True)
class MatchRow:
    """One line of the table: an entity, the entry it matched (or the entries that fit) and what happens to it."""

    id: int  # the entity
    kind: str
    entity_name: str
    how: str  # exact, alias, fuzzy ("" when several entries fit)
    score: Optional[float]
    authority_name: str
    authority_id: str
    state: str  # one of STATES' keys
    note: str
    match: Optional[Match] = None  # None when several entries fit


def match_rows(rec: Reconciliation) -> list[MatchRow]:
    words = dict(STATES)
    rows = []
    for state, _ in STATES[:-1]:
        for m in getattr(rec, state, ()):
            extra = {"conflicts": f" ({m.current_id})", "taken": f" (entity {getattr(m, 'holder', '?')})"}.get(state, "")
            rows.append(MatchRow(m.entity_id, m.kind, m.entity_name, m.how, m.score, m.authority_name, m.authority_id,
                                 state, words[state] + extra, m))
    for e, entries in getattr(rec, "ambiguous", ()):
        rows.append(MatchRow(e.id, e.kind, e.name, "", None, "; ".join(a.name for a in entries),
                             ", ".join(a.id for a in entries), "ambiguous", words["ambiguous"]))
    return rows


def match_cells(r: MatchRow) -> tuple[str, ...]:
    return (r.entity_name, KIND_WORDS.get(r.kind, (r.kind,))[0], r.how, "" if r.score is None else f"{r.score:.0f}",
            r.authority_name, r.authority_id, r.note)


class ReconcilePane(Pane):
    def __init__(self, ctx: EntitiesContext, parent: Optional[QWidget] = None):
        super().__init__(ctx, parent)
        self.load_button = button("&Read an authority list…", "A CSV file with the columns kind,name,id,aliases "
                                  "(aliases separated by |); every entity is matched against it")
        self.file = QLabel("No list loaded.")
        self.file.setTextFormat(Qt.TextFormat.PlainText)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName("Problems in the authority list")
        self.problems.setVisible(False)
        self.model: RowsModel[MatchRow] = RowsModel(
            ("Entity", "Kind", "Match", "Score", "Authority name", "Id", "State"), match_cells,
            lambda r: f"{r.entity_name} → {r.authority_name} ({r.authority_id}): {r.note}", self)
        self.model.NUMERIC = (3,)
        self.view = read_only(QTableView(), "Matches with the authority list")
        self.view.setModel(self.model)
        for col, width in ((0, 260), (1, 90), (2, 60), (3, 50), (4, 260), (5, 80)):
            self.view.horizontalHeader().resizeSection(col, width)
        self.apply_button = button("Apply e&xact and alias matches", "Give every entity matched exactly or by an "
                                   "alias its id from the list (one step: Ctrl+Z takes it back)")
        self.confirm_button = button("&Confirm the fuzzy match", "The chosen fuzzy match is right: give the entity "
                                     "that id (Ctrl+K)")
        top = QHBoxLayout()
        top.addWidget(self.load_button)
        top.addWidget(self.file, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.apply_button)
        actions.addWidget(self.confirm_button)
        actions.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.problems)
        lay.addWidget(self.view, 1)
        lay.addLayout(actions)

        self.path: Optional[Path] = None
        self.runner: Optional[OperationRunner] = None
        self.load_button.clicked.connect(self.load_list)
        self.apply_button.clicked.connect(self.apply_matches)
        self.confirm_button.clicked.connect(self.confirm)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self._enable()

    def load_list(self) -> None:
        path = ask_authority_file(self)
        if path is not None:
            self.reconcile(Path(path))

    def reconcile(self, path: Path, quiet: bool = False) -> OperationRunner:
        """Read the list and match every entity on the worker; the table fills when done."""
        self.path = path
        self.file.setText(f"Matching every entity against {path.name}…")
        self.load_button.setEnabled(False)
        who = self.ctx.service.reviewer
        self.runner = run_store_operation(self, "Reconciling", self.ctx.path,
                                          lambda store, _p, _c: _reconciled(EntityService(store, who), path),
                                          on_success=self._on_done, on_failure=self._on_failed,
                                          show_progress=not quiet)
        return self.runner

    def _on_done(self, result: "Reconciliation | AuthorityError") -> None:
        self.load_button.setEnabled(True)
        assert self.path is not None
        if isinstance(result, AuthorityError):  # the list cannot be used: every bad row, nothing matched
            self.problems.setPlainText("\n".join(result.problems))
            self.problems.setVisible(True)
            self.model.set_rows([])
            self.file.setText(f"{self.path.name}: {len(result.problems)} problem(s); nothing was matched.")
            self.ctx.tell(f"Not read: {result.problems[0]}", error=True)
        else:
            self.problems.setVisible(False)
            self.model.set_rows(match_rows(result))
            counts = ", ".join(f"{len(getattr(result, s, ()))} {w.split(':')[0]}" for s, w in STATES
                               if getattr(result, s, ())) or "no entity matches an entry"
            self.file.setText(f"{self.path.name}: {counts}.")
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self._enable()

    def _on_failed(self, message: str) -> None:
        self.load_button.setEnabled(True)
        self.file.setText("")
        self.ctx.tell(f"Not reconciled: {message}", error=True)

    def refresh(self, edit: Optional[Edit] = None) -> None:
        """After an edit or its undo: match again (ids set or taken back move between the states)."""
        if self.path is not None:
            self.reconcile(self.path, quiet=True)

    def _enable(self) -> None:
        row = self.model.record(self.view.currentIndex().row())
        self.apply_button.setEnabled(any(r.state == "matched" for r in self.model.records))
        self.confirm_button.setEnabled(row is not None and row.state == "proposed")

    def apply_matches(self) -> None:
        matched = [r.match for r in self.model.records if r.state == "matched" and r.match is not None]
        if matched and self.path is not None:
            self.ctx.run(set_ids, self.ctx.service, matched, f"Authority ids from {self.path.name} ({len(matched)})")

    def confirm(self) -> None:
        row = self.model.record(self.view.currentIndex().row())
        if row is None or row.state != "proposed" or row.match is None:
            self.ctx.tell("Choose a fuzzy match (state: to confirm) first.", error=True)
            return
        self.ctx.run(set_ids, self.ctx.service, [row.match],
                     f"Authority id {row.authority_id} for {row.kind} {row.entity_name!r} (fuzzy, {row.score or 0:.0f})")


def _reconciled(service: EntityService, path: Path) -> "Reconciliation | AuthorityError":
    """On the worker: the reconciliation, or the list's problems (returned, not raised: they are shown whole)."""
    try:
        entries = read_authority(path)
    except AuthorityError as exc:
        return exc
    return reconcile(store_entities(service), entries)
