"""Thin commands over the library: parse flags, call one library function, print the result.

Kavosh's errors (:mod:`kavosh.model.errors`) become one clean line on stderr and an exit
status, in one place (:class:`_Commands`): 2 for usage errors (a bad query or option), 1 for
the rest. Never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Protocol, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress
from rich.table import Table
from rich.text import Text
from typer.core import TyperGroup

from kavosh.case import Case, current_actor, default_case_dir
from kavosh.model.errors import KavoshError, NotFoundError, UsageError
from kavosh.registry import OCR_ENGINES, NotInstalled, Registry
from kavosh.search import QueryError
from kavosh.search.query import syntax_help
from kavosh.store.custody import CustodyAudit, parse_receipt
from kavosh.text.visible import json_escape_controls, visible


class NotCable(NotFoundError):
    """The document asked for is no cable (or no document)."""


USAGE_EXIT = 2  # as click's own usage errors
ERROR_EXIT = 1
err = Console(stderr=True)


class _Commands(TyperGroup):
    """The command group; the one place where Kavosh's errors become messages and exit codes."""

    def invoke(self, ctx: Any) -> Any:  # typer's own click Context, not a public type
        try:
            return super().invoke(ctx)
        except KavoshError as error:
            err.print(f"[red]error:[/red] {shown(error.one_line())}", soft_wrap=True)
            raise typer.Exit(USAGE_EXIT if isinstance(error, UsageError)
                             else ERROR_EXIT) from error


app = typer.Typer(cls=_Commands, no_args_is_help=True, add_completion=False,
                  help="Kavosh: an offline, Persian-first workbench for leaked archives.")
custody_app = typer.Typer(no_args_is_help=True, help="The chain-of-custody log.")
app.add_typer(custody_app, name="custody")
cables_app = typer.Typer(no_args_is_help=True, help="Cables: header fields, threads, gaps.")
app.add_typer(cables_app, name="cables")

CaseOption = Annotated[
    Path | None,
    typer.Option("--case", help="Case folder [default: $KAVOSH_CASE, else ./kavosh-case]"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def _names(registry: Registry) -> str:
    """The names registered for a seam, for a flag's help (which must not fail)."""
    try:
        return " or ".join(registry.names())
    except NotInstalled:
        return "none registered: Kavosh is not installed"


@contextmanager
def open_case(case_dir: Path | None, create: bool = False) -> Iterator[Case]:
    try:
        case = Case.open(case_dir or default_case_dir(), create=create)
    except ValueError as error:  # a bad setting in kavosh.toml
        err.print(f"[red]error:[/red] {shown(str(error))}", soft_wrap=True)
        raise typer.Exit(ERROR_EXIT) from error
    try:
        yield case
    finally:
        case.close()


class _Bar:
    """Adapts the pipeline's progress reports to a rich progress bar (files, rate, ETA)."""

    def __init__(self, progress: RichProgress) -> None:
        self.progress = progress
        self.task: TaskID | None = None

    def phase(self, name: str, total: int | None) -> None:
        if self.task is not None:
            self.progress.update(self.task, visible=True)
        self.task = self.progress.add_task(name, total=total)

    def total(self, total: int) -> None:
        if self.task is not None:
            self.progress.update(self.task, total=total)

    def advance(self, count: int = 1) -> None:
        if self.task is not None:
            self.progress.advance(self.task, count)


class _RateColumn(TextColumn):
    def __init__(self, unit: str = "files") -> None:
        super().__init__("")
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("") if speed is None else Text(f"{speed:,.2f} {self.unit}/s")


def _columns(unit: str) -> tuple[ProgressColumn, ...]:
    return (TextColumn("{task.description:>9}"), BarColumn(), MofNCompleteColumn(),
            _RateColumn(unit), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Files, folders and archives to add (none: run what is pending).")] = None,
    case: CaseOption = None,
    no_ocr: Annotated[bool, typer.Option("--no-ocr", help="Leave scanned pages for later "
                                         "(`kavosh ocr`).")] = False,
    source: Annotated[str | None, typer.Option(
        "--source", help="Label of the one path given, the first segment of every path kept "
        "from it [default: its own name, made unique in the case].")] = None,
) -> None:
    """Put files, folders and archives into a case, then read and index everything pending,
    then OCR the pages that need it."""
    from kavosh.pipeline import ingest as run_ingest

    with open_case(case, create=True) as opened:
        with RichProgress(*_columns("files"), console=err, transient=False) as bar:
            summary = run_ingest(opened, paths or [], _Bar(bar), source=source)
        err.print(
            f"received {summary.received} new files; read {summary.processed} documents "
            f"({summary.failed} failed) in {summary.seconds:.1f} s. "
            f"`kavosh status --case {opened.root}` lists failures."
        )
        if not no_ocr:
            _ocr(opened, None, None, None, False, required=False)


@app.command()
def reindex(case: CaseOption = None) -> None:
    """Rebuild the search index from the database (after an upgrade, or if it was damaged)."""
    from kavosh.pipeline import reindex as run_reindex

    with open_case(case) as opened:
        with RichProgress(*_columns("files"), console=err, transient=False) as bar:
            pages = run_reindex(opened, _Bar(bar))
        err.print(f"search index rebuilt: {pages} pages")


@app.command()
def ocr(
    case: CaseOption = None,
    engine: Annotated[str | None, typer.Option(
        help=f"{_names(OCR_ENGINES)} [default: the case's ocr_engine]")] = None,
    languages: Annotated[str | None, typer.Option(
        help="Engine languages joined by + [default: the case's ocr_languages, fas+ara+eng]",
    )] = None,
    workers: Annotated[int | None, typer.Option(
        help="Pages read at once [default: one per core]", min=1)] = None,
    retry_failed: Annotated[bool, typer.Option(
        "--retry-failed", help="Read again the pages whose OCR failed.")] = False,
    redo: Annotated[bool, typer.Option(
        "--redo", help="Read again the pages read by another engine or languages.")] = False,
) -> None:
    """OCR every page that needs it: images, scanned PDF pages, garbage text layers.

    Resumable: a killed run goes on at the next page; pages already read are skipped."""
    with open_case(case) as opened:
        _ocr(opened, engine, languages, workers, retry_failed, required=True, redo=redo)


def _ocr(opened: Case, engine: str | None, languages: str | None, workers: int | None,
         retry_failed: bool, required: bool, redo: bool = False) -> None:
    """Run the OCR stage with a progress bar. An engine that cannot run is an error for
    ``kavosh ocr`` (``required``) and a warning after ``kavosh ingest``."""
    from kavosh.ocr import OcrUnavailable
    from kavosh.pipeline import OcrOptions, run_ocr

    s = opened.settings
    name = engine or s.ocr_engine
    OCR_ENGINES.check(name)
    options = OcrOptions(
        engine=name, languages=tuple((languages or s.ocr_languages).split("+")),
        workers=workers or s.worker_count, executor=s.executor,
        memory_mb=s.worker_memory_mb, max_image_pixels=s.limits.max_image_pixels,
        retry_failed=retry_failed, redo=redo)
    with RichProgress(*_columns("pages"), console=err, transient=False) as bar:
        try:
            summary = run_ocr(opened, options, _Bar(bar))
        except OcrUnavailable as error:
            if required:
                raise
            err.print(f"[yellow]OCR skipped:[/yellow] {shown(str(error))}; then run "
                      "`kavosh ocr`.",
                      soft_wrap=True)
            return
    if summary.pages or required:
        rate = summary.pages / summary.seconds if summary.seconds else 0.0
        err.print(f"OCR read {summary.pages} pages ({summary.failed} failed) in "
                  f"{summary.seconds:.1f} s ({rate:.2f} pages/s).")
        for document_id, page, reason in summary.failures[:20]:
            err.print(f"  document {document_id} page {page}: {shown(reason)}")


@app.command(epilog="\b\nQuery language:\n" + syntax_help())
def search(
    query: Annotated[str | None, typer.Argument(
        help='Words, "phrases", prefix*, word~, AND, OR, NOT, (…), field:value: see below.')
    ] = None,
    case: CaseOption = None,
    limit: Annotated[int, typer.Option(help="How many documents.")] = 20,
    offset: Annotated[int, typer.Option(help="Skip this many documents.")] = 0,
    as_json: JsonOption = False,
    no_expand: Annotated[list[str] | None, typer.Option(
        "--no-expand", help="Do not search this added spelling (or add none for this word "
        "typed); repeatable. The same as -expand:WORD in the query.")] = None,
    batch: Annotated[Path | None, typer.Option(
        "--batch", help="Search every query of this file (one a line, or a CSV column): a row "
        "per query on stdout with its hit count and documents.")] = None,
    column: Annotated[str | None, typer.Option(
        "--column", help="With --batch: the CSV column holding the queries [name, else the "
        "first].")] = None,
    documents: Annotated[int, typer.Option(
        "--documents", min=0, help="With --batch: documents listed per query.")] = 10,
    sort: Annotated[str, typer.Option(
        help="relevance, date (oldest first), -date (newest first) or path.")] = "relevance",
    where: Annotated[list[str] | None, typer.Option(
        "--where", help="Narrow to a facet value, FACET=VALUE (language, type, year, "
        "jalali_year, folder, from, to, classification, entity); repeatable: any value of a "
        "facet, every facet.")] = None,
    facets: Annotated[bool, typer.Option(
        "--facets", help="Also print the facet counts of the documents matched.")] = False,
    every: Annotated[bool, typer.Option(
        "--all", help="Every matching page of every document, no cap (with --format "
        "jsonl or csv).")] = False,
    output: Annotated[str, typer.Option(
        "--format", help="text; jsonl (one JSON object a line: a document, or with --all a "
        "page); csv (with --all, or --batch, where it is the default).")] = "text",
    semantic: Annotated[bool, typer.Option(
        "--semantic", help="Search by meaning too, across languages (needs `kavosh embed`): "
        "the passages nearest the question, fused with the keyword hits.")] = False,
    meaning_only: Annotated[bool, typer.Option(
        "--meaning-only", help="With --semantic: by meaning alone, no keyword hits.")] = False,
) -> None:
    """Find documents: each listed once, its best page's snippet first and its other
    matching pages counted. With --all, export every hit. With --batch FILE: every query of
    a list, as one job (progress on stderr)."""
    from kavosh.search.query import switch_off
    from kavosh.views.results import export_rows, find_documents, search_documents
    from kavosh.views.search import prepare_query

    if batch is not None:
        from kavosh.cli.searches import run_batch

        run_batch(batch, case, column, "csv" if output == "text" else output, documents)
        return
    if query is None:
        raise UsageError("give a query, or --batch FILE")
    output = "jsonl" if as_json else output
    if output not in ("text", "jsonl", "csv") or (output == "csv" and not every):
        raise UsageError("--format is text, jsonl or (with --all) csv")
    for word in no_expand or []:
        query = switch_off(query, word)
    if semantic or meaning_only:
        _search_by_meaning(case, query, limit, offset, as_json, not meaning_only)
        return
    filters = _facet_options(where or [])
    with open_case(case) as opened:
        prepared = prepare_query(opened, query)
        if prepared.empty:
            raise QueryError('nothing to search for: type words, "a phrase", prefix*, '
                             "name:…, date:…")
        if every:
            matches = find_documents(opened, prepared, sort, filters)
            err.print(f"{matches.total_documents} documents, {matches.total_pages} pages")
            _export(export_rows(opened, matches), output)
            return
        results = search_documents(opened, prepared, limit=limit, offset=offset, sort=sort,
                                   filters=filters)
    for word, spellings in results.expansions.items():
        counted = ", ".join(f"{s} ({results.spelling_hits.get(s, 0)} pages)" for s in spellings)
        err.print(f"also searched: {shown(word)} → {shown(counted)}")
    if results.expansions:
        err.print("switch a spelling off with --no-expand SPELLING (or -expand:SPELLING)")
    for word in results.prepared.as_words:
        err.print(f"searched as a word, not a name: {word} (a common English word typed in "
                  f"lower case; name:{word} searches it as a name)")
    if output == "jsonl":
        for hit in results.hits:
            _json_line(hit.to_json())
        if facets:
            _json_line({"facets": results.to_json()["facets"]})
        return
    _print_results(results, query, facets)


def _facet_options(where: list[str]) -> dict[str, list[str]]:
    """``--where FACET=VALUE`` options as facet → values."""
    filters: dict[str, list[str]] = {}
    for option in where:
        name, sep, value = option.partition("=")
        if not sep or not value:
            raise UsageError(f"--where takes FACET=VALUE, not {option!r}")
        filters.setdefault(name.strip(), []).append(value)
    return filters


def _export(rows: Iterator[Any], output: str) -> None:
    """Every row on stdout as JSON lines or CSV (a header row first)."""
    import csv

    from kavosh.views.results import ExportRow

    if output == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(ExportRow.COLUMNS)
        for row in rows:
            writer.writerow([json_escape_controls(str(v)) for v in row.csv_values()])
        return
    for row in rows:
        _json_line(row.to_json())


def _print_results(results: Any, query: str, facets: bool) -> None:
    matches = results.matches
    out = Console()
    out.print(f"{matches.total_documents} documents ({matches.total_pages} pages) for "
              f"[bold]{shown(query)}[/bold]")
    for hit in results.hits:
        more = ""
        if hit.other_pages:
            listed = ", ".join(str(p.page) for p in hit.other_pages[:10])
            rest = len(hit.other_pages) - 10
            more = f"; {len(hit.match.pages)} pages match, also {listed}" + (
                f" and {rest} more" if rest > 0 else "")
        out.print(f"[cyan]{shown(hit.path)}[/cyan] (document {hit.document_id}, page "
                  f"{hit.page}{more})")
        out.print("   " + _marked(hit.snippet.text, hit.snippet.marks))
    if facets:
        for name, values in matches.facets.items():
            counted = ", ".join(f"{v.value} ({v.count})" for v in values)
            out.print(f"[bold]{name}[/bold]: {shown(counted)}")


def _search_by_meaning(case: Path | None, query: str, limit: int, offset: int, as_json: bool,
                       hybrid: bool) -> None:
    from kavosh.views.semantic import search_by_meaning

    if not query.strip():
        raise QueryError("nothing to search for: type a question or words")
    with open_case(case) as opened:
        results = search_by_meaning(opened, query, limit=limit, offset=offset, hybrid=hybrid)
    if as_json:
        for hit in results.hits:
            _json_line(hit.to_json())
        return
    out = Console()
    out.print(f"{results.total} pages by meaning{' and words' if hybrid else ''} for "
              f"[bold]{shown(query)}[/bold]")
    for hit in results.hits:
        how = getattr(hit, "matched", "meaning")
        out.print(f"[cyan]{shown(hit.path)}[/cyan] (document {hit.document_id}, page "
                  f"{hit.page}; by {how})")
        out.print("   " + _marked(hit.snippet.text, hit.snippet.marks))


@app.command()
def embed(
    case: CaseOption = None,
    workers: Annotated[int | None, typer.Option(
        help="Documents embedded at once [default: one per core]", min=1)] = None,
) -> None:
    """Embed every document's passages for search by meaning (`kavosh search --semantic`).

    Resumable: a killed run goes on where it stopped; documents embedded are skipped. Set
    `semantic = true` in the case's kavosh.toml to embed new documents as they arrive."""
    from kavosh.pipeline import run_embed
    from kavosh.pipeline.run import embed_options

    with open_case(case) as opened:
        options = embed_options(opened)
        if workers:
            options = replace(options, workers=workers)
        with RichProgress(*_columns("docs"), console=err, transient=False) as bar:
            summary = run_embed(opened, options, _Bar(bar))
    err.print(f"embedded {summary.chunks} passages of {summary.documents} documents "
              f"({summary.failed} failed) in {summary.seconds:.1f} s ({summary.rate:.1f} "
              f"passages/s) with {shown(summary.model)}.")
    for document_id, reason in summary.failures[:20]:
        err.print(f"  document {document_id}: {shown(reason)}")


def shown(text: str) -> str:
    """``text`` from a document (a name, a path, a snippet, a reason) as rich markup that
    prints it as it is: controls and bidi controls visible (:func:`kavosh.text.visible`),
    brackets never read as markup, styles or links. Every such string goes through here."""
    return escape(visible(text))


def _json_line(value: object) -> None:
    """One JSON line on stdout: exact, with C1 and bidi controls \\u-escaped like C0 ones."""
    sys.stdout.write(json_escape_controls(json.dumps(value, ensure_ascii=False)) + "\n")


def _marked(text: str, marks: tuple[tuple[int, int], ...]) -> str:
    out, pos = [], 0
    for start, end in marks:
        out += [shown(text[pos:start]), f"[reverse]{shown(text[start:end])}[/reverse]"]
        pos = end
    return "".join([*out, shown(text[pos:])])


@app.command()
def status(case: CaseOption = None, as_json: JsonOption = False) -> None:
    """How many documents are done, pending and failed, and every failure with its reason."""
    from kavosh.views.status import status as case_status

    with open_case(case) as opened:
        result = case_status(opened)
    if as_json:
        _json_line(result.to_json())
        return
    out = Console()
    out.print(f"documents {result.documents}: done {result.done}, pending {result.pending}, "
              f"failed {len(result.failed)}; pages waiting for OCR {result.pages_needing_ocr}")
    stages = Table("stage", "version", "pending", "done", "failed", "stale")
    for stage in result.stages:
        stages.add_row(stage.name, stage.version, *(f"{n:,}" for n in (
            stage.pending, stage.done, stage.failed, stage.stale)))
    out.print(stages)
    if result.failed:
        table = Table("path", "stage", "reason")
        for failure in result.failed:
            table.add_row(shown(failure.path), shown(failure.stage), shown(failure.reason))
        out.print(table)


@app.command()
def export(
    case: CaseOption = None,
    format: Annotated[str, typer.Option("--format", help="Only jsonl for now.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File [stdout].")] = None,
) -> None:
    """Write every document (paths, hashes, metadata, pages' text) as JSON lines."""
    from kavosh.export import export_jsonl

    if format != "jsonl":
        raise UsageError(f"unknown format {format!r}; available: jsonl")
    with open_case(case) as opened:
        if output is None:
            export_jsonl(opened, sys.stdout)
        else:
            with output.open("w", encoding="utf-8") as handle:
                count = export_jsonl(opened, handle)
            err.print(f"wrote {count} documents to {output}")


@app.command()
def serve(
    case: CaseOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8765,
) -> None:
    """Start the web UI and HTTP API for a case."""
    import uvicorn

    from kavosh.api import create_app

    with open_case(case) as opened:
        err.print(f"Kavosh is serving case {opened.root} at http://{host}:{port}/")
        # A non-loopback address is one browsers will use: let the host check accept it.
        hosts = [] if host in ("127.0.0.1", "localhost", "::1") else [host]
        uvicorn.run(create_app(opened, hosts=hosts), host=host, port=port, log_level="warning")


@custody_app.command("verify")
def custody_verify(
    case: CaseOption = None,
    quick: Annotated[bool, typer.Option(
        "--quick", help="Check each original's presence, size and mode without re-hashing it.",
    )] = False,
    receipt: Annotated[str | None, typer.Option(
        help="A receipt SEQ:HASH from `kavosh custody export-head`: the chain must still hold"
             " that record (nothing up to it changed). Checks a case signed on another machine.",
    )] = None,
) -> None:
    """Check the custody log (any edited, removed or reordered record), its signed anchor, the
    text of every page and every document row, and every stored original (re-hashed: any
    changed or missing one is named)."""
    _check_receipt(receipt)
    with (open_case(case) as opened,
          RichProgress(*_columns("files"), console=err, transient=True) as bar):
        report = opened.custody.audit(opened.archive, rehash=not quick, progress=_Bar(bar),
                                      receipt=receipt)
    _custody_report(report)
    if not report.intact:
        raise typer.Exit(1)
    checked = "re-hashed" if report.rehashed else "present, of their size (not re-hashed)"
    Console().print(f"custody log intact: {report.records} records, chain, anchor, text and"
                    f" documents verified; {report.originals} originals {checked}")


@custody_app.command("export-head")
def custody_export_head(case: CaseOption = None) -> None:
    """Print the chain's head as a receipt (SEQ:HASH) to keep outside the case: `custody
    verify --receipt` later proves that nothing up to it was changed or removed."""
    with open_case(case) as opened:
        receipt = opened.custody.receipt()
    if receipt is None:
        raise UsageError("the custody log is empty: nothing to export")
    err.print("Keep this receipt outside the case (a note, an e-mail to yourself, a colleague);"
              " `kavosh custody verify --receipt …` checks the case against it.")
    Console().print(receipt, soft_wrap=True)


@custody_app.command("sign")
def custody_sign(
    case: CaseOption = None,
    receipt: Annotated[str | None, typer.Option(
        help="The receipt of whoever wrote the case last, when it comes from another machine.",
    )] = None,
) -> None:
    """Make this machine vouch for the case as it is: after a full check that finds nothing
    wrong but the anchor's signature (a case from another machine, or made before anchors
    were signed), record the text not yet covered and sign the head with this machine's key."""
    _check_receipt(receipt)
    with (open_case(case) as opened,
          RichProgress(*_columns("files"), console=err, transient=True) as bar):
        report = opened.custody.audit(opened.archive, progress=_Bar(bar), receipt=receipt)
        unsettled = [p for p in report.problems if p not in report.anchor]
        if unsettled:
            report.problems = unsettled
            _custody_report(report)
            err.print("[red]not signed:[/red] the case has problems a signature would hide")
            raise typer.Exit(1)
        added = opened.custody.adopt(current_actor())
        receipt = opened.custody.receipt()
    err.print(f"signed with this machine's key; {added} page layers recorded. Receipt:")
    Console().print(receipt or "", soft_wrap=True)


@cables_app.command("list")
def cables_list(
    case: CaseOption = None,
    newest_first: Annotated[bool, typer.Option("--newest-first",
                                               help="Latest first [oldest first]")] = False,
    sender: Annotated[str | None, typer.Option("--from", help="Sender holds these words")] = None,
    recipient: Annotated[str | None, typer.Option("--to", help="Recipient holds these words")
                         ] = None,
    classification: Annotated[str | None, typer.Option(help="Classification (whole)")] = None,
    limit: Annotated[int, typer.Option("--limit", min=0, help="How many (0: all)")] = 100,
    offset: Annotated[int, typer.Option("--offset", min=0, help="How many to skip")] = 0,
    as_json: JsonOption = False,
) -> None:
    """The case's cables by date, filtered by sender, recipient or classification, a page at
    a time (sorted, filtered and cut in the store); the next page's --offset is printed on
    standard error."""
    from kavosh.views.cables import cable_list

    with open_case(case) as opened:
        page = cable_list(opened, "-date" if newest_first else "date", sender, recipient,
                          classification, limit=limit or None, offset=offset)
    if as_json:
        for row in page.rows:
            _json_line(row.to_json())
    else:
        table = Table("id", "number", "date", "from", "to", "classification", "subject")
        for row in page.rows:
            e = row.entry
            table.add_row(str(e.document_id), *(shown(v or "") for v in (
                e.raw, e.date, e.sender, e.recipient, e.classification, e.subject)))
        Console().print(table)
    if page.next_offset is not None:
        err.print(f"{offset + 1}–{page.next_offset} of {page.total}; "
                  f"more with --offset {page.next_offset}")


V = TypeVar("V", bound="_Json")


class _Json(Protocol):
    def to_json(self) -> dict[str, Any]: ...


def _cable_view(case: Path | None, document: int, make: Callable[[Case, int], V | None],
                as_json: bool) -> V | None:
    """A view of one cable (NotCable when the document is none); printed as one JSON line
    with ``as_json`` (and None returned: nothing left to print)."""
    with open_case(case) as opened:
        view = make(opened, document)
    if view is None:
        raise NotCable(f"document {document} is no cable")
    if as_json:
        _json_line(view.to_json())
        return None
    return view


@cables_app.command("show")
def cables_show(document: Annotated[int, typer.Argument(help="Document id")],
                case: CaseOption = None, as_json: JsonOption = False) -> None:
    """One document's cable header fields and what is to verify about them."""
    from kavosh.views.cables import document_cable

    view = _cable_view(case, document, document_cable, as_json)
    if view is None:
        return
    out = Console()
    for f in view.fields:
        shown_dates = f" ({' / '.join(f.calendars)})" if f.calendars else ""
        out.print(f"{f.name:>14}: {shown(f.raw)}{shown(shown_dates)}  [dim]= {shown(f.value)}, "
                  f"page {f.page}[/dim]")
    for finding in view.findings:
        out.print(f"[yellow]{shown(finding['check'])}:[/yellow] {shown(finding['message'])}")


@cables_app.command("thread")
def cables_thread(document: Annotated[int, typer.Argument(help="Document id")],
                  case: CaseOption = None, as_json: JsonOption = False) -> None:
    """A cable with what it cites and what cites it, in date order; gaps marked."""
    from kavosh.views.cables import thread_view

    view = _cable_view(case, document, thread_view, as_json)
    if view is None:
        return
    table = Table("relation", "id", "number", "date", "from", "subject")
    for row in view.rows:
        if row.gap is not None:
            table.add_row(row.relation, "—", shown(row.gap.raw), "", "",
                          "[red]missing from the case[/red]")
        elif row.row is not None:
            e = row.row.entry
            table.add_row(row.relation, str(e.document_id), *(shown(v or "") for v in (
                e.raw, e.date, e.sender, e.subject)))
    Console().print(table)


@cables_app.command("gaps")
def cables_gaps(case: CaseOption = None, as_json: JsonOption = False) -> None:
    """Cited cables missing from the case, with every cable citing each."""
    from kavosh.views.cables import gap_rows

    with open_case(case) as opened:
        rows = gap_rows(opened)
    if as_json:
        _json_line([row.to_json() for row in rows])
        return
    out = Console()
    out.print(f"{len(rows)} cited cables missing from the case")
    for row in rows:
        citing = ", ".join(f"{shown(c.entry.raw or '')} (document {c.document_id})"
                           for c in row.citing)
        out.print(f"[red]{shown(row.gap.raw)}[/red] cited by {citing}")


@cables_app.command("findings")
def cables_findings(case: CaseOption = None, as_json: JsonOption = False) -> None:
    """Contradictions between cables: one citing a later one, one number, two contents."""
    from kavosh.views.cables import link_findings

    with open_case(case) as opened:
        found = link_findings(opened)
    if as_json:
        _json_line(found)
        return
    for finding in found:
        Console().print(f"[yellow]{shown(finding['check'])}:[/yellow] "
                        f"{shown(finding['message'])} (documents "
                        f"{', '.join(map(str, finding['documents']))})")


def _check_receipt(receipt: str | None) -> None:
    if receipt is not None:
        try:
            parse_receipt(receipt)
        except ValueError as error:
            raise UsageError(str(error)) from error


def _custody_report(report: CustodyAudit) -> None:
    for label, lines in (("[yellow]warning:[/yellow]", report.warnings),
                         ("[red]custody:[/red]", report.problems)):
        for line in lines[:SHOWN]:
            err.print(f"{label} {shown(line)}", soft_wrap=True)
        if len(lines) > SHOWN:
            err.print(f"{label} … and {len(lines) - SHOWN} more")


SHOWN = 50  # problems or warnings printed of each; a case copied without its modes has many


# Registered last: kavosh.cli.verify uses this module's helpers.
from kavosh.cli.verify import verify_app  # noqa: E402

app.add_typer(verify_app, name="verify")
from kavosh.cli.entities import entities_app  # noqa: E402

app.add_typer(entities_app, name="entities")

from kavosh.cli.translate import glossary_app, translate  # noqa: E402

app.command("translate")(translate)
app.add_typer(glossary_app, name="glossary")
from kavosh.cli.relations import graph, relations_app  # noqa: E402

app.add_typer(relations_app, name="relations")
app.command("graph")(graph)
from kavosh.cli.timeline import timeline  # noqa: E402

app.command("timeline")(timeline)

from kavosh.cli.xref import watchlists_app, xref_app  # noqa: E402

app.add_typer(watchlists_app, name="watchlists")
app.add_typer(xref_app, name="xref")


def main() -> None:
    app()
