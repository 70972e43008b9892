"""The store's errors: each a one-line message for the user, each cause named as it is.

Every SQLite error the core meets is mapped here to one of these, so the window
and the command line catch :class:`StoreError` alone, never ``sqlite3.Error``.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Iterable, Optional


class StoreError(Exception):
    """Base of the store's errors; the message is one line for the user."""


class NotADatabase(StoreError):
    pass


class SchemaTooNew(StoreError):
    pass


class ReadOnlyDatabase(StoreError):
    pass


class DatabaseGone(StoreError):
    pass


class LockedDatabase(StoreError):
    pass


class CorruptDatabase(StoreError):
    pass


class WriteRefused(StoreError):
    """SQLite refused a statement inside a write (a full disk, damage met mid-write, a constraint):
    the transaction was rolled back. ``reason`` is SQLite's own words."""

    def __init__(self, path: Path, exc: sqlite3.Error):
        super().__init__(f"{path}: {exc}; nothing was saved")
        self.reason = str(exc)


class ReadFailed(StoreError):
    """SQLite could not read the open database outside a write (the file damaged, cut short or gone since it was
    opened, or locked for long): nothing was changed. ``reason`` is SQLite's own words; ``path`` the database
    it concerns, so a program with several open can tell whose it is."""

    def __init__(self, message: str, reason: str, path: Optional[Path] = None):
        super().__init__(message)
        self.reason = reason
        self.path = path



def _writable(path: Path) -> bool:
    # os.access alone says yes to root; a file with no write bit is read-only
    # by the user's intent, and we honour that too.
    try:
        return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)
    except OSError:
        return False


def _problems(rows: Iterable[tuple]) -> list[str]:
    """A check's rows as one line per problem (SQLite puts a header and several problems in one row)."""
    return [line for r in rows for line in str(r[0]).splitlines() if line and not line.startswith("*** in database")]


def _first(problems: list[str]) -> str:
    return problems[0] + (f", and {len(problems) - 1} more" if len(problems) > 1 else "")


def _open_error(path: Path, exc: sqlite3.DatabaseError) -> StoreError:
    """A one-line reason a database could not be opened; each cause named as it is, none called "not ours"."""
    msg = str(exc)
    if "not a database" in msg:  # SQLite read the header and refused it: nothing was written
        return NotADatabase(f"{path}: not a SQLite database; left unchanged")
    if "malformed" in msg or "corrupt" in msg:
        return CorruptDatabase(f"{path}: the database is damaged ({msg}); nothing was written to it."
                               " `reviewer check` lists the damage; restore a backup copy")
    if ("unable to open" in msg or "readonly" in msg) and path.is_file() and _writable(path):
        # The file may be written but SQLite cannot create its journal files (-wal, -shm) beside it.
        return StoreError(f"{path}: cannot open: its folder does not let SQLite create the journal files it writes"
                          f" beside the database ({path.name}-wal, {path.name}-shm); move the file to a folder you can write")
    err = _store_error(path, exc)
    if type(err) is StoreError:  # no cause it knows: say it is the opening that failed
        return StoreError(f"{path}: cannot open ({msg})")
    return err


def _read_error(path: Path, exc: sqlite3.DatabaseError) -> Optional[ReadFailed]:
    """What a read the file refused says to the user; None for a statement SQLite rejects whatever the file
    holds (a wrong query is a bug to see as it is, not a message about the database)."""
    msg = str(exc)
    if "malformed" in msg or "corrupt" in msg or "not a database" in msg:
        why, then = "it is damaged", "; `reviewer check` lists the damage; restore a backup copy"
    elif not path.exists():
        why, then = "the file has disappeared", "; open it again where it is now"
    elif "locked" in msg or "busy" in msg:
        why, then = "another program keeps it locked", "; try again in a moment"
    elif "disk I/O" in msg or "unable to open" in msg:
        why, then = "the disk did not give it", "; `reviewer check` tells whether the file is sound"
    else:
        return None
    return ReadFailed(f"{path}: cannot read the database: {why} ({msg}){then}", msg, path)


def _store_error(path: Path, exc: sqlite3.Error) -> StoreError:
    msg = str(exc)
    if "locked" in msg or "busy" in msg:
        return LockedDatabase(f"{path}: the database is locked by another program writing to it (an import, another"
                              " window); nothing was changed — try again in a moment")
    if "readonly" in msg or "read-only" in msg:
        return ReadOnlyDatabase(f"{path}: the database is read-only; nothing was saved")
    if not path.exists():
        return DatabaseGone(f"{path}: the database file has disappeared; nothing was saved")
    return StoreError(f"{path}: {msg}")

