"""``kavosh watchlists`` and ``kavosh xref``: load watchlists into a case and find their
names in the archive.

    kavosh watchlists load FILE --name NAME [--format csv|ftm|sdn] [--separator ;] [--case DIR]
    kavosh watchlists list [--case DIR] [--json]
    kavosh xref [--case DIR] [--list NAME …] [--min-score 0.85] [--json]

Registered on the main app by :mod:`kavosh.cli.app`; the helpers are that module's.
"""

from __future__ import annotations

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
    err,
    open_case,
    shown,
)
from kavosh.model.errors import UsageError

watchlists_app = typer.Typer(no_args_is_help=True,
                             help="Watchlists (sanctions lists…) loaded into the case.")
xref_app = typer.Typer(no_args_is_help=False, invoke_without_command=True,
                       help="Find the names of the case's watchlists in the archive.")


@watchlists_app.command("load")
def watchlists_load(
    file: Annotated[Path, typer.Argument(help="The list: a CSV, FtM JSON lines, or the SDN "
                                              "folder", exists=True)],
    name: Annotated[str, typer.Option("--name", help="Its name in the case")],
    format: Annotated[str | None, typer.Option(
        "--format", help="csv, ftm or sdn [guessed from the file name]")] = None,
    separator: Annotated[str, typer.Option(
        "--separator", help="Splits several aliases in one CSV cell")] = ";",
    case: CaseOption = None,
) -> None:
    """Load (or reload) a watchlist; loading the same entries again changes nothing."""
    from kavosh.entities.watchlists import guess_format, read_watchlist

    entries = read_watchlist(file, format, separator)
    if not entries:
        raise UsageError(f"{file}: no entries with a name")
    with open_case(case) as opened:
        stored, changed = opened.store.put_watchlist(name, format or guess_format(file),
                                                     str(file), entries)
    aliases = sum(len(e.aliases) for e in entries)
    err.print(f"{shown(name)}: {stored.entries} entries, {aliases} aliases "
              f"(version {stored.version}){'' if changed else ' — unchanged'}")


@watchlists_app.command("list")
def watchlists_list(case: CaseOption = None, as_json: JsonOption = False) -> None:
    """The case's watchlists, with how far the cross-reference has come."""
    with open_case(case) as opened:
        lists = opened.store.watchlists()
        counts = opened.store.xref_counts()
    if as_json:
        for w in lists:
            units, matches = counts.get(w.id, (0, 0))
            _json_line({**w.to_json(), "units_compared": units, "matches": matches})
        return
    table = Table("name", "entries", "format", "version", "loaded", "pages compared", "matches")
    for w in lists:
        units, matches = counts.get(w.id, (0, 0))
        table.add_row(shown(w.name), str(w.entries), w.format, w.version, w.loaded_at[:19],
                      str(units), str(matches))
    Console().print(table)


@xref_app.callback()
def xref(
    ctx: typer.Context,
    case: CaseOption = None,
    lists: Annotated[list[str] | None, typer.Option(
        "--list", help="Cross-reference only this list (repeatable) [all]")] = None,
    min_score: Annotated[float | None, typer.Option(
        "--min-score", help="The score a match needs, 0–1 [0.85]", min=0.0, max=1.0)] = None,
    as_json: JsonOption = False,
) -> None:
    """Compare the archive's mentions with each watchlist (only pages not yet compared
    against the list's version), then print the matches: one JSON object a line with
    --json."""
    if ctx.invoked_subcommand is not None:
        return
    from kavosh.entities.xref import MIN_SCORE
    from kavosh.entities.xref_run import PageMentionSource, StoredMentionSource, run_xref

    min_score = MIN_SCORE if min_score is None else min_score
    with open_case(case) as opened:
        known = {w.name: w for w in opened.store.watchlists()}
        unknown = [n for n in lists or [] if n not in known]
        if unknown or not known:
            raise UsageError(f"no watchlist {', '.join(unknown)} in the case; load one with "
                             "`kavosh watchlists load FILE --name NAME`" if unknown else
                             "no watchlist in the case; load one with "
                             "`kavosh watchlists load FILE --name NAME`")
        chosen = [known[n] for n in lists] if lists else list(known.values())
        # the mentions stored at ingest; a case made before they were stored finds them now
        source = (StoredMentionSource(opened.store) if opened.store.count_mentions()
                  else PageMentionSource(opened.store))
        found = []
        for watchlist in chosen:
            with RichProgress(*_columns("pages"), console=err, transient=True) as bar:
                run = run_xref(opened.store, watchlist, source, _Bar(bar), min_score)
            err.print(f"{shown(watchlist.name)}: {run.compared} pages compared "
                      f"({run.skipped} done before), {run.mentions} mentions, "
                      f"{run.matches} new matches in {run.seconds:.1f} s"
                      + (f"; {run.unindexed} listed names made only of common parts are "
                         "never matched" if run.unindexed else ""))
            found += opened.store.xref_matches(watchlist.id, min_score)
    if as_json:
        for match in found:
            _json_line(match.to_json())
        return
    out = Console()
    for m in found:
        entry = m.entry.name if m.entry else str(m.entry_id)
        out.print(f"{m.score:.2f} {shown(m.list_name)}: {shown(entry)} ← {shown(m.mention)}"
                  f" [dim](document {m.document_id}, page {m.page})[/dim]\n"
                  f"     {shown(m.sentence)}", soft_wrap=True)
