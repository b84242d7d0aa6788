"""The custody log: an append-only, hash-chained record of everything a case received.

Each record holds what was received (path, size, SHA-256), when, by whom and how (``received``
from the reporter's disk, ``extracted`` from a container), plus the hash of the previous record;
its own hash covers all of that. Editing, removing or reordering any record breaks the chain.

Removing records from the *end* leaves a valid shorter chain, so the head (last sequence number
and hash) is also written to an anchor file beside the database after every append, and every
stored file must have a record. ``verify`` checks the chain, the anchor and that cross-reference.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from kavosh.store.db import Store, now

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class CustodyRecord:
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


def record_hash(prev_hash: str, fields: list[object]) -> str:
    """The hash of a record: SHA-256 over the previous hash and the record's canonical JSON."""
    body = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


class CustodyLog:
    def __init__(self, store: Store, anchor: Path) -> None:
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
        with self.store.transaction() as db:
            last = db.execute("SELECT seq, hash FROM custody ORDER BY seq DESC LIMIT 1").fetchone()
            seq, prev = (1, GENESIS) if last is None else (last[0] + 1, last[1])
            at = now()
            fields: list[object] = [seq, at, actor, action, path, size, sha256, document_id,
                                    detail]
            digest = record_hash(prev, fields)
            db.execute(
                "INSERT INTO custody (seq, at, actor, action, path, size, sha256, document_id,"
                " detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*fields, prev, digest),
            )
        return CustodyRecord(seq, at, actor, action, path, size, sha256, document_id, detail,
                             prev, digest)

    def write_anchor(self) -> None:
        """Record the chain's head outside the database (call after the transaction commits)."""
        row = self.store.execute("SELECT seq, hash FROM custody ORDER BY seq DESC LIMIT 1")
        head = row.fetchone()
        if head is None:
            return
        tmp = self.anchor.with_suffix(".tmp")
        tmp.write_text(json.dumps({"seq": head[0], "hash": head[1]}) + "\n")
        os.replace(tmp, self.anchor)

    def records(self) -> list[CustodyRecord]:
        rows = self.store.execute(
            "SELECT seq, at, actor, action, path, size, sha256, document_id, detail, prev_hash,"
            " hash FROM custody ORDER BY seq"
        ).fetchall()
        return [CustodyRecord(*tuple(r)) for r in rows]

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
        rows = self.store.execute(
            "SELECT d.id, d.sha256 FROM documents d WHERE d.kind = 'file' AND NOT EXISTS"
            " (SELECT 1 FROM custody c WHERE c.document_id = d.id AND c.sha256 = d.sha256)"
        ).fetchall()
        return [f"stored document {r[0]} ({r[1][:12]}…) has no custody record" for r in rows]
