"""Tell a file's type from its content, not its name.

Contract of :func:`probe_file`:

1. the content's magic bytes decide first (PDF, ZIP and the formats built on it, 7z, gzip,
   bzip2, xz, tar, images, OLE2, RTF, e-mail, mbox, HTML/XHTML, SVG);
2. when the content says nothing, the file name's extension decides;
3. otherwise the first bytes are judged text (``text/plain``) or binary
   (``application/octet-stream``).

Only the first 64 KiB are read, except for ZIP files, whose central directory (and, when it
must, the small ``mimetype`` and ``[Content_Types].xml`` members) is read to tell DOCX, XLSX,
PPTX, ODF and EPUB from a plain archive: an Office file is one document, never a heap of its
ZIP parts. An OLE2 file the head cannot place (Excel, Outlook, PowerPoint, Word) is named by
its extension when that names one of them. Nothing here raises for a hostile file: the worst it
returns is ``application/octet-stream``.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from kavosh.ingest.base import Probe

HEAD_SIZE = 64 * 1024

PDF = "application/pdf"
ZIP = "application/zip"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
EPUB = "application/epub+zip"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"
MSG = "application/vnd.ms-outlook"
SEVEN_Z = "application/x-7z-compressed"
GZIP = "application/gzip"
BZIP2 = "application/x-bzip2"
XZ = "application/x-xz"
TAR = "application/x-tar"
DOC = "application/msword"
OLE = "application/x-ole-storage"
RTF = "application/rtf"
EML = "message/rfc822"
MBOX = "application/mbox"
HTML = "text/html"
XHTML = "application/xhtml+xml"
SVG = "image/svg+xml"
XML = "application/xml"
TEXT = "text/plain"
BINARY = "application/octet-stream"

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"7z\xbc\xaf\x27\x1c", SEVEN_Z),
    (b"\x1f\x8b\x08", GZIP),
    (b"\xfd7zXZ\x00", XZ),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"{\\rtf", RTF),
)

_EXTENSIONS: dict[str, str] = {
    ".pdf": PDF, ".zip": ZIP, ".docx": DOCX, ".xlsx": XLSX, ".xlsm": XLSX, ".pptx": PPTX,
    ".odt": ODT, ".ods": ODS, ".odp": ODP, ".epub": EPUB, ".xls": XLS, ".ppt": PPT, ".msg": MSG,
    ".7z": SEVEN_Z, ".gz": GZIP, ".tgz": GZIP, ".bz2": BZIP2, ".xz": XZ, ".tar": TAR,
    ".doc": DOC, ".dot": DOC, ".rtf": RTF, ".eml": EML, ".mbox": MBOX, ".mbx": MBOX,
    ".html": HTML, ".htm": HTML, ".xhtml": XHTML, ".svg": SVG, ".xml": XML,
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".tif": "image/tiff", ".tiff": "image/tiff", ".webp": "image/webp", ".bmp": "image/bmp",
    ".txt": TEXT, ".text": TEXT, ".log": TEXT, ".md": "text/markdown",
    ".markdown": "text/markdown", ".csv": "text/csv", ".tsv": "text/tab-separated-values",
    ".tab": "text/tab-separated-values", ".json": "application/json", ".jsonl": "application/json",
}

# Headers that open a real message file (the first line of an .eml is one of these, usually).
_MAIL_HEADERS = {
    b"from", b"to", b"cc", b"subject", b"date", b"received", b"return-path", b"message-id",
    b"mime-version", b"delivered-to", b"reply-to", b"sender", b"x-mailer", b"content-type",
    b"dkim-signature", b"arc-seal", b"authentication-results", b"thread-topic", b"x-sender",
}
_HEADER_LINE = re.compile(rb"^([A-Za-z][A-Za-z0-9-]{0,76}):[ \t]?")
_MBOX_FROM = re.compile(rb"^From \S+.*\r?\n", re.ASCII)
_HTML_START = re.compile(rb"<(html|head|body|title|meta)[\s>/]", re.IGNORECASE)


def probe_file(path: Path, name: str) -> Probe:
    """Read the first 64 KiB of ``path``; say what it is. ``name`` is only shown, never opened."""
    size = path.stat().st_size
    with open(path, "rb") as stream:
        head = stream.read(HEAD_SIZE)
    return Probe(name=name, size=size, mime=sniff(head, name, path), head=head)


def sniff(head: bytes, name: str = "", path: Path | None = None) -> str:
    """The MIME type of content that starts with ``head``; ``path`` lets ZIP members be read."""
    mime = _by_magic(head, path, name)
    if mime is None:
        mime = by_extension(name)
    if mime is None:
        mime = TEXT if looks_like_text(head) else BINARY
    return mime


def by_extension(name: str) -> str | None:
    """The MIME type the file name's extension suggests, or None."""
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    return _EXTENSIONS.get(suffix)


def looks_like_text(head: bytes) -> bool:
    """True when ``head`` reads as text: UTF-16 with or without a BOM, or few control bytes."""
    if not head:
        return False
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if utf16_without_bom(head) is not None:
        return True
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls <= len(head) * 0.01


def utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when NULs alternate like mostly-ASCII UTF-16, else None."""
    sample = head[: 4096 - (len(head[:4096]) % 2)]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.3 and even < half * 0.05:
        codec = "utf-16-le"
    elif even > half * 0.3 and odd < half * 0.05:
        codec = "utf-16-be"
    else:
        return None
    # Real UTF-16 text decodes to few control characters; binary with NULs does not.
    decoded = sample.decode(codec, errors="replace")
    bad = sum(1 for ch in decoded if (ch < " " and ch not in "\t\n\r\f") or ch == "\ufffd")
    return codec if bad <= len(decoded) * 0.05 else None


def _by_magic(head: bytes, path: Path | None, name: str = "") -> str | None:
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(head, path)
    for magic, mime in _MAGIC:
        if head.startswith(magic):
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:3] == b"BZh" and head[3:4].isdigit() and head[4:10] in (
        b"1AY&SY", b"\x17rE8P\x90"
    ):
        return BZIP2
    if head[:2] == b"BM" and head[6:10] == b"\0\0\0\0" and len(head) >= 18 and (
        int.from_bytes(head[14:18], "little") in (12, 40, 52, 56, 64, 108, 124)
    ):
        return "image/bmp"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        kind = _ole_kind(head)
        if kind == OLE and path is not None:
            kind = _ole_kind_by_streams(path)
        named = by_extension(name)
        return named if kind == OLE and named in (DOC, XLS, PPT, MSG) else kind
    if len(head) >= 262 and head[257:262] == b"ustar":
        return TAR
    return _by_text_start(head)


# OOXML main parts, by the content type [Content_Types].xml gives them.
_OOXML_MAIN = (
    ("wordprocessingml.document.main+xml", DOCX), ("wordprocessingml.template.main+xml", DOCX),
    ("ms-word.document.macroEnabled.main+xml", DOCX),
    ("spreadsheetml.sheet.main+xml", XLSX), ("spreadsheetml.template.main+xml", XLSX),
    ("ms-excel.sheet.macroEnabled.main+xml", XLSX),
    ("presentationml.presentation.main+xml", PPTX), ("presentationml.slideshow.main+xml", PPTX),
    ("ms-powerpoint.presentation.macroEnabled.main+xml", PPTX),
)
_DECLARED = re.compile(rb"[a-z0-9.+-]+/[a-z0-9.+-]+")


def _zip_kind(head: bytes, path: Path | None) -> str:
    """Tell ODF, EPUB, DOCX, XLSX and PPTX from a plain ZIP archive."""
    # ODF and EPUB store an uncompressed ``mimetype`` member first.
    if head[30:38] == b"mimetype":
        declared = head[38:38 + 100].split(b"PK", 1)[0].strip()
        if _DECLARED.fullmatch(declared):
            return declared.decode("ascii")
    if path is None:
        return ZIP
    try:
        with zipfile.ZipFile(path) as archive:
            return _package_kind(archive)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, zlib.error,
            NotImplementedError):  # a hostile member (unknown compression, encrypted …)
        return ZIP


def _package_kind(archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist()[:10_000])
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    if "ppt/presentation.xml" in names:
        return PPTX
    if "[Content_Types].xml" in names:
        with archive.open("[Content_Types].xml") as stream:
            types = stream.read(1024 * 1024)
        for ending, mime in _OOXML_MAIN:
            if ending.encode("ascii") in types:
                return mime
    if "mimetype" in names:  # ODF or EPUB written without the member first
        with archive.open("mimetype") as stream:
            declared = stream.read(100).strip()
        if _DECLARED.fullmatch(declared) and declared != ZIP.encode("ascii"):
            return declared.decode("ascii")
    return ZIP


def _ole_kind(head: bytes) -> str:
    """OLE2 compound files: Word 97-2003 when its stream name is in the head."""
    if "WordDocument".encode("utf-16-le") in head:
        return DOC
    if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head:
        return XLS
    if "__substg1.0_".encode("utf-16-le") in head:
        return MSG
    if "PowerPoint Document".encode("utf-16-le") in head:
        return PPT
    return OLE


def _ole_kind_by_streams(path: Path) -> str:
    """OLE2 compound files whose directory lies past the head: by the streams they hold."""
    from kavosh.ingest.cfb import CompoundFile, CompoundFileError

    try:
        with CompoundFile(path) as cfb:
            names = cfb.streams()
    except (CompoundFileError, OSError, ValueError, MemoryError):
        return OLE
    top = {name.split("/", 1)[0] for name in names}
    if "WordDocument" in top:
        return DOC
    if top & {"Workbook", "Book"}:
        return XLS
    if any(name.startswith("__substg1.0_") for name in top):
        return MSG
    if "PowerPoint Document" in top:
        return PPT
    return OLE


def _text_head(head: bytes) -> bytes:
    """The head as ASCII-compatible bytes: UTF-16 reduced to its low bytes, BOM removed."""
    if head.startswith(b"\xef\xbb\xbf"):
        return head[3:]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
    else:
        codec = utf16_without_bom(head) or ""
    if codec:
        text = head[:8192].decode(codec, errors="ignore")
        return text.lstrip("\ufeff").encode("utf-8", errors="ignore")
    return head


def _by_text_start(head: bytes) -> str | None:
    """Markup and mail recognised by how the text begins."""
    text = _text_head(head)
    start = text.lstrip()[:2048]
    lower = start.lower()
    if lower.startswith(b"<?xml"):
        if b"<svg" in lower:
            return SVG
        if b"xhtml" in lower or b"<html" in lower:
            return XHTML
        return None
    if lower.startswith(b"<!doctype html") or lower.startswith(b"<html"):
        return HTML
    if lower.startswith(b"<svg") or lower.startswith(b"<!doctype svg"):
        return SVG
    if lower.startswith(b"<!--") and _HTML_START.search(start):
        return HTML
    if _MBOX_FROM.match(text) and _is_mail(text.split(b"\n", 1)[-1]):
        return MBOX
    if _is_mail(text):
        return EML
    if lower.startswith(b"<") and _HTML_START.match(start):
        return HTML
    return None


def _is_mail(text: bytes) -> bool:
    """At least two header lines at the start, one of them a header every mail tool writes."""
    lines = text[:8192].splitlines()
    known = 0
    headers = 0
    for line in lines[:40]:
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t"):
            continue  # a folded continuation
        match = _HEADER_LINE.match(line)
        if match is None:
            return False
        headers += 1
        known += match.group(1).lower() in _MAIL_HEADERS
    return headers >= 2 and known >= 2
