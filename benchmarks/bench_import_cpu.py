"""The import's CPU time, for a machine shared with other work: wall time swings with the load, CPU time less.

    python benchmarks/bench_import_cpu.py --pages 3000 [--workdir DIR] [--workers N] [--json FILE]

Runs what ``run.py``'s import stage runs (``import_paths`` without its
duplicate pass, then the pass, ``dedupe.merge_near_duplicate_items``) in a
fresh process on the same corpus (``make_corpus.py``, kept in ``--workdir``),
and reports for each part the wall seconds, this process's CPU seconds and
its worker processes' (reaped, so counted by ``RUSAGE_CHILDREN``), with the
load average before and after. Compare two versions by running each in turn,
alternating, on the same corpus: the load still moves CPU time by some
percent (shared caches, hyper-threads), so one pair of runs proves little.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _clocks() -> tuple[float, float, float]:
    return time.perf_counter(), time.process_time(), _children_cpu()


def _since(start: tuple[float, float, float]) -> dict:
    wall, cpu, children = (b - a for a, b in zip(start, _clocks()))
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "workers_cpu_s": round(children, 2)}


def measure(db: Path, corpus: Path, workers: int | None) -> dict:
    """In this process: the import, then its duplicate pass, each part's clocks."""
    from reviewer import dedupe
    from reviewer.importing.pipeline import import_paths
    from reviewer.store import Store

    out: dict = {"load_before": os.getloadavg()[0]}
    with Store(db) as store:
        start = _clocks()
        report = import_paths(store, [corpus], None, lambda: False, near_duplicates=False, workers=workers)
        out["import"] = _since(start)
        start = _clocks()
        merged = dedupe.merge_near_duplicate_items(store)
        out["pass"] = _since(start)
        out["pages"], out["merged_releases"], out["events"] = len(report.imported), merged, store.stats()["events"]
    out["load_after"] = os.getloadavg()[0]
    whole_wall = out["import"]["wall_s"] + out["pass"]["wall_s"]
    out["pages_per_s"] = round(out["pages"] / whole_wall, 1) if whole_wall else None
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, help="where the corpus (kept) and the database go")
    ap.add_argument("--workers", type=int, help="worker processes for the import (default: as an import picks)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)  # the database: measure in this process
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, args.corpus, args.workers)))
        return 0
    from run import workspace

    temp, _, corpus, _, db = workspace(args.workdir, args.pages, args.seed, "cpu")  # temp: the folder lives while it does
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(db), "--corpus", str(corpus)]
    if args.workers is not None:
        cmd += ["--workers", str(args.workers)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        sys.stderr.write(done.stderr)
        return 1
    result = json.loads(done.stdout.splitlines()[-1])
    for part in ("import", "pass"):
        r = result[part]
        print(f"{part:<7} wall {r['wall_s']:7.2f} s  cpu {r['cpu_s']:7.2f} s  workers' cpu {r['workers_cpu_s']:7.2f} s")
    print(f"{result['pages']} pages, {result['pages_per_s']} pages/s whole; load average "
          f"{result['load_before']:.1f} before, {result['load_after']:.1f} after")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
