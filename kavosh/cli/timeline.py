"""``kavosh timeline``: dated cables and dated relations in day order (issue 14).

    kavosh timeline --case DIR [--entity ID] [--station TEXT] [--classification TEXT]
                    [--from DAY] [--to DAY] [--kind cable|met_with|paid …]
                    [--min-confidence C] [--format text|json|csv]

Days are ``YYYY-MM-DD``, Gregorian or Jalali (a year before 1700). ``json`` writes one event
a line (:meth:`kavosh.views.events.Event.to_json`); ``csv`` one row an event, its evidence
sentences joined. Registered on the main app by :mod:`kavosh.cli.app`, whose helpers it uses.
"""

from __future__ import annotations

import csv
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from kavosh.cli.app import CaseOption, _json_line, err, open_case, shown
from kavosh.entities.graph import parse_day
from kavosh.model.errors import UsageError
from kavosh.text import visible
from kavosh.views.events import KINDS, Event, EventFilters, events

FORMATS = ("text", "json", "csv")
CSV_COLUMNS = ("date", "jalali", "kind", "label", "entities", "station", "classification",
               "documents", "confidence", "evidence")


def timeline(
    entity: Annotated[int | None, typer.Option("--entity", help="Events of this entity")] = None,
    station: Annotated[str | None, typer.Option(
        "--station", help="Cables sent by this station (words of the sender)")] = None,
    classification: Annotated[str | None, typer.Option(
        "--classification", help="Cables of this classification (whole)")] = None,
    since: Annotated[str | None, typer.Option("--from", help="From this day")] = None,
    until: Annotated[str | None, typer.Option("--to", help="To this day")] = None,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", help="Event kind (repeatable): cable, met_with, paid, recruited …")] = None,
    min_confidence: Annotated[float, typer.Option("--min-confidence", help="0 to 1")] = 0.0,
    format: Annotated[str, typer.Option("--format", help="text, json or csv")] = "text",
    case: CaseOption = None,
) -> None:
    """Dated cables and relations on one axis, in day order (Jalali and Gregorian)."""
    if format not in FORMATS:
        raise UsageError(f"unknown format {format!r}; available: {', '.join(FORMATS)}")
    unknown = sorted(set(kind or ()) - set(KINDS))
    if unknown:
        raise UsageError(f"unknown kind {unknown[0]!r}; one of {', '.join(KINDS)}")
    filters = EventFilters(parse_day(since), parse_day(until), entity, station,
                           classification, frozenset(kind or ()), min_confidence)
    with open_case(case) as opened:
        found = events(opened, filters)
    if format == "json":
        for event in found:
            _json_line(event.to_json())
    elif format == "csv":
        _write_csv(found)
    else:
        _print(found)
    err.print(f"{len(found)} events")


def _names(event: Event) -> str:
    return "، ".join(e.name for e in event.entities)


def _write_csv(found: list[Event]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in found:
        writer.writerow([e.date, e.jalali, e.kind, visible(e.label), visible(_names(e)),
                         visible("; ".join(e.stations)), visible("; ".join(e.classifications)),
                         " ".join(str(d) for d in e.documents), f"{e.confidence:.2f}",
                         visible(" | ".join(ev.sentence for ev in e.evidence))])


def _print(found: list[Event]) -> None:
    table = Table("date", "jalali", "kind", "event", "entities", "documents")
    for e in found:
        table.add_row(e.date, e.jalali, e.kind, shown(e.label), shown(_names(e)),
                      " ".join(str(d) for d in e.documents))
    Console().print(table)
