"""A content-addressed, read-only store of original files.

Contract:
- A blob lives at ``ROOT/ab/cd/<sha256>`` where ``abcd`` are the first hex digits of its SHA-256.
- Blobs are written to ``ROOT/.incoming`` first, hashed while copied (one read of the
  source), then renamed into place, so a reader never sees a partial blob and a killed writer leaves
  only a temporary file, which the next ``put`` of anything may ignore and ``sweep`` removes.
- A stored blob is made read-only (mode 0444). Storing the same bytes twice stores them once.
- Several processes may ``put`` concurrently: rename is atomic; identical content wins anyway.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
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

    def copy_out(self, sha256: str, target: Path) -> None:
        shutil.copyfile(self.path(sha256), target)


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
