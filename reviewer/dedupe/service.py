"""What the duplicates view shows and does, as plain data: the window's thin service over dedupe.

The view lists candidate pairs, shows the two events side by side with the
sentences that report them, and merges, unmerges or answers a pair, or
separates a near-duplicate copy. No Qt here; the window runs the decisions
(each an ``Edit``) through its one runner and undo command.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Optional

from ..model import SCALAR_FIELDS
from ..queries import UNDECIDED, live
from ..store import Store
from ..operation import Edit
from . import folds
from . import merge as merging
from .merge import LIST_FIELDS

CONTEXT = 160  # characters of page text shown around a source sentence


@dataclass
class Candidate:
    id: int
    event_a: int
    event_b: int
    score: float
    reasons: list[str]
    status: str  # open | later | merged
    label: str  # one line for the list
    merge_id: Optional[int] = None  # the merge in effect, for merged pairs


@dataclass
class Source:
    doc: str
    text: str  # the sentence with some context, plain text
    start: int  # of the sentence within ``text``
    end: int


@dataclass
class Side:
    event_id: int
    fields: dict[str, Any]  # scalar fields, and lists of names for participants / organizations
    sources: list[Source] = field(default_factory=list)


@dataclass
class Pair:
    candidate: Candidate
    left: Side  # the survivor of a merge (the lower id)
    right: Side


def _label(store: Store, a: int, b: int, score: float, status: str) -> str:
    ev = {r["id"]: r for r in store.rows(
        "SELECT id, date_start, event_type FROM events WHERE id IN (?, ?)", [a, b])}
    ea, eb = ev.get(a, {}), ev.get(b, {})
    mark = {"later": " (later)", "merged": " (merged)"}.get(status, "")
    return (f"{score:.2f}  {ea.get('date_start') or '?'} {ea.get('event_type') or '?'}"
            f"  ↔  {eb.get('date_start') or '?'} {eb.get('event_type') or '?'}{mark}")


class DuplicateService:
    """Candidate pairs and their decisions for one reviewer's window."""

    def __init__(self, store: Store):
        self.store = store

    def candidates(self) -> list[Candidate]:
        """Open pairs (best first), then postponed ones, then merged ones that can be unmerged."""
        rows = self.store.rows(
            "SELECT c.*, (SELECT max(m.id) FROM merges m WHERE m.survivor = c.event_a AND m.absorbed = c.event_b"
            " AND m.undone = 0) AS merge_id"
            " FROM dup_candidates c JOIN events a ON a.id = c.event_a JOIN events b ON b.id = c.event_b"
            f" WHERE ({UNDECIDED}) OR (c.status = 'merged' AND {live('a')} AND b.deleted = 0 AND b.merged_into = a.id)"
            " ORDER BY c.status = 'merged', c.status = 'later', c.score DESC, c.id")
        return [Candidate(r["id"], r["event_a"], r["event_b"], r["score"], json.loads(r["reasons"]), r["status"],
                          _label(self.store, r["event_a"], r["event_b"], r["score"], r["status"]), r["merge_id"])
                for r in rows]

    def candidate(self, candidate_id: int) -> Optional[Candidate]:
        return next((c for c in self.candidates() if c.id == candidate_id), None)

    def pair(self, candidate: Candidate) -> Pair:
        if candidate.status == "merged" and candidate.merge_id is not None:
            snap = json.loads(self.store.rows("SELECT snapshot FROM merges WHERE id = ?",
                                              [candidate.merge_id])[0]["snapshot"])
            # a merged pair shows both events as they were before the merge
            sides = [self._side_from_snapshot(snap, e) for e in (candidate.event_a, candidate.event_b)]
        else:
            sides = [self._side(e) for e in (candidate.event_a, candidate.event_b)]
        return Pair(candidate, sides[0], sides[1])

    def _side(self, event_id: int) -> Side:
        ev = self.store.rows("SELECT * FROM events WHERE id = ?", [event_id])[0]
        fields = {f: ev[f] for f in SCALAR_FIELDS}
        fields["participants"] = [r[0] for r in self.store.db.execute(
            "SELECT name FROM event_participants WHERE event_id = ? ORDER BY position, id", [event_id])]
        fields["organizations"] = [r[0] for r in self.store.db.execute(
            "SELECT name FROM event_organizations WHERE event_id = ? ORDER BY position, id", [event_id])]
        mentions = [r[0] for r in self.store.db.execute("SELECT id FROM mentions WHERE event_id = ?", [event_id])]
        return Side(event_id, fields, self._sources(mentions))

    def _side_from_snapshot(self, snap: dict, event_id: int) -> Side:
        ev = next(e for e in snap["events"] if e["id"] == event_id)
        fields = {f: ev[f] for f in SCALAR_FIELDS}
        for f in LIST_FIELDS:
            fields[f] = [r["name"] for r in snap[f][str(event_id)]]
        if event_id == snap["events"][1]["id"]:
            mentions = snap["mentions"]
        else:
            moved = set(snap["mentions"])
            mentions = [r[0] for r in self.store.db.execute(
                "SELECT id FROM mentions WHERE event_id = ?", [event_id]) if r[0] not in moved]
        return Side(event_id, fields, self._sources(mentions))

    def _sources(self, mention_ids: list[int]) -> list[Source]:
        out, seen = [], set()
        for mid in mention_ids:
            r = self.store.rows(
                "SELECT d.name, i.document_id, i.start AS istart, i.\"end\" AS iend, m.evidence_start, m.evidence_end"
                " FROM mentions m JOIN items i ON i.id = m.item_id JOIN documents d ON d.id = i.document_id"
                " WHERE m.id = ?", [mid])[0]
            text = self.store.document_text(r["document_id"])
            s, e = r["evidence_start"], r["evidence_end"]
            if (text[s:e], r["name"]) in seen:
                continue  # the same sentence on the same page once is enough
            seen.add((text[s:e], r["name"]))
            lo, hi = max(r["istart"], s - CONTEXT), min(r["iend"], e + CONTEXT)
            lo, hi = min(lo, s), max(hi, e)
            out.append(Source(r["name"], text[lo:hi], s - lo, e - lo))
        return out

    # -- decisions ------------------------------------------------------------

    # Each decision is one core operation returning the Edit of its exact changes (undone and redone by the
    # change engine, like any edit).

    def merge(self, candidate: Candidate, choices: dict[str, str], who: str) -> Edit:
        return merging.merge_edit(self.store, candidate.event_a, candidate.event_b, choices, who)

    def unmerge(self, merge_id: int, who: str) -> Edit:
        return merging.unmerge(self.store, merge_id, who)

    def answer(self, candidate_id: int, status: str, who: str) -> Edit:
        """``not_duplicate``, ``later`` or ``open``."""
        return merging.answer(self.store, candidate_id, status, who)

    def separate(self, fold_id: int, who: str) -> Edit:
        """Make a near-duplicate copy folded into a release a release of its own again (:func:`.folds.separate`)."""
        return folds.separate(self.store, fold_id, who)

    def held_copies(self, release_id: int) -> list[folds.Copy]:
        return folds.held_copies(self.store, release_id)

    def has_copies(self, release_id: int) -> bool:
        return folds.has_copies(self.store, release_id)

    def unrecorded_copies(self, release_id: int) -> int:
        return folds.unrecorded_copies(self.store, release_id)

    def default_choices(self, candidate: Candidate) -> dict[str, str]:
        return merging.default_choices(self.store, candidate.event_a, candidate.event_b)
