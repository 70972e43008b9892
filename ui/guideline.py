"""Help ▸ Guideline: what counts as an event and what each field and type means, rendered from Markdown.

The text is the guideline the application ships (``reviewer.guideline``), so
the window, the Type box's tooltips and ``docs/guideline.md`` say the same.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from reviewer import guideline


class GuidelineDialog(QDialog):
    def __init__(self, parent: Optional[QWidget] = None):
        super().__init__(parent)
        self.setWindowTitle("Guideline: what counts as an event")
        self.browser = QTextBrowser()
        # links in the guideline are repository paths, not pages to open
        self.browser.setOpenLinks(False)
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
