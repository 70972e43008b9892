"""Worker processes for the Python-bound parts of long operations, results in order.

Segmenting and extracting pages (:mod:`reviewer.importing.prepare`) and hashing
releases (:mod:`reviewer.dedupe.near`) hold the GIL, so threads would not
help; each item is independent, so processes do. Results always come back
in the order of the items, so work done in workers stores the same rows with
the same ids as work done in one process.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import types
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterable, Iterator, Optional


def default_workers() -> int:
    """One worker per core the process may use, at most four; none on a single core.

    With two cores, two workers and the process feeding them share them; the
    feeding side (reading, storing) needs about a third of a core.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return min(cores, 4) if cores > 1 else 0


# --------------------------------------------------------------------------
# In a worker process

_all_started: Any = None  # the pool's event, set in each worker by _init


def _init(all_started, initializer: Optional[Callable], initargs: tuple) -> None:
    global _all_started
    _all_started = all_started
    _exit_with_parent()
    if initializer is not None:
        initializer(*initargs)


def _exit_with_parent() -> None:
    """End this worker when the process that started it ends, however it ends.

    A pool's workers only stop when told to; if the importing process is
    killed, a worker would stay blocked on a full result pipe for ever (seen
    after a SIGKILL), holding its memory.
    """
    parent = multiprocessing.parent_process()
    if parent is not None:
        def exit_after(parent: multiprocessing.process.BaseProcess) -> None:
            parent.join()
            os._exit(0)

        threading.Thread(target=exit_after, args=(parent,), name="exit-with-parent", daemon=True).start()


def _started() -> int:
    """The warm-up task: returns once every worker runs one, so each of them is started by it."""
    _all_started.wait(timeout=60)
    return os.getpid()


def _run_chunk(fn: Callable, chunk: list) -> list:
    return [fn(x) for x in chunk]


# --------------------------------------------------------------------------
# In the process that hands out the work


class Workers:
    """Runs a module-level function over items in ``workers`` processes, or (with 0) in this one.

    ``initializer(*initargs)`` runs once in each worker (a cache, say). Use as
    a context manager: :meth:`close` stops the workers and drops work not yet
    started, so a cancelled operation does not wait for the rest. If a worker
    dies (killed, out of memory) the remaining items are done in this process
    and :attr:`fell_back` says why.
    """

    def __init__(self, workers: int = 0, initializer: Optional[Callable] = None, initargs: tuple = (),
                 what: str = "the work"):
        self.workers = workers
        self.what = what
        self.pool: Optional[ProcessPoolExecutor] = None
        self.fell_back: Optional[str] = None
        self.pids: set[int] = set()  # the worker processes, once started
        if workers > 0:
            self._start(workers, initializer, initargs)

    def _start(self, workers: int, initializer: Optional[Callable], initargs: tuple) -> None:
        # "spawn", not fork: the window runs operations on a worker thread, and
        # a forked child of a threaded Qt process may hang on a lock another
        # thread held. A spawned child normally re-runs the caller's main
        # script first; the workers need nothing from it, and a script without
        # an ``if __name__ == "__main__"`` guard would start its own import in
        # every worker. So the workers all start now, while ``__main__`` is an
        # empty module: the pool starts a process for each task submitted while
        # none is idle, and each warm-up task waits for the others.
        context = multiprocessing.get_context("spawn")
        main = sys.modules["__main__"]
        try:
            self.pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init,
                                            initargs=(context.Barrier(workers), initializer, initargs))
            sys.modules["__main__"] = types.ModuleType("__main__")
            try:
                started = [self.pool.submit(_started) for _ in range(workers)]
                self.pids = {f.result() for f in started}
            finally:
                sys.modules["__main__"] = main
            if len(self.pids) != workers:
                raise RuntimeError(f"{len(self.pids)} of {workers} workers started")
        except (OSError, BrokenProcessPool, RuntimeError, threading.BrokenBarrierError) as exc:  # none to be had
            self._fall_back(exc)

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def map(self, fn: Callable[[Any], Any], items: Iterable, chunk: int = 16,
            here: Optional[Callable[[Any], Any]] = None) -> Iterator:
        """``fn(item)`` for each item, in order; ``items`` is read only a few chunks ahead.

        ``here``: what to call instead of ``fn`` when the work is done in this
        process (when ``fn`` relies on what the initializer set up in workers).
        """
        here = here or fn
        if self.pool is None:
            yield from map(here, items)
            return
        pending: deque[tuple[list, Optional[Future]]] = deque()
        ahead = 3 * self.workers  # chunks in flight: enough to keep every worker busy, little memory
        source = iter(items)
        while True:
            while len(pending) < ahead:
                part = [x for _, x in zip(range(chunk), source)]
                if not part:
                    break
                pending.append((part, self._submit(fn, part)))
            if not pending:
                return
            part, future = pending.popleft()
            yield from self._result(part, future, here)

    def _submit(self, fn: Callable, part: list) -> Optional[Future]:
        if self.pool is None:
            return None
        try:
            return self.pool.submit(_run_chunk, fn, part)
        except (BrokenProcessPool, RuntimeError) as exc:
            self._fall_back(exc)
            return None

    def _result(self, part: list, future: Optional[Future], here: Callable) -> list:
        if future is not None:
            try:
                return future.result()
            except BrokenProcessPool as exc:
                self._fall_back(exc)
        return [here(x) for x in part]

    def _fall_back(self, exc: BaseException) -> None:
        if self.fell_back is None:
            reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
            self.fell_back = f"worker processes stopped ({reason}); {self.what} went on without them"
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


__all__ = ["Workers", "default_workers"]
