"""Measure the whole pipeline at one corpus size: one table, and the same figures as JSON.

    python benchmarks/run.py --pages 10000 [--json FILE] [--seed 1] [--workdir DIR]

Stages, each in a fresh subprocess so that peak memory is its own (VmHWM, or
the sampled sum with its worker processes when that is larger):

1. import + extraction of a synthetic corpus (``make_corpus.py``) through
   ``reviewer.importing.pipeline.import_paths``, near-duplicate merge included;
2. duplicate search (``bench_dedupe.measure_dedupe``, the dedupe engineer's);
3. export of every event as JSON Lines (the ``reviewer export`` command);
4. the review window, offscreen: open to the first release shown, then
   next-release moves and edit-to-saved (``bench_ui``, the window engineer's);
5. the entity list (``reviewer.entities``): counting again the entities the
   duplicate pass changed, then reading each kind's list as the entity window
   opens on it.

A stage whose code has not landed yet is reported as missing; a stage that
fails makes the run exit 1. No figure is asserted: targets are in the README.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

STAGES = ("import", "dedupe", "export", "ui", "entities")
#: Keys the JSON always has (null when a stage is missing or failed).
KEYS = ("pages", "import_pages_per_s", "import_peak_rss_mb", "dedupe_s", "dedupe_peak_rss_mb", "export_s",
        "open_s", "next_p50_ms", "next_p95_ms", "edit_p50_ms", "edit_p95_ms", "entities_list_s")


# --------------------------------------------------------------------------
# Inside a stage's subprocess


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                kids = [int(k) for k in (task / "children").read_text().split()]
                out.extend(kids)
                todo.extend(kids)
        except OSError:  # gone meanwhile, or no /proc
            continue
    return out


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class TreeMemory:
    """Peak of the resident memory of this process and its children together (sampled every 0.1 s).

    An import prepares pages in worker processes (``reviewer.importing.prepare``), whose
    memory VmHWM of this process alone would not count.
    """

    def __init__(self, every: float = 0.1):
        import threading

        self.every, self.peak = every, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = os.getpid()
        while True:
            self.peak = max(self.peak, sum(_rss_mb(p) for p in [me, *_descendants(me)]))
            if self._stop.wait(self.every):
                return


class Missing(Exception):
    """The code a stage measures has not landed yet."""


def _need(module: str, attr: str | None = None):
    import importlib

    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (exc.name == module or module.startswith(exc.name + ".") or exc.name.startswith("reviewer.")):
            raise Missing(f"{module} not available ({exc})") from None
        raise
    except ImportError as exc:
        raise Missing(f"{module} not importable ({exc})") from None
    if attr is not None and not hasattr(mod, attr):
        raise Missing(f"{module}.{attr} not written yet")
    return getattr(mod, attr) if attr else mod


def stage_import(db: Path, corpus: Path, pages: int, **_) -> dict:
    import_paths = _need("reviewer.importing.pipeline", "import_paths")
    dedupe = _need("reviewer.dedupe")
    from reviewer.store import Store

    with Store(db) as store:
        t0 = time.perf_counter()
        report = import_paths(store, [corpus], None, lambda: False, near_duplicates=False)
        t1 = time.perf_counter()
        loop_peak = peak_rss_mb()
        merged = dedupe.merge_near_duplicate_items(store)
        t2 = time.perf_counter()
        stats = store.stats()
    if report.skipped:
        raise RuntimeError(f"{len(report.skipped)} pages skipped, first: {report.skipped[0]}")
    return {
        "import_s": t2 - t0,
        "import_extract_s": t1 - t0,
        "import_dedupe_pass_s": t2 - t1,
        "import_loop_peak_rss_mb": loop_peak,
        "import_extract_pages_per_s": len(report.imported) / (t1 - t0),
        "import_pages_per_s": len(report.imported) / (t2 - t0),
        "import_items": stats["items"],
        "import_releases": stats["releases"],
        "import_events": stats["events"],
        "import_near_merged": merged,
        "import_workers": _need("reviewer.importing.prepare").default_workers(),
    }


def stage_dedupe(db: Path, **_) -> dict:
    measure = _need("bench_dedupe", "measure_dedupe")
    t0 = time.perf_counter()
    figures = measure(db) or {}
    elapsed = time.perf_counter() - t0
    out = {"dedupe_s": float(figures.get("seconds", figures.get("dedupe_s", elapsed)))}
    for key, value in figures.items():
        if isinstance(value, (int, float)) and key not in ("seconds", "dedupe_s"):
            out[key if key.startswith("dedupe_") else f"dedupe_{key}"] = value
    return out


def stage_export(db: Path, work: Path, **_) -> dict:
    _need("reviewer.export")
    from reviewer.cli import cli

    target = work / f"{db.stem}-export.jsonl"
    for old in work.glob(f"{db.stem}-export.*"):
        old.unlink()
    t0 = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # its summary line is not ours to print
        code = cli.main(["--db", str(db), "export", "--format", "jsonl", "--all", "-o", str(target)],
                        standalone_mode=False)
    if code:
        raise RuntimeError(f"reviewer export exited {code}")
    elapsed = time.perf_counter() - t0
    with open(target, "rb") as f:
        events = sum(1 for _ in f)
    return {"export_s": elapsed, "export_events": events, "export_events_per_s": events / elapsed if elapsed else 0.0}


def stage_ui(db: Path, moves: int, edits: int, **_) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    bench_ui = _need("bench_ui")
    for name in ("measure_open", "measure_next", "measure_edit"):
        if not hasattr(bench_ui, name):
            raise Missing(f"bench_ui.{name} not written yet")
    opened = bench_ui.measure_open(db)
    open_s, window = _open_result(opened)
    out = {"open_s": open_s}
    out.update(_percentiles("next", bench_ui.measure_next(window, moves)))
    _show_release_with_event(window, db)
    out.update(_percentiles("edit", bench_ui.measure_edit(window, edits)))
    return out


def stage_entities(db: Path, **_) -> dict:
    entities = _need("reviewer.entities")
    _need("reviewer.entities", "EntityService")
    from reviewer.store import Store

    with Store(db) as store:
        t0 = time.perf_counter()
        store.refresh_entities()  # what the duplicate pass changed; an import ends with this already
        out = {"entities_refresh_s": time.perf_counter() - t0}
        svc = entities.EntityService(store)
        for kind in entities.KINDS:
            t = time.perf_counter()
            rows = svc.entities(kind)
            out[f"entities_{kind}_list_s"] = time.perf_counter() - t
            out[f"entities_{kind}_count"] = len(rows)
            out[f"entities_{kind}_spellings"] = sum(len(r.variants) for r in rows)
    # the window opens on one kind's list; the three together bound it
    out["entities_list_s"] = sum(out[f"entities_{k}_list_s"] for k in entities.KINDS)
    return out


def _show_release_with_event(window, db: Path) -> None:
    """Edits need an event on screen; after the moves a small corpus may sit on a release without one."""
    import sqlite3

    from PySide6.QtWidgets import QApplication

    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT release_id FROM events WHERE deleted = 0 AND merged_into IS NULL"
                          " AND release_id IS NOT NULL ORDER BY id LIMIT 1").fetchone()
    finally:
        con.close()
    if row is None:
        raise RuntimeError("no event to edit in the database")
    window.open_release(row[0])
    QApplication.processEvents()


def _open_result(opened) -> tuple[float, object]:
    if isinstance(opened, dict):
        return float(opened.get("open_s", opened.get("seconds"))), opened["window"]
    a, b = opened
    return (float(a), b) if isinstance(a, (int, float)) else (float(b), a)


def _percentiles(name: str, result) -> dict:
    """``result``: a list of per-move milliseconds, or a dict that already holds p50/p95."""
    if isinstance(result, dict):
        return {f"{name}_{k}" if not k.startswith(name) else k: v for k, v in result.items() if isinstance(v, (int, float))}
    times = sorted(float(t) for t in result)
    if not times:
        raise RuntimeError(f"{name}: no measurements")
    pick = lambda q: times[min(len(times) - 1, int(round(q * (len(times) - 1))))]  # noqa: E731
    return {f"{name}_p50_ms": pick(0.50), f"{name}_p95_ms": pick(0.95), f"{name}_max_ms": times[-1], f"{name}_n": len(times)}


def run_stage(args: argparse.Namespace) -> int:
    """The child: run one stage, write its figures (or why it could not) as JSON to --out."""
    fn = {"import": stage_import, "dedupe": stage_dedupe, "export": stage_export, "ui": stage_ui,
          "entities": stage_entities}[args.stage]
    result: dict = {}
    tree = TreeMemory()
    try:
        with tree:
            result = fn(db=args.db, corpus=args.corpus, pages=args.pages, work=args.workdir, moves=args.moves, edits=args.edits)
        status = 0
    except Missing as exc:
        Path(args.out).write_text(json.dumps({"missing": str(exc)}))
        return 0
    except Exception as exc:  # reported by the parent as this stage's failure
        result = {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()}
        status = 1
    # the larger of this process's own peak and the sampled peak of it with its workers
    result[f"{args.stage}_peak_rss_mb"] = max(peak_rss_mb(), tree.peak)
    result[f"{args.stage}_with_workers_peak_rss_mb"] = tree.peak
    Path(args.out).write_text(json.dumps(result))
    return status


# --------------------------------------------------------------------------
# The parent


def corpus_for(work: Path, pages: int, seed: int) -> tuple[Path, float]:
    """The corpus folder for this size and seed, generated once and reused (it is deterministic)."""
    from make_corpus import write_corpus

    folder = work / f"corpus-{pages}-{seed}"
    # beside the folder, not in it: a folder import reports every file it holds, this one as "not a page file"
    done = work / f"corpus-{pages}-{seed}.complete"
    if done.exists():
        return folder, 0.0
    shutil.rmtree(folder, ignore_errors=True)
    t0 = time.perf_counter()
    write_corpus(folder, pages, seed)
    done.write_text("")
    return folder, time.perf_counter() - t0


def workspace(workdir: Path | None, pages: int, seed: int, stem: str):
    """The work folder (a temporary one when ``workdir`` is None: keep the returned handle), the corpus in it
    (generated once), the seconds generating it took, and the path of a database removed for a fresh run."""
    temp = None
    if workdir is None:
        temp = tempfile.TemporaryDirectory(prefix=f"reviewer-{stem}-")
        workdir = Path(temp.name)
    work = workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    corpus, gen_s = corpus_for(work, pages, seed)
    db = work / f"{stem}-{pages}-{seed}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return temp, work, corpus, gen_s, db


def spawn(stage: str, args: argparse.Namespace, db: Path, corpus: Path, work: Path) -> dict:
    out = work / f"stage-{stage}.json"
    out.unlink(missing_ok=True)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--stage", stage, "--pages", str(args.pages),
           "--db", str(db), "--corpus", str(corpus), "--workdir", str(work), "--out", str(out),
           "--moves", str(args.moves), "--edits", str(args.edits)]
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env)
    wall = time.perf_counter() - t0
    if out.exists():
        result = json.loads(out.read_text())
    else:
        result = {"error": f"stage process exited {proc.returncode} without a result"}
    result[f"{stage}_wall_s"] = wall
    return result


def _fmt(v, spec: str) -> str:
    return "—" if v is None else format(v, spec)


def table(r: dict) -> str:
    n = r["pages"]
    rows = [
        ("import + extraction", r.get("import_s"), r.get("import_pages_per_s"), None, None, r.get("import_peak_rss_mb")),
        ("duplicate search", r.get("dedupe_s"), None, None, None, r.get("dedupe_peak_rss_mb")),
        ("export (JSON Lines)", r.get("export_s"), None, None, None, r.get("export_peak_rss_mb")),
        ("window open", r.get("open_s"), None, None, None, r.get("ui_peak_rss_mb")),
        ("next release", None, None, r.get("next_p50_ms"), r.get("next_p95_ms"), None),
        ("edit to saved", None, None, r.get("edit_p50_ms"), r.get("edit_p95_ms"), None),
        ("entity lists (3 kinds)", r.get("entities_list_s"), None, None, None, r.get("entities_peak_rss_mb")),
    ]
    head = f"{'stage':<22}{'pages':>8}{'seconds':>10}{'pages/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'peak MB':>9}"
    lines = [head, "-" * len(head)]
    for name, s, rate, p50, p95, mem in rows:
        lines.append(f"{name:<22}{n:>8}{_fmt(s, '.2f'):>10}{_fmt(rate, '.0f'):>10}{_fmt(p50, '.1f'):>9}"
                     f"{_fmt(p95, '.1f'):>9}{_fmt(mem, '.0f'):>9}")
    for stage in STAGES:
        if stage in r.get("missing", {}):
            lines.append(f"  {stage}: MISSING — {r['missing'][stage]}")
        if stage in r.get("errors", {}):
            lines.append(f"  {stage}: FAILED — {r['errors'][stage]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, required=True, help="corpus size in pages (100 to 100,000)")
    ap.add_argument("--json", type=Path, help="also write the figures to this file as one JSON object")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, help="where the corpus and database go (default: a temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the database after the run (in --workdir)")
    ap.add_argument("--stages", default=",".join(STAGES), help=f"comma-separated subset of {','.join(STAGES)}")
    ap.add_argument("--moves", type=int, default=200, help="next-release moves to time")
    ap.add_argument("--edits", type=int, default=200, help="edits to time")
    ap.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.pages < 1:
        ap.error("--pages must be at least 1")
    if args.stage:
        return run_stage(args)

    stages = [s.strip() for s in args.stages.split(",") if s.strip()]
    unknown = set(stages) - set(STAGES)
    if unknown:
        ap.error(f"unknown stage(s): {', '.join(sorted(unknown))}")
    temp, work, corpus, gen_s, db = workspace(args.workdir, args.pages, args.seed, "bench")

    result: dict = {"pages": args.pages, "seed": args.seed, "corpus_s": gen_s, "cpus": os.cpu_count(),
                    "missing": {}, "errors": {}}
    for stage in stages:
        if stage != "import" and "import" in result["errors"]:
            result["missing"][stage] = "import failed"
            continue
        print(f"[{time.strftime('%H:%M:%S')}] {stage} …", file=sys.stderr, flush=True)
        figures = spawn(stage, args, db, corpus, work)
        if "missing" in figures:
            result["missing"][stage] = figures.pop("missing")
        if "error" in figures:
            result["errors"][stage] = figures.pop("error")
            print(figures.pop("traceback", ""), file=sys.stderr)
        result.update(figures)
    for key in KEYS:
        result.setdefault(key, None)
    if db.exists():
        result["db_mb"] = db.stat().st_size / 2**20
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    if temp is not None and not args.keep:
        temp.cleanup()
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
