"""The report after an import from the window: every file met, whether it was imported, already stored or skipped (why)."""
from __future__ import annotations

import os
from typing import Optional

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPlainTextEdit,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from reviewer.importing.pipeline import IMPORTED, SKIPPED, UNCHANGED, FileReport, ImportReport

from .accessibility import named
from .theme import colours

OUTCOMES = {IMPORTED: "imported", UNCHANGED: "already stored", SKIPPED: "skipped"}


def details(f: FileReport) -> str:
    """What the Details column says: the reason a file was skipped, or what an imported one brought."""
    if f.outcome == SKIPPED:
        return f.reason
    if f.outcome == IMPORTED:
        text = f"{f.items} item{'' if f.items == 1 else 's'}, {f.events} new event{'' if f.events == 1 else 's'}"
        return text + (f" · {f.url}" if f.url else "")
    return f.url or ""


def common_folder(paths: list[str]) -> str:
    """The folder every listed file lies under (the rows then name files from there), "" when none is shared."""
    folders = [os.path.dirname(p) for p in paths]
    try:
        base = os.path.commonpath(folders) if folders and all(os.path.isabs(f) for f in folders) else ""
    except ValueError:  # paths on different drives
        return ""
    return "" if base in ("", os.sep) else base


def headline(report: ImportReport) -> str:
    if report.cancelled:
        return (f"Cancelled: the pages imported before it are kept. {report.summary()}. "
                "The duplicate search runs with the next import.")
    return f"Imported: {report.summary()}."


class ImportReportDialog(QDialog):
    """One row per file (a feed: per page line): File, Result, Details. Not modal: the window stays usable."""

    def __init__(self, report: ImportReport, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.report = report
        self.summary = QLabel(headline(report))
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.folder = common_folder([f.path for f in report.files])
        self.where = QLabel(f"Files under {self.folder}" if self.folder else "")
        self.where.setVisible(bool(self.folder))
        self.table = named(QTableWidget(len(report.files), 3), "Files imported", "each file's result and details")
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setObjectName("importFiles")
        self.table.setHorizontalHeaderLabels(["File", "Result", "Details"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        c = colours(self.palette())
        for row, f in enumerate(report.files):
            result = QTableWidgetItem(OUTCOMES.get(f.outcome, f.outcome))
            if f.outcome in (SKIPPED, IMPORTED):
                result.setForeground(QColor(c.low if f.outcome == SKIPPED else c.status["verified"]))
            shown = f.path[len(self.folder) + 1:] if self.folder else f.path
            cells = [QTableWidgetItem(shown), result, QTableWidgetItem(details(f))]
            for col, item in enumerate(cells):
                item.setToolTip(f.line())
                self.table.setItem(row, col, item)
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(0, min(self.table.columnWidth(0) + 12, 360))
        self.table.resizeRowsToContents()
        self.skipped_only = QCheckBox("Show &skipped files only")
        self.skipped_only.setEnabled(any(f.outcome == SKIPPED for f in report.files))
        self.skipped_only.toggled.connect(self._on_skipped_only)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.where)
        lay.addWidget(self.skipped_only)
        lay.addWidget(self.table, 1)
        if report.warnings:
            lay.addWidget(QLabel(f"Warnings ({len(report.warnings)}):"))
            self.warnings = QPlainTextEdit("\n".join(report.warnings))
            self.warnings.setReadOnly(True)
            self.warnings.setMaximumHeight(90)
            lay.addWidget(self.warnings)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        lay.addWidget(buttons)
        self.resize(820, 420)

    def rows(self) -> list[tuple[str, str, str]]:
        """The rows shown: (file as listed, result, details)."""
        cells = [[self.table.item(r, c) for c in range(3)] for r in range(self.table.rowCount())
                 if not self.table.isRowHidden(r)]
        return [(a.text(), b.text(), c.text()) for a, b, c in cells if a and b and c]

    def _on_skipped_only(self, on: bool) -> None:
        for row, f in enumerate(self.report.files):
            self.table.setRowHidden(row, on and f.outcome != SKIPPED)


def show_report(parent: QWidget, report: ImportReport) -> ImportReportDialog:
    """Show the report beside the window (one at a time: a new import's replaces the last one's)."""
    for old in parent.findChildren(ImportReportDialog):
        old.close()
        old.deleteLater()
    dlg = ImportReportDialog(report, parent)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.show()
    return dlg
