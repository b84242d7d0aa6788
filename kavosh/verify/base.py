"""What every check is given and gives back (see :mod:`kavosh.verify`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kavosh.cables import CaseLinks
from kavosh.model import CableHeader, DateMention, PageText
from kavosh.store import Store
from kavosh.store.verify import StoredFinding


@dataclass(slots=True)
class DocumentInput:
    """One document as the per-document checks see it: its best pages, the dates found in
    them, its cable header (None: no cable), its own date (the cable's date field, else an
    e-mail's ``date``; ISO day) and its sender (the cable's ``from``, else None)."""

    document_id: int
    path: str
    mime: str | None
    language: str | None
    metadata: dict[str, Any]
    pages: list[PageText]
    dates: list[DateMention]
    cable: CableHeader | None
    own_date: str | None
    sender: str | None

    @property
    def text(self) -> str:
        """The best pages' text, joined by newlines."""
        return "\n".join(page.text for page in self.pages)

    def field(self, name: str) -> Any:
        """The header's first field called ``name``, or None."""
        if self.cable is None:
            return None
        return next((f for f in self.cable.fields if f.name == name), None)


@dataclass(slots=True)
class CaseInput:
    """What case-wide checks compare: every cable's links, and per document its path, sender,
    language and own date (those the per-document pass saw)."""

    links: CaseLinks
    documents: dict[int, DocumentSummary] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    path: str
    sender: str | None
    language: str | None
    own_date: str | None


class Check:
    """A check: a ``name``, a ``version`` (change it whenever its findings may change: a
    re-run redoes what an older version did) and a ``title`` for people. A per-document check
    overrides :meth:`document` (what it finds in one document, and what it keeps for the
    comparison across documents); a case-wide one :meth:`across`. Both may."""

    name = ""
    version = "1"
    title = ""
    per_document = True
    across_documents = False
    inputs = ""  # what the check read from the case besides documents (a table's digest)

    def prepared(self, store: Store) -> Check:
        """The check ready to run on ``store``'s case: itself, or a copy holding what it reads
        from the case (a table) with :attr:`inputs` naming it, so a changed table redoes the
        documents."""
        return self

    def document(self, doc: DocumentInput) -> tuple[Any, list[StoredFinding]]:
        """``(data kept for :meth:`across`, findings)`` of one document."""
        return None, []

    def across(self, case: CaseInput, data: dict[int, Any]) -> list[StoredFinding]:
        """Findings across the case, from what :meth:`document` kept per document."""
        return []

    def finding(self, document_id: int, severity: str, message: str,
                **evidence: Any) -> StoredFinding:
        """A finding of this check (evidence items that are None are left out)."""
        kept = {k: v for k, v in evidence.items() if v is not None}
        return StoredFinding(document_id, self.name, self.version, severity, message, kept)


class CaseCheck(Check):
    """A check that only compares across the case (nothing to do per document)."""

    per_document = False
    across_documents = True


def span(page: int, start: int, end: int, text: str) -> dict[str, Any]:
    """Evidence pointing at raw text: page number, raw offsets and the text itself."""
    return {"page": page, "start": start, "end": end, "text": text}


def dominant(counts: dict[str, int]) -> str | None:
    """The key with the largest count (None when every count is 0)."""
    best = max(counts, key=lambda k: counts[k], default=None)
    return best if best is not None and counts[best] > 0 else None


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def majority(values: Sequence[str]) -> tuple[str | None, float]:
    """The most frequent value and its share."""
    if not values:
        return None, 0.0
    best = max(set(values), key=values.count)
    return best, values.count(best) / len(values)
