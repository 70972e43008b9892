"""The release list as a Qt model: row ids fetched in batches, so 100,000 releases open like 10."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from reviewer.review import Filter, ReleaseRow, ReviewService

from .text import plain_tooltip

Index = QModelIndex | QPersistentModelIndex

STATUS_COLOURS = {"unreviewed": "#9aa0a6", "in_progress": "#f29900", "verified": "#188038"}
STATUS_NAMES = {"unreviewed": "unreviewed", "in_progress": "in progress", "verified": "verified"}
DUPLICATE_COLOUR = "#a142f4"


@lru_cache(maxsize=None)
def status_icon(status: str, duplicates: bool) -> QIcon:
    """A filled dot per status (hollow when unreviewed), with a purple corner mark for duplicate candidates."""
    pm = QPixmap(16, 16)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(STATUS_COLOURS.get(status, "#9aa0a6"))
    p.setPen(colour)
    if status == "unreviewed":
        p.setBrush(Qt.BrushStyle.NoBrush)
    else:
        p.setBrush(colour)
    p.drawEllipse(2, 2, 11, 11)
    if status == "verified":
        p.setPen(QColor("white"))
        p.drawLine(5, 8, 7, 10)
        p.drawLine(7, 10, 11, 5)
    if duplicates:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(DUPLICATE_COLOUR))
        p.drawRect(10, 0, 6, 6)
    p.end()
    return QIcon(pm)


class ReleaseListModel(QAbstractTableModel):
    """Releases in list order (grouped by the page that first carries them).

    Holds only the rows fetched so far; the view asks for more as it scrolls
    (``canFetchMore``/``fetchMore``), each batch one keyset query.
    """

    BATCH = 200
    COLUMNS = ("Release", "Page", "Events")
    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, service: ReviewService, parent=None):
        super().__init__(parent)
        self._service = service
        self._filter = Filter()
        self._rows: list[ReleaseRow] = []
        self._more = True
        self._pos: dict[int, int] = {}

    # -- Qt model interface --------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid() or not self._more:
            return
        after = self._rows[-1].id if self._rows else 0
        batch = self._service.release_page(after, self.BATCH, self._filter)
        self._more = len(batch) == self.BATCH
        if not batch:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        for i, row in enumerate(batch):
            self._pos[row.id] = first + i
        self._rows.extend(batch)
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == self.ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return row.title
            if col == 1:
                # The page name heads its group: shown on the group's first row only.
                prev = self._rows[index.row() - 1].document if index.row() > 0 else None
                return row.document if row.document != prev else ""
            return f"{row.events}{' !' if row.low_confidence else ''}"
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return status_icon(row.status, row.has_duplicates)
        if role == Qt.ItemDataRole.ToolTipRole:
            flags = [STATUS_NAMES.get(row.status, row.status)]
            if row.has_duplicates:
                flags.append("has duplicate candidates")
            if row.low_confidence:
                flags.append("low-confidence fields")
            return plain_tooltip(f"{row.title}\n{row.document} · {row.kind} · {', '.join(flags)}")
        if role == Qt.ItemDataRole.ForegroundRole and col == 2 and row.low_confidence:
            return QColor("#c5221f")
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # -- for the window ---------------------------------------------------------

    @property
    def filter(self) -> Filter:
        return self._filter

    def set_filter(self, flt: Filter) -> None:
        self.beginResetModel()
        self._filter = flt
        self._rows, self._pos, self._more = [], {}, True
        self.endResetModel()
        self.fetchMore()

    def release_id(self, row: int) -> Optional[int]:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, release_id: int) -> Optional[int]:
        """The row of a release, fetching batches until it is reached (None if the filter hides it)."""
        while release_id not in self._pos and self._more and (not self._rows or self._rows[-1].id < release_id):
            self.fetchMore()
        return self._pos.get(release_id)

    def refresh(self, release_id: int) -> None:
        """Re-read one row after an edit (its status, counts and flags)."""
        row = self._pos.get(release_id)
        if row is None:
            return
        fresh = self._service.release_row(release_id)
        if fresh is None:
            return
        self._rows[row] = fresh
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
