"""Choosing an ingestor and running it: the one entry point the pipeline calls.

Contract of :func:`ingest_file`:

- a zero-byte file → ``IngestError("empty file (zero-byte file)")``;
- a file over ``limits.max_file_size`` → ``IngestError("file is larger than the limit of N
  bytes")``;
- no ingestor matching the sniffed type → ``IngestError("unknown or unsupported file type
  (<mime>)")``;
- any other exception from an ingestor is recorded as an :class:`IngestError` with a plain
  reason (``MemoryError`` → "ran out of memory reading this file"; anything else → "could not
  read this file: <type>: <message>"); :class:`FatalError` and a full disk stop the run;
- ``result.mime`` left empty by an ingestor is the sniffed type.

Ingestors are the built-ins below plus objects (or classes, instantiated without arguments)
published by installed packages under the entry-point group ``kavosh.ingestors``. The
highest ``match`` score above 0 wins; on a tie the earlier one (built-ins first). An ingestor
that wants the file's name (to name a decompressed child, say) may offer
``ingest_named(source, name, ctx)``, which is then called instead of ``ingest``.
"""

from __future__ import annotations

import errno
import logging
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path

from kavosh.ingest.base import FatalError, IngestContext, IngestError, Ingestor, IngestResult, Probe
from kavosh.ingest.containers import (
    CompressedIngestor,
    SevenZipIngestor,
    TarIngestor,
    ZipIngestor,
)
from kavosh.ingest.email import EmailIngestor, MboxIngestor
from kavosh.ingest.html import HtmlIngestor, SvgIngestor
from kavosh.ingest.image import ImageIngestor
from kavosh.ingest.legacy import LegacyIngestor
from kavosh.ingest.office import DocxIngestor, OdtIngestor
from kavosh.ingest.pdf import PdfIngestor
from kavosh.ingest.sniff import probe_file
from kavosh.ingest.text import TextIngestor

ENTRY_POINT_GROUP = "kavosh.ingestors"
EMPTY = "empty file (zero-byte file)"
OUT_OF_MEMORY = "ran out of memory reading this file"

BUILTIN: list[Ingestor] = [
    PdfIngestor(), DocxIngestor(), OdtIngestor(), LegacyIngestor(), HtmlIngestor(),
    SvgIngestor(), TextIngestor(), ImageIngestor(), ZipIngestor(), TarIngestor(),
    SevenZipIngestor(), CompressedIngestor(), EmailIngestor(), MboxIngestor(),
]

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def plugins() -> tuple[Ingestor, ...]:
    """Ingestors published by installed packages; a plugin that fails to load is skipped."""
    found: list[Ingestor] = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = entry.load()
            ingestor = obj() if isinstance(obj, type) else obj
        except Exception as error:  # a broken plugin must not stop every run
            log.warning("ingestor plugin %s could not be loaded: %s", entry.name, error)
            continue
        if isinstance(ingestor, Ingestor):
            found.append(ingestor)
        else:
            log.warning("ingestor plugin %s is not an Ingestor; ignored", entry.name)
    return tuple(found)


def ingestors() -> list[Ingestor]:
    """Every ingestor: the built-ins first, then plugins."""
    return [*BUILTIN, *plugins()]


def by_name(name: str) -> Ingestor | None:
    """The ingestor called ``name`` (lowercase), or None."""
    return next((i for i in ingestors() if i.name == name), None)


def choose(probe: Probe) -> Ingestor | None:
    """The ingestor with the highest score above 0 for ``probe``, or None."""
    best: Ingestor | None = None
    best_score = 0.0
    for ingestor in ingestors():
        try:
            score = float(ingestor.match(probe))
        except Exception as error:  # a plugin's faulty match() must not hide the built-ins
            log.warning("ingestor %s failed to match %r: %s", ingestor.name, probe.name, error)
            continue
        if score > best_score:
            best, best_score = ingestor, score
    return best


def ingest_file(source: Path, name: str, ctx: IngestContext) -> IngestResult:
    """Sniff ``source`` (shown to people as ``name``), choose an ingestor and run it."""
    size = source.stat().st_size
    if size == 0:
        raise IngestError(EMPTY)
    if size > ctx.limits.max_file_size:
        raise IngestError(f"file is larger than the limit of {ctx.limits.max_file_size:,} bytes")
    try:
        probe = probe_file(source, name)
    except OSError as error:
        raise IngestError(_could_not_read(error)) from error
    ingestor = choose(probe)
    if ingestor is None:
        raise IngestError(f"unknown or unsupported file type ({probe.mime})")
    try:
        named = getattr(ingestor, "ingest_named", None)
        result = named(source, name, ctx) if callable(named) else ingestor.ingest(source, ctx)
    except (IngestError, FatalError):
        raise
    except MemoryError:
        raise IngestError(OUT_OF_MEMORY) from None
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise FatalError(f"the disk is full: {error}") from error
        raise IngestError(_could_not_read(error)) from error
    except RecursionError:
        raise IngestError("could not read this file: it is nested too deeply to parse") from None
    except Exception as error:
        raise IngestError(_could_not_read(error)) from error
    if not result.mime:
        result.mime = probe.mime
    return result


def _could_not_read(error: BaseException) -> str:
    message = " ".join(str(error).split())[:500]
    kind = type(error).__name__
    return f"could not read this file: {kind}: {message}" if message else \
        f"could not read this file: {kind}"
