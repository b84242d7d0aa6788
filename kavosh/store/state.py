"""Per-document and case-wide stage state (:mod:`kavosh.pipeline.stages`): SQL for
:class:`kavosh.store.base.StateStore`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kavosh.store.records import now
from kavosh.store.sql import SqlCore

# An outcome recorded by the stage itself ends a series of crashed attempts (attempts = 0).
UPSERT_STATE = (
    "INSERT INTO stage_state (document_id, stage, status, version, reason, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (document_id, stage) DO UPDATE SET"
    " status = excluded.status, version = excluded.version, reason = excluded.reason,"
    " attempts = 0, updated_at = excluded.updated_at"
)


class StateSql(SqlCore):
    def set_states(self, stage: str, version: str,
                   states: Iterable[tuple[int, str, str | None]]) -> None:
        stamp = now()
        with self.transaction():
            self._many(UPSERT_STATE, [(doc, stage, status, version, reason, stamp)
                                      for doc, status, reason in states])

    def set_state(self, document_id: int, stage: str, status: str, version: str,
                  reason: str | None = None) -> None:
        self.set_states(stage, version, [(document_id, status, reason)])

    def bump_attempts(self, document_id: int, stage: str, version: str, reason: str) -> int:
        stamp = now()
        with self.transaction():
            self.execute(
                "INSERT INTO stage_state (document_id, stage, status, version, reason, attempts,"
                " updated_at) VALUES (?, ?, 'failed', ?, ?, 1, ?) ON CONFLICT (document_id, stage)"
                " DO UPDATE SET status = 'failed', version = excluded.version,"
                " reason = excluded.reason, attempts = stage_state.attempts + 1,"
                " updated_at = excluded.updated_at",
                (document_id, stage, version, reason, stamp))
            row = self._one("SELECT attempts FROM stage_state WHERE document_id = ?"
                            " AND stage = ?", (document_id, stage))
        return int(row[0]) if row is not None else 0

    def requeue_attempts(self, stage: str, attempts: int) -> int:
        with self.transaction():
            cur = self.execute(
                "UPDATE stage_state SET status = 'pending', updated_at = ? WHERE stage = ?"
                " AND status = 'failed' AND attempts > 0 AND attempts < ?",
                (now(), stage, attempts))
            return cur.rowcount

    def mark_pending(self, stage: str, ids: Iterable[int]) -> None:
        stamp = now()
        with self.transaction():
            self._many(
                "INSERT INTO stage_state (document_id, stage, status, version, updated_at)"
                " VALUES (?, ?, 'pending', '', ?) ON CONFLICT (document_id, stage) DO UPDATE"
                " SET status = 'pending', reason = NULL, updated_at = excluded.updated_at",
                [(doc, stage, stamp) for doc in ids])

    def mark_all_unindexed(self) -> None:
        with self.transaction():
            self.execute("UPDATE stage_state SET status = 'pending', updated_at = ?"
                         " WHERE stage = 'index'", (now(),))

    def requeue_stale(self, stage: str, version: str) -> int:
        with self.transaction():
            cur = self.execute(
                "UPDATE stage_state SET status = 'pending', updated_at = ? WHERE stage = ?"
                " AND status != 'pending' AND version != ?", (now(), stage, version))
            return cur.rowcount

    def stage_todo(self, stage: str, limit: int, after: int = 0) -> list[int]:
        rows = self._all(
            "SELECT document_id FROM stage_state WHERE stage = ? AND status = 'pending'"
            " AND document_id > ? ORDER BY document_id LIMIT ?", (stage, after, limit))
        return [int(r[0]) for r in rows]

    def count_todo(self, stage: str) -> int:
        return self._count("SELECT COUNT(*) FROM stage_state WHERE stage = ?"
                           " AND status = 'pending'", (stage,))

    def stage_counts(self) -> list[tuple[str, str, str, int]]:
        rows = self._all(
            "SELECT stage, status, version, COUNT(*) FROM stage_state"
            " GROUP BY stage, status, version ORDER BY stage, status, version")
        return [(str(r[0]), str(r[1]), str(r[2]), int(r[3])) for r in rows]

    def state(self, document_id: int) -> dict[str, tuple[str, str, str | None]]:
        rows = self._all("SELECT stage, status, version, reason FROM stage_state"
                         " WHERE document_id = ?", (document_id,))
        return {str(r[0]): (str(r[1]), str(r[2]), r[3]) for r in rows}

    def case_state(self, stage: str) -> tuple[str, str, str | None] | None:
        row = self._one("SELECT status, version, reason FROM case_state WHERE stage = ?",
                        (stage,))
        return None if row is None else (str(row[0]), str(row[1]), row[2])

    def set_case_state(self, stage: str, status: str, version: str,
                       reason: str | None = None) -> None:
        with self.transaction():
            self.execute(
                "INSERT INTO case_state (stage, status, version, reason, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (stage) DO UPDATE SET"
                " status = excluded.status, version = excluded.version,"
                " reason = excluded.reason, updated_at = excluded.updated_at",
                (stage, status, version, reason, now()))

    def mark_case_stages_pending(self, keep: Sequence[str] = ()) -> None:
        kept = "".join(" AND stage != ?" for _ in keep)
        with self.transaction():
            self.execute("UPDATE case_state SET status = 'pending', updated_at = ?"
                         f" WHERE status != 'pending'{kept}", (now(), *keep))
