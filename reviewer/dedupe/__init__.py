"""Duplicates: near-duplicate items, one person per name variant, candidate event pairs, merge/unmerge.

- identical items share a release at import (the store's content hash);
- :func:`merge_near_duplicate_items` (run after every import) merges releases
  whose texts nearly agree, and the people whose names are spellings of one;
- :mod:`.candidates` proposes pairs of events from different items that may
  report one real-world event, with a score and reasons, for the reviewer;
- :mod:`.merge` merges such a pair field by field and unmerges it exactly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from ..store import SYSTEM, Store
from . import candidates, merge, near, people, stream
from .candidates import SearchResult, find_candidates, open_candidates
from .merge import MergeError, default_choices, last_merge, remerge, set_candidate_status, unmerge
from .people import event_people, merge_people

Progress = Callable[[int, int, str], None]


@dataclass
class AfterImport:
    merged: int = 0  # releases absorbed as near-duplicates
    search: SearchResult = field(default_factory=SearchResult)  # the candidate search over the new events' days


def after_import(store: Store, progress: Optional[Progress] = None,
                 cancelled: Callable[[], bool] = lambda: False, who: str = SYSTEM) -> AfterImport:
    """After an import: merge near-duplicate releases (only new ones are queried), name variants of
    one person, and near-certain duplicate events; propose the likely ones to the reviewer.

    Only the days of events added since the last search are compared, and only
    pairs with such an event are scored (:func:`.candidates.find_candidates`).
    """
    result = AfterImport(near.merge_near_duplicate_items(store, progress, cancelled, who))
    if not cancelled():
        merge_people(store, who)
    if not cancelled():
        result.search = find_candidates(store, progress, cancelled, who, only_new=True)
    store.refresh_entities()  # the entity list counts the events the pass merged, so it opens at once
    return result


def pending(store: Store) -> bool:
    """Whether some releases or events were stored since the last pass and not through one yet
    (the import that stored them was killed or cancelled before its pass)."""
    ex = store.db.execute
    return bool(
        ex("SELECT EXISTS (SELECT 1 FROM releases r LEFT JOIN release_minhash m ON m.release_id = r.id"
           " WHERE m.release_id IS NULL AND r.merged_into IS NULL)").fetchone()[0]
        or ex("SELECT EXISTS (SELECT 1 FROM release_minhash WHERE pending = 1)").fetchone()[0]
        or ex(f"SELECT EXISTS (SELECT 1 FROM events WHERE {stream.LIVE} AND id > ?)",
              [stream.read_mark(store)]).fetchone()[0])


def merge_near_duplicate_items(store: Store, progress: Optional[Progress] = None,
                               cancelled: Callable[[], bool] = lambda: False, who: str = SYSTEM) -> int:
    """:func:`after_import`, returning the number of releases absorbed."""
    return after_import(store, progress, cancelled, who).merged


def dedupe(store: Store, progress: Optional[Progress] = None, cancelled: Callable[[], bool] = lambda: False,
           who: str = SYSTEM) -> SearchResult:
    """The whole duplicate search (the `dedupe` command and the window's operation)."""
    near.merge_near_duplicate_items(store, progress, cancelled, who)
    if cancelled():
        return SearchResult()
    merge_people(store, who)
    result = find_candidates(store, progress, cancelled, who)
    store.refresh_entities()  # the entity list counts the events the search merged, so it opens at once
    return result


__all__ = [
    "merge_near_duplicate_items", "after_import", "pending", "AfterImport", "dedupe", "merge_people", "event_people", "find_candidates", "open_candidates",
    "SearchResult", "MergeError", "default_choices", "last_merge", "remerge", "set_candidate_status", "unmerge",
    "candidates", "merge", "near", "people",
]
