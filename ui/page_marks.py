"""How the page marks things: one text format per mark (for the page and its legend), the page text widget
with a bar beside the shown release, and the legend drawn with the very formats the page uses."""
from __future__ import annotations

import math
from typing import Optional

from PySide6.QtCore import QEvent, QRect, QSize
from PySide6.QtGui import (QAbstractTextDocumentLayout, QColor, QPainter, QPaintEvent, QPalette, QTextCharFormat,
                           QTextCursor, QTextDocument)
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QWidget

from .theme import FIELD_CUES, Colours, colours

#: The legend's entries after the fields: (mark, words).
OTHER_MARKS = (("evidence", "the event's sentence"), ("item", "this release"), ("furniture", "page furniture"),
               ("hit", "search hit"))
BAR_WIDTH = 4  # the bar beside the shown release, inside the page's left margin


def mark_format(mark: str, c: Colours, current: bool = True) -> QTextCharFormat:
    """The format of a mark: a field key (FIELD_CUES), or one of OTHER_MARKS, or "flash".

    The shown event's fields are filled with their colour and carry their
    underline; other events' fields only their underline, in the field's ink.
    """
    fmt = QTextCharFormat()
    if mark in FIELD_CUES:
        style, overline, _words = FIELD_CUES[mark]
        fmt.setUnderlineStyle(style)
        fmt.setFontOverline(overline)
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


class PageText(QPlainTextEdit):
    """The page's text, with a bar in the left margin beside the shown release (``extent``, document positions)."""

    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.extent: Optional[tuple[int, int]] = None

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
        if rect is not None:
            p = QPainter(self.viewport())
            p.fillRect(rect, QColor(colours(self.palette()).item_bar))
            p.end()


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
                        + "; ".join(f"{k}: {w}" for k, (_s, _o, w) in FIELD_CUES.items())
                        + ". The other events' fields have the same line, without the colour.")
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
        for mark in FIELD_CUES:
            cur.insertText(mark, mark_format(mark, c))
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
        p.end()
