"""No absolute path of the reporter's disk in what a case keeps or shares: every path given to
ingest is a source with a label, and what it holds is recorded at ``label/relative/path``."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from conftest import kavosh, release_case, unsigned_only
from fastapi.testclient import TestClient

from kavosh.api import create_app
from kavosh.case import Case
from kavosh.pipeline import ingest
from kavosh.views.search import search

FIXTURE_ROOT = "/tmp/kavosh-c20"  # where the fixture's inputs were when it was made


def _inbox(folder: Path, mail: bool = True) -> Path:
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "cable.txt").write_text(f"گزارش سفیر در بغداد {mail}", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    if mail:
        with zipfile.ZipFile(folder / "mail.zip", "w") as z:
            z.writestr("m/1.txt", "پیام از ایستگاه اربیل")
    return folder


def test_export_and_views_hold_no_absolute_path(tmp_path: Path) -> None:
    first, second = _inbox(tmp_path / "x" / "leak"), _inbox(tmp_path / "y" / "leak", mail=False)
    case_dir = str(tmp_path / "case")
    kavosh("ingest", str(first), str(second), "--case", case_dir, "--no-ocr")
    again = kavosh("ingest", str(first), "--case", case_dir, "--no-ocr")
    assert "received 0 new files" in again.stderr  # the same root: the same source, unchanged

    exported = kavosh("export", "--case", case_dir).stdout
    assert str(tmp_path) not in exported
    paths = {p["path"] for line in exported.splitlines() for p in json.loads(line)["paths"]}
    assert {"leak", "leak/sub/cable.txt", "leak/mail.zip/m/1.txt", "leak-2",
            "leak-2/sub/cable.txt", "leak-2/empty.txt"} <= paths
    hits = [json.loads(x)["path"] for x in
            kavosh("search", "اربیل", "--json", "--case", case_dir).stdout.splitlines()]
    assert hits == ["leak/mail.zip/m/1.txt"]
    state = json.loads(kavosh("status", "--json", "--case", case_dir).stdout)
    assert [f["path"] for f in state["failed"]] == ["leak/empty.txt"]  # both: one document
    with Case.open(Path(case_dir)) as case:
        assert [(s.label, s.root) for s in case.store.sources()] == [
            ("leak", str(first)), ("leak-2", str(second))]
        assert all(not r.path.startswith("/") for r in case.custody.records())
        assert case.custody.audit(case.archive).intact
        with TestClient(create_app(case), base_url="http://127.0.0.1") as client:
            pages = [client.get(f"/documents/{d.id}").text for d in case.store.documents()]
            pages += [client.get("/search", params={"q": "اربیل"}).text,
                      client.get("/status").text]
        assert not any(str(tmp_path) in page for page in pages)
        assert "leak/mail.zip/m/1.txt" in pages[-2] and "leak/empty.txt" in pages[-1]


def test_a_source_can_be_named(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path / "From_Mr_X")  # a folder name that says too much
    case_dir = str(tmp_path / "case")
    kavosh("ingest", str(inbox), "--source", "tip-1", "--case", case_dir, "--no-ocr")
    exported = kavosh("export", "--case", case_dir).stdout
    assert "From_Mr_X" not in exported and '"tip-1/sub/cable.txt"' in exported
    renamed = kavosh("ingest", str(inbox), "--source", "other", "--case", case_dir,
                     check=False)
    assert renamed.returncode == 1 and "tip-1" in renamed.stderr
    taken = kavosh("ingest", str(_inbox(tmp_path / "z")), "--source", "tip-1", "--case",
                   case_dir, check=False)
    assert taken.returncode == 1 and "taken" in taken.stderr
    assert kavosh("ingest", str(inbox), "--source", "a/b", "--case", case_dir,
                  check=False).returncode == 1


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_a_case_made_before_sources_is_migrated(tmp_path: Path) -> None:
    case_dir = release_case(tmp_path)
    db = case_dir / "kavosh.db"
    before = {t: _rows(db, f"SELECT COUNT(*) FROM {t}") for t in
              ("documents", "occurrences", "custody")}
    custody_before = _rows(db, "SELECT * FROM custody ORDER BY seq")
    assert any(FIXTURE_ROOT in str(p) for (p,) in _rows(db, "SELECT path FROM occurrences"))

    with Case.open(case_dir) as case:
        assert {t: _rows(db, f"SELECT COUNT(*) FROM {t}") for t in before} == before
        assert [(s.label, s.root) for s in case.store.sources()] == [
            ("in", f"{FIXTURE_ROOT}/x/in"), ("in-2", f"{FIXTURE_ROOT}/y/in"),
            ("single.txt", f"{FIXTURE_ROOT}/single.txt")]
        paths = {str(p) for (p,) in _rows(db, "SELECT path FROM occurrences")}
        assert {"in", "in/a/cable.txt", "in/b/copy.txt", "in/link", "in/bundle.zip/deep/member.txt",
                "in/bundle.zip/../escape.txt", "in-2/other.txt", "single.txt"} <= paths
        keys = {str(k) for (k,) in _rows(db, "SELECT key FROM documents")}
        assert {"dir:in", "dir:in/a", "dir:in-2", "entry:in/link"} <= keys
        assert not any("/tmp" in x for x in paths | keys)

        # Custody records are hash-chained: kept as written, shown relative to their source.
        assert _rows(db, "SELECT * FROM custody ORDER BY seq") == custody_before
        report = case.custody.audit(case.archive)
        assert unsigned_only(report) and report.originals == 7
        for record in case.custody.records():
            assert record.path.startswith(FIXTURE_ROOT)
            doc = case.store.document(record.document_id or 0)
            assert doc is not None
            assert case.store.relative_path(record.path) in {o.path for o in doc.occurrences}

        case.custody.adopt("reporter")  # `kavosh custody sign` (issue 9)

        # The migrated case goes on: a new root named like two earlier ones gets its own label.
        ingest(case, [_inbox(tmp_path / "in")])
        assert case.store.sources()[-1].label == "in-3"
        assert [h.path for h in search(case, "بغداد").hits] == ["in-3/sub/cable.txt"]
        assert case.custody.audit(case.archive).intact
