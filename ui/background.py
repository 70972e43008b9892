"""Counts that read every row (hundreds of milliseconds at 100,000 releases) done off the UI thread, latest request only.

Typing a search asks for a new count on every pause; only the newest answer
matters. :class:`LatestOnly` runs one read at a time on the operations worker
(its own connection, ``ui.operations``), keeps at most the newest request
waiting, and hands back only the answer to the newest request.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Optional

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from reviewer.session import ReviewSession
from reviewer.store import Store

from .operations import OperationRunner

Read = Callable[[ReviewSession], Any]

#: Runners whose read is still on the worker: kept alive here, so a count that ends after its window closed
#: still has a signal to report to (it reports nothing once the asker is gone).
_running: set[OperationRunner] = set()


class LatestOnly(QObject):
    """``request(read)``: ``answered(result)`` follows, unless a newer request came meanwhile."""

    answered = Signal(object)
    failed = Signal(str)

    def __init__(self, db_path: Path, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self._running: Optional[OperationRunner] = None
        self._waiting: Optional[Read] = None
        self._generation = 0

    @property
    def busy(self) -> bool:
        return self._running is not None or self._waiting is not None

    def request(self, read: Read) -> None:
        self._generation += 1
        self._waiting = read
        if self._running is None:
            self._start()

    def _start(self) -> None:
        read, self._waiting = self._waiting, None
        if read is None:
            return
        generation = self._generation

        def work(store: Store, _progress, _cancelled) -> Any:
            return read(ReviewSession(store))

        runner = OperationRunner(None, "Counting", self.db_path, work, show_progress=False)
        _running.add(runner)
        runner.finished.connect(lambda: _running.discard(runner))
        runner.succeeded.connect(lambda result: self._done(generation, result, None))
        runner.failed.connect(lambda message: self._done(generation, None, message))
        self._running = runner.start()

    def _done(self, generation: int, result: Any, error: Optional[str]) -> None:
        if not isValid(self):  # the window closed while the count ran: nobody is left to answer
            return
        self._running = None
        if generation == self._generation:  # nothing newer asked: this is the answer
            if error is None:
                self.answered.emit(result)
            else:
                self.failed.emit(error)
        self._start()
