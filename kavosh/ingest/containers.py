"""Archives: ZIP, TAR (plain, gzip, bzip2, xz), 7z, and single gzip/bzip2/xz files.

Contract (every container ingestor):

- nothing is extracted to disk under a member's name: each member is streamed into the archive
  through ``ctx.add_child`` (7z members pass through a numbered scratch file in ``ctx.workdir``);
- a container nested ``limits.max_depth`` deep or more → ``IngestError("archive nested deeper
  than the limit of N levels; not opened")``;
- a member with an unsafe name (absolute, ``..``, a drive letter, a backslash escape) →
  ``ctx.fail_child(name, "unsafe path in archive (…): not extracted")``;
- a member whose bytes, counted while streaming, pass ``max(limits.ratio_floor, compressed ×
  limits.max_ratio)`` → ``fail_child`` with "compression ratio … looks like a zip bomb;
  extraction stopped" (for TAR, 7z and single files the whole stream is measured against the
  container's size);
- all members of one container together are bound the same way by the container's size: once
  they pass ``max(limits.ratio_floor, container size × limits.max_ratio)`` the member being
  read fails as a zip bomb and extraction stops (``metadata["stopped"]`` says why) — a bomb
  spread over many members each under the ratio is caught as a whole;
- ZIP members whose data overlap another member's (the overlapping-entries bomb: many central
  directory entries sharing one compressed kernel) → ``fail_child`` with "its data overlap …;
  not extracted", for every member of an overlap; the others are extracted;
- a NUL in a member name is shown as U+2400 (``␀``), never cut there;
- more than ``limits.max_members`` members → the ones before are kept, then ``IngestError``;
- encrypted members, links, devices → ``fail_child`` with the reason; directories are skipped;
- a damaged archive → ``IngestError("the archive is damaged: …")`` (members read until then
  are kept as children);
- the result has no pages; ``metadata["member_count"]``.
"""

from __future__ import annotations

import bz2
import contextlib
import errno
import gzip
import lzma
import re
import stat
import tarfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO, cast

from py7zr.io import Py7zIO, WriterFactory

from kavosh.archive import ArchiveWriteError
from kavosh.ingest.base import IngestContext, IngestError, IngestResult, Limits, Probe
from kavosh.ingest.sniff import BZIP2, GZIP, SEVEN_Z, TAR, XZ, ZIP

VERSION = "1"

_DRIVE = re.compile(r"^[A-Za-z]:")
_OPENERS: dict[str, Any] = {GZIP: gzip.open, BZIP2: bz2.open, XZ: lzma.open}
_SUFFIXES = {GZIP: (".gz", ".gzip"), BZIP2: (".bz2", ".bzip2"), XZ: (".xz",)}


NUL_SHOWN = "\u2400"  # SYMBOL FOR NULL: how a NUL inside a member name is stored


class BombError(Exception):
    """A member produced more bytes than its compressed size allows."""


class WholeBombError(Exception):
    """All members of a container together produced more bytes than its size allows (not a
    :class:`BombError`: the member being read is not the culprit alone, and extraction stops)."""


def member_name(name: str) -> str:
    """A member's name as stored: whole, with any NUL shown as ``␀`` (a NUL cuts a name short
    in C-string code, hiding what follows it: ``nul\\0hidden.pdf``)."""
    return name.replace("\x00", NUL_SHOWN)


class CountingReader:
    """A read-only stream raising :class:`BombError` once more than ``limit`` bytes were read."""

    def __init__(self, raw: IO[bytes], limit: int, counter: list[int] | None = None) -> None:
        self.raw = raw
        self.limit = limit
        self.counter = counter if counter is not None else [0]

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        self.counter[0] += len(chunk)
        if self.counter[0] > self.limit:
            raise BombError(self.counter[0])
        return chunk


def container_limit(size: int, limits: Limits) -> int:
    """How many bytes a container of ``size`` bytes may expand to, all members together (and
    one member of that compressed size alone)."""
    return int(max(limits.ratio_floor, size * limits.max_ratio))


def bomb_reason(limit: int, compressed: int, limits: Limits) -> str:
    return (
        f"compression ratio over {limits.max_ratio:g}:1 (more than {limit:,} bytes from "
        f"{compressed:,} compressed) looks like a zip bomb; extraction stopped"
    )


def unsafe_reason(name: str) -> str | None:
    """Why a member name is unsafe to use as a path, or None when it is safe."""
    if not name or "\x00" in name:
        return "unsafe path in archive (empty or NUL in name): not extracted"
    forward = name.replace("\\", "/")
    if forward.startswith("/"):
        return f"unsafe path in archive (absolute path {name!r}): not extracted"
    if _DRIVE.match(forward):
        return f"unsafe path in archive (drive letter in {name!r}): not extracted"
    if ".." in forward.split("/"):
        return f"unsafe path in archive ('..' in {name!r}): not extracted"
    return None


def check_depth(ctx: IngestContext) -> None:
    if ctx.depth >= ctx.limits.max_depth:
        raise IngestError(
            f"archive nested deeper than the limit of {ctx.limits.max_depth} levels; not opened"
        )


def _too_many(limits: Limits) -> IngestError:
    return IngestError(
        f"the archive has more than {limits.max_members:,} members; only the first "
        f"{limits.max_members:,} were extracted"
    )


def _add(ctx: IngestContext, name: str, stream: CountingReader | _WholeReader, limit: int,
         compressed: int) -> None:
    """Stream one member into the archive; record a bomb or a read failure against it."""
    try:
        ctx.add_child(name, cast(BinaryIO, stream))
    except BombError:
        ctx.fail_child(name, bomb_reason(limit, compressed, ctx.limits))
    except ArchiveWriteError:
        raise  # the case's archive, not the member: the run stops, the next re-reads
    except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, NotImplementedError,
            tarfile.TarError, OSError, ValueError) as error:
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise  # the disk is full: the run must stop, not this member
        ctx.fail_child(name, f"the member is damaged: {error or type(error).__name__}")


# --- ZIP ----------------------------------------------------------------------------------


def _zip_name(info: zipfile.ZipInfo) -> str:
    """The member's whole name (Python's ``filename`` stops at a NUL; ``orig_filename`` does
    not); names without the UTF-8 flag are often UTF-8 anyway."""
    name = info.orig_filename
    if not info.flag_bits & 0x800 and not name.isascii():
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("utf-8")
    return member_name(name)


OVERLAP_REASON = ("its data overlap another member's (a zip bomb built from overlapping "
                  "entries); not extracted")
_LOCAL_HEADER = 30  # size of a ZIP local file header before its name and extra field


def overlapping(source: Path, infos: list[zipfile.ZipInfo]) -> set[int]:
    """Indexes into ``infos`` of the members whose bytes (local header and compressed data)
    overlap another member's. Python's zipfile reads such entries without complaint."""
    spans: list[tuple[int, int, int]] = []
    with open(source, "rb") as raw:
        for index, info in enumerate(infos):
            raw.seek(info.header_offset)
            header = raw.read(_LOCAL_HEADER)
            if len(header) < _LOCAL_HEADER:
                continue  # reading the member will say it is damaged
            names, extra = int.from_bytes(header[26:28], "little"), \
                int.from_bytes(header[28:30], "little")
            end = info.header_offset + _LOCAL_HEADER + names + extra + info.compress_size
            spans.append((info.header_offset, end, index))
    spans.sort()
    found: set[int] = set()
    reach, owner = -1, -1  # the furthest end so far and whose it is
    for start, end, index in spans:
        if start < reach:
            found.update((index, owner))
        if end > reach:
            reach, owner = end, index
    return found


class ZipIngestor:
    """ZIP archives; a ZIP-based format nobody reads better (a JAR, an unknown package) falls
    back here. Office files and EPUB never do: :mod:`kavosh.ingest.sniff` tells them from a ZIP
    and their own readers (docx, odt, sheets, slides, epub) score higher."""

    name = "zip"
    version = VERSION

    def match(self, probe: Probe) -> float:
        if probe.mime == ZIP:
            return 1.0
        return 0.2 if probe.head.startswith(b"PK\x03\x04") else 0.0

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult:
        check_depth(ctx)
        limits = ctx.limits
        try:
            archive = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as error:
            raise IngestError(f"the archive is damaged: {error}") from None
        compressed = source.stat().st_size
        whole = _Budget(container_limit(compressed, limits), compressed)
        metadata: dict[str, Any] = {}
        count = 0
        with archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            overlaps = overlapping(source, infos[: limits.max_members])
            for index, info in enumerate(infos):
                count += 1
                if count > limits.max_members:
                    raise _too_many(limits)
                if index in overlaps:
                    ctx.fail_child(_zip_name(info), OVERLAP_REASON)
                    continue
                stopped = self._member(archive, info, ctx, whole)
                if stopped is not None:
                    metadata["stopped"] = stopped
                    break
        metadata["member_count"] = count
        return IngestResult(mime=ZIP, metadata=metadata)

    def _member(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo,
                ctx: IngestContext, whole: _Budget) -> str | None:
        """Store one member; return the reason when extraction must stop (the whole
        container expands past its bound)."""
        name = _zip_name(info)
        reason = unsafe_reason(name)
        if reason is not None:
            ctx.fail_child(name, reason)
            return None
        if info.flag_bits & 0x1:
            ctx.fail_child(name, "encrypted member; password unknown")
            return None
        kind = stat.S_IFMT(info.external_attr >> 16) if info.create_system == 3 else 0
        if kind and kind != stat.S_IFREG:
            ctx.fail_child(name, "not a regular file (a link or device); not extracted")
            return None
        limit = container_limit(info.compress_size, ctx.limits)
        if info.file_size > limit:  # the declared size already says so
            ctx.fail_child(name, bomb_reason(limit, info.compress_size, ctx.limits))
            return None
        try:
            stream = archive.open(info)
        except (zipfile.BadZipFile, RuntimeError, ValueError, zlib.error, EOFError,
                OSError) as error:
            ctx.fail_child(name, f"the member could not be opened: {error}")
            return None
        with stream:
            counted = CountingReader(stream, limit)
            try:
                _add(ctx, name, whole.reader(counted), limit, info.compress_size)
            except WholeBombError:  # the whole container, not this member, passed its bound
                reason = whole.reason(ctx.limits)
                ctx.fail_child(name, reason)
                return reason
        return None


class _Budget:
    """The bytes all members of one container may expand to together, counted as read."""

    def __init__(self, limit: int, compressed: int) -> None:
        self.limit = limit
        self.compressed = compressed
        self.counter = [0]

    def reader(self, stream: CountingReader) -> _WholeReader:
        return _WholeReader(stream, self)

    def reason(self, limits: Limits) -> str:
        return "the archive's members together: " + bomb_reason(self.limit, self.compressed,
                                                                 limits)


class _WholeReader:
    """A member's stream also counted against its container's :class:`_Budget`; raises
    :class:`WholeBombError` once the budget is passed."""

    def __init__(self, raw: CountingReader, budget: _Budget) -> None:
        self.raw = raw
        self.budget = budget

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        self.budget.counter[0] += len(chunk)
        if self.budget.counter[0] > self.budget.limit:
            raise WholeBombError(self.budget.counter[0])
        return chunk


# --- TAR ----------------------------------------------------------------------------------


def _tar_inside(probe: Probe) -> bool:
    """True when ``probe`` is a TAR, or a compressed stream whose first block is a TAR header."""
    if probe.mime == TAR:
        return True
    try:
        if probe.mime == GZIP:
            inner = zlib.decompressobj(47).decompress(probe.head, 1024)
        elif probe.mime == BZIP2:
            inner = bz2.BZ2Decompressor().decompress(probe.head, 1024)
        elif probe.mime == XZ:
            inner = lzma.LZMADecompressor().decompress(probe.head, 1024)
        else:
            return False
    except (zlib.error, OSError, lzma.LZMAError, EOFError, ValueError):
        return False
    return inner[257:262] == b"ustar"


class TarIngestor:
    """TAR archives, plain or compressed with gzip, bzip2 or xz, read as one stream."""

    name = "tar"
    version = VERSION

    def match(self, probe: Probe) -> float:
        return 0.9 if _tar_inside(probe) else 0.0

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult:
        check_depth(ctx)
        limits = ctx.limits
        compressed = source.stat().st_size
        limit = container_limit(compressed, limits)
        counter = [0]
        count = 0
        with open(source, "rb") as raw:
            try:
                archive = tarfile.open(fileobj=raw, mode="r|*")  # noqa: SIM115 - closed below
            except (tarfile.TarError, OSError, EOFError, zlib.error, lzma.LZMAError) as error:
                raise IngestError(f"the archive is damaged: {error}") from None
            mime = _tar_mime(archive)
            metadata: dict[str, Any] = {}
            with archive:
                try:
                    for member in archive:
                        if member.isdir():
                            continue
                        count += 1
                        if count > limits.max_members:
                            raise _too_many(limits)
                        stopped = self._member(archive, member, ctx, limit, counter, compressed)
                        if stopped is not None:
                            metadata["stopped"] = stopped
                            break
                except (tarfile.TarError, OSError, EOFError, zlib.error,
                        lzma.LZMAError) as error:
                    raise IngestError(f"the archive is damaged: {error}") from None
        metadata["member_count"] = count
        return IngestResult(mime=mime, metadata=metadata)

    def _member(self, archive: tarfile.TarFile, member: tarfile.TarInfo, ctx: IngestContext,
                limit: int, counter: list[int], compressed: int) -> str | None:
        """Store one member; return the reason when extraction must stop (a bomb)."""
        name = member_name(member.name)
        reason = unsafe_reason(name)
        if reason is not None:
            ctx.fail_child(name, reason)
            return None
        if not member.isreg():
            what = "a link" if member.issym() or member.islnk() else "a device or special file"
            ctx.fail_child(name, f"not a regular file ({what}); not extracted")
            return None
        stream = archive.extractfile(member)
        if stream is None:
            ctx.fail_child(name, "not a regular file; not extracted")
            return None
        before = len(ctx.children)
        with stream:
            _add(ctx, name, CountingReader(stream, limit, counter), limit, compressed)
        added = ctx.children[before:]
        if added and "zip bomb" in (added[-1].reason or ""):
            return added[-1].reason
        return None


def _tar_mime(archive: tarfile.TarFile) -> str:
    comptype = getattr(archive.fileobj, "comptype", "tar")
    return {"gz": GZIP, "bz2": BZIP2, "xz": XZ}.get(comptype, TAR)


# --- 7z -----------------------------------------------------------------------------------


class SevenZipIngestor:
    """7z archives (py7zr). Members are decompressed one after another, never in parallel."""

    name = "7z"
    version = VERSION

    def match(self, probe: Probe) -> float:
        return 1.0 if probe.mime == SEVEN_Z else 0.0

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult:
        import py7zr
        from py7zr.exceptions import ArchiveError, PasswordRequired

        check_depth(ctx)
        limits = ctx.limits
        limit = container_limit(source.stat().st_size, limits)
        with open(source, "rb") as raw:
            try:
                archive = py7zr.SevenZipFile(raw, mode="r")
            except PasswordRequired:
                raise IngestError("the archive is encrypted; password unknown") from None
            except (ArchiveError, OSError, EOFError, ValueError, KeyError, IndexError,
                    lzma.LZMAError, TypeError) as error:
                raise IngestError(f"the archive is damaged: {error}") from None
            with archive:
                return self._extract(archive, ctx, limit)

    def _extract(self, archive: Any, ctx: IngestContext, limit: int) -> IngestResult:
        from py7zr.exceptions import ArchiveError, PasswordRequired
        from py7zr.helpers import get_sanitized_output_path

        limits = ctx.limits
        encrypted = archive.needs_password()
        targets: dict[str, str] = {}  # py7zr's writer key → member name
        count = 0
        for info in archive.list():
            if info.is_directory:
                continue
            count += 1
            if count > limits.max_members:
                break
            name = info.filename
            reason = unsafe_reason(name)
            if reason is not None:
                ctx.fail_child(name, reason)
            elif encrypted:
                ctx.fail_child(name, "encrypted member; password unknown")
            elif info.is_symlink or not info.is_file:
                ctx.fail_child(name, "not a regular file (a link or device); not extracted")
            else:
                try:
                    targets[get_sanitized_output_path(name, None).as_posix()] = name
                except (ArchiveError, ValueError) as error:
                    ctx.fail_child(name, f"unsafe path in archive ({error}): not extracted")
        if targets:
            factory = _ChildFactory(ctx, targets, limit)
            try:
                archive.extract(targets=list(targets.values()), factory=factory)
            except BombError:
                factory.fail_current(bomb_reason(limit, _size_of(archive), limits))
            except PasswordRequired:
                factory.fail_current("encrypted member; password unknown")
            except ArchiveWriteError:
                raise  # the case's archive, not the member: the run stops, the next re-reads
            except (ArchiveError, OSError, EOFError, ValueError, KeyError, IndexError,
                    lzma.LZMAError, zlib.error) as error:
                factory.fail_current(f"the member is damaged: {error}")
                factory.fail_rest(f"not extracted: the archive is damaged ({error})")
                raise IngestError(f"the archive is damaged: {error}") from None
            factory.fail_rest("not extracted: extraction stopped at an earlier member")
        if count > limits.max_members:
            raise _too_many(limits)
        return IngestResult(mime=SEVEN_Z, metadata={"member_count": count})


def _size_of(archive: Any) -> int:
    try:
        return int(Path(archive.fp.name).stat().st_size)
    except (AttributeError, OSError, TypeError, ValueError):
        return 0


class _ScratchWriter(Py7zIO):
    """A py7zr writer that spools one member to a numbered scratch file, then stores it."""

    def __init__(self, factory: _ChildFactory, name: str, path: Path) -> None:
        self.factory = factory
        self.name = name
        self.path = path
        self.file: BinaryIO = open(path, "wb")  # noqa: SIM115 - closed in close()
        self.written = 0

    def write(self, data: bytes | bytearray) -> int:
        self.factory.total += len(data)
        if self.factory.total > self.factory.limit:
            raise BombError(self.factory.total)
        self.written += len(data)
        if self.written > self.factory.ctx.limits.max_file_size:
            raise BombError(self.written)
        return self.file.write(data)

    def read(self, size: int | None = None) -> bytes:
        return b""

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.file.seek(offset, whence)

    def flush(self) -> None:
        self.file.flush()

    def size(self) -> int:
        return self.written

    def close(self) -> None:
        if self.file.closed:
            return
        self.file.close()
        try:
            with open(self.path, "rb") as stream:
                self.factory.ctx.add_child(self.name, stream)
        finally:
            self.path.unlink(missing_ok=True)
        self.factory.done.add(self.name)


class _ChildFactory(WriterFactory):
    """Hands py7zr a :class:`_ScratchWriter` per member and remembers which one is current."""

    def __init__(self, ctx: IngestContext, targets: dict[str, str], limit: int) -> None:
        self.ctx = ctx
        self.targets = targets
        self.limit = limit
        self.total = 0
        self.current: _ScratchWriter | None = None
        self.done: set[str] = set()
        self.scratch = ctx.workdir / "7z"
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.serial = 0

    def create(self, filename: str) -> Py7zIO:
        self.serial += 1
        name = self.targets.get(filename, filename)
        self.current = _ScratchWriter(self, name, self.scratch / f"member-{self.serial}")
        return self.current

    def fail_current(self, reason: str) -> None:
        writer = self.current
        if writer is not None and writer.name not in self.done:
            if not writer.file.closed:
                writer.file.close()
            writer.path.unlink(missing_ok=True)
            self.done.add(writer.name)
            self.ctx.fail_child(writer.name, reason)

    def fail_rest(self, reason: str) -> None:
        for name in self.targets.values():
            if name not in self.done:
                self.done.add(name)
                self.ctx.fail_child(name, reason)


# --- single compressed files ----------------------------------------------------------------


def inner_name(name: str, mime: str) -> str:
    """The name of what a compressed file holds: ``x.txt.gz`` → ``x.txt``, ``x.tgz`` → ``x.tar``."""
    base = PurePosixPath(name.replace("\\", "/")).name or "file"
    lower = base.lower()
    if lower.endswith(".tgz"):
        return base[:-4] + ".tar"
    for suffix in _SUFFIXES.get(mime, ()):
        if lower.endswith(suffix) and len(base) > len(suffix):
            return base[: -len(suffix)]
    return base + ".out"


class CompressedIngestor:
    """One file compressed with gzip, bzip2 or xz: its content becomes the only child."""

    name = "compressed"
    version = VERSION

    def match(self, probe: Probe) -> float:
        return 0.5 if probe.mime in _OPENERS else 0.0

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult:
        return self.ingest_named(source, "", ctx)

    def ingest_named(self, source: Path, name: str, ctx: IngestContext) -> IngestResult:
        """As ``ingest``, naming the child after ``name`` (the compressed file's own name)."""
        check_depth(ctx)
        with open(source, "rb") as raw:
            head = raw.read(8)
        mime = GZIP if head.startswith(b"\x1f\x8b") else BZIP2 if head.startswith(b"BZh") else XZ
        child = inner_name(name or "file", mime)
        compressed = source.stat().st_size
        limit = container_limit(compressed, ctx.limits)
        try:
            with _OPENERS[mime](source, "rb") as stream:
                ctx.add_child(child, cast(BinaryIO, CountingReader(stream, limit)))
        except BombError:
            ctx.fail_child(child, bomb_reason(limit, compressed, ctx.limits))
        except (OSError, EOFError, lzma.LZMAError, zlib.error) as error:
            if isinstance(error, OSError) and error.errno is not None:
                raise  # a disk error, not a damaged file
            raise IngestError(f"the archive is damaged: {error}") from None
        return IngestResult(mime=mime, metadata={"member_count": 1})
