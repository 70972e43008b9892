"""The ``reviewer`` command: a thin click shell over the core.

Exit codes: 0 success, 1 some input was skipped or refused, 2 usage error or
an unusable database.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import click

from .store import Store, StoreError


def default_db_path() -> Path:
    """The database in the user's data folder (created on first use)."""
    from platformdirs import user_data_path

    return user_data_path("release-reviewer", appauthor=False, ensure_exists=True) / "reviewer.db"


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
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        store.close()


class Progress:
    """A click progress bar on a terminal, silence otherwise (pipes, CI logs)."""

    def __init__(self, label: str):
        self.label = label
        self.bar = None
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="release-reviewer")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The database file (default: reviewer.db in your data folder).")
@click.pass_context
def cli(ctx: click.Context, db: Optional[Path]) -> None:
    """Release Reviewer: press-release pages to a verified dataset of events."""
    ctx.ensure_object(dict)
    ctx.obj["db"] = db


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def import_(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Import page files and folders (recursively, *.txt), extract events, merge duplicates.

    Importing a file already stored changes nothing. Bad files are reported one
    line each and skipped; the rest imports.

    Example:

        reviewer --db events.db import seeds/ more/page.txt
    """
    from .pipeline import import_paths

    with open_store(ctx) as store:
        bar = Progress("Importing")
        try:
            report = import_paths(store, list(paths), progress=bar)
        finally:
            bar.close()
        for line in report.warnings:
            click.echo(f"warning: {line}", err=True)
        for line in report.skipped:
            click.echo(f"skipped: {line}", err=True)
        click.echo(report.summary())
    if report.skipped:
        ctx.exit(1)


@cli.command()
@click.pass_context
def reextract(ctx: click.Context) -> None:
    """Run extraction again on every stored item, keeping every field a reviewer edited.

    Use it after teaching names in the window or after upgrading the extractor.

    Example:

        reviewer --db events.db reextract
    """
    from .pipeline import reextract as run_reextract

    with open_store(ctx) as store:
        bar = Progress("Extracting")
        try:
            changed = run_reextract(store, progress=bar)
        finally:
            bar.close()
    click.echo(f"{changed} events updated; fields edited by reviewers were kept")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Count documents, items, events, verified events and open duplicate candidates.

    Example:

        reviewer --db events.db stats
    """
    with open_store(ctx) as store:
        figures = store.stats()
    if as_json:
        import json

        click.echo(json.dumps(figures))
    else:
        for key, value in figures.items():
            click.echo(f"{key:<12} {value}")


@cli.command()
@click.option("--db", "gui_db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The database to open (default: the one in your data folder).")
@click.pass_context
def gui(ctx: click.Context, gui_db: Optional[Path]) -> None:
    """Open the review window (on first run, imports the bundled seeds).

    Example:

        reviewer gui --db events.db
    """
    from ui.app import run  # the one place the core reaches into the UI, lazily

    ctx.exit(run(gui_db or ctx.obj["db"]))


def main() -> None:
    cli(obj={})


if __name__ == "__main__":
    main()
