"""Saved network views (issue 14): a view of the network page kept under a name in the case
— its filters, its nodes' positions, the nodes selected, its zoom — with who saved it and
when. The contract is :class:`ViewStore`; :class:`ViewsSql` its SQL (migration 20).

Saving under a name that exists replaces the view (its ``created_by``/``created_at`` stay);
the store keeps the view as JSON and does not read it: :mod:`kavosh.api.routes_graph` checks
its shape.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kavosh.store.records import now
from kavosh.store.sql import SqlCore


@dataclass(frozen=True, slots=True)
class SavedView:
    """A view kept under ``name``: ``data`` as saved, who saved it first and last, when."""

    id: int
    name: str
    data: dict[str, Any]
    created_by: str
    created_at: str
    saved_by: str
    saved_at: str

    def to_json(self, data: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "name": self.name, "created_by": self.created_by,
                               "created_at": self.created_at, "by": self.saved_by,
                               "at": self.saved_at}
        if data:
            out["view"] = self.data
        return out


class ViewStore(Protocol):
    """Saved views of the network page."""

    def save_view(self, name: str, data: dict[str, Any], actor: str) -> SavedView:
        """Keep ``data`` under ``name`` (replacing a view of that name), saved by ``actor``."""

    def saved_view(self, name: str) -> SavedView | None: ...

    def saved_views(self) -> list[SavedView]:
        """Every saved view, the last saved first."""


_COLUMNS = "id, name, data, created_by, created_at, saved_by, saved_at"


def _view(row: Sequence[Any]) -> SavedView:
    return SavedView(int(row[0]), row[1], json.loads(row[2]), row[3], row[4], row[5], row[6])


class ViewsSql(SqlCore):
    def save_view(self, name: str, data: dict[str, Any], actor: str) -> SavedView:
        at = now()
        with self.transaction():
            self.execute(
                "INSERT INTO saved_views (name, data, created_by, created_at, saved_by,"
                " saved_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                " data = excluded.data, saved_by = excluded.saved_by,"
                " saved_at = excluded.saved_at",
                (name, json.dumps(data, ensure_ascii=False), actor, at, actor, at))
            found = self.saved_view(name)
        assert found is not None
        return found

    def saved_view(self, name: str) -> SavedView | None:
        row = self._one(f"SELECT {_COLUMNS} FROM saved_views WHERE name = ?", (name,))
        return None if row is None else _view(row)

    def saved_views(self) -> list[SavedView]:
        rows = self._all(f"SELECT {_COLUMNS} FROM saved_views ORDER BY saved_at DESC, id DESC")
        return [_view(r) for r in rows]
