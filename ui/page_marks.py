"""How the page marks things: one text format per mark (for the page and its legend), the page text widget
with a bar beside the shown release and frames round the framed fields, and the legend drawn with the very
formats and frames the page uses."""
from __future__ import annotations

import math
from typing import Optional

from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (QAbstractTextDocumentLayout, QColor, QPainter, QPaintEvent, QPalette, QPen, QTextCharFormat,
                           QTextCursor, QTextDocument)
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QWidget

from .theme import FIELD_CUES, Colours, colours

#: The legend's entries after the fields: (mark, words).
OTHER_MARKS = (("evidence", "the event's sentence"), ("item", "this release"), ("furniture", "page furniture"),
               ("hit", "search hit"))
BAR_WIDTH = 4  # the bar beside the shown release, inside the page's left margin
#: A frame: (start, end) in document positions and the pen it is drawn with.
Frame = tuple[int, int, QPen]


def mark_format(mark: str, c: Colours, current: bool = True) -> QTextCharFormat:
    """The format of a mark: a field key (FIELD_CUES), or one of OTHER_MARKS, or "flash".

    The shown event's fields are filled with their colour and carry their
    underline; other events' fields only their underline, in the field's ink.
    """
    fmt = QTextCharFormat()
    if mark in FIELD_CUES:
        fmt.setUnderlineStyle(FIELD_CUES[mark][0])
        if current:
            fmt.setBackground(QColor(c.fields[mark]))
            fmt.setForeground(QColor(c.text))
            fmt.setUnderlineColor(QColor(c.text))
        else:
            fmt.setUnderlineColor(QColor(c.field_ink[mark]))
        return fmt
    background = {"item": c.item, "evidence": c.evidence, "hit": c.hit, "flash": c.flash}.get(mark)
    if background is not None:
        fmt.setBackground(QColor(background))
        fmt.setForeground(QColor(c.hit_text if mark == "hit" else c.text))
    elif mark == "furniture":
        fmt.setForeground(QColor(c.furniture))
    else:
        raise ValueError(f"no such mark: {mark}")
    return fmt


def frame_pen(mark: str, c: Colours, current: bool = True) -> Optional[QPen]:
    """The pen of the frame drawn round a field's span (None: the field is underlined instead)."""
    style = FIELD_CUES[mark][1] if mark in FIELD_CUES else Qt.PenStyle.NoPen
    if style == Qt.PenStyle.NoPen:
        return None
    return QPen(QColor(c.text if current else c.field_ink[mark]), 1, style)


class PageText(QPlainTextEdit):
    """The page's text, with a bar in the left margin beside the shown release (``extent``, document positions)
    and the ``frames`` of the framed fields."""

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.extent: Optional[tuple[int, int]] = None
        self.frames: list[Frame] = []

    def frame_rects(self, start: int, end: int) -> list[QRect]:
        """The rectangles round a span's text, one per line it is laid out on (in viewport coordinates)."""
        cur = QTextCursor(self.document())
        last = self.document().characterCount() - 1
        rects: list[QRect] = []
        line: Optional[QRect] = None
        for pos in range(min(start, last), min(end, last) + 1):
            cur.setPosition(pos)
            r = self.cursorRect(cur)
            if line is not None and r.top() == line.top():
                line.setRight(r.left())
                continue
            if line is not None and pos > start:
                rects.append(line)
            line = QRect(r.left(), r.top(), 0, r.height())
        if line is not None and line.width() > 0:
            rects.append(line)
        return [r for r in rects if r.width() > 0]

    def bar_rect(self) -> Optional[QRect]:
        """Where the bar is drawn in the viewport, None when the release is scrolled out of sight."""
        if self.extent is None:
            return None
        cur = QTextCursor(self.document())
        cur.setPosition(min(self.extent[0], self.document().characterCount() - 1))
        top = self.cursorRect(cur).top()
        cur.setPosition(min(self.extent[1], self.document().characterCount() - 1))
        bottom = self.cursorRect(cur).bottom()
        vp = self.viewport().rect()
        rect = QRect(1, max(top, vp.top()), BAR_WIDTH, min(bottom, vp.bottom()) - max(top, vp.top()) + 1)
        return rect if rect.height() > 0 else None

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        rect = self.bar_rect()
        if rect is None and not self.frames:
            return
        p = QPainter(self.viewport())
        if rect is not None:
            p.fillRect(rect, QColor(colours(self.palette()).item_bar))
        visible = self.viewport().rect()
        cur = QTextCursor(self.document())
        last = self.document().characterCount() - 1
        for start, end, pen in self.frames:
            cur.setPosition(min(start, last))
            top = self.cursorRect(cur).top()
            cur.setPosition(min(end, last))
            if top > visible.bottom() or self.cursorRect(cur).bottom() < visible.top():
                continue  # scrolled out of sight: its lines are not measured
            p.setPen(pen)
            for r in self.frame_rects(start, end):
                p.drawRect(r.adjusted(0, 0, 0, -1))
        p.end()


def _x(value: object) -> float:
    """QTextLine.cursorToX's x (PySide gives it alone or with the position)."""
    return float(value[0] if isinstance(value, tuple) else value)  # type: ignore[arg-type]


class FieldLegend(QWidget):
    """The marks of the page, each drawn in its own format (colour and underline), wrapping to the pane's width."""

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setObjectName("fieldLegend")
        self.doc = QTextDocument(self)
        self.doc.setDocumentMargin(2)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setToolTip("Fields of the shown event, each in its colour and with its own line: "
                        + "; ".join(f"{k}: {w}" for k, (_s, _f, w) in FIELD_CUES.items())
                        + ". The other events' fields have the same line, without the colour.")
        self.frames: list[Frame] = []  # as the page draws them, round the legend's entries
        self._build()

    def text(self) -> str:
        return self.doc.toPlainText()

    def _build(self) -> None:
        c = colours(self.palette())
        self.doc.clear()
        self.doc.setDefaultFont(self.font())
        cur = QTextCursor(self.doc)
        plain = QTextCharFormat()
        cur.insertText("Fields: ", plain)
        self.frames = []
        for mark in FIELD_CUES:
            start = cur.position()
            cur.insertText(mark, mark_format(mark, c))
            pen = frame_pen(mark, c)
            if pen is not None:
                self.frames.append((start, cur.position(), pen))
            cur.insertText("  ", plain)
        for mark, words in OTHER_MARKS:
            if mark == "item":  # the bar the page draws beside the shown release
                bar = QTextCharFormat()
                bar.setForeground(QColor(c.item_bar))
                cur.insertText("\u258c", bar)
            # no-break spaces: an entry (and the bar before it) never splits across lines
            cur.insertText("\u00a0" + words.replace(" ", "\u00a0") + "\u00a0", mark_format(mark, c))
            cur.insertText("  ", plain)
        self.updateGeometry()
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._build()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        self.doc.setTextWidth(max(1, width))
        return math.ceil(self.doc.size().height())

    def sizeHint(self) -> QSize:
        return QSize(400, self.heightForWidth(self.width() if self.width() > 1 else 400))

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.heightForWidth(self.width() if self.width() > 1 else 400))

    def paintEvent(self, _event: QPaintEvent) -> None:
        self.doc.setTextWidth(self.width())
        p = QPainter(self)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.palette.setColor(QPalette.ColorRole.Text, self.palette().color(QPalette.ColorRole.WindowText))
        self.doc.documentLayout().draw(p, ctx)
        for rect, pen in self.frame_rects():
            p.setPen(pen)
            p.drawRect(rect.adjusted(0, 0, -1, -1))
        p.end()

    def frame_rects(self) -> list[tuple[QRectF, QPen]]:
        """Where the legend's frames are drawn (each entry is one word, on one line)."""
        block = self.doc.begin()
        layout = block.layout()
        out = []
        for start, end, pen in self.frames:
            line = layout.lineForTextPosition(start - block.position())
            if not line.isValid():
                continue
            x1, x2 = (_x(line.cursorToX(pos - block.position())) for pos in (start, end))
            top = layout.position().y() + line.y()
            out.append((QRectF(layout.position().x() + x1, top, x2 - x1 + 1, line.height()), pen))
        return out
