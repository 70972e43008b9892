"""Cluster suggestions at scale: on an imported database, and on many invented names.

    python benchmarks/bench_suggest.py DB [--repeat 3] [--json FILE]
    python benchmarks/bench_suggest.py --names 100000 [--json FILE]

``DB`` is a database made by an import (``make_corpus.py`` + ``reviewer import``). It is copied first (the
copy is brought to the current schema once, untimed), so the original is never written. Timed, each in a
fresh process so that its peak memory (VmHWM) is its own: every kind's suggestions as ``reviewer entities
suggest`` computes them (the entities and their spellings read, the acronyms the pages define read, the
groups made), ``--repeat`` times (median and worst).

A generated corpus repeats a few hundred names, so ``--names N`` also times the grouping alone on N invented
organizations and people (with variants of every kind the methods look for: transliterations, initials,
acronyms, a parent's acronym before or after, typos), where the number of names, not of pages, is what
costs. No figure is asserted; the target is 10 s and 500 MB at 100,000 pages (README).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]


def peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_db(path: str) -> dict:
    """In a child: every kind's suggestions on the database at ``path``."""
    from reviewer.entities import KINDS, EntityService
    from reviewer.entities.suggest import Suggestions
    from reviewer.store import Store

    t0, cpu = time.perf_counter(), time.process_time()
    out: dict = {"kinds": {}}
    with Store(path) as store:
        svc = EntityService(store, "bench")
        sugg = Suggestions(svc)
        for kind in KINDS:
            t = time.perf_counter()
            rows = svc.entities(kind)
            read = time.perf_counter() - t
            groups = sugg.groups(kind)
            out["kinds"][kind] = {"entities": len(rows), "spellings": sum(len(r.variants) for r in rows),
                                  "groups": len(groups), "read_s": round(read, 3),
                                  "s": round(time.perf_counter() - t, 3)}
    out["s"] = round(time.perf_counter() - t0, 3)
    out["cpu_s"] = round(time.process_time() - cpu, 3)
    out["peak_mb"] = round(peak_mb(), 1)
    return out


SYLLABLES = ("ka", "lo", "mir", "tan", "vel", "dor", "rus", "ek", "sa", "ni", "por", "bel", "zh", "khan", "yev",
             "ov", "tsa", "gul", "bek", "ar", "ien", "ul", "as", "ty")
HEADS = ("Council", "Committee", "Commission", "Agency", "Office", "Bureau", "Centre", "Service", "Board", "Academy")
TOPICS = ("Water", "Border", "Customs", "Energy", "Grain", "Transport", "Migration", "Health", "Defence", "Trade",
          "Fisheries", "Railways", "Statistics", "Standards", "Aviation", "Ports")


def invented(n: int, seed: int = 7) -> list:
    """``n`` entities of invented names, a fifth of them written in a second form the methods should find."""
    from reviewer.entities.clusters import Entity

    rng = random.Random(seed)
    word = lambda k=3: "".join(rng.choice(SYLLABLES) for _ in range(k)).capitalize()  # noqa: E731
    parents = ["".join(rng.choice("ABCDEFGHKLMNPRSTUVZ") for _ in range(rng.choice((3, 4)))) for _ in range(200)]
    out: list = []
    while len(out) < n:
        i = len(out)
        variant: str | None = None
        if rng.random() < 0.5:
            kind = "person"
            first, last = word(2), word(3) + rng.choice(("ov", "ev", "yev", "sky", "enko"))
            name = f"{first} {last}"
            events = rng.randint(2, 40)
            r = rng.random()
            if r < 0.1:
                variant = f"{first[0]}. {last}"
            elif r < 0.2:
                variant = name.replace("yev", "ev").replace("sky", "skiy").replace("kh", "h")
        else:
            kind = "organization"
            p = rng.choice(parents)
            body = f"{rng.choice(TOPICS)} {rng.choice(HEADS)} of {word()}"
            name = f"{p} {body}"
            events = rng.randint(2, 40)
            r = rng.random()
            if r < 0.07:
                variant = f"{body} of the {p}"
            elif r < 0.14:
                variant = body
            elif r < 0.2:
                typo = list(name)
                k = rng.randrange(len(p) + 2, len(typo) - 1)
                typo[k], typo[k + 1] = typo[k + 1], typo[k]
                variant = "".join(typo)
        out.append(Entity(i, kind, name, (), events))
        if variant is not None:  # the second form, seen once
            out.append(Entity(i + 1, kind, variant, (), 1))
    return out[:n]


def run_names(n: int) -> dict:
    from reviewer.entities.clusters import suggest

    ents = invented(n)
    base = peak_mb()
    t, cpu = time.perf_counter(), time.process_time()
    groups = suggest(ents)
    return {"names": n, "groups": len(groups), "s": round(time.perf_counter() - t, 3),
            "cpu_s": round(time.process_time() - cpu, 3), "peak_mb": round(peak_mb(), 1), "peak_before_mb": round(base, 1)}


def child(args: list[str]) -> dict:
    res = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", nargs="?")
    ap.add_argument("--names", type=int)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--workdir", type=Path, default=None, help="where the copy goes (default: beside the database)")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        what, arg = a.child
        print(json.dumps(run_db(arg) if what == "db" else run_names(int(arg))))
        return
    result: dict = {}
    if a.names:
        result["names"] = child(["names", str(a.names)])
        print(f"{a.names:,} invented names: {result['names']['groups']:,} groups in {result['names']['s']} s"
              f" ({result['names']['cpu_s']} s of CPU), peak {result['names']['peak_mb']} MB")
    if a.db:
        src = Path(a.db)
        work = Path(tempfile.mkdtemp(prefix="bench-suggest-", dir=a.workdir or src.parent))
        copy = work / src.name
        try:
            shutil.copyfile(src, copy)
            from reviewer.store import Store

            t = time.perf_counter()
            with Store(copy):
                pass
            result["upgrade_s"] = round(time.perf_counter() - t, 1)
            runs = [child(["db", str(copy)]) for _ in range(a.repeat)]
        finally:
            shutil.rmtree(work, ignore_errors=True)
        times = [r["s"] for r in runs]
        result["db"] = {"path": str(src), "runs": runs, "median_s": statistics.median(times), "worst_s": max(times),
                        "peak_mb": max(r["peak_mb"] for r in runs)}
        for kind, k in runs[0]["kinds"].items():
            print(f"{kind:13} {k['entities']:>7,} entities {k['spellings']:>8,} spellings {k['groups']:>6,} groups"
                  f"  {k['s']:.2f} s (read {k['read_s']:.2f} s)")
        print(f"all kinds: median {result['db']['median_s']} s, worst {result['db']['worst_s']} s"
              f" (CPU {statistics.median(r['cpu_s'] for r in runs)} s), "
              f"peak {result['db']['peak_mb']} MB (upgrade of the copy {result['upgrade_s']} s)")
    if a.json:
        a.json.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
