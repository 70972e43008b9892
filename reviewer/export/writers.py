"""The data writers: JSON Lines and CSV tables here, the SQLite dataset database in ``sqlite_dataset``.

Each writes into paths it is given (temporary ones: see ``atomic``) and only
from a :class:`~.dataset.Dataset`, so they hold no SQL against the store.
Events stream through one at a time and each is written as it comes, so a
writer holds one chunk of events, never the whole dataset. Output depends
on the data alone: rows sorted by id, keys in a fixed order, no timestamps,
so exporting the same database twice gives the same bytes.
"""
from __future__ import annotations

import csv
import json
import unicodedata
from contextlib import ExitStack
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

from .atomic import ExportCancelled, inside
from .dataset import Dataset, Event, Source
from .tables import TABLES, Table

Progress = Optional[Callable[[int, int, str], None]]
Cancelled = Callable[[], bool]
#: Where table rows go: ``emit(table name, rows)``.
Emit = Callable[[str, list[tuple]], None]

#: A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def event_record(ev: Event) -> dict:
    """One line of the interchange format (docs/guideline.md), keys in a fixed order."""
    return {
        "id": ev.id,
        "date_start": ev.date_start,
        "date_end": ev.date_end,
        "event_type": ev.event_type,
        "status": ev.status,
        "location": ev.location,
        "online": ev.online,
        "participants": [{"name": p.name, "role": p.role, "aliases": p.aliases, "id": p.authority_id,
                          "canonical": p.canonical} for p in ev.participants],
        "organizations": list(ev.organizations),
        "sources": [source_record(s) for s in ev.sources],
        "review_status": ev.review_status,
        "reviewer": ev.reviewer,
        "updated_at": ev.updated_at,
        "edited_fields": list(ev.edited_fields),
        "notes": [dict(n) for n in ev.notes],
        "organization_entities": [{"name": o.name, "canonical": o.canonical, "id": o.authority_id, "entity": o.entity_id}
                                  for o in ev.organization_entities],
        "place_id": ev.place_id,
        "location_country": ev.location_country,
    }


def source_record(s: Source) -> dict:
    """A source in the interchange format; ``url`` and ``published`` when the page had them (a web page)."""
    record: dict = {"doc": s.doc, "sha256": s.sha256, "evidence": s.evidence, "start": s.start, "end": s.end}
    if s.url is not None:
        record["url"] = s.url
    if s.published is not None:
        record["published"] = s.published
    return record


def each(data: Dataset, progress: Progress, cancelled: Cancelled, label: str) -> Iterator[Event]:
    """The dataset's events, checking for a cancel at each and reporting progress every 200."""
    for done, ev in enumerate(data.events()):
        if cancelled():
            raise ExportCancelled("export cancelled; nothing was written")
        if progress and done % 200 == 0:
            progress(done, data.total, label)
        yield ev
    if progress:
        progress(data.count, data.total, label)


#: Characters that many readers take for a line end (Python's ``str.splitlines``, JavaScript
#: before ES2019) but JSON leaves raw: written as escapes, so a line is always one event.
LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_LINE_BREAKS = str.maketrans(LINE_BREAKS)


def jsonl_line(record: dict) -> str:
    """One JSON Lines line: UTF-8 text kept as is, except the line breaks JSON does not escape."""
    return json.dumps(record, ensure_ascii=False).translate(_LINE_BREAKS) + "\n"


def write_jsonl(data: Dataset, path: Path, progress: Progress = None, cancelled: Cancelled = lambda: False) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for ev in each(data, progress, cancelled, "Writing JSON Lines"):
            f.write(jsonl_line(event_record(ev)))


def event_rows(ev: Event) -> dict[str, list[tuple]]:
    """One event's rows in the events, participants, organizations, sources and notes tables, in column order."""
    return {
        "events": [(ev.id, ev.date_start, ev.date_end, ev.event_type, ev.status, ev.location,
                    ev.online, ev.review_status, ev.reviewer, ev.updated_at, ev.place_id, ev.location_country)],
        "participants": [(ev.id, i, p.name, p.role, p.person_id, p.canonical, p.authority_id)
                         for i, p in enumerate(ev.participants)],
        "organizations": [(ev.id, i, o.name, o.entity_id, o.canonical, o.authority_id)
                          for i, o in enumerate(ev.organization_entities)],
        "sources": [(ev.id, i, s.doc, s.sha256, s.start, s.end, s.evidence, s.url, s.published)
                    for i, s in enumerate(ev.sources)],
        "notes": [(ev.id, i, n["on"], n["text"], n["second_look"], n["reason"], n["by"], n["at"])
                  for i, n in enumerate(ev.notes)],
    }


def table_rows(data: Dataset, emit: Emit, progress: Progress, cancelled: Cancelled, label: str) -> None:
    """Hand every row of the dataset's tables to ``emit``: each event's as it streams, then the people's by id."""
    for ev in each(data, progress, cancelled, label):
        for name, rows in event_rows(ev).items():
            emit(name, rows)
    for pid, name, aliases in data.people():  # known only once every event has named its people
        emit("people", [(pid, name)])
        emit("aliases", [(pid, a) for a in aliases])
    for eid, kind, name, authority_id, country, spellings in data.entities():
        emit("entities", [(eid, kind, name, authority_id, country)])
        emit("entity_variants", [(eid, a) for a in spellings])


# -- CSV --------------------------------------------------------------------

CSV_ENCODING = "utf-8-sig"  # the byte-order mark makes Excel read UTF-8 (curly quotes, accents) right
CSV_DIALECT: dict[str, Any] = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True}


def _unseen(ch: str) -> bool:
    """A character a spreadsheet skips before a formula: a space of any kind (no-break, ideographic),
    a line break, or an invisible one (zero-width space, byte-order mark, direction marks)."""
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, prefixed with an apostrophe so it shows as text.

    The formula may follow spaces or invisible characters (``" =1"``, ``"\\u200b=1"``): those are
    skipped before the first character is looked at.
    """
    if not isinstance(value, str):
        return value
    first = next((ch for ch in value if not _unseen(ch)), "")
    if value.startswith(FORMULA_STARTS) or (first and first in FORMULA_STARTS):
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


def write_csv(data: Dataset, folder: Path, progress: Progress = None,
              cancelled: Cancelled = lambda: False) -> dict[str, Path]:
    """One CSV per table in ``folder``, all open at once so each event's rows go straight to their files."""
    paths = {t.name: inside(folder, csv_name(t)) for t in TABLES}
    with ExitStack() as files:
        out = {}
        for t in TABLES:
            f = files.enter_context(open(paths[t.name], "w", encoding=CSV_ENCODING, newline=""))
            out[t.name] = csv.writer(f, lineterminator=CSV_DIALECT["lineTerminator"])
            out[t.name].writerow(t.column_names)
        table_rows(data, lambda name, rows: out[name].writerows([csv_cell(v) for v in row] for row in rows),
                   progress, cancelled, "Writing CSV tables")
    return paths
