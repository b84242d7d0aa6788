"""Hostile and broken input, built here: each must end with a reason a reporter can read.

Nothing may be written outside the case (the archive and the scratch folder), nothing may be
run, and nothing may exhaust memory or disk.
"""

from __future__ import annotations

import io
import os
import struct
import tarfile
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import ingest_context, read_file

from kavosh.ingest.base import IngestContext, IngestError, IngestResult
from kavosh.ingest.containers import BombError, CountingReader, unsafe_reason
from kavosh.ingest.registry import ingest_file


def reason_for(path: Path, ctx: IngestContext | None = None) -> str:
    with pytest.raises(IngestError) as caught:
        read_file(path, ctx)
    reason = caught.value.reason
    assert reason and "Traceback" not in reason
    return reason


def reasons(ctx: IngestContext) -> dict[str, str]:
    return {c.name: c.reason for c in ctx.children if c.reason is not None}


def test_zero_byte_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert "zero-byte" in reason_for(tmp_path / "empty.txt")


def test_unknown_binary(tmp_path: Path) -> None:
    path = tmp_path / "junk.bin"
    path.write_bytes(b"\x00\x01\x02\xff" * 10)
    reason = reason_for(path)
    assert reason == "unknown or unsupported file type (application/octet-stream)"


def test_over_large_file(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2000)
    reason = reason_for(path, ingest_context(tmp_path, max_file_size=1000))
    assert reason == "file is larger than the limit of 1,000 bytes"


def test_undecodable_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(bytes(range(256)) * 40)
    assert reason_for(path) == "the text could not be decoded in any known encoding"


# --- PDF ----------------------------------------------------------------------------------


def small_pdf(path: Path, **encryption: str) -> Path:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="The secret text of this page, long enough to count as text.")
    if encryption:
        pdf.set_encryption(**encryption)
    pdf.output(str(path))
    return path


def test_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not really a PDF at all\n")
    assert reason_for(path).startswith("the PDF is damaged or not a PDF")


def test_truncated_pdf(tmp_path: Path) -> None:
    whole = small_pdf(tmp_path / "whole.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(whole[: len(whole) // 3])
    assert reason_for(path).startswith("the PDF is damaged or not a PDF")


def test_password_protected_pdf(tmp_path: Path) -> None:
    path = small_pdf(tmp_path / "locked.pdf", owner_password="owner", user_password="x")
    assert reason_for(path).startswith("the PDF is password-protected")


def test_owner_password_only_pdf_is_read(tmp_path: Path) -> None:
    path = small_pdf(tmp_path / "restricted.pdf", owner_password="owner")
    assert "secret text" in read_file(path).pages[0].text


# --- archives -----------------------------------------------------------------------------


def test_zip_path_traversal_writes_nothing_outside(tmp_path: Path) -> None:
    outside = tmp_path / "case"
    outside.mkdir()
    path = outside / "evil.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("../evil.txt", "escaped")
        z.writestr("/etc/abs.txt", "absolute")
        z.writestr("C:/Windows/drive.txt", "drive")
        z.writestr("docs\\..\\..\\back.txt", "backslash")
        z.writestr("fine/ok.txt", "ok")
    ctx = ingest_context(outside)
    read_file(path, ctx)
    failed = reasons(ctx)
    assert set(failed) == {"../evil.txt", "/etc/abs.txt", "C:/Windows/drive.txt",
                           "docs\\..\\..\\back.txt"}
    assert all("unsafe" in r and "not extracted" in r for r in failed.values())
    assert [c.name for c in ctx.children if c.sha256] == ["fine/ok.txt"]
    written = {p.name for p in tmp_path.rglob("*") if p.is_file()}
    assert not written & {"evil.txt", "abs.txt", "drive.txt", "back.txt", "ok.txt"}
    assert not any(ctx.workdir.iterdir())
    assert not Path("/etc/abs.txt").exists()


def test_unsafe_names() -> None:
    for name in ("../a", "a/../../b", "/abs", "\\\\server\\share", "C:\\x", "d:x", "", "a\x00b",
                 "..\\..\\x"):
        assert unsafe_reason(name) is not None, name
    for name in ("a/b.txt", "..a/b", "a..b", "گزارش/سند.txt"):
        assert unsafe_reason(name) is None, name


def test_zip_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("zeros.bin", bytes(50 * 1024 * 1024))
        z.writestr("fine.txt", "fine")
    assert path.stat().st_size < 200_000
    ctx = ingest_context(tmp_path, ratio_floor=1024 * 1024)
    read_file(path, ctx)
    failed = reasons(ctx)
    assert "zip bomb" in failed["zeros.bin"] and "extraction stopped" in failed["zeros.bin"]
    assert [c.name for c in ctx.children if c.sha256] == ["fine.txt"]


def test_counting_reader_stops_a_lying_stream() -> None:
    reader = CountingReader(io.BytesIO(bytes(5000)), limit=1000)
    with pytest.raises(BombError):
        while reader.read(512):
            pass


def test_tar_gz_bomb_is_measured_while_streaming(tmp_path: Path) -> None:
    path = tmp_path / "bomb.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo("zeros.bin")
        info.size = 30 * 1024 * 1024
        tar.addfile(info, io.BytesIO(bytes(info.size)))
    ctx = ingest_context(tmp_path, ratio_floor=1024 * 1024)
    result = read_file(path, ctx)
    assert "zip bomb" in reasons(ctx)["zeros.bin"]
    assert "zip bomb" in result.metadata["stopped"]
    assert not ctx.archive.temporary()  # no partial blob left


def test_gzip_bomb(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "zeros.bin.gz"
    with gzip.open(path, "wb") as out:
        out.write(bytes(20 * 1024 * 1024))
    ctx = ingest_context(tmp_path, ratio_floor=1024 * 1024)
    read_file(path, ctx)
    assert "zip bomb" in reasons(ctx)["zeros.bin"]


def test_7z_bomb_and_encryption(tmp_path: Path) -> None:
    py7zr = pytest.importorskip("py7zr")
    bomb = tmp_path / "bomb.7z"
    with py7zr.SevenZipFile(bomb, "w") as archive:
        archive.writestr(bytes(30 * 1024 * 1024), "zeros.bin")
        archive.writestr(b"after", "after.txt")
    ctx = ingest_context(tmp_path, ratio_floor=1024 * 1024)
    read_file(bomb, ctx)
    failed = reasons(ctx)
    assert "zip bomb" in failed["zeros.bin"] and "not extracted" in failed["after.txt"]
    assert not list((ctx.workdir / "7z").iterdir())
    locked = tmp_path / "locked.7z"
    with py7zr.SevenZipFile(locked, "w", password="pw") as archive:
        archive.writestr(b"secret", "secret.txt")
    ctx = ingest_context(tmp_path)
    read_file(locked, ctx)
    assert reasons(ctx) == {"secret.txt": "encrypted member; password unknown"}
    hidden = tmp_path / "hidden.7z"
    with py7zr.SevenZipFile(hidden, "w", password="pw", header_encryption=True) as archive:
        archive.writestr(b"secret", "secret.txt")
    assert reason_for(hidden) == "the archive is encrypted; password unknown"


def test_deeply_nested_zips_stop_at_the_depth_limit(tmp_path: Path) -> None:
    data = zipfile.ZipFile  # build 10 levels, innermost first
    blob = b"the bottom"
    name = "bottom.txt"
    for level in range(10):
        buffer = io.BytesIO()
        with data(buffer, "w") as z:
            z.writestr(name, blob)
        blob, name = buffer.getvalue(), f"level{level}.zip"
    path = tmp_path / name
    path.write_bytes(blob)
    depth = 0
    current = path
    while True:
        ctx = ingest_context(tmp_path, depth=depth, max_depth=3)
        try:
            ingest_file(current, current.name, ctx)
        except IngestError as error:
            assert "nested" in error.reason and "3 levels" in error.reason
            break
        (child,) = ctx.children
        assert child.sha256 is not None
        current = ctx.archive.path(child.sha256)
        depth += 1
    assert depth == 3


def test_too_many_members(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as z:
        for i in range(5):
            z.writestr(f"f{i}.txt", f"file {i}")
    ctx = ingest_context(tmp_path, max_members=3)
    reason = reason_for(path, ctx)
    assert "more than 3 members" in reason
    assert len([c for c in ctx.children if c.sha256]) == 3


def test_container_total_limit(tmp_path: Path) -> None:
    path = tmp_path / "total.zip"
    with zipfile.ZipFile(path, "w") as z:
        for i in range(3):
            z.writestr(f"f{i}.txt", os.urandom(400))
    ctx = ingest_context(tmp_path, max_container_total=1000)
    read_file(path, ctx)
    assert "limit" in reasons(ctx)["f2.txt"]


def test_encrypted_zip_member(tmp_path: Path) -> None:
    path = tmp_path / "locked.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("secret.txt", "secret")
    raw = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # set the encrypted flag
        at = raw.find(signature)
        flags = struct.unpack_from("<H", raw, at + offset)[0]
        struct.pack_into("<H", raw, at + offset, flags | 1)
    path.write_bytes(bytes(raw))
    ctx = ingest_context(tmp_path)
    read_file(path, ctx)
    assert reasons(ctx) == {"secret.txt": "encrypted member; password unknown"}


def test_tar_links_and_devices_are_not_extracted(tmp_path: Path) -> None:
    path = tmp_path / "links.tar"
    with tarfile.open(path, "w") as tar:
        link = tarfile.TarInfo("passwd")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tar.addfile(link)
        device = tarfile.TarInfo("null")
        device.type = tarfile.CHRTYPE
        tar.addfile(device)
        evil = tarfile.TarInfo("../../escape.txt")
        evil.size = 3
        tar.addfile(evil, io.BytesIO(b"bad"))
    ctx = ingest_context(tmp_path)
    read_file(path, ctx)
    failed = reasons(ctx)
    assert "not a regular file" in failed["passwd"] and "not a regular file" in failed["null"]
    assert "unsafe" in failed["../../escape.txt"]
    assert all(c.sha256 is None for c in ctx.children)


def test_damaged_archives(tmp_path: Path) -> None:
    zip_path = tmp_path / "broken.zip"
    zip_path.write_bytes(b"PK\x03\x04" + os.urandom(200))
    assert reason_for(zip_path).startswith("the archive is damaged")
    seven = tmp_path / "broken.7z"
    seven.write_bytes(b"7z\xbc\xaf\x27\x1c" + os.urandom(200))
    assert reason_for(seven).startswith("the archive is damaged")
    gz = tmp_path / "broken.txt.gz"
    gz.write_bytes(b"\x1f\x8b\x08\x00" + os.urandom(200))
    assert "damaged" in reason_for(gz)


def test_corrupt_zip_member_is_recorded(tmp_path: Path) -> None:
    path = tmp_path / "crc.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.txt", "hello hello hello " * 100)
    raw = bytearray(path.read_bytes())
    at = raw.find(b"PK\x03\x04") + 30 + len("a.txt") + 5
    raw[at] ^= 0xFF  # damage the compressed data
    path.write_bytes(bytes(raw))
    ctx = ingest_context(tmp_path)
    read_file(path, ctx)
    assert "damaged" in reasons(ctx)["a.txt"]


# --- images -------------------------------------------------------------------------------


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (1, 1)).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    ihdr = data.find(b"IHDR")
    struct.pack_into(">II", data, ihdr + 4, width, height)
    crc = zlib.crc32(bytes(data[ihdr:ihdr + 17]))
    struct.pack_into(">I", data, ihdr + 17, crc)
    return bytes(data)


def test_image_decompression_bomb_header(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(png_claiming(30000, 30000))
    reason = reason_for(path)
    assert reason == ("the image is too large to open safely (900,000,000 pixels; "
                      "limit 200,000,000)")


def test_image_over_a_small_pixel_limit(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "photo.png"
    Image.new("RGB", (100, 100)).save(path)
    reason = reason_for(path, ingest_context(tmp_path, max_image_pixels=1000))
    assert reason.startswith("the image is too large to open safely (10,000 pixels")


def test_truncated_images(tmp_path: Path) -> None:
    from PIL import Image

    noise = Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3))
    for fmt in ("PNG", "JPEG"):
        buffer = io.BytesIO()
        noise.save(buffer, format=fmt)
        path = tmp_path / f"cut.{fmt.lower()}"
        path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
        assert reason_for(path).startswith("the image is damaged"), fmt


# --- markup and mail ----------------------------------------------------------------------


def test_html_script_never_reaches_the_text(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><body onload='steal()'><p>visible</p><script>alert(1)</script>"
        "<img src=x onerror=alert(2)><a href='javascript:alert(3)'>link</a>"
        "<object data='x.swf'>flash</object><embed src='x'>"
        "<style>@import url(http://example.invalid/x.css)</style></body></html>",
        encoding="utf-8")
    text = read_file(path).pages[0].text
    assert text == "visible\nlink"
    assert "alert" not in text and "steal" not in text and "import" not in text


def test_svg_with_script(tmp_path: Path) -> None:
    path = tmp_path / "drawing.svg"
    path.write_text(
        "<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY lol 'lol'>]>"
        "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(0)'><title>نقشه</title>"
        "<script>alert(1)</script><text x='1' y='2'>visible words</text>"
        "<foreignObject><script>alert(2)</script></foreignObject></svg>", encoding="utf-8")
    result = read_file(path)
    assert result.mime == "image/svg+xml"
    assert result.pages[0].text == "نقشه\nvisible words"


def test_eml_with_hostile_attachment_names(tmp_path: Path) -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = "x@example.org"
    message["Subject"] = "names"
    message.set_content("body")
    message.add_attachment(b"one", maintype="application", subtype="octet-stream",
                           filename="../../etc/passwd")
    message.add_attachment(b"two", maintype="image", subtype="png")
    path = tmp_path / "names.eml"
    path.write_bytes(message.as_bytes())
    ctx = ingest_context(tmp_path)
    read_file(path, ctx)
    assert [c.name for c in ctx.children] == ["passwd", "attachment-2.png"]
    assert not (tmp_path / "passwd").exists()


def test_mail_like_garbage_headers(tmp_path: Path) -> None:
    path = tmp_path / "odd.eml"
    path.write_bytes(b"From: =?utf-8?b?!!!not-base64?= <<<>>>\r\nTo: ,,,@@@\r\n"
                     b"Subject: =?x-unknown?q?abc?=\r\nDate: not a date\r\n\r\nbody text\r\n")
    result = read_file(path)
    assert "body text" in result.pages[0].text
    assert result.metadata["date"] == "not a date"


# --- the registry's error contract ----------------------------------------------------------


class _Raising:
    """A stand-in ingestor that raises what it is given."""

    name = "raising"
    version = "0"

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def match(self, probe: object) -> float:
        return 10.0

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult:
        raise self.error


@pytest.mark.parametrize(("error", "expected"), [
    (MemoryError(), "ran out of memory reading this file"),
    (KeyError("trailer"), "could not read this file: KeyError: 'trailer'"),
    (RecursionError(), "could not read this file: it is nested too deeply to parse"),
])
def test_unexpected_errors_become_plain_reasons(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                error: BaseException, expected: str) -> None:
    from kavosh.ingest import registry

    monkeypatch.setattr(registry, "ingestors", lambda: [_Raising(error)])
    path = tmp_path / "any.txt"
    path.write_text("words", encoding="utf-8")
    assert reason_for(path) == expected


def test_fatal_errors_and_a_full_disk_stop_the_run(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from kavosh.ingest import registry
    from kavosh.ingest.base import FatalError

    path = tmp_path / "any.txt"
    path.write_text("words", encoding="utf-8")
    for error in (FatalError("case unreadable"), OSError(errno.ENOSPC, "No space left")):
        monkeypatch.setattr(registry, "ingestors", [_Raising(error)].copy)
        with pytest.raises(FatalError):
            read_file(path)


def test_legacy_without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kavosh.ingest import legacy

    monkeypatch.setattr(legacy.shutil, "which", lambda name: None)
    path = tmp_path / "old.rtf"
    path.write_bytes(b"{\\rtf1\\ansi hello}")
    assert reason_for(path).startswith("DOC/RTF files need LibreOffice: install the Debian "
                                       "package libreoffice-writer-nogui")
