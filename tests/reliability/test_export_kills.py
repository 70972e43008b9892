"""SIGKILL an export at every step it takes: the target is always the old export or the new one, and the
next export removes whatever the killed one left.

The child (``export_child.py``) exports every event with ``--force`` over an
earlier export of the verified events only (none: so old and new differ) and
stops dead at its N-th file-system step, where it is killed; N runs over
every step until an export finishes. After each kill the target must be
whole: the old pair or the new one, byte for byte (the new description only
differing in its ``created`` time). A JSON Lines or SQLite file and its
description are two names, which no rename changes together: a kill between
those two renames leaves the new file beside the old description, and then,
and only then, the export's commit journal is beside them; the next export
finishes it. For a CSV folder, swapped in one exchange, there is no such
moment. Then a next export runs and must leave nothing but its own files.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer.export import descriptor_path, export
from reviewer.store import Store

CHILD = Path(__file__).with_name("export_child.py")
NAMES = {"jsonl": "events.jsonl", "csv": "tables", "sqlite": "events.db"}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (hidden ones included), by relative path; ``created`` blanked in descriptions."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            if p.name.endswith("datapackage.json"):
                pkg = json.loads(data)
                pkg["created"] = None
                data = json.dumps(pkg, sort_keys=True).encode()
            out[p.relative_to(folder).as_posix()] = data
    return out


def visible(files: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in files.items() if not k.startswith(".")}


class Exports:
    """The child (``export_child.py``): runs exports and stops each at a chosen step, where it is killed."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]),
                                                             os.environ.get("PYTHONPATH", "")])}
        self.proc = subprocess.Popen([sys.executable, str(CHILD)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, env=env)

    def start(self, db: Path, fmt: str, target: Path, n: int) -> tuple[int, str]:
        """Start an export that stops at its ``n``-th step: (its pid, the step), or (0, '') when it finished."""
        self.proc.stdin.write(f"{db} {fmt} {target} {n}\n")
        self.proc.stdin.flush()
        for line in self.proc.stdout:
            if line.startswith("AT "):
                _, pid, what = line.split(maxsplit=2)
                return int(pid), what.strip()
            if line.startswith("DONE"):
                assert self.proc.stdout.readline() == "END\n"
                return 0, ""
        raise AssertionError("the export child ended")

    def kill(self, pid: int) -> None:
        os.kill(pid, signal.SIGKILL)
        assert self.proc.stdout.readline() == "END\n"

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture
def exports():
    child = Exports()
    yield child
    child.close()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "sqlite"])
def test_a_killed_export_leaves_the_old_or_the_new_export_and_the_next_one_cleans_up(seeded_store, tmp_path, fmt,
                                                                                   exports):
    db = seeded_store.path
    name = NAMES[fmt]
    # what the old export and the new one hold, made once in folders of their own
    for scope in ("verified", "all"):
        (tmp_path / scope).mkdir()
        export(seeded_store, fmt, tmp_path / scope / name, scope)
    old, new = snapshot(tmp_path / "verified"), snapshot(tmp_path / "all")
    assert visible(old) != visible(new)

    area = tmp_path / "area"
    target = area / name
    desc_name = descriptor_path(fmt, Path(name)).name
    seen = {"old": 0, "new": 0, "new file, old description": 0, "leftovers": 0}
    n = 0
    while True:
        n += 1
        shutil.rmtree(area, ignore_errors=True)
        shutil.copytree(tmp_path / "verified", area)
        pid, step = exports.start(db, fmt, target, n)
        if not pid:
            break
        exports.kill(pid)
        now = snapshot(area)
        shown = visible(now)
        hidden = sorted(p.name for p in area.iterdir() if p.name.startswith("."))
        if shown == visible(old):
            seen["old"] += 1
        elif shown == visible(new):
            seen["new"] += 1
        else:
            assert fmt != "csv", f"step {n} ({step}): the CSV folder is neither the old nor the new one"
            mixed = {**visible(new), desc_name: old[desc_name]}
            assert shown == mixed, f"step {n} ({step}): {sorted(shown)} is neither the old export nor the new one"
            assert any(h.startswith(f".{name}.") and h.endswith(".commit") for h in hidden), (n, step, hidden)
            seen["new file, old description"] += 1
        if hidden:
            seen["leftovers"] += 1
        # the next export puts things right and leaves nothing of the killed one behind
        with Store(db) as store:
            export(store, fmt, target, "all", force=True)
        assert snapshot(area) == visible(new), f"after the kill at step {n} ({step}) and a new export"
    assert n > 10 and seen["old"] and seen["new"] and seen["leftovers"], seen
    if fmt != "csv":
        assert seen["new file, old description"] == 1, seen  # the single moment between the two renames


def test_a_running_export_keeps_its_files_while_another_export_cleans_up(seeded_store, tmp_path, exports):
    from reviewer.export.atomic import recover

    target = tmp_path / "events.jsonl"
    names = ["events.jsonl", "events.jsonl.datapackage.json"]
    pid, _ = exports.start(seeded_store.path, "jsonl", target, 8)  # paused with its lock and temporary files
    staged = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".events.jsonl."))
    assert any(s.endswith(".lock") for s in staged) and any(s.endswith(".tmp") for s in staged), staged
    recover(tmp_path, names)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".events.jsonl.")) == staged
    exports.kill(pid)
    recover(tmp_path, names)  # now its owner is dead
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_an_export_whose_new_lock_another_clean_up_took_starts_again(seeded_store, tmp_path, monkeypatch):
    """Between creating its lock file and locking it, an export looks dead to another export's clean-up."""
    import fcntl
    import types

    from reviewer.export import atomic, writers

    target = tmp_path / "out" / "events.jsonl"
    target.parent.mkdir()
    names = [target.name, f"{target.name}.datapackage.json"]
    real_flock, real_record = atomic.fcntl.flock, writers.event_record
    cleanups = {"before lock": 0, "while writing": 0}

    def flock(fd, how):
        if not cleanups["before lock"]:  # the other export's clean-up runs just before this lock is taken
            cleanups["before lock"] += 1
            atomic.recover(target.parent, names)
        return real_flock(fd, how)

    def record(ev):
        if not cleanups["while writing"]:  # ... and once more while the data is written
            cleanups["while writing"] += 1
            atomic.recover(target.parent, names)
        return real_record(ev)

    monkeypatch.setattr(atomic, "fcntl", types.SimpleNamespace(flock=flock, LOCK_EX=fcntl.LOCK_EX, LOCK_NB=fcntl.LOCK_NB))
    monkeypatch.setattr(writers, "event_record", record)
    export(seeded_store, "jsonl", target, "all")
    assert cleanups == {"before lock": 1, "while writing": 1}
    assert sorted(p.name for p in target.parent.iterdir()) == sorted(names)
    assert len(target.read_text(encoding="utf-8").splitlines()) == seeded_store.db.execute(
        "SELECT count(*) FROM events WHERE deleted = 0 AND merged_into IS NULL").fetchone()[0]


def test_leftovers_that_cannot_be_removed_do_not_stop_the_export(seeded_store, tmp_path, monkeypatch):
    from reviewer.export import atomic

    out = tmp_path / "out"
    out.mkdir()
    left = out / ".events.jsonl.0badc0de.tmp"  # a killed export's, with no lock: dead
    left.write_text("half an export")
    real_remove = atomic._remove

    def remove(path):
        if path == left:
            raise PermissionError(13, "Permission denied", str(path))
        real_remove(path)

    monkeypatch.setattr(atomic, "_remove", remove)
    result = export(seeded_store, "jsonl", out / "events.jsonl", "all")
    assert result.events > 0 and left.exists()
    assert sorted(p.name for p in out.iterdir()) == [left.name, "events.jsonl", "events.jsonl.datapackage.json"]
