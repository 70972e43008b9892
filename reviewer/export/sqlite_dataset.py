"""The SQLite dataset writer: the export's tables in one database, with full-text search on the evidence.

SQLite lays pages out in the order rows arrive, so the tables are filled one
after another in ``TABLES`` order, each right after its creation: that gives
the same file bytes for the same data every time. The events stream with
rows for four tables at once, so their rows wait in spools (on disk) until
the events are all read, and only then go into the database table by table.
"""
from __future__ import annotations

import sqlite3
from contextlib import ExitStack
from pathlib import Path
from typing import Iterable

from .atomic import ExportCancelled
from .dataset import Dataset
from .spool import Spool
from .tables import TABLES, Table
from .writers import Cancelled, Progress, table_rows

class WriteFailed(Exception):
    """The dataset database could not be written (a full disk, say); the message is SQLite's reason."""


_SQL_TYPES = {"integer": "INTEGER", "boolean": "INTEGER", "string": "TEXT"}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_table_sql(table: Table) -> str:
    cols = [f"{_q(c.name)} {_SQL_TYPES[c.type]}{' NOT NULL' if c.required else ''}" for c in table.columns]
    cols.append(f"PRIMARY KEY ({', '.join(map(_q, table.primary_key))})")
    for mine, other, theirs in table.foreign_keys:
        cols.append(f"FOREIGN KEY ({', '.join(map(_q, mine))}) REFERENCES {_q(other)} ({', '.join(map(_q, theirs))})")
    return f"CREATE TABLE {_q(table.name)} (\n    " + ",\n    ".join(cols) + "\n)"


#: Full-text search on the evidence. ``content=[sources]`` is the form
#: Datasette recognises, so its search box appears on the sources table.
FTS_SQL = (
    "CREATE VIRTUAL TABLE [sources_fts] USING FTS5 ([evidence], content=[sources],"
    " tokenize='unicode61 remove_diacritics 2')"
)

#: SQLite virtual machine steps between two looks at the cancel button while
#: the tables are filled (a few milliseconds).
_CANCEL_CHECK_STEPS = 100_000


def write_sqlite(data: Dataset, path: Path, progress: Progress = None, cancelled: Cancelled = lambda: False) -> None:
    with ExitStack() as stack:
        spools = {t.name: Spool(path.parent) for t in TABLES}
        for spool in spools.values():
            stack.callback(spool.close)
        table_rows(data, lambda name, rows: spools[name].add(rows), progress, cancelled, "Reading events")
        write_tables(path, {name: spool.rows() for name, spool in spools.items()}, cancelled)


def write_tables(path: Path, rows: dict[str, Iterable[tuple]], cancelled: Cancelled) -> None:
    """Create the database at ``path`` from every table's rows (in column order), in ``TABLES`` order."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    # a non-zero answer makes SQLite stop the statement running ("interrupted")
    conn.set_progress_handler(lambda: 1 if cancelled() else 0, _CANCEL_CHECK_STEPS)
    try:
        conn.execute("PRAGMA journal_mode = MEMORY")  # no side files beside the staged database
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN")
        for table in TABLES:
            conn.execute(create_table_sql(table))
            for c in table.columns:
                if c.name.endswith("_id"):
                    conn.execute(f"CREATE INDEX {_q(table.name + '_' + c.name)} ON {_q(table.name)} ({_q(c.name)})")
            marks = ", ".join("?" * len(table.columns))
            conn.executemany(f"INSERT INTO {_q(table.name)} VALUES ({marks})", rows[table.name])
        conn.execute(FTS_SQL)
        conn.execute("INSERT INTO [sources_fts] (rowid, evidence) SELECT rowid, evidence FROM sources")
        bad = conn.execute("PRAGMA foreign_key_check").fetchall()
        if bad:
            raise RuntimeError(f"export would break {len(bad)} foreign keys (first: {bad[0]})")
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if cancelled():
            raise ExportCancelled("export cancelled; nothing was written") from None
        raise WriteFailed(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    finally:
        conn.close()
