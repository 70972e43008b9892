"""The read queries the window runs: the release list, one release's page and events, the timeline, the audit log.

The list pages by key (``id > after``), never by offset, so scrolling to row
90,000 costs what row 1 does.
"""
from __future__ import annotations

import json
from typing import Optional

from ..dedupe.candidates import UNDECIDED
from .lookups import Lookups
from .validation import NotFound, fts_query
from .views import LOW_CONFIDENCE, EventView, FieldSpan, Filter, Organization, Person, ReleaseDetail, ReleaseRow, TimelineEvent

# A release's own live events with a doubtful field a reviewer has not set (one parameter: LOW_CONFIDENCE).
# The row's flag and the list filter share it, so the filter lists exactly the rows it flags.
_LOW = (
    "EXISTS (SELECT 1 FROM events e, json_each(e.confidence) j WHERE e.release_id = r.id AND e.deleted = 0"
    " AND e.merged_into IS NULL AND j.value < ? AND instr(e.edited_fields, '\"' || j.key || '\"') = 0)"
)
# A release with one of its events in a duplicate pair still to decide (the dialog's pairs).
_DUPS = (
    "(EXISTS (SELECT 1 FROM events e JOIN dup_candidates c ON c.event_a = e.id WHERE e.release_id = r.id"
    f" AND {UNDECIDED}) OR EXISTS (SELECT 1 FROM events e JOIN dup_candidates c"
    f" ON c.event_b = e.id WHERE e.release_id = r.id AND {UNDECIDED}))"
)
_ROW_SQL = (
    "SELECT r.id, r.title, r.kind, r.dateline, r.status,"
    " (SELECT d.name FROM items i JOIN documents d ON d.id = i.document_id WHERE i.release_id = r.id ORDER BY i.id LIMIT 1),"
    # the events the release's page shows (ReviewReads.release_detail): its own, and those its items'
    # sentences now report after a merge moved them to another release's event
    " (SELECT count(*) FROM (SELECT e.id FROM events e WHERE e.release_id = r.id AND e.deleted = 0"
    "  AND e.merged_into IS NULL UNION SELECT e.id FROM items i JOIN mentions m ON m.item_id = i.id"
    "  JOIN events e ON e.id = m.event_id WHERE i.release_id = r.id AND e.deleted = 0 AND e.merged_into IS NULL)),"
    f" {_DUPS}, {_LOW} FROM releases r"
)


def _release_row(r) -> ReleaseRow:
    return ReleaseRow(r[0], r[1], r[2], r[3], r[4], r[5] or "", r[6], bool(r[7]), bool(r[8]))


def _where(flt: Optional[Filter]) -> tuple[str, list]:
    where, params = ["r.merged_into IS NULL"], []
    if flt is None:
        return " WHERE " + where[0], params
    if flt.status:
        where.append("r.status = ?")
        params.append(flt.status)
    if flt.low_confidence:
        where.append(_LOW)
        params.append(LOW_CONFIDENCE)
    if flt.duplicates:
        where.append(_DUPS)
    q = fts_query(flt.search)
    if q:
        where.append("r.id IN (SELECT i.release_id FROM items i WHERE i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?))")
        params.append(q)
    return " WHERE " + " AND ".join(where), params


class ReviewReads(Lookups):
    """Everything the window shows, as :mod:`reviewer.review.views` dataclasses."""

    # -- the release list ------------------------------------------------------

    def release_page(self, after: int = 0, limit: int = 200, flt: Optional[Filter] = None) -> list[ReleaseRow]:
        """The next ``limit`` releases after id ``after`` in list order (keyset paging: as fast on row 90,000 as on row 1)."""
        where, params = _where(flt)
        cur = self.store.db.execute(f"{_ROW_SQL}{where} AND r.id > ? ORDER BY r.id LIMIT ?",
                                    [LOW_CONFIDENCE, *params, after, limit])
        return [_release_row(r) for r in cur]

    def release_row(self, release_id: int) -> Optional[ReleaseRow]:
        r = self.store.db.execute(f"{_ROW_SQL} WHERE r.id = ?", [LOW_CONFIDENCE, release_id]).fetchone()
        return None if r is None else _release_row(r)

    def count_releases(self, flt: Optional[Filter] = None) -> int:
        where, params = _where(flt)
        return self.store.db.execute(f"SELECT count(*) FROM releases r{where}", params).fetchone()[0]

    def progress(self) -> tuple[int, int]:
        """(verified, total) releases, for the status bar."""
        row = self.store.db.execute(
            "SELECT count(*), coalesce(sum(status = 'verified'), 0) FROM releases WHERE merged_into IS NULL").fetchone()
        return row[1], row[0]

    def open_duplicate_pairs(self) -> int:
        """Candidate duplicate pairs still to decide (open or put off), for the status bar."""
        return self.store.db.execute(f"SELECT count(*) FROM dup_candidates c WHERE {UNDECIDED}").fetchone()[0]

    def next_release(self, after: int, status_not: str = "verified") -> Optional[int]:
        """The next release (wrapping around) whose status is not ``status_not``; None when all are."""
        ex = self.store.db.execute
        for sql, arg in (("id > ?", after), ("id <= ?", after)):
            row = ex(f"SELECT id FROM releases WHERE merged_into IS NULL AND status != ? AND {sql} ORDER BY id LIMIT 1",
                     [status_not, arg]).fetchone()
            if row:
                return row[0]
        return None

    # -- one release and its events ---------------------------------------------

    def release_detail(self, release_id: int) -> ReleaseDetail:
        """Everything the page view and the editor show for one release, from its first page."""
        rel = self.release_row(release_id)
        if rel is None:
            raise NotFound(f"release {release_id} does not exist")
        ex = self.store.db.execute
        item_id = self._shown_item(release_id)
        doc_id, start, end = ex('SELECT document_id, start, "end" FROM items WHERE id = ?', [item_id]).fetchone()
        text = self.store.document_text(doc_id)
        furniture = [tuple(r) for r in ex('SELECT start, "end", kind FROM furniture WHERE document_id = ? ORDER BY start', [doc_id])]
        pages = [r[0] for r in ex("SELECT DISTINCT d.name FROM items i JOIN documents d ON d.id = i.document_id"
                                  " WHERE i.release_id = ? ORDER BY d.id", [release_id])]
        events = [self._event_view(ev) for ev in self._release_events(release_id)]
        # The item's mentions, each credited to the live event it now belongs to (after merges).
        by_id = {e.id: e for e in events}
        mentions: dict[int, int] = {}
        for mention_id, event_id, ev_start, ev_end in ex(
                "SELECT id, event_id, evidence_start, evidence_end FROM mentions WHERE item_id = ? ORDER BY position, id", [item_id]):
            owner = self.store.live_root("events", event_id)
            if owner in by_id:
                mentions[mention_id] = owner
                if by_id[owner].evidence is None:
                    by_id[owner].mention_id, by_id[owner].evidence = mention_id, (ev_start, ev_end)
        spans: list[FieldSpan] = []
        if mentions:
            marks = ",".join("?" * len(mentions))
            for r in ex(f'SELECT mention_id, field, value, start, "end", confidence FROM field_spans WHERE mention_id IN ({marks})'
                        " ORDER BY start", list(mentions)):
                spans.append(FieldSpan(mentions[r[0]], *r[1:]))
        return ReleaseDetail(rel, doc_id, item_id, text, (start, end), furniture, events, spans, pages)

    def event(self, event_id: int) -> EventView:
        """One event's fields (no page: ``evidence`` comes with :meth:`release_detail`)."""
        return self._event_view(self._event(event_id))

    def _event_view(self, ev: dict) -> EventView:
        ex = self.store.db.execute
        return EventView(
            ev["id"], ev["release_id"], ev["date_start"], ev["date_end"], ev["event_type"], ev["status"], ev["location"],
            bool(ev["online"]), json.loads(ev["confidence"] or "{}"), json.loads(ev["edited_fields"] or "[]"),
            ev["origin"], ev["review_status"],
            [Person(*r) for r in ex("SELECT id, name, role, confidence FROM event_participants WHERE event_id = ?"
                                    " ORDER BY position, id", [ev["id"]])],
            [Organization(*r) for r in ex("SELECT id, name, confidence FROM event_organizations WHERE event_id = ?"
                                          " ORDER BY position, id", [ev["id"]])],
        )

    # -- across releases ------------------------------------------------------------

    def timeline(self, limit: int = 5000) -> list[TimelineEvent]:
        """Dated live events in date order (year-unknown ones last), for the timeline view."""
        cur = self.store.db.execute(
            "SELECT e.id, e.release_id, e.date_start, e.date_end, e.event_type, coalesce(r.title, '') FROM events e"
            " LEFT JOIN releases r ON r.id = e.release_id WHERE e.deleted = 0 AND e.merged_into IS NULL"
            " AND e.date_start IS NOT NULL ORDER BY e.date_start LIMIT ?", [limit])
        return [TimelineEvent(*r) for r in cur]

    def audit(self, table: Optional[str] = None, row_id: Optional[int] = None) -> list[dict]:
        """Audit rows oldest first, optionally of one table (and one row of it)."""
        sql, params = "SELECT * FROM audit_log", []
        if table is not None:
            sql += " WHERE table_name = ?" + (" AND row_id = ?" if row_id is not None else "")
            params = [table] + ([row_id] if row_id is not None else [])
        return self.store.rows(sql + " ORDER BY id", params)
