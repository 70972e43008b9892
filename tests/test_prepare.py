"""Pages prepared in worker processes: the same rows as in one process, and an import that outlives its workers."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reviewer.importing import prepare
from reviewer.importing.pipeline import import_paths
from reviewer.store import Store

ROOT = Path(__file__).resolve().parent.parent
DEV_PAGES = ROOT / "tests" / "extract_pages"


def _contents(db: Path) -> dict[str, list]:
    """What a curator sees of an import: documents, items, events with their fields and people, in id order."""
    with Store(db) as s:
        return {
            "documents": s.rows("SELECT id, name, sha256 FROM documents ORDER BY id"),
            "items": s.rows('SELECT id, document_id, seq, kind, release_id, start, "end" FROM items ORDER BY id'),
            "events": s.rows("SELECT id, release_id, position, date_start, date_end, event_type, location"
                             " FROM events ORDER BY id"),
            "people": s.rows("SELECT event_id, person_id, role FROM event_participants ORDER BY event_id, person_id"),
            "orgs": s.rows("SELECT * FROM event_organizations ORDER BY 1, 2"),
        }


def test_an_import_in_workers_stores_exactly_what_one_process_stores(tmp_path, seeds_dir):
    folders = [seeds_dir, DEV_PAGES]
    # the text pages only: the folder's gold files (.jsonl) are no scraper feeds
    with Store(tmp_path / "one.db") as s:
        alone = import_paths(s, folders, workers=0, include=["*.txt"])
    with Store(tmp_path / "two.db") as s:
        shared = import_paths(s, folders, workers=2, include=["*.txt"])
    # every page is read; a page the importer refuses (sites_d's events tables, no prose) is skipped alike
    assert len(alone.imported) + len(alone.skipped) == 5 + len(list(DEV_PAGES.glob("*.txt")))
    assert shared.imported == alone.imported and shared.skipped == alone.skipped
    assert (shared.items, shared.events) == (alone.items, alone.events)
    assert _contents(tmp_path / "two.db") == _contents(tmp_path / "one.db")


def test_a_killed_worker_leaves_the_rest_of_the_pages_to_this_process(seeds_dir):
    files = [prepare.Source(str(p), p.read_bytes()) for p in sorted(seeds_dir.glob("*.txt"))] * 3
    with prepare.Preparer(prepare.MentionCache(), workers=2) as preparer:
        assert len(preparer.pids) == 2
        os.kill(next(iter(preparer.pids)), signal.SIGKILL)  # as the out-of-memory killer would
        results = list(preparer.map(files))
        assert preparer.fell_back and "worker processes stopped" in preparer.fell_back
    assert [r.path for r in results] == [f.path for f in files]
    assert all(r.problem is None and r.page.items and r.mentions for r in results)


def test_bad_files_come_back_as_one_line_problems_in_their_place(tmp_path, seeds_dir):
    good = sorted(seeds_dir.glob("*.txt"))[0]
    files = [prepare.Source(str(good), good.read_bytes()), prepare.Source(str(tmp_path / "blank.txt"), b"  \n"),
             prepare.Source(str(good), good.read_bytes())]
    with prepare.Preparer(prepare.MentionCache(), workers=1) as preparer:
        results = list(preparer.map(files))
    assert [r.problem for r in results] == [None, f"{tmp_path / 'blank.txt'}: empty file", None]


def test_workers_never_run_the_calling_script_again(tmp_path, seeds_dir):
    # A spawned process normally re-runs the caller's main script first; one
    # without an ``if __name__ == "__main__"`` guard would import again in
    # every worker.
    runs = tmp_path / "runs.log"
    script = tmp_path / "unguarded.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        with open({str(runs)!r}, "a") as f:
            f.write("run\\n")
        from reviewer.importing.pipeline import import_paths
        from reviewer.store import Store
        with Store({str(tmp_path / "x.db")!r}) as s:
            report = import_paths(s, [{str(seeds_dir)!r}], workers=2, near_duplicates=False)
        print(len(report.imported), report.warnings)
        """))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "5 []"
    assert runs.read_text() == "run\n"


def test_cancelling_an_import_in_workers_keeps_the_pages_stored_before_it(store, seeds_dir):
    seen = []
    report = import_paths(store, [seeds_dir, DEV_PAGES], progress=lambda done, total, f: seen.append(done),
                          cancelled=lambda: len(seen) > 6, workers=2, include=["*.txt"])
    assert report.cancelled
    assert 0 < len(report.imported) < 10
    assert store.stats()["documents"] == len(report.imported)


@pytest.mark.parametrize(("cores", "expected"), [({0}, 0), ({0, 1}, 2), (set(range(16)), 4)])
def test_one_worker_per_core_up_to_four_and_none_on_one_core(monkeypatch, cores, expected):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: cores, raising=False)
    assert prepare.default_workers() == expected


def test_small_imports_start_no_workers(store, seeds_dir, monkeypatch):
    started = []
    real = prepare.Preparer

    def spy(cache, workers=0, *more):
        started.append(workers)
        return real(cache, workers, *more)

    monkeypatch.setattr(prepare, "Preparer", spy)
    monkeypatch.setattr(prepare, "default_workers", lambda: 2)
    import_paths(store, [seeds_dir])
    assert started == [0]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be collected


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to see the workers")
def test_workers_end_when_the_importing_process_is_killed(tmp_path):
    script = tmp_path / "hold.py"
    script.write_text(textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from reviewer.importing.prepare import MentionCache, Preparer
        if __name__ == "__main__":
            with Preparer(MentionCache(), workers=2) as preparer:
                print(*sorted(preparer.pids), flush=True)
                sys.stdin.read()  # held open until killed
        """))
    proc = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        pids = [int(p) for p in proc.stdout.readline().split()]
        assert len(pids) == 2 and all(_alive(p) for p in pids)
    finally:
        proc.kill()  # SIGKILL: no cleanup runs in the importing process
        proc.wait()
    deadline = time.monotonic() + 20
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)  # polling for an outside process to end; nothing to wait on
    assert not any(_alive(p) for p in pids)
