"""The read queries the window runs: the release list, one release's page and events, the timeline, the audit log.

The list pages by key (``id > after``, or ``(sort key, id) > (…)`` in another
order), never by offset, so scrolling to row 90,000 costs what row 1 does. Its
flags and attention filters are :mod:`.attention`'s rule; its search is
:mod:`.search`'s reading of the text.
"""
from __future__ import annotations

import json
from typing import Optional

from ..queries import UNDECIDED, release_events
from ..extract.sentences import split
from ..model import Span
from .attention import LIVE, RELEASE_LOW, RELEASE_NEEDS_ATTENTION, RELEASE_PAIRS
from .lookups import Lookups
from .search import fts_match
from .validation import NotFound
from .views import EventView, FieldSpan, Filter, Organization, Person, ReleaseDetail, ReleaseRow, TimelineEvent

_DATE = f"(SELECT min(e.date_start) FROM events e WHERE e.release_id = r.id AND {LIVE})"
_TYPE = f"(SELECT e.event_type FROM events e WHERE e.release_id = r.id AND {LIVE} ORDER BY e.position, e.id LIMIT 1)"
# the events the release's page shows (ReviewReads.release_detail): its own, and those its items'
# sentences now report after a merge moved them to another release's event
_EVENTS = f" (SELECT count(*) FROM ({release_events('r.id')}))"
# 0: no note; 1: a note (reviewer.review.notes) on the release or one of its live events; 2: one of them is
# flagged for a second look. A cleared note (no text, no flag) is none. Index look-ups only (notes_release,
# events_release, notes_event).
_NOTE_HELD = "(n.text != '' OR n.flag = 1)"
NOTE_LEVEL = (
    f"max(coalesce((SELECT max(n.flag) + 1 FROM notes n WHERE n.release_id = r.id AND {_NOTE_HELD}), 0),"
    f" coalesce((SELECT max(n.flag) + 1 FROM events e JOIN notes n ON n.event_id = e.id WHERE e.release_id = r.id"
    f" AND {LIVE} AND {_NOTE_HELD}), 0))"
)
_ROW_SQL = (
    "SELECT r.id, r.title, r.kind, r.dateline, r.status,"
    " (SELECT d.name FROM items i JOIN documents d ON d.id = i.document_id WHERE i.release_id = r.id ORDER BY i.id LIMIT 1),"
    f" {_EVENTS}, {RELEASE_PAIRS}, {RELEASE_LOW}, {_DATE}, {_TYPE}, {NOTE_LEVEL} FROM releases r"
)
_STATUS_ORDER = {"unreviewed": 0, "in_progress": 1, "verified": 2}

#: Each sort of the list: its SQL key over release ``r``, and the same key from a fetched row. Keys
#: never compare NULL (coalesced to ''), so SQL and Python order rows alike and paging by key is exact.
SORTS = {
    "id": ("r.id", lambda row: row.id),
    "title": ("r.title", lambda row: row.title),
    # a year-unknown date sorts with the undated, before every known year
    "date": (f"replace(coalesce({_DATE}, ''), 'XXXX', '0000')", lambda row: (row.date or "").replace("XXXX", "0000")),
    "type": (f"coalesce({_TYPE}, '')", lambda row: row.event_type or ""),
    "status": ("CASE r.status " + " ".join(f"WHEN '{k}' THEN {v}" for k, v in _STATUS_ORDER.items()) + " END",
               lambda row: _STATUS_ORDER.get(row.status, 3)),
    "events": (_EVENTS, lambda row: row.events),
}


def sort_key(flt: Optional[Filter], row: ReleaseRow) -> tuple:
    """Where ``row`` sits in the list ``flt`` sorts (ascending: the caller flips for a descending sort)."""
    key = SORTS[flt.sort if flt is not None else "id"][1]
    return (key(row), row.id)


def _release_row(r) -> ReleaseRow:
    return ReleaseRow(r[0], r[1], r[2], r[3], r[4], r[5] or "", r[6], bool(r[7]), bool(r[8]), r[9], r[10], r[11])


def _like(text: str) -> Optional[str]:
    """``text`` anywhere in a value (``%`` and ``_`` literal); None when there is nothing to look for."""
    text = text.strip()
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" if text else None


_LIKE = "LIKE ? ESCAPE '\\'"


def _where(flt: Optional[Filter], search: bool = True) -> tuple[str, list]:
    params: list
    where, params = ["r.merged_into IS NULL"], []
    if flt is None:
        return " WHERE " + where[0], params
    where += [sql for on, sql in ((flt.attention, RELEASE_NEEDS_ATTENTION), (flt.low_confidence, RELEASE_LOW),
                                  (flt.duplicates, RELEASE_PAIRS)) if on]
    # conditions with one value each, applied when the value is given; the event ones hold for one event
    dated = bool(flt.date_from or flt.date_to)
    for conds, wrap in (
        ([("r.status = ?", flt.status), ("r.reviewer = ?", flt.reviewer)], None),
        ([("e.event_type = ?", flt.event_type),
          ("e.date_start GLOB ?", "[0-9]*" if dated else None),  # a year-unknown date is in no range
          ("coalesce(e.date_end, e.date_start) >= ?", flt.date_from), ("e.date_start <= ?", flt.date_to),
          (f"e.location {_LIKE}", _like(flt.location)),
          (f"EXISTS (SELECT 1 FROM event_participants x WHERE x.event_id = e.id AND x.name {_LIKE})", _like(flt.participant)),
          (f"EXISTS (SELECT 1 FROM event_organizations x WHERE x.event_id = e.id AND x.name {_LIKE})", _like(flt.organization))],
         f"EXISTS (SELECT 1 FROM events e WHERE e.release_id = r.id AND {LIVE} AND {{}})"),
    ):
        given = [(sql, v) for sql, v in conds if v]
        if given:
            joined = " AND ".join(sql for sql, _ in given)
            where.append(wrap.format(joined) if wrap else joined)
            params += [v for _, v in given]
    if flt.notes in ("note", "flag"):
        where.append(f"{NOTE_LEVEL} >= {1 if flt.notes == 'note' else 2}")
    q = fts_match(flt.search, flt.any_words) if search else ""
    if q:
        # joined, not nested: one temporary index of release ids instead of two (a third faster when 100,000 match)
        where.append("r.id IN (SELECT i.release_id FROM items_fts f JOIN items i ON i.id = f.rowid WHERE items_fts MATCH ?)")
        params.append(q)
    return " WHERE " + " AND ".join(where), params


class ReviewReads(Lookups):
    """Everything the window shows, as :mod:`reviewer.review.views` dataclasses."""

    # -- the release list ------------------------------------------------------

    def release_page(self, after: int = 0, limit: int = 200, flt: Optional[Filter] = None,
                     after_row: Optional[ReleaseRow] = None) -> list[ReleaseRow]:
        """The next ``limit`` releases in the order ``flt`` sorts them, after release id ``after`` (default order)
        or after ``after_row`` (any order). Keyset paging: as fast on row 90,000 as on row 1 in the default order;
        another order computes its key for every listed release, the rows only for the page."""
        where, params = _where(flt)
        sort = flt.sort if flt is not None else "id"
        if sort == "id" and not (flt is not None and flt.descending):
            start = after_row.id if after_row is not None else after
            q = fts_match(flt.search, flt.any_words) if flt is not None else ""
            if flt is not None and q:
                return self._search_page(flt, q, start, limit)
            cur = self.store.db.execute(f"{_ROW_SQL}{where} AND r.id > ? ORDER BY r.id LIMIT ?", [*params, start, limit])
            return [_release_row(r) for r in cur]
        key_sql = SORTS[sort][0]
        op, order = ("<", "DESC") if flt is not None and flt.descending else (">", "ASC")
        if after_row is not None:
            where += f" AND ({key_sql}, r.id) {op} (?, ?)"
            params += list(sort_key(flt, after_row))
        ids = [r[0] for r in self.store.db.execute(
            f"SELECT r.id FROM releases r{where} ORDER BY {key_sql} {order}, r.id {order} LIMIT ?", [*params, limit])]
        return self._rows_in_order(ids)

    def _search_page(self, flt: Filter, q: str, after: int, limit: int) -> list[ReleaseRow]:
        """A search's next page in list order, read from the search index in its own order and stopped after a page.

        Every item of a live release holds the release's text (a release is one content, told apart by
        its hash, which ignores only spacing and case, as the index does), and a release's first item
        comes before the first item of every later release. So the matching *first* items, in the
        index's order, are the matching releases in id order: no need to gather all matches first
        (100,000 when a word is in every item) to sort them.
        """
        where, params = _where(flt, search=False)
        ids = [r[0] for r in self.store.db.execute(
            "SELECT r.id FROM items_fts f JOIN items i ON i.id = f.rowid JOIN releases r ON r.id = i.release_id"
            f"{where} AND items_fts MATCH ? AND f.rowid > (SELECT coalesce(min(id), 0) FROM items WHERE release_id = ?)"
            " AND r.id > ? AND i.id = (SELECT min(x.id) FROM items x WHERE x.release_id = r.id) ORDER BY f.rowid LIMIT ?",
            [*params, q, after, after, limit])]
        return self._rows_in_order(ids)

    def _rows_in_order(self, ids: list[int]) -> list[ReleaseRow]:
        if not ids:
            return []
        rows = {r[0]: _release_row(r) for r in self.store.db.execute(
            f"{_ROW_SQL} WHERE r.id IN (SELECT value FROM json_each(?))", [json.dumps(ids)])}
        return [rows[i] for i in ids]

    def release_row(self, release_id: int) -> Optional[ReleaseRow]:
        r = self.store.db.execute(f"{_ROW_SQL} WHERE r.id = ?", [release_id]).fetchone()
        return None if r is None else _release_row(r)

    def release_sentence(self, release_id: int) -> str:
        """The release's first sentence in full, white space collapsed (the list's tooltip: titles are cut)."""
        item_id = self._shown_item(release_id)
        doc_id, segs = self.store.db.execute("SELECT document_id, segments FROM items WHERE id = ?", [item_id]).fetchone()
        text = self.store.document_text(doc_id)
        first = split(text, [Span(s, e) for s, e in json.loads(segs)])[:1]
        return " ".join(text[first[0].start : first[0].end].split()) if first else ""

    def reviewers(self) -> list[str]:
        """Everyone who set a release's status, for the list's reviewer filter."""
        return [r[0] for r in self.store.db.execute(
            "SELECT DISTINCT reviewer FROM releases WHERE reviewer IS NOT NULL ORDER BY reviewer")]

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
            [Person(r[0], r[1], r[2], r[3], bool(r[4])) for r in ex(
                "SELECT id, name, role, confidence, checked FROM event_participants WHERE event_id = ? ORDER BY position, id",
                [ev["id"]])],
            [Organization(r[0], r[1], r[2], bool(r[3])) for r in ex(
                "SELECT id, name, confidence, checked FROM event_organizations WHERE event_id = ? ORDER BY position, id",
                [ev["id"]])],
            checked_fields=json.loads(ev["checked_fields"] or "[]"),
        )

    # -- across releases ------------------------------------------------------------

    def timeline(self, limit: int = 5000) -> list[TimelineEvent]:
        """Dated live events in date order (year-unknown ones last), for the timeline view."""
        cur = self.store.db.execute(
            "SELECT e.id, e.release_id, e.date_start, e.date_end, e.event_type, coalesce(r.title, ''),"
            " e.review_status = 'verified' FROM events e"
            f" LEFT JOIN releases r ON r.id = e.release_id WHERE {LIVE}"
            " AND e.date_start IS NOT NULL ORDER BY e.date_start LIMIT ?", [limit])
        return [TimelineEvent(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6])) for r in cur]

    def audit(self, table: Optional[str] = None, row_id: Optional[int] = None) -> list[dict]:
        """Audit rows oldest first, optionally of one table (and one row of it)."""
        sql, params = "SELECT * FROM audit_log", []
        if table is not None:
            sql += " WHERE table_name = ?" + (" AND row_id = ?" if row_id is not None else "")
            params = [table] + ([row_id] if row_id is not None else [])
        return self.store.rows(sql + " ORDER BY id", params)
