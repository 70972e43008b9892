"""From a file's bytes to a page ready to store: segmented, extracted, hashed.

This is the Python-bound part of an import (about two thirds of its time:
segmentation, then the extraction regexes), and each page is independent of
the others, so a large import prepares pages in worker processes while the
importing process stores them. Threads would not help: the work holds the GIL.

Results always come back in the order the files were given, so an import in
workers stores the same rows with the same ids as one without.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import types
from collections import OrderedDict, deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Optional

from . import ingest
from .extract import extract_item
from .model import KnownEntities, Mention, Page, Participant, Span, Value

#: Below this many files an import prepares pages itself: starting workers
#: (a fresh interpreter each, importing the extractors) costs about 0.3 s.
MIN_FILES_FOR_WORKERS = 200
#: Files sent to a worker at once: fewer round trips, and a worker's extraction
#: cache sees neighbouring pages, whose teaser sidebars repeat.
CHUNK = 16


@dataclass
class Prepared:
    """A page and what the store needs with it; ``problem`` set instead when the file is skipped."""

    path: str
    page: Optional[Page] = None
    mentions: Optional[dict[int, list[Mention]]] = None
    hashes: Optional[dict[int, str]] = None
    problem: Optional[str] = None  # one line: "path: reason"


def prepare(path: str, raw: bytes, cache) -> Prepared:
    """Segment, extract and hash one file's bytes (``cache``: a :class:`MentionCache`)."""
    try:
        page = ingest.page_from_bytes(os.path.basename(path), raw, path=path)
    except ingest.IngestError as exc:
        return Prepared(path, problem=str(exc))
    try:
        mentions = {item.seq: cache.extract(page.text, item) for item in page.items}
    except Exception as exc:  # an extractor bug on one odd page must not stop a long import
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        return Prepared(path, problem=f"{path}: could not extract events ({reason})")
    hashes = {item.seq: ingest.content_hash(page.text, item) for item in page.items}
    return Prepared(path, page, mentions, hashes)


class MentionCache:
    """Extraction results by an item's exact text, so a teaser repeated on every page is read once.

    Offsets are kept relative to the item's start and shifted to each copy.
    Least recently used entries go first, and each kind of item has its own
    limit: the sidebar's teasers repeat on neighbouring pages (93 % of
    teasers are repeats), so a few thousand catch nearly every one, while an
    article comes back only when its page was scraped again, and a cache of
    one-off articles cost ~12 KB each (200 MB at the old 20,000 entries).
    """

    def __init__(self, known: Optional[KnownEntities] = None, teasers: int = 2000, articles: int = 100):
        self.known = known
        self.limits = {"teaser": teasers, "article": articles}
        self._caches: dict[str, OrderedDict[tuple, tuple[int, list[Mention]]]] = {k: OrderedDict() for k in self.limits}

    def extract(self, text: str, item: Item) -> list[Mention]:
        key = (
            text[item.span.start : item.span.end],
            tuple((s.start - item.span.start, s.end - item.span.start) for s in item.segments),
            item.kind,
            item.dateline,
        )
        cache = self._caches.get(item.kind, self._caches["article"])
        hit = cache.get(key)
        if hit is not None:
            cache.move_to_end(key)
            base, mentions = hit
            return [_shift(m, item.span.start - base) for m in mentions]
        mentions = extract_item(text, item, self.known)
        if len(cache) >= self.limits.get(item.kind, self.limits["article"]):
            cache.popitem(last=False)
        cache[key] = (item.span.start, mentions)
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


# --------------------------------------------------------------------------
# In a worker process

_worker_cache = None
_all_started = None


def _init_worker(known: Optional[KnownEntities], all_started) -> None:
    global _worker_cache, _all_started
    _worker_cache = MentionCache(known)
    _all_started = all_started


def _started() -> int:
    """The warm-up task: returns once every worker runs one, so each of them is started by it."""
    _all_started.wait(timeout=60)
    return os.getpid()


def _prepare_chunk(files: list[tuple[str, bytes]]) -> list[Prepared]:
    return [prepare(path, raw, _worker_cache) for path, raw in files]


# --------------------------------------------------------------------------
# In the importing process


def default_workers() -> int:
    """Worker processes for a large import: one per core the process may use, at most four.

    With two cores, two workers and the storing process share them; the
    storing side needs about a third of a core.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(0, min(cores, 4)) if cores > 1 else 0


class Preparer:
    """Prepares ``(path, bytes)`` in order, in ``workers`` processes or (with 0) in this one.

    Use as a context manager; :meth:`close` stops the workers, dropping work
    not yet started (a cancelled import does not wait for the rest).
    """

    def __init__(self, cache, workers: int = 0):
        self.cache = cache
        self.workers = workers
        self.pool: Optional[ProcessPoolExecutor] = None
        self.fell_back: Optional[str] = None  # why the workers stopped and this process took over
        self.pids: set[int] = set()  # the worker processes, once started
        if workers > 0:
            self._start(workers)

    def _start(self, workers: int) -> None:
        # "spawn", not fork: the window imports from a worker thread, and a
        # forked child of a threaded Qt process may hang on a lock another
        # thread held. A spawned child normally re-runs the caller's main
        # script first; the workers need nothing from it, and a script without
        # an ``if __name__ == "__main__"`` guard would start its own import in
        # every worker. So the workers all start now, while ``__main__`` is an
        # empty module: the pool starts a process for each task submitted while
        # none is idle, and each warm-up task waits for the others.
        context = multiprocessing.get_context("spawn")
        main = sys.modules["__main__"]
        try:
            self.pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                                            initargs=(self.cache.known, context.Barrier(workers)))
            sys.modules["__main__"] = types.ModuleType("__main__")
            try:
                started = [self.pool.submit(_started) for _ in range(workers)]
                self.pids = {f.result() for f in started}
            finally:
                sys.modules["__main__"] = main
            if len(self.pids) != workers:
                raise RuntimeError(f"{len(self.pids)} of {workers} workers started")
        except (OSError, BrokenProcessPool, RuntimeError, threading.BrokenBarrierError) as exc:  # no workers: work here
            self._fall_back(exc)

    def __enter__(self) -> "Preparer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def map(self, files: Iterable[tuple[str, bytes]]) -> Iterator[Prepared]:
        """Prepared pages in the order of ``files``; reads ``files`` only a few chunks ahead."""
        if self.pool is None:
            for path, raw in files:
                yield prepare(path, raw, self.cache)
            return
        pending: deque[tuple[list[tuple[str, bytes]], Future]] = deque()
        ahead = 3 * self.workers  # chunks in flight: enough to keep every worker busy, little memory
        source = iter(files)
        exhausted = False
        while True:
            while not exhausted and len(pending) < ahead:
                chunk = [f for _, f in zip(range(CHUNK), source)]
                if not chunk:
                    exhausted = True
                    break
                pending.append((chunk, self._submit(chunk)))
            if not pending:
                return
            chunk, future = pending.popleft()
            yield from self._result(chunk, future)

    def _submit(self, chunk: list[tuple[str, bytes]]) -> Optional[Future]:
        if self.pool is None:
            return None
        try:
            return self.pool.submit(_prepare_chunk, chunk)
        except (BrokenProcessPool, RuntimeError) as exc:
            self._fall_back(exc)
            return None

    def _result(self, chunk, future: Optional[Future]) -> list[Prepared]:
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool as exc:  # a worker died (killed, out of memory): carry on here
                self._fall_back(exc)
        return [prepare(path, raw, self.cache) for path, raw in chunk]

    def _fall_back(self, exc: BaseException) -> None:
        if self.fell_back is None:
            self.fell_back = f"worker processes stopped ({type(exc).__name__}: {exc}); the import went on without them"
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


__all__ = ["CHUNK", "MentionCache", "MIN_FILES_FOR_WORKERS", "Prepared", "Preparer", "default_workers", "prepare"]
