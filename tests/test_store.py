"""The store: a case made by the last release opens, upgrades through every migration and
loses nothing; the database is chosen by URL; the families' SQL stays portable."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, release_case, unsigned_only

from kavosh.case import Case
from kavosh.model import Layer
from kavosh.model.errors import RunError, UsageError
from kavosh.pipeline import reindex
from kavosh.store import DatabaseUnavailable, Store, UnsupportedDatabase, open_store
from kavosh.store.schema import MIGRATIONS
from kavosh.views.search import search

# Tables whose rows no migration may touch, each read in a stable order.
KEPT = {
    "words": "SELECT * FROM words ORDER BY document_id, page, layer, idx",
    "dates": "SELECT * FROM dates ORDER BY document_id, page, start",
    "paragraphs": "SELECT * FROM paragraphs ORDER BY document_id, page, layer, idx",
    "vocabulary": "SELECT * FROM vocabulary ORDER BY token",
    "custody": "SELECT * FROM custody ORDER BY seq",
}
PAGE_COLUMNS = ("document_id, layer, number, text, needs_ocr, engine, engine_version,"
                " created_at, settings, reason")
DOCUMENT_COLUMNS = ("id, kind, sha256, size, mime, status, stage, reason, attempts, language,"
                    " metadata, depth, created_at, updated_at")


def _rows(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def _moved(store: Store, key_or_path: str) -> str:
    """An old absolute key or path as the migration writes it now (relative to its source)."""
    kind, colon, path = key_or_path.partition(":")
    if colon and kind in ("dir", "entry"):
        return f"{kind}:{store.relative_path(path)}"
    return store.relative_path(key_or_path)


def _expected_states(db: Path) -> dict[int, dict[str, str]]:
    """What the release's flags mean in stage states, for every file that was read."""
    states: dict[int, dict[str, str]] = {}
    for doc, mime, status, stage, indexed, checked, ocr_pending in _rows(db, (
            "SELECT id, mime, status, stage, indexed, text_checked, ocr_pending FROM documents"
            " WHERE kind = 'file'")):
        if status == "pending":
            states[doc] = {"read": "pending"}
            continue
        if status == "failed" and stage != "ocr":
            states[doc] = {"read": "failed"}
            continue
        needs, waiting = _rows(db, (
            "SELECT COUNT(*), COUNT(*) - COUNT(q.number) FROM pages p LEFT JOIN pages q"
            " ON q.document_id = p.document_id AND q.number = p.number AND q.layer = 'ocr'"
            " WHERE p.document_id = ? AND p.needs_ocr = 1"), (doc,))[0]
        states[doc] = {
            "read": "done",
            "derive": "pending" if ocr_pending else "done",
            "index": "done" if indexed and not ocr_pending else "pending",
        }
        if mime == "application/pdf":
            states[doc]["textcheck"] = "done" if checked else "pending"
        if needs:
            states[doc]["ocr"] = ("failed" if status == "failed" else
                                  "pending" if waiting else "done")
    return states


@pytest.mark.parametrize(("name", "query", "found"), [
    ("", "کربلا", {"in/a/cable.txt"}),  # and in/b/copy.txt: the same bytes, one document
    ("scans", "Erbil", {"scans/memo.pdf"}),  # a word only OCR read
])
def test_a_release_case_upgrades_with_nothing_lost(tmp_path: Path, name: str, query: str,
                                                   found: set[str]) -> None:
    case_dir = release_case(tmp_path, name)
    db = case_dir / "kavosh.db"
    assert _rows(db, "PRAGMA user_version") == [(5,)]
    kept = {table: _rows(db, sql) for table, sql in KEPT.items()}
    documents = _rows(db, f"SELECT {DOCUMENT_COLUMNS}, key FROM documents ORDER BY id")
    occurrences = _rows(db, "SELECT * FROM occurrences ORDER BY id")
    pages = _rows(db, f"SELECT {PAGE_COLUMNS} FROM pages ORDER BY document_id, layer, number")
    states = _expected_states(db)
    assert kept["custody"] and pages and states  # the fixture holds what is checked
    if name == "scans":
        assert all(kept[t] for t in KEPT)
        assert {layer for _, layer, *_ in pages} == {"extracted", "ocr"}
        assert states == {  # the memo: OCR done, not derived yet; the letter: left for OCR
            2: {"read": "done", "textcheck": "done", "ocr": "done", "derive": "pending",
                "index": "pending"},
            4: {"read": "done", "textcheck": "pending", "ocr": "pending", "derive": "done",
                "index": "done"}}

    with Case.open(case_dir) as case:
        store = case.store
        assert _rows(db, "PRAGMA user_version") == [(len(MIGRATIONS),)]
        assert {t: _rows(db, sql) for t, sql in KEPT.items()} == kept
        assert _rows(db, f"SELECT {DOCUMENT_COLUMNS}, key FROM documents ORDER BY id") == [
            (*row[:-1], _moved(store, row[-1])) for row in documents]
        assert _rows(db, "SELECT * FROM occurrences ORDER BY id") == [
            (i, doc, _moved(store, path), *rest) for i, doc, path, *rest in occurrences]
        assert _rows(db, f"SELECT {PAGE_COLUMNS}, languages FROM pages"
                         " ORDER BY document_id, layer, number") == [
            (*row, json.loads(row[8]).get("languages", "")) for row in pages]

        # The same, read through the store's families.
        ids = [d.id for d in store.documents()]
        assert ids == [row[0] for row in documents]
        assert sum(len(store.pages(i)) for i in ids) == len(pages)
        assert sum(len(store.words(i, p.number)) for i in ids
                   for p in store.pages(i, Layer.OCR)) == len(kept["words"])
        assert sum(len(store.dates(i)) for i in ids) == len(kept["dates"])
        assert sum(len(store.paragraphs(i)) for i in ids) == len(kept["paragraphs"])
        assert len(store.custody_records()) == len(kept["custody"])
        for doc, expected in states.items():
            assert {s: v[0] for s, v in store.state(doc).items()} == expected, doc

        report = case.custody.audit(case.archive)
        assert unsigned_only(report)
        case.custody.adopt("reporter")  # `kavosh custody sign`: this machine vouches for it
        report = case.custody.audit(case.archive)
        assert report.problems == [] and report.warnings == []

        if name == "scans":  # the OCR languages came out of the settings JSON
            assert store.count_pages_to_ocr(same_as=("tesseract", "fas+ara+eng")) == 1
            assert store.count_pages_to_ocr(same_as=("tesseract", "eng")) == 2

        reindex(case)
        assert {h.path for h in search(case, query).hits} == found
        assert case.custody.audit(case.archive).intact


def test_the_database_is_chosen_by_url(tmp_path: Path) -> None:
    for url in (f"sqlite:///{tmp_path / 'a.db'}", str(tmp_path / "b.db")):
        store = open_store(url)
        assert store.counts()["documents"] == 0
        store.close()
    with pytest.raises(DatabaseUnavailable, match="not available yet") as unavailable:
        open_store("postgresql://kavosh@localhost/case")
    assert isinstance(unavailable.value, RunError)
    with pytest.raises(UnsupportedDatabase) as unknown:
        open_store("mysql://localhost/case")
    assert isinstance(unknown.value, UsageError)


def test_the_families_write_portable_sql() -> None:
    """SQLite-only SQL lives in the dialect and the migrations, nowhere else."""
    package = ROOT / "kavosh" / "store"
    for family in ("documents", "pages", "derived", "state", "custody", "sql", "sqlstore"):
        text = (package / f"{family}.py").read_text(encoding="utf-8").upper()
        for only_sqlite in ("OR IGNORE", "OR REPLACE", "PRAGMA", "BEGIN IMMEDIATE", "JSON_",
                            " LIKE ", "LASTROWID", "SQLITE3"):
            assert only_sqlite not in text, f"{family}.py: {only_sqlite.strip()}"
