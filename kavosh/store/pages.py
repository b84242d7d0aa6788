"""Pages of every layer, OCR's words and its bookkeeping (which pages wait, which failed):
SQL for :class:`kavosh.store.base.PageStore`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from kavosh.model import Layer, PageText, Word, best_pages
from kavosh.store.records import OcrTodo, now
from kavosh.store.sql import SqlCore

INSERT_PAGE = (
    "INSERT INTO pages (document_id, layer, number, text, needs_ocr, engine, engine_version,"
    " created_at, settings, reason, languages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class PagesSql(SqlCore):
    def put_pages(self, document_id: int, pages: Iterable[PageText]) -> None:
        with self.transaction():
            stamp = now()
            cleared: set[str] = set()
            for page in pages:
                if page.layer.value not in cleared:
                    self.execute("DELETE FROM pages WHERE document_id = ? AND layer = ?",
                                 (document_id, page.layer.value))
                    cleared.add(page.layer.value)
                self.execute(INSERT_PAGE, (
                    document_id, page.layer.value, page.number, page.text, int(page.needs_ocr),
                    page.engine, page.engine_version, stamp, "{}", None, ""))

    def pages(self, document_id: int, layer: Layer | None = None,
              number: int | None = None) -> list[PageText]:
        sql = "SELECT * FROM pages WHERE document_id = ?"
        params: list[Any] = [document_id]
        if layer is not None:
            sql += " AND layer = ?"
            params.append(layer.value)
        if number is not None:
            sql += " AND number = ?"
            params.append(number)
        return [
            PageText(r["number"], r["text"], Layer(r["layer"]), r["engine"],
                     r["engine_version"], bool(r["needs_ocr"]))
            for r in self._all(sql + " ORDER BY number, layer", params)
        ]

    def page(self, document_id: int, number: int) -> PageText | None:
        best = best_pages(self.pages(document_id, number=number))
        return best[0] if best else None

    # --- OCR --------------------------------------------------------------------------------

    def pages_needing_ocr(self) -> int:
        return self._count(
            "SELECT COUNT(*) FROM pages p WHERE p.needs_ocr = 1 AND NOT EXISTS (SELECT 1 FROM"
            " pages q WHERE q.document_id = p.document_id AND q.number = p.number"
            " AND q.layer = 'ocr')"
        )

    def mark_needs_ocr(self, document_id: int, numbers: Sequence[int]) -> None:
        with self.transaction():
            self._many(
                "UPDATE pages SET needs_ocr = 1 WHERE document_id = ? AND layer = 'extracted'"
                " AND number = ?",
                [(document_id, number) for number in numbers],
            )

    def pages_to_ocr(self, limit: int, after: tuple[int, int] = (0, 0),
                     retry_failed: bool = False,
                     same_as: tuple[str, str] | None = None) -> list[OcrTodo]:
        where, params = _ocr_todo(retry_failed, same_as)
        rows = self._all(
            "SELECT p.document_id, p.number, d.sha256, d.mime FROM pages p"
            " JOIN documents d ON d.id = p.document_id"
            f" WHERE {where} AND (p.document_id > ? OR (p.document_id = ? AND p.number > ?))"
            " ORDER BY p.document_id, p.number LIMIT ?",
            (*params, after[0], after[0], after[1], limit),
        )
        return [OcrTodo(int(r[0]), int(r[1]), str(r[2]), str(r[3] or "")) for r in rows]

    def count_pages_to_ocr(self, retry_failed: bool = False,
                           same_as: tuple[str, str] | None = None) -> int:
        where, params = _ocr_todo(retry_failed, same_as)
        return self._count(
            f"SELECT COUNT(*) FROM pages p JOIN documents d ON d.id = p.document_id WHERE {where}",
            params,
        )

    def put_ocr_page(self, document_id: int, page: PageText, settings: dict[str, Any],
                     words: Sequence[Word] = (), reason: str | None = None) -> None:
        layer = page.layer.value
        with self.transaction():
            self.execute("DELETE FROM pages WHERE document_id = ? AND layer = ? AND number = ?",
                         (document_id, layer, page.number))
            self.execute("DELETE FROM words WHERE document_id = ? AND layer = ? AND page = ?",
                         (document_id, layer, page.number))
            self.execute(INSERT_PAGE, (
                document_id, layer, page.number, page.text, 0, page.engine, page.engine_version,
                now(), json.dumps(settings, ensure_ascii=False, sort_keys=True), reason,
                str(settings.get("languages", ""))))
            self._many(
                'INSERT INTO words (document_id, page, layer, idx, text, "left", top, width,'
                ' height, confidence, line, start, "end", unverified)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(document_id, page.number, layer, idx, w.text, w.left, w.top, w.width,
                  w.height, w.confidence, w.line, w.start, w.end, int(w.unverified))
                 for idx, w in enumerate(words)],
            )

    def set_ocr_outcome(self, document_id: int, failed_reason: str | None) -> None:
        with self.transaction():
            if failed_reason is not None:
                self.execute(
                    "UPDATE documents SET status = 'failed', stage = 'ocr', reason = ?,"
                    " updated_at = ? WHERE id = ? AND status = 'done'",
                    (failed_reason, now(), document_id))
            else:
                self.execute(
                    "UPDATE documents SET status = 'done', stage = NULL, reason = NULL,"
                    " updated_at = ? WHERE id = ? AND status = 'failed' AND stage = 'ocr'",
                    (now(), document_id))

    def words(self, document_id: int, page: int, layer: str = "ocr") -> list[Word]:
        rows = self._all(
            'SELECT text, "left", top, width, height, confidence, line, start, "end",'
            " unverified FROM words WHERE document_id = ? AND page = ? AND layer = ?"
            " ORDER BY idx",
            (document_id, page, layer),
        )
        return [Word(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], bool(r[9]))
                for r in rows]

    def page_settings(self, document_id: int, page: int, layer: str = "ocr"
                      ) -> tuple[dict[str, Any], str | None] | None:
        row = self._one(
            "SELECT settings, reason FROM pages WHERE document_id = ? AND number = ?"
            " AND layer = ?",
            (document_id, page, layer),
        )
        if row is None:
            return None
        return json.loads(row["settings"] or "{}"), row["reason"]

    def ocr_failures(self, document_id: int) -> dict[int, str]:
        rows = self._all(
            "SELECT number, reason FROM pages WHERE document_id = ? AND layer = 'ocr'"
            " AND reason IS NOT NULL ORDER BY number",
            (document_id,),
        )
        return {int(r[0]): str(r[1]) for r in rows}


def _ocr_todo(retry_failed: bool, same_as: tuple[str, str] | None
              ) -> tuple[str, tuple[str, ...]]:
    """The condition on ``pages p`` / ``documents d`` of a page still to OCR."""
    done = " AND q.reason IS NULL" if retry_failed else ""
    params: tuple[str, ...] = ()
    if same_as is not None:
        done += " AND q.engine = ? AND q.languages = ?"
        params = same_as
    return ("p.needs_ocr = 1 AND d.sha256 IS NOT NULL"
            " AND (d.status = 'done' OR (d.status = 'failed' AND d.stage = 'ocr'))"
            " AND NOT EXISTS (SELECT 1 FROM pages q WHERE q.document_id = p.document_id"
            f" AND q.number = p.number AND q.layer = 'ocr'{done})", params)
