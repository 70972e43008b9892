"""View ▸ History at scale, offscreen: open, filter, scroll and revert on a large database.

    python benchmarks/bench_history.py DB [--audit 500000] [--repeat 5] [--json FILE]

``DB`` is a database made by an import (``make_corpus.py`` + ``reviewer import``); it is copied first, so the
original is never written. ``--audit N`` then adds N audit rows shaped like reviewers' edits (five reviewers,
location edits and their edited_fields marks, one action in ten a participant added instead, two rows an
action, spread over two years and every event), as
the log of a long review would hold, in one bulk transaction. Timed, each ``--repeat`` times (median and
worst), in one process:

- ``open <scope>``: from Ctrl+H to the dialog shown with its first page (dialog built, page read, shown), for
  the shown event, the shown release and the whole database;
- ``filter <what>``: one filter applied on the whole database (a reviewer, an action, a date range, the three);
- ``scroll``: one more page fetched (the view scrolled to its end);
- ``revert``: Revert this change on the newest row of an event (the check, the transaction, the history reloaded).

No figure is asserted; the target is 0.5 s to open (README).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]

from reviewer.store import Store  # noqa: E402

REVIEWERS = ["anna", "boris", "carla", "dmitri", "elena"]
PLACES = ["Moscow", "Minsk", "Yerevan", "Almaty", "Bishkek", "Dushanbe", "Astana"]


def add_audit(path: Path, rows: int, seed: int = 1) -> int:
    """Append ``rows`` audit rows of reviewers' location edits (two rows an action); returns the count written."""
    rng = random.Random(seed)
    with Store(path) as store:
        events = [r[0] for r in store.db.execute("SELECT id FROM events WHERE deleted = 0 AND merged_into IS NULL")]
        start = datetime.now(timezone.utc) - timedelta(days=730)
        step = timedelta(days=730) / max(1, rows)
        next_id = store.db.execute("SELECT coalesce(max(id), 0) + 1 FROM audit_log").fetchone()[0]
        batch = []
        with store.transaction():
            for i in range(0, rows, 2):
                at = (start + step * i).isoformat(timespec="milliseconds")
                who, ev, place = rng.choice(REVIEWERS), rng.choice(events), rng.choice(PLACES)
                aid = next_id + i
                if i % 20 == 0:  # one action in ten adds a participant: a whole row, found by its event
                    row = json.dumps({"id": 10_000_000 + i, "event_id": ev, "position": 9, "name": "Bench Person",
                                      "role": None, "confidence": 1.0, "checked": 0, "person_id": None})
                    batch += [(aid, at, who, "edit:insert", "event_participants", 10_000_000 + i, None, None, row, aid),
                              (aid + 1, at, who, "edit", "events", ev, "edited_fields", "[]", '["participants"]', aid)]
                    continue
                batch += [(aid, at, who, "edit", "events", ev, "location", None, place, aid),
                          (aid + 1, at, who, "edit", "events", ev, "edited_fields", "[]", '["location"]', aid)]
                if len(batch) >= 20_000:
                    store.db.conn.executemany("INSERT INTO audit_log (id, at, who, action, table_name, row_id, field,"
                                              " old, new, action_id) VALUES (?,?,?,?,?,?,?,?,?,?)", batch)
                    batch = []
            if batch:
                store.db.conn.executemany("INSERT INTO audit_log (id, at, who, action, table_name, row_id, field,"
                                          " old, new, action_id) VALUES (?,?,?,?,?,?,?,?,?,?)", batch)
        return store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def _timed(fn, repeat: int) -> dict:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return {"median_s": round(statistics.median(times), 4), "max_s": round(max(times), 4)}


def measure(path: Path, repeat: int) -> dict:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from reviewer.review import HistoryFilter
    from ui.app import open_window
    from ui.history import HistoryDialog
    from ui.operations import worker_pool

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(path.with_suffix(".ini")), QSettings.Format.IniFormat)
    settings.setValue("reviewer/name", "bench")
    window = open_window(path, settings, import_seeds=False)
    app.processEvents()
    # a release whose event reviewers edited, so its history has rows
    store = window.service.store
    ev = store.db.execute("SELECT row_id FROM audit_log WHERE table_name = 'events' AND field = 'location'"
                          " ORDER BY id DESC LIMIT 1").fetchone()[0]
    rel = store.db.execute("SELECT release_id FROM events WHERE id = ?", [ev]).fetchone()[0]
    window.open_release(rel, ev)
    out: dict = {"audit_rows": store.db.execute("SELECT count(*) FROM audit_log").fetchone()[0],
                 "events": store.db.execute("SELECT count(*) FROM events").fetchone()[0],
                 "documents": store.db.execute("SELECT count(*) FROM documents").fetchone()[0]}
    dialogs: list[HistoryDialog] = []

    def opener(scope: str):
        def run() -> None:
            d = HistoryDialog(window.service, window.runner, ev, rel, window, scope=scope)
            d.show()
            app.processEvents()
            dialogs.append(d)
        return run

    for name in ("event", "release", "all"):
        out[f"open {name}"] = _timed(opener(name), repeat)
        out[f"open {name}"]["rows"] = dialogs[-1].model.rowCount()
    d = dialogs[-1]
    this_year = datetime.now().year
    for name, flt in (("reviewer", HistoryFilter(who="carla")), ("action", HistoryFilter(action="verify")),
                      ("dates", HistoryFilter(date_from=f"{this_year - 1}-03-01", date_to=f"{this_year - 1}-03-31")),
                      ("reviewer+action+dates", HistoryFilter(who="carla", action="edit",
                                                              date_from=f"{this_year - 1}-03-01",
                                                              date_to=f"{this_year - 1}-03-31"))):
        out[f"filter {name}"] = _timed(lambda flt=flt: d.model.set_filter(flt), repeat)
        out[f"filter {name}"]["rows"] = d.model.rowCount()
    d.model.set_filter(HistoryFilter())

    def scroll() -> None:
        d.model.fetchMore()

    out["scroll"] = _timed(scroll, repeat)
    for x in dialogs:  # an open history re-reads its page after every edit: only the reverting one stays
        x.close()
    app.processEvents()
    window.service.set_field(ev, "location", "Bench Place")  # a real edit to take back
    ed = HistoryDialog(window.service, window.runner, ev, rel, window)
    ed.show()

    def revert() -> None:
        ed.view.setCurrentIndex(ed.model.index(next(i for i, r in enumerate(ed.model.rows) if r.field == "location"), 0))
        ed.revert_selected()

    out["revert"] = _timed(revert, 1)
    out["revert"]["message"] = ed.message.text()[:120]
    ed.close()
    window.progress._timer.stop()  # the count the revert scheduled: not wanted once the window goes
    app.processEvents()
    worker_pool().waitForDone()  # the window's background counts, before it goes
    app.processEvents()
    window.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--audit", type=int, default=500_000, help="synthetic reviewer audit rows to add (default 500,000)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-history-", dir=args.db.parent) as tmp:
        copy = Path(tmp) / args.db.name
        shutil.copy(args.db, copy)
        t = time.perf_counter()
        total = add_audit(copy, args.audit) if args.audit else None
        added = round(time.perf_counter() - t, 1)
        result = {"database": str(args.db), "added_audit_rows": args.audit, "adding_s": added, "audit_total": total,
                  **measure(copy, args.repeat)}
    for k, v in result.items():
        print(f"{k:28} {v}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
