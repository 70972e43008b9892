"""The ``reviewer`` command: a thin click shell over the core.

Exit codes: 0 success, 1 some input was skipped or refused, 2 usage error or
an unusable database.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

import click

from .cli_entities import entities
from .cli_support import DatabaseProblem, Progress, open_store
from .locations import default_db_path
from .store import StoreError


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
@click.option("--include", "include", multiple=True, metavar="GLOB",
              help="Take only the files of a folder whose name (or path inside the folder) matches GLOB, "
                   "e.g. '*.html' or '2024/*'; repeat for several. Files named on their own are always taken.")
@click.option("--workers", type=click.IntRange(0, 64), default=None,
              help="Processes that read and extract pages while this one stores them "
                   "(default: one per core, at most 4, for 200 files or more; 0: none).")
@click.option("--follow-links", is_flag=True,
              help="Read linked files and folders inside a folder even when they lead out of it "
                   "(by default such links are reported and skipped).")
@click.option("-q", "--quiet", is_flag=True, help="Print only skipped files, warnings and the summary.")
@click.pass_context
def import_(ctx: click.Context, paths: tuple[Path, ...], include: tuple[str, ...], workers: int | None,
            follow_links: bool, quiet: bool) -> None:
    """Import page files and folders, extract events, merge duplicates.

    A folder is read recursively: text pages (*.txt), HTML pages (*.html,
    *.htm) and JSON Lines feeds of pages (*.jsonl: one object a line with
    "url" and "html" or "text"). Every other file in it is listed as skipped
    with its reason. One line per file says what became of it (imported,
    already stored, skipped: reason). Importing a file already stored changes
    nothing. A link inside a folder that leads out of it is skipped unless
    --follow-links is given.

    Example:

        reviewer --db events.db import seeds/ more/page.html --include '*.html'
    """
    from .importing.ingest import printable
    from .importing.pipeline import SKIPPED, FileReport, import_paths

    def show(entry: FileReport) -> None:
        # lines name files: printed as printable text, whatever bytes a name holds
        if entry.outcome == SKIPPED:
            click.echo(f"skipped: {printable(entry.line())}", err=True)
        elif not quiet:
            click.echo(printable(entry.line()))

    with open_store(ctx) as store:
        bar = Progress("Importing")
        try:
            report = import_paths(store, list(paths), progress=bar, workers=workers, follow_links=follow_links,
                                  include=list(include) or None, on_file=None if bar.enabled else show)
        finally:
            bar.close()
        if bar.enabled:  # the lines would have broken the bar: printed once it is gone
            for entry in report.files:
                show(entry)
        for line in report.warnings:
            click.echo(f"warning: {printable(line)}", err=True)
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
    from .importing.ingest import printable
    from .importing.pipeline import reextract as run_reextract

    with open_store(ctx) as store:
        bar = Progress("Extracting")
        warnings: list[str] = []
        try:
            changed = run_reextract(store, progress=bar, warnings=warnings)
        finally:
            bar.close()
    for line in warnings:
        click.echo(f"warning: {printable(line)}", err=True)
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
        click.echo(f"{'checked':<12} {store.checked}")  # what opening it checked (quick_check, or why not)


@cli.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """Run SQLite's full integrity check on the database, read-only, and report what it found.

    Opening a database checks it quickly (PRAGMA quick_check) when it is up to
    256 MB; this reads every page and index whatever the size. Exit 0 when it
    is sound, 1 when it is damaged, 2 when it cannot be read.

    Example:

        reviewer --db events.db check
    """
    from .store import integrity_check

    path = ctx.obj["db"] or default_db_path()
    try:
        problems = integrity_check(path)
    except StoreError as exc:
        raise DatabaseProblem(str(exc)) from None
    if problems == ["ok"]:
        click.echo(f"{path}: integrity_check ok")
        return
    click.echo(f"{path}: damaged; integrity_check found {len(problems)} problem(s)"
               f"{' (the first 100)' if len(problems) >= 100 else ''}:")
    for line in problems:
        click.echo(f"  {line}")
    ctx.exit(1)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "sqlite"]), default="jsonl", show_default=True,
              help="jsonl: one event per line; csv: a folder of tables; sqlite: a dataset database.")
@click.option("--verified/--all", "verified_only", default=True,
              help="Only verified events (default), or every event, reviewed or not.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="The file to write (jsonl, sqlite) or the folder (csv).")
@click.option("--force", is_flag=True, help="Replace the output if it exists.")
@click.pass_context
def export(ctx: click.Context, fmt: str, verified_only: bool, output: Path, force: bool) -> None:
    """Export canonical events (merged duplicates are one event), with a datapackage.json.

    jsonl and sqlite write the file given and its description beside it
    (events.jsonl -> events.jsonl.datapackage.json); csv writes a folder of tables
    with datapackage.json inside. Files are replaced atomically, and only
    with --force.

    Example:

        reviewer --db events.db export --format jsonl --all -o events.jsonl
    """
    from .export import ExportError, export as run_export

    with open_store(ctx) as store:
        bar = Progress("Exporting")
        try:
            result = run_export(store, fmt, output, "verified" if verified_only else "all", force, progress=bar)
        except ExportError as exc:
            raise click.ClickException(str(exc)) from None
        finally:
            bar.close()
    click.echo(result.summary())


@cli.command("import-events")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--reviewer", default=None, help="Name recorded in the audit log for the import (default: system).")
@click.pass_context
def import_events_(ctx: click.Context, file: Path, reviewer: Optional[str]) -> None:
    """Read a JSON Lines export (another reviewer's, say) back into the database.

    Events are matched to this database's by their sources (the pages must be
    imported here first). Reviewed events here are never overwritten: a
    difference is reported as a conflict (exit 1).

    Example:

        reviewer --db mine.db import-events theirs.jsonl
    """
    from .export.read_back import ImportEventsError, import_events

    with open_store(ctx) as store:
        try:
            report = import_events(store, file, who=reviewer)
        except ImportEventsError as exc:
            raise click.ClickException(str(exc)) from None
    for line in report.conflicts:
        click.echo(f"conflict: {line}", err=True)
    for line in report.skipped:
        click.echo(f"skipped: {line}", err=True)
    click.echo(report.summary())
    if report.conflicts or report.skipped:
        ctx.exit(1)


@cli.command()
@click.option("--reviewer", default=None, help="Name recorded in the audit log (default: system).")
@click.pass_context
def dedupe(ctx: click.Context, reviewer: Optional[str]) -> None:
    """Search for duplicates: near-duplicate items, name variants, candidate event pairs.

    Near-duplicate items and near-certain event pairs are merged (a reviewer
    can unmerge them); likely pairs are proposed for review in the window.
    Pairs answered "not duplicates" are never proposed again.

    Example:

        reviewer --db events.db dedupe
    """
    from . import dedupe as dd
    from .store import SYSTEM

    with open_store(ctx) as store:
        bar = Progress("Searching for duplicates")
        try:
            result = dd.dedupe(store, progress=bar, who=reviewer or SYSTEM)
        finally:
            bar.close()
    click.echo(f"{result.proposed} new candidate pairs, {result.merged} merged without asking; "
               f"{result.open} open for review")


@cli.command()
@click.argument("gold", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("export_file", metavar="EXPORT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("--show-misses", is_flag=True, help="List the gold events missed and the extra mentions.")
def evaluate(gold: Path, export_file: Path, as_json: bool, show_misses: bool) -> None:
    """Score an export (JSON Lines) against a gold file: events, fields, duplicate pairs.

    See docs/guideline.md for the formats and how each figure is counted.

    Example:

        reviewer evaluate tests/gold/seeds.jsonl events.jsonl --show-misses
    """
    from .evaluate import EvaluateError, evaluate_files, report_lines

    try:
        result = evaluate_files(gold, export_file)
    except EvaluateError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        import json

        click.echo(json.dumps(result, indent=2))
    else:
        click.echo("\n".join(report_lines(result, show_misses)))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.pass_context
def accuracy(ctx: click.Context, as_json: bool) -> None:
    """How right the extraction was on the events reviewers verified, from the audit log.

    Per field (dates, type, status, location, online exact; participants and
    organizations as precision/recall), events reviewers added (missed) and
    deleted (spurious), per reviewer and per month of import, and every
    correction.

    Example:

        reviewer --db events.db accuracy
    """
    from .accuracy import accuracy as run_accuracy, report_lines

    with open_store(ctx) as store:
        report = run_accuracy(store)
    if as_json:
        import json

        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(report_lines(report)))


@cli.command()
@click.option("--db", "gui_db", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="PATH",
              help="The database to open (default: the one in your data folder).")
@click.option("--reviewer", default=None, metavar="NAME",
              help="The name the audit log records for this session (default: the one given on first run).")
@click.pass_context
def gui(ctx: click.Context, gui_db: Optional[Path], reviewer: Optional[str]) -> None:
    """Open the review window (on first run, imports the bundled seeds).

    Example:

        reviewer gui --db events.db
    """
    # The window is the ui package's program, run in a process of its own: the
    # core never imports the UI (the layers contract in pyproject.toml).
    db = gui_db or ctx.obj["db"]
    argv = [sys.executable, "-m", "ui.app", *(["--db", str(db)] if db else []),
            *(["--reviewer", reviewer] if reviewer else [])]
    if os.name == "posix":
        # The command becomes the window (same process id), so a signal sent to
        # `reviewer gui` reaches the window and never leaves it running orphaned.
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, argv)
    window = subprocess.Popen(argv)
    while True:
        try:
            ctx.exit(window.wait())
        except KeyboardInterrupt:
            continue  # Ctrl+C reached the window too; it decides, and its exit code is the command's


cli.add_command(entities)


def main() -> None:
    cli(obj={})


if __name__ == "__main__":
    main()
