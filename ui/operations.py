"""Long work off the UI thread: an operation object run by one worker.

Import, duplicate search and export can take seconds to minutes. Each runs as
an :class:`OperationRunner`: the work function runs on the single background
worker with its *own* :class:`~reviewer.store.Store` connection (an SQLite
connection must not be shared between threads), reports progress through a
callback, checks a cancel flag, and its result or its one-line error reaches
the main thread through queued signals, where the callbacks run. Widgets are
never touched from the worker.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any, Callable, Optional

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from reviewer.store import Store, StoreError

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
Work = Callable[[Store, Progress, Callable[[], bool]], Any]

_pool: Optional[QThreadPool] = None


def worker_pool() -> QThreadPool:
    """The one background worker: operations queue behind each other, never race on the database."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


class _Signals(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)


class _Task(QRunnable):
    def __init__(self, db_path: Path, fn: Work, signals: _Signals, cancel: threading.Event):
        super().__init__()
        self.setAutoDelete(True)
        self._db_path, self._fn, self._signals, self._cancel = db_path, fn, signals, cancel
        self._last_emit = 0.0

    def _progress(self, done: int, total: int, label: str = "") -> None:
        # Throttled: a callback per item would flood the event loop.
        now = time.monotonic()
        if done >= total or now - self._last_emit > 0.05:
            self._last_emit = now
            self._signals.progressed.emit(done, total, label)

    def run(self) -> None:
        try:
            self._run()
        except RuntimeError:
            if isValid(self._signals):
                raise
            # the window that asked was closed meanwhile (its runner and signals went with it): nobody is left
            # to tell the outcome to, and a dead signal's emit would print a trace on every such close

    def _run(self) -> None:
        try:
            # never create: the window's database exists, and a new file where it was deleted would take
            # over the journal files (-wal, -shm) the window's own connection still has open
            with Store(self._db_path, create=False) as store:
                result = self._fn(store, self._progress, self._cancel.is_set)
        except StoreError as exc:
            self._signals.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - the user gets one line, the log gets the trace
            log.exception("operation failed")
            self._signals.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self._signals.succeeded.emit(result)


class OperationRunner(QObject):
    """One run of a work function, with a cancellable progress dialog.

    ``succeeded(result)`` or ``failed(message)`` is emitted on the main thread,
    then ``finished()``; the callbacks given to :func:`run_store_operation`
    are connected to the first two.
    """

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, parent: Optional[QWidget], title: str, db_path: Path, fn: Work, show_progress: bool = True):
        super().__init__(parent)
        self.title = title
        self._cancel = threading.Event()
        self._signals = _Signals(self)
        self._signals.progressed.connect(self._on_progress)
        self._signals.succeeded.connect(self._on_succeeded)
        self._signals.failed.connect(self._on_failed)
        self._task = _Task(Path(db_path), fn, self._signals, self._cancel)
        self.running = False
        self.dialog: Optional[QProgressDialog] = None
        if show_progress:
            self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
            self.dialog.setWindowTitle(title)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.dialog.setMinimumDuration(400)  # quick work never flashes a dialog
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.canceled.connect(self.cancel)

    def start(self) -> "OperationRunner":
        self.running = True
        worker_pool().start(self._task)
        return self

    @Slot()
    def cancel(self) -> None:
        self._cancel.set()
        if self.dialog is not None:
            self.dialog.setLabelText(f"{self.title}: cancelling…")

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, label: str) -> None:
        if self.dialog is not None and not self._cancel.is_set():
            self.dialog.setMaximum(max(total, 1))
            self.dialog.setValue(min(done, max(total, 1)))
            if label:
                self.dialog.setLabelText(f"{self.title}\n{label}")
        self.progressed.emit(done, total, label)

    @Slot(object)
    def _on_succeeded(self, result: Any) -> None:
        self._close()
        self.succeeded.emit(result)
        self.finished.emit()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._close()
        self.failed.emit(message)
        self.finished.emit()

    def _close(self) -> None:
        self.running = False
        if self.dialog is not None:
            self.dialog.close()


def run_store_operation(
    parent: Optional[QWidget],
    title: str,
    db_path: Path,
    fn: Work,
    on_success: Callable[[Any], None],
    on_failure: Optional[Callable[[str], None]] = None,
    show_progress: bool = True,
) -> OperationRunner:
    """Run ``fn(store, progress, cancelled)`` on the worker; call back on the main thread.

    Example::

        run_store_operation(window, "Importing", db_path,
                            lambda s, p, c: import_paths(s, paths, p, c),
                            on_success=window._on_imported, on_failure=window._show_error)
    """
    runner = OperationRunner(parent, title, db_path, fn, show_progress)
    runner.succeeded.connect(on_success)
    if on_failure is not None:
        runner.failed.connect(on_failure)
    return runner.start()
