"""Watchlists loaded into a case and their cross-reference with the archive's mentions
(issue 13). The contract is :class:`WatchlistStore`; :class:`WatchlistsSql` its SQL.

A list is stored whole under a name, with a ``version``: the SHA-256 of its entries as
loaded, so loading the same file again changes nothing and loading a changed one replaces
the entries (and the matches found against the old ones). Matches are kept per *unit*: the
piece of the archive a mention source hands over at once (a page, ``"12:3"``), with the
``stamp`` of what the unit held when it was compared (the finder's version and the page's
text); a unit done against a list's version with the same stamp is not compared again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from kavosh.store.records import now
from kavosh.store.sql import SqlCore


@dataclass(frozen=True, slots=True)
class WatchEntry:
    """One listed entity: the list's own ``key`` for it, its ``name`` and ``aliases``, its
    ``type`` (``person``, ``organization``, ``vessel``, ``aircraft`` … lower case; ``""``
    unknown), ``country`` and ``program`` (the sanctions programme, or the list's category),
    and whatever else the list said (``data``). ``id`` is the stored row's (0 before)."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()
    type: str = ""
    country: str = ""
    program: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    id: int = 0

    def names(self) -> tuple[str, ...]:
        """The name and its aliases, without repeats."""
        return tuple(dict.fromkeys((self.name, *self.aliases)))

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "key": self.key, "name": self.name, "aliases": list(self.aliases),
                "type": self.type, "country": self.country, "program": self.program}


@dataclass(frozen=True, slots=True)
class Watchlist:
    """A stored list: its ``name`` in the case, ``version`` (hash of the entries), the format
    and file it was loaded from, how many entries, when."""

    id: int
    name: str
    version: str
    format: str
    source: str
    entries: int
    loaded_at: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "version": self.version,
                "format": self.format, "source": self.source, "entries": self.entries,
                "loaded_at": self.loaded_at}


@dataclass(frozen=True, slots=True)
class XrefMatch:
    """A mention found to name a listed entry: where (``document_id``, ``page``, raw offsets
    ``start``/``end`` in the page's text; ``mention_id`` when the mention is stored), the
    mention's text and type, the listed name or alias it matched with ``score`` (0–1), the
    sentence it stands in (the evidence). ``entry`` is filled when read back."""

    entry_id: int
    document_id: int
    page: int
    start: int
    end: int
    mention: str
    mention_type: str
    listed_name: str
    score: float
    sentence: str
    mention_id: int | None = None
    entry: WatchEntry | None = None
    list_name: str = ""

    def to_json(self) -> dict[str, Any]:
        """The line ``kavosh xref --json`` prints."""
        return {"list": self.list_name, "entry": self.entry.to_json() if self.entry else
                {"id": self.entry_id}, "listed_name": self.listed_name,
                "score": round(self.score, 4), "document_id": self.document_id,
                "page": self.page, "start": self.start, "end": self.end,
                "mention_id": self.mention_id, "mention": self.mention,
                "mention_type": self.mention_type, "sentence": self.sentence}


def entries_version(entries: Sequence[WatchEntry]) -> str:
    """The version of a list's content: SHA-256 over its entries (16 hex digits)."""
    digest = hashlib.sha256()
    for e in entries:
        digest.update(json.dumps([e.key, e.name, list(e.aliases), e.type, e.country,
                                  e.program], ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


class WatchlistStore(Protocol):
    """Watchlists, their entries, and the matches of the archive's mentions against them."""

    def put_watchlist(self, name: str, format: str, source: str,
                      entries: Sequence[WatchEntry]) -> tuple[Watchlist, bool]:
        """Store ``entries`` as the list ``name``; ``(the list, whether it changed)``. The
        same entries again change nothing; other entries replace the old ones with their
        matches and comparisons."""

    def watchlists(self) -> list[Watchlist]:
        """Every stored list, by name."""

    def watchlist(self, name: str) -> Watchlist | None:
        """The list called ``name``."""

    def watch_entries(self, list_id: int) -> list[WatchEntry]:
        """A list's entries (with their ids), in the order loaded."""

    def xref_done(self, list_id: int, version: str) -> dict[str, str]:
        """Unit → stamp of every unit compared against this version of the list."""

    def put_xref_unit(self, list_id: int, version: str, unit: str, stamp: str,
                      matches: Sequence[XrefMatch]) -> None:
        """Replace the unit's matches against the list and record it compared (with
        ``stamp``) against ``version``."""

    def xref_matches(self, list_id: int | None = None, min_score: float = 0.0,
                     document_id: int | None = None, limit: int | None = None,
                     entity_id: int | None = None) -> list[XrefMatch]:
        """Matches (of one list or all, of one document or all, of one entity's stored
        mentions or all), best score first, each with its entry and list name."""

    def xref_counts(self) -> dict[int, tuple[int, int]]:
        """List id → ``(units compared, matches)``."""


_ENTRY_COLUMNS = "e.id, e.key, e.name, e.aliases, e.type, e.country, e.program, e.data"


def _entry(r: Sequence[Any]) -> WatchEntry:
    return WatchEntry(r[1], r[2], tuple(json.loads(r[3])), r[4], r[5], r[6], json.loads(r[7]),
                      int(r[0]))


def _watchlist(r: Sequence[Any]) -> Watchlist:
    return Watchlist(int(r[0]), r[1], r[2], r[3], r[4], int(r[5]), r[6])


class WatchlistsSql(SqlCore):
    def put_watchlist(self, name: str, format: str, source: str,
                      entries: Sequence[WatchEntry]) -> tuple[Watchlist, bool]:
        version = entries_version(entries)
        with self.transaction():
            old = self.watchlist(name)
            if old is not None and old.version == version:
                return old, False
            if old is not None:
                for table in ("xref_matches", "xref_done", "watchlist_entries"):
                    self.execute(f"DELETE FROM {table} WHERE list_id = ?", (old.id,))
                self.execute("DELETE FROM watchlists WHERE id = ?", (old.id,))
            list_id = int(self.execute(
                "INSERT INTO watchlists (name, version, format, source, entries, loaded_at)"
                " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (name, version, format, source, len(entries), now())).fetchone()[0])
            self._many(
                "INSERT INTO watchlist_entries (list_id, key, name, aliases, type, country,"
                " program, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(list_id, e.key, e.name, json.dumps(list(e.aliases), ensure_ascii=False),
                  e.type, e.country, e.program, json.dumps(e.data, ensure_ascii=False))
                 for e in entries])
            stored = self.watchlist(name)
        assert stored is not None
        return stored, True

    def watchlists(self) -> list[Watchlist]:
        return [_watchlist(r) for r in self._all(
            "SELECT id, name, version, format, source, entries, loaded_at FROM watchlists"
            " ORDER BY name")]

    def watchlist(self, name: str) -> Watchlist | None:
        row = self._one("SELECT id, name, version, format, source, entries, loaded_at"
                        " FROM watchlists WHERE name = ?", (name,))
        return _watchlist(row) if row else None

    def watch_entries(self, list_id: int) -> list[WatchEntry]:
        return [_entry(r) for r in self._all(
            f"SELECT {_ENTRY_COLUMNS} FROM watchlist_entries e WHERE e.list_id = ?"
            " ORDER BY e.id", (list_id,))]

    def xref_done(self, list_id: int, version: str) -> dict[str, str]:
        rows = self._all("SELECT unit, stamp FROM xref_done WHERE list_id = ? AND version = ?",
                         (list_id, version))
        return {r[0]: r[1] for r in rows}

    def put_xref_unit(self, list_id: int, version: str, unit: str, stamp: str,
                      matches: Sequence[XrefMatch]) -> None:
        with self.transaction():
            self.execute("DELETE FROM xref_matches WHERE list_id = ? AND unit = ?",
                         (list_id, unit))
            self._many(
                "INSERT INTO xref_matches (list_id, entry_id, unit, document_id, page, start,"
                ' "end", mention_id, mention, mention_type, listed_name, score, sentence)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(list_id, m.entry_id, unit, m.document_id, m.page, m.start, m.end,
                  m.mention_id, m.mention, m.mention_type, m.listed_name, m.score, m.sentence)
                 for m in matches])
            self.execute(
                "INSERT INTO xref_done (list_id, unit, version, stamp) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (list_id, unit) DO UPDATE SET version = excluded.version,"
                " stamp = excluded.stamp", (list_id, unit, version, stamp))

    def xref_matches(self, list_id: int | None = None, min_score: float = 0.0,
                     document_id: int | None = None, limit: int | None = None,
                     entity_id: int | None = None) -> list[XrefMatch]:
        where, params = ["m.score >= ?"], [min_score]
        if entity_id is not None:
            where.append("m.mention_id IN (SELECT mention_id FROM entity_mentions"
                         " WHERE entity_id = ?)")
            params.append(entity_id)
        if list_id is not None:
            where.append("m.list_id = ?")
            params.append(list_id)
        if document_id is not None:
            where.append("m.document_id = ?")
            params.append(document_id)
        sql = (f"SELECT m.entry_id, m.document_id, m.page, m.start, m.\"end\", m.mention,"
               f" m.mention_type, m.listed_name, m.score, m.sentence, m.mention_id, w.name,"
               f" {_ENTRY_COLUMNS} FROM xref_matches m JOIN watchlist_entries e"
               f" ON e.id = m.entry_id JOIN watchlists w ON w.id = m.list_id"
               f" WHERE {' AND '.join(where)}"
               f" ORDER BY m.score DESC, m.document_id, m.page, m.start")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [XrefMatch(int(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4]), r[5], r[6],
                          r[7], float(r[8]), r[9], None if r[10] is None else int(r[10]),
                          _entry(r[12:]), r[11]) for r in self._all(sql, params)]

    def xref_counts(self) -> dict[int, tuple[int, int]]:
        done = dict(self._all("SELECT list_id, COUNT(*) FROM xref_done GROUP BY list_id"))
        found = dict(self._all("SELECT list_id, COUNT(*) FROM xref_matches GROUP BY list_id"))
        return {int(k): (int(done.get(k, 0)), int(found.get(k, 0)))
                for k in set(done) | set(found)}
