"""The entities window's table models: rows of records, fetched a batch at a time where they can be many.

:class:`PagedModel` holds only the rows fetched so far; the view asks for more
as it scrolls (``canFetchMore``/``fetchMore``), each batch one read with a
limit and an offset. The entity lists (:class:`EntityTableModel`, one read of
:meth:`EntityService.entities` a batch; the counts come from the store's kept
``entity_stats``) and an entity's events open like a list of ten whatever the
archive.
"""
from __future__ import annotations

from typing import Any, Callable, Generic, Optional, Sequence, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from reviewer.entities import EntityEvent, EntityRow, EntityService, Variant

from .text import plain_tooltip

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")

#: Origins of a spelling as the window words them.
ORIGIN_WORDS = {"extracted": "extracted", "reviewer": "typed by a reviewer", "auto": "linked automatically",
                "authority": "from the authority list", "taught": "taught to extraction"}


class RowsModel(QAbstractTableModel, Generic[T]):
    """Rows of records shown through ``cells(record) -> one text per column`` (a tooltip and bold rows optional)."""

    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    #: Columns holding numbers (right-aligned).
    NUMERIC: tuple[int, ...] = ()

    def __init__(self, columns: Sequence[str], cells: Callable[[T], Sequence[str]],
                 tooltip: Optional[Callable[[T], str]] = None, parent=None,
                 bold: Optional[Callable[[T], bool]] = None):
        super().__init__(parent)
        self.columns = tuple(columns)
        self._cells, self._tooltip, self._bold = cells, tooltip, bold
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) or index.column() >= len(self.columns):
            return None
        rec = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells(rec)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and self._tooltip is not None:
            return plain_tooltip(self._tooltip(rec))  # names come from pages: never read as rich text
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and self._bold is not None and self._bold(rec):
            font = QFont()
            font.setBold(True)  # weight, not colour: it reads in every palette
            return font
        if role == self.ID_ROLE:
            return getattr(rec, "id", None)
        return None

    def record(self, row: int) -> Optional[T]:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def records(self) -> list[T]:
        return list(self._rows)


class PagedModel(RowsModel[T]):
    """Rows read ``BATCH`` at a time from ``read(offset, limit)`` as the view scrolls."""

    BATCH = 100  # a view shows about 25

    def __init__(self, columns: Sequence[str], cells: Callable[[T], Sequence[str]],
                 tooltip: Optional[Callable[[T], str]] = None, parent=None,
                 bold: Optional[Callable[[T], bool]] = None):
        super().__init__(columns, cells, tooltip, parent, bold)
        self._read: Optional[Callable[[int, int], list[T]]] = None
        self._more = False
        self._fetching = False

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        # a view (or the model tester) may ask again while rows are being inserted: one batch at a time
        if parent.isValid() or not self._more or self._fetching:
            return
        batch = self._batch(len(self._rows), self.BATCH)
        if not batch:
            return
        self._fetching = True
        try:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(batch) - 1)
            self._rows.extend(batch)
            self.endInsertRows()
        finally:
            self._fetching = False

    def _batch(self, offset: int, limit: int) -> list[T]:
        batch = self._read(offset, limit) if self._read is not None else []
        self._more = len(batch) == limit
        return batch

    def set_source(self, read: Optional[Callable[[int, int], list[T]]], first: Optional[list[T]] = None) -> None:
        """Show what ``read`` gives, from its first row (None: nothing); ``first``: its first batch, read already."""
        self._read = read
        if first is None:
            self.reload(keep=0)
            return
        self.beginResetModel()
        self._rows, self._more = list(first), len(first) == self.BATCH
        self.endResetModel()

    def reload(self, keep: Optional[int] = None) -> None:
        """Read again (after an edit, its undo or redo) as many rows as were fetched (``keep``: at least that many)."""
        want = max(self.BATCH, len(self._rows) if keep is None else keep)
        self.beginResetModel()
        self._rows = self._batch(0, want)
        self.endResetModel()


def entity_columns(kind: str) -> tuple[str, ...]:
    place = ("Country",) if kind == "place" else ()
    return ("Name", *place, "Other spellings", "Events", "First", "Last", "Confirmed by", "Authority id")


def entity_cells(row: EntityRow) -> tuple[str, ...]:
    place = (row.country or "",) if row.kind == "place" else ()
    return (row.name, *place, "; ".join(row.other_names), f"{row.events:,}", row.first_date or "", row.last_date or "",
            row.confirmed_by or "", row.authority_id or "")


def origin_words(v: Variant) -> str:
    return ORIGIN_WORDS.get(v.origin, v.origin) + (", taught to extraction" if v.taught and v.origin != "taught" else "")


def spelling_line(v: Variant) -> str:
    """A spelling, where it came from and why."""
    return f"{v.name} — {origin_words(v)}{f': {v.reason}' if v.reason else ''}"


def entity_tooltip(row: EntityRow) -> str:
    lines = [row.name]
    lines += [f"  {spelling_line(v)}" for v in row.variants if v.name != row.name]
    if row.confirmed_by:
        lines.append(f"confirmed by {row.confirmed_by} {(row.confirmed_at or '')[:10]}")
    return "\n".join(lines)


class EntityTableModel(PagedModel[EntityRow]):
    """The entities of one kind by name, matching a search."""

    def __init__(self, service: EntityService, kind: str, parent=None):
        super().__init__(entity_columns(kind), entity_cells, entity_tooltip, parent)
        self.NUMERIC = (self.columns.index("Events"),)
        self.service, self.kind = service, kind
        self.search = ""
        #: False: the entities no live event names (taught or typed once, their events deleted) are listed too.
        self.used_only = True
        self._read = self._entities

    def _entities(self, offset: int, limit: int) -> list[EntityRow]:
        return self.service.entities(self.kind, self.search, limit=limit, offset=offset, used_only=self.used_only)

    def set_used_only(self, used_only: bool) -> None:
        """List only the entities some live event names (True), or every one; from the top."""
        self.used_only = used_only
        self.reload(keep=0)

    def set_search(self, text: str) -> None:
        """List the entities any of whose spellings holds every word of ``text``, from the top."""
        self.search = text
        self.reload(keep=0)

    def row_of(self, entity_id: int) -> Optional[int]:
        """The row of an entity among those fetched (None when it is not, or no longer, listed)."""
        return next((i for i, r in enumerate(self._rows) if r.id == entity_id), None)


class SpellingsModel(RowsModel[Variant]):
    """An entity's spellings, where each came from and why; the canonical one in bold."""

    def __init__(self, parent: Optional[QObject] = None) -> None:
        super().__init__(("Spelling", "Where it came from", "Why"), lambda v: (v.name, origin_words(v), v.reason or ""),
                         spelling_line, parent,
                         bold=lambda v: v.name == self.canonical)
        self.canonical: Optional[str] = None

    def show(self, row: Optional[EntityRow]) -> None:
        self.canonical = row.name if row is not None else None
        self.set_rows(row.variants if row is not None else ())


def events_model(parent: Optional[QObject] = None) -> PagedModel[EntityEvent]:
    """An entity's events by date, fetched as the list scrolls."""
    return PagedModel(("Date", "Type", "Place", "Written as", "Release"),
                      lambda e: (e.date_start or "", e.event_type or "", e.location or "", e.as_written,
                                 str(e.release_id)),
                      lambda e: f"{e.as_written} — event {e.event_id} of release {e.release_id}", parent)
