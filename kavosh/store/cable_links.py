"""Cable links (issue 11): one summary row per cable (:class:`CableEntry`) and one row per
number it cites, so that a cable list, a thread and the gaps are read with indexed queries
instead of every cable field of the case. The contract is :class:`CableLinkStore`;
:class:`CableLinksSql` its SQL (tables of migration 18).

The rows are written by the ``derive`` stage beside the cable's fields (the keys are
:func:`kavosh.search.cables.link_key` of the stored numbers, computed by
:func:`kavosh.cables.cable_link`); a document that is no cable has none."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from kavosh.store.sql import SqlCore

_CHUNK = 500  # keys or ids per IN (…) list


@dataclass(slots=True)
class CableEntry:
    """One cable of the case, summarised as lists and threads show it (re-exported by
    :mod:`kavosh.cables`, which makes it): the first value of each field (``number`` and
    ``references`` are link keys, :func:`kavosh.search.cables.link_key`; ``date`` an ISO
    day), ``raw`` the number as written, ``cited_as`` each cited key as written."""

    document_id: int
    number: str | None = None
    raw: str | None = None
    date: str | None = None
    sender: str | None = None
    recipient: str | None = None
    classification: str | None = None
    subject: str | None = None
    references: list[str] = field(default_factory=list)
    cited_as: dict[str, str] = field(default_factory=dict)  # reference key → as written


class CableLinkStore(Protocol):
    """Cable summaries and citations (see the module)."""

    def put_cable_link(self, document_id: int, link: CableEntry | None) -> None:
        """Replace the document's summary and citations (None: it is no cable)."""

    def cable_links(self, document_ids: Iterable[int] | None = None) -> list[CableEntry]:
        """The summaries (with citations) of ``document_ids``, or of every cable, by id."""

    def cables_numbered(self, keys: Iterable[str]) -> list[tuple[str, int]]:
        """``(number key, document id)`` of every cable carrying one of ``keys``."""

    def cables_citing(self, keys: Iterable[str]) -> list[tuple[str, int]]:
        """``(cited key, document id)`` of every cable citing one of ``keys``."""

    def missing_citations(self) -> list[tuple[str, int]]:
        """``(cited key, document id)`` of every citation no cable of the case carries."""

    def first_paths(self, document_ids: Iterable[int]) -> dict[int, str]:
        """The first path each document was seen at (``Document.path``), in one query per
        few hundred documents: a list of many cables names each."""

    def count_cable_links(self) -> int:
        """How many cables have a summary (fewer than ``count_cables``: derived before
        migration 18, not yet derived again)."""

    def cable_values(self, column: str) -> list[str]:
        """The distinct values of a filtered column (``sender``, ``recipient`` or
        ``classification``) across the summaries: a few hundred posts or marks, which the
        caller folds and matches in Python before asking for a page by exact values."""

    def cable_page(self, order: str = "date",
                   where: Mapping[str, Collection[str]] | None = None,
                   limit: int | None = None, offset: int = 0) -> tuple[int, list[CableEntry]]:
        """How many summaries match ``where`` (column → the values it may hold; an empty
        collection matches nothing), and ``limit`` of them (all: None) from ``offset``, with
        their citations, sorted in SQL: ``date`` oldest first, ``-date`` latest first (then
        by document id, the other way), undated last in document-id order either way —
        the order of :meth:`kavosh.cables.CaseLinks.cables`."""


_COLUMNS = "document_id, number, raw, date, sender, recipient, classification, subject"
FILTERED = ("sender", "recipient", "classification")  # columns a page may be filtered by
_UNDATED = "CASE WHEN COALESCE(date, '') = '' THEN 1 ELSE 0 END"
ORDERS = {
    "date": f"{_UNDATED}, date, document_id",
    "-date": f"{_UNDATED}, date DESC, CASE WHEN COALESCE(date, '') = '' THEN document_id"
             " ELSE -document_id END",
}
_ALL = 2 ** 62  # LIMIT for "every row" (SQLite wants a LIMIT before an OFFSET)


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    items = list(dict.fromkeys(values))
    for at in range(0, len(items), _CHUNK):
        yield items[at:at + _CHUNK]


class CableLinksSql(SqlCore):
    def put_cable_link(self, document_id: int, link: CableEntry | None) -> None:
        with self.transaction():
            for table in ("cable_refs", "cable_links"):
                self.execute(f"DELETE FROM {table} WHERE document_id = ?", (document_id,))
            if link is None:
                return
            self.execute(f"INSERT INTO cable_links ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (document_id, link.number, link.raw, link.date, link.sender,
                          link.recipient, link.classification, link.subject))
            self._many("INSERT INTO cable_refs (document_id, idx, key, raw) VALUES (?, ?, ?, ?)",
                       [(document_id, idx, key, link.cited_as.get(key, key))
                        for idx, key in enumerate(link.references)])

    def cable_links(self, document_ids: Iterable[int] | None = None) -> list[CableEntry]:
        if document_ids is None:
            rows = self._all(f"SELECT {_COLUMNS} FROM cable_links ORDER BY document_id")
            refs = self._all("SELECT document_id, key, raw FROM cable_refs"
                             " ORDER BY document_id, idx")
        else:
            rows = []
            for ids in _chunks(document_ids):
                marks = ", ".join("?" * len(ids))
                rows += self._all(f"SELECT {_COLUMNS} FROM cable_links"
                                  f" WHERE document_id IN ({marks})", ids)
            refs = self._refs_of(int(r[0]) for r in rows)
        entries = {int(r[0]): CableEntry(int(r[0]), *r[1:8]) for r in rows}
        _cite(entries, refs)
        return [entries[d] for d in sorted(entries)]

    def cable_values(self, column: str) -> list[str]:
        if column not in FILTERED:
            raise ValueError(f"filter by one of {', '.join(FILTERED)}")
        return [r[0] for r in self._all(
            f"SELECT DISTINCT {column} FROM cable_links WHERE {column} IS NOT NULL")]

    def cable_page(self, order: str = "date",
                   where: Mapping[str, Collection[str]] | None = None,
                   limit: int | None = None, offset: int = 0) -> tuple[int, list[CableEntry]]:
        clauses: list[str] = []
        params: list[Any] = []
        for column, values in (where or {}).items():
            if column not in FILTERED:
                raise ValueError(f"filter by one of {', '.join(FILTERED)}")
            if not values:
                return 0, []
            clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
            params += list(values)
        condition = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        total = self._count(f"SELECT COUNT(*) FROM cable_links{condition}", params)
        rows = self._all(f"SELECT {_COLUMNS} FROM cable_links{condition}"
                         f" ORDER BY {ORDERS[order]} LIMIT ? OFFSET ?",
                         [*params, _ALL if limit is None else limit, offset])
        entries = {int(r[0]): CableEntry(int(r[0]), *r[1:8]) for r in rows}
        _cite(entries, self._refs_of(entries))
        return total, list(entries.values())  # in the query's order

    def _refs_of(self, document_ids: Iterable[int]) -> list[Any]:
        """``(document_id, key, raw)`` of every citation of ``document_ids``, in order."""
        refs: list[Any] = []
        for ids in _chunks(document_ids):
            marks = ", ".join("?" * len(ids))
            refs += self._all("SELECT document_id, key, raw FROM cable_refs"
                              f" WHERE document_id IN ({marks}) ORDER BY document_id, idx", ids)
        return refs

    def cables_numbered(self, keys: Iterable[str]) -> list[tuple[str, int]]:
        return self._keyed("SELECT number, document_id FROM cable_links WHERE number IN", keys)

    def cables_citing(self, keys: Iterable[str]) -> list[tuple[str, int]]:
        return self._keyed("SELECT key, document_id FROM cable_refs WHERE key IN", keys)

    def _keyed(self, select: str, keys: Iterable[str]) -> list[tuple[str, int]]:
        out: list[tuple[str, int]] = []
        for chunk in _chunks(keys):
            marks = ", ".join("?" * len(chunk))
            out += [(r[0], int(r[1])) for r in self._all(f"{select} ({marks})", chunk)]
        return out

    def missing_citations(self) -> list[tuple[str, int]]:
        rows = self._all("SELECT r.key, r.document_id FROM cable_refs r WHERE NOT EXISTS"
                         " (SELECT 1 FROM cable_links l WHERE l.number = r.key)"
                         " ORDER BY r.document_id, r.idx")
        return [(r[0], int(r[1])) for r in rows]

    def first_paths(self, document_ids: Iterable[int]) -> dict[int, str]:
        paths: dict[int, str] = {}
        for ids in _chunks(document_ids):
            marks = ", ".join("?" * len(ids))
            for document_id, path in self._all(
                    "SELECT document_id, path FROM occurrences"
                    f" WHERE document_id IN ({marks}) ORDER BY id", ids):
                paths.setdefault(int(document_id), path)
        return paths

    def count_cable_links(self) -> int:
        return self._count("SELECT COUNT(*) FROM cable_links")


def _cite(entries: dict[int, CableEntry], refs: Iterable[Any]) -> None:
    """Add each ``(document_id, key, raw)`` citation to its entry, in the rows' order."""
    for document_id, key, raw in refs:
        entry = entries[int(document_id)]
        entry.references.append(key)
        entry.cited_as[key] = raw
