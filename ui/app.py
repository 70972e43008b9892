"""Starting the application: the database, the reviewer's name (ui.reviewer_name), the first-run import of the seeds."""
from __future__ import annotations

import argparse
import sys
import weakref
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
from shiboken6 import isValid

from reviewer.locations import default_db_path
from reviewer.session import ReviewSession
from reviewer.store import Store, StoreError

from .main_window import MainWindow
from .reviewer_name import NAME_KEY, ReviewerNameDialog, reviewer_name

#: The sample pages shipped beside the packages (repository root /seeds).
SEEDS = Path(__file__).resolve().parent.parent / "seeds"

__all__ = ["NAME_KEY", "ReviewerNameDialog", "main", "open_window", "reviewer_name", "run"]


def open_window(db_path: Path, settings: QSettings, import_seeds: bool = False,
                reviewer: Optional[str] = None) -> MainWindow:
    """The window on ``db_path``, shown; imports the bundled seeds first when asked and the database is empty.

    ``reviewer``: the name the audit log records (``--reviewer``); otherwise the
    remembered one, asked on first run. Raises StoreError when the database
    cannot be opened. The first release is shown once ready (``window.release_shown``).
    """
    name = " ".join((reviewer or "").split()) or reviewer_name(settings)
    if not name:
        raise StoreError("no reviewer name given; the window needs one to record who changed what")
    store = Store(db_path)
    service = ReviewSession(store, name)
    window = MainWindow(service, db_path, settings)
    window.destroyed.connect(store.close)
    _show_store_errors(window)
    window.show()
    if import_seeds and service.count_releases() == 0 and SEEDS.is_dir():
        from reviewer.importing.pipeline import import_paths

        from .operations import run_store_operation

        def on_done(report) -> None:
            window.statusBar().showMessage(f"Imported the sample pages: {report.summary()}", 8000)
            window.model.set_filter(window.model.filter)
            window.start()

        window.import_runner = run_store_operation(  # kept on the window so it is not collected
            window, "Importing the sample pages", db_path,
            lambda s, progress, cancelled: import_paths(s, [SEEDS], progress, cancelled),
            on_success=on_done, on_failure=window.warn)
    else:
        window.start()
    return window


#: The review windows opened, oldest first, for the one exception hook to find whose database an error concerns.
_WINDOWS: list[weakref.ref[MainWindow]] = []


def _show_store_errors(window: MainWindow) -> None:
    """A read the database refuses in a slot (the file damaged, cut short or gone under the window: the core
    raises ReadFailed) reaches Qt as an exception; it is shown as the banner's one line, as a refused save is,
    never as a traceback. Anything else goes on to the hook there was.

    One hook serves every window: a second database opened does not stack a second hook that would take the
    first window's errors. It is put back only when something else has replaced it since."""
    _WINDOWS[:] = [ref for ref in _WINDOWS if ref() is not None] + [weakref.ref(window)]
    if getattr(sys.excepthook, "routes_store_errors", False):
        return
    previous = sys.excepthook

    def hook(kind, exc, tb) -> None:
        w = _window_for(exc) if isinstance(exc, StoreError) else None
        if w is not None:
            w.runner.store_failed.emit(str(exc))
        else:
            previous(kind, exc, tb)

    hook.routes_store_errors = True  # type: ignore[attr-defined]
    sys.excepthook = hook


def _window_for(exc: StoreError) -> Optional[MainWindow]:
    """The window the error belongs to: the one on the database it names, else the one the user works in,
    else the one opened last."""
    open_ = [w for w in (ref() for ref in _WINDOWS) if w is not None and isValid(w)]
    path = getattr(exc, "path", None)
    if path is not None:
        for w in open_:
            if w.db_path.resolve() == Path(path).resolve():
                return w
    active = QApplication.activeWindow()
    for w in open_:
        if w is active:
            return w
    return open_[-1] if open_ else None


def run(db_path: Optional[Path] = None, reviewer: Optional[str] = None) -> int:
    """Open the review window and run until it is closed; the exit code of the application."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Release Reviewer")
    settings = QSettings("release-reviewer", "reviewer-gui")
    first_run = db_path is None
    try:
        window = open_window(Path(db_path) if db_path else default_db_path(), settings, import_seeds=first_run,
                             reviewer=reviewer)
    except StoreError as exc:
        QMessageBox.critical(None, "Release Reviewer", str(exc))
        return 2
    window.setProperty("keep", True)
    return app.exec()


def main() -> None:
    """``reviewer-gui [--db PATH] [--reviewer NAME]`` (and ``reviewer gui``, which runs ``python -m ui.app``)."""
    parser = argparse.ArgumentParser(prog="reviewer-gui", description="Open the Release Reviewer window.")
    parser.add_argument("--db", type=Path, default=None, metavar="PATH",
                        help="the database to open (default: the one in your data folder, with the sample pages"
                             " imported on first run)")
    parser.add_argument("--reviewer", default=None, metavar="NAME",
                        help="the name the audit log records for this session (default: the one given on first run;"
                             " File > Reviewer name... changes it for good)")
    # what it does not know is left to Qt (-platform, -style, …), which reads sys.argv itself
    args, _qt = parser.parse_known_args()
    sys.exit(run(args.db, args.reviewer))


if __name__ == "__main__":
    main()
