"""The case database: documents, where they were found, pages, processing state, custody.

Contract:
- Every method that writes runs inside :meth:`Store.transaction`; callers group the writes that
  must land together (a document, its occurrence and its custody record) in one transaction,
  so a run killed at any point leaves either all of them or none.
- Registration is idempotent: registering the same key or occurrence again returns the
  existing row, so a resumed run never duplicates a document.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kavosh.model import (
    DateMention,
    Document,
    Kind,
    Layer,
    Occurrence,
    PageText,
    Paragraph,
    Producer,
    Status,
    Word,
    best_pages,
)
from kavosh.model.errors import RunError
from kavosh.store.schema import MIGRATIONS


def now() -> str:
    """The current time as an ISO 8601 UTC string, the one format stored."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class PendingFile:
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
    document_id: int
    path: str
    stage: str
    reason: str


def _statements(script: str) -> Iterator[str]:
    """Complete SQL statements of ``script`` (a ``;`` inside a comment or string is not an end)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""
    if pending.strip() and not all(
        not x.strip() or x.strip().startswith("--") for x in pending.splitlines()
    ):
        yield pending


def open_store(url: str) -> Store:
    """Open the database named by ``url`` (``sqlite:///path`` or a bare file path)."""
    if url.startswith("sqlite:///"):
        return Store(Path(url.removeprefix("sqlite:///")))
    if "://" in url:
        scheme = url.split("://", 1)[0]
        raise ValueError(f"unsupported database URL scheme {scheme!r}; use sqlite:///PATH")
    return Store(Path(url))


class Store:
    """One SQLite database file. Safe to use from one thread at a time per instance."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._depth = 0
        # WAL lets the web UI read while an ingest writes; NORMAL sync survives kill -9
        # (only a power cut can lose the last transactions).
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA busy_timeout=30000")
        self._migrate()

    def close(self) -> None:
        self._db.close()

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction():
                for statement in _statements(script):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version={number}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Group writes; nested calls join the outer transaction."""
        with self._lock:
            if self._depth == 0:
                self._db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self._db
            except BaseException:
                self._depth -= 1
                if self._depth == 0:
                    self._db.execute("ROLLBACK")
                raise
            self._depth -= 1
            if self._depth == 0:
                self._db.execute("COMMIT")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._db.execute(sql, params)

    # --- registration -------------------------------------------------------------------

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
        """Insert a document unless one with ``key`` exists; return ``(id, created)``."""
        with self.transaction() as db:
            row = db.execute("SELECT id, depth FROM documents WHERE key = ?", (key,)).fetchone()
            if row is not None:
                if depth < row["depth"]:
                    db.execute("UPDATE documents SET depth = ? WHERE id = ?", (depth, row["id"]))
                return int(row["id"]), False
            stamp = now()
            cur = db.execute(
                "INSERT INTO documents (key, kind, sha256, size, depth, status, stage, reason,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (key, kind.value, sha256, size, depth, status.value, stage, reason, stamp, stamp),
            )
            document_id = int(cur.lastrowid or 0)
            if kind == Kind.FILE and status == Status.PENDING:  # a stored file waits to be read
                db.execute(self._UPSERT_STATE, (document_id, "read", "pending", "", None, stamp))
            return document_id, True

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
        with self.transaction() as db:
            cur = db.execute(
                "INSERT OR IGNORE INTO occurrences (document_id, path, parent_id, source_size,"
                " source_mtime_ns) VALUES (?, ?, ?, ?, ?)",
                (document_id, path, parent_id, source_size, source_mtime_ns),
            )
            return cur.rowcount > 0

    def received_unchanged(self, path: str, size: int, mtime_ns: int) -> int | None:
        """The document already received from this path with this size and time, if any."""
        row = self.execute(
            "SELECT document_id FROM occurrences WHERE path = ? AND parent_id IS NULL"
            " AND source_size = ? AND source_mtime_ns = ?",
            (path, size, mtime_ns),
        ).fetchone()
        if row is None:
            row = self.execute(
                "SELECT o.document_id FROM occurrences o JOIN documents d ON d.id = o.parent_id"
                " WHERE o.path = ? AND d.kind = 'directory' AND o.source_size = ?"
                " AND o.source_mtime_ns = ?",
                (path, size, mtime_ns),
            ).fetchone()
        return None if row is None else int(row[0])

    # --- processing state ---------------------------------------------------------------

    def pending_files(self, limit: int, after_id: int = 0) -> list[PendingFile]:
        """Stored files waiting to be read (stage ``read`` pending), in id order after
        ``after_id``."""
        rows = self.execute(
            "SELECT d.id, d.sha256, d.depth, s.attempts,"
            " (SELECT path FROM occurrences o WHERE o.document_id = d.id ORDER BY o.id LIMIT 1)"
            " AS path FROM stage_state s JOIN documents d ON d.id = s.document_id"
            " WHERE s.stage = 'read' AND s.status = 'pending' AND d.kind = 'file'"
            " AND s.document_id > ? ORDER BY s.document_id LIMIT ?",
            (after_id, limit),
        ).fetchall()
        return [
            PendingFile(r["id"], r["sha256"], r["path"] or "", r["depth"], r["attempts"])
            for r in rows
        ]

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
        with self.transaction() as db:
            self.put_pages(document_id, pages)
            db.execute(
                "UPDATE documents SET status = 'done', stage = NULL, reason = NULL, mime = ?,"
                " metadata = ?, language = ?, updated_at = ? WHERE id = ?",
                (mime, json.dumps(metadata, ensure_ascii=False, default=str), language, now(),
                 document_id),
            )

    def fail_document(
        self, document_id: int, stage: str, reason: str, mime: str | None = None
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE documents SET status = 'failed', stage = ?, reason = ?,"
                " mime = COALESCE(?, mime), updated_at = ? WHERE id = ?",
                (stage, reason, mime, now(), document_id),
            )

    def put_pages(self, document_id: int, pages: Iterable[PageText]) -> None:
        """Replace the document's pages of each layer given."""
        with self.transaction() as db:
            stamp = now()
            cleared: set[str] = set()
            for page in pages:
                if page.layer.value not in cleared:
                    db.execute(
                        "DELETE FROM pages WHERE document_id = ? AND layer = ?",
                        (document_id, page.layer.value),
                    )
                    cleared.add(page.layer.value)
                db.execute(
                    "INSERT INTO pages (document_id, layer, number, text, needs_ocr, engine,"
                    " engine_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (document_id, page.layer.value, page.number, page.text, int(page.needs_ocr),
                     page.engine, page.engine_version, stamp),
                )

    def put_dates(self, document_id: int, dates: Iterable[DateMention]) -> None:
        """Replace the document's dates."""
        with self.transaction() as db:
            db.execute("DELETE FROM dates WHERE document_id = ?", (document_id,))
            db.executemany(
                'INSERT INTO dates (document_id, page, start, "end", calendar, gregorian,'
                " precision, data, engine, engine_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(document_id, d.page, d.start, d.end, d.calendar, d.gregorian, d.precision,
                  json.dumps(d.record(), ensure_ascii=False), d.producer.name,
                  d.producer.version) for d in dates],
            )

    def put_paragraphs(self, document_id: int, paragraphs: Iterable[Paragraph]) -> None:
        """Replace the document's paragraphs."""
        with self.transaction() as db:
            db.execute("DELETE FROM paragraphs WHERE document_id = ?", (document_id,))
            db.executemany(
                'INSERT INTO paragraphs (document_id, page, layer, idx, start, "end", language,'
                " direction) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(document_id, p.page, p.layer.value, p.idx, p.start, p.end, p.language,
                  p.direction) for p in paragraphs],
            )

    def paragraphs(self, document_id: int, page: int | None = None) -> list[Paragraph]:
        """The document's paragraphs (or one page's) in page and reading order."""
        sql = ('SELECT page, layer, idx, start, "end", language, direction FROM paragraphs'
               " WHERE document_id = ?")
        params: list[Any] = [document_id]
        if page is not None:
            sql += " AND page = ?"
            params.append(page)
        with self._lock:
            rows = self.execute(sql + " ORDER BY page, layer, idx", params).fetchall()
        return [Paragraph(r[0], Layer(r[1]), r[2], r[3], r[4], r[5], r[6]) for r in rows]

    def add_vocabulary(self, rows: Iterable[tuple[str, str]]) -> None:
        """Remember index tokens with their name keys (``(token, key)``; known ones ignored)."""
        with self.transaction() as db:
            db.executemany(
                "INSERT OR IGNORE INTO vocabulary (token, name_key, prefix) VALUES (?, ?, ?)",
                [(token, key, key[:2]) for token, key in rows],
            )

    def vocabulary_bucket(self, prefix: str, limit: int = 50_000) -> list[tuple[str, str]]:
        """``(token, key)`` of indexed tokens whose name key starts with ``prefix``: two
        sounds (a narrow bucket) or one (wider: short names whose keys differ in length)."""
        with self._lock:
            if len(prefix) >= 2:
                rows = self.execute(
                    "SELECT token, name_key FROM vocabulary WHERE prefix = ? LIMIT ?",
                    (prefix[:2], limit),
                ).fetchall()
            else:
                rows = self.execute(
                    "SELECT token, name_key FROM vocabulary WHERE prefix >= ? AND prefix < ?"
                    " LIMIT ?",
                    (prefix, prefix + "\uffff", limit),
                ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def dates(self, document_id: int) -> list[DateMention]:
        """The document's dates in page and text order."""
        rows = self.execute(
            "SELECT page, data, engine, engine_version FROM dates WHERE document_id = ?"
            " ORDER BY page, start",
            (document_id,),
        ).fetchall()
        return [DateMention.from_record(r[0], json.loads(r[1]), Producer(r[2], r[3]))
                for r in rows]

    def mark_all_unindexed(self) -> None:
        """Every document must be indexed again (the search index was rebuilt)."""
        with self.transaction() as db:
            db.execute("UPDATE stage_state SET status = 'pending', updated_at = ?"
                       " WHERE stage = 'index'", (now(),))

    # --- stage state (kavosh.pipeline.stages) ------------------------------------------

    _UPSERT_STATE = (
        "INSERT INTO stage_state (document_id, stage, status, version, reason, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (document_id, stage) DO UPDATE SET"
        " status = excluded.status, version = excluded.version, reason = excluded.reason,"
        " updated_at = excluded.updated_at"
    )

    def set_states(self, stage: str, version: str,
                   states: Iterable[tuple[int, str, str | None]]) -> None:
        """Record ``(document_id, status, reason)`` of ``stage``, set by ``version``."""
        stamp = now()
        with self.transaction() as db:
            db.executemany(self._UPSERT_STATE,
                           [(doc, stage, status, version, reason, stamp)
                            for doc, status, reason in states])

    def set_state(self, document_id: int, stage: str, status: str, version: str,
                  reason: str | None = None) -> None:
        self.set_states(stage, version, [(document_id, status, reason)])

    def mark_pending(self, stage: str, ids: Iterable[int]) -> None:
        """The documents' input to ``stage`` changed: it must run for them again (the
        version that last ran is kept, for the record)."""
        stamp = now()
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO stage_state (document_id, stage, status, version, updated_at)"
                " VALUES (?, ?, 'pending', '', ?) ON CONFLICT (document_id, stage) DO UPDATE"
                " SET status = 'pending', reason = NULL, updated_at = excluded.updated_at",
                [(doc, stage, stamp) for doc in ids])

    def requeue_stale(self, stage: str, version: str) -> int:
        """Make the documents ``stage`` did (or failed) with another version pending again;
        return how many."""
        with self.transaction() as db:
            cur = db.execute(
                "UPDATE stage_state SET status = 'pending', updated_at = ? WHERE stage = ?"
                " AND status != 'pending' AND version != ?", (now(), stage, version))
            return cur.rowcount

    def stage_todo(self, stage: str, limit: int, after: int = 0) -> list[int]:
        """Documents for which ``stage`` is pending, in id order after ``after``."""
        rows = self.execute(
            "SELECT document_id FROM stage_state WHERE stage = ? AND status = 'pending'"
            " AND document_id > ? ORDER BY document_id LIMIT ?", (stage, after, limit),
        ).fetchall()
        return [int(r[0]) for r in rows]

    def count_todo(self, stage: str) -> int:
        row = self.execute("SELECT COUNT(*) FROM stage_state WHERE stage = ?"
                           " AND status = 'pending'", (stage,)).fetchone()
        return int(row[0])

    def stage_counts(self) -> list[tuple[str, str, str, int]]:
        """``(stage, status, version, documents)`` for every combination present."""
        rows = self.execute(
            "SELECT stage, status, version, COUNT(*) FROM stage_state"
            " GROUP BY stage, status, version ORDER BY stage, status, version").fetchall()
        return [(str(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in rows]

    def state(self, document_id: int) -> dict[str, tuple[str, str, str | None]]:
        """Stage → ``(status, version, reason)`` of one document."""
        rows = self.execute("SELECT stage, status, version, reason FROM stage_state"
                            " WHERE document_id = ?", (document_id,)).fetchall()
        return {str(r[0]): (str(r[1]), str(r[2]), r[3]) for r in rows}

    def case_state(self, stage: str) -> tuple[str, str, str | None] | None:
        """``(status, version, reason)`` of a case-wide stage, None if it never ran."""
        row = self.execute("SELECT status, version, reason FROM case_state WHERE stage = ?",
                           (stage,)).fetchone()
        return None if row is None else (str(row[0]), str(row[1]), row[2])

    def set_case_state(self, stage: str, status: str, version: str,
                       reason: str | None = None) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO case_state (stage, status, version, reason, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (stage) DO UPDATE SET"
                " status = excluded.status, version = excluded.version,"
                " reason = excluded.reason, updated_at = excluded.updated_at",
                (stage, status, version, reason, now()))

    def mark_case_stages_pending(self) -> None:
        """Documents changed: every case-wide stage must run again."""
        with self.transaction() as db:
            db.execute("UPDATE case_state SET status = 'pending', updated_at = ?"
                       " WHERE status != 'pending'", (now(),))

    # --- reading ------------------------------------------------------------------------

    def document(self, document_id: int) -> Document | None:
        row = self.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
        return None if row is None else self._document(row)

    def documents(self, after_id: int = 0, batch: int = 500) -> Iterator[Document]:
        """Every document in id order, read in batches (bounded memory)."""
        while True:
            rows = self.execute(
                "SELECT * FROM documents WHERE id > ? ORDER BY id LIMIT ?", (after_id, batch)
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield self._document(row)
            after_id = rows[-1]["id"]

    def _document(self, row: sqlite3.Row) -> Document:
        occurrences = [
            Occurrence(r["path"], r["parent_id"])
            for r in self.execute(
                "SELECT path, parent_id FROM occurrences WHERE document_id = ? ORDER BY id",
                (row["id"],),
            )
        ]
        return Document(
            id=row["id"], key=row["key"], kind=Kind(row["kind"]), sha256=row["sha256"],
            size=row["size"], mime=row["mime"], status=Status(row["status"]),
            stage=row["stage"], reason=row["reason"], language=row["language"],
            metadata=json.loads(row["metadata"]), occurrences=occurrences,
        )

    def pages(self, document_id: int, layer: Layer | None = None,
              number: int | None = None) -> list[PageText]:
        """The document's pages (every layer, or one), or only those numbered ``number``."""
        sql = "SELECT * FROM pages WHERE document_id = ?"
        params: list[Any] = [document_id]
        if layer is not None:
            sql += " AND layer = ?"
            params.append(layer.value)
        if number is not None:
            sql += " AND number = ?"
            params.append(number)
        rows = self.execute(sql + " ORDER BY number, layer", params).fetchall()
        return [
            PageText(r["number"], r["text"], Layer(r["layer"]), r["engine"],
                     r["engine_version"], bool(r["needs_ocr"]))
            for r in rows
        ]

    def page(self, document_id: int, number: int) -> PageText | None:
        """The best text of one page: OCR where the extracted layer needed it."""
        best = best_pages(self.pages(document_id, number=number))
        return best[0] if best else None

    def children(self, document_id: int) -> list[tuple[int, str]]:
        rows = self.execute(
            "SELECT document_id, path FROM occurrences WHERE parent_id = ? ORDER BY id",
            (document_id,),
        ).fetchall()
        return [(int(r[0]), str(r[1])) for r in rows]

    def counts(self) -> dict[str, int]:
        """Documents by status (folders excluded: they hold documents, they aren't read)."""
        counts = {s.value: 0 for s in Status}
        for row in self.execute(
            "SELECT status, COUNT(*) FROM documents WHERE kind != 'directory' GROUP BY status"
        ):
            counts[row[0]] = int(row[1])
        counts["documents"] = sum(counts[s.value] for s in Status)
        return counts

    def pages_needing_ocr(self) -> int:
        row = self.execute(
            "SELECT COUNT(*) FROM pages p WHERE p.needs_ocr = 1 AND NOT EXISTS (SELECT 1 FROM"
            " pages q WHERE q.document_id = p.document_id AND q.number = p.number"
            " AND q.layer = 'ocr')"
        ).fetchone()
        return int(row[0])

    def failures(self) -> list[FailureRow]:
        rows = self.execute(
            "SELECT d.id, d.stage, d.reason, (SELECT path FROM occurrences o WHERE"
            " o.document_id = d.id ORDER BY o.id LIMIT 1) AS path FROM documents d"
            " WHERE d.status = 'failed' ORDER BY d.id"
        ).fetchall()
        return [FailureRow(r["id"], r["path"] or "", r["stage"] or "", r["reason"] or "")
                for r in rows]

    # --- OCR (issue 4) --------------------------------------------------------------------

    def mark_needs_ocr(self, document_id: int, numbers: Sequence[int]) -> None:
        """The extracted text of these pages is unusable (garbage): OCR must read them."""
        with self.transaction() as db:
            db.executemany(
                "UPDATE pages SET needs_ocr = 1 WHERE document_id = ? AND layer = 'extracted'"
                " AND number = ?",
                [(document_id, number) for number in numbers],
            )

    def pages_to_ocr(self, limit: int, after: tuple[int, int] = (0, 0),
                     retry_failed: bool = False,
                     same_as: tuple[str, str] | None = None) -> list[OcrTodo]:
        """Pages that need OCR and have no OCR layer yet, of done documents (or those failed
        by OCR), in (document, page) order after ``after``. With ``retry_failed``, pages whose
        OCR failed count as not read; with ``same_as=(engine, languages)``, so do pages read
        by another engine or with other languages."""
        where, params = self._ocr_todo(retry_failed, same_as)
        rows = self.execute(
            "SELECT p.document_id, p.number, d.sha256, d.mime FROM pages p"
            " JOIN documents d ON d.id = p.document_id"
            f" WHERE {where} AND (p.document_id > ? OR (p.document_id = ? AND p.number > ?))"
            " ORDER BY p.document_id, p.number LIMIT ?",
            (*params, after[0], after[0], after[1], limit),
        ).fetchall()
        return [OcrTodo(int(r[0]), int(r[1]), str(r[2]), str(r[3] or "")) for r in rows]

    def count_pages_to_ocr(self, retry_failed: bool = False,
                           same_as: tuple[str, str] | None = None) -> int:
        """How many pages :meth:`pages_to_ocr` would return in all."""
        where, params = self._ocr_todo(retry_failed, same_as)
        row = self.execute(
            f"SELECT COUNT(*) FROM pages p JOIN documents d ON d.id = p.document_id WHERE {where}",
            params,
        ).fetchone()
        return int(row[0])

    @staticmethod
    def _ocr_todo(retry_failed: bool, same_as: tuple[str, str] | None
                  ) -> tuple[str, tuple[str, ...]]:
        """The condition on ``pages p`` / ``documents d`` of a page still to OCR."""
        done = " AND q.reason IS NULL" if retry_failed else ""
        params: tuple[str, ...] = ()
        if same_as is not None:  # settings are JSON written with sorted keys (put_ocr_page)
            done += " AND q.engine = ? AND q.settings LIKE ?"
            params = (same_as[0], f'%"languages": "{same_as[1]}"%')
        return ("p.needs_ocr = 1 AND d.sha256 IS NOT NULL"
                " AND (d.status = 'done' OR (d.status = 'failed' AND d.stage = 'ocr'))"
                " AND NOT EXISTS (SELECT 1 FROM pages q WHERE q.document_id = p.document_id"
                f" AND q.number = p.number AND q.layer = 'ocr'{done})", params)

    def put_ocr_page(self, document_id: int, page: PageText, settings: dict[str, Any],
                     words: Sequence[Word] = (), reason: str | None = None) -> None:
        """Store one page's OCR layer (replacing any earlier one) and its words, together.

        With ``reason`` the OCR of this page failed: the page is stored with empty text so a
        resumed run does not try it again (unless asked to retry failures).
        """
        layer = page.layer.value
        with self.transaction() as db:
            db.execute("DELETE FROM pages WHERE document_id = ? AND layer = ? AND number = ?",
                       (document_id, layer, page.number))
            db.execute("DELETE FROM words WHERE document_id = ? AND layer = ? AND page = ?",
                       (document_id, layer, page.number))
            db.execute(
                "INSERT INTO pages (document_id, layer, number, text, needs_ocr, engine,"
                " engine_version, created_at, settings, reason)"
                " VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?)",
                (document_id, layer, page.number, page.text, page.engine, page.engine_version,
                 now(), json.dumps(settings, ensure_ascii=False, sort_keys=True), reason),
            )
            db.executemany(
                'INSERT INTO words (document_id, page, layer, idx, text, "left", top, width,'
                ' height, confidence, line, start, "end", unverified)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(document_id, page.number, layer, idx, w.text, w.left, w.top, w.width,
                  w.height, w.confidence, w.line, w.start, w.end, int(w.unverified))
                 for idx, w in enumerate(words)],
            )

    def set_ocr_outcome(self, document_id: int, failed_reason: str | None) -> None:
        """A document whose every page failed OCR fails (stage ``ocr``); one that OCR could
        read after all is done again."""
        with self.transaction() as db:
            if failed_reason is not None:
                db.execute(
                    "UPDATE documents SET status = 'failed', stage = 'ocr', reason = ?,"
                    " updated_at = ? WHERE id = ? AND status = 'done'",
                    (failed_reason, now(), document_id))
            else:
                db.execute(
                    "UPDATE documents SET status = 'done', stage = NULL, reason = NULL,"
                    " updated_at = ? WHERE id = ? AND status = 'failed' AND stage = 'ocr'",
                    (now(), document_id))

    def words(self, document_id: int, page: int, layer: str = "ocr") -> list[Word]:
        """The recognised words of one page's layer, in reading order."""
        with self._lock:  # read whole under the lock: the web UI reads from threads
            rows = self.execute(
                'SELECT text, "left", top, width, height, confidence, line, start, "end",'
                " unverified FROM words WHERE document_id = ? AND page = ? AND layer = ?"
                " ORDER BY idx",
                (document_id, page, layer),
            ).fetchall()
        return [Word(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], bool(r[9]))
                for r in rows]

    def page_settings(self, document_id: int, page: int, layer: str = "ocr"
                      ) -> tuple[dict[str, Any], str | None] | None:
        """One page layer's settings and failure reason, or None when there is no such page."""
        with self._lock:
            row = self.execute(
                "SELECT settings, reason FROM pages WHERE document_id = ? AND number = ?"
                " AND layer = ?",
                (document_id, page, layer),
            ).fetchone()
        if row is None:
            return None
        return json.loads(row["settings"] or "{}"), row["reason"]

    def ocr_failures(self, document_id: int) -> dict[int, str]:
        """Page number → reason, for the document's pages whose OCR failed."""
        rows = self.execute(
            "SELECT number, reason FROM pages WHERE document_id = ? AND layer = 'ocr'"
            " AND reason IS NOT NULL ORDER BY number",
            (document_id,),
        ).fetchall()
        return {int(r[0]): str(r[1]) for r in rows}

    def set_language(self, document_id: int, language: str | None) -> None:
        """Set the document's language (None: undecided)."""
        with self.transaction() as db:
            db.execute("UPDATE documents SET language = ? WHERE id = ?", (language, document_id))


    # --- sources (issue 8: no absolute paths of the reporter's disk in keys) ------------

    def register_source(self, root: str, label: str | None = None) -> Source:
        """The source for the absolute path ``root`` given to ingest, registered on first sight.

        Its label (``label``, else the root's name) is the first segment of every path and key
        received from it; a default label is made unique in the case (``leak``, ``leak-2``).
        The same root is always the same source. Raises :class:`SourceConflict` for a label
        another root has, or a new label for a root already received under another."""
        if label is not None:
            label = _checked_label(label)
        with self.transaction() as db:
            known = self._source("root = ?", root)
            if known is not None:
                if label is not None and label != known.label:
                    raise SourceConflict(f"{root} was received before as source {known.label!r};"
                                         " it keeps that label")
                return known
            if label is None:
                base = Path(root).name or "root"
                label, n = base, 1
                while self._source("label = ?", label) is not None:
                    n += 1
                    label = f"{base}-{n}"
            elif self._source("label = ?", label) is not None:
                raise SourceConflict(f"source label {label!r} is taken by another folder;"
                                     " choose another")
            db.execute("INSERT INTO sources (label, root, first_seen_at) VALUES (?, ?, ?)",
                       (label, root, now()))
            source = self._source("root = ?", root)
            assert source is not None
            return source

    def sources(self) -> list[Source]:
        """Every source, in the order first seen."""
        rows = self.execute("SELECT id, label, root, first_seen_at FROM sources ORDER BY id")
        return [Source(*tuple(r)) for r in rows.fetchall()]

    def relative_path(self, path: str) -> str:
        """``path`` as received paths are written now: an absolute path (custody records written
        before sources existed hold those, and are never rewritten: they are hash-chained)
        becomes ``label/relative/path`` under the longest source root holding it; any other
        path is returned as it is."""
        if not path.startswith("/"):
            return path
        for source in sorted(self.sources(), key=lambda s: len(s.root), reverse=True):
            if path == source.root:
                return source.label
            if path.startswith(source.root.rstrip("/") + "/"):
                return f"{source.label}/{path[len(source.root.rstrip('/')) + 1:]}"
        return path

    def _source(self, where: str, value: str) -> Source | None:
        row = self.execute(f"SELECT id, label, root, first_seen_at FROM sources WHERE {where}",
                           (value,)).fetchone()
        return None if row is None else Source(*tuple(row))


class SourceConflict(RunError, ValueError):
    """A source label cannot be used: another root has it, or the root has another."""


@dataclass(frozen=True, slots=True)
class Source:
    """A path given to ingest. ``label`` begins every path and key received from it; ``root``,
    the absolute path on this machine, is local metadata that no export or bundle carries."""

    id: int
    label: str
    root: str
    first_seen_at: str


def _checked_label(label: str) -> str:
    """A label as given, if it can begin a path: one non-empty segment, no ``/``."""
    if not label.strip() or "/" in label or "\0" in label or label in (".", ".."):
        raise SourceConflict(f"bad source label {label!r}: one name, without '/'")
    return label

@dataclass(frozen=True, slots=True)
class OcrTodo:
    """A page waiting for OCR: its document, number, original's hash and type."""

    document_id: int
    page: int
    sha256: str
    mime: str
