"""The SQLite store: one :class:`Store` wraps one database file through sqlite-utils.

- :mod:`.connection`: opening, transactions, the audit log;
- :mod:`.migrations`: the schema, one numbered migration at a time;
- :mod:`.errors`: every SQLite error mapped to a one-line :class:`StoreError` (reads by the connection's own
  class, :class:`.connection._MappedReads`; writes by the transaction);
- :mod:`.pages`: the import's writes (pages, items, events, spans) and re-extraction's refresh;
- :mod:`.entities`: who or what a name stands for (people, organizations, places) as rows are written, the
  entity list's counts, and the names taught to extraction; :mod:`.linking` writes those rows;
- :mod:`.reads`: reads several parts of the core share.
"""
from __future__ import annotations

from .connection import (BUSY_TIMEOUT, QUICK_CHECK_MAX_BYTES, SYSTEM, audit_value, integrity_check, now, stamp_events,
                         with_marks)
from .errors import (CorruptDatabase, DatabaseGone, LockedDatabase, NotADatabase, ReadFailed, ReadOnlyDatabase,
                     SchemaTooNew, StoreError, WriteRefused)
from .linking import LINK_COLUMNS
from .migrations import LATEST, migration, run_script
from .pages import ImportResult, PageWrites
from .reads import Reads


class Store(PageWrites, Reads):
    """One open database. Use as a context manager or call :meth:`close`."""


__all__ = [
    "BUSY_TIMEOUT", "LATEST", "LINK_COLUMNS", "QUICK_CHECK_MAX_BYTES", "SYSTEM", "CorruptDatabase", "DatabaseGone", "ImportResult",
    "LockedDatabase", "NotADatabase", "ReadFailed", "ReadOnlyDatabase", "SchemaTooNew", "Store", "StoreError", "WriteRefused",
    "audit_value", "integrity_check", "migration", "now", "run_script", "stamp_events", "with_marks",
]
