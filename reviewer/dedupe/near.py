"""Near-duplicate items: the same release scraped twice with small differences.

Identical contents already share a release at import (the content hash).
Here copies that differ slightly — a photo name the furniture rules missed, a
changed word, a sentence cut — are found with MinHash over word 3-shingles and
LSH banding, never by comparing all pairs. Signatures and band keys are kept
in the database (``release_minhash``, ``release_lsh``), so each pass hashes
and queries only the releases added since the last one.

A candidate pair merges only when the exact shingle Jaccard is high *and* the
two texts name the same dates and numbers: monthly teasers that differ only
in their date ("On 20 December, a joint training session…") are different
events, however similar their words.
"""
from __future__ import annotations

import json
import re
import zlib
from array import array
from collections import Counter
from functools import lru_cache
from typing import Callable, Iterable, Optional

import numpy as np

from ..store import SYSTEM, Store
from ..workers import Workers, default_workers
from . import folds
from .folds import fold_release  # folds record what a fold changed; near finds what to fold
from .stream import chunks as _chunks

NUM_PERM = 64
BANDS, ROWS = 16, 4  # P(candidate) = 1-(1-J^4)^16: 0.998 at J=0.75, 0.12 at J=0.3
SHINGLE = 3
CROWDED = 60  # releases in one LSH bucket beyond which it is boilerplate, not a copy
THRESHOLD = 0.7  # exact Jaccard of word 3-shingles (dates and numbers must also agree)
#: Hashing fewer new releases than this is quicker than starting worker processes.
MIN_RELEASES_FOR_WORKERS = 5000

Progress = Callable[[int, int, str], None]

_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
}
# Odd 64-bit multipliers that mix the ROWS values of a band into one key.
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5],
                dtype=np.uint64)[:ROWS]


_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "pdf", "mp4", "avi", "doc", "docx"}
_WORD = re.compile(r"\w+")
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th)")


def _noise(w: str) -> bool:
    """A photo name or a file extension (``ZVF_6111.JPG``): scraping noise, not content."""
    if w.isalpha():
        return w in _EXTENSIONS
    return not w.isdigit() and any(c.isdigit() for c in w)


def words(text: str) -> list[str]:
    """Lowercase words, without photo names and file extensions."""
    return [w for w in _WORD.findall(text.casefold()) if not _noise(w)]


def shingles(tokens: list[str]) -> set[str]:
    if len(tokens) < SHINGLE:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def date_tokens(tokens: list[str]) -> Counter:
    """Month names and numbers (days, years, ordinals): what must agree for two texts to be one item."""
    out: Counter = Counter()
    for t in tokens:
        if t in _MONTHS:
            out[t[:3]] += 1
        elif t[:1].isdecimal():  # isdigit() also admits "²", which int() refuses
            if (m := _ORDINAL.fullmatch(t)) is not None:
                t = m.group(1)  # "40th meeting" is not the 41st
            if t.isdecimal():
                out[str(int(t))] += 1
    return out


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _fingerprint(text: str) -> tuple[Counter, set[str]]:
    """What :func:`same_item` compares: the dates and numbers, and the word 3-shingles."""
    return date_tokens(_WORD.findall(text.casefold())), shingles(words(text))


def _same(a: tuple[Counter, set[str]], b: tuple[Counter, set[str]], threshold: float = THRESHOLD) -> bool:
    return a[0] == b[0] and jaccard(a[1], b[1]) >= threshold


def same_item(text_a: str, text_b: str, threshold: float = THRESHOLD) -> bool:
    """True when two item contents are one release: near-equal words, equal dates and numbers."""
    return _same(_fingerprint(text_a), _fingerprint(text_b), threshold)


_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)


def _permutations(num_perm: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) of the universal hash functions ``(a * h + b) mod (2^61 - 1)``, drawn as datasketch's
    "legacy" MinHash scheme draws them (tests/test_dedupe.py checks the two agree).

    Drawn here rather than taken from ``datasketch.MinHash``: its default scheme
    changed in datasketch 2.0, and signatures stored in a database must not
    change with a library upgrade. numpy's RandomState stream is frozen.
    Hashing with datasketch objects was also slower (per-object setup, SHA-1
    per shingle), and importing it loads SciPy (about 50 MB per process).
    """
    gen = np.random.RandomState(seed)
    pairs = [(gen.randint(1, _PRIME, dtype=np.uint64), gen.randint(0, _PRIME, dtype=np.uint64))
             for _ in range(num_perm)]
    a, b = np.array(pairs, dtype=np.uint64).T
    return a.copy(), b.copy()


_A, _B = _permutations(NUM_PERM)
# Odd multipliers that combine three word hashes into one shingle hash.
_SHINGLE_MIX = [np.uint64(m) for m in (0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB)]
_word_hashes: dict[str, int] = {}  # word -> CRC-32, or -1 for scraping noise (:func:`_noise`)
_dateish: set[str] = set()  # the words of the memo that :func:`date_tokens` counts


@lru_cache(maxsize=8)
def _analyse(text: str) -> tuple[np.ndarray, int]:
    """A text's shingle hashes (unique, 32-bit) and its dates key, from one tokenisation.

    Cached for the last few texts: :func:`signature` and :func:`bucket_keys`
    are called one after the other on each release.
    """
    tokens = _WORD.findall(text.casefold())
    memo = _word_hashes
    if len(memo) > 500_000:  # names and numbers keep coming: bound the memo
        memo.clear()
        _dateish.clear()
    for w in set(tokens).difference(memo):
        memo[w] = -1 if _noise(w) else zlib.crc32(w.encode("utf-8"))
        if w in _MONTHS or w[:1].isdecimal():
            _dateish.add(w)
    dates = _dates_key(date_tokens(list(filter(_dateish.__contains__, tokens))))
    ids = np.fromiter(map(memo.__getitem__, tokens), dtype=np.int64, count=len(tokens))
    ids = ids[ids >= 0].astype(np.uint64)
    if not len(ids):
        return ids, dates
    if len(ids) < SHINGLE:
        mixed = ids[:1] * _SHINGLE_MIX[0] + np.uint64(len(ids))
    else:
        with np.errstate(over="ignore"):  # wrapping 64-bit arithmetic is the point
            mixed = ids[:-2] * _SHINGLE_MIX[0] + ids[1:-1] * _SHINGLE_MIX[1] + ids[2:] * _SHINGLE_MIX[2]
    return np.unique(mixed >> np.uint64(32)), dates


def signature(text: str) -> np.ndarray:
    """MinHash of the text's word 3-shingles (universal hashing, as datasketch's legacy scheme, over 32-bit shingle hashes).

    A shingle's hash mixes the CRC-32 of its three words, so each word is
    hashed once (and remembered) instead of every joined shingle string:
    hashing releases was most of a duplicate search at 100,000 pages.
    """
    hv = _analyse(text)[0]
    if not len(hv):
        return np.full(NUM_PERM, _MAX_HASH, dtype=np.uint64)
    phv = ((hv[:, None] * _A[None, :] + _B[None, :]) % _PRIME) & _MAX_HASH
    return phv.min(axis=0)


def _dates_key(tokens: Counter) -> int:
    """A hash of a text's dates and numbers (:func:`date_tokens`), which copies must share."""
    return zlib.crc32(" ".join(f"{t}:{n}" for t, n in sorted(tokens.items())).encode("utf-8"))


def band_keys(sig: np.ndarray, dates: int = 0) -> list[int]:
    """One signed 63-bit key per band (SQLite integers are signed 64-bit).

    ``dates`` (:func:`_dates_key`) goes into every key: texts that differ in a
    date or number are never one release, so they need never share a bucket.
    Without it, monthly teasers of one template ("On 20 December, a joint
    training…") fill buckets that grow with the corpus: 400,000 pairs to check
    at 100,000 items, of which 460 were copies.
    """
    bands = sig.reshape(BANDS, ROWS)
    with np.errstate(over="ignore"):
        mixed = (bands * _MIX).sum(axis=1, dtype=np.uint64) + np.uint64(dates) * np.uint64(0xD6E8FEB86659FD93)
    return [int(k) for k in (mixed >> np.uint64(1))]


def bucket_keys(text: str, sig: Optional[np.ndarray] = None) -> list[int]:
    """The LSH bucket of each band for a text (``sig``: its :func:`signature`, if already made)."""
    sig = signature(text) if sig is None else sig
    return band_keys(sig, _analyse(text)[1])


# --------------------------------------------------------------------------
# Reading release contents


def release_texts(store: Store, release_ids: Iterable[int]) -> Iterable[tuple[int, str]]:
    """(release id, content) from one item of each release, read document by document."""
    ids = list(release_ids)
    cache: tuple[Optional[int], str] = (None, "")
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        rows = store.db.execute(
            f"SELECT release_id, document_id, segments FROM items WHERE id IN"
            f" (SELECT min(id) FROM items WHERE release_id IN ({marks}) GROUP BY release_id)"
            f" ORDER BY document_id",
            chunk,
        ).fetchall()
        for release_id, doc_id, segs in rows:
            if cache[0] != doc_id:
                cache = (doc_id, store.document_text(doc_id))
            text = cache[1]
            yield release_id, "\n".join(text[s:e] for s, e in json.loads(segs))


# --------------------------------------------------------------------------
# Indexing and searching


def _hash_release(release: tuple[int, str]) -> tuple[int, bytes, list[int]]:
    """(id, signature, band keys) of one release: the part of indexing done in worker processes."""
    release_id, text = release
    sig = signature(text)
    return release_id, sig.tobytes(), bucket_keys(text, sig)


def index_new_releases(store: Store, progress: Optional[Progress] = None,
                       cancelled: Callable[[], bool] = lambda: False, workers: Optional[int] = None) -> int:
    """Hash the releases that have no signature yet; returns how many were added.

    ``workers``: processes that hash while this one reads and stores; by
    default one per core when there are :data:`MIN_RELEASES_FOR_WORKERS` or more.
    """
    new = [r[0] for r in store.db.execute(
        "SELECT r.id FROM releases r LEFT JOIN release_minhash m ON m.release_id = r.id"
        " WHERE m.release_id IS NULL AND r.merged_into IS NULL ORDER BY r.id")]
    if workers is None:
        workers = default_workers() if len(new) >= MIN_RELEASES_FOR_WORKERS else 0
    done = 0
    batch_sig: list[tuple] = []
    batch_lsh: list[tuple] = []
    # band keys are random, so each insert lands on a random page of the bucket
    # index: with SQLite's default 2 MB cache that is a disk read per row at 100,000 items
    cache = store.db.execute("PRAGMA cache_size").fetchone()[0]
    store.db.execute("PRAGMA cache_size = -65536")

    def flush():
        with store.transaction():
            store.db.conn.executemany(
                "INSERT OR REPLACE INTO release_minhash (release_id, signature, pending) VALUES (?,?,1)", batch_sig)
            store.db.conn.executemany("INSERT INTO release_lsh (release_id, band, key) VALUES (?,?,?)", batch_lsh)
        batch_sig.clear()
        batch_lsh.clear()

    with Workers(workers, what="hashing releases") as pool:
        for release_id, sig, keys in pool.map(_hash_release, release_texts(store, new), chunk=64):
            batch_sig.append((release_id, sig))
            batch_lsh.extend((release_id, b, k) for b, k in enumerate(keys))
            done += 1
            if len(batch_sig) >= 2000:
                flush()
                if progress:
                    progress(done, len(new), "hashing releases")
                if cancelled():
                    break
        if batch_sig:
            flush()
    store.db.execute(f"PRAGMA cache_size = {int(cache)}")
    return done


def candidate_pairs(store: Store, crowded: int = CROWDED) -> np.ndarray:
    """Pairs sharing an LSH bucket, at least one of them pending, as sorted unique
    ``low id << 32 | high id`` (8 bytes a pair, where a set of tuples took a hundred).

    A bucket holding more than ``crowded`` releases is skipped: it is text many
    releases share (boilerplate paragraphs), and pairing all its members would
    make the search quadratic. True copies agree on most bands, so they still
    meet in the uncrowded ones.
    """
    pending = {r for (r,) in store.db.execute("SELECT release_id FROM release_minhash WHERE pending = 1")}
    # only shared buckets come out of the (covering) bucket index: most are singletons
    rows = store.db.execute(
        "SELECT group_concat(release_id) FROM release_lsh GROUP BY band, key HAVING count(*) BETWEEN 2 AND ?",
        [crowded])
    found, parts = array("q"), []
    for (members,) in rows:
        bucket = sorted(int(r) for r in members.split(","))
        if pending.isdisjoint(bucket):
            continue
        for i, a in enumerate(bucket):
            for b in bucket[i + 1 :]:
                if a in pending or b in pending:
                    found.append(a << 32 | b)
        if len(found) > 1_000_000:  # a pair meets in several bands: drop repeats as we go
            parts.append(np.unique(np.frombuffer(found, dtype=np.int64)))
            found = array("q")
    parts.append(np.frombuffer(found, dtype=np.int64))
    return np.unique(np.concatenate(parts))


def _signatures(store: Store, ids: Iterable[int]) -> dict[int, np.ndarray]:
    out = {}
    for chunk in _chunks(sorted(ids), 500):
        marks = ",".join("?" * len(chunk))
        for rid, blob in store.db.execute(
                f"SELECT release_id, signature FROM release_minhash WHERE release_id IN ({marks})", chunk):
            out[rid] = np.frombuffer(blob, dtype=np.uint64)
    return out


def _compact_print(text: str) -> tuple[Counter, np.ndarray]:
    """:func:`_fingerprint` with the shingles as sorted 64-bit hashes: a tenth of the memory of the strings."""
    dates, sh = _fingerprint(text)
    return dates, np.unique(np.fromiter(map(hash, sh), dtype=np.int64, count=len(sh)))


def _same_compact(a: tuple[Counter, np.ndarray], b: tuple[Counter, np.ndarray]) -> bool:
    if a[0] != b[0]:
        return False
    union = len(np.union1d(a[1], b[1]))
    return (len(np.intersect1d(a[1], b[1], assume_unique=True)) / union if union else 0.0) >= THRESHOLD


def verified_pairs(store: Store, pairs, chunk: int = 20000) -> list[tuple[int, int]]:
    """The candidate pairs (:func:`candidate_pairs`, or (a, b) tuples) that really are one release
    (estimated, then exact check), ``chunk`` pairs at a time: signatures and texts of one chunk only."""
    if not isinstance(pairs, np.ndarray):
        pairs = np.unique(np.array([a << 32 | b for a, b in pairs], dtype=np.int64))
    out: list[tuple[int, int]] = []
    for start in range(0, len(pairs), chunk):
        part = [(int(p >> 32), int(p & 0xFFFFFFFF)) for p in pairs[start : start + chunk]]
        sigs = _signatures(store, {r for p in part for r in p})
        known = [(a, b) for a, b in part if a in sigs and b in sigs]
        if not known:
            continue
        left = np.stack([sigs[a] for a, _ in known])
        right = np.stack([sigs[b] for _, b in known])
        est = (left == right).mean(axis=1)  # estimated Jaccard, vectorised: LSH buckets can be crowded
        likely = [p for p, e in zip(known, est) if e >= THRESHOLD - 0.2]
        del sigs, left, right
        # one fingerprint per release of the chunk: templated teasers put one release in many pairs
        prints = {rid: _compact_print(text) for rid, text in release_texts(store, {r for p in likely for r in p})}
        out.extend((a, b) for a, b in likely if a in prints and b in prints and _same_compact(prints[a], prints[b]))
    return sorted(out)


def _tidy_absorbed(store: Store) -> None:
    """Fold again every absorbed release that a later import linked new items or events to."""
    rows = store.db.execute(
        "SELECT id FROM releases WHERE merged_into IS NOT NULL AND ("
        " EXISTS (SELECT 1 FROM items WHERE items.release_id = releases.id) OR"
        " EXISTS (SELECT 1 FROM events e JOIN mentions m ON m.event_id = e.id WHERE e.release_id = releases.id))"
    ).fetchall()
    for (rid,) in rows:
        fold_release(store, rid, store.live_root("releases", rid))


def merge_near_duplicate_items(store: Store, progress: Optional[Progress] = None,
                               cancelled: Callable[[], bool] = lambda: False, who: str = SYSTEM) -> int:
    """Find near-duplicate releases among the new ones and merge them; returns how many were absorbed."""
    index_new_releases(store, progress, cancelled)
    if cancelled():
        return 0
    pairs = verified_pairs(store, candidate_pairs(store))
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)  # the earliest release survives
    merged = 0
    with store.transaction():
        apart = folds.separated_pairs(store)  # a reviewer separated them: never folded again
        for rid in sorted(parent):
            a, b = store.live_root("releases", rid), store.live_root("releases", find(rid))
            if a != b and not folds.kept_apart(store, a, b, apart):
                fold_release(store, max(a, b), min(a, b), who)
                merged += 1
        _tidy_absorbed(store)
        store.db.execute("UPDATE release_minhash SET pending = 0 WHERE pending = 1")
    return merged
