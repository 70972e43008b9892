"""The Export dialog: format, scope, destination, and a progress bar while it writes.

The export itself is :func:`reviewer.export.export`, run on the background
worker with its own store connection (``ui.operations``); the dialog only
collects the choices, asks before replacing an existing export and shows the
outcome in one line.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QMessageBox, QProgressBar, QPushButton, QVBoxLayout, QWidget)

from reviewer.export import ExportError, ExportResult, TargetExists, check_target, export

from .accessibility import labelled
from .operations import OperationRunner, run_store_operation

#: (format, label, default file or folder name)
FORMATS = (
    ("jsonl", "JSON Lines (one event per line)", "events.jsonl"),
    ("csv", "CSV tables (a folder: events, participants, organizations, sources…)", "events-csv"),
    ("sqlite", "SQLite database (opens in Datasette)", "events.db"),
)
SCOPES = (("verified", "Verified events only"), ("all", "All events, reviewed or not"))


class ExportDialog(QDialog):
    """Choose format, scope and destination; export off the UI thread."""

    exported = Signal(object)  # the ExportResult, once the files are in place
    failed = Signal(str)  # one line: why nothing was written

    def __init__(self, db_path: Path, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle("Export dataset")
        self._db_path = Path(db_path)
        self._home = self._db_path.parent
        self.runner: Optional[OperationRunner] = None

        self.format_box = QComboBox()
        for fmt, label, _ in FORMATS:
            self.format_box.addItem(label, fmt)
        self.scope_box = QComboBox()
        for scope, label in SCOPES:
            self.scope_box.addItem(label, scope)
        self.destination = QLineEdit(str(self._home / FORMATS[0][2]))
        self.browse_button = QPushButton("Browse…")
        row = QHBoxLayout()
        row.addWidget(self.destination, 1)
        row.addWidget(self.browse_button)
        form = QFormLayout()
        labelled(form, "&Format:", self.format_box)
        labelled(form, "&Events:", self.scope_box)
        # the row is the field and its Browse button: the label goes to the field (Alt+D), not the layout
        labelled(form, "&Destination:", row, buddy=self.destination,
                 description="the file (a folder for CSV) the export writes")

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel("A datapackage.json describing the files is written with them.")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        self.format_box.currentIndexChanged.connect(self._on_format_changed)
        self.browse_button.clicked.connect(self._on_browse)
        self.export_button.clicked.connect(self._on_export)
        self.close_button.clicked.connect(self._on_close)

    # -- seams the tests replace --------------------------------------------

    @classmethod
    def ask(cls, parent: QWidget, title: str, text: str) -> bool:
        """Yes/No question (here: replace an existing export?)."""
        answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    @classmethod
    def choose_path(cls, parent: QWidget, fmt: str, start: Path) -> Optional[Path]:
        """The destination picked in a file (or, for CSV, folder) chooser; None when cancelled."""
        if fmt == "csv":
            chosen = QFileDialog.getExistingDirectory(parent, "Folder for the CSV tables", str(start.parent))
            # An existing folder with files in it is the parent to export into, not the target to replace.
            if chosen and any(Path(chosen).iterdir()):
                return Path(chosen) / start.name
        else:
            filters = {"jsonl": "JSON Lines (*.jsonl)", "sqlite": "SQLite database (*.db *.sqlite)"}
            chosen, _ = QFileDialog.getSaveFileName(parent, "Export to", str(start), filters[fmt],
                                                    options=QFileDialog.Option.DontConfirmOverwrite)
        return Path(chosen) if chosen else None

    # -- state ----------------------------------------------------------------

    @property
    def fmt(self) -> str:
        return self.format_box.currentData()

    @property
    def scope(self) -> str:
        return self.scope_box.currentData()

    def target(self) -> Optional[Path]:
        text = self.destination.text().strip()
        return Path(text).expanduser() if text else None

    def _busy(self, busy: bool) -> None:
        for w in (self.format_box, self.scope_box, self.destination, self.browse_button, self.export_button):
            w.setEnabled(not busy)
        self.close_button.setText("Cancel" if busy else "Close")

    # -- handlers -------------------------------------------------------------

    @Slot(int)
    def _on_format_changed(self, index: int) -> None:
        # Swap a default name for the new format's; a name the user typed stays.
        target = self.target()
        defaults = {name for _, _, name in FORMATS}
        if target is None or target.name in defaults:
            folder = target.parent if target is not None else self._home
            self.destination.setText(str(folder / FORMATS[index][2]))

    @Slot()
    def _on_browse(self) -> None:
        start = self.target() or self._home / dict((f, n) for f, _, n in FORMATS)[self.fmt]
        chosen = self.choose_path(self, self.fmt, start)
        if chosen is not None:
            self.destination.setText(str(chosen))

    @Slot()
    def _on_export(self) -> None:
        target, fmt, scope = self.target(), self.fmt, self.scope
        if target is None:
            self._show_failure("Choose where to write the export.")
            return
        force = False
        try:
            check_target(fmt, target, database=self._db_path)
        except TargetExists:
            if not self.ask(self, "Replace export?", f"{target} already exists. Replace it with a new export?"):
                self.status.setText(f"{target} was not replaced.")
                return
            force = True
        except ExportError as exc:
            self._show_failure(str(exc))
            return
        self._busy(True)
        self.progress.setRange(0, 0)  # busy until the first count arrives
        self.status.setText(f"Exporting to {target}…")
        self.runner = run_store_operation(
            self, "Exporting", self._db_path,
            lambda store, progress, cancelled: export(store, fmt, target, scope, force, progress, cancelled),
            self._on_exported, self._show_failure, show_progress=False)
        self.runner.progressed.connect(self._on_progress)

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    @Slot(object)
    def _on_exported(self, result: ExportResult) -> None:
        self.runner = None
        self._busy(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.status.setText(result.summary())
        self.exported.emit(result)

    @Slot(str)
    def _show_failure(self, message: str) -> None:
        self.runner = None
        self._busy(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.setText(message)
        self.failed.emit(message)

    @Slot()
    def _on_close(self) -> None:
        if self.runner is not None and self.runner.running:
            self.runner.cancel()  # the worker stops at the next event; its temporary files go with it
            self.status.setText("Cancelling…")
            return
        self.reject()

    def reject(self) -> None:
        if self.runner is not None and self.runner.running:  # Esc while writing: cancel, don't abandon the worker
            self.runner.cancel()
            return
        super().reject()
