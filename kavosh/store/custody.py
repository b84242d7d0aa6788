"""The custody log: an append-only, hash-chained record of everything a case received.

Each record holds what was received (path, size, SHA-256), when, by whom and how (``received``
from the reporter's disk, ``extracted`` from a container), plus the hash of the previous record;
its own hash covers all of that. Editing, removing or reordering any record breaks the chain.
Paths are ``label/relative/path`` under their source; records written before sources existed
hold absolute paths and keep them (rewriting would break the chain): ``Store.relative_path``
shows them the new way.

Removing records from the *end* leaves a valid shorter chain, so the head (last sequence number
and hash) is also written to an anchor file beside the database after every append, and every
stored file must have a record. ``verify`` checks the chain, the anchor and that cross-reference;
``audit`` also checks the stored originals themselves against the hashes the case recorded.

:class:`CustodyLog` is the chain's logic over any :class:`~kavosh.store.base.CustodyStore`;
:class:`CustodySql` is that family's SQL, one of the mixins of
:class:`kavosh.store.sqlstore.SqlStore`. Appending reads the head and inserts after it in one
transaction, which holds the write lock from its start (the dialect's ``begin``), so two
writers never give two records the same sequence number.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import astuple, dataclass, field
from pathlib import Path

from kavosh.archive import BlobState, BlobStore
from kavosh.model.progress import NoProgress, Progress
from kavosh.store.base import CustodyStore
from kavosh.store.records import CustodyRecord, now
from kavosh.store.sql import FIRST_PATH, SqlCore

GENESIS = "0" * 64
RECORD_COLUMNS = ("seq, at, actor, action, path, size, sha256, document_id, detail, prev_hash,"
                  " hash")


@dataclass(slots=True)
class CustodyAudit:
    """What :meth:`CustodyLog.audit` found. ``problems`` break the chain of custody (exit 1);
    ``warnings`` deserve a look but do not: an original whose bytes match yet is writable
    (a copy to a disk without Unix modes does that), a file in the archive no record names
    (a killed run leaves those until it is resumed)."""

    records: int
    originals: int
    rehashed: bool
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def record_hash(prev_hash: str, fields: list[object]) -> str:
    """The hash of a record: SHA-256 over the previous hash and the record's canonical JSON."""
    body = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


class CustodyLog:
    def __init__(self, store: CustodyStore, anchor: Path) -> None:
        self.store = store
        self.anchor = anchor

    def append(
        self,
        *,
        actor: str,
        action: str,
        path: str,
        size: int | None,
        sha256: str | None,
        document_id: int | None,
        detail: str = "",
    ) -> CustodyRecord:
        """Append a record inside the caller's transaction (or one of its own)."""
        with self.store.transaction():
            last = self.store.custody_head()
            seq, prev = (1, GENESIS) if last is None else (last[0] + 1, last[1])
            at = now()
            fields: list[object] = [seq, at, actor, action, path, size, sha256, document_id,
                                    detail]
            record = CustodyRecord(seq, at, actor, action, path, size, sha256, document_id,
                                   detail, prev, record_hash(prev, fields))
            self.store.add_custody_record(record)
        return record

    def write_anchor(self) -> None:
        """Record the chain's head outside the database. Commits a batch in progress first
        (:meth:`~kavosh.store.base.Transactional.commit_batch`), so the anchor never names a
        record a kill could still take back; call it outside any other transaction."""
        self.store.commit_batch()
        head = self.store.custody_head()
        if head is None:
            return
        tmp = self.anchor.with_suffix(".tmp")
        tmp.write_text(json.dumps({"seq": head[0], "hash": head[1]}) + "\n")
        os.replace(tmp, self.anchor)

    def records(self) -> list[CustodyRecord]:
        return self.store.custody_records()

    def verify(self) -> list[str]:
        """Every problem found in the log, in words; an empty list means it is intact."""
        problems: list[str] = []
        prev = GENESIS
        heads: dict[int, str] = {}
        for expected_seq, rec in enumerate(self.records(), start=1):
            if rec.seq != expected_seq:
                problems.append(f"record {expected_seq} is missing (found {rec.seq} in its place)")
            if rec.prev_hash != prev:
                problems.append(f"record {rec.seq} does not follow the record before it")
            fields: list[object] = [rec.seq, rec.at, rec.actor, rec.action, rec.path, rec.size,
                                    rec.sha256, rec.document_id, rec.detail]
            if record_hash(rec.prev_hash, fields) != rec.hash:
                problems.append(f"record {rec.seq} was altered (its hash does not match)")
            prev = rec.hash
            heads[rec.seq] = rec.hash
        problems.extend(self._check_anchor(heads))
        problems.extend(self._check_documents())
        return problems

    def audit(self, archive: BlobStore, *, rehash: bool = True,
              progress: Progress | None = None) -> CustodyAudit:
        """:meth:`verify` the log, then check every stored original: present, of its size,
        read-only and (with ``rehash``, one read of each) still hashing to its SHA-256.
        Each changed or missing original is a problem naming its document and path."""
        progress = progress or NoProgress()
        report = CustodyAudit(len(self.records()), 0, rehash, problems=self.verify())
        progress.phase("re-hashing" if rehash else "checking", self.store.count_originals())
        for document_id, sha256, size, path in self._originals():
            state = archive.check(sha256, size, rehash)
            what = f"original of document {document_id} ({path})"
            if state is BlobState.MISSING:
                report.problems.append(f"{what} is missing from the archive")
            elif state is BlobState.CHANGED:
                report.problems.append(f"{what} was changed: it no longer matches its SHA-256"
                                       f" {sha256[:12]}…")
            elif state is BlobState.WRITABLE:
                report.warnings.append(
                    f"{what} is writable (originals are stored read-only); its bytes "
                    + ("still match" if rehash else "were not re-hashed"))
            report.originals += 1
            progress.advance()
        report.warnings.extend(self._unknown_blobs(archive))
        return report

    def _originals(self, batch: int = 1000) -> Iterator[tuple[int, str, int | None, str]]:
        """``(document id, sha256, size, first path)`` of every stored file, in id order."""
        after = 0
        while rows := self.store.originals(after, batch):
            yield from rows
            after = rows[-1][0]

    def _unknown_blobs(self, archive: BlobStore) -> Iterator[str]:
        for path in archive.stored():
            known = path == archive.path(path.name) and self.store.is_stored_file(path.name)
            if not known:
                where = path.relative_to(archive.root.parent)
                yield (f"{where} is not known to the case (left by an interrupted run until it"
                       " is resumed, or put there by hand)")

    def _check_anchor(self, heads: dict[int, str]) -> list[str]:
        if not self.anchor.exists():
            return [] if not heads else ["the custody anchor file is missing"]
        head = json.loads(self.anchor.read_text())
        seq, digest = int(head["seq"]), str(head["hash"])
        if seq not in heads:
            return [f"records after {max(heads, default=0)} were removed (the anchor names {seq})"]
        if heads[seq] != digest:
            return [f"record {seq} differs from the one the anchor recorded"]
        return []

    def _check_documents(self) -> list[str]:
        return [f"stored document {document_id} ({sha256[:12]}…) has no custody record"
                for document_id, sha256 in self.store.files_without_custody()]


class CustodySql(SqlCore):
    """SQL for :class:`kavosh.store.base.CustodyStore`."""

    def custody_head(self) -> tuple[int, str] | None:
        row = self._one("SELECT seq, hash FROM custody ORDER BY seq DESC LIMIT 1")
        return None if row is None else (int(row[0]), str(row[1]))

    def add_custody_record(self, record: CustodyRecord) -> None:
        self.execute(f"INSERT INTO custody ({RECORD_COLUMNS})"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", astuple(record))

    def custody_records(self) -> list[CustodyRecord]:
        rows = self._all(f"SELECT {RECORD_COLUMNS} FROM custody ORDER BY seq")
        return [CustodyRecord(*tuple(r)) for r in rows]

    def count_originals(self) -> int:
        return self._count(
            "SELECT COUNT(*) FROM documents WHERE kind = 'file' AND sha256 IS NOT NULL")

    def originals(self, after_id: int, limit: int) -> list[tuple[int, str, int | None, str]]:
        rows = self._all(
            f"SELECT d.id, d.sha256, d.size, {FIRST_PATH} FROM documents d"
            " WHERE d.kind = 'file' AND d.sha256 IS NOT NULL AND d.id > ? ORDER BY d.id"
            " LIMIT ?", (after_id, limit))
        return [(int(r[0]), str(r[1]), r[2], str(r[3] or "")) for r in rows]

    def is_stored_file(self, sha256: str) -> bool:
        return self._one("SELECT 1 FROM documents WHERE key = ? AND kind = 'file'",
                         (sha256,)) is not None

    def files_without_custody(self) -> list[tuple[int, str]]:
        rows = self._all(
            "SELECT d.id, d.sha256 FROM documents d WHERE d.kind = 'file' AND NOT EXISTS"
            " (SELECT 1 FROM custody c WHERE c.document_id = d.id AND c.sha256 = d.sha256)")
        return [(int(r[0]), str(r[1])) for r in rows]
