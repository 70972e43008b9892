"""Which database the window is on: New, Open, Open recent, and the list of recent ones kept in the settings.

Switching opens a new window on the other database and closes this one once
the value being typed is saved (``MainWindow._leave_field``): each window
holds one store, its undo history belongs to that database, and closing it
closes its connection cleanly. A window reopens where it last was on each
database (``MainWindow`` keeps its geometry per database too).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from reviewer.store import StoreError

if TYPE_CHECKING:
    from .main_window import MainWindow

RECENT_KEY = "databases/recent"
MAX_RECENT = 10

#: Windows opened by a switch: a top-level window nobody in Python holds would be deleted with its wrapper.
_open_windows: set["MainWindow"] = set()


def recent(settings: QSettings) -> list[Path]:
    """The databases opened last, newest first, as remembered (missing ones included: see :func:`prune_recent`)."""
    value = settings.value(RECENT_KEY)
    if isinstance(value, str):  # a list of one comes back from an INI file as a plain string
        value = [value]
    return [Path(p) for p in (value or []) if isinstance(p, str) and p]


def _write_recent(settings: QSettings, paths: list[Path]) -> None:
    settings.setValue(RECENT_KEY, [str(p) for p in paths[:MAX_RECENT]])
    settings.sync()


def remember(settings: QSettings, path: Path) -> None:
    """Put ``path`` first in the recent list."""
    path = Path(path).resolve()
    _write_recent(settings, [path] + [p for p in recent(settings) if p != path])


def prune_recent(settings: QSettings) -> tuple[list[Path], list[Path]]:
    """(present, dropped): the recent databases still on disk; the missing ones are dropped from the list."""
    paths = recent(settings)
    there = {p: p.is_file() for p in paths}  # one look at the disk per file
    present = [p for p in paths if there[p]]
    dropped = [p for p in paths if not there[p]]
    if dropped:
        _write_recent(settings, present)
    return present, dropped


def open_database(window: "MainWindow", path: Path, *, create: bool = False,
                  tell: Callable[[QWidget, str], None]) -> Optional["MainWindow"]:
    """Open (``create``: make) the database at ``path`` in a new window and close ``window``.

    Returns the window now in front (``window`` itself when ``path`` is its
    database), or None when nothing changed: the typed value was refused, or
    the database cannot be used (``tell`` says why in one line, naming the
    file). The caller refuses while an import of this window runs.
    """
    from .app import open_window  # app builds windows; this module is below it

    path = Path(path).expanduser().resolve()
    if path == window.db_path.resolve():
        window.statusBar().showMessage(f"{path.name} is the database already open.", 5000)
        return window
    if create and path.exists():
        tell(window, f"{path}: exists already; nothing was created (File \u25b8 Open database\u2026 opens it)")
        return None
    if not create and not path.is_file():
        tell(window, f"{path}: no such database file")
        return None
    if not window._leave_field():  # the banner says why the typed value was refused; the reviewer stays
        return None
    window.settings.setValue("window/geometry", window.saveGeometry())  # a database seen first opens where this one is
    try:
        new = open_window(path, window.settings, reviewer=window.service.reviewer)
    except StoreError as exc:
        tell(window, str(exc))
        return None
    _open_windows.add(new)
    new.destroyed.connect(lambda *_: _open_windows.discard(new))
    window.close()
    window.deleteLater()  # its store closes with it (MainWindow.destroyed → Store.close)
    return new
