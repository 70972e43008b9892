"""Changes made by another process (a command-line import, another window) shown within 2 seconds.

Every second the window asks its own connection for SQLite's ``data_version``
(:meth:`reviewer.review.ReviewService.data_version`), which changes only when another
connection committed: a few microseconds whatever the size of the database,
so nothing is read again while nothing changed. When it moved, the list is
read again (same filter, as many rows as were fetched, the selection and the
scroll kept), the counts are recounted off the UI thread, and the shown
release is drawn again only if it changed, keeping a value being typed
(``EventEditor.refresh_release``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from reviewer.review import NotFound, ReleaseDetail
from reviewer.store import StoreError

from .background import LatestOnly

if TYPE_CHECKING:
    from .main_window import MainWindow

#: How often the database is asked whether someone else changed it (the window shows it within twice this).
POLL_MS = 1000


def reload_from_database(window: "MainWindow") -> None:
    """Read the list, the counts and the shown release again, losing neither the place nor a typed value.

    The shown release is read once, before the list: that one read tells whether it (or its shown event) is
    gone and is what the editor and page show again when it is not.
    """
    view = window.releases.view
    model = window.model
    rows, scroll = model.rowCount(), view.verticalScrollBar().value()
    detail = _shown_detail(window)
    if window.current is not None and (detail is None or window._event_id() not in [None, *(e.id for e in detail.events)]):
        # the shown release is gone (folded into another by someone's duplicate pass) or its shown event is
        # (deleted or merged elsewhere): what is typed is saved while it can be, or refused with the reason in the
        # banner, rather than dropped unseen when another release or event is shown
        if _save_typed(window):
            detail = None  # the window has shown it from a read of its own since
    model.set_filter(model.filter)  # MainWindow._on_model_reset keeps the shown release selected, if still listed
    while model.rowCount() < rows and model.canFetchMore():
        model.fetchMore()
    view.verticalScrollBar().setValue(scroll)
    window.progress.refresh_in_background()  # counts over every row: off the UI thread
    window.live.reviewers.request(lambda svc: svc.reviewers())  # the list's reviewer filter, likewise
    if window.current is None:
        if model.rowCount():
            window.start()  # the first pages of an empty database arrived
        return
    if detail is None or detail.release.id != window.current:
        return  # another release is shown now, opened from its own read
    if window.editor.refresh_release(detail):
        window.page.show_release(detail, window._event_id())


def _shown_detail(window: "MainWindow") -> Optional[ReleaseDetail]:
    """The shown release as the database holds it now; None when none is shown or it is gone."""
    if window.current is None:
        return None
    try:
        return window.service.release_detail(window.current)
    except NotFound:
        return None


def _save_typed(window: "MainWindow") -> bool:
    """Save the value being typed, or have it refused; True when the window was shown afresh meanwhile.

    A save, and a refusal too (the runner's ``Reload``), emits the runner's ``changed``, after which the window
    has read and shown the release itself.
    """
    seen: list[object] = []
    window.runner.changed.connect(seen.append)
    try:
        window._leave_field()
    finally:
        window.runner.changed.disconnect(seen.append)
    return bool(seen)


class LiveRefresh(QObject):
    """Polls ``data_version`` on the window's connection; ``refreshed`` after the window showed another's change."""

    refreshed = Signal()  # the window shows what the database holds now: others' changes, or its own import's

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.window = window
        self._paused = 0
        self._version: Optional[int] = self._read()
        #: The reviewers the list's filter offers, read off the UI thread (a scan of every release).
        self.reviewers = LatestOnly(window.db_path, self)
        self.reviewers.answered.connect(window.releases.refresh_reviewers)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def _read(self) -> Optional[int]:
        try:
            return self.window.service.data_version()
        except StoreError:  # the file went away or is locked for long: asked again at the next tick
            return None

    def pause(self) -> None:
        """Hold the polls while this window's own import writes (it shows its result when done)."""
        self._paused += 1

    def resume(self) -> None:
        """Polls again, taking what the database holds now as seen (the caller has just shown it)."""
        self._paused = max(0, self._paused - 1)
        self._version = self._read()

    @Slot()
    def poll(self) -> bool:
        """Refresh the window if another connection committed since the last look; True when it did."""
        if self._paused or not self.window.isVisible():  # a closed window shows nothing: nothing to read
            return False
        version = self._read()
        if version is None or version == self._version:
            return False
        self._version = version
        self.reload()
        return True

    def reload(self) -> None:
        """Show what the database holds now (the list, the counts, the shown release); ``refreshed`` tells the
        windows beside this one (people and organizations) to read again too."""
        reload_from_database(self.window)
        self.refreshed.emit()
