"""A reviewer's session on one database: the review service with the entity and duplicate services beside it.

The window works through one connection and one reviewer; its widgets ask this
object for the service they need (``entities()``, ``duplicates()``) instead of
building one from the store, so no widget reaches the store. It sits above the
workflows it hands out (``review`` cannot import ``entities``, a layer above it).
"""
from __future__ import annotations

from .dedupe.service import DuplicateService
from .entities import EntityService
from .review import ReviewService


class ReviewSession(ReviewService):
    """``ReviewSession(store, reviewer)``: the review service, and the other services over the same connection."""

    def entities(self) -> EntityService:
        """People, organizations and places, changed on behalf of the session's reviewer (as named now)."""
        return EntityService(self.store, self.reviewer)

    def duplicates(self) -> DuplicateService:
        """Candidate pairs and their decisions."""
        return DuplicateService(self.store)
