"""Commands for an investigator's searches (issue 12): a list of names searched at once
(``kavosh search --batch``), saved searches (``kavosh searches save|list|delete``), what is new
to them (``kavosh alerts``) and documents alike (``kavosh similar``). Registered on the app of
:mod:`kavosh.cli.app` when the package loads."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress as RichProgress
from rich.table import Table

from kavosh.cli.app import (
    CaseOption,
    JsonOption,
    _Bar,
    _columns,
    _json_line,
    app,
    err,
    open_case,
    shown,
)
from kavosh.model.errors import NotFoundError, UsageError
from kavosh.store import now

searches_app = typer.Typer(no_args_is_help=True, help="Saved searches (see `kavosh alerts`).")
app.add_typer(searches_app, name="searches")

BATCH_FORMATS = ("csv", "jsonl")


def run_batch(names: Path, case: Path | None, column: str | None, format: str,
              documents: int) -> None:
    """``kavosh search --batch``: every query of the list ``names``, a row each on stdout
    (CSV or JSON lines) as it is done, progress on stderr."""
    from kavosh.views.batch import CSV_COLUMNS, batch_search, read_queries

    if format not in BATCH_FORMATS:
        raise UsageError(f"unknown format {format!r}; available: {', '.join(BATCH_FORMATS)}")
    try:
        text = names.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read the list {names}: {error}") from error
    queries = read_queries(text, csv_column=column, is_csv=names.suffix.lower() == ".csv")
    writer = csv.writer(sys.stdout)
    if format == "csv":
        writer.writerow(CSV_COLUMNS)
    found = empty = failed = 0
    with open_case(case) as opened, RichProgress(*_columns("queries"), console=err,
                                                 transient=False) as bar:
        for row in batch_search(opened, queries, documents, _Bar(bar)):
            if format == "csv":
                writer.writerow(row.csv_cells())
            else:
                _json_line(row.to_json())
            sys.stdout.flush()
            failed += row.error is not None
            found += row.hits > 0
            empty += row.error is None and row.hits == 0
    err.print(f"{len(queries)} queries: {found} with hits, {empty} without, "
              f"{failed} not understood")


@searches_app.command("save")
def searches_save(
    name: Annotated[str, typer.Argument(help="A name for the search.")],
    query: Annotated[str, typer.Argument(help="The query, as `kavosh search` takes it.")],
    filters: Annotated[str, typer.Option(
        help='Filters searched with it, in the query language: "lang:fa date:2014.."')] = "",
    case: CaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Keep a search under a name: documents added later that match it are listed as new
    by `kavosh alerts`. Saving a name again replaces its query."""
    from kavosh.views.alerts import save_search

    with open_case(case) as opened:
        saved = save_search(opened, name, query, filters)
    if as_json:
        _json_line(saved.to_json())
        return
    err.print(f"saved search {shown(saved.name)}: {shown(saved.text)}")


@searches_app.command("list")
def searches_list(case: CaseOption = None, as_json: JsonOption = False) -> None:
    """The saved searches, with when each was last seen."""
    from kavosh.views.alerts import saved_searches

    with open_case(case) as opened:
        found = saved_searches(opened)
    if as_json:
        for saved in found:
            _json_line(saved.to_json())
        return
    table = Table("name", "query", "filters", "last seen")
    for saved in found:
        table.add_row(shown(saved.name), shown(saved.query), shown(saved.filters),
                      saved.seen_at[:19].replace("T", " "))
    Console().print(table)


@searches_app.command("delete")
def searches_delete(name: Annotated[str, typer.Argument(help="The saved search's name.")],
                    case: CaseOption = None) -> None:
    """Forget a saved search."""
    from kavosh.views.alerts import delete_search

    with open_case(case) as opened:
        delete_search(opened, name)
    err.print(f"deleted saved search {shown(name)}")


@app.command()
def alerts(
    case: CaseOption = None,
    name: Annotated[str | None, typer.Option("--search", help="Only this saved search.")] = None,
    seen: Annotated[bool, typer.Option(
        "--seen", help="Then mark them seen: they are not new the next time.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Documents added since each saved search was last seen that match it."""
    from kavosh.views.alerts import alerts as find_alerts
    from kavosh.views.alerts import mark_seen

    with open_case(case) as opened:
        listed_at = now()
        found = find_alerts(opened, name)
        if seen:
            mark_seen(opened, name, listed_at)
    if as_json:
        for alert in found:
            _json_line(alert.to_json())
    else:
        out = Console()
        for alert in found:
            line = f"[bold]{shown(alert.search.name)}[/bold] ({shown(alert.search.text)}): "
            out.print(line + (f"[red]{shown(alert.error)}[/red]" if alert.error
                              else f"{alert.new} new"))
            for doc in alert.documents:
                out.print(f"   [cyan]{shown(doc.path)}[/cyan] (document {doc.document_id}, "
                          f"page {doc.page})")
    if seen:
        err.print(f"marked seen: {len(found)} saved searches")


@app.command()
def similar(
    document: Annotated[int, typer.Argument(help="Document id")],
    case: CaseOption = None,
    limit: Annotated[int, typer.Option(help="How many documents.", min=1, max=100)] = 10,
    as_json: JsonOption = False,
) -> None:
    """Documents alike this one: those sharing its rare words, with the words shared."""
    from kavosh.views.document import find_document
    from kavosh.views.similar import similar_documents

    with open_case(case) as opened:
        if find_document(opened, document) is None:
            raise _NoDocument(f"no document {document} in this case")
        found = similar_documents(opened, document, limit)
    if as_json:
        for item in found:
            _json_line(item.to_json())
        return
    out = Console()
    for item in found:
        out.print(f"{item.score:.2f} [cyan]{shown(item.path)}[/cyan] (document "
                  f"{item.document_id}): {shown(' '.join(item.shared))}")


class _NoDocument(NotFoundError):
    """The document asked for is not in the case."""
