"""`kavosh custody verify` checks the stored originals, not only the log that names them."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import kavosh


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
