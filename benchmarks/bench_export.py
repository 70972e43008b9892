"""Time and peak memory of ``reviewer export`` in each format, on a database made by ``run.py`` or an import.

    python benchmarks/bench_export.py DB [--out DIR] [--formats jsonl,csv,sqlite] [--compare DIR]

Each export runs as its own process (``reviewer --db DB export --format F
--all``), so its peak resident memory is its own. ``--compare`` checks the
files against an earlier run's ``--out`` folder byte for byte (descriptors
apart from their ``created`` time), for a change that must not alter output.
"""
from __future__ import annotations

import argparse
import filecmp
import json
import os
import subprocess
import sys
import time
from pathlib import Path

TARGETS = {"jsonl": "events.jsonl", "csv": "tables", "sqlite": "events.db"}


def run_export(db: Path, fmt: str, target: Path) -> tuple[float, float]:
    """(seconds, peak resident MB) of one export in a child process."""
    cmd = [sys.executable, "-c", "from reviewer.cli import main; main()",
           "--db", str(db), "export", "--format", fmt, "--all", "--force", "-o", str(target)]
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{fmt}: reviewer export exited {child.returncode}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024  # KB on Linux


def files_of(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(new: Path, old: Path) -> list[str]:
    a, b = files_of(new), files_of(old)
    out = [f"{name}: only in one run" for name in sorted(a.keys() ^ b.keys())]
    for name in sorted(a.keys() & b.keys()):
        if name.endswith("datapackage.json"):
            da, db = (json.loads(p.read_text(encoding="utf-8")) for p in (a[name], b[name]))
            da.pop("created"), db.pop("created")
            same = da == db
        else:
            same = filecmp.cmp(a[name], b[name], shallow=False)
        if not same:
            out.append(f"{name}: differs")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--out", type=Path, default=Path("export-bench"))
    ap.add_argument("--formats", default="jsonl,csv,sqlite")
    ap.add_argument("--compare", type=Path, help="an earlier --out folder the files must equal")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for fmt in args.formats.split(","):
        seconds, mb = run_export(args.db, fmt, args.out / TARGETS[fmt])
        print(f"{fmt:7} {seconds:7.2f} s {mb:7.1f} MB peak")
    if args.compare:
        diffs = differences(args.out, args.compare)
        print("\n".join(diffs) if diffs else f"same files as {args.compare}")
        sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
