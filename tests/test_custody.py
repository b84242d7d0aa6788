"""`kavosh custody verify` checks the stored originals, not only the log that names them; and
(issue 9) the text of every page, every document row and an anchor signed outside the case."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, kavosh
from fastapi.testclient import TestClient

from kavosh.api import create_app
from kavosh.case import Case
from kavosh.store.custody import GENESIS, AnchorKey, record_hash, text_hash


def _ingest_three(tmp_path: Path) -> tuple[Path, dict[str, Path]]:
    """A case of three real files; returns the case folder and each file's original in it."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name, text in {"a.txt": "سند اول درباره دیدار", "b.txt": "سند دوم درباره سفیر",
                       "c.txt": "سند سوم درباره بغداد"}.items():
        (inbox / name).write_text(text, encoding="utf-8")
    case_dir = tmp_path / "case"
    kavosh("ingest", str(inbox), "--case", str(case_dir), "--no-ocr")
    records = [json.loads(line) for line in
               kavosh("export", "--case", str(case_dir)).stdout.splitlines()]
    originals = {Path(r["path"]).name: case_dir / "archive" / r["sha256"][:2] / r["sha256"][2:4]
                 / r["sha256"] for r in records if r["kind"] == "file"}
    return case_dir, originals


def _verify(case_dir: Path, *flags: str) -> tuple[int, str]:
    result = kavosh("custody", "verify", "--case", str(case_dir), *flags, check=False)
    return result.returncode, " ".join((result.stdout + result.stderr).split())


def test_changed_and_missing_originals_are_named(tmp_path: Path) -> None:
    case_dir, originals = _ingest_three(tmp_path)
    assert _verify(case_dir)[0] == 0
    tampered, deleted = originals["a.txt"], originals["b.txt"]
    tampered.chmod(0o644)
    with tampered.open("a", encoding="utf-8") as out:
        out.write("\nسطر افزوده\n")
    deleted.chmod(0o644)
    deleted.unlink()

    code, said = _verify(case_dir)
    assert code == 1, said
    assert "in/a.txt" in said and "changed" in said
    assert "in/b.txt" in said and "missing" in said
    assert "in/c.txt" not in said
    assert "custody log intact" not in said


def test_quick_skips_the_rehash(tmp_path: Path) -> None:
    """--quick checks presence, size and mode only: bytes changed in place at the same size
    pass it (with a warning that the original is writable), and not the full check."""
    case_dir, originals = _ingest_three(tmp_path)
    original = originals["c.txt"]
    size = original.stat().st_size
    original.chmod(0o644)
    with original.open("r+b") as out:
        out.write(b"X")
    assert original.stat().st_size == size

    code, said = _verify(case_dir, "--quick")
    assert code == 0, said
    assert "writable" in said and "in/c.txt" in said and "changed" not in said
    code, said = _verify(case_dir)
    assert code == 1 and "in/c.txt" in said and "changed" in said, said


def test_untouched_case_is_intact_and_unknown_blobs_are_warned(tmp_path: Path) -> None:
    case_dir, _ = _ingest_three(tmp_path)
    code, said = _verify(case_dir)
    assert code == 0 and "custody log intact" in said and "3 originals re-hashed" in said, said
    stray = case_dir / "archive" / "00" / "00" / ("0" * 64)
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"put here by hand")
    code, said = _verify(case_dir)
    assert code == 0 and "not known" in said and stray.name[:12] in said, said


# --- issue 9: tampering with the case on disk ------------------------------------------------


def _sql(case_dir: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    """Edit the case's database directly, as someone covering tracks would."""
    with sqlite3.connect(case_dir / "kavosh.db") as db:
        return db.execute(sql, params).fetchall()


def _document_id(case_dir: Path, name: str) -> int:
    return int(_sql(case_dir, "SELECT document_id FROM occurrences WHERE path LIKE ?",
                    (f"%/{name}",))[0][0])


def _recompute_chain(case_dir: Path) -> tuple[int, str]:
    """Rewrite every record's hashes from the first (after editing what one wanted), as
    someone who read this repository would; returns the new head."""
    rows = _sql(case_dir, "SELECT seq, at, actor, action, path, size, sha256, document_id,"
                          " detail FROM custody ORDER BY seq")
    prev = GENESIS
    for row in rows:
        digest = record_hash(prev, list(row))
        _sql(case_dir, "UPDATE custody SET prev_hash = ?, hash = ? WHERE seq = ?",
             (prev, digest, row[0]))
        prev = digest
    return int(rows[-1][0]), prev


def _forge_anchor(case_dir: Path, seq: int, digest: str, secret: bytes | None) -> None:
    """Write an anchor for ``seq``/``digest``: unsigned, or signed with ``secret``."""
    anchor: dict[str, object] = {"seq": seq, "hash": digest}
    if secret is not None:
        anchor |= {"key": AnchorKey.fingerprint(secret),
                   "signature": AnchorKey.signature(secret, seq, digest)}
    (case_dir / "custody.anchor").write_text(json.dumps(anchor))


def test_edited_added_and_removed_text_is_seen(tmp_path: Path) -> None:
    """The text a reporter quotes is in the chain: a page edited in the database, a layer
    added (a fake "correction" shows instead of the document's words) or removed."""
    case_dir, _ = _ingest_three(tmp_path)
    a, b, c = (_document_id(case_dir, n) for n in ("a.txt", "b.txt", "c.txt"))
    _sql(case_dir, "UPDATE pages SET text = 'سند اول درباره دیدار با سفیر' WHERE document_id = ?",
         (a,))
    _sql(case_dir, "INSERT INTO pages (document_id, layer, number, text, created_at)"
                   " SELECT document_id, 'corrected', number, 'متن ساختگی', created_at"
                   " FROM pages WHERE document_id = ?", (b,))
    _sql(case_dir, "DELETE FROM pages WHERE document_id = ?", (c,))
    code, said = _verify(case_dir, "--quick")
    assert code == 1, said
    assert f"extracted text of document {a} was changed" in said
    assert f"corrected text of document {b} has no custody record" in said
    assert f"extracted text of document {c} was removed" in said


def test_a_deleted_or_repointed_document_row_is_seen(tmp_path: Path) -> None:
    case_dir, originals = _ingest_three(tmp_path)
    a, b = _document_id(case_dir, "a.txt"), _document_id(case_dir, "b.txt")
    _sql(case_dir, "DELETE FROM occurrences WHERE document_id = ?", (a,))
    _sql(case_dir, "DELETE FROM documents WHERE id = ?", (a,))
    code, said = _verify(case_dir, "--quick")
    assert code == 1 and f"names document {a} (in/a.txt" in said and "deleted" in said, said

    # b's row pointed at c's (intact) original: every blob matches its name, the row does not.
    c_hash = originals["c.txt"].name
    _sql(case_dir, "UPDATE documents SET sha256 = ?, key = 'x' WHERE id = ?", (c_hash, b))
    code, said = _verify(case_dir, "--quick")
    assert code == 1 and f"names document {b} (in/b.txt" in said, said


def test_deleted_folder_and_refused_item_rows_are_seen(tmp_path: Path) -> None:
    """Folders and things that could not be stored (here a symbolic link, which is never
    followed) are rows a reporter relies on too: "it was in the leak, Kavosh could not read
    it". Deleting either is tampering; a row no record names (forged) is too."""
    case_dir, _ = _ingest_three(tmp_path)
    (tmp_path / "in" / "link.txt").symlink_to(tmp_path / "in" / "a.txt")
    kavosh("ingest", str(tmp_path / "in"), "--case", str(case_dir), "--no-ocr")
    assert _verify(case_dir, "--quick")[0] == 0
    (link,) = _sql(case_dir, "SELECT id FROM documents WHERE kind = 'entry'")[0]
    (folder,) = _sql(case_dir, "SELECT id FROM documents WHERE kind = 'directory'")[0]
    _sql(case_dir, "DELETE FROM occurrences WHERE document_id IN (?, ?)", (link, folder))
    _sql(case_dir, "DELETE FROM documents WHERE id IN (?, ?)", (link, folder))
    code, said = _verify(case_dir, "--quick")
    assert code == 1 and f"names document {link} (in/link.txt" in said, said
    assert f"names document {folder} (in," in said, said

    _sql(case_dir, "INSERT INTO documents (key, kind, status, created_at, updated_at) VALUES"
                   " ('entry:in/forged.txt', 'entry', 'failed', '2026-01-01', '2026-01-01')")
    code, said = _verify(case_dir, "--quick")
    assert code == 1 and "has no custody record" in said, said


def test_a_swapped_original_is_named(tmp_path: Path) -> None:
    case_dir, originals = _ingest_three(tmp_path)
    swapped = originals["a.txt"]
    swapped.chmod(0o644)
    swapped.write_bytes(originals["b.txt"].read_bytes())
    code, said = _verify(case_dir)
    assert code == 1 and "in/a.txt" in said and "changed" in said, said


def test_removing_the_last_records_and_rewriting_the_anchor_is_seen(tmp_path: Path) -> None:
    case_dir, _ = _ingest_three(tmp_path)
    last = _sql(case_dir, "SELECT MAX(seq) FROM custody")[0][0]
    anchor = json.loads((case_dir / "custody.anchor").read_text())
    _sql(case_dir, "DELETE FROM custody WHERE seq = ?", (last,))
    (prev,) = _sql(case_dir, "SELECT hash FROM custody WHERE seq = ?", (last - 1,))[0]
    # The anchor now names the new last record, keeping the key and signature it had.
    (case_dir / "custody.anchor").write_text(json.dumps({**anchor, "seq": last - 1,
                                                         "hash": prev}))
    code, said = _verify(case_dir, "--quick")
    assert code == 1 and "signature does not match" in said, said
    assert f"this machine signed the chain up to record {last}" in said


def test_a_recomputed_chain_is_seen(tmp_path: Path) -> None:
    """Text edited, its text record updated to match and every hash after it recomputed: the
    chain is consistent, but nobody without this machine's key can sign its new head, and a
    receipt kept outside the case no longer matches."""
    case_dir, _ = _ingest_three(tmp_path)
    receipt = kavosh("custody", "export-head", "--case", str(case_dir)).stdout.strip()
    a = _document_id(case_dir, "a.txt")
    forged = "سند اول درباره دیدار با سفیر"
    _sql(case_dir, "UPDATE pages SET text = ? WHERE document_id = ?", (forged, a))
    _sql(case_dir, "UPDATE custody SET sha256 = ? WHERE document_id = ? AND action = 'text'",
         (text_hash([(1, forged)]), a))
    seq, digest = _recompute_chain(case_dir)

    for secret in (None, b"an attacker's own key, 32 bytes"):
        _forge_anchor(case_dir, seq, digest, secret)
        code, said = _verify(case_dir, "--quick")
        assert code == 1 and "custody log intact" not in said, said
        assert ("not signed" if secret is None else "signed with key") in said, said

    # The same case on a machine that never signed it: only the receipt can tell.
    elsewhere = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "partner")}
    result = kavosh("custody", "verify", "--case", str(case_dir), "--quick", "--receipt",
                    receipt, check=False, env=elsewhere)
    said = " ".join(result.stderr.split())
    assert result.returncode == 1 and "no longer holds the record your receipt names" in said


def test_a_case_made_again_in_the_same_folder_is_a_new_case(tmp_path: Path) -> None:
    """A reporter deletes a case and ingests again into the same folder: this machine's memory
    of the old case's signed head is not read as the new chain having lost records. A case
    swapped in without Kavosh making it (an older copy of the database) is still reported."""
    case_dir, _ = _ingest_three(tmp_path)
    shutil.copytree(case_dir, tmp_path / "older")
    kavosh("ingest", str(tmp_path / "in"), "--case", str(case_dir), "--no-ocr")
    shutil.rmtree(case_dir)
    one = tmp_path / "one"
    one.mkdir()
    (one / "d.txt").write_text("سند تازه درباره تهران", encoding="utf-8")
    kavosh("ingest", str(one), "--case", str(case_dir), "--no-ocr")
    code, said = _verify(case_dir, "--quick")
    assert code == 0 and "custody log intact" in said, said

    (tmp_path / "in" / "e.txt").write_text("سند پنجم", encoding="utf-8")
    kavosh("ingest", str(tmp_path / "in"), "--case", str(case_dir), "--no-ocr")
    shutil.rmtree(case_dir)
    shutil.copytree(tmp_path / "older", case_dir)  # swapped back without Kavosh making it
    (case_dir / "custody.anchor").unlink()
    code, said = _verify(case_dir, "--quick")
    assert code == 1 and "this machine signed the chain up to record" in said, said


def test_a_replayed_older_anchor_is_seen(tmp_path: Path) -> None:
    """A validly signed anchor from an earlier run put back after the chain was cut to it."""
    case_dir, _ = _ingest_three(tmp_path)
    old_anchor = (case_dir / "custody.anchor").read_text()
    old_seq = json.loads(old_anchor)["seq"]
    (tmp_path / "in" / "d.txt").write_text("سند چهارم", encoding="utf-8")
    kavosh("ingest", str(tmp_path / "in"), "--case", str(case_dir), "--no-ocr")
    _sql(case_dir, "DELETE FROM custody WHERE seq > ?", (old_seq,))
    _sql(case_dir, "DELETE FROM pages WHERE document_id = ?", (_document_id(case_dir, "d.txt"),))
    _sql(case_dir, "DELETE FROM occurrences WHERE path LIKE '%/d.txt'")
    _sql(case_dir, "DELETE FROM documents WHERE id NOT IN (SELECT document_id FROM occurrences)")
    (case_dir / "custody.anchor").write_text(old_anchor)
    code, said = _verify(case_dir, "--quick")
    assert code == 1 and "this machine signed the chain up to record" in said, said


def test_an_unreadable_anchor_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    case_dir, _ = _ingest_three(tmp_path)
    for garbage in ("not json at all", "[1, 2]", '{"seq": "x", "hash": 1}', "\xff"):
        (case_dir / "custody.anchor").write_text(garbage, encoding="latin-1")
        code, said = _verify(case_dir, "--quick")
        assert code == 1 and "anchor custody.anchor is unreadable" in said, said
        assert "Traceback" not in said


def test_a_case_from_another_machine_is_checked_with_its_receipt(tmp_path: Path) -> None:
    """A partner's machine cannot check the reporter's signature: the case fails there until
    checked against the reporter's receipt, and `custody sign` makes the partner vouch."""
    case_dir, _ = _ingest_three(tmp_path)
    receipt = kavosh("custody", "export-head", "--case", str(case_dir)).stdout.strip()
    partner = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "partner")}

    def verify(*flags: str) -> tuple[int, str]:
        result = kavosh("custody", "verify", "--case", str(case_dir), "--quick", *flags,
                        check=False, env=partner)
        return result.returncode, " ".join((result.stdout + result.stderr).split())

    code, said = verify()
    assert code == 1 and "cannot be checked here" in said, said
    code, said = verify("--receipt", receipt)
    assert code == 0 and "receipt vouches for records" in said, said
    assert verify("--receipt", "12:abc")[0] == 2  # not a receipt: a usage error
    signed = kavosh("custody", "sign", "--case", str(case_dir), "--receipt", receipt,
                    check=False, env=partner)
    assert signed.returncode == 0, signed.stderr
    code, said = verify()
    assert code == 0 and "custody log intact" in said, said


def test_the_web_page_warns_and_a_changed_original_is_not_served(tmp_path: Path) -> None:
    case_dir, originals = _ingest_three(tmp_path)
    a, b = _document_id(case_dir, "a.txt"), _document_id(case_dir, "b.txt")
    c = _document_id(case_dir, "c.txt")
    swapped = originals["a.txt"]
    swapped.chmod(0o644)
    swapped.write_bytes(originals["b.txt"].read_bytes())
    _sql(case_dir, "UPDATE pages SET text = 'متن دستکاری‌شده' WHERE document_id = ?", (b,))
    with (Case.open(case_dir) as case,
          TestClient(create_app(case), base_url="http://127.0.0.1") as client):
        page_a, page_b, page_c = (client.get(f"/documents/{i}").text for i in (a, b, c))
        downloads = [client.get(f"/api/documents/{i}/original") for i in (a, b)]
    assert "custody-warning" in page_a and "was changed" in page_a
    assert f"/api/documents/{a}/original" not in page_a
    assert "custody-warning" in page_b and "extracted text was changed" in page_b
    assert "custody-warning" not in page_c
    assert downloads[0].status_code == 409 and "no longer matches" in downloads[0].text
    assert downloads[1].status_code == 200


def test_ocr_text_is_recorded_and_checked(tmp_path: Path) -> None:
    """The OCR stage records each document's OCR layer as it grows, page by page."""
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed")
    scan = ROOT / "sample" / "archive" / "scans" / "scan-0007.jpg"
    case_dir = tmp_path / "case"
    kavosh("ingest", str(scan), "--case", str(case_dir))
    assert _sql(case_dir, "SELECT COUNT(*) FROM custody WHERE action = 'text' AND detail = 'ocr'"
                )[0][0] == 1
    assert _verify(case_dir, "--quick")[0] == 0
    _sql(case_dir, "UPDATE pages SET text = text || ' افزوده' WHERE layer = 'ocr'")
    code, said = _verify(case_dir, "--quick")
    assert code == 1 and "ocr text of document" in said and "was changed" in said, said


def test_sign_never_hides_tampering(tmp_path: Path) -> None:
    """`custody sign` settles only what this machine cannot check (an anchor not signed, or
    signed elsewhere): edited text, a wrong receipt or a forged signature stay problems."""
    case_dir, _ = _ingest_three(tmp_path)
    receipt = kavosh("custody", "export-head", "--case", str(case_dir)).stdout.strip()
    seq, digest = receipt.split(":")
    _forge_anchor(case_dir, int(seq), digest, None)  # as a Kavosh before signing wrote it

    def sign(*flags: str) -> tuple[int, str]:
        result = kavosh("custody", "sign", "--case", str(case_dir), *flags, check=False)
        return result.returncode, " ".join((result.stdout + result.stderr).split())

    _sql(case_dir, "UPDATE pages SET text = 'متن دیگر' WHERE document_id = ?",
         (_document_id(case_dir, "a.txt"),))
    code, said = sign()
    assert code == 1 and "not signed:" in said and "was changed" in said, said
    _sql(case_dir, "UPDATE pages SET text = 'سند اول درباره دیدار' WHERE document_id = ?",
         (_document_id(case_dir, "a.txt"),))
    code, said = sign("--receipt", f"{seq}:{'0' * 64}")
    assert code == 1 and "receipt names" in said, said
    code, said = sign("--receipt", receipt)
    assert code == 0, said
    assert _verify(case_dir, "--quick")[0] == 0

    anchor = json.loads((case_dir / "custody.anchor").read_text())
    (case_dir / "custody.anchor").write_text(json.dumps({**anchor, "signature": "0" * 64}))
    assert sign()[0] == 1
    code, said = _verify(case_dir, "--quick", "--receipt", receipt)
    assert code == 1 and "signature does not match" in said, said
