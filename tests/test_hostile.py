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


# --- issue 9: overlapping entries, whole-container bound, names, entities, PDF attachments ---


def test_overlapping_zip_entries_are_not_extracted(tmp_path: Path) -> None:
    from hostile.corpus import overlapping_zip_bytes

    path = tmp_path / "overlap.zip"
    path.write_bytes(overlapping_zip_bytes(20, 2 * 1024 * 1024))  # 40 MiB from a few KB
    ctx = ingest_context(tmp_path)
    read_file(path, ctx)
    assert len(ctx.children) == 20
    assert all(c.sha256 is None and "overlap" in (c.reason or "") for c in ctx.children)


def test_a_container_is_bound_as_a_whole(tmp_path: Path) -> None:
    path = tmp_path / "spread.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for i in range(40):  # each member 1 MiB: under the floor, so no per-member check
            z.writestr(f"zeros-{i:02d}.bin", i.to_bytes(4, "big") + bytes(2**20 - 4))
    limit = int(max(2**20 * 2, path.stat().st_size * 200))
    assert limit < 40 * 2**20
    ctx = ingest_context(tmp_path, ratio_floor=2 * 2**20)
    result = read_file(path, ctx)
    stored = sum(c.size or 0 for c in ctx.children if c.sha256)
    assert stored <= limit
    last = ctx.children[-1]
    assert last.sha256 is None and "members together" in (last.reason or "")
    assert "zip bomb" in result.metadata["stopped"]
    assert len(ctx.children) < 40


def test_a_nul_in_a_member_name_is_shown_not_cut(tmp_path: Path) -> None:
    from hostile.corpus import zip_nul_name

    ctx = ingest_context(tmp_path)
    read_file(zip_nul_name(tmp_path), ctx)
    (child,) = ctx.children
    assert child.name == "nul\u2400hidden.txt" and child.sha256 is not None


def test_docx_text_after_an_unresolved_entity_is_kept(tmp_path: Path) -> None:
    from hostile.corpus import docx_xxe

    text = read_file(docx_xxe(tmp_path)).pages[0].text
    assert text == "[&xxe;] [&net;] the text after the entities"  # shown, never expanded


def test_pdf_attachments_become_children(tmp_path: Path) -> None:
    from hostile.corpus import pdf_attachments

    ctx = ingest_context(tmp_path)
    result = read_file(pdf_attachments(tmp_path), ctx)
    assert "Parvin Azadeh" in result.pages[0].text
    assert [c.name for c in ctx.children] == ["memo.txt", "page-1/note.txt"]
    texts = [ctx.archive.path(c.sha256).read_text() for c in ctx.children if c.sha256]
    assert "Kaveh Bahrami" in texts[0] and "Shirin Nazari" in texts[1]
    assert result.metadata["attachment_count"] == 2


def test_a_pdf_attachment_bomb_is_not_extracted(tmp_path: Path) -> None:
    from hostile.corpus import _pdf, _stream

    zeros = zlib.compress(bytes(8 * 2**20), 9)
    path = tmp_path / "bomb.pdf"
    path.write_bytes(_pdf([
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(z.bin) 4 0 R] "
        b">> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        b"<< /Type /Filespec /F (z.bin) /EF << /F 5 0 R >> >>",
        _stream(zeros, b"/Type /EmbeddedFile /Filter /FlateDecode"),
    ]))
    ctx = ingest_context(tmp_path, ratio_floor=2**20)
    read_file(path, ctx)
    (child,) = ctx.children
    assert child.name == "z.bin" and "zip bomb" in (child.reason or "")


# --- issue 9 point 6: nothing of the leak written outside the case -------------------------


class _Creations:
    """Names created in some folders while it is open (Linux inotify, read afterwards: files
    made and removed again are seen too)."""

    IN_CREATE, IN_MOVED_TO = 0x100, 0x80

    def __init__(self, *folders: Path) -> None:
        import ctypes

        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK)
        if self.fd < 0:
            pytest.skip("inotify is not available here")
        self.folders = {}
        for folder in folders:
            wd = self.libc.inotify_add_watch(self.fd, str(folder).encode(),
                                             self.IN_CREATE | self.IN_MOVED_TO)
            self.folders[wd] = folder

    def names(self) -> list[str]:
        found: list[str] = []
        try:
            while data := os.read(self.fd, 65536):
                at = 0
                while at < len(data):
                    wd, _, _, size = struct.unpack_from("iIII", data, at)
                    name = data[at + 16: at + 16 + size].rstrip(b"\0").decode()
                    found.append(str(self.folders[wd] / name))
                    at += 16 + size
        except BlockingIOError:
            pass
        os.close(self.fd)
        return found


def test_nothing_of_the_leak_is_written_outside_the_case(tmp_path: Path) -> None:
    import shutil as sh

    from conftest import kavosh
    from PIL import Image, ImageDraw, ImageFont

    if sh.which("tesseract") is None or sh.which("soffice") is None:
        pytest.skip("needs Tesseract and LibreOffice (scripts/install-system.sh)")
    leak = tmp_path / "leak"
    leak.mkdir()
    (leak / "memo.rtf").write_text(r"{\rtf1\ansi The memo of the fictional Omid Karimi.\par}",
                                   encoding="ascii")
    scan = Image.new("L", (1400, 300), 255)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 48)
    ImageDraw.Draw(scan).text((40, 110), "Scanned note of Omid Karimi", font=font, fill=0)
    scan.save(leak / "scan.png", dpi=(300, 300))
    outside_tmp, outside_home = tmp_path / "tmp", tmp_path / "home"
    outside_tmp.mkdir()
    outside_home.mkdir()
    env = {**os.environ, "TMPDIR": str(outside_tmp), "HOME": str(outside_home),
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    case = tmp_path / "case"
    case.mkdir()
    (case / "kavosh.toml").write_text('ocr_languages = "eng"\n', encoding="utf-8")
    watch = _Creations(outside_tmp, outside_home)
    kavosh("ingest", str(leak), "--case", str(case), "--no-ocr", env=env)
    kavosh("ocr", "--case", str(case), env=env)
    created = watch.names()
    exported = kavosh("export", "--case", str(case), env=env).stdout
    assert "memo of the fictional Omid Karimi" in exported  # read through LibreOffice
    assert "Scanned note" in exported  # read by Tesseract
    assert created == [], "files were made outside the case"
    assert not any(outside_tmp.iterdir()) and not any(outside_home.iterdir())
    assert not [p for p in (case / "tmp").rglob("*") if p.is_file()]


# --- the hostile corpus (tests/hostile/corpus.py), each item ingested in a real case ---------


def _corpus_items() -> list[object]:
    from hostile.corpus import ITEMS

    return [pytest.param(item, id=item.name,
                         marks=() if item.enabled else pytest.mark.skip(reason=item.hook))
            for item in ITEMS]


@pytest.mark.parametrize("item", _corpus_items())
def test_hostile_corpus(item: object, tmp_path: Path) -> None:
    """Every hostile file ends done or failed with a reason, within the time and memory
    bounds, and nothing is left pending."""
    from hostile.corpus import PEAK_MIB, WALL_SECONDS, Item, run_item

    assert isinstance(item, Item)
    outcome = run_item(item, tmp_path)
    assert outcome.exit_code is not None, f"still running after {WALL_SECONDS} s"
    assert outcome.exit_code == 0
    assert outcome.peak_mib < PEAK_MIB
    files = [d for d in outcome.documents if d["kind"] in ("file", "entry")]
    assert files
    for document in files:
        assert document["status"] in ("done", "failed"), document["path"]
        if document["status"] == "failed":
            assert document["reason"] and "Traceback" not in str(document["reason"])
    _check_item(item.name, outcome.documents)


def _check_item(name: str, documents: list[dict[str, object]]) -> None:
    """What each item must have ended as, beyond done-or-failed."""
    by_path = {str(d["path"]).split("/", 1)[1]: d for d in documents
               if d["kind"] in ("file", "entry")}
    texts = {path: " ".join(str(p["text"]) for p in d["pages"])  # type: ignore[attr-defined]
             for path, d in by_path.items()}
    if name == "overlapping-zip":
        members = [d for p, d in by_path.items() if p.startswith("overlap.zip/")]
        assert len(members) == 250
        assert all("overlap" in str(d["reason"]) for d in members)
    elif name == "spread-bomb":
        assert "zip bomb" in str(by_path["spread.zip"]["metadata"])
        assert len(by_path) < 400
    elif name == "zip-nul-name":
        assert "the text hidden behind a NUL" in texts["nul-name.zip/nul\u2400hidden.txt"]
    elif name == "pdf-attachments":
        assert "Kaveh Bahrami" in texts["attachments.pdf/memo.txt"]
        assert "Shirin Nazari" in texts["attachments.pdf/page-1/note.txt"]
    elif name == "docx-xxe":
        assert texts["xxe.docx"] == "[&xxe;] [&net;] the text after the entities"
    elif name == "zip-quine":  # its member is itself: one document found at two paths
        (quine,) = by_path.values()
        assert [p["path"] for p in quine["paths"]] == ["in/quine.zip", "in/quine.zip/r.zip"]  # type: ignore[attr-defined]
    elif name == "nested-zips-50":
        assert any("nested deeper" in str(d["reason"]) for d in by_path.values())
    elif name in ("zip-path-tricks", "tar-path-tricks"):
        stored = [p for p, d in by_path.items() if d["status"] == "done" and "/" in p]
        assert len(stored) == 1 and stored[0].endswith("ok.txt")
    for text in texts.values():
        assert "root:x:0:0" not in text  # no local file was ever included
        assert "lollollollol" not in text  # no entity was ever expanded


def test_a_zip_that_contains_itself_is_read_once(tmp_path: Path) -> None:
    from hostile.quine import zip_quine

    quine = zip_quine()
    assert zipfile.ZipFile(io.BytesIO(quine)).read("r.zip") == quine
    path = tmp_path / "r.zip"
    path.write_bytes(quine)
    ctx = ingest_context(tmp_path)
    read_file(path, ctx)
    (child,) = ctx.children
    assert child.name == "r.zip" and child.size == len(quine)
