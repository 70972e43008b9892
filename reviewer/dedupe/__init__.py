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
from . import near, people
from .people import event_people, merge_people

Progress = Callable[[int, int, str], None]


def merge_near_duplicate_items(store: Store, progress: Optional[Progress] = None,
                               cancelled: Callable[[], bool] = lambda: False, who: str = SYSTEM) -> int:
    """Merge near-duplicate releases (only new ones are queried) and name variants of one person.

    Returns the number of releases absorbed.
    """
    merged = near.merge_near_duplicate_items(store, progress, cancelled, who)
    if not cancelled():
        merge_people(store, who)
    return merged


__all__ = ["merge_near_duplicate_items", "merge_people", "event_people"]
