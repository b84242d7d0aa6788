"""Documents, where they were found (occurrences) and the sources they came from: SQL for
:class:`kavosh.store.base.DocumentStore`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from kavosh.model import Document, Kind, Occurrence, PageText, Status
from kavosh.store.records import FailureRow, PendingFile, Source, SourceConflict, now
from kavosh.store.sql import FIRST_PATH, SqlCore


class DocumentsSql(SqlCore):
    put_pages: Callable[[int, Iterable[PageText]], None]  # kavosh.store.pages

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
        with self.transaction():
            row = self._one("SELECT id, depth FROM documents WHERE key = ?", (key,))
            if row is not None:
                if depth < row["depth"]:
                    self.execute("UPDATE documents SET depth = ? WHERE id = ?",
                                 (depth, row["id"]))
                return int(row["id"]), False
            stamp = now()
            document_id = int(self._all(  # all rows: a RETURNING statement must run to its end
                "INSERT INTO documents (key, kind, sha256, size, depth, status, stage, reason,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (key, kind.value, sha256, size, depth, status.value, stage, reason, stamp, stamp),
            )[0][0])
            if kind == Kind.FILE and status == Status.PENDING:  # a stored file waits to be read
                self.execute(
                    "INSERT INTO stage_state (document_id, stage, status, version, updated_at)"
                    " VALUES (?, 'read', 'pending', '', ?)", (document_id, stamp))
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
        with self.transaction():
            cur = self.execute(
                "INSERT INTO occurrences (document_id, path, parent_id, source_size,"
                " source_mtime_ns) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (document_id, path, parent_id, source_size, source_mtime_ns),
            )
            return cur.rowcount > 0

    def received_unchanged(self, path: str, size: int, mtime_ns: int) -> int | None:
        row = self._one(
            "SELECT document_id FROM occurrences WHERE path = ? AND parent_id IS NULL"
            " AND source_size = ? AND source_mtime_ns = ?",
            (path, size, mtime_ns),
        )
        if row is None:
            row = self._one(
                "SELECT o.document_id FROM occurrences o JOIN documents d ON d.id = o.parent_id"
                " WHERE o.path = ? AND d.kind = 'directory' AND o.source_size = ?"
                " AND o.source_mtime_ns = ?",
                (path, size, mtime_ns),
            )
        return None if row is None else int(row[0])

    # --- reading and its outcome ----------------------------------------------------------

    def pending_files(self, limit: int, after_id: int = 0) -> list[PendingFile]:
        rows = self._all(
            f"SELECT d.id, d.sha256, d.depth, s.attempts, {FIRST_PATH} AS path"
            " FROM stage_state s JOIN documents d ON d.id = s.document_id"
            " WHERE s.stage = 'read' AND s.status = 'pending' AND d.kind = 'file'"
            " AND s.document_id > ? ORDER BY s.document_id LIMIT ?",
            (after_id, limit),
        )
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
        with self.transaction():
            self.put_pages(document_id, pages)
            self.execute(
                "UPDATE documents SET status = 'done', stage = NULL, reason = NULL, mime = ?,"
                " metadata = ?, language = ?, updated_at = ? WHERE id = ?",
                (mime, json.dumps(metadata, ensure_ascii=False, default=str), language, now(),
                 document_id),
            )

    def fail_document(
        self, document_id: int, stage: str, reason: str, mime: str | None = None
    ) -> None:
        with self.transaction():
            self.execute(
                "UPDATE documents SET status = 'failed', stage = ?, reason = ?,"
                " mime = COALESCE(?, mime), updated_at = ? WHERE id = ?",
                (stage, reason, mime, now(), document_id),
            )

    def set_language(self, document_id: int, language: str | None) -> None:
        with self.transaction():
            self.execute("UPDATE documents SET language = ? WHERE id = ?",
                         (language, document_id))

    # --- reading documents ------------------------------------------------------------------

    def document(self, document_id: int) -> Document | None:
        row = self._one("SELECT * FROM documents WHERE id = ?", (document_id,))
        return None if row is None else self._document(row)

    def documents(self, after_id: int = 0, batch: int = 500) -> Iterator[Document]:
        while rows := self._all("SELECT * FROM documents WHERE id > ? ORDER BY id LIMIT ?",
                                (after_id, batch)):
            for row in rows:
                yield self._document(row)
            after_id = rows[-1]["id"]

    def _document(self, row: Any) -> Document:
        occurrences = [
            Occurrence(r["path"], r["parent_id"])
            for r in self._all(
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

    def children(self, document_id: int) -> list[tuple[int, str]]:
        rows = self._all(
            "SELECT document_id, path FROM occurrences WHERE parent_id = ? ORDER BY id",
            (document_id,),
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    def counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Status}
        for row in self._all(
            "SELECT status, COUNT(*) FROM documents WHERE kind != 'directory' GROUP BY status"
        ):
            counts[row[0]] = int(row[1])
        counts["documents"] = sum(counts[s.value] for s in Status)
        return counts

    def failures(self) -> list[FailureRow]:
        rows = self._all(
            f"SELECT d.id, d.stage, d.reason, {FIRST_PATH} AS path FROM documents d"
            " WHERE d.status = 'failed' ORDER BY d.id"
        )
        return [FailureRow(r["id"], r["path"] or "", r["stage"] or "", r["reason"] or "")
                for r in rows]

    # --- sources --------------------------------------------------------------------------

    def register_source(self, root: str, label: str | None = None) -> Source:
        if label is not None:
            label = _checked_label(label)
        with self.transaction():
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
            self.execute("INSERT INTO sources (label, root, first_seen_at) VALUES (?, ?, ?)",
                         (label, root, now()))
            source = self._source("root = ?", root)
            assert source is not None
            return source

    def sources(self) -> list[Source]:
        rows = self._all("SELECT id, label, root, first_seen_at FROM sources ORDER BY id")
        return [Source(*tuple(r)) for r in rows]

    def relative_path(self, path: str) -> str:
        if not path.startswith("/"):
            return path
        for source in sorted(self.sources(), key=lambda s: len(s.root), reverse=True):
            if path == source.root:
                return source.label
            if path.startswith(source.root.rstrip("/") + "/"):
                return f"{source.label}/{path[len(source.root.rstrip('/')) + 1:]}"
        return path

    def _source(self, where: str, value: str) -> Source | None:
        row = self._one(f"SELECT id, label, root, first_seen_at FROM sources WHERE {where}",
                        (value,))
        return None if row is None else Source(*tuple(row))


def _checked_label(label: str) -> str:
    """A label as given, if it can begin a path: one non-empty segment, no ``/``."""
    if not label.strip() or "/" in label or "\0" in label or label in (".", ".."):
        raise SourceConflict(f"bad source label {label!r}: one name, without '/'")
    return label
