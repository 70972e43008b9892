"""One open database: the connection, its transactions, the audit log.

:class:`Connection` opens a file through sqlite-utils (refusing what is not a
Release Reviewer database, checking a small one with ``quick_check``), runs
the migrations, and gives the one way to write: :meth:`Connection.transaction`,
inside which :meth:`Connection.log` appends the audit rows of one action.
"""
from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, NoReturn, Optional, TypeVar

import sqlite_utils

from . import migrations
from .errors import (CorruptDatabase, DatabaseGone, NotADatabase, ReadOnlyDatabase, SchemaTooNew, StoreError,
                     WriteRefused, _first, _open_error, _problems, _read_error, _store_error, _writable)

_C = TypeVar("_C", bound="Connection")

#: The reviewer recorded when nobody has given a name (the CLI, imports).
SYSTEM = "system"

#: Seconds a write waits for another program's transaction before giving up (``Store(busy_timeout=)``).
BUSY_TIMEOUT = 5.0
#: Databases up to this size are checked with ``PRAGMA quick_check`` on open (it reads every page:
#: about a second for this much); a larger one is checked by ``reviewer check`` only.
QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def stamp_events(db: sqlite_utils.Database, event_ids: Iterable[int], stamp: Optional[str] = None) -> None:
    """The one ``updated_at`` rule: an event whose record changed — by a reviewer's action
    (:func:`reviewer.operation.apply_changes`), an import or a re-extraction — is stamped now."""
    ids = list(event_ids)
    if ids:
        stamp = stamp or now()
        db.conn.executemany("UPDATE events SET updated_at = ? WHERE id = ?", [(stamp, i) for i in ids])


def with_marks(edited_fields: Optional[str], names: Iterable[str]) -> str:
    """``edited_fields`` (a JSON list) with ``names`` added after the marks already there.

    The one rule for the marks that keep a reviewer's value from re-extraction,
    whoever sets them (an edit, a merge's choices).
    """
    fields = json.loads(edited_fields or "[]")
    return json.dumps(fields + [n for n in dict.fromkeys(names) if n not in fields])


class _MappedReads(sqlite3.Connection):
    """The store's SQLite connection: once the database is open, a read the file refuses (damaged, cut short,
    gone, locked for long) raises the store's :class:`~.errors.ReadFailed`, never ``sqlite3.DatabaseError``.

    Every query of the core and sqlite-utils goes through :meth:`execute` / :meth:`executemany` and their
    cursors, rows stepped lazily included, so this is the one place reads are mapped. Inside a write
    transaction nothing is mapped here: :meth:`Connection.transaction` rolls back and maps it, so its statements
    get SQLite's own cursor, whose rows step in C (most of an import's statements and rows).
    """

    path: Optional[Path] = None  # set once open: the checks of opening map their own errors (_open_error)
    writing = False

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        if self.writing:
            return _execute(self, sql, parameters)
        try:
            return _cursor(self, _MappedRows).execute(sql, parameters)
        except sqlite3.DatabaseError as exc:
            _reraise(self, exc)

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        if self.writing:
            return _executemany(self, sql, parameters)
        try:
            return _cursor(self, _MappedRows).executemany(sql, parameters)
        except sqlite3.DatabaseError as exc:
            _reraise(self, exc)


class _MappedRows(sqlite3.Cursor):
    """A cursor of :class:`_MappedReads`: SQLite reads the file again at every row it steps to."""

    def __next__(self) -> Any:
        try:
            return _next(self)
        except sqlite3.DatabaseError as exc:
            _reraise(self.connection, exc)

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.DatabaseError as exc:
            _reraise(self.connection, exc)

    def fetchmany(self, *size: Any, **kw: Any) -> list[Any]:
        try:
            return super().fetchmany(*size, **kw)
        except sqlite3.DatabaseError as exc:
            _reraise(self.connection, exc)

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.DatabaseError as exc:
            _reraise(self.connection, exc)


_cursor = sqlite3.Connection.cursor  # bound once: every query and row passes here
_next = sqlite3.Cursor.__next__
_execute = sqlite3.Connection.execute  # a plain cursor, for the statements of a write transaction
_executemany = sqlite3.Connection.executemany


def _reraise(conn: sqlite3.Connection, exc: sqlite3.DatabaseError) -> NoReturn:
    path = getattr(conn, "path", None)
    err = None if path is None or getattr(conn, "writing", True) else _read_error(path, exc)
    if err is None:
        raise exc
    raise err from exc


class Connection:
    """One open database. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | os.PathLike, *, create: bool = True, upgrade_to: Optional[int] = None,
                 busy_timeout: Optional[float] = None, quick_check: bool = True):
        self.path = Path(path)
        latest = migrations.LATEST
        upgrade_to = latest if upgrade_to is None else upgrade_to
        if not create and not self.path.exists():
            raise StoreError(f"{self.path}: no such database")
        if self.path.exists():
            _check_readable(self.path)
        timeout = BUSY_TIMEOUT if busy_timeout is None else busy_timeout
        try:
            conn = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None, check_same_thread=False,
                                   factory=_MappedReads)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open ({exc})") from None
        self._reads = conn
        self.db = sqlite_utils.Database(conn)
        #: What was checked on open, for the user: "quick_check ok (12 MB)" or why it was not run.
        self.checked = "not checked"
        #: The action_id of the audit rows the open transaction writes (0: none written yet; None: no transaction).
        self._action: Optional[int] = None
        try:
            version = self.version
            if version > latest:
                raise SchemaTooNew(
                    f"{self.path}: made by a newer version of Release Reviewer (schema {version}, this one knows {latest}); left unchanged"
                )
            if version == 0 and self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                # tables but no schema version: another program's database, never to be "upgraded"
                raise NotADatabase(f"{self.path}: a SQLite database of another program, not Release Reviewer's; left unchanged")
            if quick_check:
                self._quick_check()  # before the first write (journal mode, migrations): a damaged file gets none
            self.read_only = self.path.exists() and not _writable(self.path)
            if self.read_only and version < upgrade_to:
                raise ReadOnlyDatabase(f"{self.path}: read-only and needs an upgrade; left unchanged")
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if not self.read_only:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate(version, upgrade_to)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _open_error(self.path, exc) from None
        except StoreError:
            conn.close()
            raise
        conn.path = self.path  # from now on a read the file refuses is a ReadFailed

    def _quick_check(self) -> None:
        """``PRAGMA quick_check`` when the file is small enough to read whole on open; refuse a damaged one."""
        size = self.path.stat().st_size if self.path.exists() else 0
        megabytes = f"{size / 1e6:.0f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"
        if size > QUICK_CHECK_MAX_BYTES:
            self.checked = f"quick_check skipped: {megabytes} is too large to read on every open (run `reviewer check`)"
            return
        problems = _problems(self.db.execute("PRAGMA quick_check(5)"))
        if problems != ["ok"]:
            raise CorruptDatabase(f"{self.path}: the database is damaged ({_first(problems)}); nothing was written to it."
                                  " `reviewer check` lists the damage; restore a backup copy")
        self.checked = f"quick_check ok ({megabytes})"

    # -- lifecycle ---------------------------------------------------------

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self: _C) -> _C:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version`` on this connection: it changes only when another connection (another
        process, another window, a worker thread's store) committed, so polling it tells in microseconds,
        whatever the database's size, whether anything is to be read again (the window's live refresh)."""
        try:
            return self.db.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise _store_error(self.path, exc) from None

    def _migrate(self, current: int, target: int) -> None:
        for version, fn in migrations.MIGRATIONS:
            if current < version <= target:
                try:
                    with self.transaction():
                        fn(self.db)
                        self.db.execute(f"PRAGMA user_version = {version}")
                except (sqlite3.Error, WriteRefused) as exc:  # WriteRefused: a statement of the migration
                    reason = exc.reason if isinstance(exc, WriteRefused) else exc
                    raise StoreError(
                        f"{self.path}: upgrade to schema {version} failed ({reason}); left at schema {self.version}"
                    ) from None

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction: committed on success, rolled back on any error."""
        if self.db.conn.in_transaction:
            # Nested: a savepoint, so a failure undoes only this part (one page
            # of a batched import) and the outer transaction decides the rest.
            self.db.execute("SAVEPOINT nested")
            try:
                yield self.db
            except BaseException:
                try:
                    self.db.execute("ROLLBACK TO nested")
                    self.db.execute("RELEASE nested")
                except sqlite3.Error:
                    pass  # SQLite already rolled the whole transaction back (disk full, I/O error)
                raise
            self.db.execute("RELEASE nested")
            return
        self.check_writable()
        self._reads.writing = True  # what SQLite refuses from here on is the transaction's to map (below)
        try:
            yield from self._write_transaction()
        finally:
            self._reads.writing = False

    def _write_transaction(self) -> Iterator[sqlite_utils.Database]:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:  # locked, or damage met on the first read of the file
            raise self._write_error(exc) from None
        self._action = 0  # the transaction's first audit row starts its action (see log)
        try:
            yield self.db
        except sqlite3.Error as exc:  # callers (the window, the command) see the store's errors only
            self._action = None
            self.db.conn.rollback()
            raise self._write_error(exc) from exc
        except BaseException:
            self._action = None
            self.db.conn.rollback()
            raise
        try:
            self._before_commit()
        except sqlite3.Error as exc:
            self._action = None
            self.db.conn.rollback()
            raise WriteRefused(self.path, exc) from exc
        except BaseException:
            self._action = None
            self.db.conn.rollback()
            raise
        self._action = None
        try:
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            self.db.conn.rollback()
            raise _store_error(self.path, exc) from None

    def _write_error(self, exc: sqlite3.Error) -> StoreError:
        """A statement of a write SQLite refused: its cause when known (locked, read-only, gone), else WriteRefused."""
        err = _store_error(self.path, exc)
        return err if type(err) is not StoreError else WriteRefused(self.path, exc)

    def _before_commit(self) -> None:
        """What every write transaction ends with, inside it (the store's entities link the rows written
        without their entity: :meth:`.entities.Entities._before_commit`)."""

    def check_writable(self) -> None:
        """Refuse a write before it starts if the file is gone or read-only."""
        if not self.path.exists():
            raise DatabaseGone(f"{self.path}: the database file has disappeared; nothing was saved")
        if not _writable(self.path):
            raise ReadOnlyDatabase(f"{self.path}: the database is read-only; nothing was saved")

    # -- audit -------------------------------------------------------------

    def log(self, who: str, action: str, table: str, row_id: Optional[int], field: Optional[str] = None,
            old: Any = None, new: Any = None) -> None:
        """Append one audit row; call inside the transaction of the change it records.

        Rows of one :meth:`transaction` are one action (``action_id``: its first row's id), which the
        history reverts whole; a row written outside one is an action of its own.
        """
        row_id_new = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM audit_log").fetchone()[0]
        action_id = self._action or row_id_new
        if self._action == 0:
            self._action = action_id
        self.db.execute(
            "INSERT INTO audit_log (id, at, who, action, table_name, row_id, field, old, new, action_id)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            [row_id_new, now(), who, action, table, row_id, field, audit_value(old), audit_value(new), action_id],
        )

    def log_many(self, who: str, entries: Iterable[tuple[str, str, Optional[int], Optional[str], Any, Any]]) -> None:
        """:meth:`log` for several rows of one action at once: (action, table, row id, field, old, new) each."""
        entries = list(entries)
        if not entries:
            return
        first = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM audit_log").fetchone()[0]
        action_id = self._action or first
        if self._action == 0:
            self._action = action_id
        at = now()
        self.db.conn.executemany(
            "INSERT INTO audit_log (id, at, who, action, table_name, row_id, field, old, new, action_id)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(first + i, at, who, action, table, row_id, field, audit_value(old), audit_value(new), action_id)
             for i, (action, table, row_id, field, old, new) in enumerate(entries)])

    # -- import ------------------------------------------------------------

    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """Run a read query and return dict rows (for the core's own modules)."""
        cur = self.db.execute(sql, list(params))
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]



_AUDIT_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # what json.dumps(value, ...) builds each call


def audit_value(value: Any) -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    if type(value) is int:  # most values (ids, counts): json.dumps writes an int as int.__repr__ does
        return int.__repr__(value)
    return _AUDIT_JSON.encode(value)


def _check_readable(path: Path) -> None:
    # Never open the file outside SQLite to look at it: POSIX locks belong to
    # the process, so closing any descriptor of a database drops the locks of
    # every SQLite connection here on it, and another process may then delete
    # the WAL under them (their next commits are lost). SQLite itself refuses
    # a file that is not a database on its first read, without writing to it.
    if not os.access(path, os.R_OK):
        raise StoreError(f"{path}: permission denied")



def integrity_check(path: str | os.PathLike, limit: int = 100) -> list[str]:
    """``PRAGMA integrity_check`` of a database file, opened read-only: ``["ok"]`` or up to ``limit`` problems.

    Works on a file the store refuses to open (damaged, locked by a reader), and
    never writes to it. Raises :class:`StoreError` when it cannot be read at all.
    """
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"{path}: no such database")
    _check_readable(path)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open ({exc})") from None
    try:
        try:
            return _problems(conn.execute(f"PRAGMA integrity_check({int(limit)})"))
        except sqlite3.DatabaseError as exc:
            if "malformed" not in str(exc) and "corrupt" not in str(exc):
                raise
            # the full check stops at some damage the quicker one still describes page by page
            return [f"integrity_check stopped: {exc}"] + [p for p in _problems(conn.execute(f"PRAGMA quick_check({int(limit)})"))
                                                          if p != "ok"]
    except sqlite3.DatabaseError as exc:
        raise _open_error(path, exc) from None
    finally:
        conn.close()

