"""The review window at scale, offscreen: open, next release, edit to saved.

    python benchmarks/bench_ui.py [--items 100000] [--db FILE] [--moves 200] [--edits 200]

Builds (or reuses with ``--db``) a database of ``--items`` items by bulk
inserting synthetic pages, releases, events, mentions, field spans,
participants and search rows straight through the store's connection (an
import through the extractor would take minutes and measures something
else). Then, in this process:

- ``open``: from nothing to the first release shown (window built, first
  batch of the list fetched, page and editor filled);
- ``next``: one next-release move (Ctrl+Down's slot), ``--moves`` times;
- ``edit``: one location edit as the editor commits it (validate, transaction,
  audit row, undo push, list row and editor refreshed), ``--edits`` times;
- ``search``: search as you type — each of :data:`SEARCHES` typed a key at a
  time, and after every key the work its debounce timer starts (the list
  refiltered and its first batch shown, the shown release kept among the
  listed, the hits marked in the page), timed to the event loop run once.
  The match count runs off the UI thread and is timed apart (``count``: from
  the key to the count shown).

``measure_open(db)``, ``measure_next(window, n)``, ``measure_edit(window, n)``
and ``measure_search(window)`` are what ``benchmarks/run.py`` calls. No figure
is asserted; targets are 1.5 s, 50 ms p95, 20 ms p95 and 100 ms p95 (README).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]

from reviewer.store import Store, now  # noqa: E402

PLACES = ["Moscow", "Minsk", "Yerevan", "Almaty", "Bishkek", "Dushanbe", "Astana", "Saint Petersburg"]
TYPES = ["meeting", "consultations", "training", "education", "briefing", "visit", "ceremony"]
PEOPLE = ["Imangali Tasmagambetov", "Taalatbek Masadykov", "Samat Ordabaev", "Valery Semerikov", "Andrei Belyaninov"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
ITEMS_PER_PAGE = 10


def _teaser(rng: random.Random, n: int) -> tuple[str, dict]:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(2010, 2025)
    place, etype, person = rng.choice(PLACES), rng.choice(TYPES), rng.choice(PEOPLE)
    date_txt = f"On {day} {MONTHS[month - 1]} {year}"
    text = (f"{date_txt}, a {etype} of the working group no. {n} was held in {place} with the participation of "
            f"{person}, the CSTO Deputy Secretary General.")
    return text, {"date": f"{year}-{month:02d}-{day:02d}", "date_span": (0, len(date_txt)), "type": etype,
                  "place": place, "place_span": (text.index(place), text.index(place) + len(place)),
                  "person": person, "person_span": (text.index(person), text.index(person) + len(person))}


def build_database(path: Path, items: int = 100_000, seed: int = 1) -> Path:
    """A database of ``items`` items (one release and one event each), in one bulk transaction."""
    rng = random.Random(seed)
    stamp = now()
    with Store(path) as store:
        c = store.db.conn
        with store.transaction():
            doc_id = item_id = 0
            docs, furn, rels, its, fts, evs, mens, spans, parts = ([] for _ in range(9))
            for n in range(items):
                if n % ITEMS_PER_PAGE == 0:
                    doc_id += 1
                    parts_text, offsets, pos = [], [], 0
                    for k in range(ITEMS_PER_PAGE):
                        t, meta = _teaser(rng, n + k)
                        offsets.append((pos, meta))
                        parts_text.append(t)
                        pos += len(t) + 1
                    text = "\n".join(parts_text) + "\nGo back"
                    docs.append((doc_id, f"synthetic_{doc_id:06d}.txt", f"bench/{doc_id}", f"{seed}-{doc_id}", text,
                                 "utf-8", len(text), stamp))
                    furn.append((doc_id, len(text) - 7, len(text), "nav"))
                start, meta = offsets[n % ITEMS_PER_PAGE]
                end = start + len(parts_text[n % ITEMS_PER_PAGE])
                item_id += 1
                rels.append((item_id, f"h{seed}-{item_id}", "teaser", parts_text[n % ITEMS_PER_PAGE][:120], stamp))
                its.append((item_id, doc_id, item_id, n % ITEMS_PER_PAGE, "teaser", start, end, f"[[{start}, {end}]]",
                            f"h{seed}-{item_id}"))
                fts.append((item_id, parts_text[n % ITEMS_PER_PAGE]))
                conf = json.dumps({"date_start": 0.95, "date_end": 0.95, "event_type": 0.8, "status": 0.75,
                                   "location": 0.5 if n % 7 == 0 else 0.9, "online": 0.8})
                evs.append((item_id, item_id, meta["date"], meta["date"], meta["type"], "held", meta["place"], conf,
                            stamp, stamp))
                mens.append((item_id, item_id, item_id, start, end))
                for field, key, value in (("date_start", "date_span", meta["date"]), ("location", "place_span", meta["place"]),
                                          ("participant", "person_span", meta["person"])):
                    s, e = meta[key]
                    spans.append((item_id, field, value, start + s, start + e, 0.9))
                parts.append((item_id, meta["person"], "CSTO Deputy Secretary General", 0.9))
            c.executemany("INSERT INTO documents (id, name, path, sha256, text, encoding, size, imported_at) VALUES (?,?,?,?,?,?,?,?)", docs)
            c.executemany('INSERT INTO furniture (document_id, start, "end", kind) VALUES (?,?,?,?)', furn)
            c.executemany("INSERT INTO releases (id, content_hash, kind, title, updated_at) VALUES (?,?,?,?,?)", rels)
            c.executemany('INSERT INTO items (id, document_id, release_id, seq, kind, start, "end", segments, content_hash)'
                          " VALUES (?,?,?,?,?,?,?,?,?)", its)
            c.executemany("INSERT INTO items_fts (rowid, content) VALUES (?,?)", fts)
            c.executemany("INSERT INTO events (id, release_id, date_start, date_end, event_type, status, location, confidence,"
                          " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)", evs)
            c.executemany("INSERT INTO mentions (id, event_id, item_id, evidence_start, evidence_end) VALUES (?,?,?,?,?)", mens)
            c.executemany('INSERT INTO field_spans (mention_id, field, value, start, "end", confidence) VALUES (?,?,?,?,?,?)', spans)
            c.executemany("INSERT INTO event_participants (event_id, name, role, confidence) VALUES (?,?,?,?)", parts)
    return path


def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def measure_open(db_path: Path):
    """(seconds from nothing to the first release shown, the window)."""
    from PySide6.QtCore import QSettings

    app = _app()
    settings_dir = tempfile.mkdtemp(prefix="bench-ui-")
    settings = QSettings(str(Path(settings_dir) / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("reviewer/name", "benchmark")
    t0 = time.perf_counter()
    from ui.app import open_window

    window = open_window(Path(db_path), settings)
    app.processEvents()
    elapsed = time.perf_counter() - t0
    assert window.current is not None, "no release shown"
    return elapsed, window


def measure_next(window, n: int = 200) -> list[float]:
    """Milliseconds per next-release move, the list's lazy fetch included when a batch ends."""
    app = _app()
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        window.next_release()
        app.processEvents()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def measure_edit(window, n: int = 200, repaint: bool = False) -> list[float]:
    """Milliseconds from the editor committing a location to the edit saved: validated, committed with
    its audit row, pushed on the undo stack, list row and editor refreshed. ``repaint=True`` also
    counts the repaint that follows (the event loop run once)."""
    app = _app()
    editor = window.editor
    saved: list[str] = []
    window.runner.saved.connect(saved.append)
    out = []
    for i in range(n):
        editor.location.setText(f"{PLACES[i % len(PLACES)]} {i}")
        t0 = time.perf_counter()
        editor.location.editingFinished.emit()
        if repaint:
            app.processEvents()
        out.append((time.perf_counter() - t0) * 1000)
        if len(saved) != i + 1:
            raise RuntimeError(f"edit {i} was not saved: {editor.message.text()}")
        if not repaint:
            app.processEvents()
    window.runner.saved.disconnect(saved.append)
    return out


#: What the search benchmark types, each as (text, any word): a place, a phrase, words of every frequency.
SEARCHES = (("Minsk", False), ("working group", False), ('"Deputy Secretary General"', False), ("training Yerevan", False),
            ("briefing Astana", True), ("Ordabaev", False), ("no. 4711", False))


def measure_search(window, searches=SEARCHES) -> tuple[list[float], list[float]]:
    """(milliseconds per typed key to the list refiltered and shown, milliseconds per search to its count shown)."""
    app = _app()
    rl = window.releases
    per_key, counts = [], []
    for text, any_words in searches:
        rl.words.setCurrentIndex(1 if any_words else 0)
        for i in range(1, len(text) + 1):
            rl.search.setText(text[:i])  # the key: textChanged starts the debounce timer
            t0 = time.perf_counter()
            rl.apply()  # what the timer runs when the typing pauses
            app.processEvents()
            per_key.append((time.perf_counter() - t0) * 1000)
            if window.current is not None and window.model.row_of(window.current) is None:
                raise RuntimeError(f"after {text[:i]!r} the shown release is not listed")
        t0 = time.perf_counter()
        while rl.counting or rl.count.text() == "counting…":
            app.processEvents()
            time.sleep(0.001)
        counts.append((time.perf_counter() - t0) * 1000)
        rl.search.clear()
        app.processEvents()
    return per_key, counts


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def database_arguments(doc: str) -> argparse.ArgumentParser:
    """The options every window benchmark takes: ``--items`` and ``--db`` (see :func:`database_from`)."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--db", type=Path, help="reuse (or build once into) this database")
    return ap


def database_from(args: argparse.Namespace, prefix: str) -> Path:
    """``--db``, built there if missing; without it a new database of ``--items`` items in a temporary folder."""
    db = args.db or Path(tempfile.mkdtemp(prefix=prefix)) / f"ui-{args.items}.db"
    if not db.exists():
        t0 = time.perf_counter()
        build_database(db, args.items)
        print(f"built {db} ({args.items} items) in {time.perf_counter() - t0:.1f} s")
    return db


def main(argv: list[str] | None = None) -> int:
    ap = database_arguments(__doc__)
    ap.add_argument("--moves", type=int, default=200)
    ap.add_argument("--edits", type=int, default=200)
    args = ap.parse_args(argv)
    db = database_from(args, "bench-ui-")
    open_s, window = measure_open(db)
    nxt = measure_next(window, args.moves)
    edit = measure_edit(window, args.edits)
    painted = measure_edit(window, args.edits, repaint=True)
    search, counted = measure_search(window)
    print(f"items                     {args.items}")
    print(f"start → first release     {open_s * 1000:.0f} ms   (target ≤ 1500 ms)")
    print(f"next release  p50 / p95   {statistics.median(nxt):.1f} / {_pct(nxt, 95):.1f} ms   (target p95 ≤ 50 ms)")
    print(f"edit → saved  p50 / p95   {statistics.median(edit):.1f} / {_pct(edit, 95):.1f} ms   (target p95 ≤ 20 ms)")
    print(f"edit → saved and repainted p50 / p95   {statistics.median(painted):.1f} / {_pct(painted, 95):.1f} ms")
    print(f"search as you type, per key p50 / p95   {statistics.median(search):.1f} / {_pct(search, 95):.1f} ms"
          f"   (target p95 ≤ 100 ms; {len(search)} keys)")
    print(f"  its count shown after the list p50 / max   {statistics.median(counted):.0f} / {max(counted):.0f} ms (off the UI thread)")
    window.close()
    from ui.operations import worker_pool

    worker_pool().waitForDone(10_000)  # a count still on the worker reports before the process ends
    return 0


if __name__ == "__main__":
    sys.exit(main())
