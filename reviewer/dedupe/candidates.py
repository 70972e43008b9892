"""Candidate pairs of events from different items that may report one real-world event.

Never all pairs: events are blocked by date (same year, or a year unknown on
one side; day of the year at most one apart), and inside a block only pairs
that share a person, an organization, a word or a three-word phrase of their
evidence are scored — and only a key rare enough that the block's events
would not share it by chance (:data:`CHANCE`). A key's chance count in a block
is its share of all events times the block's size; with a fixed span of
dates, blocks fill up as the corpus grows, so a fixed list of common words
would let chance pairs grow with the square of the corpus. The rule keeps
them proportional to it. Each pair gets a score in [0, 1] and the reasons behind it ("same
date", "shared people: Masadykov", "evidence similarity 0.82").

Pairs scoring at least :data:`PROPOSE` are stored in ``dup_candidates`` as
open; a pair already there keeps its status, so a "not duplicates" answer is
never proposed again. Only near-certain pairs are merged without asking,
through :func:`.merge.merge`, so a reviewer can unmerge them: the same date,
the same type and either the same sentence (a teaser repeated as an article's
lead) or, in other words, the same stated place and the same body with a
shared person or much the same words (:func:`_one_sitting`). Two different
meetings on one day share a date, a type and often a person, but not their
sentence nor a body: they are proposed, never merged.
"""
from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from itertools import combinations
from typing import Callable, Collection, Iterable, Optional

from rapidfuzz import fuzz

from ..extract.orgs import key as org_key
from ..extract.orgs import key_forms
from ..queries import UNDECIDED
from ..store import SYSTEM, Store
from . import merge as merging
from . import sitting, stream
from .near import SHINGLE, shingles, words
from .people import fold, parts, same_person

PROPOSE = 0.55
AUTO_CONTAINMENT = 0.9  # share of the shorter evidence's 3-shingles found in the other's
CHANCE = 0.02  # a pair blocks when it would share its keys by chance less often than this
ALWAYS_RARE = 20  # a key in this few events blocks whatever the block (small corpora compare freely)
MAX_EXPECTED = 0.5  # a key expected more often than this among a block's events adds too little to count
PARTNERS = 3  # pairs kept per event in one block, the most surprising first
KEY_CAP = 40  # events sharing one key in one date block beyond which the key does not block

Progress = Callable[[int, int, str], None]

_STOP = set("the of on and under for in to a an was were with by at as from this that its their his her is are be "
            "been has have had will which who also csto organization collective security treaty member states "
            "state held meeting session".split())
_MONTHS = set("january february march april may june july august september october november december".split())


@dataclass
class EventInfo:
    id: int
    release_id: Optional[int]
    date_start: str
    event_type: Optional[str]
    location: Optional[str]
    year: Optional[int]
    md: int  # day of a leap year, 1..366
    people: list[tuple[Optional[int], str]] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    evidence: str = ""
    keys: set[int] = field(default_factory=set)  # blocking keys (see _prepare)
    ranked: list[int] = field(default_factory=list)  # the keys two events can share, rarest first
    counts: list[int] = field(default_factory=list)  # events holding each of ``ranked``
    shingles: frozenset[int] = frozenset()  # of the evidence (hashed), for containment
    norm_orgs: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # the participants' posts ("Director of UNCTWC")

    @cached_property
    def norm_roles(self) -> list[str]:
        """The posts lowercased word by word, read when a body is looked for in them."""
        return [_norm_org(r) for r in self.roles]

    @cached_property
    def sitting(self) -> sitting.Sitting:
        """What the evidence says of the sitting (read when a pair is scored, not when keyed)."""
        return sitting.read(self.evidence)


def _parse(date_start: Optional[str]) -> Optional[tuple[Optional[int], int]]:
    m = re.fullmatch(r"(\d{4}|XXXX)-(\d\d)-(\d\d)", date_start or "")
    if not m:
        return None
    try:
        md = date(2000, int(m.group(2)), int(m.group(3))).timetuple().tm_yday
    except ValueError:
        return None
    return (None if m.group(1) == "XXXX" else int(m.group(1))), md


def _norm_org(name: str) -> str:
    return " ".join(re.findall(r"\w+", name.casefold()))


def load_events(store: Store, rows: list[tuple]) -> list[EventInfo]:
    """The events of ``rows`` (:func:`.stream.event_rows`) with a readable date, with their people,
    organizations and first evidence sentence."""
    events = {}
    for eid, rid, ds, et, loc in rows:
        parsed = _parse(ds)
        if parsed:
            events[eid] = EventInfo(eid, rid, ds, et, loc, parsed[0], parsed[1])
    people, orgs, evidence = stream.details(store, list(events))
    doc_id, text = None, ""
    for eid in sorted(events, key=lambda e: evidence.get(e, (0,))[0]):
        ev = events[eid]
        rows = people.get(eid, [])
        ev.people, ev.orgs = [(pid, name) for pid, name, _ in rows], orgs.get(eid, [])
        ev.roles = [role for _, _, role in rows if role]
        if eid in evidence:
            did, s, e = evidence[eid]
            if did != doc_id:
                doc_id, text = did, store.document_text(did)
            ev.evidence = text[s:e]
    return list(events.values())


def _prepare(ev: EventInfo, keys_only: bool = False) -> None:
    """Blocking keys, evidence shingles and normalised organizations, computed once per event
    (``keys_only``: the keys alone, for counting them)."""
    tokens = words(ev.evidence)
    if not keys_only:  # kept hashed: strings per event were most of a gigabyte at 500,000 items
        ev.shingles = frozenset(map(hash, shingles(tokens)))
    ev.norm_orgs = [_norm_org(o) for o in ev.orgs]
    keys = {"p:" + p.surname for _, name in ev.people if (p := parts(name))}
    keys |= {"o:" + o for o in ev.norm_orgs}
    keys |= {"w:" + w for w in tokens if len(w) > 3 and w not in _STOP and w not in _MONTHS and not w.isdigit()}
    keys |= {"s:" + sh for sh in _phrases(tokens)}
    ev.keys = {_key_hash(k) for k in keys}  # hashed: counted over every event (stream.KeyCounts)


def _key_hash(key: str) -> int:
    """A key's hash, the same in every process: the counts are kept in the database between searches.

    Python's string hashes differ per process; the hash of an integer does not,
    so the key's bytes are read as one integer (reduced modulo the prime
    ``sys.hash_info.modulus``, 2**61 - 1). It costs 0.08 µs more than ``hash(key)``.
    """
    return hash(int.from_bytes(key.encode("utf-8"), "little"))


def _phrases(tokens: list[str]) -> set[str]:
    """The evidence's 3-shingles (:func:`.near.shingles`) without a number or a month in them.

    A repeated sentence shares its phrases even when every word of it is
    common; a phrase naming the date ("on 12 december") is rare overall but
    common inside its date block.
    """
    dated = [t.isdigit() or t in _MONTHS for t in tokens]
    if len(tokens) < SHINGLE:
        return {" ".join(tokens)} if tokens and not any(dated) else set()
    return {" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)
            if not (dated[i] or dated[i + 1] or dated[i + 2])}


def _blocks(day: list[EventInfo], next_day: list[EventInfo]) -> Iterable[tuple[list[EventInfo], Optional[list[EventInfo]]]]:
    """(bucket, None) for pairs inside one bucket and (bucket, neighbour) for pairs across two,
    for the buckets of one day of the year (``day``; ``next_day``: the events of the day after).

    A bucket is one (year or unknown, day of year). Neighbours are the buckets
    one day later in the same year, and the unknown-year buckets of the same
    and the next day (for an unknown year: every year's next day).
    """
    by_year: dict[Optional[int], list[EventInfo]] = defaultdict(list)
    next_by_year: dict[Optional[int], list[EventInfo]] = defaultdict(list)
    for ev in day:
        by_year[ev.year].append(ev)
    for ev in next_day:
        next_by_year[ev.year].append(ev)
    for year, evs in by_year.items():
        yield evs, None
        if year is not None:
            neighbours = [next_by_year.get(year), by_year.get(None), next_by_year.get(None)]
        else:
            neighbours = [next_by_year.get(None)] + [v for y, v in next_by_year.items() if y is not None]
        for other in neighbours:
            if other:
                yield evs, other


def _pairs_in_block(left: list[EventInfo], right: Optional[list[EventInfo]], df: dict[int, int],
                    n_events: int) -> set[tuple[int, int]]:
    """Pairs (inside ``left``, or across ``left`` × ``right``) of different releases whose shared
    keys are unlikely to be shared by chance.

    A key in ``df[k]`` of ``n_events`` events is expected ``df[k] * size / n_events``
    times among the block's ``size`` events. Taking keys as independent, the
    chance that a pair shares all the keys it shares is at most the product of
    those expectations; a pair blocks when that is below :data:`CHANCE` — one
    rare name, or several phrases that are each merely uncommon (a repeated
    sentence of common words). Keys in at most :data:`ALWAYS_RARE` events always block.
    """
    size = len(left) + len(right or [])
    limit = max(ALWAYS_RARE, MAX_EXPECTED * n_events / size)
    index: dict[int, tuple[list[EventInfo], list[EventInfo]]] = defaultdict(lambda: ([], []))
    for side, evs in enumerate((left, right or [])):
        for ev in evs:
            for k in ev.ranked:  # rarest first
                if df[k] > limit:
                    break
                index[k][side].append(ev)
    surprise: dict[tuple[int, int], float] = defaultdict(float)
    for k, (lhs, rhs) in index.items():
        if (len(lhs) < 2 if right is None else not rhs or not lhs) or len(lhs) + len(rhs) > KEY_CAP:
            continue  # no pair, or a key this common in one day says nothing
        w = math.inf if df[k] <= ALWAYS_RARE else -math.log(df[k] * size / n_events)
        it = combinations(lhs, 2) if right is None else ((a, b) for a in lhs for b in rhs)
        for a, b in it:
            if a.release_id != b.release_id:
                surprise[(min(a.id, b.id), max(a.id, b.id))] += w
    enough = -math.log(CHANCE)
    best: dict[int, list[tuple[float, tuple[int, int]]]] = defaultdict(list)
    for p, w in surprise.items():
        if w >= enough:
            best[p[0]].append((w, p))
            best[p[1]].append((w, p))
    # each event keeps its PARTNERS most surprising pairs: an event has a few true
    # copies, while chance partners grow with the block
    return {p for found in best.values() for _, p in sorted(found, reverse=True)[:PARTNERS]}


def containment(sa: frozenset, sb: frozenset) -> float:
    """Share of the smaller shingle set found in the other."""
    if not sa or not sb:
        return 0.0
    small, big = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    return len(small & big) / len(small)


def score_pair(a: EventInfo, b: EventInfo) -> tuple[float, list[str], bool]:
    """(score, reasons, sure) for two events; ``sure`` means merge without asking."""
    reasons, score = [], 0.0
    if a.year is not None and b.year is not None and a.year != b.year:
        return 0.0, ["different years"], False
    if a.md == b.md:
        same_year = a.year is not None and a.year == b.year
        score += 0.3 if same_year else 0.22
        reasons.append("same date" if same_year else "same day and month (a year unknown)")
    else:
        score += 0.1
        reasons.append("dates one day apart")
    shared_people = [pa[1] for pa in a.people for pb in b.people if _same_participant(pa, pb)]
    if shared_people:
        score += min(0.25, 0.15 + 0.05 * (len(set(shared_people)) - 1))
        reasons.append("shared people: " + ", ".join(sorted(set(shared_people))))
    shared_orgs = sorted({o for o, no in zip(a.orgs, a.norm_orgs) for p, np_ in zip(b.orgs, b.norm_orgs)
                          if _same_org(o, no, p, np_)})
    if shared_orgs:
        score += min(0.15, 0.1 + 0.025 * (len(shared_orgs) - 1))
        reasons.append("shared organizations: " + ", ".join(shared_orgs))
    during = a.event_type != b.event_type and _during_visit(a, b, set(shared_people), shared_orgs)
    hosted = a.event_type != b.event_type and not during and _hosted_sitting(a, b, shared_people, shared_orgs)
    if a.event_type and a.event_type == b.event_type:
        score += 0.15
        reasons.append(f"same type: {a.event_type}")
    elif during:
        score += 0.1
        reasons.append(DURING_VISIT)
    elif hosted:
        score += 0.1
        reasons.append(HOSTED_SITTING)
    elif a.event_type and b.event_type:
        score -= 0.1
        reasons.append(f"different types: {a.event_type} / {b.event_type}")
    if a.location and b.location:
        if fold(a.location) == fold(b.location):
            score += 0.05
            reasons.append(f"same place: {a.location}")
        else:
            score -= 0.2
            reasons.append(f"different places: {a.location} / {b.location}")
    sim = fuzz.token_set_ratio(a.evidence, b.evidence) / 100 if a.evidence and b.evidence else 0.0
    score += 0.25 * sim
    reasons.append(f"evidence similarity {sim:.2f}")
    contained = containment(a.shingles, b.shingles)
    agree = (a.md == b.md and (a.event_type == b.event_type or during or hosted)
             and not any(r.startswith("different") for r in reasons))
    if agree and sitting.differ(a.sitting, b.sitting):  # the sentences are read only where all else agrees
        agree = False
        score -= 0.1
        reasons.append("different sittings named: " + " / ".join(
            ", ".join(sorted(s.kinds | {f"{k} no. {n}" for n, k in s.ordinals})) for s in (a.sitting, b.sitting)))
    sure = agree and contained >= AUTO_CONTAINMENT
    if sure:
        reasons.append(f"same sentence ({contained:.2f} of it shared)")
    elif agree and _one_sitting(a, b, shared_orgs, set(shared_people), sim):
        sure = True
        reasons.append("same body or people, same day and place")
    return max(0.0, min(1.0, score)), reasons, sure


DURING_VISIT = "a visit and a meeting during it"
_DURING_VISIT = {"meeting", "briefing", "consultations"}
# The visit's own sentence tells the meeting or the address too ("arrived in Georgia and met the Foreign
# Minister in Tbilisi"; "on a working visit to Vienna, spoke at the Permanent Council").
_MEETS = re.compile(r"\b(?:met|meets|meet|meeting|talks|held\s+consultations|addressed|addresses|spoke|speaks|briefed|"
                    r"received)\b", re.I)


def _during_visit(a: EventInfo, b: EventInfo, people: set[str], orgs: list[str]) -> bool:
    """A visit and a meeting (a briefing, consultations) held during it, on one day in one stated place:
    the guideline makes a meeting the visit's item does not date on its own part of the visit, so
    another site's report of that meeting is the visit's. Only when the visit's sentence tells the
    meeting too, and two people (or a person and a body) take part in both."""
    visit, other = (a, b) if a.event_type == "visit" else (b, a)
    if visit.event_type != "visit" or other.event_type not in _DURING_VISIT:
        return False
    if not (a.location and b.location and fold(a.location) == fold(b.location)):
        return False
    return bool(_MEETS.search(visit.evidence)) and (len(people) >= 2 or bool(people and orgs))


HOSTED_SITTING = "an untyped report of hosting the sitting"


def _hosted_sitting(a: EventInfo, b: EventInfo, people: list[str], orgs: list[str]) -> bool:
    """A wire's untyped "X hosted the Lakes Council in Riga" and the council's meeting reported with
    every head at it: the untyped sentence says its person hosted or chaired a body of three words or
    more that both name, in the same stated place, and names no one and no body the meeting's report
    lacks (its host is one of the report's people: a subset, not a counterpart)."""
    untyped, typed = (a, b) if a.event_type == "other" else (b, a)
    if untyped.event_type != "other" or typed.event_type != "meeting" or not people:
        return False
    if not (a.location and b.location and fold(a.location) == fold(b.location)):
        return False
    return (any(len(org_key(o)) >= 3 for o in sitting.hosted(untyped.evidence, orgs))
            and not _extras(untyped, typed))


def _one_sitting(a: EventInfo, b: EventInfo, orgs: list[str], people: set[str], sim: float) -> bool:
    """Two reports of one sitting told in other words: a teaser and an article on a Council's
    session, an announcement and the report of it, the organization's release and a news
    agency's or an embassy's report. Same day and type (the caller checks), and either two
    people taking part in both (a place stated on one side only is no disagreement), or a
    meeting of the same named body (:func:`_named_council`: it sits once a day) where one side
    only points back to its place ("will meet there"), or the same stated place and one of: the
    same body with a shared person or mostly the same words; the same named body; one person
    shared with no counterpart of one side missing on the other (:func:`_one_counterpart`);
    the same kind of gathering of the same body or ordinal (:func:`_same_named_sitting`).
    An event held beside another (on the sidelines of a session) shares its day, place and body
    but is not it (:func:`.sitting.beside`)."""
    if sitting.beside(a.sitting, b.sitting, orgs):
        return False
    if len(people) >= 2:
        return True
    if not (a.location and b.location):
        # "will meet there": the place named before, not read; a council of its name sits once a day
        # (forces hold several exercises at once; a place not stated at all is not enough)
        return (a.event_type == "meeting" and all(ev.location or _THERE.search(ev.evidence) for ev in (a, b))
                and not (_JOINT.search(a.evidence) or _JOINT.search(b.evidence)) and _named_council(a, b, orgs))
    # 0.8: a CSC session and a joint CSC-SCO session in one city on one day read 0.72 alike
    if orgs and (people or sim >= 0.8):
        return True
    # the same bodies on both sides: a joint session of two councils is not the session of one of them
    if _JOINT.search(a.evidence) or _JOINT.search(b.evidence):
        return False
    return (_named_council(a, b, orgs)
            or _one_counterpart(a, b, people, sim) or _same_named_sitting(a, b, orgs) or _same_signing(a, b))


def _named_council(a: EventInfo, b: EventInfo, orgs: list[str]) -> bool:
    """Every body of each side named on the other, and one both name is a body of three words or more
    on one side and two at least on the other ("the Lakes Council" here, "the Amber Coast Lakes
    Council" there; a bare "the Council" says too little)."""
    if not orgs or not _bodies_agree(a, b):
        return False
    sizes = [sorted((len(org_key(o)), len(org_key(p))))
             for o, n in zip(a.orgs, a.norm_orgs) for p, m in zip(b.orgs, b.norm_orgs) if _same_org(o, n, p, m)]
    return any(short >= 2 and long >= 3 for short, long in sizes)


ONE_PERSON_SIMILARITY = 0.6  # a digest's line and the organization's report of one meeting read 0.67-0.85 alike


def _one_counterpart(a: EventInfo, b: EventInfo, people: set[str], sim: float) -> bool:
    """One person taking part in both, and whoever else one side names is named on the other too
    (a digest's line names the agency's head alone, the report adds his host). Two meetings of one
    minister on one day each name a counterpart the other lacks, a person or a body: never merged
    here. Not when either sentence is beside another sitting."""
    if not people or sim < ONE_PERSON_SIMILARITY or a.sitting.beside or b.sitting.beside:
        return False
    return _no_counterpart_apart(a, b)


def _same_signing(a: EventInfo, b: EventInfo) -> bool:
    """Both sentences tell a document on one subject signed that day in that place ("signed … an
    agreement on joint monitoring of the river"), with no party of one side missing on the other:
    neither a person or body nor a state (two other states signing the same kind of agreement)."""
    return sitting.same_document(a.sitting, b.sitting) and _no_counterpart_apart(a, b)


def _no_counterpart_apart(a: EventInfo, b: EventInfo) -> bool:
    """Not each side naming a person or body the other lacks (:func:`_extras`), nor a state."""
    return not (_extras(a, b) and _extras(b, a)) and not sitting.states_differ(a.sitting, b.sitting)


def _extras(x: EventInfo, y: EventInfo) -> bool:
    """Whether ``x`` names a person or a body ``y`` does not (a body in ``y``'s posts counts as named)."""
    if any(not any(_same_participant(px, py) for py in y.people) for px in x.people):
        return True
    return not all(_org_in(o, n, y) for o, n in zip(x.orgs, x.norm_orgs))


def _same_participant(a: tuple[Optional[int], str], b: tuple[Optional[int], str]) -> bool:
    """One person: the same person id, or names :func:`.people.same_person` takes for one."""
    if a[0] is not None and a[0] == b[0]:
        return True
    pa = parts(a[1])
    pb = parts(b[1]) if pa else None
    return bool(pa and pb and same_person(pa, pb))


def _same_named_sitting(a: EventInfo, b: EventInfo, orgs: list[str]) -> bool:
    """The same kind of gathering (a summit, a conference) on both sides, held by a body both name
    (or one names in a participant's post: "the Director of the X Centre opened a conference"), or
    with the same ordinal ("the Tenth Summit") in a known year; and no body on one side missing on
    the other."""
    if not a.sitting.kinds & b.sitting.kinds:
        return False
    named = bool(orgs) or any(_in_roles(n, b) for n in a.norm_orgs) or any(_in_roles(n, a) for n in b.norm_orgs)
    counted = bool(a.sitting.ordinals & b.sitting.ordinals) and a.year is not None and b.year is not None
    return (named or counted) and _bodies_agree(a, b)


# "will meet there", "in the same city": a place the sentence points back to ("there is", "there were" point nowhere)
_THERE = re.compile(r"\b(?:there\b(?!\s+(?:is|are|was|were|will|would|has|have|had|may|might|must|can|could|should)\b)|"
                    r"in\s+the\s+same\s+(?:city|town|place|venue))", re.I)
_JOINT = re.compile(r"\bjoint\s+(?:session|meeting|sitting)s?\b", re.I)


def _bodies_agree(a: EventInfo, b: EventInfo) -> bool:
    """Every body of each side named on the other (or in a post of the other's participants)."""
    return (all(_org_in(o, n, b) for o, n in zip(a.orgs, a.norm_orgs))
            and all(_org_in(o, n, a) for o, n in zip(b.orgs, b.norm_orgs)))


def _org_in(name: str, norm: str, other: EventInfo) -> bool:
    return any(_same_org(name, norm, o, n) for o, n in zip(other.orgs, other.norm_orgs)) or _in_roles(norm, other)


def _same_org(a: str, na: str, b: str, nb: str) -> bool:
    """Two names of one body: equal or nearly, the same words (:func:`_same_body`), or an acronym and
    the full name it abbreviates ("BSCU", "Black Sea and Caspian Union")."""
    return na == nb or fuzz.token_set_ratio(na, nb) >= 90 or _same_body(a, b) or _acronym(a, b) or _acronym(b, a)


_ACRONYM = re.compile(r"[A-Z][A-Za-z]{2,9}")


# An acronym often leaves out where the body works: "UNCTWC" is the "United Nations Centre for
# Transboundary Water Cooperation in Central Asia".
_WHERE = re.compile(r"\s+(?:in|to)\s+(?:the\s+)?[A-Z]")


def _acronym(short: str, full: str) -> bool:
    if not _ACRONYM.fullmatch(short) or sum(c.isupper() for c in short) < 3:
        return False
    names = [full] + [full[: m.start()] for m in _WHERE.finditer(full)]
    return any("".join(w[0] for w in re.findall(r"(?<![\w\-])[A-Z][\w\-]*", name)).casefold() == short.casefold()
               for name in names)


def _in_roles(norm: str, other: EventInfo) -> bool:
    """A body named in a post of the other side's participants ("Chair of the General Election
    Commission of Mongolia"): two words at least, or an acronym of three letters or more."""
    words = norm.split()
    if not words or (len(words) < 2 and len(norm) < 3):
        return False
    return any(f" {norm} " in f" {role} " or (len(words) >= 2 and fuzz.token_set_ratio(norm, role) >= 90)
               for role in other.norm_roles)


def _same_body(a: str, b: str) -> bool:
    """Two names of one body: the same words (filler, "of the CSTO" and the like aside), counting a
    trailing full name as its initials on either side (:func:`~reviewer.extract.orgs.key_forms`);
    three shared words at least."""
    for ka in key_forms(a):
        for kb in key_forms(b):
            if len(ka & kb) >= 3 and len(ka & kb) / len(ka | kb) >= 0.75:
                return True
    return False


@dataclass
class SearchResult:
    scored: int = 0  # pairs compared
    proposed: int = 0  # new open candidates
    merged: int = 0  # near-certain pairs merged without asking
    open: int = 0  # open candidates in the database after the search


def find_candidates(store: Store, progress: Optional[Progress] = None,
                    cancelled: Callable[[], bool] = lambda: False, who: str = SYSTEM,
                    auto_merge: bool = True, only_new: bool = False) -> SearchResult:
    """Search live events for duplicates; store new candidates, merge near-certain pairs.

    Streams (:mod:`.stream`): one pass counts the blocking keys of every event,
    a second walks the year day by day holding two days' events. With
    ``only_new`` (the pass after an import) only the days of events added since
    the last search are walked and only pairs with such an event are scored.
    """
    result = SearchResult()
    mark = stream.read_mark(store) if only_new else 0
    top = store.db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]
    days: Collection[int] = stream.new_days(store, mark) if only_new else set(range(1, stream.DAYS + 1))
    days = sorted({d for md in days for d in (md - 1, md) if d >= 1})  # a day pairs with the next
    if not days:
        stream.write_mark(store, top)
        result.open = _open_count(store)
        return result
    total = store.db.execute(f"SELECT count(*) FROM events WHERE {stream.LIVE}").fetchone()[0]
    # after an import, the counts the last search kept plus the events added since
    kept = stream.read_counts(store) if only_new else None
    counts, n_events, after = kept if kept else (stream.KeyCounts(), 0, 0)
    for rows in stream.chunks_by_id(store, after=after):
        rows = [r for r in rows if r[0] <= top]  # one added meanwhile is counted by the next search
        for ev in load_events(store, rows):
            _prepare(ev, keys_only=True)
            counts.add(ev.keys)
            n_events += 1
        if progress:
            progress(n_events, 2 * max(1, total), "counting event keys")
        if cancelled():
            return result
    counts.finish()
    stream.write_counts(store, counts, n_events, top)
    loaded: dict[int, list[EventInfo]] = {}
    sure: list = []
    for i, md in enumerate(days):
        for old in [d for d in loaded if d < md]:
            del loaded[old]  # a day is needed by itself and by the day before, never after
        for d in (md, md + 1):
            if d not in loaded:
                loaded[d] = _load_day(store, d, counts) if d <= stream.DAYS else []
        df = {k: c for d in (md, md + 1) for ev in loaded[d] for k, c in zip(ev.ranked, ev.counts)}
        pairs: set[tuple[int, int]] = set()
        for left, right in _blocks(loaded[md], loaded[md + 1]):
            pairs |= _pairs_in_block(left, right, df, n_events)
        if only_new:
            pairs = {p for p in pairs if p[1] > mark}  # (low id, high id): the high one is the newer
        events = {ev.id: ev for d in (md, md + 1) for ev in loaded[d]}
        new_rows = []
        for a, b in sorted(pairs - _known(store, pairs)):
            s, reasons, is_sure = score_pair(events[a], events[b])
            result.scored += 1
            if is_sure:
                sure.append((a, b, s, reasons))
            elif s >= PROPOSE:
                new_rows.append((a, b, round(s, 3), json.dumps(reasons, ensure_ascii=False)))
        if new_rows:
            with store.transaction():  # one transaction per day, not per candidate
                for row in new_rows:
                    cur = store.db.execute(
                        "INSERT OR IGNORE INTO dup_candidates (event_a, event_b, score, reasons) VALUES (?,?,?,?)", row)
                    if cur.rowcount:
                        result.proposed += 1
                        store.log(who, "propose_duplicate", "dup_candidates", cur.lastrowid, None, None, row[2])
        if progress:
            progress(total + i * total // len(days), 2 * max(1, total), "comparing events day by day")
        if cancelled():
            return result
    # merged only after every day is compared, as an event of one day is also compared with the next
    if auto_merge:
        result.merged = _merge_sure(store, sorted(sure), who)
    stream.write_mark(store, top)
    result.open = _open_count(store)
    if progress:
        progress(2 * max(1, total), 2 * max(1, total), "")
    return result


def _load_day(store: Store, md: int, counts: "stream.KeyCounts") -> list[EventInfo]:
    """The events of one month-day (every year), keyed: ``ranked`` holds the keys another event
    shares, rarest first, and ``counts`` how many events hold each."""
    events = load_events(store, stream.event_rows(store, f"{stream.MONTH_DAY} = ?", [stream.month_day(md)]))
    for ev in events:
        _prepare(ev)
        keys = list(ev.keys)
        ranked = sorted((c, k) for k, c in zip(keys, counts.lookup(keys)) if c > 1)
        ev.ranked, ev.counts = [k for _, k in ranked], [c for c, _ in ranked]
        ev.keys = set()  # ranked holds what blocking needs
    return events


def _known(store: Store, pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The pairs already in dup_candidates, whatever their status."""
    return {p for p in pairs if store.db.execute(
        "SELECT 1 FROM dup_candidates WHERE event_a = ? AND event_b = ?", p).fetchone()}


def _open_count(store: Store) -> int:
    return store.db.execute("SELECT count(*) FROM dup_candidates WHERE status = 'open'").fetchone()[0]


def _merge_sure(store: Store, sure: list, who: str, batch: int = 500) -> int:
    """Merge near-certain pairs, ``batch`` to a transaction (each merge is a savepoint inside it)."""
    merged = 0
    for start in range(0, len(sure), batch):
        with store.transaction():
            for a, b, s, reasons in sure[start : start + batch]:
                merged += _merge_one(store, a, b, s, reasons, who)
    return merged


def _merge_one(store: Store, a: int, b: int, s: float, reasons: list, who: str) -> int:
    ra, rb = store.live_root("events", a), store.live_root("events", b)
    if ra == rb or store.db.execute("SELECT deleted FROM events WHERE id IN (?, ?) AND deleted = 1", [ra, rb]).fetchone():
        return 0
    # Two events one release tells apart stay two, even when each is sure to be a third one's
    # report (a summit and the forum opened the same day, both in one article): the curator decides.
    apart = _share_a_release(store, ra, rb)
    if apart:
        reasons = [*reasons, "both already hold an event of one release: proposed, not merged"]
    with store.transaction():
        cur = store.db.execute(
            "INSERT OR IGNORE INTO dup_candidates (event_a, event_b, score, reasons) VALUES (?,?,?,?)",
            [a, b, round(s, 3), json.dumps(reasons, ensure_ascii=False)])
        if not cur.rowcount or apart:
            return 0
        merging.merge(store, min(ra, rb), max(ra, rb), _choices(store, min(ra, rb), max(ra, rb), reasons), who)
    return 1


def _choices(store: Store, survivor: int, absorbed: int, reasons: list) -> Optional[dict[str, str]]:
    """The merge's default choices, but a visit merged with a meeting during it keeps the meeting's
    type: the other site reported the meeting, and the visit's sentence told it too."""
    if DURING_VISIT not in reasons:
        return None
    choices = merging.default_choices(store, survivor, absorbed)
    kept = store.db.execute("SELECT event_type FROM events WHERE id = ?", [survivor]).fetchone()[0]
    choices["event_type"] = "right" if kept == "visit" else "left"
    return choices


def _share_a_release(store: Store, a: int, b: int) -> bool:
    """Whether two live events are reported by one release (their own mentions and those merged into them)."""
    return store.db.execute(
        "SELECT 1 FROM mentions ma JOIN items ia ON ia.id = ma.item_id JOIN items ib ON ib.release_id = ia.release_id"
        " JOIN mentions mb ON mb.item_id = ib.id WHERE ma.event_id = ? AND mb.event_id = ? LIMIT 1", [a, b]).fetchone() is not None


def open_candidates(store: Store) -> list[dict]:
    """Open and postponed candidates between two live events, best first (postponed last)."""
    rows = store.rows(
        f"SELECT c.* FROM dup_candidates c WHERE {UNDECIDED} ORDER BY c.status = 'later', c.score DESC, c.id")
    for r in rows:
        r["reasons"] = json.loads(r["reasons"])
    return rows

