"""Export the dataset: JSON Lines, CSV tables or an SQLite database, each with a datapackage.json.

``export(store, fmt, target)`` is the one entry point (the CLI and the
window's Export dialog both call it). Where things go:

* ``jsonl``: ``target`` is the file (``events.jsonl``); the descriptor goes
  beside it as ``events.jsonl.datapackage.json`` (the full name, so a JSON
  Lines and an SQLite export in one folder never share a descriptor).
* ``sqlite``: likewise (``events.db`` and ``events.db.datapackage.json``).
* ``csv``: ``target`` is a folder holding one CSV per table and
  ``datapackage.json``.

An existing target is replaced only with ``force``, and only when it is a
regular file (or a folder an earlier export made); every file is staged
beside its target and committed as one step (``atomic``), so a failure, a
cancel or a kill leaves the old files exactly as they were, and the next
export cleans up after a killed one.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional

from ..store import Store
from .atomic import ExportCancelled, ExportError, Staging, TargetExists, inside, not_replaceable, recover, write_json
from .dataset import SCOPES, Dataset, snapshot
from .datapackage import NAME, descriptor
from .tables import TABLES
from . import sqlite_dataset, writers
from .writers import csv_name

FORMATS = ("jsonl", "csv", "sqlite")
DESCRIPTOR = "datapackage.json"

Progress = Callable[[int, int, str], None]


@dataclass
class ExportResult:
    format: str
    scope: str
    target: Path
    descriptor: Path
    events: int
    files: list[Path]

    def summary(self) -> str:
        what = "verified events" if self.scope == "verified" else "events"
        return f"{self.events} {what} written to {self.target} (described in {self.descriptor.name})"


def descriptor_path(fmt: str, target: Path) -> Path:
    """Where the datapackage.json of an export to ``target`` goes."""
    if fmt == "csv":
        return target / DESCRIPTOR
    return target.with_name(f"{target.name}.{DESCRIPTOR}")


def _ours(folder: Path) -> bool:
    """True when ``folder`` holds an earlier CSV export and nothing else (safe to replace)."""
    expected = {csv_name(t) for t in TABLES} | {DESCRIPTOR}
    names = {p.name for p in folder.iterdir()}
    if not names <= expected or DESCRIPTOR not in names or not_replaceable(folder / DESCRIPTOR):
        return False  # a FIFO named datapackage.json would block the read below
    try:
        return json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8")).get("name") == NAME
    except (OSError, ValueError, AttributeError):
        return False


def targets(fmt: str, target: Path) -> list[Path]:
    """The names an export of ``fmt`` to ``target`` puts in ``target.parent``: the data, then its description."""
    return [target] if fmt == "csv" else [target, descriptor_path(fmt, target)]


def check_target(fmt: str, target: Path, force: bool = False, database: Optional[Path] = None) -> None:
    """Refuse a target that exists (without ``force``) or must never be replaced; one-line reasons.

    ``database`` is the file being exported, which no export may overwrite.
    Only regular files, and folders an export made, are ever replaced.
    """
    if fmt not in FORMATS:
        raise ExportError(f"{fmt!r}: unknown format; choose one of {', '.join(FORMATS)}")
    target = Path(target)
    if database is not None:
        _not_the_database(database, fmt, target)
    if not target.parent.is_dir():
        raise ExportError(f"{target.parent}: no such folder; nothing was written")
    if fmt == "csv":
        if target.is_symlink() or (target.exists() and not target.is_dir()):
            why: Optional[str] = not_replaceable(target) or "is a file"
            raise ExportError(f"{target}: {why}; a CSV export is a folder of tables, give a folder name")
        if target.is_dir() and any(target.iterdir()):
            if not force:
                raise TargetExists(f"{target}: already exists; use --force to replace it")
            if not _ours(target):
                raise ExportError(f"{target}: holds files that are not a Release Reviewer export; "
                                  "choose a new or empty folder (nothing was written)")
        return
    for path in targets(fmt, target):
        if path.is_dir() and not path.is_symlink():
            what = f"give the name of the {fmt} file to write" if path == target else \
                "the export's description cannot be written there"
            raise ExportError(f"{path}: is a folder; {what}")
        why = not_replaceable(path)
        if why:
            raise ExportError(f"{path}: {why}; an export only ever replaces a regular file (nothing was written)")
    existing = [p for p in targets(fmt, target) if p.exists()]
    if existing and not force:
        raise TargetExists(f"{existing[0]}: already exists; use --force to replace it")


def _not_the_database(database: Path, fmt: str, target: Path) -> None:
    db = Path(database).resolve()
    for path in (target, descriptor_path(fmt, target)):
        resolved = path.resolve()
        if resolved == db or resolved.parent == db.parent and resolved.name in (f"{db.name}-wal", f"{db.name}-shm"):
            raise ExportError(f"{path}: is the database being exported; choose another name")


def export_time() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def export(store: Store, fmt: str, target: str | Path, scope: str = "verified", force: bool = False,
           progress: Optional[Progress] = None, cancelled: Callable[[], bool] = lambda: False,
           created: Optional[str] = None) -> ExportResult:
    """Write the events in ``scope`` ('verified' or 'all') as ``fmt`` to ``target``, with a datapackage.json."""
    target = Path(target)
    if scope not in SCOPES:
        raise ExportError(f"{scope!r}: unknown scope; choose one of {', '.join(SCOPES)}")
    if target.parent.is_dir():
        recover(target.parent, [p.name for p in targets(fmt, target)])  # what killed exports left
    check_target(fmt, target, force, database=store.path)
    created = created or export_time()
    try:
        with snapshot(store), Staging(target.parent, [p.name for p in targets(fmt, target)]) as staging:
            data = Dataset(store, scope)
            if fmt == "csv":
                files = _stage_csv(staging, data, target, progress, cancelled, created)
            else:
                files = _stage_file(staging, data, fmt, target, progress, cancelled, created)
            if cancelled():
                raise ExportCancelled("export cancelled; nothing was written")
    except OSError as exc:
        raise ExportError(f"{exc.filename or target}: cannot write ({exc.strerror or exc}); nothing was changed") from None
    except sqlite_dataset.WriteFailed as exc:  # the dataset database: a full disk, say
        raise ExportError(f"{target}: cannot write ({exc}); nothing was changed") from None
    return ExportResult(fmt, scope, target, descriptor_path(fmt, target), data.count, files)


def _stage_file(staging: Staging, data: Dataset, fmt: str, target: Path, progress, cancelled, created) -> list[Path]:
    tmp = staging.file(target)
    if fmt == "jsonl":
        writers.write_jsonl(data, tmp, progress, cancelled)
        files = {"events": (target.name, tmp)}
    else:
        tmp.unlink()  # sqlite3 must create the database itself
        sqlite_dataset.write_sqlite(data, tmp, progress, cancelled)
        files = {"database": (target.name, tmp)}
    desc = descriptor_path(fmt, target)
    write_json(staging.file(desc), descriptor(data, fmt, files, created))
    return [target, desc]


def _stage_csv(staging: Staging, data: Dataset, target: Path, progress, cancelled, created) -> list[Path]:
    folder = staging.folder(target)
    paths = writers.write_csv(data, folder, progress, cancelled)
    files = {table.name: (paths[table.name].name, paths[table.name]) for table in TABLES}
    write_json(inside(folder, DESCRIPTOR), descriptor(data, "csv", files, created))
    return [target / name for name, _ in files.values()] + [target / DESCRIPTOR]


__all__ = ["FORMATS", "SCOPES", "ExportCancelled", "ExportError", "ExportResult", "TargetExists",
           "check_target", "descriptor_path", "export"]
