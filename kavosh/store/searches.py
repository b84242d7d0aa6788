"""Saved searches (issue 12): SQL for :class:`kavosh.store.base.SavedSearchStore`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kavosh.store.records import now
from kavosh.store.sql import SqlCore


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A search a reporter keeps: its query as typed and its filters (query-language text
    searched together with it), and when its hits were last seen (ISO 8601, UTC)."""

    id: int
    name: str
    query: str
    filters: str
    created_at: str
    seen_at: str

    @property
    def text(self) -> str:
        """The query to run: the query and its filters, both required."""
        if not self.filters.strip():
            return self.query
        return f"({self.query}) {self.filters}"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "query": self.query, "filters": self.filters,
                "created_at": self.created_at, "seen_at": self.seen_at}


_COLUMNS = "id, name, query, filters, created_at, seen_at"


def _saved(row: Sequence[Any]) -> SavedSearch:
    return SavedSearch(int(row[0]), row[1], row[2], row[3], row[4], row[5])


class SearchesSql(SqlCore):
    def save_search(self, name: str, query: str, filters: str = "") -> SavedSearch:
        with self.transaction():
            at = now()
            self.execute(
                "INSERT INTO saved_searches (name, query, filters, created_at, seen_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                " query = excluded.query, filters = excluded.filters",
                (name, query, filters, at, at))
            found = self.saved_search(name)
        assert found is not None
        return found

    def saved_search(self, name: str) -> SavedSearch | None:
        row = self._one(f"SELECT {_COLUMNS} FROM saved_searches WHERE name = ?", (name,))
        return None if row is None else _saved(row)

    def saved_searches(self) -> list[SavedSearch]:
        return [_saved(r) for r in self._all(
            f"SELECT {_COLUMNS} FROM saved_searches ORDER BY name")]

    def delete_search(self, name: str) -> bool:
        with self.transaction():
            return self.execute("DELETE FROM saved_searches WHERE name = ?",
                                (name,)).rowcount > 0

    def mark_search_seen(self, name: str, at: str) -> None:
        with self.transaction():
            self.execute("UPDATE saved_searches SET seen_at = ? WHERE name = ?", (at, name))

    def indexed_since(self, at: str) -> list[int]:
        return [int(r[0]) for r in self._all(
            "SELECT document_id FROM stage_state WHERE stage = ? AND status = ?"
            " AND updated_at > ? ORDER BY document_id", ("index", "done", at))]
