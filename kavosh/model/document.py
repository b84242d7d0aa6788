"""What a document is: its identity, where it was found, where it stands, why it failed.

Nothing here touches a disk, a database or a network; every other layer speaks in these types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """Where a document stands in processing. Every document ends ``done`` or ``failed``."""

    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class Kind(StrEnum):
    """What a document record stands for."""

    FILE = "file"  # content stored in the archive under its sha256
    DIRECTORY = "directory"  # a folder given to ``ingest``; its children are documents
    ENTRY = "entry"  # an item of a container that could not be stored (unsafe name, bomb …)


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a document could not be processed, in words a reporter understands."""

    stage: str
    reason: str


@dataclass(slots=True)
class Occurrence:
    """One place a document was found: a path given to ``ingest`` or a member of a container."""

    path: str
    parent_id: int | None = None


@dataclass(slots=True)
class Document:
    """A stored document record as the library returns it."""

    id: int
    key: str
    kind: Kind
    sha256: str | None
    size: int | None
    mime: str | None
    status: Status
    stage: str | None = None
    reason: str | None = None
    language: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def path(self) -> str:
        """The first path the document was seen at."""
        return self.occurrences[0].path if self.occurrences else ""

    @property
    def name(self) -> str:
        """The file name part of :attr:`path`."""
        return self.path.rstrip("/").rsplit("/", 1)[-1]

    @property
    def parent_id(self) -> int | None:
        """The container the document was first found in, if any."""
        return self.occurrences[0].parent_id if self.occurrences else None
