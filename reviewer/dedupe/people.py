"""One person, many spellings: ``S. Ordabayev``, ``Samat Ordabaev``, ``T. Masadykov``.

Names are compared by a transliteration skeleton of the surname (``yev`` and
``ev``, ``kh`` and ``h``, ``y`` and ``i`` … fold together) scored with
rapidfuzz, and by the given names: full given names must agree fuzzily,
an initial must agree with the first letter. A name with only an initial (or
only a surname) joins a person only when exactly one full-named person fits,
so ``S. Ordabayev`` never glues a Samat and a Sergey Ordabaev together.

Variants become aliases (``person_aliases``) of one ``people`` row; every
participant row of the absorbed people points at the survivor.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz, process

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
    rows = store.db.execute("SELECT person_id, alias FROM person_aliases WHERE person_id IN"
                            " (SELECT person_id FROM event_participants) ORDER BY person_id, id").fetchall()
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

    parent = {pid: pid for pid in by_person}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def full_names(pid: int) -> list[NameParts]:
        return [p for _, p in by_person[pid] if p.full]

    # 1. people with full given names: same surname, agreeing given names
    for x in sorted(by_person):
        if not full_names(x):
            continue
        for y in neighbours[x]:
            if y > x and full_names(y) and any(same_person(a, b) for a in full_names(x) for b in full_names(y)):
                rx, ry = find(x), find(y)
                if rx != ry:
                    parent[max(rx, ry)] = min(rx, ry)
    # 2. initials or surname only: join the one full-named person that fits, if exactly one does
    for x in sorted(by_person):
        if full_names(x):
            continue
        fits = {find(y) for y in neighbours[x] if y != x and full_names(y)
                and any(same_person(a, b) for _, a in by_person[x] for b in full_names(y))}
        if len(fits) == 1:
            root = fits.pop()
            rx = find(x)
            if rx != root:
                parent[max(rx, root)] = min(rx, root)

    groups: dict[int, list[int]] = defaultdict(list)
    for pid in by_person:
        groups[find(pid)].append(pid)
    absorbed = 0
    with store.transaction():
        ex = store.db.execute
        for root, pids in groups.items():
            if len(pids) < 2:
                continue
            names = [(alias, p) for pid in pids for alias, p in by_person[pid]]
            best = max(names, key=lambda n: _fullness(*n))[0]
            others = [pid for pid in pids if pid != root]
            marks = ",".join("?" * len(others))
            ex(f"UPDATE event_participants SET person_id = ? WHERE person_id IN ({marks})", [root, *others])
            ex(f"UPDATE person_aliases SET person_id = ? WHERE person_id IN ({marks})", [root, *others])
            ex(f"DELETE FROM people WHERE id IN ({marks})", others)
            old = ex("SELECT name FROM people WHERE id = ?", [root]).fetchone()[0]
            if old != best:
                ex("UPDATE people SET name = ? WHERE id = ?", [best, root])
            for pid in others:
                store.log(who, "merge_person", "people", pid, "merged_into", None, root)
            absorbed += len(others)
    return absorbed


def person_aliases(store: Store, person_id: int) -> list[str]:
    return [r[0] for r in store.db.execute(
        "SELECT alias FROM person_aliases WHERE person_id = ? ORDER BY id", [person_id])]


def event_people(store: Store, event_id: int) -> list[dict]:
    """An event's participants as people: one entry per person, with its canonical name and aliases.

    For the export: two spellings of one person in one event (after a merge)
    are listed once, under the fullest spelling.
    """
    rows = store.rows(
        "SELECT ep.name, ep.role, ep.person_id, p.name AS canonical FROM event_participants ep"
        " LEFT JOIN people p ON p.id = ep.person_id WHERE ep.event_id = ? ORDER BY ep.position, ep.id", [event_id])
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
