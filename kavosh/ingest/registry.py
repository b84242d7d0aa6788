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

Ingestors are registered under the entry-point group ``kavosh.ingestors``
(:data:`kavosh.registry.INGESTORS`): each entry point names an ingestor object or a class made
without arguments. Kavosh's own are declared in its ``pyproject.toml`` like any plugin's. The
highest ``match`` score above 0 wins; on a tie the earlier one (Kavosh's own first, by name:
installers sort a package's entry points). An ingestor that fails to load, or is not an
:class:`Ingestor`, is logged and skipped. An ingestor that wants the file's name (to name a
decompressed child, say) may offer ``ingest_named(source, name, ctx)``, which is then called
instead of ``ingest``.
"""

from __future__ import annotations

import errno
import logging
from pathlib import Path
from typing import Any

from kavosh.archive import ArchiveWriteError
from kavosh.ingest.base import FatalError, IngestContext, IngestError, Ingestor, IngestResult, Probe
from kavosh.ingest.sniff import probe_file
from kavosh.registry import INGESTORS

EMPTY = "empty file (zero-byte file)"
OUT_OF_MEMORY = "ran out of memory reading this file"

log = logging.getLogger(__name__)
_made: dict[Any, Ingestor | None] = {}  # what an entry point names → its ingestor (None: not one)


def ingestors() -> list[Ingestor]:
    """Every registered ingestor that loads, Kavosh's own first."""
    found: list[Ingestor] = []
    for name, obj in INGESTORS.load_all():
        if obj not in _made:
            _made[obj] = _make(name, obj)
        if (ingestor := _made[obj]) is not None:
            found.append(ingestor)
    return found


def _make(name: str, obj: Any) -> Ingestor | None:
    try:
        ingestor = obj() if isinstance(obj, type) else obj
    except Exception as error:  # a broken plugin must not stop every run
        log.warning("ingestor %s could not be made: %s", name, error)
        return None
    if not isinstance(ingestor, Ingestor):
        log.warning("ingestor %s is not an Ingestor; ignored", name)
        return None
    return ingestor


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
    except (IngestError, FatalError, ArchiveWriteError):
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
