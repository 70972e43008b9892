"""The review service: every correction a reviewer makes, and the reads the window needs.

Each edit is one transaction that writes the change, one audit row per
changed value (who, when, table, field, old → new) and marks the field as set
by a reviewer in ``events.edited_fields``; it reads the rows it changes inside
that transaction and, given ``expected=`` (the value the window showed),
refuses with a :class:`Conflict` a value someone changed since. It returns an :class:`Edit`: the
exact list of value changes it made, so :meth:`ReviewService.revert` and
:meth:`ReviewService.reapply` can undo and redo it to the byte.

No Qt here: the window's models and undo commands call these functions.

Layout: ``views`` (the dataclasses the window reads), ``validation`` (value
checks and errors), ``lookups`` (row look-ups shared by both sides),
``changes`` (the audited change engine), ``edits`` (the corrections),
``reads`` (the queries), ``attention`` (what needs a reviewer's attention,
one rule), ``search`` (the search text read once), ``checks`` (triage:
"this value is right", verify, what is left, the counts), ``history`` (the audit
log read, reverting one action), ``deleted`` (deleted events, restoring one),
``notes`` (notes and second-look flags), ``reviewer_name`` (who the log credits, the change
itself logged). Callers import from here.
"""
from __future__ import annotations

from pathlib import Path

from .changes import Change, Edit
from .checks import Left, ReviewChecks, TriageCounts
from .deleted import DeletedEvent, ReviewDeleted
from .history import ACTIONS, HistoryFilter, HistoryRow, ReviewHistory
from .lookups import NO_CHECK
from .notes import Note, ReviewNotes
from .reports import Reports, event_reports
from .reviewer_name import ReviewerName
from .validation import (Conflict, InvalidValue, NotFound, ReviewError, check_choice, check_date, check_range,
                         clean_name, clean_text, fts_query, parse_date, split_name_role)
from .views import (LOW_CONFIDENCE, RELEASE_STATUSES, EventView, FieldSpan, Filter, Organization, Person, ReleaseDetail,
                    ReleaseRow, TimelineEvent)


class ReviewService(ReviewChecks, ReviewHistory, ReviewDeleted, ReviewNotes, ReviewerName):
    """Edits and reads over one :class:`~reviewer.store.Store`, on behalf of one reviewer."""

    @property
    def path(self) -> Path:
        """The database file: what work off the UI thread opens a connection of its own to."""
        return self.store.path

    def reports(self, event_id: int) -> Reports:
        """The releases whose sentences report the event (more than one after a merge)."""
        return event_reports(self.store, event_id)

    def data_version(self) -> int:
        """Changes only when another connection committed (:meth:`~reviewer.store.Store.data_version`)."""
        return self.store.data_version()


__all__ = [
    "ACTIONS", "Change", "Conflict", "DeletedEvent", "HistoryFilter", "HistoryRow", "Note", "Edit", "EventView", "FieldSpan", "Filter", "InvalidValue", "LOW_CONFIDENCE", "NO_CHECK",
    "NotFound", "Left", "Organization", "Person", "RELEASE_STATUSES", "TriageCounts", "ReleaseDetail", "ReleaseRow", "ReviewError", "ReviewService",
    "TimelineEvent", "check_choice", "check_date", "check_range", "clean_name", "clean_text", "fts_query",
    "parse_date", "split_name_role",
]
