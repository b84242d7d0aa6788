"""Verification (issue 16): automated findings, what each check has done, and the status
people set. The contract is :class:`VerifyStore`; :class:`VerifySql` its SQL.

Findings and statuses never touch each other: a check writes findings, a person writes a
status (with a note, links to evidence, who and when), and every status change is kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from kavosh.store.records import now
from kavosh.store.sql import FIRST_PATH, SqlCore

SEVERITIES = ("info", "warning", "problem")  # in rising order
STATUSES = ("unreviewed", "consistent", "questions", "corroborated", "doubtful")


@dataclass(frozen=True, slots=True)
class StoredFinding:
    """One automated finding: about ``document_id``, by ``check`` at ``version``, of a
    ``severity`` in :data:`SEVERITIES`, with a plain ``message`` and its ``evidence`` (JSON:
    ``page``, ``start``/``end`` raw offsets, ``field``, ``documents`` involved, …)."""

    document_id: int
    check: str
    version: str
    severity: str
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    path: str | None = None  # the document's first path, when read back

    def to_json(self) -> dict[str, Any]:
        """The line ``kavosh verify --json`` prints."""
        return {"document_id": self.document_id, "path": self.path, "check": self.check,
                "version": self.version, "severity": self.severity, "message": self.message,
                "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class StatusRecord:
    """A verification status as a person set it: ``status`` in :data:`STATUSES`, a note,
    links to evidence, who and when (ISO UTC)."""

    seq: int
    document_id: int
    status: str
    note: str
    evidence: tuple[str, ...]
    actor: str
    at: str

    def to_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "status": self.status, "note": self.note,
                "evidence": list(self.evidence), "by": self.actor, "at": self.at}


class VerifyStore(Protocol):
    """Findings, per-document check state and verification statuses."""

    def verify_done(self, check: str) -> dict[int, tuple[str, Any]]:
        """Document id → ``(version, data)`` for every document ``check`` has done."""

    def verify_bases(self, check: str) -> dict[int, tuple[str, str]]:
        """Document id → ``(version, basis)`` for every document ``check`` has done: the
        basis says what the check read besides the document (see :func:`derive_stamps`)."""

    def derive_stamps(self) -> dict[int, str]:
        """Document id → ``"<version>@<time>"`` of its ``derive`` stage when done: changes
        when the document is derived again (a new reader, new OCR text)."""

    def put_document_findings(self, check: str, version: str,
                              results: Iterable[tuple[int, Any, Sequence[StoredFinding]]],
                              basis: str = "") -> None:
        """For each ``(document id, data, findings)``: replace the document's findings of
        ``check`` and record it done by ``version`` on ``basis`` with ``data`` (one
        transaction)."""

    def put_case_findings(self, check: str, findings: Sequence[StoredFinding]) -> None:
        """Replace every finding of the case-wide ``check``."""

    def findings(self, document_id: int | None = None, check: str | None = None
                 ) -> list[StoredFinding]:
        """Findings of one document (or all), of one check (or all), by document, check and
        the order found, each with its document's first path."""

    def finding_counts(self) -> list[tuple[str, str, str, int]]:
        """``(check, version, severity, findings)`` for every combination present."""

    def add_status(self, document_id: int, status: str, note: str,
                   evidence: Sequence[str], actor: str) -> StatusRecord:
        """Record a status set by ``actor`` now (the earlier ones are kept)."""

    def status_history(self, document_id: int) -> list[StatusRecord]:
        """Every status the document was given, oldest first (empty: unreviewed)."""

    def status_counts(self) -> dict[str, int]:
        """Documents by current status (files only; those never reviewed are
        ``unreviewed``)."""


class VerifySql(SqlCore):
    def verify_done(self, check: str) -> dict[int, tuple[str, Any]]:
        rows = self._all('SELECT document_id, version, data FROM verify_done WHERE "check" = ?',
                         (check,))
        return {int(r[0]): (r[1], json.loads(r[2])) for r in rows}

    def verify_bases(self, check: str) -> dict[int, tuple[str, str]]:
        rows = self._all('SELECT document_id, version, basis FROM verify_done WHERE "check" = ?',
                         (check,))
        return {int(r[0]): (r[1], r[2]) for r in rows}

    def derive_stamps(self) -> dict[int, str]:
        rows = self._all("SELECT document_id, version, updated_at FROM stage_state"
                         " WHERE stage = 'derive' AND status = 'done'")
        return {int(r[0]): f"{r[1]}@{r[2]}" for r in rows}

    def put_document_findings(self, check: str, version: str,
                              results: Iterable[tuple[int, Any, Sequence[StoredFinding]]],
                              basis: str = "") -> None:
        with self.transaction():
            for document_id, data, found in results:
                self.execute('DELETE FROM verify_findings WHERE document_id = ? AND "check" = ?',
                             (document_id, check))
                self._insert(found)
                self.execute(
                    'INSERT INTO verify_done (document_id, "check", version, data, basis)'
                    ' VALUES (?, ?, ?, ?, ?) ON CONFLICT (document_id, "check") DO UPDATE SET'
                    " version = excluded.version, data = excluded.data,"
                    " basis = excluded.basis",
                    (document_id, check, version, json.dumps(data, ensure_ascii=False), basis))

    def put_case_findings(self, check: str, findings: Sequence[StoredFinding]) -> None:
        with self.transaction():
            self.execute('DELETE FROM verify_findings WHERE "check" = ?', (check,))
            self._insert(findings)

    def _insert(self, findings: Sequence[StoredFinding]) -> None:
        self._many('INSERT INTO verify_findings (document_id, "check", version, severity,'
                   " message, evidence) VALUES (?, ?, ?, ?, ?, ?)",
                   [(f.document_id, f.check, f.version, f.severity, f.message,
                     json.dumps(f.evidence, ensure_ascii=False)) for f in findings])

    def findings(self, document_id: int | None = None, check: str | None = None
                 ) -> list[StoredFinding]:
        where: list[str] = []
        params: list[Any] = []
        if document_id is not None:
            where.append("f.document_id = ?")
            params.append(document_id)
        if check is not None:
            where.append('f."check" = ?')
            params.append(check)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self._all(
            f'SELECT f.document_id, f."check", f.version, f.severity, f.message, f.evidence,'
            f" {FIRST_PATH.replace('d.id', 'f.document_id')}"
            f' FROM verify_findings f {clause} ORDER BY f.document_id, f."check", f.id', params)
        return [StoredFinding(int(r[0]), r[1], r[2], r[3], r[4], json.loads(r[5]), r[6])
                for r in rows]

    def finding_counts(self) -> list[tuple[str, str, str, int]]:
        rows = self._all('SELECT "check", version, severity, COUNT(*) FROM verify_findings'
                         ' GROUP BY "check", version, severity ORDER BY "check", severity')
        return [(r[0], r[1], r[2], int(r[3])) for r in rows]

    def add_status(self, document_id: int, status: str, note: str,
                   evidence: Sequence[str], actor: str) -> StatusRecord:
        stamp = now()
        with self.transaction():
            self.execute(
                "INSERT INTO verify_status (document_id, status, note, evidence, actor, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (document_id, status, note, json.dumps(list(evidence), ensure_ascii=False),
                 actor, stamp))
            seq = self._count("SELECT MAX(seq) FROM verify_status")  # inside the write lock
        return StatusRecord(seq, document_id, status, note, tuple(evidence), actor, stamp)

    def status_history(self, document_id: int) -> list[StatusRecord]:
        rows = self._all("SELECT seq, document_id, status, note, evidence, actor, at"
                         " FROM verify_status WHERE document_id = ? ORDER BY seq",
                         (document_id,))
        return [StatusRecord(int(r[0]), int(r[1]), r[2], r[3], tuple(json.loads(r[4])), r[5],
                             r[6]) for r in rows]

    def status_counts(self) -> dict[str, int]:
        rows = self._all(
            "SELECT COALESCE((SELECT s.status FROM verify_status s WHERE s.document_id = d.id"
            " ORDER BY s.seq DESC LIMIT 1), 'unreviewed'), COUNT(*) FROM documents d"
            " WHERE d.kind = 'file' GROUP BY 1")
        counts = dict.fromkeys(STATUSES, 0)
        counts.update({r[0]: int(r[1]) for r in rows})
        return counts
