"""Duplicates: near-duplicate items, one person per name variant, candidate event pairs, merge/unmerge.

- identical items share a release at import (the store's content hash);
- :func:`merge_near_duplicate_items` (run after every import) merges releases
  whose texts nearly agree, and the people whose names are spellings of one;
- :mod:`.candidates` proposes pairs of events from different items that may
  report one real-world event, with a score and reasons, for the reviewer;
- :mod:`.merge` merges such a pair field by field and unmerges it exactly.
"""
from __future__ import annotations

from typing import Callable, Optional

from ..store import SYSTEM, Store
from . import candidates, merge, near, people
from .candidates import SearchResult, find_candidates, open_candidates
from .merge import MergeError, default_choices, last_merge, remerge, set_candidate_status, unmerge
from .people import event_people, merge_people

Progress = Callable[[int, int, str], None]


def merge_near_duplicate_items(store: Store, progress: Optional[Progress] = None,
                               cancelled: Callable[[], bool] = lambda: False, who: str = SYSTEM) -> int:
    """After an import: merge near-duplicate releases (only new ones are queried), name variants of
    one person, and near-certain duplicate events; propose the likely ones to the reviewer.

    Returns the number of releases absorbed.
    """
    merged = near.merge_near_duplicate_items(store, progress, cancelled, who)
    if not cancelled():
        merge_people(store, who)
    if not cancelled():
        find_candidates(store, progress, cancelled, who)
    return merged


def dedupe(store: Store, progress: Optional[Progress] = None, cancelled: Callable[[], bool] = lambda: False,
           who: str = SYSTEM) -> SearchResult:
    """The whole duplicate search (the `dedupe` command and the window's operation)."""
    near.merge_near_duplicate_items(store, progress, cancelled, who)
    if cancelled():
        return SearchResult()
    merge_people(store, who)
    return find_candidates(store, progress, cancelled, who)


__all__ = [
    "merge_near_duplicate_items", "dedupe", "merge_people", "event_people", "find_candidates", "open_candidates",
    "SearchResult", "MergeError", "default_choices", "last_merge", "remerge", "set_candidate_status", "unmerge",
    "candidates", "merge", "near", "people",
]
