"""Exports that stop dead at their N-th step, for ``test_export_kills.py`` to SIGKILL them there.

Started once, it reads requests ``DB FORMAT TARGET N`` on stdin, one a line;
for each it forks a process that runs ``reviewer export --all --force``
(forking saves importing the program for every kill). Every file-system
step of the atomic writer (create, write an event, sync, rename, exchange,
remove) counts as one; at the N-th, before taking it, the export prints
``AT <pid> <step>`` and sleeps, so the test kills it exactly there. An
export with fewer steps prints ``DONE <pid> after <count> steps``. Once the export's process
has ended, this one prints ``END``.
"""
from __future__ import annotations

import os
import shutil
import sys
import time
import traceback
import types

from reviewer.cli import cli
from reviewer.export import atomic, writers

stop = 0
seen = 0


def step(label: str) -> None:
    global seen
    seen += 1
    if seen == stop:
        print(f"AT {os.getpid()} {label}", flush=True)
        time.sleep(600)  # the test kills us here


def counted(label: str, real):
    def wrapper(*args, **kwargs):
        step(label)
        return real(*args, **kwargs)
    return wrapper


# The atomic writer's view of os and shutil, with each step counted (the rest of the process is untouched).
atomic.os = types.SimpleNamespace(**{name: getattr(os, name) for name in dir(os) if not name.startswith("__")})
for name in ("open", "mkdir", "fsync", "replace", "unlink", "close"):
    setattr(atomic.os, name, counted(f"os.{name}", getattr(os, name)))
atomic.shutil = types.SimpleNamespace(rmtree=counted("shutil.rmtree", shutil.rmtree))
for name in ("_exchange", "fsync_dir"):
    if hasattr(atomic, name):
        setattr(atomic, name, counted(name, getattr(atomic, name)))


def in_data(real):
    """A few moments while the data is being written (the first and the fifth event)."""
    events = {"n": 0}

    def wrapper(*args, **kwargs):
        events["n"] += 1
        if events["n"] in (1, 5):
            step("writing data")
        return real(*args, **kwargs)
    return wrapper


writers.event_record = in_data(writers.event_record)
writers.event_rows = in_data(writers.event_rows)

for request in sys.stdin:
    db, fmt, target, n = request.split()
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        stop, code = int(n), 1
        try:
            cli.main(["--db", db, "export", "--all", "--force", "--format", fmt, "-o", target],
                     standalone_mode=False)
            code = 0
        except BaseException:
            traceback.print_exc()
        finally:
            print(f"DONE {os.getpid()} after {seen} steps", flush=True)
            os._exit(code)
    os.waitpid(pid, 0)
    print("END", flush=True)
