"""End to end through the library and the command line: ingest real files, then find them."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

from conftest import kavosh, outdate_search_index

from kavosh.case import Case
from kavosh.pipeline import ingest
from kavosh.views.search import search
from kavosh.views.status import status

PERSIAN = "گزارش محرمانه درباره دیدار سفیر در کربلا می‌شود. شماره تماس ۰۹۱۲۳۴۵۶۷۸۹"
ARABIC_LETTERS = "گزارش محرمانه درباره ديدار سفير در كربلا"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def paths_of(case: Case, query: str) -> set[str]:
    return {Path(h.path).name for h in search(case, query, limit=100).hits}


def test_identical_files_are_stored_once_with_both_paths(case: Case, tmp_path: Path) -> None:
    write(tmp_path / "in" / "a" / "cable.txt", PERSIAN)
    write(tmp_path / "in" / "b" / "copy.txt", PERSIAN)
    ingest(case, [tmp_path / "in"])
    docs = [d for d in case.store.documents() if d.kind.value == "file"]
    assert len(docs) == 1
    # paths relative to the folder given, under its name (no absolute path of this disk)
    assert {o.path for o in docs[0].occurrences} == {"in/a/cable.txt", "in/b/copy.txt"}
    blobs = [p for p in (case.root / "archive").rglob("*") if p.is_file()
             and ".incoming" not in p.parts]
    assert len(blobs) == 1 and not blobs[0].stat().st_mode & 0o222  # stored read-only
    received = [r for r in case.custody.records() if r.action == "received"]
    assert {r.path for r in received} == {"in/a/cable.txt", "in/b/copy.txt"}
    assert case.custody.verify() == []


def test_persian_spelling_variants_find_each_other(case: Case, tmp_path: Path) -> None:
    write(tmp_path / "in" / "persian.txt", PERSIAN)
    write(tmp_path / "in" / "arabic.txt", ARABIC_LETTERS + " میشود")
    write(tmp_path / "in" / "english.txt", "The ambassador met in Karbala on 2014-11-16.")
    ingest(case, [tmp_path / "in"])
    # Arabic ي/ك in the query find Persian ی/ک in the text, and the reverse.
    assert paths_of(case, "ديدار سفير") == {"persian.txt", "arabic.txt"}
    assert paths_of(case, "دیدار کربلا") == {"persian.txt", "arabic.txt"}
    # Persian digits find ASCII digits and the reverse.
    assert paths_of(case, "09123456789") == {"persian.txt"}
    assert paths_of(case, "۲۰۱۴") == {"english.txt"}
    # The ZWNJ variants of می‌شود find each other.
    for variant in ("می‌شود", "میشود", "می شود"):
        assert paths_of(case, variant) == {"persian.txt", "arabic.txt"}, variant
    # Boolean operators, phrases and prefixes.
    assert paths_of(case, "کربلا AND NOT ambassador") == {"persian.txt", "arabic.txt"}
    assert paths_of(case, "کربلا -09123456789") == {"arabic.txt"}
    assert paths_of(case, '"karbala" OR 09123456789') == {"english.txt", "persian.txt"}
    # Unquoted, a Latin word also finds its Persian-script spelling (names across scripts).
    assert paths_of(case, "karbala") == {"english.txt", "persian.txt", "arabic.txt"}
    assert paths_of(case, '"سفیر در کربلا"') == {"persian.txt", "arabic.txt"}
    assert paths_of(case, '"کربلا در سفیر"') == set()
    assert paths_of(case, "ambass*") == {"english.txt"}
    assert paths_of(case, "محرما*") == {"persian.txt", "arabic.txt"}


def test_snippet_highlights_the_raw_characters(case: Case, tmp_path: Path) -> None:
    write(tmp_path / "cable.txt", "سطر اول\nاین گزارش‌ها می‌شود بررسی")
    ingest(case, [tmp_path / "cable.txt"])
    hit = search(case, "گزارشها").hits[0]
    start, end = hit.snippet.marks[0]
    assert hit.snippet.text[start:end] == "گزارش‌ها"  # ZWNJ inside the highlight
    assert "<mark>گزارش‌ها</mark>" in hit.snippet.html()


def test_containers_and_failures_are_recorded(case: Case, tmp_path: Path) -> None:
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("deep/cable.txt", "پیام از ایستگاه اربیل")
    outer = tmp_path / "in" / "outer.zip"
    outer.parent.mkdir()
    with zipfile.ZipFile(outer, "w") as z:
        z.write(inner, "inner.zip")
        z.writestr("../escape.txt", "should never be written")
        z.writestr("empty.txt", "")
    ingest(case, [outer])
    hits = search(case, "اربیل").hits
    assert [h.path for h in hits] == ["outer.zip/inner.zip/deep/cable.txt"]
    cable = case.store.document(hits[0].document_id)
    assert cable is not None and cable.parent_id is not None
    parent = case.store.document(cable.parent_id)
    assert parent is not None and parent.path == "outer.zip/inner.zip"
    assert not (tmp_path / "escape.txt").exists()
    reasons = {Path(f.path).name: f.reason for f in status(case).failed}
    assert "escape.txt" in reasons and "unsafe" in reasons["escape.txt"]
    assert "empty.txt" in reasons and "zero-byte" in reasons["empty.txt"]
    assert status(case).pending == 0
    assert case.custody.verify() == []


def test_cli_ingest_search_status_export(tmp_path: Path) -> None:
    write(tmp_path / "in" / "cable.txt", PERSIAN)
    write(tmp_path / "in" / "old.txt", "گزارش از بغداد درباره ديدار", encoding="cp1256")
    write(tmp_path / "in" / "junk.bin", "\x00\x01\x02\xff" * 10, encoding="latin-1")
    case_dir = str(tmp_path / "case")
    kavosh("ingest", str(tmp_path / "in"), "--case", case_dir)
    lines = kavosh("search", "دیدار", "--case", case_dir, "--json").stdout.splitlines()
    hits = [json.loads(line) for line in lines]
    assert {Path(h["path"]).name for h in hits} == {"cable.txt", "old.txt"}
    assert all({"document_id", "path", "page", "snippet"} <= h.keys() for h in hits)
    state = json.loads(kavosh("status", "--case", case_dir, "--json").stdout)
    assert state["done"] == 2 and state["pending"] == 0
    assert [Path(f["path"]).name for f in state["failed"]] == ["junk.bin"]
    assert {"path", "stage", "reason"} <= state["failed"][0].keys()
    records = [json.loads(x) for x in kavosh("export", "--case", case_dir).stdout.splitlines()]
    old = next(r for r in records if r["path"].endswith("old.txt"))
    assert old["metadata"]["encoding"].replace("-", "").lower() in {"cp1256", "windows1256"}
    assert "بغداد" in old["pages"][0]["text"]
    assert {"id", "paths", "sha256", "parent", "mime", "language", "metadata"} <= old.keys()
    assert kavosh("custody", "verify", "--case", case_dir).returncode == 0


def test_custody_verify_detects_tampering(tmp_path: Path) -> None:
    for i in range(4):
        write(tmp_path / "in" / f"f{i}.txt", f"سند شماره {i}")
    case_dir = tmp_path / "case"
    kavosh("ingest", str(tmp_path / "in"), "--case", str(case_dir))

    def tamper(sql: str) -> str:
        """Edit a copy of the case's database directly, as someone covering tracks would."""
        copy = tmp_path / f"copy{len(list(tmp_path.iterdir()))}"
        shutil.copytree(case_dir, copy)
        with sqlite3.connect(copy / "kavosh.db") as db:
            db.executescript(sql)
        result = kavosh("custody", "verify", "--case", str(copy), check=False)
        assert result.returncode == 1, sql
        return result.stderr

    assert "altered" in tamper("UPDATE custody SET path = '/elsewhere' WHERE seq = 2")
    assert "missing" in tamper("DELETE FROM custody WHERE seq = 2")
    assert "removed" in tamper("DELETE FROM custody WHERE seq = (SELECT MAX(seq) FROM custody)")
    swapped = tamper(
        "UPDATE custody SET seq = -1 WHERE seq = 2; UPDATE custody SET seq = 2 WHERE seq = 3;"
        " UPDATE custody SET seq = 3 WHERE seq = -1;"
    )
    assert "does not follow" in swapped or "altered" in swapped


def test_an_outdated_search_index_is_rebuilt(tmp_path: Path) -> None:
    """A case whose index was built with another schema: readers are told to reindex; a
    writer (ingest, reindex) rebuilds it from the database and nothing is lost."""
    write(tmp_path / "in" / "a.txt", "گزارش سفیر در بغداد")
    kavosh("ingest", str(tmp_path / "in"), "--case", str(tmp_path / "case"), "--no-ocr")
    outdate_search_index(tmp_path / "case")
    stale = kavosh("search", "سفیر", "--case", str(tmp_path / "case"), check=False)
    assert stale.returncode == 1 and "kavosh reindex" in " ".join(stale.stderr.split())
    kavosh("reindex", "--case", str(tmp_path / "case"))
    found = kavosh("search", "سفیر", "--json", "--case", str(tmp_path / "case"))
    assert [json.loads(line)["path"].endswith("a.txt") for line in found.stdout.splitlines()] \
        == [True]
