"""The window's live refresh at scale, offscreen: what a poll costs when nothing changed, and when another process did.

    python benchmarks/bench_live_refresh.py [--items 100000] [--db FILE] [--polls 2000] [--changes 30]

Builds (or reuses with ``--db``) the synthetic database of ``bench_ui.py``,
opens the window on it, scrolls the list down a few batches (a reviewer some
way into it) and measures, on the UI thread:

- ``idle``: one poll (``LiveRefresh.poll``: ``PRAGMA data_version`` on the
  window's connection) while nothing changed, ``--polls`` times;
- ``changed``: one poll after another connection (a second store, as another
  window or a command-line import) changed the shown event's status: the list
  read again with as many rows as were fetched, selection and scroll kept, the
  counts started, the shown release redrawn, the event loop run once;
  ``--changes`` times.

No figure is asserted (README, Performance: the window).
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from bench_ui import _app, _pct, database_arguments, database_from, measure_open  # noqa: E402


def measure(db: Path, polls: int, changes: int) -> dict:
    from reviewer.review import ReviewService
    from reviewer.store import Store

    app = _app()
    _open_s, window = measure_open(db)
    window.live.timer.stop()  # polled by hand here, so each one is timed
    for _ in range(5):  # a reviewer some way down the list: 600 rows fetched
        window.model.fetchMore()
    window.open_release(window.model.release_id(window.model.rowCount() - 50))
    app.processEvents()
    idle = []
    for _ in range(polls):
        t0 = time.perf_counter()
        refreshed = window.live.poll()
        idle.append((time.perf_counter() - t0) * 1e6)
        assert not refreshed
    changed = []
    with Store(db) as other:
        service = ReviewService(other, "another window")
        for _ in range(changes):
            shown = window.editor.current_event
            status = "planned" if shown.status == "held" else "held"
            assert service.set_field(shown.id, "status", status).changes
            t0 = time.perf_counter()
            assert window.live.poll(), "the other connection's commit was not seen"
            app.processEvents()
            changed.append((time.perf_counter() - t0) * 1000)
            assert window.editor.status.currentText() == status
    rows = window.model.rowCount()
    window.close()
    from ui.operations import worker_pool

    worker_pool().waitForDone(10_000)
    return {"idle_us": {"p50": statistics.median(idle), "p95": _pct(idle, 95), "n": len(idle)},
            "changed_ms": {"p50": statistics.median(changed), "p95": _pct(changed, 95), "n": len(changed)},
            "rows_fetched": rows}


def main(argv: list[str] | None = None) -> int:
    ap = database_arguments(__doc__)
    ap.add_argument("--polls", type=int, default=2000)
    ap.add_argument("--changes", type=int, default=30)
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)
    db = database_from(args, "bench-live-")
    result = {"items": args.items, **measure(db, args.polls, args.changes)}
    idle, changed = result["idle_us"], result["changed_ms"]
    print(f"items {args.items}, {result['rows_fetched']} list rows fetched")
    print(f"poll, nothing changed   p50 / p95   {idle['p50']:.1f} / {idle['p95']:.1f} µs   ({idle['n']} polls)")
    print(f"poll after another connection's edit   p50 / p95   {changed['p50']:.1f} / {changed['p95']:.1f} ms"
          f"   ({changed['n']} edits)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
