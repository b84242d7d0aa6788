"""The ``read`` job sent to an executor: read one stored original, return what it holds.

``extract`` is a plain, picklable function of a :class:`Job`, so it runs the same inline, in a
process pool or on another machine. It writes only to the archive (content-addressed, safe to
share) and its own scratch folder, which it removes; the database is the caller's.

On the text it has just read it also runs the ``textcheck`` stage (PDF pages whose text layer
is garbage are marked as needing OCR) and the ``derive`` stage (:mod:`kavosh.pipeline.derive`),
so a document crosses between processes once.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from kavosh.archive import BlobStore
from kavosh.ingest.base import Child, IngestContext, IngestError, IngestResult, Limits
from kavosh.ingest.registry import ingest_file
from kavosh.ocr.textlayer import garbage_pages
from kavosh.pipeline.derive import Derived, derive

PDF_MIME = "application/pdf"


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
    derived: Derived | None = None
    checked: bool = False  # the text layer was checked for garbage (PDF)


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
    checked = result.mime == PDF_MIME
    if checked:
        garbage = set(garbage_pages(result.pages))
        result.pages = [replace(p, needs_ocr=True) if p.number in garbage else p
                        for p in result.pages]
    if result.language:  # declared by the file: kept where the text cannot decide
        result.metadata.setdefault("language", result.language)
    derived = derive(result.pages, result.language)
    return Outcome(job.document_id, result=result, children=children, derived=derived,
                   checked=checked)
