"""The verification status people set (see :mod:`kavosh.verify`)."""

from __future__ import annotations

from collections.abc import Sequence

from kavosh.model import Kind
from kavosh.model.errors import NotFoundError, UsageError
from kavosh.store import Store
from kavosh.store.verify import STATUSES, StatusRecord

MAX_NOTE = 10_000
MAX_LINKS = 50


class UnknownStatus(UsageError):
    """A status that is none of :data:`kavosh.store.verify.STATUSES`."""


class NoSuchDocument(NotFoundError):
    """The document asked for is not a stored file of the case."""


def _check_document(store: Store, document_id: int) -> None:
    doc = store.document(document_id)
    if doc is None or doc.kind != Kind.FILE:
        raise NoSuchDocument(f"document {document_id} is not a document of this case")


def set_status(store: Store, document_id: int, status: str, note: str = "",
               evidence: Sequence[str] = (), actor: str = "") -> StatusRecord:
    """Record that ``actor`` judged the document ``status`` (one of
    :data:`kavosh.store.verify.STATUSES`), with a note and links to evidence (URLs, document
    ids, file names: kept as given). Earlier statuses are kept; the last one counts."""
    status = status.strip().lower()
    if status not in STATUSES:
        raise UnknownStatus(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
    if not actor.strip():
        raise UsageError("say who sets the status (--by NAME)")
    links = [e.strip() for e in evidence if e.strip()]
    if len(note) > MAX_NOTE or len(links) > MAX_LINKS:
        raise UsageError(f"a note holds at most {MAX_NOTE} characters and "
                         f"{MAX_LINKS} links to evidence")
    _check_document(store, document_id)
    return store.add_status(document_id, status, note.strip(), links, actor.strip())


def status_history(store: Store, document_id: int) -> list[StatusRecord]:
    """Every status the document was given, oldest first (empty: never reviewed)."""
    _check_document(store, document_id)
    return store.status_history(document_id)


def current_status(history: Sequence[StatusRecord]) -> str:
    """The status that counts: the last one set, else ``unreviewed``."""
    return history[-1].status if history else "unreviewed"
