"""Cable links (issue 11): one summary row per cable and one row per cable it cites, so
that a cable list, a thread and the gaps are read with indexed queries instead of every
cable field of the case. The contract is :class:`CableLinkStore`; :class:`CableLinksSql`
its SQL (tables of migration 18).

The rows are written by the ``derive`` stage beside the cable's fields (the keys are
:func:`kavosh.search.cables.link_key` of the stored numbers, computed by
:mod:`kavosh.cables`); a document that is no cable has none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from kavosh.store.sql import SqlCore

_CHUNK = 500  # keys or ids per IN (…) list


@dataclass(frozen=True, slots=True)
class CableLink:
    """One cable as lists and threads need it: ``number`` its link key and ``raw`` the
    number as written, ``date`` an ISO day, the first ``sender``, ``recipient``,
    ``classification`` and ``subject``, and ``references``: ``(link key, as written)`` of
    each cited number, in header order."""

    document_id: int
    number: str | None = None
    raw: str | None = None
    date: str | None = None
    sender: str | None = None
    recipient: str | None = None
    classification: str | None = None
    subject: str | None = None
    references: tuple[tuple[str, str], ...] = ()


class CableLinkStore(Protocol):
    """Cable summaries and citations (see the module)."""

    def put_cable_link(self, document_id: int, link: CableLink | None) -> None:
        """Replace the document's summary and citations (None: it is no cable)."""

    def cable_links(self, document_ids: Iterable[int] | None = None) -> list[CableLink]:
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


_COLUMNS = "document_id, number, raw, date, sender, recipient, classification, subject"


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    items = list(dict.fromkeys(values))
    for at in range(0, len(items), _CHUNK):
        yield items[at:at + _CHUNK]


class CableLinksSql(SqlCore):
    def put_cable_link(self, document_id: int, link: CableLink | None) -> None:
        with self.transaction():
            for table in ("cable_refs", "cable_links"):
                self.execute(f"DELETE FROM {table} WHERE document_id = ?", (document_id,))
            if link is None:
                return
            self.execute(f"INSERT INTO cable_links ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (document_id, link.number, link.raw, link.date, link.sender,
                          link.recipient, link.classification, link.subject))
            self._many("INSERT INTO cable_refs (document_id, idx, key, raw) VALUES (?, ?, ?, ?)",
                       [(document_id, idx, key, raw)
                        for idx, (key, raw) in enumerate(link.references)])

    def cable_links(self, document_ids: Iterable[int] | None = None) -> list[CableLink]:
        if document_ids is None:
            rows = self._all(f"SELECT {_COLUMNS} FROM cable_links ORDER BY document_id")
            refs = self._all("SELECT document_id, key, raw FROM cable_refs"
                             " ORDER BY document_id, idx")
        else:
            rows, refs = [], []
            for ids in _chunks(document_ids):
                marks = ", ".join("?" * len(ids))
                rows += self._all(f"SELECT {_COLUMNS} FROM cable_links"
                                  f" WHERE document_id IN ({marks})", ids)
                refs += self._all("SELECT document_id, key, raw FROM cable_refs"
                                  f" WHERE document_id IN ({marks}) ORDER BY document_id, idx",
                                  ids)
        cited: dict[int, list[tuple[str, str]]] = {}
        for document_id, key, raw in refs:
            cited.setdefault(int(document_id), []).append((key, raw))
        return sorted((CableLink(int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], r[7],
                                 tuple(cited.get(int(r[0]), ()))) for r in rows),
                      key=lambda link: link.document_id)

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
