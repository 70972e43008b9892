"""The page as the scraper saw it, with the release and every extracted field marked.

The text is set with ``setPlainText`` only: a page that contains ``<b>`` shows
``<b>``. Marks are ExtraSelections, so the document itself is never changed.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Optional

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QMenu, QTextEdit, QVBoxLayout, QWidget

from reviewer.review import ReleaseDetail
from reviewer.review.search import hit_pattern

from .accessibility import named
from .page_marks import FieldLegend, PageText, frame_pen, mark_format
from .theme import FIELD_CUES, colours

_FIELD_KEY = {"date_start": "date", "date_end": "date", "event_type": "type"}

#: What a selection can become: (kind, menu text, shortcut).
SELECTION_ACTIONS = (
    ("date", "Set as &date", "Ctrl+1"),
    ("location", "Set as &location", "Ctrl+2"),
    ("participant", "Add as &participant", "Ctrl+3"),
    ("organization", "Add as &organization", "Ctrl+4"),
    ("event", "New &event from this sentence", "Ctrl+Shift+N"),
)


def field_key(field: str) -> str:
    return _FIELD_KEY.get(field, field)


class _Positions:
    """Python string offsets ↔ positions in the Qt document (UTF-16 units, ``\\r\\n`` shown as one break)."""

    def __init__(self, text: str):
        self._map: Optional[list[int]] = None
        if "\r" in text or any(ord(c) > 0xFFFF for c in text):
            pos, out = 0, []
            for i, c in enumerate(text):
                out.append(pos)
                if c == "\r" and text[i + 1 : i + 2] == "\n":
                    continue
                pos += 2 if ord(c) > 0xFFFF else 1
            out.append(pos)
            self._map = out

    def to_doc(self, i: int) -> int:
        if self._map is None:
            return i
        return self._map[max(0, min(i, len(self._map) - 1))]

    def to_text(self, p: int) -> int:
        if self._map is None:
            return p
        return max(0, bisect_right(self._map, p) - 1)


class PageView(QWidget):
    """Read-only page text with the item, the furniture and the field spans marked, and a legend."""

    #: (kind, start, end, selected text) — kind from SELECTION_ACTIONS
    selection_action = Signal(str, int, int, str)

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.text = named(PageText(self), "Page text",
                          "the release's page; select words and press Ctrl+1 to Ctrl+4 to set a field from them")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(PageText.LineWrapMode.WidgetWidth)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.text.customContextMenuRequested.connect(self._on_context_menu)
        self.text.setObjectName("pageText")
        self.text.document().setDocumentMargin(10)
        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 1)
        self.legend = FieldLegend(self)
        layout.addWidget(self.legend)
        self.actions_by_kind: dict[str, QAction] = {}
        for kind, label, keys in SELECTION_ACTIONS:
            act = QAction(label, self)
            act.setShortcut(QKeySequence(keys))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(lambda _=False, k=kind: self._on_selection_action(k))
            self.addAction(act)
            self.actions_by_kind[kind] = act
        self._detail: Optional[ReleaseDetail] = None
        self._search = ""
        self.hits: list[tuple[int, int]] = []  # where the list's search matches this page
        self._pos = _Positions("")
        self._event_id: Optional[int] = None
        self._base: list[QTextEdit.ExtraSelection] = []
        self.flashing: Optional[tuple[int, int]] = None
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(900)
        self._flash_timer.timeout.connect(self._on_flash_over)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # another theme: the marks take its colours at once
            self.set_current_event(self._event_id, scroll=False)

    # -- showing ----------------------------------------------------------------

    def show_release(self, detail: ReleaseDetail, event_id: Optional[int] = None) -> None:
        same_page = self._detail is not None and self._detail.document_id == detail.document_id
        self._detail = detail
        if not same_page:
            self._pos = _Positions(detail.text)
            self.text.setPlainText(detail.text)
        self._find_hits()
        self.set_current_event(event_id, scroll=not same_page or event_id is None)

    def _show_title(self) -> None:
        detail = self._detail
        if detail is None:
            return
        pages = detail.pages
        more = f"  (also on {len(pages) - 1} other page{'s' if len(pages) > 2 else ''})" if len(pages) > 1 else ""
        hits = f"  · {len(self.hits)} search hit{'' if len(self.hits) == 1 else 's'}" if self._search.strip() else ""
        self.title.setText(f"{detail.release.document}{more}{hits}")

    def set_search(self, text: str) -> None:
        """Mark where the list's search (words, "phrases", the word being typed) matches the page."""
        if text == self._search:
            return
        self._search = text
        self._find_hits()
        self.set_current_event(self._event_id, scroll=False)

    def _find_hits(self) -> None:
        pattern = hit_pattern(self._search) if self._detail is not None else None
        self.hits = [m.span() for m in pattern.finditer(self._detail.text)] if pattern and self._detail else []
        self._show_title()

    def show_message(self, text: str) -> None:
        """No release to show (nothing listed): the page says so, and what to do."""
        self._detail, self.hits = None, []
        self._pos = _Positions("")
        self.text.setPlainText(text)
        self.text.setExtraSelections([])
        self.text.extent, self.text.frames = None, []
        self.title.setText("")

    def set_current_event(self, event_id: Optional[int], scroll: bool = True) -> None:
        self._event_id = event_id
        self._base = self._selections()
        self._render()
        if scroll and self._detail is not None:
            ev = self._current()
            self.scroll_to(ev.evidence[0] if ev is not None and ev.evidence else self._detail.item_span[0])

    def _current(self):
        if self._detail is None:
            return None
        return next((e for e in self._detail.events if e.id == self._event_id), None)

    def _selections(self) -> list[QTextEdit.ExtraSelection]:
        d = self._detail
        if d is None:
            return []
        self.text.extent = (self._pos.to_doc(d.item_span[0]), self._pos.to_doc(d.item_span[1]))
        self.text.frames = []
        c = colours(self.palette())
        out = [self._sel(*d.item_span, mark_format("item", c))]
        ev = self._current()
        if ev is not None and ev.evidence:
            out.append(self._sel(ev.evidence[0], ev.evidence[1], mark_format("evidence", c)))
        furniture = mark_format("furniture", c)
        out += [self._sel(s, e, furniture) for s, e, _kind in d.furniture]
        formats: dict[tuple[str, bool], QTextCharFormat] = {}  # made once per field and kind of event
        for sp in d.spans:
            key = field_key(sp.field)
            if key in FIELD_CUES:  # the shown event's fields filled; the others' only underlined (or framed)
                current = sp.event_id == self._event_id
                if (key, current) not in formats:
                    formats[key, current] = mark_format(key, c, current)
                out.append(self._sel(sp.start, sp.end, formats[key, current]))
                pen = frame_pen(key, c, current)
                if pen is not None:
                    self.text.frames.append((self._pos.to_doc(sp.start), self._pos.to_doc(sp.end), pen))
        hit = mark_format("hit", c)
        out += [self._sel(s, e, hit) for s, e in self.hits]  # last: drawn over the fields
        return out

    def _sel(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        cur = QTextCursor(self.text.document())
        cur.setPosition(self._pos.to_doc(start))
        cur.setPosition(self._pos.to_doc(end), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cur
        sel.format = fmt
        return sel

    def _render(self) -> None:
        extra = list(self._base)
        if self.flashing:
            extra.append(self._sel(*self.flashing, mark_format("flash", colours(self.palette()))))
        self.text.setExtraSelections(extra)
        self.text.viewport().update()

    def scroll_to(self, start: int) -> None:
        cur = QTextCursor(self.text.document())
        cur.setPosition(self._pos.to_doc(start))
        self.text.setTextCursor(cur)
        self.text.centerCursor()

    def flash(self, start: int, end: int) -> None:
        """Scroll to a span and light it up for a moment."""
        self.scroll_to(start)
        self.flashing = (start, end)
        self._render()
        self._flash_timer.start()

    @Slot()
    def _on_flash_over(self) -> None:
        self.flashing = None
        self._render()

    # -- selection → field ---------------------------------------------------------

    def select(self, start: int, end: int) -> None:
        """Select a range of the page (what a mouse drag does)."""
        cur = QTextCursor(self.text.document())
        cur.setPosition(self._pos.to_doc(start))
        cur.setPosition(self._pos.to_doc(end), QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cur)

    def selected_range(self) -> Optional[tuple[int, int]]:
        cur = self.text.textCursor()
        if self._detail is None:
            return None
        s, e = self._pos.to_text(cur.selectionStart()), self._pos.to_text(cur.selectionEnd())
        return s, e

    @Slot()
    def _on_selection_action(self, kind: str) -> None:
        rng = self.selected_range()
        if rng is None or self._detail is None:
            return
        s, e = rng
        if s == e and kind != "event":
            return
        self.selection_action.emit(kind, s, e, self._detail.text[s:e])

    @Slot("QPoint")
    def _on_context_menu(self, point) -> None:
        menu = QMenu(self)
        has_sel = self.text.textCursor().hasSelection()
        for kind, act in self.actions_by_kind.items():
            act.setEnabled(has_sel or kind == "event")
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction("Copy", self.text.copy).setEnabled(has_sel)
        menu.exec(self.text.mapToGlobal(point))
        for act in self.actions_by_kind.values():
            act.setEnabled(True)
