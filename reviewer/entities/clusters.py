"""Cluster suggestions over a list of entities: groups of entities that may be one, and why.

Pure: entities (names with their spellings and event counts) in, groups
out. :mod:`reviewer.entities.suggest` reads the entities from a database and
accepts or rejects the groups.

Two entities join a group when they share a key (:mod:`.keys`) or their
names are near neighbours (:mod:`.neighbours`). Two keys attach rather than
collide: a body named without a parent ("Collective Security Council") joins
the bodies of that name with a parent ("CSTO Collective Security Council",
"… of the Collective Security Treaty Organization") only when they have one
parent, never two ("Council of Defence Ministers" beside the CSTO's and the
CIS's stays alone); an initial and a surname ("S. Ordabayev") join the full
names with that initial and surname only when they are one person's. Two
entities that carry different authority ids are never grouped.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable, Optional, Sequence

from ..names import name_key
from . import keys as K
from .neighbours import neighbour_pairs

FINGERPRINT, TRANSLIT, ACRONYM, PARENT, INITIAL, NEIGHBOUR, AUTHORITY = (
    "fingerprint", "transliteration", "acronym", "parent body", "initial", "nearest neighbour", "authority id")
METHODS = (AUTHORITY, FINGERPRINT, TRANSLIT, ACRONYM, PARENT, INITIAL, NEIGHBOUR)


@dataclass(frozen=True)
class Entity:
    """What clustering reads of an entity."""

    id: int
    kind: str
    name: str
    variants: tuple[str, ...] = ()
    events: int = 0
    authority_id: Optional[str] = None

    @cached_property
    def names(self) -> tuple[str, ...]:
        return (self.name,) + tuple(v for v in self.variants if v != self.name)


@dataclass(frozen=True)
class Member:
    entity_id: int
    name: str
    events: int
    variants: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """A suggestion: ``members`` may be one entity, found by ``methods``; ``canonical`` is the name proposed."""

    id: str
    kind: str
    members: tuple[Member, ...]
    methods: tuple[str, ...]
    canonical: str
    score: Optional[float]  # the lowest nearest-neighbour score that joined it (None: keys only)

    @property
    def entity_ids(self) -> list[int]:
        return [m.entity_id for m in self.members]

    def keys(self) -> frozenset[str]:
        """Every spelling's name key: what a rejection remembers."""
        return frozenset(name_key(n) for m in self.members for n in (m.name,) + m.variants)

    def as_json(self) -> dict:
        return {
            "id": self.id, "kind": self.kind, "canonical": self.canonical, "methods": list(self.methods),
            "score": self.score,
            "members": [{"entity_id": m.entity_id, "name": m.name, "events": m.events, "variants": list(m.variants)}
                        for m in self.members],
            "names": [m.name for m in self.members],
        }


def group_id(kind: str, members: Iterable[tuple[int, Iterable[str]]]) -> str:
    """A group's id from its members (entity id, spellings): the same entities with the same spellings give the
    same id in every run (the command line accepts a group by it); a member merged or split since gives another."""
    parts = sorted(f"{eid}:" + "|".join(sorted(name_key(n) for n in names)) for eid, names in members)
    return hashlib.sha1((kind + "\n" + "\n".join(parts)).encode()).hexdigest()[:10]


def suggest(entities: Sequence[Entity], *, defined: Optional[dict[str, set[str]]] = None,
            rejected: Iterable[frozenset[str]] = (), neighbours: bool = True) -> list[Group]:
    """Groups of ``entities`` (one kind or several; groups never mix kinds), largest first.

    ``defined``: acronyms the texts define (:func:`keys.definitions`); ``rejected``: groups a curator rejected,
    as sets of name keys — a group whose spellings are all inside one of them is not proposed again.
    """
    by_kind: dict[str, list[Entity]] = defaultdict(list)
    for e in entities:
        by_kind[e.kind].append(e)
    rejected = [frozenset(r) for r in rejected]
    out = []
    for kind, items in by_kind.items():
        out += _kind_groups(kind, items, defined or {}, rejected, neighbours)
    out.sort(key=lambda g: (-len(g.members), -sum(m.events for m in g.members), g.canonical.casefold()))
    return out


class _Union:
    """Union-find over entity indexes that refuses to join two different authority ids."""

    def __init__(self, entities: Sequence[Entity]):
        self.parent = list(range(len(entities)))
        self.ids = [{e.authority_id} - {None} for e in entities]
        self.methods: dict[int, set[str]] = defaultdict(set)
        self.score: dict[int, float] = {}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int, method: str, score: Optional[float] = None) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            self.methods[ra].add(method)
            return
        if self.ids[ra] and self.ids[rb] and self.ids[ra] != self.ids[rb]:
            return
        self.parent[rb] = ra
        self.ids[ra] |= self.ids[rb]
        self.methods[ra] |= self.methods.pop(rb, set()) | {method}
        scores = [s for s in (self.score.pop(rb, None), self.score.get(ra), score) if s is not None]
        if scores:
            self.score[ra] = min(scores)


def _kind_groups(kind: str, items: list[Entity], defined: dict[str, set[str]], rejected: list[frozenset[str]],
                 neighbours: bool) -> list[Group]:
    uf = _Union(items)
    ix = _Index()
    parents = K.parent_candidates(n for e in items for n in e.names) if kind == "organization" else set()
    for i, e in enumerate(items):
        if e.authority_id:  # one id in the curator's list: one entity
            ix.add((AUTHORITY, e.authority_id), i)
        for name in e.names:
            _keys_of(i, name, kind, parents, defined, ix)
    for key, members in ix.collide.items():
        for a, b in _joinable(members):
            uf.join(a, b, key[0])
    _attach(ix, uf)
    if neighbours:
        for a, b, score in neighbour_pairs((i, n) for i, e in enumerate(items) for n in e.names):
            uf.join(a, b, NEIGHBOUR, score)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[uf.find(i)].append(i)
    out = []
    for root, idx in groups.items():
        if len(idx) < 2:
            continue
        group = _group(kind, [items[i] for i in idx], uf.methods[root], uf.score.get(root))
        if any(group.keys() <= r for r in rejected):
            continue
        out.append(group)
    return out


def _attach(ix: "_Index", uf: _Union) -> None:
    """Join each broad name (no parent; an initial) to the narrow names of its key when they have one qualifier."""
    for key, entities in ix.broad.items():
        for i, side in entities.items():
            fits = {q: [j for j, s in owners.items() if _compatible(side, s)] for q, owners in ix.narrow.get(key, {}).items()}
            fits = {q: js for q, js in fits.items() if js}
            if len(fits) == 1:
                for j in next(iter(fits.values())):
                    uf.join(i, j, key[0])


#: Sides of an acronym key: the acronym itself, or a spelled-out name whose initials it is. Two spelled-out
#: names with the same initials ("Department of Peace Operations", "… of Peacekeeping Operations") are no evidence.
SHORT, LONG, ANY = "short", "long", None


def _compatible(a: Optional[str], b: Optional[str]) -> bool:
    return a is ANY or b is ANY or a == SHORT or b == SHORT


def _joinable(members: dict[int, Optional[str]]) -> list[tuple[int, int]]:
    """Pairs to join among the entities sharing one key: all of them, but a spelled-out name only with an acronym."""
    ids = list(members)
    hub = next((i for i in ids if members[i] != LONG), None)
    if hub is None:
        return []
    return [(hub, j) for j in ids if j != hub]


class _Index:
    def __init__(self) -> None:
        self.collide: dict[tuple, dict[int, Optional[str]]] = defaultdict(dict)  # key -> entity -> side
        self.narrow: dict[tuple, dict[str, dict[int, Optional[str]]]] = defaultdict(lambda: defaultdict(dict))
        self.broad: dict[tuple, dict[int, Optional[str]]] = defaultdict(dict)  # joins the key's one qualifier

    def add(self, key: tuple, i: int, side: Optional[str] = ANY) -> None:
        self.collide[key].setdefault(i, side)
        if self.collide[key][i] != side:
            self.collide[key][i] = ANY if ANY in (side, self.collide[key][i]) else SHORT


def _keys_of(i: int, name: str, kind: str, parents: set[str], defined: dict[str, set[str]], ix: _Index) -> None:
    fp = K.fingerprint(name)
    if fp:
        ix.add((FINGERPRINT, fp), i)
    tr = K.translit(name)
    if tr:
        ix.add((TRANSLIT, tr), i)
    if kind == "organization":
        _body_keys(i, name, parents, defined, ix)
    elif kind == "person":
        _person_keys(i, name, ix)


def _body_keys(i: int, name: str, parents: set[str], defined: dict[str, set[str]], ix: _Index) -> None:
    readings = K.bodies(name, parents)
    if K.is_acronym(name):
        readings += K.split_acronym(name, parents)
    for full in defined.get(name, ()):  # an acronym the texts define reads as its full name too
        readings += [b for b in K.bodies(full, parents) if b.parent is not None]
    for b in readings:
        short = K.is_acronym(b.body) or b.body != name and name in defined
        for k in K.body_keys(b.body, parents, defined):
            method, side = (ACRONYM, SHORT if short else LONG) if k.startswith("acr:") else (PARENT, ANY)
            if b.parent is None:
                ix.add((method, k), i, side)
                ix.broad[(method, k)][i] = side
            else:
                ix.add((method, b.parent, k), i, side)
                ix.narrow[(method, k)][b.parent][i] = side


def _person_keys(i: int, name: str, ix: _Index) -> None:
    ws = K.words(name.replace(".", ". "))
    if len(ws) < 2:
        return
    surname, given = ws[-1], ws[:-1]
    key = (INITIAL, given[0][0], K.skeleton(surname))
    if all(len(g) == 1 for g in given):
        ix.broad[key][i] = ANY
    else:
        ix.narrow[key][K.translit(" ".join(given))][i] = ANY


def _group(kind: str, members: list[Entity], methods: set[str], score: Optional[float]) -> Group:
    members = sorted(members, key=lambda e: (-e.events, -len(e.name), e.name))
    return Group(
        id=group_id(kind, [(e.id, e.names) for e in members]),
        kind=kind,
        members=tuple(Member(e.id, e.name, e.events, tuple(v for v in e.variants if v != e.name)) for e in members),
        methods=tuple(m for m in METHODS if m in methods),
        canonical=members[0].name,
        score=score,
    )
