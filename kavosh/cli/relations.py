"""``kavosh relations`` and ``kavosh graph``: who is tied to whom, with the evidence.

    kavosh relations list [--type T…] [--entity ID] [--min-confidence C] [--since D]
                          [--until D] [--rejected] [--evidence N] [--limit N] [--json]
    kavosh relations confirm|reject|add SOURCE TARGET TYPE [--note TEXT] [--by WHO]
    kavosh graph [--format gexf|graphml|csv|ftm] [--out FILE] [filters as above]

SOURCE and TARGET are entity ids (``kavosh entities list``) or ``station:NAME``. Decisions
record who (``--by``, else ``$KAVOSH_USER``) and when, name the entities by key, and are
applied whenever the graph is read: they survive re-runs and ``--redo``. Dates are
``YYYY-MM-DD``, Gregorian or Jalali (a year before 1700). Relations are found at ingest
(the ``relations`` stage after ``entities``); ``kavosh entities`` finds what is pending.
Registered on the main app by :mod:`kavosh.cli.app`, whose helpers it uses.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from kavosh.case import current_actor
from kavosh.cli.app import CaseOption, JsonOption, _json_line, err, open_case, shown
from kavosh.entities.graph import STATION, Graph, build_graph, decide, iso, parse_day
from kavosh.model.errors import UsageError

relations_app = typer.Typer(no_args_is_help=True,
                            help="Relations between entities, with their evidence.")
TypeOption = Annotated[list[str] | None, typer.Option(
    "--type", help="Relation type (repeatable): met_with, paid, recruited, co_occurrence …")]
EntityOption = Annotated[int | None, typer.Option("--entity", help="Around this entity")]
MinOption = Annotated[float, typer.Option("--min-confidence", help="0 to 1")]
SinceOption = Annotated[str | None, typer.Option("--since", help="From this day")]
UntilOption = Annotated[str | None, typer.Option("--until", help="To this day")]
ByOption = Annotated[str | None, typer.Option(
    "--by", help="Who decides [$KAVOSH_USER, else the system user]")]
NoteOption = Annotated[str, typer.Option("--note", help="Why (kept with the decision)")]
SourceArg = Annotated[str, typer.Argument(help="Entity id (or station:NAME)")]
TargetArg = Annotated[str, typer.Argument(help="Entity id (or station:NAME)")]
TypeArg = Annotated[str, typer.Argument(help="met_with, paid, recruited, member_of …")]


def _graph(case: Path | None, types: list[str] | None, entity: int | None,
           min_confidence: float, since: str | None, until: str | None,
           rejected: bool = False, all_entities: bool = False) -> Graph:
    with open_case(case) as opened:
        return build_graph(opened.store, types=types or None, since=parse_day(since),
                           until=parse_day(until), min_confidence=min_confidence,
                           entity=entity, rejected=rejected, all_entities=all_entities)


@relations_app.command("list")
def list_relations(
    type: TypeOption = None,
    entity: EntityOption = None,
    min_confidence: MinOption = 0.0,
    since: SinceOption = None,
    until: UntilOption = None,
    rejected: Annotated[bool, typer.Option("--rejected", help="Show rejected ones too")] = False,
    evidence: Annotated[int, typer.Option("--evidence", help="Sentences shown each")] = 3,
    limit: Annotated[int, typer.Option("--limit", help="How many")] = 50,
    case: CaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Relations, most confident first, with their evidence sentences."""
    graph = _graph(case, type, entity, min_confidence, since, until, rejected)
    edges = graph.edges[:limit]
    if as_json:
        for e in edges:
            _json_line({**e.to_json(evidence=evidence),
                        "source_name": graph.nodes[e.source].label,
                        "target_name": graph.nodes[e.target].label})
        return
    out = Console()
    table = Table("source", "relation", "target", "weight", "confidence", "dates", "status")
    for e in edges:
        dates = " – ".join(dict.fromkeys(x for x in (iso(e.first_day), iso(e.last_day)) if x))
        table.add_row(_name(graph, e.source), e.type, _name(graph, e.target), str(e.weight),
                      f"{e.confidence:.2f}", dates, e.status)
    out.print(table)
    if evidence:
        for e in edges:
            for ev in e.evidence[:evidence]:
                out.print(f"  {e.source} {e.type} {e.target}: doc {ev.document_id} "
                          f"p{ev.page}: {shown(ev.sentence)}", soft_wrap=True)
    err.print(f"{len(graph.edges)} relations")


def _name(graph: Graph, node: str) -> str:
    """An entity as ``id name``; a station by its name (its id is ``station:NAME``)."""
    label = shown(graph.nodes[node].label)
    return label if node.startswith(STATION) else f"{node} {label}"


def _decide(case: Path | None, action: str, source: str, target: str, type: str,
            note: str, by: str | None) -> None:
    from kavosh.pipeline.run import writing

    with open_case(case) as opened, writing(opened):
        decision = decide(opened.store, action, source, target, type, by or current_actor(),
                          note)
    err.print(f"{action}: {source} {type} {target} recorded by {decision.actor} "
              f"at {decision.at}")


@relations_app.command("confirm")
def confirm(source: SourceArg, target: TargetArg, type: TypeArg, note: NoteOption = "",
            by: ByOption = None, case: CaseOption = None) -> None:
    """Confirm a relation found (its confidence becomes 1)."""
    _decide(case, "confirm", source, target, type, note, by)


@relations_app.command("reject")
def reject(source: SourceArg, target: TargetArg, type: TypeArg, note: NoteOption = "",
           by: ByOption = None, case: CaseOption = None) -> None:
    """Reject a relation found: it is no longer shown or exported."""
    _decide(case, "reject", source, target, type, note, by)


@relations_app.command("add")
def add(source: SourceArg, target: TargetArg, type: TypeArg, note: NoteOption = "",
        by: ByOption = None, case: CaseOption = None) -> None:
    """Add a relation people know of (the note is its evidence)."""
    _decide(case, "add", source, target, type, note, by)


def graph(
    format: Annotated[str, typer.Option("--format", help="gexf, graphml, csv or ftm")] = "gexf",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="File [stdout]")] = None,
    type: TypeOption = None,
    entity: EntityOption = None,
    min_confidence: MinOption = 0.0,
    since: SinceOption = None,
    until: UntilOption = None,
    case: CaseOption = None,
) -> None:
    """Write the case's graph: entities as nodes, relations as edges (Gephi: GEXF, GraphML)."""
    from kavosh.export.graph import FORMATS, write_graph

    if format not in FORMATS:
        raise UsageError(f"unknown format {format!r}; available: {', '.join(FORMATS)}")
    whole = type is None and entity is None
    found = _graph(case, type, entity, min_confidence, since, until, all_entities=whole)
    if out is None:
        count = write_graph(found, sys.stdout, format)
    else:
        with out.open("w", encoding="utf-8", newline="") as handle:
            count = write_graph(found, handle, format)
    err.print(f"{len(found.nodes)} nodes, {count} edges written")
