"""Rows parked on disk until their table's turn comes.

The SQLite writer must fill its tables one after another, while the events
arrive with rows for several tables at once; keeping those rows in memory is
what made a large export need a lot of it. A spool is an anonymous temporary
file beside the export (same disk, removed by the system however the export
ends) holding the rows in pickled batches.
"""
from __future__ import annotations

import pickle
import tempfile
from pathlib import Path
from typing import IO, Iterator

BATCH = 5000  # rows pickled together: fewer, larger writes; little memory


class Spool:
    def __init__(self, folder: Path) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=folder, prefix=".export-", suffix=".spool")
        self._batch: list[tuple] = []

    def add(self, rows: list[tuple]) -> None:
        self._batch += rows
        if len(self._batch) >= BATCH:
            self._flush()

    def rows(self) -> Iterator[tuple]:
        """Every row added, in order (read once, after the last :meth:`add`)."""
        self._flush()
        self._file.seek(0)
        while True:
            try:
                batch = pickle.load(self._file)
            except EOFError:
                return
            yield from batch

    def close(self) -> None:
        self._file.close()

    def _flush(self) -> None:
        if self._batch:
            pickle.dump(self._batch, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._batch = []
