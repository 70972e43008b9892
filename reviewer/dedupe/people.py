"""One person, many spellings: ``S. Ordabayev``, ``Samat Ordabaev``, ``T. Masadykov``.

Names are compared by a transliteration skeleton of the surname (``yev`` and
``ev``, ``kh`` and ``h``, ``y`` and ``i`` … fold together) scored with
rapidfuzz, and by the given names: full given names must agree fuzzily,
an initial must agree with the first letter. A name with only an initial (or
only a surname) joins a person only when exactly one full-named person fits,
so ``S. Ordabayev`` never glues a Samat and a Sergey Ordabaev together.

Variants become spellings (``entity_variants``, origin ``auto`` with the
reason they were linked) of one person entity; every participant row of the
absorbed people points at the survivor. Spellings a curator split apart
(``entity_rejections``) are never linked again.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz, process

from ..names import name_key
from ..store import SYSTEM, Store

SURNAME_SCORE = 85
GIVEN_SCORE = 80

_FOLDS = (
    ("yev", "ev"), ("iev", "ev"), ("yeh", "eh"), ("kh", "h"), ("zh", "j"), ("dzh", "j"), ("ph", "f"),
    ("yu", "iu"), ("ya", "ia"), ("yo", "io"), ("ye", "e"), ("y", "i"), ("ii", "i"), ("w", "v"),
    ("ck", "k"), ("ks", "x"), ("'", ""),
)


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """A transliteration skeleton: lowercase ASCII, common variant spellings folded, doubles collapsed."""
    w = unicodedata.normalize("NFKD", word.casefold())
    w = "".join(c for c in w if c.isalpha() or c == "'")
    for a, b in _FOLDS:
        w = w.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", w)


@dataclass(frozen=True)
class NameParts:
    surname: str  # folded
    given: tuple[str, ...]  # folded given names ("" for none)
    initials_only: bool

    @property
    def full(self) -> bool:
        return bool(self.given) and not self.initials_only


@lru_cache(maxsize=200_000)
def parts(name: str) -> Optional[NameParts]:
    tokens = [t for t in re.split(r"[\s\u00a0]+|(?<=\.)(?=\w)", name.strip()) if t]
    tokens = [t for t in tokens if any(c.isalpha() for c in t)]
    if not tokens:
        return None
    surname = fold(tokens[-1])
    if not surname:
        return None
    given = tuple(fold(t) for t in tokens[:-1] if fold(t))
    initials_only = bool(given) and all(len(g) == 1 for g in given)
    return NameParts(surname, given, initials_only)


def same_person(a: NameParts, b: NameParts) -> bool:
    """Could two names be one person? (Symmetric; surnames fuzzily, given names or initials agreeing.)"""
    if a.surname != b.surname and fuzz.ratio(a.surname, b.surname) < SURNAME_SCORE:
        return False
    if not a.given or not b.given:
        return True
    ga, gb = a.given[0], b.given[0]
    if len(ga) == 1 or len(gb) == 1:
        return ga[0] == gb[0]
    return ga == gb or fuzz.ratio(ga, gb) >= GIVEN_SCORE


def _fullness(alias: str, p: NameParts) -> tuple:
    return (p.full, len(p.given), len(alias))


def merge_people(store: Store, who: str = SYSTEM) -> int:
    """Merge the people whose names are spellings of one person; returns how many people were absorbed."""
    # Only people a participant row names: a spelling whose rows were all removed (a wrong entry the
    # reviewer took back) joins nobody, so no export lists it as an alias the reviewer never saw made.
    rows = store.db.execute("SELECT entity_id, name FROM entity_variants WHERE kind = 'person' AND entity_id IN"
                            " (SELECT person_id FROM event_participants) ORDER BY entity_id, id").fetchall()
    by_person: dict[int, list[tuple[str, NameParts]]] = defaultdict(list)
    for pid, alias in rows:
        p = parts(alias)
        if p is not None:
            by_person[pid].append((alias, p))
    # Blocking: people are compared only when their surnames match fuzzily,
    # found per block of surnames sharing three letters with rapidfuzz's cdist.
    by_surname: dict[str, set[int]] = defaultdict(set)
    for pid, names in by_person.items():
        for _, p in names:
            by_surname[p.surname].add(pid)
    blocks: dict[str, list[str]] = defaultdict(list)
    for surname in by_surname:
        blocks[surname[:3]].append(surname)
    neighbours: dict[int, set[int]] = defaultdict(set)  # pid -> pids with a matching surname
    for surnames in blocks.values():
        scores = process.cdist(surnames, surnames, scorer=fuzz.ratio, score_cutoff=SURNAME_SCORE)
        for i, j in zip(*scores.nonzero()):
            for x in by_surname[surnames[i]]:
                neighbours[x] |= by_surname[surnames[j]]

    links = _Links(by_person, _rejected(store))

    def full_names(pid: int) -> list[NameParts]:
        return [p for _, p in by_person[pid] if p.full]

    # 1. people with full given names: same surname, agreeing given names
    for x in sorted(by_person):
        if not full_names(x):
            continue
        for y in neighbours[x]:
            if y > x and full_names(y) and any(same_person(a, b) for a in full_names(x) for b in full_names(y)):
                why = "same surname and given names as {other} (duplicate pass at import)"
                links.join(x, y, why, why)
    # 2. initials or surname only: join the one full-named person that fits, if exactly one does
    for x in sorted(by_person):
        if full_names(x):
            continue
        fits = {links.find(y) for y in neighbours[x] if y != x and full_names(y)
                and any(same_person(a, b) for _, a in by_person[x] for b in full_names(y))}
        if len(fits) == 1:
            links.join(x, fits.pop(), "initials or surname only: {other} is the one full-named person that fits"
                       " (duplicate pass at import)", "the one full-named person {other} (initials or surname only)"
                       " fits (duplicate pass at import)")

    groups: dict[int, list[int]] = defaultdict(list)
    for pid in by_person:
        groups[links.find(pid)].append(pid)
    absorbed = 0
    with store.transaction():
        ex = store.db.execute
        for root, pids in groups.items():
            if len(pids) < 2:
                continue
            marks = ",".join("?" * len(pids))
            curated = [r[0] for r in ex(f"SELECT id FROM entities WHERE id IN ({marks}) AND"
                                        " (authority_id IS NOT NULL OR confirmed_by IS NOT NULL) ORDER BY id", pids)]
            if len(curated) > 1:
                continue  # two people a curator checked are merged by a curator only
            root = curated[0] if curated else root  # a curated person keeps its id, authority id and name
            names = [(alias, p) for pid in pids for alias, p in by_person[pid]]
            others = [pid for pid in pids if pid != root]
            marks = ",".join("?" * len(others))
            ex(f"UPDATE event_participants SET person_id = ? WHERE person_id IN ({marks})", [root, *others])
            for pid in others:
                ex("UPDATE entity_variants SET entity_id = ?, origin = 'auto', reason = ? WHERE entity_id = ?",
                   [root, links.why.get(pid), pid])
            ex(f"DELETE FROM entities WHERE id IN ({marks})", others)
            old = ex("SELECT name FROM entities WHERE id = ?", [root]).fetchone()[0]
            best = old if curated else max(names, key=lambda n: _fullness(*n))[0]
            if old != best:
                ex("UPDATE entities SET name = ? WHERE id = ?", [best, root])
            for pid in others:
                store.log(who, "merge_person", "entities", pid, "merged_into", None, root)
            absorbed += len(others)
    return absorbed


def _rejected(store: Store) -> list[frozenset[str]]:
    """The groups of spellings a curator said are not one person (split apart, or a suggestion rejected)."""
    return [frozenset(json.loads(keys)) for (keys,) in
            store.db.execute("SELECT keys FROM entity_rejections WHERE kind = 'person'")]


class _Links:
    """Union-find over people, never joining two groups whose spellings hold both sides of a rejected group,
    and remembering why each person was linked."""

    def __init__(self, by_person: dict[int, list[tuple[str, NameParts]]], rejected: list[frozenset[str]]):
        self.parent = {pid: pid for pid in by_person}
        self.keys = {pid: {name_key(alias) for alias, _ in names} for pid, names in by_person.items()}
        self.first = {pid: names[0][0] for pid, names in by_person.items()}
        self.rejected = rejected
        self.why: dict[int, str] = {}

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, x: int, y: int, why_x: str, why_y: str) -> None:
        """Link ``x`` and ``y`` (and their groups); ``why_x``/``why_y``: why each was linked, naming the other."""
        rx, ry = self.find(x), self.find(y)
        if rx == ry:
            return
        a, b = self.keys[rx], self.keys[ry]
        if any(r & a and r & b and not r <= a and not r <= b for r in self.rejected):
            return
        root, other = min(rx, ry), max(rx, ry)
        self.parent[other] = root
        self.keys[root] = a | b
        self.why.setdefault(x, why_x.format(other=repr(self.first[y])))
        self.why.setdefault(y, why_y.format(other=repr(self.first[x])))


def person_aliases(store: Store, person_id: int) -> list[str]:
    return [r[0] for r in store.db.execute(
        "SELECT name FROM entity_variants WHERE entity_id = ? ORDER BY id", [person_id])]


def event_people(store: Store, event_id: int) -> list[dict]:
    """An event's participants as people: one entry per person, with its canonical name and aliases.

    For the export: two spellings of one person in one event (after a merge)
    are listed once, under the fullest spelling.
    """
    rows = store.rows(
        "SELECT ep.name, ep.role, ep.person_id, p.name AS canonical FROM event_participants ep"
        " LEFT JOIN entities p ON p.id = ep.person_id WHERE ep.event_id = ? ORDER BY ep.position, ep.id", [event_id])
    out: list[dict] = []
    seen: dict[int, dict] = {}
    for r in rows:
        pid = r["person_id"]
        if pid is not None and pid in seen:
            seen[pid]["role"] = seen[pid]["role"] or r["role"]
            continue
        entry = {"name": r["name"], "role": r["role"], "person_id": pid,
                 "aliases": person_aliases(store, pid) if pid is not None else [r["name"]]}
        if pid is not None:
            seen[pid] = entry
        out.append(entry)
    return out
