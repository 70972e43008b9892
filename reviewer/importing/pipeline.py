"""Import as one operation: files → pages → mentions → store → exact and near duplicates.

Used by the CLI and by the window's import operation; both pass a progress
callback and may cancel between files.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional

from . import feeds, furniture, ingest, prepare
from ..extract import budget
from ..model import Item, Span
from .prepare import MentionCache
from ..store import Store, StoreError

Progress = Callable[[int, int, str], None]  # (done, total, current file)

IMPORTED, UNCHANGED, SKIPPED = "imported", "unchanged", "skipped"


@dataclass(frozen=True)
class FileReport:
    """What became of one file (or one page of a feed, ``path`` then ``feed.jsonl:LINE``)."""

    path: str  # printable, one line
    outcome: str  # IMPORTED, UNCHANGED (the same page is stored already) or SKIPPED
    reason: str = ""  # SKIPPED: one line, without the path
    items: int = 0  # IMPORTED: items stored
    events: int = 0  # IMPORTED: new events
    url: Optional[str] = None  # the page's URL, when it has one

    def line(self) -> str:
        """One line for a person: ``a.html: imported (5 items, 2 new events)``, ``a.txt: already stored``."""
        if self.outcome == SKIPPED:
            return f"{self.path}: {self.reason}"
        if self.outcome == UNCHANGED:
            return f"{self.path}: already stored"
        return f"{self.path}: imported ({self.items} items, {self.events} new events)"


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)  # every file met, in order (files --include left out: no)
    warnings: list[str] = field(default_factory=list)
    items: int = 0
    events: int = 0
    merged_items: int = 0
    excluded: int = 0  # files in the folders that --include left out
    candidates: Any = None  # dedupe.SearchResult of the pass after the import (None when it did not run)
    cancelled: bool = False

    def _paths(self, outcome: str) -> list[str]:
        return [f.path for f in self.files if f.outcome == outcome]

    @property
    def imported(self) -> list[str]:
        return self._paths(IMPORTED)

    @property
    def unchanged(self) -> list[str]:  # the same page already stored
        return self._paths(UNCHANGED)

    @property
    def skipped(self) -> list[str]:  # one line each: "path: reason"
        return [f.line() for f in self.files if f.outcome == SKIPPED]

    def summary(self) -> str:
        parts = [f"{len(self.imported)} imported", f"{len(self.unchanged)} already stored", f"{len(self.skipped)} skipped"]
        text = f"{', '.join(parts)}; {self.items} items, {self.events} new events"
        if self.merged_items:
            text += f", {self.merged_items} near-duplicate items merged"
        if self.excluded:
            text += f"; {self.excluded} files left out by --include"
        return text + (" (cancelled)" if self.cancelled else "")


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
    workers: Optional[int] = None,
    follow_links: bool = False,
    include: Optional[list[str]] = None,
    on_file: Optional[Callable[[FileReport], None]] = None,
) -> ImportReport:
    """Import files and folders into ``store``; bad files are reported and skipped.

    Each page is all or nothing, so a failure or a cancel never leaves half
    a page, and pages already imported stay imported (pages are committed in
    batches; see :class:`_Batches`): every page reported imported is committed
    when this returns, also after a cancel. ``workers``: processes that segment and
    extract pages while this one stores them (:mod:`reviewer.importing.prepare`); by
    default one per core for imports of at least
    :data:`~reviewer.importing.prepare.MIN_FILES_FOR_WORKERS` files, 0 to use none.
    ``follow_links``: read linked files that lead out of an imported folder;
    ``include``: globs narrowing what folders take (see :func:`~reviewer.importing.ingest.iter_files`).
    ``on_file``: called with each :class:`FileReport` as soon as it is settled, in
    order, on the thread running the import.

    The duplicate pass runs after any import that found pages it had not been
    through yet: also when they were all stored by an earlier import that was
    killed or cancelled before its pass.
    """
    report = ImportReport()
    files = []
    for path, problem in ingest.iter_files(paths, follow_links, include):
        if problem == ingest.EXCLUDED:
            report.excluded += 1
        else:
            files.append((path, problem))
    if workers is None:
        workers = prepare.default_workers() if len(files) >= prepare.MIN_FILES_FOR_WORKERS else 0
    cache = MentionCache(store.known_entities())
    batches = _Batches(store)
    learned = learn_furniture(files, cancelled)
    outcomes = _Outcomes(report, len(files), progress, on_file)
    try:
        with prepare.Preparer(cache, workers, learned) as preparer:
            _import_files(store, files, preparer, batches, outcomes, cancelled)
            if preparer.fell_back:
                report.warnings.append(preparer.fell_back)
    finally:
        batches.commit()
    if progress:
        progress(len(files), len(files), "")
    from .. import dedupe  # the near-duplicate pass lives with the rest of dedupe

    if near_duplicates and not report.cancelled and (report.imported or dedupe.pending(store)):
        after = dedupe.after_import(store)
        report.merged_items, report.candidates = after.merged, after.search
    else:
        store.refresh_entities()  # the entity list's counts, so the window opens on them at once
    return report


class _Outcomes:
    """Each file's :class:`FileReport` into the report, to ``on_file``, and the progress bar's count."""

    def __init__(self, report: ImportReport, total: int, progress: Optional[Progress],
                 on_file: Optional[Callable[[FileReport], None]]):
        self.report, self.total, self.progress, self.on_file = report, total, progress, on_file
        self.finished = 0  # files dealt with, whichever way: what the progress bar counts

    def add(self, entry: FileReport, tick: bool = True) -> None:
        self.report.files.append(entry)
        if self.on_file:
            self.on_file(entry)
        if tick:
            self.tick(entry.path)

    def tick(self, path: str) -> None:
        self.finished += 1
        if self.progress:
            self.progress(self.finished, self.total, path)


def learn_furniture(files, cancelled: Callable[[], bool] = lambda: False) -> frozenset[str]:
    """The lines repeated on many of the import's pages (a first pass: one hash per distinct line).

    Every file is read here and again when it is prepared; a file that cannot
    be read or decoded is left to that second read, which reports it.
    """
    learner = furniture.Learner()
    # text pages only: an HTML page's menus and sidebars are gone from its main text, and its markup's
    # lines are not the text's lines
    readable = [path for path, problem in files if not problem and ingest.page_kind(path) == "text"]
    if len(readable) < learner.min_pages:
        return frozenset()
    for path in readable:
        if cancelled():
            break
        try:
            text = ingest.decode(ingest.read_bytes(path), str(path))[0]
        except ingest.IngestError:
            continue
        if ingest.too_many_lines(text) is None:  # refused when prepared; its lines would fill memory here
            learner.add(text)
    return frozenset(learner.learned)


def _import_files(store: Store, files, preparer: "prepare.Preparer", batches: _Batches, outcomes: _Outcomes,
                  cancelled: Callable[[], bool]) -> None:
    report = outcomes.report

    def stop() -> bool:
        if report.cancelled or cancelled():
            report.cancelled = True
        return report.cancelled

    def readable() -> Iterator[prepare.Source]:
        """The files (and feeds' pages) to prepare; unreadable and already stored ones are reported here."""
        for path, problem in files:
            if stop():
                return
            shown = ingest.printable(str(path))  # what messages and the store hold: one printable line
            if problem:
                outcomes.add(FileReport(shown, SKIPPED, problem))
            elif ingest.page_kind(path) == "feed":
                yield from _feed_pages(store, path, shown, outcomes, stop)
            else:
                try:
                    raw = ingest.read_bytes(path)
                except ingest.IngestError as exc:
                    outcomes.add(FileReport(exc.path, SKIPPED, exc.reason))
                    continue
                # same bytes, same document: an unchanged file costs no segmenting or extraction
                digest = hashlib.sha256(raw).hexdigest()  # the page's identity, handed on, not computed again
                if store.has_document(digest):
                    outcomes.add(FileReport(shown, UNCHANGED))
                    continue
                yield prepare.Source(shown, raw, digest, ingest.page_kind(path))

    for prepared in preparer.map(readable()):
        if stop():
            break
        page = prepared.page
        ticks = not _in_feed(prepared.path)
        if prepared.problem:
            outcomes.add(FileReport(prepared.path, SKIPPED, prepared.reason or prepared.problem), ticks)
            continue
        assert page is not None and prepared.mentions is not None and prepared.hashes is not None
        result = batches.add_page(page, prepared.mentions, prepared.hashes)
        if result.same_url is not None:
            outcomes.add(FileReport(prepared.path, SKIPPED, _same_url(page.url, result.same_url), url=page.url), ticks)
        elif not result.new:
            # the same bytes twice in this import, or stored meanwhile by another import of them:
            # the store checks inside its write transaction, so each page is counted by one import
            outcomes.add(FileReport(prepared.path, UNCHANGED, url=page.url), ticks)
        else:
            report.warnings.extend(page.warnings)
            report.items += result.items
            report.events += result.events
            outcomes.add(FileReport(prepared.path, IMPORTED, items=result.items, events=result.events, url=page.url),
                         ticks)


def _same_url(url: Optional[str], stored: str) -> str:
    return f"the same URL ({url}) as the stored page {stored}, with other content; not imported again"


def _in_feed(path: str) -> bool:
    """A feed's page ("feed.jsonl:12"): the progress bar counts its feed once, not each page."""
    head, _, line = path.rpartition(":")
    return line.isdigit() and head.lower().endswith(".jsonl")


def _feed_pages(store: Store, path, shown: str, outcomes: _Outcomes,
                stop: Callable[[], bool]) -> Iterator[prepare.Source]:
    """A feed's pages to prepare; its bad lines and the pages already stored are reported here."""
    for entry in feeds.read_feed(path, shown):
        if stop():
            return
        if isinstance(entry, feeds.BadEntry):
            outcomes.add(FileReport(entry.path, SKIPPED, entry.reason), tick=False)
        elif store.has_document(entry.sha256):
            outcomes.add(FileReport(entry.path, UNCHANGED, url=entry.url), tick=False)
        else:
            yield prepare.Source(entry.path, entry.raw, entry.sha256, entry.kind, entry.url, entry.published,
                                 entry.title)
    outcomes.tick(shown)


def item_from_row(row: dict) -> Item:
    """Rebuild an :class:`Item` from its ``items`` row (as stored by :meth:`Store.add_page`)."""
    segments = [Span(s, e) for s, e in json.loads(row["segments"])]
    headline = None
    if row["headline"]:
        headline = Span(row["start"], row["start"] + len(row["headline"]))
    return Item(seq=row["seq"], kind=row["kind"], span=Span(row["start"], row["end"]), segments=segments,
                headline=headline, dateline=row["dateline"])


def reextract(store: Store, progress: Optional[Progress] = None,
              cancelled: Callable[[], bool] = lambda: False, warnings: Optional[list[str]] = None) -> int:
    """Run extraction again over every stored item (after the extractor or known names improved).

    Field spans are refreshed everywhere; event values are refreshed except
    the fields a reviewer edited, which are never overwritten. Returns the
    number of events whose values changed. A page whose extraction takes
    longer than :data:`~reviewer.importing.prepare.PAGE_SECONDS` keeps the values of its
    items not yet done, and a line in ``warnings`` names it.
    """
    cache = MentionCache(store.known_entities())
    total = store.item_count()
    changed_events: set[int] = set()
    refreshed_events: set[int] = set()
    done = 0
    for doc in store.document_ids():
        if cancelled():
            break
        text, started = store.document_text(doc), time.monotonic()
        stored = store.item_mentions(doc)  # one read a page: each item's mentions, in order
        for row in store.item_rows(doc):
            if cancelled():
                break
            if progress and done % 100 == 0:
                progress(done, total, "")
            done += 1
            try:
                with budget.deadline(prepare.PAGE_SECONDS - (time.monotonic() - started)):  # the page's time, shared
                    mentions = cache.extract(text, item_from_row(row))
            except budget.OutOfTime:
                if warnings is not None:
                    warnings.append(f"{store.document_name(doc)}: extraction took longer than {prepare.PAGE_SECONDS:g} s;"
                                    " the events of the rest of the page were left as they were")
                break
            with store.transaction():
                for (mention_id, event_id), mention in zip(stored.get(row["id"], []), mentions):
                    store.refresh_mention(mention_id, mention)
                    if event_id not in refreshed_events:
                        refreshed_events.add(event_id)
                        if store.refresh_event(event_id, mention):
                            changed_events.add(event_id)
    if progress:
        progress(total, total, "")
    from ..dedupe import stream  # the words of events changed: the duplicate search counts its keys afresh

    stream.forget_counts(store)
    store.refresh_entities()  # the entity list counts the events of places and bodies extracted anew
    return len(changed_events)


__all__ = ["FileReport", "IMPORTED", "ImportReport", "SKIPPED", "UNCHANGED", "MentionCache", "import_paths", "item_from_row", "reextract", "StoreError"]
