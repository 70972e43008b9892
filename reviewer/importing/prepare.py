"""From a file's bytes to a page ready to store: segmented, extracted, hashed.

This is the Python-bound part of an import (about two thirds of its time:
segmentation, then the extraction regexes), and each page is independent of
the others, so a large import prepares pages in worker processes while the
importing process stores them. Threads would not help: the work holds the GIL.

Results always come back in the order the files were given, so an import in
workers stores the same rows with the same ids as one without.
"""
from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Optional, overload

from . import html_text, ingest
from ..extract import budget, extract_item
from ..model import Item, KnownEntities, Mention, Page, Participant, Span, Value
from ..workers import Workers, default_workers

#: Below this many files an import prepares pages itself: starting workers
#: (a fresh interpreter each, importing the extractors) costs about 0.3 s.
MIN_FILES_FOR_WORKERS = 200
#: Files sent to a worker at once: fewer round trips, and a worker's extraction
#: cache sees neighbouring pages, whose teaser sidebars repeat.
CHUNK = 16
#: Seconds the extraction of one page may take: past it, the page is stored
#: without its events and a warning names it. A press page takes about a
#: millisecond; every page shape tried stays far below this (see
#: ``tests/reliability/test_hostile_pages.py``), so only a shape nobody
#: thought of meets it, and it can no longer hang an import.
PAGE_SECONDS = 30.0


@dataclass
class Prepared:
    """A page and what the store needs with it; ``problem`` set instead when the file is skipped."""

    path: str
    page: Optional[Page] = None
    mentions: Optional[dict[int, list[Mention]]] = None
    hashes: Optional[dict[int, str]] = None
    problem: Optional[str] = None  # one line: "path: reason"
    reason: Optional[str] = None  # the same without the path


@dataclass(frozen=True)
class Source:
    """What the importing process hands to be prepared: a file's (or a feed page's) bytes and what is known of it."""

    path: str  # printable
    raw: bytes
    sha256: Optional[str] = None  # of ``raw``
    kind: str = "text"  # "text" or "html"
    url: Optional[str] = None  # a feed's: override the page's own metadata
    published: Optional[str] = None
    title: Optional[str] = None


def prepare(path: str, raw: bytes, cache, sha256: Optional[str] = None, learned: frozenset[str] = frozenset(),
            seconds: Optional[float] = None, source: Optional[Source] = None) -> Prepared:
    """Segment, extract and hash one file's bytes (``cache``: a :class:`MentionCache`; ``sha256``: of the bytes;
    ``learned``: the import's furniture lines, :mod:`reviewer.importing.furniture`; ``seconds``: the extraction's time
    limit, :data:`PAGE_SECONDS` by default; ``source``: its kind and a feed's provenance, a text page without)."""
    try:
        page = read_source(source or Source(path, raw, sha256), learned)
    except ingest.IngestError as exc:
        return Prepared(path, problem=str(exc), reason=exc.reason)
    try:
        mentions = extract_page(page, cache, seconds)
    except Exception as exc:  # an extractor bug on one odd page must not stop a long import
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        return Prepared(path, problem=f"{path}: could not extract events ({reason})",
                        reason=f"could not extract events ({reason})")
    hashes = {item.seq: ingest.content_hash(page.text, item) for item in page.items}
    return Prepared(path, page, mentions, hashes)


def read_source(source: Source, learned: frozenset[str] = frozenset()) -> Page:
    """A segmented page from a source's bytes: a text page, or an HTML page's main text with its provenance
    (a feed's own ``url``, ``published`` and ``title`` taking precedence over the page's metadata)."""
    name = os.path.basename(source.path)  # a feed page: "feed.jsonl:12"
    sha256 = source.sha256 or hashlib.sha256(source.raw).hexdigest()
    if source.kind != "html":
        page = ingest.page_from_bytes(name, source.raw, path=source.path, sha256=sha256,
                                      learned=learned)
        page.url, page.published, page.title = source.url, source.published, source.title
        return page
    if not source.raw.strip():
        raise ingest.IngestError(source.path, "empty file")
    html = html_text.read_html(source.raw, source.path, base_url=source.url)
    page = ingest.page_from_text(ingest.printable(name), html.text, source.path, sha256, html.encoding, html.warnings,
                                 learned)
    page.url = source.url or html.url
    page.published = source.published or html.published
    page.title = source.title or html.title
    return page


def extract_page(page: Page, cache: "MentionCache", seconds: Optional[float] = None) -> dict[int, list[Mention]]:
    """The mentions of every item of ``page`` by its ``seq``; none, with a warning on the page, when
    they take longer than ``seconds`` (:data:`PAGE_SECONDS` by default)."""
    limit = PAGE_SECONDS if seconds is None else seconds
    try:
        with budget.deadline(limit):
            return {item.seq: cache.extract(page.text, item) for item in page.items}
    except budget.OutOfTime:
        page.warnings.append(too_slow(page.path, limit))
        return {}


def too_slow(path: str, seconds: float) -> str:
    return f"{path}: extraction took longer than {seconds:g} s; the page is stored without its events"


class MentionCache:
    """Extraction results by an item's exact text, so a teaser repeated on every page is read once.

    Offsets are kept relative to the item's start and shifted to each copy.
    Least recently used entries go first, and each kind of item has its own
    limit: the sidebar's teasers repeat on neighbouring pages (93 % of
    teasers are repeats), so a few thousand catch nearly every one, while an
    article comes back only when its page was scraped again, and a cache of
    one-off articles cost ~12 KB each (200 MB at the old 20,000 entries).
    """

    #: Longer items are not kept: a cache entry holds a copy of the item's text
    #: (a hundred 10 MB articles would be a gigabyte), and long ones never repeat.
    LONGEST = 20_000

    def __init__(self, known: Optional[KnownEntities] = None, teasers: int = 2000, articles: int = 100):
        self.known = known
        self.limits = {"teaser": teasers, "article": articles}
        self._caches: dict[str, OrderedDict[tuple, tuple[int, list[Mention]]]] = {k: OrderedDict() for k in self.limits}

    def extract(self, text: str, item: Item) -> list[Mention]:
        if item.span.end - item.span.start > self.LONGEST:
            return extract_item(text, item, self.known)
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


@overload
def _shift_span(span: Span, delta: int) -> Span: ...
@overload
def _shift_span(span: Optional[Span], delta: int) -> Optional[Span]: ...


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

_worker_cache: Optional[MentionCache] = None
_worker_learned: frozenset[str] = frozenset()
_worker_seconds: Optional[float] = None


def _init_worker(known: Optional[KnownEntities], learned: frozenset[str] = frozenset(),
                 seconds: Optional[float] = None) -> None:
    global _worker_cache, _worker_learned, _worker_seconds
    _worker_cache = MentionCache(known)
    _worker_learned, _worker_seconds = learned, seconds


def _prepare_in_worker(source: Source) -> Prepared:
    return prepare(source.path, source.raw, _worker_cache, source.sha256, _worker_learned, _worker_seconds, source)


# --------------------------------------------------------------------------
# In the importing process


class Preparer:
    """Prepares ``(path, bytes)`` in order, in ``workers`` processes (:class:`~reviewer.workers.Workers`)
    or, with 0, in this one with ``cache``. Use as a context manager."""

    def __init__(self, cache: MentionCache, workers: int = 0, learned: frozenset[str] = frozenset()):
        self.cache = cache
        self.learned = learned  # the same furniture lines here and in every worker: the same rows either way
        # the time limit in force here, handed to the workers (a spawned process reads the module afresh)
        self._workers = Workers(workers, _init_worker, (cache.known, learned, PAGE_SECONDS), what="the import")

    @property
    def pids(self) -> set[int]:
        return self._workers.pids

    @property
    def fell_back(self) -> Optional[str]:
        """Why the workers stopped and this process took over, if they did."""
        return self._workers.fell_back

    def __enter__(self) -> "Preparer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._workers.close()

    def map(self, sources: Iterable[Source]) -> Iterator[Prepared]:
        """Prepared pages in the order of ``sources``; reads ``sources`` only a few chunks ahead."""
        return self._workers.map(_prepare_in_worker, sources, CHUNK,
                                 here=lambda s: prepare(s.path, s.raw, self.cache, s.sha256, self.learned, source=s))


__all__ = ["CHUNK", "MentionCache", "MIN_FILES_FOR_WORKERS", "PAGE_SECONDS", "Prepared", "Preparer", "Source", "default_workers",
           "extract_page", "prepare"]
