"""The store's contract, one protocol per table family; :class:`Store` is all of them.

Callers hold a :class:`Store` and rely on nothing else: not on SQLite, not on SQL. The one
implementation today, :class:`kavosh.store.sqlstore.SqlStore`, composes a mixin per family over
a :class:`kavosh.store.dialect.Dialect`; a PostgreSQL store is that class with another dialect.

Contract shared by every family:

- Every method that writes runs inside :meth:`Transactional.transaction`; callers group the
  writes that must land together (a document, its occurrence and its custody record) in one
  transaction, so a run killed at any point leaves either all of them or none.
- Registration is idempotent: registering the same key or occurrence again returns the
  existing row, so a resumed run never duplicates a document.
- Reads return whole lists (or iterate in bounded batches where a case can be large:
  :meth:`DocumentStore.documents`), read under the store's lock, so threads sharing one store
  (the web UI) never see half a result.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from kavosh.model import (
    CableHeader,
    DateMention,
    Document,
    Field,
    Kind,
    Layer,
    PageText,
    Paragraph,
    Status,
    Word,
)
from kavosh.store.cable_links import CableLinkStore
from kavosh.store.dialect import Cursor
from kavosh.store.entities import EntityStore
from kavosh.store.name_sounds import NameSoundsStore
from kavosh.store.people import PeopleStore
from kavosh.store.records import CustodyRecord, FailureRow, OcrTodo, PendingFile, Source
from kavosh.store.relations import RelationStore
from kavosh.store.searches import SavedSearch
from kavosh.store.translations import TranslationStore
from kavosh.store.verify import VerifyStore
from kavosh.store.views import ViewStore
from kavosh.store.watchlists import WatchlistStore


class Transactional(Protocol):
    """The connection every family shares."""

    def transaction(self) -> AbstractContextManager[None]:
        """Group writes (all or none land); nested calls join the outer transaction. The
        transaction holds the database's write lock from its start."""

    def batch(self, every: int = 100, seconds: float = 0.5) -> AbstractContextManager[None]:
        """Commit the transactions opened inside in groups of ``every`` or every ``seconds``
        (each stays whole); a kill loses only the group not yet committed."""

    def commit_batch(self) -> None:
        """Commit the current batch's group now (no-op outside a batch)."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        """Run one statement written with ``?`` placeholders in portable SQL (see
        :mod:`kavosh.store.dialect`). For tests and one-off repairs: callers use the methods."""

    def close(self) -> None:
        """Close the connection; the store cannot be used after."""


class DocumentStore(Transactional, Protocol):
    """Documents, where each was found (occurrences) and the sources they came from."""

    def register_document(
        self,
        key: str,
        kind: Kind,
        *,
        sha256: str | None = None,
        size: int | None = None,
        depth: int = 0,
        status: Status = Status.PENDING,
        stage: str | None = None,
        reason: str | None = None,
    ) -> tuple[int, bool]:
        """Insert a document unless one with ``key`` exists; return ``(id, created)``. A known
        document found at a lesser ``depth`` takes it. A new pending file waits to be read
        (stage ``read`` pending)."""

    def add_occurrence(
        self,
        document_id: int,
        path: str,
        parent_id: int | None,
        *,
        source_size: int | None = None,
        source_mtime_ns: int | None = None,
    ) -> bool:
        """Record that the document was found at ``path``; False if already recorded."""

    def received_unchanged(self, path: str, size: int, mtime_ns: int) -> int | None:
        """The document already received from this path with this size and time, if any."""

    def pending_files(self, limit: int, after_id: int = 0) -> list[PendingFile]:
        """Stored files waiting to be read (stage ``read`` pending), in id order after
        ``after_id``."""

    def finish_document(
        self,
        document_id: int,
        *,
        mime: str,
        metadata: dict[str, Any],
        language: str | None,
        pages: Iterable[PageText],
    ) -> None:
        """Store a document's pages and mark it done (one transaction)."""

    def fail_document(
        self, document_id: int, stage: str, reason: str, mime: str | None = None
    ) -> None:
        """Mark the document failed at ``stage`` for ``reason`` (its type, when known)."""

    def set_language(self, document_id: int, language: str | None) -> None:
        """Set the document's language (None: undecided)."""

    def document(self, document_id: int) -> Document | None:
        """One document with its occurrences, or None."""

    def documents(self, after_id: int = 0, batch: int = 500) -> Iterator[Document]:
        """Every document in id order, read in batches (bounded memory)."""

    def children(self, document_id: int) -> list[tuple[int, str]]:
        """``(document id, path)`` of what was found inside the document, in order found."""

    def counts(self) -> dict[str, int]:
        """Documents by status, and ``documents`` in all (folders excluded: they hold
        documents, they aren't read)."""

    def failures(self) -> list[FailureRow]:
        """Every failed document with its first path, in id order."""

    def register_source(self, root: str, label: str | None = None) -> Source:
        """The source for the absolute path ``root`` given to ingest, registered on first sight.

        Its label (``label``, else the root's name) is the first segment of every path and key
        received from it; a default label is made unique in the case (``leak``, ``leak-2``).
        The same root is always the same source. Raises :class:`SourceConflict` for a label
        another root has, or a new label for a root already received under another."""

    def sources(self) -> list[Source]:
        """Every source, in the order first seen."""

    def relative_path(self, path: str) -> str:
        """``path`` as received paths are written now: an absolute path (custody records
        written before sources existed hold those, and are never rewritten: they are
        hash-chained) becomes ``label/relative/path`` under the longest source root holding
        it; any other path is returned as it is."""


class PageStore(Transactional, Protocol):
    """Pages of every layer, OCR's words and what OCR still has to do."""

    def put_pages(self, document_id: int, pages: Iterable[PageText]) -> None:
        """Replace the document's pages of each layer given. Whoever writes pages records
        each layer written in the custody log in the same transaction
        (:meth:`kavosh.store.custody.CustodyLog.record_text`), as does whoever calls
        :meth:`put_ocr_page`: ``custody verify`` reports an unrecorded layer as tampering."""

    def pages(self, document_id: int, layer: Layer | None = None,
              number: int | None = None) -> list[PageText]:
        """The document's pages (every layer, or one), or only those numbered ``number``,
        by number then layer."""

    def page(self, document_id: int, number: int) -> PageText | None:
        """The best text of one page (:func:`kavosh.model.best_pages`)."""

    def pages_needing_ocr(self) -> int:
        """Pages marked as needing OCR that have no OCR layer yet."""

    def mark_needs_ocr(self, document_id: int, numbers: Sequence[int]) -> None:
        """The extracted text of these pages is unusable (garbage): OCR must read them."""

    def pages_to_ocr(self, limit: int, after: tuple[int, int] = (0, 0),
                     retry_failed: bool = False,
                     same_as: tuple[str, str] | None = None) -> list[OcrTodo]:
        """Pages that need OCR and have no OCR layer yet, of done documents (or those failed
        by OCR), in (document, page) order after ``after``. With ``retry_failed``, pages whose
        OCR failed count as not read; with ``same_as=(engine, languages)``, so do pages read
        by another engine or with other languages."""

    def count_pages_to_ocr(self, retry_failed: bool = False,
                           same_as: tuple[str, str] | None = None) -> int:
        """How many pages :meth:`pages_to_ocr` would return in all."""

    def put_ocr_page(self, document_id: int, page: PageText, settings: dict[str, Any],
                     words: Sequence[Word] = (), reason: str | None = None) -> None:
        """Store one page's OCR layer (replacing any earlier one) and its words, together.
        ``settings["languages"]`` (engine languages joined by ``+``) is what ``same_as``
        compares.

        With ``reason`` the OCR of this page failed: the page is stored with empty text so a
        resumed run does not try it again (unless asked to retry failures).
        """

    def set_ocr_outcome(self, document_id: int, failed_reason: str | None) -> None:
        """A document whose every page failed OCR fails (stage ``ocr``); one that OCR could
        read after all is done again."""

    def words(self, document_id: int, page: int, layer: str = "ocr") -> list[Word]:
        """The recognised words of one page's layer, in reading order."""

    def page_settings(self, document_id: int, page: int, layer: str = "ocr"
                      ) -> tuple[dict[str, Any], str | None] | None:
        """One page layer's settings and failure reason, or None when there is no such page."""

    def ocr_failures(self, document_id: int) -> dict[int, str]:
        """Page number → reason, for the document's pages whose OCR failed."""


class DerivedStore(Transactional, Protocol):
    """Values derived from a document's best pages, and the case's vocabulary."""

    def put_dates(self, document_id: int, dates: Iterable[DateMention]) -> None:
        """Replace the document's dates."""

    def dates(self, document_id: int) -> list[DateMention]:
        """The document's dates in page and text order."""

    def put_paragraphs(self, document_id: int, paragraphs: Iterable[Paragraph]) -> None:
        """Replace the document's paragraphs."""

    def paragraphs(self, document_id: int, page: int | None = None) -> list[Paragraph]:
        """The document's paragraphs (or one page's) in page and reading order."""

    def add_vocabulary(self, rows: Iterable[tuple[str, str]]) -> None:
        """Remember index tokens with their name keys (``(token, key)``; known ones ignored)."""

    def put_name_uses(self, document_id: int, uses: Mapping[str, int]) -> None:
        """Replace the document's name-use evidence: token → pages where it is used as a
        name (``kavosh.text.derived.name_uses``)."""

    def name_uses(self, tokens: Iterable[str]) -> dict[str, int]:
        """Token → pages of the whole case where it is used as a name (tokens never used so
        are left out)."""

    def vocabulary_bucket(self, prefix: str,
                          limit: int | None = None) -> list[tuple[str, str]]:
        """``(token, key)`` of indexed tokens whose name key starts with ``prefix``: two
        sounds (a narrow bucket) or one (wider: short names whose keys differ in length).
        All of them unless ``limit`` is given (a large case's bucket holds more than any cap
        one could set, and a token left out would be a spelling never found)."""


class CableStore(Transactional, Protocol):
    """Cable headers read from documents' best pages (``kavosh.text.cables``)."""

    def put_cable(self, document_id: int, header: CableHeader | None) -> None:
        """Replace the document's cable header (None: it is no cable, nothing is kept)."""

    def cable(self, document_id: int) -> CableHeader | None:
        """The document's cable header, None when it is no cable."""

    def cable_fields(self, names: Sequence[str]) -> list[tuple[int, Field]]:
        """``(document id, field)`` of every cable field called one of ``names`` in the
        case, by document then header order (what lists, threads and gaps are made of)."""

    def count_cables(self) -> int:
        """How many documents are cables."""


class StateStore(Transactional, Protocol):
    """Per-document, per-stage state, and the state of case-wide stages."""

    def set_states(self, stage: str, version: str,
                   states: Iterable[tuple[int, str, str | None]]) -> None:
        """Record ``(document_id, status, reason)`` of ``stage``, set by ``version``."""

    def set_state(self, document_id: int, stage: str, status: str, version: str,
                  reason: str | None = None) -> None:
        """Record one document's status of ``stage``, set by ``version``."""

    def bump_attempts(self, document_id: int, stage: str, version: str, reason: str) -> int:
        """``stage``'s job for the document killed its worker or outlived its time limit
        once more: record it failed for ``reason`` and return how many times in a row
        (any outcome the stage records itself, through ``set_state``, resets the count)."""

    def requeue_attempts(self, stage: str, attempts: int) -> int:
        """Make pending again the documents ``stage`` failed by crashing or timing out
        fewer than ``attempts`` times in a row; return how many."""

    def mark_pending(self, stage: str, ids: Iterable[int]) -> None:
        """The documents' input to ``stage`` changed: it must run for them again (the
        version that last ran is kept, for the record)."""

    def mark_all_unindexed(self) -> None:
        """Every document must be indexed again (the search index was rebuilt)."""

    def requeue_stale(self, stage: str, version: str) -> int:
        """Make the documents ``stage`` did (or failed) with another version pending again;
        return how many."""

    def stage_todo(self, stage: str, limit: int, after: int = 0) -> list[int]:
        """Documents for which ``stage`` is pending, in id order after ``after``."""

    def count_todo(self, stage: str) -> int:
        """How many documents ``stage`` is pending for."""

    def stage_counts(self) -> list[tuple[str, str, str, int]]:
        """``(stage, status, version, documents)`` for every combination present."""

    def state(self, document_id: int) -> dict[str, tuple[str, str, str | None]]:
        """Stage → ``(status, version, reason)`` of one document."""

    def case_state(self, stage: str) -> tuple[str, str, str | None] | None:
        """``(status, version, reason)`` of a case-wide stage, None if it never ran."""

    def set_case_state(self, stage: str, status: str, version: str,
                       reason: str | None = None) -> None:
        """Record a case-wide stage's status, set by ``version``."""

    def mark_case_stages_pending(self, keep: Sequence[str] = ()) -> None:
        """Documents changed: every case-wide stage must run again, but those of ``keep``
        (stages that read none of what changed)."""


class CustodyStore(Transactional, Protocol):
    """The custody log's rows (the chain's logic is :class:`kavosh.store.custody.CustodyLog`)."""

    def custody_head(self) -> tuple[int, str] | None:
        """``(seq, hash)`` of the last record, None while the log is empty."""

    def add_custody_record(self, record: CustodyRecord) -> None:
        """Append a record (inside the transaction that read :meth:`custody_head`)."""

    def custody_records(self) -> list[CustodyRecord]:
        """Every record in sequence order."""

    def count_originals(self) -> int:
        """How many stored files (originals in the archive) the case has."""

    def originals(self, after_id: int, limit: int) -> list[tuple[int, str, int | None, str]]:
        """``(document id, sha256, size, first path)`` of stored files after ``after_id``."""

    def is_stored_file(self, sha256: str) -> bool:
        """Whether a stored file with this hash is a document of the case."""

    def custody_hash(self, seq: int) -> str | None:
        """The hash of record ``seq``, None when there is no such record."""

    def custody_text_records(self, document_id: int) -> list[CustodyRecord]:
        """The document's ``text`` records (its page layers' hashes), in sequence order."""

    def page_texts(self, after_id: int, documents: int) -> list[tuple[int, str, int, str]]:
        """``(document id, layer, number, text)`` of every page of the next ``documents``
        documents with pages after ``after_id``, by document, layer and number."""

    def records_without_document(self) -> list[tuple[int, int, str, str]]:
        """``(seq, document id, path, sha256)`` of ``received``/``extracted`` records whose
        document is no longer a stored file with that hash, and of ``listed``/``refused``
        records whose folder or item row is gone."""

    def files_without_custody(self) -> list[tuple[int, str]]:
        """``(document id, sha256)`` of stored files that no custody record names."""

    def rows_without_custody(self) -> list[tuple[int, str, str]]:
        """``(document id, kind, path)`` of folders and refused items that no ``listed`` or
        ``refused`` record names."""


class SavedSearchStore(Transactional, Protocol):
    """Searches a reporter keeps, and what was last seen of each (issue 12)."""

    def save_search(self, name: str, query: str, filters: str = "") -> SavedSearch:
        """Keep a search under ``name`` (replacing the query and filters of one so named, when
        it was seen kept); a new one is seen as of now."""

    def saved_search(self, name: str) -> SavedSearch | None:
        """The search kept under ``name``, or None."""

    def saved_searches(self) -> list[SavedSearch]:
        """Every kept search, by name."""

    def delete_search(self, name: str) -> bool:
        """Forget the search ``name``; False when there is none."""

    def mark_search_seen(self, name: str, at: str) -> None:
        """Record that the search's hits were seen at ``at`` (:func:`records.now`)."""

    def indexed_since(self, at: str) -> list[int]:
        """The documents whose search index entry was written after ``at`` (ISO 8601 UTC):
        added, or read again (OCR, a new reader) since then, in id order."""


class Store(DocumentStore, PageStore, DerivedStore, CableStore, StateStore, CustodyStore,
            SavedSearchStore, VerifyStore, CableLinkStore, PeopleStore,
            TranslationStore, EntityStore,
            WatchlistStore, RelationStore, ViewStore, NameSoundsStore, Protocol):
    """Everything a case keeps in its database: what callers hold (``case.store``)."""
