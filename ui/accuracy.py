"""Help ▸ Extraction accuracy: how right the extractor was on the events reviewers verified.

The figures are :func:`reviewer.accuracy.accuracy`, read on the background
worker (it walks the audit log, which grows with the reviewers' work); the
dialog shows a bar per field, a table per reviewer and per month of import,
and every correction.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (QDialog, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from reviewer.accuracy import LIST_FIELDS, accuracy, ratio_text, report_lines, value_text
from reviewer.model import SCALAR_FIELDS

from .accessibility import named
from .operations import OperationRunner, run_store_operation
from .text import plain_tooltip
from .theme import colours

FIELD_LABELS = {"date_start": "Start date", "date_end": "End date", "event_type": "Type", "status": "Status",
                "location": "Location", "online": "Online", "participants": "Participants",
                "organizations": "Organizations"}
COUNT_COLUMNS = (("verified", "Verified"), ("corrected", "Corrected"), ("missed", "Missed"), ("spurious", "Spurious"))
#: Corrections listed in the dialog; a table of tens of thousands of rows would only slow the window.
SHOWN_CORRECTIONS = 1000


def bars(group: dict) -> list[tuple[str, Optional[float]]]:
    """The chart's bars for one group: each scalar field's accuracy, each list's precision and recall."""
    out: list[tuple[str, Optional[float]]] = [(FIELD_LABELS[f], group["fields"][f]["accuracy"]) for f in SCALAR_FIELDS]
    for f in LIST_FIELDS:
        out += [(f"{FIELD_LABELS[f]} P", group["fields"][f]["precision"]),
                (f"{FIELD_LABELS[f]} R", group["fields"][f]["recall"])]
    return out


def cells(group: dict) -> list[str]:
    """One table row's cells after its name: the counts, each field, each list as P / R."""
    row = [str(group[k]) for k, _ in COUNT_COLUMNS]
    row += [ratio_text(group["fields"][f]["accuracy"]) for f in SCALAR_FIELDS]
    row += [f"{ratio_text(group['fields'][f]['precision'])} / {ratio_text(group['fields'][f]['recall'])}"
            for f in LIST_FIELDS]
    return row


class AccuracyChart(QWidget):
    """One horizontal bar per field, 0 to 1; a field nobody checked has no bar."""

    ROW, LEFT, RIGHT = 20, 130, 56

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.bars: list[tuple[str, Optional[float]]] = []
        self.setMinimumHeight(self.ROW * 10 + 8)

    def set_bars(self, values: list[tuple[str, Optional[float]]]) -> None:
        self.bars = values
        self.setMinimumHeight(self.ROW * len(values) + 8)
        self.update()

    def bar_rect(self, i: int) -> QRectF:
        value = self.bars[i][1] or 0.0
        width = max(0.0, self.width() - self.LEFT - self.RIGHT)
        return QRectF(self.LEFT, 4 + i * self.ROW + 3, width * value, self.ROW - 6)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = colours(self.palette())
        good, fair, poor = QColor(c.status["verified"]), QColor(c.edited), QColor(c.low)
        for i, (label, value) in enumerate(self.bars):
            y = 4 + i * self.ROW
            p.setPen(QPen(self.palette().text().color()))
            p.drawText(QRectF(0, y, self.LEFT - 8, self.ROW), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       label)
            if value is not None:
                # a field right nine times in ten or more reads as fine; below, the eye should stop
                p.fillRect(self.bar_rect(i), good if value >= 0.9 else fair if value >= 0.75 else poor)
            p.drawText(QRectF(self.width() - self.RIGHT + 6, y, self.RIGHT - 6, self.ROW),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, ratio_text(value))
        p.end()


class AccuracyDialog(QDialog):
    """The report for the window's database, computed off the UI thread when the dialog opens."""

    loaded = Signal()

    def __init__(self, db_path: Path, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle("Extraction accuracy on verified events")
        self.report: Optional[dict] = None
        self.summary = QLabel("Reading the audit log…")
        self.summary.setWordWrap(True)
        self.chart = AccuracyChart()
        self.table = QTableWidget(0, 1 + len(COUNT_COLUMNS) + len(SCALAR_FIELDS) + len(LIST_FIELDS))
        self.table.setHorizontalHeaderLabels(
            ["", *(label for _, label in COUNT_COLUMNS), *(FIELD_LABELS[f] for f in SCALAR_FIELDS),
             *(f"{FIELD_LABELS[f]} P / R" for f in LIST_FIELDS)])
        named(self.table, "Accuracy per reviewer and per month of import")
        self.corrections = named(QTableWidget(0, 5), "Corrections", "the extractor's value and the verified one")
        self.corrections.setHorizontalHeaderLabels(["Event", "Release", "Field", "Extracted", "Verified"])
        for t in (self.table, self.corrections):
            t.verticalHeader().setVisible(False)
            t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head = self.corrections.horizontalHeader()
        for c in range(3):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        for c in (3, 4):  # the values share what is left
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.chart)
        lay.addWidget(QLabel("Per reviewer (who verified) and per month of import:"))
        lay.addWidget(self.table, 1)
        self.corrections_title = QLabel("Corrections (the extractor's value → the verified one):")
        lay.addWidget(self.corrections_title)
        lay.addWidget(self.corrections, 1)
        self.resize(980, 760)
        self.runner: OperationRunner = run_store_operation(
            self, "Measuring accuracy", Path(db_path), lambda store, _p, _c: accuracy(store),
            on_success=self.show_report, on_failure=self.show_failure, show_progress=False)

    def show_report(self, report: dict) -> None:
        self.report = report
        lines = report_lines(report)
        self.summary.setText(lines[0])
        self.chart.set_bars(bars(report["all"]))
        groups = [("All verified events", report["all"])]
        groups += [(f"Reviewer {name}", g) for name, g in report["by_reviewer"].items()]
        groups += [(f"Imported {month}", g) for month, g in report["by_month"].items()]
        self.table.setRowCount(len(groups))
        for r, (name, group) in enumerate(groups):
            for c, text in enumerate([name, *cells(group)]):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        fixes = report["corrections"][:SHOWN_CORRECTIONS]
        if len(report["corrections"]) > len(fixes):
            self.corrections_title.setText(
                f"The first {len(fixes)} of {len(report['corrections'])} corrections (`reviewer accuracy` lists all),"
                " the extractor's value → the verified one:")
        self.corrections.setRowCount(len(fixes))
        for r, fix in enumerate(fixes):
            for c, value in enumerate((fix["event_id"], fix["release_id"], FIELD_LABELS[fix["field"]],
                                       fix["extracted"], fix["verified"])):
                item = QTableWidgetItem(value_text(value))
                item.setToolTip(plain_tooltip(item.text()))  # a long list of names is cut in its cell
                self.corrections.setItem(r, c, item)
        self.loaded.emit()

    def show_failure(self, message: str) -> None:
        self.summary.setText(f"Could not measure accuracy: {message}")
