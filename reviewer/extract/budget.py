"""A time limit on the extraction of one page, checked between sentences.

The patterns are linear and every sentence is bounded (:mod:`.sentences`), so
a page's extraction grows at most linearly with its size; this is the guard
for what that still leaves (a page of ten megabytes of names, or a shape
nobody thought of). The caller sets a deadline around a page
(:func:`deadline`); the loops over sentences call :func:`check`, which raises
:class:`OutOfTime` once it has passed. The caller then stores the page
without extraction and says so. Per thread, so the window's import worker
and a caller elsewhere never share a deadline.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Iterator, Optional


class OutOfTime(Exception):
    """The page's extraction went past its deadline."""


_local = threading.local()


@contextmanager
def deadline(seconds: Optional[float]) -> Iterator[None]:
    """Within the block, :func:`check` raises :class:`OutOfTime` after ``seconds`` (``None``: never)."""
    before = getattr(_local, "at", None)
    _local.at = None if seconds is None else time.monotonic() + seconds
    try:
        yield
    finally:
        _local.at = before


def check() -> None:
    at = getattr(_local, "at", None)
    if at is not None and time.monotonic() > at:
        raise OutOfTime()
