"""The release list as a Qt model: rows fetched in batches, so 100,000 releases open like 10; sortable in SQL."""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from reviewer.review import Filter, ReleaseRow, ReviewService
from reviewer.review.reads import sort_key

from .text import plain_tooltip
from .theme import DARK, LIGHT, colours, is_dark

Index = QModelIndex | QPersistentModelIndex

STATUS_NAMES = {"unreviewed": "unreviewed", "in_progress": "in progress", "verified": "verified"}
#: What the list's legend explains, in its order: (status, has an undecided pair, text).
LEGEND = (("unreviewed", False, "unreviewed"), ("in_progress", False, "in progress"), ("verified", False, "verified"),
          ("unreviewed", True, "pair to decide"))
LOW_MARK = "!"


@lru_cache(maxsize=None)
def status_icon(status: str, duplicates: bool, dark: bool = False) -> QIcon:
    """A filled dot per status (hollow when unreviewed), with a purple corner mark for duplicate candidates."""
    c = DARK if dark else LIGHT
    pm = QPixmap(16, 16)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(c.status.get(status, c.status["unreviewed"]))
    p.setPen(colour)
    if status == "unreviewed":
        p.setBrush(Qt.BrushStyle.NoBrush)
    else:
        p.setBrush(colour)
    p.drawEllipse(2, 2, 11, 11)
    if status == "verified":
        p.setPen(QColor(c.status_mark))
        p.drawLine(5, 8, 7, 10)
        p.drawLine(7, 10, 11, 5)
    if duplicates:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(c.duplicate))
        p.drawRect(10, 0, 6, 6)
    p.end()
    return QIcon(pm)


#: The Status column's mark for a release with a reviewer's note (1) or a second-look flag (2), and its words.
NOTE_MARKS = ("", "\u270e", "\u2691")
NOTE_NAMES = ("", "a reviewer's note", "flagged for a second look")
#: The Status column's marks in words: its header's tooltip and the list's legend say it.
STATUS_HELP = ("The Status column: a dot per status (hollow: unreviewed), a purple corner for a duplicate pair still "
               "to decide, a red ! for values the extractor was unsure of and nobody checked, "
               f"{NOTE_MARKS[1]} a reviewer's note, {NOTE_MARKS[2]} a flag for a second look (Ctrl+M)")


class ReleaseListModel(QAbstractTableModel):
    """Releases in list order: grouped by the page that first carries them, or sorted by a column.

    Holds only the rows fetched so far; the view asks for more as it scrolls
    (``canFetchMore``/``fetchMore``), each batch one keyset query in the
    filter's order. Clicking a header sorts in SQL (:meth:`sort`).
    """

    BATCH = 100  # the view shows about 30; a smaller batch is a quicker refilter as you type
    COLUMNS = ("Release", "Date", "Type", "Status", "Events")
    #: The sort key of each column (reviewer.review.reads.SORTS); no sort is the list's own order ("id").
    SORT_BY_COLUMN = ("title", "date", "type", "status", "events")
    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, service: ReviewService, parent=None):
        super().__init__(parent)
        self._service = service
        self._filter = Filter()
        self._rows: list[ReleaseRow] = []
        self._more = True
        self._pos: dict[int, int] = {}
        self._after: Optional[ReleaseRow] = None  # the last row fetched, where the next batch starts
        self._fetching = False
        self._sentences: dict[int, str] = {}  # the tooltips' first sentences, read on hover

    # -- Qt model interface --------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        # A view (or a model tester) may ask again while the rows are being inserted: one batch at a time.
        if parent.isValid() or not self._more or self._fetching:
            return
        batch = self._next_batch()
        if not batch:
            return
        first = len(self._rows)
        self._fetching = True
        try:
            self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
            self._take(batch)
            self.endInsertRows()
        finally:
            self._fetching = False

    def _next_batch(self) -> list[ReleaseRow]:
        batch = self._service.release_page(limit=self.BATCH, flt=self._filter, after_row=self._after)
        self._more = len(batch) == self.BATCH
        if batch:
            self._after = batch[-1]  # as fetched: a refreshed row's new key must not move where paging resumes
        return batch

    def _take(self, batch: list[ReleaseRow]) -> None:
        first = len(self._rows)
        for i, row in enumerate(batch):
            self._pos[row.id] = first + i
        self._rows.extend(batch)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section == 3:
            return STATUS_HELP
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == self.ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.title, row.date or "", row.event_type or "",
                    (LOW_MARK if row.low_confidence else "") + NOTE_MARKS[row.note], str(row.events))[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 3:
            return status_icon(row.status, row.has_duplicates, is_dark())
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self.tooltip(row))
        if role == Qt.ItemDataRole.AccessibleTextRole and col == 3:
            return ", ".join(self.status_words(row))  # the icon and marks in words, for a screen reader
        if role == Qt.ItemDataRole.ForegroundRole and col == 3 and row.low_confidence:
            return QColor(colours().low)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def tooltip(self, row: ReleaseRow) -> str:
        """The title, the release's first sentence in full (the column cuts it), its page and its flags."""
        if row.id not in self._sentences:
            self._sentences[row.id] = self._service.release_sentence(row.id)
        sentence = self._sentences[row.id]
        lines = [row.title] + ([sentence] if sentence and sentence != row.title else [])
        return "\n".join(lines + [f"{row.document} · {row.kind} · {', '.join(self.status_words(row))}"])

    @staticmethod
    def status_words(row: ReleaseRow) -> list[str]:
        """What the Status column's icon and marks show, in words: the status first, then each flag."""
        flags = [STATUS_NAMES.get(row.status, row.status)]
        if row.has_duplicates:
            flags.append("an undecided duplicate pair")
        if row.low_confidence:
            flags.append(f"low values to check ({LOW_MARK})")
        if row.note:
            flags.append(f"{NOTE_NAMES[row.note]} ({NOTE_MARKS[row.note]})")
        return flags

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column in SQL (the list refetches from its top); a column out of range: the list's own order."""
        key = self.SORT_BY_COLUMN[column] if 0 <= column < len(self.SORT_BY_COLUMN) else "id"
        descending = key != "id" and order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self._filter.sort, self._filter.descending):
            self.set_filter(replace(self._filter, sort=key, descending=descending))

    # -- for the window ---------------------------------------------------------

    @property
    def filter(self) -> Filter:
        return self._filter

    def set_filter(self, flt: Filter) -> None:
        """List what ``flt`` selects, in its order; the first batch is there when ``modelReset`` is emitted."""
        self.beginResetModel()
        self._filter = flt
        self._rows, self._pos, self._more, self._after = [], {}, True, None
        self._sentences.clear()
        self._take(self._next_batch())
        self.endResetModel()

    @property
    def db_path(self):
        return self._service.path

    def count(self) -> int:
        """How many releases the filter lists (all of them, not only the rows fetched so far)."""
        return self._service.count_releases(self._filter)

    def reviewers(self) -> list[str]:
        return self._service.reviewers()

    def release_id(self, row: int) -> Optional[int]:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, release_id: int) -> Optional[int]:
        """The row of a release, fetching batches until it is reached (None if the filter hides it)."""
        if release_id in self._pos or not self._more:
            return self._pos.get(release_id)
        target = self._service.release_row(release_id)
        if target is None:
            return None
        key = sort_key(self._filter, target)
        while release_id not in self._pos and self._more and (self._after is None or self._before(self._after, key)):
            self.fetchMore()
        return self._pos.get(release_id)

    def _before(self, row: ReleaseRow, key: tuple) -> bool:
        """``row`` comes before a row of sort key ``key`` in the list's order."""
        mine = sort_key(self._filter, row)
        return mine > key if self._filter.descending else mine < key

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
