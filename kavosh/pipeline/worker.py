"""The unit of work sent to an executor: read one stored original, return what it holds.

``extract`` is a plain, picklable function of a :class:`Job`, so it runs the same inline, in a
process pool or on another machine. It writes only to the archive (content-addressed, safe to
share) and its own scratch folder, which it removes; the database is the caller's.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kavosh.archive import BlobStore
from kavosh.ingest.base import Child, IngestContext, IngestError, IngestResult, Limits
from kavosh.ingest.registry import ingest_file
from kavosh.text import index_text
from kavosh.text.derived import (
    ParagraphRow,
    main_language,
    page_dates,
    page_paragraphs,
    vocabulary,
)


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
    paragraphs: list[ParagraphRow] = field(default_factory=list)


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
        result.language = main_language(paragraphs)
    return Outcome(job.document_id, result=result, children=children, index_texts=texts,
                   dates=dates, paragraphs=paragraphs, vocabulary=vocabulary(texts))

