"""Authority lists: a curator's reference entities read from CSV, and every entity reconciled against them.

The file is ``kind,name,id,aliases`` (a header line naming those columns, in
any order; other columns are ignored), UTF-8 (a byte-order mark is fine),
comma-separated with double quotes around a value holding a comma. Aliases
are separated by ``|`` ("Collective Security Treaty Organization" with
aliases ``CSTO|ODKB``); ``;`` is part of a name, never a separator. An id
names one entity: it may not be given to two names, nor a name (or alias)
two ids of one kind.

The list is read whole before anything is used: every bad row gives one
line ``FILE:LINE: reason`` and then nothing is reconciled (all or nothing).
Reading is bounded (a regular file only, :data:`MAX_BYTES`, :data:`MAX_LINE`
a line, :data:`MAX_ROWS` rows), so no file can hang the command or fill
memory.

Reconciling matches each entity by its canonical name (``exact``), by any of
its spellings against the list's names and aliases (``alias``), and
otherwise by nearest neighbour (``fuzzy``, with a score) or by the suggestion
keys (``key``: an acronym and its spelled-out name, a body with or without its
organization's acronym), both for the curator to confirm. Exact and alias matches are set in one undoable step; an entity
that already carries another id is reported, never overwritten.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional, Sequence

from ..jsonl_reader import BadFile, BadLine, BoundedLines
from ..names import name_key
from ..review.changes import Edit
from ..review.validation import Conflict
from .clusters import Entity, suggest
from .neighbours import neighbour_pairs
from .suggest import entity
from .views import KINDS

if TYPE_CHECKING:
    from . import EntityService
COLUMNS = ("kind", "name", "id", "aliases")
ALIAS_SEPARATOR = "|"
MAX_BYTES = 64 << 20
MAX_LINE = 64 << 10
MAX_ROWS = 500_000
MAX_TEXT = 500  # characters in a name, an alias or an id
MAX_ALIASES = 200
MAX_PROBLEMS = 50  # lines of problems shown; the rest are counted
#: A fuzzy match at or above this score (0–100) is proposed for the curator to confirm.
FUZZY_THRESHOLD = 80


class AuthorityError(ValueError):
    """The list cannot be used; ``problems`` are lines ``FILE:LINE: reason`` (or ``FILE: reason``)."""

    def __init__(self, problems: list[str]):
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(f"… and {len(problems) - MAX_PROBLEMS} more problems")
        super().__init__("\n".join(shown))
        self.problems = problems


@dataclass(frozen=True)
class AuthorityEntry:
    line: int
    kind: str
    name: str
    id: str
    aliases: tuple[str, ...] = ()


def read_authority(path: str | Path) -> list[AuthorityEntry]:
    """Every entry of the list at ``path``; :class:`AuthorityError` naming each bad row (then none is returned)."""
    path = Path(path)
    problems: list[str] = []
    try:
        with BoundedLines(path, max_bytes=MAX_BYTES, max_line=MAX_LINE, what="an authority list (CSV)") as lines:
            entries = _entries(str(path), _decoded(str(path), lines.lines(), problems), problems)
    except BadFile as exc:
        raise AuthorityError([f"{path}: {exc}"]) from None
    except BadLine as exc:
        raise AuthorityError(problems + [f"{path}:{exc.line}: {exc}"]) from None
    if problems:
        raise AuthorityError(problems)
    return entries


def _decoded(name: str, lines: Iterator[tuple[int, bytes]], problems: list[str]) -> Iterator[str]:
    for number, raw in lines:
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(f"{name}:{number}: not UTF-8 (byte 0x{raw[exc.start]:02X} at column {exc.start + 1});"
                            " save the list as UTF-8")
            text = raw.decode("utf-8", "replace")
        yield text.rstrip("\r") + "\n"


class _Seen:
    """What earlier rows gave: ids (to their name and line), names and aliases per kind (to their id and line)."""

    def __init__(self) -> None:
        self.ids: dict[str, tuple[str, int]] = {}
        self.names: dict[tuple[str, str], tuple[str, int]] = {}


def _entries(name: str, lines: Iterator[str], problems: list[str]) -> list[AuthorityEntry]:
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        problems.append(f"{name}:1: not CSV ({exc})")
        return []
    if header is None or not any(h.strip() for h in header):
        problems.append(f"{name}: empty; the first line must be the header {','.join(COLUMNS)}")
        return []
    cols = [h.strip().casefold() for h in header]
    missing = [c for c in COLUMNS if c not in cols]
    if missing:
        problems.append(f"{name}:1: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)};"
                        f" the header must name {','.join(COLUMNS)}")
        return []
    where = {c: cols.index(c) for c in COLUMNS}
    out: list[AuthorityEntry] = []
    seen = _Seen()
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"{name}:{line}: not CSV ({exc}); nothing after it was read")
            break
        if len(out) >= MAX_ROWS:
            problems.append(f"{name}:{line}: more than {MAX_ROWS:,} rows; split the list")
            break
        if any(cell.strip() for cell in row):
            entry = _entry(f"{name}:{line}", line, row, cols, where, seen, problems)
            if entry is not None:
                out.append(entry)
        line = reader.line_num + 1
    return out


def _entry(at: str, line: int, row: list[str], cols: list[str], where: dict[str, int], seen: _Seen,
           problems: list[str]) -> Optional[AuthorityEntry]:
    if len(row) != len(cols):
        problems.append(f"{at}: {len(row)} fields where the header has {len(cols)}"
                        " (a value holding a comma needs double quotes around it)")
        return None
    kind = row[where["kind"]].strip().casefold()
    name = " ".join(row[where["name"]].split())
    ident = row[where["id"]].strip()
    aliases = [" ".join(a.split()) for a in row[where["aliases"]].split(ALIAS_SEPARATOR)]
    reason = _bad_values(kind, name, ident, aliases)
    if reason:
        problems.append(f"{at}: {reason}")
        return None
    keys = {name_key(name): name}
    for a in aliases:
        if a:
            keys.setdefault(name_key(a), a)
    if ident in seen.ids:
        first, first_line = seen.ids[ident]
        problems.append(f"{at}: id {ident!r} is given twice (line {first_line})" if name_key(first) == name_key(name)
                        else f"{at}: id {ident!r} is given to {name!r} and to {first!r} (line {first_line}); an id names one entity")
        return None
    for key, spelling in keys.items():
        other = seen.names.get((kind, key))
        if other is not None:
            problems.append(f"{at}: {spelling!r} has id {ident!r} here and {other[0]!r} on line {other[1]};"
                            " a name or alias may stand for one entity only")
            return None
    seen.ids[ident] = (name, line)
    for key in keys:
        seen.names[(kind, key)] = (ident, line)
    return AuthorityEntry(line, kind, name, ident, tuple(s for k, s in keys.items() if k != name_key(name)))


def _bad_values(kind: str, name: str, ident: str, aliases: list[str]) -> Optional[str]:
    if kind not in KINDS:
        return f"kind {kind!r} is not one of {', '.join(KINDS)}" if kind else "empty kind (person, organization or place)"
    if not name:
        return "empty name"
    if not ident:
        return f"empty id for {name!r}"
    if len(aliases) > MAX_ALIASES:
        return f"{len(aliases)} aliases; at most {MAX_ALIASES}"
    for what, text in (("name", name), ("id", ident), *(("alias", a) for a in aliases)):
        if len(text) > MAX_TEXT:
            return f"{what} longer than {MAX_TEXT} characters"
        if any(ord(c) < 32 for c in text):
            return f"{what} {text[:40]!r} holds a control character"
    return None


# -- reconciling ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """An entity and the list's entry it was matched to (``how``: exact, alias or fuzzy)."""

    entity_id: int
    kind: str
    entity_name: str
    authority_id: str
    authority_name: str
    how: str
    score: float
    current_id: Optional[str] = None  # the id the entity carries already
    holder: Optional[int] = None  # another entity that has this id, or gets it (one id names one entity)

    def as_json(self) -> dict:
        return {"entity_id": self.entity_id, "kind": self.kind, "name": self.entity_name, "id": self.authority_id,
                "authority_name": self.authority_name, "match": self.how, "score": self.score,
                "current_id": self.current_id, "holder": self.holder}


@dataclass
class Reconciliation:
    matched: list[Match] = field(default_factory=list)  # exact and alias: to be set
    proposed: list[Match] = field(default_factory=list)  # fuzzy: for the curator to confirm
    already: list[Match] = field(default_factory=list)  # the entity carries this id already
    conflicts: list[Match] = field(default_factory=list)  # the entity carries another id: left as it is
    taken: list[Match] = field(default_factory=list)  # another entity has (or gets) the id: merge the two
    ambiguous: list[tuple[Entity, list[AuthorityEntry]]] = field(default_factory=list)  # several entries fit

    def as_json(self) -> dict:
        return {
            "matched": [m.as_json() for m in self.matched],
            "proposed": [m.as_json() for m in self.proposed],
            "already": [m.as_json() for m in self.already],
            "conflicts": [m.as_json() for m in self.conflicts],
            "taken": [m.as_json() for m in self.taken],
            "ambiguous": [{"entity_id": e.id, "kind": e.kind, "name": e.name, "ids": [a.id for a in entries]}
                          for e, entries in self.ambiguous],
        }


def reconcile(entities: Sequence[Entity], entries: Sequence[AuthorityEntry], *,
              threshold: float = FUZZY_THRESHOLD) -> Reconciliation:
    """Match every entity against the list (pure: nothing is written)."""
    by_name: dict[tuple[str, str], AuthorityEntry] = {}
    by_alias: dict[tuple[str, str], AuthorityEntry] = {}
    for a in entries:
        by_name[(a.kind, name_key(a.name))] = a
        for alias in a.aliases:
            by_alias[(a.kind, name_key(alias))] = a
    found: list[Match] = []
    ambiguous = []
    unmatched = []
    for e in entities:
        exact = by_name.get((e.kind, name_key(e.name)))
        if exact is not None:
            found.append(_match(e, exact, "exact", 100.0))
            continue
        hits = {a.id: a for n in e.names for a in (by_name.get((e.kind, name_key(n))),
                                                      by_alias.get((e.kind, name_key(n)))) if a is not None}
        if len(hits) == 1:
            found.append(_match(e, next(iter(hits.values())), "alias", 100.0))
        elif hits:
            ambiguous.append((e, sorted(hits.values(), key=lambda a: a.line)))
        else:
            unmatched.append(e)
    fuzzy = _fuzzy(unmatched, entries, threshold)
    proposed = {m.entity_id for m in fuzzy}
    found += fuzzy + _by_keys([e for e in unmatched if e.id not in proposed], entries)
    out = _sorted(found, {(e.kind, e.authority_id): e.id for e in entities if e.authority_id})
    out.ambiguous = ambiguous
    return out


_RANK = {"exact": 0, "alias": 1, "key": 2, "fuzzy": 2}
#: Matches the curator confirms before they are set.
PROPOSED = ("key", "fuzzy")


def _match(e: Entity, a: AuthorityEntry, how: str, score: float) -> Match:
    return Match(e.id, e.kind, e.name, a.id, a.name, how, score, e.authority_id)


def _sorted(found: list[Match], holders: dict[tuple[str, str], int]) -> Reconciliation:
    """Each match to its list. One id names one entity of a kind: an id another entity holds is "taken" (the
    two are one entity: merge them), and of several entities matching one id the best match alone gets it."""
    out = Reconciliation()
    by_id: dict[tuple[str, str], list[Match]] = defaultdict(list)
    for m in found:
        if m.current_id == m.authority_id:
            out.already.append(m)
        elif m.current_id is not None:
            out.conflicts.append(m)
        else:
            by_id[(m.kind, m.authority_id)].append(m)
    for key, ms in by_id.items():
        ms.sort(key=lambda m: (_RANK[m.how], -m.score, m.entity_id))
        holder = holders.get(key)
        if holder is None and (len(ms) == 1 or (_RANK[ms[0].how], ms[0].score) != (_RANK[ms[1].how], ms[1].score)):
            first, ms = ms[0], ms[1:]
            (out.proposed if first.how in PROPOSED else out.matched).append(first)
            holder = first.entity_id
        out.taken += [replace(m, holder=holder) for m in ms]
    for part in (out.matched, out.proposed, out.already, out.conflicts, out.taken):
        part.sort(key=lambda m: m.entity_id)
    return out


def _by_keys(entities: list[Entity], entries: Sequence[AuthorityEntry]) -> list[Match]:
    """Entities the suggestion keys put with one entry (an acronym and its spelled-out name, a body with or
    without its organization's acronym, a transliteration): proposed as ``key`` matches, score 100."""
    if not entities:
        return []
    listed = [Entity(-1 - j, a.kind, a.name, a.aliases, 0, a.id) for j, a in enumerate(entries)]
    out = []
    for g in suggest(list(entities) + listed, neighbours=False):
        ids = g.entity_ids
        found = [i for i in ids if i < 0]
        if len(found) == 1:
            a = entries[-1 - found[0]]
            out += [_match(e, a, "key", 100.0) for e in entities if e.id in ids]
    return out


def _fuzzy(entities: list[Entity], entries: Sequence[AuthorityEntry], threshold: float) -> list[Match]:
    """The best entry (by nearest-neighbour score) for each entity left unmatched, one kind at a time."""
    out = []
    kinds: dict[str, tuple[list[Entity], list[AuthorityEntry]]] = defaultdict(lambda: ([], []))
    for e in entities:
        kinds[e.kind][0].append(e)
    for a in entries:
        kinds[a.kind][1].append(a)
    for ents, auth in kinds.values():
        if not ents or not auth:
            continue
        # owners: entities as even numbers, entries as odd ones, so one pass blocks and scores both
        names = [(2 * i, n) for i, e in enumerate(ents) for n in e.names]
        names += [(2 * j + 1, n) for j, a in enumerate(auth) for n in (a.name,) + a.aliases]
        best: dict[int, tuple[float, int]] = {}
        for x, y, score in neighbour_pairs(names, threshold=threshold):
            if x % 2 == y % 2:
                continue
            i, j = (x // 2, y // 2) if x % 2 == 0 else (y // 2, x // 2)
            if score > best.get(i, (-1.0, 0))[0]:
                best[i] = (score, j)
        for i, (score, j) in sorted(best.items()):
            out.append(_match(ents[i], auth[j], "fuzzy", score))
    return out


# -- applying -----------------------------------------------------------------------------------------------


def set_ids(service: "EntityService", matches: Sequence[Match], label: str) -> Edit:
    """Give every matched entity its id in one transaction: one ``Edit``, so one undo takes the whole
    reconciliation back. An entity that has the id already is left as it is; one given another id since the
    reconciliation read it (or merged away) is refused with :class:`Conflict` (:class:`NotFound`), and nothing
    is set."""
    changes = []
    with service.store.transaction():
        for m in matches:
            now_id = service.entity(m.entity_id).authority_id
            if now_id == m.authority_id:
                continue
            if now_id != m.current_id:
                raise Conflict(f"{m.kind} {m.entity_name!r} was given id {now_id or 'none'} since the list was read;"
                               " nothing was set: reconcile again")
            changes += service.set_authority_id(m.entity_id, m.authority_id).changes
    return Edit(label, changes)


def store_entities(service: "EntityService") -> list[Entity]:
    """Every entity of every kind, as reconciling reads them."""
    return [entity(r) for kind in KINDS for r in service.entities(kind)]
