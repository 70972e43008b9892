"""Shared reads of the store: the live end of a merge chain, counts, a document's text and name."""
from __future__ import annotations

from ..queries import LIVE, UNDECIDED
from .connection import Connection
from .errors import StoreError


class Reads(Connection):
    """Reads several parts of the core share."""

    def live_root(self, table: str, row_id: int) -> int:
        """The live row a chain of ``merged_into`` links ends at (``table``: releases or events)."""
        assert table in ("releases", "events")
        seen = set()
        while row_id not in seen:  # a cycle would be corrupt data: stop rather than loop
            seen.add(row_id)
            row = self.db.execute(f"SELECT merged_into FROM {table} WHERE id = ?", [row_id]).fetchone()
            if row is None or row[0] is None:
                return row_id
            row_id = row[0]
        return row_id

    def stats(self) -> dict[str, int]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "documents": one("SELECT count(*) FROM documents"),
            "items": one("SELECT count(*) FROM items"),
            "releases": one("SELECT count(*) FROM releases WHERE merged_into IS NULL"),
            "events": one(f"SELECT count(*) FROM events WHERE {LIVE}"),
            "verified": one(f"SELECT count(*) FROM events WHERE {LIVE} AND review_status = 'verified'"),
            "duplicates": one(f"SELECT count(*) FROM dup_candidates c WHERE {UNDECIDED}"),
        }

    def document_text(self, document_id: int) -> str:
        return self._document(document_id, "text")

    def document_name(self, document_id: int) -> str:
        """The name a page was imported under (its file, or ``feed.jsonl:LINE``), as messages show it."""
        return self._document(document_id, "name")

    def _document(self, document_id: int, column: str) -> str:
        row = self.db.execute(f"SELECT {column} FROM documents WHERE id = ?", [document_id]).fetchone()
        if row is None:
            raise StoreError(f"no document {document_id}")
        return row[0]
