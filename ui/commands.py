"""Undo commands over the review service, and the one place edits are run from the window.

Every edit runs at once (its own transaction) *before* it is pushed, so a
refused or failed edit never reaches the undo stack; undo and redo write to
the database through :meth:`ReviewService.revert` / :meth:`reapply`.
"""
from __future__ import annotations

import sqlite3
from typing import Any, Callable, Optional

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from reviewer.review import Edit, ReviewError, ReviewService
from reviewer.store import StoreError


class EditCommand(QUndoCommand):
    """One applied :class:`Edit`; the first ``redo`` (called by ``push``) does nothing, it already ran."""

    def __init__(self, runner: "EditRunner", edit: Edit):
        super().__init__(edit.label)
        self._runner = runner
        self.edit = edit
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._runner._replay(self.edit, undo=False)

    def undo(self) -> None:
        self._runner._replay(self.edit, undo=True)


class EditRunner(QObject):
    """Runs service edits for widgets: pushes them on the undo stack, reports change or failure.

    ``changed(edit)`` after every do, undo and redo (the window refreshes what
    it shows); ``failed(message)`` with a one-line reason when nothing was saved.
    """

    changed = Signal(object)
    failed = Signal(str)
    store_failed = Signal(str)  # the database itself refused (gone, read-only, locked): also a banner
    saved = Signal(str)  # a line for the status bar, only once the edit is committed

    def __init__(self, service: ReviewService, stack: QUndoStack, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.service = service
        self.stack = stack

    def run(self, fn: Callable[..., Edit], *args: Any, **kwargs: Any) -> Optional[Edit]:
        """Call ``fn`` (a ReviewService edit); on success push it and return it, else report and return None."""
        try:
            edit = fn(*args, **kwargs)
        except ReviewError as exc:  # a refused value
            self.failed.emit(str(exc))
            return None
        except (StoreError, sqlite3.Error) as exc:
            msg = str(exc) if isinstance(exc, StoreError) else f"{self.service.store.path}: {exc}; nothing was saved"
            self.failed.emit(msg)
            self.store_failed.emit(msg)
            return None
        if edit.changes:
            self.stack.push(EditCommand(self, edit))
            self.saved.emit(f"Saved: {edit.label}")
        self.changed.emit(edit)
        return edit

    def _replay(self, edit: Edit, undo: bool) -> None:
        try:
            if undo:
                self.service.revert(edit)
            else:
                self.service.reapply(edit)
        except (StoreError, sqlite3.Error) as exc:
            if not isinstance(exc, ReviewError):
                self.store_failed.emit(str(exc))
            # The stack has already moved; the database has not. Drop the history
            # rather than let a later undo apply on top of a state it does not expect.
            self.failed.emit(f"{'Undo' if undo else 'Redo'} failed: {exc}")
            self._clear_later()
            return
        self.saved.emit(f"Saved: {'undo' if undo else 'redo'} {edit.label}")
        self.changed.emit(edit)

    def _clear_later(self) -> None:
        # Not inside undo(): QUndoStack must not be cleared from within its own call.
        QTimer.singleShot(0, self.stack.clear)
