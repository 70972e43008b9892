"""The three data writers: JSON Lines, CSV tables, an SQLite dataset database.

Each writes into paths it is given (temporary ones: see ``atomic``) and only
from a :class:`~.dataset.Dataset`, so they hold no SQL against the store.
Output depends on the data alone: rows sorted by id, keys in a fixed order,
no timestamps, so exporting the same database twice gives the same bytes.
"""
from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Callable, Iterator, Optional

from .atomic import ExportCancelled
from .dataset import Dataset, Event
from .tables import TABLES, Table

Progress = Optional[Callable[[int, int, str], None]]
Cancelled = Callable[[], bool]

#: A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def event_record(ev: Event) -> dict:
    """One line of the interchange format (shared/eval/GUIDELINE.md), keys in a fixed order."""
    return {
        "id": ev.id,
        "date_start": ev.date_start,
        "date_end": ev.date_end,
        "event_type": ev.event_type,
        "status": ev.status,
        "location": ev.location,
        "online": ev.online,
        "participants": [{"name": p.name, "role": p.role, "aliases": p.aliases} for p in ev.participants],
        "organizations": list(ev.organizations),
        "sources": [{"doc": s.doc, "sha256": s.sha256, "evidence": s.evidence, "start": s.start, "end": s.end}
                    for s in ev.sources],
        "review_status": ev.review_status,
        "reviewer": ev.reviewer,
        "updated_at": ev.updated_at,
        "edited_fields": list(ev.edited_fields),
    }


def _each(data: Dataset, progress: Progress, cancelled: Cancelled, label: str) -> Iterator[Event]:
    total = len(data.events)
    for done, ev in enumerate(data.events):
        if cancelled():
            raise ExportCancelled("export cancelled; nothing was written")
        if progress and done % 200 == 0:
            progress(done, total, label)
        yield ev
    if progress:
        progress(total, total, label)


def write_jsonl(data: Dataset, path: Path, progress: Progress = None, cancelled: Cancelled = lambda: False) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for ev in _each(data, progress, cancelled, "Writing JSON Lines"):
            f.write(json.dumps(event_record(ev), ensure_ascii=False) + "\n")


def table_rows(data: Dataset, progress: Progress = None, cancelled: Cancelled = lambda: False) -> dict[str, list[tuple]]:
    """The dataset as tidy tables, keyed by table name, rows in column order of ``tables.TABLES``."""
    rows: dict[str, list[tuple]] = {t.name: [] for t in TABLES}
    for ev in _each(data, progress, cancelled, "Building tables"):
        rows["events"].append((ev.id, ev.date_start, ev.date_end, ev.event_type, ev.status, ev.location,
                               ev.online, ev.review_status, ev.reviewer, ev.updated_at))
        rows["participants"] += [(ev.id, i, p.name, p.role, p.person_id) for i, p in enumerate(ev.participants)]
        rows["organizations"] += [(ev.id, i, name) for i, name in enumerate(ev.organizations)]
        rows["sources"] += [(ev.id, i, s.doc, s.sha256, s.start, s.end, s.evidence) for i, s in enumerate(ev.sources)]
    for pid, (name, aliases) in sorted(data.people.items()):
        rows["people"].append((pid, name))
        rows["aliases"] += [(pid, a) for a in aliases]
    return rows


# -- CSV --------------------------------------------------------------------

CSV_ENCODING = "utf-8-sig"  # the byte-order mark makes Excel read UTF-8 (curly quotes, accents) right
CSV_DIALECT = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True}


def neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, prefixed with an apostrophe so it shows as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(value)


def csv_name(table: Table) -> str:
    return f"{table.name}.csv"


def write_csv_table(table: Table, rows: list[tuple], path: Path) -> None:
    with open(path, "w", encoding=CSV_ENCODING, newline="") as f:
        w = csv.writer(f, lineterminator=CSV_DIALECT["lineTerminator"])
        w.writerow(table.column_names)
        w.writerows([csv_cell(v) for v in row] for row in rows)


# -- SQLite -----------------------------------------------------------------

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


def write_sqlite(data: Dataset, path: Path, progress: Progress = None, cancelled: Cancelled = lambda: False) -> None:
    rows = table_rows(data, progress, cancelled)
    conn = sqlite3.connect(str(path), isolation_level=None)
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
    finally:
        conn.close()
