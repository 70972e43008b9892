"""Help ▸ Guideline: what counts as an event and what each field and type means, rendered from Markdown.

The text is the guideline the application ships (``reviewer.guideline``), so
the window, the Type box's tooltips and ``docs/guideline.md`` say the same.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QDialog, QTextEdit, QVBoxLayout, QWidget

from reviewer import guideline

from .accessibility import named


class GuidelineDialog(QDialog):
    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle("Guideline: what counts as an event")
        # A read-only QTextEdit renders the Markdown but never follows a link or loads a resource:
        # the window fetches nothing (tests/reliability/test_safety.py keeps the browser widget out of ui/).
        self.browser = named(QTextEdit(), "Guideline")
        self.browser.setReadOnly(True)
        self.browser.setMarkdown(guideline.text())
        lay = QVBoxLayout(self)
        lay.addWidget(self.browser)
        self.resize(760, 820)


def show_guideline(parent: QWidget) -> GuidelineDialog:
    """Show the guideline beside the window: the one already open is raised rather than opened twice."""
    dialog = parent.findChild(GuidelineDialog)
    if dialog is None:
        dialog = GuidelineDialog(parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
