"""The File menu's workspace entries: Import files… / Import folder…, New / Open / Open recent database, Reviewer name….

Each choice a dialog asks for goes through one of the ``choose_*`` / ``ask_*``
functions below (the tests replace them), and every message that needs an
answer goes through :func:`tell`. The database's name is shown in the title,
and its full path in a status-bar label's tooltip.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional, Sequence

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMenu, QMessageBox, QWidget

from reviewer.importing.ingest import PAGE_SUFFIXES
from reviewer.review import ReviewError
from reviewer.store import StoreError

from . import databases
from .import_dialog import DropImport, PageImport
from .operations import worker_pool
from .reviewer_name import ReviewerNameDialog, remember_name

if TYPE_CHECKING:
    from .main_window import MainWindow

DB_FILTER = "Release Reviewer databases (*.db *.sqlite *.sqlite3);;All files (*)"


# -- the dialogs, one function each (tests replace them) -------------------------------------------------

def choose_files(parent: QWidget, start: Path) -> list[Path]:
    pattern = " ".join(f"*{s}" for s in PAGE_SUFFIXES)
    chosen, _ = QFileDialog.getOpenFileNames(parent, "Import pages", str(start),
                                             f"Pages ({pattern});;All files (*)")
    return [Path(p) for p in chosen]


def choose_folder(parent: QWidget, start: Path) -> Optional[Path]:
    chosen = QFileDialog.getExistingDirectory(parent, "Import a folder of pages", str(start))
    return Path(chosen) if chosen else None


def choose_new_database(parent: QWidget, start: Path) -> Optional[Path]:
    chosen, _ = QFileDialog.getSaveFileName(parent, "New database", str(start / "events.db"), DB_FILTER,
                                            options=QFileDialog.Option.DontConfirmOverwrite)
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix else path.with_suffix(".db")


def choose_database(parent: QWidget, start: Path) -> Optional[Path]:
    chosen, _ = QFileDialog.getOpenFileName(parent, "Open database", str(start), DB_FILTER)
    return Path(chosen) if chosen else None


def ask_reviewer_name(parent: QWidget, current: str) -> Optional[str]:
    return ReviewerNameDialog.ask(parent, current)


def tell(parent: QWidget, message: str) -> None:
    QMessageBox.information(parent, "Release Reviewer", message)


class FileMenu(QObject):
    """Adds the workspace entries to the window's File menu (above Export) and takes files dropped on it."""

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.window = window
        self.importer: Optional[PageImport] = None
        before = window.actions_by_name["export"]
        menu = next(m for m in window.menuBar().findChildren(QMenu) if before in m.actions())
        self._add(menu, before, "import_files", "&Import files\u2026", self.import_files, "Ctrl+I")
        self._add(menu, before, "import_folder", "Import &folder\u2026", self.import_folder, "Ctrl+Shift+I")
        menu.insertSeparator(before)
        self._add(menu, before, "new_database", "&New database\u2026", self.new_database)
        self._add(menu, before, "open_database", "&Open database\u2026", self.open_database, "Ctrl+O")
        self.recent_menu = QMenu("Open &recent", window)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        menu.insertMenu(before, self.recent_menu)
        menu.insertSeparator(before)
        after_export = next((a for a in menu.actions()[menu.actions().index(before) + 1:] if a.isSeparator()), None)
        self._add(menu, after_export, "reviewer_name", "Re&viewer name\u2026", self.change_reviewer)
        if after_export is not None:
            menu.insertSeparator(after_export)
        self.drops = DropImport(window)
        self.drops.dropped.connect(self.import_paths)
        self.database_label = QLabel()
        self.database_label.setObjectName("databaseLabel")
        window.statusBar().insertPermanentWidget(0, self.database_label)
        self.show_database()
        databases.remember(window.settings, window.db_path)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._on_quit)

    def _add(self, menu: QMenu, before: Optional[QAction], name: str, text: str, slot, key: str = "") -> QAction:
        act = QAction(text, self.window)
        if key:
            act.setShortcut(QKeySequence(key))
        act.triggered.connect(self.window._leaving(slot))  # the value being typed is saved first
        if before is None:
            menu.addAction(act)
        else:
            menu.insertAction(before, act)
        self.window.actions_by_name[name] = act
        return act

    def show_database(self) -> None:
        """The title names the database; the status bar's label too, with the full path and the reviewer."""
        path = self.window.db_path.resolve()
        self.window.setWindowTitle(f"Release Reviewer \u2014 {path.name}")
        self.window.setWindowFilePath(str(path))
        self.database_label.setText(f"{path.name} \u00b7 {self.window.service.reviewer}")
        self.database_label.setToolTip(f"Database: {path}\nChanges are recorded as {self.window.service.reviewer}"
                                       " (File \u25b8 Reviewer name\u2026)")

    def _start_dir(self) -> Path:
        return self.window.db_path.resolve().parent

    # -- importing -------------------------------------------------------------------

    @property
    def importing(self) -> bool:
        return self.importer is not None and self.importer.running

    def import_files(self) -> None:
        paths = choose_files(self.window, self._start_dir())
        if paths:
            self.import_paths(paths)

    def import_folder(self) -> None:
        folder = choose_folder(self.window, self._start_dir())
        if folder is not None:
            self.import_paths([folder])

    @Slot()
    def _on_quit(self) -> None:
        """Quitting during an import cancels it and waits for the pages read so far to be committed."""
        if self.importing:
            assert self.importer is not None
            self.importer.cancel()
            worker_pool().waitForDone(60_000)

    @Slot(list)
    def import_paths(self, paths: Sequence[Path]) -> Optional[PageImport]:
        """Import files and folders on the worker; None when an import is already running (it says so)."""
        if self.importing:
            self.window.statusBar().showMessage("An import is running: wait for it, or cancel it first.", 6000)
            return None
        if not self.window._leave_field():
            return None
        self.importer = PageImport(self.window, paths).start()
        return self.importer

    # -- databases -------------------------------------------------------------------

    def new_database(self) -> None:
        path = choose_new_database(self.window, self._start_dir())
        if path is not None:
            self._switch(path, create=True)

    def open_database(self) -> None:
        path = choose_database(self.window, self._start_dir())
        if path is not None:
            self._switch(path)

    def _switch(self, path: Path, create: bool = False) -> None:
        if self.importing:
            tell(self.window, "An import is running on this database: wait for it or cancel it, then switch.")
            return
        databases.open_database(self.window, path, create=create, tell=tell)

    @Slot()
    def fill_recent(self) -> None:
        """The recent databases still on disk; those gone are dropped from the list, with a word in the status bar."""
        self.recent_menu.clear()
        present, dropped = databases.prune_recent(self.window.settings)
        here = self.window.db_path.resolve()
        for path in present:
            act = self.recent_menu.addAction(f"{path.name}  \u2014  {path.parent}")
            act.setToolTip(str(path))
            act.setEnabled(path != here)
            act.triggered.connect(self.window._leaving(lambda _=False, p=path: self._switch(p)))
        if not present:
            self.recent_menu.addAction("No other database yet").setEnabled(False)
        if dropped:
            names = ", ".join(str(p) for p in dropped)
            self.window.statusBar().showMessage(f"Dropped from Open recent, no longer there: {names}", 10000)

    # -- who is reviewing ---------------------------------------------------------------

    def change_reviewer(self) -> None:
        """Record later changes under another name; the change is one audit row, and the name is remembered."""
        service = self.window.service
        name = ask_reviewer_name(self.window, service.reviewer)
        if name is None or name == service.reviewer:
            return
        try:
            name = service.change_reviewer(name)
        except (ReviewError, StoreError) as exc:
            self.window.banner.show_error(f"Reviewer name not changed: {exc}")
            return
        remember_name(self.window.settings, name)
        self.show_database()
        self.window._update_progress()  # the reviewers filter lists the new name
        self.window.statusBar().showMessage(f"Changes are now recorded as {name}.", 6000)
