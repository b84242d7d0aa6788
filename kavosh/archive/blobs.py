"""A content-addressed, read-only store of original files.

Contract:
- A blob lives at ``ROOT/ab/cd/<sha256>`` where ``abcd`` are the first hex digits of its SHA-256.
- Blobs are written to ``ROOT/.incoming`` first, hashed while copied (one read of the
  source), then renamed into place, so a reader never sees a partial blob and a killed writer leaves
  only a temporary file, which the next ``put`` of anything may ignore and ``sweep`` removes.
- A stored blob is made read-only (mode 0444). Storing the same bytes twice stores them once.
- Several processes may ``put`` concurrently: rename is atomic; identical content wins anyway.
- :meth:`BlobStore.check` tells whether a stored blob is still what its name says (present,
  read-only, of its size, and, unless asked not to, hashing to its name);
  :meth:`BlobStore.stored` lists every blob, so a caller can find those it does not know.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import BinaryIO

CHUNK = 1024 * 1024


class BlobTooLarge(ValueError):
    """The stream went past the size limit given to :meth:`BlobStore.put_stream`."""


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
        fd, tmp_name = tempfile.mkstemp(dir=self.incoming)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if max_size is not None and size > max_size:
                        raise BlobTooLarge(f"larger than the limit of {max_size:,} bytes")
                    digest.update(chunk)
                    out.write(chunk)
            sha = digest.hexdigest()
            target = self.path(sha)
            if target.exists():  # already stored (and synced then): nothing to make durable
                tmp.unlink()
                return StoredBlob(sha, size, created=False)
            _sync(tmp)  # on disk before the database may record it
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp.chmod(0o444)
            os.replace(tmp, target)
            return StoredBlob(sha, size, created=True)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def sweep(self) -> int:
        """Remove temporary files left by killed writers; return how many were removed."""
        removed = 0
        for leftover in self.incoming.iterdir():
            leftover.unlink(missing_ok=True)
            removed += 1
        return removed

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


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
