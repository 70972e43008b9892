"""The SQLite store: schema, migrations, and the queries the rest of the core uses.

One :class:`Store` wraps one database file through sqlite-utils. Migrations
are numbered functions registered with :func:`migration`; each runs in its own
transaction and bumps ``PRAGMA user_version``, so a database made by any
earlier version is upgraded in place and one made by a newer version is
refused untouched.
"""
from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

import sqlite_utils

from .model import KnownEntities, Mention, Page

#: The reviewer recorded when nobody has given a name (the CLI, imports).
SYSTEM = "system"


class StoreError(Exception):
    """Base of the store's errors; the message is one line for the user."""


class NotADatabase(StoreError):
    pass


class SchemaTooNew(StoreError):
    pass


class ReadOnlyDatabase(StoreError):
    pass


class DatabaseGone(StoreError):
    pass


class LockedDatabase(StoreError):
    pass


class CorruptDatabase(StoreError):
    pass


class WriteRefused(StoreError):
    """SQLite refused a statement inside a write (a full disk, damage met mid-write, a constraint):
    the transaction was rolled back. ``reason`` is SQLite's own words."""

    def __init__(self, path: Path, exc: sqlite3.Error):
        super().__init__(f"{path}: {exc}; nothing was saved")
        self.reason = str(exc)


#: Seconds a write waits for another program's transaction before giving up (``Store(busy_timeout=)``).
BUSY_TIMEOUT = 5.0
#: Databases up to this size are checked with ``PRAGMA quick_check`` on open (it reads every page:
#: about a second for this much); a larger one is checked by ``reviewer check`` only.
QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


# --------------------------------------------------------------------------
# Migrations

MIGRATIONS: list[tuple[int, Callable[[sqlite_utils.Database], None]]] = []


def migration(version: int):
    """Register ``fn(db)`` as the migration that brings a database to ``version``."""

    def register(fn):
        assert not MIGRATIONS or MIGRATIONS[-1][0] == version - 1, "migrations are numbered in order"
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

LATEST = MIGRATIONS[-1][0]

# --------------------------------------------------------------------------
# The store


@dataclass
class ImportResult:
    document_id: Optional[int]
    new: bool  # False when the same bytes were already stored
    items: int = 0
    events: int = 0


class Store:
    """One open database. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | os.PathLike, *, create: bool = True, upgrade_to: int = LATEST,
                 busy_timeout: Optional[float] = None, quick_check: bool = True):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(f"{self.path}: no such database")
        if self.path.exists():
            _check_readable(self.path)
        timeout = BUSY_TIMEOUT if busy_timeout is None else busy_timeout
        try:
            conn = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open ({exc})") from None
        self.db = sqlite_utils.Database(conn)
        #: What was checked on open, for the user: "quick_check ok (12 MB)" or why it was not run.
        self.checked = "not checked"
        #: The action_id of the audit rows the open transaction writes (0: none written yet; None: no transaction).
        self._action: Optional[int] = None
        try:
            version = self.version
            if version > LATEST:
                raise SchemaTooNew(
                    f"{self.path}: made by a newer version of Release Reviewer (schema {version}, this one knows {LATEST}); left unchanged"
                )
            if version == 0 and self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                # tables but no schema version: another program's database, never to be "upgraded"
                raise NotADatabase(f"{self.path}: a SQLite database of another program, not Release Reviewer's; left unchanged")
            if quick_check:
                self._quick_check()  # before the first write (journal mode, migrations): a damaged file gets none
            self.read_only = self.path.exists() and not _writable(self.path)
            if self.read_only and version < upgrade_to:
                raise ReadOnlyDatabase(f"{self.path}: read-only and needs an upgrade; left unchanged")
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if not self.read_only:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate(version, upgrade_to)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _open_error(self.path, exc) from None
        except StoreError:
            conn.close()
            raise

    def _quick_check(self) -> None:
        """``PRAGMA quick_check`` when the file is small enough to read whole on open; refuse a damaged one."""
        size = self.path.stat().st_size if self.path.exists() else 0
        megabytes = f"{size / 1e6:.0f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"
        if size > QUICK_CHECK_MAX_BYTES:
            self.checked = f"quick_check skipped: {megabytes} is too large to read on every open (run `reviewer check`)"
            return
        problems = _problems(self.db.execute("PRAGMA quick_check(5)"))
        if problems != ["ok"]:
            raise CorruptDatabase(f"{self.path}: the database is damaged ({_first(problems)}); nothing was written to it."
                                  " `reviewer check` lists the damage; restore a backup copy")
        self.checked = f"quick_check ok ({megabytes})"

    # -- lifecycle ---------------------------------------------------------

    def close(self) -> None:
        self.db.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self, current: int, target: int) -> None:
        for version, fn in MIGRATIONS:
            if current < version <= target:
                try:
                    with self.transaction():
                        fn(self.db)
                        self.db.execute(f"PRAGMA user_version = {version}")
                except (sqlite3.Error, WriteRefused) as exc:  # WriteRefused: a statement of the migration
                    reason = exc.reason if isinstance(exc, WriteRefused) else exc
                    raise StoreError(
                        f"{self.path}: upgrade to schema {version} failed ({reason}); left at schema {self.version}"
                    ) from None

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction: committed on success, rolled back on any error."""
        if self.db.conn.in_transaction:
            # Nested: a savepoint, so a failure undoes only this part (one page
            # of a batched import) and the outer transaction decides the rest.
            self.db.execute("SAVEPOINT nested")
            try:
                yield self.db
            except BaseException:
                try:
                    self.db.execute("ROLLBACK TO nested")
                    self.db.execute("RELEASE nested")
                except sqlite3.Error:
                    pass  # SQLite already rolled the whole transaction back (disk full, I/O error)
                raise
            self.db.execute("RELEASE nested")
            return
        self.check_writable()
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _store_error(self.path, exc) from None
        self._action = 0  # the transaction's first audit row starts its action (see log)
        try:
            yield self.db
        except sqlite3.Error as exc:  # callers (the window, the command) see the store's errors only
            self._action = None
            self.db.conn.rollback()
            err = _store_error(self.path, exc)
            raise (err if type(err) is not StoreError else WriteRefused(self.path, exc)) from exc
        except BaseException:
            self._action = None
            self.db.conn.rollback()
            raise
        self._action = None
        try:
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            self.db.conn.rollback()
            raise _store_error(self.path, exc) from None

    def check_writable(self) -> None:
        """Refuse a write before it starts if the file is gone or read-only."""
        if not self.path.exists():
            raise DatabaseGone(f"{self.path}: the database file has disappeared; nothing was saved")
        if not _writable(self.path):
            raise ReadOnlyDatabase(f"{self.path}: the database is read-only; nothing was saved")

    # -- audit -------------------------------------------------------------

    def log(self, who: str, action: str, table: str, row_id: Optional[int], field: Optional[str] = None,
            old: Any = None, new: Any = None) -> None:
        """Append one audit row; call inside the transaction of the change it records.

        Rows of one :meth:`transaction` are one action (``action_id``: its first row's id), which the
        history reverts whole; a row written outside one is an action of its own.
        """
        row_id_new = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM audit_log").fetchone()[0]
        action_id = self._action or row_id_new
        if self._action == 0:
            self._action = action_id
        self.db.execute(
            "INSERT INTO audit_log (id, at, who, action, table_name, row_id, field, old, new, action_id)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            [row_id_new, now(), who, action, table, row_id, field, _audit_value(old), _audit_value(new), action_id],
        )

    # -- import ------------------------------------------------------------

    def has_document(self, sha256: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE sha256 = ?", [sha256]).fetchone() is not None

    def add_page(self, page: Page, mentions: dict[int, list[Mention]], hashes: dict[int, str]) -> ImportResult:
        """Store a page, its items and their mentions; link copies of known items to their release.

        ``mentions`` and ``hashes`` are keyed by item ``seq``. The whole page is
        one transaction: a failure leaves nothing of it behind.
        """
        if self.has_document(page.sha256):
            return ImportResult(None, new=False)
        stamp = now()
        ex = self.db.execute
        with self.transaction():
            doc_id = ex(
                "INSERT INTO documents (name, path, sha256, text, encoding, size, warnings, imported_at) VALUES (?,?,?,?,?,?,?,?)",
                [page.name, page.path, page.sha256, page.text, page.encoding, len(page.text),
                 "\n".join(page.warnings) or None, stamp],
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
            " confidence, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [release_id, pos, m.date_start.value, m.date_end.value, m.event_type.value, m.status.value,
             m.location.value, int(bool(m.online.value)), json.dumps(conf), stamp, stamp],
        ).lastrowid
        assert event_id is not None  # set by the INSERT just run
        self.db.conn.executemany(
            "INSERT INTO event_participants (event_id, position, name, role, confidence, person_id) VALUES (?,?,?,?,?,?)",
            [(event_id, i, p.name, p.role, p.confidence, self.person_for(p.name)) for i, p in enumerate(m.participants)],
        )
        self.db.conn.executemany(
            "INSERT INTO event_organizations (event_id, position, name, confidence) VALUES (?,?,?,?)",
            [(event_id, i, o.value, o.confidence) for i, o in enumerate(m.organizations)],
        )
        return event_id

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
                spans.append((mention_id, f, _audit_value(v.value), v.span.start, v.span.end, v.confidence))
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
                self.db.conn.executemany(
                    "INSERT INTO event_participants (event_id, position, name, role, confidence, person_id) VALUES (?,?,?,?,?,?)",
                    [(event_id, i, p.name, p.role, p.confidence, self.person_for(p.name)) for i, p in enumerate(m.participants)],
                )
        if "organizations" not in edited:
            old = [r[0] for r in self.db.execute(
                "SELECT name FROM event_organizations WHERE event_id = ? ORDER BY position, id", [event_id])]
            if old != [o.value for o in m.organizations]:
                changed.append("organizations")
                self.db.execute("DELETE FROM event_organizations WHERE event_id = ?", [event_id])
                self.db.conn.executemany(
                    "INSERT INTO event_organizations (event_id, position, name, confidence) VALUES (?,?,?,?)",
                    [(event_id, i, o.value, o.confidence) for i, o in enumerate(m.organizations)],
                )
        if changed:
            self.db.execute("UPDATE events SET updated_at = ? WHERE id = ?", [now(), event_id])
        return changed

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

    # -- people and known entities ----------------------------------------

    def person_for(self, name: str, *, exact: bool = False) -> Optional[int]:
        """The person a name (or a taught alias of it) stands for, created on first sight.

        ``exact`` (a name a reviewer typed): only the person whose own name has
        this key; an alias match (``Petrov`` for ``Ivan Petrov``) would link the
        name to someone the reviewer never saw, so it gets a person of its own.
        """
        key = _name_key(name)
        if not key:
            return None
        row = self.db.execute("SELECT a.person_id, p.name FROM person_aliases a LEFT JOIN people p ON p.id = a.person_id"
                              " WHERE a.key = ?", [key]).fetchone()
        if row and (not exact or _name_key(row[1] or "") == key):
            return row[0]
        if row is not None:  # exact, and the key is another person's alias: one typed earlier keeps its person
            same = self.db.execute("SELECT id FROM people WHERE name = ? ORDER BY id LIMIT 1", [name]).fetchone()
            if same:
                return same[0]
        person_id = self.db.execute("INSERT INTO people (name) VALUES (?)", [name]).lastrowid
        if row is None:  # the key is unique: an alias already holding it stays the other person's
            self.db.execute("INSERT INTO person_aliases (person_id, alias, key) VALUES (?,?,?)", [person_id, name, key])
        return person_id

    def known_entities(self) -> KnownEntities:
        known = KnownEntities()
        for kind, name, canonical in self.db.execute("SELECT kind, name, canonical FROM known_entities"):
            if kind == "person":
                known.people[name.casefold()] = canonical or name
            elif kind == "organization":
                known.organizations.add(name)
            else:
                known.places.add(name)
        return known

    def teach(self, kind: str, name: str, canonical: Optional[str] = None, who: str = SYSTEM) -> bool:
        """Remember a name a reviewer confirmed; True when it was new."""
        name = " ".join(name.split())
        if not name:
            return False
        with self.transaction():
            cur = self.db.execute(
                "INSERT OR IGNORE INTO known_entities (kind, name, canonical, created_by, created_at) VALUES (?,?,?,?,?)",
                [kind, name, canonical, who, now()],
            )
            if cur.rowcount:
                self.log(who, "teach", "known_entities", cur.lastrowid, kind, None, name)
            return bool(cur.rowcount)

    # -- reading -----------------------------------------------------------

    def stats(self) -> dict[str, int]:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "documents": one("SELECT count(*) FROM documents"),
            "items": one("SELECT count(*) FROM items"),
            "releases": one("SELECT count(*) FROM releases WHERE merged_into IS NULL"),
            "events": one("SELECT count(*) FROM events WHERE deleted = 0 AND merged_into IS NULL"),
            "verified": one("SELECT count(*) FROM events WHERE deleted = 0 AND merged_into IS NULL AND review_status = 'verified'"),
            "duplicates": one("SELECT count(*) FROM dup_candidates WHERE status IN ('open', 'later')"),
        }

    def document_text(self, document_id: int) -> str:
        row = self.db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()
        if row is None:
            raise StoreError(f"no document {document_id}")
        return row[0]

    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """Run a read query and return dict rows (for the core's own modules)."""
        cur = self.db.execute(sql, list(params))
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]


def _writable(path: Path) -> bool:
    # os.access alone says yes to root; a file with no write bit is read-only
    # by the user's intent, and we honour that too.
    try:
        return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)
    except OSError:
        return False


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _audit_value(value: Any) -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _check_readable(path: Path) -> None:
    # Never open the file outside SQLite to look at it: POSIX locks belong to
    # the process, so closing any descriptor of a database drops the locks of
    # every SQLite connection here on it, and another process may then delete
    # the WAL under them (their next commits are lost). SQLite itself refuses
    # a file that is not a database on its first read, without writing to it.
    if not os.access(path, os.R_OK):
        raise StoreError(f"{path}: permission denied")


def integrity_check(path: str | os.PathLike, limit: int = 100) -> list[str]:
    """``PRAGMA integrity_check`` of a database file, opened read-only: ``["ok"]`` or up to ``limit`` problems.

    Works on a file the store refuses to open (damaged, locked by a reader), and
    never writes to it. Raises :class:`StoreError` when it cannot be read at all.
    """
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"{path}: no such database")
    _check_readable(path)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open ({exc})") from None
    try:
        try:
            return _problems(conn.execute(f"PRAGMA integrity_check({int(limit)})"))
        except sqlite3.DatabaseError as exc:
            if "malformed" not in str(exc) and "corrupt" not in str(exc):
                raise
            # the full check stops at some damage the quicker one still describes page by page
            return [f"integrity_check stopped: {exc}"] + [p for p in _problems(conn.execute(f"PRAGMA quick_check({int(limit)})"))
                                                          if p != "ok"]
    except sqlite3.DatabaseError as exc:
        raise _open_error(path, exc) from None
    finally:
        conn.close()


def _problems(rows: Iterable[tuple]) -> list[str]:
    """A check's rows as one line per problem (SQLite puts a header and several problems in one row)."""
    return [line for r in rows for line in str(r[0]).splitlines() if line and not line.startswith("*** in database")]


def _first(problems: list[str]) -> str:
    return problems[0] + (f", and {len(problems) - 1} more" if len(problems) > 1 else "")


def _open_error(path: Path, exc: sqlite3.DatabaseError) -> StoreError:
    """A one-line reason a database could not be opened; each cause named as it is, none called "not ours"."""
    msg = str(exc)
    if "not a database" in msg:  # SQLite read the header and refused it: nothing was written
        return NotADatabase(f"{path}: not a SQLite database; left unchanged")
    if "malformed" in msg or "corrupt" in msg:
        return CorruptDatabase(f"{path}: the database is damaged ({msg}); nothing was written to it."
                               " `reviewer check` lists the damage; restore a backup copy")
    if ("unable to open" in msg or "readonly" in msg) and path.is_file() and _writable(path):
        # The file may be written but SQLite cannot create its journal files (-wal, -shm) beside it.
        return StoreError(f"{path}: cannot open: its folder does not let SQLite create the journal files it writes"
                          f" beside the database ({path.name}-wal, {path.name}-shm); move the file to a folder you can write")
    err = _store_error(path, exc)
    if type(err) is StoreError:  # no cause it knows: say it is the opening that failed
        return StoreError(f"{path}: cannot open ({msg})")
    return err


def _store_error(path: Path, exc: sqlite3.Error) -> StoreError:
    msg = str(exc)
    if "locked" in msg or "busy" in msg:
        return LockedDatabase(f"{path}: the database is locked by another program writing to it (an import, another"
                              " window); nothing was changed — try again in a moment")
    if "readonly" in msg or "read-only" in msg:
        return ReadOnlyDatabase(f"{path}: the database is read-only; nothing was saved")
    if not path.exists():
        return DatabaseGone(f"{path}: the database file has disappeared; nothing was saved")
    return StoreError(f"{path}: {msg}")

