"""A content-addressed, read-only store of original files.

Contract:
- A blob lives at ``ROOT/ab/cd/<sha256>`` where ``abcd`` are the first hex digits of its SHA-256.
- Blobs are written to a folder of ``ROOT/.incoming`` owned by the writing process first,
  hashed while copied (one read of the source), then renamed into place, so a reader never
  sees a partial blob and a killed writer leaves only a temporary file.
- Each process writes in its own folder ``.incoming/<pid>-<random>/``, made on its first
  ``put`` and owned through the lock on ``.incoming/<pid>-<random>.lock`` (see
  :mod:`kavosh.archive.locks`), held as long as the process lives. :meth:`BlobStore.sweep`
  removes only what no live process owns, so a second process never takes the files from
  under one still copying.
- A failure to write into the archive (rather than to read the source) raises
  :class:`ArchiveWriteError`: the case is at fault, not the file, and the run must stop.
- A stored blob is made read-only (mode 0444). Storing the same bytes twice stores them once.
- Several processes may ``put`` concurrently: rename is atomic; identical content wins anyway.
- :meth:`BlobStore.check` tells whether a stored blob is still what its name says (present,
  read-only, of its size, and, unless asked not to, hashing to its name);
  :meth:`BlobStore.stored` lists every blob, so a caller can find those it does not know.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import stat
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import BinaryIO

from kavosh.archive.locks import try_lock
from kavosh.model.errors import RunError

CHUNK = 1024 * 1024
LOCK_SUFFIX = ".lock"


class BlobTooLarge(ValueError):
    """The stream went past the size limit given to :meth:`BlobStore.put_stream`."""


class ArchiveWriteError(RunError, OSError):
    """Writing into the case's archive failed (full disk, a folder removed under the writer):
    the run must stop; the file being stored is not at fault and is stored by the next run."""


_owned: dict[Path, tuple[int, Path, int]] = {}  # .incoming → (pid, own folder, lock fd)
_owned_lock = threading.Lock()


def _own_folder(incoming: Path) -> Path:
    """This process's folder in ``incoming``, made (with its lock held) on first use."""
    with _owned_lock:
        held = _owned.get(incoming)
        if held is not None and held[0] == os.getpid():
            return held[1]
        name = f"{os.getpid()}-{secrets.token_hex(4)}"
        fd = try_lock(incoming / (name + LOCK_SUFFIX))  # before the folder: see sweep()
        if fd is None:  # pragma: no cover - a fresh random name nobody else holds
            raise ArchiveWriteError(f"could not lock a new folder in {incoming}")
        folder = incoming / name
        folder.mkdir()
        _owned[incoming] = (os.getpid(), folder, fd)
        return folder


@dataclass(frozen=True, slots=True)
class StoredBlob:
    sha256: str
    size: int
    created: bool  # False when identical bytes were already stored


class BlobState(Enum):
    """What :meth:`BlobStore.check` found; the first that applies, in this order."""

    MISSING = "missing"
    CHANGED = "changed"  # its size or bytes no longer match what was stored
    WRITABLE = "writable"  # bytes match (or were not re-hashed), but it is no longer read-only
    INTACT = "intact"


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.incoming = self.root / ".incoming"
        self.incoming.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        """Where the blob with this hash lives (whether or not it exists)."""
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put_file(self, source: Path, max_size: int | None = None) -> StoredBlob:
        with open(source, "rb") as stream:
            return self.put_stream(stream, max_size=max_size)

    def put_stream(self, stream: BinaryIO, max_size: int | None = None) -> StoredBlob:
        """Copy ``stream`` into the store; raise :class:`BlobTooLarge` past ``max_size`` bytes."""
        digest = hashlib.sha256()
        size = 0
        with _writing(self.incoming):
            fd, tmp_name = tempfile.mkstemp(dir=_own_folder(self.incoming))
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if max_size is not None and size > max_size:
                        raise BlobTooLarge(f"larger than the limit of {max_size:,} bytes")
                    digest.update(chunk)
                    with _writing(self.incoming):
                        out.write(chunk)
            with _writing(self.incoming):
                return self._place(tmp, digest.hexdigest(), size)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def _place(self, tmp: Path, sha: str, size: int) -> StoredBlob:
        """Move a fully written temporary file to its blob's place (or drop it if stored)."""
        target = self.path(sha)
        if target.exists():  # already stored (and synced then): nothing to make durable
            tmp.unlink()
            return StoredBlob(sha, size, created=False)
        _sync(tmp)  # on disk before the database may record it
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.chmod(0o444)
        os.replace(tmp, target)
        return StoredBlob(sha, size, created=True)

    def sweep(self) -> int:
        """Remove the temporary files of writers that are no longer alive (a process killed
        while copying), and their folders; return how many files were removed. Folders whose
        owner lives are left alone, whoever calls this and whenever."""
        removed = 0
        for entry in sorted(self.incoming.iterdir()):
            if entry.name.endswith(LOCK_SUFFIX):
                removed += _sweep_folder(entry)
            elif entry.is_dir():
                if not entry.with_name(entry.name + LOCK_SUFFIX).exists():
                    removed += _remove_tree(entry)  # its lock was removed: nobody owns it
            else:  # a temporary file of a version that wrote into .incoming itself
                entry.unlink(missing_ok=True)
                removed += 1
        return removed

    def close(self) -> None:
        """Give up this process's folder in ``.incoming`` (and its lock), which a later
        ``put`` makes again; call when no ``put`` of this process is under way."""
        with _owned_lock:
            held = _owned.pop(self.incoming, None)
        if held is None or held[0] != os.getpid():
            return
        _, folder, fd = held
        try:
            shutil.rmtree(folder, ignore_errors=True)
            folder.with_name(folder.name + LOCK_SUFFIX).unlink(missing_ok=True)
        finally:
            os.close(fd)

    def temporary(self) -> list[Path]:
        """The temporary files in ``.incoming``: being written now, or left by a killed
        writer until the next :meth:`sweep` (the folders and locks that own them are not
        listed)."""
        return sorted(p for p in self.incoming.rglob("*")
                      if p.is_file() and not p.name.endswith(LOCK_SUFFIX))

    def check(self, sha256: str, size: int | None, rehash: bool = True) -> BlobState:
        """Whether the blob named ``sha256`` (stored with ``size`` bytes) is still intact.

        Without ``rehash`` only its presence, size and mode are checked (one ``stat``)."""
        path = self.path(sha256)
        try:
            info = path.stat()
        except FileNotFoundError:
            return BlobState.MISSING
        if not stat.S_ISREG(info.st_mode):
            return BlobState.MISSING
        if size is not None and info.st_size != size:
            return BlobState.CHANGED
        if rehash and file_sha256(path) != sha256:
            return BlobState.CHANGED
        if info.st_mode & 0o222:
            return BlobState.WRITABLE
        return BlobState.INTACT

    def stored(self) -> Iterator[Path]:
        """Every file in the store (blobs, and anything put there by other hands), in path
        order; files being written (``.incoming``) are left out."""
        for root, dirs, files in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if Path(root, d) != self.incoming)
            yield from (Path(root, f) for f in sorted(files))

    def copy_out(self, sha256: str, target: Path) -> None:
        shutil.copyfile(self.path(sha256), target)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks (bounded memory)."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _sweep_folder(lock: Path) -> int:
    """Remove the folder owned through ``lock`` (and the lock) if its owner is gone."""
    fd = try_lock(lock)
    if fd is None:
        return 0  # its owner is alive
    try:
        removed = _remove_tree(lock.with_name(lock.name.removesuffix(LOCK_SUFFIX)))
        lock.unlink(missing_ok=True)
    finally:
        os.close(fd)
    return removed


def _remove_tree(folder: Path) -> int:
    removed = sum(1 for _ in folder.iterdir()) if folder.is_dir() else 0
    shutil.rmtree(folder, ignore_errors=True)
    return removed


@contextmanager
def _writing(incoming: Path) -> Iterator[None]:
    """Turn an ``OSError`` of writing into the archive into :class:`ArchiveWriteError`."""
    try:
        yield
    except ArchiveWriteError:
        raise
    except OSError as error:
        raise ArchiveWriteError(error.errno, f"could not write into the case's archive "
                                f"({incoming.parent}): {error.strerror or error}") from error


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
