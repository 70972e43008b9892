"""Review ▸ People and organizations on a large database: open, search as you type, an action and its undo.

    python benchmarks/bench_entities_window.py DB [--json FILE]

``DB`` is a database made by an import (``make_corpus.py`` + ``reviewer import``, e.g. ``run.py``'s). It is
copied first and the copy brought to the current schema and its entity counts made once, untimed (an
upgraded database does that on its first open), so the original is never written. Then, offscreen, in this
process: the window opened (the dialog built, shown, its first tab's first rows read and painted), each tab's
first read, search as you type (a key at a time, each key's refilter and repaint; the first row's events follow
off the UI thread), the organization with most events chosen (and its first events shown), one merge of two
organizations through the window's runner and its undo. No figure is asserted; the target is 0.5 s to open
at 100,000 pages (README Performance).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    from reviewer.entities import EntityService
    from reviewer.review import ReviewService
    from reviewer.store import Store
    from ui.commands import EditRunner
    from ui.entities import EntitiesDialog
    from ui.operations import worker_pool

    app = QApplication.instance() or QApplication([])
    work = Path(tempfile.mkdtemp(prefix="bench-entities-"))
    db = work / "copy.db"
    shutil.copy(args.db, db)
    t = time.perf_counter()
    with Store(db) as store:  # the schema and the kept counts, as the first open of an upgraded database makes them
        EntityService(store, "bench").entities("person", limit=1)
    prepare = time.perf_counter() - t

    store = Store(db)
    service = ReviewService(store, "bench")
    entities = EntityService(store, "bench")
    runner = EditRunner(service, QUndoStack())
    t = time.perf_counter()
    dlg = EntitiesDialog(entities, runner)
    dlg.show()
    app.processEvents()
    opened = time.perf_counter() - t
    out: dict = {"db": str(args.db), "prepare_s": round(prepare, 2), "open_ms": ms(opened),
                 "entities": {k: len(entities.entities(k)) for k in ("person", "organization", "place")}}
    tabs = {}
    for key in ("organization", "place", "links", "taught"):
        t = time.perf_counter()
        dlg.show_tab(key)
        app.processEvents()
        tabs[key] = ms(time.perf_counter() - t)
    out["tab_ms"] = tabs

    pane = dlg.show_tab("organization")
    keys = []
    for word in ("csto", "council of", "working group", "zzz"):
        pane.search.clear()
        app.processEvents()
        for i in range(1, len(word) + 1):
            t = time.perf_counter()
            pane.model.set_search(word[:i])
            app.processEvents()
            keys.append(time.perf_counter() - t)
    keys.sort()
    out["search_key_ms"] = {"n": len(keys), "p50": ms(statistics.median(keys)), "p95": ms(keys[int(0.95 * (len(keys) - 1))])}

    pane.model.set_search("")
    biggest = max(entities.entities("organization"), key=lambda r: r.events)
    t = time.perf_counter()
    pane.view.setCurrentIndex(pane.model.index(pane.model.row_of(biggest.id) or 0, 0))
    app.processEvents()
    chosen = time.perf_counter() - t
    while pane.reading_events:  # its first events, read off the UI thread
        app.processEvents()
    out["biggest"] = {"events": biggest.events, "chosen_ms": ms(chosen), "events_shown_ms": ms(time.perf_counter() - t)}

    rows = entities.entities("organization", limit=2)
    if len(rows) == 2:
        t = time.perf_counter()
        runner.run(entities.merge_many, [rows[0].id, rows[1].id])
        app.processEvents()
        merged = time.perf_counter() - t
        t = time.perf_counter()
        runner.stack.undo()
        app.processEvents()
        out["merge_ms"], out["undo_ms"] = ms(merged), ms(time.perf_counter() - t)
    worker_pool().waitForDone()  # no read left running on the worker when the window goes
    app.processEvents()
    dlg.close()
    store.close()
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(out, indent=1))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
