"""Importing pages from the window: File ▸ Import files… / Import folder… and files or folders dropped on it.

The import is :func:`reviewer.importing.pipeline.import_paths` run on the one
background worker with its own connection (``ui.operations``): a progress bar
names the file being read and Cancel stops it before the next file, keeping
the pages stored so far (each page is all or nothing). Then the report lists
every file (``ui.import_report``) and the window reads the list and counts again.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Sequence

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

from reviewer.importing.pipeline import ImportReport, import_paths

from .import_report import show_report
from .operations import OperationRunner

if TYPE_CHECKING:
    from .main_window import MainWindow


def describe(paths: Sequence[Path]) -> str:
    if len(paths) == 1:
        return f"Importing {paths[0].name or paths[0]}"
    return f"Importing {len(paths)} files and folders"


class PageImport(QObject):
    """One import into the window's database; ``done(report)`` once the window shows its result (None: refused)."""

    done = Signal(object)

    def __init__(self, window: "MainWindow", paths: Sequence[Path], show: bool = True):
        super().__init__(window)
        self.window = window
        self.paths: list[str | os.PathLike] = [Path(p) for p in paths]
        self.report: Optional[ImportReport] = None
        self._show = show

        def work(store, progress, cancelled) -> ImportReport:
            return import_paths(store, list(self.paths), progress, cancelled)

        self.runner = OperationRunner(window, describe([Path(p) for p in self.paths]), window.db_path, work)
        self.runner.succeeded.connect(self._on_succeeded)
        self.runner.failed.connect(self._on_failed)

    def start(self) -> "PageImport":
        self.window.live.pause()  # this import's own commits: shown once, when it ends
        self.runner.start()
        return self

    def cancel(self) -> None:
        self.runner.cancel()

    @property
    def running(self) -> bool:
        return self.runner.running

    def _finish(self) -> None:
        self.window.live.reload()
        self.window.live.resume()

    def _on_succeeded(self, report: ImportReport) -> None:
        self.report = report
        self._finish()
        self.window.statusBar().showMessage(f"{'Import cancelled' if report.cancelled else 'Imported'}: "
                                            f"{report.summary()}", 10000)
        if self._show:
            show_report(self.window, report)
        self.done.emit(report)

    def _on_failed(self, message: str) -> None:
        self._finish()  # the pages stored before the database refused stay, and are listed
        self.window.banner.show_error(f"Import stopped: {message}. The pages stored before it are kept.")
        self.done.emit(None)


def local_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
    """The files and folders a drag carries; empty when it carries anything else (text, a web link)."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    urls = mime.urls()
    if not urls or not all(u.isLocalFile() for u in urls):
        return []
    return [Path(u.toLocalFile()) for u in urls]


class DropImport(QObject):
    """Files or folders dropped anywhere on the window are imported (never pasted into a field as text).

    The window takes drops, and so do the fields of the editor and the search
    box (dropped text goes in them): a file dragged over one of those would land
    in it as its URL, so this filter sits on each of them too and takes a drag
    of files before they do. Anything else dragged (text) is left to them.
    """

    dropped = Signal(list)  # the paths, as Path objects

    def __init__(self, window: QWidget):
        super().__init__(window)
        window.setAcceptDrops(True)
        for widget in [window, *window.findChildren(QWidget)]:
            if widget is window or widget.acceptDrops():
                widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        assert isinstance(event, (QDragEnterEvent, QDragMoveEvent, QDropEvent))
        paths = local_paths(event)
        if not paths:
            return False
        event.acceptProposedAction()
        if kind == QEvent.Type.Drop:
            self.dropped.emit(paths)
        return True
