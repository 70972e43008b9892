"""Import as one operation: files → pages → mentions → store → exact and near duplicates.

Used by the CLI and by the window's import operation; both pass a progress
callback and may cancel between files.
"""
from __future__ import annotations

import json
import os
import time
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Optional

from . import ingest
from .extract import extract_item
from .model import Item, KnownEntities, Mention, Participant, Span, Value
from .store import Store, StoreError

Progress = Callable[[int, int, str], None]  # (done, total, current file)


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # same bytes already stored
    skipped: list[str] = field(default_factory=list)  # one line each: "path: reason"
    warnings: list[str] = field(default_factory=list)
    items: int = 0
    events: int = 0
    merged_items: int = 0
    candidates: Any = None  # dedupe.SearchResult of the pass after the import (None when it did not run)
    cancelled: bool = False

    def summary(self) -> str:
        parts = [f"{len(self.imported)} imported", f"{len(self.unchanged)} already stored", f"{len(self.skipped)} skipped"]
        text = f"{', '.join(parts)}; {self.items} items, {self.events} new events"
        if self.merged_items:
            text += f", {self.merged_items} near-duplicate items merged"
        return text + (" (cancelled)" if self.cancelled else "")


class MentionCache:
    """Extraction results by an item's exact text, so a teaser repeated on every page is read once.

    Offsets are kept relative to the item's start and shifted to each copy.
    Least recently used entries go first: the sidebar repeats on neighbouring
    pages, so a few thousand entries catch nearly every repeat, while a large
    cache of one-off articles cost ~12 KB each (200 MB at the old 20,000).
    """

    def __init__(self, known: Optional[KnownEntities] = None, limit: int = 2000):
        self.known = known
        self.limit = limit
        self._cache: OrderedDict[tuple, tuple[int, list[Mention]]] = OrderedDict()

    def extract(self, text: str, item: Item) -> list[Mention]:
        key = (
            text[item.span.start : item.span.end],
            tuple((s.start - item.span.start, s.end - item.span.start) for s in item.segments),
            item.kind,
            item.dateline,
        )
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            base, mentions = hit
            return [_shift(m, item.span.start - base) for m in mentions]
        mentions = extract_item(text, item, self.known)
        if len(self._cache) >= self.limit:
            self._cache.popitem(last=False)
        self._cache[key] = (item.span.start, mentions)
        return mentions


def _shift_span(span: Optional[Span], delta: int) -> Optional[Span]:
    return None if span is None else Span(span.start + delta, span.end + delta)


def _shift_value(v: Value, delta: int) -> Value:
    return Value(v.value, _shift_span(v.span, delta), v.confidence)


def _shift(m: Mention, delta: int) -> Mention:
    if delta == 0:
        return m
    return replace(
        m,
        evidence=_shift_span(m.evidence, delta),
        date_start=_shift_value(m.date_start, delta),
        date_end=_shift_value(m.date_end, delta),
        event_type=_shift_value(m.event_type, delta),
        status=_shift_value(m.status, delta),
        location=_shift_value(m.location, delta),
        online=_shift_value(m.online, delta),
        participants=[
            Participant(p.name, p.role, _shift_span(p.span, delta), p.confidence, _shift_span(p.role_span, delta))
            for p in m.participants
        ],
        organizations=[_shift_value(o, delta) for o in m.organizations],
        more_evidence=[_shift_span(s, delta) for s in m.more_evidence],
    )


class _Batches:
    """Pages written in shared transactions of up to ``pages`` pages or ``seconds`` of work.

    A commit costs more than storing a small page (the full-text index flushes
    its pending terms at every commit), so committing page by page halved the
    import rate on large folders. Each page is still all-or-nothing: the store
    wraps it in a savepoint inside the batch.
    """

    def __init__(self, store: Store, pages: int = 64, seconds: float = 1.0):
        self.store, self.pages, self.seconds = store, pages, seconds
        self._tx = None
        self._count = 0
        self._started = 0.0

    def add_page(self, page, mentions, hashes):
        if self._tx is None:
            self._tx = self.store.transaction()
            self._tx.__enter__()
            self._count, self._started = 0, time.monotonic()
        try:
            result = self.store.add_page(page, mentions, hashes)
        except BaseException:
            self.commit()  # keep the pages before this one: they are imported
            raise
        self._count += 1
        if self._count >= self.pages or time.monotonic() - self._started >= self.seconds:
            self.commit()
        return result

    def commit(self) -> None:
        tx, self._tx = self._tx, None
        if tx is not None:
            tx.__exit__(None, None, None)


def import_paths(
    store: Store,
    paths: list[str | os.PathLike],
    progress: Optional[Progress] = None,
    cancelled: Callable[[], bool] = lambda: False,
    near_duplicates: bool = True,
) -> ImportReport:
    """Import files and folders into ``store``; bad files are reported and skipped.

    Each page is all or nothing, so a failure or a cancel never leaves half
    a page, and pages already imported stay imported (pages are committed in
    batches; see :class:`_Batches`).
    """
    report = ImportReport()
    files = list(ingest.iter_files(paths))
    cache = MentionCache(store.known_entities())
    batches = _Batches(store)
    try:
        _import_files(store, files, cache, batches, report, progress, cancelled)
    finally:
        batches.commit()
    if progress:
        progress(len(files), len(files), "")
    if near_duplicates and report.imported and not report.cancelled:
        from . import dedupe  # the near-duplicate pass lives with the rest of dedupe

        after = dedupe.after_import(store)
        report.merged_items, report.candidates = after.merged, after.search
    return report


def _import_files(store: Store, files, cache: MentionCache, batches: _Batches, report: ImportReport,
                  progress: Optional[Progress], cancelled: Callable[[], bool]) -> None:
    for done, (path, problem) in enumerate(files):
        if cancelled():
            report.cancelled = True
            break
        if progress:
            progress(done, len(files), str(path))
        if problem:
            report.skipped.append(f"{path}: {problem}")
            continue
        try:
            page = ingest.read_page(path)
        except ingest.IngestError as exc:
            report.skipped.append(str(exc))
            continue
        if store.has_document(page.sha256):
            report.unchanged.append(str(path))
            continue
        try:
            mentions = {item.seq: cache.extract(page.text, item) for item in page.items}
        except Exception as exc:  # an extractor bug on one odd page must not stop a long import
            reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
            report.skipped.append(f"{path}: could not extract events ({reason})")
            continue
        hashes = {item.seq: ingest.content_hash(page.text, item) for item in page.items}
        result = batches.add_page(page, mentions, hashes)
        report.imported.append(str(path))
        report.warnings.extend(page.warnings)
        report.items += result.items
        report.events += result.events


def item_from_row(row: dict) -> Item:
    """Rebuild an :class:`Item` from its ``items`` row (as stored by :meth:`Store.add_page`)."""
    segments = [Span(s, e) for s, e in json.loads(row["segments"])]
    headline = None
    if row["headline"]:
        headline = Span(row["start"], row["start"] + len(row["headline"]))
    return Item(seq=row["seq"], kind=row["kind"], span=Span(row["start"], row["end"]), segments=segments,
                headline=headline, dateline=row["dateline"])


def reextract(store: Store, progress: Optional[Progress] = None,
              cancelled: Callable[[], bool] = lambda: False) -> int:
    """Run extraction again over every stored item (after the extractor or known names improved).

    Field spans are refreshed everywhere; event values are refreshed except
    the fields a reviewer edited, which are never overwritten. Returns the
    number of events whose values changed.
    """
    cache = MentionCache(store.known_entities())
    items = store.rows('SELECT id, document_id, seq, kind, headline, dateline, start, "end", segments FROM items ORDER BY document_id, seq')
    texts: dict[int, str] = {}
    changed_events: set[int] = set()
    refreshed_events: set[int] = set()
    for done, row in enumerate(items):
        if cancelled():
            break
        if progress and done % 100 == 0:
            progress(done, len(items), "")
        if row["document_id"] not in texts:
            texts = {row["document_id"]: store.document_text(row["document_id"])}  # pages come in order
        mentions = cache.extract(texts[row["document_id"]], item_from_row(row))
        stored = store.rows("SELECT id, event_id, position FROM mentions WHERE item_id = ? ORDER BY position, id", [row["id"]])
        with store.transaction():
            for m_row, mention in zip(stored, mentions):
                store.refresh_mention(m_row["id"], mention)
                if m_row["event_id"] not in refreshed_events:
                    refreshed_events.add(m_row["event_id"])
                    if store.refresh_event(m_row["event_id"], mention):
                        changed_events.add(m_row["event_id"])
    if progress:
        progress(len(items), len(items), "")
    return len(changed_events)


__all__ = ["ImportReport", "MentionCache", "import_paths", "item_from_row", "reextract", "StoreError"]
