"""``reviewer entities``: people, organizations and places from the command line, each command the same
core operation as in the window (``reviewer.entities.EntityService``), audited and undoable there."""
from __future__ import annotations

import json
from typing import Optional

import click

from .cli_support import open_store
from .entities import KINDS, EntityRow, EntityService
from .store import SYSTEM


@click.group()
def entities() -> None:
    """People, organizations and places: list, merge, split, rename."""


def _service(store, reviewer: Optional[str]) -> EntityService:
    return EntityService(store, reviewer or SYSTEM)


_REVIEWER = click.option("--reviewer", default=None, help="Name recorded in the audit log (default: system).")


@entities.command("list")
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Only this kind (default: all three).")
@click.option("--search", default="", help="Only entities with a spelling holding every word of this.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per entity, one per line.")
@click.pass_context
def list_(ctx: click.Context, kind: Optional[str], search: str, as_json: bool) -> None:
    """List entities with their id, events, first and last date and spellings.

    Example:

        reviewer --db events.db entities list --kind organization --json
    """
    with open_store(ctx) as store:
        svc = _service(store, None)
        for k in [kind] if kind else KINDS:
            for row in svc.entities(k, search=search):
                click.echo(json.dumps(_record(row), ensure_ascii=False) if as_json else _line(row))


def _record(row: EntityRow) -> dict:
    return {"id": row.id, "kind": row.kind, "name": row.name, "events": row.events, "first_date": row.first_date,
            "last_date": row.last_date, "authority_id": row.authority_id, "country": row.country,
            "confirmed_by": row.confirmed_by,
            "variants": [{"id": v.id, "name": v.name, "origin": v.origin, "reason": v.reason, "taught": v.taught}
                         for v in row.variants]}


def _line(row: EntityRow) -> str:
    dates = "" if not row.first_date else f" {row.first_date}" if row.first_date == row.last_date else \
        f" {row.first_date}…{row.last_date}"
    events = f"{row.events} event{'' if row.events == 1 else 's'}"
    extra = "".join(f" [{label} {value}]" for label, value in (("id", row.authority_id), ("country", row.country),
                                                                ("confirmed by", row.confirmed_by)) if value)
    others = f" (also: {'; '.join(row.other_names)})" if row.other_names else ""
    return f"{row.id}\t{row.kind}\t{row.name}\t{events}{dates}{extra}{others}"


@entities.command()
@click.argument("survivor", type=int)
@click.argument("absorbed", type=int)
@_REVIEWER
@click.pass_context
def merge(ctx: click.Context, survivor: int, absorbed: int, reviewer: Optional[str]) -> None:
    """Merge entity ABSORBED into SURVIVOR: its spellings and events follow, it is removed.

    Example:

        reviewer --db events.db entities merge 12 40
    """
    with open_store(ctx) as store:
        click.echo(_service(store, reviewer).merge(survivor, absorbed).label)


@entities.command()
@click.argument("variant", type=int)
@_REVIEWER
@click.pass_context
def split(ctx: click.Context, variant: int, reviewer: Optional[str]) -> None:
    """Give spelling VARIANT (its id in `entities list --json`) an entity of its own, with its events.

    Example:

        reviewer --db events.db entities split 57
    """
    with open_store(ctx) as store:
        click.echo(_service(store, reviewer).split(variant).label)


@entities.command()
@click.argument("entity", type=int)
@click.argument("name")
@_REVIEWER
@click.pass_context
def rename(ctx: click.Context, entity: int, name: str, reviewer: Optional[str]) -> None:
    """Set the canonical name of ENTITY to NAME.

    Example:

        reviewer --db events.db entities rename 12 "CSTO Collective Security Council"
    """
    with open_store(ctx) as store:
        click.echo(_service(store, reviewer).rename(entity, name).label)
