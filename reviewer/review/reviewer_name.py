"""Who the audit log credits: changing the reviewer's name is itself written to the log (one row, action ``reviewer``).

The name is no value of the dataset, so the change is not an undoable edit;
the row says who became whom and when, so the history explains why later
rows carry another name.
"""
from __future__ import annotations

from ..store import SYSTEM
from .lookups import Lookups
from .validation import InvalidValue, clean_name


class ReviewerName(Lookups):
    def change_reviewer(self, name: str) -> str:
        """Credit later edits to ``name`` (white space collapsed); the change is one audit row, written in its
        own transaction. Returns the name now recorded; an unchanged name writes nothing."""
        new = clean_name(name, "reviewer name")
        if new == SYSTEM:
            raise InvalidValue(f"reviewer name {new!r}: reserved for changes nobody made by hand")
        old = self.reviewer
        if new == old:
            return new
        with self.store.transaction():
            self.store.log(new, "reviewer", "reviewers", None, "name", old, new)
        self.reviewer = new
        return new
