"""Duplicate search at scale: near-duplicate items (MinHash/LSH), people, candidate event pairs.

    python benchmarks/bench_dedupe.py [--items 10000 30000 100000] [--workdir DIR] [--json FILE]

For each size, a synthetic corpus (``make_corpus.py``) of about that many
items is imported once without the duplicate pass; then, in a fresh
subprocess (so peak memory is the search's own), :func:`measure_dedupe`
runs the whole search from scratch on a copy of the database. Figures:
seconds, peak resident memory, releases hashed, candidates proposed and
pairs merged. No figure is asserted; targets are in the README.

``measure_dedupe(db_path)`` is also what ``benchmarks/run.py`` calls.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

ITEMS_PER_PAGE = 4.85  # measured on make_corpus output


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _fresh_copy(db_path: Path, target: Path) -> None:
    """A copy with no duplicate search done: signatures and open candidates removed, merges kept."""
    src, dst = sqlite3.connect(db_path), sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.executescript(
        "DELETE FROM release_lsh; DELETE FROM release_minhash;"
        " DELETE FROM dup_candidates WHERE status IN ('open', 'later');")
    dst.commit()
    dst.close()


def measure_dedupe(db_path) -> dict:
    """Time the full duplicate search on a copy of ``db_path`` (the original is left as it is)."""
    from reviewer import dedupe
    from reviewer.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "dedupe.db"
        _fresh_copy(Path(db_path), copy)
        with Store(copy) as store:
            items = store.db.execute("SELECT count(*) FROM items").fetchone()[0]
            t0 = time.perf_counter()
            near = dedupe.near.merge_near_duplicate_items(store)
            t1 = time.perf_counter()
            dedupe.merge_people(store)
            t2 = time.perf_counter()
            result = dedupe.find_candidates(store)
            t3 = time.perf_counter()
    return {"seconds": t3 - t0, "peak_rss_mb": peak_rss_mb(), "items": items, "near_s": t1 - t0,
            "people_s": t2 - t1, "candidates_s": t3 - t2, "near_merged": near, "pairs_scored": result.scored,
            "proposed": result.proposed, "auto_merged": result.merged}


def build(items: int, work: Path, seed: int = 1) -> Path:
    """Import a synthetic corpus of about ``items`` items into a database once (kept for reruns)."""
    db = work / f"dedupe-{items}.db"
    if db.exists():
        return db
    corpus = work / f"corpus-{items}"
    pages = max(1, round(items / ITEMS_PER_PAGE))
    if not corpus.exists():
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(corpus), "--pages", str(pages),
                        "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
    from reviewer.importing.pipeline import import_paths
    from reviewer.store import Store

    partial = db.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with Store(partial) as store:
        import_paths(store, [corpus], near_duplicates=False)
    partial.rename(db)
    return db


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, nargs="+", default=[10000, 30000, 100000])
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "reviewer-bench")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--measure", type=Path, default=None, help=argparse.SUPPRESS)  # the subprocess's job
    args = ap.parse_args(argv)
    if args.measure:
        print(json.dumps(measure_dedupe(args.measure)))
        return 0
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = []
    print(f"{'items':>8} {'seconds':>8} {'near s':>7} {'cand s':>7} {'peak MB':>8} {'scored':>8} {'proposed':>8} {'merged':>7}")
    for n in args.items:
        db = build(n, args.workdir)
        out = subprocess.run([sys.executable, __file__, "--measure", str(db)], check=True, capture_output=True, text=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"{r['items']:>8} {r['seconds']:>8.2f} {r['near_s']:>7.2f} {r['candidates_s']:>7.2f} "
              f"{r['peak_rss_mb']:>8.0f} {r['pairs_scored']:>8} {r['proposed']:>8} {r['auto_merged'] + r['near_merged']:>7}",
              flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
