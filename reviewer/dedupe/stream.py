"""Reading events for the candidate search a slice at a time, so memory does not grow with the database.

Two passes, neither holding every event:

- :class:`KeyCounts` counts, over every live event, how many events hold each
  blocking key (the rarity :mod:`.candidates` blocks on). Keys are kept as
  64-bit hashes in sorted numpy arrays, a few bytes per distinct key, where a
  ``Counter`` of strings took hundreds of megabytes at 100,000 pages. A search
  keeps its counts in the database (:func:`write_counts`), so the search after
  an import counts only the events added since; a full search counts afresh
  (events edited, merged or deleted in between are counted as they were);
- :func:`load_day` reads the events of one month-day (every year, and the
  unknown year) through the ``events_month_day`` index. Blocking only ever
  compares events of one day with the same or the next day, so the search
  holds two month-days at a time: about 1/180 of the events.
"""
from __future__ import annotations

import sys
from datetime import date, timedelta
from typing import Iterable, Iterator, Optional

import numpy as np

from ..queries import live
from ..store import Store

LIVE = live()  # word for word the partial index events_month_day's WHERE (migration 8), so it is used
MONTH_DAY = "substr(date_start, 6, 5)"  # 'MM-DD' of 'YYYY-MM-DD' and of 'XXXX-MM-DD'; indexed (migration 8)
DAYS = 366  # days of a leap year: the candidate search's day numbers
CHUNK = 2000  # events read and keyed at a time in the counting pass


def chunks(seq: list, n: int) -> Iterator[list]:
    """``seq`` in slices of ``n``: a statement's parameters stay under SQLite's limit."""
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def month_day(md: int) -> str:
    """'MM-DD' of day ``md`` (1..366) of a leap year."""
    return (date(2000, 1, 1) + timedelta(days=md - 1)).strftime("%m-%d")


def day_number(mmdd: str) -> Optional[int]:
    """Day of a leap year of 'MM-DD', None when it is no date."""
    try:
        return date(2000, int(mmdd[:2]), int(mmdd[3:5])).timetuple().tm_yday
    except (ValueError, IndexError):
        return None


class KeyCounts:
    """How many events hold each key (a 64-bit hash), merged from chunks so only distinct keys are kept."""

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.int64)
        self.counts = np.empty(0, dtype=np.int32)
        self._pending: list[np.ndarray] = []
        self._pending_size = 0

    def add(self, keys: Iterable[int]) -> None:
        arr = np.fromiter(keys, dtype=np.int64)
        self._pending.append(arr)
        self._pending_size += len(arr)
        if self._pending_size > 1_000_000:
            self._fold()

    def _fold(self) -> None:
        if not self._pending:
            return
        raw = np.concatenate(self._pending)
        self._pending, self._pending_size = [], 0
        new_keys, new_counts = np.unique(raw, return_counts=True)
        del raw
        # merged by position in the sorted keys: no sort of old and new together (that took
        # several copies of every distinct key at once)
        pos = np.searchsorted(self.keys, new_keys)
        inside = pos < len(self.keys)
        found = np.zeros(len(new_keys), dtype=bool)
        found[inside] = self.keys[pos[inside]] == new_keys[inside]
        np.add.at(self.counts, pos[found], new_counts[found])
        missing = ~found
        self.keys = np.insert(self.keys, pos[missing], new_keys[missing])
        self.counts = np.insert(self.counts, pos[missing], new_counts[missing].astype(np.int32))

    def finish(self) -> "KeyCounts":
        self._fold()
        return self

    def lookup(self, keys: list[int]) -> list[int]:
        """The count of each key (0 for a key no counted event holds)."""
        if not keys or not len(self.keys):
            return [0] * len(keys)
        arr = np.asarray(keys, dtype=np.int64)
        pos = np.searchsorted(self.keys, arr)
        pos[pos >= len(self.keys)] = 0
        found = self.keys[pos] == arr
        return np.where(found, self.counts[pos], 0).tolist()


def read_counts(store: Store) -> Optional[tuple[KeyCounts, int, int]]:
    """The key counts kept by the last search: (counts, events counted, highest event id counted),
    or None when there are none (or they were made where strings hash otherwise)."""
    row = store.db.execute("SELECT upto, events, modulus, keys, counts FROM dedupe_key_counts WHERE id = 1").fetchone()
    if row is None or row[2] != sys.hash_info.modulus:
        return None
    counts = KeyCounts()
    counts.keys = np.frombuffer(row[3], dtype=np.int64).copy()
    counts.counts = np.frombuffer(row[4], dtype=np.int32).copy()
    return counts, row[1], row[0]


def write_counts(store: Store, counts: KeyCounts, events: int, upto: int) -> None:
    with store.transaction():
        store.db.execute(
            "INSERT OR REPLACE INTO dedupe_key_counts (id, upto, events, modulus, keys, counts) VALUES (1, ?, ?, ?, ?, ?)",
            [upto, events, sys.hash_info.modulus, counts.keys.tobytes(), counts.counts.tobytes()])


def forget_counts(store: Store) -> None:
    """Drop the kept key counts (after re-extraction changed every event's words)."""
    with store.transaction():
        store.db.execute("DELETE FROM dedupe_key_counts")


def event_rows(store: Store, where: str, params: list) -> list[tuple]:
    """(id, release_id, date_start, event_type, location) of the live events matching ``where``."""
    return store.db.execute(
        f"SELECT id, release_id, date_start, event_type, location FROM events WHERE {LIVE} AND ({where})"
        " ORDER BY id", params).fetchall()


def chunks_by_id(store: Store, size: int = CHUNK, after: int = 0) -> Iterator[list[tuple]]:
    """Every live event's row with an id above ``after``, ``size`` at a time (keyset paging on the id)."""
    last = after
    while True:
        rows = store.db.execute(
            f"SELECT id, release_id, date_start, event_type, location FROM events WHERE {LIVE} AND id > ?"
            " ORDER BY id LIMIT ?", [last, size]).fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def details(store: Store, ids: list[int]) -> tuple[dict, dict, dict]:
    """(people, organizations, first evidence span) of some events: {id: [(person_id, name, role)]},
    {id: [name]}, {id: (document_id, start, end)}."""
    people: dict[int, list] = {}
    orgs: dict[int, list] = {}
    evidence: dict[int, tuple] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for eid, pid, name, role in store.db.execute(
                f"SELECT event_id, person_id, name, role FROM event_participants WHERE event_id IN ({marks})"
                " ORDER BY rowid", chunk):
            people.setdefault(eid, []).append((pid, name, role))
        for eid, name in store.db.execute(
                f"SELECT event_id, name FROM event_organizations WHERE event_id IN ({marks}) ORDER BY rowid", chunk):
            orgs.setdefault(eid, []).append(name)
        for eid, did, s, e in store.db.execute(
                "SELECT m.event_id, i.document_id, m.evidence_start, m.evidence_end FROM mentions m"
                " JOIN items i ON i.id = m.item_id WHERE m.id IN"
                f" (SELECT min(id) FROM mentions WHERE event_id IN ({marks}) GROUP BY event_id)", chunk):
            evidence[eid] = (did, s, e)
    return people, orgs, evidence


def new_days(store: Store, after_id: int) -> set[int]:
    """Day numbers of the live events with an id above ``after_id`` (the ones added since the last search)."""
    days = set()
    for (mmdd,) in store.db.execute(f"SELECT DISTINCT {MONTH_DAY} FROM events WHERE {LIVE} AND id > ?", [after_id]):
        if mmdd and (md := day_number(mmdd)) is not None:
            days.add(md)
    return days


def read_mark(store: Store) -> int:
    row = store.db.execute("SELECT value FROM dedupe_marks WHERE name = 'candidates'").fetchone()
    return row[0] if row else 0


def write_mark(store: Store, value: int) -> None:
    with store.transaction():
        store.db.execute("INSERT OR REPLACE INTO dedupe_marks (name, value) VALUES ('candidates', ?)", [value])
