"""Plot time against corpus size from run.py's JSON results.

    python benchmarks/plot.py [benchmarks/results/bench-*.json] [-o docs/perf.png]

Left: seconds of each long stage (import + extraction, duplicate search,
export, window open) against pages, on log-log axes with the 100,000-page
targets marked. Right: the interactive latencies (p95 of next release and of
edit to saved) against the targets.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

STAGES = (
    ("import_s", "import + extraction (whole command)", None),
    ("import_extract_s", "  of it: pages stored, before the duplicate pass", None),
    ("dedupe_s", "duplicate search", 60.0),
    ("export_s", "export (JSON Lines)", 10.0),
    ("open_s", "window open", 1.5),
)
LATENCIES = (("next_p95_ms", "next release p95", 50.0), ("edit_p95_ms", "edit to saved p95", 20.0))


def load(paths: list[Path]) -> list[dict]:
    rows = [json.loads(p.read_text()) for p in paths]
    return sorted((r for r in rows if r.get("pages")), key=lambda r: r["pages"])


def plot(rows: list[dict], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5), gridspec_kw={"width_ratios": [3, 2]})
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    colors = [colors[0]] + colors  # the import's two lines share a colour
    for (key, label, target), color in zip(STAGES, colors):
        pts = [(r["pages"], r[key]) for r in rows if r.get(key) is not None]
        if not pts:
            continue
        style = "--" if label.startswith("  ") else "-"
        left.plot(*zip(*pts), marker="o", linestyle=style, color=color, label=label.strip())
        if target:
            left.plot([100_000], [target], marker="_", markersize=18, mew=2, color=color, linestyle="none")
    # 300 pages/s as a line: the import target
    xs = [r["pages"] for r in rows]
    if xs:
        span = [min(xs), 100_000]
        left.plot(span, [x / 300 for x in span], linestyle=":", color=colors[0], label="import target (300 pages/s)")
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xlabel("corpus size (pages)")
    left.set_ylabel("seconds")
    left.set_title("Long stages (— marks: targets, drawn at 100,000 pages)")
    left.grid(True, which="both", alpha=0.3)
    left.legend(fontsize=8)

    for (key, label, target), color in zip(LATENCIES, colors[5:]):
        pts = [(r["pages"], r[key]) for r in rows if r.get(key) is not None]
        if pts:
            right.plot(*zip(*pts), marker="o", color=color, label=label)
        right.axhline(target, linestyle=":", color=color, label=f"target {target:.0f} ms")
    right.set_xscale("log")
    right.set_ylim(bottom=0)
    right.set_xlabel("corpus size (pages)")
    right.set_ylabel("milliseconds")
    right.set_title("Review window latency (p95)")
    right.grid(True, which="both", alpha=0.3)
    right.legend(fontsize=8)
    for ax in (left, right):
        ax.set_xlim(50, 200_000)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)


def _f(v, spec: str) -> str:
    return "—" if v is None else format(v, spec)


def markdown(rows: list[dict]) -> str:
    """The README's table: one row per corpus size."""
    head = ("| pages | items | import s | pages/s (without its duplicate pass) | import peak MB | duplicate search s "
            "(peak MB) | export s (events) | window open s | next p50 / p95 ms | edit p50 / p95 ms |")
    lines = [head, "|" + "|".join("---:" for _ in range(10)) + "|"]
    for r in rows:
        lines.append(
            f"| {r['pages']:,} | {_f(r.get('import_items'), ',')} "
            f"| {_f(r.get('import_s'), '.1f')} "
            f"| {_f(r.get('import_pages_per_s'), '.0f')} ({_f(r.get('import_extract_pages_per_s'), '.0f')}) "
            f"| {_f(r.get('import_peak_rss_mb'), '.0f')} "
            f"| {_f(r.get('dedupe_s'), '.1f')} ({_f(r.get('dedupe_peak_rss_mb'), '.0f')}) "
            f"| {_f(r.get('export_s'), '.1f')} ({_f(r.get('export_events'), ',')}) "
            f"| {_f(r.get('open_s'), '.2f')} "
            f"| {_f(r.get('next_p50_ms'), '.1f')} / {_f(r.get('next_p95_ms'), '.1f')} "
            f"| {_f(r.get('edit_p50_ms'), '.1f')} / {_f(r.get('edit_p95_ms'), '.1f')} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", nargs="*", type=Path)
    ap.add_argument("-o", "--out", type=Path, default=HERE.parent / "docs" / "perf.png")
    ap.add_argument("--table", action="store_true", help="print the results as a Markdown table too")
    args = ap.parse_args(argv)
    paths = args.results or sorted((HERE / "results").glob("bench-*.json"))
    rows = load(paths)
    if not rows:
        print("no results to plot", file=sys.stderr)
        return 1
    plot(rows, args.out)
    if args.table:
        print(markdown(rows))
    print(f"{args.out}: {len(rows)} sizes ({', '.join(str(r['pages']) for r in rows)} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
