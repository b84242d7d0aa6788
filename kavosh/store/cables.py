"""Cable headers read from documents (issue 11): SQL for :class:`kavosh.store.base.CableStore`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from kavosh.model import CableHeader, Field, Finding, Layer, Producer
from kavosh.store.sql import SqlCore

_FIELD_COLUMNS = ('f.document_id, f.name, f.raw, f.value, f.page, f.layer, f.start, f."end",'
                  " f.extra, c.reader, c.reader_version")


def _field(row: Sequence[Any]) -> Field:
    """A field from a row of :data:`_FIELD_COLUMNS` (the document id first, skipped)."""
    return Field(row[1], row[2], row[3], row[4], Layer(row[5]), row[6], row[7],
                 Producer(row[9], row[10]), json.loads(row[8]))


class CablesSql(SqlCore):
    def put_cable(self, document_id: int, header: CableHeader | None) -> None:
        with self.transaction():
            for table in ("cable_findings", "cable_fields", "cables"):
                self.execute(f"DELETE FROM {table} WHERE document_id = ?", (document_id,))
            if header is None:
                return
            producer = header.fields[0].producer if header.fields else Producer("", "")
            self.execute("INSERT INTO cables (document_id, convention, reader, reader_version)"
                         " VALUES (?, ?, ?, ?)",
                         (document_id, header.convention, producer.name, producer.version))
            self._many(
                'INSERT INTO cable_fields (document_id, idx, name, page, layer, start, "end",'
                " raw, value, extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(document_id, idx, f.name, f.page, f.layer.value, f.start, f.end, f.raw,
                  f.value, json.dumps(dict(f.extra), ensure_ascii=False))
                 for idx, f in enumerate(header.fields)])
            self._many(
                'INSERT INTO cable_findings (document_id, idx, "check", message, fields)'
                " VALUES (?, ?, ?, ?, ?)",
                [(document_id, idx, f.check, f.message, json.dumps(list(f.fields)))
                 for idx, f in enumerate(header.findings)])

    def cable(self, document_id: int) -> CableHeader | None:
        head = self._one("SELECT convention, reader, reader_version FROM cables"
                         " WHERE document_id = ?", (document_id,))
        if head is None:
            return None
        rows = self._all(f"SELECT {_FIELD_COLUMNS} FROM cable_fields f"
                         " JOIN cables c ON c.document_id = f.document_id"
                         " WHERE f.document_id = ? ORDER BY f.idx", (document_id,))
        producer = Producer(head[1], head[2])
        findings = self._all('SELECT "check", message, fields FROM cable_findings'
                             " WHERE document_id = ? ORDER BY idx", (document_id,))
        return CableHeader(head[0], tuple(_field(r) for r in rows),
                           tuple(Finding(r[0], r[1], producer, tuple(json.loads(r[2])))
                                 for r in findings))

    def cable_fields(self, names: Sequence[str]) -> list[tuple[int, Field]]:
        marks = ", ".join("?" * len(names))
        rows = self._all(f"SELECT {_FIELD_COLUMNS} FROM cable_fields f"
                         " JOIN cables c ON c.document_id = f.document_id"
                         f" WHERE f.name IN ({marks}) ORDER BY f.document_id, f.idx",
                         list(names))
        return [(int(r[0]), _field(r)) for r in rows]

    def count_cables(self) -> int:
        return self._count("SELECT COUNT(*) FROM cables")
