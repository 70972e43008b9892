"""The schema's migrations, numbered and registered in order.

Each is a function ``fn(db)`` registered with :func:`migration`; the store runs
each in its own transaction and bumps ``PRAGMA user_version``, so a database
made by any earlier version is upgraded in place and one made by a newer
version is refused untouched. A new migration goes at the end, before
:data:`LATEST`, and runs its SQL through :func:`run_script`.
"""
from __future__ import annotations

import json
import sqlite3
from typing import Callable

import sqlite_utils

from ..names import name_key
from . import linking


MIGRATIONS: list[tuple[int, Callable[[sqlite_utils.Database], None]]] = []


def migration(version: int):
    """Register ``fn(db)`` as the migration that brings a database to ``version``."""

    def register(fn):
        # In increasing order. A number reserved for work not landed yet may be skipped (15 was, when 16
        # landed); a database already past it never runs it, so such a migration must not be needed
        # by one that upgraded in between (a new column added with a default, say).
        assert not MIGRATIONS or MIGRATIONS[-1][0] < version, "migrations are numbered in increasing order"
        MIGRATIONS.append((version, fn))
        return fn

    return register


def run_script(db: sqlite_utils.Database, script: str) -> None:
    """Run SQL statements one by one inside the current transaction.

    ``executescript`` would COMMIT first and run outside the migration's
    transaction, so a failing migration could leave half its tables behind.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        db.execute(statement)


@migration(1)
def _m001_core(db: sqlite_utils.Database) -> None:
    run_script(db, 
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,            -- file name, as export sources name it
            path TEXT NOT NULL,            -- where it was imported from
            sha256 TEXT NOT NULL UNIQUE,   -- of the raw bytes: the import identity
            text TEXT NOT NULL,            -- decoded, unchanged
            encoding TEXT NOT NULL,
            size INTEGER NOT NULL,
            warnings TEXT,
            imported_at TEXT NOT NULL
        );
        CREATE TABLE furniture (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            kind TEXT NOT NULL
        );
        CREATE INDEX furniture_document ON furniture(document_id);
        -- A release is one item's content, however many pages carry it.
        CREATE TABLE releases (
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            dateline TEXT,
            status TEXT NOT NULL DEFAULT 'unreviewed'
                CHECK (status IN ('unreviewed', 'in_progress', 'verified')),
            reviewer TEXT,
            updated_at TEXT,
            merged_into INTEGER REFERENCES releases(id)
        );
        CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            release_id INTEGER NOT NULL REFERENCES releases(id),
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('teaser', 'article')),
            headline TEXT,
            dateline TEXT,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            segments TEXT NOT NULL,        -- JSON [[start, end], ...] of content
            content_hash TEXT NOT NULL,
            UNIQUE (document_id, seq)
        );
        CREATE INDEX items_release ON items(release_id);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            release_id INTEGER REFERENCES releases(id),
            position INTEGER NOT NULL DEFAULT 0,
            date_start TEXT, date_end TEXT,
            event_type TEXT, status TEXT,
            location TEXT, online INTEGER NOT NULL DEFAULT 0,
            confidence TEXT NOT NULL DEFAULT '{}',   -- JSON field -> [0, 1]
            edited_fields TEXT NOT NULL DEFAULT '[]', -- JSON: fields a reviewer set
            origin TEXT NOT NULL DEFAULT 'extracted',
            review_status TEXT NOT NULL DEFAULT 'unreviewed',
            reviewer TEXT,
            deleted INTEGER NOT NULL DEFAULT 0,
            merged_into INTEGER REFERENCES events(id),
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL
        );
        CREATE INDEX events_release ON events(release_id);
        CREATE INDEX events_date ON events(date_start);
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            item_id INTEGER NOT NULL REFERENCES items(id),
            position INTEGER NOT NULL DEFAULT 0,
            evidence_start INTEGER NOT NULL, evidence_end INTEGER NOT NULL,
            more_evidence TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX mentions_event ON mentions(event_id);
        CREATE INDEX mentions_item ON mentions(item_id);
        CREATE TABLE field_spans (
            id INTEGER PRIMARY KEY,
            mention_id INTEGER NOT NULL REFERENCES mentions(id),
            field TEXT NOT NULL,
            value TEXT,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            confidence REAL NOT NULL
        );
        CREATE INDEX field_spans_mention ON field_spans(mention_id);
        CREATE TABLE event_participants (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            position INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL,
            role TEXT,
            confidence REAL NOT NULL DEFAULT 1.0
        );
        CREATE INDEX event_participants_event ON event_participants(event_id);
        CREATE TABLE event_organizations (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id),
            position INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL,
            confidence REAL NOT NULL DEFAULT 1.0
        );
        CREATE INDEX event_organizations_event ON event_organizations(event_id);
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            who TEXT NOT NULL,
            action TEXT NOT NULL,
            table_name TEXT NOT NULL,
            row_id INTEGER,
            field TEXT,
            old TEXT,
            new TEXT
        );
        CREATE INDEX audit_row ON audit_log(table_name, row_id);
        """
    )


@migration(2)
def _m002_people_duplicates_search(db: sqlite_utils.Database) -> None:
    run_script(db, 
        """
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL               -- the fullest spelling seen
        );
        CREATE TABLE person_aliases (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id),
            alias TEXT NOT NULL,
            key TEXT NOT NULL UNIQUE         -- casefolded alias
        );
        ALTER TABLE event_participants ADD COLUMN person_id INTEGER REFERENCES people(id);
        CREATE TABLE known_entities (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('person', 'organization', 'place')),
            name TEXT NOT NULL,
            canonical TEXT,                  -- for people: the name the alias stands for
            created_by TEXT, created_at TEXT,
            UNIQUE (kind, name)
        );
        CREATE TABLE dup_candidates (
            id INTEGER PRIMARY KEY,
            event_a INTEGER NOT NULL REFERENCES events(id),
            event_b INTEGER NOT NULL REFERENCES events(id),
            score REAL NOT NULL,
            reasons TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'merged', 'not_duplicate', 'later')),
            decided_by TEXT, decided_at TEXT,
            UNIQUE (event_a, event_b)
        );
        CREATE TABLE merges (
            id INTEGER PRIMARY KEY,
            survivor INTEGER NOT NULL REFERENCES events(id),
            absorbed INTEGER NOT NULL REFERENCES events(id),
            snapshot TEXT NOT NULL,          -- JSON: both events as they were
            at TEXT NOT NULL, who TEXT NOT NULL,
            undone INTEGER NOT NULL DEFAULT 0
        );
        CREATE VIRTUAL TABLE items_fts USING fts5(content, tokenize='unicode61 remove_diacritics 2');
        """
    )
    # Backfill the search index for databases made by version 1.
    rows = db.execute(
        "SELECT items.id, documents.text, items.segments FROM items JOIN documents ON documents.id = items.document_id"
    ).fetchall()
    db.conn.executemany(
        "INSERT INTO items_fts(rowid, content) VALUES (?, ?)",
        [(iid, _segments_text(text, segs)) for iid, text, segs in rows],
    )


def _segments_text(text: str, segments_json: str) -> str:
    return "\n".join(text[s:e] for s, e in json.loads(segments_json))


@migration(3)
def _m003_near_duplicate_index(db: sqlite_utils.Database) -> None:
    # MinHash signatures and LSH band keys of each release's content, so the
    # near-duplicate pass after an import only hashes and queries new releases.
    run_script(db, 
        """
        CREATE TABLE release_minhash (
            release_id INTEGER PRIMARY KEY REFERENCES releases(id),
            signature BLOB NOT NULL,         -- uint64 MinHash values
            pending INTEGER NOT NULL DEFAULT 1  -- 1 until compared with the others
        );
        CREATE INDEX release_minhash_pending ON release_minhash(pending) WHERE pending = 1;
        CREATE TABLE release_lsh (
            release_id INTEGER NOT NULL REFERENCES releases(id),
            band INTEGER NOT NULL,
            key INTEGER NOT NULL
        );
        CREATE INDEX release_lsh_bucket ON release_lsh(band, key);
        CREATE INDEX release_lsh_release ON release_lsh(release_id);
        """
    )


@migration(4)
def _m004_lookup_indexes(db: sqlite_utils.Database) -> None:
    # The release list flags releases with open candidates and follows merges
    # for every row it shows: both lookups need an index at 100,000 items.
    run_script(db, """
        CREATE INDEX dup_candidates_b ON dup_candidates(event_b);
        CREATE INDEX events_merged_into ON events(merged_into);
        """)


@migration(5)
def _m005_dedupe_indexes(db: sqlite_utils.Database) -> None:
    # The duplicate search at 100,000 items: folding a release re-points the
    # releases merged into it, merging people re-points their participants and
    # aliases; unindexed, each of those scanned the whole table (quadratic).
    # The LSH bucket index also covers release_id, so bucket queries never
    # visit the table.
    run_script(db, """
        CREATE INDEX releases_merged_into ON releases(merged_into);
        CREATE INDEX event_participants_person ON event_participants(person_id);
        CREATE INDEX person_aliases_person ON person_aliases(person_id);
        DROP INDEX release_lsh_bucket;
        CREATE INDEX release_lsh_bucket ON release_lsh(band, key, release_id);
        """)


@migration(6)
def _m006_span_origin(db: sqlite_utils.Database) -> None:
    # Spans a reviewer marked in the page must survive re-extraction, which
    # replaces the extractor's own spans.
    db.execute("ALTER TABLE field_spans ADD COLUMN origin TEXT NOT NULL DEFAULT 'extracted'")


def _drop_release_hashes(db: sqlite_utils.Database) -> None:
    """Forget every release's signature and band keys: the next duplicate pass hashes every live
    release again (merges already made stay). For a change in how releases are hashed."""
    run_script(db, """
        DELETE FROM release_lsh;
        DELETE FROM release_minhash;
        """)


@migration(7)
def _m007_rehash_releases(db: sqlite_utils.Database) -> None:
    # LSH band keys now include a hash of each text's dates and numbers
    # (reviewer.dedupe.near.band_keys); keys stored before would never meet new ones.
    _drop_release_hashes(db)


@migration(8)
def _m008_streamed_candidates(db: sqlite_utils.Database) -> None:
    # The candidate search (reviewer.dedupe.stream) reads live events one
    # month-day at a time instead of all at once, and after an import compares
    # only the days of events added since its last run (dedupe_marks).
    run_script(db, """
        CREATE INDEX events_month_day ON events(substr(date_start, 6, 5)) WHERE deleted = 0 AND merged_into IS NULL;
        CREATE TABLE dedupe_marks (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        """)


@migration(9)
def _m009_rehash_word_shingles(db: sqlite_utils.Database) -> None:
    # A shingle's hash now mixes the hashes of its three words instead of
    # hashing the joined string (reviewer.dedupe.near.signature), and the
    # permutations no longer come from datasketch: stored signatures would
    # never meet new ones.
    _drop_release_hashes(db)


@migration(10)
def _m010_release_folds(db: sqlite_utils.Database) -> None:
    # A near-duplicate fold (reviewer.dedupe.near.fold_release) records every
    # value it changed, so a reviewer can separate two articles folded together
    # by mistake (reviewer.dedupe.folds); the pair is then kept apart by later
    # duplicate passes. Folds made before this migration have no record.
    run_script(db, """
        CREATE TABLE release_folds (
            id INTEGER PRIMARY KEY,
            survivor INTEGER NOT NULL REFERENCES releases(id),
            absorbed INTEGER NOT NULL REFERENCES releases(id),
            snapshot TEXT NOT NULL,          -- JSON {"changes": [[table, id, column, old, new], ...]}
            at TEXT NOT NULL, who TEXT NOT NULL,
            undone INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX release_folds_survivor ON release_folds(survivor);
        CREATE INDEX release_folds_absorbed ON release_folds(absorbed);
        CREATE TABLE release_not_duplicates (
            id INTEGER PRIMARY KEY,
            release_a INTEGER NOT NULL REFERENCES releases(id),  -- the lower id
            release_b INTEGER NOT NULL REFERENCES releases(id),
            fold_id INTEGER REFERENCES release_folds(id),        -- the separated fold, if any
            at TEXT NOT NULL, who TEXT NOT NULL,
            UNIQUE (release_a, release_b)
        );
        """)


@migration(11)
def _m011_key_counts(db: sqlite_utils.Database) -> None:
    # How many events hold each blocking key of the candidate search
    # (reviewer.dedupe.stream.KeyCounts), kept between searches so the search
    # after a small import counts only the new events instead of every event.
    run_script(db, """
        CREATE TABLE dedupe_key_counts (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            upto INTEGER NOT NULL,      -- events with an id up to this are counted
            events INTEGER NOT NULL,    -- how many events were counted
            modulus INTEGER NOT NULL,   -- sys.hash_info.modulus of the keys' hashes
            keys BLOB NOT NULL,         -- sorted int64 key hashes
            counts BLOB NOT NULL        -- int32 count of each
        );
        """)



@migration(12)
def _m012_checked_values(db: sqlite_utils.Database) -> None:
    # A reviewer can say "this low value is right" without changing it
    # (reviewer.review.attention): the event fields checked so, and a flag per
    # participant and organization. The partial indexes serve the triage counts
    # and filters, which look only for low values nobody has checked.
    run_script(db, """
        ALTER TABLE events ADD COLUMN checked_fields TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE event_participants ADD COLUMN checked INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE event_organizations ADD COLUMN checked INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX event_participants_low ON event_participants(event_id) WHERE confidence < 0.6 AND checked = 0;
        CREATE INDEX event_organizations_low ON event_organizations(event_id) WHERE confidence < 0.6 AND checked = 0;
        """)


@migration(13)
def _m013_actions_and_notes(db: sqlite_utils.Database) -> None:
    # The history reverts a whole reviewer action (a field and its edited_fields
    # mark, a verify and every event it stamped): the audit rows one transaction
    # wrote share an action_id (Store.log), the first row's id. Rows written
    # before have no record of their transaction: each is its own action.
    # Notes and "second look" flags, one row per event or release, are written
    # through the change engine (reviewer.review.notes), so they are audited and undoable.
    run_script(db, """
        ALTER TABLE audit_log ADD COLUMN action_id INTEGER;
        UPDATE audit_log SET action_id = id;
        CREATE INDEX audit_action ON audit_log(action_id);
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY,
            event_id INTEGER REFERENCES events(id),
            release_id INTEGER REFERENCES releases(id),
            text TEXT NOT NULL DEFAULT '',
            flag INTEGER NOT NULL DEFAULT 0,     -- 1: the target needs a second look
            reason TEXT,                         -- why it does
            who TEXT, at TEXT,                   -- who last changed it, when
            CHECK ((event_id IS NULL) <> (release_id IS NULL))
        );
        CREATE UNIQUE INDEX notes_event ON notes(event_id) WHERE event_id IS NOT NULL;
        CREATE UNIQUE INDEX notes_release ON notes(release_id) WHERE release_id IS NOT NULL;
        """)

@migration(14)
def _m014_entities(db: sqlite_utils.Database) -> None:
    # People, organizations and places become entities (issue #17): `people` is renamed `entities` (SQLite
    # rewrites event_participants.person_id's reference, so a person keeps its id), every spelling of a kind
    # belongs to one entity (entity_variants, from person_aliases), organization rows and event places name
    # theirs (entity_id, place_id), and the list's counts are kept in entity_stats: triggers mark an entity
    # whose rows or events changed (entity_dirty) and Store.refresh_entity_stats counts those again.
    run_script(db, """
        ALTER TABLE people RENAME TO entities;
        ALTER TABLE entities ADD COLUMN kind TEXT NOT NULL DEFAULT 'person'
            CHECK (kind IN ('person', 'organization', 'place'));
        ALTER TABLE entities ADD COLUMN authority_id TEXT;      -- the curator's reference id (Wikidata, a codebook)
        ALTER TABLE entities ADD COLUMN country TEXT;           -- places: ISO 3166-1 alpha-2
        ALTER TABLE entities ADD COLUMN confirmed_by TEXT;
        ALTER TABLE entities ADD COLUMN confirmed_at TEXT;
        ALTER TABLE entities ADD COLUMN created_by TEXT;
        ALTER TABLE entities ADD COLUMN created_at TEXT;
        CREATE INDEX entities_kind_name ON entities(kind, name COLLATE NOCASE);
        CREATE TABLE entity_variants (
            id INTEGER PRIMARY KEY,
            entity_id INTEGER NOT NULL REFERENCES entities(id),
            kind TEXT NOT NULL CHECK (kind IN ('person', 'organization', 'place')),
            name TEXT NOT NULL,              -- the spelling as first seen
            key TEXT NOT NULL,               -- reviewer.names.name_key(name)
            origin TEXT NOT NULL DEFAULT 'extracted'
                CHECK (origin IN ('extracted', 'reviewer', 'auto', 'authority', 'taught')),
            reason TEXT,                     -- why an automatic link was made
            created_by TEXT, created_at TEXT,
            UNIQUE (kind, key)
        );
        INSERT INTO entity_variants (id, entity_id, kind, name, key, origin)
            SELECT id, person_id, 'person', alias, key, 'extracted' FROM person_aliases;
        DROP TABLE person_aliases;
        CREATE INDEX entity_variants_entity ON entity_variants(entity_id);
        CREATE TABLE entity_rejections (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            keys TEXT NOT NULL,              -- JSON: the sorted name keys a curator said are not one entity
            who TEXT, at TEXT,
            UNIQUE (kind, keys)
        );
        ALTER TABLE event_organizations ADD COLUMN entity_id INTEGER REFERENCES entities(id);
        ALTER TABLE events ADD COLUMN place_id INTEGER REFERENCES entities(id);
        CREATE INDEX event_organizations_entity ON event_organizations(entity_id);
        CREATE INDEX events_place ON events(place_id);
        CREATE INDEX event_organizations_unlinked ON event_organizations(id) WHERE entity_id IS NULL;
        CREATE INDEX events_unplaced ON events(id) WHERE place_id IS NULL AND location IS NOT NULL AND location != '';
        CREATE TABLE entity_stats (
            entity_id INTEGER PRIMARY KEY,
            events INTEGER NOT NULL,         -- live events naming it
            first_date TEXT, last_date TEXT  -- their earliest and latest known start
        );
        CREATE TABLE entity_dirty (entity_id INTEGER PRIMARY KEY);
        CREATE TRIGGER entity_participant_added AFTER INSERT ON event_participants WHEN NEW.person_id IS NOT NULL
        BEGIN INSERT OR IGNORE INTO entity_dirty VALUES (NEW.person_id); END;
        CREATE TRIGGER entity_participant_removed AFTER DELETE ON event_participants WHEN OLD.person_id IS NOT NULL
        BEGIN INSERT OR IGNORE INTO entity_dirty VALUES (OLD.person_id); END;
        CREATE TRIGGER entity_participant_moved AFTER UPDATE OF person_id, event_id ON event_participants
        BEGIN
            INSERT OR IGNORE INTO entity_dirty SELECT OLD.person_id WHERE OLD.person_id IS NOT NULL;
            INSERT OR IGNORE INTO entity_dirty SELECT NEW.person_id WHERE NEW.person_id IS NOT NULL;
        END;
        CREATE TRIGGER entity_organization_added AFTER INSERT ON event_organizations WHEN NEW.entity_id IS NOT NULL
        BEGIN INSERT OR IGNORE INTO entity_dirty VALUES (NEW.entity_id); END;
        CREATE TRIGGER entity_organization_removed AFTER DELETE ON event_organizations WHEN OLD.entity_id IS NOT NULL
        BEGIN INSERT OR IGNORE INTO entity_dirty VALUES (OLD.entity_id); END;
        CREATE TRIGGER entity_organization_moved AFTER UPDATE OF entity_id, event_id ON event_organizations
        BEGIN
            INSERT OR IGNORE INTO entity_dirty SELECT OLD.entity_id WHERE OLD.entity_id IS NOT NULL;
            INSERT OR IGNORE INTO entity_dirty SELECT NEW.entity_id WHERE NEW.entity_id IS NOT NULL;
        END;
        -- a renamed row names the entity of its new spelling: the store links it again (link_unlinked)
        CREATE TRIGGER entity_organization_renamed AFTER UPDATE OF name ON event_organizations
            WHEN NEW.name IS NOT OLD.name AND NEW.entity_id IS OLD.entity_id
        BEGIN UPDATE event_organizations SET entity_id = NULL WHERE id = NEW.id; END;
        CREATE TRIGGER entity_place_added AFTER INSERT ON events WHEN NEW.place_id IS NOT NULL
        BEGIN INSERT OR IGNORE INTO entity_dirty VALUES (NEW.place_id); END;
        CREATE TRIGGER entity_place_renamed AFTER UPDATE OF location ON events
            WHEN NEW.location IS NOT OLD.location AND NEW.place_id IS OLD.place_id
        BEGIN UPDATE events SET place_id = NULL WHERE id = NEW.id; END;
        CREATE TRIGGER entity_event_changed AFTER UPDATE OF date_start, deleted, merged_into, place_id ON events
        BEGIN
            INSERT OR IGNORE INTO entity_dirty SELECT OLD.place_id WHERE OLD.place_id IS NOT NULL;
            INSERT OR IGNORE INTO entity_dirty SELECT NEW.place_id WHERE NEW.place_id IS NOT NULL;
            INSERT OR IGNORE INTO entity_dirty SELECT person_id FROM event_participants
                WHERE event_id = NEW.id AND person_id IS NOT NULL;
            INSERT OR IGNORE INTO entity_dirty SELECT entity_id FROM event_organizations
                WHERE event_id = NEW.id AND entity_id IS NOT NULL;
        END;
        CREATE TRIGGER entity_removed AFTER DELETE ON entities
        BEGIN DELETE FROM entity_stats WHERE entity_id = OLD.id; END;
        """)
    # A person's other spellings were linked by the duplicate pass (dedupe.people) without a record of why.
    for vid, key, canonical in db.execute("SELECT v.id, v.key, e.name FROM entity_variants v"
                                          " JOIN entities e ON e.id = v.entity_id").fetchall():
        if key != name_key(canonical):
            db.execute("UPDATE entity_variants SET origin = 'auto', reason = ? WHERE id = ?",
                       ["a spelling of the same person (linked at import before links were recorded)", vid])
    linking.link_unlinked(db)
    linking.refresh_stats(db, full=True)


@migration(16)
def _m016_page_provenance(db: sqlite_utils.Database) -> None:
    # Web pages (HTML files, a scraper's feed) keep where they came from: the
    # canonical URL, the title and the publication date their metadata or feed
    # gives (reviewer.importing.html_text, .feeds), exported with each source.
    # A URL is stored once: the index serves the import's check for a second
    # copy of a page under the same URL. Text pages have none of them.
    run_script(db, """
        ALTER TABLE documents ADD COLUMN url TEXT;
        ALTER TABLE documents ADD COLUMN title TEXT;
        ALTER TABLE documents ADD COLUMN published TEXT;
        CREATE INDEX documents_url ON documents(url) WHERE url IS NOT NULL;
        """)


LATEST = MIGRATIONS[-1][0]
