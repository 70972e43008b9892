"""Import speed of HTML pages (or of a scraper's feed of them): pages per second, peak memory.

    python benchmarks/bench_html.py [--pages 2000] [--feed] [--workers N] [--workdir DIR] [--json FILE]

Generates ``--pages`` pages in three site layouts of our own making
(``make_html_corpus.py``: an HTML5 portal, a news agency's divs, an embassy's
windows-1251 tables; each with its scripts, styles, menus and sidebars), or one
JSON Lines feed of them with ``--feed``, then imports them into a fresh
database in a subprocess — the whole ``import_paths`` as ``reviewer import``
runs it: reading, main text, segmentation, extraction in worker processes,
storing, and the duplicate pass. It prints pages per second (with and without
the duplicate pass), the peak memory of the import and its workers, and the
machine's load average before and after: the figure is only comparable on an
equally loaded machine.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def _import(db: Path, corpus: Path, workers: int | None) -> dict:
    from run import TreeMemory

    from reviewer.importing.pipeline import import_paths
    from reviewer.store import Store

    with Store(db) as store, TreeMemory() as memory:
        t0 = time.perf_counter()
        report = import_paths(store, [corpus], workers=workers, near_duplicates=False)
        t1 = time.perf_counter()
        from reviewer import dedupe

        after = dedupe.after_import(store)
        t2 = time.perf_counter()
        stats = store.stats()
    pages = len(report.imported)
    return {"pages": pages, "skipped": len(report.skipped), "unchanged": len(report.unchanged),
            "first_skipped": report.skipped[:3], "import_s": round(t2 - t0, 2),
            "pages_per_s": round(pages / (t2 - t0), 1), "pages_per_s_without_duplicate_pass": round(pages / (t1 - t0), 1),
            "peak_mb": round(memory.peak, 1), "items": stats["items"], "events": stats["events"],
            "near_merged": after.merged}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--feed", action="store_true", help="one JSON Lines feed of the pages instead of files")
    ap.add_argument("--workers", type=int, default=None, help="worker processes (default: the import's own choice)")
    ap.add_argument("--workdir", type=Path, default=None, help="keep the corpus here for the next run")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--child", nargs=2, metavar=("DB", "CORPUS"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(_import(Path(args.child[0]), Path(args.child[1]), args.workers)))
        return 0
    from make_html_corpus import write_html_corpus

    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-html-"))
    corpus = work / f"html-{args.pages}-{args.seed}{'-feed' if args.feed else ''}"
    if not corpus.exists():
        t = time.perf_counter()
        write_html_corpus(corpus, args.pages, args.seed, args.feed)
        print(f"corpus: {args.pages} pages in {time.perf_counter() - t:.1f} s -> {corpus}", file=sys.stderr)
    db = work / f"bench-html-{os.getpid()}.db"
    before = os.getloadavg()
    cmd = [sys.executable, __file__, "--child", str(db), str(corpus)]
    if args.workers is not None:
        cmd += ["--workers", str(args.workers)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    result.update(feed=args.feed, load_before=[round(x, 2) for x in before],
                  load_after=[round(x, 2) for x in os.getloadavg()], cores=os.cpu_count())
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    print(f"{result['pages']} HTML pages{' (one feed)' if args.feed else ''} in {result['import_s']} s: "
          f"{result['pages_per_s']} pages/s ({result['pages_per_s_without_duplicate_pass']} without the duplicate "
          f"pass), peak {result['peak_mb']} MB; {result['items']} items, {result['events']} events; "
          f"{result['skipped']} skipped; load average {result['load_before'][0]} -> {result['load_after'][0]} "
          f"on {result['cores']} cores")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
