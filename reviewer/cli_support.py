"""What every ``reviewer`` command shares: the database it opens, its errors as one line, a progress bar."""
from __future__ import annotations

import sqlite3
import sys
from contextlib import contextmanager
from typing import Any, Iterator, Optional

import click

from .locations import default_db_path
from .store import ReadFailed, Store, StoreError, WriteRefused


class DatabaseProblem(click.ClickException):
    exit_code = 2


@contextmanager
def open_store(ctx: click.Context) -> Iterator[Store]:
    path = ctx.obj["db"] or default_db_path()
    try:
        store = Store(path)
    except StoreError as exc:
        raise DatabaseProblem(str(exc)) from None
    try:
        yield store
    except (sqlite3.DatabaseError, ReadFailed, WriteRefused) as exc:  # damage met mid-command (a file too large
        # to check on open), a full disk
        reason = exc.reason if isinstance(exc, (ReadFailed, WriteRefused)) else exc
        raise click.ClickException(f"the command stopped: {reason} (database {path}: an unfinished write to it was"
                                   " rolled back; `reviewer check` tells whether it is damaged)") from None
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        store.close()


class Progress:
    """A click progress bar on a terminal, silence otherwise (pipes, CI logs)."""

    def __init__(self, label: str):
        self.label = label
        self.bar: Optional[Any] = None  # click's progress bar, made at the first report
        self.shown = 0
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int, current: str = "") -> None:
        if not self.enabled or total == 0:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
