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
    searched together with it), and what was last seen of it: when, and ``seen_through``,
    the highest document id through which every document was searchable then."""

    id: int
    name: str
    query: str
    filters: str
    created_at: str
    seen_at: str
    seen_through: int

    @property
    def text(self) -> str:
        """The query to run: the query and its filters, both required."""
        if not self.filters.strip():
            return self.query
        return f"({self.query}) {self.filters}"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "query": self.query, "filters": self.filters,
                "created_at": self.created_at, "seen_at": self.seen_at,
                "seen_through": self.seen_through}


_COLUMNS = "id, name, query, filters, created_at, seen_at, seen_through"


def _saved(row: Sequence[Any]) -> SavedSearch:
    return SavedSearch(int(row[0]), row[1], row[2], row[3], row[4], row[5], int(row[6]))


class SearchesSql(SqlCore):
    def save_search(self, name: str, query: str, filters: str = "") -> SavedSearch:
        with self.transaction():
            at = now()
            self.execute(
                "INSERT INTO saved_searches (name, query, filters, created_at, seen_at,"
                " seen_through) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                " query = excluded.query, filters = excluded.filters",
                (name, query, filters, at, at, self.searchable_through()))
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

    def mark_search_seen(self, name: str, through: int) -> None:
        with self.transaction():
            self.execute("UPDATE saved_searches SET seen_at = ?, seen_through = ?"
                         " WHERE name = ?", (now(), through, name))

    def searchable_through(self) -> int:
        # Below the first document some stage still waits for, every document is as
        # searchable as it will be; the highest id when none waits.
        waiting = self._one("SELECT MIN(document_id) FROM stage_state WHERE status = ?",
                            ("pending",))[0]
        if waiting is not None:
            return int(waiting) - 1
        return int(self._one("SELECT COALESCE(MAX(id), 0) FROM documents")[0])
