"""Import-time writes: a page, its items, their events, mentions and spans; re-extraction's refresh.

These are the system's writes (no reviewer): a reviewer's change goes through
:class:`reviewer.review.changes.ChangeEngine` instead.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional

from ..model import Mention, Page
from .connection import audit_value, now, stamp_events
from .entities import Entities


@dataclass
class ImportResult:
    document_id: Optional[int]
    new: bool  # False when the same bytes were already stored, or another page with the same URL
    items: int = 0
    events: int = 0
    same_url: Optional[str] = None  # the name of the stored page with the same URL and other content



class PageWrites(Entities):
    """Writes of the import: pages in, and re-extraction's refresh of the values nobody edited."""

    def has_document(self, sha256: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE sha256 = ?", [sha256]).fetchone() is not None

    def document_with_url(self, url: str) -> Optional[str]:
        """The name of the stored page whose URL is ``url``, if any: a web page is stored once per URL."""
        row = self.db.execute("SELECT name FROM documents WHERE url = ? LIMIT 1", [url]).fetchone()
        return None if row is None else row[0]

    def add_page(self, page: Page, mentions: dict[int, list[Mention]], hashes: dict[int, str]) -> ImportResult:
        """Store a page, its items and their mentions; link copies of known items to their release.

        ``mentions`` and ``hashes`` are keyed by item ``seq``. The whole page is
        one transaction: a failure leaves nothing of it behind.
        """
        if self.has_document(page.sha256):
            return ImportResult(None, new=False)
        if page.url is not None and (same := self.document_with_url(page.url)) is not None:
            return ImportResult(None, new=False, same_url=same)
        stamp = now()
        ex = self.db.execute
        with self.transaction():
            doc_id = ex(
                "INSERT INTO documents (name, path, sha256, text, encoding, size, warnings, imported_at, url, title,"
                " published) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [page.name, page.path, page.sha256, page.text, page.encoding, len(page.text),
                 "\n".join(page.warnings) or None, stamp, page.url, page.title, page.published],
            ).lastrowid
            self.db.conn.executemany(
                'INSERT INTO furniture (document_id, start, "end", kind) VALUES (?,?,?,?)',
                [(doc_id, f.span.start, f.span.end, f.kind) for f in page.furniture],
            )
            n_events = 0
            for item in page.items:
                h = hashes[item.seq]
                row = ex("SELECT id FROM releases WHERE content_hash = ?", [h]).fetchone()
                if row:
                    release_id, known = row[0], True
                else:
                    release_id = ex(
                        "INSERT INTO releases (content_hash, kind, title, dateline, updated_at) VALUES (?,?,?,?,?)",
                        [h, item.kind, item.first_line(page.text)[:300], item.dateline, stamp],
                    ).lastrowid
                    known = False
                item_id = ex(
                    'INSERT INTO items (document_id, release_id, seq, kind, headline, dateline, start, "end", segments, content_hash)'
                    " VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [doc_id, release_id, item.seq, item.kind,
                     page.text[item.headline.start : item.headline.end] if item.headline else None,
                     item.dateline, item.span.start, item.span.end,
                     json.dumps([[s.start, s.end] for s in item.segments]), h],
                ).lastrowid
                assert item_id is not None  # set by the INSERT just run
                ex("INSERT INTO items_fts(rowid, content) VALUES (?, ?)", [item_id, item.content(page.text)])
                existing = [r[0] for r in ex(
                    "SELECT id FROM events WHERE release_id = ? AND origin = 'extracted' ORDER BY position, id", [release_id])]
                for pos, mention in enumerate(mentions.get(item.seq, [])):
                    if known and pos < len(existing):
                        event_id = existing[pos]
                    else:
                        event_id = self._insert_event(release_id, pos, mention, stamp)
                        n_events += 1
                    self._insert_mention(event_id, item_id, pos, mention)
        return ImportResult(doc_id, new=True, items=len(page.items), events=n_events)

    def _insert_event(self, release_id: int, pos: int, m: Mention, stamp: str) -> int:
        conf = {f: round(getattr(m, f).confidence, 3) for f in ("date_start", "date_end", "event_type", "status", "location", "online")}
        event_id = self.db.execute(
            "INSERT INTO events (release_id, position, date_start, date_end, event_type, status, location, online,"
            " confidence, created_at, updated_at, place_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [release_id, pos, m.date_start.value, m.date_end.value, m.event_type.value, m.status.value,
             m.location.value, int(bool(m.online.value)), json.dumps(conf), stamp, stamp,
             self.entity_for("place", m.location.value)],
        ).lastrowid
        assert event_id is not None  # set by the INSERT just run
        self._insert_participants(event_id, m)
        self._insert_organizations(event_id, m)
        return event_id

    def _insert_participants(self, event_id: int, m: Mention) -> None:
        self.db.conn.executemany(
            "INSERT INTO event_participants (event_id, position, name, role, confidence, person_id) VALUES (?,?,?,?,?,?)",
            [(event_id, i, p.name, p.role, p.confidence, self.person_for(p.name)) for i, p in enumerate(m.participants)],
        )

    def _insert_organizations(self, event_id: int, m: Mention) -> None:
        self.db.conn.executemany(
            "INSERT INTO event_organizations (event_id, position, name, confidence, entity_id) VALUES (?,?,?,?,?)",
            [(event_id, i, o.value, o.confidence, self.entity_for("organization", o.value)) for i, o in enumerate(m.organizations)],
        )

    def _insert_mention(self, event_id: int, item_id: int, pos: int, m: Mention) -> int:
        mention_id = self.db.execute(
            "INSERT INTO mentions (event_id, item_id, position, evidence_start, evidence_end, more_evidence) VALUES (?,?,?,?,?,?)",
            [event_id, item_id, pos, m.evidence.start, m.evidence.end,
             json.dumps([[s.start, s.end] for s in m.more_evidence])],
        ).lastrowid
        assert mention_id is not None  # set by the INSERT just run
        self._insert_spans(mention_id, m)
        return mention_id

    def _insert_spans(self, mention_id: int, m: Mention) -> None:
        spans = []
        for f in ("date_start", "date_end", "event_type", "status", "location", "online"):
            v = getattr(m, f)
            if v.span is not None:
                spans.append((mention_id, f, audit_value(v.value), v.span.start, v.span.end, v.confidence))
        for p in m.participants:
            if p.span is not None:
                spans.append((mention_id, "participant", p.name, p.span.start, p.span.end, p.confidence))
            if p.role_span is not None:
                spans.append((mention_id, "role", p.role, p.role_span.start, p.role_span.end, p.confidence))
        for o in m.organizations:
            if o.span is not None:
                spans.append((mention_id, "organization", o.value, o.span.start, o.span.end, o.confidence))
        self.db.conn.executemany(
            'INSERT INTO field_spans (mention_id, field, value, start, "end", confidence) VALUES (?,?,?,?,?,?)', spans
        )

    # -- re-extraction: the stored pages read back page by page, then refreshed

    def document_ids(self) -> list[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM documents ORDER BY id")]

    def item_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM items").fetchone()[0]

    def item_rows(self, document_id: int) -> list[dict]:
        """A page's items in order, with the columns :func:`reviewer.importing.pipeline.item_from_row` reads."""
        return self.rows('SELECT id, document_id, seq, kind, headline, dateline, start, "end", segments FROM items'
                         " WHERE document_id = ? ORDER BY seq", [document_id])

    def item_mentions(self, document_id: int) -> dict[int, list[tuple[int, int]]]:
        """Each item of a page: its mentions' (id, event id) in order. One read for the page, not one an item."""
        out: dict[int, list[tuple[int, int]]] = {}
        for item_id, mention_id, event_id in self.db.execute(
                "SELECT m.item_id, m.id, m.event_id FROM items i JOIN mentions m ON m.item_id = i.id"
                " WHERE i.document_id = ? ORDER BY m.item_id, m.position, m.id", [document_id]):
            out.setdefault(item_id, []).append((mention_id, event_id))
        return out

    def refresh_mention(self, mention_id: int, m: Mention) -> None:
        """Replace a mention's evidence and extracted spans with a new extraction of the same item.

        The mention keeps its id, and spans a reviewer marked stay.
        """
        self.db.execute(
            "UPDATE mentions SET evidence_start = ?, evidence_end = ?, more_evidence = ? WHERE id = ?",
            [m.evidence.start, m.evidence.end, json.dumps([[s.start, s.end] for s in m.more_evidence]), mention_id],
        )
        self.db.execute("DELETE FROM field_spans WHERE mention_id = ? AND origin = 'extracted'", [mention_id])
        self._insert_spans(mention_id, m)

    def refresh_event(self, event_id: int, m: Mention) -> list[str]:
        """Write a new extraction into an event, except the fields a reviewer has edited.

        Returns the fields that changed. Reviewer edits are listed in
        ``events.edited_fields`` and are never overwritten.
        """
        row = self.rows("SELECT * FROM events WHERE id = ?", [event_id])[0]
        edited = set(json.loads(row["edited_fields"]))
        conf = json.loads(row["confidence"])
        changed = []
        for f in ("date_start", "date_end", "event_type", "status", "location", "online"):
            v = getattr(m, f)
            value = int(bool(v.value)) if f == "online" else v.value
            if f in edited:
                continue
            conf[f] = round(v.confidence, 3)
            if row[f] != value:
                changed.append(f)
                self.db.execute(f"UPDATE events SET {f} = ? WHERE id = ?", [value, event_id])
        self.db.execute("UPDATE events SET confidence = ? WHERE id = ?", [json.dumps(conf), event_id])
        if "participants" not in edited:
            old = [(r[0], r[1]) for r in self.db.execute(
                "SELECT name, role FROM event_participants WHERE event_id = ? ORDER BY position, id", [event_id])]
            if old != [(p.name, p.role) for p in m.participants]:
                changed.append("participants")
                self.db.execute("DELETE FROM event_participants WHERE event_id = ?", [event_id])
                self._insert_participants(event_id, m)
        if "organizations" not in edited:
            old = [r[0] for r in self.db.execute(
                "SELECT name FROM event_organizations WHERE event_id = ? ORDER BY position, id", [event_id])]
            if old != [o.value for o in m.organizations]:
                changed.append("organizations")
                self.db.execute("DELETE FROM event_organizations WHERE event_id = ?", [event_id])
                self._insert_organizations(event_id, m)
        if changed:
            stamp_events(self.db, [event_id])
        return changed
