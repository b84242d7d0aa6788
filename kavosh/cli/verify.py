"""``kavosh verify``: run the verification checks, show the report, set a document's status.

    kavosh verify [--case DIR] [--check NAME …] [--redo] [--json]
    kavosh verify status DOC [STATUS --note TEXT --evidence LINK … --by NAME] [--json]
    kavosh verify report [--case DIR] [--json] [--format html|json --out FILE]
    kavosh verify dossier DOC [--case DIR] [--format html|json] [--out FILE]
    kavosh verify people load FILE | list [--case DIR] [--json]

Registered on the main app by :mod:`kavosh.cli.app`; the helpers (case opening, safe
printing, JSON lines, progress bars) are that module's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress as RichProgress
from rich.table import Table

from kavosh.case import current_actor
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

verify_app = typer.Typer(no_args_is_help=False, invoke_without_command=True,
                         help="Verification: automated checks, findings, people's statuses.")
SEVERITY_STYLE = {"info": "dim", "warning": "yellow", "problem": "red"}


@verify_app.callback()
def verify(
    ctx: typer.Context,
    case: CaseOption = None,
    check: Annotated[list[str] | None, typer.Option(
        "--check", help="Run only this check (repeatable) [all]")] = None,
    redo: Annotated[bool, typer.Option(
        "--redo", help="Check every document again, not only new ones")] = False,
    as_json: JsonOption = False,
) -> None:
    """Run every check over the case (only documents not yet checked by each check's
    version), then print the findings: one JSON object a line with --json."""
    if ctx.invoked_subcommand is not None:
        return
    from kavosh.pipeline.run import writing
    from kavosh.verify import check_by_name, run_checks

    try:
        checks = check_by_name(check)
    except KeyError as error:
        raise UsageError(f"unknown check {error}") from None
    with (open_case(case) as opened,
          RichProgress(*_columns("documents"), console=err, transient=True) as bar):
        with writing(opened):  # not while an ingest is deriving what the checks read
            run = run_checks(opened.store, checks, progress=_Bar(bar), redo=redo)
        names = {c.name for c in checks}
        found = [f for f in opened.store.findings() if f.check in names]
    if as_json:
        for finding in found:
            _json_line(finding.to_json())
    else:
        out = Console()
        for finding in found:
            style = SEVERITY_STYLE.get(finding.severity, "")
            out.print(f"[{style}]{finding.severity:>7}[/{style}] {finding.document_id:>6} "
                      f"{shown(finding.check)}: {shown(finding.message)}  "
                      f"[dim]{shown(finding.path or '')}[/dim]", soft_wrap=True)
    summary = ", ".join(f"{r.name} {r.checked} new" for r in run.checks if r.checked)
    err.print(f"{len(found)} findings on {run.documents} documents in {run.seconds:.1f} s"
              f"{'; ' + summary if summary else ' (nothing new to check)'}")


@verify_app.command("status")
def verify_status(
    document: Annotated[int, typer.Argument(help="Document id")],
    new_status: Annotated[str | None, typer.Argument(
        metavar="STATUS",
        help="unreviewed, consistent, questions, corroborated or doubtful [show]")] = None,
    note: Annotated[str, typer.Option("--note", help="Why: what was checked, with whom")] = "",
    evidence: Annotated[list[str] | None, typer.Option(
        "--evidence", help="A link to evidence (URL, document id, file; repeatable)")] = None,
    by: Annotated[str | None, typer.Option(
        "--by", help="Who judges [$KAVOSH_USER, else the system user]")] = None,
    case: CaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show a document's verification status with its history, or set it (a person's
    judgement: checks never set it)."""
    from kavosh.verify import current_status, set_status, status_history

    with open_case(case) as opened:
        if new_status is not None:
            set_status(opened.store, document, new_status, note, evidence or [],
                       by or current_actor())
        history = status_history(opened.store, document)
    if as_json:
        _json_line({"document_id": document, "status": current_status(history),
                    "history": [h.to_json() for h in history]})
        return
    out = Console()
    out.print(f"document {document}: [bold]{current_status(history)}[/bold]")
    for record in history:
        links = f" — evidence: {', '.join(record.evidence)}" if record.evidence else ""
        out.print(f"  {record.at[:19]} {shown(record.actor)}: {record.status}"
                  f"{' — ' + shown(record.note) if record.note else ''}{shown(links)}",
                  soft_wrap=True)


FormatOption = Annotated[str | None, typer.Option(
    "--format", help="html or json [from --out's extension]")]
OutOption = Annotated[Path | None, typer.Option("--out", help="Write the export to this file")]


def _export_format(fmt: str | None, out: Path | None) -> str:
    chosen = (fmt or (out.suffix.lstrip(".") if out else "") or "html").lower()
    chosen = {"htm": "html"}.get(chosen, chosen)
    if chosen not in ("html", "json"):
        raise UsageError(f"unknown format {chosen!r}: html or json")
    return chosen


def _write_export(text: str, out: Path | None) -> None:
    if out is None:
        typer.echo(text)
        return
    out.write_text(text, encoding="utf-8")
    err.print(f"written: {out}")


@verify_app.command("report")
def verify_report(case: CaseOption = None, as_json: JsonOption = False,
                  fmt: FormatOption = None, out: OutOption = None) -> None:
    """The archive report: checks with their versions, findings by severity, coverage,
    serial series with their holes, status counts. With --format or --out: the export, with
    every finding (a self-contained HTML file, or JSON)."""
    from kavosh.verify import archive_report

    if fmt is not None or out is not None:
        import json

        from kavosh.api.verify_export import report_html
        from kavosh.verify.dossier import report_export

        chosen = _export_format(fmt, out)
        with open_case(case) as opened:
            text = (report_html(opened.store) if chosen == "html" else json.dumps(
                report_export(opened.store), ensure_ascii=False, indent=1))
        _write_export(text, out)
        return
    with open_case(case) as opened:
        report = archive_report(opened.store)
    if as_json:
        _json_line(report)
        return
    table = Table("check", "version", "documents", "info", "warning", "problem")
    for row in report["checks"]:
        counts = row["findings"]
        table.add_row(row["check"], row["version"], str(row["documents"]),
                      *(str(counts[s]) for s in ("info", "warning", "problem")))
    console = Console()
    console.print(table)
    console.print("statuses: " + ", ".join(f"{k} {v}" for k, v in report["statuses"].items()))


@verify_app.command("dossier")
def verify_dossier(
    document: Annotated[int, typer.Argument(help="Document id")],
    case: CaseOption = None, fmt: FormatOption = None, out: OutOption = None,
) -> None:
    """A document's dossier for editors: identity (hashes, custody, paths), cable fields,
    findings with evidence, status history, near-duplicates (HTML or JSON)."""
    import json

    from kavosh.api.verify_export import dossier_html
    from kavosh.verify.dossier import dossier

    chosen = _export_format(fmt, out)
    with open_case(case) as opened:
        text = (dossier_html(opened.store, document) if chosen == "html" else json.dumps(
            dossier(opened.store, document), ensure_ascii=False, indent=1))
    _write_export(text, out)


people_app = typer.Typer(no_args_is_help=True,
                         help="The people table (person × position × start/end) of the titles "
                              "check.")
verify_app.add_typer(people_app, name="people")


@people_app.command("load")
def people_load(
    file: Annotated[Path, typer.Argument(help="CSV: person,position,start,end,aliases,titles")],
    case: CaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Replace the case's people table with a CSV (every row must be good); the titles check
    then reads every document again on its next run."""
    from kavosh.verify.people import load_people

    with open_case(case) as opened:
        rows = load_people(opened.store, file)
    if as_json:
        _json_line({"loaded": len(rows), "file": str(file)})
    else:
        err.print(f"{len(rows)} positions of {len({r.person for r in rows})} people loaded; "
                  "run `kavosh verify` to check titles")


@people_app.command("list")
def people_list(case: CaseOption = None, as_json: JsonOption = False) -> None:
    """The case's people table."""
    with open_case(case) as opened:
        rows = opened.store.people()
    if as_json:
        for row in rows:
            _json_line(row.to_json())
        return
    table = Table("person", "position", "from", "to", "other spellings")
    for row in rows:
        table.add_row(shown(row.person), shown(row.position), row.start, row.end,
                      shown("; ".join([*row.aliases, *row.spellings[1:]])))
    Console().print(table)
