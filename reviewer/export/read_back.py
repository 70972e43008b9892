"""Read a JSON Lines export back into a database (another reviewer's work, say).

Each exported event is matched to this database's events through its sources:
the same page (by sha256, else by file name) and the same evidence span. Then

* no match, but the pages are here: the event is added (origin ``imported``);
* a match that nobody has touched here (unreviewed, no field set by hand):
  it takes the imported values, review status and reviewer, when those carry
  human work (reviewed, or fields set by hand; never another machine's guess);
* a match with the same values: nothing changes (a verification is adopted);
* a match reviewed or edited here that differs: a **conflict**, reported and
  left as it is here. Reviewed work is never overwritten.

The whole file is checked before anything is written and applied in one
transaction, so a bad line changes nothing. Each event is compared with the
rows read inside that transaction, and what it writes are
:class:`~reviewer.operation.Change` records applied by
:func:`~reviewer.operation.apply_changes`, as every reviewer action's are: one
audit row each (``import_events``, as the ``who`` given), the one
``updated_at`` rule (an event that takes the file's review keeps the file's
``updated_at``, as its reviewer last changed it). The import is one action:
History's Revert takes it all back — refused, changing nothing, when a value
it set was changed since — and ``report.edit`` undoes and redoes it on an undo
stack. An added event's row is written once, hidden, and shown by a
``deleted`` change, as the window adds one. It is read within bounds
(``jsonl_reader``): a regular file only, a size, line and text limit, and
every bad value named as ``FILE:LINE: reason``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator, Literal, Optional, overload

from .dataset import EventFields, canonical_roots
from ..jsonl_reader import BadFile, BadLine, BoundedLines
from ..model import EVENT_TYPES, STATUSES
from ..queries import LIVE
from ..review import RELEASE_STATUSES, ReviewError, check_date, check_range
from ..operation import Change, Edit, apply_changes, next_id, row_changes
from ..store import SYSTEM, Store, StoreError, now, with_marks

#: The audit word of what an import of events writes (History lists it; Revert takes the whole import back).
WORD = "import_events"
CONTENT = ("date_start", "date_end", "event_type", "status", "location", "online", "participants", "organizations")
_RANK = {s: i for i, s in enumerate(RELEASE_STATUSES)}


class ImportEventsError(StoreError):
    """The file cannot be imported; one line naming the file (and line) and why. Nothing was changed."""


@dataclass
class Record(EventFields):
    """One checked line of the file."""

    line: int = 0
    participants: list[tuple[str, Optional[str], list[str]]] = field(default_factory=list)  # (name, role, aliases)
    organizations: list[str] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)  # {doc, sha256 or None, start, end}

    def content(self) -> dict:
        return {"date_start": self.date_start, "date_end": self.date_end, "event_type": self.event_type,
                "status": self.status, "location": self.location, "online": self.online,
                "participants": [(n, r) for n, r, _ in self.participants], "organizations": self.organizations}


@dataclass
class ImportEventsReport:
    added: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    #: Every change written, as one action (History ▸ Revert takes it back; a window's undo stack may keep it).
    edit: Optional[Edit] = None

    def summary(self) -> str:
        return (f"{len(self.added)} events added, {len(self.updated)} updated, {self.unchanged} unchanged, "
                f"{len(self.conflicts)} conflicts, {len(self.skipped)} skipped")


# -- reading and checking ---------------------------------------------------

#: Characters in one kept text (a name, a role, a place) at most, and items in one list.
MAX_TEXT = 10_000
MAX_ITEMS = 10_000
#: Character offsets above this are no offset into a page (pages are at most 10 MiB).
MAX_OFFSET = 2**31 - 1


def _shown(v: Any) -> str:
    """A value for a message: its repr, cut short (a message stays one short line)."""
    r = repr(v)
    return r if len(r) <= 60 else r[:57] + "..."


def _plain(v: str, what: str) -> str:
    if len(v) > MAX_TEXT:
        raise ValueError(f"{what} is longer than {MAX_TEXT:,} characters")
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{what} {_shown(v)} is not valid Unicode (it holds a lone surrogate)") from None
    return v


@overload
def _text(v: Any, what: str, optional: Literal[False]) -> str: ...
@overload
def _text(v: Any, what: str, optional: bool = True) -> Optional[str]: ...


def _text(v: Any, what: str, optional: bool = True) -> Optional[str]:
    if v is None and optional:
        return None
    if not isinstance(v, str):
        raise ValueError(f"{what} must be text")
    v = " ".join(_plain(v, what).split())
    if not v and not optional:
        raise ValueError(f"{what} is empty")
    return v or None


def _time(v: Any) -> Optional[str]:
    """``updated_at``: a moment in ISO 8601 (the form the export writes), kept as written."""
    v = _text(v, "updated_at")
    if v is None:
        return None
    try:
        datetime.fromisoformat(v[:-1] + "+00:00" if v.endswith("Z") else v)
    except ValueError:
        raise ValueError(f"updated_at {_shown(v)} is not a time (ISO 8601, e.g. 2024-05-01T09:30:00+00:00)") from None
    return v


def _record(line: int, obj: Any) -> Record:
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    try:
        ds = check_date(_text(obj.get("date_start"), "date_start"), "date_start")
        de = check_date(_text(obj.get("date_end"), "date_end"), "date_end")
        check_range(ds, de)
    except ReviewError as exc:
        raise ValueError(str(exc)) from None
    etype, status = obj.get("event_type"), obj.get("status")
    if etype is not None and etype not in EVENT_TYPES:
        raise ValueError(f"event_type {_shown(etype)} is not one of {', '.join(EVENT_TYPES)}")
    if status is not None and status not in STATUSES:
        raise ValueError(f"status {_shown(status)} is not one of {', '.join(STATUSES)}")
    online = obj.get("online", False)
    if not isinstance(online, bool):
        raise ValueError("online must be true or false")
    review = obj.get("review_status", "unreviewed")
    if review not in RELEASE_STATUSES:
        raise ValueError(f"review_status {_shown(review)} is not one of {', '.join(RELEASE_STATUSES)}")
    people = []
    for p in _list(obj, "participants"):
        if isinstance(p, str):
            p = {"name": p}
        if not isinstance(p, dict):
            raise ValueError("a participant must be a name or an object with a name")
        aliases = [a for a in (_text(a, "alias") for a in _list(p, "aliases")) if a]
        people.append((_text(p.get("name"), "participant name", optional=False), _text(p.get("role"), "role"), aliases))
    orgs = [_text(o, "organization", optional=False) for o in _list(obj, "organizations")]
    sources = []
    for s in _list(obj, "sources"):
        if not isinstance(s, dict) or not isinstance(s.get("doc"), str) or not s["doc"]:
            raise ValueError("a source must be an object with a doc (file name)")
        doc = _plain(s["doc"], "source doc")
        sha = _plain(s["sha256"], "source sha256") if isinstance(s.get("sha256"), str) else None
        start, end = s.get("start"), s.get("end")
        if not (type(start) is int and type(end) is int and 0 <= start <= end <= MAX_OFFSET):
            raise ValueError(f"source {_shown(doc)}: start and end must be offsets with 0 <= start <= end"
                             f" <= {MAX_OFFSET}")
        sources.append({"doc": doc, "sha256": sha, "start": start, "end": end})
    if not sources:
        raise ValueError("no sources: an event is matched to this database through its sources")
    edited = [f for f in _list(obj, "edited_fields") if f in CONTENT]
    return Record(date_start=ds, date_end=de, event_type=etype, status=status,
                  location=_text(obj.get("location"), "location"), online=online, review_status=review,
                  reviewer=_text(obj.get("reviewer"), "reviewer"), updated_at=_time(obj.get("updated_at")),
                  edited_fields=edited, line=line, participants=people, organizations=orgs, sources=sources)


def _list(obj: dict, key: str) -> list:
    v = obj.get(key)
    if v is None:
        return []
    if not isinstance(v, list):
        raise ValueError(f"{key} must be a list")
    if len(v) > MAX_ITEMS:
        raise ValueError(f"{key} has more than {MAX_ITEMS:,} entries")
    return v


def records(lines: BoundedLines) -> Iterator[Record]:
    """Every line of the open file checked, in order; the first bad one raises :class:`ImportEventsError`."""
    path, found = lines.path, False
    try:
        for n, obj in lines.objects():
            try:
                yield _record(n, obj)
            except (ValueError, TypeError) as exc:  # TypeError: an unhashable value where a name is expected
                raise BadLine(n, str(exc)) from None
            found = True
    except BadLine as exc:
        raise ImportEventsError(f"{path}:{exc.line}: {exc}; nothing was imported") from None
    except BadFile as exc:
        raise ImportEventsError(f"{path}: {exc}") from None
    except OSError as exc:
        raise ImportEventsError(f"{path}: cannot read ({exc.strerror or exc}); nothing was imported") from None
    if not found:
        raise ImportEventsError(f"{path}: no events in it; nothing was imported")


def open_lines(path: Path) -> BoundedLines:
    try:
        return BoundedLines(path)
    except BadFile as exc:
        raise ImportEventsError(f"{path}: {exc}") from None


# -- applying ---------------------------------------------------------------

class _Importer:
    def __init__(self, store: Store, who: str):
        self.store, self.who, self.ex = store, who, store.db.execute
        self.roots = canonical_roots(store)
        self.by_sha = dict(self.ex("SELECT sha256, id FROM documents").fetchall())
        names: dict[str, list[int]] = {}
        for doc_id, name in self.ex("SELECT id, name FROM documents ORDER BY id"):
            names.setdefault(name, []).append(doc_id)
        self.by_name = names
        self.releases: set[int] = set()
        self.changes: list[Change] = []  # every change the import made, in order: its Edit

    def document(self, src: dict) -> Optional[int]:
        if src["sha256"]:
            return self.by_sha.get(src["sha256"])  # a different page under the same name has other offsets
        ids = self.by_name.get(src["doc"], [])
        return ids[0] if len(ids) == 1 else None

    def mention_events(self, doc_id: int, start: int, end: int) -> set[int]:
        """The live canonical events citing exactly this sentence of this page (usually one)."""
        rows = self.ex("SELECT m.event_id FROM mentions m JOIN items i ON i.id = m.item_id WHERE i.document_id = ?"
                       " AND m.evidence_start = ? AND m.evidence_end = ?", [doc_id, start, end]).fetchall()
        return {self.roots.get(r[0], r[0]) for r in rows}

    def choose(self, rec: Record, candidates: set[int]) -> int:
        """Of several events citing one sentence, the one most like the imported event."""
        def likeness(eid: int) -> tuple:
            row = self.store.rows("SELECT date_start, date_end, event_type, status FROM events WHERE id = ?", [eid])[0]
            return (-sum(row[f] == getattr(rec, f) for f in row), eid)
        return min(candidates, key=likeness)

    def item_at(self, doc_id: int, start: int, end: int) -> Optional[tuple[int, int]]:
        return self.ex('SELECT id, release_id FROM items WHERE document_id = ? AND start <= ? AND "end" >= ?'
                       " ORDER BY start DESC LIMIT 1", [doc_id, start, end]).fetchone()

    def apply(self, rec: Record, report: ImportEventsReport) -> None:
        events: set[int] = set()
        loose: list[tuple[int, int, int, int]] = []  # (item, release, start, end) of sources no event here cites
        missing = []
        for src in rec.sources:
            doc_id = self.document(src)
            if doc_id is None:
                missing.append(src["doc"])
                continue
            found = self.mention_events(doc_id, src["start"], src["end"])
            if found:
                events.add(found.pop() if len(found) == 1 else self.choose(rec, found))
            elif (item := self.item_at(doc_id, src["start"], src["end"])) is not None:
                loose.append((item[0], item[1], src["start"], src["end"]))
        where = f"line {rec.line}"
        if len(events) > 1:
            report.conflicts.append(f"{where}: its sources are {len(events)} separate events here "
                                    f"({', '.join(map(str, sorted(events)))}); merge them first, then import again")
            return
        if not events and not loose:
            if missing:
                report.skipped.append(f"{where}: its pages ({', '.join(sorted(set(missing)))}) are not in this"
                                      " database; import the pages first")
            else:  # the pages are here, but no item of them holds the cited offsets
                report.skipped.append(f"{where}: its sentences are not in this database's copy of its pages"
                                      " (the offsets fall outside every item)")
            return
        if not events:
            report.added.append(self.add(rec, loose))
            return
        eid = events.pop()
        local = self.store.rows("SELECT * FROM events WHERE id = ?", [eid])[0]
        if local["deleted"]:
            report.conflicts.append(f"{where}: event {eid} was deleted here; left deleted")
            return
        mine = self.content(eid, local)
        theirs = rec.content()
        differ = [f for f in CONTENT if mine[f] != theirs[f]]
        touched = local["review_status"] != "unreviewed" or json.loads(local["edited_fields"] or "[]")
        if differ and touched:
            report.conflicts.append(f"{where}: event {eid} was reviewed here and differs in {', '.join(differ)}; "
                                    "kept this database's version")
            return
        if not (rec.review_status != "unreviewed" or rec.edited_fields):
            differ = []  # their machine's guess is no better than ours: only human work is taken
        adopt = _RANK[rec.review_status] > _RANK[local["review_status"]]
        if not differ and not adopt and not loose:
            report.unchanged += 1
            return
        self.update(eid, local, rec, differ, adopt, theirs, loose)
        report.updated.append(eid)

    def content(self, eid: int, local: dict) -> dict:
        out = {f: local[f] for f in CONTENT[:5]}
        out["online"] = bool(local["online"])
        out["participants"] = [tuple(r) for r in self.ex(
            "SELECT name, role FROM event_participants WHERE event_id = ? ORDER BY position, id", [eid])]
        out["organizations"] = [r[0] for r in self.ex(
            "SELECT name FROM event_organizations WHERE event_id = ? ORDER BY position, id", [eid])]
        return out

    def _apply(self, changes: list[Change]) -> None:
        """Write ``changes`` as every reviewer action is written (one audit row each, the one ``updated_at``
        rule), as part of the import's one action; their old values were read in this same transaction."""
        apply_changes(self.store, self.who, changes, WORD)
        self.changes += changes

    def update(self, eid: int, local: dict, rec: Record, differ: list[str], adopt: bool, theirs: dict,
               loose: list[tuple[int, int, int, int]]) -> None:
        """``theirs``: ``rec.content()``, as :meth:`apply` compared it with the event here (``local``)."""
        changes: list[Change] = []
        for f in differ:
            if f in ("participants", "organizations"):
                changes += self.list_changes(eid, rec, f)
            else:
                changes.append(Change("events", eid, f, local[f], int(theirs[f]) if f == "online" else theirs[f]))
        taken = adopt or bool(differ)  # their review replaces the untouched one here
        edited = with_marks(local["edited_fields"], [*rec.edited_fields, *differ])
        target = {"edited_fields": edited if json.loads(edited) != json.loads(local["edited_fields"] or "[]")
                  else local["edited_fields"],
                  "review_status": rec.review_status if taken else local["review_status"],
                  "reviewer": rec.reviewer if taken else local["reviewer"]}
        changes += row_changes("events", eid, local, target)
        if taken and rec.updated_at:  # when their reviewer last changed it, as their export says (not now)
            changes.append(Change("events", eid, "updated_at", local["updated_at"], rec.updated_at))
        self._apply(changes + self.mention_changes(eid, loose))
        self.releases.add(local["release_id"])

    def add(self, rec: Record, loose: list[tuple[int, int, int, int]]) -> int:
        """A new event, its row written once hidden (``deleted``) and shown by the import's Change, as the
        window adds one: reverting the import hides it again, its id kept."""
        release = loose[0][1]
        pos = self.ex("SELECT coalesce(max(position) + 1, 0) FROM events WHERE release_id = ?", [release]).fetchone()[0]
        stamp = now()
        eid = self.ex(
            "INSERT INTO events (release_id, position, date_start, date_end, event_type, status, location, online,"
            " edited_fields, origin, review_status, reviewer, deleted, created_at, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,'imported',?,?,1,?,?)",
            [release, pos, rec.date_start, rec.date_end, rec.event_type, rec.status, rec.location, int(rec.online),
             with_marks(None, sorted(rec.edited_fields)), rec.review_status, rec.reviewer, stamp, stamp],
        ).lastrowid
        assert eid is not None  # set by the INSERT just run
        # the row whole in the log, so the log alone recreates it (as ReviewEdits.add_event logs its own)
        self.store.log(self.who, f"{WORD}:insert", "events", eid, None, None,
                       self.store.rows("SELECT * FROM events WHERE id = ?", [eid])[0])
        changes = [Change("events", eid, "deleted", 1, 0), *self.list_changes(eid, rec, "participants"),
                   *self.list_changes(eid, rec, "organizations"), *self.mention_changes(eid, loose)]
        if rec.updated_at:
            changes.append(Change("events", eid, "updated_at", stamp, rec.updated_at))
        self._apply(changes)
        self.releases.add(release)
        return eid

    def mention_changes(self, eid: int, loose: list[tuple[int, int, int, int]]) -> list[Change]:
        """New mentions of ``eid``: the file's sentences that no event here cites yet."""
        first = next_id(self.store, "mentions")
        out = []
        for n, (item_id, _release, start, end) in enumerate(loose):
            pos = self.ex("SELECT count(*) FROM mentions WHERE item_id = ?", [item_id]).fetchone()[0]
            pos += sum(1 for other, *_ in loose[:n] if other == item_id)
            out.append(Change("mentions", first + n, None, None, {
                "id": first + n, "event_id": eid, "item_id": item_id, "position": pos, "evidence_start": start,
                "evidence_end": end, "more_evidence": "[]"}))
        return out

    def list_changes(self, eid: int, rec: Record, what: str) -> list[Change]:
        """The rows that replace the event's participants or organizations with the file's (new ids)."""
        table = "event_organizations" if what == "organizations" else "event_participants"
        current = self.store.rows(f"SELECT * FROM {table} WHERE event_id = ? ORDER BY position, id", [eid])
        first = next_id(self.store, table)
        rows: list[dict] = []
        if what == "organizations":  # its entity is linked at commit, by its spelling, as for a window's row
            rows = [{"name": name} for name in rec.organizations]
        for name, role, aliases in rec.participants if what == "participants" else ():
            person = self.store.person_for(name)
            for alias in aliases:  # keep the other reviewer's spellings linked to the person
                if person is not None:
                    self.store.add_spelling(person, "person", alias, "auto", "a spelling the imported dataset gives"
                                            " for the same person", self.who)
            rows.append({"name": name, "role": role, "person_id": person})
        new = [{"id": first + i, "event_id": eid, "position": i, **row, "confidence": 1.0, "checked": 0}
               for i, row in enumerate(rows)]
        return ([Change(table, r["id"], None, r, None) for r in current]
                + [Change(table, r["id"], None, None, r) for r in new])

    def settle_releases(self) -> None:
        """A release whose live events are now all verified is verified too, as the window shows it."""
        changes = []
        for release in sorted(r for r in self.releases if r is not None):
            statuses = {r[0] for r in self.ex(
                f"SELECT review_status FROM events WHERE release_id = ? AND {LIVE}", [release])}
            old = self.ex("SELECT status FROM releases WHERE id = ?", [release]).fetchone()[0]
            if statuses == {"verified"} and old != "verified":
                changes.append(Change("releases", release, "status", old, "verified"))
        self._apply(changes)


def import_events(store: Store, path: str | Path, who: Optional[str] = None) -> ImportEventsReport:
    """Import the events of a JSON Lines export into ``store``; see the module docstring for the rules.

    The file is read twice, one line at a time, so memory stays that of one
    line however long the file: first every line is checked, with nothing
    written; then, in one transaction, each is checked again and applied. A
    file changed between the two readings is refused and the transaction
    rolled back.
    """
    path = Path(path)
    with open_lines(path) as lines:
        for _ in records(lines):
            pass
        checked = lines.digest()
        report = ImportEventsReport()
        with store.transaction():
            importer = _Importer(store, who or SYSTEM)
            for rec in records(lines):
                importer.apply(rec, report)
            if lines.digest() != checked:
                raise ImportEventsError(f"{path}: changed while it was imported; nothing was imported")
            importer.settle_releases()
    if importer.changes:
        report.edit = Edit(f"Import events from {path.name}", importer.changes)
    return report
