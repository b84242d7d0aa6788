"""The unit of work sent to an executor: read one stored original, return what it holds.

``extract`` is a plain, picklable function of a :class:`Job`, so it runs the same inline, in a
process pool or on another machine. It writes only to the archive (content-addressed, safe to
share) and its own scratch folder, which it removes; the database is the caller's.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import shutil
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from kavosh.archive import BlobStore
from kavosh.ingest.base import Child, IngestContext, IngestError, IngestResult, Limits
from kavosh.ingest.registry import ingest_file
from kavosh.model import PageText
from kavosh.text import (
    find_dates,
    index_text,
    language_direction,
    paragraph_languages,
    paragraph_spans,
)
from kavosh.text.names import name_key


@dataclass(frozen=True, slots=True)
class Job:
    document_id: int
    sha256: str
    name: str
    depth: int
    archive_root: str
    tmp_root: str
    limits: Limits


@dataclass(slots=True)
class Outcome:
    document_id: int
    result: IngestResult | None = None
    reason: str | None = None  # set when the document failed
    children: list[Child] = field(default_factory=list)
    index_texts: list[str] = field(default_factory=list)  # one per page, for the search index
    dates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (page, date record)
    vocabulary: list[tuple[str, str]] = field(default_factory=list)  # (token, name key)
    # (page, idx, start, end, language, direction) of every paragraph
    paragraphs: list[tuple[int, int, int, int, str, str]] = field(default_factory=list)


def extract(job: Job) -> Outcome:
    archive = BlobStore(Path(job.archive_root))
    workdir = Path(job.tmp_root) / f"doc-{job.document_id}"
    # Created by the ingestors that need scratch space (most do not); removed afterwards.
    shutil.rmtree(workdir, ignore_errors=True)
    ctx = IngestContext(archive=archive, workdir=workdir, limits=job.limits, depth=job.depth)
    try:
        result = ingest_file(archive.path(job.sha256), job.name, ctx)
    except IngestError as error:
        return Outcome(job.document_id, reason=error.reason, children=list(ctx.children))
    finally:
        if workdir.exists():
            shutil.rmtree(workdir, ignore_errors=True)
    children = list(ctx.children) + [c for c in result.children if c not in ctx.children]
    texts = [index_text(page.text) for page in result.pages]
    dates = page_dates(result.pages)
    paragraphs = page_paragraphs(result.pages)
    if result.language is None:
        result.language = _main_language(paragraphs)
    return Outcome(job.document_id, result=result, children=children, index_texts=texts,
                   dates=dates, paragraphs=paragraphs, vocabulary=vocabulary(texts))


_NAME_TOKEN = re.compile(r"^[^\W\d_]{3,40}$")


@lru_cache(maxsize=200_000)
def _key(token: str) -> str:
    return name_key(token)


def vocabulary(index_texts: list[str]) -> list[tuple[str, str]]:
    """``(token, name key)`` for the distinct word tokens (3–40 letters) of a document, so a
    name typed in another script or spelling can be looked up (see ``views.search``)."""
    tokens = {t for text in index_texts for t in text.split() if _NAME_TOKEN.match(t)}
    return [(t, key) for t in sorted(tokens) if (key := _key(t))]


def _main_language(paragraphs: list[tuple[int, int, int, int, str, str]]) -> str | None:
    """The language of most of the text (by characters), None when no paragraph decided."""
    sizes: dict[str, int] = {}
    for _, _, start, end, language, _ in paragraphs:
        if language != "und":
            sizes[language] = sizes.get(language, 0) + end - start
    return max(sizes, key=lambda code: sizes[code]) if sizes else None


def page_paragraphs(pages: list[PageText]) -> list[tuple[int, int, int, int, str, str]]:
    """Each page's paragraphs with language (decided with their neighbours) and direction."""
    rows: list[tuple[int, int, int, int, str, str]] = []
    for page in pages:
        spans = paragraph_spans(page.text)
        texts = [page.text[s:e] for s, e in spans]
        for idx, ((start, end), text, language) in enumerate(
            zip(spans, texts, paragraph_languages(texts), strict=True)
        ):
            rows.append((page.number, idx, start, end, language,
                         language_direction(language, text)))
    return rows


def page_dates(pages: list[PageText]) -> list[tuple[int, dict[str, Any]]]:
    """``(page number, date record)`` for every date found in the pages' raw text."""
    return [(page.number, found.to_json()) for page in pages for found in find_dates(page.text)]


def date_days(dates: list[tuple[int, dict[str, Any]]], cap: int = 512) -> tuple[int, ...]:
    """Distinct day numbers (proleptic Gregorian ordinals) of the dates, for the date filter."""
    days = {date.fromisoformat(d["gregorian"]).toordinal() for _, d in dates if d["gregorian"]}
    return tuple(sorted(days)[:cap])


def init_worker(memory_mb: int) -> None:
    """Run in each worker process: cap its memory and keep OCR engines single-threaded."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        # Where the cap is not permitted, the pipeline's other limits still apply.
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
