"""Values derived from a document's best pages (dates, paragraphs) and the case's vocabulary
of index tokens: SQL for :class:`kavosh.store.base.DerivedStore`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from kavosh.model import DateMention, Layer, Paragraph, Producer
from kavosh.store.name_sounds import NameSoundsSql, add_missing_sounds
from kavosh.store.sql import SqlCore


class DerivedSql(SqlCore):
    def put_dates(self, document_id: int, dates: Iterable[DateMention]) -> None:
        with self.transaction():
            self.execute("DELETE FROM dates WHERE document_id = ?", (document_id,))
            self._many(
                'INSERT INTO dates (document_id, page, start, "end", calendar, gregorian,'
                " precision, data, engine, engine_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(document_id, d.page, d.start, d.end, d.calendar, d.gregorian, d.precision,
                  json.dumps(d.record(), ensure_ascii=False), d.producer.name,
                  d.producer.version) for d in dates],
            )

    def dates(self, document_id: int) -> list[DateMention]:
        rows = self._all(
            "SELECT page, data, engine, engine_version FROM dates WHERE document_id = ?"
            " ORDER BY page, start",
            (document_id,),
        )
        return [DateMention.from_record(r[0], json.loads(r[1]), Producer(r[2], r[3]))
                for r in rows]

    def put_paragraphs(self, document_id: int, paragraphs: Iterable[Paragraph]) -> None:
        with self.transaction():
            self.execute("DELETE FROM paragraphs WHERE document_id = ?", (document_id,))
            self._many(
                'INSERT INTO paragraphs (document_id, page, layer, idx, start, "end", language,'
                " direction) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(document_id, p.page, p.layer.value, p.idx, p.start, p.end, p.language,
                  p.direction) for p in paragraphs],
            )

    def paragraphs(self, document_id: int, page: int | None = None) -> list[Paragraph]:
        sql = ('SELECT page, layer, idx, start, "end", language, direction FROM paragraphs'
               " WHERE document_id = ?")
        params: list[Any] = [document_id]
        if page is not None:
            sql += " AND page = ?"
            params.append(page)
        rows = self._all(sql + " ORDER BY page, layer, idx", params)
        return [Paragraph(r[0], Layer(r[1]), r[2], r[3], r[4], r[5], r[6]) for r in rows]

    def add_vocabulary(self, rows: Iterable[tuple[str, str]]) -> None:
        rows = list(rows)
        with self.transaction():
            self._many(
                "INSERT INTO vocabulary (token, name_key, prefix) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                [(token, key, key[:2]) for token, key in rows],
            )
            if isinstance(self, NameSoundsSql):  # the prefilter's sounds (step 22)
                add_missing_sounds(self, [token for token, _ in rows])

    def put_name_uses(self, document_id: int, uses: Mapping[str, int]) -> None:
        with self.transaction():
            self.execute("DELETE FROM name_uses WHERE document_id = ?", (document_id,))
            self._many("INSERT INTO name_uses (document_id, token, pages) VALUES (?, ?, ?)",
                       [(document_id, token, pages) for token, pages in uses.items()])

    def name_uses(self, tokens: Iterable[str]) -> dict[str, int]:
        wanted = list(dict.fromkeys(tokens))
        found: dict[str, int] = {}
        for start in range(0, len(wanted), 500):  # under SQLite's limit of bound parameters
            chunk = wanted[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            found.update((r[0], int(r[1])) for r in self._all(
                f"SELECT token, SUM(pages) FROM name_uses WHERE token IN ({marks})"
                " GROUP BY token", chunk))
        return found

    def vocabulary_bucket(self, prefix: str,
                          limit: int | None = None) -> list[tuple[str, str]]:
        cap = "" if limit is None else f" LIMIT {int(limit)}"
        if len(prefix) >= 2:
            rows = self._all(
                "SELECT token, name_key FROM vocabulary WHERE prefix = ?" + cap, (prefix[:2],))
        else:
            rows = self._all(
                "SELECT token, name_key FROM vocabulary WHERE prefix >= ? AND prefix < ?" + cap,
                (prefix, prefix + "\uffff"),
            )
        return [(r[0], r[1]) for r in rows]
