"""``kavosh translate`` and ``kavosh glossary``: machine drafts, and the case's glossary.

    kavosh translate [--case DIR] [--engine NAME] [--model PATH] [--endpoint URL]
                     [--allow-remote] [--query TEXT] [DOC …] [--json]
    kavosh glossary list|add TERM ENGLISH [--note TEXT]|names [--add]|remove TERM
                    [--case DIR] [--json]

Registered on the main app by :mod:`kavosh.cli.app`; the helpers are that module's.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress as RichProgress

from kavosh.case import current_actor
from kavosh.cli.app import CaseOption, JsonOption, _Bar, _columns, _json_line, err, open_case, shown


def translate(
    documents: Annotated[list[int] | None, typer.Argument(
        metavar="[DOC]...", help="Document ids [every document not yet translated]")] = None,
    engine: Annotated[str | None, typer.Option(
        "--engine", help="null, ctranslate2, argos, http or openai [the case's translator]")
    ] = None,
    model: Annotated[str | None, typer.Option(
        "--model", help="The CTranslate2 model folder or .argosmodel file")] = None,
    endpoint: Annotated[str | None, typer.Option(
        "--endpoint", help="The translation server's URL (http, openai)")] = None,
    allow_remote: Annotated[bool, typer.Option(
        "--allow-remote", help="Let a remote engine receive the documents' text")] = False,
    query: Annotated[str | None, typer.Option(
        "--query", help="Only the documents this search finds (the query language)")] = None,
    case: CaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Cut documents into sentences and draft their English with an engine (resumable: what
    was drafted is kept; run again to go on). With the null engine only the sentences are
    made, for people to translate on the side-by-side page. Then index again the documents
    whose translations changed (drafts, and versions saved on the web page since)."""
    from kavosh.pipeline.run import writing
    from kavosh.pipeline.translate import (
        case_translator,
        index_translations,
        translate_documents,
    )

    with open_case(case) as opened:
        translator = case_translator(opened, engine, model, endpoint, allow_remote)
        ids = list(documents or ())
        if query is not None:
            from kavosh.views.results import find_documents

            found = [m.info.id for m in find_documents(opened, query).documents]
            ids = [i for i in ids if i in set(found)] if ids else found
            if not ids:
                err.print("the query finds no document: nothing to translate")
                return
        err.print(f"translating with {translator.name} {shown(translator.version)}: text goes "
                  f"to {shown(translator.where)}")
        with writing(opened), RichProgress(*_columns("documents"), console=err,
                                           transient=True) as bar:
            run = translate_documents(opened, translator, ids, _Bar(bar))
            index_translations(opened, _Bar(bar))  # English words find them
        progress = opened.store.translation_progress()
    speed = f", {run.characters / run.seconds:,.0f} characters/s" if run.characters else ""
    err.print(f"{run.documents} documents, {run.pages} pages cut, {run.drafts} sentences "
              f"drafted in {run.seconds:.1f} s{speed}; {len(run.skipped)} already in English")
    if as_json:
        _json_line({"engine": translator.name, "version": translator.version,
                    "documents": run.documents, "pages": run.pages, "drafts": run.drafts,
                    "skipped": run.skipped, "progress": progress.to_json()})
    else:
        Console().print(f"case: {progress.sentences} sentences in {progress.documents} "
                        f"documents, {progress.drafted} with a translation, {progress.edited} "
                        f"edited, {progress.checked} checked")


glossary_app = typer.Typer(no_args_is_help=True,
                           help="The case's glossary: canonical English for terms and names.")


@glossary_app.command("list")
def glossary_list(
    starter: Annotated[bool, typer.Option(
        "--starter", help="Also list the starter glossary shipped with Kavosh")] = False,
    case: CaseOption = None, as_json: JsonOption = False,
) -> None:
    """The case's entries (and the starter glossary's, with --starter)."""
    from kavosh.translate.glossary import starter_entries

    with open_case(case) as opened:
        rows = [(r.source, r.target, "case", r.actor) for r in opened.store.glossary_rows()]
    if starter:
        rows += [(e.source, "|".join(e.forms), "starter", "") for e in starter_entries()]
    out = Console()
    for source, target, origin, actor in rows:
        if as_json:
            _json_line({"term": source, "english": target, "origin": origin, "by": actor})
        else:
            out.print(f"{shown(source)} → {shown(target)} [dim]{origin}[/dim]", soft_wrap=True)


@glossary_app.command("add")
def glossary_add(
    term: Annotated[str, typer.Argument(help="The term as written in the documents")],
    english: Annotated[str, typer.Argument(
        help="Its canonical English, then other accepted renderings after |")],
    note: Annotated[str, typer.Option("--note", help="Why, or a source")] = "",
    by: Annotated[str | None, typer.Option("--by", help="Who [$KAVOSH_USER]")] = None,
    case: CaseOption = None,
) -> None:
    """Add an entry (or replace the case's entry for the term)."""
    from kavosh.translate.glossary import parse_entry

    entry = parse_entry(term, english, "case")
    with open_case(case) as opened:
        opened.store.put_glossary_row(entry.source, "|".join(entry.forms), note,
                                      by or current_actor())
    err.print(f"{shown(entry.source)} → {shown(entry.target)}")


@glossary_app.command("names")
def glossary_names(
    add: Annotated[bool, typer.Option(
        "--add", help="Add the proposals to the case's glossary")] = False,
    min_count: Annotated[int, typer.Option(
        "--min-count", help="Only names seen at least this many times")] = 1,
    case: CaseOption = None, as_json: JsonOption = False,
) -> None:
    """Names of people in the translated documents that the glossary lacks, each with its
    Latin transliteration as the proposed English (run kavosh translate first)."""
    from kavosh.pipeline.translate import name_proposals

    with open_case(case) as opened:
        proposals = [p for p in name_proposals(opened) if p.count >= min_count]
        if add:
            actor = current_actor()
            for proposal in proposals:
                opened.store.put_glossary_row(proposal.source, proposal.english,
                                              "proposed by kavosh glossary names", actor)
    out = Console()
    for proposal in proposals:
        if as_json:
            _json_line({"term": proposal.source, "english": proposal.english,
                        "count": proposal.count, "added": add})
        else:
            out.print(f"{proposal.count:>5} {shown(proposal.source)} → "
                      f"{shown(proposal.english)}", soft_wrap=True)
    if add:
        err.print(f"{len(proposals)} names added to the case's glossary")


@glossary_app.command("remove")
def glossary_remove(term: Annotated[str, typer.Argument(help="The term")],
                    case: CaseOption = None) -> None:
    """Remove the case's entry for the term."""
    with open_case(case) as opened:
        removed = opened.store.delete_glossary_row(term.strip())
    err.print("removed" if removed else f"no case entry for {shown(term)}")
