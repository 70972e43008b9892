"""``reviewer entities``: people, organizations and places from the command line, each command the same
core operation as in the window (``reviewer.entities.EntityService``), audited and undoable there."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import click

from .cli_support import open_store
from .entities import KINDS, EntityRow, EntityService
from .store import SYSTEM

if TYPE_CHECKING:
    from .entities.suggest import Suggestions


@click.group()
def entities() -> None:
    """People, organizations and places: list, merge, split, rename; suggest, accept, reject, reconcile."""


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


# -- cluster suggestions and authority lists ------------------------------------------------------------------


def _suggestions(store, reviewer: Optional[str]) -> "Suggestions":
    from .entities.suggest import Suggestions

    return Suggestions(_service(store, reviewer))


@entities.command()
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Only this kind (default: all three).")
@click.option("--json", "as_json", is_flag=True,
              help="A JSON array of groups: id, kind, canonical, methods, score, names, members (entity_id, name, events, variants).")
@click.pass_context
def suggest(ctx: click.Context, kind: Optional[str], as_json: bool) -> None:
    """List groups of entities that may be one (cluster suggestions), largest first.

    Found by key collision (fingerprint, transliteration, acronym and its
    spelled-out name or the organization's acronym before or after a body's
    name, an initial and surname) and nearest neighbour. Accept a group with
    `entities accept ID`, reject it with `entities reject ID` (never proposed
    again).

    Example:

        reviewer --db events.db entities suggest --kind organization
    """
    with open_store(ctx) as store:
        groups = _suggestions(store, None).groups(kind)
    if as_json:
        click.echo(json.dumps([g.as_json() for g in groups], ensure_ascii=False, indent=1))
        return
    for g in groups:
        score = f", score {g.score:.0f}" if g.score is not None else ""
        click.echo(f"{g.id}  {g.kind} {g.canonical!r}  ({', '.join(g.methods)}{score})")
        for m in g.members:
            also = f"; also {', '.join(repr(v) for v in m.variants)}" if m.variants else ""
            click.echo(f"    entity {m.entity_id}: {m.name!r}, {m.events} event{'' if m.events == 1 else 's'}{also}")
    click.echo(f"{len(groups)} suggestion{'' if len(groups) == 1 else 's'}")


_ONLY = click.option("--only", "only", type=int, multiple=True, metavar="ENTITY",
                     help="Only these members of the group (two at least; repeat the option).")


@entities.command()
@click.argument("group_id")
@click.option("--name", default=None, help="The canonical name after the merge (default: the suggested one).")
@_ONLY
@_REVIEWER
@click.pass_context
def accept(ctx: click.Context, group_id: str, name: Optional[str], only: tuple[int, ...], reviewer: Optional[str]) -> None:
    """Accept suggestion GROUP_ID: its entities become one (one merge, undoable in the window's history).

    Example:

        reviewer --db events.db entities accept 3f2a9c01de --name "Collective Security Council"
    """
    with open_store(ctx) as store:
        sugg = _suggestions(store, reviewer)
        click.echo(sugg.accept(sugg.group(group_id), only or None, name).label)


@entities.command()
@click.argument("group_id")
@_ONLY
@_REVIEWER
@click.pass_context
def reject(ctx: click.Context, group_id: str, only: tuple[int, ...], reviewer: Optional[str]) -> None:
    """Reject suggestion GROUP_ID: its entities are not one, and it is never proposed again.

    Example:

        reviewer --db events.db entities reject 3f2a9c01de
    """
    with open_store(ctx) as store:
        sugg = _suggestions(store, reviewer)
        click.echo(sugg.reject(sugg.group(group_id), only or None).label)


@entities.command()
@click.argument("authority", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--confirm", "confirm", type=int, multiple=True, metavar="ENTITY",
              help="Also set the id proposed by a fuzzy match for this entity (repeat the option).")
@click.option("--dry-run", is_flag=True, help="Only report; set no id.")
@click.option("--json", "as_json", is_flag=True, help="The report as one JSON object.")
@_REVIEWER
@click.pass_context
def reconcile(ctx: click.Context, authority: Path, confirm: tuple[int, ...], dry_run: bool, as_json: bool,
              reviewer: Optional[str]) -> None:
    """Match every entity against the authority list AUTHORITY.csv and set the ids it gives.

    The list is CSV with the header kind,name,id,aliases (aliases separated
    by |; UTF-8). An entity named exactly as an entry, or with a spelling that
    is an entry's name or alias, gets its id (all of them in one undoable
    step); close names, and names the suggestion keys put with an entry (an
    acronym and its spelled-out name, a body with its organization's
    acronym), are proposed with a score, to confirm with --confirm.
    An entity that has another id keeps it (reported). A bad list is
    reported one line a row (FILE:LINE: reason) and nothing is set (exit 1).

    Example:

        reviewer --db events.db entities reconcile authority.csv --confirm 42
    """
    from .entities.authority import AuthorityError, read_authority, reconcile as match, set_ids, store_entities

    try:
        entries = read_authority(authority)
    except AuthorityError as exc:
        for line in str(exc).splitlines():
            click.echo(line, err=True)
        ctx.exit(1)
    with open_store(ctx) as store:
        svc = _service(store, reviewer)
        report = match(store_entities(svc), entries)
        strangers = set(confirm) - {m.entity_id for m in report.proposed}
        if strangers:
            raise click.UsageError(f"--confirm {min(strangers)}: no fuzzy match is proposed for that entity")
        chosen = report.matched + [m for m in report.proposed if m.entity_id in confirm]
        done = 0
        if chosen and not dry_run:
            set_ids(svc, chosen, f"Authority ids from {authority.name} ({len(chosen)})")
            done = len(chosen)
    if as_json:
        click.echo(json.dumps({"set": done, **report.as_json()}, ensure_ascii=False, indent=1))
        return
    for m in chosen:
        click.echo(f"{'set' if done else 'would set'} {m.kind} {m.entity_id} {m.entity_name!r}: {m.authority_id} ({m.how})")
    for m in report.proposed:
        if m.entity_id not in confirm:
            click.echo(f"proposed {m.kind} {m.entity_id} {m.entity_name!r} ~ {m.authority_name!r}: {m.authority_id}"
                       f" ({m.how}, score {m.score:.0f}; --confirm {m.entity_id})")
    for m in report.conflicts:
        click.echo(f"kept {m.kind} {m.entity_id} {m.entity_name!r}: it has id {m.current_id}, the list says {m.authority_id}")
    for m in report.taken:
        whose = f"entity {m.holder}" if m.holder is not None else "another entity matching as well"
        click.echo(f"not set {m.kind} {m.entity_id} {m.entity_name!r}: id {m.authority_id} is {whose}'s (merge them)")
    for e, fits in report.ambiguous:
        click.echo(f"not set {e.kind} {e.id} {e.name!r}: several entries fit ({', '.join(a.id for a in fits)})")
    click.echo(f"{done} id{'' if done == 1 else 's'} set, {len(report.proposed)} proposed, {len(report.already)} already set,"
               f" {len(report.conflicts) + len(report.taken) + len(report.ambiguous)} left for you to decide")

