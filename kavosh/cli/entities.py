"""``kavosh entities``: find mentions again, list and show entities, curate them, export them.

    kavosh entities [--case DIR] [--redo]                 find what is pending, resolve
    kavosh entities list [--type PER] [--limit N] [--json]
    kavosh entities show ID [--json]
    kavosh entities merge INTO OTHER… | split ID ALIAS… [--name N] [--type T]
    kavosh entities rename ID NAME | retype ID TYPE | add TYPE NAME [--alias A…]
    kavosh entities export --format ftm|csv [--out FILE]

Curation commands record who (``--by``, else ``$KAVOSH_USER``) and when, and resolve again:
every decision is replayed after each resolution, so it survives re-ingest and ``--redo``.
Registered on the main app by :mod:`kavosh.cli.app`, whose helpers it uses.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress as RichProgress
from rich.table import Table

from kavosh.case import current_actor
from kavosh.cli.app import CaseOption, JsonOption, _Bar, _columns, _json_line, err, open_case, shown
from kavosh.model.errors import UsageError
from kavosh.store.entities import EntityRow

entities_app = typer.Typer(no_args_is_help=False, invoke_without_command=True,
                           help="People, organisations, places and identifiers in the case.")
ByOption = Annotated[str | None, typer.Option(
    "--by", help="Who decides [$KAVOSH_USER, else the system user]")]


@entities_app.callback()
def entities(
    ctx: typer.Context,
    case: CaseOption = None,
    redo: Annotated[bool, typer.Option(
        "--redo", help="Find mentions again in every document (a better finder); a run "
                       "stopped midway resumes with `kavosh entities`")] = False,
) -> None:
    """Find the mentions of every document waiting for it (all with --redo) and resolve
    them into entities; people's decisions are replayed."""
    if ctx.invoked_subcommand is not None:
        return
    from kavosh.pipeline.run import run_mentions

    with (open_case(case) as opened,
          RichProgress(*_columns("documents"), console=err, transient=True) as bar):
        summary = run_mentions(opened, _Bar(bar), redo=redo)
    err.print(f"{summary.documents} documents searched; {summary.mentions} mentions, "
              f"{summary.entities} entities in the case")


def _row(table: Table, e: EntityRow) -> None:
    table.add_row(str(e.id), e.type, shown(e.name), shown(e.latin), str(e.mentions),
                  str(e.documents), shown(" | ".join(e.aliases[:4])))


@entities_app.command("list")
def list_entities(
    type: Annotated[str | None, typer.Option("--type", help="PER, ORG, LOC, PHONE …")] = None,
    limit: Annotated[int, typer.Option("--limit", help="How many")] = 50,
    case: CaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Entities, most mentioned first."""
    with open_case(case) as opened:
        rows = opened.store.entities(type=type.upper() if type else None, limit=limit)
        counts = opened.store.entity_counts()
    if as_json:
        for e in rows:
            _json_line(e.to_json())
        return
    table = Table("id", "type", "name", "latin", "mentions", "documents", "aliases")
    for e in rows:
        _row(table, e)
    Console().print(table)
    err.print(", ".join(f"{k} {v}" for k, v in counts.items()) or "no entities")


@entities_app.command("show")
def show(entity: Annotated[int, typer.Argument(help="Entity id")], case: CaseOption = None,
         as_json: JsonOption = False) -> None:
    """An entity: names, aliases, dates, its mentions in their sentences, co-mentioned."""
    from kavosh.entities.curate import UnknownEntity
    from kavosh.views.entities import entity_detail

    with open_case(case) as opened:
        detail = entity_detail(opened, entity)
    if detail is None:
        raise UnknownEntity(f"no entity {entity} in this case (kavosh entities list)")
    if as_json:
        _json_line(detail)
        return
    out = Console()
    out.print(f"[bold]{shown(detail['name'])}[/bold] / {shown(detail['latin'])} "
              f"({detail['type']}, {detail['mentions']} mentions in {detail['documents']} "
              f"documents, {detail['first_date'] or '?'} – {detail['last_date'] or '?'})")
    out.print("aliases: " + shown(" | ".join(detail["aliases"])), soft_wrap=True)
    for m in detail["mention_list"]:
        out.print(f"  {m['document']:>5} p{m['page']} {shown(m['path'])}: "
                  f"{shown(m['before'])}[bold]{shown(m['mention'])}[/bold]{shown(m['after'])}",
                  soft_wrap=True)
    for other in detail["co_mentioned"][:10]:
        out.print(f"  with {other['id']} {shown(other['name'] or other['latin'])} "
                  f"({other['shared']} documents)")


def _curate(case: Path | None, action: str, *args: object) -> None:
    """Run one curation function of :mod:`kavosh.entities.curate` under the writer lock and
    say what came of it."""
    from kavosh.entities import curate
    from kavosh.pipeline.run import writing

    with open_case(case) as opened, writing(opened):
        result = getattr(curate, action)(opened.store, *args)
    if result is None:
        err.print(f"{action}: recorded, but it changed nothing now (the aliases named are "
                  "not the entity's, or it would leave it empty)")
        return
    err.print(f"{action}: entity {result.id} {shown(result.name)} / {shown(result.latin)} "
              f"({result.type}, {result.mentions} mentions)")


@entities_app.command("merge")
def merge(into: Annotated[int, typer.Argument(help="The entity that stays")],
          others: Annotated[list[int], typer.Argument(help="Entities merged into it")],
          by: ByOption = None, case: CaseOption = None) -> None:
    """Make several entities one."""
    _curate(case, "merge", into, others, by or current_actor())


@entities_app.command("split")
def split(entity: Annotated[int, typer.Argument(help="Entity id")],
          aliases: Annotated[list[str], typer.Argument(help="The spellings that move out")],
          name: Annotated[str, typer.Option("--name", help="The new entity's name")] = "",
          type: Annotated[str, typer.Option("--type", help="The new entity's type")] = "",
          by: ByOption = None, case: CaseOption = None) -> None:
    """Move the mentions written as ALIAS… out of an entity into a new one."""
    _curate(case, "split", entity, aliases, by or current_actor(), name, type.upper())


@entities_app.command("rename")
def rename(entity: Annotated[int, typer.Argument(help="Entity id")],
           name: Annotated[str, typer.Argument(help="Persian or Latin name")],
           by: ByOption = None, case: CaseOption = None) -> None:
    """Set an entity's Persian name (Arabic script) or its Latin name."""
    _curate(case, "rename", entity, name, by or current_actor())


@entities_app.command("retype")
def retype(entity: Annotated[int, typer.Argument(help="Entity id")],
           type: Annotated[str, typer.Argument(help="PER, ORG, LOC, …")],
           by: ByOption = None, case: CaseOption = None) -> None:
    """Change an entity's type."""
    _curate(case, "retype", entity, type, by or current_actor())


@entities_app.command("add")
def add(type: Annotated[str, typer.Argument(help="PER, ORG, LOC, …")],
        name: Annotated[str, typer.Argument(help="Its name (a code name, a title)")],
        alias: Annotated[list[str] | None, typer.Option(
            "--alias", help="Another name (repeatable)")] = None,
        by: ByOption = None, case: CaseOption = None) -> None:
    """Add an entity people know of; found entities written as one of its names join it."""
    _curate(case, "add", type, name, alias or [], by or current_actor())


@entities_app.command("export")
def export(
    format: Annotated[str, typer.Option("--format", help="ftm or csv")] = "ftm",
    out: Annotated[Path | None, typer.Option("--out", help="File [stdout]")] = None,
    case: CaseOption = None,
) -> None:
    """Entities as FollowTheMoney JSON lines (with documents and mentions) or CSV."""
    from kavosh.export.entities import export_csv, export_ftm

    writers = {"ftm": export_ftm, "csv": export_csv}
    if format not in writers:
        raise UsageError(f"unknown format {format!r}; available: ftm, csv")
    with open_case(case) as opened:
        if out is None:
            count = writers[format](opened, sys.stdout)
        else:
            with out.open("w", encoding="utf-8", newline="") as handle:
                count = writers[format](opened, handle)
    err.print(f"{count} entities exported")
