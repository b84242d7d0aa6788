"""The plain rows the store hands out beside the model's types, and the store's own errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from kavosh.model.errors import RunError, UnavailableError, UsageError


def now() -> str:
    """The current time as an ISO 8601 UTC string, the one format stored."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class PendingFile:
    """A stored file waiting to be read."""

    id: int
    sha256: str
    path: str  # the first logical path it was found at
    depth: int
    attempts: int

    @property
    def name(self) -> str:
        return self.path.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class FailureRow:
    """A failed document, with the first path it was found at."""

    document_id: int
    path: str
    stage: str
    reason: str


@dataclass(frozen=True, slots=True)
class Source:
    """A path given to ingest. ``label`` begins every path and key received from it; ``root``,
    the absolute path on this machine, is local metadata that no export or bundle carries."""

    id: int
    label: str
    root: str
    first_seen_at: str


@dataclass(frozen=True, slots=True)
class OcrTodo:
    """A page waiting for OCR: its document, number, original's hash and type."""

    document_id: int
    page: int
    sha256: str
    mime: str


@dataclass(frozen=True, slots=True)
class CustodyRecord:
    """One record of the custody log (see :mod:`kavosh.store.custody`)."""

    seq: int
    at: str
    actor: str
    action: str
    path: str
    size: int | None
    sha256: str | None
    document_id: int | None
    detail: str
    prev_hash: str
    hash: str


class SourceConflict(RunError, ValueError):
    """A source label cannot be used: another root has it, or the root has another."""


class UnsupportedDatabase(UsageError, ValueError):
    """The database URL names no kind of database Kavosh knows."""


class DatabaseUnavailable(UnavailableError):
    """The database named is of a kind Kavosh knows but cannot open here (not yet, or an
    SQLite library too old)."""
