"""The window's one undo command and the one place reviewer actions are run from.

Every action — a field edit in the editor, a merge or an answer in the
Duplicates dialog, a separation, a revert from the history — is a core
operation returning an :class:`Edit`. It runs at once (its own transaction)
*before* it is pushed, so a refused or failed action never reaches the undo
stack; undo and redo write to the database through
:meth:`ReviewService.revert` / :meth:`reapply`. An undo or redo the database
refuses changes nothing and leaves the stack where it was, so it can be
retried. Every pane refreshes from the runner's one ``changed(edit)`` signal.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack

from reviewer.review import Conflict, Edit, ReviewError, ReviewService
from reviewer.store import StoreError

from .busy import busy_cursor


def undo_redo_actions(stack: QUndoStack, parent: QObject) -> tuple[QAction, QAction]:
    """Undo (Ctrl+Z) and Redo (Ctrl+Shift+Z, Ctrl+Y) of ``stack``, for every window that shares it."""
    undo = stack.createUndoAction(parent, "&Undo")
    undo.setShortcuts([QKeySequence("Ctrl+Z")])
    redo = stack.createRedoAction(parent, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    return undo, redo


class EditCommand(QUndoCommand):
    """The window's one undo command: an applied :class:`Edit` (a field edit, a merge, a separation …).

    Already done when pushed: the first ``redo`` (called by ``push``) does
    nothing. Later undos and redos replay it through the runner; when the
    database refuses one, the stack is stepped back so the history and the
    database agree and the same Ctrl+Z / Ctrl+Shift+Z can be retried.
    """

    def __init__(self, runner: "EditRunner", edit: Edit):
        super().__init__(edit.label)
        self._runner = runner
        self._stack = runner.stack
        self._skip = True
        self.edit = edit

    def redo(self) -> None:
        self._run(undo=False)

    def undo(self) -> None:
        self._run(undo=True)

    def _run(self, undo: bool) -> None:
        if self._skip:
            self._skip = False
            return
        if not self._runner._replay(self.edit, undo):
            self._step_back(undo)

    def _step_back(self, undo: bool) -> None:
        # QUndoStack moves its index after undo()/redo() returns; once it has
        # (indexChanged), the opposite call is made with this command told to
        # skip it, which puts the index back where it was.
        def back(_index: int) -> None:
            self._stack.indexChanged.disconnect(back)
            self._skip = True
            if undo:
                self._stack.redo()
            else:
                self._stack.undo()

        self._stack.indexChanged.connect(back)


class EditRunner(QObject):
    """Runs service edits for widgets: pushes them on the undo stack, reports change or failure.

    ``changed(edit)`` after every do, undo and redo (the window refreshes what
    it shows); ``failed(message)`` with a one-line reason when nothing was saved.
    """

    changed = Signal(object)
    failed = Signal(str)
    store_failed = Signal(str)  # the banner's line: the database refused (gone, read-only, locked) or an undo could not run
    saved = Signal(str)  # a line for the status bar, only once the edit is committed

    def __init__(self, service: ReviewService, stack: QUndoStack, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.service = service
        self.stack = stack

    def run(self, fn: Callable[..., Edit], *args: Any, **kwargs: Any) -> Optional[Edit]:
        """Call ``fn`` (a core operation returning an Edit); on success push it and return it, else report and
        return None."""
        try:
            with busy_cursor():
                edit = fn(*args, **kwargs)
        except Conflict as exc:  # changed elsewhere since it was shown: show what is stored now, then say why
            self.changed.emit(Edit("Reload", [], exc.event_id, exc.release_id))
            self.failed.emit(str(exc))
            self.store_failed.emit(str(exc))
            return None
        except ReviewError as exc:  # a refused value
            self.failed.emit(str(exc))
            return None
        except StoreError as exc:
            msg = str(exc)
            self.failed.emit(msg)
            self.store_failed.emit(f"Not saved: {msg}")
            return None
        if edit.changes:
            self.stack.push(EditCommand(self, edit))
            self.saved.emit(f"Saved: {edit.label}")
        self.changed.emit(edit)
        return edit

    def _replay(self, edit: Edit, undo: bool) -> bool:
        """Undo or redo ``edit`` in the database; False (reported, nothing changed) when it could not."""
        what = "Undo" if undo else "Redo"
        try:
            with busy_cursor():
                if undo:
                    self.service.revert(edit)
                else:
                    self.service.reapply(edit)
        except StoreError as exc:
            # One transaction: a failure changed nothing, so the history stays as it
            # was and the same Ctrl+Z / Ctrl+Shift+Z can be retried once the database is back.
            msg = f"{what} not done: {exc}. The undo history is kept: try again once the database can be written."
            if isinstance(exc, ReviewError):  # someone changed the row since: retrying will not help
                msg = f"{what} not done: {exc}"
            self.failed.emit(msg)
            self.store_failed.emit(msg)
            return False
        self.saved.emit(f"Saved: {what.lower()} {edit.label}")
        self.changed.emit(edit)
        return True
