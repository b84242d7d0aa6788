"""The ingestor seam: one small contract per file format.

An ingestor turns one stored original into pages of text, metadata and child files. It is a
plain object with:

- ``name``: its lowercase backend name (``pdf``, ``zip``, …), used in settings, CLI and records;
- ``version``: recorded with every page it produces (provenance);
- ``match(probe) -> float``: how well it handles a file, 0 for not at all; the highest wins;
- ``ingest(source, ctx) -> IngestResult``: do the work.

Two kinds of error, named for what the caller must do:

- :class:`IngestError` — this file cannot be processed; record ``reason`` and go on. An ingestor
  raises it for anything a hostile or broken file can cause (corrupt, encrypted, too large …).
  Any other exception escaping an ingestor is also recorded against the file, never stops a run.
- :class:`FatalError` — the run itself cannot go on (disk full, case unreadable): stop.

Ingestors never write outside ``ctx.workdir``; child files go through ``ctx.add_child`` which
streams them into the archive with the size limit applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol, runtime_checkable

from kavosh.archive import BlobStore, BlobTooLarge
from kavosh.model import PageText
from kavosh.model.errors import ItemError, RunError


class IngestError(ItemError):
    """This item cannot be processed: record ``reason`` against it and continue the run."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class FatalError(RunError):
    """The run cannot continue (the case or the machine is at fault, not the document)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that keep hostile input from exhausting disk, memory or time.

    The defaults suit a laptop; a case may override them in its settings.
    """

    max_file_size: int = 4 * 1024**3  # any single original or extracted member
    max_container_total: int = 20 * 1024**3  # all members of one container together
    max_ratio: float = 200.0  # uncompressed / compressed size of one member (zip-bomb guard)
    ratio_floor: int = 10 * 1024**2  # the ratio check applies only to members larger than this
    max_depth: int = 8  # containers nested deeper than this are not opened
    max_members: int = 200_000  # members of one container
    max_pages: int = 20_000
    max_image_pixels: int = 200_000_000
    max_text_chars: int = 200_000_000  # decoded text of one plain-text document
    max_nesting: int = 4_000  # markup nested deeper is flattened (parsers slow down with depth)
    read_seconds: float = 600.0  # one document's read (one page's OCR); 0: no limit
    read_attempts: int = 3  # runs that may retry a document that crashed or timed out its reader


@dataclass(frozen=True, slots=True)
class Probe:
    """What is known about a file before choosing an ingestor."""

    name: str  # file name as found (may be hostile; never used as a path)
    size: int
    mime: str  # sniffed from content, see ``kavosh.ingest.sniff``
    head: bytes  # the first bytes of the file (up to 64 KiB)


@dataclass(frozen=True, slots=True)
class Child:
    """A file found inside a container. ``sha256`` is None when it could not be stored."""

    name: str  # the member's path inside its container, '/'-separated, as written there
    sha256: str | None
    size: int | None
    reason: str | None = None  # why it could not be stored, when sha256 is None


@dataclass(slots=True)
class IngestResult:
    mime: str
    pages: list[PageText] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    children: list[Child] = field(default_factory=list)
    language: str | None = None


@dataclass(slots=True)
class IngestContext:
    """What an ingestor may use while processing one document."""

    archive: BlobStore
    workdir: Path  # private scratch space, removed afterwards; mkdir(parents=True) before use
    limits: Limits = field(default_factory=Limits)
    depth: int = 0  # how many containers enclose this document
    children: list[Child] = field(default_factory=list)
    _container_total: int = 0

    def add_child(self, name: str, stream: BinaryIO) -> Child:
        """Stream a member into the archive, applying the size limits; record it as a child."""
        remaining = self.limits.max_container_total - self._container_total
        cap = min(self.limits.max_file_size, remaining)
        try:
            blob = self.archive.put_stream(stream, max_size=cap)
        except BlobTooLarge:
            if cap < self.limits.max_file_size:
                reason = "container holds more data than the limit; extraction stopped"
            else:
                reason = f"member is larger than the limit of {self.limits.max_file_size:,} bytes"
            return self.fail_child(name, reason)
        self._container_total += blob.size
        child = Child(name=name, sha256=blob.sha256, size=blob.size)
        self.children.append(child)
        return child

    def fail_child(self, name: str, reason: str) -> Child:
        """Record a member that could not be stored, with the reason."""
        child = Child(name=name, sha256=None, size=None, reason=reason)
        self.children.append(child)
        return child


@runtime_checkable
class Ingestor(Protocol):
    name: str
    version: str

    def match(self, probe: Probe) -> float: ...

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult: ...


class NullIngestor:
    """Matches no file and reads nothing: the ingestor seam's null twin."""

    name = "null"
    version = "0"

    def match(self, probe: Probe) -> float:
        return 0.0

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult:
        raise IngestError("the null ingestor reads nothing")
