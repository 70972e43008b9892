"""Extraction throughput and memory in one process, on seed-like pages.

    python benchmarks/bench_extract.py [--pages 5000] [--seed 1] [--folder DIR] [--json FILE]

Pages come from ``make_corpus.py`` (generated in memory) or from a folder of
``*.txt``. Two passes over the same pages:

- ``raw``: every item of every page is parsed and extracted, no cache: the
  cost of the extractor itself;
- ``cached``: through ``reviewer.importing.prepare.MentionCache``, as an import does
  (a teaser repeated on many pages is read once).

Resident memory is sampled every 10% of the pages, so a reader can see it
stays flat; the database is not involved (``run.py`` measures the import).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]


def rss_mb() -> float:
    """Current resident memory (VmRSS) in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load_pages(pages: int, seed: int, folder: Path | None) -> list[tuple[str, str]]:
    if folder is not None:
        from reviewer.importing.ingest import decode

        files = sorted(folder.rglob("*.txt"))[:pages]
        return [(f.name, decode(f.read_bytes(), str(f))[0]) for f in files]
    from make_corpus import iter_pages

    return list(iter_pages(pages, seed))


def one_pass(pages: list[tuple[str, str]], cached: bool) -> dict:
    from reviewer.extract import extract_item
    from reviewer.importing.ingest import parse_page
    from reviewer.model import KnownEntities
    from reviewer.importing.prepare import MentionCache

    known = KnownEntities()
    cache = MentionCache(known)
    step = max(1, len(pages) // 10)
    samples, items, mentions = [], 0, 0
    t0 = time.perf_counter()
    for i, (name, text) in enumerate(pages, 1):
        page = parse_page(name, text)
        for item in page.items:
            found = cache.extract(text, item) if cached else extract_item(text, item, known)
            items += 1
            mentions += len(found)
        if i % step == 0:
            samples.append(round(rss_mb(), 1))
    elapsed = time.perf_counter() - t0
    return {
        "seconds": elapsed,
        "pages_per_s": len(pages) / elapsed,
        "items_per_s": items / elapsed,
        "items": items,
        "mentions": mentions,
        "rss_mb_every_10pct": samples,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--folder", type=Path, help="read pages from this folder instead of generating them")
    ap.add_argument("--json", type=Path, help="also write the figures here as JSON")
    args = ap.parse_args(argv)
    pages = load_pages(args.pages, args.seed, args.folder)
    if not pages:
        ap.error("no pages to measure")
    base = rss_mb()
    result = {"pages": len(pages), "rss_mb_pages_loaded": round(base, 1),
              "raw": one_pass(pages, cached=False), "cached": one_pass(pages, cached=True)}
    from run import peak_rss_mb

    result["peak_rss_mb"] = peak_rss_mb()
    for mode in ("raw", "cached"):
        r = result[mode]
        print(f"{mode:<7} {len(pages)} pages  {r['seconds']:.2f} s  {r['pages_per_s']:.0f} pages/s  "
              f"{r['items_per_s']:.0f} items/s  RSS MB every 10%: {r['rss_mb_every_10pct']}")
    print(f"peak RSS {result['peak_rss_mb']:.0f} MB (the pages themselves held in memory: {base:.0f} MB after loading)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
